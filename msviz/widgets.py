"""Play with mean shift: interactive explorers for Jupyter and Voilà.

- :func:`explore` — one run on one persistent figure: a Play button and an
  iteration slider, the bandwidth (with the estimated value one click away), the
  kernel, the variant, the seeds, the data set and the layers; and an "explain
  one update" inspector that shows, for one moving point, its window, the
  samples inside it shaded by weight, the weighted mean and the shift, with the
  numbers.
- :func:`compare` — several runs side by side, one slider and one Play button.
- :func:`scale_space` — the number of modes as the bandwidth grows; choose a
  bandwidth there and the explorer below shows that run.

With ``%matplotlib widget`` (ipympl) the figure is an interactive canvas: a
step change redraws only what moves, and a click on a point explains it.
Without ipympl (inline backend, Voilà without ipympl, exported HTML) the same
widgets show the figure as a PNG image, re-rendered on every change.

Everything slow happens once, in the engine; runs are cached by their
parameters, so going back to a bandwidth is instant.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import msviz
>>> ex = msviz.explore("five_points", bandwidth=3)
>>> ex.slider.value = ex.slider.max
>>> ex.view.step == len(ex.trace) - 1
True

"""

from __future__ import annotations

import contextlib
import functools
import html
import math
import numbers
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz import datasets as _datasets
from msviz._widget_compute import (
    CacheInfo,
    OutcomeSummary,
    RingPicture,
    ScaleSpaceCurve,
    TraceCache,
    UpdateExplanation,
    bandwidth_range,
    check_outcome,
    data_token,
    default_bandwidth,
    explain_update,
    explanation_lines,
    inspector_geometry,
    log_grid,
    mode_counts,
    nearest_seed,
    outcome_summary,
    ring_picture,
    run_key,
    short_status,
)
from msviz._widget_compute import standardise as standardise_features
from msviz._widget_draw import (
    DEFAULT_DPI,
    ConvergenceStrip,
    InspectorArtists,
    OutcomeBars,
    RingWeightsPlot,
    ScaleSpacePlot,
    Surface,
    comparison_layout,
    comparison_legend,
    run_colour,
)
from msviz.draw import style as S
from msviz.draw.view import LAYER_HELP, LAYERS, MeanShiftView
from msviz.engine import ConvergenceWarning, Trace, run_mean_shift
from msviz.engine._checks import check_X
from msviz.engine.bandwidth import estimate_bandwidth, resolve_bandwidth
from msviz.engine.kernels import KERNELS, Kernel, get_kernel
from msviz.scene import N_WINDOWS

# The density image of a live explorer: coarser than a still's, so a new
# bandwidth is drawn quickly.
WIDGET_DENSITY_RESOLUTION = 120

__all__ = [
    "CSS",
    "Comparison",
    "Explorer",
    "OutcomeByCluster",
    "RingWeights",
    "ScaleSpace",
    "UpdateExplanation",
    "compare",
    "explain_update",
    "explore",
    "outcome_by_cluster",
    "explore_ring_weights",
    "scale_space",
]

#: CSS classes of the widgets (stable hooks for browser tests and styling).
CSS: dict[str, str] = {
    "explorer": "msviz-explorer",
    "comparison": "msviz-compare",
    "scale_space": "msviz-scale-space",
    "play": "msviz-play",
    "slider": "msviz-iteration-slider",
    "step_label": "msviz-step-label",
    "canvas": "msviz-canvas",
    "scale_canvas": "msviz-scale-canvas",
    "scale_grid": "msviz-scale-grid",
    "bandwidth": "msviz-bandwidth",
    "estimate": "msviz-estimate",
    "kernel": "msviz-kernel",
    "variant": "msviz-variant",
    "seeds": "msviz-seeds",
    "dataset": "msviz-dataset",
    "layers": "msviz-layers",
    "layer": "msviz-layer",  # plus msviz-layer-<name> on each toggle
    "explain": "msviz-explain",
    "explain_point": "msviz-explain-point",
    "explain_text": "msviz-explain-text",
    "messages": "msviz-messages",
    "ring_weights": "msviz-ring-weights",
    "ring_canvas": "msviz-ring-canvas",
    "ring_centroid": "msviz-ring-centroid",
    "ring_shift": "msviz-ring-shift",
    "ring_count": "msviz-ring-count",
    "outcome": "msviz-outcome",
    "outcome_canvas": "msviz-outcome-canvas",
    "outcome_standardise": "msviz-outcome-standardise",
}

#: Figure size of the explorer, in inches (the view's own layout).
FIGSIZE = S.FIGSIZE
#: Milliseconds between steps when Play runs.
PLAY_INTERVAL = 400

_KERNEL_OPTIONS = [("flat", "flat"), ("Epanechnikov", "epanechnikov"), ("Gaussian", "gaussian")]
_VARIANT_OPTIONS = [("standard", "standard"), ("blurring", "blurring")]
_SEED_OPTIONS = [("every sample", "samples"), ("bin seeding", "bin"), ("grid", "grid")]
_RUN_KEYS = ("bandwidth", "kernel", "variant", "seeds", "max_iter", "tol")

_F = TypeVar("_F", bound=Callable[..., Any])


# --------------------------------------------------------------------------- messages


def _plain_error(action: str, exc: BaseException) -> tuple[str, bool]:
    """A sentence for learners, and whether it was an expected (input) problem."""
    text = str(exc).strip().rstrip(".")
    if isinstance(exc, ImportError):
        return (f"Could not {action}: {text}. The real data sets need optional packages: "
                'pip install "msviz[data]".'), True
    if isinstance(exc, (ValueError, TypeError, IndexError)) and text:
        return f"Could not {action}: {text}.", True
    name = type(exc).__name__
    return (f"Something went wrong while trying to {action} ({name}: {text or 'no message'}). "
            "The explorer keeps working: try another value."), False


def _message_html(kind: str, text: str, detail: str = "") -> str:
    colour, background, title = {
        "error": (S.VERMILLION, "#FBEDE5", "Oops"),
        "note": (S.BLUE, "#EAF2F8", "Note"),
    }[kind]
    body = html.escape(text)
    extra = ""
    if detail:
        extra = (
            "<details style='margin-top:3px'><summary style='cursor:pointer;color:#555'>"
            "details for the teacher</summary><pre style='font-size:11px;white-space:pre-wrap'>"
            f"{html.escape(detail)}</pre></details>"
        )
    return (
        f"<div style='border-left:4px solid {colour};background:{background};"
        f"padding:5px 10px;margin:2px 0;font-size:13px;line-height:1.4;color:#1A1A1A'>"
        f"<b>{title}:</b> {body}{extra}</div>"
    )


