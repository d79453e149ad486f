"""``msviz.MeanShift``: scikit-learn's estimator, with the run recorded.

With its defaults :class:`MeanShift` is :class:`sklearn.cluster.MeanShift`: the same
parameters with the same meanings, the same ``cluster_centers_``, ``labels_`` and
``n_iter_``. The msviz keywords (``kernel``, ``variant``, ``tol``, ``labels``) come
after scikit-learn's, and the fitted ``trace_`` is the recorded
:class:`~msviz.engine.trace.Trace` that every view, animation and widget shows.
scikit-learn is not needed. numpy only.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from msviz.engine._checks import (
    check_bool,
    check_labels,
    check_positive_int,
    check_X,
    feature_names_of,
)
from msviz.engine._types import FloatArray, IntArray
from msviz.engine.bandwidth import _kth_distances, estimate_bandwidth, zero_bandwidth_message
from msviz.engine.kernels import Kernel
from msviz.engine.merge import _nearest_rows
from msviz.engine.run import ConvergenceWarning, bin_seeds, run_mean_shift
from msviz.engine.trace import Trace

__all__ = ["MeanShift", "NotFittedError"]

_PARAMS = (
    "bandwidth", "seeds", "bin_seeding", "min_bin_freq", "cluster_all", "n_jobs",
    "max_iter", "kernel", "variant", "tol", "labels",
)
_DEFAULTS: dict[str, Any] = {
    "bandwidth": None, "seeds": None, "bin_seeding": False, "min_bin_freq": 1,
    "cluster_all": True, "n_jobs": None, "max_iter": 300, "kernel": "flat",
    "variant": "standard", "tol": 1e-3, "labels": "nearest",
}


class NotFittedError(ValueError, AttributeError):
    """A :class:`MeanShift` was used before ``fit`` (as scikit-learn's NotFittedError)."""


class MeanShift:
    """Mean shift clustering, as :class:`sklearn.cluster.MeanShift`, with every step recorded.

    Parameters
    ----------
    bandwidth : float, default=None
        The window radius. None estimates it with :func:`msviz.estimate_bandwidth`
        on all the samples (scikit-learn's rule).
    seeds : array-like of shape (n_seeds, n_features), default=None
        Where the moving points start; None: every sample, or the bins when
        ``bin_seeding`` is True.
    bin_seeding : bool, default=False
        Start from the centres of the bins of a grid of side ``bandwidth`` that
        hold at least ``min_bin_freq`` samples (faster for big data).
    min_bin_freq : int, default=1
        See ``bin_seeding``.
    cluster_all : bool, default=True
        False labels samples farther than one bandwidth from every centre -1.
    n_jobs : int, default=None
        Accepted for compatibility and ignored: msviz's update is vectorised.
    max_iter : int, default=300
        As scikit-learn: a moving point stops after at most ``max_iter + 1`` updates.
    kernel : str, Kernel or callable, default="flat"
        The weighting kernel (see :func:`msviz.run_mean_shift`); "flat" is scikit-learn's.
    variant : {"standard", "blurring"}, default="standard"
        "blurring" moves the data itself (Cheng 1995); it takes no seeds.
    tol : float, default=1e-3
        A moving point stops when its shift is at most ``tol * bandwidth``.
    labels : {"nearest", "basin"}, default="nearest"
        "nearest": each sample's nearest centre (scikit-learn); "basin": the
        centre its own moving point climbed to.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The modes found.
    labels_ : ndarray of shape (n_samples,)
        The cluster of each sample (-1: orphan, with ``cluster_all=False``).
    n_iter_ : int
        As scikit-learn: the most updates any seed made, minus one.
    n_features_in_ : int
        The number of features seen in ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        The column names, when ``fit`` was given a DataFrame with string names.
    trace_ : Trace
        The recorded run: give it (or the estimator itself) to
        :class:`msviz.MeanShiftView`, :func:`msviz.explore`, :func:`msviz.save_gif`.

    Examples
    --------
    >>> X = [[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]]
    >>> ms = MeanShift(bandwidth=2).fit(X)
    >>> ms.cluster_centers_.round(3).tolist(), ms.labels_.tolist()
    ([[3.333, 6.0], [1.333, 0.667]], [1, 1, 1, 0, 0, 0])
    >>> ms.predict([[0, 0], [5, 5]]).tolist(), len(ms.trace_)
    ([1, 0], 4)
    """

    def __init__(
        self,
        *,
        bandwidth: float | None = None,
        seeds: ArrayLike | None = None,
        bin_seeding: bool = False,
        min_bin_freq: int = 1,
        cluster_all: bool = True,
        n_jobs: int | None = None,
        max_iter: int = 300,
        kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
        variant: Literal["standard", "blurring"] = "standard",
        tol: float = 1e-3,
        labels: Literal["nearest", "basin"] = "nearest",
    ) -> None:
        self.bandwidth = bandwidth
        self.seeds = seeds
        self.bin_seeding = bin_seeding
        self.min_bin_freq = min_bin_freq
        self.cluster_all = cluster_all
        self.n_jobs = n_jobs
        self.max_iter = max_iter
        self.kernel = kernel
        self.variant = variant
        self.tol = tol
        self.labels = labels

    # -- scikit-learn's parameter protocol
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The parameters, by name (for :func:`sklearn.base.clone` and grid searches)."""
        return {name: getattr(self, name) for name in _PARAMS}

    def set_params(self, **params: Any) -> MeanShift:
        """Set parameters by name; return the estimator."""
        for name, value in params.items():
            if name not in _PARAMS:
                raise ValueError(
                    f"invalid parameter {name!r} for MeanShift; valid parameters are "
                    f"{', '.join(_PARAMS)}"
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        changed = []
        for name in _PARAMS:
            value = getattr(self, name)
            default = _DEFAULTS[name]
            same = value is default or (
                not isinstance(value, np.ndarray) and type(value) is type(default)
                and value == default
            )
            if not same:
                changed.append(f"{name}={_short(value)}")
        return f"MeanShift({', '.join(changed)})"

    def __sklearn_tags__(self) -> Any:
        """Tags for scikit-learn's tools (imports scikit-learn only when it asks)."""
        from sklearn.utils import InputTags, Tags, TargetTags

        return Tags(
            estimator_type="clusterer",
            target_tags=TargetTags(required=False),
            transformer_tags=None,
            classifier_tags=None,
            regressor_tags=None,
            input_tags=InputTags(two_d_array=True, allow_nan=False, sparse=False),
        )

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "trace_")

    # -- fitting
    def fit(self, X: ArrayLike, y: object = None) -> MeanShift:
        """Run mean shift on ``X`` and record it.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data (a DataFrame's column names are kept).
        y : ignored

        Returns
        -------
        self
        """
        names = feature_names_of(X)
        data = check_X(X)
        params = self._checked_params()
        bandwidth = self.bandwidth
        if bandwidth is None:
            bandwidth = estimate_bandwidth(data)
            if not bandwidth > 0:
                bandwidth = _zero_bandwidth_stand_in(data)
        seeds: Any = self.seeds
        if seeds is None and params["bin_seeding"]:
            seeds = bin_seeds(data, float(bandwidth), params["min_bin_freq"])
            if seeds.shape[0] == 0:
                raise ValueError(
                    f"no bin of side {float(bandwidth):.4g} holds min_bin_freq="
                    f"{params['min_bin_freq']} samples; lower min_bin_freq or "
                    "set bin_seeding=False"
                )
        elif seeds is not None:
            if isinstance(seeds, str):
                raise TypeError(
                    f"MeanShift's seeds must be an array of shape (n_seeds, n_features) or "
                    f"None, got {seeds!r}; for bin seeding use bin_seeding=True"
                )
            seeds = check_X(seeds, name="seeds")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            # scikit-learn lets a seed make max_iter + 1 updates
            trace = run_mean_shift(  # given X itself, so a DataFrame's names stay on the trace
                X, bandwidth=bandwidth, kernel=self.kernel, variant=self.variant,
                seeds=seeds, max_iter=params["max_iter"] + 1, tol=self.tol,
                cluster_all=params["cluster_all"], labels=params["labels"],
            )
        for w in caught:
            if issubclass(w.category, ConvergenceWarning):
                left = int(np.count_nonzero(~trace[-1].converged))
                warnings.warn(
                    f"MeanShift stopped after max_iter={params['max_iter']} iterations with "
                    f"{left} of {trace.positions.shape[1]} points still moving; raise "
                    "max_iter (or tol for a looser stopping rule)",
                    ConvergenceWarning, stacklevel=2,
                )
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        self.trace_ = trace
        # float32 data gives float32 centres, as in scikit-learn
        dtype = np.float32 if getattr(X, "dtype", None) == np.float32 else np.float64
        self.cluster_centers_: FloatArray = np.array(trace.cluster_centers, dtype=dtype)
        self.labels_: IntArray = np.array(trace.labels)
        self.n_iter_ = max(trace.n_iter - 1, 0)
        self.n_features_in_ = data.shape[1]
        if names is not None:
            self.feature_names_in_ = np.asarray(names, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        return self

    def predict(self, X: ArrayLike) -> IntArray:
        """The nearest cluster centre of each sample of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        if not hasattr(self, "trace_"):
            raise NotFittedError(
                "this MeanShift is not fitted yet; call fit(X) before predict(X)"
            )
        self._check_feature_names(X)
        data = check_X(X)
        if data.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {data.shape[1]} features, but MeanShift is expecting "
                f"{self.n_features_in_} features as input"
            )
        idx, _ = _nearest_rows(data, self.cluster_centers_)
        return idx

    def fit_predict(self, X: ArrayLike, y: object = None) -> IntArray:
        """Fit and return ``labels_``."""
        return self.fit(X).labels_

    # -- helpers
    def _checked_params(self) -> dict[str, Any]:
        max_iter = self.max_iter
        if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) \
                or max_iter < 0:
            raise ValueError(f"max_iter must be an integer >= 0, got {max_iter!r}")
        bw = self.bandwidth
        if bw is not None and (
            isinstance(bw, (bool, np.bool_)) or not isinstance(bw, numbers.Real)
            or not (math.isfinite(float(bw)) and float(bw) > 0)
        ):
            raise ValueError(
                f"bandwidth must be a positive number or None, got {bw!r}; None estimates "
                "it (msviz.estimate_bandwidth)"
            )
        if self.n_jobs is not None and (
            isinstance(self.n_jobs, bool) or not isinstance(self.n_jobs, numbers.Integral)
        ):
            raise ValueError(f"n_jobs must be an integer or None, got {self.n_jobs!r}")
        return {
            "max_iter": int(max_iter),
            "bin_seeding": check_bool(self.bin_seeding, "bin_seeding"),
            "min_bin_freq": check_positive_int(self.min_bin_freq, "min_bin_freq"),
            "cluster_all": check_bool(self.cluster_all, "cluster_all"),
            "labels": check_labels(self.labels),
        }

    def _check_feature_names(self, X: object) -> None:
        fitted = getattr(self, "feature_names_in_", None)
        given = feature_names_of(X)
        if fitted is None and given is None:
            return
        if fitted is None:
            warnings.warn("X has feature names, but MeanShift was fitted without feature names",
                          UserWarning, stacklevel=3)
            return
        if given is None:
            warnings.warn("X does not have valid feature names, but MeanShift was fitted "
                          "with feature names", UserWarning, stacklevel=3)
            return
        if tuple(fitted) == given:
            return
        message = "The feature names should match those that were passed during fit.\n"
        unexpected = sorted(set(given) - set(fitted))
        missing = sorted(set(fitted) - set(given))
        if unexpected:
            message += "Feature names unseen at fit time:\n" + _listed(unexpected)
        if missing:
            message += "Feature names seen at fit time, yet now missing:\n" + _listed(missing)
        if not unexpected and not missing:
            message += "Feature names must be in the same order as they were in fit.\n"
        raise ValueError(message)


def _zero_bandwidth_stand_in(data: FloatArray) -> float:
    """A bandwidth that acts as scikit-learn's estimated bandwidth of 0.

    With h = 0 a window holds only exact copies of its point, so every distinct
    sample is a mode of its own. Any h below half the smallest distance between
    distinct samples gives the same windows, merges, labels and stops.
    """
    uniq = np.unique(data, axis=0)
    h = 1.0
    if uniq.shape[0] > 1:
        h = 0.5 * float(np.min(_kth_distances(uniq, uniq, 1)))
    warnings.warn(
        zero_bandwidth_message(data, advice=(
            "every distinct sample is then its own cluster (as in scikit-learn); pass "
            "a positive bandwidth for real clusters, e.g. MeanShift(bandwidth=1.0)"
        )) + f" (msviz records the run with h = {h:.3g}, which gives the same result)",
        UserWarning, stacklevel=3,
    )
    return h


def _listed(names: list[str]) -> str:
    out = "".join(f"- {name}\n" for name in names[:5])
    return out + ("- ...\n" if len(names) > 5 else "")


def _short(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"<array of shape {value.shape}>"
    if isinstance(value, Kernel):
        return repr(value.name)
    if callable(value):
        return getattr(value, "__name__", "<function>")
    return repr(value)


def as_trace(obj: object, what: str = "this") -> Trace:
    """A Trace, or the recorded ``trace_`` of a fitted :class:`MeanShift`."""
    if isinstance(obj, Trace):
        return obj
    if isinstance(obj, MeanShift):
        if not hasattr(obj, "trace_"):
            raise NotFittedError(
                f"{what} needs a fitted MeanShift; call .fit(X) first, e.g. "
                "MeanShift(bandwidth=1.0).fit(X)"
            )
        return obj.trace_
    raise TypeError(
        f"{what}: trace must be a Trace (from msviz.run_mean_shift) or a fitted "
        f"msviz.MeanShift, got {type(obj).__name__} (not a live generator: run it first)"
    )
