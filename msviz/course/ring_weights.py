"""Q8: how the lesson's ring weights and radius depend on where the origin is."""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch
from matplotlib.ticker import FuncFormatter
from numpy.typing import ArrayLike, NDArray

from msviz import datasets as _datasets
from msviz.draw import style as S
from msviz.engine._checks import check_X
from msviz.engine._types import FloatArray, readonly
from msviz.interact._base import CSS, FIGSIZE, _Base, _guarded, _Messages, _row
from msviz.interact.surface import Surface, check_dpi
from msviz.scene.inspect import _fmt

__all__ = ["RingPicture", "RingWeights", "RingWeightsPlot", "explore_ring_weights", "ring_picture"]


class RingWeights(_Base):
    """The lesson's ring weights around one centroid, live (made by :func:`explore_ring_weights`).

    Attributes
    ----------
    widget : ipywidgets.VBox
    centroid : ipywidgets.IntSlider
        The sample whose start position is the centroid (a click on the data
        chooses it too, with ipympl).
    shift : ipywidgets.FloatSlider
        Moves the data by ``s`` in every coordinate.
    n_rings : ipywidgets.IntSlider
        The number of rings (the lesson's 100).
    text : ipywidgets.HTML
        The numbers in words.
    picture : RingPicture
        What is shown now (computed by :func:`ring_picture`).
    plot : RingWeightsPlot
        The three panels.
    surface : Surface
    output : ipywidgets.Output
        Notes and errors, in plain words.

    """

    def __init__(
        self,
        X: ArrayLike | str | None = None,
        *,
        centroid: int = 0,
        shift: float | None = None,
        n_rings: int = 100,
        backend: str = "auto",
        dpi: float | None = None,
    ) -> None:
        super().__init__()
        if X is None:
            data = _datasets.load("blobs")
            s0 = 5.0 if shift is None else shift
        elif isinstance(X, str):
            data = check_X(_datasets.load(X))
            s0 = 0.0 if shift is None else shift
        else:
            data = check_X(X)
            s0 = 0.0 if shift is None else shift
        self._X = np.asarray(data, dtype=np.float64)
        if self._X.shape[1] > 2:
            raise ValueError(
                "explore_ring_weights draws the plane: give data with 1 or 2 features, "
                f"got {self._X.shape[1]}"
            )
        # The first picture (errors here are raised: nothing is on screen yet).
        self.picture = ring_picture(self._X, centroid, s0, n_rings)

        diagonal = float(np.sqrt(np.sum(np.ptp(self._X, axis=0) ** 2))) or 1.0
        span = max(100.0, 10.0 * diagonal)
        step = 0.5 if span <= 200 else float(f"{span / 400:.1g}")
        while step > 1e-3 and abs(s0 / step - round(s0 / step)) > 1e-9:
            step /= 10  # the start must lie on the slider's grid, or the browser moves it
        # The browser's slider snaps to min + k * step: whole steps from 0 keep 0, 5, 100.
        lo = -step * math.ceil(0.2 * span / step)
        hi = step * math.ceil(span / step)
        self.centroid = widgets.IntSlider(
            value=int(centroid), min=0, max=self._X.shape[0] - 1, step=1,
            description="centroid", style={"description_width": "initial"},
            layout=widgets.Layout(width="300px"),
        )
        self.shift = widgets.FloatSlider(
            value=float(s0), min=min(lo, float(s0)), max=max(hi, float(s0)),
            step=step, description="shift the data by s", readout_format=".4g",
            style={"description_width": "initial"}, layout=widgets.Layout(width="380px"),
        )
        self.n_rings = widgets.IntSlider(
            value=int(n_rings), min=5, max=max(100, int(n_rings)), step=5, description="rings",
            style={"description_width": "initial"}, layout=widgets.Layout(width="260px"),
        )
        self._dpi = check_dpi(dpi)
        self.surface = Surface((FIGSIZE[0], 4.8), self._dpi, backend, CSS["ring_canvas"])
        self.fig = self.surface.fig
        self.plot = RingWeightsPlot(self.fig)
        self.text = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.output.add_class(CSS["messages"])
        self._messages = _Messages(self.output)
        live = self.surface.mode == "ipympl"
        for w in (self.centroid, self.shift, self.n_rings):
            w.continuous_update = live
            w.observe(self._on_change, names="value")
        self.centroid.add_class(CSS["ring_centroid"])
        self.shift.add_class(CSS["ring_shift"])
        self.n_rings.add_class(CSS["ring_count"])
        hint = widgets.HTML(
            "<span style='color:#555'>move the data away from the origin and watch the rings"
            + (" · click a sample to make it the centroid" if live else "") + "</span>"
        )
        self.widget = widgets.VBox(
            [_row([self.centroid, self.shift, self.n_rings]), hint, self.output, self.canvas,
             self.text],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["ring_weights"])
        if live:
            self.fig.canvas.mpl_connect("button_press_event", self._on_click)
        self._show(self.picture)
        self.surface.show_first()

    @property
    def X(self) -> NDArray[np.float64]:
        """The data, not moved."""
        return self._X

    def _show(self, p: RingPicture) -> None:
        self.picture = p
        self.plot.draw(p)
        lines = p.lines()
        self.text.value = (
            "<div style='font-size:13px;line-height:1.45;border-left:4px solid #D55E00;"
            "padding:2px 10px'>" + "<br>".join(html.escape(x) for x in lines) + "</div>"
        )
        notes = []
        if p.n_weighted <= 1:
            notes.append(("note", "Only the centroid itself carries weight: the data's mean is "
                          "almost at the origin, so |mean| and every ring are tiny. Move the "
                          "data away from the origin."))
        elif p.near_share < 0.15:
            notes.append(("note", "Every sample counts almost the same: the data is far from "
                          "the origin, so the rings are wide next to the data and the weighted "
                          "mean is close to the plain mean of everything."))
        if notes:
            self._messages.set(notes)
        else:
            self._messages.clear()

    def update(self, **params: Any) -> None:
        """Set ``centroid``, ``shift`` and/or ``n_rings`` at once and redraw."""
        unknown = set(params) - {"centroid", "shift", "n_rings"}
        if unknown:
            raise ValueError(f"unknown parameters {sorted(unknown)}; use centroid, shift or "
                             "n_rings")
        with self._quiet():
            for name, value in params.items():
                getattr(self, name).value = value
        self._redraw()

    def _redraw(self) -> None:
        p = ring_picture(self._X, int(self.centroid.value), float(self.shift.value),
                         int(self.n_rings.value))
        self._show(p)
        self.surface.redraw()

    @_guarded("show the weights")
    def _on_change(self, change: dict[str, Any]) -> None:
        self._redraw()

    @_guarded("choose that centroid")
    def _on_click(self, event: Any) -> None:
        if event.inaxes is not self.plot.ax or event.xdata is None or event.ydata is None:
            return
        xy = np.asarray(self.picture.data)[:, :2]
        if xy.shape[1] == 1:
            xy = np.column_stack([xy[:, 0], np.zeros(xy.shape[0])])
        i = int(np.argmin(np.sum((xy - [event.xdata, event.ydata]) ** 2, axis=1)))
        self.centroid.value = i

    def __repr__(self) -> str:
        p = self.picture
        return (f"RingWeights(centroid={p.centroid}, shift={p.shift:g}, n_rings={p.n_rings}, "
                f"radius={p.radius:.4g}, backend={self.backend!r})")


