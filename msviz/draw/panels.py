"""Panels beside a view: the update inspector, the scale-space plot and the comparison's parts.

The comparison's parts: its layout (:func:`comparison_layout`), its shared legend
(:func:`comparison_legend`) and the convergence strip under its panels
(:class:`ConvergenceStrip`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from msviz.draw import style as S
from msviz.draw.style import INSPECT, INSPECT_DARK, INSPECT_LIGHT, run_colour
from msviz.scene import Scene
from msviz.scene.inspect import InspectorGeometry
from msviz.scene.scale_space import ScaleSpaceCurve

__all__ = [
    "ConvergenceStrip",
    "InspectorArtists",
    "ScaleSpacePlot",
    "comparison_layout",
    "comparison_legend",
]


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


def style_step_axes(ax: Axes, last: int, *, pad: float, nbins: int) -> None:
    """A panel whose x axis counts steps 0 .. ``last``: integer ticks, a light grid, no box."""
    x_max = max(last, 1)
    ax.set_xlim(-pad * x_max, x_max * (1 + pad))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=nbins, integer=True))
    ax.tick_params(labelsize=S.TICK_SIZE)
    ax.grid(True, color=S.GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


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
            fontsize=S.LABEL_SIZE + 1, loc="left", color=S.TEXT, pad=22, y=S.TITLE_Y,
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


def comparison_legend(fig: Figure, y: float, *, hill: bool = False) -> Artist:
    """A one-line legend of the symbols shared by every panel, centred at height ``y``.

    ``hill``: the symbols of density hills (:class:`~msviz.draw.hill.HillView`).
    """
    dot = dict(linestyle="none", marker="o", markeredgewidth=0)
    handles: list[Artist] = [
        Line2D([], [], color=S.DATA, ms=5, **dot),  # type: ignore[arg-type]
        Line2D([], [], color=S.MOVING, ms=7, **dot),  # type: ignore[arg-type]
        Line2D([], [], color=S.STOPPED, ms=7, **dot),  # type: ignore[arg-type]
        Line2D([], [], color=S.TRAIL_HIGHLIGHT, lw=1.8),
        Patch(facecolor=S.DENSITY_TOP, edgecolor=S.HILL_EDGE) if hill else
        Line2D([], [], color=S.WINDOW, lw=1.4),
        Line2D([], [], color=S.MODE, marker="X", ms=9, markeredgecolor=S.WHITE, linestyle="none"),
    ]
    labels = (["data (on the floor)", "moving point", "stopped", "trail on the hill",
               "density (height)", "mode (a peak)"] if hill else
              ["data", "moving point", "stopped", "trail", "window (h)", "mode"])
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
        style_step_axes(ax, longest, pad=0.03, nbins=10)
        ax.set_xlabel("step", fontsize=S.LABEL_SIZE)
        ax.set_title(
            "largest shift per step (log scale), coloured as the panel titles; a run stops "
            "once it falls below its threshold tol · h (dashed)",
            fontsize=S.LABEL_SIZE, loc="left", color=S.TEXT, y=S.TITLE_Y,
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
