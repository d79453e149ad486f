"""The convergence exercise: ``converged(old, new, bandwidth, tol) -> bool array``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from msviz.course.exercises._checking import (
    Case,
    CheckResult,
    _call,
    _fmt,
    _not_callable,
    _shape_text,
    _verdict,
)
from msviz.engine._types import FloatArray

__all__ = ["check_converged"]


def _converged_cases() -> list[tuple[str, dict[str, Any]]]:
    rng = np.random.default_rng(11)
    old = rng.normal(0.0, 3.0, (8, 3)).round(3)
    direction = rng.normal(size=(8, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    lengths = np.array([0.0, 1e-4, 0.0009, 0.0011, 0.002, 0.05, 1.0, 0.0005])
    return [
        ("one point moved a lot, one not at all",
         {"old": np.array([[0.0, 0.0], [5.0, 5.0]]), "new": np.array([[1.0, 0.0], [5.0, 5.0]]),
          "bandwidth": 1.0, "tol": 1e-3}),
        ("a shift exactly at the threshold",
         {"old": np.array([[0.0, 0.0]]), "new": np.array([[3.0, 4.0]]),
          "bandwidth": 10.0, "tol": 0.5}),
        ("a wide bandwidth (threshold 0.01)",
         {"old": np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]),
          "new": np.array([[0.004, 0.003], [1.0, 1.02], [2.006, 2.006], [3.008, 3.008]]),
          "bandwidth": 10.0, "tol": 1e-3}),
        ("a narrow bandwidth (threshold 0.0001)",
         {"old": np.array([[0.0, 0.0], [1.0, 1.0]]),
          "new": np.array([[0.0005, 0.0], [1.00003, 1.00004]]), "bandwidth": 0.1, "tol": 1e-3}),
        ("tiny but non-zero shifts",
         {"old": np.array([[2.0, 1.0], [0.0, 0.0]]),
          "new": np.array([[2.0 + 1e-9, 1.0], [0.0, -3e-8]]), "bandwidth": 1.0, "tol": 1e-3}),
        ("nothing moved",
         {"old": np.array([[1.0, 2.0], [3.0, 4.0]]), "new": np.array([[1.0, 2.0], [3.0, 4.0]]),
          "bandwidth": 2.0, "tol": 1e-3}),
        ("one feature",
         {"old": np.array([[0.0], [1.0], [2.0]]), "new": np.array([[0.0005], [1.5], [2.0]]),
          "bandwidth": 1.0, "tol": 1e-3}),
        ("random points in 3-D",
         {"old": old, "new": old + lengths[:, None] * direction, "bandwidth": 1.0, "tol": 1e-3}),
    ]


def _shift(args: dict[str, Any]) -> FloatArray:
    d = np.asarray(args["new"], float) - np.asarray(args["old"], float)
    return np.sqrt(np.sum(d * d, axis=1))


def _converged_guesses() -> list[tuple[Callable[[dict[str, Any]], NDArray[np.bool_]], str]]:
    def thr(a: dict[str, Any]) -> float:
        return float(a["tol"]) * float(a["bandwidth"])

    def diff(a: dict[str, Any]) -> FloatArray:
        return np.abs(np.asarray(a["new"], float) - np.asarray(a["old"], float))

    return [
        (lambda a: np.ones(len(a["old"]), bool),
         "Your test says every point has converged, even one that moved a whole unit. "
         "Does it compare the new positions with themselves (new - new)? That is the "
         "lesson article's bug: the loop always stops after one pass. Compare new with old."),
        (lambda a: np.zeros(len(a["old"]), bool),
         "Your test never says converged, even for points that did not move at all: the "
         "loop would never stop. A point has converged when |new - old| <= tol x bandwidth."),
        (lambda a: _shift(a) <= float(a["tol"]),
         "Your threshold is tol itself; it should be tol x bandwidth (scikit-learn's rule), so "
         "that it scales with the data."),
        (lambda a: _shift(a) == 0,
         "You required the points not to move at all (exact equality). A point that moved "
         "1e-9 has converged too, and with a Gaussian kernel points never stop exactly: use "
         "shift <= tol x bandwidth."),
        (lambda a: _shift(a) < thr(a),
         "At exactly the threshold the reference says converged: use <= (shift <= tol x "
         "bandwidth), not <."),
        (lambda a: _shift(a) ** 2 <= thr(a),
         "You compared the squared shift with the threshold: take the square root first "
         "(np.linalg.norm(new - old, axis=1))."),
        (lambda a: diff(a).max(axis=1) <= thr(a),
         "You checked each coordinate on its own; the shift is the length of the whole move, "
         "np.linalg.norm(new - old, axis=1)."),
        (lambda a: diff(a).sum(axis=1) <= thr(a),
         "You added up the coordinate moves (|dx| + |dy|); the shift is the length of the "
         "move, np.sqrt(dx² + dy²) = np.linalg.norm(new - old, axis=1)."),
        (lambda a: _shift(a) > thr(a),
         "Your test is the wrong way round: it says True for points that are still moving. "
         "Converged means shift <= tol x bandwidth."),
    ]


def check_converged(converged: Callable[..., Any]) -> CheckResult:
    """Check a learner's ``converged(old, new, bandwidth, tol)``.

    ``old`` and ``new`` are the positions before and after one update, shape
    (n_points, n_features). A point has converged when its shift, the length of
    ``new - old``, is at most ``tol * bandwidth`` (scikit-learn's rule; a shift
    exactly at the threshold counts). The function returns one bool per point,
    or a single bool meaning "all points have converged" (checked against
    ``all`` of the reference).

    Parameters
    ----------
    converged : callable
        The learner's function.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import numpy as np
    >>> def converged(old, new, bandwidth, tol):
    ...     return np.linalg.norm(new - new, axis=1) <= tol * bandwidth   # the article's bug
    >>> print(check_converged(converged).message.splitlines()[1][:58])
    Your test says every point has converged, even one that mo

    """
    bad = _not_callable("converged", converged)
    if bad is not None:
        return bad
    cases: list[Case] = []
    # The learner's answer per case: a bool array, a single bool, or None.
    answers: list[NDArray[np.bool_] | None] = []
    specs = _converged_cases()
    for name, args in specs:
        shift = _shift(args)
        expected = shift <= float(args["tol"]) * float(args["bandwidth"])
        case = Case(name, dict(args), expected=expected)
        call = _call(converged, **args)
        problem, got = "", None
        if call.raised is not None:
            case.got = call.raised.text
            problem = call.raised.describe("Your function")
        else:
            case.got = call.value
            got, problem = _as_bools(call.value, len(expected))
            if not problem and got is not None:
                if got.ndim == 0:
                    case.expected = bool(expected.all())
                    if bool(got) != case.expected:
                        problem = "_wrong"
                elif not np.array_equal(got, expected):
                    problem = "_wrong"
        if call.mutated and (not problem or problem == "_wrong"):
            problem = (
                f"Your function changed {' and '.join(call.mutated)} in place; it should only "
                "look at the positions."
            )
        case.passed = not problem
        case.problem = problem
        answers.append(got)
        cases.append(case)
    wrong = [i for i, c in enumerate(cases) if c.problem == "_wrong"]
    if wrong:
        diagnosis = ""
        for guess, text in _converged_guesses():
            seen, ok = False, True
            for (_, args), got in zip(specs, answers, strict=True):
                if got is None:
                    continue
                seen = True
                g = guess(args)
                same = bool(got) == bool(g.all()) if got.ndim == 0 else np.array_equal(got, g)
                if not same:
                    ok = False
                    break
            if seen and ok:
                diagnosis = text
                break
        for i in wrong:
            c = cases[i]
            shifts = _shift(c.inputs)
            t = float(c.inputs["tol"]) * float(c.inputs["bandwidth"])
            generic = (
                f"The shifts are {_fmt(shifts)} and the threshold is tol x bandwidth = "
                f"{t:.4g}, so the answer is {_fmt(c.expected)}; yours is {_fmt(c.got)}."
            )
            c.problem = f"{diagnosis} {generic}" if diagnosis else generic
    return _verdict("converged", "your convergence test", cases, "", converged)


def _as_bools(value: Any, n: int) -> tuple[NDArray[np.bool_] | None, str]:
    if value is None:
        return None, "Your function returned None: did you forget the `return` line?"
    try:
        arr = np.asarray(value)
    except Exception:
        return None, f"Your function returned a {type(value).__name__}, not True/False."
    if arr.dtype.kind == "f":
        return None, (
            "Your function returned numbers, not True/False: did you return the shifts? "
            "Compare them with the threshold: shift <= tol * bandwidth."
        )
    if arr.dtype.kind not in "biu" or (arr.dtype.kind in "iu" and not np.isin(arr, (0, 1)).all()):
        return None, f"Your function returned {_fmt(value)}, not True/False."
    arr = arr.astype(bool)
    if arr.ndim == 0 or arr.shape == (n,):
        return arr, ""
    if arr.ndim == 2 and arr.shape[0] == n:
        return None, (
            f"Your function returned shape {_shape_text(arr.shape)}: one answer per "
            "coordinate. Combine the coordinates into one shift per point, "
            "np.linalg.norm(new - old, axis=1), then compare."
        )
    return None, (
        f"Your function returned shape {_shape_text(arr.shape)}; expected one bool per "
        f"point, shape ({n},), or a single bool."
    )
