"""The learner's code animated: its run recorded as a Trace, drawn beside the reference.

:func:`learner_step_trace` and :func:`learner_kernel_trace` run a learner's step
or kernel and record the run; :class:`Comparison` draws it beside msviz's own
run on one figure (a plain :class:`matplotlib.figure.Figure` shown through
:class:`msviz.interact.surface.Surface`), step by step.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from msviz.course.exercises._checking import (
    MAX_STEPS,
    TOL,
    _as_array,
    _call,
    _kernel_label,
    _summarise,
)
from msviz.engine import ConvergenceWarning, Trace, run_mean_shift
from msviz.engine._checks import check_step
from msviz.engine._types import FloatArray
from msviz.engine.kernels import KERNELS

if TYPE_CHECKING:
    from matplotlib.animation import FuncAnimation
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

    from msviz.draw.view import MeanShiftView

__all__ = ["Comparison", "learner_kernel_trace", "learner_step_trace"]


#: Size (inches) and resolution of the side-by-side figure.
FIGSIZE = (11.5, 6.4)
DPI = 100.0
#: CSS class of the comparison's display widget.


def _same_words(a: str, b: str) -> bool:
    """Whether two messages say the same thing (one holds the other's opening words)."""
    def norm(text: str) -> str:
        return " ".join(text.lower().replace(".", " ").split())

    na, nb = norm(a), norm(b)
    if nb[:50] in na or na[:50] in nb:
        return True
    # "Your kernel raised KeyError: ..." and "With your kernel, mean shift raised
    # KeyError: ...": the same exception told twice.
    raised_a, raised_b = re.search(r"raised (\w+)", na), re.search(r"raised (\w+)", nb)
    return bool(raised_a and raised_b and raised_a.group(1) == raised_b.group(1))


def _demo_data(X: ArrayLike | None, bandwidth: float | None, kind: str) -> tuple[FloatArray, float]:
    if X is None:
        rng = np.random.default_rng(3)
        data = np.concatenate([
            rng.normal([0.0, 0.0], 0.55, (15, 2)),
            rng.normal([4.0, 0.8], 0.55, (15, 2)),
            rng.normal([1.6, 3.8], 0.55, (15, 2)),
        ])
    else:
        from msviz.engine._checks import check_X

        data = check_X(X)
    if bandwidth is None:
        # Chosen for the default data: 1.5 (flat), 0.7 (Gaussian); other kernels by support.
        compact = kind not in KERNELS or KERNELS[kind].compact
        bandwidth = {"flat": 1.5, "gaussian": 0.7}.get(kind, 1.8 if compact else 0.7)
    return data, float(bandwidth)


def _reference_trace(X: FloatArray, h: float, kind: str, max_steps: int) -> Trace:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return run_mean_shift(X, bandwidth=h, kernel=kind, max_iter=max_steps, tol=TOL)


def learner_step_trace(
    step: Callable[..., Any],
    X: ArrayLike,
    *,
    bandwidth: float,
    kind: str = "flat",
    max_steps: int = MAX_STEPS,
) -> tuple[Trace, str]:
    """Run a learner's step function from every sample and record it as a Trace.

    The points start at the samples; each update is ``step(points, X, bandwidth)``
    (on copies). The run stops when every shift is at most ``TOL * bandwidth``,
    after ``max_steps`` updates, or as soon as the step raises, returns the wrong
    shape or NaN (that step is not recorded), or the points run far outside the
    data (that step is recorded, so the run-off shows).

    Parameters
    ----------
    step : callable
        ``step(points, X, bandwidth) -> new_points``.
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidth : float
        The bandwidth passed to the step.
    kind : str, default="flat"
        The kernel recorded in the trace (for the windows drawn and the titles):
        a name in :data:`msviz.KERNELS`.
    max_steps : int, default=60
        The most updates.

    Returns
    -------
    trace : Trace
        Cluster centres merged by the engine; none when the run failed (an
        exception, NaN, a wrong shape, points running off).
    note : str
        Why the run stopped early, in plain words ("" when it settled).

    """
    from msviz.engine._checks import check_X

    data = check_X(X)
    h = float(bandwidth)
    pos = data.copy()
    history = [pos.copy()]
    lo, hi = data.min(axis=0), data.max(axis=0)
    extent = max(float(np.linalg.norm(hi - lo)), h)
    note = ""
    settled = False
    for k in range(1, max_steps + 1):
        call = _call(step, points=pos.copy(), X=data.copy(), bandwidth=h)
        if call.raised is not None:
            note = call.raised.describe(f"At update {k}, your step")
            break
        new, problem = _as_array(call.value, pos.shape, f"At update {k}, your step",
                                 allow_bool=False)
        if new is not None and problem:  # NaN or inf
            bad = ~np.isfinite(new).all(axis=1)
            d2 = np.sum((pos[bad][:, None, :] - data[None, :, :]) ** 2, axis=2)
            empty = int(np.count_nonzero((d2 <= h * h).sum(axis=1) == 0))
            note = (
                f"At update {k} your step returned NaN or inf for {int(bad.sum())} of "
                f"{len(pos)} points"
                + (
                    f"; {empty} of them had no sample within h = {h:g} (an empty window gives "
                    "0 / 0): the points had left the data"
                    if empty
                    else ""
                )
                + ". Stopped there."
            )
            break
        if new is None or problem:
            note = problem + " Stopped there."
            break
        history.append(new.copy())
        outside = np.maximum(np.maximum(lo - new, new - hi), 0.0)
        far = float(np.max(np.linalg.norm(outside, axis=1)))
        shift = float(np.max(np.linalg.norm(new - pos, axis=1)))
        pos = new
        if far > extent:
            note = (
                f"After {k} update{'s' if k > 1 else ''} your points were far outside the "
                f"data (up to {far:.3g} beyond it, the data is {extent:.3g} across): they are "
                "running off, so the run was stopped."
            )
            break
        if shift <= TOL * h:
            settled = True
            break
    else:
        note = f"Your points were still moving after {max_steps} updates; stopped there."
    positions = np.stack(history)
    failed = bool(note) and not note.startswith("Your points were still moving")
    return _history_trace(data, positions, h, kind, settled, failed=failed), note


def learner_kernel_trace(
    kernel: Callable[..., Any],
    X: ArrayLike,
    *,
    bandwidth: float,
    max_steps: int = MAX_STEPS,
) -> tuple[Trace, str]:
    """Run the engine with a learner's kernel ``kernel(u)`` and record it.

    Parameters
    ----------
    kernel : callable
        ``kernel(u) -> weights``.
    X : array-like of shape (n_samples, n_features)
        The data.
    bandwidth : float
        The bandwidth.
    max_steps : int, default=60
        The most updates.

    Returns
    -------
    trace : Trace
        The run; if the kernel cannot run, a trace holding only the start.
    note : str
        What went wrong, in plain words ("" if nothing).

    """
    from msviz.engine._checks import check_X

    data = check_X(X)
    h = float(bandwidth)

    def weights(u: FloatArray) -> FloatArray:
        with np.errstate(all="ignore"):
            return np.asarray(kernel(np.array(u, dtype=np.float64)), dtype=np.float64)

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            trace = run_mean_shift(data, bandwidth=h, kernel=weights, max_iter=max_steps, tol=TOL)
        note = (
            f"With your kernel the points were still moving after {max_steps} updates."
            if any(issubclass(w.category, ConvergenceWarning) for w in caught)
            else ""
        )
        return trace, note
    except Exception as exc:
        raised = _summarise(exc)
        note = raised.describe("With your kernel, mean shift")
        return _history_trace(data, data[None].copy(), h, "flat", False, failed=True), note


def _history_trace(X: FloatArray, positions: FloatArray, h: float, kind: str,
                   settled: bool, *, failed: bool = False) -> Trace:
    # A point stops, as the engine's do, at the first update whose shift and every
    # later one are within TOL x h: Trace.from_history's rule.
    nothing = (np.empty((0, X.shape[1])), np.full(positions.shape[1], -1))

    def record(centers: tuple[FloatArray, FloatArray] | None) -> Trace:
        return Trace.from_history(X, positions, bandwidth=h, kernel=kind, tol=TOL,
                                  converged=settled, centers=centers)

    if failed:
        # A run that broke down has no modes worth showing.
        return record(nothing)
    try:
        return record(None)
    except ValueError:
        # No end point has any sample within its window (the points ran off).
        return record(nothing)


# --------------------------------------------------------------------------- the picture


class Comparison:
    """The learner's run beside the reference run, on one figure.

    Made by :meth:`CheckResult.comparison`. ``show_step(i)`` shows step ``i`` in
    both panels (a run that ended earlier stays on its last step) and returns
    the artists changed; ``animate()`` makes a FuncAnimation of every step.
    Both panels draw the windows of the same moving points.

    The figure is a plain :class:`matplotlib.figure.Figure` of its own on a
    :class:`msviz.interact.surface.Surface`: in Jupyter the comparison shows as
    that surface's widget, and ``show_step`` updates it once it is on screen.

    Parameters
    ----------
    learner, reference : Trace
        The two runs.
    note : str, optional
        Why the learner's run stopped early.
    who : str, default="your step"
        Whose run is on the left, for its title.
    kind : str, default="flat"
        The reference kernel's name in :data:`msviz.KERNELS`, for its title.
    layers : tuple of str, optional
        The :class:`msviz.MeanShiftView` layers of both panels (default: the view's).
    verdict : str, optional
        A line printed under the headline (the checker's verdict).
    passed : bool, default=True
        Whether the verdict is good news (its colour).
    backend : {"image", "auto", "ipympl"}, default="image"
        How the surface shows the figure: a PNG image (an Agg canvas, which
        also makes the animation), or a live ipympl canvas.

    Attributes
    ----------
    learner, reference : Trace
        The two runs.
    note : str
        Why the learner's run stopped early ("" if it did not).
    failed : bool
        Whether the learner's run broke down (no modes are shown for it).
    fig : Figure
    surface : Surface
        Shows ``fig``; ``surface.widget`` is what Jupyter displays.
    views : tuple of MeanShiftView
        (learner's view, reference view).
    n_frames : int
        ``max(len(learner), len(reference))``.

    """

    def __init__(self, learner: Trace, reference: Trace, *, note: str = "", who: str = "your step",
                 kind: str = "flat", layers: tuple[str, ...] = (), verdict: str = "",
                 passed: bool = True, backend: str = "image") -> None:
        from msviz.draw.view import MeanShiftView
        from msviz.interact._base import CSS
        from msviz.interact.surface import Surface

        learner = _align_clusters(learner, reference)
        self.learner = learner
        self.reference = reference
        self.note = note
        self.failed = learner.n_clusters == 0
        self.n_frames = max(len(learner), len(reference))
        self.surface = Surface(FIGSIZE, DPI, backend, CSS["exercise_comparison"])
        self._on_screen = False
        fig = self.surface.fig
        axes = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.06, right=0.98, top=0.78, bottom=0.14, wspace=0.16)
        self.fig: Figure = fig
        who_title = who[0].upper() + who[1:]
        # The note says why the learner's run ended early; skip it when the verdict
        # above already says the same thing (a function that raised, for one).
        show_note = bool(note) and not (verdict and _same_words(note, verdict))
        titles = (
            who_title + (" (stopped early: see the note below)" if show_note else ""),
            f"Reference: msviz, {_kernel_label(kind)} kernel",
        )
        ref_view = MeanShiftView(
            reference, ax=axes[1], layers=_layers_for(reference, layers), legend=False,
            title=False,
        )
        ref_view.plot()
        highlight = np.asarray(ref_view.scene.highlight)
        mine = MeanShiftView(
            learner, ax=axes[0], layers=_layers_for(learner, layers), legend=False, title=False,
            highlight=highlight if highlight.size else None,
        )
        mine.plot()
        # One scale for both panels, so a run-off is as far on the right as on the left.
        xlim = (min(axes[0].get_xlim()[0], axes[1].get_xlim()[0]),
                max(axes[0].get_xlim()[1], axes[1].get_xlim()[1]))
        ylim = (min(axes[0].get_ylim()[0], axes[1].get_ylim()[0]),
                max(axes[0].get_ylim()[1], axes[1].get_ylim()[1]))
        for ax, title in zip(axes, titles, strict=True):
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            ax.set_title(title, fontsize=12.5, loc="left", pad=7)
        self.views: tuple[MeanShiftView, MeanShiftView] = (mine, ref_view)
        h = float(np.asarray(reference.bandwidth))
        fig.text(0.06, 0.965, f"Same data, same bandwidth (h = {h:.3g}): your version on the "
                 "left, the reference on the right", fontsize=14, ha="left", va="top")
        if verdict:
            fig.text(0.06, 0.905, _wrap_text(verdict, 125), fontsize=11, ha="left", va="top",
                     color="#1b7837" if passed else "#b2182b")
        if show_note:
            fig.text(0.06, 0.015, _wrap_text("Note: " + note, 125), ha="left", va="bottom",
                     fontsize=10.5, color="#b2182b")

    def show_step(self, step: int) -> list[Artist]:
        """Show ``step`` in both panels; return the artists changed.

        Parameters
        ----------
        step : int
            A frame index (negative counts from the end of the longer run).

        Returns
        -------
        list of Artist

        """
        changed = self._frame(step)
        if self._on_screen:
            self.surface.redraw()
        return changed

    def _frame(self, step: int) -> list[Artist]:
        # Set the artists of one frame (the animation's frame function: it renders itself).
        k = check_step(step, self.n_frames)
        changed: list[Artist] = []
        for view, trace in zip(self.views, (self.learner, self.reference), strict=True):
            kk = min(k, len(trace) - 1)
            changed += view.show_step(kk)
            if view is self.views[0] and self.note and kk == len(trace) - 1:
                view.label.set_text(f"step {kk} / {len(trace) - 1} · stopped early")
        return changed

    def animate(self, *, interval: int = 400, repeat_delay: int = 1500) -> FuncAnimation:
        """Animate every step of both runs (keep a reference to the result).

        Parameters
        ----------
        interval : int, default=400
            Milliseconds between frames.
        repeat_delay : int, default=1500
            Pause at the end before starting again.

        Returns
        -------
        matplotlib.animation.FuncAnimation

        """
        from msviz.export.player import Animation

        return Animation(
            self.fig, self._frame, frames=self.n_frames, interval=interval,
            repeat_delay=repeat_delay, blit=False,
        )

    def save(self, path: str | os.PathLike[str], step: int = -1) -> Path:
        """Save the figure at ``step`` as an image (PNG by the file name)."""
        self.show_step(step)
        out = Path(path)
        self.fig.savefig(out, dpi=100)
        return out

    @property
    def widget(self) -> Any:
        """The widget that shows the figure (an ``ipywidgets.Image`` or an ipympl canvas)."""
        return self.surface.widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # Jupyter shows the comparison as its surface, drawn as it is now.
        self._on_screen = True
        if self.surface.mode == "image":
            self.surface.redraw()
        return self.surface.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close the widget that shows the figure."""
        self._on_screen = False
        self.surface.close()


def _align_clusters(learner: Trace, reference: Trace) -> Trace:
    """Renumber the learner's clusters after the nearest reference clusters (same colours)."""
    k, m = learner.n_clusters, reference.n_clusters
    if k == 0 or m == 0 or learner.X.shape[1] != reference.X.shape[1]:
        return learner
    d = np.linalg.norm(
        learner.cluster_centers[:, None, :] - reference.cluster_centers[None, :, :], axis=2
    )
    new_index = np.full(k, -1, dtype=np.intp)
    taken: set[int] = set()
    for flat in np.argsort(d, axis=None):
        i, j = divmod(int(flat), m)
        if new_index[i] < 0 and j not in taken:
            new_index[i] = j
            taken.add(j)
    spare = iter(sorted(set(range(max(k, m) + k)) - taken))
    for i in range(k):
        if new_index[i] < 0:
            new_index[i] = next(spare)
    if np.array_equal(new_index, np.arange(k)):
        return learner
    # Compact the numbering (0 .. k-1) in the order of the reference.
    order = np.argsort(new_index)
    rank = np.empty(k, dtype=np.intp)
    rank[order] = np.arange(k)
    centers = learner.cluster_centers[order]
    seed_labels = np.where(learner.seed_labels >= 0, rank[learner.seed_labels.clip(0)], -1)
    return learner.with_centers(centers, seed_labels)


def _layers_for(trace: Trace, layers: Sequence[str]) -> list[str] | None:
    available = _available_layers(trace)
    chosen = [name for name in layers if name in available]
    return chosen or None


def _available_layers(trace: Trace) -> tuple[str, ...]:
    from msviz.draw.view import LAYERS

    return tuple(
        name for name in LAYERS
        if not (name == "density" and trace.kernel.shadow is None)
        and name not in ("basins", "convergence")
    )


def _wrap_text(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))
