"""The quiz (issue 13, part 3): cards, scoring, determinism, the widget, clicks, bad guesses."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.text import Text

import msviz
from msviz import datasets
from msviz.interact.quiz import Quiz, _quiz_data
from msviz.scene.quiz import ClustersCard, KernelCard, PointCard, QuizData, QuizRun


def _quiz(kinds, rng=0, data="blobs", **kw) -> Quiz:
    return msviz.quiz(data, rng=rng, kinds=kinds, backend=kw.pop("backend", "image"), **kw)


def _run(kinds, rng=0, data="blobs", **kw) -> QuizRun:
    """The quiz without its widgets (the same cards as ``_quiz`` for the same arguments)."""
    return QuizRun(_quiz_data(data, None), kinds=kinds, rng=rng, **kw)


def _signature(card) -> tuple:
    """What makes a card this card: its data, run, point or answer and its words."""
    extra = card.point if isinstance(card, PointCard) else card.answer
    return (card.kind, card.dataset, round(card.bandwidth, 12), card.kernel, extra,
            card.question, card.why)


# --------------------------------------------------------------------------- point cards


def test_point_card_scores_an_exact_guess_right_and_a_far_one_wrong():
    q = _quiz(["point"], rng=3)
    card = q.card
    assert isinstance(card, PointCard)
    trace = card.trace
    end = np.asarray(trace.positions[-1, card.point])  # the trace's true end position
    np.testing.assert_allclose(card.end, end)
    np.testing.assert_allclose(card.start, trace.positions[0, card.point])
    h = float(trace.bandwidth)
    assert np.hypot(*(end - card.start)) / h >= 0.5, "the point should travel: staying is wrong"
    fb = q.guess(tuple(end))
    assert fb.right and fb.distance == pytest.approx(0.0, abs=1e-12) and fb.score == 1
    assert fb.text.startswith("Right!") and "Score: 1 of 1." in fb.text
    assert q.score == 1 and q.done

    far = _quiz(["point"], rng=3)
    guess = end + np.array([3.0 * h, -4.0 * h])  # 5 bandwidths away
    fb = far.guess(tuple(guess))
    assert not fb.right and fb.score == 0 and far.score == 0
    assert fb.distance == pytest.approx(np.hypot(*(guess - end)) / h) == pytest.approx(5.0)
    assert fb.text.startswith("Not this time: your guess is 5.0 h from where it ended")
    assert "right means within 0.5 h" in fb.text


def test_point_card_rule_is_half_a_bandwidth_and_tolerance_changes_it():
    def distance_right(frac, tolerance=0.5):
        q = _run(["point"], rng=5, tolerance=tolerance)
        c = q.card
        fb = q.guess((c.end[0] + frac * c.bandwidth, c.end[1]))
        return round(fb.distance, 6), fb.right

    assert distance_right(0.49) == (0.49, True)
    assert distance_right(0.51) == (0.51, False)
    assert distance_right(0.9, tolerance=1.0) == (0.9, True)


def test_point_card_why_names_the_mode_it_climbed_to():
    for seed in range(6):
        card = _run(["point"], rng=seed).card
        trace = card.trace
        mode = trace.cluster_centers[trace.seed_labels[card.point]]
        np.testing.assert_allclose(card.mode, mode)
        d = max(1, 1 - int(np.floor(np.log10(card.bandwidth))))
        assert f"the mode at ({mode[0]:.{d}f}, {mode[1]:.{d}f})" in card.why


# --------------------------------------------------------------------------- clusters, kernels


def test_clusters_card_right_and_wrong():
    q = _quiz(["clusters"], rng=1)
    card = q.card
    assert isinstance(card, ClustersCard) and card.kernel == "flat"
    X = datasets.load(card.dataset)
    n = msviz.run_mean_shift(X, bandwidth=card.bandwidth).n_clusters
    assert card.answer == n and n in card.choices
    assert f"h = {card.bandwidth:.3g} give" in card.question
    fb = q.guess(n)
    assert fb.right and fb.answer == n and fb.distance is None
    assert f"gives {n} cluster" in fb.text
    # the sentence's numbers: half and twice h, each run again here
    (hs, ns), (hl, nl) = card.neighbours
    assert hs == pytest.approx(card.bandwidth / 2) and hl == pytest.approx(2 * card.bandwidth)
    assert ns == msviz.run_mean_shift(X, bandwidth=hs).n_clusters
    assert nl == msviz.run_mean_shift(X, bandwidth=hl).n_clusters
    assert f"a larger h ({hl:.3g})" in fb.text

    wrong = _quiz(["clusters"], rng=1)
    fb = wrong.guess(n + 1)
    assert not fb.right and fb.score == 0
    assert fb.text.startswith(f"Not this time: you said {n + 1};")


def test_kernel_card_right_and_wrong():
    q = _quiz(["kernel"], rng=2)
    card = q.card
    assert isinstance(card, KernelCard) and card.answer in card.choices and len(card.choices) == 2
    other = next(c for c in card.choices if c != card.answer)
    X = datasets.load(card.dataset)
    # the picture is the answer's run, the other run is the other kernel's, same h
    for kernel, trace in ((card.answer, card.trace), (other, card.other)):
        assert trace.kernel.name == kernel and trace.bandwidth == card.bandwidth
        again = msviz.run_mean_shift(X, bandwidth=card.bandwidth, kernel=kernel)
        np.testing.assert_allclose(trace.positions, again.positions)
    label = msviz.KERNELS[card.answer].label
    fb = q.guess(label.upper())  # the label works too, in any case
    assert fb.right and fb.answer == card.answer and fb.guess == card.answer
    assert fb.text.startswith(f"Right! It was the {label} kernel.")

    wrong = _quiz(["kernel"], rng=2)
    fb = wrong.guess(other)
    assert not fb.right
    assert f"it was the {label} kernel, not the {msviz.KERNELS[other].label} one" in fb.text


def test_the_kernel_picture_does_not_give_its_kernel_away():
    for seed in range(2):
        q = _quiz(["kernel"], rng=seed)
        texts = [t.get_text() for t in q.fig.findobj(Text) if t.get_visible()]
        legend = " ".join(t.get_text() for t in q.picture.ax.get_legend().get_texts())
        assert "σ" not in legend and "window" not in legend  # the Gaussian's 2 rings
        for label in (msviz.KERNELS[c].label for c in q.card.choices):
            assert sum(label in t for t in texts) == 1, f"{label!r} outside the question"
        q.guess(q.card.answer)
        titles = [ax.get_title(loc="left") for ax in q.fig.axes]
        assert titles[0].startswith(f"this picture: {msviz.KERNELS[q.card.answer].label}")


# --------------------------------------------------------------------------- determinism


def test_the_same_rng_gives_the_same_cards_and_another_rng_others():
    def cards(rng):
        q = msviz.quiz(None, rng=rng, backend="image")
        return q.run.kinds, [_signature(q.run.card_at(j)) for j in range(q.run.n_cards)]

    kinds, first = cards(0)
    assert kinds[0] == "point" and set(kinds) == {"point", "clusters", "kernel"}
    assert len(kinds) == 5
    assert cards(0) == (kinds, first)
    assert cards(np.random.default_rng(0)) == (kinds, first)  # a Generator, seeded the same
    assert cards(1) != (kinds, first)


def test_the_widget_and_the_run_make_the_same_cards():
    q, run = _quiz(["point", "kernel"], rng=9), _run(["point", "kernel"], rng=9)
    assert _signature(q.card) == _signature(run.card)
    assert _signature(q.run.card_at(1)) == _signature(run.card_at(1))


def test_cards_do_not_depend_on_the_order_they_are_made_in():
    data = [QuizData("blobs", datasets.load("blobs"), {"flat": 2.5, "gaussian": 1.25})]
    a = QuizRun(data, kinds=["point", "clusters", "point"], rng=7)
    b = QuizRun(data, kinds=["point", "clusters", "point"], rng=7)
    assert _signature(a.card_at(2)) == _signature(b.card_at(2))
    assert _signature(a.card_at(0)) == _signature(b.card_at(0))


# --------------------------------------------------------------------------- the widget


def test_image_widget_typed_answers_give_the_same_feedback_as_guess():
    kinds = ["point", "clusters", "kernel"]
    python, typed = _quiz(kinds, rng=4), _quiz(kinds, rng=4)
    assert typed.backend == "image" and bytes(typed.canvas.value[:4]) == b"\x89PNG"
    assert "Type where you think it will end" in typed.question.value
    guesses = []
    for j in range(3):
        card = python.card
        assert _signature(card) == _signature(typed.card)
        if j == 0:
            guess = (round(card.end[0] + 0.3, 2), round(card.end[1] - 1.1, 2))
        elif j == 1:
            guess = card.answer - 1 if card.answer > 1 else 2
        else:
            guess = card.choices[0]
        guesses.append(guess)
        expected = python.guess(guess)
        assert typed.slider.disabled and typed.feedback_text.value == ""
        before = bytes(typed.canvas.value)
        if j == 0:
            typed.x.value, typed.y.value = f"{guess[0]}", f"{guess[1]}".replace(".", ",")
            typed.check.click()
        else:
            button = typed.choices[list(card.choices).index(guess)]
            button.click()
        got = typed.feedback
        assert got is not None, typed.messages
        assert (got.right, got.score, got.text, got.guess) == \
            (expected.right, expected.score, expected.text, expected.guess)
        assert got.distance == expected.distance
        assert expected.text.split(" Score:")[0][:40] in typed.feedback_text.value
        assert f"{typed.score} of {j + 1} right" in typed.header.value
        assert bytes(typed.canvas.value) != before, "the reveal changed the picture"
        assert not typed.slider.disabled or typed.picture.last == 0
        if j < 2:
            assert not typed.next_button.disabled
            typed.next_button.click()
            python.next()
    assert typed.done and typed.next_button.disabled
    assert "That was the last card" in typed.feedback_text.value
    assert f"{typed.score} of 3 right" in typed.feedback_text.value


def test_point_reveal_draws_the_guess_and_the_end_and_plays_the_path():
    q = _quiz(["point"], rng=0)
    card = q.card
    assert q.slider.disabled and q.play.disabled
    legend = [t.get_text() for t in q.picture.ax.get_legend().get_texts()]
    assert "your guess" not in legend and "the point to follow" in legend
    guess = (card.end[0] + 2 * card.bandwidth, card.end[1])
    q.guess(guess)
    legend = [t.get_text() for t in q.picture.ax.get_legend().get_texts()]
    for entry in ("your guess", "where it ended", "its path", "right: within 0.5 h of the end"):
        assert entry in legend
    star, modes, plus = q.picture.marks
    np.testing.assert_allclose(star.get_xydata(), [card.end])
    np.testing.assert_allclose(plus.get_xydata(), [guess])
    np.testing.assert_allclose(modes.get_xydata(), card.trace.cluster_centers)
    assert q.fig.texts[0].get_text().startswith("Not this time: your guess was 2.0 h")
    # the reveal: Play starts at step 0 (the browser plays it), the slider moves the point
    assert q.play.playing and q.slider.value == 0 and q.slider.max == len(card.trace) - 1
    assert not q.slider.disabled
    for k in (1, q.slider.max):
        q.slider.value = k
        np.testing.assert_allclose(q.picture.point.get_xydata(), card.path[k : k + 1])
        assert len(q.picture.trail.get_xdata()) == k + 1
    assert "it has stopped" in q.step_label.value


def test_a_click_on_the_ipympl_canvas_guesses_there():
    q = _quiz(["point", "clusters"], rng=1, backend="ipympl")
    assert q.backend == "ipympl"
    card = q.card
    assert "Click where you think it will end" in q.question.value
    target = card.end + np.array([0.7, -0.4]) * card.bandwidth
    x, y = q.picture.ax.transData.transform(target)
    event = MouseEvent("button_press_event", q.fig.canvas, x, y, button=1)
    q.fig.canvas.callbacks.process("button_press_event", event)
    fb = q.feedback
    assert fb is not None, q.messages
    np.testing.assert_allclose(fb.guess, target, atol=1e-9 * card.bandwidth)
    assert fb.distance == pytest.approx(np.hypot(0.7, -0.4), rel=1e-6) and not fb.right
    # a second click does not guess again; on the clusters card a click does nothing
    q.fig.canvas.callbacks.process("button_press_event", event)
    assert len(q.history) == 1 and q.messages == ""
    q.next()
    q.fig.canvas.callbacks.process("button_press_event", event)
    assert q.feedback is None and q.card.kind == "clusters"


# --------------------------------------------------------------------------- bad guesses


def test_bad_guesses_say_what_to_do():
    q = _quiz(["point", "clusters", "kernel"], rng=0)
    with pytest.raises(RuntimeError, match=r"answer card 1 first \(give a position"):
        q.next()
    with pytest.raises(ValueError, match=r"x is nan: give the position .* q.guess\(\(1.5, "):
        q.guess((float("nan"), 1.0))
    with pytest.raises(ValueError, match="a position is two numbers"):
        q.guess((1.0, 2.0, 3.0))
    with pytest.raises(TypeError, match="this card asks where the point ends"):
        q.guess(3)
    with pytest.raises(TypeError, match="y must be a number"):
        q.guess((1.0, "2"))
    assert q.history == [] and q.feedback_text.value == ""  # nothing was answered
    q.guess((0.0, 0.0))
    with pytest.raises(RuntimeError, match=r"card 1 is already answered: call q.next\(\)"):
        q.guess((1.0, 1.0))
    q.next()
    with pytest.raises(TypeError, match=r"how many clusters: give a whole number"):
        q.guess("three")
    with pytest.raises(ValueError, match="the number of clusters is a whole number, got 2.5"):
        q.guess(2.5)
    with pytest.raises(ValueError, match="at least 1 cluster"):
        q.guess(0)
    with pytest.raises(TypeError, match="how many clusters"):
        q.guess(True)
    q.guess(3.0)  # a whole float is a number of clusters
    q.next()
    with pytest.raises(ValueError, match="the choices are .* got 'cosine'"):
        q.guess("cosine")
    with pytest.raises(TypeError, match="which kernel: give its name"):
        q.guess(1)
    q.guess(q.card.choices[1])
    with pytest.raises(RuntimeError, match=r"that was the last card \(.* of 3 right\)"):
        q.next()
    with pytest.raises(RuntimeError, match="the quiz is done"):
        q.guess("flat")


def test_bad_typed_guesses_show_a_message_and_leave_the_card_open():
    q = _quiz(["point"], rng=0)
    q.x.value, q.y.value = "abc", "1"
    q.check.click()
    assert "type a number in the x box (e.g. 1.5), got 'abc'" in q.messages
    assert q.feedback is None and not q.check.disabled
    q.x.value, q.y.value = "1", "inf"
    q.check.click()
    assert "type an ordinary number in the y box" in q.messages
    q.x.value = "1"
    q.y.value = "2"
    q.check.click()
    assert q.feedback is not None and q.messages == "" and q.check.disabled


def test_bad_arguments_say_what_to_do():
    with pytest.raises(ValueError, match="'iris' cannot make quiz cards.*'blobs'"):
        msviz.quiz("iris", backend="image")
    with pytest.raises(ValueError, match="did you mean 'blobs'"):
        msviz.quiz("blobz", backend="image")
    with pytest.raises(TypeError, match=r"a data-set name or a list of names"):
        msviz.quiz(np.zeros((10, 2)), backend="image")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown kind of card 'points'"):
        msviz.quiz("blobs", kinds=["points"], backend="image")
    with pytest.raises(ValueError, match="tolerance must be a positive number"):
        msviz.quiz("blobs", tolerance=0, backend="image")
    with pytest.raises(ValueError, match="n_cards must be a whole number"):
        msviz.quiz("blobs", n_cards=0, backend="image")
    with pytest.raises(ValueError, match=r"shape \(n_samples, 2\)"):
        QuizData("three-d", np.zeros((5, 3)), {"flat": 1.0})


def test_quiz_is_exported_and_listed():
    assert "quiz" in dir(msviz) and msviz.quiz is msviz.interact.quiz.quiz
    q = msviz.quiz(["moons", "varied"], rng=0, n_cards=2, backend="image")
    assert q.run.n_cards == 2 and {c.name for c in q.run.data} == {"moons", "varied"}
    assert "msviz-quiz" in q.widget._dom_classes
    assert repr(q).startswith("Quiz(card 1 of 2: point")
    q.close()
