"""Input checks shared by the engine layer: clear errors that say what and where."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray


def check_X(X: ArrayLike, name: str = "X") -> NDArray[np.float64]:
    """Validate a data matrix and return it as a C-contiguous float64 array.

    Raises ``ValueError`` naming the problem and the first row where it occurs.
    """
    _check_container(X, name)
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
        raise ValueError(
            f"{name} must be real numbers, got complex values (Complex data not supported); "
            f"use {name}.real or abs({name})"
        )
    if arr.ndim == 1:
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features), got 1-D shape {arr.shape}. "
            f"Reshape your data: {name}.reshape(-1, 1) for one feature or "
            f"{name}.reshape(1, -1) for one sample"
        )
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features), got {arr.ndim}-D "
            f"shape {arr.shape}"
        )
    if arr.shape[0] < 1:
        raise ValueError(f"{name} has no samples (shape {arr.shape}); mean shift needs at least 1")
    if arr.shape[1] < 1:
        raise ValueError(
            f"{name} has 0 feature(s) (shape={arr.shape}) while a minimum of 1 is required; "
            "it needs at least one numeric column"
        )
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


def _check_container(X: object, name: str) -> None:
    """Refuse containers numpy would misread: sparse matrices, generators, dicts."""
    if hasattr(X, "toarray") and hasattr(X, "nnz"):
        raise TypeError(
            f"{name} is a scipy sparse matrix; mean shift averages dense coordinates, so "
            f"pass a dense array: {name}.toarray()"
        )
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{name} must be a 2-D array of numbers of shape (n_samples, n_features), got "
            f"the text {X!r}"
        )
    if isinstance(X, (dict, set, frozenset)) or (
        hasattr(X, "__next__") and not hasattr(X, "__len__")
    ):
        kind = type(X).__name__
        raise TypeError(
            f"{name} must be a 2-D array of numbers of shape (n_samples, n_features), got a "
            f"{kind}; pass a list of rows or an array, e.g. np.array(list({name}))"
        )


def _raise_non_numeric(arr: NDArray[np.generic], name: str) -> None:
    flat = arr.reshape(-1)
    first_text = None
    for idx, value in enumerate(flat):
        if isinstance(value, numbers.Real) and not isinstance(value, (str, bytes)):
            continue
        row = int(np.unravel_index(idx, arr.shape)[0]) if arr.ndim else 0
        if not isinstance(value, (str, bytes)):
            kind = type(value).__name__
            raise TypeError(
                f"{name} must hold numbers, found a {kind} in row {row} (float() argument "
                f"must be a string or a real number, not {kind!r}); keep only numeric columns"
            )
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


def feature_names_of(X: object) -> tuple[str, ...] | None:
    """The column names of a DataFrame (pandas, polars, ...) if all are strings, else None.

    Examples
    --------
    >>> import pandas as pd
    >>> feature_names_of(pd.DataFrame({"length": [1.0], "width": [2.0]}))
    ('length', 'width')
    >>> feature_names_of([[1.0, 2.0]]) is None
    True
    """
    if isinstance(X, np.ndarray) or not hasattr(X, "columns") or not hasattr(X, "shape"):
        return None
    try:
        names = list(X.columns)
    except TypeError:
        return None
    if names and all(isinstance(c, str) for c in names):
        return tuple(names)
    return None


def check_feature_names(names: object, n_features: int) -> tuple[str, ...] | None:
    """``feature_names=`` as a tuple of ``n_features`` strings (None stays None)."""
    if names is None:
        return None
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise TypeError(
            f"feature_names must be a list of {n_features} strings, got {names!r}"
        )
    out = tuple(str(c) for c in names)  # type: ignore[attr-defined]
    if len(out) != n_features:
        raise ValueError(
            f"feature_names has {len(out)} names but the data has {n_features} features; "
            f"give one name per column"
        )
    return out


def check_scale(X: NDArray[np.float64], name: str = "X") -> None:
    """Refuse data whose squared distances overflow or underflow float64.

    Mean shift compares squared distances with the squared bandwidth: values near
    1e300 make them infinite, a spread near 1e-300 makes them 0.
    """
    span = float(np.max(np.ptp(X, axis=0))) if X.shape[0] > 1 else 0.0
    top = float(np.max(np.abs(X)))
    big = top if math.isfinite(top) else math.inf
    if not math.isfinite(span) or not math.isfinite(big * big * X.shape[1]):
        raise ValueError(
            f"{name} has values up to {top:.3g}, too large for squared distances in float64 "
            f"(they overflow to infinity); rescale {name}, e.g. divide it by its standard "
            "deviation (sklearn's StandardScaler), and the bandwidth with it"
        )
    if span > 0 and span * span < 1e-280:
        raise ValueError(
            f"{name} spreads over only {span:.3g}, too small for squared distances in "
            f"float64 (they underflow to 0); rescale {name}, e.g. divide it by its "
            "standard deviation (sklearn's StandardScaler), and the bandwidth with it"
        )


def check_bool(value: object, name: str) -> bool:
    """``value`` as a bool; refuses strings such as "False" and numbers.

    Examples
    --------
    >>> check_bool(np.True_, "cluster_all")
    True
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")


def check_real(
    value: object, name: str, *, low: float | None = None, high: float | None = None,
    low_open: bool = True, usual: str = "",
) -> float:
    """``value`` as a finite float in the given range, or a clear error naming ``name``.

    Examples
    --------
    >>> check_real(0.3, "quantile", low=0.0, high=1.0)
    0.3
    """
    hint = f"; {usual}" if usual else ""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__}){hint}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}{hint}")
    too_low = low is not None and (v <= low if low_open else v < low)
    if too_low or (high is not None and v > high):
        lo = "" if low is None else (f"> {low:g}" if low_open else f">= {low:g}")
        hi = "" if high is None else f"<= {high:g}"
        rng = " and ".join(t for t in (lo, hi) if t)
        raise ValueError(f"{name} must be {rng}, got {value!r}{hint}")
    return v


def check_int(value: object, name: str, low: int, high: int | None = None) -> int:
    """``value`` as an int from ``low`` to ``high``, or a clear error naming ``name``.

    Examples
    --------
    >>> check_int(3, "n_windows", 0)
    3
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r} ({type(value).__name__})")
    v = int(value)
    if v < low or (high is not None and v > high):
        span = f"from {low} to {high}" if high is not None else f">= {low}"
        raise ValueError(f"{name} must be a whole number {span}, got {v}")
    return v


def check_names(value: object, name: str, known: Sequence[str]) -> list[str]:
    """A list of names from ``known`` (a str may hold them comma-separated)."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (bool, np.bool_, numbers.Number, dict)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a list of names from {', '.join(known)}; got {value!r}")
    out = []
    for item in value:  # type: ignore[attr-defined]
        if not isinstance(item, str) or item.strip().lower() not in known:
            raise ValueError(f"unknown {name[:-1] if name.endswith('s') else name} {item!r} in "
                             f"{name}; the {name} are {', '.join(known)}")
        out.append(item.strip().lower())
    return out


def check_variant(variant: object) -> str:
    """``variant=`` as "standard" or "blurring", or a clear error."""
    if not isinstance(variant, str) or variant.strip().lower() not in ("standard", "blurring"):
        raise ValueError(f"variant must be 'standard' or 'blurring', got {variant!r}")
    return variant.strip().lower()


def check_tol(tol: object) -> float:
    """``tol=`` as a finite float >= 0, or a clear error."""
    return check_real(tol, "tol", low=0.0, low_open=False, usual="the usual value is 1e-3")


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
