"""Array type aliases and the read-only helper shared by msviz's modules."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]
#: What is only drawn (a trace's density path): float32 where the values fit.
PictureArray = NDArray[np.floating[Any]]

_A = TypeVar("_A", bound=NDArray[Any])


def readonly(a: _A) -> _A:
    """Mark ``a`` read-only in place and return it (records never hand out writable arrays)."""
    a.flags.writeable = False
    return a
