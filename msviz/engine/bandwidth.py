"""Bandwidth rules: how wide a window each moving point averages over."""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine._checks import check_real, check_scale, check_X

__all__ = [
    "bandwidth_text","estimate_bandwidth", "knn_bandwidths", "rule_bandwidth", "resolve_bandwidth"]

# No temporary distance block is allowed to grow beyond this many bytes.
MEMORY_BUDGET = 64 * 2**20


def _kth_distances(
    queries: NDArray[np.float64], X: NDArray[np.float64], kth: int
) -> NDArray[np.float64]:
    """Distance from each query to its ``kth`` nearest row of ``X`` (0 = nearest)."""
    n = X.shape[0]
    out = np.empty(queries.shape[0])
    rows = max(1, MEMORY_BUDGET // (8 * 3 * max(n, 1)))
    # |q - x|^2 = |q|^2 - 2 q.x + |x|^2 is fast but loses digits far from the origin:
    # centre first, and measure the chosen neighbour's distance again exactly.
    origin = X.mean(axis=0)
    Xc = X - origin
    sq_x = np.einsum("ij,ij->i", Xc, Xc)
    for start in range(0, queries.shape[0], rows):
        q = queries[start : start + rows] - origin
        d2 = sq_x[None, :] - 2.0 * (q @ Xc.T)
        d2 += np.einsum("ij,ij->i", q, q)[:, None]
        # the kth nearest by the fast distances, then its distance measured exactly
        j = np.argpartition(d2, kth, axis=1)[:, kth]
        out[start : start + q.shape[0]] = np.sum((Xc[j] - q) ** 2, axis=1)
    return np.sqrt(out)


def estimate_bandwidth(
    X: ArrayLike,
    *,
    quantile: float = 0.3,
    n_samples: int | None = None,
    rng: int | np.random.Generator | None = None,
) -> float:
    """Estimate a mean shift bandwidth with scikit-learn's quantile rule.

    For every sample, take the distance to its ``int(quantile * n)``-th nearest
    sample (counting itself), and average. With ``quantile=0.3`` a window of that
    radius holds about 30 % of the data around a typical point.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    quantile : float, default=0.3
        Between 0 and 1; larger gives wider windows and fewer clusters.
    n_samples : int, optional
        Use a random subsample of this many rows. The rule is quadratic in the
        number of samples, so subsample large data sets (50,000 rows take
        seconds; a subsample of 5,000 gives nearly the same value).
    rng : int or numpy.random.Generator, optional
        The random generator used for the subsample.

    Returns
    -------
    float
        The bandwidth. Equal to :func:`sklearn.cluster.estimate_bandwidth` on
        the same rows.

    Examples
    --------
    >>> X = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]
    >>> round(estimate_bandwidth(X), 4)
    0.0
    >>> round(estimate_bandwidth(X, quantile=0.5), 4)
    2.8284
    """
    data = check_X(X)
    check_scale(data)
    quantile = check_real(quantile, "quantile", low=0.0, high=1.0, usual="0.3 is the usual choice")
    gen = check_rng(rng)
    if n_samples is not None:
        if (isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Integral)
                or n_samples < 1):
            raise ValueError(f"n_samples must be a positive integer or None, got {n_samples!r}")
        if n_samples < data.shape[0]:
            data = data[gen.permutation(data.shape[0])[:n_samples]]
    n_neighbors = max(int(data.shape[0] * quantile), 1)
    return float(np.mean(_kth_distances(data, data, n_neighbors - 1)))


def rule_bandwidth(X: ArrayLike, rule: str) -> float:
    """Return Scott's or Silverman's rule-of-thumb bandwidth.

    Both rules are derived for a Gaussian kernel: the value is the Gaussian's
    standard deviation. ``sigma`` is the mean standard deviation of the features.

    - Scott: ``sigma * n ** (-1 / (d + 4))``
    - Silverman: ``sigma * (4 / (d + 2)) ** (1 / (d + 4)) * n ** (-1 / (d + 4))``

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    rule : {"scott", "silverman"}
        Which rule.

    Returns
    -------
    float

    Examples
    --------
    >>> round(rule_bandwidth([[0.0], [1.0], [2.0], [3.0]], "scott"), 4)
    0.9784
    """
    data = check_X(X)
    check_scale(data)
    n, d = data.shape
    name = rule.strip().lower()
    if name not in ("scott", "silverman"):
        raise ValueError(f"unknown bandwidth rule {rule!r}; use 'scott' or 'silverman'")
    sigma = float(np.mean(np.std(data, axis=0, ddof=1))) if n > 1 else 0.0
    factor = n ** (-1.0 / (d + 4))
    if name == "silverman":
        factor *= (4.0 / (d + 2)) ** (1.0 / (d + 4))
    h = sigma * factor
    if not h > 0:
        raise ValueError(
            f"the {name} rule gives bandwidth {h!r} because the data has no spread; "
            "pass a positive float bandwidth instead"
        )
    return h


