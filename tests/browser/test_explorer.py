"""The explorer in a real browser: JupyterLab and Voilà on loopback, Debian Chromium.

Opens ``notebooks/explorer.ipynb`` (a copy), runs it, and drives the widgets with
the keyboard and the mouse the way a learner does: the iteration slider, Play,
"explain one update" with a click on the canvas. Screenshots go to
``tests/browser/_screenshots/`` (or ``$MSVIZ_SCREENSHOTS``); look at them.

A missing browser FAILS these tests (CI installs it): apt-get install chromium
chromium-driver.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from .harness import (
    IPYMPL_CANVAS,
    chromium_page,
    click_play,
    drag_and_wait,
    element_png,
    find_slider,
    jupyter_lab,
    open_notebook_and_run_all,
    open_voila,
    png_difference,
    press_slider_key,
    require_chromium,
    save_png,
    save_screenshot,
    slider_value,
    voila,
    wait_for_painted,
    wait_for_png_change,
    wait_for_text,
    wait_until,
    widget_text,
)

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "explorer.ipynb"

EXPLORER = ".msviz-explorer"
SLIDER = ".msviz-iteration-slider"
LABEL = ".msviz-step-label"
PLAY = ".msviz-play"
CANVAS = f".msviz-canvas {IPYMPL_CANVAS}"
EXPLAIN = ".msviz-explain"
EXPLAIN_TEXT = ".msviz-explain-text"
STEP = re.compile(r"^step (\d+) / (\d+)")


def _step(text: str) -> tuple[int, int]:
    match = STEP.match(text)
    assert match, f"the step label {text!r} does not start with 'step k / n'"
    return int(match.group(1)), int(match.group(2))


def _shown_step(text: str) -> tuple[int, int] | None:
    """The step label's numbers; None while a new run computes (the label says so)."""
    return None if text.startswith("computing the run") else _step(text)


def _assert_fits(page, where: str) -> None:
    """Nothing of the explorer is cut off: the canvas lies inside the explorer and the page."""
    box = page.locator(EXPLORER).first.bounding_box()
    canvas = page.locator(CANVAS).first.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and canvas is not None
    assert canvas["width"] > 600, f"{where}: the figure is only {canvas['width']:.0f} px wide"
    assert canvas["x"] >= box["x"] - 1, f"{where}: the canvas starts left of the explorer"
    assert canvas["x"] + canvas["width"] <= box["x"] + box["width"] + 1, (
        f"{where}: the canvas ({canvas}) is wider than the explorer ({box})"
    )
    assert box["x"] + box["width"] <= width + 1, f"{where}: the explorer is wider than the page"


@pytest.fixture(scope="module")
def lab_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """JupyterLab + Chromium with the explorer notebook opened and run (once per module)."""
    require_chromium()
    folder = tmp_path_factory.mktemp("lab-explorer")
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)  # the repo's notebook stays without outputs
    with jupyter_lab(folder) as server, chromium_page(name="lab-explorer") as page:
        open_notebook_and_run_all(page, *server, NOTEBOOK.name, timeout=180)
        wait_for_painted(page.locator(CANVAS), timeout=60)
        yield server, page


@pytest.fixture
def lab_page(request: pytest.FixtureRequest, lab_session) -> Iterator:
    """The shared lab page; dumps the server log and a screenshot if this test failed."""
    server, page = lab_session
    failed_before = request.session.testsfailed
    yield page
    if request.session.testsfailed > failed_before:
        capman = request.config.pluginmanager.getplugin("capturemanager")
        with capman.global_and_fixture_disabled():
            shot = save_screenshot(page, f"explorer-lab-failed-{request.node.name}")
            print(f"\n[harness] screenshot: {shot}")
            print(f"[harness] jupyter lab log {server.log_path}:\n{server.log_text()[-8000:]}")


def _go_to_start(slider) -> None:
    if slider_value(slider) != 0:
        press_slider_key(slider, "Home")


