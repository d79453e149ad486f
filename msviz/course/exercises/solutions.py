"""Reference solutions to the exercises, written as a learner would write them."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine._types import FloatArray

__all__ = ["Solutions", "solutions"]


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
