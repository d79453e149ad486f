"""The view's own layout uses its frame, and plot() returns the view (issue 10)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.draw import style as S  # noqa: E402
from msviz.draw.view import MeanShiftView  # noqa: E402

NO_PANEL = ["density", "data", "points", "trails", "windows", "modes", "clusters", "label"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def moons():
    return msviz.run_mean_shift(datasets.load("moons"))


def _agg_figure() -> Figure:
    fig = Figure(figsize=S.FIGSIZE, dpi=50)
    FigureCanvasAgg(fig)
    return fig


def _drawn_box(view: MeanShiftView) -> tuple[float, float]:
    """Where the picture sits across the frame: (left, right) of the axes and legend."""
    view.fig.canvas.draw()
    boxes = [view.ax.get_window_extent()]
    if view._legend is not None:
        boxes.append(view._legend.get_window_extent())
    width = view.fig.bbox.width
    return min(b.x0 for b in boxes) / width, max(b.x1 for b in boxes) / width


def _blank_columns(view: MeanShiftView) -> float:
    """The widest run of pure white pixel columns, as a fraction of the frame's width."""
    view.fig.canvas.draw()
    rgba = np.asarray(view.fig.canvas.buffer_rgba())
    # Below the titles: only what the axes, panel and legend draw.
    body = rgba[int(rgba.shape[0] * 0.15):, :, :3]
    white = (body >= 250).all(axis=2).all(axis=0)
    best = run = 0
    for w in white:
        run = run + 1 if w else 0
        best = max(best, run)
    return best / rgba.shape[1]


def test_without_the_panel_the_picture_uses_the_frame(moons):
    alone = MeanShiftView(moons, fig=_agg_figure(), layers=NO_PANEL).plot(step=-1)
    assert not any(ax.get_visible() for ax in alone.panel_axes)
    left, right = _drawn_box(alone)
    assert right > 0.9, f"the picture ends at {right:.0%} of the frame"
    assert _blank_columns(alone) < 0.15
    # The axes really are wider than beside the panel, and the data drawn bigger.
    beside = MeanShiftView(moons, fig=_agg_figure()).plot(step=-1)
    assert alone.ax.get_position().width > 1.5 * beside.ax.get_position().width
    assert beside.layer("convergence") and all(ax.get_visible() for ax in beside.panel_axes)


def test_with_the_panel_nothing_is_left_blank(moons):
    view = MeanShiftView(moons, fig=_agg_figure()).plot(step=-1)
    assert _blank_columns(view) < 0.15


def test_limits_fit_the_wider_box_and_windows_stay_round(moons):
    view = MeanShiftView(moons, fig=_agg_figure(), layers=NO_PANEL).plot()
    view.fig.canvas.draw()
    box = view.ax.get_window_extent()
    (x0, x1), (y0, y1) = view.ax.get_xlim(), view.ax.get_ylim()
    # Equal aspect fills the box: units per pixel alike on both axes.
    assert (x1 - x0) / box.width == pytest.approx((y1 - y0) / box.height, rel=0.02)
    assert box.width / view.fig.bbox.width > 0.6
    X = np.asarray(moons.X)
    assert x0 < X[:, 0].min() and X[:, 0].max() < x1


def test_switching_the_panel_on_and_off_relays_the_picture(moons):
    view = MeanShiftView(moons, fig=_agg_figure()).plot(step=3)
    narrow = view.ax.get_position().width
    view.set_layer_visible("convergence", False)
    assert view.step == 3 and "convergence" not in view.layers
    assert view.ax.get_position().width > 1.5 * narrow
    assert _drawn_box(view)[1] > 0.9
    assert view.moving_points.get_offsets().shape[0] == int((~moons[3].converged).sum())
    view.set_layer_visible("convergence", True)
    assert view.ax.get_position().width == pytest.approx(narrow)
    assert all(ax.get_visible() for ax in view.panel_axes) and view.step == 3
    # Drawn from scratch the same way, the picture is identical.
    fresh = MeanShiftView(moons, fig=_agg_figure()).plot(step=3)
    view.fig.canvas.draw()
    fresh.fig.canvas.draw()
    np.testing.assert_array_equal(np.asarray(view.fig.canvas.buffer_rgba()),
                                  np.asarray(fresh.fig.canvas.buffer_rgba()))


def test_set_trace_keeps_the_panel_less_layout(moons):
    view = MeanShiftView(moons, fig=_agg_figure(), layers=NO_PANEL).plot()
    wide = view.ax.get_position().width
    view.set_trace(msviz.run_mean_shift(datasets.load("moons"), bandwidth=0.5))
    assert "convergence" not in view.layers
    assert view.ax.get_position().width == pytest.approx(wide)


