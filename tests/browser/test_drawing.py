"""Draw your own data in a real browser (JupyterLab on loopback, Debian Chromium).

A notebook made on the fly shows ``msviz.explore("draw")`` on an ipympl canvas. The test
clicks on the empty axes (real mouse clicks): the points appear, mean shift runs once
there are two, a drag paints a cloud, and a click in Erase mode removes points. The
point count the widget reports is read from the page at each stage. Screenshots go to
``tests/browser/_screenshots/draw-*.png``; look at them.
"""

from __future__ import annotations

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

DRAW = ".msviz-draw"
CANVAS = f".msviz-canvas {IPYMPL_CANVAS}"
LABEL = ".msviz-step-label"

CELLS = ["%matplotlib widget\nimport msviz", "ex = msviz.explore('draw')\nex"]

# Figure pixels (from the top left) inside the empty axes, which span about
# x 58..407 and y 54..403 of the 828 x 446 figure.
CLICKS = [(130, 150), (170, 170), (140, 190), (330, 300), (360, 320)]


def _notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "draw.ipynb")
    return "draw.ipynb"


def _points(n: int) -> re.Pattern[str]:
    return re.compile(rf"^{n} points?;")


def test_clicks_on_the_canvas_add_points_and_the_picture_follows(tmp_path: Path) -> None:
    require_chromium()
    name = _notebook(tmp_path)
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-draw") as page:
        open_notebook_and_run_all(page, *server, name, timeout=180)
        page.locator(DRAW).first.scroll_into_view_if_needed()
        canvas = page.locator(CANVAS).first
        count = page.locator(".msviz-draw-count").first
        empty = wait_for_painted(canvas, min_colours=4, timeout=60)
        save_png(empty, "draw-empty")
        save_screenshot(page, "draw-page-empty")
        assert widget_text(page.locator(LABEL)).startswith("click to add points")
        box = canvas.bounding_box()
        assert box is not None

        picture = empty
        for n, (x, y) in enumerate(CLICKS, start=1):
            page.mouse.click(box["x"] + x, box["y"] + y)
            wait_for_text(count, _points(n), timeout=60)
            picture = wait_for_png_change(canvas, picture, min_fraction=0.0005, timeout=60)
        # five points: a run is shown (its step label), the picture is not the empty one
        wait_for_text(page.locator(LABEL), re.compile(r"^step 0 / \d+"), timeout=60)
        assert "Oops" not in widget_text(page.locator(".msviz-messages"))
        save_png(picture, "draw-clicks")
        save_screenshot(page, "draw-page-clicks")

        # a drag paints a cloud: one run on release
        page.mouse.move(box["x"] + 200, box["y"] + 330)
        page.mouse.down()
        for k in range(1, 21):
            page.mouse.move(box["x"] + 200 + 6 * k, box["y"] + 330 - 3 * k)
        page.mouse.up()
        text = wait_for_text(count, re.compile(rf"^(?!{len(CLICKS)} )\d+ points;"), timeout=60)
        painted = int(text.split()[0])
        assert painted > len(CLICKS) + 3, text
        wait_for_text(page.locator(LABEL), re.compile(rf"start: {painted} points"), timeout=60)
        picture = wait_for_png_change(canvas, picture, min_fraction=0.002, timeout=60)
        save_png(picture, "draw-cloud")
        save_screenshot(page, "draw-page-cloud")

        # erase: a click on the first clicked point removes it (and any near it)
        page.locator(".msviz-draw-mode button", has_text="erase").first.click()
        page.mouse.click(box["x"] + CLICKS[0][0], box["y"] + CLICKS[0][1])
        text = wait_for_text(count, re.compile(rf"^(?!{painted} )\d+ points?;"), timeout=60)
        left = int(text.split()[0])
        assert left < painted, text
        wait_for_text(page.locator(LABEL), re.compile(rf"start: {left} points"), timeout=60)
        picture = wait_for_png_change(canvas, picture, min_fraction=0.0005, timeout=60)
        save_png(picture, "draw-erase")
        save_screenshot(page, "draw-page-erase")
        assert "Oops" not in widget_text(page.locator(".msviz-messages"))
