"""The numbers behind the interactive widgets, computed with numpy only.

Everything the widgets show that is not already in a :class:`~msviz.Trace` or a
:class:`~msviz.scene.Scene` is computed here, and drawn elsewhere
(``msviz._widget_draw``): a function that computes draws nothing.

- :func:`explain_update`: one moving point's next update, in numbers (its window,
  the samples inside and their weights, the weighted mean, the shift and the
  stopping rule).
- :func:`inspector_geometry`: the same in drawing coordinates.
- :class:`TraceCache`: a bounded least-recently-used cache of finished runs,
  keyed by their parameters.
- :func:`bandwidth_range` and :func:`mode_counts`: the scale space, the number of
  modes as the bandwidth grows.

This module imports numpy and the engine only (no matplotlib, no ipywidgets).
"""

from __future__ import annotations

import hashlib
import math
import numbers
import warnings
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine import ConvergenceWarning, Trace, UpdateExplanation, explain_update
from msviz.engine._checks import check_X
from msviz.engine._types import BoolArray, FloatArray, readonly
from msviz.engine.bandwidth import estimate_bandwidth
from msviz.engine.kernels import Kernel, get_kernel
from msviz.scene import Scene

__all__ = [
    "CacheInfo",
    "InspectorGeometry",
    "OutcomeSummary",
    "RingPicture",
    "ScaleSpaceCurve",
    "TraceCache",
    "UpdateExplanation",
    "bandwidth_range",
    "data_token",
    "explain_update",
    "inspector_geometry",
    "mode_counts",
    "outcome_summary",
    "ring_picture",
    "run_key",
    "standardise",
]


#: Samples whose weight is below this fraction of the largest weight are not shaded
#: (for the Gaussian kernel: those farther than about 3 bandwidths).
WEIGHT_SHOWN = 1e-2


# --------------------------------------------------------------------------- one update


def _fmt(x: float) -> str:
    if x == 0:
        return "0"
    return f"{x:.4g}" if abs(x) >= 1e-3 else f"{x:.2e}"


def _point(p: FloatArray, limit: int = 4) -> str:
    vals = [_fmt(float(v)) for v in p[:limit]]
    more = ", …" if p.shape[0] > limit else ""
    return "(" + ", ".join(vals) + more + ")"


def explanation_lines(e: UpdateExplanation) -> list[str]:
    """The explanation as a few plain sentences (no markup).

    Examples
    --------
    >>> import msviz
    >>> trace = msviz.run_mean_shift([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], bandwidth=3)
    >>> explanation_lines(explain_update(trace, 0, 0))[0]
    'Point 0, update from step 0 to step 1.'

    """
    if e.recorded_next is None:
        head = f"Point {e.seed} at the last step, {e.step}: what one more update would do."
    else:
        head = f"Point {e.seed}, update from step {e.step} to step {e.step + 1}."
    lines = [head]
    lines.append(f"Window: radius h = {_fmt(e.bandwidth)} around {_point(e.position)}.")
    if e.kernel == "flat":
        lines.append(
            f"{e.n_weighted} sample{'s' if e.n_weighted != 1 else ''} inside; each weighs 1, "
            f"so the total weight is {_fmt(e.total_weight)}."
        )
    elif e.n_weighted > e.n_within:
        lines.append(
            f"{e.n_within} sample{'s' if e.n_within != 1 else ''} within one h, "
            f"{e.n_weighted} with some weight (near ones weigh more); "
            f"total weight {_fmt(e.total_weight)}."
        )
    else:
        lines.append(
            f"{e.n_weighted} sample{'s' if e.n_weighted != 1 else ''} inside (near ones weigh "
            f"more); total weight {_fmt(e.total_weight)}."
        )
    if e.mean is None:
        lines.append("No sample has any weight, so there is no mean: the point cannot move.")
        return lines
    lines.append(
        f"Weighted mean: {_point(e.mean)}. Shift {_point(e.position)} → {_point(e.mean)}, "
        f"length {_fmt(e.shift_length)}."
    )
    rule = (
        f"Stopping threshold tol × h = {_fmt(e.tol)} × {_fmt(e.bandwidth)} = {_fmt(e.threshold)}"
    )
    if e.stops:
        lines.append(f"{rule}: {_fmt(e.shift_length)} ≤ {_fmt(e.threshold)}, so it stops here.")
    else:
        lines.append(f"{rule}: {_fmt(e.shift_length)} > {_fmt(e.threshold)}, so it keeps moving.")
    if e.stopped_at is not None and e.variant == "standard":
        lines.append(
            f"It stopped at step {e.stopped_at}, when its shift fell to at most tol × h: "
            "a stopped point no longer moves."
        )
    return lines


