"""The numbers of the update inspector: one moving point's window, weights and mean."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from msviz.engine import (
    UpdateExplanation,
)
from msviz.engine._types import FloatArray, readonly
from msviz.scene import Scene

__all__ = [
    "InspectorGeometry",
    "explanation_lines",
    "inspector_geometry",
    "nearest_seed",
    "short_status",
]


#: Samples whose weight is below this fraction of the largest weight are not shaded
#: (for the Gaussian kernel: those farther than about 3 bandwidths).
WEIGHT_SHOWN = 1e-2


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
    >>> explanation_lines(msviz.explain_update(trace, 0, 0))[0]
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
    >>> g = inspector_geometry(msviz.explain_update(trace, 0, 0), scene_for(trace))
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
