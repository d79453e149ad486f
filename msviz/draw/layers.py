"""The layers of a mean shift view: one small class each, registered by name.

A layer makes its artists once (:meth:`Layer.make`), moves them to a step with setters
only (:meth:`Layer.update`, which returns the artists it changed) and says what its
legend shows (:meth:`Layer.legend`). :class:`~msviz.draw.view.MeanShiftView` is a loop
over the registered layers, and everything that lists layers (the explorer's toggles,
``msviz gif --layers``, legends, error messages) reads :data:`LAYERS`, so a layer added
with :func:`register_layer` is offered everywhere.

Examples
--------
>>> sorted(LAYERS)[:3]
['arrows', 'basins', 'clusters']
>>> "targets" in LAYERS and "targets" not in DEFAULT_LAYERS
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, overload

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, Normalize, PowerNorm
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from msviz.draw import style as S
from msviz.draw.panels import style_step_axes
from msviz.engine.kernels import KERNELS
from msviz.scene import Scene

if TYPE_CHECKING:
    from msviz.draw.view import MeanShiftView

__all__ = ["DEFAULT_LAYERS", "LAYERS", "LAYER_HELP", "Layer", "register_layer"]

#: A legend entry: a handle artist and its text.
Entry = tuple[Artist, str]

_REGISTRY: dict[str, type[Layer]] = {}


class Layer:
    """One layer of a :class:`~msviz.draw.view.MeanShiftView`.

    Subclass it, set the class attributes, and register it with
    :func:`register_layer`. Layers are drawn bottom to top in the order they were
    registered (artists' z-order decides overlaps).

    Attributes
    ----------
    name : str
        The layer's name (toggles, ``--layers``, :meth:`MeanShiftView.set_layer_visible`).
    help : str
        What it shows, in a few plain words (tooltips, help texts).
    default : bool
        Drawn when no layers are asked for.
    at_end : bool
        Shown only at the last step (e.g. the cluster colours).
    legend_rank : float
        Where its legend entries go (smaller first).
    exports : tuple of str
        Attribute names of its artists that the view exposes
        (``view.moving_points`` is the points layer's ``moving_points``).
    view : MeanShiftView
        The view it belongs to.
    artists : list of Artist
        Every artist it made.
    """

    name: ClassVar[str] = ""
    help: ClassVar[str] = ""
    default: ClassVar[bool] = True
    at_end: ClassVar[bool] = False
    legend_rank: ClassVar[float] = 100.0
    exports: ClassVar[tuple[str, ...]] = ()

    def __init__(self, view: MeanShiftView) -> None:
        self.view = view
        self.artists: list[Artist] = []

    # ------------------------------------------------------------------ protocol
    @classmethod
    def unavailable(cls, scene: Scene, panel: bool) -> str | None:
        """Why this layer cannot show this scene, or None when it can."""
        return None

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:
        """Create the artists, once. Returns them (also kept in :attr:`artists`)."""
        raise NotImplementedError

    def update(self, k: int) -> list[Artist]:
        """Move the artists to step ``k`` with setters only; return those changed."""
        return []

    def legend(self) -> list[Entry]:
        """The legend entries of this layer (shown while it is switched on)."""
        return []

    def set_visible(self, on: bool, step: int, last: int) -> None:
        """Show or hide the artists (a layer shown ``at_end`` only at the last step)."""
        shown = on and (not self.at_end or step == last)
        for artist in self.artists:
            artist.set_visible(shown)

    # ------------------------------------------------------------------ helpers
    def _add(self, artist: Any) -> Any:
        self.artists.append(artist)
        return artist

    @property
    def scene(self) -> Scene:
        """The scene the view draws."""
        return self.view.scene


def register_layer(cls: type[Layer]) -> type[Layer]:
    """Add a layer class to every view, toggle and layer list (use as a decorator).

    Examples
    --------
    >>> @register_layer
    ... class Nothing(Layer):
    ...     name, help, default = "nothing", "an empty layer", False
    ...     def make(self, ax, scene):
    ...         return []
    >>> "nothing" in LAYERS
    True
    >>> _ = _REGISTRY.pop("nothing")
    """
    if not (isinstance(cls, type) and issubclass(cls, Layer)):
        raise TypeError(f"register_layer takes a Layer subclass, got {cls!r}")
    name = cls.name
    if not name or name != name.strip().lower() or "," in name or " " in name:
        raise ValueError(f"a layer needs a lower-case name without spaces or commas, got {name!r}")
    if not cls.help:
        raise ValueError(f"layer {name!r} needs a help text (what it shows, in plain words)")
    _REGISTRY[name] = cls
    return cls


def layer_class(name: str) -> type[Layer]:
    """The registered class of layer ``name``."""
    return _REGISTRY[name]


class _Names(Sequence[str]):
    """The registered layer names, bottom to top, read live from the registry."""

    def __init__(self, only_default: bool = False) -> None:
        self._only_default = only_default

    def _names(self) -> tuple[str, ...]:
        return tuple(n for n, c in _REGISTRY.items() if c.default or not self._only_default)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[str, ...]: ...
    def __getitem__(self, i: int | slice) -> str | tuple[str, ...]:
        return self._names()[i]

    def __len__(self) -> int:
        return len(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self) -> int:
        return hash(self._names())

    def __repr__(self) -> str:
        return repr(self._names())


class _Help(Mapping[str, str]):
    """Layer name -> what it shows, read live from the registry."""

    def __getitem__(self, name: str) -> str:
        return _REGISTRY[name].help

    def __iter__(self) -> Iterator[str]:
        return iter(_REGISTRY)

    def __len__(self) -> int:
        return len(_REGISTRY)


#: Every layer, bottom to top (a live view of the registry).
LAYERS: Sequence[str] = _Names()
#: Layers drawn when none are given (those a trace cannot show are left out).
DEFAULT_LAYERS: Sequence[str] = _Names(only_default=True)
#: What each layer shows (for menus, legends and error messages).
LAYER_HELP: Mapping[str, str] = _Help()

_DOT: dict[str, Any] = dict(linestyle="none", marker="o", markeredgewidth=0)


# --------------------------------------------------------------------------- the layers


@register_layer
class DensityLayer(Layer):
    """The shadow density the points climb: a shaded image (a hill for 1-D data)."""

    name = "density"
    help = "the shadow density the points climb, as a shaded image"
    exports = ("_density_image",)

    @classmethod
    def unavailable(cls, scene: Scene, panel: bool) -> str | None:  # noqa: D102
        if scene.density is None:
            known = ", ".join(n for n, k in KERNELS.items() if k.shadow is not None)
            return f"layer 'density' needs a kernel with a known shadow density ({known})"
        return None

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        dens = scene.density
        assert dens is not None
        self._density_image: AxesImage | None = None
        if dens.curve is not None:
            self._add(ax.fill_between(
                dens.curve[:, 0], 0.0, dens.curve[:, 1], color=S.DENSITY_COLORS[1],
                linewidth=0, zorder=0.5,
            ))
            (curve,) = ax.plot(
                dens.curve[:, 0], dens.curve[:, 1], color=S.DENSITY_TOP, lw=1.5, zorder=0.6
            )
            self._add(curve)
        else:
            cmap = LinearSegmentedColormap.from_list("msviz_density", S.DENSITY_COLORS)
            self._density_image = self._add(ax.imshow(
                dens.image(0), extent=dens.extent, origin="lower", cmap=cmap,
                norm=PowerNorm(0.6, 0.0, 1.0), interpolation="bilinear", zorder=0.5,
                aspect="auto" if not scene.equal_aspect else "equal",
            ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        dens = self.scene.density
        if self._density_image is not None and dens is not None and dens.per_step:
            self._density_image.set_data(dens.image(k))
            return [self._density_image]
        return []


@register_layer
class BasinsLayer(Layer):
    """The basins of attraction of a grid of seeds, shown at the last step."""

    name = "basins"
    help = "basins of attraction (seeds='grid'): the mode each grid point climbs to"
    at_end = True
    exports = ("_basins",)

    @classmethod
    def unavailable(cls, scene: Scene, panel: bool) -> str | None:  # noqa: D102
        if scene.basins is None:
            return "layer 'basins' needs a run with seeds='grid' on two features"
        return None

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        basins = scene.basins
        assert basins is not None
        k_max = max(int(basins.labels.max()) + 1, 1)
        colors = [S.lighten(S.DATA, 0.8)] + [
            S.lighten(S.cluster_color(j), 0.55) for j in range(k_max)
        ]
        self._basins = self._add(ax.imshow(
            basins.labels + 1, extent=basins.extent, origin="lower",
            cmap=ListedColormap(colors), norm=Normalize(-0.5, k_max + 0.5),
            interpolation="nearest", zorder=0.7, aspect="equal",
        ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        self.set_visible(self.name in self.view.layers, k, self.scene.last)
        return [self._basins]


def _data_size(scene: Scene) -> int:
    return 7 if scene.n_samples > 500 else 14


@register_layer
class DataLayer(Layer):
    """The data points, grey."""

    name = "data"
    help = "the data points"
    legend_rank = 0
    exports = ("data",)

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        self.data = self._add(ax.scatter(
            scene.data[:, 0], scene.data[:, 1], s=_data_size(scene), color=S.DATA,
            linewidths=0, zorder=1.0,
        ))
        return self.artists

    def legend(self) -> list[Entry]:  # noqa: D102
        text = "data at the start" if self.scene.variant == "blurring" else "data"
        return [(Line2D([], [], color=S.DATA, ms=5, **_DOT), text)]


@register_layer
class ClustersLayer(Layer):
    """The data coloured by cluster, shown at the last step."""

    name = "clusters"
    help = "the data coloured by cluster at the last step"
    at_end = True
    exports = ("cluster_data",)

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        n_colors = max(scene.n_clusters, 1)
        self.cluster_data = self._add(ax.scatter(
            scene.data[:, 0], scene.data[:, 1], s=_data_size(scene),
            c=np.asarray(scene.labels) + 1.0,
            cmap=ListedColormap([S.DATA] + [S.cluster_color(j) for j in range(n_colors)]),
            norm=Normalize(-0.5, n_colors + 0.5), linewidths=0, zorder=1.05,
        ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        self.set_visible(self.name in self.view.layers, k, self.scene.last)
        return [self.cluster_data]


@register_layer
class TrailsLayer(Layer):
    """The path of every moving point so far: faint, and dark for the highlighted ones."""

    name = "trails"
    help = "the path of every moving point so far"
    legend_rank = 2
    exports = ("trails", "highlight_trails")

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        many = scene.n_seeds > 1000
        self.trails = LineCollection(
            [], colors=S.TRAIL_FAINT if many else S.TRAIL,
            linewidths=0.5 if many else (0.7 if scene.n_seeds > 300 else 1.0), zorder=1.5,
        )
        ax.add_collection(self.trails, autolim=False)
        self._add(self.trails)
        self.highlight_trails = LineCollection(
            [], colors=S.TRAIL_HIGHLIGHT, linewidths=1.8, zorder=2.6,
        )
        ax.add_collection(self.highlight_trails, autolim=False)
        self._add(self.highlight_trails)
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        trail = self.scene.trail(k)
        self.trails.set_segments(trail)  # type: ignore[arg-type]
        self.highlight_trails.set_segments(trail[self.scene.highlight])  # type: ignore[arg-type]
        return [self.trails, self.highlight_trails]

    def legend(self) -> list[Entry]:  # noqa: D102
        return [(Line2D([], [], color=S.TRAIL_HIGHLIGHT, lw=1.8), "trail")]


@register_layer
class WindowsLayer(Layer):
    """The window (bandwidth) of a few moving points; Gaussian: 1σ and 2σ rings."""

    name = "windows"
    help = "the window (bandwidth) of a few moving points; Gaussian: 1σ and 2σ"
    legend_rank = 4
    exports = ("windows", "window_centers")

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        self.windows: list[list[Any]] = []
        for i in scene.highlight:
            rings: list[Any] = []
            for r, scale in enumerate(scene.ring_scales):
                ring: Line2D | Circle
                if scene.kind == "line":
                    (ring,) = ax.plot(
                        [], [], color=S.WINDOW, lw=2.0 if r == 0 else 1.2,
                        ls="-" if r == 0 else (0, (4, 3)), solid_capstyle="butt", zorder=2.5,
                    )
                else:
                    ring = Circle(
                        (float(scene.positions[0, i, 0]), float(scene.positions[0, i, 1])),
                        float(scene.radii[0, i]) * scale, fill=False, edgecolor=S.WINDOW,
                        linewidth=1.5 if r == 0 else 1.0,
                        linestyle="-" if r == 0 else (0, (4, 3)), zorder=2.5,
                    )
                    ax.add_patch(ring)
                rings.append(self._add(ring))
            self.windows.append(rings)
        self.window_centers = self._add(ax.scatter(
            scene.positions[0, scene.highlight, 0], scene.positions[0, scene.highlight, 1],
            s=70, facecolors="none", edgecolors=S.WINDOW, linewidths=1.6, zorder=3.2,
        ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        sc = self.scene
        pos = sc.positions[k]
        changed: list[Artist] = []
        for rings, i in zip(self.windows, sc.highlight, strict=True):
            x, y = float(pos[i, 0]), float(pos[i, 1])
            h = float(sc.radii[k, i])
            for ring, scale in zip(rings, sc.ring_scales, strict=True):
                if sc.kind == "line":
                    ring.set_data([x - h * scale, x + h * scale], [y, y])
                else:
                    ring.set_center((x, y))
                    ring.set_radius(h * scale)
                changed.append(ring)
        self.window_centers.set_offsets(pos[sc.highlight])
        changed.append(self.window_centers)
        return changed

    def legend(self) -> list[Entry]:  # noqa: D102
        if not self.scene.highlight.size:
            return []
        if len(self.scene.ring_scales) > 1:
            return [(Line2D([], [], color=S.WINDOW, lw=1.4), "window 1σ (= h)"),
                    (Line2D([], [], color=S.WINDOW, lw=1.0, ls=(0, (4, 3))), "2σ")]
        return [(Line2D([], [], color=S.WINDOW, lw=1.4), "window: radius h")]


@register_layer
class ArrowsLayer(Layer):
    """Each point's last shift, from its previous to its current position."""

    name = "arrows"
    help = "each point's last shift, previous → current position"
    legend_rank = 3
    exports = ("arrows",)

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        start = scene.positions[0]
        idx = scene.arrow_idx
        few = idx.size <= 300
        self.arrows = self._add(ax.quiver(
            start[idx, 0], start[idx, 1], np.zeros(idx.size), np.zeros(idx.size),
            angles="xy", scale_units="xy", scale=1.0, units="inches",
            width=0.011 if few else 0.008, headwidth=4.0, headlength=4.5, headaxislength=4.0,
            minlength=0.0, minshaft=1.0, color=S.ARROW, linewidth=0, zorder=2.8,
        ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        sc = self.scene
        idx = sc.arrow_idx
        prev = sc.positions[k - 1] if k > 0 else sc.positions[k]
        self.arrows.set_offsets(prev[idx])
        move = sc.move(k)[idx]
        self.arrows.set_UVC(move[:, 0], move[:, 1])
        return [self.arrows]

    def legend(self) -> list[Entry]:  # noqa: D102
        return [(Line2D([], [], color=S.ARROW, lw=1.2, marker=">", ms=5, markevery=[-1]),
                 "last shift")]


def _dots(scene: Scene) -> dict[str, Any]:
    return dict(
        s=12 if scene.n_seeds > 500 else 26, edgecolors=S.WHITE,
        linewidths=0.0 if scene.n_seeds > 500 else 0.5,
    )


@register_layer
class PointsLayer(Layer):
    """The moving points: vermillion while moving, blue once stopped, grey if empty."""

    name = "points"
    help = "the moving points: vermillion while moving, blue once stopped"
    legend_rank = 1
    exports = ("moving_points", "stopped_points", "empty_points")

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        # One uniform colour per state (drawn much faster than per-point colours).
        dots = _dots(scene)
        none = np.empty((0, 2))
        self.empty_points = ax.scatter(none[:, 0], none[:, 1], color=S.EMPTY, zorder=2.9, **dots)
        # Stopped points on top: they pile up at the modes, where moving points
        # would hide them.
        self.moving_points = ax.scatter(
            none[:, 0], none[:, 1], color=S.MOVING, zorder=3.0, **dots
        )
        self.stopped_points = ax.scatter(
            none[:, 0], none[:, 1], color=S.STOPPED, zorder=3.1, **dots
        )
        for artist in (self.empty_points, self.stopped_points, self.moving_points):
            self._add(artist)
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        pos = self.scene.positions[k]
        state = self.scene.state[k]
        self.moving_points.set_offsets(pos[state == 0])
        self.stopped_points.set_offsets(pos[state == 1])
        self.empty_points.set_offsets(pos[state == 2])
        return [self.moving_points, self.stopped_points, self.empty_points]

    def legend(self) -> list[Entry]:  # noqa: D102
        what = "data" if self.scene.variant == "blurring" else "point"
        out: list[Entry] = [
            (Line2D([], [], color=S.MOVING, ms=7, **_DOT), f"moving {what}"),
            (Line2D([], [], color=S.STOPPED, ms=7, **_DOT), "stopped"),
        ]
        if np.any(self.scene.state[-1] == 2):
            out.append((Line2D([], [], color=S.EMPTY, ms=7, **_DOT), "empty window"))
        return out


#: The colour of the targets: the moving colour, faint.
TARGET = S.lighten(S.MOVING, 0.35)


@register_layer
class TargetsLayer(Layer):
    """Where each moving point goes next: the weighted mean of its window.

    A faint ring at the end of every moving point's next shift (nothing once a
    point has stopped, nor at the last step).
    """

    name = "targets"
    help = "where each moving point goes next: the weighted mean of its window"
    default = False
    legend_rank = 1.5
    exports = ("targets",)

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        # Hollow and over the moving points: a ring beside a point shows where
        # it goes; a ring around it, that it barely moves.
        big = scene.n_seeds <= 500
        self.targets = self._add(ax.scatter(
            np.empty(0), np.empty(0), s=44 if big else 18, facecolors="none",
            edgecolors=TARGET, linewidths=1.2 if big else 0.7, zorder=3.05,
        ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        self.targets.set_offsets(self.scene.targets_at(k))
        return [self.targets]

    def legend(self) -> list[Entry]:  # noqa: D102
        ring = Line2D([], [], color=TARGET, ms=7, linestyle="none", marker="o",
                      markerfacecolor="none", markeredgewidth=1.2)
        return [(ring, "next mean")]


@register_layer
class ModesLayer(Layer):
    """The modes, once every point climbing to them has stopped."""

    name = "modes"
    help = "the modes, shown once every point climbing to them has stopped"
    legend_rank = 5
    exports = ("modes",)

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        self.modes = self._add(ax.scatter(
            np.empty(0), np.empty(0), s=190, marker="X", facecolors=S.MODE,
            edgecolors=S.WHITE, linewidths=1.4, zorder=4.0,
        ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        self.modes.set_offsets(self.scene.modes_at(k))
        return [self.modes]

    def legend(self) -> list[Entry]:  # noqa: D102
        return [(Line2D([], [], color=S.MODE, marker="X", ms=10, markeredgecolor=S.WHITE,
                        linestyle="none"), "mode")]


@register_layer
class LabelLayer(Layer):
    """The step label inside the axes."""

    name = "label"
    help = "the step label inside the axes"
    exports = ("label",)

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        self.label: Text = self._add(ax.text(
            0.015, 0.985, "", transform=ax.transAxes, ha="left", va="top",
            fontsize=S.STEP_SIZE, color=S.TEXT, zorder=6,
            bbox=dict(boxstyle="round,pad=0.35", facecolor=S.WHITE, edgecolor="#BDBDBD",
                      linewidth=0.8, alpha=1.0),
        ))
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        self.label.set_text(self.scene.step_label(k))
        return [self.label]


def _short_number(value: float, _pos: object = None) -> str:
    """A tick label with three significant digits and no offset text."""
    if value == 0:
        return "0"
    text = f"{value:.3g}"
    return text.replace("e-0", "e-").replace("e+0", "e")


def _panel_cursor(ax: Axes) -> tuple[Line2D, Line2D]:
    """The current step on a panel: a big dot on the curve and a mark on the step axis.

    Compact marks rather than a full-height line: a line across both panels
    changes a column of pixels every step, which costs about 1 KB a frame in a
    GIF; these change a few dozen pixels.
    """
    (dot,) = ax.plot(
        [], [], "o", ms=10, color=S.CURSOR, markeredgecolor=S.WHITE, markeredgewidth=1.5,
        zorder=5,
    )
    (mark,) = ax.plot(
        [0], [0], marker=6, ms=9, color=S.CURSOR, markeredgewidth=0, zorder=5,
        transform=ax.get_xaxis_transform(), clip_on=False,
    )
    return dot, mark


@register_layer
class ConvergenceLayer(Layer):
    """A panel beside the view: the largest shift per step and the mean density."""

    name = "convergence"
    help = "a panel: largest shift per step (log) and mean density at the points"
    exports = ("_shift_dot", "_shift_cursor", "_dens_dot", "_dens_cursor")

    @classmethod
    def unavailable(cls, scene: Scene, panel: bool) -> str | None:  # noqa: D102
        if not panel:
            return "layer 'convergence' needs panel axes: pass panel_axes=(ax1, ax2) with " \
                "ax=, or let the view make its figure"
        return None

    def make(self, ax: Axes, scene: Scene) -> list[Artist]:  # noqa: D102
        conv = scene.convergence
        top, bottom = self.view.panel_axes[0], self.view.panel_axes[1]
        steps = np.arange(scene.n_steps)
        for pax in (top, bottom):
            style_step_axes(pax, scene.last, pad=0.04, nbins=6)
        # Largest shift on a log scale, with the stopping threshold; zero and
        # round-off shifts sit on a floor, drawn as down-pointing triangles.
        top.set_yscale("log")
        (shift_line,) = top.plot(
            steps, conv.max_shift, "-o", color=S.PANEL_SHIFT, ms=3.5, lw=1.6,
        )
        threshold = top.axhline(
            conv.threshold, color=S.PANEL_THRESHOLD, lw=1.4, ls=(0, (5, 3)),
        )
        self._add(shift_line)
        self._add(threshold)
        if conv.at_floor.any():
            (floor_marks,) = top.plot(
                steps[conv.at_floor], conv.max_shift[conv.at_floor], "v",
                color=S.PANEL_SHIFT, ms=7, linestyle="none",
            )
            self._add(floor_marks)
        lo, hi = conv.shift_span()
        top.set_ylim(lo / 2.5, hi * 3.0)
        what = "tol" if conv.relative else "tol · h"
        thr_text = top.annotate(
            f"stop: shift ≤ {what}", xy=(0.0, conv.threshold), xycoords=("axes fraction", "data"),
            xytext=(4, -3), textcoords="offset points", ha="left", va="top",
            fontsize=S.TICK_SIZE, color=S.PANEL_THRESHOLD,
        )
        top.set_title(
            f"{conv.shift_label} per step (log scale)", fontsize=S.LABEL_SIZE, loc="left",
            color=S.TEXT, y=S.TITLE_Y,
        )
        top.tick_params(labelbottom=False)
        self._add(thr_text)
        self._shift_dot, self._shift_cursor = _panel_cursor(top)
        self._add(self._shift_dot)
        self._add(self._shift_cursor)

        if conv.mean_density is not None:
            (dens_line,) = bottom.plot(
                steps, conv.mean_density, "-o", color=S.PANEL_DENSITY, ms=3.5, lw=1.8,
            )
            md = conv.mean_density
            span = float(md.max() - md.min())
            pad = 0.12 * span if span > 0 else 0.05 * max(abs(float(md.max())), 1e-12)
            bottom.set_ylim(float(md.min()) - pad, float(md.max()) + pad)
            self._add(dens_line)
            bottom.set_title(conv.density_label, fontsize=S.LABEL_SIZE, loc="left", color=S.TEXT,
                             y=S.TITLE_Y)
        else:
            bottom.text(
                0.5, 0.5, "no density for a custom kernel", transform=bottom.transAxes,
                ha="center", va="center", fontsize=S.TICK_SIZE, color="#777777",
            )
            bottom.set_yticks([])
        bottom.yaxis.set_major_locator(MaxNLocator(nbins=4))
        bottom.yaxis.set_major_formatter(FuncFormatter(_short_number))
        bottom.set_xlabel("step", fontsize=S.LABEL_SIZE)
        self._dens_dot, self._dens_cursor = _panel_cursor(bottom)
        self._add(self._dens_dot)
        self._add(self._dens_cursor)
        return self.artists

    def update(self, k: int) -> list[Artist]:  # noqa: D102
        conv = self.scene.convergence
        changed: list[Artist] = []
        for cursor in (self._shift_cursor, self._dens_cursor):
            cursor.set_xdata([k])
            changed.append(cursor)
        y = conv.max_shift[k]
        ok = bool(np.isfinite(y))
        self._shift_dot.set_data([k] if ok else [], [y] if ok else [])
        changed.append(self._shift_dot)
        if conv.mean_density is not None:
            self._dens_dot.set_data([k], [conv.mean_density[k]])
            changed.append(self._dens_dot)
        return changed

    def set_visible(self, on: bool, step: int, last: int) -> None:  # noqa: D102
        super().set_visible(on, step, last)
        for pax in self.view.panel_axes:
            pax.set_visible(on)
