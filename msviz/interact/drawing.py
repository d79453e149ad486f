"""Draw your own data: an explorer whose points the learner adds, paints, erases and saves.

:class:`DrawExplorer` is the :class:`~msviz.interact.explorer.Explorer` with a drawing
row: on the live (ipympl) canvas a click adds a point, a drag paints a small cloud
(the run follows on release, not on every mouse move), and a click in Erase mode (or
with shift) removes the nearest points; Undo and Clear; on every backend, boxes that
add a random cloud at chosen coordinates and a box for pasting points. Every edit
goes through :meth:`DrawExplorer.add_points` / :meth:`DrawExplorer.remove_points`,
and the run is looked up in the explorer's cache (the same data again, e.g. after
Undo, is not run again). With fewer than 2 points there is no run: the axes show a
hint instead.

The pure helpers (:func:`cloud`, :func:`points_near`, :func:`parse_points`) compute the
edits; the widget only calls them.
"""

from __future__ import annotations

import math
import numbers
import os
import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.draw import style as S
from msviz.engine import MeanShift, Trace
from msviz.engine._checks import check_X
from msviz.engine.bandwidth import bandwidth_range, default_bandwidth
from msviz.interact._base import (
    _SEED_OPTIONS,
    CSS,
    _guarded,
    _label_html,
    _row,
    _set_range,
)
from msviz.interact.cache import TraceCache, data_token, run_bytes
from msviz.interact.explorer import Explorer

__all__ = ["DrawExplorer", "cloud", "parse_points", "points_near"]

#: The data an empty drawing is built on (never run on afterwards): its view gives
#: the empty axes their place.
_FRAME = np.array([[-10.0, -6.0], [10.0, 6.0]])

#: The limits of an empty drawing's axes.
_EMPTY_LIMITS = (-10.0, 10.0)

#: Undo keeps this many earlier data sets.
UNDO_DEPTH = 100

#: A drag paints this many points each time the pointer has moved a spread's length.
PAINT_BATCH = 3

#: The most points :func:`cloud` (and a paste) adds at once.
MAX_ADD = 5000

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PAIR = re.compile(rf"^\s*\(?\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*\)?\s*$")


