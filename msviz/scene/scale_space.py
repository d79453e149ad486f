"""The scale-space curve: how many modes each bandwidth gives."""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine import (
    ConvergenceWarning,
    Trace,
)
from msviz.engine._checks import check_X
from msviz.engine._types import BoolArray, FloatArray, readonly

__all__ = ["ScaleSpaceCurve", "log_grid", "mode_counts"]


@dataclass(frozen=True, eq=False)
class ScaleSpaceCurve:
    """The number of modes found at each bandwidth of a grid.

    Attributes
    ----------
    bandwidths : ndarray of shape (n_bandwidths,)
        Increasing bandwidths.
    n_modes : ndarray of shape (n_bandwidths,)
        The number of cluster centres at each (0 where no window held a sample).
    n_steps : ndarray of shape (n_bandwidths,)
        Steps of each run (0 where it failed).
    converged : ndarray of shape (n_bandwidths,), dtype bool
        Whether each run stopped before ``max_iter``.
    params : dict
        The other parameters of the runs (kernel, variant, seeds, max_iter, tol).

    """

    bandwidths: FloatArray
    n_modes: NDArray[np.intp]
    n_steps: NDArray[np.intp]
    converged: BoolArray
    params: dict[str, Any]

    def modes_at(self, h: float) -> int:
        """The number of modes at the grid bandwidth nearest to ``h`` (in log scale)."""
        j = int(np.argmin(np.abs(np.log(self.bandwidths) - math.log(h))))
        return int(self.n_modes[j])


def mode_counts(
    X: ArrayLike,
    bandwidths: Sequence[float] | FloatArray,
    *,
    runner: Callable[..., Trace] | None = None,
    **params: Any,
) -> ScaleSpaceCurve:
    """Count the modes mean shift finds at each bandwidth.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidths : sequence of float
        Positive bandwidths.
    runner : callable, optional
        The function that runs mean shift (default :func:`msviz.run_mean_shift`).
    **params
        Other keywords of :func:`msviz.run_mean_shift` (kernel, variant, seeds,
        max_iter, tol).

    Returns
    -------
    ScaleSpaceCurve

    Examples
    --------
    >>> curve = mode_counts([[0.0], [0.2], [5.0], [5.3]], [0.5, 10.0])
    >>> curve.n_modes.tolist()
    [2, 1]

    """
    if runner is None:
        from msviz.engine import run_mean_shift as runner_
    else:
        runner_ = runner
    data = check_X(X)
    hs = np.asarray(bandwidths, dtype=np.float64).reshape(-1)
    if hs.size == 0 or not np.all(np.isfinite(hs) & (hs > 0)):
        raise ValueError("bandwidths must be positive, finite numbers (at least one)")
    modes = np.zeros(hs.size, dtype=np.intp)
    steps = np.zeros(hs.size, dtype=np.intp)
    converged = np.zeros(hs.size, dtype=bool)
    for j, h in enumerate(hs):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                trace = runner_(data, bandwidth=float(h), **params)
        except ValueError:
            # No moving point had a sample in its window: no mode at this bandwidth.
            continue
        modes[j] = trace.n_clusters
        steps[j] = len(trace)
        converged[j] = bool(trace.converged)
    return ScaleSpaceCurve(
        readonly(hs.copy()), readonly(modes), readonly(steps), readonly(converged),
        dict(params),
    )


def log_grid(lo: float, hi: float, n: int = 40) -> FloatArray:
    """``n`` bandwidths evenly spaced in log scale from ``lo`` to ``hi``.

    Examples
    --------
    >>> log_grid(1.0, 100.0, 3).tolist()
    [1.0, 10.0, 100.0]

    """
    if not (0 < lo < hi and math.isfinite(hi)):
        raise ValueError(f"need 0 < lo < hi, got lo={lo!r}, hi={hi!r}")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    return np.geomspace(lo, hi, int(n))