@dataclass(frozen=True, eq=False)
class InspectorGeometry:
    """An :class:`UpdateExplanation` in drawing coordinates, for the view.

    Attributes
    ----------
    kind : {"plane", "projection", "line"}
        As :attr:`msviz.scene.Scene.kind`.
    center : ndarray of shape (2,)
        The point (the window's centre).
    radius : float
        The window radius in drawing units (orthonormal projections keep it).
    ring_scales : tuple of float
        Rings to draw, in radii: (1,) for compact kernels, (1, 2) for Gaussian.
    samples : ndarray of shape (m, 2)
        The samples that carry weight, heaviest last (so they are drawn on top).
    shade : ndarray of shape (m,)
        Their weight divided by the largest weight, in (0, 1].
    mean : ndarray of shape (2,) or None
        The weighted mean.

    """

    kind: str
    center: FloatArray
    radius: float
    ring_scales: tuple[float, ...]
    samples: FloatArray
    shade: FloatArray
    mean: FloatArray | None


def inspector_geometry(e: UpdateExplanation, scene: Scene) -> InspectorGeometry:
    """Project an explanation into the drawing plane of ``scene``.

    Examples
    --------
    >>> import msviz
    >>> from msviz.scene import scene_for
    >>> trace = msviz.run_mean_shift([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], bandwidth=3)
    >>> g = inspector_geometry(explain_update(trace, 0, 0), scene_for(trace))
    >>> g.center.tolist(), g.samples.shape, g.mean.tolist()
    ([1.0, 2.0], (2, 2), [2.0, 3.0])

    """
    proj = scene.projection
    w = np.asarray(e.weights)
    top = float(w.max()) if w.size else 0.0
    shown = np.flatnonzero(w > WEIGHT_SHOWN * top) if top > 0 else np.empty(0, dtype=np.intp)
    order = shown[np.argsort(w[shown], kind="stable")]
    samples = proj.project(e.samples[order])
    center = proj.project(e.position[None, :])[0]
    mean = None if e.mean is None else proj.project(np.asarray(e.mean)[None, :])[0]
    if scene.kind == "line":
        # One feature: the point sits on the density hill; samples on the baseline.
        center[1] = float(scene.positions[e.step, e.seed, 1])
        samples[:, 1] = 0.0
        if mean is not None:
            nxt = min(e.step + 1, scene.n_steps - 1)
            mean[1] = float(scene.positions[nxt, e.seed, 1])
    return InspectorGeometry(
        kind=scene.kind,
        center=readonly(np.asarray(center, dtype=np.float64)),
        radius=float(e.bandwidth),
        ring_scales=scene.ring_scales,
        samples=readonly(np.asarray(samples, dtype=np.float64)),
        shade=readonly(w[order] / top if top > 0 else np.zeros(0)),
        mean=None if mean is None else readonly(np.asarray(mean, dtype=np.float64)),
    )


def nearest_seed(scene: Scene, step: int, xy: tuple[float, float]) -> int:
    """The moving point drawn nearest to ``xy`` (drawing coordinates) at ``step``.

    Examples
    --------
    >>> import msviz
    >>> from msviz.scene import scene_for
    >>> trace = msviz.run_mean_shift([[0, 0], [5, 0], [9, 9]], bandwidth=2)
    >>> nearest_seed(scene_for(trace), 0, (4.0, 1.0))
    1

    """
    k = scene.check_step(step)
    pos = scene.positions[k]
    d2 = np.sum((pos - np.asarray(xy, dtype=np.float64)) ** 2, axis=1)
    return int(np.argmin(d2))


# --------------------------------------------------------------------------- the cache


class CacheInfo(NamedTuple):
    """Hits, misses and size of a :class:`TraceCache` (as ``functools.lru_cache``)."""

    hits: int
    misses: int
    maxsize: int
    currsize: int


