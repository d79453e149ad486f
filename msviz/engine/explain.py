"""Every number of one mean shift update, for the inspector and the notebooks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from msviz.engine._checks import check_index
from msviz.engine._types import FloatArray, readonly
from msviz.engine._windows import variable_bandwidth_factor
from msviz.engine.kernels import Kernel, get_kernel

if TYPE_CHECKING:
    from msviz.engine.trace import Trace

__all__ = ["UpdateExplanation", "explain_update"]


@dataclass(frozen=True, eq=False)
class UpdateExplanation:
    """One moving point's next mean shift update, in numbers.

    Made by :func:`explain_update`. Arrays are read-only.

    Attributes
    ----------
    seed : int
        Which moving point.
    step : int
        The step it is at; the update explained takes it to step ``step + 1``.
    position : ndarray of shape (n_features,)
        Where the point is (the centre of its window).
    bandwidth : float
        Its window radius ``h`` (the standard deviation for the Gaussian kernel).
    samples : ndarray of shape (n_samples, n_features)
        The samples being averaged (for the blurring variant, the data as moved
        by ``step``).
    weights : ndarray of shape (n_samples,)
        The kernel weight of every sample, ``g(distance**2 / h**2)``.
    distances : ndarray of shape (n_samples,)
        Distance of every sample from :attr:`position`.
    n_weighted : int
        Samples with a weight above zero (all of them for the Gaussian kernel).
    n_within : int
        Samples within one bandwidth (``distance <= h``).
    total_weight : float
        The sum of the weights.
    mean : ndarray of shape (n_features,) or None
        The weighted mean, where the point moves to; None when the window is
        empty (then the point cannot move).
    shift : ndarray of shape (n_features,)
        ``mean - position`` (zero for an empty window).
    shift_length : float
        The length of :attr:`shift`.
    tol : float
        The run's tolerance.
    threshold : float
        The stopping threshold ``tol * h``.
    stops : bool
        True if ``shift_length <= threshold``: after this update the point stops.
    stopped_at : int or None
        The step at which the point stopped, if it already had by ``step``
        (then the engine no longer moves it; the numbers say why it stopped).
    recorded_next : ndarray of shape (n_features,) or None
        Where the run put the point at ``step + 1`` (None at the last step).
    kernel : str
        The kernel's name.
    variant : str
        "standard" or "blurring".

    """

    seed: int
    step: int
    position: FloatArray
    bandwidth: float
    samples: FloatArray
    weights: FloatArray
    distances: FloatArray
    n_weighted: int
    n_within: int
    total_weight: float
    mean: FloatArray | None
    shift: FloatArray
    shift_length: float
    tol: float
    threshold: float
    stops: bool
    stopped_at: int | None
    recorded_next: FloatArray | None
    kernel: str
    variant: str

    @property
    def empty(self) -> bool:
        """True if no sample has any weight (the point cannot move)."""
        return self.mean is None

    def __str__(self) -> str:
        if self.stopped_at is not None:
            verdict = f"it stopped at step {self.stopped_at} and moves no more"
        elif self.stops:
            verdict = "small enough: it stops here"
        else:
            verdict = "too large: it keeps moving"
        p = ", ".join(f"{v:.3g}" for v in self.position)
        m = "no move (empty window)" if self.mean is None else (
            "(" + ", ".join(f"{v:.3g}" for v in self.mean) + ")"
        )
        return (
            f"point {self.seed} at step {self.step}: ({p})\n"
            f"  {self.n_within} samples within the bandwidth {self.bandwidth:.3g}, "
            f"total weight {self.total_weight:.4g}\n"
            f"  weighted mean {m}; shift {self.shift_length:.3g} vs threshold "
            f"{self.threshold:.3g}: {verdict}"
        )

    def __repr__(self) -> str:
        return (
            f"UpdateExplanation(seed={self.seed}, step={self.step}, h={self.bandwidth:.4g}, "
            f"n_weighted={self.n_weighted}, total_weight={self.total_weight:.4g}, "
            f"shift_length={self.shift_length:.4g}, threshold={self.threshold:.4g}, "
            f"stops={self.stops})"
        )


def explain_update(trace: Trace, seed: int, step: int) -> UpdateExplanation:
    """Explain one moving point's next update: its window, weights, mean and shift.

    The update from ``step`` to ``step + 1`` moves the point to the weighted mean
    of the samples around it, ``sum_i w_i x_i / sum_i w_i`` with
    ``w_i = g(||x - x_i||**2 / h**2)``; the point stops once that shift is at
    most ``tol * h``. At the last step this is the update that was not needed.

    Parameters
    ----------
    trace : Trace
        A finished run.
    seed : int
        The moving point (0 to ``n_seeds - 1``; negative counts from the end).
    step : int
        The step it is at (0 to ``len(trace) - 1``; negative counts from the end).

    Returns
    -------
    UpdateExplanation

    Examples
    --------
    >>> from msviz import run_mean_shift
    >>> X = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]
    >>> trace = run_mean_shift(X, bandwidth=3)
    >>> e = explain_update(trace, 0, 0)
    >>> e.n_weighted, e.total_weight, e.mean.tolist(), round(e.shift_length, 4)
    (2, 2.0, [2.0, 3.0], 1.4142)
    >>> e.threshold, e.stops
    (0.003, False)

    """
    from msviz.engine.trace import Trace  # trace.py imports this module

    if not isinstance(trace, Trace):
        raise TypeError(
            f"explain_update needs a msviz.Trace, got {type(trace).__name__}; make one with "
            "msviz.run_mean_shift(X, ...)"
        )
    n_steps, n_seeds = trace.positions.shape[:2]
    k = check_index(step, n_steps, "step", f"this run has {n_steps} steps")
    i = check_index(seed, n_seeds, "seed", f"this run has {n_seeds} moving points")
    kernel: Kernel = get_kernel(trace.kernel)
    samples = np.asarray(trace[k].data, dtype=np.float64)
    position = np.array(trace.positions[k, i], dtype=np.float64)
    h = float(np.asarray(trace.bandwidths)[k, i])
    d = samples.shape[1]
    diff = samples - position
    sq = np.einsum("ij,ij->i", diff, diff)
    if not trace.variable_bandwidth:
        u = sq / h**2
        factor = None
    else:
        # Variable bandwidth (Comaniciu et al. 2001), as the engine computes it:
        # sample j has its own window h_j and weighs (min h / h_j)^(d + 2).
        hs = np.asarray(trace.bandwidth, dtype=np.float64)
        if hs.shape[0] != samples.shape[0]:
            raise ValueError("per-sample bandwidths do not match the samples of this trace")
        u = sq / hs**2
        factor = variable_bandwidth_factor(hs, d)
    weights = np.asarray(kernel.weight(u), dtype=np.float64).reshape(-1)
    if factor is not None:
        weights = weights * factor
    total = float(weights.sum())
    if total > 0 and math.isfinite(total):
        mean: FloatArray | None = weights @ samples / total
        assert mean is not None
        shift = mean - position
    else:
        mean = None
        shift = np.zeros(d)
    length = float(np.sqrt(np.sum(shift**2)))
    threshold = float(trace.tol) * h
    stop = np.asarray(trace.stop_step)
    converged_now = bool(np.asarray(trace[k].converged)[i])
    stopped_at = (int(min(stop[i], k)) if trace.variant == "standard" else k) if converged_now \
        else None
    recorded = np.array(trace.positions[k + 1, i]) if k + 1 < n_steps else None
    return UpdateExplanation(
        seed=i,
        step=k,
        position=readonly(position),
        bandwidth=h,
        samples=readonly(samples.copy()),
        weights=readonly(weights),
        distances=readonly(np.sqrt(sq)),
        n_weighted=int(np.count_nonzero(weights > 0)),
        n_within=int(np.count_nonzero(u <= 1.0)),
        total_weight=total,
        mean=None if mean is None else readonly(np.asarray(mean, dtype=np.float64)),
        shift=readonly(np.asarray(shift, dtype=np.float64)),
        shift_length=length,
        tol=float(trace.tol),
        threshold=threshold,
        stops=length <= threshold,
        stopped_at=stopped_at,
        recorded_next=None if recorded is None else readonly(recorded),
        kernel=kernel.name,
        variant=str(trace.variant),
    )
