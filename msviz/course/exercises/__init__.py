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

One module per exercise: ``kernel``, ``step``, ``converged`` and ``merge`` hold
their checker, cases and named mistakes; ``_checking`` what they share (the
verdict, calling the learner's code safely); ``solutions`` the reference
solutions; ``picture`` the learner's run recorded and drawn beside the reference.

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

from msviz.course.exercises._checking import Case, CheckResult
from msviz.course.exercises.converged import check_converged
from msviz.course.exercises.kernel import check_kernel
from msviz.course.exercises.merge import check_merge
from msviz.course.exercises.picture import Comparison, learner_kernel_trace, learner_step_trace
from msviz.course.exercises.solutions import Solutions, solutions
from msviz.course.exercises.step import check_step

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
