"""The density hill in 3-D: what :class:`msviz.HillView` draws, in density units.

A :class:`HillScene` holds the shadow density on a coarse grid (the surface), every
moving point at every step as (x, y, height) with its height the density there (the
run's own :meth:`~msviz.Trace.density_path`), the trails on the hill and the modes at
their density. The plane :class:`~msviz.scene.Scene` of the same trace gives the
states, the step labels and the titles, so both views say the same thing.

The heights are densities, not scaled to 1: the z axis reads in the same units as the
convergence panel's "mean density". The surface is ``trace.density`` summed exactly at
the grid's nodes (60 x 60 by default, quick to compute and to draw with mplot3d).

Examples
--------
>>> import msviz
>>> trace = msviz.run_mean_shift(msviz.datasets.load("blobs"), bandwidth=2.5)
>>> hill = hill_scene(trace)
>>> hill.heights.shape[1:], hill.points(0).shape  # (ny, nx) nodes; 300 points
((56, 60), (300, 3))
>>> bool((hill.points(-1)[:, 2] == trace.density_path()[-1]).all())
True
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from msviz.engine._checks import check_int
from msviz.engine._types import FloatArray, IntArray, readonly
from msviz.engine.kernels import KERNELS
from msviz.engine.trace import Trace, _shadow_density
from msviz.scene.build import Scene, scene_for

__all__ = ["HILL_RESOLUTION", "HillScene", "hill_scene"]

#: Grid nodes per side of the surface (a 60 x 60 mplot3d surface draws in ~0.1 s).
HILL_RESOLUTION = 60

#: Largest number of kernel evaluations spent on per-step surfaces (blurring).
HILL_BUDGET = 60_000_000

#: Most pieces a trail's step is cut into to lie on the hill (a straight chord
#: between two points on a hill cuts through it or floats above it).
TRAIL_PIECES = 8

#: Largest number of trail vertices kept (the pieces per step shrink to fit).
TRAIL_BUDGET = 2_000_000


@dataclass(frozen=True, eq=False)
class HillScene:
    """Everything the density hill draws, computed once per trace.

    Attributes
    ----------
    plane : Scene
        The plane scene of the same trace (states, modes' steps, labels, titles).
    xs : ndarray of shape (nx,)
    ys : ndarray of shape (ny,)
        The surface's grid nodes.
    heights : ndarray of shape (n_surfaces, ny, nx)
        The shadow density at the nodes, in density units. One surface for the
        standard variant; for blurring one per step (the data moves) when that
        fits :data:`HILL_BUDGET`, else the density of the data at the start.
    per_step : bool
        True if ``heights[k]`` belongs to step k.
    positions : ndarray of shape (n_steps, n_seeds, 3)
        Every moving point at every step: x, y and its height, the density at
        (x, y) at that step (``trace.density_path()``).
    trail_path : ndarray of shape (n_seeds, (n_steps - 1) * pieces + 1, 3)
        Every point's path draped on the hill: each step cut into ``pieces``,
        the long ones (over an eighth of a bandwidth) lifted to the density at
        each cut, the short ones straight. ``trail_path[:, k * pieces]`` is
        ``positions[k]``.
    pieces : int
        Pieces per step in :attr:`trail_path`.
    centers : ndarray of shape (n_clusters, 3)
        The modes at their density (``trace.density(trace.cluster_centers)``).
    xlim, ylim, zlim : tuple of float
        Axis limits, fixed for the whole run; z starts at 0.
    xlabel, ylabel, zlabel : str
        Axis labels.
    surface_label : str
        What the surface shows, for the legend.
    title, subtitle : str
        For the figure title.
    """

    plane: Scene
    xs: FloatArray
    ys: FloatArray
    heights: FloatArray
    per_step: bool
    positions: FloatArray
    trail_path: FloatArray
    pieces: int
    centers: FloatArray
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    zlim: tuple[float, float]
    xlabel: str
    ylabel: str
    zlabel: str
    surface_label: str
    title: str
    subtitle: str

    @property
    def n_steps(self) -> int:
        """The number of steps."""
        return self.plane.n_steps

    @property
    def last(self) -> int:
        """Index of the last step."""
        return self.plane.last

    @property
    def state(self) -> IntArray:
        """0 moving, 1 stopped, 2 empty window; shape (n_steps, n_seeds)."""
        return self.plane.state  # type: ignore[return-value]

    def check_step(self, step: int) -> int:
        """``step`` as an index in ``0 .. n_steps - 1`` (negative counts from the end)."""
        return self.plane.check_step(step)

    def surface(self, step: int) -> FloatArray:
        """The surface heights shown at ``step``, shape (ny, nx)."""
        k = self.check_step(step)
        return self.heights[min(k, len(self.heights) - 1)] if self.per_step else self.heights[0]

    def quads(self, step: int) -> FloatArray:
        """The surface as quadrilaterals, shape ((ny - 1) * (nx - 1), 4, 3)."""
        z = self.surface(step)
        gx, gy = np.meshgrid(self.xs, self.ys)
        corners = [(slice(None, -1), slice(None, -1)), (slice(None, -1), slice(1, None)),
                   (slice(1, None), slice(1, None)), (slice(1, None), slice(None, -1))]
        out = np.stack(
            [np.stack([gx[r, c], gy[r, c], z[r, c]], axis=-1) for r, c in corners], axis=2
        )
        return out.reshape(-1, 4, 3)

    def quad_heights(self, step: int) -> FloatArray:
        """The mean height of each quadrilateral of :meth:`quads` (its colour)."""
        z = self.surface(step)
        mean = (z[:-1, :-1] + z[:-1, 1:] + z[1:, 1:] + z[1:, :-1]) / 4.0
        return mean.reshape(-1)

    def points(self, step: int) -> FloatArray:
        """The moving points at ``step`` on the hill, shape (n_seeds, 3)."""
        return self.positions[self.check_step(step)]

    def trail(self, step: int) -> FloatArray:
        """Every point's path on the hill up to ``step``: shape (n_seeds, m, 3).

        ``m = step * pieces + 1``.
        Draped on the hill (see :attr:`trail_path`); a read-only view, no copy.
        """
        k = self.check_step(step)
        return self.trail_path[:, : k * self.pieces + 1]

    def modes_at(self, step: int) -> FloatArray:
        """The modes shown at ``step`` (those whose points have all stopped), shape (m, 3)."""
        k = self.check_step(step)
        return self.centers[self.plane.mode_step <= k]

    def step_label(self, step: int) -> str:
        """The step label, as the plane view says it."""
        return self.plane.step_label(step)


def _check_trace(trace: object) -> Trace:
    if not isinstance(trace, Trace):
        raise TypeError(
            f"trace must be a msviz.Trace, got {type(trace).__name__}; make one with "
            "msviz.run_mean_shift(X, ...)"
        )
    kernel = trace.kernel
    if kernel.shadow is None or kernel.shadow_norm is None:
        known = ", ".join(n for n, k in KERNELS.items() if k.shadow is not None)
        raise ValueError(
            "the density hill needs a kernel with a known shadow density "
            f"({known}); this run's kernel {kernel.name or 'custom'!r} has none"
        )
    d = trace.X.shape[1]
    if d > 2:
        raise ValueError(
            f"the density hill is drawn over two features, and this data has {d}: "
            "over a 2-D projection the height would not be the density the points "
            "climb. Run on two columns (or two principal components, e.g. "
            "X2 = msviz.scene.fit_projection(X, 'pca').project(X)) for a hill, or show "
            "this run with msviz.MeanShiftView (a projection, said on the axes)"
        )
    if d != 2:
        raise ValueError(
            "hill_scene draws two features; for one feature msviz.HillView draws the "
            "density curve with the points on it (the plane view of 1-D data)"
        )
    return trace


def _reach(trace: Trace) -> float:
    """How far beyond the samples the hill still rises: the shadow's radius (2h if unbounded)."""
    h = float(np.max(np.asarray(trace.bandwidths, dtype=np.float64)))
    radius = trace.kernel.radius if trace.kernel.compact else 2.0
    return h * float(radius)


def build_hill_scene(
    trace: Trace,
    *,
    resolution: int = HILL_RESOLUTION,
    feature_names: Sequence[str] | None = None,
) -> HillScene:
    """Compute the :class:`HillScene` of a run on two features (no caching).

    Parameters
    ----------
    trace : Trace
        A finished run on two features, with a kernel that knows its shadow.
    resolution : int, default=60
        Grid nodes per side of the surface (8 to 400).
    feature_names : sequence of str, optional
        Names for the x and y axes (default: the trace's).

    Returns
    -------
    HillScene

    Raises
    ------
    ValueError
        For more than two features or a kernel without a shadow density.
    """
    trace = _check_trace(trace)
    res = check_int(resolution, "resolution", 8, 400)
    plane = scene_for(trace, feature_names=feature_names, n_windows=0)
    path = np.asarray(trace.density_path(), dtype=np.float64)
    positions = np.empty(trace.positions.shape[:2] + (3,))
    positions[..., :2] = trace.positions
    positions[..., 2] = path
    centers = np.empty((trace.cluster_centers.shape[0], 3))
    centers[:, :2] = trace.cluster_centers
    centers[:, 2] = trace.density(trace.cluster_centers) if len(centers) else 0.0

    trail_path, pieces = _draped(trace, positions)

    # The grid: the whole run, and as far out as the hill rises beyond the samples.
    reach = _reach(trace)
    pts = np.concatenate([trace.X, trace.positions.reshape(-1, 2), trace.cluster_centers])
    lo = np.min(pts, axis=0) - reach
    hi = np.max(pts, axis=0) + reach
    # ``resolution`` nodes along the longer side, as many per unit along the other.
    span = hi - lo
    long = float(span.max())
    nx, ny = (max(8, int(round(res * float(s) / long))) for s in span)
    xs = np.linspace(lo[0], hi[0], nx)
    ys = np.linspace(lo[1], hi[1], ny)
    gx, gy = np.meshgrid(xs, ys)
    nodes = np.column_stack([gx.ravel(), gy.ravel()])

    name = (trace.kernel.shadow_name or "shadow").capitalize()
    label = f"{name} density"
    per_step = False
    cost = len(trace) * nodes.shape[0] * trace.X.shape[0]
    if trace.variant == "blurring" and cost <= HILL_BUDGET:
        heights = np.stack([
            _shadow_density(nodes, trace.positions[k], trace.bandwidth, trace.kernel)
            .reshape(ny, nx) for k in range(len(trace))
        ])
        per_step = True
        label = f"{name} density of the moving data"
    else:
        heights = trace.density(nodes).reshape(1, ny, nx)
        if trace.variant == "blurring":
            label = f"{name} density of the data at the start"

    top = max(float(np.max(heights)), float(np.max(path)) if path.size else 0.0,
              float(np.max(centers[:, 2])) if len(centers) else 0.0)
    top = top if top > 0 else 1.0
    plane_proj = plane.projection
    subtitle = "the points climb the density hill: height = density" + (
        " · the data itself moves" if trace.variant == "blurring" else "")
    return HillScene(
        plane=plane,
        xs=readonly(xs),
        ys=readonly(ys),
        heights=readonly(heights),
        per_step=per_step,
        positions=readonly(positions),
        trail_path=readonly(trail_path),
        pieces=pieces,
        centers=readonly(centers),
        xlim=(float(xs[0]), float(xs[-1])),
        ylim=(float(ys[0]), float(ys[-1])),
        zlim=(0.0, 1.06 * top),
        xlabel=plane_proj.xlabel,
        ylabel=plane_proj.ylabel,
        zlabel="density",
        surface_label=label,
        title=plane.title,
        subtitle=subtitle,
    )


def _draped(trace: Trace, positions: FloatArray) -> tuple[FloatArray, int]:
    """Every point's path cut into pieces that lie on the hill (see ``HillScene.trail_path``)."""
    n_steps, n_seeds = positions.shape[:2]
    if n_steps < 2:
        return positions.swapaxes(0, 1).copy(), 1
    pieces = int(np.clip(TRAIL_BUDGET // max(n_seeds * (n_steps - 1), 1), 1, TRAIL_PIECES))
    t = np.arange(pieces) / pieces  # where each step is cut, from its start
    start, end = positions[:-1], positions[1:]  # (n_steps - 1, n_seeds, 3)
    fine = start[:, :, None, :] + (end - start)[:, :, None, :] * t[None, None, :, None]
    if pieces > 1:
        h = np.broadcast_to(np.asarray(trace.bandwidths, dtype=np.float64), (n_steps, n_seeds))
        length = np.linalg.norm(end[..., :2] - start[..., :2], axis=-1)
        long = length > h[:-1] / 8
        if trace.variant == "standard" and long.any():
            cuts = fine[:, :, 1:, :2][long].reshape(-1, 2)
            fine[:, :, 1:, 2][long] = trace.density(cuts).reshape(-1, pieces - 1)
        elif long.any():  # blurring: each step's own data
            for k in np.flatnonzero(long.any(axis=1)):
                cuts = fine[k, :, 1:, :2][long[k]].reshape(-1, 2)
                fine[k, :, 1:, 2][long[k]] = trace.density(cuts, step=int(k)).reshape(
                    -1, pieces - 1)
    path = np.concatenate(
        [fine.transpose(1, 0, 2, 3).reshape(n_seeds, -1, 3), positions[-1][:, None, :]], axis=1
    )
    return path, pieces


_CACHE: weakref.WeakKeyDictionary[Trace, dict[tuple[object, ...], HillScene]] = (
    weakref.WeakKeyDictionary()
)


def hill_scene(
    trace: Trace,
    *,
    resolution: int = HILL_RESOLUTION,
    feature_names: Sequence[str] | None = None,
) -> HillScene:
    """The :class:`HillScene` of ``trace``, computed once and cached with the trace.

    Takes the arguments of :func:`build_hill_scene`.

    Examples
    --------
    >>> import msviz
    >>> trace = msviz.run_mean_shift([[0, 0], [1, 1], [6, 6]], bandwidth=2)
    >>> hill_scene(trace) is hill_scene(trace)
    True
    >>> hill_scene(trace).zlabel
    'density'
    """
    _check_trace(trace)
    names = None if feature_names is None else tuple(str(n) for n in feature_names)
    key = (check_int(resolution, "resolution", 8, 400), names)
    per_trace = _CACHE.setdefault(trace, {})
    scene = per_trace.get(key)
    if scene is None:
        scene = build_hill_scene(trace, resolution=key[0], feature_names=names)
        per_trace[key] = scene
    return scene