class TraceCache:
    """A bounded least-recently-used cache of finished runs.

    Parameters
    ----------
    maxsize : int, default=16
        The most runs kept; the least recently used one is dropped first.

    Examples
    --------
    >>> cache = TraceCache(maxsize=2)
    >>> calls = []
    >>> value = cache.get("a", lambda: calls.append("a") or 1)
    >>> value = cache.get("a", lambda: calls.append("a") or 1)
    >>> calls, cache.info()
    (['a'], CacheInfo(hits=1, misses=1, maxsize=2, currsize=1))

    """

    maxsize: int
    hits: int
    misses: int

    def __init__(self, maxsize: int = 16) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, numbers.Integral) or maxsize < 1:
            raise ValueError(f"cache_size must be an integer >= 1, got {maxsize!r}")
        self.maxsize = int(maxsize)
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return the cached value for ``key``, computing (and keeping) it if missing.

        A ``compute`` that raises caches nothing.
        """
        if key in self._items:
            self.hits += 1
            self._items.move_to_end(key)
            return self._items[key]
        self.misses += 1
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` under ``key`` (dropping the least recently used if full)."""
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def info(self) -> CacheInfo:
        """Hits, misses, maximum and current size."""
        return CacheInfo(self.hits, self.misses, self.maxsize, len(self._items))

    def clear(self) -> None:
        """Forget every run and reset the counts."""
        self._items.clear()
        self.hits = 0
        self.misses = 0


def data_token(X: ArrayLike) -> str:
    """A short fingerprint of an array's values and shape (for cache keys).

    Examples
    --------
    >>> data_token([[0.0, 1.0]]) == data_token(np.array([[0.0, 1.0]]))
    True

    """
    arr = np.ascontiguousarray(np.asarray(X, dtype=np.float64))
    digest = hashlib.blake2b(arr.tobytes(), digest_size=12)
    digest.update(repr(arr.shape).encode())
    return digest.hexdigest()


def _bandwidth_key(h: object) -> Hashable:
    if h is None or isinstance(h, str):
        return h
    if isinstance(h, numbers.Real) and not isinstance(h, bool):
        # Slider values arrive as floats: 12 significant digits identify a value.
        return float(f"{float(h):.12g}")
    return ("array", data_token(np.asarray(h, dtype=np.float64).reshape(-1, 1)))


def _kernel_key(kernel: object) -> Hashable:
    if isinstance(kernel, str):
        return kernel.strip().lower()
    if isinstance(kernel, Kernel) and kernel.name in ("flat", "epanechnikov", "gaussian") \
            and get_kernel(kernel.name) is kernel:
        return kernel.name
    return ("object", id(kernel))


def _seeds_key(seeds: object) -> Hashable:
    if seeds is None or isinstance(seeds, str):
        return seeds
    return ("array", data_token(np.asarray(seeds, dtype=np.float64)))


def run_key(token: str, params: dict[str, Any]) -> tuple[Hashable, ...]:
    """The cache key of a run: the data's fingerprint and the parameters that matter.

    Examples
    --------
    >>> run_key("x", dict(bandwidth=2.5, kernel="flat")) == run_key(
    ...     "x", dict(bandwidth=2.5000000000001, kernel="FLAT"))
    True

    """
    return (
        token,
        _bandwidth_key(params.get("bandwidth")),
        _kernel_key(params.get("kernel", "flat")),
        str(params.get("variant", "standard")).strip().lower(),
        _seeds_key(params.get("seeds")),
        int(params.get("max_iter", 300)),
        float(params.get("tol", 1e-3)),
    )


# --------------------------------------------------------------------------- scale space


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


