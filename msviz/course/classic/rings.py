"""The lesson's ring arithmetic and its pruning rule, one function each.

:func:`ring_radius` (the "dynamic" radius, ``|mean(X)| / 100``), :func:`ring_index`
and :func:`ring_weights` (ring ``k`` of a distance and its weight ``(99 - k)**2``),
:func:`ring_kernel` (the same weights as a :class:`msviz.Kernel`),
:func:`removal_marks` (which centroids the lesson deletes after a pass) and
:func:`near_duplicates` (centres that should have been one). numpy only.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike

from msviz.engine._checks import check_X
from msviz.engine._types import BoolArray, FloatArray, IntArray
from msviz.engine.kernels import Kernel

__all__ = [
    "ZERO_DISTANCE",
    "ClassicError",
    "ClassicWarning",
    "near_duplicates",
    "removal_marks",
    "ring_index",
    "ring_kernel",
    "ring_radius",
    "ring_weights",
]


# The lesson replaces a distance of exactly 0 (a centroid on a sample) by this.
ZERO_DISTANCE = 1e-11


class ClassicError(ValueError):
    """The lesson's method cannot run on this data (where the original crashes)."""


class ClassicWarning(UserWarning):
    """The lesson's method ran but found nothing useful (a flaw made visible)."""


def ring_radius(X: ArrayLike, n_rings: int = 100) -> float:
    """Return the lesson's "dynamic" radius: the norm of the data's mean over ``n_rings``.

    This is the width of one ring. It measures how far the centre of the data is
    from the origin, not how spread out the data is.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    n_rings : int, default=100
        The lesson's ``radius_norm_step``.

    Returns
    -------
    float
        ``|mean(X)| / n_rings``; 0 for data centred on the origin.

    Examples
    --------
    >>> ring_radius([[3.0, 4.0], [3.0, 4.0]])
    0.05
    >>> ring_radius([[103.0, 104.0], [103.0, 104.0]]) > 1
    True

    """
    data = check_X(X)
    n = _check_n_rings(n_rings)
    return float(np.linalg.norm(np.average(data, axis=0))) / n


def ring_index(distances: ArrayLike, radius: float, n_rings: int = 100) -> IntArray:
    """Return the ring of each distance: ``int(d / radius)``, capped at ``n_rings - 1``.

    A distance of exactly 0 is replaced by 1e-11 first, as the lesson does.

    Parameters
    ----------
    distances : array-like
        Distances from a centroid to samples (any shape).
    radius : float
        The width of one ring (see :func:`ring_radius`).
    n_rings : int, default=100
        The number of rings.

    Returns
    -------
    ndarray of int, the shape of ``distances``

    Raises
    ------
    ClassicError
        If ``radius`` is 0: every ``d / 0`` is infinite (the lesson's code crashes).

    Examples
    --------
    >>> ring_index([0.0, 0.5, 1.0, 2.7, 500.0], radius=1.0).tolist()
    [0, 0, 1, 2, 99]

    """
    n = _check_n_rings(n_rings)
    r = _check_ring_width(radius)
    d = np.array(distances, dtype=np.float64)
    d[d == 0] = ZERO_DISTANCE
    with np.errstate(over="ignore"):
        k = np.minimum(np.floor(d / r), n - 1)
    return k.astype(np.intp)


def ring_weights(distances: ArrayLike, radius: float, n_rings: int = 100) -> FloatArray:
    """Return the lesson's ring weights ``(n_rings - 1 - k)**2``, ring ``k = int(d / radius)``.

    A sample in the innermost ring (closer than one radius) counts 99² = 9,801
    times, one in ring 1 counts 98² = 9,604 times, and so on down to ring 99 and
    beyond, which counts 0 times. So near samples pull hardest, and samples
    farther than ``(n_rings - 1) * radius`` do not pull at all.

    Parameters
    ----------
    distances : array-like
        Distances from a centroid to samples (any shape).
    radius : float
        The width of one ring (see :func:`ring_radius`).
    n_rings : int, default=100
        The number of rings.

    Returns
    -------
    ndarray of float, the shape of ``distances``

    Raises
    ------
    ClassicError
        If ``radius`` is 0.

    Examples
    --------
    >>> ring_weights([0.0, 0.5, 1.0, 2.7, 500.0], radius=1.0).tolist()
    [9801.0, 9801.0, 9604.0, 9409.0, 0.0]

    """
    n = _check_n_rings(n_rings)
    k = ring_index(distances, radius, n)
    return ((n - 1 - k) ** 2).astype(np.float64)


