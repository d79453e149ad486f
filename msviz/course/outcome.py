"""Q10: an outcome (survival) per cluster as the bandwidth changes."""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text
from numpy.typing import ArrayLike, NDArray

from msviz.course.ring_weights import _plain_axes
from msviz.draw import style as S
from msviz.engine import (
    Trace,
)
from msviz.engine._checks import check_X
from msviz.engine._types import FloatArray, readonly
from msviz.engine.bandwidth import (
    bandwidth_range,
    default_bandwidth,
)
from msviz.engine.kernels import get_kernel
from msviz.interact._base import (
    CSS,
    FIGSIZE,
    _Base,
    _guarded,
    _Messages,
    _row,
    _run_traced,
    _widen_log_slider,
)
from msviz.interact.cache import CacheInfo, TraceCache, data_token, run_key
from msviz.interact.surface import Surface, check_dpi

__all__ = [
    "OutcomeBars",
    "OutcomeByCluster",
    "OutcomeSummary",
    "check_outcome",
    "outcome_by_cluster",
    "outcome_summary",
    "standardise_features",
]


def rate_words(outcome: str) -> str:
    """How a bar's number is named: "share survived" for the outcome "survived".

    A column name is usually a word for what happened ("survived", "churned"), so
    "survived rate" read badly; "share survived" reads for any such word.

    Examples
    --------
    >>> rate_words("survived"), rate_words("outcome")
    ('share survived', 'outcome rate')
    """
    return "outcome rate" if outcome == "outcome" else f"share {outcome}"


def _outcome_table_html(s: OutcomeSummary, max_groups: int) -> str:
    names = s.feature_names
    head = "".join(f"<th style='padding:2px 8px;text-align:right'>{html.escape(n)}</th>"
                   for n in names)
    rows = []
    shown = min(s.clusters.size, max_groups)
    for g in range(shown):
        out = s.stands_out(g)
        words = "; ".join(f"{n} {m:.3g} (all {a:.3g})" for n, m, a in out) or "like everyone"
        cells = "".join(f"<td style='padding:2px 8px;text-align:right'>{m:.3g}</td>"
                        for m in s.means[g])
        c = int(s.clusters[g])
        rows.append(
            f"<tr><td style='padding:2px 8px'>{'none' if c < 0 else c}</td>"
            f"<td style='padding:2px 8px;text-align:right'>{int(s.sizes[g])}</td>"
            f"<td style='padding:2px 8px;text-align:right'>{s.rates[g]:.0%}</td>"
            f"<td style='padding:2px 8px'>{html.escape(words)}</td>{cells}</tr>"
        )
    cells = "".join(f"<td style='padding:2px 8px;text-align:right'>{m:.3g}</td>"
                    for m in s.overall_means)
    rows.append(
        "<tr style='border-top:1px solid #999;color:#555'><td style='padding:2px 8px'>all</td>"
        f"<td style='padding:2px 8px;text-align:right'>{s.n_samples}</td>"
        f"<td style='padding:2px 8px;text-align:right'>{s.overall_rate:.0%}</td>"
        f"<td style='padding:2px 8px'></td>{cells}</tr>"
    )
    more = "" if s.clusters.size <= max_groups else (
        f"<div style='color:#555'>… and {s.clusters.size - max_groups} smaller clusters "
        "(not listed).</div>")
    return (
        "<div style='font-size:12.5px;overflow-x:auto'>"
        "<b>What characterises each cluster</b> (the mean of each feature over its members, "
        "in the data's own units; <i>stands out</i>: the features farthest from everyone's "
        "mean)<table style='border-collapse:collapse;margin-top:3px'>"
        "<tr style='border-bottom:1px solid #999'><th style='padding:2px 8px'>cluster</th>"
        "<th style='padding:2px 8px'>members</th><th style='padding:2px 8px'>rate</th>"
        f"<th style='padding:2px 8px;text-align:left'>stands out</th>{head}</tr>"
        + "".join(rows) + f"</table>{more}</div>"
    )


