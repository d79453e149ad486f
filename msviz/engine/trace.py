"""The record of a run: :class:`Step` (one iteration) and :class:`Trace` (all of them).

Views, animations and widgets only index into a finished Trace. numpy only.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from msviz.engine._checks import (
    check_feature_names,
    check_labels,
    check_step,
    check_X,
    feature_names_of,
)
from msviz.engine._types import BoolArray, FloatArray, IntArray, PictureArray, readonly
from msviz.engine._windows import Windows
from msviz.engine.bandwidth import resolve_bandwidth
from msviz.engine.explain import UpdateExplanation, explain_update
from msviz.engine.kernels import KERNELS, Kernel, get_kernel
from msviz.engine.merge import _nearest_rows, merge_modes

if TYPE_CHECKING:
    from msviz.engine.run import _Run

__all__ = ["Step", "Trace"]

_FLAT = KERNELS["flat"].weight


def as_picture(values: FloatArray) -> PictureArray:
    """``values`` in float32, a picture's precision, where they fit (see ``Trace.density_path``).

    A bandwidth so tiny that the density passes float32's 3.4e38 keeps float64.
    """
    top = np.max(np.abs(values), initial=0.0, where=np.isfinite(values))
    return values.astype(np.float32) if top <= np.finfo(np.float32).max else values


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """One iteration of mean shift: where every moving point is.

    Attributes
    ----------
    index : int
        0 for the start, k after k updates.
    positions : ndarray of shape (n_seeds, n_features)
        Where the moving points are.
    bandwidths : ndarray of shape (n_seeds,)
        The window radius of each moving point now.
    converged : ndarray of shape (n_seeds,), dtype bool
        Moving points that have stopped.
    data : ndarray of shape (n_samples, n_features)
        The points being averaged: ``X`` for the standard variant, the moved data
        for the blurring variant.

    All arrays are read-only.

    """

    index: int
    positions: FloatArray
    bandwidths: FloatArray
    converged: BoolArray
    data: FloatArray

    def __repr__(self) -> str:
        n, d = self.positions.shape
        done = int(np.count_nonzero(self.converged))
        return f"Step(index={self.index}, n_seeds={n}, n_features={d}, converged={done}/{n})"


# --------------------------------------------------------------------------- validation


class _History:
    """A run's own history, handed to :class:`Trace` to keep without a copy."""

    __slots__ = ("array",)

    def __init__(self, array: FloatArray) -> None:
        self.array = array


