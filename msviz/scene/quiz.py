"""Predict, then reveal: the cards of a quiz and how a guess is scored (numpy only).

A quiz is a run of cards; each card shows a picture of a mean shift run and asks one
question:

- ``"point"``: where will this highlighted moving point end? A guess is a position
  (x, y); it is right when it lies within ``tolerance`` bandwidths (default 0.5 h) of
  where the point really ended.
- ``"clusters"``: how many clusters does this bandwidth give? A guess is an int.
- ``"kernel"``: which of two kernels made this (finished) picture? A guess is a
  kernel name.

Everything here is computed, nothing is drawn: which point, where it ended, the
distance in bandwidths, the cluster counts and the numbers of every sentence. The
widget of :mod:`msviz.interact.quiz` draws the cards and shows the feedback.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = np.vstack([rng.normal(0, 0.5, (30, 2)), rng.normal(5, 0.5, (30, 2))])
>>> run = QuizRun([QuizData("two", X, {"flat": 1.5})], kinds=["clusters"], rng=0)
>>> card = run.card
>>> card.kind, card.question, card.answer
('clusters', 'How many clusters does h = 3 give?', 2)
>>> feedback = run.guess(2)
>>> feedback.right, run.score, run.done
(True, 1, True)
>>> feedback.text[:64]
'Right! h = 3 gives 2 clusters. At h = 3 the density has 2 bumps,'
>>> card.neighbours  # half and twice the bandwidth, with their numbers of clusters
((1.5, 2), (6.0, 1))
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

import numpy as np

from msviz.engine import Trace, run_mean_shift
from msviz.engine._types import FloatArray, IntArray
from msviz.engine.kernels import KERNELS

__all__ = [
    "KINDS",
    "TOLERANCE",
    "Card",
    "ClustersCard",
    "Feedback",
    "KernelCard",
    "PointCard",
    "QuizData",
    "QuizRun",
    "distance_text",
    "make_card",
]

#: The kinds of card, in the order a default quiz first meets them.
KINDS = ("point", "clusters", "kernel")

#: A point card's guess is right within this many bandwidths of the true end.
TOLERANCE = 0.5

#: The kinds of a default five-card quiz (the first is always a point card).
_DEFAULT_KINDS = ("point", "clusters", "kernel", "point", "clusters")

# A clusters card's bandwidths: these times the data set's flat suggestion.
_CLUSTER_FACTORS = (0.5, 0.7, 1.0, 1.4, 2.0, 3.0)
# A point card's bandwidth: the kernel's suggestion times one of these.
_POINT_FACTORS = (0.8, 1.0, 1.25)
# A kernel card's common bandwidth: the compact kernel's suggestion times one of these.
_KERNEL_FACTORS = (0.8, 1.0, 1.25)
# The pairs of kernels a kernel card asks about (those registered here).
_KERNEL_PAIRS = (("flat", "gaussian"), ("epanechnikov", "gaussian"))


@dataclass(frozen=True, eq=False)
class QuizData:
    """A data set cards can be made from.

    Parameters
    ----------
    name : str
        Its name, for the card's text.
    X : array-like of shape (n_samples, 2)
        The data (two features: a learner clicks on the plane).
    bandwidths : mapping of str to float
        A bandwidth that makes sense for each kernel name (e.g. from
        :meth:`msviz.datasets.DatasetInfo.bandwidth_for`); "flat" is needed.
    """

    name: str
    X: FloatArray
    bandwidths: Mapping[str, float]

    def __post_init__(self) -> None:
        X = np.asarray(self.X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] < 3:
            raise ValueError(
                f"quiz data {self.name!r} must have shape (n_samples, 2) with at least 3 "
                f"samples, got {X.shape}; the cards are pictures of the plane"
            )
        if "flat" not in self.bandwidths:
            raise ValueError(f"quiz data {self.name!r} needs a bandwidth for the flat kernel")
        for kernel, h in self.bandwidths.items():
            if not (isinstance(h, numbers.Real) and math.isfinite(h) and h > 0):
                raise ValueError(f"the bandwidth of {kernel!r} for {self.name!r} must be a "
                                 f"positive number, got {h!r}")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "bandwidths", dict(self.bandwidths))

    def bandwidth(self, kernel: str) -> float:
        """The bandwidth for ``kernel``.

        A kernel without its own gets the flat one, halved if its weights never reach zero.
        """
        if kernel in self.bandwidths:
            return float(self.bandwidths[kernel])
        flat = float(self.bandwidths["flat"])
        return flat if KERNELS[kernel].compact else flat / 2


class Feedback(NamedTuple):
    """What the learner sees after a guess.

    Attributes
    ----------
    right : bool
        Whether the guess was right.
    score : int
        Cards right so far, this one included.
    text : str
        The feedback in words: right or wrong, the sentence of why, the score.
    distance : float or None
        Point cards: how far the guess was from where the point ended, in
        bandwidths; None for the other cards.
    answer : tuple of float, int or str
        The right answer: the end position, the number of clusters or the kernel name.
    guess : tuple of float, int or str
        The guess, as understood.
    """

    right: bool
    score: int
    text: str
    distance: float | None
    answer: Any
    guess: Any


@dataclass(frozen=True, eq=False)
class Card:
    """One question of a quiz (see :class:`PointCard`, :class:`ClustersCard`, :class:`KernelCard`).

    Attributes
    ----------
    kind : str
        "point", "clusters" or "kernel".
    question : str
        The question, in plain words.
    shows : str
        What the picture shows before the reveal.
    how : str
        How to answer (for Python: what :meth:`QuizRun.guess` takes).
    dataset : str
        The data set's name.
    trace : Trace
        The run the picture shows.
    kernel : str
        The name of the kernel of that run.
    bandwidth : float
        Its bandwidth h.
    why : str
        One sentence of why the answer is what it is (shown at the reveal).
    """

    kind: ClassVar[str] = ""
    question: str
    shows: str
    how: str
    dataset: str
    trace: Trace
    kernel: str
    bandwidth: float
    why: str

    def judge(self, guess: object) -> tuple[bool, float | None, str, Any]:
        """(right, distance in bandwidths or None, the verdict in words, the guess)."""
        raise NotImplementedError

    def describe(self) -> str:
        """The card in one line: its question and what the picture shows."""
        return f"{self.question} The picture shows {self.shows}."


@dataclass(frozen=True, eq=False)
class PointCard(Card):
    """Where will this point end? The picture shows step 0 and one highlighted point.

    Attributes
    ----------
    point : int
        The moving point asked about (its index in the run).
    start, end : ndarray of shape (2,)
        Where it starts and where it really ends (the run's last step).
    mode : ndarray of shape (2,)
        The cluster centre it climbed to.
    path : ndarray of shape (n_steps, 2)
        Its position at every step.
    tolerance : float
        Right within this many bandwidths of ``end``.
    """

    kind: ClassVar[str] = "point"
    point: int = 0
    start: FloatArray = field(default_factory=lambda: np.zeros(2))
    end: FloatArray = field(default_factory=lambda: np.zeros(2))
    mode: FloatArray = field(default_factory=lambda: np.zeros(2))
    path: FloatArray = field(default_factory=lambda: np.zeros((1, 2)))
    tolerance: float = TOLERANCE

    def judge(self, guess: object) -> tuple[bool, float | None, str, Any]:  # noqa: D102
        xy = _position(guess)
        h = self.bandwidth
        d = float(np.hypot(*(np.asarray(xy) - self.end))) / h
        rule = f"right means within {self.tolerance:g} h = {self.tolerance * h:.3g}"
        if d <= self.tolerance:
            verdict = f"Right! Your guess is {distance_text(d)} from where it ended ({rule})."
        else:
            verdict = (f"Not this time: your guess is {distance_text(d)} from where it ended, "
                       f"at {_xy(self.end, h)} ({rule}).")
        return d <= self.tolerance, d, verdict, xy


@dataclass(frozen=True, eq=False)
class ClustersCard(Card):
    """How many clusters does this bandwidth give? The picture shows step 0 and one window.

    Attributes
    ----------
    answer : int
        The number of clusters of the run.
    choices : tuple of int
        The numbers offered.
    window : int
        The moving point whose window is drawn (to show how big h is).
    neighbours : tuple of (float, int)
        Half and twice the bandwidth, with their numbers of clusters.
    """

    kind: ClassVar[str] = "clusters"
    answer: int = 1
    choices: tuple[int, ...] = ()
    window: int = 0
    neighbours: tuple[tuple[float, int], ...] = ()

    def judge(self, guess: object) -> tuple[bool, float | None, str, Any]:  # noqa: D102
        n = _count(guess)
        words = f"h = {self.bandwidth:.3g} gives {_clusters(self.answer)}"
        if n == self.answer:
            return True, None, f"Right! {words}.", n
        return False, None, f"Not this time: you said {n}; {words}.", n


@dataclass(frozen=True, eq=False)
class KernelCard(Card):
    """Which of two kernels made this picture? The picture shows a finished run.

    Attributes
    ----------
    answer : str
        The kernel of the run shown.
    choices : tuple of str
        The two kernel names offered.
    other : Trace
        The run of the other kernel, at the same bandwidth.
    """

    kind: ClassVar[str] = "kernel"
    answer: str = "flat"
    choices: tuple[str, ...] = ()
    other: Trace | None = None

    def judge(self, guess: object) -> tuple[bool, float | None, str, Any]:  # noqa: D102
        name = _kernel_name(guess, self.choices)
        label = KERNELS[self.answer].label
        if name == self.answer:
            return True, None, f"Right! It was the {label} kernel.", name
        return False, None, (f"Not this time: it was the {label} kernel, not the "
                             f"{KERNELS[name].label} one."), name


# --------------------------------------------------------------------------- the guesses


def _position(guess: object) -> tuple[float, float]:
    hint = "give the position where you think it ends, e.g. q.guess((1.5, -2.0))"
    if isinstance(guess, (str, bytes)) or not hasattr(guess, "__len__"):
        raise TypeError(f"this card asks where the point ends: {hint}; got {guess!r}")
    values = list(guess)  # type: ignore[call-overload]
    if len(values) != 2:
        raise ValueError(f"a position is two numbers (x, y), got {len(values)}: {hint}")
    out = []
    for axis, v in zip("xy", values, strict=True):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{axis} must be a number, got {v!r}: {hint}")
        if not math.isfinite(float(v)):
            raise ValueError(f"{axis} is {float(v)}: {hint}")
        out.append(float(v))
    return out[0], out[1]


def _count(guess: object) -> int:
    hint = "give a whole number of clusters, e.g. q.guess(3)"
    if isinstance(guess, bool) or not isinstance(guess, numbers.Real):
        raise TypeError(f"this card asks how many clusters: {hint}; got {guess!r}")
    value = float(guess)
    if not value.is_integer():
        raise ValueError(f"the number of clusters is a whole number, got {guess!r}: {hint}")
    if value < 1:
        raise ValueError(f"every run has at least 1 cluster, got {int(value)}: {hint}")
    return int(value)


def _kernel_name(guess: object, choices: Sequence[str]) -> str:
    said = " or ".join(repr(c) for c in choices)
    if not isinstance(guess, str):
        raise TypeError(f"this card asks which kernel: give its name, {said}, e.g. "
                        f"q.guess({choices[0]!r}); got {guess!r}")
    key = guess.strip().lower()
    for name in choices:
        if key in (name, KERNELS[name].label.lower()):
            return name
    raise ValueError(f"the choices are {said}, got {guess!r}; e.g. q.guess({choices[0]!r})")


# --------------------------------------------------------------------------- numbers in words


def distance_text(d: float) -> str:
    """A distance in bandwidths, in words: two decimals below 1 h, one above.

    Examples
    --------
    >>> distance_text(0.034), distance_text(2.46)
    ('0.03 h', '2.5 h')
    """
    return f"{d:.2f} h" if d < 1 else f"{d:.1f} h"


def _digits(h: float) -> int:
    """Decimals for coordinates at the scale of ``h`` (2.5 -> 1, 0.6 -> 2)."""
    return max(1, 1 - math.floor(math.log10(h)))


def _xy(p: FloatArray, h: float) -> str:
    d = _digits(h)
    return f"({p[0]:.{d}f}, {p[1]:.{d}f})"


def _clusters(n: int) -> str:
    return f"{n} cluster{'s' if n != 1 else ''}"


def _sizes(trace: Trace) -> IntArray:
    labels = np.asarray(trace.labels)
    return np.bincount(labels[labels >= 0], minlength=trace.n_clusters)


def _clean(trace: Trace) -> bool:
    """No cluster of a few stray points (a fair count to ask for)."""
    n = trace.X.shape[0]
    return bool(_sizes(trace).min() >= max(2, math.ceil(0.03 * n)))


def _run(X: FloatArray, h: float, kernel: str) -> Trace:
    return run_mean_shift(X, bandwidth=h, kernel=kernel)


# --------------------------------------------------------------------------- the cards


def _point_card(data: QuizData, rng: np.random.Generator, tolerance: float) -> PointCard:
    kernels = [k for k in ("flat", "epanechnikov", "gaussian") if k in KERNELS]
    kernel = kernels[int(rng.integers(len(kernels)))]
    h = data.bandwidth(kernel) * float(rng.choice(_POINT_FACTORS))
    trace = _run(data.X, h, kernel)
    pos = np.asarray(trace.positions)
    start, end = pos[0], pos[-1]
    travel = np.hypot(*(end - start).T) / h
    owner = np.asarray(trace.seed_labels)
    centres = np.asarray(trace.cluster_centers)
    sizes = _sizes(trace)
    big = np.zeros(len(owner), bool)
    big[owner >= 0] = sizes[owner[owner >= 0]] >= 0.05 * trace.X.shape[0]
    nearest = np.argmin(((start[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    for far in (1.0, 0.5, 0.0):
        eligible = np.flatnonzero(big & (travel >= far))
        if eligible.size:
            break
    else:  # every point is in a small cluster: the one that travels farthest
        eligible = np.array([int(np.argmax(travel))])
    # Now and then a point that does not go to the nearest mode (the interesting case).
    contested = eligible[nearest[eligible] != owner[eligible]]
    pool = contested if contested.size and rng.random() < 0.4 else eligible
    i = int(pool[int(rng.integers(pool.size))])
    mode = centres[owner[i]] if owner[i] >= 0 else end[i]
    path = pos[:, i, :].copy()
    why = _point_why(trace, i, path, mode, centres[nearest[i]], h)
    label = KERNELS[kernel].label
    card = PointCard(
        question=f"Where will the highlighted point end? ({label} kernel, h = {h:.3g})",
        shows="step 0 of a run: the data and one highlighted moving point with its window",
        how="give a position: q.guess((x, y)); click where you think it ends, or type x "
            "and y", dataset=data.name, trace=trace, kernel=kernel, bandwidth=h, why=why,
        point=i, start=path[0], end=path[-1], mode=np.asarray(mode, dtype=np.float64),
        path=path, tolerance=tolerance,
    )
    return card


def _point_why(trace: Trace, i: int, path: FloatArray, mode: FloatArray,
               near: FloatArray, h: float) -> str:
    steps = int(trace.stop_step[i])
    d_own = float(np.hypot(*(mode - path[0]))) / h
    d_near = float(np.hypot(*(near - path[0]))) / h
    taken = f"{steps} step{'s' if steps != 1 else ''}"
    if np.allclose(mode, near) or d_own <= d_near + 1e-9:
        return (f"It climbed to the nearest bump of the density: the mode at {_xy(mode, h)}, "
                f"{d_own:.1f} h from where it started, in {taken}.")
    first = path[min(1, len(path) - 1)] - path[0]
    toward = float(np.dot(first, mode - path[0])) > float(np.dot(first, near - path[0]))
    reason = ("its very first window-mean already lay on that side" if toward else
              "the density rises that way from where it started")
    return (f"It went to the mode at {_xy(mode, h)}, {d_own:.1f} h away, not to the nearer "
            f"one at {_xy(near, h)} ({d_near:.1f} h): a point near two bumps goes to the one "
            f"whose window-mean pulls harder, and {reason}. Mean shift goes uphill, not to "
            "the nearest mode.")


def _clusters_card(data: QuizData, rng: np.random.Generator) -> ClustersCard:
    h0 = data.bandwidth("flat")
    runs = [(f * h0, _run(data.X, f * h0, "flat")) for f in _CLUSTER_FACTORS]
    fair = [(h, t) for h, t in runs if _clean(t)] or [runs[_CLUSTER_FACTORS.index(1.0)]]
    h, trace = fair[int(rng.integers(len(fair)))]
    n = trace.n_clusters
    neighbours = tuple((g, _run(data.X, g, "flat").n_clusters) for g in (h / 2, h * 2))
    (hs, ns), (hl, nl) = neighbours
    smaller = (f"a smaller h ({hs:.3g}) sees finer bumps: {_clusters(ns)}" if ns > n else
               f"a smaller h ({hs:.3g}) still gives {_clusters(ns)}" if ns == n else
               f"a smaller h ({hs:.3g}) gives {_clusters(ns)}")
    larger = (f"a larger h ({hl:.3g}) blurs bumps together: {_clusters(nl)}" if nl < n else
              f"a larger h ({hl:.3g}) still gives {_clusters(nl)}" if nl == n else
              f"a larger h ({hl:.3g}) gives {_clusters(nl)}")
    bumps = "one bump, and every point climbs to its top" if n == 1 else \
        f"{n} bumps, and every point climbs to the top of its own"
    why = f"At h = {h:.3g} the density has {bumps}; {smaller}, {larger}."
    # the window drawn (to show how big h is): around the sample with most neighbours
    some = np.arange(0, data.X.shape[0], max(1, data.X.shape[0] // 300))
    inside = ((data.X[some, None, :] - data.X[None]) ** 2).sum(-1) <= h * h
    window = int(some[np.argmax(inside.sum(1))])
    return ClustersCard(
        question=f"How many clusters does h = {h:.3g} give?",
        shows="the data and one window of radius h (flat kernel), before the run",
        how="give a whole number: q.guess(3); or press a number", dataset=data.name,
        trace=trace, kernel="flat", bandwidth=h, why=why, answer=n,
        choices=tuple(range(1, max(8, n + 2) + 1)), window=window, neighbours=neighbours,
    )


def _kernel_card(data: QuizData, rng: np.random.Generator) -> KernelCard:
    pairs = [p for p in _KERNEL_PAIRS if all(k in KERNELS for k in p)]
    compact, smooth = pairs[int(rng.integers(len(pairs)))]
    h0 = data.bandwidth(compact)
    tries = []
    for f in _KERNEL_FACTORS:
        a, b = _run(data.X, f * h0, compact), _run(data.X, f * h0, smooth)
        tries.append((f * h0, a, b))
    differ = [t for t in tries if t[1].n_clusters != t[2].n_clusters and _clean(t[1])
              and _clean(t[2])]
    pool = differ or [t for t in tries if _clean(t[1]) and _clean(t[2])] or tries[1:2]
    h, a, b = pool[int(rng.integers(len(pool)))]
    first = bool(rng.integers(2))
    shown, other = (a, b) if first else (b, a)
    answer = compact if first else smooth
    choices = (compact, smooth)
    why = _kernel_why(answer, {compact: a, smooth: b})
    labels = " or ".join(KERNELS[c].label for c in choices)
    return KernelCard(
        question=f"Which kernel made this picture: {labels}? (both use h = {h:.3g})",
        shows="a finished run: the clusters, the paths and the modes",
        how=f"give a kernel name: q.guess({choices[0]!r}); or press one", dataset=data.name,
        trace=shown, kernel=answer, bandwidth=h, why=why, answer=answer, choices=choices,
        other=other,
    )


_REACH = {
    "flat": "it counts every sample inside the window fully and none outside it",
    "epanechnikov": "its weights fall smoothly to zero at the window's edge, h",
    "gaussian": "its weights fade slowly and never reach zero, so at the same h it averages "
                "over about twice as far",
}


def _kernel_why(answer: str, runs: Mapping[str, Trace]) -> str:
    (k1, t1), (k2, t2) = runs.items()
    reach = _REACH.get(answer, "that is how it weighs the samples")
    l1, l2 = KERNELS[k1].label, KERNELS[k2].label
    if t1.n_clusters != t2.n_clusters:
        (lm, nm), (lf, nf) = sorted([(l1, t1.n_clusters), (l2, t2.n_clusters)],
                                    key=lambda e: -e[1])
        outcome = (f"the {lf} run smooths the density more, so it found {_clusters(nf)}, "
                   f"and the {lm} run {_clusters(nm)}")
    else:
        s1, s2 = len(t1) - 1, len(t2) - 1
        outcome = (f"both found {_clusters(t1.n_clusters)}, but the {l1} run took {s1} steps "
                   f"and the {l2} run {s2}")
    return f"{reach[0].upper()}{reach[1:]}; {outcome}."


def make_card(kind: str, data: QuizData, rng: np.random.Generator | int | None = None, *,
              tolerance: float = TOLERANCE) -> Card:
    """Make one card of ``kind`` from ``data`` (runs mean shift; deterministic with ``rng``).

    Examples
    --------
    >>> import msviz
    >>> data = QuizData("blobs", msviz.datasets.load("blobs"), {"flat": 2.5, "gaussian": 1.25})
    >>> card = make_card("kernel", data, rng=1)
    >>> card.choices, card.answer in card.choices
    (('flat', 'gaussian'), True)
    """
    gen = np.random.default_rng(rng)
    if kind == "point":
        return _point_card(data, gen, tolerance)
    if kind == "clusters":
        return _clusters_card(data, gen)
    if kind == "kernel":
        return _kernel_card(data, gen)
    raise ValueError(f"unknown kind of card {kind!r}; the kinds are {', '.join(map(repr, KINDS))}")


# --------------------------------------------------------------------------- the run of cards


class QuizRun:
    """A run of cards and the score (the quiz without its widgets).

    Parameters
    ----------
    data : sequence of QuizData
        The data sets the cards are made from.
    kinds : sequence of str, optional
        The kind of every card, in order; default: ``n_cards`` cards, a point card
        first, then a mix of all kinds (the order picked by ``rng``).
    n_cards : int, default=5
        How many cards when ``kinds`` is not given.
    rng : int, numpy.random.Generator or None
        Picks the data sets, the points, the bandwidths and the order: the same
        int gives the same cards. None: new cards each time.
    tolerance : float, default=0.5
        A point card's guess is right within this many bandwidths of the true end.

    Attributes
    ----------
    kinds : tuple of str
    index : int
        The current card (0 for the first).
    history : list of Feedback
        The feedback of every card answered so far.

    Notes
    -----
    Cards are made when first shown (each from its own seed, drawn up front), so a
    quiz starts fast and the cards do not depend on how far it got.
    """

    def __init__(
        self,
        data: Sequence[QuizData],
        *,
        kinds: Sequence[str] | None = None,
        n_cards: int = 5,
        rng: int | np.random.Generator | None = None,
        tolerance: float = TOLERANCE,
    ) -> None:
        if not data or not all(isinstance(d, QuizData) for d in data):
            raise ValueError("a quiz needs at least one QuizData to make cards from")
        if not (isinstance(tolerance, numbers.Real) and 0 < tolerance < math.inf):
            raise ValueError(f"tolerance must be a positive number of bandwidths, got "
                             f"{tolerance!r}; try 0.5")
        gen = np.random.default_rng(rng)
        if kinds is None:
            if isinstance(n_cards, bool) or not isinstance(n_cards, numbers.Integral) \
                    or not 1 <= n_cards <= 50:
                raise ValueError(f"n_cards must be a whole number from 1 to 50, got {n_cards!r}")
            mix = [_DEFAULT_KINDS[j % len(_DEFAULT_KINDS)] for j in range(int(n_cards))]
            rest = list(gen.permutation(mix[1:])) if len(mix) > 1 else []
            kinds = [mix[0], *map(str, rest)]
        else:
            if isinstance(kinds, str) or not kinds:
                raise ValueError("kinds must be a list of card kinds, e.g. ['point', 'clusters']")
            bad = [k for k in kinds if k not in KINDS]
            if bad:
                raise ValueError(f"unknown kind of card {bad[0]!r}; the kinds are "
                                 f"{', '.join(map(repr, KINDS))}")
        self.kinds: tuple[str, ...] = tuple(kinds)
        self.data: tuple[QuizData, ...] = tuple(data)
        self.tolerance: float = float(tolerance)
        self._seeds: list[int] = [int(s) for s in gen.integers(0, 2**63 - 1, size=len(self.kinds))]
        self._cards: dict[int, Card] = {}
        self.index: int = 0
        self.history: list[Feedback] = []

    # ---------------------------------------------------------------- state
    @property
    def n_cards(self) -> int:
        """How many cards the quiz has."""
        return len(self.kinds)

    def card_at(self, j: int) -> Card:
        """Card ``j`` (made on first use)."""
        if j not in self._cards:
            gen = np.random.default_rng(self._seeds[j])
            data = self.data[int(gen.integers(len(self.data)))]
            self._cards[j] = make_card(self.kinds[j], data, gen, tolerance=self.tolerance)
        return self._cards[j]

    @property
    def card(self) -> Card:
        """The current card."""
        return self.card_at(self.index)

    @property
    def answered(self) -> bool:
        """Whether the current card has been answered."""
        return len(self.history) > self.index

    @property
    def feedback(self) -> Feedback | None:
        """The feedback of the current card, once answered."""
        return self.history[self.index] if self.answered else None

    @property
    def score(self) -> int:
        """Cards answered right so far."""
        return sum(f.right for f in self.history)

    @property
    def done(self) -> bool:
        """Whether every card has been answered."""
        return len(self.history) == self.n_cards

    def score_text(self) -> str:
        """The score in words: "2 of 3 right so far", or "3 of 5 right" at the end."""
        tail = "" if self.done else " so far"
        return f"{self.score} of {len(self.history)} right{tail}"

    # ---------------------------------------------------------------- moves
    def guess(self, guess: object) -> Feedback:
        """Answer the current card; returns the feedback (and reveals the answer).

        Raises
        ------
        TypeError, ValueError
            A guess of the wrong kind or value (the message says what the card takes).
        RuntimeError
            The card was already answered.
        """
        card = self.card
        if self.answered:
            what = ("call q.next() for the next card" if not self.done else
                    "the quiz is done; make a new one with msviz.quiz(..., rng=...)")
            raise RuntimeError(f"card {self.index + 1} is already answered: {what}")
        right, distance, verdict, understood = card.judge(guess)
        score = self.score + bool(right)
        n = len(self.history) + 1
        end = "" if n < self.n_cards else " That is the end of the quiz."
        text = f"{verdict} {card.why} Score: {score} of {n}.{end}"
        answer: Any
        if isinstance(card, PointCard):
            answer = (float(card.end[0]), float(card.end[1]))
        else:
            answer = getattr(card, "answer")  # noqa: B009 - ClustersCard and KernelCard
        feedback = Feedback(bool(right), score, text, distance, answer, understood)
        self.history.append(feedback)
        return feedback

    def next(self) -> Card:
        """Go to the next card and return it.

        Raises
        ------
        RuntimeError
            The current card is not answered yet, or it was the last card.
        """
        if not self.answered:
            raise RuntimeError(
                f"answer card {self.index + 1} first ({self.card.how}), then call q.next()"
            )
        if self.index + 1 >= self.n_cards:
            raise RuntimeError(f"that was the last card ({self.score_text()}); make a new quiz "
                               "with msviz.quiz(..., rng=...) to play again")
        self.index += 1
        return self.card

    def __repr__(self) -> str:
        return (f"QuizRun(card {self.index + 1} of {self.n_cards}, kinds={list(self.kinds)}, "
                f"score={self.score})")
