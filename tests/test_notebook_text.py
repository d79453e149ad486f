"""What a notebook's text says matches what its cells show (issue 10, items 2 and 7).

A few cells are run here outside Jupyter (Agg backend, magics dropped), and the
numbers and legends they produce are compared with the run they describe.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402

import msviz  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def cell_source(notebook: str, cell_id: str) -> str:
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    for cell in nb.cells:
        if cell.get("id") == cell_id:
            return str(cell.source)
    raise KeyError(f"{notebook} has no cell {cell_id!r}")


def run_cells(notebook: str, *cell_ids: str) -> dict[str, Any]:
    """Run the code cells ``cell_ids`` of ``notebook`` in one namespace, in order.

    Any warning msviz gives (a learner sees it as a pink box) is an error here.
    """
    ns: dict[str, Any] = {"__name__": "__notebook__"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", msviz.ConvergenceWarning)
        for cell_id in cell_ids:
            code = "\n".join(line for line in cell_source(notebook, cell_id).splitlines()
                             if not line.lstrip().startswith(("%", "!")))
            exec(compile(code, f"{notebook}:{cell_id}", "exec"), ns)  # noqa: S102
    return ns


def test_03_section_3_legend_says_what_each_run_did():
    ns = run_cells("03_bandwidth_and_kernels.ipynb", "c01", "c05", "c11")
    ax = ns["ax"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 3
    X, h = ns["X"], ns["h"]
    for label in labels:
        name, rest = label.split(":", 1)
        run = msviz.run_mean_shift(X, bandwidth=h, kernel=name, tol=1e-12)
        assert run.converged, f"{name} did not stop: the legend cannot say it did"
        assert rest.strip() == f"{run.n_iter} steps"
        assert run.n_iter < run.max_iter
    # The flat run ends with an exact zero shift; the smooth ones only below tol.
    text = cell_source("03_bandwidth_and_kernels.ipynb", "c12")
    assert "exactly 0" in text and "threshold" in text
    flat = msviz.run_mean_shift(X, bandwidth=h, kernel="flat", tol=1e-12)
    assert flat.shifts[-1].max() == 0.0
    for name in ("epanechnikov", "gaussian"):
        smooth = msviz.run_mean_shift(X, bandwidth=h, kernel=name, tol=1e-12)
        assert smooth.shifts[-1].max() <= 1e-12 * h and smooth.n_iter > flat.n_iter


def test_01_says_what_to_do_if_run_all_does_nothing():
    intro = cell_source("01_start_here.ipynb", "c00")
    assert "Run All" in intro and "Idle" in intro and "again" in intro
