"""Make the README's pictures.

``docs/demo.gif`` is what ``msviz demo`` writes; ``docs/still.png`` is one step of
a Gaussian run with every layer.

Run: ``python docs/make_images.py`` from the repository's top folder, then look
at both files before committing them.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.cli import main as msviz_command  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write both pictures next to this script."""
    msviz_command(["demo", "-o", str(HERE / "demo.gif"), "--quiet"])
    trace = msviz.run_mean_shift(datasets.load("moons", n_samples=300), bandwidth=0.35,
                                 kernel="gaussian")
    view = msviz.MeanShiftView(trace, n_windows=3)
    view.plot(step=8)
    view.fig.savefig(HERE / "still.png", dpi=100)
    print(f"wrote {HERE / 'demo.gif'} and {HERE / 'still.png'}")


if __name__ == "__main__":
    main()
