"""Window sums: the one computation behind every mean shift update and density.

For query points ``q`` and data ``x_i`` with bandwidths ``h_i`` (one shared value
or one per sample) and a kernel profile ``f`` (the weighting profile for an
update, the shadow profile for a density), compute per query::

    weight  = sum_i c_i f(u_i)          u_i = ||q - x_i||^2 / h_i^2
    moment  = sum_i c_i f(u_i) x_i      (only for updates)
    inside  = #{i : u_i <= 1}           (samples within one bandwidth)

where ``c_i`` is an optional per-sample factor. Everything is chunked so that no
temporary exceeds :data:`MEMORY_BUDGET`, and buffers are reused between chunks.

Two back ends give identical results: a dense one (all samples for every query)
and, for compact kernels with one shared bandwidth in 1 to 3 dimensions, a
uniform grid of cell size h/2 so each query only reads the samples in the 5^d
cells around it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from msviz.bandwidth import MEMORY_BUDGET

Profile = Callable[[NDArray[np.float64]], NDArray[np.float64]]

# Below this many samples the dense back end is as fast as the grid.
GRID_MIN_SAMPLES = 1500
GRID_MAX_DIM = 3


@dataclass
class WindowSums:
    """Per-query results of :meth:`Windows.sums`."""

    weight: NDArray[np.float64]
    moment: NDArray[np.float64] | None
    inside: NDArray[np.intp]


def _sq_dist(q: NDArray[np.float64], x: NDArray[np.float64], out: NDArray[np.float64]) -> None:
    """Squared distances between rows, computed from differences (exact on ties)."""
    d = q.shape[1]
    if d <= 4:
        tmp = np.empty_like(out)
        np.subtract(q[:, 0:1], x[None, :, 0], out=out)
        np.square(out, out=out)
        for k in range(1, d):
            np.subtract(q[:, k : k + 1], x[None, :, k], out=tmp)
            np.square(tmp, out=tmp)
            out += tmp
    else:
        np.matmul(q, x.T, out=out)
        out *= -2.0
        out += np.einsum("ij,ij->i", q, q)[:, None]
        out += np.einsum("ij,ij->i", x, x)[None, :]
        np.maximum(out, 0.0, out=out)


class Windows:
    """Kernel-weighted window sums of query points over a fixed data set.

    Parameters
    ----------
    data : ndarray of shape (n_samples, n_features)
        The samples being averaged.
    bandwidth : float or ndarray of shape (n_samples,)
        One bandwidth, or one per sample.
    radius : float
        Support radius of the profile in bandwidths (``inf`` if unbounded).
    factor : ndarray of shape (n_samples,), optional
        A per-sample multiplier ``c_i`` of the weights.
    """

    def __init__(
        self,
        data: NDArray[np.float64],
        bandwidth: float | NDArray[np.float64],
        radius: float,
        factor: NDArray[np.float64] | None = None,
    ) -> None:
        self.data = data
        self.n, self.d = data.shape
        self.scalar = np.ndim(bandwidth) == 0
        self.bandwidth = bandwidth
        self.inv_h2: float | NDArray[np.float64] = 1.0 / np.square(bandwidth)
        self.factor = factor
        self.radius = radius
        self.grid: _Grid | None = None
        if (
            self.scalar
            and math.isfinite(radius)
            and self.n >= GRID_MIN_SAMPLES
            and self.d <= GRID_MAX_DIM
        ):
            self.grid = _Grid(data, float(bandwidth) * radius)  # type: ignore[arg-type]

    def sums(
        self, queries: NDArray[np.float64], profile: Profile, *, moment: bool = True
    ) -> WindowSums:
        """Sum the profile's weights (and weighted positions) over each query's window."""
        m = queries.shape[0]
        out = WindowSums(
            np.zeros(m), np.zeros((m, self.d)) if moment else None, np.zeros(m, dtype=np.intp)
        )
        if m == 0:
            return out
        if self.grid is not None:
            for rows, cand in self.grid.groups(queries):
                self._block(queries[rows], cand, profile, out, rows)
        else:
            self._block(queries, None, profile, out, slice(None))
        return out

    def _block(
        self,
        q: NDArray[np.float64],
        cand: NDArray[np.intp] | None,
        profile: Profile,
        out: WindowSums,
        rows: NDArray[np.intp] | slice,
    ) -> None:
        x = self.data if cand is None else self.data[cand]
        n = x.shape[0]
        if n == 0:
            return
        inv_h2 = self.inv_h2
        if not self.scalar:
            inv_h2 = inv_h2[cand] if cand is not None else inv_h2  # type: ignore[index]
        factor = self.factor
        if factor is not None and cand is not None:
            factor = factor[cand]
        m = q.shape[0]
        step = max(1, MEMORY_BUDGET // (8 * 3 * n))
        buf = np.empty((min(step, m), n))
        weight = np.empty(m)
        inside = np.empty(m, dtype=np.intp)
        mom = np.empty((m, self.d)) if out.moment is not None else None
        for start in range(0, m, step):
            stop = min(start + step, m)
            u = buf[: stop - start]
            _sq_dist(q[start:stop], x, u)
            u *= inv_h2
            inside[start:stop] = np.count_nonzero(u <= 1.0, axis=1)
            w = profile(u)
            if factor is not None:
                w *= factor
            weight[start:stop] = w.sum(axis=1)
            if mom is not None:
                np.matmul(w, x, out=mom[start:stop])
        out.weight[rows] += weight
        out.inside[rows] += inside
        if mom is not None and out.moment is not None:
            out.moment[rows] += mom

    def nearest(self, queries: NDArray[np.float64]) -> NDArray[np.intp]:
        """Index of the nearest sample to each query (dense, chunked)."""
        m = queries.shape[0]
        idx = np.empty(m, dtype=np.intp)
        step = max(1, MEMORY_BUDGET // (8 * 3 * self.n))
        buf = np.empty((min(step, m), self.n))
        for start in range(0, m, step):
            stop = min(start + step, m)
            s = buf[: stop - start]
            _sq_dist(queries[start:stop], self.data, s)
            idx[start:stop] = np.argmin(s, axis=1)
        return idx


class _Grid:
    """Samples sorted into cubic cells of side ``reach / 2``.

    Every sample within ``reach`` of a query lies in the 5^d cells centred on the
    query's cell; along the last axis those cells are contiguous in the sorted
    order, so each query cell reads 5^(d-1) contiguous slices.
    """

    def __init__(self, data: NDArray[np.float64], reach: float) -> None:
        self.cell = reach / 2.0
        self.origin = data.min(axis=0)
        coords = np.floor((data - self.origin) / self.cell).astype(np.int64)
        self.shape = coords.max(axis=0) + 1
        keys = self._keys(coords)
        self.order = np.argsort(keys, kind="stable")
        self.sorted_keys = keys[self.order]
        d = data.shape[1]
        self.offsets = np.array(list(itertools.product(range(-2, 3), repeat=d - 1)), dtype=np.int64)
        self.offsets = self.offsets.reshape(-1, d - 1)

    def _keys(self, coords: NDArray[np.int64]) -> NDArray[np.int64]:
        key = np.zeros(coords.shape[0], dtype=np.int64)
        for k in range(coords.shape[1]):
            key = key * (self.shape[k] + 4) + (coords[:, k] + 2)
        return key

    def groups(self, queries: NDArray[np.float64]):  # type: ignore[no-untyped-def]
        """Yield (query rows, candidate sample indices) for each occupied query cell."""
        d = queries.shape[1]
        qc = np.floor((queries - self.origin) / self.cell).astype(np.int64)
        # Queries far outside the data box see no samples at all.
        qc = np.clip(qc, -3, self.shape + 2)
        ucells, inverse = np.unique(qc, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(ucells.shape[0] + 1))
        for j, cell in enumerate(ucells):
            rows = order[bounds[j] : bounds[j + 1]]
            lead = cell[:-1] + self.offsets  # (5^(d-1), d-1)
            ok = np.all((lead >= -2) & (lead < self.shape[:-1] + 2), axis=1)
            lead = lead[ok]
            lo_last = max(cell[-1] - 2, -2)
            hi_last = min(cell[-1] + 2, self.shape[-1] + 1)
            if lo_last > hi_last or lead.shape[0] == 0 and d > 1:
                yield rows, np.empty(0, dtype=np.intp)
                continue
            lo = np.concatenate([lead, np.full((lead.shape[0], 1), lo_last)], axis=1)
            hi = np.concatenate([lead, np.full((lead.shape[0], 1), hi_last)], axis=1)
            starts = np.searchsorted(self.sorted_keys, self._keys(lo), side="left")
            stops = np.searchsorted(self.sorted_keys, self._keys(hi), side="right")
            pieces = [self.order[a:b] for a, b in zip(starts, stops, strict=True) if b > a]
            cand = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.intp)
            yield rows, cand
