"""The recorded mean shift engine (numpy only): every iteration of every moving point.

:func:`iter_mean_shift` yields one :class:`Step` per iteration; :func:`run_mean_shift`
runs to the end and returns a :class:`Trace`, the whole history plus the merged cluster
centres and labels. Everything above the engine (scene, drawing, export, widgets) only
indexes into a finished Trace.
"""

from __future__ import annotations

from msviz.engine.bandwidth import estimate_bandwidth, knn_bandwidths, rule_bandwidth
from msviz.engine.estimator import MeanShift, NotFittedError
from msviz.engine.explain import UpdateExplanation, explain_update
from msviz.engine.kernels import KERNELS, Kernel, get_kernel, register_kernel
from msviz.engine.merge import merge_modes
from msviz.engine.run import (
    ConvergenceWarning,
    bin_seeds,
    grid_seeds,
    iter_mean_shift,
    run_mean_shift,
)
from msviz.engine.trace import Step, Trace

__all__ = [
    "KERNELS",
    "ConvergenceWarning",
    "Kernel",
    "MeanShift",
    "NotFittedError",
    "Step",
    "Trace",
    "UpdateExplanation",
    "bin_seeds",
    "estimate_bandwidth",
    "explain_update",
    "get_kernel",
    "grid_seeds",
    "iter_mean_shift",
    "knn_bandwidths",
    "merge_modes",
    "register_kernel",
    "rule_bandwidth",
    "run_mean_shift",
]
