"""Predict, then reveal: a quiz of five cards about mean shift, with a score.

Each card shows a picture and asks one question (where will this point end? how many
clusters does this h give? which kernel made this picture?); the learner answers by a
click on the picture (ipympl), by typing or by pressing a button, and the reveal plays
the true run and says why. The cards and the scoring are computed in
:mod:`msviz.scene.quiz`; this module draws them and holds the widgets.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.text import Text

from msviz import datasets as _datasets
from msviz.draw import style as S
from msviz.draw.view import MeanShiftView
from msviz.engine.kernels import KERNELS
from msviz.interact._base import (
    CSS,
    FIGSIZE,
    PLAY_INTERVAL,
    _Base,
    _guarded,
    _label_html,
    _Messages,
    _row,
    _set_range,
    _transport,
)
from msviz.interact.surface import Surface, editor_hint
from msviz.scene.quiz import (
    TOLERANCE,
    Card,
    ClustersCard,
    Feedback,
    KernelCard,
    PointCard,
    QuizData,
    QuizRun,
    distance_text,
)

__all__ = ["Quiz", "quiz"]

#: The data sets of a quiz made without naming any.
DEFAULT_DATA = ("blobs", "varied", "anisotropic", "moons")

#: A reveal plays the whole run in about this many milliseconds (faster for long runs).
REVEAL_MS = 6000

_RESOLUTION = 120  # pixels per side of the density image
_FONT = 13  # legend and label text, in points
_TITLE = 16
# Axes boxes in inches on FIGSIZE (11.5 x 6.2): one picture with a legend column ...
_ONE = (0.75, 0.5, 6.6, 5.05)
# ... or two pictures side by side (the kernel card's reveal).
_TWO = ((0.65, 0.95, 4.95, 4.3), (6.2, 0.95, 4.95, 4.3))
#: A legend entry: a handle (or a few drawn side by side) and its text.
Entry = tuple[Artist | tuple[Artist, ...], str]
_HANDLERS = {tuple: HandlerTuple(ndivide=None, pad=0.1)}
GUESS = S.INSPECT_DARK  # the learner's guess: dark purple, like the explorer's inspector
END = S.BLUE  # where the point ended: the "stopped" colour


def _box(rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    w, h = FIGSIZE
    return (rect[0] / w, rect[1] / h, rect[2] / w, rect[3] / h)


def _dot(colour: str, marker: str = "o", size: float = 11, edge: str = S.WHITE) -> Line2D:
    return Line2D([], [], linestyle="none", marker=marker, ms=size, color=colour,
                  markeredgecolor=edge, markeredgewidth=1.4)


def _cluster_dots(n: int) -> tuple[Line2D, ...]:
    """A legend handle: a dot in each of the first (up to three) cluster colours."""
    return tuple(_dot(S.cluster_color(j), size=6, edge=S.cluster_color(j))
                 for j in range(max(1, min(n, 3))))


def _layer_entries(view: MeanShiftView, names: Sequence[str]) -> list[Entry]:
    """The legend entries of the view's layers ``names`` that are on."""
    return [e for n in names if n in view.layers for e in view.layer(n).legend()]


def _legend(where: Axes | Figure, entries: Sequence[Entry], **options: Any) -> None:
    """A big legend: right of the axes, or where ``options`` say."""
    handles: list[Any] = [h for h, _ in entries]
    place = dict(loc="upper left", bbox_to_anchor=(1.03, 1.0), borderaxespad=0.0)
    where.legend(handles, [t for _, t in entries], fontsize=_FONT, frameon=False,
                 handlelength=1.8, labelspacing=0.7, handler_map=_HANDLERS,
                 **{**place, **options})


def _style_axes(ax: Axes) -> None:
    ax.tick_params(labelsize=_FONT - 2)
    ax.xaxis.label.set_fontsize(_FONT)
    ax.yaxis.label.set_fontsize(_FONT)


def _title(fig: Figure, text: str, colour: str = S.TEXT) -> Text:
    return fig.text(0.065, 0.975, text, ha="left", va="top", fontsize=_TITLE, color=colour,
                    fontweight="bold")


