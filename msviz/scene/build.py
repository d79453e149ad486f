"""The Scene: everything a picture of a run needs, computed once per trace."""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine._checks import check_feature_names, check_int, check_step
from msviz.engine._types import BoolArray, FloatArray, IntArray, readonly
from msviz.engine.bandwidth import bandwidth_text
from msviz.engine.trace import Trace
from msviz.scene.density import (
    DENSITY_RESOLUTION,
    BasinMap,
    DensityMap,
    _basin_map,
    _density_map,
    binned_density_at,
)
from msviz.scene.projection import Projection, ProjectionSpec, fit_projection
from msviz.scene.states import StepStates, _states

__all__ = [
    'Convergence', 'Scene', 'StepStates', 'build_scene', 'cached_scenes', 'choose_highlights',
    'scene_for',
]


#: Default number of moving points drawn with their full window.
N_WINDOWS = 6


#: Up to this many moving points every point gets a shift arrow; above, only
#: the highlighted ones (thousands of arrows are clutter, and slow).
ARROWS_ALL = 400


#: Fraction of the axes height kept free at the top for the step label.
LABEL_BAND = 0.09


#: Shifts below ``threshold / SHIFT_FLOOR`` (and zero shifts) sit on the floor of the log axis.
SHIFT_FLOOR = 30.0


#: U+2007, a space as wide as a digit: pads the numbers of the step label.
FIGURE_SPACE = "\u2007"


@dataclass(frozen=True, eq=False)
class Convergence:
    """The series of the convergence panel.

    Attributes
    ----------
    max_shift : ndarray of shape (n_steps,)
        The largest move of any point into each step, NaN at step 0. Values at
        or below :attr:`floor` (zero, round-off) are set to the floor so a log
        axis can draw them.
    raw_shift : ndarray of shape (n_steps,)
        The same without the floor.
    at_floor : ndarray of shape (n_steps,), dtype bool
        Steps whose largest shift is at or below the floor.
    floor : float
        ``threshold / 30``: where tiny shifts are drawn.
    threshold : float
        The stopping rule on the same scale: a point stops when its shift is at
        most this.
    shift_label : str
        Axis label of ``max_shift``.
    relative : bool
        True if shifts are divided by each point's bandwidth (per-sample
        bandwidths, where one threshold in data units does not exist).
    mean_density : ndarray of shape (n_steps,) or None
        The mean shadow density at the moving points; rises for the standard
        variant. None for a custom kernel without a known shadow.
    density_label : str
        Axis label of ``mean_density``.
    """

    max_shift: FloatArray
    raw_shift: FloatArray
    at_floor: BoolArray
    floor: float
    threshold: float
    shift_label: str
    relative: bool
    mean_density: FloatArray | None
    density_label: str

    def shift_span(self) -> tuple[float, float]:
        """The smallest and largest value a log axis of :attr:`max_shift` must show.

        The finite shifts, the floor and the threshold all lie in between.
        """
        finite = self.max_shift[np.isfinite(self.max_shift)]
        lo = min(float(finite.min()) if finite.size else self.threshold, self.floor)
        hi = max(float(finite.max()) if finite.size else self.threshold, self.threshold)
        return lo, hi


