"""The explorer's "3-D hill" switch: the run as a density hill under the picture."""

from __future__ import annotations

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
    n_children = len(ex.widget.children)
    ex.hill.value = True
    assert ex.errors == []
    panel = ex._hill
    children = list(ex.widget.children)
    assert len(children) == n_children + 1
    assert children.index(panel.widget) == children.index(ex.canvas) + 1  # under the picture
    assert panel.view.trace is ex.trace and panel.view.step == ex.view.step == 0
    start = _hill_png(ex)
    ex.slider.value = ex.slider.max  # the slider moves the hill's points too
    assert panel.view.step == ex.view.step == len(ex.trace) - 1
    assert _hill_png(ex) != start
    old = ex.trace
    ex.bandwidth.value = 1.5  # a new run: a new hill of it
    assert ex.trace is not old and panel.view.trace is ex.trace
    ex.hill.value = False
    assert ex._hill is None and len(ex.widget.children) == n_children
    assert ex.errors == []


def test_data_with_more_than_two_features_says_why_there_is_no_hill():
    ex = msviz.explore("iris", backend="image")
    ex.hill.value = True
    assert ex.hill.value is False and ex._hill is None
    assert ex.errors and "two features" in str(ex.errors[-1])


def test_a_run_that_cannot_be_a_hill_switches_it_off():
    ex = msviz.explore("blobs", backend="image")
    ex.hill.value = True
    ex.kernel.value = "gaussian"  # still a hill
    assert ex._hill is not None and ex._hill.view.trace is ex.trace
    ex.set_params(kernel=lambda u: np.exp(-u))  # a bare g(u): no known density
    assert ex.hill.value is False and ex._hill is None


def test_the_drawing_canvas_drops_the_hill_when_it_has_no_run():
    ex = msviz.explore("blobs", draw=True, backend="image")
    ex.hill.value = True
    assert ex._hill is not None
    ex.clear()
    assert ex.hill.value is False and ex._hill is None and ex.hill.disabled