# --------------------------------------------------------------------------- the pictures


class _Picture:
    """One card's picture: made once, revealed once, stepped by the slider."""

    views: list[MeanShiftView]
    last: int = 0
    before: int = 0  # the step shown with the question
    start: int = 0  # the step shown at the reveal

    def reveal(self, feedback: Feedback) -> None:
        """Show the answer beside the guess (the slider then plays the run)."""
        raise NotImplementedError

    def dynamic(self) -> list[Artist]:
        """The artists a step changes."""
        return [a for v in self.views for a in v.show_step(v.step)]

    def show_step(self, k: int) -> None:
        for v in self.views:
            v.show_step(min(k, v.scene.last))

    def label(self, k: int) -> str:
        return self.views[0].scene.step_label(min(k, self.views[0].scene.last))


class _PointPicture(_Picture):
    """Step 0 and one highlighted point; the reveal: its path, the guess and the true end."""

    def __init__(self, fig: Figure, card: PointCard) -> None:
        self.card = card
        self.ax = fig.add_axes(_box(_ONE))
        view = MeanShiftView(card.trace, ax=self.ax, layers=["data", "windows"],
                             highlight=[card.point], legend=False, title=False,
                             density_resolution=_RESOLUTION)
        view.plot(0)
        _style_axes(self.ax)
        self.views = [view]
        self.last = view.scene.last
        ax, p = self.ax, card.path
        self.path = ax.plot(p[:, 0], p[:, 1], color=S.TRAIL_HIGHLIGHT, lw=1.6, ls=(0, (1, 2.5)),
                            zorder=3.3, visible=False)[0]
        self.trail = ax.plot(p[:1, 0], p[:1, 1], color=S.TRAIL_HIGHLIGHT, lw=3.0, zorder=3.4,
                             solid_capstyle="round")[0]
        self.point = ax.plot(p[:1, 0], p[:1, 1], linestyle="none", marker="o", ms=13,
                             color=S.MOVING, markeredgecolor=S.BLACK, markeredgewidth=1.6,
                             zorder=5.5)[0]
        self.marks: list[Artist] = []
        self.title = _title(fig, f"Where will the big orange point end?  ({self._run_words()})")
        self._legend(revealed=False)

    def _run_words(self) -> str:
        return f"{KERNELS[self.card.kernel].label} kernel, h = {self.card.bandwidth:.3g}"

    def _legend(self, revealed: bool) -> None:
        view, card = self.views[0], self.card
        entries: list[Entry] = [
            *_layer_entries(view, ["data"]),
            (_dot(S.MOVING, size=11, edge=S.BLACK), "the point to follow"),
            *_layer_entries(view, ["windows"]),
        ]
        if revealed:
            ring = Line2D([], [], color=END, lw=1.4, ls=(0, (4, 2)))
            entries += [
                (Line2D([], [], color=S.TRAIL_HIGHLIGHT, lw=1.6, ls=(0, (1, 2.5))), "its path"),
                (_dot(END, "*", 17), "where it ended"),
                (ring, f"right: within {card.tolerance:g} h of the end"),
                (_dot(GUESS, "P", 13), "your guess"),
                (_dot(S.MODE, "X", 11), "modes (tops of the bumps)"),
            ]
        _legend(self.ax, entries)

    def reveal(self, feedback: Feedback) -> None:  # noqa: D102
        card, ax = self.card, self.ax
        ex, ey = card.end
        # A typed guess off the picture is drawn at its edge (the picture keeps its limits).
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        gx, gy = feedback.guess
        mx, my = 0.02 * (x1 - x0), 0.02 * (y1 - y0)
        px, py = min(max(gx, x0 + mx), x1 - mx), min(max(gy, y0 + my), y1 - my)
        off = (px, py) != (gx, gy)
        self.views[0].set_layers(["density", "data", "windows"])
        self.path.set_visible(True)
        ax.add_patch(Circle((ex, ey), card.tolerance * card.bandwidth, fill=False, lw=1.4,
                            ls=(0, (4, 2)), edgecolor=END, zorder=4.5))
        ax.plot([px, ex], [py, ey], color=GUESS, lw=1.3, ls=(0, (3, 2)), zorder=4.6)
        # the point (5.5) stops under the star (6), the star under its mode (6.5)
        # (drawn with the moving point, which is blitted over the still picture)
        modes = card.trace.cluster_centers
        self.marks = [
            ax.plot([ex], [ey], linestyle="none", marker="*", ms=26, color=END,
                    markeredgecolor=S.WHITE, markeredgewidth=1.2, zorder=6)[0],
            ax.plot(modes[:, 0], modes[:, 1], linestyle="none", marker="X", ms=11,
                    color=S.MODE, markeredgecolor=S.WHITE, markeredgewidth=1.2, zorder=6.5)[0],
            ax.plot([px], [py], linestyle="none", marker="P", ms=15, color=GUESS,
                    markeredgecolor=S.WHITE, markeredgewidth=1.4, zorder=7.5)[0],
        ]
        assert feedback.distance is not None
        away = distance_text(feedback.distance)
        # the label: on the guess's side away from the end, unless that side has no room
        right = (px >= ex and x1 - px > 15 * mx) or px - x0 <= 15 * mx
        below = (py <= ey and py - y0 > 5 * my) or y1 - py <= 5 * my
        ax.annotate(f"your guess{' (off the picture)' if off else ''}: {away} away", (px, py),
                    xytext=(11 if right else -11, -6 if below else 6),
                    textcoords="offset points", ha="left" if right else "right",
                    va="top" if below else "bottom", fontsize=_FONT, color=GUESS,
                    fontweight="bold", zorder=7.2,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor=S.WHITE, edgecolor="none",
                              alpha=0.8))
        verdict = "Right" if feedback.right else "Not this time"
        self.title.set_text(f"{verdict}: your guess was {away} from the end"
                            f"  ({self._run_words()})")
        self.title.set_color(S.GREEN if feedback.right else S.VERMILLION)
        self._legend(revealed=True)

    def dynamic(self) -> list[Artist]:  # noqa: D102
        return [*super().dynamic(), self.trail, self.point, *self.marks]

    def show_step(self, k: int) -> None:  # noqa: D102
        super().show_step(k)
        p = self.card.path
        self.trail.set_data(p[: k + 1, 0], p[: k + 1, 1])
        self.point.set_data(p[k : k + 1, 0], p[k : k + 1, 1])

    def label(self, k: int) -> str:  # noqa: D102
        stop = int(self.card.trace.stop_step[self.card.point])
        where = "it has stopped" if k >= stop else "it is still moving"
        return f"step {k} / {self.last} · {where}"


