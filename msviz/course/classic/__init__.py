"""The lesson's from-scratch mean shift, re-implemented faithfully, flaws included.

The course teaches mean shift from two hand-written methods before it turns to
scikit-learn. This module reproduces both, written afresh from the facts of the
lesson, and records every pass as a :class:`ClassicTrace` (a :class:`msviz.Trace`),
so the same views, animations and widgets show them next to the engine:

:func:`fixed_radius`
    Every sample starts as a centroid; each pass moves every centroid to the plain
    mean of the samples closer than an absolute ``radius`` (strict ``<``); exactly
    equal centroids are merged; the loop stops when no centroid moved at all.
:func:`ring_weighted`
    The lesson's "dynamic bandwidth": ``radius = |mean(X)| / 100``; a sample at
    distance ``d`` lies in ring ``k = int(d / radius)`` (at most 99) and counts
    ``(99 - k)**2`` times; after each pass every centroid marks the first other
    centroid within one radius, and every marked centroid is removed.

Their flaws are kept on purpose, because the notebooks show them (see
:data:`FLAWS`): near-duplicate centroids and a scale-dependent answer for the
fixed radius; for the ring method a radius that depends on where the origin is,
a crash for data centred on the origin (:class:`ClassicError` here), whole
clusters vanishing because two close centroids remove each other, and the cost
of repeating samples instead of weighting them.

How a changing set of centroids becomes a trace
-----------------------------------------------
The lesson's code keeps a shrinking set of centroids. A :class:`msviz.Trace`
has a fixed number of moving points, so here every *sample* keeps its own track
for the whole run (``n_seeds == n_samples``):

* two centroids that land on exactly the same spot are one centroid in the
  lesson's set; here their tracks simply coincide from then on (they are
  computed once, as in the lesson, so they stay bit-for-bit equal). The track
  with the lowest index is the *primary* one: ``trace.primary[k]`` marks exactly
  the lesson's centroids after ``k`` passes, ``trace.n_centroids[k]`` counts them
  and :meth:`ClassicTrace.centroids_at` lists them in the lesson's (sorted) order;
* a centroid the ring method removes is frozen where it was removed:
  ``trace.alive[k]`` turns False, ``trace.removed_step`` says when and
  ``trace.removed_by`` which track marked it. Frozen tracks count as converged,
  so views treat them as stopped points.

Both loops stop as the lesson's does: each new (sorted) centroid is compared
with the old one at the same place in the list, with exact equality. That is
"no centroid moved at all", except that the first pass compares with the
samples in data order, and a pass that only merged centroids can end the loop
one pass early; both quirks are kept. The lesson has no iteration cap; here
``max_iter`` stops the loop with a :class:`msviz.ConvergenceWarning`.

Everything is deterministic, and numpy is all it imports. The package has three
modules: ``methods`` (the two methods, their loop and :class:`ClassicTrace`),
``rings`` (the ring arithmetic and the pruning rule) and ``flaws`` (:data:`FLAWS`).
"""

from __future__ import annotations

from msviz.course.classic.flaws import FLAWS, Flaw
from msviz.course.classic.methods import (
    REPEAT_MAX_SAMPLES as REPEAT_MAX_SAMPLES,
)
from msviz.course.classic.methods import ClassicTrace, fixed_radius, ring_weighted
from msviz.course.classic.rings import (
    ZERO_DISTANCE as ZERO_DISTANCE,
)
from msviz.course.classic.rings import (
    ClassicError,
    ClassicWarning,
    near_duplicates,
    removal_marks,
    ring_index,
    ring_kernel,
    ring_radius,
    ring_weights,
)

__all__ = [
    "FLAWS",
    "ClassicError",
    "ClassicTrace",
    "ClassicWarning",
    "Flaw",
    "fixed_radius",
    "near_duplicates",
    "removal_marks",
    "ring_index",
    "ring_kernel",
    "ring_radius",
    "ring_weighted",
    "ring_weights",
]
