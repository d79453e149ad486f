"""What every checker shares: the verdict, calling the learner's code safely, formatting.

:class:`CheckResult` is what a checker returns (with its :class:`Case` list);
``_call`` runs the learner's function on copies and catches what it raises;
``_as_array`` turns its answer into a float array or says in plain words what is
wrong with it; ``_verdict`` writes the message.
"""

from __future__ import annotations

import html
import inspect
import math
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from msviz.engine._types import FloatArray
from msviz.engine.kernels import KERNELS

if TYPE_CHECKING:
    from matplotlib.animation import FuncAnimation
    from matplotlib.figure import Figure

    from msviz.course.exercises.picture import Comparison

__all__ = ["MAX_STEPS", "TOL", "Case", "CheckResult"]


#: Steps at most in a learner's animated run.
MAX_STEPS = 60
#: The stopping rule of the animated runs: shift <= TOL * bandwidth.
TOL = 1e-3

_NUMPY_DIR = str(Path(np.__file__).parent)
_MSVIZ_DIR = str(Path(__file__).parent)


# --------------------------------------------------------------------------- results


#: The mark of a check whose function is still the placeholder (not a failure).
PENDING = "○"


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
        if case is not None and case.inputs and not self.message.startswith(PENDING):
            lines.append("")
            lines.append("input:")
            for key, value in case.inputs.items():
                lines.append(_labelled(f"  {key} = ", _fmt(value)))
            lines.append(_labelled("expected: ", _fmt(case.expected)))
            lines.append(_labelled("got:      ", _fmt(case.got)))
        pending = self.message.startswith(PENDING)
        marks = "".join("✓" if c.passed else PENDING if pending else "✗" for c in self.cases)
        lines.append(f"cases: {marks}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        ok = self.passed
        pending = self.message.startswith(PENDING)
        color = "#1b7837" if ok else "#6b6b6b" if pending else "#b2182b"
        head, _, rest = self.message.partition("\n")
        parts = [
            f'<div style="border-left: 5px solid {color}; padding: 6px 12px; margin: 4px 0; '
            'font-family: sans-serif; font-size: 14px; line-height: 1.45">',
            f'<div style="color: {color}; font-weight: bold">{html.escape(head)}</div>',
        ]
        if rest:
            parts.append(f"<div>{html.escape(rest).replace(chr(10), '<br>')}</div>")
        case = self.failed
        if case is not None and case.inputs and not pending:
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
        bad, cross = ("#6b6b6b", PENDING) if pending else ("#b2182b", "✗")
        marks = "".join(
            f"<span style='color:{'#1b7837' if c.passed else bad}' "
            f"title='{html.escape(c.name, quote=True)}'>{'✓' if c.passed else cross}</span>"
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
        from msviz.course.exercises.picture import (
            Comparison,
            _demo_data,
            _reference_trace,
            learner_kernel_trace,
            learner_step_trace,
        )

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
    if i == 0 and "NotImplementedError" in str(case.got):
        # The placeholder: nothing is wrong yet, so no red cross (issue 10).
        head = f"{PENDING} check_{exercise}: not written yet."
    else:
        head = f"✗ check_{exercise}: case {i + 1} of {n} failed ({case.name})."
    return CheckResult(exercise, False, cases, f"{head}\n{case.problem}", note, fn, kind)


def _kernel_key(kind: object) -> str:
    """The name in :data:`msviz.KERNELS` of the kernel an exercise asks for."""
    key = str(kind).strip().lower()
    if key not in KERNELS:
        names = ", ".join(repr(k) for k in KERNELS)
        raise ValueError(
            f"kind must be the name of a kernel in msviz.KERNELS ({names}), got {kind!r}; "
            "add one with msviz.register_kernel"
        )
    return key


def _kernel_label(kind: str) -> str:
    """How a kernel is named in sentences ("Gaussian"): its label, else the name given."""
    kernel = KERNELS.get(str(kind).strip().lower())
    return kernel.label if kernel is not None else str(kind)


def _close(a: FloatArray, b: FloatArray, scale: float = 1.0) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-7, atol=1e-9 * scale))