class _ClustersPicture(_Picture):
    """The data and one window before the run; the reveal: the finished run."""

    def __init__(self, fig: Figure, card: ClustersCard) -> None:
        self.card = card
        self.ax = fig.add_axes(_box(_ONE))
        view = MeanShiftView(card.trace, ax=self.ax, layers=["data", "windows"],
                             highlight=[card.window], legend=False, title=False,
                             density_resolution=_RESOLUTION)
        view.plot(0)
        _style_axes(self.ax)
        self.views = [view]
        self.last = self.start = view.scene.last
        self.title = _title(fig, f"How many clusters does h = {card.bandwidth:.3g} give?  "
                                 "(flat kernel)")
        _legend(self.ax, _layer_entries(view, ["data", "windows"]))

    def reveal(self, feedback: Feedback) -> None:  # noqa: D102
        view = self.views[0]
        view.set_layers(["density", "data", "clusters", "trails", "points", "windows", "modes"])
        verdict = "Right" if feedback.right else "Not this time"
        n = self.card.answer
        self.title.set_text(f"{verdict}: h = {self.card.bandwidth:.3g} gives {n} "
                            f"cluster{'s' if n != 1 else ''}")
        self.title.set_color(S.GREEN if feedback.right else S.VERMILLION)
        _legend(self.ax, [
            (_cluster_dots(self.card.answer), "data, coloured by cluster"),
            *_layer_entries(view, ["points"]),
            (Line2D([], [], color=S.TRAIL, lw=1.4), "paths of the points"),
            (Line2D([], [], color=S.TRAIL_HIGHLIGHT, lw=1.8), "path of the window's point"),
            *_layer_entries(view, ["windows", "modes"]),
        ])

    def label(self, k: int) -> str:  # noqa: D102
        return "step 0 · the run has not started" if not self._revealed(k) else super().label(k)

    def _revealed(self, k: int) -> bool:
        return "modes" in self.views[0].layers


