"""Everything a picture of a mean shift run needs, computed once per trace.

A :class:`Scene` holds, in the two drawing coordinates, every number the view
draws: the moving points at every step, the trails, the shift vectors, the
window radii, the axis limits (fixed from the whole run), the shadow density
image, the basin map for ``seeds="grid"``, the convergence series and the text
of the step label. :func:`scene_for` builds one and caches it on the trace, so a
slider, an animation and a GIF export of the same trace share the work.

This module imports numpy only: a function that computes draws nothing
(``msviz.draw`` draws a scene and computes nothing).

Projections
-----------
Two features are drawn as they are. More than two are drawn in a 2-D
projection: the first two principal components (computed with numpy) or two
chosen features, and the axes say which. The projection is orthonormal, so a
window of radius ``h`` still projects to a disc of radius ``h``. One feature is
drawn as a hill: x is the feature, y the shadow density, so the moving points
visibly climb it.

Examples
--------
>>> import msviz
>>> from msviz.scene import scene_for
>>> trace = msviz.run_mean_shift([[0, 0], [1, 0], [0, 1], [8, 8], [9, 8]], bandwidth=2)
>>> scene = scene_for(trace)
>>> scene.positions.shape, scene.kind
((3, 5, 2), 'plane')
>>> scene.step_label(2)
'step 2 / 2 · all 5 points stopped · 2 clusters'
"""

from __future__ import annotations

from msviz.scene.build import (
    FIGURE_SPACE,
    LABEL_BAND,
    N_WINDOWS,
    SHIFT_FLOOR,
    Convergence,
    Scene,
    build_scene,
    cached_scenes,
    choose_highlights,
    scene_for,
)
from msviz.scene.density import DENSITY_RESOLUTION, BasinMap, DensityMap
from msviz.scene.projection import Projection, ProjectionSpec, fit_projection
from msviz.scene.states import StepStates

__all__ = [
    "BasinMap",
    "Convergence",
    "DENSITY_RESOLUTION",
    "DensityMap",
    "FIGURE_SPACE",
    "LABEL_BAND",
    "N_WINDOWS",
    "Projection",
    "ProjectionSpec",
    "SHIFT_FLOOR",
    "Scene",
    "StepStates",
    "build_scene",
    "cached_scenes",
    "choose_highlights",
    "fit_projection",
    "scene_for",
]
