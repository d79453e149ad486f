"""``explore(MeanShift(...).fit(df))`` in a real browser: the axes read the DataFrame's names.

A notebook made on the fly fits ``msviz.MeanShift`` on a DataFrame with named columns and
explores it, next to the same data given as a plain array. Both canvases must paint; the
axis labels must differ (the names against x₁ / x₂) and the rest be the same picture.
Screenshots go to ``tests/browser/_screenshots/``: look at them.
"""

from __future__ import annotations

import io
from pathlib import Path

import nbformat
import numpy as np
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
)

pytestmark = pytest.mark.browser

CELLS = [
    "%matplotlib widget\nimport msviz\nimport pandas as pd",
    "df = pd.DataFrame(msviz.datasets.load('blobs'), columns=['bill length', 'flipper length'])\n"
    "ms = msviz.MeanShift(bandwidth=2.5).fit(df)\n"
    "msviz.explore(ms)",
    "msviz.explore(df.to_numpy(), bandwidth=2.5)",
]


def _notebook(folder: Path) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "estimator_names.ipynb")
    return "estimator_names.ipynb"


def _pixels(data: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.int16)


def test_explore_a_fitted_meanshift_shows_the_column_names(tmp_path: Path) -> None:
    require_chromium()
    name = _notebook(tmp_path)
    with jupyter_lab(tmp_path) as server, chromium_page(name="lab-estimator-names") as page:
        open_notebook_and_run_all(page, *server, name, timeout=180)
        canvases = page.locator(f".msviz-explorer .msviz-canvas {IPYMPL_CANVAS}")
        canvases.nth(1).wait_for(state="visible", timeout=120_000)
        for k in (0, 1):
            canvases.nth(k).scroll_into_view_if_needed()
            wait_for_painted(canvases.nth(k), timeout=60)
        page.wait_for_timeout(2000)  # both settled, the kernel idle
        shots = []
        for k, label in [(0, "named"), (1, "plain")]:
            canvases.nth(k).scroll_into_view_if_needed()
            shots.append(wait_for_painted(canvases.nth(k), timeout=60))
            save_png(shots[-1], f"lab-explore-meanshift-{label}")
        save_screenshot(page, "lab-explore-meanshift-page")
        named, plain = (_pixels(s) for s in shots)
        assert named.shape == plain.shape
        differ = np.abs(named - plain) > 40
        h, w = differ.shape
        rows, cols = np.indices(differ.shape)
        x_label = rows > 0.85 * h  # the strip below the data axes
        y_label = cols < 0.08 * w  # the strip left of them
        assert differ[x_label].any() and differ[y_label].any(), "the names changed nothing"
        # Elsewhere the same picture. (Not pixel for pixel: in JupyterLab the first of
        # two explorers on a page shows its thin lines a little lighter, whichever it is.)
        stray = differ & ~(x_label | y_label)
        assert stray.mean() < 0.04, (
            f"{stray.mean():.1%} of the pixels differ outside the axis labels, e.g. at "
            f"{tuple(np.argwhere(stray)[0])} of {h}x{w}"
        )