class _Messages:
    """Plain-word notes and errors in an ``ipywidgets.Output`` area.

    The Output's ``outputs`` are set directly (a trait update): no output
    capturing, which can stall headless notebook execution.
    """

    def __init__(self, output: widgets.Output) -> None:
        self.output = output
        self.history: list[tuple[str, str]] = []

    def set(self, items: Sequence[tuple[str, str]], detail: str = "") -> None:
        outs = []
        for j, (kind, text) in enumerate(items):
            last = j == len(items) - 1
            outs.append({
                "output_type": "display_data",
                "data": {
                    "text/plain": f"{'Note' if kind == 'note' else 'Oops'}: {text}",
                    "text/html": _message_html(kind, text, detail if last else ""),
                },
                "metadata": {},
            })
        self.output.outputs = tuple(outs)
        self.history.extend(items)
        del self.history[:-50]

    def clear(self) -> None:
        if self.output.outputs:
            self.output.outputs = ()

    @property
    def text(self) -> str:
        """Everything shown now, as plain text."""
        return "\n".join(o["data"]["text/plain"] for o in self.output.outputs)


def _guarded(action: str) -> Callable[[_F], _F]:
    """Run a callback; on an exception show it in plain words and keep going."""

    def decorate(fn: _F) -> _F:
        @functools.wraps(fn)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - shown to the learner instead
                self._report(action, exc)
                return None

        return wrapper  # type: ignore[return-value]

    return decorate


class _Base:
    """What explorers share: quiet updates, error reporting and display."""

    widget: widgets.Box
    surface: Surface
    output: widgets.Output
    _messages: _Messages

    def __init__(self) -> None:
        self._busy = 0
        self.errors: list[BaseException] = []

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Change widgets from Python without their observers reacting."""
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1

    def _report(self, action: str, exc: BaseException, extra: str = "") -> None:
        self.errors.append(exc)
        del self.errors[:-20]
        text, expected = _plain_error(action, exc)
        if extra:
            text = f"{text} {extra}"
        detail = "" if expected else "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__)
        )
        self._messages.set([("error", text)], detail=detail)

    @property
    def messages(self) -> str:
        """The notes and errors shown now, as plain text."""
        return self._messages.text

    @property
    def backend(self) -> str:
        """How the figure is shown: "ipympl" (interactive canvas) or "image" (PNG)."""
        return self.surface.mode

    @property
    def canvas(self) -> widgets.DOMWidget:
        """The widget showing the figure (an ipympl ``Canvas`` or an ``Image``)."""
        return self.surface.widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget (the figure goes with the object)."""
        for child in _walk(self.widget):
            child.close()


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _style_toggle(toggle: widgets.ToggleButton) -> None:
    """A layer toggle: a tick when on, greyed when off."""
    toggle.icon = "check" if toggle.value else ""
    toggle.style.text_color = "#1A1A1A" if toggle.value else "#8A8A8A"


def _widen_log_slider(slider: Any, h: float) -> None:
    """Widen a log slider's range (by a tenth of a decade) so that it holds ``h``."""
    if h < 10.0 ** slider.min:
        slider.min = math.log10(h) - 0.1
    if h > 10.0 ** slider.max:
        slider.max = math.log10(h) + 0.1


def _label_html(text: str) -> str:
    return f"<span style='font-size:14px;white-space:nowrap'>{html.escape(text)}</span>"


def _row(children: Sequence[widgets.Widget], *, wrap: bool = True, **layout: str) -> widgets.HBox:
    options = dict(flex_flow="row wrap" if wrap else "row nowrap", align_items="center",
                   grid_gap="4px 14px", width="100%")
    options.update(layout)
    return widgets.HBox(list(children), layout=widgets.Layout(**options))


def _transport(
    n_last: int, value: int, interval: int
) -> tuple[widgets.Play, widgets.IntSlider, widgets.HTML, Any]:
    play = widgets.Play(
        value=value, min=0, max=n_last, step=1, interval=int(interval), description="play",
        tooltip="play the run step by step (runs in the browser)",
        layout=widgets.Layout(width="auto", flex="0 0 auto"),
    )
    slider = widgets.IntSlider(
        value=value, min=0, max=n_last, step=1, description="step", continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(flex="1 1 260px", min_width="220px", max_width="460px"),
    )
    # Play ticks in the browser, even while the kernel is busy.
    link = widgets.jslink((play, "value"), (slider, "value"))
    label = widgets.HTML(layout=widgets.Layout(flex="0 1 auto"))
    play.add_class(CSS["play"])
    slider.add_class(CSS["slider"])
    label.add_class(CSS["step_label"])
    return play, slider, label, link


def _set_range(play: widgets.Play, slider: widgets.IntSlider, last: int, value: int) -> None:
    """Set the slider's (and Play's) last step and value, in an order traitlets accepts."""
    value = min(max(value, 0), last)
    for w in (slider, play):
        if last >= w.value:
            w.max = last
            w.value = value
        else:
            w.value = value
            w.max = last


def _convergence_note(trace: Trace) -> str:
    last = trace[-1]
    left = int(np.count_nonzero(~np.asarray(last.converged)))
    n = int(last.positions.shape[0])
    slow = " The Gaussian kernel slows to a crawl near a bandwidth where two modes merge." \
        if trace.kernel.name == "gaussian" else ""
    return (
        f"Not every point stopped within max_iter = {trace.max_iter} updates ({left} of {n} "
        f"were still moving), so the last step is not a finished clustering.{slow} Try a "
        "larger max_iter or tol, or another bandwidth."
    )