def explore_ring_weights(
    X: ArrayLike | str | None = None,
    *,
    centroid: int = 0,
    shift: float | None = None,
    n_rings: int = 100,
    backend: str = "auto",
    dpi: float | None = None,
) -> RingWeights:
    """See what the lesson's ring weights ``(99 − ring)²`` do, and how the origin sets them.

    Every sample starts as a centroid. Choose one; each sample is shaded and
    sized by the weight it gets from that centroid, ring by ring, and a plot
    shows weight against distance. Move the data away from the origin (the
    shift slider) and the radius ``|mean| / 100``, and with it every ring,
    grows: what counts as "near" depends on where the origin is (Q7, Q8).

    Parameters
    ----------
    X : array-like of shape (n_samples, 1 or 2), str or None
        The data or a data-set name; None: the ``blobs`` data, moved by 5 as in
        notebook 4.
    centroid : int, default=0
        The sample whose weights are shown (its number).
    shift : float or None
        How far the data is moved away from the origin, along both axes;
        None: 5 for the default data, else 0.
    n_rings : int, default=100
        How many rings the weights have (the lesson's method has 100).
    backend : {"auto", "ipympl", "image"}, default="auto"
        An interactive ipympl canvas, or PNG images.
    dpi : float or None
        Default 72.

    Returns
    -------
    RingWeights
        Displays itself.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> rw = explore_ring_weights([[99.0, 0.0], [100.0, 0.0], [101.0, 0.0]], backend="image")
    >>> rw.picture.radius, rw.picture.weights.tolist()
    (1.0, [9801.0, 9604.0, 9409.0])
    >>> rw.shift.value = 100.0            # the mean moves to (200, 100): wider rings
    >>> round(rw.picture.radius, 3)
    2.236

    """
    return RingWeights(X, centroid=centroid, shift=shift, n_rings=n_rings, backend=backend,
                       dpi=dpi)


