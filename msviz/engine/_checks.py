"""Input checks shared by the engine layer: clear errors that say what and where."""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray


def check_X(X: ArrayLike, name: str = "X") -> NDArray[np.float64]:
    """Validate a data matrix and return it as a C-contiguous float64 array.

    Raises ``ValueError`` naming the problem and the first row where it occurs.
    """
    try:
        arr = np.asarray(X)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(
            f"{name} must be a 2-D array of numbers of shape (n_samples, n_features); "
            f"its rows have different lengths ({exc})"
        ) from None
    if arr.dtype.kind in "OSUV":
        _raise_non_numeric(arr, name)
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} must be real numbers, got complex values")
    if arr.ndim == 1:
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features), got 1-D shape {arr.shape}; "
            f"use {name}.reshape(-1, 1) for one feature or {name}.reshape(1, -1) for one sample"
        )
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features), got {arr.ndim}-D "
            f"shape {arr.shape}"
        )
    if arr.shape[0] < 1:
        raise ValueError(f"{name} has no samples (shape {arr.shape}); mean shift needs at least 1")
    if arr.shape[1] < 1:
        raise ValueError(f"{name} has no features (shape {arr.shape}); it needs at least 1 column")
    out = np.ascontiguousarray(arr, dtype=np.float64)
    finite = np.isfinite(out)
    if not finite.all():
        row, col = np.argwhere(~finite)[0]
        what = "NaN" if np.isnan(out[row, col]) else "inf"
        count = int((~finite).any(axis=1).sum())
        more = f" ({count} rows in all)" if count > 1 else ""
        raise ValueError(
            f"{name} has {what} in row {row}, column {col}{more}; drop or fill those rows first"
        )
    return out


def _raise_non_numeric(arr: NDArray[np.generic], name: str) -> None:
    import numbers

    flat = arr.reshape(-1)
    first_text = None
    for idx, value in enumerate(flat):
        if isinstance(value, numbers.Real) and not isinstance(value, (str, bytes)):
            continue
        row = int(np.unravel_index(idx, arr.shape)[0]) if arr.ndim else 0
        text = value.decode() if isinstance(value, bytes) else value
        if isinstance(text, str):
            try:
                float(text)
            except ValueError:
                pass
            else:  # a number written as text: keep looking for the real culprit
                first_text = first_text or (str(text), row)
                continue
        raise ValueError(
            f"{name} must hold numbers, found {str(text)!r} in row {row}; convert text "
            "columns to numbers first"
        )
    if first_text is not None:
        raise ValueError(
            f"{name} must hold numbers, found the text {first_text[0]!r} in row {first_text[1]}; "
            f"convert it with np.asarray({name}, dtype=float)"
        )


def check_positive_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def check_labels(labels: str) -> str:
    if not isinstance(labels, str) or labels not in ("basin", "nearest"):
        raise ValueError(f"labels must be 'basin' or 'nearest', got {labels!r}")
    return labels


def check_index(value: object, n: int, what: str, hint: str) -> int:
    """``value`` as an index in ``0 .. n - 1`` (negative counts from the end), or a clear error.

    ``hint`` says what there is, e.g. "this run has 5 steps".
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be an integer, got {type(value).__name__}")
    k = int(value) + n if value < 0 else int(value)
    if not 0 <= k < n:
        raise IndexError(f"{what} {value} is out of range: {hint} (0 to {n - 1})")
    return k


def check_step(step: object, n_steps: int) -> int:
    """A step of a run of ``n_steps`` steps as an index (negative counts from the end).

    Examples
    --------
    >>> check_step(-1, 5)
    4
    """
    return check_index(step, n_steps, "step", f"this run has {n_steps} steps")
