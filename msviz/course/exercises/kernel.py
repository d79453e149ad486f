"""The kernel exercise: ``kernel(u) -> weights``, checked and its mistakes named."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from msviz.course.exercises._checking import (
    Case,
    CheckResult,
    _as_array,
    _call,
    _close,
    _kernel_key,
    _kernel_label,
    _not_callable,
    _verdict,
)
from msviz.engine._types import FloatArray
from msviz.engine.kernels import KERNELS

__all__ = ["check_kernel"]


def _kernel_cases() -> list[tuple[str, FloatArray]]:
    rng = np.random.default_rng(2024)
    return [
        ("u from the centre to beyond the edge", np.array([0.0, 0.25, 0.5, 1.0, 1.5, 4.0])),
        ("a 2-D array of u (one row per moving point)",
         np.array([[0.0, 0.3, 1.0, 2.0], [0.9, 1.0, 1.1, 9.0], [0.01, 0.64, 1.44, 0.0]])),
        ("u = 0: a sample right at the point", np.array([0.0])),
        ("large u: samples far away", np.array([9.0, 25.0, 100.0, 1000.0])),
        ("random u", rng.uniform(0.0, 3.0, size=40)),
        ("random u, 2-D", np.round(rng.uniform(0.0, 2.0, size=(5, 12)), 2)),
    ]


def check_kernel(kernel: Callable[..., Any], kind: str = "flat") -> CheckResult:
    """Check a learner's kernel ``kernel(u) -> weights``.

    ``u`` is the squared distance divided by the squared bandwidth, an array of
    any shape; the kernel returns one weight per entry, same shape. ``kind``
    says which kernel the exercise asks for:

    - ``"flat"``: 1 inside the window (``u <= 1``: a sample exactly one
      bandwidth away counts, as in scikit-learn), 0 outside;
    - ``"gaussian"``: ``exp(-u / 2)``, i.e. ``exp(-d**2 / (2 * h**2))``;
    - ``"epanechnikov"``: ``max(1 - u, 0)``;
    - any other name in :data:`msviz.KERNELS` (one added with
      :func:`msviz.register_kernel`): that kernel's ``weight``.

    A constant factor (e.g. a normalised Gaussian) passes, with a note: it
    cancels in the weighted mean.

    Parameters
    ----------
    kernel : callable
        The learner's function.
    kind : str, default="flat"
        The kernel asked for: a name in :data:`msviz.KERNELS`.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import numpy as np
    >>> check_kernel(lambda u: (u < 1).astype(float)).message.splitlines()[1][:46]
    'At u = 1 (a sample exactly one bandwidth away)'

    """
    bad = _not_callable("kernel", kernel)
    if bad is not None:
        return bad
    key = _kernel_key(kind)
    ref = KERNELS[key].weight
    word = _kernel_label(key)
    cases: list[Case] = []
    answers: list[FloatArray | None] = []
    for name, u in _kernel_cases():
        expected = ref(u.copy())
        case = Case(name, {"u": u}, expected=expected)
        call = _call(kernel, u=u)
        got, problem = None, ""
        if call.raised is not None:
            case.got = call.raised.text
            problem = call.raised.describe("Your kernel")
        else:
            case.got = call.value
            got, problem = _as_array(call.value, u.shape, "Your kernel")
            if got is not None and problem:
                bad_at = np.argwhere(~np.isfinite(got))[0]
                what = "NaN" if np.isnan(got[tuple(bad_at)]) else "inf"
                problem = (
                    f"Your kernel returned {what} at u = {u[tuple(bad_at)]:.4g}: every weight "
                    "must be a finite number >= 0."
                )
            if not problem and got is not None and not _close(got, expected):
                problem = "_wrong"
        if not problem and call.mutated:
            problem = (
                "Your kernel changed its input u in place: compute the weights into a new "
                "array (e.g. np.exp(-0.5 * u), not u *= -0.5)."
            )
        case.passed = not problem
        case.problem = problem
        answers.append(got if got is not None and got.shape == u.shape else None)
        cases.append(case)

    note = ""
    factor = _constant_factor(answers, [c.expected for c in cases])
    if factor is not None and not math.isclose(factor, 1.0, rel_tol=1e-9):
        for case in cases:
            if case.problem == "_wrong":
                case.passed, case.problem = True, ""
        note = (
            f"your weights are {factor:.4g} × the reference everywhere. A constant factor "
            "(like a normalising 1/√(2π)) cancels in the weighted mean, so mean shift moves "
            "exactly the same; the reference leaves it out (g(0) = 1)."
        )
    diagnosis = _diagnose_kernel(key, answers, [u for _, u in _kernel_cases()])
    for case, got in zip(cases, answers, strict=True):
        if case.problem == "_wrong":
            case.problem = diagnosis or _kernel_generic(case, got, word)
        elif not case.passed and diagnosis and case.problem.startswith("Your kernel returned NaN"):
            case.problem += " " + diagnosis
    if key == "flat" and all(c.passed for c in cases):
        if np.asarray(cases[0].got).dtype == bool:
            note = "your kernel returns True/False; numpy counts them as 1 and 0, fine."
    return _verdict("kernel", f"your {word} kernel", cases, note, kernel, key)


def _constant_factor(answers: list[FloatArray | None], expected: list[FloatArray]) -> float | None:
    """The c with answer = c * expected in every case, if there is one."""
    ratios = []
    for a, e in zip(answers, expected, strict=True):
        if a is None:
            return None
        nz = e > 1e-300
        if not np.allclose(a[~nz], 0.0, atol=1e-12):
            return None
        if nz.any():
            ratios.append(a[nz] / e[nz])
    if not ratios:
        return None
    r = np.concatenate(ratios)
    c = float(np.median(r))
    if c > 0 and np.allclose(r, c, rtol=1e-6):
        return c
    return None


def _diagnose_kernel(kind: str, answers: list[FloatArray | None], us: list[FloatArray]) -> str:
    with np.errstate(all="ignore"):
        guesses: list[tuple[Callable[[FloatArray], FloatArray], str]] = []
        if kind == "flat":
            guesses = [
                (lambda u: (u < 1).astype(float),
                 "At u = 1 (a sample exactly one bandwidth away) your kernel gives 0 but the "
                 "reference gives 1: the window includes its edge. Use u <= 1, not u < 1 "
                 "(scikit-learn counts samples at distance exactly h)."),
                (lambda u: (u > 1).astype(float) + 0.0 * u,
                 "Your weights are 1 outside the window and 0 inside: the comparison is the "
                 "wrong way round. Inside the window (u <= 1) the weight is 1."),
                (lambda u: (u >= 1).astype(float),
                 "Your weights are 1 outside the window and 0 inside: the comparison is the "
                 "wrong way round. Inside the window (u <= 1) the weight is 1."),
                (lambda u: 1.0 - u,
                 "Your weights are 1 - u, which goes negative outside the window: that is an "
                 "unclipped Epanechnikov profile. The flat kernel is 1 for u <= 1, else 0."),
                (lambda u: np.clip(1.0 - u, 0.0, None),
                 "That is the Epanechnikov profile max(1 - u, 0); the flat kernel is 1 for "
                 "u <= 1 and 0 beyond."),
                (lambda u: (np.sqrt(u) <= 0.5).astype(float),
                 "Your window is half as wide as it should be."),
            ]
        elif kind == "gaussian":
            guesses = [
                (lambda u: np.exp(-u),
                 "Your Gaussian has no ½: the weight is exp(-u / 2) = exp(-d² / (2h²)), "
                 "yours is exp(-u)."),
                (lambda u: np.exp(-0.5 * u * u),
                 "You squared u again: u is already the squared distance over h², so the "
                 "weight is exp(-u / 2), not exp(-u² / 2)."),
                (lambda u: np.exp(-0.5 * np.sqrt(u)),
                 "You used the distance, not its square: the weight is exp(-u / 2) with "
                 "u = d² / h²; yours is exp(-√u / 2)."),
                (lambda u: np.exp(0.5 * u),
                 "Your weights grow with distance: the exponent needs a minus sign, "
                 "exp(-u / 2)."),
                (lambda u: np.exp(-2.0 * u),
                 "Your Gaussian is too narrow: the weight is exp(-u / 2), yours is exp(-2u) "
                 "(the ½ went into the denominator?)."),
            ]
        elif kind == "epanechnikov":
            guesses = [
                (lambda u: 1.0 - u,
                 "Your weights go negative outside the window: clip them at 0, "
                 "np.maximum(1 - u, 0)."),
                (lambda u: (u <= 1).astype(float),
                 "That is the flat kernel; the Epanechnikov weight falls off as 1 - u."),
            ]
        else:
            # No hand-written mistakes for this kernel: recognise another kernel's weights.
            label = _kernel_label(kind)
            guesses = [
                (other.weight,
                 f"That is the {other.label} kernel; the exercise asks for the {label} kernel.")
                for name, other in KERNELS.items() if name != kind
            ]
        for guess, text in guesses:
            if _matches_everywhere(answers, [guess(u) for u in us]):
                return text
    return ""


def _matches_everywhere(answers: list[FloatArray | None], guess: list[FloatArray]) -> bool:
    seen = False
    for a, g in zip(answers, guess, strict=True):
        if a is None:
            continue
        seen = True
        if not (a.shape == g.shape and np.allclose(a, g, rtol=1e-6, atol=1e-9, equal_nan=False)):
            return False
    return seen


def _kernel_generic(case: Case, got: FloatArray | None, word: str) -> str:
    if got is None:
        return "Your kernel's answer could not be compared."
    u = np.asarray(case.inputs["u"])
    expected = np.asarray(case.expected)
    if (got < 0).any():
        i = np.argwhere(got < 0)[0]
        return (
            f"Your kernel gave a negative weight ({got[tuple(i)]:.4g} at u = {u[tuple(i)]:.4g}): "
            "weights must be >= 0, a sample can only pull, never push."
        )
    diff = np.abs(got - expected)
    i = tuple(np.argwhere(diff == diff.max())[0])
    return (
        f"At u = {u[i]:.4g} the {word} kernel's weight is {expected[i]:.6g}, yours is "
        f"{got[i]:.6g}."
    )