def _run_traced(X: NDArray[np.float64], params: Mapping[str, Any]) -> tuple[Trace, tuple[str, ...]]:
    """Run mean shift (through this module's ``run_mean_shift``) and collect notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        trace = run_mean_shift(X, **params)
    notes: list[str] = []
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            notes.append(_convergence_note(trace))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return trace, tuple(dict.fromkeys(notes))


def _load_data(
    data: ArrayLike | str | Trace, n_samples: int | None
) -> tuple[NDArray[np.float64], str | None, Trace | None]:
    if isinstance(data, Trace):
        return np.asarray(data.X, dtype=np.float64), None, data
    if isinstance(data, str):
        X = _datasets.load(data, n_samples=n_samples)
        return check_X(X), _datasets.info(data).name, None
    return check_X(data), None, None


def _feature_names(name: str | None, n_features: int) -> tuple[str, ...] | None:
    if name is None or n_features <= 2:
        return None
    names = _datasets.info(name).feature_names
    return tuple(names) if len(names) == n_features else None


def _kernel_label(kernel: object) -> str:
    k = get_kernel(kernel)  # type: ignore[arg-type]
    return {"flat": "flat", "epanechnikov": "Epanechnikov", "gaussian": "Gaussian"}.get(
        k.name, k.name
    )


# --------------------------------------------------------------------------- explorer


class Explorer(_Base):
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

    """

    def __init__(
        self,
        data: ArrayLike | str | Trace,
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
    ) -> None:
        super().__init__()
        self._cache = TraceCache(cache_size)
        self._listeners: list[Callable[[Explorer], None]] = []
        self._projection = projection
        self._X, self._name, given = _load_data(data, n_samples)
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
        self._max_iter, self._tol = max_iter, tol

        # -- the parameters as widget values
        kernel_value, kernel_options = self._kernel_choice(kernel)
        seeds_value, seed_options = self._seeds_choice(seeds)
        if bandwidth is not None and not isinstance(bandwidth, str) \
                and np.ndim(bandwidth) == 1:  # type: ignore[arg-type]
            self._per_sample = resolve_bandwidth(bandwidth, self._X)  # type: ignore[assignment]
            h0 = float(np.median(self._per_sample))  # type: ignore[arg-type]
        elif bandwidth is None:
            h0 = default_bandwidth(self._X, self._suggested())
        else:
            h0 = float(resolve_bandwidth(bandwidth, self._X))  # type: ignore[arg-type]
        lo, hi = bandwidth_range(self._X, h0)
        self.bandwidth = widgets.FloatLogSlider(
            value=h0, base=10, min=math.log10(lo), max=math.log10(hi), step=0.01,
            description="bandwidth h", readout_format=".3g", continuous_update=False,
            style={"description_width": "initial"},
            tooltip="the window radius h (for the Gaussian kernel its standard deviation)",
            layout=widgets.Layout(width="330px"),
        )
        self.estimate = widgets.Button(
            description="estimate h", icon="magic",
            tooltip="set h with scikit-learn's rule (msviz.estimate_bandwidth)",
            layout=widgets.Layout(width="auto"),
        )
        self.kernel = widgets.Dropdown(
            options=kernel_options, value=kernel_value, description="kernel",
            style={"description_width": "initial"}, layout=widgets.Layout(width="175px"),
        )
        self.variant = widgets.Dropdown(
            options=_VARIANT_OPTIONS, value=str(variant).strip().lower(), description="variant",
            style={"description_width": "initial"}, layout=widgets.Layout(width="175px"),
        )
        self.seeds = widgets.Dropdown(
            options=seed_options, value=seeds_value, description="seeds",
            style={"description_width": "initial"}, layout=widgets.Layout(width="185px"),
            disabled=self.variant.value == "blurring",
        )
        self.dataset: widgets.Dropdown | None = None
        if self._name is not None:
            names = _datasets.names(installed_only=True)
            if self._name not in names:
                names.append(self._name)
            self.dataset = widgets.Dropdown(
                options=names, value=self._name, description="data",
                style={"description_width": "initial"}, layout=widgets.Layout(width="190px"),
            )

        # -- the first run (errors here are raised: nothing is on screen yet)
        if given is not None:
            trace = given
            if type(given) is not Trace:  # recorded by another algorithm (a subclass)
                notes = (
                    f"This run was recorded by {type(given).__name__}; changing a parameter "
                    "shows msviz's mean shift on the same data instead.",
                )
            self._cache.put(run_key(self._token, self._params()), (given, notes))
        else:
            trace, notes = self._cache.get(
                run_key(self._token, self._params()), lambda: _run_traced(self._X, self._params())
            )
        self._trace = trace

        # -- the figure and the view
        self._dpi = float(dpi) if dpi is not None else DEFAULT_DPI
        self.surface = Surface(FIGSIZE, self._dpi, backend, CSS["canvas"])
        self.fig = self.surface.fig
        wanted = None if layers is None else list(layers)
        self.layer_toggles: dict[str, widgets.ToggleButton] = {}
        for name in LAYERS:
            toggle = widgets.ToggleButton(
                value=True if wanted is None else name in wanted, description=name,
                tooltip=LAYER_HELP.get(name, name),
                layout=widgets.Layout(width="auto", padding="0 6px"),
            )
            toggle.style.font_size = "12px"
            toggle.add_class(CSS["layer"])
            toggle.add_class(f"{CSS['layer']}-{name}")
            _style_toggle(toggle)
            toggle.observe(lambda change: _style_toggle(change["owner"]), names="value")
            self.layer_toggles[name] = toggle
        self._make_view(trace, 0)
        start = self.view.scene.check_step(step)

        # -- the controls
        self.play, self.slider, self.step_label, self.link = _transport(
            self.view.scene.last, start, play_interval
        )
        self.explain = widgets.ToggleButton(
            value=False, description="explain one update", icon="search",
            tooltip="show how one moving point's next position is computed",
            layout=widgets.Layout(width="auto"),
        )
        n_seeds = self.view.scene.n_seeds
        first = int(self.view.scene.highlight[0]) if self.view.scene.highlight.size else 0
        self.point = widgets.BoundedIntText(
            value=first, min=0, max=max(n_seeds - 1, 0), description="point",
            style={"description_width": "initial"}, layout=widgets.Layout(width="140px"),
        )
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
        for w, key in ((self.bandwidth, "bandwidth"), (self.estimate, "estimate"),
                       (self.kernel, "kernel"), (self.variant, "variant"), (self.seeds, "seeds"),
                       (self.explain, "explain"), (self.point, "explain_point"),
                       (self.explain_text, "explain_text"), (self.output, "messages")):
            w.add_class(CSS[key])
        if self.dataset is not None:
            self.dataset.add_class(CSS["dataset"])

        # -- wiring
        self.slider.observe(self._on_step, names="value")
        self.bandwidth.observe(self._on_bandwidth, names="value")
        self.kernel.observe(self._on_params, names="value")
        self.variant.observe(self._on_variant, names="value")
        self.seeds.observe(self._on_params, names="value")
        self.estimate.on_click(self._on_estimate)
        if self.dataset is not None:
            self.dataset.observe(self._on_dataset, names="value")
        for name, toggle in self.layer_toggles.items():
            toggle.observe(functools.partial(self._on_layer, name), names="value")
        self.explain.observe(self._on_explain, names="value")
        self.point.observe(self._on_explain, names="value")
        if self.backend == "ipympl":
            self.fig.canvas.mpl_connect("button_press_event", self._on_click)

        # -- layout
        self.layers_box = _row(
            [widgets.HTML("<b>show</b>"), *self.layer_toggles.values()], grid_gap="4px 4px"
        )
        self.layers_box.add_class(CSS["layers"])
        params = [self.bandwidth, self.estimate, self.kernel, self.variant, self.seeds]
        if self.dataset is not None:
            params.insert(0, self.dataset)
        self.widget = widgets.VBox(
            [
                _row([self.play, self.slider, self.step_label], wrap=False),
                _row(params),
                self.layers_box,
                self.output,
                self.canvas,
                _row([self.explain, self.point]),
                self.explain_text,
            ],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["explorer"])

        # -- first picture
        self._apply_layers()
        self.view.show_step(start)
        self._refresh()
        if notes:
            self._messages.set([("note", n) for n in notes])
        self.surface.show_first()

    # ---------------------------------------------------------------- parameters
    def _suggested(self) -> float | None:
        return None if self._name is None else _datasets.info(self._name).suggested_bandwidth

    def _kernel_choice(self, kernel: object) -> tuple[str, list[tuple[str, str]]]:
        options = list(_KERNEL_OPTIONS)
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
        variant = self.variant.value
        seeds: Any = {"samples": None, "bin": "bin", "grid": "grid"}.get(self.seeds.value,
                                                                          self._seed_array)
        if variant == "blurring":
            seeds = None  # the blurring variant moves the data itself
        kernel: Any = self._custom_kernel if self.kernel.value == "custom" else self.kernel.value
        h: Any = self._per_sample if self._per_sample is not None else float(self.bandwidth.value)
        return dict(bandwidth=h, kernel=kernel, variant=variant, seeds=seeds,
                    max_iter=self._max_iter, tol=self._tol)

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
            feature_names=_feature_names(self._name, trace.X.shape[1]),
            density_resolution=WIDGET_DENSITY_RESOLUTION,
        )
        self._apply_layers(draw=False)
        self.view.plot(min(step, self.view.n_steps - 1))
        self._inspector = InspectorArtists(self.view.ax)

    def _apply_layers(self, draw: bool = False) -> None:
        available = set(self.view.available_layers)
        for name, toggle in self.layer_toggles.items():
            toggle.disabled = name not in available
        wanted = [n for n, t in self.layer_toggles.items() if t.value and n in available]
        self.view.set_layers(wanted)

    def _dynamic(self) -> list[Any]:
        return [*self.view.show_step(self.view.step), *self._inspector.artists]

    def _refresh(self) -> None:
        """Label, inspector and dynamic artists after the view changed."""
        self.step_label.value = _label_html(self.view.scene.step_label(self.view.step))
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
            _set_range(self.play, self.slider, self.view.scene.last, step)
            self.point.max = max(self.view.scene.n_seeds - 1, 0)
        self._trace = trace
        self._refresh()
        self.surface.redraw()
        if notes:
            self._messages.set([("note", n) for n in notes])
        else:
            self._messages.clear()
        for callback in list(self._listeners):
            callback(self)

    def _describe(self, params: Mapping[str, Any]) -> str:
        h = params["bandwidth"]
        h_text = "per-sample h" if np.ndim(h) else f"h = {float(h):.3g}"
        return f"{h_text}, {_kernel_label(params['kernel'])} kernel, {params['variant']} variant"

    def _recompute(self, *, rebuild: bool = False) -> bool:
        params = self._params()
        key = run_key(self._token, params)
        try:
            trace, notes = self._cache.get(key, lambda: _run_traced(self._X, params))
        except Exception as exc:  # noqa: BLE001 - shown to the learner
            self._report(
                f"run mean shift with {self._describe(params)}", exc,
                extra=f"The picture still shows the last run ({self._describe_trace()}).",
            )
            return False
        self._show_trace(trace, notes, rebuild)
        return True

    def _describe_trace(self) -> str:
        t = self._trace
        h = "per-sample h" if np.ndim(t.bandwidth) else f"h = {float(t.bandwidth):.3g}"  # type: ignore[arg-type]
        return f"{h}, {_kernel_label(t.kernel)} kernel, {t.variant} variant"

    # ---------------------------------------------------------------- callbacks
    @_guarded("show that step")
    def _on_step(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self.show_step(int(change["new"]))

    def show_step(self, step: int) -> None:
        """Show ``step`` (what the slider does): setters and a redraw of what moved."""
        k = self.view.scene.check_step(step)
        self.view.show_step(k)
        self.step_label.value = _label_html(self.view.scene.step_label(k))
        self._update_inspector()
        self.surface.update()
        if self.slider.value != k:
            with self._quiet():
                self.slider.value = k

    @_guarded("change the bandwidth")
    def _on_bandwidth(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self._per_sample = None
        self._recompute()

    @_guarded("change the parameters")
    def _on_params(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self._recompute()

    @_guarded("change the variant")
    def _on_variant(self, change: dict[str, Any]) -> None:
        self.seeds.disabled = change["new"] == "blurring"
        self.seeds.tooltip = ("the blurring variant moves the data itself: it has no seeds"
                              if self.seeds.disabled else "where the moving points start")
        if self._busy:
            return
        self._recompute()

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

        Keywords: ``bandwidth``, ``kernel``, ``variant``, ``seeds`` (None,
        "bin", "grid") and ``dataset``.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ex = explore("blobs")
        >>> ex.set_params(kernel="gaussian", bandwidth=1.5)
        >>> ex.trace.kernel.name, ex.trace.bandwidth
        ('gaussian', 1.5)

        """
        unknown = set(params) - {"bandwidth", "kernel", "variant", "seeds", "dataset"}
        if unknown:
            raise ValueError(f"unknown parameters {sorted(unknown)}; use bandwidth, kernel, "
                             "variant, seeds or dataset")
        rebuild = False
        with self._quiet():
            if "dataset" in params:
                self._switch_data(params["dataset"])
                rebuild = True
            if "kernel" in params:
                value, _ = self._kernel_choice(params["kernel"])
                self.kernel.value = value
            if "variant" in params:
                self.variant.value = str(params["variant"]).strip().lower()
            if "seeds" in params:
                seeds = params["seeds"]
                self.seeds.value = "samples" if seeds is None else str(seeds)
            if "bandwidth" in params:
                h = float(params["bandwidth"])
                self._per_sample = None
                _widen_log_slider(self.bandwidth, h)
                self.bandwidth.value = h
        if not self._recompute(rebuild=rebuild):
            raise ValueError(self._messages.text)

    @_guarded("load that data set")
    def _on_dataset(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
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
        self._X, self._name = X, _datasets.info(name).name
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
        if self._busy:
            return
        self.view.set_layer_visible(name, bool(change["new"]))
        self.surface.set_dynamic(self._dynamic())
        self.surface.redraw()

    @_guarded("explain that update")
    def _on_explain(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
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


def _explanation_html(e: UpdateExplanation) -> str:
    lines = explanation_lines(e)
    head, rest = lines[0], lines[1:]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
    verdict = S.BLUE if e.stops else S.VERMILLION
    return (
        f"<div style='border-left:4px solid #7A2E5F;padding:2px 10px;font-size:13px;"
        f"line-height:1.45'><b>{html.escape(head)}</b>"
        f"<ul style='margin:2px 0 0 0;padding-left:18px'>{items}</ul>"
        f"<span style='color:{verdict}'>■</span> "
        "<span style='color:#555'>In the picture: the window (purple ring), the samples "
        "inside shaded by weight, the weighted mean (+) and the shift (arrow).</span></div>"
    )


def explore(data: ArrayLike | str | Trace, **params: Any) -> Explorer:
    """Play with mean shift on one data set: step through a run and change it.

    Parameters
    ----------
    data : array-like of shape (n_samples, n_features), str or Trace
        The data, the name of a data set (see :func:`msviz.datasets.names`;
        the explorer then offers every data set), or a finished run to start
        from.
    **params
        ``bandwidth`` (float, "scott", "silverman", per-sample array or None
        for the data set's suggested value or the estimate), ``kernel``,
        ``variant``, ``seeds``, ``max_iter``, ``tol`` as for
        :func:`msviz.run_mean_shift`; and ``step`` (the step shown first),
        ``layers`` (the layers switched on), ``n_samples`` (for a named data
        set), ``projection`` (for more than two features), ``backend``
        ("auto", "ipympl" or "image"), ``dpi`` (default 72: the figure is
        828 x 446 pixels), ``cache_size`` (runs kept, default 16) and
        ``play_interval`` (milliseconds per step, default 400).

    Returns
    -------
    Explorer
        Displays itself; its widgets, view and run are attributes.

    Raises
    ------
    ValueError
        For bad data or parameters of the first run (later problems are shown
        in the explorer, in plain words).

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
    return Explorer(data, **params)


# --------------------------------------------------------------------------- compare


# The lesson's from-scratch methods (msviz.course.classic), named in panel titles.
_METHOD_WORDS = {"ring_weighted": "ring-weighted (lesson)", "fixed_radius": "fixed radius (lesson)"}


def _windows_fit(trace: Trace) -> bool:
    """Whether drawing the windows of ``trace`` shows anything about the run.

    Not for the lesson's ring-weighted method (its "window" is the reach of the
    weights, |mean(X)|, set by where the origin is), nor for windows wider than
    the whole data (they would shrink the data to a speck in the panel).
    """
    if getattr(trace, "method", None) == "ring_weighted":
        return False
    X = np.asarray(trace.X, dtype=np.float64)
    diagonal = float(np.sqrt(np.sum(np.ptp(X, axis=0) ** 2))) if X.size else 0.0
    h = float(np.max(np.asarray(trace.bandwidths, dtype=np.float64)))
    return not (diagonal > 0 and h > diagonal)


def _run_title(
    params: Mapping[str, Any], varying: Sequence[str], *, labelled: bool = False
) -> tuple[str, str]:
    """A panel title from the parameters that differ, and a line with the others.

    With ``labelled`` (the caller names the panel) the line holds all of them.
    """

    def word(key: str) -> str:
        value = params[key]
        if key == "bandwidth":
            return "per-sample h" if np.ndim(value) else f"h = {float(value):.3g}"
        if key == "kernel":
            return f"{_kernel_label(value)} kernel"
        if key == "variant":
            if value in _METHOD_WORDS:
                return _METHOD_WORDS[value]
            return "blurring" if value == "blurring" else "standard"
        if key == "seeds":
            return {None: "every sample", "bin": "bin seeding", "grid": "grid seeds"}.get(
                value if isinstance(value, str) or value is None else "array", "given seeds"
            )
        return f"{key} = {value:g}" if isinstance(value, float) else f"{key} = {value}"

    lesson = params.get("variant") in _METHOD_WORDS  # its method implies its kernel
    shown = [k for k in varying if not (lesson and k in ("kernel", "tol", "max_iter"))]
    main = " · ".join(word(k) for k in shown) if shown else "run"
    every = " · ".join(word(k) for k in ("kernel", "bandwidth", "variant")
                       if (labelled or k not in varying) and not (lesson and k == "kernel"))
    return main, every


class Comparison(_Base):
    """Several runs side by side with one slider and one Play (made by :func:`compare`).

    Attributes
    ----------
    widget : ipywidgets.VBox
    play : ipywidgets.Play
    slider : ipywidgets.IntSlider
        Steps 0 to the longest run's last; shorter runs hold their last step.
    step_label : ipywidgets.HTML
    output : ipywidgets.Output
    views : list of MeanShiftView
    traces : list of Trace
    titles : list of str
    surface : Surface

    """

    def __init__(
        self,
        data: ArrayLike | str | None,
        runs: Sequence[Mapping[str, Any] | Trace],
        *,
        labels: Sequence[str] | None = None,
        convergence: bool = True,
        step: int = 0,
        n_samples: int | None = None,
        projection: Any = None,
        backend: str = "auto",
        dpi: float | None = None,
        play_interval: int = PLAY_INTERVAL,
        **common: Any,
    ) -> None:
        super().__init__()
        if isinstance(runs, (Mapping, Trace)) or not isinstance(runs, Sequence) or not runs:
            raise ValueError(
                "runs must be a list of parameter dicts (or Traces), e.g. "
                "[{'kernel': 'flat'}, {'kernel': 'gaussian'}]"
            )
        bad = set(common) - set(_RUN_KEYS)
        if bad:
            raise ValueError(f"unknown keywords {sorted(bad)}; the run keywords are "
                             f"{', '.join(_RUN_KEYS)}")
        name: str | None = None
        X: NDArray[np.float64] | None = None
        if data is not None:
            X, name, given = _load_data(data, n_samples)
            if given is not None:
                raise TypeError("compare takes data (an array or a data-set name), not a Trace; "
                                "put Traces in the runs list")
        suggested = None if name is None else _datasets.info(name).suggested_bandwidth
        self.traces: list[Trace] = []
        all_params: list[dict[str, Any]] = []
        notes: list[str] = []
        default_h: float | None = None
        for j, run in enumerate(runs):
            if isinstance(run, Trace):
                trace = run
                # A run of the lesson's code (msviz.course.classic) is named by its method.
                variant = getattr(run, "method", None) or run.variant
                p = dict(bandwidth=run.bandwidth, kernel=run.kernel, variant=variant,
                         seeds=None if run.seeds == "samples" else run.seeds,
                         max_iter=run.max_iter, tol=run.tol)
            elif isinstance(run, Mapping):
                bad = set(run) - set(_RUN_KEYS)
                if bad:
                    raise ValueError(f"run {j} has unknown keywords {sorted(bad)}; use "
                                     f"{', '.join(_RUN_KEYS)}")
                if X is None:
                    raise ValueError("pass data to compare runs given as parameter dicts")
                p = dict(kernel="flat", variant="standard", seeds=None, max_iter=300, tol=1e-3)
                p.update(common)
                p.update(run)
                if p.get("bandwidth") is None:
                    if default_h is None:
                        default_h = default_bandwidth(X, suggested)
                    p["bandwidth"] = default_h
                trace, run_notes = _run_traced(X, p)
                notes += [f"Run {j + 1}: {n}" for n in run_notes]
            else:
                raise TypeError(f"run {j} must be a dict of parameters or a Trace, "
                                f"got {type(run).__name__}")
            self.traces.append(trace)
            all_params.append(p)
        varying = [k for k in ("kernel", "variant", "bandwidth", "seeds", "max_iter", "tol")
                   if len({_param_key(k, p[k]) for p in all_params}) > 1]
        titles = [_run_title(p, varying, labelled=labels is not None) for p in all_params]
        if labels is not None:
            if len(labels) != len(self.traces):
                raise ValueError(f"labels has {len(labels)} entries for {len(self.traces)} runs")
            titles = [(str(lab), sub) for lab, (_, sub) in zip(labels, titles, strict=True)]
        self.titles = [t for t, _ in titles]

        # -- figure
        figsize, rects, strip_rect, legend_y = comparison_layout(len(self.traces),
                                                                 strip=convergence)
        self._dpi = float(dpi) if dpi is not None else DEFAULT_DPI
        self.surface = Surface(figsize, self._dpi, backend, CSS["canvas"])
        self.fig = self.surface.fig
        self.views: list[MeanShiftView] = []
        self._status: list[Any] = []
        for j, (trace, rect) in enumerate(zip(self.traces, rects, strict=True)):
            ax = self.fig.add_axes(rect)
            view = MeanShiftView(trace, ax=ax, title=False, legend=False, projection=projection,
                                 n_windows=N_WINDOWS if _windows_fit(trace) else 0)
            if "label" in view.available_layers:
                view.set_layer_visible("label", False)
            view.plot(0)
            main, sub = titles[j]
            ax.set_title(main, loc="left", fontsize=S.TITLE_SIZE - 1, color=run_colour(j),
                         fontweight="bold", pad=19)
            ax.annotate(sub, xy=(0.0, 1.0), xycoords="axes fraction", xytext=(0, 4),
                        textcoords="offset points", ha="left", va="bottom",
                        fontsize=S.TICK_SIZE, color="#4D4D4D")
            self._status.append(ax.text(
                0.02, 0.98, "", transform=ax.transAxes, ha="left", va="top",
                fontsize=S.TICK_SIZE, color=S.TEXT, zorder=6,
                bbox=dict(boxstyle="round,pad=0.3", facecolor=S.WHITE, edgecolor="#BDBDBD",
                          linewidth=0.8),
            ))
            self.views.append(view)
        comparison_legend(self.fig, legend_y)
        self.strip: ConvergenceStrip | None = None
        if strip_rect is not None:
            self.strip = ConvergenceStrip(self.fig.add_axes(strip_rect))
            self.strip.plot([v.scene for v in self.views], self.titles)
        self.last = max(v.scene.last for v in self.views)

        # -- widgets
        start = min(max(int(step), 0), self.last)
        self.play, self.slider, self.step_label, self.link = _transport(
            self.last, start, play_interval
        )
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.output.add_class(CSS["messages"])
        self._messages = _Messages(self.output)
        self.slider.observe(self._on_step, names="value")
        self.widget = widgets.VBox(
            [_row([self.play, self.slider, self.step_label], wrap=False), self.output,
             self.canvas],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["comparison"])
        self._set_artists(start)
        dynamic: list[Any] = list(self._status)
        for view in self.views:
            dynamic += view.show_step(view.step)
        if self.strip is not None:
            dynamic += self.strip.dynamic
        self.surface.set_dynamic(dynamic)
        if notes:
            self._messages.set([("note", n) for n in notes])
        self.surface.show_first()

    def _set_artists(self, k: int) -> None:
        finished = 0
        for view, status in zip(self.views, self._status, strict=True):
            j = min(k, view.scene.last)
            finished += k >= view.scene.last
            view.show_step(j)
            status.set_text(short_status(view.scene, j, k))
        if self.strip is not None:
            self.strip.set_step(k)
        runs = len(self.views)
        self.step_label.value = _label_html(
            f"step {k} / {self.last} · {finished} of {runs} runs finished"
        )

    @_guarded("show that step")
    def _on_step(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self.show_step(int(change["new"]))

    def show_step(self, step: int) -> None:
        """Show ``step`` in every panel (a shorter run holds its last step)."""
        k = min(max(int(step), 0), self.last)
        self._set_artists(k)
        self.surface.update()
        if self.slider.value != k:
            with self._quiet():
                self.slider.value = k

    def __repr__(self) -> str:
        return f"Comparison({len(self.views)} runs, titles={self.titles!r})"


def _param_key(key: str, value: Any) -> Any:
    if key == "bandwidth":
        return "array" if np.ndim(value) else float(f"{float(value):.12g}")
    if key == "kernel":
        k = get_kernel(value)
        return k.name if k.name in KERNELS and KERNELS[k.name] is k else id(k)
    if key == "seeds" and value is not None and not isinstance(value, str):
        return data_token(np.asarray(value, dtype=np.float64))
    return value


def compare(
    data: ArrayLike | str | None,
    runs: Sequence[Mapping[str, Any] | Trace],
    **params: Any,
) -> Comparison:
    """Show several runs side by side, stepped by one slider and one Play button.

    Parameters
    ----------
    data : array-like of shape (n_samples, n_features), str or None
        The data or a data-set name (None if every run is a Trace).
    runs : list of dict or Trace
        Each dict holds keywords of :func:`msviz.run_mean_shift` (bandwidth,
        kernel, variant, seeds, max_iter, tol) that override the common ones.
    **params
        Common run keywords, and ``labels`` (panel titles; default: the
        parameters that differ), ``convergence`` (draw the largest shift of
        every run on one axis, default True), ``step``, ``n_samples``,
        ``projection``, ``backend``, ``dpi`` and ``play_interval`` as for
        :func:`explore`.

    Returns
    -------
    Comparison
        Displays itself. The slider runs to the longest run's last step;
        shorter runs hold their last step.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> cmp = compare("blobs", [{"kernel": "flat"}, {"kernel": "gaussian"}], bandwidth=2.0)
    >>> cmp.titles
    ['flat kernel', 'Gaussian kernel']
    >>> cmp.slider.value = cmp.slider.max
    >>> [v.step for v in cmp.views] == [len(t) - 1 for t in cmp.traces]
    True

    """
    return Comparison(data, runs, **params)


# --------------------------------------------------------------------------- scale space


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
        data: ArrayLike | str | Trace,
        *,
        bandwidths: ArrayLike | None = None,
        n_bandwidths: int = 40,
        backend: str = "auto",
        dpi: float | None = None,
        **params: Any,
    ) -> None:
        super().__init__()
        self.explorer = Explorer(data, backend=backend, dpi=dpi, **params)
        self._given = None if bandwidths is None else np.sort(
            np.asarray(bandwidths, dtype=np.float64).reshape(-1)
        )
        self._n = int(n_bandwidths)
        self._curves: dict[Any, tuple[ScaleSpaceCurve, float | None]] = {}
        self.curve, self.estimated = self._compute()
        self._snap_first_run(given=isinstance(data, Trace))

        d = float(dpi) if dpi is not None else DEFAULT_DPI
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
            curve = mode_counts(ex.X, hs, runner=_run_quietly, **p)
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
        h = float(self.explorer.trace.bandwidth) if np.ndim(self.explorer.trace.bandwidth) == 0 \
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
        if self._busy:
            return
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


def _run_quietly(X: Any, **params: Any) -> Trace:
    return run_mean_shift(X, **params)


def scale_space(data: ArrayLike | str | Trace, **params: Any) -> ScaleSpace:
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
    **params
        ``bandwidths`` (the grid; default 40 values, see ``n_bandwidths``),
        ``n_bandwidths``, and every keyword of :func:`explore`.

    Returns
    -------
    ScaleSpace
        Displays itself.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ss = scale_space("five_points", n_bandwidths=5)
    >>> ss.curve.n_modes.tolist()
    [5, 5, 2, 1, 1]

    """
    return ScaleSpace(data, **params)


# --------------------------------------------------------------------------- ring weights (Q8)


class RingWeights(_Base):
    """The lesson's ring weights around one centroid, live (made by :func:`explore_ring_weights`).

    Attributes
    ----------
    widget : ipywidgets.VBox
    centroid : ipywidgets.IntSlider
        The sample whose start position is the centroid (a click on the data
        chooses it too, with ipympl).
    shift : ipywidgets.FloatSlider
        Moves the data by ``s`` in every coordinate.
    n_rings : ipywidgets.IntSlider
        The number of rings (the lesson's 100).
    text : ipywidgets.HTML
        The numbers in words.
    picture : RingPicture
        What is shown now (computed by :func:`msviz._widget_compute.ring_picture`).
    plot : RingWeightsPlot
        The three panels.
    surface : Surface
    output : ipywidgets.Output
        Notes and errors, in plain words.

    """

    def __init__(
        self,
        X: ArrayLike | str | None = None,
        *,
        centroid: int = 0,
        shift: float | None = None,
        n_rings: int = 100,
        backend: str = "auto",
        dpi: float | None = None,
    ) -> None:
        super().__init__()
        if X is None:
            data = _datasets.load("blobs")
            s0 = 5.0 if shift is None else shift
        elif isinstance(X, str):
            data = check_X(_datasets.load(X))
            s0 = 0.0 if shift is None else shift
        else:
            data = check_X(X)
            s0 = 0.0 if shift is None else shift
        self._X = np.asarray(data, dtype=np.float64)
        if self._X.shape[1] > 2:
            raise ValueError(
                "explore_ring_weights draws the plane: give data with 1 or 2 features, "
                f"got {self._X.shape[1]}"
            )
        # The first picture (errors here are raised: nothing is on screen yet).
        self.picture = ring_picture(self._X, centroid, s0, n_rings)

        diagonal = float(np.sqrt(np.sum(np.ptp(self._X, axis=0) ** 2))) or 1.0
        span = max(100.0, 10.0 * diagonal)
        step = 0.5 if span <= 200 else float(f"{span / 400:.1g}")
        self.centroid = widgets.IntSlider(
            value=int(centroid), min=0, max=self._X.shape[0] - 1, step=1,
            description="centroid", style={"description_width": "initial"},
            layout=widgets.Layout(width="300px"),
        )
        self.shift = widgets.FloatSlider(
            value=float(s0), min=min(-0.2 * span, float(s0)), max=max(span, float(s0)),
            step=step, description="shift the data by s", readout_format=".4g",
            style={"description_width": "initial"}, layout=widgets.Layout(width="380px"),
        )
        self.n_rings = widgets.IntSlider(
            value=int(n_rings), min=5, max=max(100, int(n_rings)), step=5, description="rings",
            style={"description_width": "initial"}, layout=widgets.Layout(width="260px"),
        )
        self._dpi = float(dpi) if dpi is not None else DEFAULT_DPI
        self.surface = Surface((FIGSIZE[0], 4.8), self._dpi, backend, CSS["ring_canvas"])
        self.fig = self.surface.fig
        self.plot = RingWeightsPlot(self.fig)
        self.text = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.output.add_class(CSS["messages"])
        self._messages = _Messages(self.output)
        live = self.surface.mode == "ipympl"
        for w in (self.centroid, self.shift, self.n_rings):
            w.continuous_update = live
            w.observe(self._on_change, names="value")
        self.centroid.add_class(CSS["ring_centroid"])
        self.shift.add_class(CSS["ring_shift"])
        self.n_rings.add_class(CSS["ring_count"])
        hint = widgets.HTML(
            "<span style='color:#555'>move the data away from the origin and watch the rings"
            + (" · click a sample to make it the centroid" if live else "") + "</span>"
        )
        self.widget = widgets.VBox(
            [_row([self.centroid, self.shift, self.n_rings]), hint, self.output, self.canvas,
             self.text],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["ring_weights"])
        if live:
            self.fig.canvas.mpl_connect("button_press_event", self._on_click)
        self._show(self.picture)
        self.surface.show_first()

    @property
    def X(self) -> NDArray[np.float64]:
        """The data, not moved."""
        return self._X

    def _show(self, p: RingPicture) -> None:
        self.picture = p
        self.plot.draw(p)
        lines = p.lines()
        self.text.value = (
            "<div style='font-size:13px;line-height:1.45;border-left:4px solid #D55E00;"
            "padding:2px 10px'>" + "<br>".join(html.escape(x) for x in lines) + "</div>"
        )
        notes = []
        if p.n_weighted <= 1:
            notes.append(("note", "Only the centroid itself carries weight: the data's mean is "
                          "almost at the origin, so |mean| and every ring are tiny. Move the "
                          "data away from the origin."))
        elif p.near_share < 0.15:
            notes.append(("note", "Every sample counts almost the same: the data is far from "
                          "the origin, so the rings are wide next to the data and the weighted "
                          "mean is close to the plain mean of everything."))
        if notes:
            self._messages.set(notes)
        else:
            self._messages.clear()

    def update(self, **params: Any) -> None:
        """Set ``centroid``, ``shift`` and/or ``n_rings`` at once and redraw."""
        unknown = set(params) - {"centroid", "shift", "n_rings"}
        if unknown:
            raise ValueError(f"unknown parameters {sorted(unknown)}; use centroid, shift or "
                             "n_rings")
        with self._quiet():
            for name, value in params.items():
                getattr(self, name).value = value
        self._redraw()

    def _redraw(self) -> None:
        p = ring_picture(self._X, int(self.centroid.value), float(self.shift.value),
                         int(self.n_rings.value))
        self._show(p)
        self.surface.redraw()

    @_guarded("show the weights")
    def _on_change(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self._redraw()

    @_guarded("choose that centroid")
    def _on_click(self, event: Any) -> None:
        if event.inaxes is not self.plot.ax or event.xdata is None or event.ydata is None:
            return
        xy = np.asarray(self.picture.data)[:, :2]
        if xy.shape[1] == 1:
            xy = np.column_stack([xy[:, 0], np.zeros(xy.shape[0])])
        i = int(np.argmin(np.sum((xy - [event.xdata, event.ydata]) ** 2, axis=1)))
        self.centroid.value = i

    def __repr__(self) -> str:
        p = self.picture
        return (f"RingWeights(centroid={p.centroid}, shift={p.shift:g}, n_rings={p.n_rings}, "
                f"radius={p.radius:.4g}, backend={self.backend!r})")


def explore_ring_weights(X: ArrayLike | str | None = None, **params: Any) -> RingWeights:
    """See what the lesson's ring weights ``(99 − ring)²`` do, and how the origin sets them.

    Every sample starts as a centroid. Choose one; each sample is shaded and
    sized by the weight it gets from that centroid, ring by ring, and a plot
    shows weight against distance. Move the data away from the origin (the
    shift slider) and the radius ``|mean| / 100``, and with it every ring,
    grows: what counts as "near" depends on where the origin is (Q7, Q8).

    Parameters
    ----------
    X : array-like of shape (n_samples, 1 or 2), str or None
        The data or a data-set name; None: the ``blobs`` data, moved by 5 as in
        notebook 4.
    **params
        ``centroid`` (sample number, default 0), ``shift`` (default 5 for the
        default data, else 0), ``n_rings`` (default 100), ``backend`` ("auto",
        "ipympl" or "image") and ``dpi`` (default 72).

    Returns
    -------
    RingWeights
        Displays itself.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> rw = explore_ring_weights([[99.0, 0.0], [100.0, 0.0], [101.0, 0.0]], backend="image")
    >>> rw.picture.radius, rw.picture.weights.tolist()
    (1.0, [9801.0, 9604.0, 9409.0])
    >>> rw.shift.value = 100.0            # the mean moves to (200, 100): wider rings
    >>> round(rw.picture.radius, 3)
    2.236

    """
    return RingWeights(X, **params)


# --------------------------------------------------------------------- outcome by cluster (Q10)


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
        self._dpi = float(dpi) if dpi is not None else DEFAULT_DPI
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
            key, lambda: _run_traced(X, params))
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
            title=f"{self.outcome_name} rate per cluster · {what}, h = "
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
        if self._busy:
            return
        self._recompute()

    @_guarded("change the features")
    def _on_standardise(self, change: dict[str, Any]) -> None:
        self.standardise.icon = "check" if change["new"] else ""
        if self._busy:
            return
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


def outcome_by_cluster(X: ArrayLike, outcome: ArrayLike, **params: Any) -> OutcomeByCluster:
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
    **params
        ``feature_names``, ``outcome_name`` (default "outcome", or the
        Series' name), ``bandwidth`` (default: :func:`msviz.estimate_bandwidth`
        of the features clustered), ``standardise`` (default False),
        ``kernel`` (default "flat"), ``max_groups`` (bars drawn, the rest as one;
        default 10), ``backend``, ``dpi`` and ``cache_size`` as for
        :func:`explore`.

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
    return OutcomeByCluster(X, outcome, **params)
