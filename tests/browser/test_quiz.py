"""The quiz in a real browser (JupyterLab on loopback, Debian Chromium): a click gives feedback.

A notebook made on the fly shows ``msviz.quiz`` on an ipympl canvas and, below it, where
the point of the first card really ends, in the figure's pixels. The test clicks there
on the canvas (a real mouse click): the feedback must say "Right!" on the page, the
picture must change and Play must carry the point to its end; then "next card" and a
press on a number answer the clusters card. Screenshots go to
``tests/browser/_screenshots/quiz-*.png``; look at them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from .harness import (
    IPYMPL_CANVAS,
    chromium_page,
    jupyter_lab,
    open_notebook_and_run_all,
    require_chromium,
    save_png,
    save_screenshot,
    wait_for_painted,
    wait_for_png_change,
    wait_for_text,
    widget_text,
)

pytestmark = pytest.mark.browser

QUIZ = ".msviz-quiz"
CANVAS = f".msviz-quiz-canvas {IPYMPL_CANVAS}"
FEEDBACK = ".msviz-quiz-feedback"
LABEL = ".msviz-step-label"

CELLS = [
    "%matplotlib widget\nimport msviz",
    "q = msviz.quiz('blobs', rng=0, kinds=['point', 'clusters'])\nq",
    # where the first card's point ends, in figure pixels from the top left (a test hook)
    "import ipywidgets, json\n"
    "x, y = q.picture.ax.transData.transform(q.card.end)\n"
    "w, h = q.surface.pixel_size()\n"
    "target = ipywidgets.HTML(json.dumps([float(x), float(h - y), w, h]))\n"
    "target.add_class('quiz-target')\ntarget",
]


def _notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "quiz.ipynb")
    return "quiz.ipynb"


def test_a_click_on_the_quiz_canvas_gives_feedback(tmp_path: Path) -> None:
    require_chromium()
    name = _notebook(tmp_path)
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-quiz") as page:
        open_notebook_and_run_all(page, *server, name, timeout=180)
        page.locator(QUIZ).first.scroll_into_view_if_needed()
        canvas = page.locator(CANVAS).first
        before = wait_for_painted(canvas, timeout=60)
        save_png(before, "quiz-point-before")
        save_screenshot(page, "quiz-page-point-before")
        assert widget_text(page.locator(FEEDBACK)) == ""
        question = widget_text(page.locator(".msviz-quiz-question"))
        assert question.startswith("Where will the highlighted point end?")
        assert "Click where you think it will end" in question

        x, y, w, h = json.loads(widget_text(page.locator(".quiz-target")))
        box = canvas.bounding_box()
        assert box is not None and abs(box["width"] - w) <= 2 and abs(box["height"] - h) <= 2
        page.mouse.click(box["x"] + x, box["y"] + y)  # on the true end: right within 0.5 h
        text = wait_for_text(page.locator(FEEDBACK), re.compile(r"^Right! Your guess is 0\.0"),
                             timeout=30)
        assert "Score: 1 of 1." in text
        assert "1 of 1 right so far" in widget_text(page.locator(".msviz-quiz-score"))
        after = wait_for_png_change(canvas, before, min_fraction=0.1, timeout=30)  # the hill
        save_png(after, "quiz-point-after-click")
        # Play started by itself: the point is carried to where it ends
        wait_for_text(page.locator(LABEL), re.compile(r"^step (\d+) / \1 · it has stopped"),
                      timeout=30)
        end = wait_for_png_change(canvas, after, min_fraction=0.0005)
        save_png(end, "quiz-point-played")
        save_screenshot(page, "quiz-page-point-after")

        page.locator(".msviz-quiz-next button, button.msviz-quiz-next").first.click()
        wait_for_text(page.locator(".msviz-quiz-question"),
                      re.compile(r"^How many clusters does h = "), timeout=30)
        # the new card's picture: the data and one window, without the density hill
        clusters = wait_for_png_change(canvas, end, min_fraction=0.1, timeout=30)
        save_png(clusters, "quiz-clusters-before")
        page.locator(".msviz-quiz-choice").nth(2).click()  # "3"
        text = wait_for_text(page.locator(FEEDBACK),
                             re.compile(r"^(Right!|Not this time: you said 3;)"), timeout=30)
        assert "That is the end of the quiz." in text
        wait_for_text(page.locator(".msviz-quiz-score"),
                      re.compile(r"score: [12] of 2 right$"))
        # the finished run: the density hill and the coloured clusters cover much of it
        save_png(wait_for_png_change(canvas, clusters, min_fraction=0.1, timeout=30),
                 "quiz-clusters-after")
        save_screenshot(page, "quiz-page-clusters-after")
