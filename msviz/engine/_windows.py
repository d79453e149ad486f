"""Window sums: the one computation behind every mean shift update and density.

For query points ``q`` and data ``x_i`` with bandwidths ``h_i`` (one shared value
or one per sample) and a kernel profile ``f`` (the weighting profile for an
update, the shadow profile for a density), compute per query::

    weight  = sum_i c_i f(u_i)          u_i = ||q - x_i||^2 / h_i^2
    moment  = sum_i c_i f(u_i) x_i      (only for updates)
    inside  = #{i : u_i <= 1}           (samples within one bandwidth)
    shadow  = sum_i c_i s(u_i)          (optional: a second profile on the same u,
                                         e.g. the density the update climbs)

where ``c_i`` is an optional per-sample factor. Everything is chunked so that no
temporary exceeds :data:`MEMORY_BUDGET`, and buffers are reused between chunks.

Two back ends give identical results: a dense one (all samples for every query)
and, for compact kernels with one shared bandwidth in 1 to 3 dimensions, a
uniform grid of cell size h/2 so each query only reads the samples in the 5^d
cells around it.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from msviz.engine import kernels
from msviz.engine._types import FloatArray

Profile = Callable[[NDArray[np.float64]], NDArray[np.float64]]

# Below this many samples the dense back end is as fast as the grid.
GRID_MIN_SAMPLES = 1500
GRID_MAX_DIM = 3
# Work in blocks of about this many query-sample pairs (1 MiB of float64).
CACHE_ELEMENTS = 1 << 17
MAX_BLOCK_COLUMNS = 1 << 14
# Flat windows of queries sharing a small cell share their common samples
# (see Windows._grouped_flat) once there are this many queries and samples.
GROUP_MIN_QUERIES = 64
GROUP_MIN_SAMPLES = 256
GROUP_MIN_WORK = 100_000  # queries x samples in one cell before sharing pays off
GROUP_CELLS = 4.0  # cells of side h / GROUP_CELLS

# The named profiles, turned into weights in place (no temporaries); the mask
# holds u <= 1 already.
def _flat_inplace(u: NDArray[np.float64], mask: NDArray[np.bool_]) -> None:
    np.copyto(u, mask)


def _epanechnikov_inplace(u: NDArray[np.float64], mask: NDArray[np.bool_]) -> None:
    np.subtract(1.0, u, out=u)
    np.maximum(u, 0.0, out=u)


def _biweight_inplace(u: NDArray[np.float64], mask: NDArray[np.bool_]) -> None:
    _epanechnikov_inplace(u, mask)
    np.square(u, out=u)


def _gaussian_inplace(u: NDArray[np.float64], mask: NDArray[np.bool_]) -> None:
    u *= -0.5
    np.exp(u, out=u)


INPLACE: dict[Callable[..., object], Callable[[NDArray[np.float64], NDArray[np.bool_]], None]] = {
    kernels._flat: _flat_inplace,
    kernels._epanechnikov: _epanechnikov_inplace,
    kernels._biweight: _biweight_inplace,
    kernels._gaussian: _gaussian_inplace,
}
_FLAT = kernels._flat
_GAUSSIAN = kernels._gaussian
_EPANECHNIKOV = kernels._epanechnikov
# Profiles whose windows share their interiors (Windows._grouped), with the one
# shadow that is summed there too.
_SHARED = {_FLAT: _EPANECHNIKOV, _EPANECHNIKOV: kernels._biweight}
_BIWEIGHT = kernels._biweight
# Profiles whose window sums without moments share interiors too: the biweight, the
# Epanechnikov kernel's density (its sums at the run's last positions).
_SHARED_DENSITY = (_BIWEIGHT,)


# From this many features on, distances and moments are matrix products (BLAS).
MATMUL_MIN_DIM = 7
# The Gaussian's exponent as one matrix product (Windows._gauss_block) while every
# |q - x|^2 / h^2 about the data's mean stays below this: its rounding error in the
# exponent is then below ~1e-11, a relative error of the weights as small.
GAUSS_GEMM_MAX_U = 1e4
_BLAS: Any = None  # threadpoolctl's controller, made on first use


def unique_rows(a: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """``np.unique(a, axis=0, return_inverse=True)``, the rows sorted by ``np.lexsort``.

    The same unique rows in the same order (the first column first), and each row's
    index among them; np.unique's row sort was 4x slower (the engine calls this on
    every update and for every query grid).

    Examples
    --------
    >>> uniq, inverse = unique_rows(np.array([[1.0, 2.0], [0.0, 5.0], [1.0, 2.0]]))
    >>> uniq.tolist(), inverse.tolist()
    ([[0.0, 5.0], [1.0, 2.0]], [1, 0, 1])
    """
    m = a.shape[0]
    if m == 0:
        return a[:0], np.empty(0, dtype=np.intp)
    order = np.lexsort(a.T[::-1])
    ordered = a[order]
    new = np.empty(m, dtype=bool)
    new[0] = True
    np.any(ordered[1:] != ordered[:-1], axis=1, out=new[1:])
    inverse = np.empty(m, dtype=np.intp)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def one_blas_thread(n_features: int) -> contextlib.AbstractContextManager[Any]:
    """BLAS on one thread while mean shift multiplies its small blocks, then as before.

    The blocks are a few hundred rows by a few features: starting BLAS threads for
    each costs more than it gains (a 10-D run was 3x slower on two threads on a
    loaded two-core machine). Only the engine's own products are limited, and only
    for the duration of one update: what the user's numpy does elsewhere is unchanged.
    """
    global _BLAS
    if n_features < MATMUL_MIN_DIM:
        return contextlib.nullcontext()
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - threadpoolctl is a dependency
            _BLAS = False
        else:
            _BLAS = ThreadpoolController()
    if _BLAS is False:  # pragma: no cover
        return contextlib.nullcontext()
    return _BLAS.limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


@dataclass
class WindowSums:
    """Per-query results of :meth:`Windows.sums`."""

    weight: NDArray[np.float64]
    moment: NDArray[np.float64] | None
    inside: NDArray[np.intp] | None
    shadow: NDArray[np.float64] | None = None


def _sq_dist(
    q: NDArray[np.float64],
    cols: NDArray[np.float64],
    out: NDArray[np.float64],
    tmp: NDArray[np.float64],
) -> None:
    """Squared distances from rows ``q`` to the samples whose coordinates are ``cols``.

    ``cols`` holds one contiguous row per feature (shape (n_features, n)). The
    distances are summed from coordinate differences, so ties at the window
    edge are decided exactly as scikit-learn decides them.
    """
    d = q.shape[1]
    if d < MATMUL_MIN_DIM:
        np.subtract(q[:, 0:1], cols[0][None, :], out=out)
        np.square(out, out=out)
        for k in range(1, d):
            np.subtract(q[:, k : k + 1], cols[k][None, :], out=tmp)
            np.square(tmp, out=tmp)
            out += tmp
    else:
        np.matmul(q, cols, out=out)
        out *= -2.0
        out += np.einsum("ij,ij->i", q, q)[:, None]
        out += np.einsum("ij,ij->j", cols, cols)[None, :]
        np.maximum(out, 0.0, out=out)


def _fourth_moment(
    a: NDArray[np.float64], a2: NDArray[np.float64], c: float, s1: NDArray[np.float64],
    s2: float, S2: NDArray[np.float64], S3: NDArray[np.float64], s4: float,
) -> NDArray[np.float64]:
    """``sum_i |a - b_i|^4`` for every query ``a`` from the samples' moments.

    ``c`` samples, ``s1 = sum b_i``, ``s2 = sum |b_i|^2``, ``S2 = sum b_i b_i^T``,
    ``S3 = sum |b_i|^2 b_i``, ``s4 = sum |b_i|^4``; ``a2 = |a|^2``.
    """
    quad = np.einsum("ij,jk,ik->i", a, S2, a)
    return (c * a2 * a2 + 4.0 * quad + s4 - 4.0 * a2 * (a @ s1)
            + 2.0 * a2 * s2 - 4.0 * (a @ S3))


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
        inv_h2 = 1.0 / np.square(np.asarray(bandwidth, dtype=np.float64))
        self.grid: _Grid | None = None
        order = None
        if (
            self.scalar
            and math.isfinite(radius)
            and self.n >= GRID_MIN_SAMPLES
            and self.d <= GRID_MAX_DIM
        ):
            reach = float(bandwidth) * radius  # type: ignore[arg-type]
            span = np.ptp(data, axis=0)
            # A window that covers most of the data box gains nothing from a grid.
            if np.prod(np.minimum(5 * reach / 2, span) / np.maximum(span, reach / 2)) < 0.5:
                self.grid = _Grid(data, reach)
                order = self.grid.order
        # Samples as contiguous feature rows, in grid order when there is a grid.
        ordered = data if order is None else data[order]
        self.cols = np.ascontiguousarray(ordered.T)
        self.inv_h2: float | NDArray[np.float64] = (
            float(inv_h2) if self.scalar else (inv_h2 if order is None else inv_h2[order])
        )
        self.factor = None if factor is None else (factor if order is None else factor[order])
        self._shadow: Profile | None = None

    def sums(
        self,
        queries: NDArray[np.float64],
        profile: Profile,
        *,
        moment: bool = True,
        count: bool = False,
        shadow: Profile | None = None,
    ) -> WindowSums:
        """Sum the profile's weights over each query's window.

        Parameters
        ----------
        queries : ndarray of shape (m, n_features)
            Where the windows are centred.
        profile : callable
            ``f(u)``; the engine's named profiles run in place without temporaries.
        moment : bool
            Also sum the weighted sample positions.
        count : bool
            Also count the samples within one bandwidth (``u <= 1``).
        shadow : callable, optional
            A second profile ``s(u)`` summed over the same windows in the same pass
            (the update's density comes at the cost of one more elementwise pass,
            not a second computation of the distances). Its support must not reach
            beyond the radius given to the constructor.

        """
        m = queries.shape[0]
        out = WindowSums(
            np.zeros(m),
            np.zeros((m, self.d)) if moment else None,
            np.zeros(m, dtype=np.intp) if count else None,
            None if shadow is None else np.zeros(m),
        )
        self._shadow = shadow
        if m == 0:
            return out
        if self.grid is None:
            self._run(queries, self.cols, self.factor, profile, out, np.arange(m))
            return out
        for rows, pieces in self.grid.groups(queries):
            if not pieces:
                continue
            if len(pieces) == 1:
                a, b = pieces[0]
                cols = self.cols[:, a:b]
                factor = None if self.factor is None else self.factor[a:b]
            else:
                cols = np.concatenate([self.cols[:, a:b] for a, b in pieces], axis=1)
                factor = (
                    None
                    if self.factor is None
                    else np.concatenate([self.factor[a:b] for a, b in pieces])
                )
            self._run(queries[rows], cols, factor, profile, out, rows)
        return out

    def _run(
        self,
        q: NDArray[np.float64],
        cols: NDArray[np.float64],
        factor: NDArray[np.float64] | None,
        profile: Profile,
        out: WindowSums,
        rows: NDArray[np.intp],
    ) -> None:
        """Window sums of queries ``q`` (rows ``rows`` of the output) over samples ``cols``."""
        shared = (
            (profile in _SHARED and self._shadow in (None, _SHARED[profile]))
            or (profile in _SHARED_DENSITY and self._shadow is None and out.moment is None)
        )
        if (
            shared
            and factor is None
            and self.scalar
            and q.shape[0] >= GROUP_MIN_QUERIES
            and cols.shape[1] >= GROUP_MIN_SAMPLES
        ):
            self._grouped(q, cols, profile, out, rows)
            return
        # the Gaussian with nothing else to sum: its exponents as one matrix product
        if (
            profile is _GAUSSIAN
            and out.inside is None
            and self._shadow in (None, profile)
            and self.scalar
            and self._gauss_block(q, cols, float(self.inv_h2), factor, out, rows,  # type: ignore[arg-type]
                                  with_shadow=self._shadow is profile)
        ):
            return
        self._block(q, cols, self.inv_h2, factor, profile, out, rows)

    def _grouped(
        self,
        q: NDArray[np.float64],
        cols: NDArray[np.float64],
        profile: Profile,
        out: WindowSums,
        rows: NDArray[np.intp],
    ) -> None:
        """Windows of nearby queries, sharing the samples inside all of them.

        Queries in a small cell (side h/4) have windows that overlap almost
        entirely: the samples within ``h - delta`` of the cell's centre (``delta``
        = the farthest query from it) are inside every one of those windows, so
        they are summed once per cell; only the thin shell between ``h - delta``
        and ``h + delta`` is checked query by query, with the exact rule.

        Over the interior ``u <= 1`` everywhere, so the flat weight is 1 and the
        Epanechnikov weight ``1 - u`` is a polynomial in the query: its sums are
        polynomials in the interior's moments (count, sum, second moments, and for
        the Epanechnikov density fourth ones), taken about the cell's centre so
        that every term is of the order of ``h``'s powers and nothing cancels.
        Results equal the plain computation up to rounding.
        """
        h = float(np.sqrt(1.0 / self.inv_h2))  # type: ignore[arg-type]
        side = h / GROUP_CELLS
        cells = np.floor(q / side).astype(np.int64)
        _, inverse = unique_rows(cells)
        n_groups = int(inverse.max()) + 1
        if n_groups * 4 > q.shape[0]:  # too few queries per cell to share anything
            self._block(q, cols, self.inv_h2, None, profile, out, rows)
            return
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(n_groups + 1))
        singles: list[NDArray[np.intp]] = []
        centre_d2 = np.empty((1, cols.shape[1]))
        tmp = np.empty((1, cols.shape[1]))
        for g in range(n_groups):
            members = order[bounds[g] : bounds[g + 1]]
            if members.size * cols.shape[1] < GROUP_MIN_WORK:
                singles.append(members)
                continue
            qg = q[members]
            centre = (qg.min(axis=0) + qg.max(axis=0)) / 2.0
            delta = float(np.sqrt(np.max(np.sum((qg - centre) ** 2, axis=1))))
            _sq_dist(centre[None, :], cols, centre_d2, tmp)
            d2c = centre_d2[0]
            inner = (h - delta) ** 2 * (1.0 - 1e-12) if delta < h else -1.0
            outer = (h + delta) ** 2 * (1.0 + 1e-12)
            interior = d2c <= inner
            shell = (d2c <= outer) & ~interior
            grow = rows[members]
            n_inside = int(np.count_nonzero(interior))
            if n_inside:
                if out.inside is not None:
                    out.inside[grow] += n_inside
                self._interior(qg - centre, cols[:, interior] - centre[:, None],
                               d2c[interior], centre, profile, out, grow)
            if shell.any():
                self._block(qg, cols[:, shell], self.inv_h2, None, profile, out, grow)
        if singles:
            idx = np.concatenate(singles)
            self._block(q[idx], cols, self.inv_h2, None, profile, out, rows[idx])

    def _interior(
        self,
        a: NDArray[np.float64],
        b: NDArray[np.float64],
        b2: NDArray[np.float64],
        centre: NDArray[np.float64],
        profile: Profile,
        out: WindowSums,
        rows: NDArray[np.intp],
    ) -> None:
        """Add the sums over samples inside every window of a group of queries.

        ``a``: the queries, ``b``: the samples (feature rows), both about ``centre``;
        ``b2 = |b|^2``.
        """
        c = float(b.shape[1])
        inv = float(self.inv_h2)  # type: ignore[arg-type]
        s1 = b.sum(axis=1)
        s2 = float(b2.sum())
        a2 = np.einsum("ij,ij->i", a, a)
        # sum_i |a - b_i|^2 over the interior, for every query
        sq = c * a2 - 2.0 * (a @ s1) + s2
        if profile is _FLAT:
            out.weight[rows] += c
            if out.moment is not None:
                out.moment[rows] += s1 + c * centre
            if out.shadow is not None:  # the Epanechnikov shadow 1 - u
                out.shadow[rows] += c - sq * inv
            return
        S2 = b @ b.T  # sum_i b_i b_i^T
        S3 = b @ b2  # sum_i |b_i|^2 b_i
        if profile is _BIWEIGHT:  # a density only: (1 - u)^2 = 1 - 2u + u^2
            fourth = _fourth_moment(a, a2, c, s1, s2, S2, S3, float(b2 @ b2))
            out.weight[rows] += c - 2.0 * sq * inv + fourth * inv * inv
            return
        # Epanechnikov weights w_i = 1 - |a - b_i|^2 / h^2
        weight = c - sq * inv
        out.weight[rows] += weight
        if out.moment is not None:
            # sum_i w_i b_i = s1 - (|a|^2 s1 - 2 S2 a + S3) / h^2, then back from the centre
            mom = s1[None, :] - (a2[:, None] * s1[None, :] - 2.0 * (a @ S2) + S3[None, :]) * inv
            out.moment[rows] += mom + weight[:, None] * centre[None, :]
        if out.shadow is not None:  # the biweight shadow (1 - u)^2 = 1 - 2u + u^2
            fourth = _fourth_moment(a, a2, c, s1, s2, S2, S3, float(b2 @ b2))
            out.shadow[rows] += c - 2.0 * sq * inv + fourth * inv * inv

    def _block(
        self,
        q: NDArray[np.float64],
        cols: NDArray[np.float64],
        inv_h2: float | NDArray[np.float64],
        factor: NDArray[np.float64] | None,
        profile: Profile,
        out: WindowSums,
        rows: NDArray[np.intp] | slice,
    ) -> None:
        n = cols.shape[1]
        m = q.shape[0]
        inplace = INPLACE.get(profile)
        # Flat weights without a factor are 0/1: their sum is the count.
        count_is_weight = profile is _FLAT and factor is None
        # Blocks small enough to stay in cache are several times faster than
        # big ones: split the samples into column blocks and the queries into rows.
        cstep = min(n, MAX_BLOCK_COLUMNS)
        step = max(1, min(m, CACHE_ELEMENTS // cstep))
        u_buf = np.empty((step, cstep))
        tmp_buf = np.empty((step, cstep))
        mask_buf = np.empty((step, cstep), dtype=bool)
        ones = np.ones(cstep)
        weight = np.zeros(m)
        shadow = self._shadow if out.shadow is not None else None
        shadow_sum = np.zeros(m) if shadow is not None else None
        shadow_inplace = None if shadow is None else INPLACE.get(shadow)
        inside = np.zeros(m, dtype=np.intp) if out.inside is not None else None
        mom = np.zeros((m, self.d)) if out.moment is not None else None
        # The Gaussian with nothing else to sum from u: exp(-u/2) straight from the
        # squared distances (one multiply, and no window mask: it reaches everywhere).
        gauss = profile is _GAUSSIAN and inside is None and shadow in (None, profile)
        # Epanechnikov weights with their biweight density: the density is the weight squared
        squared = profile is _EPANECHNIKOV and shadow is _BIWEIGHT and shadow_sum is not None
        for c0 in range(0, n, cstep):
            c1 = min(c0 + cstep, n)
            cblock = cols[:, c0:c1]
            fblock = None if factor is None else factor[c0:c1]
            iblock = inv_h2 if np.ndim(inv_h2) == 0 else inv_h2[c0:c1]  # type: ignore[index]
            half = -0.5 * iblock if gauss else None
            nc = c1 - c0
            for start in range(0, m, step):
                stop = min(start + step, m)
                u = u_buf[: stop - start, :nc]
                mask = mask_buf[: stop - start, :nc]
                tmp = tmp_buf[: stop - start, :nc]
                _sq_dist(q[start:stop], cblock, u, tmp)
                if half is not None:
                    u *= half
                    np.exp(u, out=u)
                    w = u
                else:
                    u *= iblock
                    s_w = None
                    if shadow_sum is not None and shadow is not profile and not squared:
                        if shadow is _EPANECHNIKOV:  # 1 - u where positive, straight into tmp
                            np.subtract(1.0, u, out=tmp)
                            np.maximum(tmp, 0.0, out=tmp)
                            s_w = tmp
                        elif shadow_inplace is not None:
                            np.copyto(tmp, u)
                            np.less_equal(u, 1.0, out=mask)
                            shadow_inplace(tmp, mask)
                            s_w = tmp
                        else:
                            s_w = np.asarray(shadow(u), dtype=np.float64)  # type: ignore[misc]
                        if fblock is not None:
                            s_w *= fblock
                        shadow_sum[start:stop] += np.dot(s_w, ones[:nc])
                    if inplace is not None:
                        # only the flat weights and the count read the mask
                        if profile is _FLAT or inside is not None:
                            np.less_equal(u, 1.0, out=mask)
                        if inside is not None and not count_is_weight:
                            inside[start:stop] += mask.view(np.uint8).sum(axis=1, dtype=np.intp)
                        inplace(u, mask)
                        w = u
                    else:
                        if inside is not None:
                            inside[start:stop] += np.count_nonzero(u <= 1.0, axis=1)
                        w = np.asarray(profile(u), dtype=np.float64)
                        if w.shape != u.shape:
                            raise ValueError(
                                f"the kernel returned weights of shape {w.shape} for u of shape "
                                f"{u.shape}; a kernel g(u) must return one weight per entry of u"
                            )
                    if squared:  # the biweight density (1 - u)^2: the Epanechnikov weight squared
                        assert shadow_sum is not None
                        shadow_sum[start:stop] += (
                            np.einsum("ij,ij->i", w, w) if fblock is None
                            else np.einsum("ij,ij,j->i", w, w, fblock))
                if fblock is not None:
                    w *= fblock
                wsum = np.dot(w, ones[:nc])
                weight[start:stop] += wsum
                if shadow_sum is not None and shadow is profile:
                    shadow_sum[start:stop] += wsum
                if inside is not None and count_is_weight:
                    inside[start:stop] += np.rint(wsum).astype(np.intp)
                if mom is not None:
                    if self.d < MATMUL_MIN_DIM:
                        for k in range(self.d):
                            mom[start:stop, k] += np.dot(w, cblock[k])
                    else:
                        mom[start:stop] += w @ cblock.T
        out.weight[rows] += weight
        if shadow_sum is not None and out.shadow is not None:
            out.shadow[rows] += shadow_sum
        if inside is not None and out.inside is not None:
            out.inside[rows] += inside
        if mom is not None and out.moment is not None:
            out.moment[rows] += mom

    def _gauss_block(
        self,
        q: NDArray[np.float64],
        cols: NDArray[np.float64],
        inv_h2: float,
        factor: NDArray[np.float64] | None,
        out: WindowSums,
        rows: NDArray[np.intp] | slice,
        with_shadow: bool,
    ) -> bool:
        """Gaussian window sums with the exponent as one matrix product (False: not used).

        About the data's mean ``c`` (queries ``a = q - c``, samples ``b = x - c``),
        ``-|a - b|^2 / 2h^2 = [a/h^2, -|a|^2/2h^2, 1] . [b, 1, -|b|^2/2h^2]``: a product
        of (m, d + 2) by (d + 2, n) gives every exponent, and a product of the weights
        by ``[1, b]`` every weight and moment sum, instead of a pass over the pairs per
        feature, per square and per sum. The terms cancel to the exponent, so this is
        used only while every ``|a|^2 / h^2`` and ``|b|^2 / h^2`` stays below
        :data:`GAUSS_GEMM_MAX_U` (the rounding then stays below ~1e-11 in the exponent).
        """
        m, d = q.shape
        n = cols.shape[1]
        centre = cols.mean(axis=1)
        b = cols - centre[:, None]
        a = q - centre
        b2 = np.einsum("ij,ij->j", b, b)
        a2 = np.einsum("ij,ij->i", a, a)
        if max(float(b2.max(initial=0.0)), float(a2.max(initial=0.0))) * inv_h2 > GAUSS_GEMM_MAX_U:
            return False
        left = np.empty((m, d + 2))
        left[:, :d] = a * inv_h2
        left[:, d] = -0.5 * inv_h2 * a2
        left[:, d + 1] = 1.0
        right = np.empty((d + 2, n))
        right[:d] = b
        right[d] = 1.0
        right[d + 1] = -0.5 * inv_h2 * b2
        # the weights' sums: [1, b] (times each sample's factor)
        ones_b = np.empty((n, d + 1))
        ones_b[:, 0] = 1.0
        ones_b[:, 1:] = b.T
        if factor is not None:
            ones_b *= factor[:, None]
        cstep = min(n, MAX_BLOCK_COLUMNS)
        step = max(1, min(m, CACHE_ELEMENTS // cstep))
        u_buf = np.empty((step, cstep))
        sums = np.zeros((m, d + 1))
        for c0 in range(0, n, cstep):
            c1 = min(c0 + cstep, n)
            for start in range(0, m, step):
                stop = min(start + step, m)
                u = u_buf[: stop - start, : c1 - c0]
                np.matmul(left[start:stop], right[:, c0:c1], out=u)
                np.exp(u, out=u)
                sums[start:stop] += u @ ones_b[c0:c1]
        weight = sums[:, 0]
        out.weight[rows] += weight
        if with_shadow and out.shadow is not None:
            out.shadow[rows] += weight
        if out.moment is not None:
            out.moment[rows] += sums[:, 1:] + weight[:, None] * centre[None, :]
        return True

    def nearest(self, queries: NDArray[np.float64]) -> NDArray[np.intp]:
        """Index (into the original data) of the nearest sample to each query."""
        m = queries.shape[0]
        idx = np.empty(m, dtype=np.intp)
        step = max(1, min(m, CACHE_ELEMENTS // self.n))
        buf = np.empty((step, self.n))
        tmp = np.empty((step, self.n))
        for start in range(0, m, step):
            stop = min(start + step, m)
            s = buf[: stop - start]
            _sq_dist(queries[start:stop], self.cols, s, tmp[: stop - start])
            idx[start:stop] = np.argmin(s, axis=1)
        if self.grid is not None:
            idx = self.grid.order[idx]
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
        # 5^(d-1) offsets of the leading axes (one empty offset for 1-D data)
        self.offsets = np.array(
            list(itertools.product(range(-2, 3), repeat=d - 1)), dtype=np.int64
        ).reshape(5 ** (d - 1), d - 1)

    def _keys(self, coords: NDArray[np.int64]) -> NDArray[np.int64]:
        key = np.zeros(coords.shape[0], dtype=np.int64)
        for k in range(coords.shape[1]):
            key = key * (self.shape[k] + 4) + (coords[:, k] + 2)
        return key

    def groups(
        self, queries: NDArray[np.float64]
    ) -> Iterator[tuple[NDArray[np.intp], list[tuple[int, int]]]]:
        """Yield (query rows, [(start, stop), ...] slices of the sorted samples) per query cell."""
        d = queries.shape[1]
        qc = np.floor((queries - self.origin) / self.cell).astype(np.int64)
        # Queries far outside the data box see no samples at all.
        qc = np.clip(qc, -3, self.shape + 2)
        ucells, inverse = unique_rows(qc)
        order = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[order], np.arange(ucells.shape[0] + 1))
        for j, cell in enumerate(ucells):
            rows = order[bounds[j] : bounds[j + 1]]
            lead = cell[:-1] + self.offsets  # (5^(d-1), d-1)
            ok = np.all((lead >= -2) & (lead < self.shape[:-1] + 2), axis=1)
            lead = lead[ok]
            lo_last = max(cell[-1] - 2, -2)
            hi_last = min(cell[-1] + 2, self.shape[-1] + 1)
            if lo_last > hi_last or (lead.shape[0] == 0 and d > 1):
                yield rows, []
                continue
            lo = np.concatenate([lead, np.full((lead.shape[0], 1), lo_last)], axis=1)
            hi = np.concatenate([lead, np.full((lead.shape[0], 1), hi_last)], axis=1)
            starts = np.searchsorted(self.sorted_keys, self._keys(lo), side="left")
            stops = np.searchsorted(self.sorted_keys, self._keys(hi), side="right")
            spans = zip(starts.tolist(), stops.tolist(), strict=True)
            yield rows, [(a, b) for a, b in spans if b > a]


def variable_bandwidth_factor(bandwidths: FloatArray, d: int) -> FloatArray:
    """The weight factor of each sample in variable bandwidth mean shift.

    The sample-point estimator (Comaniciu, Ramesh & Meer 2001) weighs sample
    ``i`` by ``h_i ** -(d + 2)``; scaled here by the smallest bandwidth so that
    the factors stay near 1 (a common factor cancels in the weighted mean).
    """
    return (bandwidths.min() / bandwidths) ** (d + 2)