class _KernelPicture(_Picture):
    """A finished run without its kernel's name; the reveal: both runs side by side."""

    _LAYERS = ("density", "data", "clusters", "trails", "modes")

    def __init__(self, fig: Figure, card: KernelCard) -> None:
        self.card, self.fig = card, fig
        self.ax = fig.add_axes(_box(_ONE))
        view = MeanShiftView(card.trace, ax=self.ax, layers=list(self._LAYERS), legend=False,
                             title=False, n_windows=0, density_resolution=_RESOLUTION)
        view.plot(-1)
        _style_axes(self.ax)
        self.views = [view]
        self.last = self.before = self.start = view.scene.last
        labels = " or ".join(KERNELS[c].label for c in card.choices)
        self.title = _title(fig, f"Which kernel made this picture: {labels}?  "
                                 f"(h = {card.bandwidth:.3g})")
        _legend(self.ax, self._entries())

    def _entries(self) -> list[Entry]:
        n = max(v.trace.n_clusters for v in self.views)
        return [(_cluster_dots(n), "data, coloured by cluster"),
                (Line2D([], [], color=S.TRAIL, lw=1.4), "paths of the points"),
                (_dot(S.MODE, "X", 11), "modes"),
                (Line2D([], [], color=S.DENSITY_TOP, lw=8), "density (darker: higher)")]

    def reveal(self, feedback: Feedback) -> None:  # noqa: D102
        card, fig = self.card, self.fig
        assert card.other is not None
        fig.clear()
        self.views = []
        for j, (trace, rect) in enumerate(zip((card.trace, card.other), _TWO, strict=True)):
            ax = fig.add_axes(_box(rect))
            view = MeanShiftView(trace, ax=ax, layers=list(self._LAYERS), legend=False,
                                 title=False, n_windows=0, density_resolution=_RESOLUTION)
            view.plot(-1)
            _style_axes(ax)
            name = card.kernel if j == 0 else next(c for c in card.choices if c != card.kernel)
            n = trace.n_clusters
            ax.set_title(f"{'this picture' if j == 0 else 'the other'}: {KERNELS[name].label}"
                         f" · {n} cluster{'s' if n != 1 else ''} · {len(trace) - 1} steps",
                         loc="left", fontsize=_FONT + 1, color=S.TEXT, pad=8, y=S.TITLE_Y)
            self.views.append(view)
        self.last = self.start = max(v.scene.last for v in self.views)
        verdict = "Right" if feedback.right else "Not this time"
        self.title = _title(fig, f"{verdict}: it was the {KERNELS[card.kernel].label} kernel "
                                 f"(both h = {card.bandwidth:.3g})",
                            S.GREEN if feedback.right else S.VERMILLION)
        _legend(fig, self._entries(), loc="lower left", ncol=4, columnspacing=1.6,
                bbox_to_anchor=(_TWO[0][0] / FIGSIZE[0], 0.005))

    def label(self, k: int) -> str:  # noqa: D102
        if len(self.views) == 1:
            return "a finished run: which kernel made it?"
        return f"step {k} / {self.last}"


def _picture(fig: Figure, card: Card) -> _Picture:
    if isinstance(card, PointCard):
        return _PointPicture(fig, card)
    if isinstance(card, ClustersCard):
        return _ClustersPicture(fig, card)
    assert isinstance(card, KernelCard)
    return _KernelPicture(fig, card)


# --------------------------------------------------------------------------- the widget


