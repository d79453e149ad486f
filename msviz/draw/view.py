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

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from numpy.typing import ArrayLike

from msviz.draw import style as S
from msviz.draw.blit import Blitter
from msviz.draw.layers import DEFAULT_LAYERS, LAYER_HELP, LAYERS, Layer, layer_class
from msviz.draw.notebook import plain_canvas as _plain_canvas
from msviz.engine import Trace
from msviz.engine._checks import check_int, check_names
from msviz.engine.estimator import as_trace
from msviz.scene import DENSITY_RESOLUTION, N_WINDOWS, ProjectionSpec, Scene, scene_for

__all__ = ["DEFAULT_LAYERS", "LAYERS", "LAYER_HELP", "MeanShiftView"]

# Figure layout when the view makes its own figure, in inches on S.FIGSIZE.
_MAIN = (0.8, 0.6, 4.85, 4.85)  # left, bottom, width, height
# Without the convergence panel the axes take the panel's room too; the legend
# goes in a column on the right.
_MAIN_ALONE = (0.8, 0.6, 8.2, 4.85)
# The projector style draws the design on a figure 1.45 times smaller at a higher
# dpi (see style.scaled_figure): its own boxes, in inches on that figure, for the
# picture and a legend column only (a room reads the picture, not the panel).
_MAIN_PROJECTOR = (0.78, 0.52, 5.05, 3.08)
_SHIFT = (7.05, 3.7, 4.1, 1.5)
_DENS = (7.05, 1.5, 4.1, 1.55)
_LEGEND_ANCHOR = (6.55, 0.05)
# Longest subtitle line, in characters, that fits above the main axes.
_WRAP = 62


def _rect(
    box: tuple[float, float, float, float], size: tuple[float, ...], zoom: float = 1.0
) -> tuple[float, float, float, float]:
    # The boxes are laid out in inches on the design's figure (S.FIGSIZE, or
    # S.FIGSIZE / zoom for the projector style); other figure sizes keep the same
    # proportions (text stays in points).
    w, h = S.FIGSIZE[0] / zoom, S.FIGSIZE[1] / zoom
    return (box[0] / w, box[1] / h, box[2] / w, box[3] / h)


