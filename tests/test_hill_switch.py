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
