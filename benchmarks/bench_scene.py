"""Benchmark: the density image behind the points, binned + FFT against the exact sum.

At n = 10,000 (2-D blobs, estimated h) the 200-pixel density image is computed both
ways in the same run: exactly (every pixel against every sample, as before) and from
the data binned onto the pixel grid and convolved with the shadow kernel by FFT (what
``scene_for`` does now when the exact sum would be large). Prints medians, their ratio,
the largest difference in % of the peak, and the whole ``scene_for`` next to the run.

Run: ``python benchmarks/bench_scene.py`` (``--quick``: 3 repeats instead of 5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msviz  # noqa: E402
from msviz.engine.trace import _shadow_density  # noqa: E402
from msviz.scene import build_scene  # noqa: E402
from msviz.scene import density as D  # noqa: E402


def _median(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    repeats = 3 if parser.parse_args().quick else 5
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average), medians of {repeats}")
    X = msviz.datasets.load("blobs", n_samples=10_000)
    for name in ("flat", "gaussian"):
        t_run, trace = _median(lambda name=name: msviz.run_mean_shift(X, kernel=name), 1)
        kernel = trace.kernel
        h = float(trace.bandwidth)
        pad = 1.5 * h
        xlim = (X[:, 0].min() - pad, X[:, 0].max() + pad)
        ylim = (X[:, 1].min() - pad, X[:, 1].max() + pad)
        pts, shape, extent = D._grid(xlim, ylim, D.DENSITY_RESOLUTION)
        t_exact, exact = _median(
            lambda p=pts, h=h, k=kernel, s=shape: _shadow_density(p, X, h, k).reshape(s), repeats
        )
        t_binned, binned = _median(
            lambda h=h, k=kernel, s=shape, e=extent: D._binned_density(X, h, k, s, e), repeats
        )
        err = np.abs(binned / binned.max() - exact / exact.max()).max()
        t_scene, _ = _median(lambda trace=trace: build_scene(trace), 1)
        print(f"{name:>8}: density image {shape[1]}x{shape[0]} px, n = {len(X):,}, h = {h:.3g}:"
              f" exact {t_exact:.3f} s, binned {t_binned:.3f} s"
              f" ({t_exact / t_binned:.0f}x faster), largest difference {err:.2%} of the peak")
        print(f"{'':>8}  whole scene {t_scene:.2f} s against the run's {t_run:.2f} s")


if __name__ == "__main__":
    main()