class OutcomeByCluster(_Base):
    """The rate of a 0/1 outcome in each cluster mean shift finds (see :func:`outcome_by_cluster`).

    Attributes
    ----------
    widget : ipywidgets.VBox
    bandwidth : ipywidgets.FloatLogSlider
        The bandwidth h (in the units of the features, or in standard
        deviations when standardised).
    standardise : ipywidgets.ToggleButton
        Cluster z-scores instead of the raw features.
    table : ipywidgets.HTML
        The feature means of each cluster.
    trace : Trace
        The run shown.
    summary : OutcomeSummary
        Sizes, rates and feature means of the clusters shown.
    bars : OutcomeBars
    surface : Surface
    output : ipywidgets.Output

    """

    bandwidth: widgets.FloatLogSlider
    standardise: widgets.ToggleButton
    table: widgets.HTML
    trace: Trace
    summary: OutcomeSummary
    bars: OutcomeBars
    _scaled: dict[bool, NDArray[np.float64]]
    _tokens: dict[bool, str]
    _cache: TraceCache
    _kernel: str
    _max_groups: int

    def __init__(
        self,
        X: ArrayLike,
        outcome: ArrayLike,
        *,
        feature_names: Sequence[str] | None = None,
        outcome_name: str = "outcome",
        bandwidth: float | None = None,
        standardise: bool = False,
        kernel: str = "flat",
        max_groups: int = 10,
        backend: str = "auto",
        dpi: float | None = None,
        cache_size: int = 16,
    ) -> None:
        super().__init__()
        if feature_names is None and hasattr(X, "columns"):
            feature_names = [str(c) for c in X.columns]  # a pandas DataFrame
        self._X = check_X(X)
        n, d = self._X.shape
        self._y = check_outcome(outcome, n)
        if hasattr(outcome, "name") and outcome_name == "outcome" and isinstance(
                getattr(outcome, "name", None), str):
            outcome_name = str(outcome.name)  # type: ignore[union-attr]
        self.outcome_name = outcome_name
        names = tuple(str(c) for c in feature_names) if feature_names is not None \
            else tuple(f"x{j}" for j in range(d))
        if len(names) != d:
            raise ValueError(f"{len(names)} feature names for {d} features")
        self.feature_names = names
        if isinstance(max_groups, bool) or not isinstance(max_groups, numbers.Integral) \
                or max_groups < 2:
            raise ValueError(f"max_groups must be an integer >= 2, got {max_groups!r}")
        self._max_groups = int(max_groups)
        self._kernel = get_kernel(kernel).name
        self._cache = TraceCache(cache_size)
        self._scaled = {False: self._X, True: standardise_features(self._X)}
        self._tokens = {k: data_token(v) for k, v in self._scaled.items()}

        z = bool(standardise)
        h0 = float(bandwidth) if bandwidth is not None else default_bandwidth(self._scaled[z])
        if not (math.isfinite(h0) and h0 > 0):
            raise ValueError(f"bandwidth must be a positive number, got {bandwidth!r}")
        lo, hi = bandwidth_range(self._scaled[z], h0)
        self.bandwidth = widgets.FloatLogSlider(
            value=h0, base=10, min=math.log10(lo), max=math.log10(hi), step=0.01,
            description="bandwidth h", readout_format=".3g", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="360px"),
        )
        self.standardise = widgets.ToggleButton(
            value=z, description="standardise features", icon="check" if z else "",
            tooltip="give every feature the same say: subtract its mean, divide by its spread",
            layout=widgets.Layout(width="auto"),
        )
        self.bandwidth.add_class(CSS["bandwidth"])
        self.standardise.add_class(CSS["outcome_standardise"])
        # The first run (errors here are raised: nothing is on screen yet).
        self.trace, notes = self._run()
        self._dpi = check_dpi(dpi)
        self.surface = Surface((FIGSIZE[0], 4.6), self._dpi, backend, CSS["outcome_canvas"])
        self.fig = self.surface.fig
        w, h = self.fig.get_size_inches()
        ax = self.fig.add_axes((2.3 / w, 0.6 / h, (w - 2.6) / w, (h - 1.3) / h))
        self.bars = OutcomeBars(ax)
        self.table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.output.add_class(CSS["messages"])
        self._messages = _Messages(self.output)
        self.bandwidth.observe(self._on_bandwidth, names="value")
        self.standardise.observe(_tick, names="value")
        self.standardise.observe(self._on_standardise, names="value")
        self.widget = widgets.VBox(
            [_row([self.bandwidth, self.standardise]), self.output, self.canvas, self.table],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["outcome"])
        self._show(self.trace, notes)
        self.surface.show_first()

    @property
    def X(self) -> NDArray[np.float64]:
        """The features clustered now (z-scores when standardised)."""
        return self._scaled[bool(self.standardise.value)]

    @property
    def outcome(self) -> NDArray[np.int64]:
        """The 0/1 outcome of each sample."""
        return self._y

    @property
    def params(self) -> dict[str, Any]:
        """The keywords of :func:`msviz.run_mean_shift` of the run shown now."""
        return dict(bandwidth=float(self.bandwidth.value), kernel=self._kernel,
                    labels="nearest")

    def cache_info(self) -> CacheInfo:
        """Hits, misses and size of the cache of runs."""
        return self._cache.info()

    def _run(self) -> tuple[Trace, tuple[str, ...]]:
        z = bool(self.standardise.value)
        params = self.params
        key = run_key(self._tokens[z], params)
        X = self._scaled[z]
        result: tuple[Trace, tuple[str, ...]] = self._cache.get(
            key, lambda: _run_traced(X, params, self.runner))
        return result

    def _show(self, trace: Trace, notes: Sequence[str]) -> None:
        self.trace = trace
        # The means are in the data's own units, whatever was clustered.
        self.summary = outcome_summary(self._X, self._y, trace.labels, self.feature_names)
        s = self.summary
        names, sizes, positives, rates = s.shown(self._max_groups)
        what = "standardised features" if self.standardise.value else "raw features"
        k = trace.n_clusters
        self.bars.draw(
            [f"{a} · n = {b}" for a, b in zip(names, sizes, strict=True)], sizes, positives,
            rates, s.overall_rate, outcome=self.outcome_name,
            last_is_rest=s.clusters.size > self._max_groups,
            title=f"{rate_words(self.outcome_name)} per cluster · {what}, h = "
                  f"{float(self.bandwidth.value):.3g}: {k} cluster{'s' if k != 1 else ''}",
        )
        self.table.value = _outcome_table_html(s, self._max_groups)
        items = [("note", n) for n in notes]
        if k == 1:
            items.append(("note", "One cluster holds everybody, so its rate is the overall "
                          "rate: make h smaller to split the data."))
        elif s.sizes.size and int(s.sizes[-1]) <= 3:
            few = int(np.count_nonzero(s.sizes <= 3))
            items.append(("note", f"{few} cluster{'s have' if few != 1 else ' has'} 3 members "
                          "or fewer: their rates rest on a handful of samples."))
        if items:
            self._messages.set(items)
        else:
            self._messages.clear()
        self.surface.set_dynamic([])

    def _recompute(self) -> None:
        trace, notes = self._run()
        self._show(trace, notes)
        self.surface.redraw()

    def set_bandwidth(self, h: float) -> None:
        """Set the bandwidth (widening the slider's range if needed) and show that run."""
        if not (isinstance(h, numbers.Real) and math.isfinite(h) and h > 0):
            raise ValueError(f"bandwidth must be a positive number, got {h!r}")
        with self._quiet():
            _widen_log_slider(self.bandwidth, h)
            self.bandwidth.value = float(h)
        self._recompute()

    @_guarded("run mean shift with that bandwidth")
    def _on_bandwidth(self, change: dict[str, Any]) -> None:
        self._recompute()

    @_guarded("change the features")
    def _on_standardise(self, change: dict[str, Any]) -> None:
        # A bandwidth is a distance in the units clustered: start from that scale's default.
        X = self._scaled[bool(change["new"])]
        h0 = default_bandwidth(X)
        lo, hi = bandwidth_range(X, h0)
        b = self.bandwidth
        with self._quiet():
            b.min, b.max = min(b.min, math.log10(lo)), max(b.max, math.log10(hi))
            b.value = h0
            b.min, b.max = math.log10(lo), math.log10(hi)
        self._recompute()

    def __repr__(self) -> str:
        return (f"OutcomeByCluster({self._X.shape[0]} samples, h={self.bandwidth.value:.3g}, "
                f"standardised={bool(self.standardise.value)}, "
                f"clusters={self.trace.n_clusters})")