@dataclass(frozen=True, eq=False)
class ScaleSpaceCurve:
    """The number of modes found at each bandwidth of a grid.

    Attributes
    ----------
    bandwidths : ndarray of shape (n_bandwidths,)
        Increasing bandwidths.
    n_modes : ndarray of shape (n_bandwidths,)
        The number of cluster centres at each (0 where no window held a sample).
    n_steps : ndarray of shape (n_bandwidths,)
        Steps of each run (0 where it failed).
    converged : ndarray of shape (n_bandwidths,), dtype bool
        Whether each run stopped before ``max_iter``.
    params : dict
        The other parameters of the runs (kernel, variant, seeds, max_iter, tol).

    """

    bandwidths: FloatArray
    n_modes: NDArray[np.intp]
    n_steps: NDArray[np.intp]
    converged: BoolArray
    params: dict[str, Any]

    def modes_at(self, h: float) -> int:
        """The number of modes at the grid bandwidth nearest to ``h`` (in log scale)."""
        j = int(np.argmin(np.abs(np.log(self.bandwidths) - math.log(h))))
        return int(self.n_modes[j])


def mode_counts(
    X: ArrayLike,
    bandwidths: Sequence[float] | FloatArray,
    *,
    runner: Callable[..., Trace] | None = None,
    **params: Any,
) -> ScaleSpaceCurve:
    """Count the modes mean shift finds at each bandwidth.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidths : sequence of float
        Positive bandwidths.
    runner : callable, optional
        The function that runs mean shift (default :func:`msviz.run_mean_shift`).
    **params
        Other keywords of :func:`msviz.run_mean_shift` (kernel, variant, seeds,
        max_iter, tol).

    Returns
    -------
    ScaleSpaceCurve

    Examples
    --------
    >>> curve = mode_counts([[0.0], [0.2], [5.0], [5.3]], [0.5, 10.0])
    >>> curve.n_modes.tolist()
    [2, 1]

    """
    if runner is None:
        from msviz.engine import run_mean_shift as runner_
    else:
        runner_ = runner
    data = check_X(X)
    hs = np.asarray(bandwidths, dtype=np.float64).reshape(-1)
    if hs.size == 0 or not np.all(np.isfinite(hs) & (hs > 0)):
        raise ValueError("bandwidths must be positive, finite numbers (at least one)")
    modes = np.zeros(hs.size, dtype=np.intp)
    steps = np.zeros(hs.size, dtype=np.intp)
    converged = np.zeros(hs.size, dtype=bool)
    for j, h in enumerate(hs):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                trace = runner_(data, bandwidth=float(h), **params)
        except ValueError:
            # No moving point had a sample in its window: no mode at this bandwidth.
            continue
        modes[j] = trace.n_clusters
        steps[j] = len(trace)
        converged[j] = bool(trace.converged)
    return ScaleSpaceCurve(
        readonly(hs.copy()), readonly(modes), readonly(steps), readonly(converged),
        dict(params),
    )


def log_grid(lo: float, hi: float, n: int = 40) -> FloatArray:
    """``n`` bandwidths evenly spaced in log scale from ``lo`` to ``hi``.

    Examples
    --------
    >>> log_grid(1.0, 100.0, 3).tolist()
    [1.0, 10.0, 100.0]

    """
    if not (0 < lo < hi and math.isfinite(hi)):
        raise ValueError(f"need 0 < lo < hi, got lo={lo!r}, hi={hi!r}")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    return np.geomspace(lo, hi, int(n))


def short_status(scene: Scene, step: int, shown: int) -> str:
    """A short status line for a run shown at ``step`` while the slider is at ``shown``.

    Examples
    --------
    >>> import msviz
    >>> from msviz.scene import scene_for
    >>> sc = scene_for(msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=1.5))
    >>> short_status(sc, 0, 0), short_status(sc, 2, 5)
    ('step 0 / 2 · 0 of 3 stopped', 'finished at step 2 · 2 modes')

    """
    k = scene.check_step(step)
    if k >= scene.last:
        modes = scene.n_clusters
        end = "finished" if scene.converged_run else "max_iter reached"
        return f"{end} at step {scene.last} · {modes} mode{'s' if modes != 1 else ''}"
    return f"step {k} / {scene.last} · {int(scene.n_stopped[k])} of {scene.n_seeds} stopped"


# --------------------------------------------------------------------------- ring weights (Q8)


