"""Every moving point's state at every step: moving, stopped, or stopped with no data."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine._checks import check_step
from msviz.engine._types import IntArray, readonly
from msviz.engine.trace import Trace

__all__ = ["StepStates"]


class StepStates:
    """Every moving point's state at every step, kept as the step at which each stopped.

    In the standard variant a point stops once and for all, so step k's states follow
    from ``stop``: n_seeds numbers instead of an n_steps x n_seeds table (3 MB at
    10,000 points x 300 steps, for every cached run). ``states[k]`` is step k's row,
    shape (n_seeds,), dtype int8: 0 moving, 1 stopped, 2 stopped with an empty window;
    ``np.asarray(states)`` is the whole table.

    Examples
    --------
    >>> states = StepStates(np.array([0, 2, 9]), np.array([False, False, True]), 3)
    >>> states[1].tolist(), states[-1].tolist(), np.asarray(states).shape
    ([1, 0, 0], [1, 1, 0], (3, 3))
    """

    __slots__ = ("stop", "code", "shape")
    dtype = np.dtype(np.int8)
    ndim = 2

    def __init__(self, stop: ArrayLike, empty: ArrayLike, n_steps: int) -> None:
        given = np.asarray(stop, dtype=np.intp).reshape(-1)
        # a trace's own (read-only) stop steps are shared, not copied
        self.stop: IntArray = given if not given.flags.writeable else readonly(given.copy())
        self.code: NDArray[np.int8] = readonly(
            np.where(np.asarray(empty, dtype=bool), 2, 1).astype(np.int8)
        )
        self.shape = (int(n_steps), int(self.stop.shape[0]))

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, step: Any) -> NDArray[np.int8]:
        if not isinstance(step, (int, np.integer)):
            return readonly(np.asarray(self)[step])
        k = check_step(int(step), self.shape[0])
        return readonly(np.where(self.stop <= k, self.code, np.int8(0)))

    def __array__(self, dtype: Any = None, copy: Any = None) -> NDArray[Any]:
        steps = np.arange(self.shape[0])[:, None]
        table = np.where(self.stop[None, :] <= steps, self.code[None, :], np.int8(0))
        return table if dtype is None else table.astype(dtype)


def _states(trace: Trace, n_steps: int, n_seeds: int) -> NDArray[np.int8] | StepStates:
    """Every point's state at every step: from the step each stopped, where that is final."""
    empty = np.asarray(trace.empty, dtype=bool)
    if trace.stops_are_final:
        return StepStates(trace.stop_step, empty, n_steps)
    converged = np.stack([np.asarray(trace[k].converged) for k in range(n_steps)]) if n_steps \
        else np.zeros((0, n_seeds), dtype=bool)
    state = converged.astype(np.int8)
    state[converged & empty[None, :]] = 2
    return state
