"""What a learner waits for when they move the bandwidth slider (prints numbers; asserts nothing).

For ``blobs`` at n = 2,000 and 10,000 points, for the flat, Epanechnikov and Gaussian
kernels (the Gaussian at half the estimated bandwidth, as the data sets suggest: its
h is a standard deviation, not a window radius), a bandwidth change to a value not
seen before is split into what the explorer does:

- run: ``run_mean_shift`` (the trace, with the density at every recorded position);
- scene: ``scene_for`` (the density image, the convergence panel, the limits ...);
- draw: ``set_trace`` (new artists) + a full ``canvas.draw()`` + the PNG the image
  backend sends;
- total, and the time to the first new frame: after a run slower than 0.5 s the
  explorer shows the new run's step 0 (its windows and density hill) at once and a
  "computing" label, before the run computes (measured end to end through the widget:
  from ``bandwidth.value = h`` until that picture is on its way to the page); after a
  fast run the first new frame is the whole change.

Targets (issue 11): <= 0.3 s at 2,000 for every kernel; at 10,000 <= 1 s flat,
<= 1.5 s Epanechnikov, <= 2 s Gaussian; the scene never more than the run.

Also printed: the memory one cached run holds (trace + scene) at 10,000 points x
300 steps, against the target of 60 MB, next to the bytes of its positions alone.

Run: ``python benchmarks/bench_interact.py`` (``--quick``: one repeat, n = 2,000 only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.draw.view import _box_aspect  # noqa: E402
from msviz.engine import estimate_bandwidth, run_mean_shift  # noqa: E402
from msviz.interact.cache import run_bytes  # noqa: E402
from msviz.scene import scene_for  # noqa: E402

KERNELS = ("flat", "epanechnikov", "gaussian")
TARGET = {2000: dict(flat=0.3, epanechnikov=0.3, gaussian=0.3),
          10000: dict(flat=1.0, epanechnikov=1.5, gaussian=2.0)}


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def bench_change(n: int, kernel: str, repeats: int) -> dict[str, float]:
    """Median seconds of each part of a bandwidth change to a new value."""
    X = datasets.load("blobs", n_samples=n)
    h0 = estimate_bandwidth(X, rng=0) * (0.5 if kernel == "gaussian" else 1.0)
    ex = msviz.explore(X, bandwidth=h0, kernel=kernel, backend="image")
    view = ex.view
    parts: dict[str, list[float]] = {"run": [], "scene": [], "draw": [], "steps": []}
    for i in range(repeats):
        h = h0 * (1.04 + 0.03 * i)  # a value not seen before (no cache hit)
        t0 = time.perf_counter()
        trace = run_mean_shift(X, bandwidth=h, kernel=kernel)
        t1 = time.perf_counter()
        # the scene the view would build (set_trace then finds it cached)
        scene_for(trace, aspect=_box_aspect(view.ax), **view._scene_options)
        t2 = time.perf_counter()
        view.set_trace(trace, step=0)
        ex.fig.canvas.draw()
        ex.surface.png()
        t3 = time.perf_counter()
        parts["run"].append(t1 - t0)
        parts["scene"].append(t2 - t1)
        parts["draw"].append(t3 - t2)
        parts["steps"].append(len(trace))
    # the first new frame, through the widget, when the last run was slow
    first = []
    original = type(ex).runner

    def runner(X, **params):
        first.append(time.perf_counter())  # the preview is on its way to the page by now
        return original(X, **params)

    ex.runner = runner  # type: ignore[method-assign]
    for i in range(repeats):
        ex._run_seconds = 10.0
        t0 = time.perf_counter()
        ex.bandwidth.value = h0 * (1.5 + 0.03 * i)
        first[-1] -= t0
    ex.close()
    out = {k: statistics.median(v) for k, v in parts.items()}
    out["total"] = out["run"] + out["scene"] + out["draw"]
    out["first"] = statistics.median(first)
    return out


def bench_reference(repeats: int) -> float:
    """Median seconds of one full draw of a plain matplotlib scatter of 2,000 points.

    The same machine in the same run: how fast this machine draws at all (the
    figures above scale with it; on a quiet machine this is ~0.03 s).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11.5, 6.2), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.scatter(*np.random.default_rng(0).random((2, 2000)), s=6)
    fig.canvas.draw()
    times = []
    for _ in range(max(repeats, 3)):
        t0 = time.perf_counter()
        fig.canvas.draw()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_memory(n: int = 10_000, n_steps: int = 300) -> tuple[int, int]:
    """Bytes one cached run holds (trace + its scene) at n points x n_steps steps."""
    X = datasets.load("blobs", n_samples=n)
    rng = np.random.default_rng(0)
    # A recorded history of the right size: the points drift a little each step.
    walk = np.cumsum(rng.normal(scale=1e-3, size=(n_steps, n, 2)), axis=0)
    walk[0] = 0.0
    trace = msviz.Trace.from_history(X, X[None] + walk, bandwidth=2.5)
    scene_for(trace)
    return run_bytes((trace, ())), trace.positions.nbytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat, n = 2,000 only")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    repeats = 1 if args.quick else 3
    sizes = (2000,) if args.quick else (2000, 10000)
    print(f"msviz explorer, bandwidth change to a new value (image backend); {_load()}")
    print(f"median of {repeats}; blobs; Gaussian at half the estimated bandwidth")
    print(f"{'n':>6} {'kernel':13} {'steps':>5} {'run':>7} {'scene':>7} {'draw':>7} "
          f"{'total':>7} {'target':>7}  scene/run  first frame after a slow run (<= 0.3)")
    for n in sizes:
        for kernel in KERNELS:
            r = bench_change(n, kernel, repeats)
            print(f"{n:6d} {kernel:13} {r['steps']:5.0f} {r['run']:7.3f} {r['scene']:7.3f} "
                  f"{r['draw']:7.3f} {r['total']:7.3f} {TARGET[n][kernel]:7.2f}  "
                  f"{r['scene'] / r['run']:9.2f}  {r['first']:7.3f}")
    print(f"reference: a plain matplotlib scatter of 2,000 points, one full draw "
          f"{bench_reference(repeats):.3f} s (same machine, same run)")
    if not args.quick:
        held, positions = bench_memory()
        print()
        print(f"memory of one cached run at 10,000 points x 300 steps: {held / 2**20:.1f} MB "
              f"(target <= 60 MB; its positions alone: {positions / 2**20:.1f} MB)")
    print(f"end: {_load()}")


if __name__ == "__main__":
    main()