class MeanShiftView:
    """Draw a mean shift run and show any of its steps.

    Parameters
    ----------
    trace : Trace or MeanShift
        A finished run from :func:`msviz.run_mean_shift`, or a fitted
        :class:`msviz.MeanShift` (its ``trace_``).
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
        Column names, for the axis labels (default: the trace's, from a DataFrame).
    n_windows : int, default=6
        How many moving points get their window drawn, spread out over the data.
    highlight : array-like of int, optional
        Exactly which moving points get a window.
    density_resolution : int, default=200
        Pixels per side of the density image (lower is quicker to compute).
    bounds : (x0, x1, y0, y1), optional
        A box the limits must contain (see :meth:`set_bounds`).
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
    style : {"screen", "projector"}, default="screen"
        For a figure the view makes: "projector" draws text, marks and lines
        1.45 times bigger in the same pixels, for a room (see
        :data:`msviz.draw.style.STYLES`). The exports take it too.

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

    LAYERS: ClassVar[Sequence[str]] = LAYERS

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
        bounds: tuple[float, float, float, float] | None = None,
        legend: bool = True,
        title: bool = True,
        figsize: tuple[float, float] | None = None,
        dpi: float | None = None,
        style: str = "screen",
    ) -> None:
        trace = as_trace(trace, "MeanShiftView")
        self._scene_options: dict[str, Any] = dict(
            projection=projection, feature_names=feature_names, n_windows=n_windows,
            highlight=highlight,
            resolution=check_int(density_resolution, "density_resolution", 8, 2000),
            bounds=bounds,
        )
        self._zoom = S.check_style(style)
        self._legend_on = bool(legend)
        self._title_on = bool(title)
        self._own_layout = ax is None
        if panel_axes is not None and len(panel_axes) != 2:
            raise ValueError("panel_axes must be two Axes: (largest shift, mean density)")
        if ax is None:
            if fig is None:
                import matplotlib.pyplot as plt

                inches, fig_dpi = S.scaled_figure(figsize, dpi or S.SCREEN_DPI, style)
                fig = plt.figure(figsize=inches, dpi=fig_dpi)
                _plain_canvas(fig.canvas)
            elif fig.axes:
                raise ValueError(
                    "fig must be an empty figure; pass ax= (and panel_axes=) to draw "
                    "into axes you made"
                )
            size = tuple(fig.get_size_inches())
            ax = fig.add_axes(_rect(_MAIN, size))
            if self._zoom != 1.0:
                if layers is not None and "convergence" in _check_layers(layers):
                    raise ValueError(
                        "the projector style draws the picture without the convergence "
                        "panel; leave 'convergence' out of layers, or use style='screen'"
                    )
            elif panel_axes is None:
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
        self._on: set[str] = set()
        self._set_trace(trace)

    # ------------------------------------------------------------------ state

    def _set_trace(self, trace: Trace, keep: Iterable[str] | None = None) -> None:
        """Take ``trace``; ``keep``: the layers to keep on (else as asked or the defaults)."""
        self.trace = trace
        if self._requested is not None:
            wants_panel = "convergence" in self._requested
        elif keep is not None:
            wants_panel = "convergence" in keep
        else:
            wants_panel = "convergence" in DEFAULT_LAYERS
        self._place_axes(wants_panel)
        self._compute_scene()
        if keep is not None:
            self._on = {name for name in keep if name in self.available_layers}

    def _place_axes(self, panel: bool) -> None:
        """In the view's own layout: the axes beside the panel, or over its room too."""
        if self._own_layout:
            size = tuple(self.fig.get_size_inches())
            if self._zoom != 1.0:
                self.ax.set_position(_rect(_MAIN_PROJECTOR, size, self._zoom))
            else:
                box = _MAIN if panel and self.panel_axes else _MAIN_ALONE
                self.ax.set_position(_rect(box, size))

    def set_bounds(self, bounds: tuple[float, float, float, float] | None) -> None:
        """A box the limits must contain from the next :meth:`set_trace` on.

        For a canvas that should not shrink while points are drawn (None: no box);
        see :func:`msviz.scene.build_scene`. The scene shown now is not recomputed:
        the next run's is.
        """
        self._scene_options["bounds"] = bounds

    def _compute_scene(self) -> None:
        aspect = _box_aspect(self.ax)
        self.scene: Scene = scene_for(self.trace, aspect=aspect, **self._scene_options)
        self.available_layers: tuple[str, ...] = _available(self.scene, bool(self.panel_axes))
        if self._requested is None:
            on = {name for name in self.available_layers if name in DEFAULT_LAYERS}
        else:
            missing = [name for name in self._requested if name not in self.available_layers]
            if missing:
                raise ValueError(
                    _unavailable_message(missing[0], self.scene, bool(self.panel_axes))
                )
            on = set(self._requested)
        self._on = on
        self.step = 0

    @property
    def _wide(self) -> bool:
        """True if the axes use the panel's room (own layout, no panel shown)."""
        return self._own_layout and not (self.panel_axes and "convergence" in self._on)

    def __getattr__(self, name: str) -> Any:
        # The layers' artists by name: view.moving_points, view.label, ...
        for layer in self.__dict__.get("_layers", {}).values():
            if name in type(layer).exports:
                return getattr(layer, name)
        raise AttributeError(f"'MeanShiftView' object has no attribute {name!r}")

    def layer(self, name: str) -> Layer:
        """The :class:`~msviz.draw.layers.Layer` object of layer ``name`` (after :meth:`plot`)."""
        (name,) = _check_layers([name])
        if not self._plotted or name not in self._layers:
            raise ValueError(_unavailable_message(name, self.scene, bool(self.panel_axes))
                             if name not in self.available_layers else
                             f"layer {name!r} is made by plot(); call view.plot() first")
        return self._layers[name]

    @property
    def layers(self) -> frozenset[str]:
        """The layers currently visible."""
        return frozenset(self._on)

    @property
    def n_steps(self) -> int:
        """The number of steps (``len(trace)``)."""
        return self.scene.n_steps

    # ------------------------------------------------------------------ drawing

    def plot(self, step: int = 0) -> MeanShiftView:
        """Create every artist once and show ``step``.

        Every layer this trace can show is created (hidden if switched off), so
        :meth:`set_layer_visible` never creates artists. Limits are fixed from
        the whole run; the aspect is equal, so windows are round.

        Returns
        -------
        MeanShiftView
            The view itself, so ``MeanShiftView(trace).plot()`` as a cell's last
            line shows the picture and one short line, and calls chain:
            ``view = MeanShiftView(trace).plot(step=-1)``. Every artist made is
            in :meth:`artists`.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import msviz
        >>> trace = msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2)
        >>> MeanShiftView(trace, layers=["data", "points"]).plot()
        MeanShiftView(step=0/2, layers=['data', 'points'], kind='plane')
        """
        self._plot(step)
        return self

    def _plot(self, step: int) -> list[Artist]:
        """:meth:`plot`; returns every artist made."""
        if self._plotted:
            self._remove()
        sc = self.scene
        ax = self.ax
        self._artists: dict[str, list[Artist]] = {name: [] for name in LAYERS}
        made: list[Artist] = []

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
                    pad=8 + 15 * len(lines), y=S.TITLE_Y,
                ))
                if lines:
                    made.append(ax.annotate(
                        "\n".join(lines), xy=(0.0, 1.0), xycoords="axes fraction",
                        xytext=(0, 6), textcoords="offset points", ha="left", va="bottom",
                        fontsize=S.SUBTITLE_SIZE, color="#4D4D4D", linespacing=1.25,
                    ))
            self._titles = made[-2:] if sub else made[-1:]

        # -- the layers, bottom to top; those this scene cannot show are not made
        self._layers: dict[str, Layer] = {}
        for name in self.available_layers:
            layer = layer_class(name)(self)
            layer.make(ax, sc)
            self._layers[name] = layer
            self._artists[name] = layer.artists
            made += layer.artists
        # A density image that changes every step (blurring) is opaque: what lies
        # above it (the data, the axes' frame) is redrawn with it, or a fast redraw
        # would paint the image over them.
        self._over_changing: list[Artist] = []
        if sc.density is not None and sc.density.per_step and "density" in self._layers:
            self._over_changing = [
                a for name in ("basins", "data", "clusters") if name in self._layers
                for a in self._layers[name].artists
            ] + list(ax.spines.values())

        self._legend: Legend | None = None
        self._plotted = True
        self._apply_visibility()
        self._make_legend()
        self._dynamic_set: set[Artist] = set(self.show_step(step))
        if self._blitting:
            self._blitting = False
            self.enable_blitting()
        return made

    def _make_legend(self) -> None:
        if self._legend is not None:
            self._legend.remove()
            self._legend = None
        if not self._legend_on:
            return
        entries: list[tuple[float, Artist, str]] = []
        for layer in self._layers.values():
            if layer.name in self._on:
                entries += [(layer.legend_rank, h, t) for h, t in layer.legend()]
        entries.sort(key=lambda e: e[0])
        handles = [h for _, h, _ in entries]
        labels = [t for _, _, t in entries]
        if not handles:
            return
        if self._own_layout and self.panel_axes and not self._wide:
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
        changed: list[Artist] = []
        for layer in self._layers.values():
            changed += layer.update(k)
        return changed + self._over_changing

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
            mine += [a for a in self._over_changing if a.axes is ax and a not in mine]
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
        if name == "convergence" and self._own_layout:
            before = self.ax.get_position(original=True).bounds
            self._place_axes(visible)
            if self.ax.get_position(original=True).bounds != before:
                # Another box shape: new limits (and density image) for it.
                on, step = set(self._on), self.step
                self._compute_scene()
                self._on = on
                return self._plot(min(step, self.scene.last)) if self._plotted else []
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
        for name, layer in self._layers.items():
            layer.set_visible(name in self._on, self.step, self.scene.last)
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
        self._set_trace(trace, keep=on)
        return self._plot(min(max(step, 0), self.scene.last))

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
    pos = ax.get_position(original=True)  # the box given, not the one shrunk to fit
    width, height = pos.width * w, pos.height * h
    return float(width / height) if height > 0 else 1.0


def _check_layers(layers: Iterable[str]) -> list[str]:
    return check_names(layers, "layers", LAYERS)


def _available(scene: Scene, panel: bool) -> tuple[str, ...]:
    return tuple(name for name in LAYERS if layer_class(name).unavailable(scene, panel) is None)


def _unavailable_message(name: str, scene: Scene, panel: bool) -> str:
    return layer_class(name).unavailable(scene, panel) or f"layer {name!r} is not available here"


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
