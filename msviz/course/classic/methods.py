"""The lesson's two methods, fixed radius and ring weighted, recorded as traces.

:func:`fixed_radius` and :func:`ring_weighted` run the lesson's loop
(``_run_classic``: one track per sample, centroids merged by exact equality,
the ring method's pruning) and record it as a :class:`ClassicTrace`. See the
docstring of :mod:`msviz.course.classic` for how a changing set of centroids
becomes a trace. numpy only.
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.course.classic.rings import (
    ZERO_DISTANCE,
    ClassicError,
    ClassicWarning,
    _check_n_rings,
    removal_marks,
    ring_kernel,
    ring_weights,
)
from msviz.engine import ConvergenceWarning, Trace
from msviz.engine._checks import check_X
from msviz.engine._types import BoolArray, FloatArray, IntArray, readonly
from msviz.engine.kernels import KERNELS, Kernel

__all__ = ["REPEAT_MAX_SAMPLES", "ClassicTrace", "fixed_radius", "ring_weighted"]


# repeat=True builds up to (n_rings - 1)**2 copies of every sample per centroid
# per pass; above this many samples it would run for minutes.
REPEAT_MAX_SAMPLES = 200


_STRICT_FLAT = Kernel(
    name="flat (strict <)",
    weight=lambda u: (u < 1.0).astype(np.float64),
    radius=1.0,
    shadow=KERNELS["flat"].shadow,
    shadow_name=KERNELS["flat"].shadow_name,
    shadow_norm=KERNELS["flat"].shadow_norm,
)


# --------------------------------------------------------------------------- the trace


class ClassicTrace(Trace):
    """A recorded run of one of the lesson's methods; a :class:`msviz.Trace`.

    Every sample has a track (``n_seeds == n_samples``); see the module docstring
    for how merged and removed centroids map onto tracks. Besides everything a
    Trace has (``positions``, ``cluster_centers``, ``labels``, ``len``, indexing,
    ``density``), it records:

    Attributes
    ----------
    method : str
        ``"fixed_radius"`` or ``"ring_weighted"``.
    radius : float
        The window radius (fixed) or the ring width (ring method).
    bandwidth : float
        The reach of the weights: ``radius`` for the fixed method,
        ``n_rings * radius = |mean(X)|`` for the ring method.
    alive : ndarray of shape (n_steps, n_seeds), dtype bool
        Tracks not yet removed (always True for the fixed method).
    primary : ndarray of shape (n_steps, n_seeds), dtype bool
        The lesson's centroids at each step: alive tracks that are the first
        (lowest index) at their position; at step 0 every sample (the lesson
        starts with one centroid per sample, duplicates included).
    n_centroids : ndarray of shape (n_steps,)
        How many centroids the lesson's code holds at each step.
    removed_step : ndarray of shape (n_seeds,)
        The step at which each track was removed (``len(trace)`` if never).
    removed_by : ndarray of shape (n_seeds,)
        The track whose centroid marked it for removal (-1 if never removed).
    n_rings : int or None
        The number of rings (ring method).
    data_mean : ndarray of shape (n_features,) or None
        The data's mean, whose norm sets the radius (ring method).
    copies : ndarray of shape (n_iter,) or None
        Rows the lesson's code builds in each pass by repeating samples (ring
        method): the cost of weighting by copying.
    repeat : bool
        Whether samples were literally repeated (ring method, ``repeat=True``).

    """

    method: str
    radius: float
    alive: BoolArray
    primary: BoolArray
    n_centroids: IntArray
    removed_step: IntArray
    removed_by: IntArray
    n_rings: int | None
    data_mean: FloatArray | None
    copies: NDArray[np.int64] | None
    repeat: bool

    def centroids_at(self, step: int) -> FloatArray:
        """Return the lesson's centroids after ``step`` passes, in its (sorted) order.

        Parameters
        ----------
        step : int
            A step index (negative counts from the end).

        Returns
        -------
        ndarray of shape (n_centroids, n_features)

        """
        k = self[step].index
        if k == 0:
            return self.X.copy()  # the lesson's first centroids: the samples, in data order
        return _sorted_rows(self.positions[k][self.primary[k]])

    def sample_weights(self, step: int, seed: int) -> FloatArray:
        """How much each sample counts in the next update of track ``seed`` at ``step``.

        Fixed radius: 1 for samples closer than the radius, else 0. Ring method:
        the ring weight ``(n_rings - 1 - k)**2``.

        Parameters
        ----------
        step : int
            A step index.
        seed : int
            A track index.

        Returns
        -------
        ndarray of shape (n_samples,)

        """
        p = self[step].positions[seed]
        d = np.linalg.norm(self.X - p, axis=1)
        if self.method == "fixed_radius":
            return (d < self.radius).astype(np.float64)
        assert self.n_rings is not None
        return ring_weights(d, self.radius, self.n_rings)

    def __repr__(self) -> str:
        return (
            f"ClassicTrace(method={self.method!r}, radius={self.radius:.4g}, "
            f"n_steps={len(self)}, n_centroids={int(self.n_centroids[-1])}, "
            f"n_clusters={self.n_clusters}, converged={self.converged})"
        )


def _sorted_rows(a: FloatArray) -> FloatArray:
    """Rows in lexicographic order, as Python sorts tuples."""
    if a.shape[0] <= 1:
        return a.copy()
    order = np.lexsort(a.T[::-1])
    return a[order]


# --------------------------------------------------------------------------- the methods


def _check_max_iter(max_iter: object) -> int:
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be an integer >= 1, got {max_iter!r}")
    return int(max_iter)


class _Recorder:
    """Grows the per-step arrays of a classic run in preallocated blocks."""

    def __init__(self, n: int, d: int, max_iter: int) -> None:
        self.cap = min(max_iter + 1, 32)
        self.max_iter = max_iter
        self.pos = np.empty((self.cap, n, d))
        self.alive = np.empty((self.cap, n), dtype=bool)
        self.k = 0

    def add(self, pos: FloatArray, alive: BoolArray) -> None:
        if self.k >= self.cap:
            self.cap = min(2 * self.cap, self.max_iter + 1)
            for name in ("pos", "alive"):
                old = getattr(self, name)
                new = np.empty((self.cap,) + old.shape[1:], dtype=old.dtype)
                new[: self.k] = old[: self.k]
                setattr(self, name, new)
        self.pos[self.k] = pos
        self.alive[self.k] = alive
        self.k += 1


def _run_classic(
    X: FloatArray,
    update: Any,
    *,
    prune_radius: float | None,
    max_iter: int,
    name: str,
) -> tuple[_Recorder, IntArray, IntArray, bool, list[int]]:
    """Run the lesson's loop, one track per sample.

    ``update(c)`` returns (new position, copies built) for one centroid.
    Returns the recording, removed_step, removed_by, whether the loop stopped by
    itself, and the copies per pass.
    """
    n, d = X.shape
    rec = _Recorder(n, d, max_iter)
    pos = X.copy()
    alive = np.ones(n, dtype=bool)
    removed_step = np.full(n, -1, dtype=np.intp)
    removed_by = np.full(n, -1, dtype=np.intp)
    rec.add(pos, alive)
    # The lesson's centroid dict before the first pass: the samples in data order.
    prev_list = X.copy()
    copies: list[int] = []
    stopped = False
    for k in range(1, max_iter + 1):
        live = np.flatnonzero(alive)
        uniq, inverse = np.unique(pos[live], axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        new_u = np.empty_like(uniq)
        built = 0
        for i in range(uniq.shape[0]):
            new_u[i], c = update(uniq[i])
            built += c
        copies.append(built)
        pos = pos.copy()
        pos[live] = new_u[inverse]
        # The lesson's set of tuples, sorted.
        new_list, new_inv = np.unique(pos[live], axis=0, return_inverse=True)
        new_inv = new_inv.reshape(-1)
        if prune_radius is not None:
            gone, marked_by = removal_marks(new_list, prune_radius)
            if gone.any():
                # The primary (lowest-index) track at each surviving position.
                first = np.full(new_list.shape[0], -1, dtype=np.intp)
                for t, g in zip(live[::-1], new_inv[::-1], strict=True):
                    first[g] = t
                hit = gone[new_inv]
                dead = live[hit]
                alive = alive.copy()
                alive[dead] = False
                removed_step[dead] = k
                removed_by[dead] = first[marked_by[new_inv[hit]]]
                new_list = new_list[~gone]
        rec.add(pos, alive)
        # The lesson's test: each new centroid equals the old one at the same place.
        m = new_list.shape[0]
        if prev_list.shape[0] >= m and np.array_equal(new_list, prev_list[:m]):
            stopped = True
            break
        prev_list = new_list
    if not stopped:
        moving = int(np.count_nonzero(np.any(rec.pos[rec.k - 1] != rec.pos[rec.k - 2], axis=1)))
        warnings.warn(
            f"{name} stopped after max_iter={max_iter} passes with {moving} tracks still "
            "moving; the lesson's loop has no cap and would have kept going (it stops only "
            "when no centroid moves at all); raise max_iter to let it run longer",
            ConvergenceWarning,
            stacklevel=3,
        )
    removed_step[removed_step < 0] = rec.k
    return rec, removed_step, removed_by, stopped, copies


def _finish(
    X: FloatArray,
    rec: _Recorder,
    removed_step: IntArray,
    removed_by: IntArray,
    stopped: bool,
    *,
    method: str,
    radius: float,
    bandwidth: float,
    kernel: Kernel,
    max_iter: int,
) -> ClassicTrace:
    n_steps = rec.k
    history = rec.pos[:n_steps]
    alive = rec.alive[:n_steps]
    n = X.shape[0]
    # Stopped tracks: removed, or not moved since the previous step (a fixed point
    # of a deterministic update stays fixed). The lesson's own stop ends them all.
    conv = np.zeros((n_steps, n), dtype=bool)
    for k in range(1, n_steps):
        same = np.all(history[k] == history[k - 1], axis=1)
        conv[k] = conv[k - 1] | same | ~alive[k]
    if stopped:
        conv[-1] = True
    primary = np.zeros((n_steps, n), dtype=bool)
    primary[0] = True  # the lesson starts with one centroid per sample, duplicates too
    for k in range(1, n_steps):
        live = np.flatnonzero(alive[k])
        _, first = np.unique(history[k][live], axis=0, return_index=True)
        primary[k, live[first]] = True
    final = history[-1]
    centers = _sorted_rows(final[primary[-1]])
    seed_labels = np.full(n, -1, dtype=np.intp)
    if centers.shape[0]:
        live = np.flatnonzero(alive[-1])
        for j, c in enumerate(centers):
            seed_labels[live[np.all(final[live] == c, axis=1)]] = j
    stop_step = np.full(n, n_steps, dtype=np.intp)
    for k in range(n_steps - 1, -1, -1):
        stop_step[conv[k]] = k
    # ClassicTrace(...), not Trace.from_history: the lesson's tracks stop when removed or
    # when a pass left them where they were (one step after from_history's rule, which
    # counts a point as stopped at its last move) and all stop when the lesson's loop
    # does; that needs stop_step=. max_iter= records the cap the caller gave, where
    # from_history would record len(trace) - 1.
    trace = ClassicTrace(
        X,
        history,
        bandwidth=bandwidth,
        kernel=kernel,
        seeds="samples",
        max_iter=max_iter,
        tol=0.0,
        stop_step=stop_step,
        converged=stopped,
        labels="nearest",  # the lesson labels each sample by its nearest centroid
        centers=(centers, seed_labels),
    )
    assert isinstance(trace, ClassicTrace)
    trace.method = method
    trace.radius = float(radius)
    trace.alive = readonly(alive.copy())
    trace.primary = readonly(primary)
    trace.n_centroids = readonly(primary.sum(axis=1).astype(np.intp))
    trace.removed_step = readonly(removed_step)
    trace.removed_by = readonly(removed_by)
    trace.n_rings = None
    trace.data_mean = None
    trace.copies = None
    trace.repeat = False
    return trace


def fixed_radius(X: ArrayLike, radius: float, *, max_iter: int = 300) -> ClassicTrace:
    """Run the lesson's fixed-radius mean shift and record every pass.

    1. Every sample starts as a centroid.
    2. Each pass moves every centroid to the plain mean of the samples whose
       distance to it is *strictly less* than ``radius``.
    3. Centroids that land on exactly the same spot become one (the lesson turns
       them into tuples in a set); the survivors are kept sorted.
    4. The loop stops when each centroid equals the one at the same place in the
       previous sorted list: no centroid moved at all, with no tolerance.
    5. Each sample is labelled by its nearest centroid.

    The lesson's loop has no iteration cap; here ``max_iter`` passes stop it with
    a :class:`msviz.ConvergenceWarning`. The flat update reaches an exact fixed
    point after finitely many passes, so the cap is rarely hit.

    Every sample keeps its own track for the whole run: centroids that merge
    simply share a position from then on (``trace.primary`` marks the lesson's
    centroids, ``trace.n_centroids`` counts them at each step). Flaws kept on
    purpose: centroids a fraction of the radius apart all survive (see
    :func:`near_duplicates`), and the radius is absolute, so rescaling the data
    changes the answer.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    radius : float
        The window radius, in the data's units (> 0).
    max_iter : int, default=300
        The most passes (the lesson has no cap).

    Returns
    -------
    ClassicTrace
        ``cluster_centers`` are the lesson's final centroids in its (sorted)
        order; ``labels`` the nearest centroid of each sample.

    Warns
    -----
    msviz.ConvergenceWarning
        When ``max_iter`` passes end with centroids still moving.

    Examples
    --------
    Three samples close together and two more far away. The left group ends as
    three centroids within one radius of each other: near-duplicates.

    >>> trace = fixed_radius([[0.0], [1.0], [2.0], [10.0], [11.0]], radius=1.5)
    >>> trace.cluster_centers.ravel().tolist()
    [0.5, 1.0, 1.5, 10.5]
    >>> trace.labels.tolist(), trace.n_iter
    ([0, 1, 2, 3, 3], 2)

    """
    data = check_X(X)
    r = _check_radius(radius)
    max_iter = _check_max_iter(max_iter)

    def update(c: FloatArray) -> tuple[FloatArray, int]:
        inside = np.linalg.norm(data - c, axis=1) < r
        # Never empty: the mean of the previous window has a sample closer than r.
        return data[inside].mean(axis=0), int(np.count_nonzero(inside))

    rec, removed_step, removed_by, stopped, _ = _run_classic(
        data, update, prune_radius=None, max_iter=max_iter, name="fixed_radius"
    )
    return _finish(
        data, rec, removed_step, removed_by, stopped,
        method="fixed_radius", radius=r, bandwidth=r, kernel=_STRICT_FLAT, max_iter=max_iter,
    )  # fmt: skip


def _check_radius(radius: object) -> float:
    if isinstance(radius, bool) or not isinstance(radius, numbers.Real):
        raise ValueError(f"radius must be a number > 0, got {radius!r}")
    r = float(radius)
    if not (r > 0 and math.isfinite(r)):
        raise ValueError(
            f"radius must be a finite number > 0, got {radius!r}; try a distance typical of "
            "the gaps between samples inside a cluster"
        )
    return r


def ring_weighted(
    X: ArrayLike,
    *,
    n_rings: int = 100,
    radius: float | None = None,
    repeat: bool = False,
    max_iter: int = 300,
) -> ClassicTrace:
    """Run the lesson's "dynamic bandwidth" (ring-weighted) mean shift and record it.

    1. ``radius = |mean(X)| / n_rings`` (:func:`ring_radius`) unless given.
    2. Every sample starts as a centroid.
    3. Each pass moves every centroid to the weighted mean of *all* samples: a
       sample at distance ``d`` lies in ring ``k = int(d / radius)`` (at most
       ``n_rings - 1``; a distance of 0 counts as 1e-11) and weighs
       ``(n_rings - 1 - k)**2`` (:func:`ring_weights`).
    4. Exactly equal centroids become one; then every centroid marks the first
       other centroid within one radius and all marked ones are removed
       (:func:`removal_marks`) — two close centroids remove *each other*.
    5. The loop stops when no surviving centroid moved (exact equality);
       samples are labelled by the nearest surviving centroid.

    The lesson gets the weights by repeating each sample ``(n_rings - 1 - k)**2``
    times and averaging. ``repeat=False`` computes the same weighted mean from
    the weights directly (the same answer up to rounding, thousands of times
    faster); ``repeat=True`` builds the copies literally, to show the cost
    (``trace.copies`` counts them either way).

    Kept on purpose: the radius measures where the data is relative to the
    origin (shift the data by +100 and the clusters vanish); data centred on the
    origin gives radius 0 and the lesson's code crashes (a :class:`ClassicError`
    here); pairs of close centroids delete each other, so whole clusters can
    disappear (a :class:`ClassicWarning` when none is left). It is not variable
    bandwidth: every centroid uses the same kernel, :func:`ring_kernel`, with
    bandwidth ``n_rings * radius`` (which is ``trace.bandwidth``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    n_rings : int, default=100
        The lesson's ``radius_norm_step``.
    radius : float, optional
        The ring width; None derives it from the data as the lesson does.
    repeat : bool, default=False
        Repeat samples literally, as the lesson does (at most 200 samples).
    max_iter : int, default=300
        The most passes (the lesson has no cap).

    Returns
    -------
    ClassicTrace
        With ``radius``, ``n_rings``, ``data_mean``, ``copies``, ``alive``,
        ``removed_step`` and ``removed_by`` recorded.

    Raises
    ------
    ClassicError
        When the radius is 0 or so small that a centroid gets no weight at all,
        because the data is centred on the origin.

    Warns
    -----
    ClassicWarning
        When every centroid was removed, or more than half the samples are left as
        clusters of their own (nothing useful found).
    msviz.ConvergenceWarning
        When ``max_iter`` passes end with centroids still moving.

    Examples
    --------
    Three samples around 100: the radius is |100| / 100 = 1, so the ring width is 1.

    >>> trace = ring_weighted([[99.0], [100.0], [101.0]])
    >>> trace.radius, trace.bandwidth
    (1.0, 100.0)
    >>> trace.sample_weights(0, 0).tolist()   # rings 0, 1, 2 seen from 99
    [9801.0, 9604.0, 9409.0]

    """
    data = check_X(X)
    n = _check_n_rings(n_rings)
    max_iter = _check_max_iter(max_iter)
    mean = np.average(data, axis=0)
    if radius is None:
        r = float(np.linalg.norm(mean)) / n
        if r == 0.0 or not r > ZERO_DISTANCE / (n - 1):
            raise ClassicError(_centred_message(mean, r, n))
    else:
        r = _check_radius(radius)
    if repeat and data.shape[0] > REPEAT_MAX_SAMPLES:
        raise ValueError(
            f"repeat=True copies every sample up to {(n - 1) ** 2:,} times per centroid per "
            f"pass: with {data.shape[0]} samples that is up to "
            f"{(n - 1) ** 2 * data.shape[0] ** 2:,} rows per pass and would run for minutes. "
            f"Use repeat=False (the same weighted mean) or at most {REPEAT_MAX_SAMPLES} samples"
        )

    def update(c: FloatArray) -> tuple[FloatArray, int]:
        w = ring_weights(np.linalg.norm(data - c, axis=1), r, n)
        total = float(w.sum())
        if total == 0.0:
            raise ClassicError(_centred_message(mean, r, n))
        if repeat:
            return np.repeat(data, w.astype(np.intp), axis=0).mean(axis=0), int(total)
        return (w @ data) / total, int(total)

    rec, removed_step, removed_by, stopped, copies = _run_classic(
        data, update, prune_radius=r, max_iter=max_iter, name="ring_weighted"
    )
    trace = _finish(
        data, rec, removed_step, removed_by, stopped,
        method="ring_weighted", radius=r, bandwidth=n * r, kernel=ring_kernel(n),
        max_iter=max_iter,
    )  # fmt: skip
    trace.n_rings = n
    trace.data_mean = readonly(mean.copy())
    trace.copies = readonly(np.asarray(copies, dtype=np.int64))
    trace.repeat = bool(repeat)
    if trace.n_clusters == 0:
        warnings.warn(
            f"ring_weighted removed every centroid (radius {r:.4g}): close centroids mark "
            "each other and both are deleted, so whole clusters vanished and no sample has "
            "a cluster (labels are -1; the lesson's code would crash when labelling)",
            ClassicWarning,
            stacklevel=2,
        )
    elif data.shape[0] >= 4 and trace.n_clusters > data.shape[0] // 2:
        warnings.warn(
            f"ring_weighted kept {trace.n_clusters} clusters for {data.shape[0]} samples: the "
            f"radius {r:.4g} (= |mean| / {n}) is so small next to the gaps between samples "
            "that each centroid barely sees its neighbours (the data is close to the origin "
            "compared with its spread)",
            ClassicWarning,
            stacklevel=2,
        )
    return trace


def _centred_message(mean: FloatArray, r: float, n: int) -> str:
    where = np.array2string(mean, precision=3, separator=", ")
    size = "0" if r == 0.0 else f"{r:.3g} (zero up to rounding)"
    return (
        f"the radius is |mean|/{n} = {size} because the data is centred on the origin "
        f"(mean of X = {where}). Every sample then falls in the last ring, whose weight "
        f"(99 - 99)**2 is 0, so the weighted mean is 0 / 0 and the lesson's code crashes. "
        "The 'dynamic' radius measures how far the data's centre is from the origin, not "
        "how spread out the data is: shift the data (and watch the answer change with the "
        "shift), pass radius= yourself, or use msviz.run_mean_shift with a bandwidth"
    )
