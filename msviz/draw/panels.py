"""Panels beside a view: the update inspector's artists and the scale-space plot."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from msviz.draw import style as S
from msviz.draw.style import INSPECT, INSPECT_DARK, INSPECT_LIGHT
from msviz.scene.inspect import InspectorGeometry
from msviz.scene.scale_space import ScaleSpaceCurve

__all__ = ["InspectorArtists", "ScaleSpacePlot"]


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