def _tick(change: dict[str, Any]) -> None:
    """A toggle shows a tick when on (also when set from Python)."""
    change["owner"].icon = "check" if change["new"] else ""


def outcome_by_cluster(
    X: ArrayLike,
    outcome: ArrayLike,
    *,
    feature_names: Sequence[str] | None = None,
    outcome_name: str = "outcome",
    bandwidth: float | None = None,
    standardise: bool = False,
    kernel: str = "flat",
    max_groups: int = 10,
    backend: str = "auto",
    dpi: float | None = None,
    cache_size: int = 16,
) -> OutcomeByCluster:
    """Cluster with mean shift and compare the rate of a 0/1 outcome across the clusters.

    The outcome is never shown to mean shift. Bars show the outcome rate of each
    cluster (biggest cluster on top, thicker bars for bigger clusters, the size
    written on the left), the overall rate is a dashed line, and a table lists
    what characterises each cluster: the mean of each feature. Change the
    bandwidth or standardise the features and see the clusters, and their
    rates, change (Q10).

    Parameters
    ----------
    X : array-like or pandas.DataFrame of shape (n_samples, n_features)
        The features (a DataFrame gives the feature names).
    outcome : array-like of shape (n_samples,)
        1 where the outcome happened (e.g. survived), else 0.
    feature_names : sequence of str or None
        Names of the features; default: a DataFrame's column names, else
        ``x0``, ``x1``, ...
    outcome_name : str, default="outcome"
        What the outcome is called (default: the Series' name, if it has one).
    bandwidth : float or None
        Default: :func:`msviz.estimate_bandwidth` of the features clustered.
    standardise : bool, default=False
        Cluster the standardised features (mean 0, standard deviation 1).
    kernel : str, default="flat"
        A name from :data:`msviz.KERNELS`.
    max_groups : int, default=10
        Bars drawn; the smaller clusters are drawn as one.
    backend : {"auto", "ipympl", "image"}, default="auto"
    dpi : float or None
    cache_size : int, default=16
        As for :func:`msviz.explore`.

    Returns
    -------
    OutcomeByCluster
        Displays itself. Runs use ``labels="nearest"`` (as scikit-learn's
        ``MeanShift``) and are cached by their parameters.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> X = [[0.0], [0.2], [0.4], [0.6], [10.0], [10.2]]
    >>> ob = outcome_by_cluster(X, [1, 1, 1, 0, 0, 0], bandwidth=1.0, backend="image")
    >>> ob.summary.sizes.tolist(), ob.summary.rates.tolist()
    ([4, 2], [0.75, 0.0])

    """
    return OutcomeByCluster(
        X, outcome, feature_names=feature_names, outcome_name=outcome_name,
        bandwidth=bandwidth, standardise=standardise, kernel=kernel, max_groups=max_groups,
        backend=backend, dpi=dpi, cache_size=cache_size,
    )