@dataclass(frozen=True, eq=False)
class RingPicture:
    """What the ring-weights widget shows for one centroid of shifted data.

    Attributes
    ----------
    data : ndarray of shape (n_samples, n_features)
        The data moved by ``shift`` (in every coordinate).
    shift : float
        How far the data was moved, in every coordinate.
    centroid : int
        The sample whose start position is the centroid.
    center : ndarray of shape (n_features,)
        The centroid (that sample, moved).
    mean : ndarray of shape (n_features,)
        The mean of the moved data.
    mean_norm : float
        ``|mean|``: the distance from the origin to the mean.
    n_rings : int
        The number of rings (the lesson's 100).
    radius : float
        The ring width ``|mean| / n_rings``.
    reach : float
        Samples closer than this carry weight: ``(n_rings - 1) * radius``.
    distances, rings, weights : ndarray of shape (n_samples,)
        Each sample's distance to the centroid, its ring and its weight
        ``(n_rings - 1 - ring)**2``.
    curve_d, curve_w : ndarray
        The weight as a function of distance (a staircase), for the plot.
    ring_radii : ndarray
        The ring edges to draw (every ring, or every 10th when there are many).
    near_share : float
        The share of the total weight carried by the nearest tenth of the samples.

    """

    data: FloatArray
    shift: float
    centroid: int
    center: FloatArray
    mean: FloatArray
    mean_norm: float
    n_rings: int
    radius: float
    reach: float
    distances: FloatArray
    rings: NDArray[np.intp]
    weights: FloatArray
    curve_d: FloatArray
    curve_w: FloatArray
    ring_radii: FloatArray
    near_share: float

    @property
    def n_weighted(self) -> int:
        """How many samples carry any weight."""
        return int(np.count_nonzero(self.weights > 0))

    @property
    def top_weight(self) -> float:
        """The weight of a sample in ring 0: ``(n_rings - 1)**2``."""
        return float((self.n_rings - 1) ** 2)

    def lines(self) -> list[str]:
        """The numbers in a few plain sentences (no markup)."""
        n = self.distances.size
        out = [
            f"|mean| = {_fmt(self.mean_norm)}, so the ring width is radius = |mean| / "
            f"{self.n_rings} = {_fmt(self.radius)}.",
            f"A sample in ring k counts ({self.n_rings - 1} − k)² times: "
            f"{self.top_weight:,.0f} in ring 0, 0 from ring {self.n_rings - 1} on "
            f"(farther than {_fmt(self.reach)}).",
            f"Seen from centroid {self.centroid}: {self.n_weighted} of {n} samples carry "
            "weight; the nearest tenth of the samples carries "
            f"{self.near_share:.0%} of the total weight.",
        ]
        return out


