"""msviz: watch mean shift climb the density, one iteration at a time.

The engine (numpy only) records every iteration::

    >>> import msviz
    >>> trace = msviz.run_mean_shift([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], bandwidth=2)
    >>> len(trace), trace.n_clusters
    (2, 5)
"""

from __future__ import annotations

from msviz.bandwidth import estimate_bandwidth, knn_bandwidths, rule_bandwidth
from msviz.engine import (
    ConvergenceWarning,
    Step,
    Trace,
    bin_seeds,
    grid_seeds,
    iter_mean_shift,
    merge_modes,
    run_mean_shift,
)
from msviz.kernels import KERNELS, Kernel, get_kernel

__version__ = "0.1.0"

__all__ = [
    "ConvergenceWarning",
    "KERNELS",
    "Kernel",
    "Step",
    "Trace",
    "bin_seeds",
    "estimate_bandwidth",
    "get_kernel",
    "grid_seeds",
    "iter_mean_shift",
    "knn_bandwidths",
    "merge_modes",
    "rule_bandwidth",
    "run_mean_shift",
]