def check_outcome(outcome: ArrayLike, n_samples: int) -> NDArray[np.int64]:
    """An outcome of 0s and 1s (bools accepted), one per sample; plain-word errors.

    Examples
    --------
    >>> check_outcome([True, False, 1], 3).tolist()
    [1, 0, 1]

    """
    y = np.asarray(outcome)
    if y.ndim != 1:
        y = y.reshape(-1) if y.ndim == 2 and 1 in y.shape else y
    if y.ndim != 1:
        raise ValueError(f"the outcome must be one 0/1 value per sample, got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"the outcome has {y.shape[0]} values but the data has {n_samples} samples; "
            "give one 0/1 value per sample (e.g. df['survived'])"
        )
    try:
        yf = y.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError("the outcome must be numbers 0 and 1 (or True/False), "
                         f"got values like {y[:3].tolist()!r}") from None
    if np.isnan(yf).any():
        raise ValueError(f"the outcome has {int(np.isnan(yf).sum())} missing values; "
                         "drop those samples first")
    bad = ~np.isin(yf, (0.0, 1.0))
    if bad.any():
        raise ValueError(
            "the outcome must be 0 or 1 for each sample (1 = it happened, e.g. survived); "
            f"found {sorted(set(np.unique(yf[bad]).tolist()))[:5]}"
        )
    return yf.astype(np.int64)