def ring_kernel(n_rings: int = 100) -> Kernel:
    """Return the ring weights as a :class:`msviz.Kernel` of bandwidth ``n_rings * radius``.

    With ``h = n_rings * radius`` (which is ``|mean(X)|``), a sample at distance
    ``d`` has ``u = d**2 / h**2`` and ring ``k = floor(n_rings * sqrt(u))``, so the
    lesson's weights are a fixed weighting profile ``g(u)``: a staircase that falls
    from ``(n_rings - 1)**2`` at the centre to 0 at ``u = ((n_rings - 1) / n_rings)**2``.
    Its shadow, the density whose hill the method climbs (Cheng 1995), is
    ``k(u) = integral of g from u to 1``, computed exactly.

    Parameters
    ----------
    n_rings : int, default=100
        The number of rings.

    Returns
    -------
    Kernel

    Examples
    --------
    >>> k = ring_kernel()
    >>> k.weight(np.array([0.0, 0.0001, 0.5, 1.0])).tolist()
    [9801.0, 9604.0, 841.0, 0.0]

    """
    n = _check_n_rings(n_rings)
    j = np.arange(n - 1, dtype=np.float64)  # rings with a non-zero weight
    lo, hi = (j / n) ** 2, ((j + 1) / n) ** 2  # each ring's span in u
    g = (n - 1 - j) ** 2
    # tail[m] = integral of g over the rings m, m+1, ..., n-2 (tail[n-1] = 0).
    tail = np.concatenate([np.cumsum((g * (hi - lo))[::-1])[::-1], [0.0]])

    def weight(u: FloatArray) -> FloatArray:
        ring = np.minimum(np.floor(n * np.sqrt(np.maximum(u, 0.0))), n - 1)
        return (n - 1 - ring) ** 2

    def shadow(u: FloatArray) -> FloatArray:
        uu = np.maximum(np.asarray(u, dtype=np.float64), 0.0)
        ring = np.minimum(np.floor(n * np.sqrt(uu)), n - 1).astype(np.intp)
        inner = ring < n - 1
        r = np.where(inner, ring, 0)
        part = (n - 1 - r) ** 2 * (hi[r] - uu) + tail[r + 1]
        return np.where(inner, np.maximum(part, 0.0), 0.0)

    def shadow_norm(d: int) -> float:
        # integral over R^d of k(|x|^2) = surface(d) * integral_0^1 k(t^2) t^(d-1) dt,
        # where on ring j, k(t^2) = A_j - B_j t^2 with B_j = g_j, A_j = g_j hi_j + tail_{j+1}.
        t0, t1 = j / n, (j + 1) / n
        a = g * hi + tail[1:]
        radial = np.sum(a * (t1**d - t0**d) / d - g * (t1 ** (d + 2) - t0 ** (d + 2)) / (d + 2))
        surface = 2.0 * math.pi ** (d / 2) / math.gamma(d / 2)
        return 1.0 / (surface * float(radial))

    return Kernel(
        name="ring weights", weight=weight, radius=1.0, shadow=shadow,
        shadow_name="ring shadow", shadow_norm=shadow_norm,
    )


def removal_marks(centroids: ArrayLike, radius: float) -> tuple[BoolArray, IntArray]:
    """Apply the lesson's pruning rule: which centroids it deletes, and who marked them.

    The centroids are taken in the lesson's order (sorted, as tuples). Each one
    marks the *first* other centroid within ``radius`` (``<=``) and every marked
    centroid is deleted. So two centroids closer than one radius mark each other
    and both vanish; of three close ones, the third survives (until the next pass).

    Parameters
    ----------
    centroids : array-like of shape (n_centroids, n_features)
        The centroids after a pass, in the lesson's order.
    radius : float
        The ring width.

    Returns
    -------
    removed : ndarray of shape (n_centroids,), dtype bool
        The centroids the lesson deletes.
    marked_by : ndarray of shape (n_centroids,)
        For each removed centroid, the index of the first centroid that marked
        it; -1 for survivors.

    Examples
    --------
    A pair closer than one radius and a far centroid: the pair removes itself.

    >>> removed, by = removal_marks([[0.0, 0.0], [0.5, 0.0], [9.0, 9.0]], radius=1.0)
    >>> removed.tolist(), by.tolist()
    ([True, True, False], [1, 0, -1])

    """
    C = check_X(centroids, name="centroids")
    m = C.shape[0]
    removed = np.zeros(m, dtype=bool)
    marked_by = np.full(m, -1, dtype=np.intp)
    for i in range(m):
        d = np.linalg.norm(C - C[i], axis=1)
        near = np.flatnonzero((d <= radius) & np.any(C != C[i], axis=1))
        if near.size:
            target = int(near[0])
            if not removed[target]:
                marked_by[target] = i
            removed[target] = True
    return removed, marked_by


def near_duplicates(centers: ArrayLike, distance: float) -> list[tuple[int, int, float]]:
    """Pairs of centres closer than ``distance``: clusters that should have been one.

    Parameters
    ----------
    centers : array-like of shape (n_centers, n_features)
        Cluster centres, e.g. ``fixed_radius(X, radius=r).cluster_centers``.
    distance : float
        Pairs closer than this are reported (usually the radius or bandwidth).

    Returns
    -------
    list of (i, j, distance)
        With ``i < j``, closest pairs first.

    Examples
    --------
    >>> near_duplicates([[0.5], [1.0], [1.5], [10.5]], 1.5)
    [(0, 1, 0.5), (1, 2, 0.5), (0, 2, 1.0)]

    """
    C = check_X(centers, name="centers")
    pairs: list[tuple[int, int, float]] = []
    for i in range(C.shape[0]):
        d = np.linalg.norm(C[i + 1 :] - C[i], axis=1)
        for off in np.flatnonzero(d < distance):
            pairs.append((i, i + 1 + int(off), float(d[off])))
    pairs.sort(key=lambda p: (p[2], p[0], p[1]))
    return pairs


def _check_n_rings(n_rings: object) -> int:
    if isinstance(n_rings, bool) or not isinstance(n_rings, numbers.Integral) or n_rings < 2:
        raise ValueError(f"n_rings must be an integer >= 2, got {n_rings!r}; the lesson uses 100")
    return int(n_rings)


def _check_ring_width(radius: object) -> float:
    if isinstance(radius, bool) or not isinstance(radius, numbers.Real):
        raise ValueError(f"radius must be a number > 0, got {radius!r}")
    r = float(radius)
    if r == 0.0:
        raise ClassicError(
            "the radius is 0, so every distance d gives ring d / 0 = infinity (the lesson's "
            "code crashes here); this happens when the data is centred on the origin"
        )
    if not r > 0 or not math.isfinite(r):
        raise ValueError(f"radius must be a finite number > 0, got {radius!r}")
    return r
