"""Drawing for the interactive widgets: display surfaces and overlay artists.

A function here draws what it is given and computes nothing (the numbers come
from ``msviz._widget_compute`` and ``msviz.scene``).

- :class:`Surface`: one persistent figure shown either on an ipympl canvas
  (``%matplotlib widget``) or, without ipympl, as a PNG in an
  ``ipywidgets.Image``. A step change redraws only the artists that move
  (blitting onto a saved background); anything else redraws the whole figure.
- :class:`InspectorArtists`: the "explain one update" overlay.
- :class:`ScaleSpacePlot`: the number of modes against the bandwidth.
- :class:`ConvergenceStrip` and :func:`comparison_layout`: the side-by-side view.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import DrawEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from msviz._widget_compute import InspectorGeometry, ScaleSpaceCurve
from msviz.draw import style as S
from msviz.scene import Scene

__all__ = [
    "BACKENDS",
    "ConvergenceStrip",
    "InspectorArtists",
    "OutcomeBars",
    "RingWeightsPlot",
    "ScaleSpacePlot",
    "Surface",
    "comparison_layout",
    "detect_backend",
    "run_colour",
]

#: How a figure can be shown: "auto" picks "ipympl" under ``%matplotlib widget``.
BACKENDS = ("auto", "ipympl", "image")
#: Dots per inch of widget figures (11.5 x 6.2 inches is 828 x 446 pixels).
DEFAULT_DPI = 72.0

# The inspector's colours: Okabe-Ito reddish purple, darkened for lines.
INSPECT = S.PURPLE
INSPECT_DARK = "#7A2E5F"
INSPECT_LIGHT = S.lighten(S.PURPLE, 0.6)

#: Line colours of runs side by side (Okabe-Ito, dark enough for text).
RUN_COLOURS = ("#1A1A1A", S.BLUE, S.GREEN, INSPECT_DARK, S.ORANGE, S.SKY)


def run_colour(i: int) -> str:
    """The colour of run ``i`` in a comparison."""
    return RUN_COLOURS[i % len(RUN_COLOURS)]


def detect_backend(backend: str = "auto") -> str:
    """Resolve ``backend`` to ``"ipympl"`` or ``"image"``.

    "auto" gives "ipympl" when matplotlib's backend is ipympl (after
    ``%matplotlib widget`` or ``%matplotlib ipympl``) and "image" otherwise
    (inline backend, Agg, exported notebooks).

    Examples
    --------
    >>> detect_backend("image")
    'image'

    """
    if not isinstance(backend, str) or backend not in BACKENDS:
        names = ", ".join(map(repr, BACKENDS))
        raise ValueError(f"backend must be one of {names}, got {backend!r}")
    if backend != "auto":
        return backend
    name = str(matplotlib.get_backend()).lower()
    if "ipympl" in name or name == "widget":
        return "ipympl"
    return "image"


# --------------------------------------------------------------------------- surface


class Surface:
    """One persistent figure and the widget that shows it.

    Parameters
    ----------
    figsize : (float, float)
        Figure size in inches.
    dpi : float
        Dots per inch (the figure is ``figsize * dpi`` pixels).
    backend : {"ipympl", "image"}
        An ipympl canvas (interactive, clickable) or a PNG ``ipywidgets.Image``.
    css_class : str
        Added to the display widget, for tests and styling.

    Attributes
    ----------
    fig : Figure
    widget : ipywidgets.DOMWidget
        The ipympl ``Canvas`` or the ``Image``.
    mode : str
        "ipympl" or "image".
    n_full, n_fast : int
        How many full redraws and fast (blitted) updates were made.

    Notes
    -----
    The ipympl canvas is made directly (``ipympl.backend_nbagg.Canvas``), not
    through pyplot: no figure number, nothing for ``plt.show`` or the end of
    the cell to display a second time, and no reference left in pyplot that
    would keep the figure alive after the widget is gone.

    """

    def __init__(
        self, figsize: tuple[float, float], dpi: float, backend: str, css_class: str
    ) -> None:
        self.mode = detect_backend(backend)
        self.fig = Figure(figsize=figsize, dpi=dpi, facecolor=S.WHITE)
        self.widget: widgets.DOMWidget
        if self.mode == "ipympl":
            from ipympl.backend_nbagg import Canvas, FigureManager

            canvas = Canvas(self.fig)
            with warnings.catch_warnings():
                # ipympl's toolbar passes its canvas on to traitlets (harmless)
                warnings.filterwarnings("ignore", "Passing unrecognized arguments",
                                        DeprecationWarning)
                FigureManager(canvas, 0)
            canvas.header_visible = False
            canvas.footer_visible = False
            canvas.toolbar_visible = False
            canvas.resizable = False
            canvas.capture_scroll = False
            self.widget = canvas
        else:
            FigureCanvasAgg(self.fig)
            w, h = self.pixel_size()
            self.widget = widgets.Image(
                format="png",
                layout=widgets.Layout(width=f"{w}px", max_width="100%", height="auto"),
            )
        self.widget.add_class(css_class)
        self._dynamic: list[Artist] = []
        self._background: Any = None
        self._background_size: tuple[int, int] = (0, 0)
        self.n_full = 0
        self.n_fast = 0
        self.fig.canvas.mpl_connect("draw_event", self._on_draw)

    # ---------------------------------------------------------------- sizes
    def pixel_size(self) -> tuple[int, int]:
        """Width and height of the figure in pixels."""
        w, h = self.fig.get_size_inches() * self.fig.dpi
        return int(round(w)), int(round(h))

    def _size(self) -> tuple[int, int]:
        w, h = self.fig.bbox.size
        return int(w), int(h)

    # ---------------------------------------------------------------- artists
    def set_dynamic(self, artists: Iterable[Artist]) -> None:
        """Declare the artists that change between frames (drawn over the background).

        Call after the artists were (re)made; forgets the saved background.
        """
        for artist in self._dynamic:
            artist.set_animated(False)
        self._dynamic = list(dict.fromkeys(artists))
        for artist in self._dynamic:
            artist.set_animated(True)
        self._background = None

    def _draw_dynamic(self, renderer: Any) -> None:
        for artist in sorted(self._dynamic, key=lambda a: a.get_zorder()):
            if artist.figure is self.fig and artist.get_visible():
                artist.draw(renderer)

    def _on_draw(self, event: DrawEvent) -> None:
        # After every full draw (also savefig): save the background without the
        # moving artists, then draw them on top so the full picture is complete.
        # (Saving a figure draws animated artists itself.)
        if event.canvas.is_saving():
            return
        if event.canvas is self.fig.canvas:
            self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)  # type: ignore[attr-defined]
            self._background_size = self._size()
        self._draw_dynamic(event.renderer)

    # ---------------------------------------------------------------- drawing
    def show_first(self) -> None:
        """Show the figure for the first time."""
        if self.mode == "ipympl":
            # The frame the canvas starts with (and keeps in a saved notebook): the
            # canvas's own display hook sets its size and first image correctly.
            self.widget._repr_mimebundle_()
            self.n_full += 1
        else:
            self.redraw()

    def redraw(self) -> None:
        """Draw the whole figure and show it.

        With ipympl the browser is asked for a redraw (``draw_idle``): it requests
        the frame once it is ready for it, and the background for fast updates
        is saved when that draw happens.
        """
        self.n_full += 1
        if self.mode == "ipympl":
            self._background = None
            self.fig.canvas.draw_idle()
        else:
            self.fig.canvas.draw()
            self._push_png()

    def update(self) -> None:
        """Show the current state of the dynamic artists (fast; full redraw if needed)."""
        if self._background is None or self._background_size != self._size():
            self.redraw()
            return
        self.n_fast += 1
        canvas = self.fig.canvas
        canvas.restore_region(self._background)  # type: ignore[attr-defined]
        self._draw_dynamic(canvas.get_renderer())  # type: ignore[attr-defined]
        if self.mode == "ipympl":
            canvas.blit(self.fig.bbox)
        else:
            self._push_png()

    def png(self) -> bytes:
        """The picture as shown now, as PNG bytes."""
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())  # type: ignore[attr-defined]
        from PIL import Image

        with io.BytesIO() as out:
            Image.fromarray(rgba[..., :3]).save(out, format="png", compress_level=2)
            return out.getvalue()

    def _push_png(self) -> None:
        assert isinstance(self.widget, widgets.Image)
        self.widget.value = self.png()

    def close(self) -> None:
        """Close the display widget."""
        self.widget.close()


# --------------------------------------------------------------------------- inspector


class InspectorArtists:
    """The "explain one update" overlay: window, weighted samples, mean and shift.

    Parameters
    ----------
    ax : Axes
        The axes of the mean shift view (drawing coordinates).

    Notes
    -----
    Made once (hidden); :meth:`show` only calls setters.

    """

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        cmap = LinearSegmentedColormap.from_list("msviz_weight", [INSPECT_LIGHT, INSPECT_DARK])
        self.samples = ax.scatter(
            np.empty(0), np.empty(0), s=34, c=np.empty(0), cmap=cmap, norm=Normalize(0.0, 1.0),
            edgecolors=INSPECT_DARK, linewidths=0.5, zorder=4.3,
        )
        self.rings = [
            Circle((0.0, 0.0), 1.0, fill=False, edgecolor=INSPECT_DARK, linewidth=2.4, zorder=4.4),
            Circle((0.0, 0.0), 2.0, fill=False, edgecolor=INSPECT_DARK, linewidth=1.3,
                   linestyle=(0, (4, 3)), zorder=4.4),
        ]
        for ring in self.rings:
            ax.add_patch(ring)
        (self.segment,) = ax.plot([], [], color=INSPECT_DARK, lw=3.0, solid_capstyle="butt",
                                  zorder=4.4)
        self.center = ax.scatter(
            np.empty(0), np.empty(0), s=150, facecolors=S.WHITE, edgecolors=INSPECT_DARK,
            linewidths=2.2, zorder=4.6,
        )
        self.mean = ax.scatter(
            np.empty(0), np.empty(0), s=150, marker="P", facecolors=INSPECT,
            edgecolors=INSPECT_DARK, linewidths=1.2, zorder=4.8,
        )
        self.arrow = FancyArrowPatch(
            (0.0, 0.0), (1.0, 1.0), arrowstyle="-|>", mutation_scale=16, color=INSPECT_DARK,
            linewidth=2.2, shrinkA=0.0, shrinkB=6.0, zorder=4.7,
        )
        ax.add_patch(self.arrow)
        self.artists: list[Artist] = [
            self.samples, *self.rings, self.segment, self.center, self.mean, self.arrow,
        ]
        self.hide()

    def hide(self) -> list[Artist]:
        """Hide the overlay; returns its artists."""
        for artist in self.artists:
            artist.set_visible(False)
        return list(self.artists)

    def show(self, g: InspectorGeometry) -> list[Artist]:
        """Draw ``g``; returns the artists."""
        self.samples.set_offsets(g.samples if g.samples.size else np.empty((0, 2)))
        self.samples.set_array(np.asarray(g.shade))
        self.samples.set_visible(True)
        cx, cy = float(g.center[0]), float(g.center[1])
        line = g.kind == "line"
        for ring, scale in zip(self.rings, (1.0, 2.0), strict=True):
            ring.set_center((cx, cy))
            ring.set_radius(g.radius * scale)
            ring.set_visible(not line and scale in g.ring_scales)
        self.segment.set_data([cx - g.radius, cx + g.radius], [cy, cy])
        self.segment.set_visible(line)
        self.center.set_offsets([[cx, cy]])
        self.center.set_visible(True)
        if g.mean is None:
            self.mean.set_visible(False)
            self.arrow.set_visible(False)
        else:
            mx, my = float(g.mean[0]), float(g.mean[1])
            self.mean.set_offsets([[mx, my]])
            self.mean.set_visible(True)
            span = float(np.ptp(self.ax.get_xlim()))
            visible = math.hypot(mx - cx, my - cy) > 1e-3 * span
            self.arrow.set_positions((cx, cy), (mx, my))
            self.arrow.set_visible(visible)
        return list(self.artists)


# --------------------------------------------------------------------------- scale space


def _plain_number(value: float, _pos: object = None) -> str:
    return f"{value:g}"


class ScaleSpacePlot:
    """The number of modes against the bandwidth (log-log), and the chosen bandwidth.

    Parameters
    ----------
    ax : Axes
        Where to draw.

    """

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self._static: list[Artist] = []
        self.cursor = ax.axvline(1.0, color=S.VERMILLION, lw=1.8, zorder=4)
        (self.dot,) = ax.plot([], [], "o", ms=9, color=S.VERMILLION, markeredgecolor=S.WHITE,
                              zorder=5)
        self.text: Text = ax.text(
            0.0, 1.0, "", transform=ax.get_xaxis_transform(), ha="left", va="bottom",
            fontsize=S.LABEL_SIZE, color=S.VERMILLION,
        )
        self.dynamic: list[Artist] = [self.cursor, self.dot, self.text]

    def plot(self, curve: ScaleSpaceCurve, estimated: float | None, subtitle: str) -> None:
        """Draw the curve, the estimated bandwidth and the axes (replacing an old curve)."""
        ax = self.ax
        for artist in self._static:
            artist.remove()
        self._static = []
        hs = np.asarray(curve.bandwidths)
        modes = np.asarray(curve.n_modes).astype(float)
        ax.set_xscale("log")
        ax.set_yscale("log")
        floor = 0.7
        shown = np.where(modes > 0, modes, floor)
        (line,) = ax.step(hs, shown, where="mid", color="#1A1A1A", lw=1.6, zorder=2)
        ok = (modes > 0) & curve.converged
        slow = (modes > 0) & ~curve.converged
        (dots,) = ax.plot(hs[ok], modes[ok], "o", ms=4, color="#1A1A1A", zorder=3)
        self._static += [line, dots]
        if slow.any():
            (hollow,) = ax.plot(hs[slow], modes[slow], "o", ms=6, mfc=S.WHITE, mec="#1A1A1A",
                                zorder=3, label="stopped by max_iter")
            self._static.append(hollow)
        if (modes == 0).any():
            (none,) = ax.plot(hs[modes == 0], np.full(int((modes == 0).sum()), floor), "x",
                              ms=6, color="#777777", zorder=3, label="no sample in any window")
            self._static.append(none)
        top = float(max(modes.max(), 2.0))
        ax.set_ylim(floor * 0.85, top * 1.6)
        ax.set_xlim(hs[0] / 1.08, hs[-1] * 1.08)
        for axis, subs in ((ax.xaxis, (1.0, 2.0, 5.0)), (ax.yaxis, (1.0, 3.0))):
            axis.set_major_locator(LogLocator(base=10, subs=subs))
            axis.set_major_formatter(FuncFormatter(_plain_number))
            axis.set_minor_formatter(NullFormatter())
        ax.tick_params(labelsize=S.TICK_SIZE)
        ax.grid(True, which="major", color=S.GRID, lw=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("bandwidth h (log scale)", fontsize=S.LABEL_SIZE)
        ax.set_ylabel("modes found", fontsize=S.LABEL_SIZE)
        ax.set_title(  # (replaces the old title)
            f"Scale space: how many modes each bandwidth finds · {subtitle}",
            fontsize=S.LABEL_SIZE + 1, loc="left", color=S.TEXT, pad=22,
        )
        if estimated is not None and hs[0] <= estimated <= hs[-1]:
            est = ax.axvline(estimated, color=S.BLUE, lw=1.4, ls=(0, (5, 3)), zorder=1)
            label = ax.text(
                estimated, 0.97, f" estimated h = {estimated:.3g}",
                transform=ax.get_xaxis_transform(), ha="left", va="top",
                fontsize=S.TICK_SIZE, color=S.BLUE,
            )
            self._static += [est, label]
        if slow.any() or (modes == 0).any():
            self._static.append(ax.legend(loc="upper right", fontsize=S.TICK_SIZE, frameon=False))

    def set_chosen(self, h: float, n_modes: int | None) -> list[Artist]:
        """Mark the bandwidth shown below; returns the changed artists."""
        self.cursor.set_xdata([h, h])
        if n_modes is None or n_modes < 1:
            self.dot.set_data([], [])
            words = "no mode"
        else:
            self.dot.set_data([h], [n_modes])
            words = f"{n_modes} mode{'s' if n_modes != 1 else ''}"
        self.text.set_x(h)
        self.text.set_text(f"shown: h = {h:.3g} → {words}")
        lo, hi = self.ax.get_xlim()
        right = math.log(h / lo) > 0.6 * math.log(hi / lo)
        self.text.set_horizontalalignment("right" if right else "left")
        return list(self.dynamic)


# --------------------------------------------------------------------------- comparison


def comparison_layout(
    n: int, *, strip: bool, width: float = S.FIGSIZE[0]
) -> tuple[
    tuple[float, float],
    list[tuple[float, float, float, float]],
    tuple[float, float, float, float] | None,
    float,
]:
    """Figure size and axes rectangles (figure fractions) for ``n`` runs side by side.

    Up to three runs in a row, more in rows of three; square panels with room
    for a two-line title; an optional convergence strip across the bottom.

    Returns
    -------
    figsize : (float, float)
    panels : list of (left, bottom, width, height)
    strip : (left, bottom, width, height) or None
    legend_y : float
        Height (figure fraction) of the shared legend's centre.

    """
    ncols = min(n, 3)
    nrows = math.ceil(n / ncols)
    left, right, gap = 0.6, 0.25, 0.65
    side = min((width - left - right - gap * (ncols - 1)) / ncols, 4.4)
    title_room, axis_room = 0.72, 0.55  # two title lines; tick labels and axis label
    row = title_room + side + axis_room
    legend_room = 0.4
    strip_h = 1.85 if strip else 0.0
    height = nrows * row + legend_room + strip_h
    panels: list[tuple[float, float, float, float]] = []
    x0 = left + (width - left - right - (side * ncols + gap * (ncols - 1))) / 2
    for i in range(n):
        r, c = divmod(i, ncols)
        x = x0 + c * (side + gap)
        y = height - (r + 1) * row + axis_room
        panels.append((x / width, y / height, side / width, side / height))
    strip_rect = None
    if strip:
        strip_rect = (left / width, 0.5 / height, (width - left - right) / width,
                      (strip_h - 0.85) / height)
    legend_y = (strip_h + legend_room / 2) / height
    return (width, height), panels, strip_rect, legend_y


def comparison_legend(fig: Figure, y: float) -> Artist:
    """A one-line legend of the symbols shared by every panel, centred at height ``y``."""
    dot = dict(linestyle="none", marker="o", markeredgewidth=0)
    handles = [
        Line2D([], [], color=S.DATA, ms=5, **dot),  # type: ignore[arg-type]
        Line2D([], [], color=S.MOVING, ms=7, **dot),  # type: ignore[arg-type]
        Line2D([], [], color=S.STOPPED, ms=7, **dot),  # type: ignore[arg-type]
        Line2D([], [], color=S.TRAIL_HIGHLIGHT, lw=1.8),
        Line2D([], [], color=S.WINDOW, lw=1.4),
        Line2D([], [], color=S.MODE, marker="X", ms=9, markeredgecolor=S.WHITE, linestyle="none"),
    ]
    labels = ["data", "moving point", "stopped", "trail", "window (h)", "mode"]
    return fig.legend(
        handles, labels, loc="center", bbox_to_anchor=(0.5, y), ncol=len(handles),
        fontsize=S.LEGEND_SIZE, frameon=False, handlelength=1.6, columnspacing=1.6,
    )


class ConvergenceStrip:
    """The largest shift per step of several runs on one log axis, with a step cursor.

    Parameters
    ----------
    ax : Axes
        Where to draw.

    """

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.cursor = ax.axvline(0, color=S.CURSOR, lw=1.3, zorder=4)
        self.dots: list[Line2D] = []
        self._series: list[np.ndarray] = []

    def plot(self, scenes: Sequence[Scene], names: Sequence[str]) -> None:
        """Draw one line per run, its threshold dashed, in the run's colour."""
        ax = self.ax
        ax.set_yscale("log")
        longest = max(sc.last for sc in scenes)
        lows, highs = [], []
        for i, (sc, name) in enumerate(zip(scenes, names, strict=True)):
            conv = sc.convergence
            colour = run_colour(i)
            steps = np.arange(sc.n_steps)
            ax.plot(steps, conv.max_shift, "-o", color=colour, ms=3, lw=1.5, label=name)
            ax.axhline(conv.threshold, color=colour, lw=1.0, ls=(0, (4, 3)), alpha=0.8)
            (dot,) = ax.plot([], [], "o", ms=7, color=colour, markeredgecolor=S.WHITE, zorder=5)
            self.dots.append(dot)
            self._series.append(np.asarray(conv.max_shift))
            lo, hi = conv.shift_span()
            lows.append(lo)
            highs.append(hi)
        ax.set_ylim(min(lows) / 2.5, max(highs) * 3.0)
        ax.set_xlim(-0.03 * max(longest, 1), max(longest, 1) * 1.03)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
        ax.tick_params(labelsize=S.TICK_SIZE)
        ax.grid(True, color=S.GRID, lw=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("step", fontsize=S.LABEL_SIZE)
        ax.set_title(
            "largest shift per step (log scale), coloured as the panel titles; a run stops "
            "once it falls below its threshold tol · h (dashed)",
            fontsize=S.LABEL_SIZE, loc="left", color=S.TEXT,
        )

    @property
    def dynamic(self) -> list[Artist]:
        """The artists that move with the step."""
        return [self.cursor, *self.dots]

    def set_step(self, k: int) -> list[Artist]:
        """Move the cursor to step ``k``; each run's dot holds at its last step."""
        self.cursor.set_xdata([k, k])
        for dot, series in zip(self.dots, self._series, strict=True):
            j = min(k, len(series) - 1)
            y = float(series[j])
            if np.isfinite(y):
                dot.set_data([j], [y])
            else:
                dot.set_data([], [])
        return self.dynamic


# --------------------------------------------------------------------------- ring weights (Q8)

#: Samples shaded by their ring weight: light (little) to dark blue (most).
WEIGHT_CMAP = LinearSegmentedColormap.from_list("msviz_ring_weight",
                                                ["#D6E6F2", S.SKY, S.BLUE, "#003A5C"])
#: Most ring edges drawn (every ring up to 20 rings, else every tenth).
MAX_RING_EDGES = 20


def _plain_axes(ax: Axes) -> None:
    ax.tick_params(labelsize=S.TICK_SIZE)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _set_equal_limits(ax: Axes, lo: Any, hi: Any, pad: float = 0.08) -> None:
    """Limits around the box ``lo``..``hi`` (2 values each), widened to the axes' shape.

    One unit is as long across as up, and the axes keep their size.
    """
    lo = np.asarray(lo, dtype=np.float64)
    hi = np.asarray(hi, dtype=np.float64)
    span = np.maximum(hi - lo, 1e-9)
    size = float(max(span)) * pad
    lo, hi = lo - size, hi + size
    bbox = ax.get_position()
    w_in, h_in = ax.figure.get_size_inches()  # type: ignore[union-attr]
    box = (bbox.width * w_in) / (bbox.height * h_in)
    width, height = hi[0] - lo[0], hi[1] - lo[1]
    if width / height < box:
        extra = (height * box - width) / 2
        lo[0], hi[0] = lo[0] - extra, hi[0] + extra
    else:
        extra = (width / box - height) / 2
        lo[1], hi[1] = lo[1] - extra, hi[1] + extra
    ax.set_xlim(float(lo[0]), float(hi[0]))
    ax.set_ylim(float(lo[1]), float(hi[1]))


def _thousands(value: float, _pos: object = None) -> str:
    return f"{value:,.0f}"


class RingWeightsPlot:
    """Three panels for the ring-weights widget, drawn from a :class:`RingPicture`.

    Left, the data around one centroid with its rings, each sample shaded and
    sized by its weight; middle, the weight against the distance with the
    samples on the staircase; right, where the origin is: the arrow from the
    origin to the data's mean, whose length sets the rings. The artists are made
    once; :meth:`draw` only calls setters and sets limits.

    Parameters
    ----------
    fig : Figure
        An empty figure of about 11.5 x 4.8 inches.

    """

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        w, h = fig.get_size_inches()
        top = h - 0.95
        side = top - 0.6
        self.ax = fig.add_axes((0.55 / w, 0.6 / h, side / w, side / h))
        self.cax = fig.add_axes(((0.6 + side) / w, 0.6 / h, 0.13 / w, side / h))
        x_curve = 0.6 + side + 1.6
        self.curve_ax = fig.add_axes((x_curve / w, 0.6 / h, 2.85 / w, side / h))
        small = min(side, w - x_curve - 2.85 - 0.75)
        self.origin_ax = fig.add_axes(((w - small - 0.2) / w, 0.6 / h, small / w, small / h))
        norm = Normalize(0.0, 1.0)
        ax = self.ax
        self.empty = ax.scatter(np.empty(0), np.empty(0), s=12, facecolors="none",
                                edgecolors=S.EMPTY, linewidths=0.8, zorder=2)
        self.samples = ax.scatter(np.empty(0), np.empty(0), s=20, c=np.empty(0),
                                  cmap=WEIGHT_CMAP, norm=norm, edgecolors="#1A1A1A",
                                  linewidths=0.3, zorder=3)
        self.rings = [Circle((0.0, 0.0), 1.0, fill=False, edgecolor=S.VERMILLION, lw=0.7,
                             alpha=0.7, zorder=2.5) for _ in range(MAX_RING_EDGES)]
        self.inner = Circle((0.0, 0.0), 1.0, fill=True, facecolor=S.lighten(S.VERMILLION, 0.7),
                            edgecolor=S.VERMILLION, lw=1.0, zorder=2.4, alpha=0.8)
        self.reach = Circle((0.0, 0.0), 1.0, fill=False, edgecolor=S.VERMILLION, lw=2.2,
                            zorder=2.6)
        for patch in (*self.rings, self.inner, self.reach):
            ax.add_patch(patch)
        self.center = ax.scatter([0.0], [0.0], s=140, facecolors=S.WHITE,
                                 edgecolors=S.VERMILLION, linewidths=2.4, zorder=5)
        _plain_axes(ax)
        self.colorbar = fig.colorbar(self.samples, cax=self.cax)
        self.colorbar.ax.tick_params(labelsize=S.TICK_SIZE - 1)
        self.colorbar.ax.yaxis.set_major_formatter(FuncFormatter(_thousands))

        c = self.curve_ax
        (self.curve,) = c.plot([], [], color=S.VERMILLION, lw=1.6, zorder=2)
        self.curve_samples = c.scatter(np.empty(0), np.empty(0), s=18, c=np.empty(0),
                                       cmap=WEIGHT_CMAP, norm=norm, edgecolors="#1A1A1A",
                                       linewidths=0.3, zorder=3)
        self.reach_line = c.axvline(1.0, color=S.VERMILLION, lw=1.2, ls=(0, (4, 3)), zorder=1)
        self.reach_text = c.text(1.0, 0.5, "", rotation=90, ha="right", va="center",
                                 fontsize=S.TICK_SIZE, color=S.VERMILLION,
                                 transform=c.get_xaxis_transform())
        c.set_xlabel("distance from the centroid", fontsize=S.LABEL_SIZE)
        c.set_ylabel("weight", fontsize=S.LABEL_SIZE)
        c.yaxis.set_major_formatter(FuncFormatter(_thousands))
        c.grid(True, color=S.GRID, lw=0.6)
        c.set_axisbelow(True)
        _plain_axes(c)

        o = self.origin_ax
        self.origin_data = o.scatter(np.empty(0), np.empty(0), s=4, color=S.DATA, zorder=2)
        self.origin_reach = Circle((0.0, 0.0), 1.0, fill=False, edgecolor=S.VERMILLION,
                                   lw=1.6, zorder=3)
        o.add_patch(self.origin_reach)
        o.plot([0.0], [0.0], "+", color="#1A1A1A", ms=12, mew=2, zorder=5)
        self.origin_label = o.annotate("origin", (0.0, 0.0), xytext=(4, -12),
                                       textcoords="offset points", fontsize=S.TICK_SIZE)
        self.arrow = FancyArrowPatch((0.0, 0.0), (1.0, 1.0), arrowstyle="-|>",
                                     mutation_scale=12, color="#1A1A1A", lw=1.6, zorder=4)
        o.add_patch(self.arrow)
        self.mean_text = o.text(0.02, 0.98, "", transform=o.transAxes, ha="left", va="top",
                                fontsize=S.TICK_SIZE, color=S.TEXT)
        o.set_title("where the origin is", fontsize=S.LABEL_SIZE, loc="left")
        _plain_axes(o)
        o.tick_params(labelsize=S.TICK_SIZE - 1)

        self.formula = fig.text(0.55 / w, 1 - 0.12 / h, "", ha="left", va="top",
                                fontsize=S.LABEL_SIZE + 1, color=S.TEXT)

    def draw(self, p: Any) -> None:
        """Show ``p`` (a :class:`msviz._widget_compute.RingPicture`)."""
        xy = np.asarray(p.data)[:, :2]
        if xy.shape[1] == 1:
            xy = np.column_stack([xy[:, 0], np.zeros(xy.shape[0])])
        cx, cy = (float(p.center[0]), float(p.center[1]) if p.center.shape[0] > 1 else 0.0)
        top = p.top_weight
        w = np.asarray(p.weights)
        on = w > 0
        order = np.flatnonzero(on)[np.argsort(w[on], kind="stable")]  # heaviest on top
        shade = w / top
        self.samples.set_offsets(xy[order] if order.size else np.empty((0, 2)))
        self.samples.set_array(shade[order])
        self.samples.set_sizes(8.0 + 52.0 * shade[order])
        self.empty.set_offsets(xy[~on] if (~on).any() else np.empty((0, 2)))
        radii = list(np.asarray(p.ring_radii))
        for j, ring in enumerate(self.rings):
            ring.set_center((cx, cy))
            if j < len(radii):
                ring.set_radius(float(radii[j]))
                ring.set_visible(True)
            else:
                ring.set_visible(False)
        self.inner.set_center((cx, cy))
        self.inner.set_radius(p.radius)
        self.reach.set_center((cx, cy))
        self.reach.set_radius(p.reach)
        self.center.set_offsets([[cx, cy]])
        _set_equal_limits(self.ax, xy.min(axis=0), xy.max(axis=0))
        self.ax.set_title(
            f"centroid {p.centroid}, data moved by s = {p.shift:.3g}",
            fontsize=S.LABEL_SIZE, loc="left",
        )
        self.colorbar.mappable.set_norm(Normalize(0.0, 1.0))
        ticks = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
        self.colorbar.set_ticks(list(ticks))
        self.colorbar.set_ticklabels([f"{t * top:,.0f}" for t in ticks])

        self.curve.set_data(p.curve_d, p.curve_w)
        self.curve_samples.set_offsets(np.column_stack([p.distances, w]))
        self.curve_samples.set_array(shade)
        far = float(np.max(p.curve_d)) if np.size(p.curve_d) else 1.0
        self.curve_ax.set_xlim(0.0, far)
        self.curve_ax.set_ylim(-0.04 * top, 1.1 * top)
        self.reach_line.set_xdata([p.reach, p.reach])
        self.reach_line.set_visible(p.reach <= far)
        self.reach_text.set_x(p.reach)
        self.reach_text.set_text(f"weight 0 beyond {p.reach:.3g} ")
        self.reach_text.set_visible(p.reach <= far)
        self.curve_ax.set_title(f"weight ({p.n_rings - 1} − ring)²: {p.n_weighted} of "
                                f"{p.distances.size} samples carry some",
                                fontsize=S.LABEL_SIZE, loc="left")

        mx, my = float(p.mean[0]), float(p.mean[1]) if p.mean.shape[0] > 1 else 0.0
        self.origin_data.set_offsets(xy)
        self.origin_reach.set_center((cx, cy))
        self.origin_reach.set_radius(p.reach)
        self.arrow.set_positions((0.0, 0.0), (mx, my))
        self.mean_text.set_text(f"|mean| = {p.mean_norm:.3g}")
        pts = np.vstack([xy, [[0.0, 0.0]], [[cx - p.reach, cy - p.reach]],
                         [[cx + p.reach, cy + p.reach]]])
        _set_equal_limits(self.origin_ax, pts.min(axis=0), pts.max(axis=0))

        self.formula.set_text(
            f"radius = |mean| / {p.n_rings} = {p.mean_norm:.4g} / {p.n_rings} = "
            f"{p.radius:.4g}     ring k = int(d / radius), weight ({p.n_rings - 1} − k)²"
        )

    @property
    def artists(self) -> list[Artist]:
        """Everything :meth:`draw` changes."""
        return [self.samples, self.empty, *self.rings, self.inner, self.reach, self.center,
                self.curve, self.curve_samples, self.reach_line, self.reach_text,
                self.origin_data, self.origin_reach, self.arrow, self.mean_text, self.formula]


# --------------------------------------------------------------------------- outcome (Q10)


class OutcomeBars:
    """The outcome rate of each cluster as horizontal bars, biggest cluster on top.

    Bar thickness grows with the cluster's size (and the size is written on the
    left); the overall rate is a dashed line. Drawn afresh by :meth:`draw`.

    Parameters
    ----------
    ax : Axes
        Where to draw.

    """

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.bars: list[Any] = []
        self.rate_labels: list[Text] = []
        self.overall: Line2D | None = None

    def draw(self, names: Sequence[str], sizes: Sequence[int], positives: Sequence[int],
             rates: Sequence[float], overall: float, *, outcome: str, title: str,
             last_is_rest: bool = False) -> None:
        """Draw one bar per group (in the order given, top to bottom).

        ``last_is_rest``: the last group lumps the smaller clusters (drawn grey).
        """
        ax = self.ax
        ax.cla()
        n = len(names)
        biggest = max(max(sizes), 1) if n else 1
        y = np.arange(n, dtype=float)
        heights = [0.2 + 0.62 * math.sqrt(s / biggest) for s in sizes]
        colours = [S.BLUE if r > overall else S.ORANGE for r in rates]
        if last_is_rest and colours:
            colours[-1] = S.EMPTY
        container = ax.barh(y, rates, height=heights, color=colours, edgecolor="#1A1A1A",
                            linewidth=0.5, zorder=2)
        self.bars = list(container.patches)
        self.rate_labels = []
        for yi, r, k, s in zip(y, rates, positives, sizes, strict=True):
            self.rate_labels.append(ax.annotate(
                f"{r:.0%}  ({k} of {s})", (r, yi), xytext=(5, 0), textcoords="offset points",
                va="center", fontsize=S.TICK_SIZE, color=S.TEXT,
                bbox=dict(boxstyle="square,pad=0.1", facecolor=S.WHITE, edgecolor="none"),
                zorder=4,
            ))
        self.overall = ax.axvline(overall, color="#4D4D4D", lw=1.3, ls=(0, (5, 3)), zorder=3)
        ax.text(overall, 1.0, f" all: {overall:.0%}", transform=ax.get_xaxis_transform(),
                ha="left", va="bottom", fontsize=S.TICK_SIZE, color="#4D4D4D")
        ax.set_yticks(y, list(names))
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0.0, 1.18)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25 %", "50 %", "75 %", "100 %"])
        ax.set_xlabel(f"{outcome} rate in the cluster (blue: above the rate of all, orange: "
                      "below; thicker bars: bigger clusters)", fontsize=S.LABEL_SIZE)
        ax.grid(True, axis="x", color=S.GRID, lw=0.6)
        ax.set_axisbelow(True)
        _plain_axes(ax)
        ax.set_title(title, fontsize=S.LABEL_SIZE + 1, loc="left", pad=16)
