"""The explorer's "3-D hill" switch: the run as a density hill under the picture."""

from __future__ import annotations

import gc

import matplotlib
import numpy as np
import pytest

import msviz


@pytest.fixture(autouse=True)
def _agg():
    yield
    matplotlib.use("Agg")


def _hill_png(ex) -> bytes:
    return ex._hill.widget.value


def test_the_switch_shows_the_run_as_a_hill_that_follows_the_slider_and_new_runs():
    ex = msviz.explore("blobs", backend="image")
    panel = ex._hill
    children = list(ex.widget.children)
    assert children.index(panel.widget) == children.index(ex.canvas) + 1  # under the picture
    assert panel.widget.layout.display == "none" and not panel.active  # hidden until on
    ex.hill.value = True
    assert ex.errors == []
    assert panel.widget.layout.display is None and panel.active
    assert panel.view.trace is ex.trace and panel.view.step == ex.view.step == 0
    start = _hill_png(ex)
    ex.slider.value = ex.slider.max  # the slider moves the hill's points too
    assert panel.view.step == ex.view.step == len(ex.trace) - 1
    assert _hill_png(ex) != start
    old = ex.trace
    ex.bandwidth.value = 1.5  # a new run: a new hill of it
    assert ex.trace is not old and panel.view.trace is ex.trace
    ex.hill.value = False
    assert not panel.active and panel.widget.layout.display == "none"
    assert panel.surface.fig.axes == []  # the hill's figure is emptied, not kept
    assert ex.errors == []


def test_data_with_more_than_two_features_says_why_there_is_no_hill():
    ex = msviz.explore("iris", backend="image")
    ex.hill.value = True
    assert ex.hill.value is False and not ex._hill.active
    assert ex.errors and "two features" in str(ex.errors[-1])


def test_a_run_that_cannot_be_a_hill_switches_it_off():
    ex = msviz.explore("blobs", backend="image")
    ex.hill.value = True
    ex.kernel.value = "gaussian"  # still a hill
    assert ex._hill.active and ex._hill.view.trace is ex.trace
    ex.set_params(kernel=lambda u: np.exp(-u))  # a bare g(u): no known density
    assert ex.hill.value is False and not ex._hill.active


def test_the_drawing_canvas_drops_the_hill_when_it_has_no_run():
    ex = msviz.explore("blobs", draw=True, backend="image")
    ex.hill.value = True
    assert ex._hill.active
    ex.clear()
    assert ex.hill.value is False and not ex._hill.active and ex.hill.disabled


def test_the_camera_stays_where_the_learner_turned_it_when_the_run_changes():
    ex = msviz.explore("blobs", backend="image")
    ex.hill.value = True
    ex._hill.view.set_camera(elev=60.0, azim=10.0)  # what a drag with the mouse does
    ex.bandwidth.value = 1.5
    assert ex._hill.view.trace is ex.trace and ex._hill.view.camera == (60.0, 10.0)
    ex.hill.value = False
    ex.hill.value = True  # on again: still turned
    assert ex._hill.view.camera == (60.0, 10.0)


def test_a_new_hill_does_not_leave_the_old_one_listening_to_the_mouse():
    ex = msviz.explore("blobs", backend="image")
    canvas = ex._hill.surface.fig.canvas
    before = {name: len(canvas.callbacks.callbacks.get(name, {}))
              for name in ("button_press_event", "motion_notify_event")}
    ex.hill.value = True
    for h in (1.5, 2.0, 2.5):
        ex.bandwidth.value = h
    gc.collect()  # matplotlib holds bound methods weakly: gone with their hill
    after = {name: len(canvas.callbacks.callbacks.get(name, {})) for name in before}
    # one hill's drag handlers (and mplot3d's own), not one set per run
    ex.hill.value = False
    gc.collect()
    off = {name: len(canvas.callbacks.callbacks.get(name, {})) for name in before}
    assert off == before
    assert all(after[name] - before[name] <= 2 for name in before), (before, after)


# ------------------------------------------------------------- compare(view="hill")

def _event(canvas, name: str, x: float, y: float):
    from matplotlib.backend_bases import MouseEvent

    event = MouseEvent(name, canvas, x, y, button=1)
    canvas.callbacks.process(name, event)


def test_compare_draws_every_run_as_a_hill_on_one_density_axis():
    cmp = msviz.compare("blobs", [{"bandwidth": 1.5}, {"bandwidth": 3.0}], view="hill",
                        backend="image")
    assert all(isinstance(v, msviz.HillView) for v in cmp.views)
    assert all(v.ax.name == "3d" for v in cmp.views)
    tops = [v.ax.get_zlim()[1] for v in cmp.views]
    # the narrower bandwidth makes the taller hill, and both share its height
    tallest = max(float(v.scene.zlim[1]) for v in cmp.views)
    assert tops == [tallest, tallest] and cmp.views[0].scene.zlim[1] > cmp.views[1].scene.zlim[1]
    assert all(v.surface.norm.vmax == tallest for v in cmp.views)
    cmp.slider.value = cmp.slider.max  # one slider moves every hill; shorter runs hold
    for view, trace in zip(cmp.views, cmp.traces, strict=True):
        assert view.step == len(trace) - 1
        on_hill = view.scene.points(view.step)
        # the density path is float32: one unit in its last place
        np.testing.assert_allclose(on_hill[:, 2], trace.density(on_hill[:, :2]),
                                   rtol=2.0**-23)
    assert cmp.errors == []


def test_a_drag_on_one_hill_turns_every_hill_together():
    cmp = msviz.compare("blobs", [{"bandwidth": 1.5}, {"bandwidth": 3.0}], view="hill",
                        backend="image")
    first, second = cmp.views
    canvas = cmp.fig.canvas
    canvas.draw()
    box = first.ax.bbox
    x, y = box.x0 + 0.5 * box.width, box.y0 + 0.5 * box.height
    _event(canvas, "button_press_event", x, y)
    _event(canvas, "motion_notify_event", x + 0.25 * box.width, y)
    _event(canvas, "button_release_event", x + 0.25 * box.width, y)
    assert first.camera != (26.0, -62.0)  # the dragged hill turned
    assert second.camera == first.camera  # and the other with it


def test_compare_hill_says_what_cannot_be_a_hill():
    X = msviz.datasets.load("iris")
    with pytest.raises(ValueError, match=r"run 1: .*one or two features.*view='plane'"):
        msviz.compare(X, [{"bandwidth": 1.0}], view="hill", backend="image")
    with pytest.raises(ValueError, match="view must be one of 'plane', 'hill'"):
        msviz.compare("blobs", [{}], view="3d", backend="image")
    with pytest.raises(ValueError, match="drop projection="):
        msviz.compare("blobs", [{}], view="hill", projection="pca", backend="image")


def test_compare_hill_of_one_feature_is_the_density_curve():
    X = np.r_[np.linspace(-3, -1, 20), np.linspace(2, 4, 20)][:, None]
    cmp = msviz.compare(X, [{"bandwidth": 1.0}, {"bandwidth": 2.0}], view="hill",
                        backend="image")
    assert all(v.flat is not None and v.ax.name != "3d" for v in cmp.views)
    cmp.slider.value = cmp.slider.max
    assert [v.step for v in cmp.views] == [len(t) - 1 for t in cmp.traces]
