"""The explorer: one mean shift run at any step, with every control beside it."""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz import datasets as _datasets
from msviz.draw.panels import InspectorArtists
from msviz.draw.view import DEFAULT_LAYERS, LAYER_HELP, LAYERS, MeanShiftView
from msviz.engine import MeanShift, Trace, UpdateExplanation, explain_update
from msviz.engine._checks import check_names, check_X
from msviz.engine.bandwidth import (
    bandwidth_range,
    default_bandwidth,
    estimate_bandwidth,
)
from msviz.engine.kernels import KERNELS, Kernel, get_kernel
from msviz.interact._base import (
    _SEED_OPTIONS,
    CSS,
    FIGSIZE,
    PLAY_INTERVAL,
    Control,
    _build_controls,
    _check_options,
    _control_row,
    _explanation_html,
    _feature_names,
    _given_names,
    _guarded,
    _kernel_options,
    _load_data,
    _make_estimate,
    _make_explain,
    _Messages,
    _observe_controls,
    _offer_toggle,
    _read_controls,
    _row,
    _set_range,
    _style_toggle,
    _transport,
    _widen_log_slider,
)
from msviz.interact.cache import CacheInfo, TraceCache, data_token, run_bytes, run_key
from msviz.interact.controls import (
    _make_bandwidth,
    _make_dataset,
    _make_kernel,
    _make_point,
    _make_seeds,
    _make_variant,
    _read_bandwidth,
    _read_kernel,
    _read_seeds,
    _read_variant,
    _set_bandwidth,
    _set_kernel,
    _set_seeds,
    _set_variant,
)
from msviz.interact.hill import HillPanel, hill_problem, make_hill_toggle
from msviz.interact.runs import Worker, _Runs
from msviz.interact.surface import Surface, check_dpi, editor_hint
from msviz.scene.inspect import inspector_geometry, nearest_seed

__all__ = ["CONTROLS", "Explorer", "explore"]


WIDGET_DENSITY_RESOLUTION = 120

#: Widths in pixels of the narrow and wide letters of a 12 px sans-serif (DejaVu Sans);
#: the others are about 7.4 px.
_NARROW, _WIDE = dict.fromkeys("fijlrt", 4.4), {"m": 11.7, "w": 9.8}


def _toggle_width(name: str) -> int:
    """Pixels a layer toggle needs for its tick and its whole name at 12 px."""
    text = sum(_NARROW.get(c, _WIDE.get(c, 7.4)) for c in name.lower())
    return max(60, int(text + 28.5))


