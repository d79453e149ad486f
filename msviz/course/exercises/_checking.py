"""Checkers for the course exercises: the learner writes a piece of mean shift.

Each checker runs the learner's function on a handful of small hand-made cases
and a few random ones (fixed seed), compares it with msviz's engine, and returns
a :class:`CheckResult`: in Jupyter a short verdict — passed, or the first
failing case explained in plain words with its input, the expected answer and
what the function gave. Common mistakes are recognised and named. Exceptions,
wrong shapes, NaN and wrong types in the learner's code are reported; the
checker itself never fails.

========================  ==================================================
checker                   the function the learner writes
========================  ==================================================
:func:`check_kernel`      ``kernel(u) -> weights``: the weight of a sample with
                          ``u = squared distance / bandwidth**2`` (any shape of
                          array in, the same shape out). ``kind="flat"``: 1 in
                          the window (``u <= 1``), else 0; ``kind="gaussian"``:
                          ``exp(-u / 2)``.
:func:`check_step`        ``step(points, X, bandwidth) -> new_points``: one mean
                          shift update of every moving point: each row of
                          ``points`` (shape (n_points, n_features)) moves to the
                          weighted mean of the samples ``X`` (shape (n_samples,
                          n_features)); returns a new array, shape of ``points``.
:func:`check_converged`   ``converged(old, new, bandwidth, tol) -> bool array``:
                          which points have stopped — their shift
                          ``|new - old|`` is at most ``tol * bandwidth``. One bool
                          per point, or one bool for "all of them".
:func:`check_merge`       ``merge(centers, bandwidth) -> merged``: turn end points
                          into cluster centres: centres closer than one
                          bandwidth become one (keep one of them, or their mean).
========================  ==================================================

For the step and the kernel, :meth:`CheckResult.comparison` (and its shortcuts
:meth:`CheckResult.animate` and :meth:`CheckResult.show`) runs the learner's
version on a small data set and draws it beside the reference, step by step.

Reference solutions are in :data:`solutions` (``solutions.step`` ...). The test
suite runs the exercises notebook with the solutions notebook's cells swapped in
(cells tagged ``exercise:<name>``), so every checker is exercised in CI.

Examples
--------
>>> import numpy as np
>>> from msviz import exercises
>>> def kernel(u):
...     return np.exp(-u)          # forgot the 1/2
>>> result = exercises.check_kernel(kernel, kind="gaussian")
>>> result.passed
False
>>> print(result.message.splitlines()[1])
Your Gaussian has no ½: the weight is exp(-u / 2) = exp(-d² / (2h²)), yours is exp(-u).
>>> bool(exercises.check_kernel(exercises.solutions.kernel_gaussian, kind="gaussian"))
True

"""

from __future__ import annotations

import html
import inspect
import math
import os
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.course.classic import removal_marks
from msviz.engine import ConvergenceWarning, Trace, iter_mean_shift, merge_modes, run_mean_shift
from msviz.engine._types import FloatArray
from msviz.engine.kernels import KERNELS

if TYPE_CHECKING:
    from matplotlib.animation import FuncAnimation
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

    from msviz.draw.view import MeanShiftView

__all__ = [
    "Case",
    "CheckResult",
    "Comparison",
    "Solutions",
    "check_converged",
    "check_kernel",
    "check_merge",
    "check_step",
    "learner_kernel_trace",
    "learner_step_trace",
    "solutions",
]


#: Steps at most in a learner's animated run.
MAX_STEPS = 60
#: The stopping rule of the animated runs: shift <= TOL * bandwidth.
TOL = 1e-3

_NUMPY_DIR = str(Path(np.__file__).parent)
_MSVIZ_DIR = str(Path(__file__).parent)


# --------------------------------------------------------------------------- results


@dataclass(eq=False)
class Case:
    """One case a checker ran.

    Attributes
    ----------
    name : str
        What the case tests, in a few words.
    inputs : dict
        The arguments given to the learner's function.
    passed : bool
        Whether the function's answer matched.
    expected : object
        The reference answer.
    got : object
        What the function returned (or the exception it raised, as text).
    problem : str
        Why it failed, in plain words ("" when it passed).

    """

    name: str
    inputs: dict[str, Any]
    passed: bool = False
    expected: Any = None
    got: Any = None
    problem: str = ""


