"""The step exercise: ``step(points, X, bandwidth) -> new_points``, checked and explained."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from msviz.course.exercises._checking import (
    Case,
    CheckResult,
    _as_array,
    _call,
    _close,
    _fmt,
    _kernel_key,
    _kernel_label,
    _not_callable,
    _safe_shape,
    _verdict,
)
from msviz.engine import ConvergenceWarning, iter_mean_shift
from msviz.engine._types import FloatArray
from msviz.engine.kernels import KERNELS

__all__ = ["check_step"]


def _step_cases(kind: str) -> list[tuple[str, dict[str, Any]]]:
    rng = np.random.default_rng(7)
    five = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], dtype=np.float64)
    blobs = np.concatenate(
        [rng.normal([0.0, 0.0], 0.6, (12, 2)), rng.normal([4.0, 1.0], 0.6, (12, 2))]
    ).round(3)
    inside = np.array([[0.2, -0.1], [3.5, 1.4], [1.0, 0.5]])
    small = np.array([[0, 0], [1, 0], [0, 1], [6, 6], [7, 6], [6, 8]], dtype=np.float64)
    # A window that holds samples for a compact kernel; a narrower Gaussian-like one.
    h_blob = 1.5 if KERNELS[kind].compact else 0.8
    cases: list[tuple[str, dict[str, Any]]] = [
        ("the article's five points, bandwidth 3",
         {"points": five.copy(), "X": five.copy(), "bandwidth": 3.0}),
    ]
    if kind == "flat":
        cases.append(
            ("a sample exactly one bandwidth away",
             {"points": np.array([[0.0, 0.0], [5.0, 0.0]]),
              "X": np.array([[0.0, 0.0], [2.0, 0.0], [5.0, 0.0]]), "bandwidth": 2.0})
        )
    cases += [
        ("moving points that are not samples",
         {"points": inside, "X": blobs, "bandwidth": h_blob}),
        ("two little groups, as floats",
         {"points": small.copy(), "X": small.copy(), "bandwidth": 2.0}),
        ("the same two groups as integers (dtype int64)",
         {"points": small.astype(np.int64), "X": small.astype(np.int64), "bandwidth": 2}),
        ("random blobs",
         {"points": np.concatenate([blobs[::3], blobs[:4] + 0.3]), "X": blobs,
          "bandwidth": h_blob}),
        ("one feature",
         {"points": np.array([[0.5], [6.0], [2.0]]),
          "X": np.array([[0.0], [0.4], [1.0], [2.2], [5.5], [6.1], [6.6], [3.0]]),
          "bandwidth": 1.2}),
        ("three features",
         {"points": (rng.normal(0.0, 1.0, (6, 3))).round(3),
          "X": rng.normal(0.0, 1.0, (30, 3)).round(3), "bandwidth": 1.5}),
    ]
    return cases


def _engine_step(points: FloatArray, X: FloatArray, h: float, kind: str) -> FloatArray:
    """One update of every point, by the engine."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        steps = iter_mean_shift(X, bandwidth=h, kernel=kind, seeds=points, max_iter=1, tol=0.0)
        next(steps)
        out = np.array(next(steps).positions)
        steps.close()  # type: ignore[attr-defined]
    return out


def _weighted(points: FloatArray, X: FloatArray, h: float, g: Callable[[FloatArray], FloatArray],
              norm: str = "weight") -> FloatArray:
    """Weighted sums/means of X around each point (for recognising mistakes)."""
    d2 = np.sum((points[:, None, :] - X[None, :, :]) ** 2, axis=2)
    with np.errstate(all="ignore"):
        w = g(d2 / (h * h))
        s = w @ X
        if norm == "weight":
            return s / w.sum(axis=1, keepdims=True)
        if norm == "n":
            return s / X.shape[0]
        return s


