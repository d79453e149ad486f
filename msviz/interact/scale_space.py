"""The number of modes against the bandwidth, linked to an explorer."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from msviz.draw.panels import ScaleSpacePlot
from msviz.engine import (
    MeanShift,
    Trace,
)
from msviz.engine.bandwidth import estimate_bandwidth
from msviz.engine.kernels import Kernel
from msviz.interact._base import (
    CSS,
    FIGSIZE,
    PLAY_INTERVAL,
    _Base,
    _guarded,
    _kernel_label,
    _Messages,
    _row,
)
from msviz.interact.cache import data_token, run_key
from msviz.interact.explorer import Explorer
from msviz.interact.surface import Surface, check_dpi
from msviz.scene.scale_space import ScaleSpaceCurve, log_grid, mode_counts

__all__ = ["ScaleSpace", "scale_space"]


class ScaleSpace(_Base):
    """The number of modes against the bandwidth, above an explorer (see :func:`scale_space`).

    Attributes
    ----------
    widget : ipywidgets.VBox
    curve : ScaleSpaceCurve
        The bandwidths and the number of modes found at each.
    estimated : float or None
        :func:`msviz.estimate_bandwidth` of the data (None if it is 0).
    grid : ipywidgets.SelectionSlider
        Chooses one of the grid's bandwidths.
    explorer : Explorer
        Shows the run at the chosen bandwidth (its bandwidth slider chooses too).
    surface : Surface
        The scale-space figure (:attr:`canvas`).

    """

    def __init__(
        self,
        data: ArrayLike | str | Trace | MeanShift,
        *,
        bandwidths: ArrayLike | None = None,
        n_bandwidths: int = 40,
        bandwidth: float | str | ArrayLike | None = None,
        kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
        variant: str = "standard",
        seeds: str | ArrayLike | None = None,
        max_iter: int = 300,
        tol: float = 1e-3,
        step: int = 0,
        layers: Iterable[str] | None = None,
        n_samples: int | None = None,
        projection: Any = None,
        backend: str = "auto",
        dpi: float | None = None,
        cache_size: int = 16,
        play_interval: int = PLAY_INTERVAL,
        feature_names: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self.explorer = Explorer(
            data, bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
            max_iter=max_iter, tol=tol, step=step, layers=layers, n_samples=n_samples,
            projection=projection, backend=backend, dpi=dpi, cache_size=cache_size,
            play_interval=play_interval, feature_names=feature_names,
        )
        self._given = None if bandwidths is None else np.sort(
            np.asarray(bandwidths, dtype=np.float64).reshape(-1)
        )
        self._n = int(n_bandwidths)
        self._curves: dict[Any, tuple[ScaleSpaceCurve, float | None]] = {}
        self.curve, self.estimated = self._compute()
        self._snap_first_run(given=isinstance(data, (Trace, MeanShift)))

        d = check_dpi(dpi)
        self.surface = Surface((FIGSIZE[0], 3.0), d, backend, CSS["scale_canvas"])
        self.fig = self.surface.fig
        w, h = self.fig.get_size_inches()
        ax = self.fig.add_axes((0.8 / w, 0.62 / h, (w - 1.15) / w, (h - 1.25) / h))
        self.plot = ScaleSpacePlot(ax)
        self.grid = widgets.SelectionSlider(
            options=self._grid_options(), description="h on the grid",
            style={"description_width": "initial"}, continuous_update=False,
            layout=widgets.Layout(width="460px"),
        )
        self.grid.add_class(CSS["scale_grid"])
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.output.add_class(CSS["messages"])
        self._messages = _Messages(self.output)
        hint = widgets.HTML(
            "<span style='color:#555'>choose a bandwidth on the grid"
            + (" or click the curve" if self.surface.mode == "ipympl" else "")
            + "; the run below follows</span>"
        )
        self.widget = widgets.VBox(
            [self.canvas, _row([self.grid, hint]), self.output, self.explorer.widget],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["scale_space"])
        self._draw_curve(first=True)
        self._sync_grid()
        self.grid.observe(self._on_grid, names="value")
        self.explorer.bandwidth.observe(self._on_bandwidth, names="value")
        self.explorer.on_trace_change(self._on_trace)
        if self.surface.mode == "ipympl":
            self.fig.canvas.mpl_connect("button_press_event", self._on_click)

    def _key(self) -> Any:
        p = self.explorer.params
        return run_key(data_token(self.explorer.X), {**p, "bandwidth": None})

    def _compute(self) -> tuple[ScaleSpaceCurve, float | None]:
        key = self._key()
        if key not in self._curves:
            ex = self.explorer
            p = {k: v for k, v in ex.params.items() if k != "bandwidth"}
            hs = self._given if self._given is not None else log_grid(*ex.bandwidth_range,
                                                                       self._n)
            curve = mode_counts(ex.X, hs, runner=ex.runner, **p)
            n = ex.X.shape[0]
            est = estimate_bandwidth(ex.X, n_samples=5000 if n > 5000 else None, rng=0)
            self._curves[key] = (curve, est if est > 0 else None)
        return self._curves[key]

    def _snap_first_run(self, *, given: bool) -> None:
        """Start the explorer on the grid value nearest its bandwidth (so both read the same).

        Not when it starts from a given run or per-sample bandwidths: those are kept.
        """
        ex = self.explorer
        if given or ex._per_sample is not None:
            return
        hs = self.curve.bandwidths
        h = float(ex.bandwidth.value)
        j = int(np.argmin(np.abs(np.log(hs) - math.log(h))))
        if not math.isclose(float(hs[j]), h, rel_tol=1e-12):
            ex.set_bandwidth(float(hs[j]))

    def _grid_options(self) -> list[tuple[str, float]]:
        return [(f"{h:.3g}", float(h)) for h in self.curve.bandwidths]

    def _subtitle(self) -> str:
        p = self.explorer.params
        return f"{_kernel_label(p['kernel'])} kernel, {p['variant']} variant"

    def _draw_curve(self, first: bool = False) -> None:
        self.plot.plot(self.curve, self.estimated, self._subtitle())
        self._mark()
        self.surface.set_dynamic(self.plot.dynamic)
        if first:
            self.surface.show_first()
        else:
            self.surface.redraw()

    def _mark(self) -> None:
        h = float(self.explorer.trace.bandwidth) if not self.explorer.trace.variable_bandwidth \
            else float(self.explorer.bandwidth.value)  # type: ignore[arg-type]
        self.plot.set_chosen(h, self.explorer.trace.n_clusters)

    def _sync_grid(self) -> None:
        hs = self.curve.bandwidths
        h = float(self.explorer.bandwidth.value)
        j = int(np.argmin(np.abs(np.log(hs) - math.log(h))))
        with self._quiet():
            self.grid.value = float(hs[j])

    @_guarded("choose that bandwidth")
    def _on_grid(self, change: dict[str, Any]) -> None:
        self.explorer.set_bandwidth(float(change["new"]))

    @_guarded("choose that bandwidth")
    def _on_click(self, event: Any) -> None:
        if event.inaxes is not self.plot.ax or event.xdata is None or not event.xdata > 0:
            return
        lo, hi = self.explorer.bandwidth_range
        self.explorer.set_bandwidth(min(max(float(event.xdata), lo), hi))

    @_guarded("mark the bandwidth")
    def _on_bandwidth(self, change: dict[str, Any]) -> None:
        self._sync_grid()

    @_guarded("update the scale space")
    def _on_trace(self, explorer: Explorer) -> None:
        if self._key() not in self._curves or self._curves[self._key()][0] is not self.curve:
            self.curve, self.estimated = self._compute()
            with self._quiet():
                self.grid.options = self._grid_options()
            self._sync_grid()
            self._draw_curve()
            return
        self._sync_grid()
        self._mark()
        self.surface.update()

    def __repr__(self) -> str:
        return f"ScaleSpace({self.curve.bandwidths.size} bandwidths, explorer={self.explorer!r})"


def scale_space(
    data: ArrayLike | str | Trace | MeanShift,
    *,
    bandwidths: ArrayLike | None = None,
    n_bandwidths: int = 40,
    bandwidth: float | str | ArrayLike | None = None,
    kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
    variant: str = "standard",
    seeds: str | ArrayLike | None = None,
    max_iter: int = 300,
    tol: float = 1e-3,
    step: int = 0,
    layers: Iterable[str] | None = None,
    n_samples: int | None = None,
    projection: Any = None,
    backend: str = "auto",
    dpi: float | None = None,
    cache_size: int = 16,
    play_interval: int = PLAY_INTERVAL,
    feature_names: Sequence[str] | None = None,
) -> ScaleSpace:
    """How many modes each bandwidth finds, with an explorer of the chosen one.

    The number of modes is computed once per bandwidth of a log grid (from
    "every sample alone" to "one cluster"), with the engine and the
    explorer's kernel, variant and seeds; the estimated bandwidth is marked.
    Choosing a bandwidth (the grid slider, a click on the curve with ipympl,
    or the explorer's own bandwidth slider) shows that run below.

    Parameters
    ----------
    data : array-like of shape (n_samples, n_features), str or Trace
        As for :func:`explore`.
    bandwidths : array-like of float or None
        The grid of bandwidths; default ``n_bandwidths`` values spaced evenly
        on a log scale over the explorer's bandwidth slider.
    n_bandwidths : int, default=40
        How many bandwidths the default grid has.
    bandwidth : float, {"scott", "silverman"}, ndarray of shape (n_samples,) or None
        The bandwidth shown first (moved to the nearest grid value unless it
        is per-sample or comes from a given run).
    kernel : str, Kernel or callable, default="flat"
    variant : {"standard", "blurring"}, default="standard"
    seeds : {None, "bin", "grid"} or array-like of shape (n_seeds, n_features)
    max_iter : int, default=300
    tol : float, default=1e-3
        The run's keywords, for the curve and the explorer, as for :func:`explore`.
    step : int, default=0
    layers : iterable of str or None
    n_samples : int or None
    projection : None, "pca" or (int, int)
    backend : {"auto", "ipympl", "image"}, default="auto"
    dpi : float or None
    cache_size : int, default=16
    play_interval : int, default=400
    feature_names : sequence of str, optional
        The explorer's other keywords, as for :func:`explore` (``backend`` and
        ``dpi`` are the curve's too).

    Returns
    -------
    ScaleSpace
        Displays itself.

    Raises
    ------
    TypeError
        For a keyword it does not know.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ss = scale_space("five_points", n_bandwidths=5)
    >>> ss.curve.n_modes.tolist()
    [5, 5, 2, 1, 1]

    """
    return ScaleSpace(
        data, bandwidths=bandwidths, n_bandwidths=n_bandwidths, bandwidth=bandwidth,
        kernel=kernel, variant=variant, seeds=seeds, max_iter=max_iter, tol=tol, step=step,
        layers=layers, n_samples=n_samples, projection=projection, backend=backend, dpi=dpi,
        cache_size=cache_size, play_interval=play_interval, feature_names=feature_names,
    )