@dataclass(eq=False)
class CheckResult:
    """The verdict of a checker: ``passed``, every case, and a message.

    ``bool(result)`` is ``result.passed``, so ``assert check_step(step)`` works.
    Shows in Jupyter as a short verdict; ``print(result)`` gives the same text.

    Attributes
    ----------
    exercise : str
        "kernel", "step", "converged" or "merge".
    passed : bool
        Whether every case passed.
    cases : list of Case
        Every case run, in order.
    message : str
        The verdict: "passed all n cases", or the first failing case explained.
    note : str
        Something worth knowing even when it passed ("" if nothing).

    """

    exercise: str
    passed: bool
    cases: list[Case]
    message: str
    note: str = ""
    function: Callable[..., Any] | None = field(default=None, repr=False)
    kind: str = "flat"

    def __bool__(self) -> bool:
        return self.passed

    @property
    def failed(self) -> Case | None:
        """The first failing case, or None."""
        return next((c for c in self.cases if not c.passed), None)

    @property
    def n_cases(self) -> int:
        """How many cases were run."""
        return len(self.cases)

    def __repr__(self) -> str:
        lines = [self.message]
        case = self.failed
        if case is not None and case.inputs:
            lines.append("")
            lines.append("input:")
            for key, value in case.inputs.items():
                lines.append(_labelled(f"  {key} = ", _fmt(value)))
            lines.append(_labelled("expected: ", _fmt(case.expected)))
            lines.append(_labelled("got:      ", _fmt(case.got)))
        marks = "".join("✓" if c.passed else "✗" for c in self.cases)
        lines.append(f"cases: {marks}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        ok = self.passed
        color = "#1b7837" if ok else "#b2182b"
        head, _, rest = self.message.partition("\n")
        parts = [
            f'<div style="border-left: 5px solid {color}; padding: 6px 12px; margin: 4px 0; '
            'font-family: sans-serif; font-size: 14px; line-height: 1.45">',
            f'<div style="color: {color}; font-weight: bold">{html.escape(head)}</div>',
        ]
        if rest:
            parts.append(f"<div>{html.escape(rest).replace(chr(10), '<br>')}</div>")
        case = self.failed
        if case is not None and case.inputs:
            rows = "".join(
                f"<tr><td style='text-align:right; padding-right:8px; vertical-align:top'>"
                f"<code>{html.escape(k)}</code></td><td><pre style='margin:0'>"
                f"{html.escape(_fmt(v))}</pre></td></tr>"
                for k, v in case.inputs.items()
            )
            parts.append(
                "<table style='margin-top:6px; border-collapse:collapse'>"
                f"<tr><td colspan=2><i>input</i></td></tr>{rows}"
                "<tr><td style='text-align:right; padding-right:8px; vertical-align:top'>"
                f"<i>expected</i></td><td><pre style='margin:0'>{html.escape(_fmt(case.expected))}"
                "</pre></td></tr>"
                "<tr><td style='text-align:right; padding-right:8px; vertical-align:top'>"
                f"<i>got</i></td><td><pre style='margin:0'>{html.escape(_fmt(case.got))}"
                "</pre></td></tr></table>"
            )
        marks = "".join(
            f"<span style='color:{'#1b7837' if c.passed else '#b2182b'}' "
            f"title='{html.escape(c.name, quote=True)}'>{'✓' if c.passed else '✗'}</span>"
            for c in self.cases
        )
        parts.append(f"<div style='color:#555; margin-top:4px'>cases: {marks}</div></div>")
        return "".join(parts)

    # -- pictures (step and kernel only)
    def comparison(
        self,
        X: ArrayLike | None = None,
        *,
        bandwidth: float | None = None,
        max_steps: int = MAX_STEPS,
        layers: Sequence[str] = ("data", "clusters", "trails", "windows", "arrows", "points",
                                 "modes", "label"),
    ) -> Comparison:
        """Run the learner's version and the reference on the same data, side by side.

        Only for :func:`check_step` and :func:`check_kernel` results.

        Parameters
        ----------
        X : array-like of shape (n_samples, 2), optional
            The data (default: 45 points in three blobs).
        bandwidth : float, optional
            The bandwidth (default: one that suits the default data).
        max_steps : int, default=60
            The learner's run stops after this many updates.
        layers : sequence of str
            The :class:`msviz.MeanShiftView` layers drawn in both panels.

        Returns
        -------
        Comparison
            Holds the figure, both views and both traces.

        """
        if self.exercise not in ("step", "kernel") or self.function is None:
            raise ValueError(
                f"only the step and kernel exercises can be animated, not {self.exercise!r}"
            )
        data, h = _demo_data(X, bandwidth, self.kind)
        if self.exercise == "step":
            learner, note = learner_step_trace(
                self.function, data, bandwidth=h, kind=self.kind, max_steps=max_steps
            )
            who = "your step"
        else:
            learner, note = learner_kernel_trace(
                self.function, data, bandwidth=h, max_steps=max_steps
            )
            who = "your kernel"
        reference = _reference_trace(data, h, self.kind, max_steps)
        head, _, rest = self.message.partition("\n")
        verdict = head if self.passed else (rest.split(". ")[0].rstrip(".") + "." if rest
                                             else head)
        return Comparison(learner, reference, note=note, who=who, kind=self.kind,
                          layers=tuple(layers), verdict=verdict, passed=self.passed)

    def animate(self, X: ArrayLike | None = None, *, bandwidth: float | None = None,
                interval: int = 400) -> FuncAnimation:
        """Animate the learner's version beside the reference (keep the returned object).

        In Jupyter show it with ``IPython.display.HTML(anim.to_jshtml())``.

        Parameters
        ----------
        X, bandwidth
            As for :meth:`comparison`.
        interval : int, default=400
            Milliseconds between frames.

        Returns
        -------
        matplotlib.animation.FuncAnimation

        """
        return self.comparison(X, bandwidth=bandwidth).animate(interval=interval)

    def show(self, step: int = -1, X: ArrayLike | None = None, *,
             bandwidth: float | None = None) -> Figure:
        """Draw the learner's version beside the reference at one step (default: the end).

        Returns
        -------
        matplotlib.figure.Figure

        """
        comp = self.comparison(X, bandwidth=bandwidth)
        comp.show_step(step)
        return comp.fig


# --------------------------------------------------------------------------- calling safely


@dataclass
class _Raised:
    """An exception raised by the learner's code, summarised."""

    exc: BaseException
    text: str  # "ZeroDivisionError: division by zero"
    where: str  # "line 7: m = s / total" or ""

    def describe(self, who: str) -> str:
        at = f" (at {self.where})" if self.where else ""
        hint = _exception_hint(self.exc)
        return f"{who} raised {self.text}{at}." + (f" {hint}" if hint else "")


def _summarise(exc: BaseException) -> _Raised:
    name = next(
        (k.__name__ for k in type(exc).__mro__ if not k.__name__.startswith("_")),
        type(exc).__name__,
    )
    detail = str(exc).strip()
    text = f"{name}: {detail}" if detail else name
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [
        f for f in frames
        if not f.filename.startswith(_NUMPY_DIR) and not f.filename.startswith(_MSVIZ_DIR)
    ]
    if mine:
        f = mine[-1]
        code = (f.line or "").strip()
        where = f"line {f.lineno}" + (f": {code}" if code else "")
    return _Raised(exc, text, where)


def _exception_hint(exc: BaseException) -> str:
    msg = str(exc)
    if isinstance(exc, NotImplementedError):
        return "It is not written yet: replace the placeholder with your code."
    if "only length-1 arrays" in msg or "only size-1 arrays" in msg or "only 0-dimensional" in msg:
        return (
            "A function from the math module got an array: use numpy's versions "
            "(np.exp, np.sqrt), which work on whole arrays."
        )
    if "truth value of an array" in msg:
        return (
            "An `if`, `and` or `or` was given a whole array: use np.where(u <= 1, 1.0, 0.0), "
            "(u <= 1).astype(float), or & and | between arrays."
        )
    if "Cannot cast ufunc" in msg or "casting rule" in msg:
        return (
            "Float results were written into an integer array: make new arrays with a float "
            "dtype (np.zeros(points.shape) or X.astype(float))."
        )
    if "shapes (0," in msg or "size 0" in msg or "empty sequence" in msg:
        return (
            "Something was compared with an empty list or array: did you take distances to "
            "a list of clusters that is still empty? Start it with the first centre "
            "(the lesson article's bug)."
        )
    if isinstance(exc, ZeroDivisionError):
        return "Something was divided by zero: a window whose total weight is 0?"
    if isinstance(exc, NameError):
        return "A name is not defined: run the cell that imports or defines it first."
    if isinstance(exc, IndexError):
        return (
            "An index ran past the end of an array: points and X can have different "
            "numbers of rows."
        )
    return ""


@dataclass
class _Call:
    """What happened when the learner's function was called."""

    value: Any = None
    raised: _Raised | None = None
    mutated: list[str] = field(default_factory=list)


def _call(fn: Callable[..., Any], **kwargs: Any) -> _Call:
    """Call ``fn`` on copies of the arguments; catch everything it raises."""
    copies = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
    out = _Call()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out.value = fn(*copies.values())
    except Exception as exc:  # the learner's code may raise anything
        out.raised = _summarise(exc)
    for key, value in kwargs.items():
        if isinstance(value, np.ndarray):
            after = copies[key]
            if after.shape != value.shape or not np.array_equal(after, value, equal_nan=True):
                out.mutated.append(key)
    return out


def _as_array(value: Any, shape: tuple[int, ...], who: str,
              *, allow_bool: bool = True) -> tuple[FloatArray | None, str]:
    """The learner's answer as a float array of ``shape``, or the problem in words."""
    if value is None:
        return None, f"{who} returned None: did you forget the `return` line?"
    if value is Ellipsis:
        return None, f"{who} returned `...`: it is not written yet."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(value)
    except Exception:
        return None, f"{who} returned a {type(value).__name__}, not an array of numbers."
    if arr.dtype.kind not in ("biuf" if allow_bool else "iuf"):
        what = (
            f"an array of {arr.dtype}" if arr.ndim else f"a {type(value).__name__}"
        )
        return None, f"{who} returned {what}, not numbers."
    arr = arr.astype(np.float64)
    if arr.shape != shape:
        exp = _shape_text(shape)
        got = _shape_text(arr.shape)
        extra = ""
        if arr.ndim == len(shape) == 2 and arr.shape == shape[::-1]:
            extra = " It looks transposed (rows and columns swapped)."
        elif arr.ndim == 0:
            extra = " A single number came back for a whole array."
        elif arr.size == math.prod(shape):
            extra = " The number of values is right: keep the array's shape."
        return None, f"{who} returned an array of shape {got}; expected {exp}.{extra}"
    bad = ~np.isfinite(arr)
    if bad.any():
        first = np.argwhere(bad)[0]
        what = "NaN" if np.isnan(arr[tuple(first)]) else "inf"
        where = f"row {first[0]}" if arr.ndim >= 1 else "the result"
        return arr, f"{who} returned {what} (first in {where})."
    return arr, ""


def _safe_shape(value: Any) -> tuple[int, ...] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return tuple(np.shape(value))
    except Exception:
        return None


def _labelled(label: str, text: str) -> str:
    """``label`` then ``text``, continuation lines aligned under the first."""
    pad = " " * len(label)
    return label + text.replace("\n", "\n" + pad)


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _fmt(value: Any) -> str:
    if isinstance(value, np.ndarray) or (
        isinstance(value, (list, tuple)) and value and not isinstance(value[0], str)
    ):
        try:
            arr = np.asarray(value)
        except Exception:
            return repr(value)
        if arr.dtype.kind == "b":
            return str(arr.tolist())
        if arr.dtype.kind in "biuf":
            return np.array2string(
                arr, precision=4, suppress_small=True, threshold=24, edgeitems=3,
                max_line_width=78, separator=", ",
            )
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


_SIGNATURES = {
    "kernel": ("kernel", ("u",)),
    "step": ("step", ("points", "X", "bandwidth")),
    "converged": ("converged", ("old", "new", "bandwidth", "tol")),
    "merge": ("merge", ("centers", "bandwidth")),
}


def _not_callable(exercise: str, fn: Any) -> CheckResult | None:
    if callable(fn):
        name, params = _SIGNATURES[exercise]
        try:
            sig = inspect.signature(fn)
        except (TypeError, ValueError):  # builtins without a signature: just try them
            return None
        try:
            sig.bind(*params)
        except TypeError:
            mine = ", ".join(sig.parameters)
            msg = (
                f"✗ check_{exercise}: your function takes ({mine}), but the exercise calls it "
                f"as {name}({', '.join(params)}): give it exactly these "
                f"{len(params)} parameter{'s' if len(params) > 1 else ''}, in this order."
            )
            case = Case("the function's parameters", {}, False, f"{name}({', '.join(params)})",
                        f"({mine})", msg)
            return CheckResult(exercise, False, [case], msg)
        return None
    msg = (
        f"✗ check_{exercise}: give it your function itself, e.g. check_{exercise}"
        f"({exercise}) without parentheses after the name; got {_a(type(fn).__name__)}."
    )
    return CheckResult(exercise, False, [Case("a function", {}, False, "a function", fn, msg)],
                       msg)


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _verdict(exercise: str, who: str, cases: list[Case], note: str = "",
             fn: Callable[..., Any] | None = None, kind: str = "flat") -> CheckResult:
    n = len(cases)
    failed = [i for i, c in enumerate(cases) if not c.passed]
    if not failed:
        msg = f"✓ check_{exercise}: {who} passed all {n} cases."
        if note:
            msg += f"\nNote: {note}"
        return CheckResult(exercise, True, cases, msg, note, fn, kind)
    i = failed[0]
    case = cases[i]
    head = f"✗ check_{exercise}: case {i + 1} of {n} failed ({case.name})."
    return CheckResult(exercise, False, cases, f"{head}\n{case.problem}", note, fn, kind)


def _close(a: FloatArray, b: FloatArray, scale: float = 1.0) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-7, atol=1e-9 * scale))