def test_lab_keyboard_moves_slider_label_and_canvas(lab_page) -> None:
    page = lab_page
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    slider = find_slider(page, SLIDER)
    label = page.locator(LABEL)
    canvas = page.locator(CANVAS)
    _go_to_start(slider)
    wait_for_text(label, re.compile(r"^step 0 / \d+"))
    before = wait_for_painted(canvas)
    save_png(before, "explorer-lab-canvas-step0")
    save_screenshot(page, "explorer-lab-page-step0")
    _assert_fits(page, "JupyterLab")
    # every layer toggle shows its whole name (none cut to "windo…")
    cut = page.evaluate("""() => [...document.querySelectorAll('.msviz-layers button')]
        .filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.textContent.trim())""")
    assert cut == [], f"layer toggles cut off: {cut}"

    value = press_slider_key(slider, "ArrowRight", times=3)
    assert value == 3
    # the kernel-side observer rewrote the label ...
    text = wait_for_text(label, re.compile(r"^step 3 / \d+"))
    assert _step(text)[0] == 3
    # ... and redrew the persistent ipympl canvas (blitted: only what moved)
    after = wait_for_png_change(canvas, before, min_fraction=0.002)
    save_png(after, "explorer-lab-canvas-step3")
    save_screenshot(page, "explorer-lab-page-step3")

    press_slider_key(slider, "ArrowLeft", times=1)
    wait_for_text(label, re.compile(r"^step 2 / \d+"))
    back = wait_for_png_change(canvas, after, min_fraction=0.001)
    assert png_difference(back, after) > 0


def test_lab_play_runs_to_the_last_step(lab_page) -> None:
    page = lab_page
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    slider = find_slider(page, SLIDER)
    label = page.locator(LABEL)
    canvas = page.locator(CANVAS)
    _go_to_start(slider)
    wait_for_text(label, re.compile(r"^step 0 / \d+"))
    _, last = _step(widget_text(label))
    assert last >= 3, f"the blobs run should take a few steps, got {last}"
    before = element_png(canvas)

    # Play ticks in the browser (jslink-ed to the slider); the kernel follows each value
    click_play(page, PLAY)
    seen: set[int] = set()

    def finished() -> bool:
        seen.add(_step(widget_text(label))[0])
        return max(seen) == last

    wait_until(finished, 30, f"Play to reach step {last}", interval=0.05)
    assert slider_value(slider) == last
    assert {s for s in seen if 0 < s < last}, f"the label jumped to the end: {sorted(seen)}"
    end = wait_for_png_change(canvas, before, min_fraction=0.002)
    save_png(end, "explorer-lab-canvas-after-play")


def test_lab_click_explains_one_update(lab_page) -> None:
    page = lab_page
    canvas = page.locator(CANVAS)
    page.locator(EXPLAIN).first.click()
    text = page.locator(EXPLAIN_TEXT)
    explained_re = re.compile(r"^Point \d+(, update from step \d+ to step| at the last step)")
    wait_for_text(text, explained_re)
    first = widget_text(text)
    before = element_png(canvas)
    # a click on the canvas (top blob) chooses the moving point nearest to it
    box = canvas.first.bounding_box()
    page.mouse.click(box["x"] + 0.27 * box["width"], box["y"] + 0.30 * box["height"])
    wait_until(lambda: widget_text(text) != first, 15, "the explanation of the clicked point")
    explained = wait_for_text(text, explained_re)
    assert "Stopping threshold tol × h" in explained
    wait_for_png_change(canvas, before, min_fraction=0.001)
    text.first.scroll_into_view_if_needed()
    save_screenshot(page, "explorer-lab-page-explain")


def test_voila_renders_and_slider_moves(tmp_path: Path) -> None:
    require_chromium()
    notebook = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, notebook)
    with voila(notebook) as server, chromium_page(name="voila-explorer") as page:
        open_voila(page, server, ready_selector=SLIDER, timeout=120)
        canvas = page.locator(CANVAS)
        before = wait_for_painted(canvas, timeout=60)
        label = page.locator(LABEL)
        wait_for_text(label, re.compile(r"^step 0 / \d+"))
        save_screenshot(page, "explorer-voila-page-step0", full_page=True)
        _assert_fits(page, "Voilà")

        slider = find_slider(page, SLIDER)
        assert press_slider_key(slider, "ArrowRight", times=2) == 2
        wait_for_text(label, re.compile(r"^step 2 / \d+"))
        after = wait_for_png_change(canvas, before, min_fraction=0.002)
        save_png(after, "explorer-voila-canvas-step2")
        save_screenshot(page, "explorer-voila-page-step2")