@dataclass(frozen=True, eq=False)
class Scene:
    """Drawing coordinates and series for every step of one trace.

    Build with :func:`scene_for` (cached) or :func:`build_scene`. Arrays are
    read-only. Coordinates are in the drawing plane (see :class:`Projection`).

    Attributes
    ----------
    kind : {"plane", "projection", "line"}
        Two features; a projection of more; one feature drawn as a hill.
    projection : Projection
    variant : str
        "standard" or "blurring".
    n_steps, n_seeds, n_samples, n_features : int
    positions : ndarray of shape (n_steps, n_seeds, 2)
        The moving points at every step.
    data : ndarray of shape (n_samples, 2)
        The data. For blurring, where the data moves, this is where it started.
    radii : ndarray of shape (n_steps, n_seeds)
        Each moving point's window radius (its bandwidth) at every step.
    ring_scales : tuple of float
        Radii of the rings drawn per window, in bandwidths: (1,) for compact
        kernels, (1, 2) (1σ and 2σ) for the Gaussian.
    converged : ndarray of shape (n_steps, n_seeds), dtype bool
        Stopped points at every step (made from :attr:`state` when asked for).
    n_stopped : ndarray of shape (n_steps,)
    state : ndarray or StepStates of shape (n_steps, n_seeds), dtype int8
        0 moving, 1 stopped, 2 stopped because its window held no data (a grid
        seed far from the data). ``state[k]`` is step k's row. Where points stop once
        and for all, a :class:`StepStates` that makes each row when asked for.
    highlight : ndarray of shape (n_highlight,)
        Moving points drawn with their window, spread out over the data.
    arrow_idx : ndarray of shape (n_arrows,)
        Moving points drawn with a shift arrow: all of them up to 400, else the
        highlighted ones.
    centers : ndarray of shape (n_clusters, 2)
        The modes.
    mode_step : ndarray of shape (n_clusters,)
        The step from which each mode is shown: when every point that climbs to
        it has stopped.
    labels : ndarray of shape (n_samples,)
        Cluster of every sample.
    seed_labels : ndarray of shape (n_seeds,)
        Cluster every moving point climbed to.
    xlim, ylim : tuple of float
        Axis limits, fixed for the whole run.
    equal_aspect : bool
        True if one unit is as long on both axes (windows are round).
    density : DensityMap or None
        None when the kernel has no known shadow density.
    basins : BasinMap or None
        Only for ``seeds="grid"`` with two features.
    convergence : Convergence
    title, subtitle : str
        What was run, for the figure title.
    converged_run : bool
        Whether every point stopped before ``max_iter``.
    in_progress : bool
        The trace is a run still computing (its steps so far, no centres yet).
    """

    kind: str
    projection: Projection
    variant: str
    n_steps: int
    n_seeds: int
    n_samples: int
    n_features: int
    positions: FloatArray
    data: FloatArray
    radii: FloatArray
    ring_scales: tuple[float, ...]
    n_stopped: IntArray
    state: NDArray[np.int8] | StepStates
    highlight: IntArray
    arrow_idx: IntArray
    centers: FloatArray
    mode_step: IntArray
    labels: IntArray
    seed_labels: IntArray
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    equal_aspect: bool
    density: DensityMap | None
    basins: BasinMap | None
    convergence: Convergence
    title: str
    subtitle: str
    converged_run: bool
    in_progress: bool = False

    @property
    def converged(self) -> BoolArray:
        """Stopped points at every step, shape (n_steps, n_seeds) (``state > 0``)."""
        return readonly(np.asarray(self.state) > 0)

    @property
    def n_clusters(self) -> int:
        """The number of modes."""
        return int(self.centers.shape[0])

    @property
    def last(self) -> int:
        """Index of the last step."""
        return self.n_steps - 1

    def check_step(self, step: int) -> int:
        """Return ``step`` as an index in ``0 .. n_steps - 1`` (negative counts from the end).

        Raises
        ------
        IndexError
            If the step is out of range.
        """
        return check_step(step, self.n_steps)

    def move(self, step: int) -> FloatArray:
        """``positions[step] - positions[step - 1]`` (zero at step 0): the shift arrows.

        Shape (n_seeds, 2); computed for the one step asked for.
        """
        if step == 0:
            return np.zeros(self.positions.shape[1:])
        return self.positions[step] - self.positions[step - 1]

    @property
    def moves(self) -> FloatArray:
        """Every step's :meth:`move`, shape (n_steps, n_seeds, 2) (made on each access)."""
        out = np.zeros_like(self.positions)
        out[1:] = np.diff(self.positions, axis=0)
        return out

    def trail(self, step: int) -> FloatArray:
        """The path of every moving point up to ``step``: shape (n_seeds, step + 1, 2).

        A read-only view into :attr:`positions`, no copy.
        """
        return self.positions[: step + 1].swapaxes(0, 1)

    def data_at(self, step: int) -> FloatArray:
        """The data points at ``step`` (they move only in the blurring variant)."""
        return self.positions[step] if self.variant == "blurring" else self.data

    def targets_at(self, step: int) -> FloatArray:
        """Where the points still moving at ``step`` go next: their windows' weighted means.

        The next recorded position of each moving point (none at the last step).
        """
        if step >= self.last:
            return np.empty((0, 2))
        return self.positions[step + 1][self.state[step] == 0]

    def modes_at(self, step: int) -> FloatArray:
        """The modes shown at ``step``: those whose points have all stopped."""
        return self.centers[self.mode_step <= step]

    def step_label(self, step: int) -> str:
        """The text shown inside the axes at ``step``.

        Examples
        --------
        >>> import msviz
        >>> trace = msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=1.5)
        >>> scene_for(trace).step_label(0)
        'step 0 / 2 · start: 3 points, none stopped'
        """
        k = self.check_step(step)
        n = self.n_seeds
        word = "point" if n == 1 else "points"
        stopped = int(self.n_stopped[k])
        if 0 < k < self.last:
            # Padded at the end with figure spaces (as wide as a digit) for the
            # digits the numbers have fewer than their widest between start and
            # end: the text keeps its width while the run plays, so nothing else
            # jiggles, and no gap opens between words (issue 10).
            most = int(self.n_stopped[1 : self.last].max())
            pad = (len(str(self.last - 1)) - len(str(k))) + (len(str(most)) - len(str(stopped)))
            return f"step {k} / {self.last} · {stopped} of {n} {word} stopped" + \
                FIGURE_SPACE * max(pad, 0)
        head = f"step {k} / {self.last}"
        if self.in_progress and k == self.last:
            # the run so far (the explorer shows its steps while it computes)
            if k == 0:
                return f"step 0 · start: {n} {word} · computing the run …"
            return f"{head} · {n - stopped} of {n} {word} still moving · computing the run …"
        if k == self.last:
            clusters = f"{self.n_clusters} cluster{'s' if self.n_clusters != 1 else ''}"
            held = int(np.unique(self.labels[self.labels >= 0]).size)
            if held < self.n_clusters:
                # seeds away from the samples (a grid) can climb to a bump a few outlying
                # samples make, which no sample then belongs to: say so, not "5 clusters"
                clusters = f"{self.n_clusters} modes, {held} with samples"
            if stopped == n:
                return f"{head} · all {n} {word} stopped · {clusters}"
            return f"{head} · max_iter reached, {n - stopped} of {n} still moving · {clusters}"
        if k == 0 and stopped == 0:
            return f"{head} · start: {n} {word}, none stopped"
        return f"{head} · {stopped} of {n} {word} stopped"  # k == 0 with stopped points