# --------------------------------------------------------------------------- kernel


_KERNEL_WORDS = {"flat": "flat", "gaussian": "Gaussian", "epanechnikov": "Epanechnikov"}


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
    - ``"epanechnikov"``: ``max(1 - u, 0)``.

    A constant factor (e.g. a normalised Gaussian) passes, with a note: it
    cancels in the weighted mean.

    Parameters
    ----------
    kernel : callable
        The learner's function.
    kind : {"flat", "gaussian", "epanechnikov"}, default="flat"
        The kernel asked for.

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
    key = str(kind).strip().lower()
    if key not in KERNELS:
        raise ValueError(f"kind must be one of {sorted(KERNELS)}, got {kind!r}")
    ref = KERNELS[key].weight
    word = _KERNEL_WORDS[key]
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


# --------------------------------------------------------------------------- step


def _step_cases(kind: str) -> list[tuple[str, dict[str, Any]]]:
    rng = np.random.default_rng(7)
    five = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], dtype=np.float64)
    blobs = np.concatenate(
        [rng.normal([0.0, 0.0], 0.6, (12, 2)), rng.normal([4.0, 1.0], 0.6, (12, 2))]
    ).round(3)
    inside = np.array([[0.2, -0.1], [3.5, 1.4], [1.0, 0.5]])
    small = np.array([[0, 0], [1, 0], [0, 1], [6, 6], [7, 6], [6, 8]], dtype=np.float64)
    h_blob = 1.5 if kind == "flat" else 0.8
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
    else:
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
    ``exp(-d**2 / (2 * bandwidth**2))`` for every sample. The function returns a
    new float array the shape of ``points`` and must not change its inputs.
    ``points`` and ``X`` can have different numbers of rows, any number of
    features, and integer dtype.

    Parameters
    ----------
    step : callable
        The learner's function.
    kind : {"flat", "gaussian"}, default="flat"
        The kernel the exercise asks for.

    Returns
    -------
    CheckResult
        Its :meth:`~CheckResult.animate` runs the learner's step beside the engine.

    Examples
    --------
    >>> def step(points, X, bandwidth):
    ...     return points + solutions.step(points, X, bandwidth)   # the article's bug
    >>> print(check_step(step).message.splitlines()[1][:56])
    Your step returned the old point plus the weighted mean;

    """
    bad = _not_callable("step", step)
    if bad is not None:
        return bad
    key = str(kind).strip().lower()
    if key not in ("flat", "gaussian"):
        raise ValueError(f"kind must be 'flat' or 'gaussian', got {kind!r}")
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
    else:
        why = f"the Gaussian-weighted mean of all samples (h = {h:g})"
    return (
        f"Point {i} starts at {p}: the reference moves it to {_fmt(expected[i])}, {why}; "
        f"your step gave {_fmt(got[i])}."
    )


# --------------------------------------------------------------------------- converged


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


# --------------------------------------------------------------------------- merge


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


# --------------------------------------------------------------------------- solutions


class Solutions:
    """Reference solutions to the exercises, written as a learner would.

    Use them in a solutions notebook (``inspect.getsource(solutions.step)``
    shows the code).

    Examples
    --------
    >>> import numpy as np
    >>> solutions.kernel_flat(np.array([0.5, 1.0, 1.5])).tolist()
    [1.0, 1.0, 0.0]
    >>> solutions.step(np.array([[0.0, 0.0]]), np.array([[0.0, 0.0], [2.0, 0.0]]), 2.0).tolist()
    [[1.0, 0.0]]

    """

    @staticmethod
    def kernel_flat(u: ArrayLike) -> FloatArray:
        """Flat kernel: weight 1 inside the window (u <= 1, edge included), else 0."""
        u = np.asarray(u, dtype=float)
        return np.where(u <= 1.0, 1.0, 0.0)

    @staticmethod
    def kernel_gaussian(u: ArrayLike) -> FloatArray:
        """Gaussian kernel: weight exp(-u / 2) = exp(-d² / (2h²))."""
        u = np.asarray(u, dtype=float)
        return np.exp(-0.5 * u)

    @staticmethod
    def kernel_epanechnikov(u: ArrayLike) -> FloatArray:
        """Epanechnikov kernel: weight 1 - u inside the window, 0 outside."""
        u = np.asarray(u, dtype=float)
        return np.maximum(1.0 - u, 0.0)

    @staticmethod
    def step(points: ArrayLike, X: ArrayLike, bandwidth: float) -> FloatArray:
        """Move every point to the mean of the samples within one bandwidth (flat kernel)."""
        points = np.asarray(points, dtype=float)  # float copies: integer input works too
        X = np.asarray(X, dtype=float)
        new_points = np.empty_like(points)  # a new array: the input stays as it was
        for i, x in enumerate(points):
            u = np.sum((X - x) ** 2, axis=1) / bandwidth**2  # squared distance / h²
            weights = np.where(u <= 1.0, 1.0, 0.0)  # samples exactly h away count
            new_points[i] = weights @ X / weights.sum()  # the weighted mean itself
        return new_points

    @staticmethod
    def step_gaussian(points: ArrayLike, X: ArrayLike, bandwidth: float) -> FloatArray:
        """Move every point to the Gaussian-weighted mean of all samples."""
        points = np.asarray(points, dtype=float)
        X = np.asarray(X, dtype=float)
        new_points = np.empty_like(points)
        for i, x in enumerate(points):
            u = np.sum((X - x) ** 2, axis=1) / bandwidth**2
            weights = np.exp(-0.5 * u)
            new_points[i] = weights @ X / weights.sum()
        return new_points

    @staticmethod
    def converged(old: ArrayLike, new: ArrayLike, bandwidth: float, tol: float) -> NDArray[
        np.bool_
    ]:
        """Return which points stopped: shift (length of new - old) <= tol x bandwidth."""
        shift = np.linalg.norm(np.asarray(new, float) - np.asarray(old, float), axis=1)
        return shift <= tol * bandwidth

    @staticmethod
    def merge(centers: ArrayLike, bandwidth: float) -> FloatArray:
        """Keep a centre unless one already kept is within one bandwidth of it."""
        kept: list[FloatArray] = []
        for c in np.asarray(centers, dtype=float):
            if all(np.linalg.norm(c - k) > bandwidth for k in kept):
                kept.append(c)
        return np.array(kept).reshape(-1, np.shape(centers)[1])


#: The reference solutions (an instance of :class:`Solutions`).
solutions = Solutions()


# --------------------------------------------------------------------------- the learner's run


def _same_words(a: str, b: str) -> bool:
    """Whether two messages say the same thing (one holds the other's opening words)."""
    def norm(text: str) -> str:
        return " ".join(text.lower().replace(".", " ").split())

    na, nb = norm(a), norm(b)
    return nb[:50] in na or na[:50] in nb


def _demo_data(X: ArrayLike | None, bandwidth: float | None, kind: str) -> tuple[FloatArray, float]:
    if X is None:
        rng = np.random.default_rng(3)
        data = np.concatenate([
            rng.normal([0.0, 0.0], 0.55, (15, 2)),
            rng.normal([4.0, 0.8], 0.55, (15, 2)),
            rng.normal([1.6, 3.8], 0.55, (15, 2)),
        ])
    else:
        from msviz.engine._checks import check_X

        data = check_X(X)
    if bandwidth is None:
        bandwidth = 1.5 if kind == "flat" else (0.7 if kind == "gaussian" else 1.8)
    return data, float(bandwidth)


def _reference_trace(X: FloatArray, h: float, kind: str, max_steps: int) -> Trace:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return run_mean_shift(X, bandwidth=h, kernel=kind, max_iter=max_steps, tol=TOL)


def learner_step_trace(
    step: Callable[..., Any],
    X: ArrayLike,
    *,
    bandwidth: float,
    kind: str = "flat",
    max_steps: int = MAX_STEPS,
) -> tuple[Trace, str]:
    """Run a learner's step function from every sample and record it as a Trace.

    The points start at the samples; each update is ``step(points, X, bandwidth)``
    (on copies). The run stops when every shift is at most ``TOL * bandwidth``,
    after ``max_steps`` updates, or as soon as the step raises, returns the wrong
    shape or NaN (that step is not recorded), or the points run far outside the
    data (that step is recorded, so the run-off shows).

    Parameters
    ----------
    step : callable
        ``step(points, X, bandwidth) -> new_points``.
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidth : float
        The bandwidth passed to the step.
    kind : {"flat", "gaussian"}, default="flat"
        The kernel recorded in the trace (for the windows drawn).
    max_steps : int, default=60
        The most updates.

    Returns
    -------
    trace : Trace
        Cluster centres merged by the engine; none when the run failed (an
        exception, NaN, a wrong shape, points running off).
    note : str
        Why the run stopped early, in plain words ("" when it settled).

    """
    from msviz.engine._checks import check_X

    data = check_X(X)
    h = float(bandwidth)
    pos = data.copy()
    history = [pos.copy()]
    lo, hi = data.min(axis=0), data.max(axis=0)
    extent = max(float(np.linalg.norm(hi - lo)), h)
    note = ""
    settled = False
    for k in range(1, max_steps + 1):
        call = _call(step, points=pos.copy(), X=data.copy(), bandwidth=h)
        if call.raised is not None:
            note = call.raised.describe(f"At update {k}, your step")
            break
        new, problem = _as_array(call.value, pos.shape, f"At update {k}, your step",
                                 allow_bool=False)
        if new is not None and problem:  # NaN or inf
            bad = ~np.isfinite(new).all(axis=1)
            d2 = np.sum((pos[bad][:, None, :] - data[None, :, :]) ** 2, axis=2)
            empty = int(np.count_nonzero((d2 <= h * h).sum(axis=1) == 0))
            note = (
                f"At update {k} your step returned NaN or inf for {int(bad.sum())} of "
                f"{len(pos)} points"
                + (
                    f"; {empty} of them had no sample within h = {h:g} (an empty window gives "
                    "0 / 0): the points had left the data"
                    if empty
                    else ""
                )
                + ". Stopped there."
            )
            break
        if new is None or problem:
            note = problem + " Stopped there."
            break
        history.append(new.copy())
        outside = np.maximum(np.maximum(lo - new, new - hi), 0.0)
        far = float(np.max(np.linalg.norm(outside, axis=1)))
        shift = float(np.max(np.linalg.norm(new - pos, axis=1)))
        pos = new
        if far > extent:
            note = (
                f"After {k} update{'s' if k > 1 else ''} your points were far outside the "
                f"data (up to {far:.3g} beyond it, the data is {extent:.3g} across): they are "
                "running off, so the run was stopped."
            )
            break
        if shift <= TOL * h:
            settled = True
            break
    else:
        note = f"Your points were still moving after {max_steps} updates; stopped there."
    positions = np.stack(history)
    failed = bool(note) and not note.startswith("Your points were still moving")
    return _history_trace(data, positions, h, kind, settled, failed=failed), note


def learner_kernel_trace(
    kernel: Callable[..., Any],
    X: ArrayLike,
    *,
    bandwidth: float,
    max_steps: int = MAX_STEPS,
) -> tuple[Trace, str]:
    """Run the engine with a learner's kernel ``kernel(u)`` and record it.

    Parameters
    ----------
    kernel : callable
        ``kernel(u) -> weights``.
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidth : float
        The bandwidth.
    max_steps : int, default=60
        The most updates.

    Returns
    -------
    trace : Trace
        The run; if the kernel cannot run, a trace holding only the start.
    note : str
        What went wrong, in plain words ("" if nothing).

    """
    from msviz.engine._checks import check_X

    data = check_X(X)
    h = float(bandwidth)

    def weights(u: FloatArray) -> FloatArray:
        with np.errstate(all="ignore"):
            return np.asarray(kernel(np.array(u, dtype=np.float64)), dtype=np.float64)

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            trace = run_mean_shift(data, bandwidth=h, kernel=weights, max_iter=max_steps, tol=TOL)
        note = (
            f"With your kernel the points were still moving after {max_steps} updates."
            if any(issubclass(w.category, ConvergenceWarning) for w in caught)
            else ""
        )
        return trace, note
    except Exception as exc:
        raised = _summarise(exc)
        note = raised.describe("With your kernel, mean shift")
        return _history_trace(data, data[None].copy(), h, "flat", False, failed=True), note


def _history_trace(X: FloatArray, positions: FloatArray, h: float, kind: str,
                   settled: bool, *, failed: bool = False) -> Trace:
    n_steps, n = positions.shape[:2]
    shifts = np.zeros((n_steps, n))
    if n_steps > 1:
        shifts[1:] = np.linalg.norm(np.diff(positions, axis=0), axis=2)
    small = shifts <= TOL * h
    small[0] = False
    # A point stopped at the first step after which every shift stayed small.
    stop = np.full(n, n_steps, dtype=np.intp)
    still = np.ones(n, dtype=bool)
    for k in range(n_steps - 1, 0, -1):
        still &= small[k]
        stop[still] = k
    kwargs: dict[str, Any] = dict(
        bandwidth=h, kernel=kind, seeds="samples", max_iter=max(n_steps - 1, 1), tol=TOL,
        stop_step=stop, converged=settled,
    )
    nothing = (np.empty((0, X.shape[1])), np.full(n, -1))
    if failed:
        # A run that broke down has no modes worth showing.
        return Trace(X, positions, centers=nothing, **kwargs)
    try:
        return Trace(X, positions, **kwargs)
    except ValueError:
        # No end point has any sample within its window (the points ran off).
        return Trace(X, positions, centers=nothing, **kwargs)


# --------------------------------------------------------------------------- the picture


class Comparison:
    """The learner's run beside the reference run, on one figure.

    Made by :meth:`CheckResult.comparison`. ``show_step(i)`` shows step ``i`` in
    both panels (a run that ended earlier stays on its last step) and returns
    the artists changed; ``animate()`` makes a FuncAnimation of every step.
    Both panels draw the windows of the same moving points.

    Attributes
    ----------
    learner, reference : Trace
        The two runs.
    note : str
        Why the learner's run stopped early ("" if it did not).
    failed : bool
        Whether the learner's run broke down (no modes are shown for it).
    fig : Figure
    views : tuple of MeanShiftView
        (learner's view, reference view).
    n_frames : int
        ``max(len(learner), len(reference))``.

    """

    def __init__(self, learner: Trace, reference: Trace, *, note: str = "", who: str = "your step",
                 kind: str = "flat", layers: tuple[str, ...] = (), verdict: str = "",
                 passed: bool = True) -> None:
        import matplotlib.pyplot as plt

        from msviz.draw.view import MeanShiftView

        learner = _align_clusters(learner, reference)
        self.learner = learner
        self.reference = reference
        self.note = note
        self.failed = learner.n_clusters == 0
        self.n_frames = max(len(learner), len(reference))
        fig, axes = plt.subplots(1, 2, figsize=(11.5, 6.4), dpi=100)
        fig.subplots_adjust(left=0.06, right=0.98, top=0.78, bottom=0.14, wspace=0.16)
        self.fig: Figure = fig
        names = {"flat": "flat", "gaussian": "Gaussian", "epanechnikov": "Epanechnikov"}
        who_title = who[0].upper() + who[1:]
        titles = (
            who_title + (" (stopped early: see the note below)" if note else ""),
            f"Reference: msviz, {names.get(kind, kind)} kernel",
        )
        ref_view = MeanShiftView(
            reference, ax=axes[1], layers=_layers_for(reference, layers), legend=False,
            title=False,
        )
        ref_view.plot()
        highlight = np.asarray(ref_view.scene.highlight)
        mine = MeanShiftView(
            learner, ax=axes[0], layers=_layers_for(learner, layers), legend=False, title=False,
            highlight=highlight if highlight.size else None,
        )
        mine.plot()
        # One scale for both panels, so a run-off is as far on the right as on the left.
        xlim = (min(axes[0].get_xlim()[0], axes[1].get_xlim()[0]),
                max(axes[0].get_xlim()[1], axes[1].get_xlim()[1]))
        ylim = (min(axes[0].get_ylim()[0], axes[1].get_ylim()[0]),
                max(axes[0].get_ylim()[1], axes[1].get_ylim()[1]))
        for ax, title in zip(axes, titles, strict=True):
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            ax.set_title(title, fontsize=12.5, loc="left", pad=7)
        self.views: tuple[MeanShiftView, MeanShiftView] = (mine, ref_view)
        h = float(np.asarray(reference.bandwidth))
        fig.text(0.06, 0.965, f"Same data, same bandwidth (h = {h:.3g}): your version on the "
                 "left, the reference on the right", fontsize=14, ha="left", va="top")
        if verdict:
            fig.text(0.06, 0.905, _wrap_text(verdict, 125), fontsize=11, ha="left", va="top",
                     color="#1b7837" if passed else "#b2182b")
        # The note says why the learner's run ended early; skip it when the verdict
        # above already says the same thing (a function that raised, for one).
        if note and not (verdict and _same_words(note, verdict)):
            fig.text(0.06, 0.015, _wrap_text("Note: " + note, 125), ha="left", va="bottom",
                     fontsize=10.5, color="#b2182b")

    def show_step(self, step: int) -> list[Artist]:
        """Show ``step`` in both panels; return the artists changed.

        Parameters
        ----------
        step : int
            A frame index (negative counts from the end of the longer run).

        Returns
        -------
        list of Artist

        """
        k = step + self.n_frames if step < 0 else step
        if not 0 <= k < self.n_frames:
            raise IndexError(f"step {step} is out of range: 0 to {self.n_frames - 1}")
        changed: list[Artist] = []
        for view, trace in zip(self.views, (self.learner, self.reference), strict=True):
            kk = min(k, len(trace) - 1)
            changed += view.show_step(kk)
            if view is self.views[0] and self.note and kk == len(trace) - 1:
                view.label.set_text(f"step {kk} / {len(trace) - 1} · stopped early")
        return changed

    def animate(self, *, interval: int = 400, repeat_delay: int = 1500) -> FuncAnimation:
        """Animate every step of both runs (keep a reference to the result).

        Parameters
        ----------
        interval : int, default=400
            Milliseconds between frames.
        repeat_delay : int, default=1500
            Pause at the end before starting again.

        Returns
        -------
        matplotlib.animation.FuncAnimation

        """
        from matplotlib.animation import FuncAnimation

        return FuncAnimation(
            self.fig, self.show_step, frames=self.n_frames, interval=interval,
            repeat_delay=repeat_delay, blit=False,
        )

    def save(self, path: str | os.PathLike[str], step: int = -1) -> Path:
        """Save the figure at ``step`` as an image (PNG by the file name)."""
        self.show_step(step)
        out = Path(path)
        self.fig.savefig(out, dpi=100)
        return out

    def close(self) -> None:
        """Close the figure."""
        import matplotlib.pyplot as plt

        plt.close(self.fig)


def _align_clusters(learner: Trace, reference: Trace) -> Trace:
    """Renumber the learner's clusters after the nearest reference clusters (same colours)."""
    k, m = learner.n_clusters, reference.n_clusters
    if k == 0 or m == 0 or learner.X.shape[1] != reference.X.shape[1]:
        return learner
    d = np.linalg.norm(
        learner.cluster_centers[:, None, :] - reference.cluster_centers[None, :, :], axis=2
    )
    new_index = np.full(k, -1, dtype=np.intp)
    taken: set[int] = set()
    for flat in np.argsort(d, axis=None):
        i, j = divmod(int(flat), m)
        if new_index[i] < 0 and j not in taken:
            new_index[i] = j
            taken.add(j)
    spare = iter(sorted(set(range(max(k, m) + k)) - taken))
    for i in range(k):
        if new_index[i] < 0:
            new_index[i] = next(spare)
    if np.array_equal(new_index, np.arange(k)):
        return learner
    # Compact the numbering (0 .. k-1) in the order of the reference.
    order = np.argsort(new_index)
    rank = np.empty(k, dtype=np.intp)
    rank[order] = np.arange(k)
    centers = learner.cluster_centers[order]
    seed_labels = np.where(learner.seed_labels >= 0, rank[learner.seed_labels.clip(0)], -1)
    return learner.with_centers(centers, seed_labels)


def _layers_for(trace: Trace, layers: Sequence[str]) -> list[str] | None:
    available = _available_layers(trace)
    chosen = [name for name in layers if name in available]
    return chosen or None


def _available_layers(trace: Trace) -> tuple[str, ...]:
    from msviz.draw.view import LAYERS

    return tuple(
        name for name in LAYERS
        if not (name == "density" and trace.kernel.shadow is None)
        and name not in ("basins", "convergence")
    )


def _wrap_text(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))