def knn_bandwidths(X: ArrayLike, k: int = 10, *, scale: float = 1.0) -> NDArray[np.float64]:
    """Per-sample bandwidths: the distance from each sample to its k-th neighbour.

    Use the result as ``bandwidth=`` for *variable bandwidth* mean shift
    (Comaniciu, Ramesh & Meer 2001): samples in dense regions get narrow
    windows, isolated samples wide ones.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    k : int, default=10
        Which neighbour (not counting the sample itself).
    scale : float, default=1.0
        Multiplies every bandwidth.

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> knn_bandwidths([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]], k=1).tolist()
    [1.0, 1.0, 2.0]
    """
    data = check_X(X)
    n = data.shape[0]
    if not isinstance(k, numbers.Integral) or not 1 <= k < n:
        raise ValueError(
            f"k must be an integer from 1 to n_samples - 1 = {n - 1} (X has {n} samples), got {k!r}"
        )
    scale = check_real(scale, "scale", low=0.0, usual="1.0 keeps the k-th neighbour distance")
    h = _kth_distances(data, data, int(k)) * scale
    if np.any(h <= 0):
        bad = int(np.flatnonzero(h <= 0)[0])
        raise ValueError(
            f"sample {bad} has {k} or more exact duplicates, so its k-th neighbour is at "
            "distance 0; use a larger k"
        )
    return h


def resolve_bandwidth(
    bandwidth: float | str | ArrayLike | None, X: NDArray[np.float64]
) -> float | NDArray[np.float64]:
    """Turn the ``bandwidth=`` argument of the engine into a float or a per-sample array.

    Parameters
    ----------
    bandwidth : float, {"scott", "silverman"}, array-like of shape (n_samples,) or None
        None uses :func:`estimate_bandwidth`.
    X : ndarray of shape (n_samples, n_features)
        Validated data.

    Returns
    -------
    float or ndarray of shape (n_samples,)
    """
    hint = "try msviz.estimate_bandwidth(X)"
    check_scale(X)
    if bandwidth is None:
        # The quantile rule is quadratic: beyond 10,000 samples use a fixed subsample.
        big = X.shape[0] > 10_000
        h = estimate_bandwidth(X, n_samples=10_000 if big else None, rng=0)
        if not h > 0:
            raise ZeroBandwidthError(zero_bandwidth_message(X))
        return h
    if isinstance(bandwidth, str):
        return rule_bandwidth(X, bandwidth)
    if isinstance(bandwidth, (bool, np.bool_)):
        raise TypeError(f"bandwidth must be a positive number, got {bandwidth!r}; {hint}")
    if isinstance(bandwidth, numbers.Real):
        h = float(bandwidth)
        if not (np.isfinite(h) and h > 0):
            raise ValueError(f"bandwidth must be > 0 and finite, got {h!r}; {hint}")
        _check_square(h)
        return h
    try:
        arr = np.asarray(bandwidth, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"bandwidth must be a positive number, 'scott', 'silverman', None or an array "
            f"of one bandwidth per sample; got {bandwidth!r}"
        ) from None
    if arr.ndim == 0:
        return resolve_bandwidth(float(arr), X)
    if arr.shape != (X.shape[0],):
        raise ValueError(
            f"a per-sample bandwidth must have shape (n_samples,) = ({X.shape[0]},), "
            f"got {arr.shape}; try msviz.knn_bandwidths(X)"
        )
    bad = np.flatnonzero(~(np.isfinite(arr) & (arr > 0)))
    if bad.size:
        raise ValueError(
            f"bandwidth[{bad[0]}] = {arr[bad[0]]!r}: every per-sample bandwidth must be > 0 "
            f"and finite ({bad.size} are not); try msviz.knn_bandwidths(X)"
        )
    _check_square(float(arr.min()))
    _check_square(float(arr.max()))
    return arr


class ZeroBandwidthError(ValueError):
    """The quantile rule gave a bandwidth of 0 (too few distinct samples)."""


def zero_bandwidth_message(X: NDArray[np.float64], *, advice: str | None = None) -> str:
    """Why the estimated bandwidth is 0 for ``X``, and what to do (``advice``)."""
    n = X.shape[0]
    distinct = int(np.unique(X, axis=0).shape[0])
    k = max(int(0.3 * n), 1)
    if advice is None:
        advice = "pass a positive bandwidth, e.g. bandwidth=1.0"
    if k == 1:
        why = (f"with {n} sample{'s' if n != 1 else ''} the quantile rule measures each "
               "sample's distance to its 1st nearest sample, itself (it needs 7 samples or more)")
    else:
        why = (f"each sample's {k} nearest samples (30 % of {n}) are exact copies of it "
               f"(X has {distinct} distinct rows)")
    return f"the estimated bandwidth is 0: {why}; {advice}"


