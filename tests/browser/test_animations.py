"""Every animation in the notebooks shows its first frame before Play (issue 10, item 3).

The notebooks are opened and run in JupyterLab with its *default* notebook windowing
(what a learner gets from ``make lab``; the other browser tests switch windowing off).
With matplotlib's own player Chromium left the picture at zero size there: buttons,
no picture, until Play. Each player must show a picture of the frame's size, not
blank, with its slider still at the first frame. Screenshots go to
``tests/browser/_screenshots/animation-*.png``; look at them.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from .harness import (
    chromium_page,
    element_png,
    jupyter_lab,
    open_notebook_and_run_all,
    png_colours,
    require_chromium,
    save_png,
)

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
# notebook -> how many animations it shows when run as stored
WITH_MOVIES = {
    "01_start_here.ipynb": 1,
    "04_dynamic_bandwidth.ipynb": 2,
    "06_exercises.ipynb": 3,
    "solutions/06_exercises_solutions.ipynb": 3,
}


def _players(page) -> list[dict]:
    return page.evaluate(
        """() => [...window.__msvizPanel.node.querySelectorAll('.animation')].map(a => {
            const img = a.querySelector('img'), r = img.getBoundingClientRect();
            const slider = a.querySelector('input[type=range]');
            return {width: r.width, height: r.height, natural: img.naturalHeight,
                    src: (img.currentSrc || '').slice(0, 22), frame: slider.value}; })"""
    )


def test_every_animation_shows_its_first_frame_before_play(tmp_path: Path) -> None:
    require_chromium()
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, folder)
    seen: dict[str, int] = {}
    with jupyter_lab(folder, windowing=None) as (base, token), chromium_page() as page:
        for notebook, expected in WITH_MOVIES.items():
            open_notebook_and_run_all(page, base, token, notebook, timeout=400)
            panel = page.evaluate("() => window.__msvizPanel.id")
            players = page.locator(f"[id='{panel}'] .animation")
            assert players.count() == expected, f"{notebook}: {players.count()} animations"
            for i in range(players.count()):
                player = players.nth(i)
                player.scroll_into_view_if_needed()
                time.sleep(0.5)
                img = player.locator("img")
                png = element_png(img)
                save_png(png, f"animation-{Path(notebook).stem}-{i}")
                info = _players(page)[i]
                assert info["frame"] == "0", f"{notebook} #{i} is not at its first frame"
                assert info["src"].startswith("data:image/png"), f"{notebook} #{i}: no frame"
                assert info["height"] > 200 and info["width"] > 400, (
                    f"{notebook} #{i}: the picture is laid out at "
                    f"{info['width']:.0f} x {info['height']:.0f} px"
                )
                assert info["height"] == pytest.approx(info["natural"], rel=0.35)
                assert png_colours(png) > 50, f"{notebook} #{i}: the picture is blank"
            # issue 10: pyplot's figures are plain pictures (msviz.setup_notebook in the
            # first cell), not ipympl canvases captioned "Figure N" with a resize grip
            figures = page.locator(f"[id='{panel}'] .jupyter-matplotlib")
            if notebook == "01_start_here.ipynb":
                assert figures.count() >= 1, f"{notebook}: no ipympl figure to check"
            captions = page.locator(f"[id='{panel}'] .jupyter-matplotlib-header:visible")
            grips = page.locator(f"[id='{panel}'] .jupyter-matplotlib-footer:visible")
            assert captions.count() == 0, (
                f"{notebook}: {captions.count()} figures show ipympl's caption "
                f"({captions.first.inner_text()!r})")
            assert grips.count() == 0, f"{notebook}: {grips.count()} figures show a footer"
            seen[notebook] = players.count()
            page.evaluate("() => window.__msvizPanel.sessionContext.shutdown()")
    assert seen == WITH_MOVIES
