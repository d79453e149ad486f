"""Explorer and lesson-widget details a learner pass in Chromium found (issue 10).

Set widget values from Python and check what the browser will be given, without a
browser (the browser tests in tests/browser check the same things in Chromium).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import msviz  # noqa: E402


def _explorer(data="blobs", **params):
    params.setdefault("backend", "image")
    return msviz.explore(data, **params)


def test_a_new_run_length_gives_the_browser_a_new_step_slider():
    """The step slider leaves its row and comes back when the last step changes.

    The browser's slider (noUiSlider) keeps its first range for End and Home; only a
    new slider view has the new one (issue 10: End went to a stale step).
    """
    ex = _explorer()
    row = ex.widget.children[0]
    seen = []
    row.observe(lambda change: seen.append(ex.slider in change["new"]), names="children")
    last = ex.slider.max
    ex.dataset.value = "moons"
    assert ex.slider.max != last and ex.play.max == ex.slider.max
    assert seen == [False, True] and ex.slider in row.children
    seen.clear()
    ex.layer_toggles["trails"].value = False  # same run: the slider stays put
    assert seen == []


def test_explorer_starts_at_the_data_sets_bandwidth_for_its_kernel():
    ex = _explorer("moons", kernel="gaussian")
    h = msviz.datasets.info("moons").bandwidth_for("gaussian")
    assert ex.bandwidth.value == pytest.approx(h) and ex.trace.n_clusters > 1
    ex.dataset.value = "blobs"  # a new data set: its value for the kernel shown
    blobs = msviz.datasets.info("blobs").bandwidth_for("gaussian")
    assert ex.bandwidth.value == pytest.approx(blobs)


@pytest.mark.parametrize("shift", [5, 0, 100, 2.25, -3])
def test_ring_weights_shift_lies_on_the_browser_sliders_grid(shift):
    """noUiSlider snaps to min + k * step: a start off that grid is moved (5 -> 5.134)."""
    X0 = msviz.datasets.load("blobs")
    rw = msviz.explore_ring_weights(X0, shift=shift, backend="image")
    s = rw.shift
    for value in (s.value, 0.0, float(shift)):
        k = (value - s.min) / s.step
        assert abs(k - round(k)) < 1e-9, (value, s.min, s.step)
    assert s.value == shift and rw.picture.shift == shift
    assert s.min <= 0 < s.max and s.max >= 100


def test_a_layer_the_run_cannot_show_is_not_pressed():
    """Issue 10: a disabled "basins" toggle kept its tick and pressed look."""
    ex = _explorer()
    basins = ex.layer_toggles["basins"]
    assert basins.disabled and basins.value is False and basins.icon == ""
    assert ex.errors == []
    ex.seeds.value = "grid"  # basins become available: offered at their default, on
    assert not basins.disabled and basins.value is True and basins.icon == "check"
    assert "basins" in ex.view.layers
    ex.seeds.value = "samples"
    assert basins.disabled and basins.value is False and ex.errors == []


def test_the_explain_box_key_is_the_colour_of_the_ring_it_names():
    from msviz.draw import style as S

    ex = _explorer()
    ex.choose_point(0)
    html = ex.explain_text.value
    assert "purple ring" in html
    key = html[: html.index("In the picture")]
    assert S.INSPECT_DARK in key[-120:] and S.VERMILLION not in key[-120:]


def test_layers_given_as_one_comma_separated_string_are_the_layers_named():
    ex = msviz.explore("blobs", layers="data,points", backend="image")
    assert sorted(n for n, t in ex.layer_toggles.items() if t.value) == ["data", "points"]
    assert sorted(ex.view.layers) == ["data", "points"]
