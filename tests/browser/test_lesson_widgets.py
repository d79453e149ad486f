"""The Q8 and Q10 widgets in a real browser (JupyterLab on loopback, Debian Chromium).

A small notebook made on the fly shows ``msviz.explore_ring_weights`` and
``msviz.outcome_by_cluster``; the test runs it, checks that both ipympl canvases
paint and fit the page, and moves the "shift the data" slider with the keyboard:
the picture must change. Screenshots go to ``tests/browser/_screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .harness import (
    IPYMPL_CANVAS,
    chromium_page,
    find_slider,
    jupyter_lab,
    open_notebook_and_run_all,
    press_slider_key,
    require_chromium,
    save_png,
    save_screenshot,
    slider_value,
    wait_for_painted,
    wait_for_png_change,
    wait_until,
)

pytestmark = pytest.mark.browser

CELLS = [
    "%matplotlib widget\nimport msviz",
    "msviz.explore_ring_weights(shift=5)",
    "from msviz import datasets\n"
    "df = datasets.load_titanic()\n"
    "X, names = datasets.titanic_features(df)\n"
    "msviz.outcome_by_cluster(X, df['survived'], feature_names=names)",
]


def _notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python",
    }
    nbformat.write(nb, folder / "lesson_widgets.ipynb")
    return "lesson_widgets.ipynb"


def _fits(page, box_selector: str) -> None:
    box = page.locator(box_selector).first.bounding_box()
    canvas = page.locator(f"{box_selector} {IPYMPL_CANVAS}").first.bounding_box()
    assert box is not None and canvas is not None
    assert canvas["width"] > 500, f"{box_selector}: the figure is only {canvas['width']:.0f} px"
    assert canvas["x"] + canvas["width"] <= page.viewport_size["width"] + 1, (
        f"{box_selector}: the figure is cut off at the right"
    )


def test_ring_weights_and_outcome_widgets_render_and_respond(tmp_path: Path) -> None:
    require_chromium()
    name = _notebook(tmp_path)
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-lesson-widgets") as page:
        open_notebook_and_run_all(page, *server, name, timeout=180)

        ring = page.locator(".msviz-ring-weights").first
        ring.scroll_into_view_if_needed()
        canvas = page.locator(f".msviz-ring-weights {IPYMPL_CANVAS}").first
        before = wait_for_painted(canvas, timeout=60)
        save_png(before, "lesson-ring-weights-shift5")
        _fits(page, ".msviz-ring-weights")
        slider = find_slider(page, ".msviz-ring-shift")
        # Issue 10: the browser's slider snapped shift 5 to 5.134 (its grid began at
        # -37.134), so the numbers no longer matched notebook 4's text.
        assert slider_value(slider) == 5
        wait_until(lambda: "|mean| = 7.162," in ring.inner_text(), 15, "the |mean| of shift 5")
        press_slider_key(slider, "ArrowRight", times=5)
        after = wait_for_png_change(canvas, before, min_fraction=0.002)
        save_png(after, "lesson-ring-weights-moved")

        outcome = page.locator(".msviz-outcome").first
        outcome.scroll_into_view_if_needed()
        bars = wait_for_painted(page.locator(f".msviz-outcome {IPYMPL_CANVAS}").first, timeout=60)
        save_png(bars, "lesson-outcome-bars")
        _fits(page, ".msviz-outcome")
        save_screenshot(page, "lesson-widgets-page")


def test_scale_space_paints_both_canvases_before_any_slider_moves(tmp_path: Path) -> None:
    """Issue 10: the scale-space canvases were reported blank until the first slider move."""
    require_chromium()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in
                ["%matplotlib widget\nimport msviz", 'msviz.scale_space("multiscale")']]
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python",
    }
    nbformat.write(nb, tmp_path / "scale_space.ipynb")
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-scale-space") as page:
        open_notebook_and_run_all(page, *server, "scale_space.ipynb", timeout=180)
        box = page.locator(".msviz-scale-space").first
        box.scroll_into_view_if_needed()
        curve = page.locator(f".msviz-scale-canvas {IPYMPL_CANVAS}").first
        run = page.locator(f".msviz-scale-space .msviz-canvas {IPYMPL_CANVAS}").first
        # nothing touched: both must paint on their own (the run's canvas is below)
        save_png(wait_for_painted(curve, min_colours=20, timeout=30), "lesson-scale-curve")
        run.scroll_into_view_if_needed()
        save_png(wait_for_painted(run, min_colours=20, timeout=30), "lesson-scale-run")
        save_screenshot(page, "lesson-scale-space-page")
