"""What every widget shares: messages, guarded callbacks, the transport, the control table.

The widget CSS classes (:data:`CSS`), the figure size and the callback type live here, so
every widget module imports them from one place.
"""

from __future__ import annotations

import contextlib
import functools
import html
import math
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz import datasets as _datasets
from msviz.draw import style as S
from msviz.draw.view import LAYERS
from msviz.engine import (
    ConvergenceWarning,
    Trace,
    UpdateExplanation,
    run_mean_shift,
)
from msviz.engine._checks import (
    check_feature_names,
    check_names,
    check_positive_int,
    check_tol,
    check_variant,
    check_X,
    feature_names_of,
)
from msviz.engine.estimator import MeanShift, as_trace
from msviz.engine.kernels import KERNELS, get_kernel
from msviz.interact.surface import Surface
from msviz.scene.inspect import explanation_lines

__all__ = []


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
    "quiz": "msviz-quiz",
    "quiz_canvas": "msviz-quiz-canvas",
    "quiz_score": "msviz-quiz-score",
    "quiz_question": "msviz-quiz-question",
    "quiz_x": "msviz-quiz-x",
    "quiz_y": "msviz-quiz-y",
    "quiz_check": "msviz-quiz-check",
    "quiz_choice": "msviz-quiz-choice",
    "quiz_feedback": "msviz-quiz-feedback",
    "quiz_next": "msviz-quiz-next",
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
    "hill": "msviz-hill",
    "hill_canvas": "msviz-hill-canvas",
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
    "exercise_comparison": "msviz-exercise-comparison",
    "image_canvas": "msviz-image-canvas",
    "draw": "msviz-draw",
    "draw_mode": "msviz-draw-mode",
    "draw_spread": "msviz-draw-spread",
    "draw_undo": "msviz-draw-undo",
    "draw_clear": "msviz-draw-clear",
    "draw_cloud": "msviz-draw-cloud",
    "draw_paste": "msviz-draw-paste",
    "draw_paste_button": "msviz-draw-paste-button",
    "draw_count": "msviz-draw-count",
}


#: Figure size of the explorer, in inches (the view's own layout).
FIGSIZE = S.FIGSIZE


#: Milliseconds between steps when Play runs.
PLAY_INTERVAL = 400


def _kernel_options() -> list[tuple[str, str]]:
    """The kernel menu: every kernel of :data:`msviz.KERNELS` now, by its label."""
    return [(k.label, name) for name, k in KERNELS.items()]


_VARIANT_OPTIONS = [("standard", "standard"), ("blurring", "blurring")]


_SEED_OPTIONS = [("every sample", "samples"), ("bin seeding", "bin"), ("grid", "grid")]


_RUN_KEYS = ("bandwidth", "kernel", "variant", "seeds", "max_iter", "tol")


_F = TypeVar("_F", bound=Callable[..., Any])
#: A function with the signature of :func:`msviz.run_mean_shift`.
Runner = Callable[..., Trace]


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
    """Make a method a widget callback: quiet while Python changes widgets, never raising.

    The callback returns at once (doing nothing) while its widget is inside
    :meth:`_Base._quiet`, i.e. while Python, not the learner, is changing the
    widgets. An exception is shown in plain words in the message area, and the
    widget keeps working. What must follow a widget even when set from Python
    (styling, enabling another widget) belongs in an observer of its own.
    """

    def decorate(fn: _F) -> _F:
        @functools.wraps(fn)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if self._busy:
                return None
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
    #: The function every run of this widget goes through (``run_mean_shift``'s
    #: signature). Swap it on a class or an instance to count or fake runs.
    runner: Runner = staticmethod(run_mean_shift)

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


