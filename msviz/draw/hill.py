"""The density hill in 3-D: the moving points climb the shadow density as a surface.

:class:`HillView` draws a :class:`~msviz.scene.hill.HillScene` with mplot3d: the
density as a surface (its height is the density, in density units), every moving
point sitting on it at its density, the trails on the hill, the modes at the peaks
and the data on the floor. It keeps :class:`~msviz.draw.view.MeanShiftView`'s
contract: :meth:`HillView.plot` makes every artist once and
:meth:`HillView.show_step` only calls setters, so a slider, a GIF and a notebook
show the same frames. With ``%matplotlib widget`` (ipympl) the camera can be
dragged with the mouse.

One feature: the hill is the density curve with the points on it, which is what the
plane view draws for 1-D data; :class:`HillView` then draws with a
:class:`~msviz.draw.view.MeanShiftView` (density, data, trails, points, modes and the
step label) on ordinary axes. More than two features have no hill to draw (over a
projection the height would not be the density the points climb): a clear error.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import msviz
>>> trace = msviz.run_mean_shift(msviz.datasets.load("blobs"), bandwidth=2.5)
>>> view = HillView(trace).plot()
>>> changed = view.show_step(3)
>>> view.step, view.ax.name
(3, '3d')
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, PowerNorm
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

from msviz.draw import style as S
from msviz.draw.blit import Blitter
from msviz.draw.layers import _short_number
from msviz.draw.view import MeanShiftView, _plain_canvas
from msviz.engine import Trace
from msviz.engine._checks import check_real
from msviz.engine.estimator import as_trace
from msviz.scene.hill import HILL_RESOLUTION, HillScene, hill_scene

__all__ = ["HILL_LAYERS_1D", "HillView"]

#: The layers of the plane view a hill of one feature shows.
HILL_LAYERS_1D = ("density", "data", "trails", "points", "modes", "label")

# Figure layout when the view makes its own figure, in inches on S.FIGSIZE
# (proportions are kept on other sizes; see view._rect).
_AXES = (0.0, 0.1, 8.2, 5.3)  # left, bottom, width, height: the 3-D box
_LEGEND_ANCHOR = (8.35, 3.2)
_TITLE_X = 0.8

#: The surface: from a pale blue-grey to msviz's density colour, a little darker
#: at the top so the peaks read on white.
SURFACE_COLORS = ("#EEF2F7", S.DENSITY_COLORS[1], S.DENSITY_COLORS[2], S.DENSITY_TOP, "#7D95B8")
SURFACE_EDGE = S.HILL_EDGE


def _rect(box: tuple[float, float, float, float], size: tuple[float, ...],
          zoom: float) -> tuple[float, float, float, float]:
    w, h = S.FIGSIZE[0] / zoom, S.FIGSIZE[1] / zoom
    sx, sy = S.FIGSIZE[0] / w, S.FIGSIZE[1] / h  # the design's inches on this figure
    return (box[0] / sx / w, box[1] / sy / h, box[2] / sx / w, box[3] / sy / h)


class HillView:
    """Draw a mean shift run as points climbing the density hill, in 3-D.

    Parameters
    ----------
    trace : Trace or MeanShift
        A finished run on one or two features, with a kernel that knows its
        shadow density (flat, Epanechnikov, Gaussian, ...).
    ax : matplotlib Axes, optional
        Where to draw: a 3-D axes (``fig.add_subplot(projection="3d")``) for
        two features, ordinary axes for one. None makes a figure (with pyplot,
        so it shows in Jupyter; with ``%matplotlib widget`` the camera can be
        dragged).
    fig : matplotlib Figure, optional
        An empty figure to lay the view out in (ignored when ``ax`` is given).
    resolution : int, default=60
        Grid nodes per side of the surface (8 to 400; more is slower to draw).
    feature_names : sequence of str, optional
        Names for the axes (default: the trace's, from a DataFrame).
    elev, azim : float, default=26, -62
        The camera: height above the floor and turn around the z axis, in
        degrees (as ``Axes3D.view_init``). Change it with :meth:`set_camera`,
        or drag with the mouse (ipympl): left-right turns around the hill,
        up-down tilts it; the floor stays level (no roll).
    surface_alpha : float, default=0.72
        Opacity of the surface (the points are always drawn over it).
    legend : bool, default=True
    title : bool, default=True
    figsize : (float, float), optional
    dpi : float, optional
    style : {"screen", "projector"}, default="screen"
        As for :class:`~msviz.draw.view.MeanShiftView`.

    Attributes
    ----------
    trace : Trace
    scene : HillScene or None
        The computed drawing data (None for one feature: see :attr:`flat`).
    flat : MeanShiftView or None
        For one feature, the plane view that draws the hill (density curve).
    fig : Figure
    ax : Axes
    step : int
    surface, data, trails, moving_points, stopped_points, empty_points, modes, label
        The artists (after :meth:`plot`; for one feature the plane view's).

    Raises
    ------
    ValueError
        More than two features; a kernel without a shadow density; a bad
        ``ax``, ``resolution``, ``elev``, ``azim`` or ``surface_alpha``.

    Notes
    -----
    :meth:`update` redraws the whole figure (about 0.2 s for 1,000 points), so
    a drag of the camera and a step of the slider look alike; :meth:`blit`
    (used by the exports) redraws only what moved while the camera stays
    still. Points are drawn over the surface
    (``computed_zorder=False``), so a point behind a peak still shows through
    the translucent hill instead of vanishing.

    Examples
    --------
    In a notebook, with ``%matplotlib widget`` (drag the hill to turn it) and a
    slider for the step:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import ipywidgets as widgets
    >>> import msviz
    >>> trace = msviz.run_mean_shift(msviz.datasets.load("moons"), bandwidth=0.35)
    >>> view = HillView(trace).plot()
    >>> slider = widgets.IntSlider(0, 0, view.n_steps - 1, description="step")
    >>> slider.observe(lambda change: view.update(change["new"]), names="value")
    >>> slider.value = 4    # in a notebook: end the cell with `slider`; the figure shows itself
    >>> view.step
    4
    >>> on_hill = view.scene.points(4)        # x, y and the height of every point
    >>> bool(np.allclose(on_hill[:, 2], trace.density(on_hill[:, :2])))
    True
    """

    def __init__(
        self,
        trace: Trace,
        ax: Axes | None = None,
        *,
        fig: Figure | None = None,
        resolution: int = HILL_RESOLUTION,
        feature_names: Sequence[str] | None = None,
        elev: float = 26.0,
        azim: float = -62.0,
        surface_alpha: float = 0.72,
        legend: bool = True,
        title: bool = True,
        figsize: tuple[float, float] | None = None,
        dpi: float | None = None,
        style: str = "screen",
    ) -> None:
        trace = as_trace(trace, "HillView")
        self.trace = trace
        self.step = 0
        self._plotted = False
        self._legend_on = bool(legend)
        self._title_on = bool(title)
        self._elev = _check_elev(elev)
        self._azim = _check_azim(azim)
        self._alpha = check_real(surface_alpha, "surface_alpha", low=0.0, high=1.0,
                                 usual="e.g. surface_alpha=0.72")
        self._zoom = S.check_style(style)
        self._options: dict[str, Any] = dict(
            resolution=resolution, feature_names=feature_names, elev=elev, azim=azim,
            surface_alpha=surface_alpha, legend=legend, title=title, style=style,
        )
        self.flat: MeanShiftView | None = None
        self.scene: HillScene | None = None
        self._blitter: Blitter | None = None
        if trace.X.shape[1] == 1:
            # One feature: the plane view already draws the hill (the density curve
            # with every point at its density).
            if ax is not None and getattr(ax, "name", "") == "3d":
                raise ValueError("ax: one feature draws the hill as a curve on ordinary "
                                 "axes; pass fig.add_subplot(), not a 3-D axes")
            self.flat = MeanShiftView(
                trace, ax, layers=_layers_1d(trace), fig=fig, feature_names=feature_names,
                n_windows=0, legend=legend, title=title, figsize=figsize, dpi=dpi,
                style=style,
            )
            self.fig, self.ax = self.flat.fig, self.flat.ax
            return
        self.scene = hill_scene(trace, resolution=resolution, feature_names=feature_names)
        self._own_layout = ax is None
        if ax is None:
            if fig is None:
                import matplotlib.pyplot as plt

                inches, fig_dpi = S.scaled_figure(figsize, dpi or S.SCREEN_DPI, style)
                fig = plt.figure(figsize=inches, dpi=fig_dpi)
                _plain_canvas(fig.canvas)
            elif fig.axes:
                raise ValueError("fig must be an empty figure; pass ax= to draw into a "
                                 "3-D axes you made")
            ax = fig.add_axes(_rect(_AXES, tuple(fig.get_size_inches()), self._zoom),
                              projection="3d", computed_zorder=False)
        elif getattr(ax, "name", "") != "3d":
            raise ValueError(
                "ax must be a 3-D axes for a hill of two features: "
                "ax = fig.add_subplot(projection='3d', computed_zorder=False)"
            )
        self.ax = ax
        fig_ = ax.get_figure(root=True)
        assert isinstance(fig_, Figure)
        self.fig = fig_

    # ------------------------------------------------------------------ state

    @property
    def n_steps(self) -> int:
        """The number of steps (``len(trace)``)."""
        return len(self.trace)

    @property
    def blitter(self) -> Blitter | None:
        """The :class:`~msviz.draw.blit.Blitter` once :meth:`blit` was used, else None."""
        return self.flat.blitter if self.flat is not None else self._blitter

    def __getattr__(self, name: str) -> Any:
        flat = self.__dict__.get("flat")
        if flat is not None and not name.startswith("__"):
            return getattr(flat, name)
        raise AttributeError(f"'HillView' object has no attribute {name!r}")

    # ------------------------------------------------------------------ drawing

    def plot(self, step: int = 0) -> HillView:
        """Create every artist once and show ``step``; returns the view.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import msviz
        >>> trace = msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2)
        >>> HillView(trace).plot(step=-1)
        HillView(step=2/2, kind='surface')
        """
        if self.flat is not None:
            self.flat.plot(step)
            self.step = self.flat.step
            return self
        if self._plotted:
            raise RuntimeError("plot() makes the artists once; use show_step(k) to move them")
        sc = self.scene
        assert sc is not None
        ax: Any = self.ax  # an Axes3D (mplot3d's methods are not in Axes' types)
        ax.computed_zorder = False
        ax.set_xlim(*sc.xlim)
        ax.set_ylim(*sc.ylim)
        ax.set_zlim(*sc.zlim)
        ax.set_autoscale_on(False)
        wx, wy = sc.xlim[1] - sc.xlim[0], sc.ylim[1] - sc.ylim[0]
        ax.set_box_aspect((wx, wy, 0.5 * max(wx, wy)), zoom=1.08)
        ax.view_init(elev=self._elev, azim=self._azim)
        ax.set_xlabel(sc.xlabel, fontsize=S.LABEL_SIZE, labelpad=6)
        ax.set_ylabel(sc.ylabel, fontsize=S.LABEL_SIZE, labelpad=6)
        ax.set_zlabel(sc.zlabel, fontsize=S.LABEL_SIZE, labelpad=10)
        ax.tick_params(labelsize=S.TICK_SIZE - 1, pad=2)
        ax.zaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.zaxis.set_major_formatter(FuncFormatter(_short_number))
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.set_pane_color((0.97, 0.97, 0.97, 1.0))
            axis._axinfo["grid"].update(color=S.GRID, linewidth=0.6)
            if axis is not ax.zaxis:
                axis.set_major_locator(MaxNLocator(nbins=5))

        made: list[Artist] = []
        # -- the data on the floor, the hill, then what moves (drawn in this order)
        n = sc.plane.n_samples
        self.data = ax.scatter(
            sc.plane.data[:, 0], sc.plane.data[:, 1], np.zeros(n), s=4 if n > 500 else 9,
            color=S.DATA, linewidths=0, depthshade=False, zorder=1.0,
        )
        cmap = LinearSegmentedColormap.from_list("msviz_hill", SURFACE_COLORS)
        self.surface = Poly3DCollection(
            sc.quads(0), cmap=cmap, norm=PowerNorm(0.7, 0.0, sc.zlim[1]),
            edgecolors=SURFACE_EDGE, linewidths=0.25, alpha=self._alpha, zorder=2.0,
        )
        self.surface.set_array(sc.quad_heights(0))
        ax.add_collection3d(self.surface, autolim=False)
        # Thousands of dark trails would paint the hill brown: lighter as they multiply.
        n_seeds = sc.plane.n_seeds
        many = n_seeds > 150
        self._trail_colour = S.TRAIL if n_seeds > 500 else S.TRAIL_HIGHLIGHT
        self.trails = Line3DCollection(
            [], colors=self._trail_colour,
            linewidths=0.4 if n_seeds > 500 else (0.5 if many else 1.0),
            alpha=0.7 if n_seeds > 500 else (0.4 if many else 0.75), zorder=3.0,
        )
        ax.add_collection3d(self.trails, autolim=False)
        dots: dict[str, Any] = dict(
            s=14 if many else 30, edgecolors=S.WHITE, linewidths=0.3 if many else 0.6,
            depthshade=False,
        )
        none = np.empty(0)
        self.empty_points = ax.scatter(none, none, none, color=S.EMPTY, zorder=3.9, **dots)
        self.moving_points = ax.scatter(none, none, none, color=S.MOVING, zorder=4.0, **dots)
        self.stopped_points = ax.scatter(none, none, none, color=S.STOPPED, zorder=4.1, **dots)
        self.modes = ax.scatter(
            none, none, none, s=200, marker="X", facecolors=S.MODE, edgecolors=S.WHITE,
            linewidths=1.4, depthshade=False, zorder=5.0,
        )
        made += [self.data, self.surface, self.trails, self.empty_points,
                 self.moving_points, self.stopped_points, self.modes]

        # -- the words
        self._titles: list[Artist] = []
        if self._title_on:
            if self._own_layout:
                w, h = self.fig.get_size_inches()
                x0 = _TITLE_X / S.FIGSIZE[0]
                self._titles.append(self.fig.text(
                    x0, 1 - 0.12 / h, sc.title, ha="left", va="top",
                    fontsize=S.TITLE_SIZE, color=S.TEXT))
                self._titles.append(self.fig.text(
                    x0, 1 - 0.42 / h, sc.subtitle, ha="left", va="top",
                    fontsize=S.SUBTITLE_SIZE, color="#4D4D4D"))
            else:
                self._titles.append(ax.set_title(sc.title, fontsize=S.TITLE_SIZE - 1,
                                                 loc="left", color=S.TEXT))
        w, h = self.fig.get_size_inches()
        where = (_TITLE_X / S.FIGSIZE[0], 1 - 0.78 / h) if self._own_layout and \
            self._title_on else (0.01, 0.99)
        self.label = self.fig.text(
            where[0], where[1], "", ha="left", va="top", fontsize=S.STEP_SIZE, color=S.TEXT,
            bbox=dict(boxstyle="round,pad=0.35", facecolor=S.WHITE, edgecolor="#BDBDBD",
                      linewidth=0.8),
        ) if self._own_layout else ax.text2D(
            0.0, 1.0, "", transform=ax.transAxes, ha="left", va="top",
            fontsize=S.STEP_SIZE - 1, color=S.TEXT,
        )
        made += [self.label, *self._titles]
        # What show_step changes, bottom to top (the surface only when it changes).
        self._dynamic: list[Artist] = ([self.surface] if sc.per_step else []) + [
            self.trails, self.empty_points, self.moving_points, self.stopped_points,
            self.modes, self.label]
        self._legend: Legend | None = None
        if self._legend_on:
            self._make_legend(sc)
        self._artists = made
        self._plotted = True
        self._connect_drag()
        self.show_step(step)
        return self

    def _connect_drag(self) -> None:
        """A drag turns the camera around the hill and tilts it; the floor stays level.

        mplot3d's own drag (matplotlib's "arcball" default) also rolls the picture,
        which loses the floor; a hill reads best turned (left-right) and tilted
        (up-down) only. Panning and zooming stay mplot3d's (middle, right button).
        """
        ax: Any = self.ax
        ax.mouse_init(rotate_btn=[], pan_btn=2, zoom_btn=3)
        self._drag: tuple[float, float, float, float] | None = None
        canvas = self.fig.canvas
        self._drag_cids = [
            canvas.mpl_connect("button_press_event", self._on_press),
            canvas.mpl_connect("motion_notify_event", self._on_drag),
            canvas.mpl_connect("button_release_event", self._on_release),
        ]

    def _on_press(self, event: Any) -> None:
        if event.inaxes is self.ax and event.button == 1:
            self._drag = (event.x, event.y, self._elev, self._azim)

    def _on_drag(self, event: Any) -> None:
        if self._drag is None or event.x is None or event.y is None:
            return
        x0, y0, elev0, azim0 = self._drag
        box = self.ax.bbox
        elev = float(np.clip(elev0 + (y0 - event.y) / box.height * 180.0, -90.0, 90.0))
        azim = azim0 - (event.x - x0) / box.width * 180.0
        self.set_camera(elev=elev, azim=float(np.clip(azim, -3600.0, 3600.0)))
        self.fig.canvas.draw_idle()

    def _on_release(self, event: Any) -> None:
        self._drag = None

    def _make_legend(self, sc: HillScene) -> None:
        dot = dict(linestyle="none", marker="o", markeredgewidth=0)
        entries: list[tuple[Artist, str]] = [
            (Line2D([], [], color=S.MOVING, ms=7, **dot), "moving point"),  # type: ignore[arg-type]
            (Line2D([], [], color=S.STOPPED, ms=7, **dot), "stopped"),  # type: ignore[arg-type]
            (Line2D([], [], color=self._trail_colour, lw=1.4), "trail on the hill"),
            (Line2D([], [], color=S.MODE, marker="X", ms=10, markeredgecolor=S.WHITE,
                    linestyle="none"), "mode (a peak)"),
            (Patch(facecolor=S.DENSITY_TOP, edgecolor=SURFACE_EDGE, alpha=self._alpha),
             textwrap.fill(f"{sc.surface_label} (height)", 26)),
            (Line2D([], [], color=S.DATA, ms=4, **dot), "data (on the floor)"),  # type: ignore[arg-type]
        ]
        if np.any(sc.state[-1] == 2):
            entries.insert(2, (Line2D([], [], color=S.EMPTY, ms=7, **dot), "empty window"))  # type: ignore[arg-type]
        handles = [e[0] for e in entries]
        labels = [e[1] for e in entries]
        if self._own_layout:
            w, h = S.FIGSIZE
            self._legend = self.fig.legend(
                handles, labels, loc="center left",
                bbox_to_anchor=(_LEGEND_ANCHOR[0] / w, _LEGEND_ANCHOR[1] / h),
                fontsize=S.LEGEND_SIZE, frameon=False, handlelength=1.8, labelspacing=0.9,
            )
        else:
            self._legend = self.ax.legend(
                handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                fontsize=S.LEGEND_SIZE - 1, frameon=False,
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
            The artists changed. Redraw with ``fig.canvas.draw_idle()`` (or
            :meth:`update`, which does both).

        Raises
        ------
        IndexError
            If ``step`` is out of range.
        """
        if self.flat is not None:
            out = self.flat.show_step(step)
            self.step = self.flat.step
            return out
        if not self._plotted:
            self.plot()
        sc = self.scene
        assert sc is not None
        k = sc.check_step(step)
        self.step = k
        pts = sc.points(k)
        state = sc.state[k]
        changed: list[Artist] = []
        for artist, code in ((self.moving_points, 0), (self.stopped_points, 1),
                             (self.empty_points, 2)):
            _set_points(artist, pts[state == code])
            changed.append(artist)
        self.trails.set_segments(sc.trail(k))  # type: ignore[arg-type]
        _set_points(self.modes, sc.modes_at(k))
        self.label.set_text(sc.step_label(k))
        changed += [self.trails, self.modes, self.label]
        if sc.per_step:
            self.surface.set_verts(sc.quads(k))
            self.surface.set_array(sc.quad_heights(k))
            changed.append(self.surface)
        return changed

    def update(self, step: int) -> list[Artist]:
        """Show ``step`` and redraw (``draw_idle``): the one call a slider callback needs."""
        if self.flat is not None:
            out = self.flat.update(step)
            self.step = self.flat.step
            return out
        changed = self.show_step(step)
        self.fig.canvas.draw_idle()
        return changed

    def blit(self) -> None:
        """Redraw the figure fast: the still part kept, then only what :meth:`show_step` changed.

        The camera stays where the last full draw had it (a turn, a resize or
        a drag with the mouse draws everything again and keeps that as the
        still part). Falls back to ``canvas.draw()`` on canvases that cannot blit.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import msviz
        >>> view = HillView(msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2))
        >>> _ = view.plot()
        >>> view.blit()                  # the first: a full draw, kept as the still part
        >>> _ = view.show_step(1)
        >>> view.blit()                  # then only the points, trails, modes and label
        >>> view.blitter.n_fast
        1
        """
        if self.flat is not None:
            self.flat.blit()
            return
        if not self._plotted:
            self.plot()
        canvas = self.fig.canvas
        if self._blitter is None:
            self._blitter = Blitter(self.fig)
            self._blitter.set_artists(self._dynamic)
        if not (canvas.supports_blit and self._blitter.can_blit):
            canvas.draw()
            return
        if self._blitter.ready():
            # mplot3d projects to the screen in a full draw only: project what moved
            # with the camera of the last full draw (that of the still part).
            for artist in self._dynamic:
                if hasattr(artist, "do_3d_projection"):
                    artist.do_3d_projection()
            if self._blitter.blit():
                return
        canvas.draw()  # the blitter keeps this picture as the background
        canvas.blit(self.fig.bbox)

    def set_camera(self, *, elev: float | None = None, azim: float | None = None) -> None:
        """Turn the camera (degrees, as ``Axes3D.view_init``); no redraw.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import msviz
        >>> view = HillView(msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2))
        >>> view.set_camera(azim=-30)
        >>> view.camera
        (26.0, -30.0)
        """
        if self.flat is not None:
            raise ValueError("set_camera: the hill of one feature is a flat curve, "
                             "there is no camera to turn")
        if elev is not None:
            self._elev = _check_elev(elev)
        if azim is not None:
            self._azim = _check_azim(azim)
        ax: Any = self.ax
        ax.view_init(elev=self._elev, azim=self._azim)
        if self._blitter is not None:
            self._blitter.forget()  # the still part is seen from elsewhere now

    @property
    def camera(self) -> tuple[float, float]:
        """The camera's (elev, azim) in degrees as set (dragging with the mouse moves it too)."""
        return (float(self._elev), float(self._azim))

    # ------------------------------------------------------------------ helpers

    def artists(self) -> list[Artist]:
        """Every artist :meth:`plot` made (empty before)."""
        if self.flat is not None:
            return [a for name in self.flat.available_layers for a in self.flat.artists(name)]
        return list(self._artists) if self._plotted else []

    def close(self) -> None:
        """Close the figure (frees its memory when it was made with pyplot)."""
        import matplotlib.pyplot as plt

        plt.close(self.fig)

    def __repr__(self) -> str:
        kind = "curve" if self.flat is not None else "surface"
        return f"HillView(step={self.step}/{self.n_steps - 1}, kind={kind!r})"


def _check_elev(elev: object) -> float:
    return check_real(elev, "elev", low=-90.0, high=90.0, low_open=False,
                      usual="the camera's height in degrees, e.g. elev=26")


def _check_azim(azim: object) -> float:
    return check_real(azim, "azim", low=-3600.0, high=3600.0,
                      usual="the camera's turn in degrees, e.g. azim=-62")


def _set_points(artist: Any, xyz: np.ndarray) -> None:
    """Move a 3-D scatter to ``xyz`` (m, 3) with its setters."""
    artist.set_offsets(xyz[:, :2])
    artist.set_3d_properties(xyz[:, 2], "z")


def _layers_1d(trace: Trace) -> list[str]:
    if trace.kernel.shadow is None or trace.kernel.shadow_norm is None:
        from msviz.scene.hill import _check_trace

        _check_trace(trace)  # raises the explanatory error
    return list(HILL_LAYERS_1D)
