"""Draw your own data (issue 13, part 1): msviz.explore("draw") and explore(..., draw=True)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backend_bases import MouseEvent  # noqa: E402
from PIL import Image  # noqa: E402

import msviz  # noqa: E402
from msviz.cli import main as cli_main  # noqa: E402
from msviz.cli import read_csv  # noqa: E402
from msviz.interact.drawing import (  # noqa: E402
    DrawExplorer,
    cloud,
    parse_points,
    points_near,
)


@pytest.fixture(autouse=True)
def _agg_after():
    """An ipympl canvas switches matplotlib's backend: give later tests Agg again."""
    yield
    matplotlib.use("Agg")


TWO_CLOUDS = np.vstack([cloud((-4, 0), 0.6, 25, rng=1), cloud((4, 1), 0.6, 25, rng=2)])


def _draw(data="draw", **params):
    params.setdefault("backend", "image")
    return msviz.explore(data, draw=True, **params)


def _counting(ex):
    """Count the runs the explorer computes from now on."""
    calls = []
    runner = ex.runner

    def counted(X, **kw):
        calls.append(len(X))
        return runner(X, **kw)

    ex.runner = counted
    return calls


# --------------------------------------------------------------------------- pure helpers
def test_cloud_is_centred_with_the_spread_and_repeatable():
    pts = cloud((3.0, -2.0), 0.5, 2000, rng=7)
    assert pts.shape == (2000, 2)
    np.testing.assert_allclose(pts.mean(axis=0), (3.0, -2.0), atol=0.05)
    np.testing.assert_allclose(pts.std(axis=0), (0.5, 0.5), rtol=0.08)
    np.testing.assert_array_equal(pts, cloud((3.0, -2.0), 0.5, 2000, rng=7))
    np.testing.assert_array_equal(cloud((1, 1), 0.0, 3, rng=0), np.ones((3, 2)))


@pytest.mark.parametrize("args, match", [
    (((0, 0), -1.0, 5), "spread must be a number >= 0"),
    (((0, 0), float("nan"), 5), "spread must be a number >= 0"),
    (((0, 0), 1.0, 0), "count must be a whole number from 1"),
    (((0, 0), 1.0, 2.5), "count must be a whole number from 1"),
    (((0, 0, 0), 1.0, 5), r"centre must be one point \(x, y\)"),
    (((0, np.inf), 1.0, 5), "centre has a value that is not a finite number"),
])
def test_cloud_bad_arguments_say_what_is_wrong(args, match):
    with pytest.raises(ValueError, match=match):
        cloud(*args)


def test_points_near_takes_the_points_in_the_radius_else_the_nearest():
    X = np.array([[0, 0], [0.3, 0], [2, 2], [5, 5]], dtype=float)
    assert points_near(X, (0.1, 0), 0.5).tolist() == [0, 1]
    assert points_near(X, (4, 4.5), 0.5).tolist() == [3]
    assert points_near(np.zeros((0, 2)), (0, 0), 1.0).size == 0


def test_parse_points_reads_pairs_and_names_a_bad_line():
    text = "1, 2\n\n# mine\n3;4\n5\t6\n(7, -8.5)\n1e1 2E-1\n"
    assert parse_points(text).tolist() == [[1, 2], [3, 4], [5, 6], [7, -8.5], [10, 0.2]]
    with pytest.raises(ValueError, match=r"line 2 \('1, a'\) is not two numbers"):
        parse_points("0, 0\n1, a\n")
    with pytest.raises(ValueError, match="line 1 .* is not two numbers"):
        parse_points("1, 2, 3")
    with pytest.raises(ValueError, match="no points"):
        parse_points("\n# nothing\n")


# --------------------------------------------------------------------------- empty start
def test_empty_start_shows_the_hint_and_no_run():
    ex = msviz.explore("draw", backend="image")
    assert isinstance(ex, DrawExplorer)
    assert ex.X.shape == (0, 2) and ex.trace is None
    assert ex.errors == [] and ex.messages == ""
    assert ex.cache_info().misses == 0 and ex.cache_info().currsize == 0
    texts = [t.get_text() for t in ex.fig.axes[0].texts]
    assert len(ex.fig.axes) == 1 and any("add a cloud or paste points" in t for t in texts)
    assert "no points yet" in ex.step_label.value
    assert ex.slider.disabled and ex.play.disabled and ex.estimate.disabled
    assert ex.fig.axes[0].get_xlim() == (-10.0, 10.0)
    png = Image.open(__import__("io").BytesIO(ex.surface.png()))
    assert png.size == ex.surface.pixel_size()
    # live canvas: the hint says click
    live = msviz.explore("draw", backend="ipympl")
    assert live.hint is not None and "click to add points" in live.hint


def test_one_point_is_no_run_two_points_are():
    ex = _draw()
    calls = _counting(ex)
    ex.add_points((1.0, 1.0))
    assert ex.trace is None and calls == [] and "add one more" in ex.hint
    assert len(ex.fig.axes[0].collections) == 1  # the one point is drawn
    ex.add_points((1.5, 1.2))
    assert calls == [2] and ex.trace is not None and ex.trace.X.shape == (2, 2)
    assert ex.hint is None and not ex.slider.disabled and ex.errors == []