def test_lab_end_key_reaches_the_last_step_after_the_run_changes(lab_page) -> None:
    """Issue 10: after a new run End went to the first run's last step (noUiSlider's range)."""
    page = lab_page
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    label = page.locator(LABEL)
    slider = find_slider(page, SLIDER)
    _go_to_start(slider)
    _, first_last = _step(wait_for_text(label, re.compile(r"^step 0 / \d+")))
    page.locator(".msviz-dataset select").first.select_option("moons")
    # the page says the run is computing (the kernel is busy), then shows it
    wait_until(lambda: (_shown_step(widget_text(label)) or (0, first_last))[1] != first_last,
               60, "the moons run")
    _, last = _step(widget_text(label))
    assert last > first_last, f"moons should take more steps than blobs ({last})"
    slider = find_slider(page, SLIDER)
    assert press_slider_key(slider, "End") == last
    assert _step(wait_for_text(label, re.compile(rf"^step {last} / {last}\b")))[0] == last
    assert press_slider_key(slider, "Home") == 0
    assert press_slider_key(slider, "ArrowRight", times=2) == 2
    save_screenshot(page, "explorer-lab-end-after-new-run")


def _present_command() -> tuple[dict[str, str], tuple[str, ...]]:
    """The environment and Voilà options of ``make present`` (read from ``make -n``)."""
    import shlex
    import subprocess

    root = NOTEBOOK.parents[1]
    out = subprocess.run(["make", "-n", "present"], cwd=root, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"}).stdout
    line = next(ln for ln in out.splitlines() if "-m voila" in ln)
    words = shlex.split(line)
    python = next(i for i, w in enumerate(words) if "python" in w)
    env = dict(w.split("=", 1) for w in words[:python])
    options = tuple(w for w in words if w.startswith("--template"))
    return env, options


def test_voila_at_1024x768_shows_the_whole_picture_without_a_cdn(tmp_path: Path) -> None:
    """Issue 10: a projector's 1024 x 768 put the picture's axis and legend below the fold,
    and Voilà asked cdn.jsdelivr.net for Font Awesome (an offline room waits for it)."""
    require_chromium()
    env, options = _present_command()
    assert "JUPYTER_PATH" in env and options == ("--template=msviz",)
    notebook = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, notebook)
    with voila(notebook, extra_args=options, env=env) as server, \
            chromium_page(name="voila-1024", viewport={"width": 1024, "height": 768}) as page:
        remote: list[str] = []
        page.on("request", lambda r: remote.append(r.url)
                if not r.url.startswith(("http://127.0.0.1", "blob:", "data:")) else None)
        open_voila(page, server, ready_selector=SLIDER, timeout=120)
        canvas = page.locator(CANVAS)
        wait_for_painted(canvas, timeout=60)
        page.evaluate("() => { for (const e of document.querySelectorAll('*')) e.scrollTop = 0;"
                      " window.scrollTo(0, 0); }")
        shot = save_screenshot(page, "explorer-voila-1024x768")
        box = canvas.first.bounding_box()
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= 768, (
            f"the picture ends at {box['y'] + box['height']:.0f} px, below the 768 px fold ({shot})"
        )
        assert box["x"] + box["width"] <= 1024
        toggles = page.locator(".msviz-layer")
        tops = {round(toggles.nth(i).bounding_box()["y"]) for i in range(toggles.count())}
        assert len(tops) == 1, "the layer toggles wrap onto a second row"
        # no resize grip: ipympl's page side turned "resizable" back on in Voila
        corner = Image.open(io.BytesIO(element_png(canvas.first))).convert("L")
        w, h = corner.size
        darkest = min(corner.crop((w - 16, h - 16, w, h)).getextrema())
        assert darkest > 235, "the picture shows ipympl's resize grip in its corner"
        icon = page.locator(".msviz-play .fa, .msviz-play i").first.bounding_box()
        assert icon is not None and icon["width"] > 4, "the widget icons are missing"
        assert remote == [], f"the page asked the internet for {remote}"


