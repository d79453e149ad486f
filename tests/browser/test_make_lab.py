"""``make lab``'s own JupyterLab options land a newcomer on notebook 01 (issue 10, item 5).

The options are read from ``make -n lab`` (so the test follows the Makefile) and given
to the harness's JupyterLab; the page opened is the server's root URL with the token,
as the printed link is.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from .harness import chromium_page, jupyter_lab, require_chromium, save_screenshot, wait_until

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def _lab_options() -> tuple[str, str]:
    out = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"}).stdout
    line = next(ln for ln in out.splitlines() if "jupyter lab" in ln)
    words = shlex.split(line)
    root = next(w.split("=", 1)[1] for w in words if w.startswith("--ServerApp.root_dir="))
    url = next(w for w in words if w.startswith("--LabApp.default_url="))
    return root, url


def test_make_lab_opens_notebook_01(tmp_path: Path) -> None:
    require_chromium()
    root, default_url = _lab_options()
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / root, folder)
    with jupyter_lab(folder, extra_args=(default_url,)) as (base, token), \
            chromium_page(name="make-lab") as page:
        page.goto(f"{base}?token={token}", wait_until="domcontentloaded")
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
        wait_until(lambda: re.search(r"/lab/tree/01_start_here\.ipynb", page.url), 30,
                   "the notebook 01 URL")
        page.evaluate("() => window.jupyterapp.restored")
        title = page.locator(".jp-NotebookPanel h1").first
        title.wait_for(state="visible", timeout=60_000)
        assert "Start here" in title.inner_text()
        current = page.evaluate(
            "() => window.jupyterapp.shell.currentWidget?.context?.path ?? null")
        assert current == "01_start_here.ipynb"
        save_screenshot(page, "make-lab-first-page")
