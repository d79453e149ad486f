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
from msviz.scene import cached_scenes

__all__ = ["CACHE_BYTES", "CacheInfo", "TraceCache", "array_bytes", "data_token", "run_bytes",
           "run_key"]

#: The most memory the runs an explorer keeps may hold (their traces and scenes).
CACHE_BYTES = 512 * 2**20


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
    max_bytes : int, default=CACHE_BYTES
        The most memory the runs kept may hold, as measured by ``sizeof``; the
        least recently used ones are dropped first (the newest is always kept).
    sizeof : callable, optional
        ``sizeof(*values)``: the bytes the cached values hold together (default
        :func:`array_bytes`, which counts a buffer they share once). Measured again
        at every insertion, so what a value gains while cached counts.

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
    max_bytes: int
    sizeof: Callable[..., int]
    hits: int
    misses: int

    def __init__(
        self,
        maxsize: int = 16,
        max_bytes: int = CACHE_BYTES,
        sizeof: Callable[..., int] | None = None,
    ) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, numbers.Integral) or maxsize < 1:
            raise ValueError(f"cache_size must be an integer >= 1, got {maxsize!r}")
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, numbers.Integral) \
                or max_bytes < 1:
            raise ValueError(f"max_bytes must be an integer >= 1, got {max_bytes!r}")
        self.maxsize = int(maxsize)
        self.max_bytes = int(max_bytes)
        self.sizeof = array_bytes if sizeof is None else sizeof
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
        while len(self._items) > 1 and self.nbytes() > self.max_bytes:
            self._items.popitem(last=False)

    def nbytes(self) -> int:
        """The memory the cached values hold now, as measured by ``sizeof``."""
        return int(self.sizeof(*self._items.values()))

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


def array_bytes(*objects: Any) -> int:
    """The bytes of the numpy arrays that ``objects`` hold, each buffer counted once.

    Follows tuples, lists, dicts, dataclass fields and instance attributes three levels
    deep; views count the buffer they look into (a broadcast view: its small base).

    Examples
    --------
    >>> a = np.zeros(1000)
    >>> array_bytes((a, a[:10], {"b": a}))
    8000
    """
    seen: set[int] = set()
    total = 0

    def walk(obj: Any, depth: int) -> None:
        nonlocal total
        if isinstance(obj, np.ndarray):
            base = obj
            while isinstance(base.base, np.ndarray):
                base = base.base
            if id(base) not in seen:
                seen.add(id(base))
                total += base.nbytes if base.base is None or isinstance(base.base, bytes) \
                    else obj.nbytes
            return
        if depth == 0 or isinstance(obj, (str, bytes, numbers.Number, type)) or obj is None:
            return
        if isinstance(obj, (tuple, list)):
            items: Any = obj
        elif isinstance(obj, dict):
            items = obj.values()
        elif hasattr(obj, "__dict__"):
            items = vars(obj).values()
        elif hasattr(obj, "__slots__"):
            items = [getattr(obj, name, None) for name in obj.__slots__]
        else:
            return
        for item in items:
            walk(item, depth - 1)

    for obj in objects:
        walk(obj, 4)
    return total


def run_bytes(*runs: tuple[Any, ...]) -> int:
    """The memory cached ``(trace, ...)`` runs hold: their traces and their scenes."""
    traces = [run[0] for run in runs]
    return array_bytes(*traces, *(s for t in traces for s in cached_scenes(t)))


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