def test_lab_hill_switch_shows_the_run_in_3d_and_follows_the_slider(lab_page) -> None:
    """Issue 13: the "3-D hill" switch puts the run's density hill under the picture,
    on a live canvas: the slider moves its points and a drag turns its camera."""
    page = lab_page
    page.locator(EXPLORER).first.scroll_into_view_if_needed()
    slider = find_slider(page, SLIDER)
    _go_to_start(slider)
    page.locator(".msviz-hill").first.click()
    hill = page.locator(f".msviz-hill-canvas {IPYMPL_CANVAS}").first  # a live canvas
    hill.scroll_into_view_if_needed()
    before = wait_for_painted(hill, min_colours=40, timeout=60)
    page.wait_for_timeout(1000)  # the kernel idle, the last frame in
    before = wait_for_painted(hill, min_colours=40)
    save_png(before, "explorer-lab-hill-step0")
    save_screenshot(page, "explorer-lab-hill-page")
    slider = find_slider(page, SLIDER)
    press_slider_key(slider, "End")
    after = wait_for_png_change(hill, before, min_fraction=0.002)
    page.wait_for_timeout(1000)
    after = wait_for_painted(hill, min_colours=40)
    save_png(after, "explorer-lab-hill-last-step")

    # the camera turns with a drag, as HillView's does in a cell of its own
    turned = drag_and_wait(page, hill, after, at=0.35)
    save_png(turned, "explorer-lab-hill-turned")
    assert png_difference(turned, after) > 0.05, "a drag did not turn the explorer's hill"

    page.locator(".msviz-hill").first.click()  # off again: the hill's canvas goes
    wait_until(lambda: page.locator(".msviz-hill-canvas").first.is_hidden(), 30,
               "the hill to go")


SLOW_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["%matplotlib widget\n", "import msviz\n", "msviz.setup_notebook()"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ['msviz.explore("blobs", n_samples=10_000, kernel="gaussian", bandwidth=1.0)']},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_lab_a_slow_run_computes_while_the_kernel_stays_free(tmp_path: Path) -> None:
    """Issue 11: a bandwidth change with 10,000 points and the Gaussian kernel computes in
    the background. The kernel is idle while the label says the run computes, so the page
    keeps its answers (the step slider); two quick changes give the second run, not both."""
    import json

    from .harness import _lab_state

    require_chromium()
    (tmp_path / "slow.ipynb").write_text(json.dumps(SLOW_NOTEBOOK))
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-slow-run") as page:
        open_notebook_and_run_all(page, *server, "slow.ipynb", timeout=240)
        canvas = page.locator(CANVAS)
        wait_for_painted(canvas, timeout=60)
        label = page.locator(LABEL)
        wait_for_text(label, re.compile(r"^step 0 / \d+"), timeout=60)
        bandwidth = find_slider(page, ".msviz-bandwidth")
        h = press_slider_key(bandwidth, "ArrowRight", times=2)  # two changes, one after another
        wait_for_text(label, re.compile(r"computing the run"), timeout=30)
        # the run computes in its thread: the kernel is free (it answered the second change)
        idle = wait_until(lambda: _lab_state(page)["kernel"] == "idle"
                          and "computing the run" in widget_text(label), 30,
                          "an idle kernel while the run computes")
        assert idle
        save_screenshot(page, "explorer-lab-slow-run-computing")
        slider = find_slider(page, SLIDER)
        before = element_png(canvas)
        press_slider_key(slider, "Home")  # the picture answers the step slider meanwhile
        wait_for_png_change(canvas, before, min_fraction=0.002, timeout=10)
        text = wait_for_text(label, STEP, timeout=120)  # the finished run
        _, last = _step(text)
        assert slider_value(bandwidth) == h  # the second change's run
        assert last > 1
        before = element_png(canvas)
        assert press_slider_key(slider, "End") == last
        wait_for_text(label, re.compile(rf"^step {last} / {last}\b"), timeout=30)
        wait_for_png_change(canvas, before, min_fraction=0.002, timeout=30)
        save_screenshot(page, "explorer-lab-slow-run-done")
