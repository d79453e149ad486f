"""The recorded mean shift engine: every iteration of every moving point.

:func:`iter_mean_shift` yields one :class:`Step` per iteration;
:func:`run_mean_shift` runs to the end and returns a :class:`Trace`, the whole
history plus the merged cluster centres and labels. Views, animations and
widgets only index into a finished Trace.

This module imports numpy only.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine._checks import check_X
from msviz.engine._windows import CACHE_ELEMENTS, Windows, _sq_dist
from msviz.engine.bandwidth import resolve_bandwidth
from msviz.engine.kernels import KERNELS, Kernel, get_kernel

__all__ = [
    "ConvergenceWarning",
    "Step",
    "Trace",
    "UpdateExplanation",
    "explain_update",
    "iter_mean_shift",
    "run_mean_shift",
    "merge_modes",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

# A 2-D "grid" of seeds has about this many points (fewer in more dimensions).
GRID_SEEDS = 1600


class ConvergenceWarning(UserWarning):
    """Mean shift reached ``max_iter`` before every moving point stopped."""


_FLAT = KERNELS["flat"].weight


def _readonly(a: NDArray[Any]) -> NDArray[Any]:
    a.flags.writeable = False
    return a


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One iteration of mean shift: where every moving point is.

    Attributes
    ----------
    index : int
        0 for the start, k after k updates.
    positions : ndarray of shape (n_seeds, n_features)
        Where the moving points are.
    bandwidths : ndarray of shape (n_seeds,)
        The window radius of each moving point now.
    converged : ndarray of shape (n_seeds,), dtype bool
        Moving points that have stopped.
    data : ndarray of shape (n_samples, n_features)
        The points being averaged: ``X`` for the standard variant, the moved data
        for the blurring variant.

    All arrays are read-only.

    """

    index: int
    positions: FloatArray
    bandwidths: FloatArray
    converged: BoolArray
    data: FloatArray

    def __repr__(self) -> str:
        n, d = self.positions.shape
        done = int(np.count_nonzero(self.converged))
        return f"Step(index={self.index}, n_seeds={n}, n_features={d}, converged={done}/{n})"


# --------------------------------------------------------------------------- validation


def _check_seeds(
    seeds: str | ArrayLike | None,
    X: FloatArray,
    bandwidth: float | FloatArray,
    variant: str,
) -> tuple[FloatArray, str, tuple[int, ...] | None]:
    """Return (initial seed positions, seed kind, grid shape)."""
    if seeds is None:
        return X.copy(), "samples", None
    if variant == "blurring":
        raise ValueError(
            "the blurring variant moves the data itself, so it takes no seeds; "
            "use seeds=None or variant='standard'"
        )
    if isinstance(seeds, str):
        name = seeds.strip().lower()
        h = float(np.median(bandwidth))
        if name == "bin":
            return bin_seeds(X, h), "bin", None
        if name == "grid":
            grid, shape = grid_seeds(X)
            return grid, "grid", shape
        raise ValueError(f"unknown seeds {seeds!r}; use None, 'bin', 'grid' or an array")
    arr = check_X(seeds, name="seeds")
    if arr.shape[1] != X.shape[1]:
        raise ValueError(
            f"seeds have {arr.shape[1]} columns but X has {X.shape[1]} features; "
            f"pass seeds of shape (n_seeds, {X.shape[1]})"
        )
    return arr, "array", None


def bin_seeds(X: ArrayLike, bin_size: float) -> FloatArray:
    """Seeds at the centres of the occupied bins of a grid of side ``bin_size``.

    The same seeds as scikit-learn's ``get_bin_seeds`` with ``min_bin_freq=1``
    (including its float32 rounding). If every sample has a bin of its own the
    samples themselves are returned.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    bin_size : float
        The side of a bin, usually the bandwidth.

    Returns
    -------
    ndarray of shape (n_seeds, n_features)

    Examples
    --------
    >>> bin_seeds([[0.1, 0.0], [0.2, 0.1], [2.9, 3.1]], 1.0).tolist()
    [[0.0, 0.0], [3.0, 3.0]]

    """
    data = check_X(X)
    bins = np.unique(np.round(data / bin_size), axis=0)
    if bins.shape[0] == data.shape[0]:
        return data.copy()
    return (bins.astype(np.float32) * np.float32(bin_size)).astype(np.float64)


def grid_seeds(X: ArrayLike, n: int = GRID_SEEDS) -> tuple[FloatArray, tuple[int, ...]]:
    """A regular grid of about ``n`` seeds over the data's bounding box.

    The grid is laid out in C order: ``seeds.reshape(*shape, n_features)``
    indexes it by axis, the first feature varying slowest.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    n : int, default=1600
        The number of seeds to aim for.

    Returns
    -------
    seeds : ndarray of shape (n_seeds, n_features)
    shape : tuple of int
        Points per axis.

    Examples
    --------
    >>> seeds, shape = grid_seeds([[0.0, 0.0], [1.0, 2.0]], n=9)
    >>> shape, seeds.shape
    ((3, 3), (9, 2))

    """
    data = check_X(X)
    d = data.shape[1]
    per_axis = max(2, int(round(n ** (1.0 / d))))
    while per_axis**d > max(n, 2**d) * 4 and per_axis > 2:
        per_axis -= 1
    lo, hi = data.min(axis=0), data.max(axis=0)
    axes = [np.linspace(lo[k], hi[k], per_axis) for k in range(d)]
    mesh = np.meshgrid(*axes, indexing="ij")
    seeds = np.stack([m.reshape(-1) for m in mesh], axis=1)
    return seeds, (per_axis,) * d


