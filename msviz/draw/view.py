"""The mean shift view: one figure that shows any step of a finished run.

:class:`MeanShiftView` draws a :class:`~msviz.scene.Scene` (everything computed
once per trace by :func:`msviz.scene.scene_for`). :meth:`MeanShiftView.plot`
creates every artist once; :meth:`MeanShiftView.show_step` only calls setters
and returns the artists it changed, so a slider, an animation and a GIF export
all draw the very same frames, fast.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import msviz
>>> trace = msviz.run_mean_shift(msviz.datasets.load("blobs"), bandwidth=2.5)
>>> view = MeanShiftView(trace)
>>> _ = view.plot()
>>> changed = view.show_step(3)
>>> view.step
3
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import suppress
from typing import Any, ClassVar

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, Normalize, PowerNorm
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from numpy.typing import ArrayLike

from msviz.draw import style as S
from msviz.draw.blit import Blitter
from msviz.engine import Trace
from msviz.scene import DENSITY_RESOLUTION, N_WINDOWS, ProjectionSpec, Scene, scene_for

__all__ = ["LAYERS", "DEFAULT_LAYERS", "MeanShiftView"]

#: Every layer, bottom to top.
LAYERS: tuple[str, ...] = (
    "density",
    "basins",
    "data",
    "clusters",
    "trails",
    "windows",
    "arrows",
    "points",
    "modes",
    "label",
    "convergence",
)

#: What each layer shows (for menus, legends and error messages).
LAYER_HELP: dict[str, str] = {
    "density": "the shadow density the points climb, as a shaded image",
    "basins": "basins of attraction (seeds='grid'): the mode each grid point climbs to",
    "data": "the data points",
    "clusters": "the data coloured by cluster at the last step",
    "trails": "the path of every moving point so far",
    "windows": "the window (bandwidth) of a few moving points; Gaussian: 1σ and 2σ",
    "arrows": "each point's last shift, previous → current position",
    "points": "the moving points: vermillion while moving, blue once stopped",
    "modes": "the modes, shown once every point climbing to them has stopped",
    "label": "the step label inside the axes",
    "convergence": "a panel: largest shift per step (log) and mean density at the points",
}

#: Layers drawn when none are given (those a trace cannot show are left out).
DEFAULT_LAYERS: tuple[str, ...] = LAYERS

# Figure layout when the view makes its own figure, in inches on S.FIGSIZE.
_MAIN = (0.8, 0.6, 4.85, 4.85)  # left, bottom, width, height
_SHIFT = (7.05, 3.7, 4.1, 1.5)
_DENS = (7.05, 1.5, 4.1, 1.55)
_LEGEND_ANCHOR = (6.55, 0.05)
# Longest subtitle line, in characters, that fits above the main axes.
_WRAP = 62


def _rect(
    box: tuple[float, float, float, float], size: tuple[float, ...]
) -> tuple[float, float, float, float]:
    # The boxes are laid out in inches on the default figure; other figure sizes
    # keep the same proportions (text stays in points).
    w, h = S.FIGSIZE
    return (box[0] / w, box[1] / h, box[2] / w, box[3] / h)


class MeanShiftView:
    """Draw a mean shift run and show any of its steps.

    Parameters
    ----------
    trace : Trace
        A finished run from :func:`msviz.run_mean_shift`.
    ax : matplotlib Axes, optional
        Where to draw the points. None makes a figure (with pyplot, so it shows
        in Jupyter) laid out with the convergence panel beside the axes.
    layers : iterable of str, optional
        The layers to draw (see :data:`LAYERS`); None draws every layer this
        trace can show. Layers not drawn now can be switched on later with
        :meth:`set_layer_visible`.
    fig : matplotlib Figure, optional
        An empty figure to lay the view out in (ignored when ``ax`` is given).
        Use it to draw into a figure made elsewhere, e.g. an ipympl canvas.
    panel_axes : (Axes, Axes), optional
        With ``ax``: two axes for the convergence panel (largest shift, mean
        density). Without them the panel is not drawn when ``ax`` is given.
    projection : None, "pca" or (int, int)
        How to draw more than two features (see :func:`msviz.scene.fit_projection`).
    feature_names : sequence of str, optional
        Column names, for the axis labels.
    n_windows : int, default=6
        How many moving points get their window drawn, spread out over the data.
    highlight : array-like of int, optional
        Exactly which moving points get a window.
    density_resolution : int, default=200
        Pixels per side of the density image (lower is quicker to compute).
    legend : bool, default=True
        Draw a legend (outside the data).
    title : bool, default=True
        Say above the axes what was run.
    figsize : (float, float), optional
        Size of a figure the view makes (default 11.5 x 6.2 in), shown at
        ``figsize`` x ``dpi`` pixels. Everything is scaled alike, text included,
        so a small figure is the same picture, smaller (the figure keeps the
        design's 11.5 in width and scales its dpi). An empty ``fig`` of another
        size you pass yourself keeps the layout's proportions but not the
        text's, so small ones crowd: make it with ``figsize`` here instead.
    dpi : float, optional
        Resolution of a figure the view makes (default 72, so the figure fits
        the width of a notebook).

    Attributes
    ----------
    trace : Trace
    scene : Scene
        The computed drawing data (shared by every view of the same trace).
    fig : Figure
    ax : Axes
    panel_axes : tuple of Axes
        The convergence panel's two axes (empty if there is none).
    step : int
        The step shown.
    layers : frozenset of str
        The layers currently visible.
    available_layers : tuple of str
        The layers this trace can show.

    Notes
    -----
    For widgets: move a slider with ``view.show_step(i)`` then
    ``view.fig.canvas.draw_idle()``; toggle a layer with
    :meth:`set_layer_visible`; after a bandwidth, kernel or variant change
    give the new run to :meth:`set_trace` (the figure and axes are kept).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import msviz
    >>> X = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]
    >>> view = MeanShiftView(msviz.run_mean_shift(X, bandwidth=3), layers=["data", "points"])
    >>> _ = view.plot()
    >>> sorted(view.layers)
    ['data', 'points']
    >>> view.moving_points.get_offsets().shape
    (5, 2)
    """

    LAYERS: ClassVar[tuple[str, ...]] = LAYERS

    def __init__(
        self,
        trace: Trace,
        ax: Axes | None = None,
        *,
        layers: Iterable[str] | None = None,
        fig: Figure | None = None,
        panel_axes: Sequence[Axes] | None = None,
        projection: ProjectionSpec = None,
        feature_names: Sequence[str] | None = None,
        n_windows: int = N_WINDOWS,
        highlight: ArrayLike | None = None,
        density_resolution: int = DENSITY_RESOLUTION,
        legend: bool = True,
        title: bool = True,
        figsize: tuple[float, float] | None = None,
        dpi: float | None = None,
    ) -> None:
        if not isinstance(trace, Trace):
            raise TypeError(
                f"MeanShiftView needs a msviz.Trace, got {type(trace).__name__}; make one "
                "with msviz.run_mean_shift(X, ...) (not a live generator)"
            )
        self._scene_options: dict[str, Any] = dict(
            projection=projection, feature_names=feature_names, n_windows=n_windows,
            highlight=highlight, resolution=int(density_resolution),
        )
        self._legend_on = bool(legend)
        self._title_on = bool(title)
        self._own_layout = ax is None
        if panel_axes is not None and len(panel_axes) != 2:
            raise ValueError("panel_axes must be two Axes: (largest shift, mean density)")
        if ax is None:
            if fig is None:
                import matplotlib.pyplot as plt

                inches, fig_dpi = S.scaled_figure(figsize, dpi or S.SCREEN_DPI)
                fig = plt.figure(figsize=inches, dpi=fig_dpi)
            elif fig.axes:
                raise ValueError(
                    "fig must be an empty figure; pass ax= (and panel_axes=) to draw "
                    "into axes you made"
                )
            size = tuple(fig.get_size_inches())
            ax = fig.add_axes(_rect(_MAIN, size))
            if panel_axes is None:
                top = fig.add_axes(_rect(_SHIFT, size))
                bottom = fig.add_axes(_rect(_DENS, size), sharex=top)
                panel_axes = (top, bottom)
        self.ax: Axes = ax
        fig_ = ax.get_figure()
        assert isinstance(fig_, Figure)
        self.fig: Figure = fig_
        self.panel_axes: tuple[Axes, ...] = tuple(panel_axes) if panel_axes is not None else ()
        self._requested = None if layers is None else _check_layers(layers)
        self._plotted = False
        self._blitting = False
        #: The :class:`~msviz.draw.blit.Blitter` once blitting is enabled.
        self.blitter: Blitter | None = None
        self._set_trace(trace)

    # ------------------------------------------------------------------ state

    def _set_trace(self, trace: Trace) -> None:
        self.trace = trace
        aspect = _box_aspect(self.ax)
        self.scene: Scene = scene_for(trace, aspect=aspect, **self._scene_options)
        self.available_layers: tuple[str, ...] = _available(self.scene, bool(self.panel_axes))
        if self._requested is None:
            on = set(self.available_layers)
        else:
            missing = [name for name in self._requested if name not in self.available_layers]
            if missing:
                raise ValueError(
                    _unavailable_message(missing[0], self.scene, bool(self.panel_axes))
                )
            on = set(self._requested)
        self._on: set[str] = on
        self.step = 0

    @property
    def layers(self) -> frozenset[str]:
        """The layers currently visible."""
        return frozenset(self._on)

    @property
    def n_steps(self) -> int:
        """The number of steps (``len(trace)``)."""
        return self.scene.n_steps

    # ------------------------------------------------------------------ drawing

    def plot(self, step: int = 0) -> list[Artist]:
        """Create every artist once and show ``step``.

        Every layer this trace can show is created (hidden if switched off), so
        :meth:`set_layer_visible` never creates artists. Limits are fixed from
        the whole run; the aspect is equal, so windows are round.

        Returns
        -------
        list of Artist
            Every artist made.
        """
        if self._plotted:
            self._remove()
        sc = self.scene
        ax = self.ax
        self._artists: dict[str, list[Artist]] = {name: [] for name in LAYERS}
        made: list[Artist] = []

        def add(layer: str, artist: Artist) -> Any:
            self._artists[layer].append(artist)
            made.append(artist)
            return artist

        ax.set_xlim(*sc.xlim)
        ax.set_ylim(*sc.ylim)
        ax.set_autoscale_on(False)
        if sc.equal_aspect:
            ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel(sc.projection.xlabel, fontsize=S.LABEL_SIZE)
        ax.set_ylabel(sc.projection.ylabel, fontsize=S.LABEL_SIZE)
        ax.tick_params(labelsize=S.TICK_SIZE)
        for spine in ax.spines.values():
            spine.set_color("#7A7A7A")
        if self._title_on:
            sub = " · ".join(p for p in (sc.subtitle, sc.projection.note) if p)
            if self._own_layout:
                # Across the whole figure: room for a long subtitle on one line.
                w, h = self.fig.get_size_inches()
                x0 = _MAIN[0] / w
                made.append(self.fig.text(
                    x0, 1 - 0.12 / h, sc.title, ha="left", va="top", fontsize=S.TITLE_SIZE,
                    color=S.TEXT,
                ))
                if sub:
                    made.append(self.fig.text(
                        x0, 1 - 0.42 / h, sub, ha="left", va="top",
                        fontsize=S.SUBTITLE_SIZE, color="#4D4D4D",
                    ))
            else:
                lines = _wrap([p for p in (sc.subtitle, sc.projection.note) if p], _WRAP)
                made.append(ax.set_title(
                    sc.title, fontsize=S.TITLE_SIZE, loc="left", color=S.TEXT,
                    pad=8 + 15 * len(lines),
                ))
                if lines:
                    made.append(ax.annotate(
                        "\n".join(lines), xy=(0.0, 1.0), xycoords="axes fraction",
                        xytext=(0, 6), textcoords="offset points", ha="left", va="bottom",
                        fontsize=S.SUBTITLE_SIZE, color="#4D4D4D", linespacing=1.25,
                    ))
            self._titles = made[-2:] if sub else made[-1:]

        # -- density
        if sc.density is not None:
            dens = sc.density
            if dens.curve is not None:
                add("density", ax.fill_between(
                    dens.curve[:, 0], 0.0, dens.curve[:, 1], color=S.DENSITY_COLORS[1],
                    linewidth=0, zorder=0.5,
                ))
                (curve,) = ax.plot(
                    dens.curve[:, 0], dens.curve[:, 1], color=S.DENSITY_TOP, lw=1.5, zorder=0.6
                )
                add("density", curve)
                self._density_image: AxesImage | None = None
            else:
                cmap = LinearSegmentedColormap.from_list("msviz_density", S.DENSITY_COLORS)
                self._density_image = ax.imshow(
                    dens.image(0), extent=dens.extent, origin="lower", cmap=cmap,
                    norm=PowerNorm(0.6, 0.0, 1.0), interpolation="bilinear", zorder=0.5,
                    aspect="auto" if not sc.equal_aspect else "equal",
                )
                add("density", self._density_image)
        else:
            self._density_image = None

        # -- basins
        if sc.basins is not None:
            k_max = max(int(sc.basins.labels.max()) + 1, 1)
            colors = [S.lighten(S.DATA, 0.8)] + [
                S.lighten(S.cluster_color(j), 0.55) for j in range(k_max)
            ]
            self._basins: AxesImage | None = ax.imshow(
                sc.basins.labels + 1, extent=sc.basins.extent, origin="lower",
                cmap=ListedColormap(colors), norm=Normalize(-0.5, k_max + 0.5),
                interpolation="nearest", zorder=0.7, aspect="equal",
            )
            add("basins", self._basins)
        else:
            self._basins = None

        # -- data, grey; a copy coloured by cluster shows at the last step
        small = sc.n_samples > 500
        size = 7 if small else 14
        self.data = ax.scatter(
            sc.data[:, 0], sc.data[:, 1], s=size, color=S.DATA, linewidths=0, zorder=1.0,
        )
        add("data", self.data)
        n_colors = max(sc.n_clusters, 1)
        self.cluster_data = ax.scatter(
            sc.data[:, 0], sc.data[:, 1], s=size, c=np.asarray(sc.labels) + 1.0,
            cmap=ListedColormap([S.DATA] + [S.cluster_color(j) for j in range(n_colors)]),
            norm=Normalize(-0.5, n_colors + 0.5), linewidths=0, zorder=1.05,
        )
        add("clusters", self.cluster_data)
        # Layers shown only at the last step: artist -> layer.
        self._timed: dict[Artist, str] = {self.cluster_data: "clusters"}
        if self._basins is not None:
            self._timed[self._basins] = "basins"

        # -- trails: every point faint, the highlighted ones dark
        many = sc.n_seeds > 1000
        self.trails = LineCollection(
            [], colors=S.TRAIL_FAINT if many else S.TRAIL,
            linewidths=0.5 if many else (0.7 if sc.n_seeds > 300 else 1.0), zorder=1.5,
        )
        ax.add_collection(self.trails, autolim=False)
        add("trails", self.trails)
        self.highlight_trails = LineCollection(
            [], colors=S.TRAIL_HIGHLIGHT, linewidths=1.8, zorder=2.6,
        )
        ax.add_collection(self.highlight_trails, autolim=False)
        add("trails", self.highlight_trails)

        # -- windows of the highlighted points
        self.windows: list[list[Any]] = []
        if sc.kind == "line":
            for _ in sc.highlight:
                rings: list[Any] = []
                for r in range(len(sc.ring_scales)):
                    (seg,) = ax.plot(
                        [], [], color=S.WINDOW, lw=2.0 if r == 0 else 1.2,
                        ls="-" if r == 0 else (0, (4, 3)), solid_capstyle="butt", zorder=2.5,
                    )
                    add("windows", seg)
                    rings.append(seg)
                self.windows.append(rings)
        else:
            for i in sc.highlight:
                rings = []
                for r, scale in enumerate(sc.ring_scales):
                    circle = Circle(
                        (float(sc.positions[0, i, 0]), float(sc.positions[0, i, 1])),
                        float(sc.radii[0, i]) * scale, fill=False, edgecolor=S.WINDOW,
                        linewidth=1.5 if r == 0 else 1.0,
                        linestyle="-" if r == 0 else (0, (4, 3)), zorder=2.5,
                    )
                    ax.add_patch(circle)
                    add("windows", circle)
                    rings.append(circle)
                self.windows.append(rings)
        self.window_centers = ax.scatter(
            sc.positions[0, sc.highlight, 0], sc.positions[0, sc.highlight, 1], s=70,
            facecolors="none", edgecolors=S.WINDOW, linewidths=1.6, zorder=3.2,
        )
        add("windows", self.window_centers)

        # -- shift arrows (previous -> current)
        start = sc.positions[0]
        few = sc.arrow_idx.size <= 300
        self.arrows = ax.quiver(
            start[sc.arrow_idx, 0], start[sc.arrow_idx, 1], np.zeros(sc.arrow_idx.size),
            np.zeros(sc.arrow_idx.size), angles="xy", scale_units="xy", scale=1.0,
            units="inches", width=0.011 if few else 0.008, headwidth=4.0, headlength=4.5,
            headaxislength=4.0, minlength=0.0, minshaft=1.0, color=S.ARROW, linewidth=0,
            zorder=2.8,
        )
        add("arrows", self.arrows)

        # -- moving points: one uniform colour per state (drawn much faster than
        # per-point colours)
        dots: dict[str, Any] = dict(
            s=12 if sc.n_seeds > 500 else 26, edgecolors=S.WHITE,
            linewidths=0.0 if sc.n_seeds > 500 else 0.5,
        )
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
            add("points", artist)

        # -- modes
        self.modes = ax.scatter(
            np.empty(0), np.empty(0), s=190, marker="X", facecolors=S.MODE,
            edgecolors=S.WHITE, linewidths=1.4, zorder=4.0,
        )
        add("modes", self.modes)

        # -- step label
        self.label: Text = ax.text(
            0.015, 0.985, "", transform=ax.transAxes, ha="left", va="top",
            fontsize=S.STEP_SIZE, color=S.TEXT, zorder=6,
            bbox=dict(boxstyle="round,pad=0.35", facecolor=S.WHITE, edgecolor="#BDBDBD",
                      linewidth=0.8, alpha=1.0),
        )
        add("label", self.label)

        # -- convergence panel
        if self.panel_axes:
            for panel_artist in self._plot_panel():
                add("convergence", panel_artist)

        self._legend: Legend | None = None
        self._plotted = True
        self._apply_visibility()
        self._make_legend()
        self._dynamic_set: set[Artist] = set(self.show_step(step))
        if self._blitting:
            self._blitting = False
            self.enable_blitting()
        return made

    def _plot_panel(self) -> list[Artist]:
        sc = self.scene
        conv = sc.convergence
        top, bottom = self.panel_axes[0], self.panel_axes[1]
        made: list[Artist] = []
        steps = np.arange(sc.n_steps)
        x_max = max(sc.last, 1)
        for pax in (top, bottom):
            pax.set_xlim(-0.04 * x_max, x_max * 1.04)
            pax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
            pax.tick_params(labelsize=S.TICK_SIZE)
            pax.grid(True, color=S.GRID, linewidth=0.6)
            pax.set_axisbelow(True)
            for name in ("top", "right"):
                pax.spines[name].set_visible(False)
        # Largest shift on a log scale, with the stopping threshold; zero and
        # round-off shifts sit on a floor, drawn as down-pointing triangles.
        top.set_yscale("log")
        (shift_line,) = top.plot(
            steps, conv.max_shift, "-o", color=S.PANEL_SHIFT, ms=3.5, lw=1.6,
        )
        threshold = top.axhline(
            conv.threshold, color=S.PANEL_THRESHOLD, lw=1.4, ls=(0, (5, 3)),
        )
        made += [shift_line, threshold]
        if conv.at_floor.any():
            (floor_marks,) = top.plot(
                steps[conv.at_floor], conv.max_shift[conv.at_floor], "v",
                color=S.PANEL_SHIFT, ms=7, linestyle="none",
            )
            made.append(floor_marks)
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
            color=S.TEXT,
        )
        top.tick_params(labelbottom=False)
        made.append(thr_text)
        self._shift_dot, self._shift_cursor = self._panel_cursor(top)
        made += [self._shift_dot, self._shift_cursor]

        if conv.mean_density is not None:
            (dens_line,) = bottom.plot(
                steps, conv.mean_density, "-o", color=S.PANEL_DENSITY, ms=3.5, lw=1.8,
            )
            md = conv.mean_density
            span = float(md.max() - md.min())
            pad = 0.12 * span if span > 0 else 0.05 * max(abs(float(md.max())), 1e-12)
            bottom.set_ylim(float(md.min()) - pad, float(md.max()) + pad)
            made.append(dens_line)
            bottom.set_title(conv.density_label, fontsize=S.LABEL_SIZE, loc="left", color=S.TEXT)
        else:
            bottom.text(
                0.5, 0.5, "no density for a custom kernel", transform=bottom.transAxes,
                ha="center", va="center", fontsize=S.TICK_SIZE, color="#777777",
            )
            bottom.set_yticks([])
        bottom.yaxis.set_major_locator(MaxNLocator(nbins=4))
        bottom.yaxis.set_major_formatter(FuncFormatter(_short_number))
        bottom.set_xlabel("step", fontsize=S.LABEL_SIZE)
        self._dens_dot, self._dens_cursor = self._panel_cursor(bottom)
        made += [self._dens_dot, self._dens_cursor]
        return made

    @staticmethod
    def _panel_cursor(ax: Axes) -> tuple[Line2D, Line2D]:
        """The current step on a panel: a big dot on the curve and a mark on the step axis.

        Compact marks rather than a full-height line: a line across both panels
        changes a column of pixels every step, which costs about 1 KB a frame
        in a GIF; these change a few dozen pixels.
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

    def _make_legend(self) -> None:
        if self._legend is not None:
            self._legend.remove()
            self._legend = None
        if not self._legend_on:
            return
        handles: list[Artist] = []
        labels: list[str] = []
        sc = self.scene

        def entry(handle: Artist, text: str) -> None:
            handles.append(handle)
            labels.append(text)

        dot = dict(linestyle="none", marker="o", markeredgewidth=0)
        if "data" in self._on:
            entry(Line2D([], [], color=S.DATA, ms=5, **dot),  # type: ignore[arg-type]
                  "data at the start" if sc.variant == "blurring" else "data")
        if "points" in self._on:
            what = "data" if sc.variant == "blurring" else "point"
            entry(Line2D([], [], color=S.MOVING, ms=7, **dot), f"moving {what}")  # type: ignore[arg-type]
            entry(Line2D([], [], color=S.STOPPED, ms=7, **dot), "stopped")  # type: ignore[arg-type]
            if np.any(sc.state[-1] == 2):
                entry(Line2D([], [], color=S.EMPTY, ms=7, **dot),  # type: ignore[arg-type]
                      "empty window")
        if "trails" in self._on:
            entry(Line2D([], [], color=S.TRAIL_HIGHLIGHT, lw=1.8), "trail")
        if "arrows" in self._on:
            entry(Line2D([], [], color=S.ARROW, lw=1.2, marker=">", ms=5,
                         markevery=[-1]), "last shift")
        if "windows" in self._on and sc.highlight.size:
            if len(sc.ring_scales) > 1:
                entry(Line2D([], [], color=S.WINDOW, lw=1.4), "window 1σ (= h)")
                entry(Line2D([], [], color=S.WINDOW, lw=1.0, ls=(0, (4, 3))), "2σ")
            else:
                entry(Line2D([], [], color=S.WINDOW, lw=1.4), "window: radius h")
        if "modes" in self._on:
            entry(Line2D([], [], color=S.MODE, marker="X", ms=10, markeredgecolor=S.WHITE,
                         linestyle="none"), "mode")
        if not handles:
            return
        if self._own_layout and self.panel_axes:
            # Under the panel, proportional like the axes boxes (see _rect).
            anchor = (_LEGEND_ANCHOR[0] / S.FIGSIZE[0], _LEGEND_ANCHOR[1] / S.FIGSIZE[1])
            self._legend = self.fig.legend(
                handles, labels, loc="lower left", bbox_to_anchor=anchor,
                ncol=3,
                fontsize=S.LEGEND_SIZE, frameon=False, handlelength=1.8, columnspacing=1.4,
            )
        else:
            self._legend = self.ax.legend(
                handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                fontsize=S.LEGEND_SIZE, frameon=False, borderaxespad=0.0,
            )

    # ------------------------------------------------------------------ stepping

    def show_step(self, step: int) -> list[Artist]:
        """Show step ``step`` by updating the artists (setters only, no redraw).

        Parameters
        ----------
        step : int
            0 for the start, up to ``n_steps - 1``; negative counts from the end.

        Returns
        -------
        list of Artist
            The artists changed. Redraw with ``fig.canvas.draw_idle()``, or
            :meth:`blit` for a fast redraw of only these.

        Raises
        ------
        IndexError
            If ``step`` is out of range.
        """
        if not self._plotted:
            self.plot()
        sc = self.scene
        k = sc.check_step(step)
        self.step = k
        pos = sc.positions[k]
        state = sc.state[k]
        changed: list[Artist] = []

        self.moving_points.set_offsets(pos[state == 0])
        self.stopped_points.set_offsets(pos[state == 1])
        self.empty_points.set_offsets(pos[state == 2])
        changed += [self.moving_points, self.stopped_points, self.empty_points]

        for artist in self._timed:
            artist.set_visible(self._timed_visible(artist))
            changed.append(artist)

        trail = sc.trail(k)
        self.trails.set_segments(trail)  # type: ignore[arg-type]
        self.highlight_trails.set_segments(trail[sc.highlight])  # type: ignore[arg-type]
        changed += [self.trails, self.highlight_trails]

        idx = sc.arrow_idx
        prev = sc.positions[k - 1] if k > 0 else pos
        self.arrows.set_offsets(prev[idx])
        self.arrows.set_UVC(sc.moves[k, idx, 0], sc.moves[k, idx, 1])
        changed.append(self.arrows)

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

        self.modes.set_offsets(sc.modes_at(k))
        changed.append(self.modes)

        if self._density_image is not None and sc.density is not None and sc.density.per_step:
            self._density_image.set_data(sc.density.image(k))
            changed.append(self._density_image)

        self.label.set_text(sc.step_label(k))
        changed.append(self.label)

        if self.panel_axes:
            conv = sc.convergence
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

    def _timed_visible(self, artist: Artist) -> bool:
        """Whether a layer shown only at some steps is visible now."""
        return self._timed[artist] in self._on and self.step == self.scene.last

    # ------------------------------------------------------------------ fast redraw

    def dynamic_artists(self) -> list[Artist]:
        """The artists :meth:`show_step` may change, in drawing order.

        Everything else is static for the whole run and can be drawn once.
        """
        if not self._plotted:
            return []
        out: list[Artist] = []
        for ax in (self.ax, *self.panel_axes):
            mine = [a for layer in self._artists.values() for a in layer if a.axes is ax]
            dyn = [a for a in mine if a in self._dynamic_set]
            out += sorted(dyn, key=lambda a: a.get_zorder())
        return out

    def enable_blitting(self) -> None:
        """Redraw only the changing artists from now on (see :meth:`blit`).

        The changing artists are marked *animated*: a full draw of the canvas
        (``draw``, ``draw_idle``, a resize, ``savefig``) draws the static part
        and then, through a ``draw_event`` handler, the changing artists on
        top, and keeps the static part as the background for :meth:`blit`.
        """
        if not self._plotted:
            self._blitting = True  # plot() sets it up
            return
        if self._blitting and self.blitter is not None:
            return
        self.blitter = Blitter(self.fig)
        self.blitter.set_artists(self.dynamic_artists())
        self._blitting = True

    def disable_blitting(self) -> None:
        """Go back to plain full redraws."""
        if not self._blitting:
            return
        if self.blitter is not None:
            self.blitter.disconnect()
            self.blitter = None
        self._blitting = False

    def blit(self) -> None:
        """Redraw the figure fast: the cached background, then the changing artists.

        Call after :meth:`show_step`. Enables blitting on first use. Falls back
        to ``canvas.draw()`` on canvases that cannot blit.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import msviz
        >>> view = MeanShiftView(msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2))
        >>> _ = view.plot()
        >>> _ = view.show_step(1)
        >>> view.blit()
        """
        if not self._plotted:
            self.plot()
        canvas = self.fig.canvas
        self.enable_blitting()
        assert self.blitter is not None
        if not (canvas.supports_blit and self.blitter.can_blit):
            canvas.draw()
            return
        if not self.blitter.blit():
            canvas.draw()  # the blitter keeps this picture as the background
            canvas.blit(self.fig.bbox)

    def update(self, step: int) -> list[Artist]:
        """Show ``step`` and redraw: with blitting if enabled, else ``draw_idle``.

        The one call a slider callback needs.
        """
        changed = self.show_step(step)
        if self._blitting:
            self.blit()
        else:
            self.fig.canvas.draw_idle()
        return changed

    # ------------------------------------------------------------------ layers

    def set_layer_visible(self, name: str, visible: bool = True) -> list[Artist]:
        """Switch a layer on or off (only visibility changes; nothing is recomputed).

        Parameters
        ----------
        name : str
            One of :attr:`available_layers`.
        visible : bool, default=True

        Returns
        -------
        list of Artist
            The artists whose visibility changed.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import msviz
        >>> view = MeanShiftView(msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2))
        >>> _ = view.plot()
        >>> _ = view.set_layer_visible("trails", False)
        >>> "trails" in view.layers
        False
        """
        (name,) = _check_layers([name])
        if name not in self.available_layers:
            raise ValueError(_unavailable_message(name, self.scene, bool(self.panel_axes)))
        if visible:
            self._on.add(name)
        else:
            self._on.discard(name)
        if not self._plotted:
            return []
        self._apply_visibility()
        self._make_legend()
        return list(self._artists[name])

    def set_layers(self, layers: Iterable[str]) -> list[Artist]:
        """Show exactly ``layers`` (each must be in :attr:`available_layers`)."""
        wanted = set(_check_layers(layers))
        changed: list[Artist] = []
        for name in self.available_layers:
            if (name in wanted) != (name in self._on):
                changed += self.set_layer_visible(name, name in wanted)
        return changed

    def _apply_visibility(self) -> None:
        for name, artists in self._artists.items():
            on = name in self._on
            for artist in artists:
                if artist in self._timed:
                    artist.set_visible(self._timed_visible(artist))
                else:
                    artist.set_visible(on)
        if self.panel_axes:
            on = "convergence" in self._on
            for pax in self.panel_axes:
                pax.set_visible(on)
        if self.blitter is not None:
            self.blitter.forget()  # the background no longer matches

    # ------------------------------------------------------------------ new run

    def set_trace(self, trace: Trace, *, step: int = 0) -> list[Artist]:
        """Show another run in the same axes (e.g. after the bandwidth changed).

        The old artists are removed and new ones made once (a new run has new
        limits and a new number of points); the figure, axes and the layers
        switched on are kept. Returns the new artists.
        """
        on = set(self._on)
        self._requested = None
        self._set_trace(trace)
        self._on = {name for name in on if name in self.available_layers}
        return self.plot(step=min(max(step, 0), self.scene.last))

    def _remove(self) -> None:
        blitting = self._blitting
        self.disable_blitting()
        self._blitting = blitting  # plot() enables it again for the new artists
        for artists in self._artists.values():
            for artist in artists:
                try:
                    artist.remove()
                except (ValueError, NotImplementedError):
                    pass
        for pax in self.panel_axes:
            for artist in list(pax.lines) + list(pax.texts) + list(pax.collections):
                artist.remove()
            pax.set_title("")
        if self._legend is not None:
            self._legend.remove()
            self._legend = None
        for text in getattr(self, "_titles", []):
            if text is self.ax.title:
                text.set_text("")  # the axes' own title cannot be removed
            else:
                with suppress(ValueError, NotImplementedError):
                    text.remove()
        self._titles = []
        self._plotted = False

    # ------------------------------------------------------------------ helpers

    def artists(self, layer: str) -> list[Artist]:
        """The artists of one layer (empty before :meth:`plot`)."""
        (layer,) = _check_layers([layer])
        if not self._plotted:
            return []
        return list(self._artists[layer])

    def close(self) -> None:
        """Close the figure (frees its memory when it was made with pyplot)."""
        import matplotlib.pyplot as plt

        plt.close(self.fig)

    def __repr__(self) -> str:
        return (
            f"MeanShiftView(step={self.step}/{self.scene.last}, "
            f"layers={sorted(self._on)}, kind={self.scene.kind!r})"
        )