class Explorer(_Runs):
    """One mean shift run to play with (made by :func:`explore`).

    Attributes
    ----------
    widget : ipywidgets.VBox
        Everything, laid out (the object displays itself as this).
    play : ipywidgets.Play
        Steps through the run in the browser; ``jslink``-ed to :attr:`slider`.
    slider : ipywidgets.IntSlider
        The step shown.
    step_label : ipywidgets.HTML
        What happens at this step, in words.
    bandwidth : ipywidgets.FloatLogSlider
        The bandwidth h (log scale; recomputes when released).
    estimate : ipywidgets.Button
        Sets the bandwidth to :func:`msviz.estimate_bandwidth` of the data.
    kernel, variant, seeds : ipywidgets.Dropdown
        The other parameters of the run.
    dataset : ipywidgets.Dropdown or None
        The data set, when started from a name.
    layer_toggles : dict of str to ipywidgets.ToggleButton
        One toggle per layer of :class:`msviz.MeanShiftView`.
    explain : ipywidgets.ToggleButton
        Shows the "explain one update" inspector.
    hill : ipywidgets.ToggleButton
        Shows the run as a density hill in 3-D (:class:`msviz.HillView`) as a picture
        under the 2-D one, following the step slider and every new run (two
        features only; to drag the camera, use ``msviz.HillView`` in its own cell).
    point : ipywidgets.BoundedIntText
        The moving point the inspector explains (a click on the canvas sets it).
    explain_text : ipywidgets.HTML
        The inspector's numbers.
    output : ipywidgets.Output
        Notes and errors, in plain words.
    view : MeanShiftView
        The picture (one persistent figure).
    surface : Surface
        The figure and the widget that shows it (:attr:`canvas`).
    explanation : UpdateExplanation or None
        What the inspector shows now.
    errors : list of Exception
        Exceptions caught in callbacks (most recent last).

    Notes
    -----
    The controls (``dataset``, ``bandwidth``, ``estimate``, ``kernel``,
    ``variant``, ``seeds``, ``explain``, ``point``) are made, wired, laid out and
    read back from one table, :data:`CONTROLS`: a new control is one entry.

    """

    # Made from CONTROLS (annotated here for type checkers).
    dataset: widgets.Dropdown | None
    bandwidth: widgets.FloatLogSlider
    estimate: widgets.Button
    kernel: widgets.Dropdown
    variant: widgets.Dropdown
    seeds: widgets.Dropdown
    explain: widgets.ToggleButton
    hill: widgets.ToggleButton
    point: widgets.BoundedIntText

    def __init__(
        self,
        data: ArrayLike | str | Trace | MeanShift,
        *,
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
        self._cache = TraceCache(cache_size, sizeof=run_bytes)
        #: A slow run asked for from the page computes here, the widget answering meanwhile.
        self._worker = Worker(lambda exc: self._report("show the new run", exc))
        self._listeners: list[Callable[[Explorer], None]] = []
        self._projection = projection
        self._X, self._name, given = _load_data(data, n_samples)
        self._names = _given_names(data, feature_names, self._X.shape[1])
        self._n_samples = n_samples
        self._token = data_token(self._X)
        self._estimates: dict[str, float] = {}
        self._seed_array: NDArray[np.float64] | None = None
        self._custom_kernel: Kernel | None = None
        self._per_sample: NDArray[np.float64] | None = None
        notes: tuple[str, ...] = ()

        if given is not None:
            # Start from the given run: the widgets take its parameters.
            kernel, variant = given.kernel, str(given.variant)
            max_iter, tol = int(given.max_iter), float(given.tol)
            seeds = {"samples": None, "bin": "bin", "grid": "grid"}.get(
                str(given.seeds), np.asarray(given.positions[0])
            )
            bandwidth = given.bandwidth
        self._max_iter, self._tol = _check_options(max_iter, tol, variant, layers)
        self._run_seconds = 0.0  # how long the last new run took
        #: The run keywords the controls start from (their factories read them).
        self._start: dict[str, Any] = dict(bandwidth=bandwidth, kernel=kernel,
                                           variant=variant, seeds=seeds)

        # -- the run's controls (see CONTROLS), then the first run, which reads them
        # (errors here are raised: nothing is on screen yet)
        _build_controls(self, CONTROLS, after_view=False)
        if given is not None:
            trace = given
            if type(given) is not Trace:  # recorded by another algorithm (a subclass)
                notes = (
                    f"This run was recorded by {type(given).__name__}; changing a parameter "
                    "shows msviz's mean shift on the same data instead.",
                )
            self._cache.put(run_key(self._token, self._params()), (given, notes))
        else:
            params = self._params()
            # timed: after a slow first run the next one goes to the background at once
            trace, notes = self._cache.get(run_key(self._token, params),
                                           lambda: self._timed_run(params))
        self._trace = trace

        # -- the figure and the view
        self._dpi = check_dpi(dpi)
        self.surface = Surface(FIGSIZE, self._dpi, backend, CSS["canvas"])
        self.fig = self.surface.fig
        #: The "3-D hill" switch's canvas, on the page (hidden) from the start.
        self._hill = HillPanel(self._dpi, self.surface.mode, CSS["hill_canvas"])
        wanted = None if layers is None else check_names(layers, "layers", LAYERS)
        self.layer_toggles: dict[str, widgets.ToggleButton] = {}
        for name in LAYERS:
            toggle = widgets.ToggleButton(
                value=name in (DEFAULT_LAYERS if wanted is None else wanted), description=name,
                tooltip=LAYER_HELP.get(name, name),
                # a fixed width (the tick never reflows the row), wide enough for the name
                layout=widgets.Layout(width=f"{_toggle_width(name)}px",
                                      padding="0 2px"),
            )
            toggle.style.font_size = "12px"
            toggle.add_class(CSS["layer"])
            toggle.add_class(f"{CSS['layer']}-{name}")
            _style_toggle(toggle)
            toggle.observe(lambda change: _style_toggle(change["owner"]), names="value")
            self.layer_toggles[name] = toggle
        self._make_view(trace, 0)
        start = self.view.scene.check_step(step)

        # -- the transport, the controls that need the view, the message areas
        self.play, self.slider, self.step_label, self.link = _transport(
            self.view.scene.last, start, play_interval
        )
        _build_controls(self, CONTROLS, after_view=True)
        how = "click a point in the picture or type its number" if self.backend == "ipympl" \
            else "type the number of a moving point"
        self._explain_hint = (
            "<span style='color:#555'>Tick <b>explain one update</b> to see how one point's "
            f"next position is computed ({how}).</span>"
        )
        self.explain_text = widgets.HTML(self._explain_hint,
                                         layout=widgets.Layout(width="100%"))
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self._messages = _Messages(self.output)
        self.explanation: UpdateExplanation | None = None
        self.explain_text.add_class(CSS["explain_text"])
        self.output.add_class(CSS["messages"])

        # -- wiring
        self.slider.observe(self._on_step, names="value")
        _observe_controls(self, CONTROLS)
        for name, toggle in self.layer_toggles.items():
            toggle.observe(functools.partial(self._on_layer, name), names="value")
        if self.backend == "ipympl":
            self.fig.canvas.mpl_connect("button_press_event", self._on_click)

        # -- layout
        self.layers_box = _row(
            [widgets.HTML("<b>show</b>"), *self.layer_toggles.values()], grid_gap="4px 2px"
        )
        self.layers_box.add_class(CSS["layers"])
        self.widget = widgets.VBox(
            [
                _row([self.play, self.slider, self.step_label], wrap=False),
                _row(_control_row(self, CONTROLS, "params")),
                self.layers_box,
                self.output,
                self.canvas,
                self._hill.widget,
                _row(_control_row(self, CONTROLS, "explain")),
                self.explain_text,
            ],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["explorer"])

        # -- first picture
        self._apply_layers()
        self.view.show_step(start)
        self._refresh()
        if notes or editor_hint(self.backend):
            self._messages.set([("note", n) for n in (*notes, editor_hint(self.backend)) if n])
        self.surface.show_first()

    # ---------------------------------------------------------------- parameters
    def _suggested(self) -> float | None:  # the data set's value for this kernel
        kernel = _read_kernel(self) if hasattr(self, "kernel") else self._start["kernel"]
        return None if self._name is None else _datasets.info(self._name).bandwidth_for(kernel)

    def _kernel_choice(self, kernel: object) -> tuple[str, list[tuple[str, str]]]:
        options = _kernel_options()
        if isinstance(kernel, str):
            name = kernel.strip().lower()
            if name not in KERNELS:
                get_kernel(kernel)  # raises the explanatory error
            return name, options
        k = get_kernel(kernel)  # type: ignore[arg-type]
        if k.name in KERNELS and KERNELS[k.name] is k:
            return k.name, options
        self._custom_kernel = k
        options.append((f"custom: {k.name}", "custom"))
        return "custom", options

    def _seeds_choice(self, seeds: object) -> tuple[str, list[tuple[str, str]]]:
        options = list(_SEED_OPTIONS)
        if seeds is None:
            return "samples", options
        if isinstance(seeds, str):
            name = seeds.strip().lower()
            if name not in ("bin", "grid"):
                raise ValueError(f"unknown seeds {seeds!r}; use None, 'bin', 'grid' or an array")
            return name, options
        self._seed_array = check_X(seeds, name="seeds")  # type: ignore[arg-type]
        options.append(("given seeds", "array"))
        return "array", options

    def _params(self) -> dict[str, Any]:
        """The keywords of :func:`msviz.run_mean_shift` the widgets stand for now."""
        fixed = {"max_iter": self._max_iter, "tol": self._tol}  # no control (yet): as given
        return {**fixed, **_read_controls(self, CONTROLS)}

    @property
    def params(self) -> dict[str, Any]:
        """The parameters of the run shown (keywords of :func:`msviz.run_mean_shift`)."""
        return self._params()

    @property
    def X(self) -> NDArray[np.float64]:
        """The data."""
        return self._X

    @property
    def trace(self) -> Trace:
        """The run shown."""
        return self._trace

    @property
    def step(self) -> int:
        """The step shown."""
        return int(self.view.step)

    @property
    def bandwidth_range(self) -> tuple[float, float]:
        """The smallest and largest bandwidth of the slider."""
        return 10.0 ** self.bandwidth.min, 10.0 ** self.bandwidth.max

    def cache_info(self) -> CacheInfo:
        """Hits, misses and size of the cache of runs."""
        return self._cache.info()

    def on_trace_change(self, callback: Callable[[Explorer], None]) -> None:
        """Call ``callback(explorer)`` whenever a new run is shown."""
        self._listeners.append(callback)

    # ---------------------------------------------------------------- view
    def _make_view(self, trace: Trace, step: int) -> None:
        """(Re)make the view on the cleared figure (first run and new data only)."""
        self.fig.clear()
        self.view = MeanShiftView(
            trace, fig=self.fig, projection=self._projection,
            feature_names=self._names or _feature_names(self._name, trace.X.shape[1]),
            density_resolution=WIDGET_DENSITY_RESOLUTION, bounds=self._bounds(),
        )
        self._apply_layers(draw=False)
        self.view.plot(min(step, self.view.n_steps - 1))
        self._inspector = InspectorArtists(self.view.ax)

    def _bounds(self) -> tuple[float, float, float, float] | None:
        """A box the picture must keep showing (the drawing explorer's canvas)."""
        return None

    def _apply_layers(self, draw: bool = False) -> None:
        available = set(self.view.available_layers)
        with self._quiet():  # a layer this run cannot show: off, greyed, not pressed
            for name, toggle in self.layer_toggles.items():
                _offer_toggle(toggle, name in available, name in DEFAULT_LAYERS)
        wanted = [n for n, t in self.layer_toggles.items() if t.value and n in available]
        self.view.set_layers(wanted)

    def _dynamic(self) -> list[Any]:
        return [*self.view.show_step(self.view.step), *self._inspector.artists]

    def _refresh(self) -> None:
        """Label, inspector and dynamic artists after the view changed."""
        self.step_label.value = self._step_html(self.view.step)
        self._update_inspector()
        self.surface.set_dynamic(self._dynamic())

    def _show_trace(self, trace: Trace, notes: Sequence[str], rebuild: bool = False) -> None:
        step = min(int(self.slider.value), len(trace) - 1)
        with self._quiet():
            if rebuild:
                self._make_view(trace, step)
            else:
                self.view.set_trace(trace, step=step)
            self._apply_layers()
            self.view.show_step(step)
            _set_range(self.play, self.slider, self.view.scene.last, step, self.widget.children[0])
            self.point.max = max(self.view.scene.n_seeds - 1, 0)
        self._trace = trace
        self._refresh()
        self.surface.redraw()
        if notes:
            self._messages.set([("note", n) for n in notes])
        else:
            self._messages.clear()
        if self._hill.active:  # a new run: a new hill (or none, if it cannot be one)
            if hill_problem(trace) is None:
                self._hill.set_trace(trace, self.view.step)
            else:
                self.hill.value = False
        for callback in list(self._listeners):
            callback(self)

    # ---------------------------------------------------------------- callbacks
    @_guarded("show that step")
    def _on_step(self, change: dict[str, Any]) -> None:
        self.show_step(int(change["new"]))

    def show_step(self, step: int) -> None:
        """Show ``step`` (what the slider does): setters and a redraw of what moved."""
        k = self.view.scene.check_step(step)
        self.view.show_step(k)
        self.step_label.value = self._step_html(k)
        self._update_inspector()
        self.surface.update()
        self._hill.show_step(k)
        if self.slider.value != k:
            with self._quiet():
                self.slider.value = k

    @_guarded("show the 3-D hill")
    def _on_hill(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            self._hill.hide()
            return
        problem = hill_problem(getattr(self, "_trace", None))
        if problem is not None:
            with self._quiet():
                self.hill.value = False
            raise ValueError(problem)
        self._hill.show(self._trace, self.view.step)

    @_guarded("change the bandwidth")
    def _on_bandwidth(self, change: dict[str, Any]) -> None:
        self._per_sample = None
        self._recompute()

    @_guarded("change the parameters")
    def _on_params(self, change: dict[str, Any]) -> None:
        self._recompute()

    def _sync_seeds(self, change: object = None) -> None:
        """The seeds menu is off for the blurring variant (also when set from Python)."""
        self.seeds.disabled = self.variant.value == "blurring"
        self.seeds.tooltip = ("the blurring variant moves the data itself: it has no seeds"
                              if self.seeds.disabled else "where the moving points start")

    @_guarded("estimate the bandwidth")
    def _on_estimate(self, _button: Any = None) -> None:
        if self._token not in self._estimates:
            n = self._X.shape[0]
            self._estimates[self._token] = estimate_bandwidth(
                self._X, n_samples=5000 if n > 5000 else None, rng=0
            )
        h = self._estimates[self._token]
        if not h > 0:
            raise ValueError(
                "scikit-learn's quantile rule gives h = 0 for this data (with so few samples "
                "a window holding 30 % of them is a single point); choose h with the slider"
            )
        self.set_bandwidth(h)

    def set_bandwidth(self, h: float) -> None:
        """Set the bandwidth (widening the slider's range if needed) and show that run."""
        if not (isinstance(h, numbers.Real) and math.isfinite(h) and h > 0):
            raise ValueError(f"bandwidth must be a positive number, got {h!r}")
        with self._quiet():
            _widen_log_slider(self.bandwidth, h)
        if math.isclose(float(self.bandwidth.value), float(h), rel_tol=1e-12) \
                and self._per_sample is None:
            return
        self.bandwidth.value = float(h)

    def set_params(self, **params: Any) -> None:
        """Set several controls at once and compute the run once.

        Keywords: the controls that can be set (see :data:`CONTROLS`):
        ``dataset``, ``bandwidth``, ``kernel``, ``variant`` and ``seeds`` (None,
        "bin", "grid").

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ex = explore("blobs")
        >>> ex.set_params(kernel="gaussian", bandwidth=1.5)
        >>> ex.trace.kernel.name, ex.trace.bandwidth
        ('gaussian', 1.5)

        """
        settable = [c for c in CONTROLS if c.set is not None]
        unknown = set(params) - {c.name for c in settable}
        if unknown:
            names = [c.name for c in settable]
            raise ValueError(f"unknown parameters {sorted(unknown)}; use "
                             f"{', '.join(names[:-1])} or {names[-1]}")
        rebuild = False
        with self._quiet():
            for c in settable:  # in table order: the data set first
                if c.set is not None and c.name in params:
                    c.set(self, params[c.name])
                    rebuild = rebuild or c.remakes_view
        if not self._recompute(rebuild=rebuild):
            raise ValueError(self._messages.text)

    @_guarded("load that data set")
    def _on_dataset(self, change: dict[str, Any]) -> None:
        old = change["old"]
        try:
            with self._quiet():
                self._switch_data(change["new"])
        except Exception:
            with self._quiet():
                assert self.dataset is not None
                self.dataset.value = old
            raise
        self._recompute(rebuild=True)

    def _switch_data(self, name: str) -> None:
        X = check_X(_datasets.load(name, n_samples=self._n_samples))
        self._X, self._name, self._names = X, _datasets.info(name).name, None
        self._token = data_token(X)
        self._per_sample = None
        if self.seeds.value == "array":
            self.seeds.value = "samples"
        self._seed_array = None
        self.seeds.options = list(_SEED_OPTIONS)
        h0 = default_bandwidth(X, self._suggested())
        lo, hi = bandwidth_range(X, h0)
        b = self.bandwidth
        b.min, b.max = min(b.min, math.log10(lo)), max(b.max, math.log10(hi))
        b.value = h0
        b.min, b.max = math.log10(lo), math.log10(hi)
        if self.dataset is not None and self.dataset.value != self._name:
            self.dataset.value = self._name

    @_guarded("switch that layer")
    def _on_layer(self, name: str, change: dict[str, Any]) -> None:
        self.view.set_layer_visible(name, bool(change["new"]))
        self.surface.set_dynamic(self._dynamic())
        self.surface.redraw()

    @_guarded("explain that update")
    def _on_explain(self, change: dict[str, Any]) -> None:
        self._update_inspector()
        self.surface.update()

    @_guarded("choose that point")
    def _on_click(self, event: Any) -> None:
        if event.inaxes is not self.view.ax or event.xdata is None or event.ydata is None:
            return
        i = nearest_seed(self.view.scene, self.view.step, (event.xdata, event.ydata))
        self.choose_point(i)

    def choose_point(self, seed: int) -> None:
        """Explain the next update of moving point ``seed`` (what a click does)."""
        with self._quiet():
            self.point.value = int(seed)
            self.explain.value = True
        self._update_inspector()
        self.surface.update()

    def _update_inspector(self) -> None:
        if not self.explain.value:
            self.explanation = None
            self._inspector.hide()
            self.explain_text.value = self._explain_hint
            return
        seed = min(int(self.point.value), self.view.scene.n_seeds - 1)
        e = explain_update(self._trace, seed, self.view.step)
        self._inspector.show(inspector_geometry(e, self.view.scene))
        self.explanation = e
        self.explain_text.value = _explanation_html(e)

    def __repr__(self) -> str:
        return f"Explorer({self._trace!r}, step={self.view.step}, backend={self.backend!r})"


# --------------------------------------------------------------------------- the control table
# One entry per control of the explorer (see msviz.interact._base.Control): its widget is
# built, observed, laid out, read back into the run's keywords and set by set_params from
# the entry alone. Table order is the layout's order and the order set_params sets values
# in (the data set first: a new data set resets the bandwidth and the seeds).

#: The explorer's controls, one entry each.
CONTROLS: tuple[Control, ...] = (
    Control("dataset", _make_dataset, set=Explorer._switch_data,
            on_change=Explorer._on_dataset, remakes_view=True),
    Control("bandwidth", _make_bandwidth, "bandwidth", _read_bandwidth, _set_bandwidth,
            on_change=Explorer._on_bandwidth),
    Control("estimate", _make_estimate, on_change=Explorer._on_estimate),
    Control("kernel", _make_kernel, "kernel", _read_kernel, _set_kernel,
            on_change=Explorer._on_params),
    Control("variant", _make_variant, "variant", _read_variant, _set_variant,
            on_change=Explorer._on_params, follow=Explorer._sync_seeds),
    Control("seeds", _make_seeds, "seeds", _read_seeds, _set_seeds,
            on_change=Explorer._on_params),
    Control("explain", _make_explain, on_change=Explorer._on_explain, row="explain"),
    Control("hill", make_hill_toggle, on_change=Explorer._on_hill, row="explain"),
    Control("point", _make_point, on_change=Explorer._on_explain, row="explain",
            after_view=True, css="explain_point"),
)


def explore(
    data: ArrayLike | str | Trace | MeanShift,
    *,
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
    draw: bool = False,
) -> Explorer:
    """Play with mean shift on one data set: step through a run and change it.

    Parameters
    ----------
    data : array-like of shape (n_samples, n_features), str, Trace or MeanShift
        The data (a DataFrame's column names label the axes), the name of a data
        set (see :func:`msviz.datasets.names`; the explorer then offers every data
        set), or a finished run or fitted :class:`msviz.MeanShift` to start from
        (its parameters then replace the run keywords below).
    bandwidth : float, {"scott", "silverman"}, ndarray of shape (n_samples,) or None
        As for :func:`msviz.run_mean_shift`; None: the data set's suggested
        value for the kernel, else :func:`msviz.estimate_bandwidth`.
    kernel : str, Kernel or callable, default="flat"
        A name from :data:`msviz.KERNELS` (every one is offered in the menu),
        a Kernel or a function ``g(u)`` (offered as "custom").
    variant : {"standard", "blurring"}, default="standard"
    seeds : {None, "bin", "grid"} or array-like of shape (n_seeds, n_features)
        Where the moving points start; None: every sample.
    max_iter : int, default=300
    tol : float, default=1e-3
        As for :func:`msviz.run_mean_shift`.
    step : int, default=0
        The step shown first.
    layers : iterable of str or None
        The layers switched on (default: every layer the run has).
    n_samples : int or None
        How many points a named synthetic data set has.
    projection : None, "pca" or (int, int)
        How more than two features are drawn (see :func:`msviz.scene.fit_projection`).
    backend : {"auto", "ipympl", "image"}, default="auto"
        An interactive ipympl canvas, or PNG images; "auto": ipympl under
        ``%matplotlib widget``.
    dpi : float or None
        Default 72: the figure is 828 x 446 pixels.
    cache_size : int, default=16
        How many runs are kept (going back to a setting seen is instant).
    play_interval : int, default=400
        Milliseconds per step when Play runs.
    feature_names : sequence of str, optional
        Names for the axes (default: the DataFrame's or the run's column names).
    draw : bool, default=False
        Let the learner edit the data (2-D only): clicks add points, a drag paints
        a cloud, Erase removes points, with Undo, Clear, cloud and paste boxes (see
        :class:`msviz.interact.drawing.DrawExplorer`). ``explore("draw")`` is an
        empty canvas; ``explore("blobs", draw=True)`` starts from a data set.

    Returns
    -------
    Explorer
        Displays itself; its widgets, view and run are attributes.

    Raises
    ------
    ValueError
        For bad data or parameters of the first run (later problems are shown
        in the explorer, in plain words).
    TypeError
        For a keyword it does not know.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ex = explore("blobs", kernel="gaussian")
    >>> ex.backend, ex.trace.kernel.name
    ('image', 'gaussian')
    >>> ex.slider.value = 2
    >>> ex.view.step
    2

    """
    kwargs: dict[str, Any] = dict(
        bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
        max_iter=max_iter, tol=tol, step=step, layers=layers, n_samples=n_samples,
        projection=projection, backend=backend, dpi=dpi, cache_size=cache_size,
        play_interval=play_interval, feature_names=feature_names,
    )
    if not isinstance(draw, bool):
        raise ValueError(f"draw must be True or False, got {draw!r}")
    if draw or (isinstance(data, str) and data.strip().lower() == "draw"):
        from msviz.interact.drawing import DrawExplorer  # the drawing row is its own module

        return DrawExplorer(data, **kwargs)
    return Explorer(data, **kwargs)