def _quiz_data(data: str | Sequence[str] | None, n_samples: int | None) -> list[QuizData]:
    """The named data sets as QuizData, with each kernel's suggested bandwidth."""
    if data is None:
        names: list[str] = list(DEFAULT_DATA)
    elif isinstance(data, str):
        names = [data]
    elif isinstance(data, Sequence) and data and all(isinstance(d, str) for d in data):
        names = list(data)
    else:
        raise TypeError(f"quiz takes a data-set name or a list of names, e.g. "
                        f"msviz.quiz('blobs') or msviz.quiz(['blobs', 'moons']); got {data!r}")
    fit = [n for n in _datasets.names()
           if (i := _datasets.info(n)).n_features == 2 and i.suggested_bandwidth is not None]
    out = []
    for name in names:
        info = _datasets.info(name)  # an unknown name: the error lists the valid ones
        if info.name not in fit:
            raise ValueError(f"data set {info.name!r} cannot make quiz cards: a card is a "
                             "picture of 2-D data with a suggested bandwidth; use one of "
                             f"{', '.join(map(repr, fit))}")
        X = np.asarray(_datasets.load(info.name, n_samples=n_samples), dtype=np.float64)
        hs = {k: h for k in KERNELS if (h := info.bandwidth_for(k)) is not None}
        out.append(QuizData(info.name, X, hs))
    return out


def _feedback_html(feedback: Feedback | None, done: str = "") -> str:
    if feedback is None:
        return ""
    colour, back = (S.GREEN, "#E6F4EF") if feedback.right else (S.VERMILLION, "#FBEDE5")
    extra = f"<div style='margin-top:6px;font-weight:600'>{html.escape(done)}</div>" \
        if done else ""
    return (f"<div style='border-left:6px solid {colour};background:{back};padding:8px 12px;"
            f"font-size:17px;line-height:1.45;color:#1A1A1A'>{html.escape(feedback.text)}"
            f"{extra}</div>")


