"""Run mean shift: the seeds, the update loop, and the recorded run.

:func:`iter_mean_shift` yields one :class:`~msviz.engine.trace.Step` per iteration;
:func:`run_mean_shift` runs to the end and returns a :class:`~msviz.engine.trace.Trace`.
This module imports numpy only.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine._checks import (
    check_bool,
    check_labels,
    check_positive_int,
    check_real,
    check_scale,
    check_tol,
    check_variant,
    check_X,
    feature_names_of,
)
from msviz.engine._types import BoolArray, FloatArray, IntArray, readonly
from msviz.engine._windows import (
    Windows,
    one_blas_thread,
    unique_rows,
    variable_bandwidth_factor,
)
from msviz.engine.bandwidth import resolve_bandwidth
from msviz.engine.kernels import KERNELS, Kernel, get_kernel
from msviz.engine.trace import Step, Trace, as_picture

__all__ = [
    "ConvergenceWarning", "RunStopped", "bin_seeds", "grid_seeds", "iter_mean_shift",
    "record_mean_shift", "run_mean_shift", "start_trace",
]

# A 2-D "grid" of seeds has about this many points (fewer in more dimensions).
GRID_SEEDS = 1600


class ConvergenceWarning(UserWarning):
    """Mean shift reached ``max_iter`` before every moving point stopped."""


class RunStopped(Exception):
    """:func:`record_mean_shift` was told to stop (its ``stop()`` returned true)."""


_FLAT = KERNELS["flat"].weight


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


def bin_seeds(X: ArrayLike, bin_size: float, min_bin_freq: int = 1) -> FloatArray:
    """Seeds at the centres of the grid bins of side ``bin_size`` that hold samples.

    The same seeds as scikit-learn's ``get_bin_seeds`` (including its float32
    rounding), sorted. If every sample has a bin of its own, or ``bin_size`` is 0,
    the samples themselves are returned.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    bin_size : float
        The side of a bin, usually the bandwidth; 0 means no binning.
    min_bin_freq : int, default=1
        Only bins with at least this many samples give a seed.

    Returns
    -------
    ndarray of shape (n_seeds, n_features)

    Examples
    --------
    >>> bin_seeds([[0.1, 0.0], [0.2, 0.1], [2.9, 3.1]], 1.0).tolist()
    [[0.0, 0.0], [3.0, 3.0]]

    """
    data = check_X(X)
    size = check_real(bin_size, "bin_size", low=0.0, low_open=False,
                      usual="the bandwidth is the usual bin size")
    freq = check_positive_int(min_bin_freq, "min_bin_freq")
    if size == 0:  # as scikit-learn: no binning
        return data.copy()
    if not math.isfinite(size * size):
        raise ValueError(f"bin_size {size:.3g} is too large; rescale X and the bin size together")
    bins, counts = _unique_rows(np.round(data / size))
    bins = bins[counts >= freq]
    if bins.shape[0] == data.shape[0]:
        return data.copy()
    return (bins.astype(np.float32) * np.float32(size)).astype(np.float64)


def _unique_rows(cells: FloatArray) -> tuple[FloatArray, IntArray]:
    """``np.unique(cells, axis=0, return_counts=True)`` for integer-valued rows.

    Each row's integer coordinates are packed into one int64 key (the first
    column most significant, so the keys sort as the rows do) and the keys are
    sorted instead of the rows: several times faster. Rows too far apart to pack
    fall back to the row sort.
    """
    lo, hi = cells.min(axis=0), cells.max(axis=0)
    spans = hi - lo + 1
    if cells.shape[1] > 1 and np.all(np.abs(cells) < 2.0**52) and np.prod(spans) < 2.0**62:
        coords = (cells - lo).astype(np.int64)
        key = coords[:, 0]
        for k in range(1, cells.shape[1]):
            key = key * int(spans[k]) + coords[:, k]
        ukeys, counts = np.unique(key, return_counts=True)
        rows = np.empty((ukeys.shape[0], cells.shape[1]), dtype=np.int64)
        rest = ukeys
        for k in range(cells.shape[1] - 1, 0, -1):
            rest, rows[:, k] = np.divmod(rest, int(spans[k]))
        rows[:, 0] = rest
        return rows + lo, counts
    bins, counts = np.unique(cells, axis=0, return_counts=True)
    return bins, counts


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
    n = check_positive_int(n, "n")
    d = data.shape[1]
    if 2**d > 4 * max(n, 4):
        raise ValueError(
            f"seeds='grid' needs at least 2 seeds per axis, 2**{d} = {2**d:,} seeds in {d} "
            f"dimensions; a grid is for 2-D pictures of basins: use seeds=None (every "
            "sample), 'bin' or an array of seeds"
        )
    per_axis = max(2, int(round(n ** (1.0 / d))))
    while per_axis**d > max(n, 2**d) * 4 and per_axis > 2:
        per_axis -= 1
    lo, hi = data.min(axis=0), data.max(axis=0)
    axes = [np.linspace(lo[k], hi[k], per_axis) for k in range(d)]
    mesh = np.meshgrid(*axes, indexing="ij")
    seeds = np.stack([m.reshape(-1) for m in mesh], axis=1)
    return seeds, (per_axis,) * d


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
        self.X = readonly(check_X(X))
        check_scale(self.X)
        self.kernel = get_kernel(kernel)
        self.variant = check_variant(variant)
        self.max_iter = check_positive_int(max_iter, "max_iter")
        self.tol = check_tol(tol)
        h = resolve_bandwidth(bandwidth, self.X)
        self.bandwidth: float | FloatArray = h if isinstance(h, float) else readonly(h)
        self.variable = np.ndim(h) != 0
        n, d = self.X.shape
        self.seed_positions, self.seed_kind, self.grid_shape = _check_seeds(
            seeds, self.X, self.bandwidth, self.variant
        )
        readonly(self.seed_positions)
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
        # The shadow density at the points an update started from comes with the
        # update's own window sums (one bandwidth for all; a known shadow).
        self.shadow = self.kernel.shadow if not self.variable else None
        self.density = np.full(self.n_seeds, np.nan) if self.shadow is not None else None
        self._shadow_sums: FloatArray | None = None

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
        sums = windows.sums(queries, self.kernel.weight, count=count, shadow=self.shadow)
        assert sums.moment is not None
        self._shadow_sums = sums.shadow
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
        with one_blas_thread(self.X.shape[1]):
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
        uniq, inverse = unique_rows(queries)
        if uniq.shape[0] < 0.9 * queries.shape[0]:
            means, weight, inside = self._weighted_means(uniq, self.windows, count=count)
            means, weight = means[inverse], weight[inverse]
            inside = None if inside is None else inside[inverse]
            shadow = None if self._shadow_sums is None else self._shadow_sums[inverse]
        else:
            means, weight, inside = self._weighted_means(queries, self.windows, count=count)
            shadow = self._shadow_sums
        if self.density is not None and shadow is not None:
            self.density.fill(np.nan)
            self.density[active] = shadow
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
        if self.density is not None and self._shadow_sums is not None:
            self.density[:] = self._shadow_sums
        empty = ~(weight > 0)  # only possible for a custom kernel with g(0) = 0
        new = np.where(empty[:, None], self.pos, means)
        self.shift = np.sqrt(np.sum((new - self.pos) ** 2, axis=1))
        self.pos = new
        self.data = new
        self.empty = empty
        settled = self.shift <= self.tol * self.seed_h
        # The data moves together: it stops only when every point has settled.
        self.converged = np.ones_like(settled) if settled.all() else settled


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
    kernel : str, Kernel or callable, default="flat"
        The weighting kernel: a name from :data:`msviz.KERNELS` ("flat", "epanechnikov",
        "gaussian", or one added with :func:`msviz.register_kernel`), a Kernel, or a
        function ``g(u)`` of ``u = distance^2 / h^2``.
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
            readonly(run.pos.copy()),
            readonly(run.seed_h.copy()),
            readonly(run.converged.copy()),
            run.X if run.variant == "standard" else readonly(run.data.copy()),
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
    return record_mean_shift(
        X, bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
        max_iter=max_iter, tol=tol, cluster_all=cluster_all, labels=labels,
    )


def record_mean_shift(
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
    progress: Callable[[Trace], object] | None = None,
    every: float = 1.0,
    stop: Callable[[], bool] | None = None,
) -> Trace:
    """:func:`run_mean_shift`, showing the run so far to ``progress`` while it computes.

    ``progress(trace)`` is called with the steps recorded so far (a :class:`Trace`
    without centres, not converged) at most once every ``every`` seconds; the run
    and its result are :func:`run_mean_shift`'s, whatever ``progress`` does with it.
    ``stop()`` is asked before every update: when it returns true the run is
    abandoned and :class:`RunStopped` raised (a picture no longer wants it).

    Examples
    --------
    >>> seen = []
    >>> X = [[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]]
    >>> t = record_mean_shift(X, bandwidth=2.0, progress=lambda p: seen.append(len(p)), every=0)
    >>> seen == list(range(1, len(t))) and t.n_clusters == 2
    True
    >>> record_mean_shift(X, bandwidth=2.0, stop=lambda: True)
    Traceback (most recent call last):
    ...
    msviz.engine.run.RunStopped: stopped after 0 of at most 300 updates
    """
    label_mode = check_labels(labels)
    cluster_all = check_bool(cluster_all, "cluster_all")
    names = feature_names_of(X)
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
    # The shadow density of the update's own sums (NaN where no update started).
    dens_history = np.empty((capacity, n_seeds)) if run.density is not None else None
    next_at = time.perf_counter() + every
    k = 0
    while True:
        if k >= capacity:
            capacity = min(2 * capacity, run.max_iter + 1)
            history = _grow(history, capacity)
            if bw_history is not None:
                bw_history = _grow(bw_history, capacity)
            if conv_history is not None:
                conv_history = _grow(conv_history, capacity)
            if dens_history is not None:
                dens_history = _grow(dens_history, capacity)
        history[k] = run.pos
        if conv_history is not None:
            conv_history[k] = run.converged
        if bw_history is not None:
            bw_history[k] = run.seed_h
        stop_step[(stop_step > k) & run.converged] = k
        k += 1
        if stop is not None and stop():
            raise RunStopped(f"stopped after {k - 1} of at most {run.max_iter} updates")
        if not run.advance():
            if dens_history is not None:
                dens_history[k - 1] = np.nan
            break
        if dens_history is not None and run.density is not None:
            dens_history[k - 1] = run.density
        if progress is not None and time.perf_counter() >= next_at:
            progress(_partial_trace(run, history[:k], np.minimum(stop_step, k),
                                    None if bw_history is None else bw_history[:k],
                                    None if dens_history is None else dens_history[:k], names))
            next_at = time.perf_counter() + every
    if not run.converged.all():
        _warn_not_converged(run)
    stop_step[stop_step > k] = k
    # The trace keeps the history itself; a buffer much longer than the run is trimmed.
    kept = history[:k] if capacity <= 1.25 * k else history[:k].copy()
    return Trace._from_run(
        run,
        kept,
        stop_step,
        None if bw_history is None else bw_history[:k],
        None if conv_history is None else conv_history[:k],
        cluster_all=cluster_all,
        label_mode=label_mode,
        feature_names=names,
        density_sums=None if dens_history is None else dens_history[:k],
    )


def start_trace(
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
    """Step 0 of the run :func:`run_mean_shift` would make, as a one-step trace.

    No update is done: the moving points where they start, with their windows (what
    a picture can show at once while the whole run computes). Not marked converged,
    and no centres yet.

    Examples
    --------
    >>> t = start_trace([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]], bandwidth=2.0)
    >>> len(t), t.converged, t.positions[0].tolist() == [[0, 0], [1, 0], [5, 5]]
    (1, False, True)
    """
    run = _Run(X, bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
               max_iter=max_iter, tol=tol)
    n_seeds = run.pos.shape[0]
    return _partial_trace(
        run, run.pos[None].copy(), np.ones(n_seeds, dtype=np.intp),
        run.seed_h[None] if run.variable else None, None, feature_names_of(X),
        cluster_all=check_bool(cluster_all, "cluster_all"), labels=check_labels(labels),
    )


def _partial_trace(
    run: _Run,
    history: FloatArray,
    stop_step: IntArray,
    bw_history: FloatArray | None,
    dens_sums: FloatArray | None,
    names: tuple[str, ...] | None,
    *,
    cluster_all: bool = True,
    labels: str = "basin",
) -> Trace:
    """The steps of ``run`` recorded so far as a trace: no centres yet, not converged.

    Its density path comes from the update's own sums (``dens_sums``, NaN where no
    update started: a stopped point keeps the density it last had, which a picture
    cannot tell from the exact one); without sums it is computed when asked for.
    """
    n_seeds, d = run.pos.shape
    trace = Trace(
        run.X, readonly(history), bandwidth=run.bandwidth, kernel=run.kernel,
        variant=run.variant, seeds=run.seed_kind, grid_shape=run.grid_shape,
        max_iter=run.max_iter, tol=run.tol, bandwidths=bw_history,
        stop_step=stop_step, converged=False,
        # no centres yet, so nothing to rank for a merge: no count of each last window
        intensity=np.zeros(n_seeds, dtype=np.intp),
        centers=(np.empty((0, d)), np.full(n_seeds, -1, dtype=np.intp)),
        cluster_all=cluster_all, labels=labels, feature_names=names,
    )
    if dens_sums is not None and len(dens_sums) and np.ndim(run.bandwidth) == 0:
        known = ~np.isnan(dens_sums)
        rows = np.where(known, np.arange(len(dens_sums))[:, None], 0)
        np.maximum.accumulate(rows, axis=0, out=rows)
        filled = np.take_along_axis(dens_sums, rows, axis=0)
        trace._density_path = readonly(
            as_picture(np.nan_to_num(filled, nan=0.0) * trace._density_scale()))
    return trace


def _grow(a: NDArray[Any], capacity: int) -> NDArray[Any]:
    out = np.empty((capacity,) + a.shape[1:], dtype=a.dtype)
    out[: a.shape[0]] = a
    return out
