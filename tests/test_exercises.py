"""The exercise checkers: right answers pass, typical wrong ones fail for the right reason."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import msviz  # noqa: E402
from msviz import exercises  # noqa: E402
from msviz.course.classic import removal_marks  # noqa: E402
from msviz.course.exercises import (  # noqa: E402
    CheckResult,
    check_converged,
    check_kernel,
    check_merge,
    check_step,
    learner_kernel_trace,
    learner_step_trace,
    solutions,
)

S = solutions


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def sorted_rows(a):
    a = np.asarray(a, float)
    return a[np.lexsort(a.T[::-1])]


def drawn_points(view):
    """Every moving point the view draws now (moving, stopped or empty)."""
    offsets = [np.asarray(a.get_offsets(), float).reshape(-1, 2) for a in view.artists("points")]
    return sorted_rows(np.concatenate(offsets))


# --------------------------------------------------------------------------- right answers


@pytest.mark.parametrize(
    "check, fn, kwargs",
    [
        (check_kernel, S.kernel_flat, {}),
        (check_kernel, S.kernel_gaussian, {"kind": "gaussian"}),
        (check_kernel, S.kernel_epanechnikov, {"kind": "epanechnikov"}),
        (check_step, S.step, {}),
        (check_step, S.step_gaussian, {"kind": "gaussian"}),
        (check_converged, S.converged, {}),
        (check_merge, S.merge, {}),
    ],
)
def test_reference_solutions_pass(check, fn, kwargs):
    result = check(fn, **kwargs)
    assert result.passed, result.message
    assert bool(result) and result.failed is None
    assert result.message.startswith("✓") and f"all {result.n_cases} cases" in result.message
    assert all(c.passed and c.problem == "" for c in result.cases)
    assert result.n_cases >= 6


def test_other_correct_solutions_pass():
    # Vectorised, boolean weights, lists, a normalised Gaussian, averaging merge, one bool.
    def step(points, X, bandwidth):
        P = np.asarray(points, float)
        D = np.asarray(X, float)
        w = (np.linalg.norm(P[:, None] - D[None], axis=2) <= bandwidth).astype(float)
        return (w @ D / w.sum(axis=1, keepdims=True)).tolist()

    def merge(centers, bandwidth):
        C = np.asarray(centers, float)
        used = np.zeros(len(C), bool)
        out = []
        for i in range(len(C)):
            if not used[i]:
                near = (np.linalg.norm(C - C[i], axis=1) <= bandwidth) & ~used
                used |= near
                out.append(tuple(C[near].mean(axis=0)))
        return out

    assert check_step(step).passed
    assert check_merge(merge).passed
    assert check_kernel(lambda u: u <= 1).passed
    assert check_converged(
        lambda old, new, h, tol: bool(np.all(np.linalg.norm(new - old, axis=1) <= tol * h))
    ).passed
    scaled = check_kernel(lambda u: np.exp(-u / 2) / math.sqrt(2 * math.pi), kind="gaussian")
    assert scaled.passed
    assert "0.3989" in scaled.note and "cancels" in scaled.note


def test_solutions_agree_with_the_engine_on_larger_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    with pytest.warns(msviz.ConvergenceWarning):
        trace = msviz.run_mean_shift(X, bandwidth=0.8, max_iter=1, seeds=X[:50])
    np.testing.assert_allclose(S.step(X[:50], X, 0.8), trace.positions[1], atol=1e-12)


# --------------------------------------------------------------------------- step mistakes


def _step_old_plus_mean(points, X, bandwidth):
    return np.asarray(points, float) + S.step(points, X, bandwidth)


def _step_no_normalisation(points, X, bandwidth):
    P, D = np.asarray(points, float), np.asarray(X, float)
    out = np.empty_like(P)
    for i, x in enumerate(P):
        inside = np.sum((D - x) ** 2, axis=1) <= bandwidth**2
        out[i] = D[inside].sum(axis=0)
    return out


def _step_strict(points, X, bandwidth):
    P, D = np.asarray(points, float), np.asarray(X, float)
    out = np.empty_like(P)
    for i, x in enumerate(P):
        inside = np.linalg.norm(D - x, axis=1) < bandwidth
        out[i] = D[inside].mean(axis=0)
    return out


def _step_in_place(points, X, bandwidth):
    for i, x in enumerate(points):
        inside = np.linalg.norm(X - x, axis=1) <= bandwidth
        points[i] = X[inside].mean(axis=0)
    return points


def _step_article_int(points, X, bandwidth):
    new = np.zeros_like(points)  # int for int input: the article's bug
    for i, x in enumerate(points):
        w = (np.linalg.norm(X - x, axis=1) <= bandwidth).astype(float)
        for j in range(len(X)):
            new[i] += w[j] * X[j]
        new[i] /= w.sum()
    return new


def _step_raises(points, X, bandwidth):
    total = 0
    scale = 1 / total
    return points * scale


def _step_gaussian_no_half(points, X, bandwidth):
    P, D = np.asarray(points, float), np.asarray(X, float)
    w = np.exp(-np.sum((P[:, None] - D[None]) ** 2, axis=2) / bandwidth**2)
    return w @ D / w.sum(axis=1, keepdims=True)


@pytest.mark.parametrize(
    "fn, kind, words",
    [
        (_step_old_plus_mean, "flat", ["old point plus the weighted mean",
                                       "should return the weighted mean itself"]),
        (_step_no_normalisation, "flat", ["did not divide", "sum instead of a mean"]),
        (_step_strict, "flat", ["exactly h", "< instead of <="]),
        (_step_in_place, "flat", ["changed `points` in place", "new array"]),
        (_step_article_int, "flat", ["integer input", "UFuncTypeError", "float"]),
        (_step_raises, "flat", ["raised ZeroDivisionError", "scale = 1 / total"]),
        (lambda p, X, h: np.asarray(p, float) / 0.0, "flat", ["inf", "0 / 0"]),
        (lambda p, X, h: S.step(p, X, h).T, "flat", ["shape", "transposed"]),
        (lambda p, X, h: S.step(p, X, h) * np.nan, "flat", ["NaN", "0 / 0"]),
        (lambda p, X, h: None, "flat", ["returned None", "return"]),
        (lambda p, X, h: "done", "flat", ["not numbers"]),
        (lambda p, X, h: S.step(X, X, h), "flat", ["one row per sample of X"]),
        (lambda p, X, h: S.step(p, p, h), "flat", ["instead of the data X", "blurring"]),
        (lambda p, X, h: S.step(p, X, math.sqrt(h)), "flat", ["wrong size", "h²"]),
        (lambda p, X, h: S.step_gaussian(p, X, h), "flat", ["Gaussian weights",
                                                             "flat kernel"]),
        (_step_gaussian_no_half, "gaussian", ["no ½"]),
        (lambda p, X, h: S.step(p, X, h), "gaussian", ["flat weights"]),
    ],
)
def test_step_mistakes_are_explained(fn, kind, words):
    result = check_step(fn, kind=kind)
    assert not result.passed
    assert result.message.startswith("✗ check_step: case ")
    for word in words:
        assert word in result.message, (word, result.message)
    # The first failing case is the one reported, with its data.
    case = result.failed
    assert case is not None and case.problem in result.message
    assert "points" in case.inputs and "X" in case.inputs


def test_step_integer_truncation_is_explained():
    def step(points, X, bandwidth):
        new = np.zeros_like(points)
        for i, x in enumerate(points):
            new[i] = X[np.linalg.norm(X - x, axis=1) <= bandwidth].mean(axis=0)
        return new

    result = check_step(step)
    assert "integer input" in result.message and "whole numbers" in result.message
    assert "int64" in result.failed.name


def test_step_generic_mistake_names_the_point():
    result = check_step(lambda p, X, h: S.step(p, X, h) + 0.01)
    assert "Point 0 starts at" in result.message and "your step gave" in result.message


# --------------------------------------------------------------------------- converged mistakes


@pytest.mark.parametrize(
    "fn, words",
    [
        (lambda old, new, h, tol: np.linalg.norm(new - new, axis=1) <= tol * h,
         ["compare the new positions with themselves", "article's bug"]),
        (lambda old, new, h, tol: True, ["themselves"]),
        (lambda old, new, h, tol: np.linalg.norm(new - old, axis=1) <= tol,
         ["threshold is tol itself", "tol x bandwidth"]),
        (lambda old, new, h, tol: np.all(new == old, axis=1), ["exact equality"]),
        (lambda old, new, h, tol: np.array_equal(new, old), ["exact equality"]),
        (lambda old, new, h, tol: np.linalg.norm(new - old, axis=1) < tol * h, ["use <="]),
        (lambda old, new, h, tol: np.sum((new - old) ** 2, axis=1) <= tol * h,
         ["squared shift"]),
        (lambda old, new, h, tol: np.max(np.abs(new - old), axis=1) <= tol * h,
         ["each coordinate on its own"]),
        (lambda old, new, h, tol: np.abs(new - old) <= tol * h, ["one answer per coordinate"]),
        (lambda old, new, h, tol: np.linalg.norm(new - old, axis=1),
         ["numbers, not True/False"]),
        (lambda old, new, h, tol: np.linalg.norm(new - old, axis=1) > tol * h,
         ["wrong way round"]),
        (lambda old, new, h, tol: np.zeros(len(old), bool), ["never says converged"]),
    ],
)
def test_converged_mistakes_are_explained(fn, words):
    result = check_converged(fn)
    assert not result.passed
    for word in words:
        assert word in result.message, (word, result.message)


# --------------------------------------------------------------------------- kernel mistakes


def _kernel_with_if(u):
    if u <= 1:
        return 1.0
    return 0.0


@pytest.mark.parametrize(
    "fn, kind, words",
    [
        (lambda u: (u < 1).astype(float), "flat", ["At u = 1", "u <= 1, not u < 1"]),
        (lambda u: 1.0 - u, "flat", ["negative"]),
        (lambda u: np.where(u <= 1, 1.0, -1.0), "flat", ["negative weight"]),
        (lambda u: (u > 1).astype(float), "flat", ["wrong way round"]),
        (lambda u: np.exp(-u), "gaussian", ["no ½", "exp(-u / 2)"]),
        (lambda u: np.exp(-0.5 * u**2), "gaussian", ["squared u again"]),
        (lambda u: math.exp(-u / 2), "gaussian", ["TypeError", "np.exp"]),
        (_kernel_with_if, "flat", ["truth value", "np.where"]),
        (lambda u: float(np.sum(u <= 1)), "flat", ["shape", "single number"]),
        (lambda u: np.full(np.shape(u), np.nan), "flat", ["NaN at u = 0"]),
        (lambda u: np.ones(3), "gaussian", ["shape (3,)"]),
        (lambda u: np.exp(-0.5 * u) * (u <= 4), "gaussian", ["At u = 9"]),
    ],
)
def test_kernel_mistakes_are_explained(fn, kind, words):
    result = check_kernel(fn, kind=kind)
    assert not result.passed
    for word in words:
        assert word in result.message, (word, result.message)


def test_kernel_that_changes_its_input():
    def kernel(u):
        u *= -0.5
        np.exp(u, out=u)
        return u

    result = check_kernel(kernel, kind="gaussian")
    assert not result.passed and "in place" in result.message


def test_unwritten_exercise():
    def step(points, X, bandwidth):
        raise NotImplementedError

    result = check_step(step)
    assert "not written yet" in result.message


# --------------------------------------------------------------------------- merge mistakes


def _merge_lesson(centers, bandwidth):
    uniq = np.unique(centers, axis=0)
    removed, _ = removal_marks(uniq, bandwidth)
    return uniq[~removed]


def _merge_delete_close(centers, bandwidth):
    C = np.unique(centers, axis=0)
    keep = []
    for i, c in enumerate(C):
        d = np.linalg.norm(C - c, axis=1)
        d[i] = np.inf
        if d.min() > bandwidth:
            keep.append(c)
    return np.array(keep).reshape(-1, C.shape[1])


@pytest.mark.parametrize(
    "fn, words",
    [
        (_merge_lesson, ["deleted both centres", "lesson's pruning rule", "keep ONE"]),
        (_merge_delete_close, ["vanished", "keep ONE"]),
        (lambda c, h: c, ["Nothing was merged"]),
        (lambda c, h: np.unique(c, axis=0), ["only exact duplicates"]),
        (lambda c, h: S.merge(c, h / 4), ["apart, within the bandwidth", "must merge"]),
        (lambda c, h: S.merge(c, 3 * h), ["more than one bandwidth apart"]),
        (lambda c, h: S.merge(c, h).ravel(), ["shape"]),
        (lambda c, h: c[0] / 0.0 * np.ones_like(c), ["NaN or inf"]),
        (lambda c, h: [], ["no centres"]),
        (lambda c, h: S.merge(c, h) + 3.0, ["not near any of the given centres"]),
        (lambda c, h: {"a": 1}, ["not an array of centres"]),
    ],
)
def test_merge_mistakes_are_explained(fn, words):
    result = check_merge(fn)
    assert not result.passed
    for word in words:
        assert word in result.message, (word, result.message)


def test_merge_that_sorts_its_input():
    def merge(centers, bandwidth):
        centers.sort(axis=0)
        return S.merge(centers, bandwidth)

    result = check_merge(merge)
    assert not result.passed and "in place" in result.message


# --------------------------------------------------------------------------- never crashes


class _Weird:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array for you")


@pytest.mark.parametrize("check", [check_kernel, check_step, check_converged, check_merge])
@pytest.mark.parametrize(
    "value",
    [None, "text", 3 + 4j, {"a": 1}, _Weird(), [[1, 2], [3]], (x for x in range(3)), Ellipsis],
)
def test_checkers_never_crash(check, value):
    result = check(lambda *args: value)
    assert isinstance(result, CheckResult) and not result.passed
    assert repr(result) and result._repr_html_()


@pytest.mark.parametrize("check", [check_kernel, check_step, check_converged, check_merge])
def test_not_a_function(check):
    result = check(42)
    assert not result.passed and "an int" in result.message and "without parentheses" in (
        result.message
    )


@pytest.mark.parametrize(
    "check, fn, words",
    [
        (check_step, lambda points, X: points, ["takes (points, X)", "step(points, X, bandwidth)"]),
        (check_kernel, lambda u, h: u, ["kernel(u)"]),
        (check_converged, lambda old, new: True, ["converged(old, new, bandwidth, tol)"]),
        (check_merge, lambda centers: centers, ["merge(centers, bandwidth)"]),
    ],
)
def test_wrong_parameters_are_explained(check, fn, words):
    result = check(fn)
    assert not result.passed
    for word in words:
        assert word in result.message
    # Defaults and *args are fine.
    assert check_step(lambda points, X, bandwidth, extra=1: S.step(points, X, bandwidth)).passed
    assert check_kernel(lambda *args: S.kernel_flat(args[0])).passed


def test_any_exception_is_reported():
    # Even exceptions outside the usual hierarchy of mistakes are caught (Exception).
    def step(points, X, bandwidth):
        raise KeyError("bandwidth")

    result = check_step(step)
    assert "KeyError: 'bandwidth'" in result.message


# --------------------------------------------------------------------------- rendering


def test_text_and_html_render():
    good = check_step(S.step)
    assert repr(good).startswith("✓ check_step") and "cases: ✓✓" in repr(good)
    html = good._repr_html_()
    assert "✓ check_step" in html and "#1b7837" in html

    bad = check_step(_step_old_plus_mean)
    text = repr(bad)
    assert "input:" in text and "expected:" in text and "got:" in text
    assert "points = [[ 1.,  2.]," in text
    html = bad._repr_html_()
    assert "✗ check_step" in html and "<table" in html and "#b2182b" in html
    assert "old point plus the weighted mean" in html
    # Escaped: no raw "<" from the learner's data or messages breaks the HTML.
    strict = check_step(_step_strict)._repr_html_()
    assert "&lt; instead of &lt;=" in strict


# --------------------------------------------------------------------------- pictures


def test_comparison_artists_match_the_learners_trace(tmp_path):
    result = check_step(_step_old_plus_mean)
    comp = result.comparison()
    learner, reference = comp.learner, comp.reference
    X = learner.X
    # The learner's run: the samples, then one update (NaN at the second: empty windows).
    np.testing.assert_allclose(learner.positions[1], X + S.step(X, X, 1.5))
    assert len(learner) == 2 and comp.failed and learner.n_clusters == 0
    assert "NaN" in comp.note and "left the data" in comp.note
    assert comp.n_frames == len(reference) > 2
    mine, ref_view = comp.views
    for k in range(comp.n_frames):
        changed = comp.show_step(k)
        for view, trace in ((mine, learner), (ref_view, reference)):
            assert all(a in changed for a in view.artists("points"))
            np.testing.assert_allclose(
                drawn_points(view), sorted_rows(trace.positions[min(k, len(trace) - 1)])
            )
    # Both panels draw the windows of the same points, at the same scale.
    np.testing.assert_array_equal(mine.scene.highlight, ref_view.scene.highlight)
    assert mine.ax.get_xlim() == ref_view.ax.get_xlim()
    path = comp.save(tmp_path / "old_plus_mean.png", step=1)
    assert path.stat().st_size > 10_000


def test_correct_step_animates_like_the_reference():
    comp = check_step(S.step).comparison()
    assert comp.note == "" and not comp.failed
    ref = comp.reference
    n = min(len(comp.learner), len(ref))
    np.testing.assert_allclose(comp.learner.positions[:n], ref.positions[:n], atol=1e-9)
    np.testing.assert_allclose(comp.learner.cluster_centers, ref.cluster_centers, atol=1e-6)
    np.testing.assert_array_equal(comp.learner.labels, ref.labels)
    anim = check_step(S.step).animate(interval=50)
    from matplotlib.animation import FuncAnimation

    assert isinstance(anim, FuncAnimation)
    frames = list(anim.new_frame_seq())
    assert len(frames) == max(len(comp.learner), len(ref))
    page = anim.to_jshtml(default_mode="once")  # what a notebook shows
    # every frame once, and the first again in the <img> (shown before any script runs)
    assert page.count("data:image/png;base64") == len(frames) + 1
    assert len(re.findall(r"frames\[\d+\] = ", page)) == len(frames)


def test_kernel_comparison():
    result = check_kernel(lambda u: np.exp(-u), kind="gaussian")
    comp = result.comparison()
    assert comp.learner.n_clusters >= 1 and comp.note == ""
    # The learner's kernel ran through the engine: same data, different path.
    np.testing.assert_array_equal(comp.learner.X, comp.reference.X)
    fig = result.show()
    assert len(fig.axes) == 2
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "no ½" in texts

    broken = check_kernel(lambda u: -np.ones_like(u)).comparison()
    assert len(broken.learner) == 1 and "negative" in broken.note and broken.failed


def test_learner_step_trace_stops_on_trouble():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [6.0, 5.0]])
    trace, note = learner_step_trace(lambda p, X, h: 10 * p + 1, X, bandwidth=1.5)
    assert "far outside the data" in note and len(trace) == 2
    trace, note = learner_step_trace(lambda p, X, h: 1 / 0, X, bandwidth=1.5)
    assert "ZeroDivisionError" in note and len(trace) == 1

    def wobble(points, X, bandwidth):  # never settles
        return points + 0.01 * (-1) ** np.arange(points.size).reshape(points.shape)

    trace, note = learner_step_trace(wobble, X, bandwidth=1.5, max_steps=5)
    assert "still moving after 5 updates" in note and len(trace) == 6
    assert trace.n_clusters >= 1 and not trace.converged
    trace, note = learner_step_trace(lambda p, X, h: p[:1], X, bandwidth=1.5)
    assert "shape" in note and len(trace) == 1
    trace, note = learner_step_trace(S.step, X, bandwidth=1.5)
    assert note == "" and trace.converged and trace.n_clusters == 2


def test_learner_kernel_trace():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [6.0, 5.0]])
    trace, note = learner_kernel_trace(S.kernel_flat, X, bandwidth=1.5)
    assert note == "" and trace.n_clusters == 2
    trace, note = learner_kernel_trace(lambda u: math.exp(u), X, bandwidth=1.5)
    assert "TypeError" in note and len(trace) == 1


def test_comparison_is_a_surface_not_a_pyplot_figure():
    import ipywidgets

    from msviz.interact.surface import Surface

    comp = check_step(S.step).comparison()
    assert plt.get_fignums() == []  # nothing left in pyplot for a notebook to show twice
    assert isinstance(comp.surface, Surface) and comp.fig is comp.surface.fig
    assert isinstance(comp.widget, ipywidgets.Image)
    bundle = comp._repr_mimebundle_()  # what Jupyter shows: the surface's widget
    assert "application/vnd.jupyter.widget-view+json" in bundle
    first = bytes(comp.widget.value)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    comp.show_step(-1)  # on screen: the picture follows
    assert bytes(comp.widget.value) != first
    comp.close()


def test_only_step_and_kernel_animate():
    with pytest.raises(ValueError, match="only the step and kernel"):
        check_merge(S.merge).comparison()




def test_import_loads_no_matplotlib():
    code = (
        "import sys; from msviz import exercises as e; e.check_step(e.solutions.step); "
        "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
    assert msviz.exercises is exercises


def test_merge_into_an_empty_list_names_the_article_bug():
    def merge(centers, bandwidth):
        clusters = []
        for c in centers:
            d = np.linalg.norm(np.array(clusters) - c, axis=-1)  # empty at first
            if not np.any(d < bandwidth):
                clusters.append(c)
        return np.array(clusters)

    result = check_merge(merge)
    assert not result.passed
    assert "empty" in result.message and "article" in result.message


def test_comparison_says_a_raised_error_once():
    def step(points, X, bandwidth):
        raise NotImplementedError("write your step here")

    comparison = check_step(step).comparison()
    texts = [t.get_text() for t in comparison.fig.texts]
    assert sum("NotImplementedError" in t for t in texts) == 1


# --------------------------------------------------------------------------- a registered kernel


@pytest.fixture
def triweight():
    def weight(u):
        return np.clip(1.0 - u, 0.0, None) ** 2

    kernel = msviz.register_kernel(msviz.Kernel("triweight", weight, 1.0, label="triweight"))
    try:
        yield kernel
    finally:
        del msviz.KERNELS["triweight"]


def _triweight_step(points, X, bandwidth):
    points, X = np.asarray(points, float), np.asarray(X, float)
    u = np.sum((points[:, None, :] - X[None, :, :]) ** 2, axis=2) / bandwidth**2
    w = np.maximum(1.0 - u, 0.0) ** 2
    return w @ X / w.sum(axis=1, keepdims=True)


def test_a_registered_kernel_is_offered_by_the_exercises(triweight):
    # The kernel exercise compares with the registered kernel's weight, named by its label.
    result = check_kernel(lambda u: np.maximum(1.0 - u, 0.0) ** 2, kind="triweight")
    assert result.passed and "your triweight kernel" in result.message
    flat = check_kernel(S.kernel_flat, kind="triweight")
    assert not flat.passed
    assert "That is the flat kernel; the exercise asks for the triweight kernel" in flat.message
    # The step exercise runs the engine with it.
    assert check_step(_triweight_step, kind="triweight").passed
    wrong = check_step(S.step, kind="triweight")
    assert not wrong.passed and "You used flat weights" in wrong.message
    with pytest.raises(ValueError, match="'triweight'"):  # the names come from msviz.KERNELS
        check_step(_triweight_step, kind="quartic")
    # The picture records and names it.
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 0.5], [5.0, 5.0], [6.0, 5.0], [5.5, 5.6]])
    trace, note = learner_step_trace(_triweight_step, X, bandwidth=2.0, kind="triweight")
    assert note == "" and trace.kernel is triweight and trace.n_clusters == 2
    comp = check_step(_triweight_step, kind="triweight").comparison()
    assert comp.reference.kernel is triweight and comp.note == ""
    assert comp.views[1].ax.get_title(loc="left") == "Reference: msviz, triweight kernel"
    comp.close()


@pytest.mark.parametrize("which", ["kernel", "step"])
def test_a_comparison_tells_a_raised_error_once_and_points_only_to_a_note_it_shows(which):
    def unwritten(*args):
        raise NotImplementedError("write this function")

    check = exercises.check_kernel if which == "kernel" else exercises.check_step
    comp = check(unwritten).comparison()
    try:
        texts = [t.get_text() for t in comp.fig.texts]
        assert sum("NotImplementedError" in t for t in texts) == 1, texts
        title = comp.views[0].ax.get_title(loc="left")
        assert ("see the note below" in title) == any(t.startswith("Note:") for t in texts)
    finally:
        comp.close()


def test_a_placeholder_is_not_written_yet_not_a_red_failure():
    """Issue 10: 06 opened as a wall of red crosses before anything was written."""
    def step(points, X, bandwidth):
        raise NotImplementedError("write your step here")

    result = exercises.check_step(step)
    assert not result.passed
    assert result.message.startswith("○ check_step: not written yet.")
    assert "✗" not in repr(result) and "expected" not in repr(result)
    html = result._repr_html_()
    assert "#b2182b" not in html and "✗" not in html and "not written yet" in html

    def wrong(points, X, bandwidth):
        raise ZeroDivisionError("oops")

    assert exercises.check_step(wrong).message.startswith("✗ check_step: case 1 of")