class Quiz(_Base):
    """Predict, then reveal: a run of cards with a score (made by :func:`quiz`).

    Attributes
    ----------
    widget : ipywidgets.VBox
        Everything, laid out (the object displays itself as this).
    run : QuizRun
        The cards and the score, without widgets (:mod:`msviz.scene.quiz`).
    header, question, hint, feedback_text : ipywidgets.HTML
        The card's number and the score; the question; how to answer; the feedback.
    x, y : ipywidgets.Text
        A point card's guess, typed.
    check : ipywidgets.Button
        Sends the typed guess.
    choices : list of ipywidgets.Button
        A clusters card's numbers, or a kernel card's two kernels (a press answers).
    next_button : ipywidgets.Button
        Goes to the next card, once this one is answered.
    play, slider, step_label
        Play the reveal step by step.
    picture : object
        The current card's picture (its ``views`` are :class:`msviz.MeanShiftView`).
    surface : Surface
        The figure and the widget that shows it (:attr:`canvas`).
    """

    def __init__(
        self,
        data: str | Sequence[str] | None = None,
        *,
        rng: int | np.random.Generator | None = None,
        kinds: Sequence[str] | None = None,
        n_cards: int = 5,
        tolerance: float = TOLERANCE,
        n_samples: int | None = None,
        backend: str = "auto",
        dpi: float | None = None,
        autoplay: bool = True,
    ) -> None:
        super().__init__()
        self.run = QuizRun(_quiz_data(data, n_samples), kinds=kinds, n_cards=n_cards, rng=rng,
                           tolerance=tolerance)
        self.autoplay = bool(autoplay)
        self.surface = Surface(FIGSIZE, dpi, backend, CSS["quiz_canvas"])  # type: ignore[arg-type]
        self.fig = self.surface.fig
        self.header = widgets.HTML()
        self.question = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.hint = widgets.HTML()
        self.x, self.y = (
            widgets.Text(placeholder=a, description=a, layout=widgets.Layout(width="130px"),
                         style={"description_width": "14px"}) for a in "xy")
        self.check = widgets.Button(description="check my guess", button_style="primary",
                                    icon="check", layout=widgets.Layout(width="auto"))
        self.choices: list[widgets.Button] = []
        self.answer_row = _row([])
        self.feedback_text = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.next_button = widgets.Button(description="next card", icon="arrow-right",
                                          layout=widgets.Layout(width="auto"))
        self.play, self.slider, self.step_label, self.link = _transport(0, 0, PLAY_INTERVAL)
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self._messages = _Messages(self.output)
        for w, key in ((self.header, "quiz_score"), (self.question, "quiz_question"),
                       (self.x, "quiz_x"), (self.y, "quiz_y"), (self.check, "quiz_check"),
                       (self.feedback_text, "quiz_feedback"), (self.next_button, "quiz_next"),
                       (self.output, "messages")):
            w.add_class(CSS[key])
        self.check.on_click(self._on_check)
        self.next_button.on_click(self._on_next)
        self.slider.observe(self._on_step, names="value")
        if self.backend == "ipympl":
            self.fig.canvas.mpl_connect("button_press_event", self._on_click)
        self._transport_row = _row([self.play, self.slider, self.step_label], wrap=False)
        self.widget = widgets.VBox(
            [self.header, self.question, self.answer_row, self.output,
             _row([self.feedback_text]), _row([self.next_button]), self._transport_row,
             self.canvas],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["quiz"])
        self._show_card()
        hint = editor_hint(self.backend)
        if hint:
            self._messages.set([("note", hint)])
        self.surface.show_first()

    # ---------------------------------------------------------------- state
    @property
    def card(self) -> Card:
        """The current card (its kind, question, what the picture shows)."""
        return self.run.card

    @property
    def score(self) -> int:
        """Cards answered right so far."""
        return self.run.score

    @property
    def done(self) -> bool:
        """Whether every card has been answered."""
        return self.run.done

    @property
    def feedback(self) -> Feedback | None:
        """The current card's feedback, once answered."""
        return self.run.feedback

    @property
    def history(self) -> list[Feedback]:
        """The feedback of every card answered so far."""
        return list(self.run.history)

    @property
    def step(self) -> int:
        """The step shown."""
        return int(self.slider.value)

    # ---------------------------------------------------------------- moves
    def guess(self, guess: object) -> Feedback:
        """Answer the current card: reveal the answer and return the feedback.

        Parameters
        ----------
        guess : (float, float), int or str
            A point card: where the point will end, (x, y) in data coordinates.
            A clusters card: the number of clusters. A kernel card: a kernel name
            (one of ``q.card.choices``; its label, e.g. "Gaussian", works too).

        Returns
        -------
        Feedback
            ``right``, ``score`` (right so far), ``text`` (what the learner reads),
            ``distance`` (point cards: in bandwidths) and ``answer``.

        Raises
        ------
        TypeError, ValueError
            A guess of the wrong kind, NaN or out of range (the message says what
            the card takes).
        RuntimeError
            The card is already answered (go on with :meth:`next`).
        """
        feedback = self.run.guess(guess)
        self._reveal(feedback)
        return feedback

    def next(self) -> Card:
        """Go to the next card (after answering this one) and return it."""
        card = self.run.next()
        self._show_card()
        self.surface.redraw()
        return card

    def show_step(self, step: int) -> None:
        """Show ``step`` of the card's run (after the reveal; what the slider does)."""
        k = min(max(int(step), 0), self.picture.last)
        self.picture.show_step(k)
        self.step_label.value = _label_html(self.picture.label(k))
        self.surface.update()
        if self.slider.value != k:
            with self._quiet():
                self.slider.value = k

    # ---------------------------------------------------------------- drawing
    def _show_card(self) -> None:
        card, run = self.card, self.run
        self.fig.clear()
        self.picture = _picture(self.fig, card)
        self.header.value = (
            f"<div style='font-size:15px;color:#333'><b>Card {run.index + 1} of "
            f"{run.n_cards}</b> · score: {html.escape(run.score_text()) if run.history else '0'}"
            "</div>")
        self.question.value = (
            f"<div style='font-size:21px;font-weight:600;line-height:1.3'>"
            f"{html.escape(card.question)}</div><div style='font-size:15px;color:#444'>"
            f"The picture shows {html.escape(card.shows)}. {self._how(card)}</div>")
        self._make_answers(card)
        self.feedback_text.value = ""
        self.next_button.disabled = True
        self.next_button.description = "next card"
        with self._quiet():
            _set_range(self.play, self.slider, 0, 0)
        for w in (self.play, self.slider):
            w.disabled = True
        self.picture.show_step(self.picture.before)
        self.step_label.value = _label_html(self.picture.label(self.picture.before))
        self.surface.set_dynamic(self.picture.dynamic())
        self._messages.clear()

    def _how(self, card: Card) -> str:
        if isinstance(card, PointCard):
            if self.backend == "ipympl":
                return "Click where you think it will end (or type x and y)."
            return "Type where you think it will end (x and y), then check."
        if isinstance(card, ClustersCard):
            return "Press the number of clusters you expect."
        return "Press the kernel you think made it."

    def _make_answers(self, card: Card) -> None:
        self.choices = []
        if isinstance(card, PointCard):
            self.x.value = self.y.value = ""
            children: list[widgets.Widget] = [self.x, self.y, self.check]
            for w in children:
                w.disabled = False
        else:
            values = card.choices if isinstance(card, (ClustersCard, KernelCard)) else ()
            for v in values:
                label = str(v) if isinstance(v, int) else f"{KERNELS[v].label} kernel"
                b = widgets.Button(description=label, tooltip=f"answer {label}",
                                   layout=widgets.Layout(width="auto" if isinstance(v, str)
                                                         else "48px"))
                b.style.font_weight = "bold"
                b.add_class(CSS["quiz_choice"])
                b.on_click(lambda _b, v=v: self._on_choice(v))
                self.choices.append(b)
            children = list(self.choices)
        self.answer_row.children = tuple(children)

    def _reveal(self, feedback: Feedback) -> None:
        for w in (self.x, self.y, self.check, *self.choices):
            w.disabled = True
        for b, v in zip(self.choices, getattr(self.card, "choices", ()), strict=False):
            b.button_style = ("success" if v == getattr(self.card, "answer", None) else
                              "danger" if v == feedback.guess else "")
        picture = self.picture
        picture.reveal(feedback)
        done = f"That was the last card: {self.run.score_text()}." if self.done else ""
        # the score first: the page applies updates in order, so the feedback never
        # shows beside the score from before it
        self.header.value = (
            f"<div style='font-size:15px;color:#333'><b>Card {self.run.index + 1} of "
            f"{self.run.n_cards}</b> · score: {html.escape(self.run.score_text())}</div>")
        self.feedback_text.value = _feedback_html(feedback, done)
        self.next_button.disabled = self.done
        self.next_button.description = "quiz done" if self.done else "next card"
        start = picture.start
        with self._quiet():
            _set_range(self.play, self.slider, picture.last, start, self._transport_row)
        for w in (self.play, self.slider):
            w.disabled = picture.last == 0
        self.play.interval = int(min(PLAY_INTERVAL, max(60, REVEAL_MS / max(picture.last, 1))))
        picture.show_step(start)
        self.step_label.value = _label_html(picture.label(start))
        self.surface.set_dynamic(picture.dynamic())
        self._messages.clear()
        self.surface.redraw()
        if self.autoplay and start == 0 and picture.last > 0:
            self.play.playing = True  # the browser plays the path, step by step

    # ---------------------------------------------------------------- callbacks
    @_guarded("check that guess")
    def _on_check(self, _button: Any = None) -> None:
        xy = []
        for name, box in (("x", self.x), ("y", self.y)):
            text = box.value.strip()
            if text.count(",") == 1 and "." not in text:  # a decimal comma: 1,5
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"type a number in the {name} box (e.g. 1.5), got "
                                 f"{box.value!r}") from None
            if not math.isfinite(value):
                raise ValueError(f"type an ordinary number in the {name} box, got {box.value!r}")
            xy.append(value)
        self.guess((xy[0], xy[1]))

    @_guarded("check that answer")
    def _on_choice(self, value: object) -> None:
        self.guess(value)

    @_guarded("use that click")
    def _on_click(self, event: Any) -> None:
        if not isinstance(self.card, PointCard) or self.run.answered:
            return
        if event.inaxes is None or event.xdata is None or event.ydata is None:
            return
        self.guess((float(event.xdata), float(event.ydata)))

    @_guarded("go to the next card")
    def _on_next(self, _button: Any = None) -> None:
        self.next()

    @_guarded("show that step")
    def _on_step(self, change: dict[str, Any]) -> None:
        self.show_step(int(change["new"]))

    def __repr__(self) -> str:
        return (f"Quiz(card {self.run.index + 1} of {self.run.n_cards}: {self.card.kind}, "
                f"score {self.run.score}, backend={self.backend!r})")