# --------------------------------------------------------------------------- pure helpers
def _check_xy(xy: object, name: str = "xy") -> NDArray[np.float64]:
    try:
        arr = np.asarray(xy, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers (x, y), got {xy!r}") from None
    if arr.ndim == 1 and arr.shape[0] == 2:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(
            f"{name} must be one point (x, y) or an array of shape (n, 2), got shape "
            f"{arr.shape}"
        )
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        raise ValueError(f"{name} has a value that is not a finite number in row "
                         f"{int(np.flatnonzero(bad)[0])}")
    return arr


def cloud(
    centre: ArrayLike, spread: float, count: int, rng: np.random.Generator | int | None = None
) -> NDArray[np.float64]:
    """``count`` random points around ``centre`` (normal, standard deviation ``spread``).

    Parameters
    ----------
    centre : array-like of shape (2,)
        The middle of the cloud.
    spread : float
        The standard deviation of each coordinate (0: every point on the centre).
    count : int
        How many points, 1 to 5000.
    rng : numpy.random.Generator, int or None
        The random numbers (an int seeds a new generator).

    Returns
    -------
    ndarray of shape (count, 2)

    Examples
    --------
    >>> pts = cloud((1.0, 2.0), 0.5, 200, rng=0)
    >>> pts.shape, bool(abs(pts.mean(axis=0) - (1, 2)).max() < 0.15)
    ((200, 2), True)

    """
    (c,) = _check_xy(centre, "centre")
    if isinstance(spread, bool) or not isinstance(spread, numbers.Real) \
            or not math.isfinite(spread) or spread < 0:
        raise ValueError(f"spread must be a number >= 0, got {spread!r}")
    if isinstance(count, bool) or not isinstance(count, numbers.Integral) \
            or not 1 <= count <= MAX_ADD:
        raise ValueError(f"count must be a whole number from 1 to {MAX_ADD}, got {count!r}")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return c + float(spread) * gen.standard_normal((int(count), 2))


def points_near(X: ArrayLike, xy: ArrayLike, radius: float) -> NDArray[np.intp]:
    """The indices of the points of ``X`` within ``radius`` of ``xy``; else the nearest one.

    What an erase click removes. Empty for empty ``X``.

    Examples
    --------
    >>> X = [[0, 0], [0.1, 0], [5, 5]]
    >>> points_near(X, (0, 0), 0.5).tolist(), points_near(X, (4, 4), 0.5).tolist()
    ([0, 1], [2])

    """
    data = np.asarray(X, dtype=np.float64).reshape(-1, 2)
    (p,) = _check_xy(xy)
    if data.shape[0] == 0:
        return np.zeros(0, dtype=np.intp)
    d = np.hypot(*(data - p).T)
    inside = np.flatnonzero(d <= radius)
    return inside if inside.size else np.array([int(np.argmin(d))], dtype=np.intp)


def parse_points(text: str) -> NDArray[np.float64]:
    r"""Points typed or pasted as text: one ``x, y`` per line.

    Commas, semicolons, tabs or spaces separate the two numbers; brackets around a
    pair, blank lines and lines starting with ``#`` are fine.

    Raises
    ------
    ValueError
        For a line that is not two numbers (it says which line), or no points at all.

    Examples
    --------
    >>> parse_points("1, 2\n# a comment\n(3.5; -4)\n").tolist()
    [[1.0, 2.0], [3.5, -4.0]]

    """
    rows = []
    for n, line in enumerate(str(text).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _PAIR.match(line)
        if m is None:
            raise ValueError(
                f"line {n} ({line.strip()!r}) is not two numbers; write one point per line "
                "as x, y (for example 1.5, -2)"
            )
        rows.append((float(m.group(1)), float(m.group(2))))
    if not rows:
        raise ValueError("there are no points in the text; write one point per line as x, y")
    if len(rows) > MAX_ADD:
        raise ValueError(f"that is {len(rows)} points; paste at most {MAX_ADD} at once")
    return _check_xy(rows, "the pasted points")


# --------------------------------------------------------------------------- the widget
def _start_data(data: Any, n_samples: int | None) -> NDArray[np.float64] | None:
    """The drawing's first points, or None when the explorer can load ``data`` itself."""
    if data is None or (isinstance(data, str) and data.strip().lower() == "draw"):
        return np.zeros((0, 2))
    if isinstance(data, (str, Trace, MeanShift)):
        return None
    arr = np.asarray(data, dtype=np.float64) if np.size(data) == 0 else check_X(data)
    return arr.reshape(-1, 2) if arr.size == 0 else arr


class DrawExplorer(Explorer):
    """The explorer on data the learner draws (made by ``explore("draw")`` or ``draw=True``).

    Takes the keywords of :func:`msviz.explore`, and:

    Parameters
    ----------
    data : "draw", None, str, array-like of shape (n, 2), Trace or MeanShift
        "draw" or None: an empty canvas; a data set's name or 2-D data: the
        points to start from.
    spread : float or None
        The spread (standard deviation) of a painted cloud; default a thirtieth
        of the axes' width.
    rng : numpy.random.Generator, int or None, default=0
        The random numbers of painted clouds.

    Attributes
    ----------
    draw_mode : ipywidgets.ToggleButtons
        What a click on the live canvas does: "draw", "erase" or "explain".
    spread, cloud_x, cloud_y : ipywidgets.FloatText
        The cloud's spread and centre; ``cloud_count`` : ipywidgets.BoundedIntText.
    add_cloud, undo_button, clear_button, paste_button : ipywidgets.Button
    paste : ipywidgets.Textarea
        Points to add, one ``x, y`` per line.
    follow_h : ipywidgets.Checkbox
        The bandwidth follows the data (its suggested value after each edit)
        until the learner moves the slider.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from msviz import explore
    >>> ex = explore("draw")
    >>> ex.X.shape, ex.trace is None
    ((0, 2), True)
    >>> ex.add_points([[0, 0], [0.2, 0.1], [5, 5], [5.1, 4.9]])
    >>> ex.X.shape, ex.trace.X.shape
    ((4, 2), (4, 2))
    >>> ex.undo()
    True
    >>> ex.X.shape
    (0, 2)

    """

    def __init__(
        self,
        data: ArrayLike | str | Trace | MeanShift | None = "draw",
        *,
        spread: float | None = None,
        rng: np.random.Generator | int | None = 0,
        **kwargs: Any,
    ) -> None:
        if kwargs.get("projection") is not None:
            raise ValueError("drawing is on the plane: leave projection out (data are x, y)")
        start = _start_data(data, kwargs.get("n_samples"))
        if start is not None and start.shape[1] != 2:
            raise ValueError(f"drawing needs 2-D data (x, y); these data have "
                             f"{start.shape[1]} features")
        few = start is not None and start.shape[0] < 2
        self._blank = False
        self._blank_ax: Any = None
        super().__init__(_FRAME if few else data, **kwargs)  # type: ignore[arg-type]
        if self._X.shape[1] != 2:
            raise ValueError(f"drawing needs 2-D data (x, y); {self._name or 'these data'} "
                             f"have {self._X.shape[1]} features")
        self.rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self._history: list[NDArray[np.float64]] = []
        self._named_token = self._token if self._name is not None else None
        self._press: tuple[float, float] | None = None  # where a drag started (pixels)
        self._pending: list[NDArray[np.float64]] = []
        self._pending_artist: Any = None
        if few:
            self.view.ax.set_xlim(_EMPTY_LIMITS)
            self.view.ax.set_ylim(_EMPTY_LIMITS)
        width = float(np.ptp(self.view.ax.get_xlim()))
        if spread is None:
            spread = float(f"{width / 30:.2g}")
        elif isinstance(spread, bool) or not isinstance(spread, numbers.Real) \
                or not math.isfinite(spread) or spread <= 0:
            raise ValueError(f"spread must be a positive number, got {spread!r}")
        self._build_draw_row(float(spread))
        #: The limits while drawing: they only grow, so the canvas does not jump under
        #: the pointer when the data change.
        self._box = (self.view.ax.get_xlim(), self.view.ax.get_ylim())
        if few:
            assert start is not None
            self._cache = TraceCache(kwargs.get("cache_size", 16), sizeof=run_bytes)
            self._X, self._token, self._names = start, data_token(start), None
            self._show_blank()

    # ---------------------------------------------------------------- the drawing row
    def _build_draw_row(self, spread: float) -> None:
        def button(text: str, icon: str, tip: str, css: str) -> widgets.Button:
            b = widgets.Button(description=text, icon=icon, tooltip=tip,
                               layout=widgets.Layout(width="auto"))
            b.add_class(CSS[css])
            return b

        def number(cls: Any, text: str, value: float, width: str, **kw: Any) -> Any:
            box = cls(value=value, description=text, style={"description_width": "initial"},
                      layout=widgets.Layout(width=width), **kw)
            return box

        self.draw_mode = widgets.ToggleButtons(
            options=[("draw", "draw"), ("erase", "erase"), ("explain", "explain")],
            value="draw", tooltips=["a click adds a point, a drag paints a cloud",
                                    "a click removes the points near it (or shift-click)",
                                    "a click chooses the point to explain"],
            style={"button_width": "70px"},
        )
        self.draw_mode.add_class(CSS["draw_mode"])
        self.spread = number(widgets.BoundedFloatText, "spread", spread, "130px",
                             min=1e-9, max=1e9)
        self.spread.add_class(CSS["draw_spread"])
        self.undo_button = button("undo", "undo", "take back the last change", "draw_undo")
        self.clear_button = button("clear", "trash", "remove every point", "draw_clear")
        self.follow_h = widgets.Checkbox(
            value=self._start["bandwidth"] is None, description="h follows the data",
            indent=False, layout=widgets.Layout(width="auto"),
            tooltip="after each change, h is set to the value suggested for the data now",
        )
        self.count_label = widgets.HTML()
        self.count_label.add_class(CSS["draw_count"])
        x0, y0 = (float(np.mean(lim)) for lim in (self.view.ax.get_xlim(),
                                                  self.view.ax.get_ylim()))
        self.cloud_x = number(widgets.FloatText, "cloud at x", round(x0, 2), "130px")
        self.cloud_y = number(widgets.FloatText, "y", round(y0, 2), "90px")
        self.cloud_count = number(widgets.BoundedIntText, "points", 20, "110px",
                                  min=1, max=MAX_ADD)
        self.add_cloud = button("add cloud", "plus", "add random points around (x, y)",
                                "draw_cloud")
        self.paste = widgets.Textarea(placeholder="paste points, one per line: x, y",
                                      layout=widgets.Layout(width="260px", height="56px"))
        self.paste.add_class(CSS["draw_paste"])
        self.paste_button = button("add these points", "paste", "add the points in the box",
                                   "draw_paste_button")
        self.undo_button.on_click(self._on_undo)
        self.clear_button.on_click(self._on_clear)
        self.add_cloud.on_click(self._on_add_cloud)
        self.paste_button.on_click(self._on_paste)
        self.bandwidth.observe(self._on_own_bandwidth, names="value")
        live = self.backend == "ipympl"
        first = [self.draw_mode, self.spread] if live else []
        rows = [
            _row([widgets.HTML("<b>your data</b>"), *first, self.undo_button,
                  self.clear_button, self.follow_h, self.count_label]),
            _row([self.cloud_x, self.cloud_y, *([] if live else [self.spread]),
                  self.cloud_count, self.add_cloud, self.paste, self.paste_button]),
        ]
        self.draw_box = widgets.VBox(rows, layout=widgets.Layout(width="100%"))
        self.draw_box.add_class(CSS["draw"])
        children = list(self.widget.children)
        self.widget.children = tuple([*children[:2], self.draw_box, *children[2:]])
        if live:
            self.fig.canvas.mpl_connect("motion_notify_event", self._on_motion)
            self.fig.canvas.mpl_connect("button_release_event", self._on_release)
        self._count()

    def _count(self) -> None:
        n = self._X.shape[0]
        self.count_label.value = (f"<span style='color:#555'>{n} point{'s' * (n != 1)}; "
                                  f"{len(self._history)} change{'s' * (len(self._history) != 1)}"
                                  " to undo</span>")

    # ---------------------------------------------------------------- the Python side
    @property
    def trace(self) -> Trace | None:  # type: ignore[override]
        """The run shown; None while there are fewer than 2 points (no run)."""
        return None if self._blank else self._trace

    @property
    def hint(self) -> str | None:
        """The hint the empty axes show (fewer than 2 points), else None."""
        if not self._blank:
            return None
        if self._X.shape[0] == 1:
            return "1 point: add one more\nto start mean shift"
        if self.backend == "ipympl":
            return "click to add points\n(drag to paint a cloud)"
        return "no points yet:\nadd a cloud or paste points below"

    def add_points(self, xy: ArrayLike) -> None:
        """Add one point ``(x, y)`` or an array of shape (n, 2), and show the new run.

        Raises
        ------
        ValueError
            For anything but finite (x, y) pairs (the data are kept as they were).

        """
        pts = _check_xy(xy)
        if pts.shape[0] > 0:
            self._edit(np.vstack([self._X, pts]))

    def remove_points(self, indices: int | ArrayLike) -> None:
        """Remove the points with these indices (rows of :attr:`X`) and show the new run.

        Raises
        ------
        ValueError
            For an index that is not a whole number in ``range(len(X))``.

        """
        idx = np.atleast_1d(np.asarray(indices))
        n = self._X.shape[0]
        if idx.size and (idx.dtype.kind not in "iu" or idx.ndim != 1):
            raise ValueError(f"indices must be whole numbers (rows of X), got {indices!r}")
        bad = idx[(idx < 0) | (idx >= n)] if idx.size else idx
        if bad.size:
            raise ValueError(f"no point {int(bad[0])}: the data have {n} points "
                             f"(indices 0 to {n - 1})" if n else "there are no points to remove")
        if idx.size:
            self._edit(np.delete(self._X, idx.astype(np.intp), axis=0))

    def clear(self) -> None:
        """Remove every point (Undo brings them back)."""
        if self._X.shape[0]:
            self._edit(np.zeros((0, 2)))

    def undo(self) -> bool:
        """Go back to the data before the last change; False when there is nothing to undo."""
        if not self._history:
            return False
        self._edit(self._history.pop(), record=False)
        return True

    def save_data(self, path: str | os.PathLike[str]) -> Path:
        """Write the points to a CSV file (a header ``x,y``, one point per row).

        ``np.loadtxt(path, delimiter=",", skiprows=1)`` and ``msviz gif --data path``
        read it back. Returns the path.

        Raises
        ------
        ValueError
            When there are no points.

        """
        if self._X.shape[0] == 0:
            raise ValueError("there are no points to save; add some first")
        p = Path(os.fspath(path))
        names = self._names or ("x", "y")
        np.savetxt(p, self._X, delimiter=",", fmt="%.12g", header=",".join(names), comments="")
        return p

    # ---------------------------------------------------------------- data changes
    def _edit(self, X: NDArray[np.float64], *, record: bool = True) -> None:
        if record:
            self._history.append(self._X)
            del self._history[:-UNDO_DEPTH]
        was_blank = self._blank
        self._X, self._token, self._per_sample = X, data_token(X), None
        with self._quiet():
            if self.seeds.value == "array":
                self.seeds.value = "samples"
            self.seeds.options = list(_SEED_OPTIONS)
        self._seed_array = None
        self._count()
        if X.shape[0] >= 2:
            self._fit_bandwidth(was_blank)
        self._recompute()

    def _suggested(self) -> float | None:
        # the data set's value only while the data are that data set
        named = getattr(self, "_named_token", None)
        if named is not None and self._token != named:
            return None
        return super()._suggested()

    def _fit_bandwidth(self, reset: bool) -> None:
        """A slider range for the data now; h their suggested value if it follows them."""
        b = self.bandwidth
        given = self._start["bandwidth"] is not None and not self.follow_h.value
        h = default_bandwidth(self._X, self._suggested()) \
            if (reset and not given) or self.follow_h.value else float(b.value)
        lo, hi = bandwidth_range(self._X, h)
        lo, hi = min(lo, h / 1.25), max(hi, h * 1.25)  # a chosen h stays what it is
        with self._quiet():
            b.min, b.max = min(b.min, math.log10(lo)), max(b.max, math.log10(hi))
            b.value = h
            b.min, b.max = math.log10(lo), math.log10(hi)

    def _switch_data(self, name: str) -> None:
        self._history.append(self._X)
        super()._switch_data(name)
        self._named_token = self._token
        self._count()

    def set_params(self, **params: Any) -> None:
        """As :meth:`Explorer.set_params` (a new ``dataset`` can be undone)."""
        if "dataset" in params:
            self._history.append(self._X)
        super().set_params(**params)

    def _recompute(self, *, rebuild: bool = False) -> bool:
        if self._X.shape[0] < 2:
            self._worker.stop()  # a run of the points before is not shown over the blank
            self._show_blank()
            return True
        rebuild = rebuild or self._blank
        if self._blank:
            self._blank = False
            self._enable(True)
        return super()._recompute(rebuild=rebuild)

    def _bounds(self) -> tuple[float, float, float, float] | None:
        """The drawing's box: the picture (and its density image) keeps showing all of it."""
        box = getattr(self, "_box", None)
        return None if box is None else (*box[0], *box[1])

    def _show_trace(self, trace: Trace, notes: Any, rebuild: bool = False) -> None:
        if not rebuild:  # a new view gets the box when it is made (Explorer._make_view)
            self.view.set_bounds(self._bounds())
        super()._show_trace(trace, notes, rebuild)
        # the scene's limits hold the old box: they are the box from now on (they only grow)
        (x0, x1), (y0, y1) = self.view.ax.get_xlim(), self.view.ax.get_ylim()
        self._box = ((float(x0), float(x1)), (float(y0), float(y1)))

    def _enable(self, on: bool) -> None:
        for w in (self.play, self.slider, self.estimate, self.explain, self.point, self.hill):
            w.disabled = not on
        if not on:  # a run offers its layers again (_apply_layers)
            for toggle in self.layer_toggles.values():
                toggle.disabled = True

    def _show_blank(self) -> None:
        """Empty axes with the hint (fewer than 2 points: no run)."""
        ax = self._blank_ax if self._blank else self.view.ax
        box, xlim, ylim = ax.get_position(), ax.get_xlim(), ax.get_ylim()
        if getattr(self, "_box", None) is not None:
            xlim, ylim = self._box
        self._blank = True
        if self._hill.active:  # no run: no hill
            self.hill.value = False
        with self._quiet():
            self.explain.value = False
            _set_range(self.play, self.slider, 0, 0, self.widget.children[0])
            self._enable(False)
        self.fig.clear()
        ax = self._blank_ax = self.fig.add_axes(box.bounds)
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_xlabel(self._names[0] if self._names else "x₁")
        ax.set_ylabel(self._names[1] if self._names else "x₂")
        if self._X.shape[0]:
            ax.scatter(self._X[:, 0], self._X[:, 1], s=26, color=S.DATA, zorder=3)
        hint = self.hint or ""
        ax.text(0.5, 0.5, hint, transform=ax.transAxes, ha="center", va="center",
                fontsize=14, color="#555555", linespacing=1.5)
        self.step_label.value = _label_html(hint.replace("\n", " "))
        self.explain_text.value = ""
        self._messages.clear()
        self._count()
        self.surface.set_dynamic([])
        self.surface.redraw()

    # ---------------------------------------------------------------- callbacks
    def _axes(self) -> Any:
        return self._blank_ax if self._blank else self.view.ax

    @_guarded("change the data there")
    def _on_click(self, event: Any) -> None:
        if event.inaxes is not self._axes() or event.xdata is None or event.ydata is None:
            return
        if self.draw_mode.value == "explain":
            if not self._blank:
                Explorer._on_click(self, event)
            return
        xy = (float(event.xdata), float(event.ydata))
        if self.draw_mode.value == "erase" or "shift" in str(event.key or ""):
            self.remove_points(points_near(self._X, xy, float(self.spread.value)))
            return
        # a click or the start of a drag: the run follows on release
        self._press = (float(event.x), float(event.y))
        self._last = self._press
        self._pending = [np.array([xy])]
        self._pending_artist = self._axes().scatter(
            [xy[0]], [xy[1]], s=26, color=S.DATA, edgecolor="white", linewidth=0.5, zorder=9,
        )
        self.surface.redraw()

    @_guarded("paint there")
    def _on_motion(self, event: Any) -> None:
        if self._press is None or event.inaxes is not self._axes() or event.xdata is None:
            return
        ax = self._axes()
        # paint a few points each time the pointer has moved about a spread's length
        step = ax.transData.transform((float(self.spread.value), 0))[0] \
            - ax.transData.transform((0, 0))[0]
        if math.hypot(event.x - self._last[0], event.y - self._last[1]) < max(step, 4.0):
            return
        self._last = (float(event.x), float(event.y))
        if len(self._pending) == 1 and self._pending[0].shape[0] == 1:
            self._pending = []  # a drag paints clouds: the pressed point was its start
        self._pending.append(cloud((event.xdata, event.ydata), float(self.spread.value),
                                   PAINT_BATCH, self.rng))
        self._pending_artist.set_offsets(np.vstack(self._pending))
        self.surface.redraw()  # ipympl draws when the browser is ready (coalesced)

    @_guarded("add those points")
    def _on_release(self, event: Any) -> None:
        if self._press is None:
            return
        self._press = None
        pts = np.vstack(self._pending)
        self._pending = []
        if self._pending_artist is not None:
            self._pending_artist.remove()
            self._pending_artist = None
        self.add_points(pts)

    def _on_own_bandwidth(self, change: dict[str, Any]) -> None:
        if not self._busy:  # the learner chose h: it no longer follows the data
            self.follow_h.value = False

    @_guarded("undo")
    def _on_undo(self, _button: Any = None) -> None:
        if not self.undo():
            self._messages.set([("note", "There is nothing to undo.")])

    @_guarded("clear the points")
    def _on_clear(self, _button: Any = None) -> None:
        self.clear()

    @_guarded("add that cloud")
    def _on_add_cloud(self, _button: Any = None) -> None:
        self.add_points(cloud((self.cloud_x.value, self.cloud_y.value),
                              float(self.spread.value), int(self.cloud_count.value), self.rng))

    @_guarded("add the pasted points")
    def _on_paste(self, _button: Any = None) -> None:
        pts = parse_points(self.paste.value)  # a bad line: the message, the text stays
        self.add_points(pts)
        self.paste.value = ""

    def __repr__(self) -> str:
        return (f"DrawExplorer({self._X.shape[0]} points, "
                f"{'no run' if self._blank else repr(self._trace)}, backend={self.backend!r})")