def _check_positive_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


# --------------------------------------------------------------------------- the run


class _Run:
    """The state machine behind :func:`iter_mean_shift` and :func:`run_mean_shift`."""

    X: FloatArray
    kernel: Kernel
    variant: str
    max_iter: int
    tol: float
    bandwidth: float | FloatArray
    variable: bool
    seed_positions: FloatArray
    seed_kind: str
    grid_shape: tuple[int, ...] | None
    n_seeds: int
    factor: FloatArray | None
    index: int
    pos: FloatArray
    data: FloatArray
    converged: BoolArray
    empty: BoolArray
    inside: IntArray
    shift: FloatArray
    windows: Windows | None
    seed_h: FloatArray
    finished: bool

    def __init__(
        self,
        X: ArrayLike,
        *,
        bandwidth: float | str | ArrayLike | None,
        kernel: str | Kernel | Callable[..., ArrayLike],
        variant: str,
        seeds: str | ArrayLike | None,
        max_iter: int,
        tol: float,
    ) -> None:
        self.X = _readonly(check_X(X))
        self.kernel = get_kernel(kernel)
        if not isinstance(variant, str) or variant.strip().lower() not in ("standard", "blurring"):
            raise ValueError(f"variant must be 'standard' or 'blurring', got {variant!r}")
        self.variant = variant.strip().lower()
        self.max_iter = _check_positive_int(max_iter, "max_iter")
        if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not tol >= 0:
            raise ValueError(f"tol must be a number >= 0, got {tol!r}; the usual value is 1e-3")
        if not math.isfinite(tol):
            raise ValueError(f"tol must be finite, got {tol!r}; the usual value is 1e-3")
        self.tol = float(tol)
        h = resolve_bandwidth(bandwidth, self.X)
        self.bandwidth: float | FloatArray = h if np.ndim(h) == 0 else _readonly(h)
        self.variable = np.ndim(h) != 0
        n, d = self.X.shape
        self.seed_positions, self.seed_kind, self.grid_shape = _check_seeds(
            seeds, self.X, self.bandwidth, self.variant
        )
        _readonly(self.seed_positions)
        self.n_seeds = self.seed_positions.shape[0]
        # Per-sample weight factor for variable bandwidth (Comaniciu et al. 2001):
        # the sample-point estimator weights sample i by h_i^-(d+2).
        self.factor: FloatArray | None = None
        if self.variable:
            hs = np.asarray(self.bandwidth)
            self.factor = variable_bandwidth_factor(hs, d)

        # State of the run.
        self.index = 0
        self.pos = self.seed_positions.copy()
        self.data = self.X if self.variant == "standard" else self.X.copy()
        self.converged = np.zeros(self.n_seeds, dtype=bool)
        self.empty = np.zeros(self.n_seeds, dtype=bool)
        self.inside = np.zeros(self.n_seeds, dtype=np.intp)
        self.shift = np.zeros(self.n_seeds)
        self.windows = (
            Windows(self.X, self.bandwidth, self.kernel.radius, self.factor)
            if self.variant == "standard"
            else None
        )
        self.seed_h = self._seed_bandwidths(self.pos, np.arange(self.n_seeds))
        self.finished = False

    # -- helpers
    def _seed_bandwidths(self, positions: FloatArray, which: IntArray) -> FloatArray:
        """The window radius of moving points ``which`` at ``positions``.

        One bandwidth: that. Per-sample bandwidths: in the blurring variant each
        point carries its own; in the standard variant a moving point uses the
        bandwidth of the sample nearest to it.
        """
        if not self.variable:
            return np.full(positions.shape[0], float(self.bandwidth))  # type: ignore[arg-type]
        hs = np.asarray(self.bandwidth)
        if self.variant == "blurring":
            return hs[which]
        assert self.windows is not None
        return hs[self.windows.nearest(positions)]

    def _weighted_means(
        self, queries: FloatArray, windows: Windows, *, count: bool = False
    ) -> tuple[FloatArray, FloatArray, IntArray | None]:
        sums = windows.sums(queries, self.kernel.weight, count=count)
        assert sums.moment is not None
        weight = sums.weight
        bad = ~np.isfinite(weight) | (weight < 0)
        if bad.any() or (sums.moment is not None and not np.isfinite(sums.moment).all()):
            raise ValueError(
                f"kernel {self.kernel.name!r} returned weights that are negative, NaN or "
                "infinite; a kernel g(u) must return finite weights >= 0"
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            means = sums.moment / weight[:, None]
        return means, weight, sums.inside

    # -- one update
    def advance(self) -> bool:
        """Do one update; return False once every moving point has stopped."""
        if self.finished:
            return False
        if self.variant == "standard":
            self._advance_standard()
        else:
            self._advance_blurring()
        self.index += 1
        if self.converged.all():
            self.finished = True
        elif self.index >= self.max_iter:
            self.finished = True
        return True

    def _advance_standard(self) -> None:
        assert self.windows is not None
        active = np.flatnonzero(~self.converged)
        queries = self.pos[active]
        # The flat kernel's weight sum is its count of samples in the window.
        count = self.kernel.weight is _FLAT and self.factor is None
        # Moving points that sit on exactly the same spot share one computation.
        uniq, inverse = np.unique(queries, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        if uniq.shape[0] < 0.9 * queries.shape[0]:
            means, weight, inside = self._weighted_means(uniq, self.windows, count=count)
            means, weight = means[inverse], weight[inverse]
            inside = None if inside is None else inside[inverse]
        else:
            means, weight, inside = self._weighted_means(queries, self.windows, count=count)
        empty = ~(weight > 0)
        moving = active[~empty]
        new = means[~empty]
        shift = np.sqrt(np.sum((new - self.pos[moving]) ** 2, axis=1))
        self.shift[:] = 0.0
        self.shift[moving] = shift
        self.empty[active[empty]] = True
        self.converged[active[empty]] = True
        self.inside[active[empty]] = 0
        old = self.pos[moving]
        self.pos[moving] = new
        if self.variable:
            self.seed_h[moving] = self._seed_bandwidths(new, moving)
        stopped = shift <= self.tol * self.seed_h[moving]
        self.converged[moving] = stopped
        # The merge ranks end points by the samples in their last window.
        if inside is not None:
            self.inside[active] = inside
        elif stopped.any():
            self.inside[moving[stopped]] = self._count_inside(old[stopped])
        if self.index + 1 >= self.max_iter and inside is None:
            left = moving[~stopped]
            self.inside[left] = self._count_inside(old[~stopped])

    def _count_inside(self, points: FloatArray) -> IntArray:
        """Samples within one bandwidth (each sample's own, if per-sample)."""
        assert self.windows is not None
        sums = self.windows.sums(points, _FLAT, moment=False, count=True)
        assert sums.inside is not None
        return sums.inside

    def _advance_blurring(self) -> None:
        windows = Windows(self.pos, self.bandwidth, self.kernel.radius, self.factor)
        means, weight, inside = self._weighted_means(self.pos, windows)
        empty = ~(weight > 0)  # only possible for a custom kernel with g(0) = 0
        new = np.where(empty[:, None], self.pos, means)
        self.shift = np.sqrt(np.sum((new - self.pos) ** 2, axis=1))
        self.pos = new
        self.data = new
        self.empty = empty
        settled = self.shift <= self.tol * self.seed_h
        # The data moves together: it stops only when every point has settled.
        self.converged = np.ones_like(settled) if settled.all() else settled


def variable_bandwidth_factor(bandwidths: FloatArray, d: int) -> FloatArray:
    """The weight factor of each sample in variable bandwidth mean shift.

    The sample-point estimator (Comaniciu, Ramesh & Meer 2001) weighs sample
    ``i`` by ``h_i ** -(d + 2)``; scaled here by the smallest bandwidth so that
    the factors stay near 1 (a common factor cancels in the weighted mean).
    """
    return (bandwidths.min() / bandwidths) ** (d + 2)


def _validate_labels(labels: str) -> str:
    if not isinstance(labels, str) or labels not in ("basin", "nearest"):
        raise ValueError(f"labels must be 'basin' or 'nearest', got {labels!r}")
    return labels


def iter_mean_shift(
    X: ArrayLike,
    *,
    bandwidth: float | str | ArrayLike | None = None,
    kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
    variant: Literal["standard", "blurring"] = "standard",
    seeds: str | ArrayLike | None = None,
    max_iter: int = 300,
    tol: float = 1e-3,
) -> Iterator[Step]:
    """Run mean shift one iteration at a time.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidth : float, {"scott", "silverman"}, array-like of shape (n_samples,) or None
        The window radius (the standard deviation for the Gaussian kernel).
        None estimates it with :func:`msviz.estimate_bandwidth` (scikit-learn's
        quantile rule; above 10,000 samples on a fixed subsample of 10,000).
        An array gives every sample its own bandwidth (variable bandwidth mean
        shift, Comaniciu, Ramesh & Meer 2001: sample ``i`` weighs
        ``g(||x - x_i||^2 / h_i^2) / h_i^(d+2)``); a moving point's window is
        then the bandwidth of the sample nearest to it.
    kernel : {"flat", "epanechnikov", "gaussian"}, Kernel or callable, default="flat"
        The weighting kernel, or a function ``g(u)`` of ``u = distance^2 / h^2``.
    variant : {"standard", "blurring"}, default="standard"
        "standard" keeps the data fixed and moves the seeds (scikit-learn).
        "blurring" moves the data itself each iteration (Cheng 1995); it stops
        when no point moves more than ``tol * bandwidth`` in one iteration,
        because without a stopping rule it collapses everything to one point.
    seeds : None, "bin", "grid" or array-like of shape (n_seeds, n_features)
        Where moving points start: every sample; scikit-learn's bin seeding
        (bin size = bandwidth); a regular grid over the data's box; or given.
    max_iter : int, default=300
        The most updates.
    tol : float, default=1e-3
        A moving point stops when its shift is at most ``tol`` times its
        bandwidth. Stopped points are frozen.

    Yields
    ------
    Step
        A new read-only step each iteration, starting with step 0.

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` updates leave some points still moving.

    Examples
    --------
    >>> X = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]
    >>> steps = list(iter_mean_shift(X, bandwidth=2))
    >>> len(steps), steps[0].positions[0].tolist(), bool(steps[-1].converged.all())
    (2, [1.0, 2.0], True)

    """
    run = _Run(
        X, bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
        max_iter=max_iter, tol=tol,
    )
    return _iterate(run)


def _iterate(run: _Run) -> Iterator[Step]:
    while True:
        yield Step(
            run.index,
            _readonly(run.pos.copy()),
            _readonly(run.seed_h.copy()),
            _readonly(run.converged.copy()),
            run.X if run.variant == "standard" else _readonly(run.data.copy()),
        )
        if not run.advance():
            break
    if not run.converged.all():
        _warn_not_converged(run)


def _warn_not_converged(run: _Run) -> None:
    left = int(np.count_nonzero(~run.converged))
    if run.variant == "blurring":
        advice = (
            "the data was still contracting; raise max_iter to let it settle (or keep "
            "the early stop on purpose)"
        )
    else:
        advice = "raise max_iter, or tol for a looser stopping rule"
    warnings.warn(
        f"mean shift stopped after max_iter={run.max_iter} updates with {left} of "
        f"{run.n_seeds} points still moving; {advice}",
        ConvergenceWarning,
        stacklevel=3,
    )


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


def _check_index(value: object, n: int, what: str, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be an integer, got {type(value).__name__}")
    k = int(value) + n if value < 0 else int(value)
    if not 0 <= k < n:
        raise IndexError(f"{what} {value} is out of range: {hint} (0 to {n - 1})")
    return k


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
    >>> X = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]
    >>> trace = run_mean_shift(X, bandwidth=3)
    >>> e = explain_update(trace, 0, 0)
    >>> e.n_weighted, e.total_weight, e.mean.tolist(), round(e.shift_length, 4)
    (2, 2.0, [2.0, 3.0], 1.4142)
    >>> e.threshold, e.stops
    (0.003, False)

    """
    if not isinstance(trace, Trace):
        raise TypeError(
            f"explain_update needs a msviz.Trace, got {type(trace).__name__}; make one with "
            "msviz.run_mean_shift(X, ...)"
        )
    n_steps, n_seeds = trace.positions.shape[:2]
    k = _check_index(step, n_steps, "step", f"this run has {n_steps} steps")
    i = _check_index(seed, n_seeds, "seed", f"this run has {n_seeds} moving points")
    kernel: Kernel = get_kernel(trace.kernel)
    samples = np.asarray(trace[k].data, dtype=np.float64)
    position = np.array(trace.positions[k, i], dtype=np.float64)
    h = float(np.asarray(trace.bandwidths)[k, i])
    d = samples.shape[1]
    diff = samples - position
    sq = np.einsum("ij,ij->i", diff, diff)
    if np.ndim(trace.bandwidth) == 0:
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
        position=_readonly(position),
        bandwidth=h,
        samples=_readonly(samples.copy()),
        weights=_readonly(weights),
        distances=_readonly(np.sqrt(sq)),
        n_weighted=int(np.count_nonzero(weights > 0)),
        n_within=int(np.count_nonzero(u <= 1.0)),
        total_weight=total,
        mean=None if mean is None else _readonly(np.asarray(mean, dtype=np.float64)),
        shift=_readonly(np.asarray(shift, dtype=np.float64)),
        shift_length=length,
        tol=float(trace.tol),
        threshold=threshold,
        stops=length <= threshold,
        stopped_at=stopped_at,
        recorded_next=None if recorded is None else _readonly(recorded),
        kernel=kernel.name,
        variant=str(trace.variant),
    )


# --------------------------------------------------------------------------- merging


def merge_modes(
    positions: ArrayLike,
    intensity: ArrayLike,
    bandwidth: float | ArrayLike,
) -> tuple[FloatArray, IntArray]:
    """Merge the end points of the moving points into cluster centres.

    As scikit-learn does: order the candidates by how many samples lie within
    one bandwidth of them (ties by position, larger first), then keep a
    candidate unless an earlier kept centre is within one bandwidth of it.
    Candidates with an intensity of 0 (nothing in their window) are dropped.

    Parameters
    ----------
    positions : array-like of shape (n_seeds, n_features)
        Where the moving points stopped.
    intensity : array-like of shape (n_seeds,)
        The number of samples within one bandwidth of each.
    bandwidth : float or array-like of shape (n_seeds,)
        The merge radius (each candidate's own, for variable bandwidth).

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    seed_labels : ndarray of shape (n_seeds,)
        The centre each moving point merged into; -1 for dropped ones.

    Examples
    --------
    >>> centers, lab = merge_modes([[0.0], [0.1], [5.0]], [3, 2, 4], 1.0)
    >>> centers.tolist(), lab.tolist()
    ([[5.0], [0.0]], [1, 1, 0])

    """
    pos = np.asarray(positions, dtype=np.float64)
    inten = np.asarray(intensity)
    n = pos.shape[0]
    h = np.broadcast_to(np.asarray(bandwidth, dtype=np.float64), (n,))
    seed_labels = np.full(n, -1, dtype=np.intp)
    valid = np.flatnonzero(inten > 0)
    if valid.size == 0:
        return np.empty((0, pos.shape[1])), seed_labels
    # Exactly equal end points are one candidate.
    uniq, first, inverse = np.unique(pos[valid], axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    cand_int = np.zeros(uniq.shape[0], dtype=inten.dtype)
    np.maximum.at(cand_int, inverse, inten[valid])
    cand_h = h[valid][first]
    # Sort by (intensity, coordinates) descending, like sorted(..., reverse=True).
    keys = [uniq[:, k] for k in range(uniq.shape[1] - 1, -1, -1)] + [cand_int]
    order = np.lexsort(keys)[::-1]
    owner = np.full(uniq.shape[0], -1, dtype=np.intp)
    kept: list[int] = []
    for i in order:
        if owner[i] >= 0:
            continue
        d2 = np.sum((uniq - uniq[i]) ** 2, axis=1)
        near = (d2 <= cand_h[i] ** 2) & (owner < 0)
        owner[near] = len(kept)
        owner[i] = len(kept)
        kept.append(int(i))
    centers = uniq[kept]
    seed_labels[valid] = owner[inverse]
    return centers, seed_labels


def _nearest_rows(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray]:
    """Index of and distance to the nearest centre for each point (chunked)."""
    m, k = points.shape[0], centers.shape[0]
    idx = np.empty(m, dtype=np.intp)
    dist = np.empty(m)
    cols = np.ascontiguousarray(centers.T)
    step = max(1, min(m, CACHE_ELEMENTS // max(k, 1)))
    buf, tmp = np.empty((step, k)), np.empty((step, k))
    for start in range(0, m, step):
        stop = min(start + step, m)
        d2 = buf[: stop - start]
        _sq_dist(points[start:stop], cols, d2, tmp[: stop - start])
        j = np.argmin(d2, axis=1)
        idx[start:stop] = j
        dist[start:stop] = np.sqrt(d2[np.arange(stop - start), j])
    return idx, dist


# --------------------------------------------------------------------------- the trace


class Trace:
    """A finished mean shift run: every step, the cluster centres and the labels.

    Made by :func:`run_mean_shift`. ``len(trace)`` is the number of steps (the
    start plus one per update), ``trace[i]`` a :class:`Step`, and iterating
    gives every step in order.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
        The data.
    positions : ndarray of shape (n_steps, n_seeds, n_features)
        Every moving point at every step.
    bandwidth : float or ndarray of shape (n_samples,)
        The bandwidth used (estimated when None was given).
    kernel : Kernel
        The weighting kernel.
    variant, seeds, max_iter, tol, cluster_all, label_mode
        The parameters of the run (``seeds`` is "samples", "bin", "grid" or
        "array").
    grid_shape : tuple of int or None
        Seeds per axis when ``seeds="grid"``.
    cluster_centers : ndarray of shape (n_clusters, n_features)
        The modes found, merged as scikit-learn does.
    labels : ndarray of shape (n_samples,)
        The cluster of each sample; -1 for orphans when ``cluster_all=False``.
    seed_labels : ndarray of shape (n_seeds,)
        The centre each moving point climbed to (-1: its window was empty).
    n_iter : int
        The number of updates done.
    converged : bool
        Whether every moving point stopped before ``max_iter``.

    """

    def __init__(
        self,
        X: ArrayLike,
        positions: ArrayLike,
        *,
        bandwidth: float | ArrayLike,
        kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
        variant: str = "standard",
        seeds: str = "samples",
        grid_shape: tuple[int, ...] | None = None,
        max_iter: int | None = None,
        tol: float = 1e-3,
        bandwidths: ArrayLike | None = None,
        stop_step: ArrayLike | None = None,
        converged_history: ArrayLike | None = None,
        intensity: ArrayLike | None = None,
        empty: ArrayLike | None = None,
        converged: bool | None = None,
        cluster_all: bool = True,
        labels: str = "basin",
        centers: tuple[ArrayLike, ArrayLike] | None = None,
    ) -> None:
        """Build a trace from a recorded history.

        :func:`run_mean_shift` makes traces; build one yourself to animate
        another algorithm (a learner's step function, the lesson's classic
        methods) with the same views.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.
        positions : array-like of shape (n_steps, n_seeds, n_features)
            Every moving point at every step.
        bandwidth : float or array-like of shape (n_samples,)
            The bandwidth of the run.
        kernel, variant, seeds, grid_shape, max_iter, tol
            The parameters of the run (recorded, not re-run).
        bandwidths : array-like of shape (n_steps, n_seeds), optional
            The window radius of each moving point at each step (default: the
            bandwidth).
        stop_step : array-like of shape (n_seeds,), optional
            The step at which each point stopped (default: the first step after
            which it never moved again).
        converged_history : array-like of shape (n_steps, n_seeds), optional
            Per-step stopped flags, when they are not monotone (blurring).
        intensity : array-like of shape (n_seeds,), optional
            Samples within one bandwidth of each point's last window (default:
            counted around the final positions).
        empty : array-like of shape (n_seeds,), optional
            Points whose window held no sample.
        converged : bool, optional
            Whether the run finished before ``max_iter`` (default: every point
            stopped).
        cluster_all, labels
            As for :func:`run_mean_shift`.
        centers : (centers, seed_labels), optional
            Use these cluster centres instead of merging the end points. An
            empty set of centres is allowed here: every label is then -1.

        """
        self.X = _readonly(check_X(X))
        pos = np.array(positions, dtype=np.float64)
        if pos.ndim != 3 or pos.shape[2] != self.X.shape[1] or pos.shape[0] < 1:
            raise ValueError(
                f"positions must have shape (n_steps, n_seeds, {self.X.shape[1]}), got {pos.shape}"
            )
        n_steps, n_seeds = pos.shape[:2]
        self.bandwidth = resolve_bandwidth(bandwidth, self.X)
        self.kernel = get_kernel(kernel)
        self.variant = variant
        self.seeds = seeds
        self.grid_shape = grid_shape
        self.max_iter = max(n_steps - 1, 1) if max_iter is None else int(max_iter)
        self.tol = float(tol)
        self.cluster_all = bool(cluster_all)
        self.label_mode = _validate_labels(labels)
        self.positions = _readonly(pos)
        self.n_iter = n_steps - 1
        if bandwidths is None:
            if np.ndim(self.bandwidth) == 0:
                bw = np.broadcast_to(float(self.bandwidth), (n_steps, n_seeds))  # type: ignore[arg-type]
            elif variant == "blurring" or seeds == "samples" and n_seeds == self.X.shape[0]:
                bw = np.broadcast_to(np.asarray(self.bandwidth), (n_steps, n_seeds))
            else:
                raise ValueError("with per-sample bandwidths, pass bandwidths= per step and seed")
        else:
            bw = _readonly(np.array(bandwidths, dtype=np.float64))
            if bw.shape != (n_steps, n_seeds):
                raise ValueError(
                    f"bandwidths must have shape ({n_steps}, {n_seeds}), got {bw.shape}"
                )
        self.bandwidths = bw
        if stop_step is None:
            moved = np.any(np.diff(pos, axis=0) != 0, axis=2) if n_steps > 1 else None
            stop = np.zeros(n_seeds, dtype=np.intp)
            if moved is not None:
                last_move = np.where(
                    moved.any(axis=0), n_steps - 1 - np.argmax(moved[::-1], axis=0), 0
                )
                stop = last_move.astype(np.intp)
        else:
            stop = np.array(stop_step, dtype=np.intp)
        self._stop_step = _readonly(stop)
        self._converged_history = (
            None if converged_history is None else _readonly(np.array(converged_history, bool))
        )
        if converged is None:
            if self._converged_history is not None:
                converged = bool(self._converged_history[-1].all())
            else:
                converged = bool(np.all(stop < n_steps))
        self.converged = bool(converged)
        self.empty = _readonly(
            np.zeros(n_seeds, bool) if empty is None else np.array(empty, dtype=bool)
        )
        if intensity is None:
            final = pos[-1]
            data = final if variant == "blurring" else self.X
            inten = Windows(data, self.bandwidth, 1.0).sums(
                final, _FLAT, moment=False, count=True
            ).inside
            if np.ndim(self.bandwidth) != 0 and variant != "blurring":
                # per-sample windows: count samples within each point's own radius
                inten = np.array(
                    [np.count_nonzero(np.sum((self.X - p) ** 2, axis=1) <= r * r)
                     for p, r in zip(final, bw[-1], strict=True)]
                )
        else:
            inten = np.array(intensity)
        self.intensity = _readonly(np.asarray(inten, dtype=np.intp))
        self._density_path: FloatArray | None = None
        self._merge_and_label(centers)

    @classmethod
    def _from_run(
        cls,
        run: _Run,
        history: FloatArray,
        stop_step: IntArray,
        bandwidth_history: FloatArray | None,
        converged_history: BoolArray | None,
        *,
        cluster_all: bool,
        label_mode: str,
    ) -> Trace:
        intensity = run.inside.copy()
        if run.variant == "blurring":
            # The end points of blurring are the collapsed data: count the
            # collapsed samples near each, as the standard variant counts the
            # samples in the last window.
            final = history[-1]
            intensity = Windows(final, run.bandwidth, 1.0).sums(
                final, _FLAT, moment=False, count=True
            ).inside
        return cls(
            run.X,
            history,
            bandwidth=run.bandwidth,
            kernel=run.kernel,
            variant=run.variant,
            seeds=run.seed_kind,
            grid_shape=run.grid_shape,
            max_iter=run.max_iter,
            tol=run.tol,
            bandwidths=bandwidth_history,
            stop_step=stop_step,
            converged_history=converged_history,
            intensity=intensity,
            empty=run.empty,
            converged=bool(run.converged.all()),
            cluster_all=cluster_all,
            labels=label_mode,
        )

    # -- merging and labels
    def _merge_and_label(self, given: tuple[ArrayLike, ArrayLike] | None) -> None:
        final = self.positions[-1]
        if given is not None:
            centers = np.array(given[0], dtype=np.float64).reshape(-1, self.X.shape[1])
            seed_labels = np.array(given[1], dtype=np.intp)
            if centers.shape[0] == 0:
                # A recorded run may end with no centre at all (the lesson's ring
                # method can delete every centroid; a learner's step can run off).
                self.cluster_centers = _readonly(centers)
                self.seed_labels = _readonly(seed_labels)
                self.labels = _readonly(np.full(self.X.shape[0], -1, dtype=np.intp))
                return
        else:
            centers, seed_labels = merge_modes(final, self.intensity, self.bandwidths[-1])
        if centers.shape[0] == 0:
            h = self.bandwidth if np.ndim(self.bandwidth) == 0 else float(np.max(self.bandwidth))
            raise ValueError(
                f"no moving point had any sample within its window (bandwidth={h:.4g}), so "
                "no cluster was found; use a larger bandwidth, e.g. "
                "msviz.estimate_bandwidth(X), or seeds=None"
            )
        self.cluster_centers = _readonly(centers)
        self.seed_labels = _readonly(seed_labels)
        nearest, dist = _nearest_rows(self.X, centers)
        if self.label_mode == "nearest":
            labels = nearest
        else:
            if self.seeds == "samples" and seed_labels.shape[0] == self.X.shape[0]:
                labels = seed_labels.copy()
            else:
                # A sample's basin is the basin of the seed that started nearest to it.
                owner, _ = _nearest_rows(self.X, self.positions[0])
                labels = seed_labels[owner]
            lost = labels < 0
            labels[lost] = nearest[lost]
            dist = np.sqrt(np.sum((self.X - centers[labels]) ** 2, axis=1))
        if not self.cluster_all:
            h_samples = np.broadcast_to(np.asarray(self.bandwidth), (self.X.shape[0],))
            labels = np.where(dist <= h_samples, labels, -1)
        self.labels = _readonly(np.asarray(labels, dtype=np.intp))

    # -- sequence protocol
    def __len__(self) -> int:
        return int(self.positions.shape[0])

    def __getitem__(self, i: int) -> Step:
        n = len(self)
        if isinstance(i, bool) or not isinstance(i, numbers.Integral):
            raise TypeError(f"trace indices must be integers, got {type(i).__name__}")
        k = int(i) + n if i < 0 else int(i)
        if not 0 <= k < n:
            raise IndexError(f"step {i} is out of range: this trace has {n} steps (0 to {n - 1})")
        pos = self.positions[k]
        data = self.X if self.variant == "standard" else pos
        if self._converged_history is not None:
            converged = self._converged_history[k]
        else:
            converged = _readonly(self._stop_step <= k)
        return Step(k, pos, self.bandwidths[k], converged, data)

    def __iter__(self) -> Iterator[Step]:
        for k in range(len(self)):
            yield self[k]

    def __repr__(self) -> str:
        h = self.bandwidth if np.ndim(self.bandwidth) == 0 else "per-sample"
        h_text = f"{h:.4g}" if isinstance(h, float) else h
        return (
            f"Trace(n_steps={len(self)}, n_seeds={self.positions.shape[1]}, "
            f"n_clusters={len(self.cluster_centers)}, kernel={self.kernel.name!r}, "
            f"variant={self.variant!r}, bandwidth={h_text}, converged={self.converged})"
        )

    # -- derived quantities
    @property
    def n_clusters(self) -> int:
        """The number of cluster centres."""
        return int(self.cluster_centers.shape[0])

    @property
    def stop_step(self) -> IntArray:
        """The step at which each moving point stopped (``len(trace)`` if it never did)."""
        return self._stop_step

    @property
    def shifts(self) -> FloatArray:
        """Length of every point's move into each step, shape (n_steps, n_seeds); row 0 is 0."""
        out = np.zeros(self.positions.shape[:2])
        if len(self) > 1:
            out[1:] = np.sqrt(np.sum(np.diff(self.positions, axis=0) ** 2, axis=2))
        return _readonly(out)

    @property
    def thresholds(self) -> FloatArray:
        """The stopping threshold ``tol * bandwidth`` of each point at each step."""
        return _readonly(self.tol * np.asarray(self.bandwidths))

    def explain(self, seed: int, step: int) -> UpdateExplanation:
        """Explain one update: how moving point ``seed`` goes from ``step`` to the next.

        The same as :func:`explain_update` ``(trace, seed, step)``.

        Examples
        --------
        >>> trace = run_mean_shift([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], bandwidth=3)
        >>> e = trace.explain(0, 0)
        >>> e.n_within, e.mean.tolist(), round(e.shift_length, 4)
        (2, [2.0, 3.0], 1.4142)

        """
        return explain_update(self, seed, step)

    def data_at(self, step: int) -> FloatArray:
        """The samples being averaged at ``step`` (the moved data for blurring)."""
        return self[step].data

    def density(self, points: ArrayLike, *, step: int | None = None) -> FloatArray:
        """Evaluate the shadow density that the update climbs.

        The kernel density estimate of the data with the shadow of the weighting
        kernel (flat weights climb an Epanechnikov density, Epanechnikov weights
        a biweight density, Gaussian a Gaussian), normalised to integrate to one.

        Parameters
        ----------
        points : array-like of shape (n_points, n_features)
            Where to evaluate.
        step : int, optional
            For the blurring variant, use the data as moved at this step
            (default: the original data).

        Returns
        -------
        ndarray of shape (n_points,)

        """
        pts = check_X(points, name="points")
        if pts.shape[1] != self.X.shape[1]:
            raise ValueError(
                f"points have {pts.shape[1]} columns but the data has {self.X.shape[1]} features"
            )
        data = self.X if step is None else self[step].data
        return _shadow_density(pts, data, self.bandwidth, self.kernel)

    def density_path(self) -> FloatArray:
        """The shadow density at every moving point at every step, shape (n_steps, n_seeds).

        For the standard variant each column never decreases (mean shift is an
        ascent method). For blurring, each step uses that step's moved data.
        Computed once and cached; stopped points are not recomputed.
        """
        if self._density_path is None:
            n_steps, n_seeds = self.positions.shape[:2]
            out = np.empty((n_steps, n_seeds))
            if self.variant == "standard":
                out[0] = _shadow_density(self.positions[0], self.X, self.bandwidth, self.kernel)
                for k in range(1, n_steps):
                    moving = np.flatnonzero(self._stop_step >= k)
                    out[k] = out[k - 1]
                    out[k, moving] = _shadow_density(
                        self.positions[k, moving], self.X, self.bandwidth, self.kernel
                    )
            else:
                for k in range(n_steps):
                    p = self.positions[k]
                    out[k] = _shadow_density(p, p, self.bandwidth, self.kernel)
            self._density_path = _readonly(out)
        return self._density_path


def _shadow_density(
    points: FloatArray, data: FloatArray, bandwidth: float | FloatArray, kernel: Kernel
) -> FloatArray:
    n, d = data.shape
    if kernel.shadow is None:
        kernel.shadow_value(np.zeros(1), d)  # raises the explanatory error
    assert kernel.shadow is not None and kernel.shadow_norm is not None
    if np.ndim(bandwidth) == 0:
        windows = Windows(data, bandwidth, kernel.radius)
        dens = windows.sums(points, kernel.shadow, moment=False).weight
        return dens * (kernel.shadow_norm(d) / (n * float(bandwidth) ** d))  # type: ignore[arg-type]
    hs = np.asarray(bandwidth)
    windows = Windows(data, hs, kernel.radius, factor=1.0 / hs**d)
    dens = windows.sums(points, kernel.shadow, moment=False).weight
    return dens * (kernel.shadow_norm(d) / n)


def run_mean_shift(
    X: ArrayLike,
    *,
    bandwidth: float | str | ArrayLike | None = None,
    kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
    variant: Literal["standard", "blurring"] = "standard",
    seeds: str | ArrayLike | None = None,
    max_iter: int = 300,
    tol: float = 1e-3,
    cluster_all: bool = True,
    labels: Literal["basin", "nearest"] = "basin",
) -> Trace:
    """Run mean shift to the end and record every iteration.

    Takes the parameters of :func:`iter_mean_shift`, plus:

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidth, kernel, variant, seeds, max_iter, tol
        As for :func:`iter_mean_shift`.
    cluster_all : bool, default=True
        False labels samples farther than one bandwidth from their centre -1.
    labels : {"basin", "nearest"}, default="basin"
        "basin": a sample belongs to the centre its own moving point climbed to
        (with seeds other than the samples, the seed that started nearest to it);
        "nearest": to the nearest centre, as scikit-learn does.

    Returns
    -------
    Trace

    Raises
    ------
    ValueError
        For bad input, and when no moving point had any sample in its window.

    Examples
    --------
    >>> X = [[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]]
    >>> trace = run_mean_shift(X, bandwidth=2)
    >>> trace.cluster_centers.round(3).tolist(), trace.labels.tolist()
    ([[3.333, 6.0], [1.333, 0.667]], [1, 1, 1, 0, 0, 0])

    """
    label_mode = _validate_labels(labels)
    run = _Run(
        X, bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
        max_iter=max_iter, tol=tol,
    )
    n_seeds, d = run.pos.shape
    capacity = min(run.max_iter + 1, 64)
    history = np.empty((capacity, n_seeds, d))
    bw_history = np.empty((capacity, n_seeds)) if run.variable else None
    stop_step = np.full(n_seeds, run.max_iter + 1, dtype=np.intp)
    # Blurring points may settle and move again, so keep every step's flags.
    blurring = run.variant == "blurring"
    conv_history = np.empty((capacity, n_seeds), dtype=bool) if blurring else None
    k = 0
    while True:
        if k >= capacity:
            capacity = min(2 * capacity, run.max_iter + 1)
            history = _grow(history, capacity)
            if bw_history is not None:
                bw_history = _grow(bw_history, capacity)
            if conv_history is not None:
                conv_history = _grow(conv_history, capacity)
        history[k] = run.pos
        if conv_history is not None:
            conv_history[k] = run.converged
        if bw_history is not None:
            bw_history[k] = run.seed_h
        stop_step[(stop_step > k) & run.converged] = k
        k += 1
        if not run.advance():
            break
    if not run.converged.all():
        _warn_not_converged(run)
    stop_step[stop_step > k] = k
    return Trace._from_run(
        run,
        history[:k],
        stop_step,
        None if bw_history is None else bw_history[:k],
        None if conv_history is None else conv_history[:k],
        cluster_all=cluster_all,
        label_mode=label_mode,
    )


def _grow(a: NDArray[Any], capacity: int) -> NDArray[Any]:
    out = np.empty((capacity,) + a.shape[1:], dtype=a.dtype)
    out[: a.shape[0]] = a
    return out