def choose_highlights(
    starts: ArrayLike,
    n: int,
    *,
    weight: ArrayLike | None = None,
    eligible: ArrayLike | None = None,
) -> IntArray:
    """Pick ``n`` points spread out over the data (farthest-point sampling).

    Starts from the eligible point nearest the median and repeatedly adds the
    point farthest from those already chosen. Points with a ``weight`` below the
    25th percentile (e.g. lonely outliers in a thin density) are skipped, so the
    chosen points sit in the data, not only on its rim.

    Parameters
    ----------
    starts : array-like of shape (n_points, 2)
        Where the points start.
    n : int
        How many to pick (all if there are no more).
    weight : array-like of shape (n_points,), optional
        A typicality score, e.g. the density at each start.
    eligible : array-like of shape (n_points,), dtype bool, optional
        Points that may be picked.

    Returns
    -------
    ndarray of shape (min(n, n_points),)
        Indices, sorted.

    Examples
    --------
    >>> choose_highlights([[0, 0], [0.1, 0], [5, 5], [10, 0]], 3).tolist()
    [1, 2, 3]
    """
    pts = np.asarray(starts, dtype=np.float64)
    m = pts.shape[0]
    if n <= 0 or m == 0:
        return np.empty(0, dtype=np.intp)
    if n >= m:
        return np.arange(m, dtype=np.intp)
    ok = np.ones(m, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool).copy()
    if weight is not None:
        w = np.asarray(weight, dtype=np.float64)
        finite = np.isfinite(w)
        if finite.any():
            cut = np.quantile(w[finite], 0.25)
            typical = ok & finite & (w >= cut)
            if typical.sum() >= n:
                ok = typical
    if ok.sum() < n:
        ok[:] = True
    cand = np.flatnonzero(ok)
    cp = pts[cand]
    first = int(np.argmin(np.sum((cp - np.median(cp, axis=0)) ** 2, axis=1)))
    chosen = [first]
    dist = np.sum((cp - cp[first]) ** 2, axis=1)
    while len(chosen) < n:
        nxt = int(np.argmax(dist))
        if dist[nxt] <= 0:  # only duplicates left
            rest = np.setdiff1d(np.arange(cand.size), chosen)[: n - len(chosen)]
            chosen.extend(int(r) for r in rest)
            break
        chosen.append(nxt)
        dist = np.minimum(dist, np.sum((cp - cp[nxt]) ** 2, axis=1))
    return np.sort(cand[np.asarray(chosen, dtype=np.intp)])


