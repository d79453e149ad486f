"""Notebook 10 as a learner runs it (JupyterLab on loopback, Debian Chromium).

Run All on the repository's ``10_play.ipynb``: the density hills, the quiz and the three
drawing canvases are live ipympl canvases that paint, and the practice card's feedback
is on the page.
Screenshots go to ``tests/browser/_screenshots/play-*.png``; look at them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

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
    wait_for_text,
    wait_until,
)

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "10_play.ipynb"


def test_notebook_10_paints_its_hills_and_quiz(tmp_path: Path) -> None:
    require_chromium()
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)  # the repo's notebook stays without outputs
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-play") as page:
        open_notebook_and_run_all(page, *server, NOTEBOOK.name, timeout=240)
        canvases = page.locator(f"{IPYMPL_CANVAS}:visible")  # not the hidden hill canvases
        # three hills, the quiz, the empty drawing canvas and the two drawn ones
        wait_until(lambda: canvases.count() >= 7, 180, "the notebook's seven canvases")
        for i in range(canvases.count()):
            canvas = canvases.nth(i)
            canvas.scroll_into_view_if_needed()
            save_png(wait_for_painted(canvas, timeout=90), f"play-canvas-{i}")
            save_screenshot(page, f"play-page-{i}")
        feedback = page.locator(".msviz-quiz-feedback").last
        feedback.scroll_into_view_if_needed()
        assert "gives 3 clusters" in wait_for_text(feedback, re.compile(r"^Right!"), timeout=60)
        save_screenshot(page, "play-page-practice")
