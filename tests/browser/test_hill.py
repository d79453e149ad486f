"""The density hill in a real browser: JupyterLab, ipympl, Debian Chromium (issue 13, part 2).

A notebook made on the fly does what the :class:`msviz.HillView` docstring tells a
learner: ``%matplotlib widget``, ``HillView(trace).plot()`` and an ipywidgets step
slider that calls ``view.update``. The hill must paint (not blank), the slider must
move the points up the hill (the vermillion of the moving points rises on the
screen), and a drag with the mouse must turn the camera. Screenshots go to
``tests/browser/_screenshots/lab-hill-*.png``: look at them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .harness import (
    IPYMPL_CANVAS,
    chromium_page,
    colour_centroid,
    drag_and_wait,
    find_slider,
    jupyter_lab,
    open_notebook_and_run_all,
    png_colours,
    png_difference,
    press_slider_key,
    require_chromium,
    save_png,
    save_screenshot,
    wait_for_painted,
    wait_for_png_change,
)

pytestmark = pytest.mark.browser

CELLS = [
    "%matplotlib widget\nimport ipywidgets as widgets\nimport msviz",
    "trace = msviz.run_mean_shift(msviz.datasets.load('blobs'), bandwidth=2.5, "
    "kernel='gaussian')\n"
    "view = msviz.HillView(trace).plot()\n"
    "slider = widgets.IntSlider(0, 0, view.n_steps - 1, description='step')\n"
    "slider.add_class('hill-slider')\n"
    "slider.observe(lambda change: view.update(change['new']), names='value')\n"
    "slider",
]

MOVING = (213, 94, 0)  # msviz.draw.style.MOVING, vermillion


def _notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "hill.ipynb")
    return "hill.ipynb"


def test_the_hill_renders_and_its_slider_moves_the_points(tmp_path: Path) -> None:
    require_chromium()
    name = _notebook(tmp_path)
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-hill") as page:
        open_notebook_and_run_all(page, *server, name, timeout=180)
        canvas = page.locator(IPYMPL_CANVAS).first
        canvas.scroll_into_view_if_needed()
        start = wait_for_painted(canvas, min_colours=40, timeout=90)
        page.wait_for_timeout(1500)  # the kernel idle, the last frame in
        start = wait_for_painted(canvas, min_colours=40)
        save_png(start, "lab-hill-step0")
        save_screenshot(page, "lab-hill-page-step0")
        assert png_colours(start) > 200, "the hill is (nearly) blank"
        low = colour_centroid(start, MOVING, tol=30)
        assert low is not None, "no moving (vermillion) points on the hill at step 0"

        slider = find_slider(page, ".hill-slider")
        assert press_slider_key(slider, "ArrowRight", times=2) == 2
        climbed = wait_for_png_change(canvas, start, min_fraction=0.002, timeout=30)
        page.wait_for_timeout(1000)
        climbed = wait_for_png_change(canvas, start, min_fraction=0.002)
        save_png(climbed, "lab-hill-step2")
        high = colour_centroid(climbed, MOVING, tol=30)
        assert high is not None, "the moving points vanished at step 2"
        # up the hill is up the screen: the vermillion rose (y grows downwards)
        assert high[1] < low[1] - 5, f"the points did not climb: centroid {low} -> {high}"

        # the camera turns with a drag (ipympl sends the mouse to mplot3d)
        turned = drag_and_wait(page, canvas, climbed)
        save_png(turned, "lab-hill-turned")
        save_screenshot(page, "lab-hill-page-turned")
        assert png_difference(turned, climbed) > 0.05, "a drag did not turn the hill"