def standardise_features(X: ArrayLike) -> FloatArray:
    """z-scores: each column minus its mean, over its standard deviation (constant columns: 0).

    Examples
    --------
    >>> standardise_features([[0.0, 5.0], [2.0, 5.0]]).tolist()
    [[-1.0, 0.0], [1.0, 0.0]]

    """
    data = check_X(X)
    sd = data.std(axis=0)
    return (data - data.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


@dataclass(frozen=True, eq=False)
class OutcomeSummary:
    """The outcome rate and the feature means of each cluster.

    Attributes
    ----------
    clusters : ndarray of shape (n_groups,)
        The cluster labels, largest cluster first (-1: samples with no cluster).
    sizes, positives : ndarray of shape (n_groups,)
        Members and members with outcome 1.
    rates : ndarray of shape (n_groups,)
        ``positives / sizes``.
    means : ndarray of shape (n_groups, n_features)
        The mean of each feature over the members, in the data's own units.
    overall_rate : float
        The outcome rate over every sample.
    overall_means, overall_sd : ndarray of shape (n_features,)
        Mean and standard deviation of each feature over every sample.
    feature_names : tuple of str

    """

    clusters: NDArray[np.intp]
    sizes: NDArray[np.intp]
    positives: NDArray[np.intp]
    rates: FloatArray
    means: FloatArray
    overall_rate: float
    overall_means: FloatArray
    overall_sd: FloatArray
    feature_names: tuple[str, ...]

    @property
    def n_samples(self) -> int:
        """The number of samples in every group together."""
        return int(self.sizes.sum())

    def stands_out(self, g: int, top: int = 2) -> list[tuple[str, float, float]]:
        """The features whose mean in group ``g`` is farthest from the overall mean.

        Returns (name, group mean, overall mean), farthest first, measured in
        overall standard deviations; features that differ by less than 0.25 sd
        are left out.
        """
        sd = np.where(self.overall_sd > 0, self.overall_sd, 1.0)
        z = np.abs(self.means[g] - self.overall_means) / sd
        order = np.argsort(-z, kind="stable")[:top]
        return [(self.feature_names[j], float(self.means[g, j]), float(self.overall_means[j]))
                for j in order if z[j] >= 0.25]

    def shown(self, max_groups: int = 10) -> tuple[list[str], list[int], list[int], list[float]]:
        """Names, sizes, positives and rates of the groups to draw.

        The ``max_groups - 1`` largest clusters, and the rest together as one
        group ("k smaller clusters") when there are more than ``max_groups``.
        """
        def name(c: int) -> str:
            return "no cluster" if c < 0 else f"cluster {c}"

        m = self.clusters.size
        if m <= max_groups:
            keep = m
        else:
            keep = max(max_groups - 1, 1)
        names = [name(int(c)) for c in self.clusters[:keep]]
        sizes = [int(s) for s in self.sizes[:keep]]
        positives = [int(k) for k in self.positives[:keep]]
        if keep < m:
            rest_n, rest_k = int(self.sizes[keep:].sum()), int(self.positives[keep:].sum())
            names.append(f"{m - keep} smaller clusters")
            sizes.append(rest_n)
            positives.append(rest_k)
        return names, sizes, positives, [k / s for k, s in zip(positives, sizes, strict=True)]


def outcome_summary(
    X: ArrayLike,
    outcome: ArrayLike,
    labels: ArrayLike,
    feature_names: Sequence[str] | None = None,
) -> OutcomeSummary:
    """Group the samples by cluster: size, outcome rate and feature means of each group.

    Examples
    --------
    >>> s = outcome_summary([[0.0], [1.0], [10.0]], [1, 0, 1], [0, 0, 1], ["x"])
    >>> s.clusters.tolist(), s.sizes.tolist(), s.rates.tolist(), s.means.ravel().tolist()
    ([0, 1], [2, 1], [0.5, 1.0], [0.5, 10.0])

    """
    data = check_X(X)
    n, d = data.shape
    y = check_outcome(outcome, n)
    lab = np.asarray(labels).reshape(-1)
    if lab.shape[0] != n:
        raise ValueError(f"{lab.shape[0]} labels for {n} samples")
    lab = lab.astype(np.intp)
    names = tuple(str(s) for s in feature_names) if feature_names is not None \
        else tuple(f"x{j}" for j in range(d))
    if len(names) != d:
        raise ValueError(f"{len(names)} feature names for {d} features")
    groups, inverse = np.unique(lab, return_inverse=True)
    inverse = inverse.reshape(-1)
    sizes = np.bincount(inverse, minlength=groups.size).astype(np.intp)
    positives = np.bincount(inverse, weights=y, minlength=groups.size).astype(np.intp)
    sums = np.zeros((groups.size, d))
    np.add.at(sums, inverse, data)
    means = sums / sizes[:, None]
    order = np.lexsort((groups, -sizes))  # largest first, then by label
    return OutcomeSummary(
        clusters=readonly(groups[order].astype(np.intp)),
        sizes=readonly(sizes[order]),
        positives=readonly(positives[order]),
        rates=readonly(positives[order] / sizes[order]),
        means=readonly(means[order]),
        overall_rate=float(y.mean()),
        overall_means=readonly(data.mean(axis=0)),
        overall_sd=readonly(data.std(axis=0)),
        feature_names=names,
    )


class OutcomeBars:
    """The outcome rate of each cluster as horizontal bars, biggest cluster on top.

    Bar thickness grows with the cluster's size (and the size is written on the
    left); the overall rate is a dashed line. Drawn afresh by :meth:`draw`.

    Parameters
    ----------
    ax : Axes
        Where to draw.

    """

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.bars: list[Any] = []
        self.rate_labels: list[Text] = []
        self.overall: Line2D | None = None

    def draw(self, names: Sequence[str], sizes: Sequence[int], positives: Sequence[int],
             rates: Sequence[float], overall: float, *, outcome: str, title: str,
             last_is_rest: bool = False) -> None:
        """Draw one bar per group (in the order given, top to bottom).

        ``last_is_rest``: the last group lumps the smaller clusters (drawn grey).
        """
        ax = self.ax
        ax.cla()
        n = len(names)
        biggest = max(max(sizes), 1) if n else 1
        y = np.arange(n, dtype=float)
        heights = [0.2 + 0.62 * math.sqrt(s / biggest) for s in sizes]
        colours = [S.BLUE if r > overall else S.ORANGE for r in rates]
        if last_is_rest and colours:
            colours[-1] = S.EMPTY
        container = ax.barh(y, rates, height=heights, color=colours, edgecolor="#1A1A1A",
                            linewidth=0.5, zorder=2)
        self.bars = list(container.patches)
        self.rate_labels = []
        for yi, r, k, s in zip(y, rates, positives, sizes, strict=True):
            self.rate_labels.append(ax.annotate(
                f"{r:.0%}  ({k} of {s})", (r, yi), xytext=(5, 0), textcoords="offset points",
                va="center", fontsize=S.TICK_SIZE, color=S.TEXT,
                bbox=dict(boxstyle="square,pad=0.1", facecolor=S.WHITE, edgecolor="none"),
                zorder=4,
            ))
        self.overall = ax.axvline(overall, color="#4D4D4D", lw=1.3, ls=(0, (5, 3)), zorder=3)
        ax.text(overall, 1.0, f" all: {overall:.0%}", transform=ax.get_xaxis_transform(),
                ha="left", va="bottom", fontsize=S.TICK_SIZE, color="#4D4D4D")
        ax.set_yticks(y, list(names))
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0.0, 1.18)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25 %", "50 %", "75 %", "100 %"])
        ax.set_xlabel(f"{rate_words(outcome)} in the cluster (blue: above that of all, orange: "
                      "below; thicker bars: bigger clusters)", fontsize=S.LABEL_SIZE)
        ax.grid(True, axis="x", color=S.GRID, lw=0.6)
        ax.set_axisbelow(True)
        _plain_axes(ax)
        ax.set_title(title, fontsize=S.LABEL_SIZE + 1, loc="left", pad=16)