def test_a_gif_without_the_panel_uses_the_frame(moons, tmp_path):
    from PIL import Image

    path = tmp_path / "alone.gif"
    msviz.save_gif(moons, path, layers=NO_PANEL, steps=[0, -1], dpi=40)
    with Image.open(path) as im:
        im.seek(im.n_frames - 1)
        rgb = np.asarray(im.convert("RGB"))
    body = rgb[int(rgb.shape[0] * 0.15):]
    cols = (body >= 250).all(axis=2).all(axis=0)
    runs, run = [], 0
    for c in cols:
        run = run + 1 if c else 0
        runs.append(run)
    assert max(runs) / rgb.shape[1] < 0.15, "a wide blank band is left in the GIF"


def test_plot_returns_the_view_and_it_chains(moons):
    view = MeanShiftView(moons, fig=_agg_figure())
    assert view.plot() is view
    assert view.plot(step=-1).step == moons.n_iter
    # As a cell's last line, one short line of text, not a list of artists.
    text = repr(MeanShiftView(moons, fig=_agg_figure()).plot())
    assert text.startswith("MeanShiftView(") and "\n" not in text and len(text) < 200
    # The artists made are still there to read.
    assert view.artists("points") and all(a.figure is view.fig for a in view.artists("points"))


# ----------------------------------------------------------------- the projector style


def _text_px(view: MeanShiftView) -> dict[str, float]:
    """Heights in pixels of a tick label, a legend entry and the step label."""
    view.fig.canvas.draw()
    r = view.fig.canvas.get_renderer()
    tick = next(t for t in view.ax.get_xticklabels() if t.get_text())
    legend = view._legend.get_texts()[0]
    return {"tick": tick.get_window_extent(r).height,
            "legend": legend.get_window_extent(r).height,
            "step": view.label.get_window_extent(r).height}


def test_projector_style_draws_bigger_text_and_marks_in_the_same_pixels():
    trace = msviz.run_mean_shift(datasets.load("blobs"), bandwidth=2.5)
    screen = MeanShiftView(trace, figsize=(11.5, 6.2), dpi=80).plot(step=-1)
    room = MeanShiftView(trace, figsize=(11.5, 6.2), dpi=80, style="projector").plot(step=-1)
    assert tuple(screen.fig.canvas.get_width_height()) == (920, 496)
    assert tuple(room.fig.canvas.get_width_height()) == (920, 496)
    a, b = _text_px(screen), _text_px(room)
    for what in a:
        assert b[what] >= 1.3 * a[what], (what, a[what], b[what])
    assert b["tick"] >= 14  # issue 10: ~10 px on the screen style at 920 x 496
    # Marks too: a moving point's marker is bigger relative to the frame.
    size = lambda v: v.stopped_points.get_sizes()[0] * (v.fig.dpi / 72) ** 2  # noqa: E731
    assert size(room) >= 1.9 * size(screen)
    # Nothing is cut off: the axes' labels and the legend lie inside the frame.
    room.fig.canvas.draw()
    r = room.fig.canvas.get_renderer()
    frame = room.fig.bbox
    for artist in (room.ax.xaxis.label, room.ax.yaxis.label, room._legend, *room.fig.texts):
        box = artist.get_window_extent(r)
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= frame.x1 and box.y1 <= frame.y1, artist
    assert room.panel_axes == () and "convergence" not in room.available_layers


def test_projector_style_refuses_the_panel_and_unknown_styles():
    trace = msviz.run_mean_shift(datasets.load("five_points"), bandwidth=2)
    with pytest.raises(ValueError, match="without the convergence panel"):
        MeanShiftView(trace, style="projector", layers=["data", "convergence"])
    with pytest.raises(ValueError, match="unknown style 'room'.*'projector'"):
        MeanShiftView(trace, style="room")


def test_projector_gif_keeps_its_size(tmp_path):
    from PIL import Image

    trace = msviz.run_mean_shift(datasets.load("blobs"), bandwidth=2.5)
    path = msviz.save_gif(trace, tmp_path / "room.gif", style="projector", steps=[0, -1])
    with Image.open(path) as im:
        assert im.size == (920, 496) and im.n_frames >= 2


def test_a_still_in_ipympl_has_no_caption_toolbar_or_resize_grip():
    import subprocess
    import sys

    code = (
        "import matplotlib; matplotlib.use('module://ipympl.backend_nbagg')\n"
        "import msviz\n"
        "t = msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2)\n"
        "c = msviz.MeanShiftView(t).plot().fig.canvas\n"
        "print(type(c).__name__, c.header_visible, c.footer_visible, c.toolbar_visible, "
        "c.resizable)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["Canvas", "False", "False", "False", "False"]