class Trace:
    """A finished mean shift run: every step, the cluster centres and the labels.

    Made by :func:`run_mean_shift`. ``len(trace)`` is the number of steps (the
    start plus one per update), ``trace[i]`` a :class:`Step`, and iterating
    gives every step in order.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
        The data.
    positions : ndarray of shape (n_steps, n_seeds, n_features)
        Every moving point at every step.
    bandwidth : float or ndarray of shape (n_samples,)
        The bandwidth used (estimated when None was given).
    kernel : Kernel
        The weighting kernel.
    variant, seeds, max_iter, tol, cluster_all, label_mode
        The parameters of the run (``seeds`` is "samples", "bin", "grid" or
        "array").
    grid_shape : tuple of int or None
        Seeds per axis when ``seeds="grid"``.
    feature_names : tuple of str or None
        The names of the columns (a DataFrame's), for the axes of pictures.
    cluster_centers : ndarray of shape (n_clusters, n_features)
        The modes found, merged as scikit-learn does.
    labels : ndarray of shape (n_samples,)
        The cluster of each sample; -1 for orphans when ``cluster_all=False``.
    seed_labels : ndarray of shape (n_seeds,)
        The centre each moving point climbed to (-1: its window was empty).
    n_iter : int
        The number of updates done.
    converged : bool
        Whether every moving point stopped before ``max_iter``.

    """

    def __init__(
        self,
        X: ArrayLike,
        positions: ArrayLike,
        *,
        bandwidth: float | ArrayLike,
        kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
        variant: str = "standard",
        seeds: str = "samples",
        grid_shape: tuple[int, ...] | None = None,
        max_iter: int | None = None,
        tol: float = 1e-3,
        bandwidths: ArrayLike | None = None,
        stop_step: ArrayLike | None = None,
        converged_history: ArrayLike | None = None,
        intensity: ArrayLike | None = None,
        empty: ArrayLike | None = None,
        converged: bool | None = None,
        cluster_all: bool = True,
        labels: str = "basin",
        centers: tuple[ArrayLike, ArrayLike] | None = None,
        feature_names: Sequence[str] | None = None,
    ) -> None:
        """Build a trace from a recorded history.

        :func:`run_mean_shift` makes traces; build one yourself to animate
        another algorithm (a learner's step function, the lesson's classic
        methods) with the same views.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.
        positions : array-like of shape (n_steps, n_seeds, n_features)
            Every moving point at every step.
        bandwidth : float or array-like of shape (n_samples,)
            The bandwidth of the run.
        kernel, variant, seeds, grid_shape, max_iter, tol
            The parameters of the run (recorded, not re-run).
        bandwidths : array-like of shape (n_steps, n_seeds), optional
            The window radius of each moving point at each step (default: the
            bandwidth).
        stop_step : array-like of shape (n_seeds,), optional
            The step at which each point stopped (default: the first step after
            which it never moved again).
        converged_history : array-like of shape (n_steps, n_seeds), optional
            Per-step stopped flags, when they are not monotone (blurring).
        intensity : array-like of shape (n_seeds,), optional
            Samples within one bandwidth of each point's last window (default:
            counted around the final positions).
        empty : array-like of shape (n_seeds,), optional
            Points whose window held no sample.
        converged : bool, optional
            Whether the run finished before ``max_iter`` (default: every point
            stopped).
        cluster_all, labels
            As for :func:`run_mean_shift`.
        centers : (centers, seed_labels), optional
            Use these cluster centres instead of merging the end points. An
            empty set of centres is allowed here: every label is then -1.
        feature_names : sequence of str, optional
            The names of the columns, for the axes of every picture (default: a
            DataFrame's column names).

        """
        names = feature_names_of(X) if feature_names is None else feature_names
        self.X = readonly(check_X(X))
        self.feature_names = check_feature_names(names, self.X.shape[1])
        # A run hands over its own history (read-only, float64): kept, not copied.
        owned = isinstance(positions, _History)
        pos = positions.array if isinstance(positions, _History) else np.array(
            positions, dtype=np.float64
        )
        if pos.ndim != 3 or pos.shape[2] != self.X.shape[1] or pos.shape[0] < 1:
            raise ValueError(
                f"positions must have shape (n_steps, n_seeds, {self.X.shape[1]}), got {pos.shape}"
            )
        n_steps, n_seeds = pos.shape[:2]
        self.bandwidth = resolve_bandwidth(bandwidth, self.X)
        self.kernel = get_kernel(kernel)
        self.variant = variant
        self.seeds = seeds
        self.grid_shape = grid_shape
        self.max_iter = max(n_steps - 1, 1) if max_iter is None else int(max_iter)
        self.tol = float(tol)
        self.cluster_all = bool(cluster_all)
        self.label_mode = check_labels(labels)
        self.positions = pos if owned else readonly(pos)
        self.n_iter = n_steps - 1
        if bandwidths is None:
            if np.ndim(self.bandwidth) == 0:
                bw = np.broadcast_to(float(self.bandwidth), (n_steps, n_seeds))  # type: ignore[arg-type]
            elif variant == "blurring" or seeds == "samples" and n_seeds == self.X.shape[0]:
                bw = np.broadcast_to(np.asarray(self.bandwidth), (n_steps, n_seeds))
            else:
                raise ValueError("with per-sample bandwidths, pass bandwidths= per step and seed")
        else:
            bw = readonly(np.array(bandwidths, dtype=np.float64))
            if bw.shape != (n_steps, n_seeds):
                raise ValueError(
                    f"bandwidths must have shape ({n_steps}, {n_seeds}), got {bw.shape}"
                )
        self.bandwidths = bw
        if stop_step is None:
            moved = np.any(np.diff(pos, axis=0) != 0, axis=2) if n_steps > 1 else None
            stop = np.zeros(n_seeds, dtype=np.intp)
            if moved is not None:
                last_move = np.where(
                    moved.any(axis=0), n_steps - 1 - np.argmax(moved[::-1], axis=0), 0
                )
                stop = last_move.astype(np.intp)
        else:
            stop = np.array(stop_step, dtype=np.intp)
        self._stop_step = readonly(stop)
        self._converged_history = (
            None if converged_history is None else readonly(np.array(converged_history, bool))
        )
        if converged is None:
            if self._converged_history is not None:
                converged = bool(self._converged_history[-1].all())
            else:
                converged = bool(np.all(stop < n_steps))
        self.converged = bool(converged)
        self.empty = readonly(
            np.zeros(n_seeds, bool) if empty is None else np.array(empty, dtype=bool)
        )
        if intensity is None:
            final = pos[-1]
            data = final if variant == "blurring" else self.X
            inten = Windows(data, self.bandwidth, 1.0).sums(
                final, _FLAT, moment=False, count=True
            ).inside
            if self.variable_bandwidth and variant != "blurring":
                # per-sample windows: count samples within each point's own radius
                inten = np.array(
                    [np.count_nonzero(np.sum((self.X - p) ** 2, axis=1) <= r * r)
                     for p, r in zip(final, bw[-1], strict=True)]
                )
        else:
            inten = np.array(intensity)
        self.intensity = readonly(np.asarray(inten, dtype=np.intp))
        self._density_path: PictureArray | None = None
        self._shifts: FloatArray | None = None
        self._merge_and_label(centers)

    @classmethod
    def from_history(
        cls,
        X: ArrayLike,
        positions: ArrayLike,
        *,
        bandwidth: float | ArrayLike,
        kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
        variant: str = "standard",
        tol: float = 1e-3,
        bandwidths: ArrayLike | None = None,
        stop_step: ArrayLike | None = None,
        max_iter: int | None = None,
        converged: bool | None = None,
        centers: tuple[ArrayLike, ArrayLike] | None = None,
        labels: str = "basin",
        feature_names: Sequence[str] | None = None,
    ) -> Trace:
        """Make a trace of a run recorded elsewhere: a learner's loop, a textbook method.

        Every view, animation and widget then shows it as it shows a run of
        :func:`msviz.run_mean_shift`. A point counts as stopped, as the engine's
        do, from the first step whose shift and every later one are at most
        ``tol`` times its bandwidth.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.
        positions : array-like of shape (n_steps, n_seeds, n_features)
            Every moving point at every step (step 0 = the start).
        bandwidth : float or array-like of shape (n_samples,)
            The bandwidth of the run.
        kernel, variant, tol
            What the run did (recorded, not re-run).
        bandwidths : array-like of shape (n_steps, n_seeds), optional
            The window radius of each point at each step (default: the bandwidth).
        stop_step : array-like of int of shape (n_seeds,), optional
            The step at which each point stopped, ``n_steps`` for one that never
            did (default: by the rule above).
        max_iter : int, optional
            The run's cap on updates (default: the updates recorded).
        converged : bool, optional
            Whether the run finished on its own (default: every point stopped).
        centers : (centers, seed_labels), optional
            The run's own cluster centres and the centre of each moving point
            (default: the end points merged as scikit-learn does). An empty set of
            centres is allowed: every label is then -1.
        labels : {"basin", "nearest"}, default="basin"
            As for :func:`msviz.run_mean_shift`.
        feature_names : sequence of str, optional
            The names of the columns (default: a DataFrame's column names).

        Returns
        -------
        Trace

        Examples
        --------
        >>> X = [[0.0], [1.0], [5.0]]
        >>> path = [[[0.0], [1.0], [5.0]], [[0.5], [0.5], [5.0]]]
        >>> trace = Trace.from_history(X, path, bandwidth=2.0)
        >>> len(trace), trace.n_clusters, trace.labels.tolist()
        (2, 2, [0, 0, 1])
        >>> trace.stop_step.tolist()  # the third point never moved: stopped at step 1
        [2, 2, 1]
        """
        pos = np.asarray(positions, dtype=np.float64)
        n_steps = pos.shape[0] if pos.ndim == 3 else 1
        if stop_step is None and pos.ndim == 3 and n_steps > 1:
            # each point's window at each step: given, or the (per-sample) bandwidth
            given = (bandwidths if bandwidths is not None
                     else resolve_bandwidth(bandwidth, check_X(X)))
            h = np.asarray(given, dtype=np.float64)
            if h.ndim == 0 or h.shape[-1] == pos.shape[1]:  # else Trace() says what is wrong
                h = np.broadcast_to(h, pos.shape[:2])
                small = np.linalg.norm(np.diff(pos, axis=0), axis=2) <= float(tol) * h[1:]
                # stopped at k: the shifts into steps k .. n_steps - 1 are all small
                still = np.logical_and.accumulate(small[::-1], axis=0)[::-1]
                stop_step = np.where(still.any(axis=0), n_steps - still.sum(axis=0), n_steps)
        return cls(
            X, pos, bandwidth=bandwidth, kernel=kernel, variant=variant, tol=tol,
            max_iter=max(n_steps - 1, 1) if max_iter is None else max_iter,
            bandwidths=bandwidths, stop_step=stop_step, converged=converged,
            centers=centers, labels=labels, feature_names=feature_names,
        )

    def with_centers(self, centers: ArrayLike, seed_labels: ArrayLike) -> Trace:
        """The same run with other cluster centres (renumbered, or found another way).

        Parameters
        ----------
        centers : array-like of shape (n_clusters, n_features)
        seed_labels : array-like of shape (n_seeds,)
            The centre of each moving point (-1: none).

        Returns
        -------
        Trace
            A new trace sharing this one's (read-only) history.
        """
        new = copy.copy(self)
        new._merge_and_label((centers, seed_labels))
        return new

    @classmethod
    def _from_run(
        cls,
        run: _Run,
        history: FloatArray,
        stop_step: IntArray,
        bandwidth_history: FloatArray | None,
        converged_history: BoolArray | None,
        *,
        cluster_all: bool,
        label_mode: str,
        feature_names: Sequence[str] | None = None,
        density_sums: FloatArray | None = None,
    ) -> Trace:
        intensity = run.inside.copy()
        if run.variant == "blurring":
            # The end points of blurring are the collapsed data: count the
            # collapsed samples near each, as the standard variant counts the
            # samples in the last window.
            final = history[-1]
            intensity = Windows(final, run.bandwidth, 1.0).sums(
                final, _FLAT, moment=False, count=True
            ).inside
        trace = cls(
            run.X,
            _History(readonly(history)),  # type: ignore[arg-type]
            bandwidth=run.bandwidth,
            kernel=run.kernel,
            variant=run.variant,
            seeds=run.seed_kind,
            grid_shape=run.grid_shape,
            max_iter=run.max_iter,
            tol=run.tol,
            bandwidths=bandwidth_history,
            stop_step=stop_step,
            converged_history=converged_history,
            intensity=intensity,
            empty=run.empty,
            converged=bool(run.converged.all()),
            cluster_all=cluster_all,
            labels=label_mode,
            feature_names=feature_names,
        )
        if density_sums is not None:
            trace._density_path = readonly(trace._density_from_sums(density_sums))
        return trace

    def _density_scale(self) -> float:
        """What turns the shadow kernel's window sums into the density (one bandwidth)."""
        d = self.X.shape[1]
        return float(self.kernel.shadow_norm(d)) / (  # type: ignore[misc]
            self.X.shape[0] * float(self.bandwidth) ** d  # type: ignore[arg-type]
        )

    def _density_from_sums(self, sums: FloatArray) -> PictureArray:
        """The density path from the shadow sums the run's updates recorded.

        ``sums[k, i]`` is the shadow kernel summed over the window of point ``i`` at
        step ``k`` (NaN where no update started from it: a stopped point, the last
        step). Those steps take the density at the point's last position, which
        stays where it stopped: one more pass over the points, not one per step.
        """
        n_steps = sums.shape[0]
        final = self.positions[-1]
        data = final if self.variant == "blurring" else self.X
        last = _shadow_density(final, data, self.bandwidth, self.kernel)
        out = sums * self._density_scale()
        if self.variant == "blurring":
            out[-1] = last
            return as_picture(out)
        held = np.arange(n_steps)[:, None] >= np.minimum(self._stop_step, n_steps - 1)[None, :]
        out[held] = np.broadcast_to(last, out.shape)[held]
        return as_picture(out)

    # -- merging and labels
    def _merge_and_label(self, given: tuple[ArrayLike, ArrayLike] | None) -> None:
        final = self.positions[-1]
        if given is not None:
            centers = np.array(given[0], dtype=np.float64).reshape(-1, self.X.shape[1])
            seed_labels = np.array(given[1], dtype=np.intp)
            if centers.shape[0] == 0:
                # A recorded run may end with no centre at all (the lesson's ring
                # method can delete every centroid; a learner's step can run off).
                self.cluster_centers = readonly(centers)
                self.seed_labels = readonly(seed_labels)
                self.labels = readonly(np.full(self.X.shape[0], -1, dtype=np.intp))
                return
        else:
            centers, seed_labels = merge_modes(final, self.intensity, self.bandwidths[-1])
        if centers.shape[0] == 0:
            h = float(np.max(self.bandwidth))
            raise ValueError(
                f"No point was within bandwidth={h:.4g} of any moving point, so no cluster "
                "was found; use a larger bandwidth, e.g. msviz.estimate_bandwidth(X), or "
                "seeds=None"
            )
        self.cluster_centers = readonly(centers)
        self.seed_labels = readonly(seed_labels)
        if self.label_mode == "nearest":
            labels, dist = _nearest_rows(self.X, centers)
        else:
            if self.seeds == "samples" and seed_labels.shape[0] == self.X.shape[0]:
                labels = seed_labels.copy()
            else:
                # A sample's basin is the basin of the seed that started nearest to it.
                owner, _ = _nearest_rows(self.X, self.positions[0])
                labels = seed_labels[owner]
            lost = labels < 0
            if lost.any():  # only these need the nearest centre (a large image has none)
                labels[lost] = _nearest_rows(self.X[lost], centers)[0]
            dist = np.sqrt(np.sum((self.X - centers[labels]) ** 2, axis=1))
        if not self.cluster_all:
            h_samples = np.broadcast_to(np.asarray(self.bandwidth), (self.X.shape[0],))
            labels = np.where(dist <= h_samples, labels, -1)
        self.labels = readonly(np.asarray(labels, dtype=np.intp))

    # -- sequence protocol
    def __len__(self) -> int:
        return int(self.positions.shape[0])

    def __getitem__(self, i: int) -> Step:
        k = check_step(i, len(self))
        pos = self.positions[k]
        data = self.X if self.variant == "standard" else pos
        if self._converged_history is not None:
            converged = self._converged_history[k]
        else:
            converged = readonly(self._stop_step <= k)
        return Step(k, pos, self.bandwidths[k], converged, data)

    def __iter__(self) -> Iterator[Step]:
        for k in range(len(self)):
            yield self[k]

    def __repr__(self) -> str:
        h = "per-sample" if self.variable_bandwidth else self.bandwidth
        h_text = f"{h:.4g}" if isinstance(h, float) else h
        return (
            f"Trace(n_steps={len(self)}, n_seeds={self.positions.shape[1]}, "
            f"n_clusters={len(self.cluster_centers)}, kernel={self.kernel.name!r}, "
            f"variant={self.variant!r}, bandwidth={h_text}, converged={self.converged})"
        )

    # -- derived quantities
    @property
    def variable_bandwidth(self) -> bool:
        """Whether every sample has a bandwidth of its own (``bandwidth`` is an array)."""
        return bool(np.ndim(self.bandwidth) != 0)

    @property
    def n_clusters(self) -> int:
        """The number of cluster centres."""
        return int(self.cluster_centers.shape[0])

    @property
    def stop_step(self) -> IntArray:
        """The step at which each moving point stopped (``len(trace)`` if it never did)."""
        return self._stop_step

    @property
    def stops_are_final(self) -> bool:
        """True if a point that stopped never moves again (not given per-step stops).

        Then step k's stopped points are ``stop_step <= k``.
        """
        return self._converged_history is None

    @property
    def shifts(self) -> FloatArray:
        """Length of every point's move into each step, shape (n_steps, n_seeds); row 0 is 0.

        Computed once, on first use.
        """
        if self._shifts is None:
            out = np.zeros(self.positions.shape[:2])
            for k in range(1, len(self)):  # step by step: no (n_steps, n_seeds, d) temporary
                diff = self.positions[k] - self.positions[k - 1]
                out[k] = np.sqrt(np.einsum("ij,ij->i", diff, diff))
            self._shifts = readonly(out)
        return self._shifts

    @property
    def thresholds(self) -> FloatArray:
        """The stopping threshold ``tol * bandwidth`` of each point at each step."""
        return readonly(self.tol * np.asarray(self.bandwidths))

    def explain(self, seed: int, step: int) -> UpdateExplanation:
        """Explain one update: how moving point ``seed`` goes from ``step`` to the next.

        The same as :func:`explain_update` ``(trace, seed, step)``.

        Examples
        --------
        >>> from msviz import run_mean_shift
        >>> trace = run_mean_shift([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], bandwidth=3)
        >>> e = trace.explain(0, 0)
        >>> e.n_within, e.mean.tolist(), round(e.shift_length, 4)
        (2, [2.0, 3.0], 1.4142)

        """
        return explain_update(self, seed, step)

    def data_at(self, step: int) -> FloatArray:
        """The samples being averaged at ``step`` (the moved data for blurring)."""
        return self[step].data

    def density(self, points: ArrayLike, *, step: int | None = None) -> FloatArray:
        """Evaluate the shadow density that the update climbs.

        The kernel density estimate of the data with the shadow of the weighting
        kernel (flat weights climb an Epanechnikov density, Epanechnikov weights
        a biweight density, Gaussian a Gaussian), normalised to integrate to one.

        Parameters
        ----------
        points : array-like of shape (n_points, n_features)
            Where to evaluate.
        step : int, optional
            For the blurring variant, use the data as moved at this step
            (default: the original data).

        Returns
        -------
        ndarray of shape (n_points,)

        """
        pts = check_X(points, name="points")
        if pts.shape[1] != self.X.shape[1]:
            raise ValueError(
                f"points have {pts.shape[1]} columns but the data has {self.X.shape[1]} features"
            )
        data = self.X if step is None else self[step].data
        return _shadow_density(pts, data, self.bandwidth, self.kernel)

    def density_path(self) -> PictureArray:
        """The shadow density at every moving point at every step, shape (n_steps, n_seeds).

        For the standard variant each column never decreases (mean shift is an
        ascent method). For blurring, each step uses that step's moved data.
        Computed once and cached; stopped points are not recomputed.

        It is kept in float32 (half the memory of a long run's positions): it is drawn,
        never used to move a point. The values are the float64 sums rounded, so within
        6e-8 of them relatively, and a column that never decreases still never does
        (a bandwidth so tiny that the density passes 3.4e38 keeps float64).
        """
        if self._density_path is None:
            self._density_path = self._exact_density_path()
        return self._density_path

    @property
    def has_density_path(self) -> bool:
        """True if :meth:`density_path` is known without a pass over the data.

        A run records it from its own window sums; otherwise it is summed anew when
        first asked for (every moving point against every sample at every step).
        """
        return self._density_path is not None

    def _exact_density_path(self) -> PictureArray:
        """The density path summed anew at every recorded position.

        For a trace not made by :func:`run_mean_shift`, which has no sums of its own.
        """
        n_steps, n_seeds = self.positions.shape[:2]
        out = np.empty((n_steps, n_seeds))
        if self.variant == "standard":
            out[0] = _shadow_density(self.positions[0], self.X, self.bandwidth, self.kernel)
            for k in range(1, n_steps):
                moving = np.flatnonzero(self._stop_step >= k)
                out[k] = out[k - 1]
                out[k, moving] = _shadow_density(
                    self.positions[k, moving], self.X, self.bandwidth, self.kernel
                )
        else:
            for k in range(n_steps):
                p = self.positions[k]
                out[k] = _shadow_density(p, p, self.bandwidth, self.kernel)
        return readonly(as_picture(out))


def _shadow_density(
    points: FloatArray, data: FloatArray, bandwidth: float | FloatArray, kernel: Kernel
) -> FloatArray:
    n, d = data.shape
    if kernel.shadow is None:
        kernel.shadow_value(np.zeros(1), d)  # raises the explanatory error
    assert kernel.shadow is not None and kernel.shadow_norm is not None
    if np.ndim(bandwidth) == 0:
        windows = Windows(data, bandwidth, kernel.radius)
        dens = windows.sums(points, kernel.shadow, moment=False).weight
        return dens * (kernel.shadow_norm(d) / (n * float(bandwidth) ** d))  # type: ignore[arg-type]
    hs = np.asarray(bandwidth)
    windows = Windows(data, hs, kernel.radius, factor=1.0 / hs**d)
    dens = windows.sums(points, kernel.shadow, moment=False).weight
    return dens * (kernel.shadow_norm(d) / n)