def quiz(
    data: str | Sequence[str] | None = None,
    *,
    rng: int | np.random.Generator | None = None,
    kinds: Sequence[str] | None = None,
    n_cards: int = 5,
    tolerance: float = TOLERANCE,
    n_samples: int | None = None,
    backend: str = "auto",
    dpi: float | None = None,
    autoplay: bool = True,
) -> Quiz:
    """Predict, then reveal: five cards about mean shift, each scored, with a total.

    Three kinds of card: *where will this point end?* (step 0 and one highlighted
    point: click where it will end, or type x and y; right within ``tolerance``
    bandwidths of where it really ended), *how many clusters does this h give?*
    (press a number) and *which of two kernels made this picture?* (press one). The
    reveal plays the true run, draws the guess beside the answer and says in one
    sentence why; the score is shown after every card.

    Parameters
    ----------
    data : str, sequence of str or None
        The data sets the cards use (two features and a suggested bandwidth, see
        :func:`msviz.datasets.names`); None: "blobs", "varied", "anisotropic" and
        "moons". Each kernel runs at the data set's bandwidth for it
        (:meth:`msviz.datasets.DatasetInfo.bandwidth_for`), give or take a little.
    rng : int, numpy.random.Generator or None
        Picks the data sets, points, bandwidths and the order of the cards: the
        same int gives the same quiz. None: a new quiz each time.
    kinds : sequence of {"point", "clusters", "kernel"}, optional
        The kind of every card, in order (default: a point card, then a mix).
    n_cards : int, default=5
        How many cards, when ``kinds`` is not given.
    tolerance : float, default=0.5
        A point card's guess is right within this many bandwidths of the end.
    n_samples : int or None
        How many points the synthetic data sets have.
    backend : {"auto", "ipympl", "image"}, default="auto"
        "ipympl" (after ``%matplotlib widget``): click on the picture to guess;
        "image": a PNG, answers typed.
    dpi : float or None
        Resolution of the figure (default 72).
    autoplay : bool, default=True
        Play the point's path in the browser when a point card is revealed.

    Returns
    -------
    Quiz
        Displays itself. ``q.card`` is the current card, ``q.guess(...)`` answers it
        and returns the :class:`~msviz.scene.quiz.Feedback`, ``q.next()`` goes on;
        ``q.score`` and ``q.done`` say how it went.

    Raises
    ------
    ValueError
        An unknown data set, one that cannot make cards (not 2-D), or bad
        ``kinds``, ``n_cards`` or ``tolerance``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> q = quiz("blobs", rng=0, kinds=["point", "clusters"], backend="image")
    >>> q.card.kind
    'point'
    >>> right = q.guess(tuple(q.card.end))      # exactly where it ended
    >>> right.right, right.distance, q.score
    (True, 0.0, 1)
    >>> q.next().kind
    'clusters'
    >>> q.guess(q.card.answer + 1).right, q.done, q.run.score_text()
    (False, True, '1 of 2 right')
    """
    return Quiz(data, rng=rng, kinds=kinds, n_cards=n_cards, tolerance=tolerance,
                n_samples=n_samples, backend=backend, dpi=dpi, autoplay=autoplay)