def _limits(
    points: FloatArray, aspect: float, equal: bool, pad: float = 0.04, top_band: float = 0.0
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits around ``points`` (m, 2); with ``equal`` widened to the box aspect.

    ``top_band`` is a fraction of the height left free above the points.
    """
    finite = points[np.all(np.isfinite(points), axis=1)]
    if finite.size == 0:
        finite = np.zeros((1, 2))
    lo, hi = finite.min(axis=0), finite.max(axis=0)
    span = hi - lo
    big = float(span.max()) if span.max() > 0 else 1.0
    span = np.where(span > 0, span, 0.1 * big)
    centre = (lo + hi) / 2
    half = span * (0.5 + pad)
    if top_band > 0:
        # Grow the height so the points fill (1 - top_band) of it, from the bottom.
        extra = 2 * half[1] * top_band / (1 - top_band)
        centre[1] += extra / 2
        half[1] += extra / 2
    if equal:
        # Widen the shorter side so one unit is as long on both axes in a box of
        # width/height = aspect.
        if half[0] / half[1] < aspect:
            half[0] = half[1] * aspect
        else:
            half[1] = half[0] / aspect
    return (
        (float(centre[0] - half[0]), float(centre[0] + half[0])),
        (float(centre[1] - half[1]), float(centre[1] + half[1])),
    )


def _titles(trace: Trace, projection: Projection) -> tuple[str, str]:
    kernel = trace.kernel
    name = kernel.name or "custom"
    variant = "blurring mean shift" if trace.variant == "blurring" else "mean shift"
    h = bandwidth_text(trace.bandwidth, detail=True)
    title = f"{variant[0].upper()}{variant[1:]} · {name} kernel · {h}"
    parts = []
    if kernel.shadow is not None and kernel.shadow_name:
        # Plain words: the shadow's name (e.g. Epanechnikov) is explained in notebook 3.
        parts.append("climbs the density hill of the data")
    if trace.variant == "blurring":
        parts.append("the data itself moves")
    if trace.seeds == "grid":
        parts.append("seeds on a grid")
    elif trace.seeds == "bin":
        parts.append("bin seeding")
    return title, " · ".join(parts)


def build_scene(
    trace: Trace,
    *,
    projection: ProjectionSpec = None,
    feature_names: Sequence[str] | None = None,
    n_windows: int = N_WINDOWS,
    highlight: ArrayLike | None = None,
    aspect: float = 1.0,
    resolution: int = DENSITY_RESOLUTION,
    bounds: tuple[float, float, float, float] | None = None,
) -> Scene:
    """Compute everything the view draws for ``trace`` (no caching; see :func:`scene_for`).

    Parameters
    ----------
    trace : Trace
        A finished run.
    projection : None, "pca" or (int, int)
        How to draw more than two features (see :func:`fit_projection`).
    feature_names : sequence of str, optional
        Column names for the axis labels (default: the trace's own, from a DataFrame).
    n_windows : int, default=6
        How many moving points get their window drawn (spread out over the data).
    highlight : array-like of int, optional
        Exactly which moving points get a window (overrides ``n_windows``).
    aspect : float, default=1.0
        Width / height of the axes box; the limits are widened to it so that
        windows are round and the box is filled.
    resolution : int, default=200
        Pixels per side of the density image.
    bounds : (x0, x1, y0, y1), optional
        A box the limits (and the density image) must contain, e.g. a drawing
        canvas that should not shrink while points are added (planes only).

    Returns
    -------
    Scene
    """
    projection, feature_names, n_windows, highlight, aspect, resolution = _scene_options(
        trace, projection, feature_names, n_windows, highlight, aspect, resolution
    )
    box = _check_bounds(bounds)
    X = trace.X
    n_samples, d = X.shape
    n_steps, n_seeds = trace.positions.shape[:2]
    proj = fit_projection(X, projection, feature_names=feature_names)
    line = proj.kind == "line"
    kind = "line" if line else ("plane" if proj.kind == "identity" else "projection")
    has_shadow = trace.kernel.shadow is not None and trace.kernel.shadow_norm is not None
    # Big runs weigh the windows they draw by the density at the starts from binned data
    # (None otherwise): a first picture, drawn before the run has sums of its own, then
    # draws the same windows as the finished run.
    start_density = binned_density_at(trace.positions[0], trace.X, trace.bandwidth,
                                      trace.kernel) if has_shadow else None
    density_path = _density_path(trace, start_density) if has_shadow else None

    # The plane shows the trace's own (read-only) positions: no copy of the history.
    positions = trace.positions if proj.kind == "identity" else proj.project(trace.positions)
    data = proj.project(X)
    centers = proj.project(trace.cluster_centers)
    if line:
        # One feature: draw each point at the height of the density it has climbed to.
        if density_path is not None:
            positions[..., 1] = density_path
            # A mode is drawn on the hill, at the density of the centre itself.
            if len(centers):
                centers[:, 1] = trace.density(trace.cluster_centers)
    # one bandwidth for all: a broadcast view, not n_steps x n_seeds copies of it
    radii = np.broadcast_to(np.asarray(trace.bandwidths, dtype=np.float64), (n_steps, n_seeds))
    ring_scales: tuple[float, ...] = (1.0,) if trace.kernel.compact else (1.0, 2.0)

    state = _states(trace, n_steps, n_seeds)
    if isinstance(state, StepStates):
        n_stopped = np.searchsorted(np.sort(state.stop), np.arange(n_steps), side="right")
    else:
        n_stopped = np.count_nonzero(state, axis=1)
    n_stopped = n_stopped.astype(np.intp)

    seed_labels = np.asarray(trace.seed_labels, dtype=np.intp)
    n_clusters = centers.shape[0]
    mode_step = np.full(n_clusters, n_steps - 1, dtype=np.intp)
    if trace.variant == "standard":
        stop = np.minimum(np.asarray(trace.stop_step), n_steps - 1)
        for j in range(n_clusters):
            members = seed_labels == j
            if members.any():
                mode_step[j] = int(stop[members].max())

    # Windows to draw: given, or spread out over typical starting points.
    if highlight is not None:
        chosen = np.unique(np.asarray(highlight, dtype=np.intp).reshape(-1))
        if chosen.size and (chosen.min() < 0 or chosen.max() >= n_seeds):
            raise ValueError(
                f"highlight indices must be in 0 .. {n_seeds - 1} (the moving points), "
                f"got {chosen.min()} .. {chosen.max()}"
            )
    else:
        chosen = choose_highlights(
            positions[0],
            int(n_windows),
            weight=start_density if start_density is not None
            else (None if density_path is None else density_path[0]),
            # a run still computing has no clusters yet: every point may be drawn
            eligible=None if trace.cluster_centers.shape[0] == 0 else seed_labels >= 0,
        )

    # Limits from everything ever drawn: points, modes and the drawn windows
    # (their first ring), with a band at the top kept free for the step label.
    everything = [data, positions.reshape(-1, 2), centers]
    if chosen.size and not line:
        c = positions[:, chosen].reshape(-1, 2)
        r = radii[:, chosen].reshape(-1, 1)
        everything += [c - r, c + r]
    if box is not None and not line:
        everything.append(np.array([[box[0], box[2]], [box[1], box[3]]]))
    points = np.concatenate(everything)
    if line:
        xlim, _ = _limits(points, 1.0, False)
        # The hill reaches a bandwidth beyond the outermost samples: show it whole.
        reach = float(np.max(radii[0])) if radii.size else 0.0
        xlim = (min(xlim[0], float(data[:, 0].min()) - reach),
                max(xlim[1], float(data[:, 0].max()) + reach))
        if chosen.size:
            cx = positions[:, chosen, 0].reshape(-1)
            rx = radii[:, chosen].reshape(-1) * ring_scales[-1]
            wide = np.concatenate([cx - rx, cx + rx, np.asarray(xlim)])
            xlim = (float(wide.min()), float(wide.max()))
        top = float(np.nanmax(points[:, 1])) if points.size else 1.0
        top = top if top > 0 else 1.0
        ylim = (-0.06 * top, (1.08 + LABEL_BAND) * top)
    else:
        xlim, ylim = _limits(points, aspect, True, top_band=LABEL_BAND)

    density = _density_map(trace, proj, data, positions, xlim, ylim, resolution, has_shadow)
    basins = _basin_map(trace, positions, seed_labels) if kind == "plane" else None
    convergence = _convergence(trace, density_path)
    title, subtitle = _titles(trace, proj)

    return Scene(
        kind=kind,
        projection=proj,
        variant=trace.variant,
        n_steps=n_steps,
        n_seeds=n_seeds,
        n_samples=n_samples,
        n_features=d,
        positions=positions if positions is trace.positions else readonly(positions),
        data=readonly(data),
        radii=radii if not radii.flags.writeable else readonly(radii),
        ring_scales=ring_scales,
        n_stopped=readonly(n_stopped),
        state=state if isinstance(state, StepStates) else readonly(state),
        highlight=readonly(np.asarray(chosen, dtype=np.intp)),
        arrow_idx=readonly(
            np.arange(n_seeds, dtype=np.intp) if n_seeds <= ARROWS_ALL
            else np.asarray(chosen, dtype=np.intp).copy()
        ),
        centers=readonly(centers),
        mode_step=readonly(mode_step),
        labels=readonly(np.asarray(trace.labels, dtype=np.intp).copy()),
        seed_labels=readonly(seed_labels.copy()),
        xlim=xlim,
        ylim=ylim,
        equal_aspect=not line,
        density=density,
        basins=basins,
        convergence=convergence,
        title=title,
        subtitle=subtitle,
        converged_run=bool(trace.converged),
        # a run still computing (engine.run.start_trace, record_mean_shift): no centres yet
        in_progress=not trace.converged and trace.cluster_centers.shape[0] == 0
        and n_seeds > 0,
    )


def _largest_shifts(trace: Trace, relative: bool) -> FloatArray:
    """The largest move into each step (over its own h if ``relative``); NaN at step 0.

    Step by step, so no (n_steps, n_seeds) array of every shift is made: the panel
    needs one number a step (``trace.shifts`` stays unmade unless someone asks).
    """
    positions = trace.positions
    n_steps = positions.shape[0]
    raw = np.full(n_steps, np.nan)
    bandwidths = np.asarray(trace.bandwidths)
    for k in range(1, n_steps):
        diff = positions[k] - positions[k - 1]
        length = np.sqrt(np.einsum("ij,ij->i", diff, diff))
        if relative:
            with np.errstate(divide="ignore", invalid="ignore"):
                length = length / bandwidths[k]
        raw[k] = float(np.max(length)) if length.size else np.nan
    return raw


def _density_path(trace: Trace, start: FloatArray | None) -> NDArray[np.floating[Any]]:
    """The density at every moving point and step, as the picture needs it.

    The trace's own. A big run's first picture (one step, no sums of its own yet)
    takes ``start``, from binned data: within 1 % of the peak, in milliseconds, where
    the exact sum would be most of the wait for that picture.
    """
    if start is not None and not trace.has_density_path and len(trace) == 1:
        return readonly(start[None])
    return trace.density_path()


def _convergence(trace: Trace, density_path: NDArray[np.floating[Any]] | None) -> Convergence:
    relative = trace.variable_bandwidth
    if relative:
        threshold = float(trace.tol)
        label = "largest shift / own h"
    else:
        threshold = float(trace.tol) * float(trace.bandwidth)  # type: ignore[arg-type]
        label = "largest shift"
    raw = _largest_shifts(trace, relative)
    # Zero and round-off shifts (flat kernels stop with a shift of exactly 0)
    # cannot go on a log axis: put them on a floor below the threshold.
    positive = raw[raw > 0]
    floor = threshold / SHIFT_FLOOR if threshold > 0 else (
        float(positive.min()) / SHIFT_FLOOR if positive.size else 1e-12
    )
    at_floor = ~(raw > floor) & ~np.isnan(raw)
    max_shift = np.where(at_floor, floor, raw)
    mean_density = None if density_path is None else density_path.mean(axis=1, dtype=np.float64)
    where = "the moving data" if trace.variant == "blurring" else "the moving points"
    return Convergence(
        max_shift=readonly(max_shift),
        raw_shift=readonly(raw),
        at_floor=readonly(at_floor),
        floor=float(floor),
        threshold=threshold,
        shift_label=label,
        relative=relative,
        mean_density=None if mean_density is None else readonly(mean_density),
        density_label=f"mean density at {where}",
    )


_CACHE: weakref.WeakKeyDictionary[Trace, dict[tuple[object, ...], Scene]] = (
    weakref.WeakKeyDictionary()
)


def _key(value: object) -> object:
    if value is None or isinstance(value, (str, int, float)):
        return value
    arr = np.asarray(value)
    return (arr.dtype.str, arr.shape, arr.tobytes())


def _scene_options(
    trace: object, projection: object, feature_names: object, n_windows: object,
    highlight: object, aspect: object, resolution: object,
) -> tuple[Any, tuple[str, ...] | None, int, IntArray | None, float, int]:
    """The scene's arguments checked (each error names its argument) and normalised."""
    if not isinstance(trace, Trace):
        raise TypeError(
            f"trace must be a msviz.Trace, got {type(trace).__name__}; make one with "
            "msviz.run_mean_shift(X, ...)"
        )
    d = trace.X.shape[1]
    if isinstance(projection, str):
        projection = projection.strip().lower()
    elif projection is not None:
        if isinstance(projection, (bool, np.bool_, dict)) or not hasattr(projection, "__len__") \
                or len(projection) != 2:  # type: ignore[arg-type]
            raise ValueError(
                f"projection must be None, 'pca' or a pair of feature indices, got {projection!r}"
            )
        projection = tuple(check_int(v, "projection", 0, d - 1) for v in projection)  # type: ignore[attr-defined]
    names = trace.feature_names if feature_names is None else check_feature_names(
        feature_names, d
    )
    n_win = check_int(n_windows, "n_windows", 0)
    chosen = None
    if highlight is not None:
        if isinstance(highlight, (str, bytes, bool, np.bool_, dict)):
            raise TypeError(f"highlight must be indices of moving points, got {highlight!r}")
        arr = np.asarray(highlight)
        if arr.dtype.kind not in "iu" and arr.size:
            raise TypeError(f"highlight must be whole numbers (moving points), got {highlight!r}")
        chosen = arr.astype(np.intp).reshape(-1)
    if isinstance(aspect, (bool, np.bool_)) or not isinstance(aspect, (int, float)) \
            or not (math.isfinite(aspect) and aspect > 0):
        raise ValueError(f"aspect must be a positive number, got {aspect!r}")
    res = check_int(resolution, "resolution", 8, 2000)
    return projection, names, n_win, chosen, float(aspect), res


def _check_bounds(bounds: object) -> tuple[float, float, float, float] | None:
    """``bounds`` as four floats (x0 < x1, y0 < y1), or None."""
    if bounds is None:
        return None
    try:
        x0, x1, y0, y1 = (float(v) for v in bounds)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be four numbers (x0, x1, y0, y1), got {bounds!r}") from None
    if not all(math.isfinite(v) for v in (x0, x1, y0, y1)) or not (x0 < x1 and y0 < y1):
        raise ValueError(f"bounds must be finite with x0 < x1 and y0 < y1, got {bounds!r}")
    return (x0, x1, y0, y1)


def cached_scenes(trace: Trace) -> list[Scene]:
    """The scenes :func:`scene_for` keeps for ``trace`` (to measure what a cache holds)."""
    return list(_CACHE.get(trace, {}).values())


def scene_for(
    trace: Trace,
    *,
    projection: ProjectionSpec = None,
    feature_names: Sequence[str] | None = None,
    n_windows: int = N_WINDOWS,
    highlight: ArrayLike | None = None,
    aspect: float = 1.0,
    resolution: int = DENSITY_RESOLUTION,
    bounds: tuple[float, float, float, float] | None = None,
) -> Scene:
    """The :class:`Scene` of ``trace``, computed once and cached with the trace.

    Takes the same arguments as :func:`build_scene`. The cache is keyed on the
    trace object (weakly: it goes when the trace goes) and the arguments.

    Examples
    --------
    >>> import msviz
    >>> trace = msviz.run_mean_shift([[0, 0], [1, 1], [6, 6]], bandwidth=2)
    >>> scene_for(trace) is scene_for(trace)
    True
    """
    projection, feature_names, n_windows, highlight, aspect, resolution = _scene_options(
        trace, projection, feature_names, n_windows, highlight, aspect, resolution
    )
    box = _check_bounds(bounds)
    key = (
        projection, feature_names, n_windows, None if highlight is None else _key(highlight),
        aspect, resolution, box,
    )
    per_trace = _CACHE.setdefault(trace, {})
    scene = per_trace.get(key)  # type: ignore[arg-type]
    if scene is None:
        scene = build_scene(
            trace, projection=projection, feature_names=feature_names, n_windows=n_windows,
            highlight=highlight, aspect=aspect, resolution=resolution, bounds=box,
        )
        per_trace[key] = scene  # type: ignore[index]
    return scene