@dataclass(frozen=True, eq=False)
class Control:
    """One control of a widget, declared once in its control table.

    The widget is built, observed, laid out, read back into the run's keywords
    and set by ``set_params`` from this entry alone; adding a control to the
    explorer is adding one entry to its table.

    Parameters
    ----------
    name : str
        The attribute of the owner that holds the widget (``explorer.kernel``),
        the keyword of its ``set_params`` and, unless ``css`` says otherwise, the
        key of its class in :data:`CSS`.
    make : callable
        ``make(owner) -> widget or None`` builds the widget with its start value
        (None: not offered, e.g. no data-set menu for an array).
    run_keyword : str or None
        The keyword of :func:`msviz.run_mean_shift` it stands for.
    read : callable or None
        ``read(owner)``: the value of ``run_keyword`` now.
    set : callable or None
        ``set(owner, value)``: what ``set_params(name=value)`` does (called
        quietly; the run is computed once after every control is set).
    on_change : callable or None
        ``on_change(owner, change)``, a :func:`_guarded` method: what a change by
        the learner does (for a button: a click).
    follow : callable or None
        ``follow(owner)``: what must follow the value even when Python sets it
        (other widgets enabled or styled); called once when built, too.
    row : {"params", "explain"}
        The row it is laid out in.
    after_view : bool
        Built once the view exists (it needs the scene, e.g. the number of seeds).
    remakes_view : bool
        Setting it changes the data, so the view is made anew.
    css : str or None
        Key of its class in :data:`CSS`; default ``name``.

    """

    name: str
    make: Callable[[Any], widgets.Widget | None]
    run_keyword: str | None = None
    read: Callable[[Any], Any] | None = None
    set: Callable[[Any, Any], None] | None = None
    on_change: Callable[[Any, Any], None] | None = None
    follow: Callable[[Any], None] | None = None
    row: Literal["params", "explain"] = "params"
    after_view: bool = False
    remakes_view: bool = False
    css: str | None = None


def _build_controls(owner: Any, table: Sequence[Control], *, after_view: bool) -> None:
    """Make the table's widgets (those built before, or after, the view) on ``owner``."""
    for c in table:
        if c.after_view is after_view:
            widget = c.make(owner)
            if widget is not None:
                widget.add_class(CSS[c.css or c.name])
            setattr(owner, c.name, widget)


def _observe_controls(owner: Any, table: Sequence[Control]) -> None:
    """Connect every control of the table to its ``follow`` and ``on_change``."""
    for c in table:
        widget = getattr(owner, c.name)
        if widget is None:
            continue
        if c.follow is not None:
            follow = c.follow
            follow(owner)
            widget.observe(lambda _change, f=follow: f(owner), names="value")
        if c.on_change is not None:
            callback = functools.partial(c.on_change, owner)
            if isinstance(widget, widgets.Button):
                widget.on_click(callback)
            else:
                widget.observe(callback, names="value")


def _control_row(owner: Any, table: Sequence[Control], row: str) -> list[widgets.Widget]:
    """The widgets of one row of the layout, in table order."""
    return [w for c in table if c.row == row and (w := getattr(owner, c.name)) is not None]


def _read_controls(owner: Any, table: Sequence[Control]) -> dict[str, Any]:
    """The run keywords the table's controls stand for now."""
    return {c.run_keyword: c.read(owner) for c in table
            if c.run_keyword is not None and c.read is not None}


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _style_toggle(toggle: widgets.ToggleButton) -> None:
    """A layer toggle: a tick when on, greyed when off or not available (disabled)."""
    on = bool(toggle.value) and not toggle.disabled
    toggle.icon = "check" if on else ""
    toggle.style.text_color = "#1A1A1A" if on else "#8A8A8A"


def _offer_toggle(toggle: widgets.ToggleButton, available: bool, default: bool) -> None:
    """Enable a layer toggle, or disable it for a layer this run cannot show.

    A disabled toggle is also switched off: a pressed button looks on, greyed or
    not (issue 10: "basins" with a tick looked on without grid seeds). Offered
    again, it takes its default. Call inside ``_quiet()``.
    """
    if not available:
        toggle.value = False
    elif toggle.disabled:
        toggle.value = default
    toggle.disabled = not available
    _style_toggle(toggle)


def _widen_log_slider(slider: Any, h: float) -> None:
    """Widen a log slider's range (by a tenth of a decade) so that it holds ``h``."""
    if h < 10.0 ** slider.min:
        slider.min = math.log10(h) - 0.1
    if h > 10.0 ** slider.max:
        slider.max = math.log10(h) + 0.1


def _label_html(text: str) -> str:
    return f"<span style='font-size:14px;white-space:nowrap'>{html.escape(text)}</span>"


def _busy_html(what: str, shown: int | None = None) -> str:
    """The step label while a new run computes.

    ``shown``: None while the picture still shows the last run, 0 when it shows the
    new run's start, k when it shows the new run's first k steps. Widget updates
    reach the page at once, while the kernel is still busy.
    """
    where = ("still showing the last run" if shown is None else
             "showing its start" if shown == 0 else
             f"showing its first {shown} step{'s' if shown != 1 else ''}")
    return ("<span style='font-size:14px;color:#555'>"
            f"computing the run with {html.escape(what)} … ({where})</span>")


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