def _check_square(h: float) -> None:
    """Refuse a bandwidth whose square overflows or underflows float64."""
    if not (math.isfinite(h * h) and h * h > 1e-290):
        raise ValueError(
            f"bandwidth {h:.3g} is too {'large' if h > 1 else 'small'} to square in float64; "
            "rescale X and the bandwidth together (e.g. divide both by X's standard deviation)"
        )


def check_rng(rng: object) -> np.random.Generator:
    """``rng`` (None, an int seed or a Generator) as a Generator, or a clear error."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, (bool, np.bool_)) or not isinstance(rng, numbers.Integral) or rng < 0:
        raise TypeError(
            f"rng must be None, an int seed >= 0 or a numpy.random.Generator, got {rng!r}"
        )
    return np.random.default_rng(int(rng))


def nearest_neighbour_distance(X: ArrayLike, *, n_samples: int = 2000) -> float:
    """The mean distance from a sample to its nearest other sample (> 0 if any spread).

    Uses a fixed subsample of ``n_samples`` rows for big data.

    Examples
    --------
    >>> round(nearest_neighbour_distance([[0, 0], [3, 4], [3, 5]]), 4)
    2.3333

    """
    data = check_X(X)
    n = data.shape[0]
    if n < 2:
        return 0.0
    if n > n_samples:
        data = data[np.random.default_rng(0).permutation(n)[:n_samples]]
        n = n_samples
    uniq = np.unique(data, axis=0)
    if uniq.shape[0] < 2:
        return 0.0
    # quantile 2.5 / n: the 2nd nearest row counting the sample itself.
    return estimate_bandwidth(uniq, quantile=min(1.0, 2.5 / uniq.shape[0]))


def bandwidth_range(X: ArrayLike, h: float | None = None) -> tuple[float, float]:
    """A range of bandwidths from "every point alone" to "one cluster".

    From half the mean nearest-neighbour distance (each window holds about one
    sample, so every sample is its own mode) to the diagonal of the data's box
    (one window covers everything, so there is one mode), widened to include
    ``h``.

    Examples
    --------
    >>> lo, hi = bandwidth_range([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], 2.0)
    >>> round(lo, 3), round(hi, 3)
    (1.414, 11.314)

    """
    data = check_X(X)
    diagonal = float(np.sqrt(np.sum(np.ptp(data, axis=0) ** 2)))
    nn = nearest_neighbour_distance(data)
    lo = 0.5 * nn if nn > 0 else (diagonal / 200 if diagonal > 0 else 0.1)
    hi = diagonal if diagonal > lo else lo * 100
    if h is not None and math.isfinite(h) and h > 0:
        lo, hi = min(lo, h / 1.2), max(hi, h * 1.2)
    return float(lo), float(hi)


def default_bandwidth(X: ArrayLike, suggested: float | None = None) -> float:
    """The bandwidth an explorer starts from.

    ``suggested`` if given, else :func:`msviz.estimate_bandwidth`; when the
    quantile rule gives 0 (fewer than about 7 samples, or many duplicates), twice
    the mean nearest-neighbour distance.

    Examples
    --------
    >>> round(default_bandwidth([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]), 4)
    5.6569

    """
    if suggested is not None and math.isfinite(suggested) and suggested > 0:
        return float(suggested)
    data = check_X(X)
    h = estimate_bandwidth(data, n_samples=2000 if data.shape[0] > 2000 else None, rng=0)
    if h > 0:
        return float(h)
    nn = nearest_neighbour_distance(data)
    return 2.0 * nn if nn > 0 else 1.0


def bandwidth_text(bandwidth: float | ArrayLike, *, detail: bool = False) -> str:
    """The bandwidth in a few words, for titles and messages.

    Examples
    --------
    >>> bandwidth_text(2.5), bandwidth_text([0.5, 1.0]), bandwidth_text([0.5, 1.0], detail=True)
    ('h = 2.5', 'per-sample h', 'h per sample (0.5 to 1)')
    """
    if np.ndim(bandwidth) == 0:
        return f"h = {float(bandwidth):.3g}"  # type: ignore[arg-type]
    if detail:
        hs = np.asarray(bandwidth, dtype=np.float64)
        return f"h per sample ({hs.min():.2g} to {hs.max():.2g})"
    return "per-sample h"
