"""The merge exercise: ``merge(centers, bandwidth) -> merged``, one centre per mode."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from msviz.course.classic import removal_marks
from msviz.course.exercises._checking import (
    Case,
    CheckResult,
    _call,
    _fmt,
    _not_callable,
    _shape_text,
    _verdict,
)
from msviz.engine import merge_modes, run_mean_shift
from msviz.engine._types import FloatArray

__all__ = ["check_merge"]


def _merge_cases() -> list[tuple[str, dict[str, Any]]]:
    rng = np.random.default_rng(5)
    group_centres = np.array([[0.0, 0.0, 0.0], [6.0, 0.0, 1.0], [0.0, 7.0, -2.0],
                              [5.0, 5.0, 5.0]])
    members = []
    for c, k in zip(group_centres, (1, 3, 5, 2), strict=True):
        members.append(c + rng.uniform(-0.1, 0.1, (k, 3)))
    random_groups = np.concatenate(members)[rng.permutation(11)].round(4)
    # End points of a real run: tight groups at the modes.
    X = np.concatenate([rng.normal([0, 0], 0.5, (15, 2)), rng.normal([5, 1], 0.5, (15, 2)),
                        rng.normal([2, 5], 0.5, (15, 2))])
    ends = run_mean_shift(X, bandwidth=1.5).positions[-1]
    return [
        ("two close centres and a far one",
         {"centers": np.array([[0.0, 0.0], [0.1, 0.05], [5.0, 5.0]]), "bandwidth": 1.0}),
        ("a close pair beside a lone centre",
         {"centers": np.array([[2.0, 2.0], [2.3, 2.1], [8.0, 1.0]]), "bandwidth": 1.0}),
        ("exact and near duplicates",
         {"centers": np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0000001], [4.0, 1.0]]),
          "bandwidth": 1.0}),
        ("nothing to merge",
         {"centers": np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]]), "bandwidth": 1.0}),
        ("a single centre", {"centers": np.array([[1.5, -2.0]]), "bandwidth": 1.0}),
        ("one feature",
         {"centers": np.array([[0.0], [0.2], [5.0], [5.1], [5.15]]), "bandwidth": 1.0}),
        ("random groups in 3-D", {"centers": random_groups, "bandwidth": 1.0}),
        ("end points of a real run", {"centers": ends, "bandwidth": 1.5}),
    ]


def check_merge(merge: Callable[..., Any]) -> CheckResult:
    """Check a learner's ``merge(centers, bandwidth) -> merged``.

    ``centers`` (shape (n, n_features)) are where the moving points stopped;
    near-duplicates mark the same mode. The function returns the cluster
    centres, shape (n_clusters, n_features): every group of centres closer than
    one ``bandwidth`` becomes ONE centre (one of them, or their mean), and
    centres farther apart stay separate. The order does not matter. In every
    case the groups are clear: tight inside, far apart.

    Parameters
    ----------
    merge : callable
        The learner's function.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import numpy as np
    >>> def merge(centers, bandwidth):
    ...     return np.unique(centers, axis=0)      # exact duplicates only
    >>> print(check_merge(merge).message.splitlines()[1][:56])
    You removed only exact duplicates (like the lesson's set

    """
    bad = _not_callable("merge", merge)
    if bad is not None:
        return bad
    cases: list[Case] = []
    answers: list[FloatArray | None] = []
    specs = _merge_cases()
    for name, args in specs:
        C = np.asarray(args["centers"], float)
        h = float(args["bandwidth"])
        expected, groups = merge_modes(C, np.ones(len(C), dtype=np.intp), h)
        case = Case(name, dict(args), expected=expected)
        call = _call(merge, **args)
        problem, arr = "", None
        if call.raised is not None:
            case.got = call.raised.text
            problem = call.raised.describe("Your merge")
        else:
            case.got = call.value
            arr, problem = _merge_answer(call.value, C.shape[1])
            if arr is not None and not problem:
                problem = _merge_problem(arr, C, h, expected, groups)
        if call.mutated and call.raised is None:
            problem = (
                "Your merge changed `centers` in place (e.g. sorted it, which also mixes up "
                "the coordinates of different centres): build a new array instead."
            )
        case.passed = not problem
        case.problem = problem
        answers.append(arr)
        cases.append(case)
    if not all(c.passed for c in cases):
        text = _diagnose_merge(specs, answers)
        for case, arr in zip(cases, answers, strict=True):
            if not case.passed and arr is not None:
                case.problem = (text or case.problem) + (
                    " (The expected answer shown is one right answer: any one centre of each "
                    "group, or the group's mean, in any order, is right too.)"
                )
    return _verdict("merge", "your merge", cases, "", merge)


def _diagnose_merge(specs: list[tuple[str, dict[str, Any]]],
                    answers: list[FloatArray | None]) -> str:
    """Name a mistake that explains the learner's answer in every case."""

    def same(a: FloatArray, b: FloatArray) -> bool:
        return a.shape == b.shape and _same_rows(a, b)

    guesses: list[tuple[Callable[[FloatArray, float], FloatArray | None], str]] = [
        (lambda C, h: C,
         "Nothing was merged: you returned every centre, but some are closer than the "
         "bandwidth and mark the same mode. Keep one centre per group."),
        (lambda C, h: np.unique(C, axis=0),
         "You removed only exact duplicates (like the lesson's set of tuples). End points of "
         "mean shift differ in the last digits, so near-duplicates closer than the bandwidth "
         "must merge too."),
        (_lesson_prune,
         "You deleted both centres of every close pair: each marks the other and both go "
         "(the lesson's pruning rule), so whole clusters vanish. When two centres are within "
         "one bandwidth, keep ONE of them (or their mean)."),
    ]
    for guess, text in guesses:
        seen, ok = False, True
        for (_, args), arr in zip(specs, answers, strict=True):
            if arr is None:
                continue
            g = guess(np.asarray(args["centers"], float), float(args["bandwidth"]))
            seen = True
            if g is None or not same(arr, g):
                ok = False
                break
        if seen and ok:
            return text
    return ""


def _merge_answer(value: Any, d: int) -> tuple[FloatArray | None, str]:
    if value is None:
        return None, "Your merge returned None: did you forget the `return` line?"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value, dtype=np.float64)
    except Exception:
        return None, f"Your merge returned a {type(value).__name__}, not an array of centres."
    if arr.size == 0:
        return None, "Your merge returned no centres at all; every group needs one."
    if arr.ndim == 1 and d == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim == 1 and arr.size == d:
        arr = arr.reshape(1, d)
    if arr.ndim != 2 or arr.shape[1] != d:
        return None, (
            f"Your merge returned shape {_shape_text(arr.shape)}; expected (n_clusters, {d}): "
            "one row per cluster centre."
        )
    if not np.isfinite(arr).all():
        return None, "Your merge returned NaN or inf (an empty group averaged?)."
    return arr, ""


