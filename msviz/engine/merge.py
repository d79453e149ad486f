"""Merging end points into cluster centres, as scikit-learn does."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from msviz.engine._types import FloatArray, IntArray
from msviz.engine._windows import CACHE_ELEMENTS, _sq_dist

__all__ = ["merge_modes"]


def merge_modes(
    positions: ArrayLike,
    intensity: ArrayLike,
    bandwidth: float | ArrayLike,
) -> tuple[FloatArray, IntArray]:
    """Merge the end points of the moving points into cluster centres.

    As scikit-learn does: order the candidates by how many samples lie within
    one bandwidth of them (ties by position, larger first), then keep a
    candidate unless an earlier kept centre is within one bandwidth of it.
    Candidates with an intensity of 0 (nothing in their window) are dropped.

    Parameters
    ----------
    positions : array-like of shape (n_seeds, n_features)
        Where the moving points stopped.
    intensity : array-like of shape (n_seeds,)
        The number of samples within one bandwidth of each.
    bandwidth : float or array-like of shape (n_seeds,)
        The merge radius (each candidate's own, for variable bandwidth).

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    seed_labels : ndarray of shape (n_seeds,)
        The centre each moving point merged into; -1 for dropped ones.

    Examples
    --------
    >>> centers, lab = merge_modes([[0.0], [0.1], [5.0]], [3, 2, 4], 1.0)
    >>> centers.tolist(), lab.tolist()
    ([[5.0], [0.0]], [1, 1, 0])

    """
    pos = np.asarray(positions, dtype=np.float64)
    n = pos.shape[0]
    h = np.broadcast_to(np.asarray(bandwidth, dtype=np.float64), (n,))
    seed_labels = np.full(n, -1, dtype=np.intp)
    ranked = rank_candidates(pos, intensity)
    if ranked is None:
        return np.empty((0, pos.shape[1])), seed_labels
    valid, uniq, first, inverse, order = ranked
    cand_h = h[valid][first]
    owner = np.full(uniq.shape[0], -1, dtype=np.intp)
    kept: list[int] = []
    for i in order:
        if owner[i] >= 0:
            continue
        d2 = np.sum((uniq - uniq[i]) ** 2, axis=1)
        near = (d2 <= cand_h[i] ** 2) & (owner < 0)
        owner[near] = len(kept)
        owner[i] = len(kept)
        kept.append(int(i))
    centers = uniq[kept]
    seed_labels[valid] = owner[inverse]
    return centers, seed_labels


def rank_candidates(
    positions: FloatArray, intensity: ArrayLike
) -> tuple[IntArray, FloatArray, IntArray, IntArray, IntArray] | None:
    """The merge's candidates in the order they are kept, as scikit-learn ranks them.

    End points with an empty window (intensity 0) are not candidates; exactly
    equal end points are one candidate, with the largest intensity among them.

    Returns
    -------
    (valid, uniq, first, inverse, order) or None
        ``valid``: the rows that are candidates; ``uniq``: the distinct
        candidates; ``first``: the first row (of ``valid``) of each; ``inverse``:
        the candidate of each valid row; ``order``: candidates by (intensity,
        coordinates), largest first, like ``sorted(..., reverse=True)``. None when
        no end point is a candidate.
    """
    inten = np.asarray(intensity)
    valid = np.flatnonzero(inten > 0)
    if valid.size == 0:
        return None
    uniq, first, inverse = np.unique(positions[valid], axis=0, return_index=True,
                                     return_inverse=True)
    inverse = inverse.reshape(-1)
    cand_int = np.zeros(uniq.shape[0], dtype=inten.dtype)
    np.maximum.at(cand_int, inverse, inten[valid])
    keys = [uniq[:, k] for k in range(uniq.shape[1] - 1, -1, -1)] + [cand_int]
    order = np.lexsort(keys)[::-1]
    return valid, uniq, first, inverse, order


def _nearest_rows(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray]:
    """Index of and distance to the nearest centre for each point (chunked)."""
    m, k = points.shape[0], centers.shape[0]
    idx = np.empty(m, dtype=np.intp)
    dist = np.empty(m)
    cols = np.ascontiguousarray(centers.T)
    step = max(1, min(m, CACHE_ELEMENTS // max(k, 1)))
    buf, tmp = np.empty((step, k)), np.empty((step, k))
    for start in range(0, m, step):
        stop = min(start + step, m)
        d2 = buf[: stop - start]
        _sq_dist(points[start:stop], cols, d2, tmp[: stop - start])
        j = np.argmin(d2, axis=1)
        idx[start:stop] = j
        dist[start:stop] = np.sqrt(d2[np.arange(stop - start), j])
    return idx, dist