@dataclass(frozen=True, eq=False)
class RingPicture:
    """What the ring-weights widget shows for one centroid of shifted data.

    Attributes
    ----------
    data : ndarray of shape (n_samples, n_features)
        The data moved by ``shift`` (in every coordinate).
    shift : float
        How far the data was moved, in every coordinate.
    centroid : int
        The sample whose start position is the centroid.
    center : ndarray of shape (n_features,)
        The centroid (that sample, moved).
    mean : ndarray of shape (n_features,)
        The mean of the moved data.
    mean_norm : float
        ``|mean|``: the distance from the origin to the mean.
    n_rings : int
        The number of rings (the lesson's 100).
    radius : float
        The ring width ``|mean| / n_rings``.
    reach : float
        Samples closer than this carry weight: ``(n_rings - 1) * radius``.
    distances, rings, weights : ndarray of shape (n_samples,)
        Each sample's distance to the centroid, its ring and its weight
        ``(n_rings - 1 - ring)**2``.
    curve_d, curve_w : ndarray
        The weight as a function of distance (a staircase), for the plot.
    ring_radii : ndarray
        The ring edges to draw (every ring, or every 10th when there are many).
    near_share : float
        The share of the total weight carried by the nearest tenth of the samples.

    """

    data: FloatArray
    shift: float
    centroid: int
    center: FloatArray
    mean: FloatArray
    mean_norm: float
    n_rings: int
    radius: float
    reach: float
    distances: FloatArray
    rings: NDArray[np.intp]
    weights: FloatArray
    curve_d: FloatArray
    curve_w: FloatArray
    ring_radii: FloatArray
    near_share: float

    @property
    def n_weighted(self) -> int:
        """How many samples carry any weight."""
        return int(np.count_nonzero(self.weights > 0))

    @property
    def top_weight(self) -> float:
        """The weight of a sample in ring 0: ``(n_rings - 1)**2``."""
        return float((self.n_rings - 1) ** 2)

    def lines(self) -> list[str]:
        """The numbers in a few plain sentences (no markup)."""
        n = self.distances.size
        out = [
            f"|mean| = {_fmt(self.mean_norm)}, so the ring width is radius = |mean| / "
            f"{self.n_rings} = {_fmt(self.radius)}.",
            f"A sample in ring k counts ({self.n_rings - 1} − k)² times: "
            f"{self.top_weight:,.0f} in ring 0, 0 from ring {self.n_rings - 1} on "
            f"(farther than {_fmt(self.reach)}).",
            f"Seen from centroid {self.centroid}: {self.n_weighted} of {n} samples carry "
            "weight; the nearest tenth of the samples carries "
            f"{self.near_share:.0%} of the total weight.",
        ]
        return out


