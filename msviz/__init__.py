"""msviz: watch mean shift climb the density, one iteration at a time.

The engine (numpy only) records every iteration::

    >>> import msviz
    >>> trace = msviz.run_mean_shift([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], bandwidth=2)
    >>> len(trace), trace.n_clusters
    (2, 5)
"""

from __future__ import annotations

from msviz.engine import (
    KERNELS,
    ConvergenceWarning,
    Kernel,
    MeanShift,
    NotFittedError,
    Step,
    Trace,
    UpdateExplanation,
    bin_seeds,
    estimate_bandwidth,
    explain_update,
    get_kernel,
    grid_seeds,
    iter_mean_shift,
    knn_bandwidths,
    merge_modes,
    register_kernel,
    rule_bandwidth,
    run_mean_shift,
)

__version__ = "0.1.0"

# Drawing and widget code loads only when first used, so ``import msviz`` stays
# light (no matplotlib, no ipywidgets) and the engine works without a display.
_LAZY = {
    "MeanShiftView": "msviz.draw.view",
    "HillView": "msviz.draw.hill",
    "setup_notebook": "msviz.draw.notebook",
    "animate": "msviz.export",
    "save_gif": "msviz.export",
    "save_html": "msviz.export",
    "save_frames": "msviz.export",
    "explore": "msviz.interact.explorer",
    "compare": "msviz.interact.compare",
    "scale_space": "msviz.interact.scale_space",
    "quiz": "msviz.interact.quiz",
    "explore_ring_weights": "msviz.course.ring_weights",
    "outcome_by_cluster": "msviz.course.outcome",
    "segment_image": "msviz.course.segmentation",
    "load_image": "msviz.course.segmentation",
    "image_features": "msviz.course.segmentation",
    "SegmentationView": "msviz.course.segmentation_view",
    "explore_image": "msviz.course.segmentation_view",
    "datasets": "msviz.datasets",
    "exercises": "msviz.course.exercises",
    "classic": "msviz.course.classic",
    "scene": "msviz.scene",
    "draw": "msviz.draw",
    "export": "msviz.export",
    "interact": "msviz.interact",
    "course": "msviz.course",
}

#: The lazy names that are modules (the rest are attributes of their module).
_MODULES = frozenset(
    {"datasets", "exercises", "classic", "scene", "draw", "export", "interact", "course"}
)


def __getattr__(name: str) -> object:
    import importlib

    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        return module if name in _MODULES else getattr(module, name)
    raise AttributeError(f"module 'msviz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "ConvergenceWarning",
    "KERNELS",
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
    *_LAZY,
]
