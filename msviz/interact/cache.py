"""The trace cache of the widgets: one run per data set and parameters."""

from __future__ import annotations

import hashlib
import numbers
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from msviz.engine.kernels import KERNELS, Kernel

__all__ = ["CacheInfo", "TraceCache", "data_token", "run_key"]


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
    if isinstance(kernel, Kernel) and KERNELS.get(kernel.name) is kernel:
        return kernel.name  # a registered kernel: the same run as by its name
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