def ring_picture(
    X: ArrayLike, centroid: int = 0, shift: float = 0.0, n_rings: int = 100
) -> RingPicture:
    """The lesson's ring weights seen from one centroid, with the data moved by ``shift``.

    Uses :func:`msviz.course.classic.ring_radius`, :func:`~msviz.course.classic.ring_index` and
    :func:`~msviz.course.classic.ring_weights`: the centroid is sample ``centroid`` at
    the start of a run (every sample starts as a centroid).

    Raises
    ------
    msviz.course.classic.ClassicError
        When the moved data is centred on the origin (radius 0).
    ValueError
        For a centroid out of range or a bad number of rings.

    Examples
    --------
    >>> p = ring_picture([[99.0], [100.0], [101.0]], centroid=0)
    >>> p.radius, p.rings.tolist(), p.weights.tolist()
    (1.0, [0, 1, 2], [9801.0, 9604.0, 9409.0])
    >>> ring_picture([[99.0], [100.0], [101.0]], centroid=0, shift=-50.0).radius
    0.5

    """
    from msviz.course.classic import ring_index, ring_radius, ring_weights

    data = check_X(X)
    if isinstance(shift, bool) or not isinstance(shift, numbers.Real) \
            or not math.isfinite(float(shift)):
        raise ValueError(f"the shift must be a finite number, got {shift!r}")
    n = data.shape[0]
    if isinstance(centroid, bool) or not isinstance(centroid, numbers.Integral) \
            or not 0 <= int(centroid) < n:
        raise ValueError(f"the centroid must be a sample number from 0 to {n - 1}, "
                         f"got {centroid!r}")
    moved = data + float(shift)
    r = ring_radius(moved, n_rings)  # checks n_rings
    k_rings = int(n_rings)
    center = moved[int(centroid)].copy()
    distances = np.linalg.norm(moved - center, axis=1)
    rings = ring_index(distances, r, k_rings)  # raises ClassicError for r == 0
    weights = ring_weights(distances, r, k_rings)
    reach = (k_rings - 1) * r
    # The staircase: two points per ring edge, out to a little beyond the data.
    far = max(float(distances.max()), reach) * 1.08
    edges = np.arange(k_rings, dtype=np.float64) * r
    edges = edges[edges <= far]
    steps_w = ((k_rings - 1 - np.arange(edges.size)) ** 2).astype(np.float64)
    curve_d = np.repeat(np.append(edges, far), 2)[1:-1]
    curve_w = np.repeat(steps_w, 2)
    if reach < far:
        curve_d = np.append(curve_d, [reach, far])
        curve_w = np.append(curve_w, [0.0, 0.0])
    step = 1 if k_rings <= 20 else max(1, k_rings // 10)
    ring_radii = np.arange(step, k_rings, step, dtype=np.float64) * r
    total = float(weights.sum())
    order = np.argsort(distances, kind="stable")
    tenth = max(1, int(math.ceil(0.1 * n)))
    near_share = float(weights[order[:tenth]].sum() / total) if total > 0 else 0.0
    return RingPicture(
        data=readonly(moved), shift=float(shift), centroid=int(centroid),
        center=readonly(center), mean=readonly(moved.mean(axis=0)),
        mean_norm=float(np.linalg.norm(moved.mean(axis=0))), n_rings=k_rings, radius=float(r),
        reach=float(reach), distances=readonly(distances), rings=readonly(rings),
        weights=readonly(weights), curve_d=readonly(curve_d), curve_w=readonly(curve_w),
        ring_radii=readonly(ring_radii), near_share=near_share,
    )


# --------------------------------------------------------------------- outcome by cluster (Q10)


def check_outcome(outcome: ArrayLike, n_samples: int) -> NDArray[np.int64]:
    """An outcome of 0s and 1s (bools accepted), one per sample; plain-word errors.

    Examples
    --------
    >>> check_outcome([True, False, 1], 3).tolist()
    [1, 0, 1]

    """
    y = np.asarray(outcome)
    if y.ndim != 1:
        y = y.reshape(-1) if y.ndim == 2 and 1 in y.shape else y
    if y.ndim != 1:
        raise ValueError(f"the outcome must be one 0/1 value per sample, got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"the outcome has {y.shape[0]} values but the data has {n_samples} samples; "
            "give one 0/1 value per sample (e.g. df['survived'])"
        )
    try:
        yf = y.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError("the outcome must be numbers 0 and 1 (or True/False), "
                         f"got values like {y[:3].tolist()!r}") from None
    if np.isnan(yf).any():
        raise ValueError(f"the outcome has {int(np.isnan(yf).sum())} missing values; "
                         "drop those samples first")
    bad = ~np.isin(yf, (0.0, 1.0))
    if bad.any():
        raise ValueError(
            "the outcome must be 0 or 1 for each sample (1 = it happened, e.g. survived); "
            f"found {sorted(set(np.unique(yf[bad]).tolist()))[:5]}"
        )
    return yf.astype(np.int64)


def standardise(X: ArrayLike) -> FloatArray:
    """z-scores: each column minus its mean, over its standard deviation (constant columns: 0).

    Examples
    --------
    >>> standardise([[0.0, 5.0], [2.0, 5.0]]).tolist()
    [[-1.0, 0.0], [1.0, 0.0]]

    """
    data = check_X(X)
    sd = data.std(axis=0)
    return (data - data.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


@dataclass(frozen=True, eq=False)
class OutcomeSummary:
    """The outcome rate and the feature means of each cluster.

    Attributes
    ----------
    clusters : ndarray of shape (n_groups,)
        The cluster labels, largest cluster first (-1: samples with no cluster).
    sizes, positives : ndarray of shape (n_groups,)
        Members and members with outcome 1.
    rates : ndarray of shape (n_groups,)
        ``positives / sizes``.
    means : ndarray of shape (n_groups, n_features)
        The mean of each feature over the members, in the data's own units.
    overall_rate : float
        The outcome rate over every sample.
    overall_means, overall_sd : ndarray of shape (n_features,)
        Mean and standard deviation of each feature over every sample.
    feature_names : tuple of str

    """

    clusters: NDArray[np.intp]
    sizes: NDArray[np.intp]
    positives: NDArray[np.intp]
    rates: FloatArray
    means: FloatArray
    overall_rate: float
    overall_means: FloatArray
    overall_sd: FloatArray
    feature_names: tuple[str, ...]

    @property
    def n_samples(self) -> int:
        return int(self.sizes.sum())

    def stands_out(self, g: int, top: int = 2) -> list[tuple[str, float, float]]:
        """The features whose mean in group ``g`` is farthest from the overall mean.

        Returns (name, group mean, overall mean), farthest first, measured in
        overall standard deviations; features that differ by less than 0.25 sd
        are left out.
        """
        sd = np.where(self.overall_sd > 0, self.overall_sd, 1.0)
        z = np.abs(self.means[g] - self.overall_means) / sd
        order = np.argsort(-z, kind="stable")[:top]
        return [(self.feature_names[j], float(self.means[g, j]), float(self.overall_means[j]))
                for j in order if z[j] >= 0.25]

    def shown(self, max_groups: int = 10) -> tuple[list[str], list[int], list[int], list[float]]:
        """Names, sizes, positives and rates of the groups to draw.

        The ``max_groups - 1`` largest clusters, and the rest together as one
        group ("k smaller clusters") when there are more than ``max_groups``.
        """
        def name(c: int) -> str:
            return "no cluster" if c < 0 else f"cluster {c}"

        m = self.clusters.size
        if m <= max_groups:
            keep = m
        else:
            keep = max(max_groups - 1, 1)
        names = [name(int(c)) for c in self.clusters[:keep]]
        sizes = [int(s) for s in self.sizes[:keep]]
        positives = [int(k) for k in self.positives[:keep]]
        if keep < m:
            rest_n, rest_k = int(self.sizes[keep:].sum()), int(self.positives[keep:].sum())
            names.append(f"{m - keep} smaller clusters")
            sizes.append(rest_n)
            positives.append(rest_k)
        return names, sizes, positives, [k / s for k, s in zip(positives, sizes, strict=True)]


def outcome_summary(
    X: ArrayLike,
    outcome: ArrayLike,
    labels: ArrayLike,
    feature_names: Sequence[str] | None = None,
) -> OutcomeSummary:
    """Group the samples by cluster: size, outcome rate and feature means of each group.

    Examples
    --------
    >>> s = outcome_summary([[0.0], [1.0], [10.0]], [1, 0, 1], [0, 0, 1], ["x"])
    >>> s.clusters.tolist(), s.sizes.tolist(), s.rates.tolist(), s.means.ravel().tolist()
    ([0, 1], [2, 1], [0.5, 1.0], [0.5, 10.0])

    """
    data = check_X(X)
    n, d = data.shape
    y = check_outcome(outcome, n)
    lab = np.asarray(labels).reshape(-1)
    if lab.shape[0] != n:
        raise ValueError(f"{lab.shape[0]} labels for {n} samples")
    lab = lab.astype(np.intp)
    names = tuple(str(s) for s in feature_names) if feature_names is not None \
        else tuple(f"x{j}" for j in range(d))
    if len(names) != d:
        raise ValueError(f"{len(names)} feature names for {d} features")
    groups, inverse = np.unique(lab, return_inverse=True)
    inverse = inverse.reshape(-1)
    sizes = np.bincount(inverse, minlength=groups.size).astype(np.intp)
    positives = np.bincount(inverse, weights=y, minlength=groups.size).astype(np.intp)
    sums = np.zeros((groups.size, d))
    np.add.at(sums, inverse, data)
    means = sums / sizes[:, None]
    order = np.lexsort((groups, -sizes))  # largest first, then by label
    return OutcomeSummary(
        clusters=readonly(groups[order].astype(np.intp)),
        sizes=readonly(sizes[order]),
        positives=readonly(positives[order]),
        rates=readonly(positives[order] / sizes[order]),
        means=readonly(means[order]),
        overall_rate=float(y.mean()),
        overall_means=readonly(data.mean(axis=0)),
        overall_sd=readonly(data.std(axis=0)),
        feature_names=names,
    )