# --------------------------------------------------------------------------- edits
def test_add_and_remove_points_change_X_the_run_and_the_picture():
    ex = _draw(TWO_CLOUDS)
    before_png, before_trace = ex.canvas.value, ex.trace
    assert ex.view.scene.n_samples == 50
    ex.add_points([[0.0, 6.0], [0.2, 6.1], [0.1, 5.8]])
    assert ex.X.shape == (53, 2) and ex.trace is not before_trace
    np.testing.assert_array_equal(ex.trace.X[-3:], [[0.0, 6.0], [0.2, 6.1], [0.1, 5.8]])
    assert ex.view.scene.n_samples == 53
    assert ex.canvas.value != before_png
    after_add = ex.canvas.value
    ex.remove_points([0, 1, 52])
    assert ex.X.shape == (50, 2) and ex.view.scene.n_samples == 50
    np.testing.assert_array_equal(ex.X[0], TWO_CLOUDS[2])
    assert ex.canvas.value not in (after_add, before_png)


def test_undo_brings_the_same_data_back_from_the_cache():
    ex = _draw(TWO_CLOUDS)
    first = ex.trace
    calls = _counting(ex)
    ex.add_points((10.0, 10.0))
    assert calls == [51]
    hits = ex.cache_info().hits
    assert ex.undo() is True
    assert calls == [51], "Undo must not run mean shift again"
    assert ex.cache_info().hits == hits + 1
    assert ex.trace is first and ex.X.shape == (50, 2)
    assert ex.undo() is False  # nothing left
    ex.undo_button.click()
    assert "nothing to undo" in ex.messages and ex.errors == []


def test_clear_then_undo_and_the_bandwidth_follows_the_data():
    ex = _draw(TWO_CLOUDS)
    h0 = ex.bandwidth.value
    ex.add_points(TWO_CLOUDS * 3)  # a wider data set: a larger suggested h
    assert ex.follow_h.value and ex.bandwidth.value > h0
    assert ex.bandwidth_range[1] > 3 * (TWO_CLOUDS[:, 0].max() - TWO_CLOUDS[:, 0].min())
    ex.clear_button.click()
    assert ex.X.shape == (0, 2) and ex.trace is None and ex.hint is not None
    ex.undo()
    assert ex.X.shape == (100, 2) and ex.trace is not None
    # the learner moves the slider: h stays through the next edit
    ex.bandwidth.value = 1.25
    assert not ex.follow_h.value
    ex.add_points((0.0, 0.0))
    assert ex.trace.bandwidth == pytest.approx(1.25)


def test_a_named_data_set_keeps_its_suggestion_until_edited():
    ex = _draw("blobs")
    suggested = msviz.datasets.info("blobs").bandwidth_for("flat")
    assert ex.trace.bandwidth == pytest.approx(suggested)
    ex.add_points((0.0, 0.0))
    assert ex.trace.bandwidth != pytest.approx(suggested)  # estimated for the new data
    ex.undo()
    assert ex.trace.bandwidth == pytest.approx(suggested)
    ex.dataset.value = "moons"
    assert ex.X.shape == msviz.datasets.load("moons").shape
    ex.undo()
    assert ex.X.shape == msviz.datasets.load("blobs").shape


def test_bad_python_calls_give_clear_errors_and_keep_the_data():
    ex = _draw(TWO_CLOUDS)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        ex.add_points([1, 2, 3])
    with pytest.raises(ValueError, match="not a finite number in row 1"):
        ex.add_points([[0, 0], [np.nan, 1]])
    with pytest.raises(ValueError, match="no point 50: the data have 50 points"):
        ex.remove_points([3, 50])
    with pytest.raises(ValueError, match="whole numbers"):
        ex.remove_points([1.5])
    assert ex.X.shape == (50, 2) and ex._history == []
    with pytest.raises(ValueError, match="2-D data"):
        _draw("iris")
    with pytest.raises(ValueError, match="projection"):
        _draw(projection="pca")
    with pytest.raises(ValueError, match="draw must be True or False"):
        msviz.explore("blobs", draw="yes")
    with pytest.raises(ValueError, match="no points to save"):
        _draw().save_data("never.csv")


# --------------------------------------------------------------------------- inline controls
def test_cloud_button_adds_count_points_around_x_y():
    ex = _draw()
    ex.cloud_x.value, ex.cloud_y.value = 3.0, -2.0
    ex.spread.value, ex.cloud_count.value = 0.5, 40
    ex.add_cloud.click()
    assert ex.X.shape == (40, 2) and ex.errors == []
    np.testing.assert_allclose(ex.X.mean(axis=0), (3.0, -2.0), atol=0.3)
    assert ex.trace is not None and "40 points" in ex.count_label.value