def _box_aspect(ax: Axes) -> float:
    """Width / height of the axes box in inches."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    w, h = fig.get_size_inches()
    pos = ax.get_position()
    width, height = pos.width * w, pos.height * h
    return float(width / height) if height > 0 else 1.0


def _check_layers(layers: Iterable[str]) -> list[str]:
    if isinstance(layers, str):
        layers = [part.strip() for part in layers.split(",") if part.strip()]
    out = []
    for name in layers:
        if not isinstance(name, str) or name.strip().lower() not in LAYERS:
            raise ValueError(f"unknown layer {name!r}; the layers are {', '.join(LAYERS)}")
        out.append(name.strip().lower())
    return out


def _available(scene: Scene, panel: bool) -> tuple[str, ...]:
    out = []
    for name in LAYERS:
        if name == "density" and scene.density is None:
            continue
        if name == "basins" and scene.basins is None:
            continue
        if name == "convergence" and not panel:
            continue
        out.append(name)
    return tuple(out)


def _unavailable_message(name: str, scene: Scene, panel: bool) -> str:
    if name == "density":
        return "layer 'density' needs a kernel with a known shadow density (flat, " \
            "epanechnikov or gaussian)"
    if name == "basins":
        return "layer 'basins' needs a run with seeds='grid' on two features"
    if name == "convergence":
        return "layer 'convergence' needs panel axes: pass panel_axes=(ax1, ax2) with ax=, " \
            "or let the view make its figure"
    return f"layer {name!r} is not available here"


def _short_number(value: float, _pos: object = None) -> str:
    """A tick label with three significant digits and no offset text."""
    if value == 0:
        return "0"
    text = f"{value:.3g}"
    return text.replace("e-0", "e-").replace("e+0", "e")


def _wrap(parts: list[str], width: int) -> list[str]:
    """Join ``parts`` with " · " into lines of at most ``width`` characters."""
    lines: list[str] = []
    for part in parts:
        words = part.split(" ")
        current = ""
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] = f"{lines[-1]} · {part}"
            continue
        for word in words:
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        if current:
            lines.append(current)
    return lines
