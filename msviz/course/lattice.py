"""Mean shift on the pixel lattice: each pixel's window reads only its neighbourhood.

Joint spatial-range mean shift (see :mod:`msviz.course.segmentation`) runs on points
``[row / h_s, column / h_s, red / h_r, green / h_r, blue / h_r]`` with bandwidth 1.
A kernel that vanishes beyond ``radius`` bandwidths gives no weight to a pixel more
than ``radius * h_s`` pixels away in the image, whatever its colour. So instead of
comparing every moving point with every pixel (``n^2`` pairs), each moving point
compares itself with the pixels of a small disc of offsets around its *current*
spatial position, rounded to the nearest pixel; the disc is widened by half a pixel
(the rounding) so that no pixel that could be in the window is left out. The
squared distances are summed feature by feature in the same order as the engine's,
so the same pixels are inside the same windows and the trajectories equal
:func:`msviz.run_mean_shift`'s up to the order of the floating-point sums
(about 1e-15), and so do the segments. Only exact ties are left to rounding, as
between any two implementations: a pixel exactly on a window's edge after the
first step, and two segments (or two end points of one segment) that the merge
ranks equal (same count, same position in the leading features), whose order,
and so their numbers or the end point kept as the centre, the rounding decides.

The loop is over moving points in blocks and, inside a block, over every offset at
once: the block's neighbour indices into a padded copy of the image form one
``(points, offsets)`` array. Stopped points are frozen and drop out, as in the
engine. The end points are merged exactly as :func:`msviz.merge_modes` does, with
the candidates bucketed by their spatial position, so each kept centre looks only at
the candidates in the 3 x 3 buckets around it.

numpy only.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from numpy.typing import NDArray

from msviz.engine import ConvergenceWarning, Kernel, Trace
from msviz.engine._types import readonly
from msviz.engine.kernels import KERNELS
from msviz.engine.merge import rank_candidates
from msviz.engine.trace import _History

__all__ = ["lattice_mean_shift", "lattice_merge", "lattice_offsets"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

# A block of moving points times its offsets holds about this many pairs.
BLOCK_PAIRS = 1 << 15
# Padding pixels sit this far away in every feature: never inside a compact window.
FAR = 1e100
# Relative slack on the spatial reach, far above the rounding of any sum here.
SLACK = 1e-9


def lattice_offsets(reach: float) -> tuple[IntArray, IntArray]:
    """Pixel offsets (rows, columns) that can hold a pixel within ``reach`` pixels.

    The window centre is anywhere in the pixel it is rounded to (at most half a
    pixel from it along each axis), so an offset is kept when the nearest point of
    that pixel's square around the centre pixel is within ``reach``.

    Parameters
    ----------
    reach : float
        The window's spatial radius in pixels (``radius * h_s``).

    Returns
    -------
    rows, cols : ndarray of int
        The offsets, row-major.

    Examples
    --------
    >>> rows, cols = lattice_offsets(1.0)
    >>> len(rows), sorted(set(zip(rows.tolist(), cols.tolist())))[:3]
    (9, [(-1, -1), (-1, 0), (-1, 1)])
    """
    k = int(math.ceil(reach + 0.5))
    r, c = np.mgrid[-k : k + 1, -k : k + 1]
    gap_r = np.maximum(np.abs(r) - 0.5, 0.0)
    gap_c = np.maximum(np.abs(c) - 0.5, 0.0)
    keep = gap_r**2 + gap_c**2 <= (reach * (1.0 + SLACK)) ** 2
    return r[keep].astype(np.intp), c[keep].astype(np.intp)


class _Lattice:
    """The image's colour features on a padded lattice, one contiguous plane per colour.

    Arrays here put the offsets on axis 0 and the moving points on axis 1, so
    every elementwise pass runs along the points, in blocks small enough to stay
    in cache.
    """

    def __init__(self, X: FloatArray, shape: tuple[int, int], hs: float, reach: float) -> None:
        h, w = shape
        dr, dc = lattice_offsets(reach * hs)
        k = int(max(np.abs(dr).max(), np.abs(dc).max()))
        hp, wp = h + 2 * k, w + 2 * k
        planes = np.full((3, hp, wp), FAR)
        planes[:, k : k + h, k : k + w] = X[:, 2:5].T.reshape(3, h, w)
        self.planes = planes.reshape(3, -1)
        self.k, self.height, self.image_width, self.width = k, h, w, wp
        self.hs = hs
        self.deltas = (dr * wp + dc)[:, None]
        # Which row (column) of the spatial tables each offset reads.
        self.row_of, self.col_of = dr + k, dc + k
        self.dr, self.dc = dr.astype(np.float64), dc.astype(np.float64)
        self.steps = np.arange(-k, k + 1)
        self.block = max(1, BLOCK_PAIRS // dr.shape[0])

    def sums(self, q: FloatArray, kernel: Kernel) -> tuple[FloatArray, FloatArray, IntArray]:
        """Weight, weighted sum of features and count within one bandwidth, per point."""
        m, d = q.shape
        flat = kernel.weight is KERNELS["flat"].weight
        weight, moment = np.empty(m), np.empty((m, d))
        inside = np.empty(m, dtype=np.intp)
        r = np.clip(np.rint(q[:, 0] * self.hs), 0, self.height - 1).astype(np.intp)
        c = np.clip(np.rint(q[:, 1] * self.hs), 0, self.image_width - 1).astype(np.intp)
        base = (r + self.k) * self.width + c + self.k
        # The spatial terms of every row and column a point's disc reaches, from the
        # same pixel coordinates as the features: (q_0 - row / h_s)^2, (q_1 - col / h_s)^2.
        rows = np.square(q[:, 0] - (r + self.steps[:, None]) / self.hs)
        cols = np.square(q[:, 1] - (c + self.steps[:, None]) / self.hs)
        colours = np.ascontiguousarray(q[:, 2:5].T)
        n_off = self.deltas.shape[0]
        b_max = min(m, self.block)
        idx_buf = np.empty((n_off, b_max), dtype=np.intp)
        u_buf, w_buf = np.empty((n_off, b_max)), np.empty((n_off, b_max))
        x_buf, t_buf = np.empty((3, n_off, b_max)), np.empty((3, n_off, b_max))
        mask_buf = np.empty((n_off, b_max), dtype=bool)
        for start in range(0, m, b_max):
            stop = min(start + b_max, m)
            b = stop - start
            u, w, mask = u_buf[:, :b], w_buf[:, :b], mask_buf[:, :b]
            idx, x, t = idx_buf[:, :b], x_buf[:, :, :b], t_buf[:, :, :b]
            qc = colours[:, start:stop]
            np.add(rows[self.row_of, start:stop], cols[self.col_of, start:stop], out=u)
            np.add(base[start:stop], self.deltas, out=idx)
            for j in range(3):
                np.take(self.planes[j], idx, out=x[j], mode="wrap")
                np.subtract(x[j], qc[j], out=x[j])  # x - q: the same square as q - x
            np.square(x, out=t)
            # Summed as the engine sums them: ((q_0 - x_0)^2 + (q_1 - x_1)^2) + ... in order.
            for j in range(3):
                u += t[j]
            np.less_equal(u, 1.0, out=mask)
            if flat:
                np.copyto(w, mask)
            else:
                w = np.asarray(kernel.weight(u), dtype=np.float64)
                if w.shape != u.shape:
                    raise ValueError(
                        f"the kernel returned weights of shape {w.shape} for u of shape "
                        f"{u.shape}; a kernel g(u) must return one weight per entry of u"
                    )
            total = w.sum(axis=0)
            weight[start:stop] = total
            inside[start:stop] = np.rint(total) if flat else np.count_nonzero(mask, axis=0)
            # sum(w x) = q sum(w) + sum(w (x - q)); for the pixel coordinates
            # sum(w (r + dr)) / h_s = (r sum(w) + sum(w dr)) / h_s.
            rb, cb = r[start:stop], c[start:stop]
            moment[start:stop, 0] = (rb * total + np.einsum("o,ob->b", self.dr, w)) / self.hs
            moment[start:stop, 1] = (cb * total + np.einsum("o,ob->b", self.dc, w)) / self.hs
            moment[start:stop, 2:5] = (np.einsum("job,ob->jb", x, w) + qc * total).T
        if not (np.isfinite(weight).all() and (weight >= 0).all() and np.isfinite(moment).all()):
            raise ValueError(
                f"kernel {kernel.name!r} returned weights that are negative, NaN or "
                "infinite; a kernel g(u) must return finite weights >= 0"
            )
        return weight, moment, inside


def lattice_mean_shift(
    X: FloatArray,
    shape: tuple[int, int],
    *,
    spatial_bandwidth: float,
    kernel: Kernel,
    max_iter: int,
    tol: float,
) -> Trace:
    """Run mean shift with bandwidth 1 on image features, reading only nearby pixels.

    Every pixel is a moving point (the standard variant, seeds = the samples);
    the result equals ``run_mean_shift(X, bandwidth=1.0, kernel=kernel, ...)``
    for a kernel of finite radius.

    Parameters
    ----------
    X : ndarray of shape (height * width, 5)
        From :func:`msviz.course.segmentation.image_features` (row-major pixels).
    shape : (int, int)
        The image's (height, width).
    spatial_bandwidth : float
        ``h_s`` in pixels: the first two features are pixel coordinates over it.
    kernel : Kernel
        A kernel with a finite ``radius``.
    max_iter, tol
        As for :func:`msviz.run_mean_shift`.

    Returns
    -------
    Trace
        The whole run, as :func:`msviz.run_mean_shift` records it (labels "basin").

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` updates leave some pixels still moving.

    Examples
    --------
    >>> from msviz.course.segmentation import image_features
    >>> img = np.zeros((4, 6, 3)); img[:, 3:] = 1.0
    >>> X = image_features(img, spatial_bandwidth=2, range_bandwidth=0.5)
    >>> flat = KERNELS["flat"]
    >>> trace = lattice_mean_shift(X, (4, 6), spatial_bandwidth=2, kernel=flat,
    ...                            max_iter=50, tol=1e-3)
    >>> trace.n_clusters, trace.labels.reshape(4, 6)[0].tolist()
    (2, [1, 1, 1, 0, 0, 0])
    """
    if not kernel.compact:
        raise ValueError(
            f"kernel {kernel.name!r} has no finite radius, so every pixel can be in every "
            "window; the lattice needs a kernel that vanishes beyond its radius"
        )
    n, d = X.shape
    # Also reach one bandwidth: the merge ranks end points by the pixels within it.
    lattice = _Lattice(X, shape, spatial_bandwidth, max(kernel.radius, 1.0))
    pos = X.copy()
    converged = np.zeros(n, dtype=bool)
    empty = np.zeros(n, dtype=bool)
    inside = np.zeros(n, dtype=np.intp)
    # Room for every step at once: the pages of steps never reached are never touched.
    history = np.empty((max_iter + 1, n, d))
    stop_step = np.full(n, max_iter + 1, dtype=np.intp)
    k = 0
    while True:
        history[k] = pos
        stop_step[(stop_step > k) & converged] = k
        k += 1
        if converged.all() or k > max_iter:
            break
        active = np.flatnonzero(~converged)
        weight, moment, count = lattice.sums(pos[active], kernel)
        # The window of a point that is not moving any more is the one it was last in.
        inside[active] = count
        none = ~(weight > 0)
        moving = active[~none]
        with np.errstate(invalid="ignore", divide="ignore"):
            new = moment[~none] / weight[~none, None]
        shift = np.sqrt(np.sum((new - pos[moving]) ** 2, axis=1))
        empty[active[none]] = True
        converged[active[none]] = True
        inside[active[none]] = 0
        pos[moving] = new
        converged[moving] = shift <= tol
    n_steps = k
    stop_step[stop_step > n_steps] = n_steps
    if not converged.all():
        left = int(np.count_nonzero(~converged))
        warnings.warn(
            f"mean shift stopped after max_iter={max_iter} updates with {left} of {n} "
            "pixels still moving; raise max_iter, or tol for a looser stopping rule",
            ConvergenceWarning,
            stacklevel=2,
        )
    history = history[:n_steps]
    centres, seed_labels = lattice_merge(history[-1], inside)
    if centres.shape[0] == 0:
        raise ValueError("no pixel was in any window; use larger bandwidths")
    # The trace keeps this history (no copy; steps never reached were never touched).
    return Trace(
        X,
        _History(readonly(history)),  # type: ignore[arg-type]
        bandwidth=1.0, kernel=kernel, variant="standard", seeds="samples",
        max_iter=max_iter, tol=tol, stop_step=stop_step, intensity=inside, empty=empty,
        converged=bool(converged.all()), centers=(centres, seed_labels), labels="basin",
    )


def lattice_merge(positions: FloatArray, intensity: IntArray) -> tuple[FloatArray, IntArray]:
    """Merge end points into centres exactly as :func:`msviz.merge_modes` does (bandwidth 1).

    Candidates are ranked the same way and each kept centre takes the candidates
    within one bandwidth that no earlier centre took; only those in the 3 x 3
    buckets (of side one bandwidth in the two spatial features) around it can be
    that close, so only those are measured.

    Parameters
    ----------
    positions : ndarray of shape (n_seeds, 5)
        Where the moving points stopped, in scaled features.
    intensity : ndarray of shape (n_seeds,)
        Samples within one bandwidth of each.

    Returns
    -------
    centers : ndarray of shape (n_clusters, 5)
    seed_labels : ndarray of shape (n_seeds,)

    Examples
    --------
    >>> pos = np.array([[0.0, 0, 0, 0, 0], [0.1, 0, 0, 0, 0], [5.0, 0, 0, 0, 0]])
    >>> centers, labels = lattice_merge(pos, np.array([3, 2, 4]))
    >>> centers[:, 0].tolist(), labels.tolist()
    ([5.0, 0.0], [1, 1, 0])
    """
    pos = np.asarray(positions, dtype=np.float64)
    seed_labels = np.full(pos.shape[0], -1, dtype=np.intp)
    ranked = rank_candidates(pos, intensity)  # ranked exactly as merge_modes ranks them
    if ranked is None:
        return np.empty((0, pos.shape[1])), seed_labels
    valid, uniq, _, inverse, order = ranked
    # Buckets a little wider than one bandwidth: two candidates within one bandwidth
    # are at most one bucket apart along each spatial axis, whatever the rounding.
    side = 1.0 + SLACK
    cell = np.floor((uniq[:, :2] - uniq[:, :2].min(axis=0)) / side).astype(np.intp)
    n_cols = int(cell[:, 1].max()) + 3
    key = (cell[:, 0] + 1) * n_cols + cell[:, 1] + 1
    by_key = np.argsort(key, kind="stable")
    n_keys = (int(cell[:, 0].max()) + 3) * n_cols
    starts = np.searchsorted(key[by_key], np.arange(n_keys + 1))
    owner = np.full(uniq.shape[0], -1, dtype=np.intp)
    kept: list[int] = []
    for i in order.tolist():
        if owner[i] >= 0:
            continue
        kc = int(key[i])
        near = np.concatenate(
            [by_key[starts[kc + r * n_cols - 1] : starts[kc + r * n_cols + 2]] for r in (-1, 0, 1)]
        )
        d2 = np.sum((uniq[near] - uniq[i]) ** 2, axis=1)
        take = near[(d2 <= 1.0) & (owner[near] < 0)]
        owner[take] = len(kept)
        owner[i] = len(kept)
        kept.append(i)
    seed_labels[valid] = owner[inverse]
    return uniq[kept], seed_labels