def ring_picture(
    X: ArrayLike, centroid: int = 0, shift: float = 0.0, n_rings: int = 100
) -> RingPicture:
    """The lesson's ring weights seen from one centroid, with the data moved by ``shift``.

    Uses :func:`msviz.course.classic.ring_radius`, :func:`~msviz.course.classic.ring_index` and
    :func:`~msviz.course.classic.ring_weights`: the centroid is sample ``centroid`` at
    the start of a run (every sample starts as a centroid).

    Raises
    ------
    msviz.course.classic.ClassicError
        When the moved data is centred on the origin (radius 0).
    ValueError
        For a centroid out of range or a bad number of rings.

    Examples
    --------
    >>> p = ring_picture([[99.0], [100.0], [101.0]], centroid=0)
    >>> p.radius, p.rings.tolist(), p.weights.tolist()
    (1.0, [0, 1, 2], [9801.0, 9604.0, 9409.0])
    >>> ring_picture([[99.0], [100.0], [101.0]], centroid=0, shift=-50.0).radius
    0.5

    """
    from msviz.course.classic import ring_index, ring_radius, ring_weights

    data = check_X(X)
    if isinstance(shift, bool) or not isinstance(shift, numbers.Real) \
            or not math.isfinite(float(shift)):
        raise ValueError(f"the shift must be a finite number, got {shift!r}")
    n = data.shape[0]
    if isinstance(centroid, bool) or not isinstance(centroid, numbers.Integral) \
            or not 0 <= int(centroid) < n:
        raise ValueError(f"the centroid must be a sample number from 0 to {n - 1}, "
                         f"got {centroid!r}")
    moved = data + float(shift)
    r = ring_radius(moved, n_rings)  # checks n_rings
    k_rings = int(n_rings)
    center = moved[int(centroid)].copy()
    distances = np.linalg.norm(moved - center, axis=1)
    rings = ring_index(distances, r, k_rings)  # raises ClassicError for r == 0
    weights = ring_weights(distances, r, k_rings)
    reach = (k_rings - 1) * r
    # The staircase: two points per ring edge, out to a little beyond the data.
    far = max(float(distances.max()), reach) * 1.08
    edges = np.arange(k_rings, dtype=np.float64) * r
    edges = edges[edges <= far]
    steps_w = ((k_rings - 1 - np.arange(edges.size)) ** 2).astype(np.float64)
    curve_d = np.repeat(np.append(edges, far), 2)[1:-1]
    curve_w = np.repeat(steps_w, 2)
    if reach < far:
        curve_d = np.append(curve_d, [reach, far])
        curve_w = np.append(curve_w, [0.0, 0.0])
    step = 1 if k_rings <= 20 else max(1, k_rings // 10)
    ring_radii = np.arange(step, k_rings, step, dtype=np.float64) * r
    total = float(weights.sum())
    order = np.argsort(distances, kind="stable")
    tenth = max(1, int(math.ceil(0.1 * n)))
    near_share = float(weights[order[:tenth]].sum() / total) if total > 0 else 0.0
    return RingPicture(
        data=readonly(moved), shift=float(shift), centroid=int(centroid),
        center=readonly(center), mean=readonly(moved.mean(axis=0)),
        mean_norm=float(np.linalg.norm(moved.mean(axis=0))), n_rings=k_rings, radius=float(r),
        reach=float(reach), distances=readonly(distances), rings=readonly(rings),
        weights=readonly(weights), curve_d=readonly(curve_d), curve_w=readonly(curve_w),
        ring_radii=readonly(ring_radii), near_share=near_share,
    )


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
        """Show ``p`` (a :class:`RingPicture`)."""
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