def _set_range(play: widgets.Play, slider: widgets.IntSlider, last: int, value: int,
               row: widgets.Box | None = None) -> None:
    """Set the slider's (and Play's) last step and value, in an order traitlets accepts.

    ``row``: the box holding the slider. When the last step changes the slider is
    taken out of it and put back, so the browser makes a new slider: the one it has
    keeps the first range for the End and Home keys (noUiSlider's updateOptions
    does not update them), and End would go to the first run's last step.
    """
    value = min(max(value, 0), last)
    changed = slider.max != last
    for w in (slider, play):
        if last >= w.value:
            w.max = last
            w.value = value
        else:
            w.value = value
            w.max = last
    if changed and row is not None and slider in row.children:
        children = row.children
        row.children = tuple(c for c in children if c is not slider)
        row.children = children


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


def _run_traced(
    X: NDArray[np.float64], params: Mapping[str, Any], runner: Runner = run_mean_shift
) -> tuple[Trace, tuple[str, ...]]:
    """Run mean shift with ``runner`` and collect its convergence notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        trace = runner(X, **params)
    notes: list[str] = []
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            notes.append(_convergence_note(trace))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return trace, tuple(dict.fromkeys(notes))


def _load_data(
    data: ArrayLike | str | Trace | MeanShift, n_samples: int | None
) -> tuple[NDArray[np.float64], str | None, Trace | None]:
    if isinstance(data, MeanShift):
        data = as_trace(data)
    if isinstance(data, Trace):
        return np.asarray(data.X, dtype=np.float64), None, data
    if isinstance(data, str):
        X = _datasets.load(data, n_samples=n_samples)
        return check_X(X), _datasets.info(data).name, None
    return check_X(data), None, None


def _check_options(max_iter: object, tol: object, variant: object,
                   layers: object) -> tuple[int, float]:
    """A widget's run keywords checked before any widget is made (each error names its own)."""
    check_variant(variant)
    if layers is not None:
        check_names(layers, "layers", LAYERS)
    return check_positive_int(max_iter, "max_iter"), check_tol(tol)


def _given_names(
    data: object, feature_names: Sequence[str] | None, n_features: int
) -> tuple[str, ...] | None:
    """The column names a widget's data brings: given, a DataFrame's, or its run's."""
    if feature_names is not None:
        return check_feature_names(feature_names, n_features)
    if isinstance(data, MeanShift) and hasattr(data, "trace_"):
        return data.trace_.feature_names
    if isinstance(data, Trace):
        return data.feature_names
    return feature_names_of(data)


def _feature_names(name: str | None, n_features: int) -> tuple[str, ...] | None:
    if name is None or n_features <= 2:
        return None
    names = _datasets.info(name).feature_names
    return tuple(names) if len(names) == n_features else None


def _kernel_label(kernel: object) -> str:
    """How a kernel (a name, a Kernel or a function) is named in sentences: its label."""
    return get_kernel(kernel).label  # type: ignore[arg-type]


def _make_explain(ex: Any) -> widgets.ToggleButton:
    """The "explain one update" toggle of the explorer's inspector."""
    return widgets.ToggleButton(
        value=False, description="explain one update", icon="search",
        layout=widgets.Layout(width="auto"),
        tooltip="show how one moving point's next position is computed",
    )


def _make_estimate(ex: Any) -> widgets.Button:
    """The "estimate h" button of a widget with a bandwidth slider."""
    return widgets.Button(
        description="estimate h", icon="magic",
        tooltip="set h with scikit-learn's rule (msviz.estimate_bandwidth)",
        layout=widgets.Layout(width="auto"),
    )


def _explanation_html(e: UpdateExplanation) -> str:
    """The inspector's explanation of one update, as HTML beside the picture."""
    lines = explanation_lines(e)
    head, rest = lines[0], lines[1:]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
    return (
        f"<div style='border-left:4px solid #7A2E5F;padding:2px 10px;font-size:13px;"
        f"line-height:1.45'><b>{html.escape(head)}</b>"
        f"<ul style='margin:2px 0 0 0;padding-left:18px'>{items}</ul>"
        f"<span style='color:{S.INSPECT_DARK}'>◯</span> "
        "<span style='color:#555'>In the picture: the window (purple ring), the samples "
        "inside shaded by weight, the weighted mean (+) and the shift (arrow).</span></div>"
    )