def _step_guesses(kind: str) -> list[tuple[Callable[[FloatArray, FloatArray, float], FloatArray],
                                            str]]:
    g = KERNELS[kind].weight

    def ref(p: FloatArray, X: FloatArray, h: float) -> FloatArray:
        return _weighted(p, X, h, g)

    guesses: list[tuple[Callable[[FloatArray, FloatArray, float], FloatArray], str]] = [
        (lambda p, X, h: p + ref(p, X, h),
         "Your step returned the old point plus the weighted mean; it should return the "
         "weighted mean itself. The mean IS the new position (the shift is mean - point); "
         "adding the old point, as the lesson's article does, sends the points running off."),
        (lambda p, X, h: ref(p, X, h) - p,
         "Your step returned the shift (weighted mean - point), not the new position: "
         "return the weighted mean itself."),
        (lambda p, X, h: _weighted(p, X, h, g, "sum"),
         "Your step added up the samples in the window but did not divide by their total "
         "weight (a sum instead of a mean): divide by the sum of the weights."),
        (lambda p, X, h: _weighted(p, X, h, g, "n"),
         "Your step divided by the number of all samples instead of the total weight of "
         "the samples in the window: divide by the sum of the weights."),
        (lambda p, X, h: _weighted(p, p, h, g),
         "Your step averaged over the moving points instead of the data X (that is "
         "blurring mean shift): the window of each point holds samples of X."),
    ]
    if kind == "flat":
        guesses += [
            (lambda p, X, h: _weighted(p, X, h, lambda u: (u < 1).astype(float)),
             "At the window edge: the reference counts samples at distance exactly h (distance "
             "<= bandwidth, as scikit-learn); your step left them out (you used < instead "
             "of <=)."),
            (lambda p, X, h: _weighted(p, X, math.sqrt(h), g),
             "Your window has the wrong size: you compared the squared distance with the "
             "bandwidth h instead of h² (or the distance with √h)."),
            (lambda p, X, h: _weighted(p, X, h * h, g),
             "Your window has the wrong size: you compared the distance with h² instead of "
             "h (or the squared distance with h⁴)."),
            (lambda p, X, h: _weighted(p, X, h, KERNELS["gaussian"].weight),
             "You used Gaussian weights; this exercise asks for the flat kernel: weight 1 "
             "for samples within the bandwidth, 0 beyond."),
        ]
    elif kind == "gaussian":
        guesses += [
            (lambda p, X, h: _weighted(p, X, h, lambda u: np.exp(-u)),
             "Your Gaussian weights have no ½: use exp(-d² / (2h²)), yours is exp(-d² / h²)."),
            (lambda p, X, h: _weighted(p, X, h, lambda u: np.exp(-0.5 * np.sqrt(u))),
             "Your Gaussian weights use the distance, not the squared distance: "
             "exp(-d² / (2h²))."),
            (lambda p, X, h: _weighted(p, X, math.sqrt(h), g),
             "Your Gaussian is the wrong width: you divided the squared distance by h "
             "instead of h²."),
            (lambda p, X, h: _weighted(p, X, h, KERNELS["flat"].weight),
             "You used flat weights (1 inside the window, 0 outside); this exercise asks for "
             "the Gaussian kernel: weight exp(-d² / (2h²)) for every sample."),
        ]
    else:
        # No hand-written mistakes for this kernel: recognise another kernel's weights.
        label = _kernel_label(kind)

        def with_weights(
            w: Callable[[FloatArray], FloatArray],
        ) -> Callable[[FloatArray, FloatArray, float], FloatArray]:
            return lambda p, X, h: _weighted(p, X, h, w)

        guesses += [
            (with_weights(other.weight),
             f"You used {other.label} weights; this exercise asks for the {label} kernel.")
            for name, other in KERNELS.items() if name != kind
        ]
    guesses.append(
        (lambda p, X, h: np.trunc(ref(p, X, h)),
         "Your step rounded the new positions to whole numbers: with integer input it wrote "
         "float results into an integer array (np.zeros_like(points) keeps the int dtype). "
         "Make float arrays: np.zeros(points.shape) or points.astype(float).")
    )
    return guesses