def _merge_problem(arr: FloatArray, C: FloatArray, h: float, expected: FloatArray,
                   groups: NDArray[np.intp]) -> str:
    k = arr.shape[0]
    n_exp = expected.shape[0]
    if k == 0:
        return "Your merge returned no centres at all; every group needs one."
    # Which group does each returned centre belong to (within h/2 of a member)?
    dist = np.linalg.norm(arr[:, None, :] - C[None, :, :], axis=2)
    near_member = dist.min(axis=1) <= 0.5 * h
    owner = groups[np.argmin(dist, axis=1)]
    owner[~near_member] = -1
    covered = set(owner[owner >= 0].tolist())
    missing = [g for g in range(n_exp) if g not in covered]
    # Close pairs kept.
    close = None
    for i in range(k):
        dd = np.linalg.norm(arr[i + 1:] - arr[i], axis=1)
        j = np.flatnonzero(dd <= h)
        if j.size:
            close = (i, i + 1 + int(j[0]), float(dd[j[0]]))
            break
    if close is not None:
        a, b, dab = close
        return (
            f"Your centres {_fmt(arr[a])} and {_fmt(arr[b])} are only {dab:.3g} apart, "
            f"within the bandwidth {h:g}: near-duplicates must merge into one."
        )
    if (owner < 0).any():
        i = int(np.flatnonzero(owner < 0)[0])
        if k < n_exp:
            return (
                f"Your centre {_fmt(arr[i])} is not near any of the given centres: it looks "
                "like the mean of centres from different groups, so you merged centres that "
                "are more than one bandwidth apart."
            )
        return (
            f"Your centre {_fmt(arr[i])} is not near any of the given centres: a merged "
            "centre should be one of those it replaces, or their mean."
        )
    if missing:
        g = missing[0]
        members = np.flatnonzero(groups == g)
        where = _fmt(expected[g])
        if members.size >= 2:
            return (
                f"The group of {members.size} centres near {where} vanished: none of your "
                "centres is there. When two centres are within one bandwidth of each other, "
                "keep ONE of them (or their mean); deleting both, because each marks the "
                "other, is the lesson's flaw, and whole clusters disappear."
            )
        return (
            f"The centre at {where} has no neighbour within the bandwidth, so it is a "
            "cluster of its own and must stay, but it is missing from your answer."
            + (" You merged centres that are more than one bandwidth apart."
               if k < n_exp else "")
        )
    if k != n_exp:
        return f"Your merge returned {k} centres; there are {n_exp} groups."
    return ""


def _same_rows(a: FloatArray, b: FloatArray) -> bool:
    if a.shape != b.shape:
        return False
    return bool(np.allclose(np.unique(a, axis=0), np.unique(b, axis=0), rtol=0, atol=1e-12))


def _lesson_prune(C: FloatArray, h: float) -> FloatArray | None:
    uniq = np.unique(C, axis=0)
    if uniq.shape[0] == 0:
        return None
    removed, _ = removal_marks(uniq, h)
    return uniq[~removed]