def test_paste_box_good_and_bad_text():
    ex = _draw(TWO_CLOUDS)
    ex.paste.value = "0, 0\n1, a\n"
    ex.paste_button.click()
    assert "line 2 ('1, a') is not two numbers" in ex.messages
    assert ex.paste.value == "0, 0\n1, a\n" and ex.X.shape == (50, 2)  # nothing lost
    ex.paste.value = "0, 0\n1, 1.5\n"
    ex.paste_button.click()
    assert ex.X.shape == (52, 2) and ex.paste.value == ""
    np.testing.assert_array_equal(ex.X[-2:], [[0, 0], [1, 1.5]])
    assert "Oops" not in ex.messages


# --------------------------------------------------------------------------- clicks and drags
def _mouse(ex, kind, xy, key=None):
    ax = ex.fig.axes[0]
    x, y = ax.transData.transform(xy)
    event = MouseEvent(kind, ex.fig.canvas, x, y, button=1, key=key)
    ex.fig.canvas.callbacks.process(kind, event)


def test_clicks_on_the_live_canvas_add_points_where_clicked():
    ex = _draw(backend="ipympl")
    calls = _counting(ex)
    for xy in [(-3.0, 2.0), (4.0, -1.0)]:
        _mouse(ex, "button_press_event", xy)
        _mouse(ex, "button_release_event", xy)
    assert ex.errors == [] and calls == [2]
    np.testing.assert_allclose(ex.X, [[-3.0, 2.0], [4.0, -1.0]], atol=1e-9)
    ax = ex.view.ax
    _mouse(ex, "button_press_event", (0.5, 0.5))
    _mouse(ex, "button_release_event", (0.5, 0.5))
    assert ex.view.ax is ax and ex.X.shape == (3, 2)
    np.testing.assert_allclose(ex.X[-1], (0.5, 0.5), atol=1e-9)
    # the canvas does not jump while drawing: the limits hold the empty axes' box
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 <= -10 and x1 >= 10 and y0 <= -10 and y1 >= 10
    x, y = ax.transData.transform((-9.0, 9.0))  # a click in the corner lands there
    MouseEvent("button_press_event", ex.fig.canvas, x, y, button=1)._process()
    MouseEvent("button_release_event", ex.fig.canvas, x, y, button=1)._process()
    np.testing.assert_allclose(ex.X[-1], (-9.0, 9.0), atol=1e-9)


def test_a_drag_paints_a_cloud_and_runs_once_on_release():
    ex = _draw(TWO_CLOUDS, backend="ipympl")
    ex.spread.value = 0.3
    calls = _counting(ex)
    _mouse(ex, "button_press_event", (-2.0, 4.0))
    for x in np.linspace(-2.0, 2.0, 30):
        _mouse(ex, "motion_notify_event", (x, 4.0))
    assert calls == [] and ex.X.shape == (50, 2), "nothing is run while dragging"
    _mouse(ex, "button_release_event", (2.0, 4.0))
    assert len(calls) == 1 and ex.errors == []
    new = ex.X[50:]
    assert new.shape[0] >= 9 and new.shape[0] % 3 == 0
    assert -3.5 < new[:, 0].min() < new[:, 0].max() < 3.5
    assert abs(new[:, 1].mean() - 4.0) < 0.5
    ex.undo()  # a whole drag is one change
    assert ex.X.shape == (50, 2)


def test_erase_removes_the_nearest_points_shift_click_too():
    ex = _draw(np.array([[0, 0], [0.1, 0.1], [5, 5], [5.2, 5.0], [-5, 5]], float),
               backend="ipympl")
    ex.spread.value = 0.5
    _mouse(ex, "button_press_event", (0.05, 0.05), key="shift")
    assert ex.X.tolist() == [[5, 5], [5.2, 5.0], [-5, 5]]
    ex.draw_mode.value = "erase"
    _mouse(ex, "button_press_event", (-4.0, 4.0))  # none within the spread: the nearest
    assert ex.X.tolist() == [[5, 5], [5.2, 5.0]] and ex.errors == []
    ex.draw_mode.value = "explain"
    _mouse(ex, "button_press_event", (5.2, 5.0))
    assert ex.X.shape == (2, 2) and ex.explain.value and ex.point.value == 1


# --------------------------------------------------------------------------- saving
def test_a_saved_drawing_reads_back_through_the_cli(tmp_path):
    ex = _draw()
    ex.add_points(TWO_CLOUDS)
    path = ex.save_data(tmp_path / "mine.csv")
    assert path.read_text().splitlines()[0] == "x,y"
    np.testing.assert_allclose(np.loadtxt(path, delimiter=",", skiprows=1), ex.X, rtol=1e-11)
    X, names = read_csv(path)
    assert names == ["x", "y"]
    np.testing.assert_allclose(X, ex.X, rtol=1e-11)
    out = tmp_path / "mine.gif"
    assert cli_main(["gif", "--data", str(path), "-o", str(out), "--bandwidth", "2"]) == 0
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.n_frames >= 2