def check_step(step: Callable[..., Any], kind: str = "flat") -> CheckResult:
    """Check a learner's ``step(points, X, bandwidth) -> new_points``.

    One mean shift update of every moving point: each row of ``points`` (shape
    (n_points, n_features)) moves to the weighted mean of the samples ``X``
    (shape (n_samples, n_features)) around it. With ``kind="flat"`` the weight is
    1 for samples at distance <= ``bandwidth`` (exactly h counts, as in
    scikit-learn) and 0 beyond; with ``kind="gaussian"`` it is
    ``exp(-d**2 / (2 * bandwidth**2))`` for every sample; with any other name in
    :data:`msviz.KERNELS` (one added with :func:`msviz.register_kernel`) it is that
    kernel's ``weight(d**2 / bandwidth**2)``. The function returns a
    new float array the shape of ``points`` and must not change its inputs.
    ``points`` and ``X`` can have different numbers of rows, any number of
    features, and integer dtype.

    Parameters
    ----------
    step : callable
        The learner's function.
    kind : str, default="flat"
        The kernel the exercise asks for: a name in :data:`msviz.KERNELS`.

    Returns
    -------
    CheckResult
        Its :meth:`~CheckResult.animate` runs the learner's step beside the engine.

    Examples
    --------
    >>> from msviz.course.exercises import solutions
    >>> def step(points, X, bandwidth):
    ...     return points + solutions.step(points, X, bandwidth)   # the article's bug
    >>> print(check_step(step).message.splitlines()[1][:56])
    Your step returned the old point plus the weighted mean;

    """
    bad = _not_callable("step", step)
    if bad is not None:
        return bad
    key = _kernel_key(kind)
    cases: list[Case] = []
    answers: list[FloatArray | None] = []
    specs = _step_cases(key)
    for name, args in specs:
        X = np.asarray(args["X"], dtype=np.float64)
        pts = np.asarray(args["points"], dtype=np.float64)
        h = float(args["bandwidth"])
        expected = _engine_step(pts, X, h, key)
        case = Case(name, dict(args), expected=expected)
        call = _call(step, **args)
        got, problem = None, ""
        if call.raised is not None:
            case.got = call.raised.text
            problem = call.raised.describe("Your step")
        else:
            case.got = call.value
            got, problem = _as_array(call.value, pts.shape, "Your step", allow_bool=False)
            shape = _safe_shape(call.value)
            if problem and got is None and shape is not None and len(shape) == 2:
                if shape[0] == X.shape[0] != pts.shape[0]:
                    problem += (
                        " It has one row per sample of X: the step must move the rows of "
                        "`points` (one result per moving point)."
                    )
            if problem.startswith(("Your step returned NaN", "Your step returned inf")):
                problem += (
                    " NaN and inf usually come from dividing by 0 (0 / 0 for a window whose "
                    "total weight is 0; the point's own sample should always be in its window)."
                )
            if not problem and got is not None and not _close(got, expected, _scale(X)):
                problem = "_wrong"
        if call.mutated and (not problem or problem == "_wrong"):
            which = " and ".join(f"`{m}`" for m in call.mutated)
            problem = (
                f"Your step changed {which} in place (the array it was given). Return a new "
                "array instead: the caller still needs the old positions (to measure the "
                "shift), and the data X must stay fixed."
            )
        if problem and np.asarray(args["X"]).dtype.kind in "iu":
            twin = _call(step, points=np.asarray(args["points"], float),
                         X=np.asarray(args["X"], float), bandwidth=float(args["bandwidth"]))
            twin_got, twin_problem = (None, "x") if twin.raised else _as_array(
                twin.value, pts.shape, "Your step", allow_bool=False)
            if twin_got is not None and not twin_problem and _close(twin_got, expected):
                how = (
                    f"it raised {call.raised.text}"
                    + (f" (at {call.raised.where})" if call.raised.where else "")
                    if call.raised is not None
                    else "it rounded the new positions to whole numbers"
                )
                problem = (
                    "Your step fails on integer input (points and X of dtype int64) but works "
                    f"on the same numbers as floats: {how}. Float results are being written "
                    "into an integer array (np.zeros_like(points) keeps the int dtype, and "
                    "new[i] += ... cannot hold fractions). Make float arrays, e.g. "
                    "np.zeros(points.shape) or np.asarray(X, dtype=float)."
                )
        case.passed = not problem
        case.problem = problem
        answers.append(got if got is not None and got.shape == pts.shape else None)
        cases.append(case)

    wrong = [i for i, c in enumerate(cases) if c.problem == "_wrong"]
    if wrong:
        diagnosis = _diagnose_step(key, specs, answers)
        for i in wrong:
            cases[i].problem = diagnosis or _step_generic(cases[i], answers[i], key)
    return _verdict("step", "your step", cases, "", step, key)


def _scale(X: FloatArray) -> float:
    return max(1.0, float(np.max(np.abs(X))) if X.size else 1.0)


def _diagnose_step(kind: str, specs: list[tuple[str, dict[str, Any]]],
                   answers: list[FloatArray | None]) -> str:
    for guess, text in _step_guesses(kind):
        seen, ok = False, True
        for (_, args), got in zip(specs, answers, strict=True):
            if got is None:
                continue
            X = np.asarray(args["X"], float)
            p = np.asarray(args["points"], float)
            g = guess(p, X, float(args["bandwidth"]))
            seen = True
            if not _close(got, g, _scale(X)):
                ok = False
                break
        if seen and ok:
            return text
    return ""


def _step_generic(case: Case, got: FloatArray | None, kind: str) -> str:
    if got is None:
        return "Your step's answer could not be compared."
    expected = np.asarray(case.expected)
    pts = np.asarray(case.inputs["points"], float)
    X = np.asarray(case.inputs["X"], float)
    h = float(case.inputs["bandwidth"])
    i = int(np.argmax(np.max(np.abs(got - expected), axis=1)))
    p = _fmt(pts[i])
    if kind == "flat":
        n_in = int(np.count_nonzero(np.sum((X - pts[i]) ** 2, axis=1) <= h * h))
        why = f"the mean of the {n_in} samples within {h:g} of it"
    elif KERNELS[kind].compact:
        reach = KERNELS[kind].radius * h
        why = f"the {_kernel_label(kind)}-weighted mean of the samples within {reach:g} of it"
    else:
        why = f"the {_kernel_label(kind)}-weighted mean of all samples (h = {h:g})"
    return (
        f"Point {i} starts at {p}: the reference moves it to {_fmt(expected[i])}, {why}; "
        f"your step gave {_fmt(got[i])}."
    )
