"""Synthetic data sets generated with numpy (blobs, moons, rings, the lesson's points)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine._types import FloatArray

__all__ = ['make_blobs']


#: Seed used by every synthetic set (and :func:`make_blobs`) when ``rng`` is None.
DEFAULT_SEED = 0


RNGLike = int | np.integer | np.random.Generator | np.random.SeedSequence | None


IntArray = NDArray[np.int64]


def _as_generator(rng: RNGLike) -> np.random.Generator:
    if rng is None:
        return np.random.default_rng(DEFAULT_SEED)
    if isinstance(rng, bool):
        raise TypeError(f"rng must be None, an int or a numpy.random.Generator, got {rng!r}")
    if isinstance(rng, np.random.RandomState):
        raise TypeError(
            "rng must be None, an int or a numpy.random.Generator, got a legacy "
            "numpy.random.RandomState; use numpy.random.default_rng(seed) instead"
        )
    return np.random.default_rng(rng)


def _check_n(n_samples: object, what: str = "n_samples") -> int:
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)):
        raise TypeError(f"{what} must be a positive int, got {n_samples!r}")
    n = int(n_samples)
    if n < 1:
        raise ValueError(f"{what} must be >= 1, got {n}")
    return n


def _split(n: int, weights: Sequence[float]) -> list[int]:
    """Split ``n`` into counts proportional to ``weights`` that add up to ``n``.

    Largest remainders get the leftover points, ties to the earlier component.
    """
    w = np.asarray(weights, dtype=np.float64)
    exact = n * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    leftover = n - int(counts.sum())
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:leftover]] += 1
    return [int(c) for c in counts]


def _shuffled(X: FloatArray, y: IntArray, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    perm = rng.permutation(len(X))
    return np.ascontiguousarray(X[perm]), np.ascontiguousarray(y[perm])


def make_blobs(
    n_samples: int | Sequence[int] = 300,
    centers: int | ArrayLike = 3,
    cluster_std: float | ArrayLike = 1.0,
    *,
    n_features: int = 2,
    center_box: tuple[float, float] = (-10.0, 10.0),
    shuffle: bool = True,
    rng: RNGLike = None,
    return_y: bool = False,
) -> FloatArray | tuple[FloatArray, IntArray]:
    """Draw isotropic Gaussian blobs, with numpy only.

    A small numpy counterpart of ``sklearn.datasets.make_blobs`` (same meaning of
    the arguments, not the same random numbers), so benchmarks and notebooks can
    make data without scikit-learn. Fast enough for millions of points.

    Parameters
    ----------
    n_samples : int or sequence of int, default=300
        Total number of points, split as evenly as possible between the blobs
        (the first blobs get one more when it does not divide), or one count per
        blob.
    centers : int or array-like of shape (n_centers, n_features), default=3
        Number of blobs, whose centres are then drawn uniformly in
        ``center_box``, or the centres themselves.
    cluster_std : float or array-like of shape (n_centers,), default=1.0
        Standard deviation of each blob (the same along every axis).
    n_features : int, default=2
        Dimension, used only when ``centers`` is an int.
    center_box : (float, float), default=(-10.0, 10.0)
        Bounds of each coordinate of random centres.
    shuffle : bool, default=True
        Shuffle the points, so that ``X[:k]`` is a fair sample of every blob.
        Without it the points come blob by blob.
    rng : int, numpy.random.Generator or None, default=None
        Random source; None means the fixed seed :data:`DEFAULT_SEED`, so the
        result is the same every time.
    return_y : bool, default=False
        Also return the blob index of every point.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The points, float64.
    y : ndarray of shape (n_samples,)
        The blob of each point (int64), only when ``return_y`` is True.

    Examples
    --------
    >>> X, y = make_blobs(1000, centers=[[0, 0], [5, 5]], cluster_std=0.5, return_y=True)
    >>> X.shape, sorted(set(y.tolist()))
    ((1000, 2), [0, 1])
    >>> bool((make_blobs(10) == make_blobs(10)).all())
    True

    """
    gen = _as_generator(rng)

    counts: list[int] | None = None
    if isinstance(n_samples, (int, np.integer)) and not isinstance(n_samples, bool):
        total = _check_n(n_samples)
    else:
        try:
            counts = [int(c) for c in n_samples]  # type: ignore[union-attr]
        except TypeError:
            raise TypeError(
                f"n_samples must be an int or a sequence of ints, got {n_samples!r}"
            ) from None
        if not counts or min(counts) < 0 or sum(counts) < 1:
            raise ValueError(
                f"n_samples as a sequence needs counts >= 0 adding up to >= 1, got {counts}"
            )
        total = sum(counts)

    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        k = int(centers)
        if k < 1:
            raise ValueError(f"centers must be >= 1, got {k}")
        if counts is not None and len(counts) != k:
            raise ValueError(
                f"n_samples gives {len(counts)} counts but centers={k}; give one count per centre"
            )
        d = _check_n(n_features, "n_features")
        lo, hi = center_box
        centres = gen.uniform(lo, hi, size=(k, d))
    else:
        centres = np.asarray(centers, dtype=np.float64)
        if centres.ndim != 2 or centres.shape[0] < 1 or centres.shape[1] < 1:
            raise ValueError(
                "centers must be an int or an array of shape (n_centers, n_features), "
                f"got shape {centres.shape}"
            )
        if not np.isfinite(centres).all():
            raise ValueError("centers must be finite numbers")
        k, d = centres.shape
        if counts is not None and len(counts) != k:
            raise ValueError(
                f"n_samples gives {len(counts)} counts but there are {k} centres; "
                "give one count per centre"
            )

    std = np.asarray(cluster_std, dtype=np.float64)
    if std.ndim == 0:
        std = np.full(k, float(std))
    if std.shape != (k,):
        raise ValueError(
            f"cluster_std must be a number or have one value per centre ({k}), "
            f"got shape {std.shape}"
        )
    if not (np.isfinite(std).all() and (std >= 0).all()):
        raise ValueError(f"cluster_std must be finite and >= 0, got {std.tolist()}")

    if counts is None:
        counts = [total // k + (1 if i < total % k else 0) for i in range(k)]
    y = np.repeat(np.arange(k, dtype=np.int64), counts)
    X = gen.standard_normal((total, d))
    X *= std[y, None]
    X += centres[y]
    if shuffle:
        X, y = _shuffled(X, y, gen)
    return (X, y) if return_y else X


def _blobs(n: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    centres = [[-5.0, -3.0], [0.5, 5.0], [5.5, -2.5]]
    out = make_blobs(n, centres, 1.0, rng=rng, return_y=True)
    assert isinstance(out, tuple)
    return out


def _varied(n: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    # tight and crowded, wide, sparse (few points)
    counts = _split(n, [0.5, 0.35, 0.15])
    centres = [[-6.0, 4.0], [1.0, -2.5], [7.0, 6.0]]
    out = make_blobs(counts, centres, [0.4, 2.0, 1.2], rng=rng, return_y=True)
    assert isinstance(out, tuple)
    return out


def _moons(n: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    n_upper, n_lower = _split(n, [1, 1])
    t_up = np.linspace(0.0, np.pi, n_upper)
    t_lo = np.linspace(0.0, np.pi, n_lower)
    upper = np.column_stack([np.cos(t_up), np.sin(t_up)])
    lower = np.column_stack([1.0 - np.cos(t_lo), 0.5 - np.sin(t_lo)])
    X = np.vstack([upper, lower]) + rng.normal(0.0, 0.08, size=(n, 2))
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n_upper, n_lower])
    return _shuffled(X, y, rng)


def _rings(n: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    n_inner, n_outer = _split(n, [0.4, 0.6])
    radius = np.repeat([1.0, 3.0], [n_inner, n_outer]) + rng.normal(0.0, 0.12, size=n)
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n_inner, n_outer])
    return _shuffled(X, y, rng)


_SHEAR = np.array([[0.6, -0.6], [-0.4, 0.8]])


def _anisotropic(n: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    # Unit-variance noise sheared by _SHEAR: each blob is ~6x longer than wide, all
    # stretched along (-0.58, 0.82); the centres sit side by side across that direction.
    centres = np.array([[-2.9, -2.0], [-1.4, 2.0], [3.0, 0.9]])
    counts = _split(n, [1, 1, 1])
    y = np.repeat(np.arange(3, dtype=np.int64), counts)
    X = rng.standard_normal((n, 2)) @ _SHEAR + centres[y]
    return _shuffled(X, y, rng)


def _multiscale(n: int, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    # A wide cloud (std 2, 70 %) and a tight pair (std 0.15, 1.2 apart, 15 % each).
    # Bandwidth ~0.5 keeps the pair apart but shatters the cloud into dozens of modes;
    # bandwidth ~3 makes the cloud one mode but merges the pair.
    counts = _split(n, [0.7, 0.15, 0.15])
    centres = [[0.0, 0.0], [7.0, 0.6], [7.0, -0.6]]
    out = make_blobs(counts, centres, [2.0, 0.15, 0.15], rng=rng, return_y=True)
    assert isinstance(out, tuple)
    return out


def _five_points() -> tuple[NDArray[np.int64], IntArray]:
    X = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], dtype=np.int64)
    return X, np.full(5, -1, dtype=np.int64)


_LESSON = np.array(
    [
        # group 0: bottom left
        [1.0, 1.8], [1.7, 1.1], [2.2, 2.4], [1.2, 0.6],
        # group 1: top right
        [7.6, 8.4], [8.9, 9.6], [8.1, 10.5], [9.8, 8.9],
        # group 2: bottom right
        [8.2, 2.7], [9.6, 1.8], [10.4, 3.1], [9.1, 3.7],
    ]
)  # fmt: skip


def _lesson() -> tuple[FloatArray, IntArray]:
    return _LESSON.copy(), np.repeat(np.arange(3, dtype=np.int64), 4)
