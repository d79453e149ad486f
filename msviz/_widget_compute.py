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

from msviz._validation import check_X
from msviz.bandwidth import estimate_bandwidth
from msviz.engine import ConvergenceWarning, Trace, UpdateExplanation, _readonly, explain_update
from msviz.kernels import Kernel, get_kernel
from msviz.scene import Scene

__all__ = [
    "CacheInfo",
    "InspectorGeometry",
    "ScaleSpaceCurve",
    "TraceCache",
    "UpdateExplanation",
    "bandwidth_range",
    "data_token",
    "explain_update",
    "inspector_geometry",
    "mode_counts",
    "run_key",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

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
        center=_readonly(np.asarray(center, dtype=np.float64)),
        radius=float(e.bandwidth),
        ring_scales=scene.ring_scales,
        samples=_readonly(np.asarray(samples, dtype=np.float64)),
        shade=_readonly(w[order] / top if top > 0 else np.zeros(0)),
        mean=None if mean is None else _readonly(np.asarray(mean, dtype=np.float64)),
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
        _readonly(hs.copy()), _readonly(modes), _readonly(steps), _readonly(converged),
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
