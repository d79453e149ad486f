"""The browser harness, exercised on a small stand-in for ``msviz.explore``.

JupyterLab and Voilà on 127.0.0.1, Debian Chromium driven by Playwright. A missing
browser FAILS these tests (CI installs it): apt-get install chromium chromium-driver.

When ``msviz.explore`` exists, the real test only swaps the notebook it opens and the
CSS classes it looks for (``.standin-slider``, ``.standin-label``, ...).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import (
    IPYMPL_CANVAS,
    chromium_page,
    click_play,
    colour_centroid,
    element_png,
    find_slider,
    jupyter_lab,
    open_notebook_and_run_all,
    open_voila,
    press_slider_key,
    require_chromium,
    save_png,
    save_screenshot,
    slider_value,
    voila,
    wait_for_painted,
    wait_for_text,
    wait_until,
    widget_text,
)

pytestmark = pytest.mark.browser

STANDIN = Path(__file__).with_name("standin.ipynb")
N_STEPS = 10  # as in standin.ipynb
RED = (214, 39, 40)  # matplotlib "tab:red", the moving point

SLIDER = ".standin-slider"
LABEL = ".standin-label"
PLAY = ".standin-play"
CANVAS = f".standin-canvas {IPYMPL_CANVAS}"


def _step(text: str) -> int:
    match = re.fullmatch(r"step (\d+)", text)
    assert match, f"label {text!r} is not 'step k'"
    return int(match.group(1))


def _point_x(png: bytes) -> float:
    centre = colour_centroid(png, RED)
    assert centre is not None, "the red point is not on the canvas"
    return centre[0]


def _wait_point_moved_right(canvas, x_before: float, min_px: float) -> tuple[bytes, float]:
    """Wait until the red point is drawn at least ``min_px`` right of ``x_before``."""

    def moved():
        png = element_png(canvas)
        centre = colour_centroid(png, RED)
        return (png, centre[0]) if centre and centre[0] >= x_before + min_px else None

    return wait_until(moved, 15, f"the red point to move right of x={x_before:.0f}+{min_px}")


@pytest.fixture(scope="module")
def lab_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """JupyterLab + Chromium with the stand-in opened and run (once per module)."""
    require_chromium()
    # serve a copy: the repo's notebook must stay without outputs
    folder = tmp_path_factory.mktemp("lab-notebooks")
    shutil.copy(STANDIN, folder / STANDIN.name)
    with jupyter_lab(folder) as server, chromium_page(name="lab") as page:
        open_notebook_and_run_all(page, *server, STANDIN.name, timeout=120)
        yield server, page


@pytest.fixture
def lab_page(request: pytest.FixtureRequest, lab_session) -> Iterator:
    """The shared lab page; dumps the server log and a screenshot if *this* test failed.

    (A failing test does not propagate into the module fixture's ``with`` blocks, and
    the call-phase report is counted before function-fixture teardown.)
    """
    server, page = lab_session
    failed_before = request.session.testsfailed
    yield page
    if request.session.testsfailed > failed_before:
        capman = request.config.pluginmanager.getplugin("capturemanager")
        with capman.global_and_fixture_disabled():
            shot = save_screenshot(page, f"lab-failed-{request.node.name}")
            print(f"\n[harness] screenshot: {shot}")
            print(f"[harness] jupyter lab log {server.log_path}:\n{server.log_text()[-8000:]}")


def test_lab_keyboard_moves_slider_label_and_picture(lab_page) -> None:
    page = lab_page
    slider = find_slider(page, SLIDER)
    label = page.locator(LABEL)
    canvas = page.locator(CANVAS)
    slider.scroll_into_view_if_needed()

    before = wait_for_painted(canvas)
    save_png(before, "lab-canvas-step0")
    start = slider_value(slider)
    assert widget_text(label) == f"step {start:.0f}"

    value = press_slider_key(slider, "ArrowRight", times=3)
    assert value == start + 3

    # the kernel-side observer updated the label ...
    wait_for_text(label, f"step {value:.0f}")
    # ... and redrew the persistent ipympl canvas: the point moved right by ~3 steps
    px_per_step = 0.08 * 0.775 * canvas.bounding_box()["width"]  # data step x axes fraction
    after, _ = _wait_point_moved_right(canvas, _point_x(before), 2.5 * px_per_step)
    save_png(after, "lab-canvas-step3")
    save_screenshot(page, "lab-page-step3")


def test_lab_play_advances_without_kernel_loop(lab_page) -> None:
    page = lab_page
    slider = find_slider(page, SLIDER)
    label = page.locator(LABEL)
    canvas = page.locator(CANVAS)
    slider.scroll_into_view_if_needed()
    start = _step(widget_text(label))
    x_start = _point_x(wait_for_painted(canvas))

    # Play ticks in the browser (jslink to the slider); the kernel only reacts per value
    click_play(page, PLAY)
    seen: set[int] = set()

    def finished() -> bool:
        seen.add(_step(widget_text(label)))
        return max(seen) == N_STEPS

    wait_until(finished, 20, f"Play to reach step {N_STEPS}", interval=0.05)
    assert slider_value(slider) == N_STEPS
    intermediate = {s for s in seen if start < s < N_STEPS}
    assert intermediate, f"label jumped from {start} to {N_STEPS} without steps between: {seen}"

    end, x_end = _wait_point_moved_right(canvas, x_start, 1)
    save_png(end, "lab-canvas-after-play")
    assert x_end > x_start


def test_voila_renders_and_slider_moves(tmp_path: Path) -> None:
    require_chromium()
    notebook = tmp_path / STANDIN.name
    shutil.copy(STANDIN, notebook)
    with voila(notebook) as server, chromium_page(name="voila") as page:
        open_voila(page, server, ready_selector=SLIDER, timeout=90)
        canvas = page.locator(CANVAS)
        before = wait_for_painted(canvas)
        save_screenshot(page, "voila-page-step0")

        slider = find_slider(page, SLIDER)
        value = press_slider_key(slider, "ArrowRight", times=2)
        assert value == 2
        wait_for_text(page.locator(LABEL), "step 2")
        after, _ = _wait_point_moved_right(canvas, _point_x(before), 10)
        save_png(after, "voila-canvas-step2")
