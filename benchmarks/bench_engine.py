"""Engine speed and memory against scikit-learn's MeanShift, measured in the same run.

Run:  .venv/bin/python benchmarks/bench_engine.py  [--quick]

Prints, for 2-D blobs and the same bandwidth for both libraries:
- msviz (every iteration recorded) vs sklearn.cluster.MeanShift, all samples as
  seeds, at n = 1,000 and 5,000;
- msviz seeds="bin" vs MeanShift(bin_seeding=True) at n = 100,000;
- msviz's peak extra memory (tracemalloc) at n = 100,000 beyond the recorded history.

Targets (issue 2): >= 100x faster at n = 5,000; bin seeding at 100,000 at least as
fast; peak extra memory at 100,000 under 200 MB beyond the history.
Timings are the best of a few repeats; scikit-learn runs with n_jobs=1 (its default).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msviz  # noqa: E402
from msviz.datasets import make_blobs  # noqa: E402


def best_time(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def blobs(n: int) -> np.ndarray:
    centers = np.array([[-6.0, -4.0], [5.0, 5.0], [6.0, -6.0], [-4.0, 6.0]])
    return make_blobs(n_samples=n, centers=centers, cluster_std=1.0, rng=0)


def check_same(ms, trace, h: float) -> str:
    a, b = ms.cluster_centers_, trace.cluster_centers
    if a.shape != b.shape:
        return f"DIFFERENT number of centres ({len(a)} vs {len(b)})"
    err = np.abs(a - b).max() / h
    return f"same {len(a)} centres (max diff {err:.1e} x bandwidth)"


def main() -> None:
    from sklearn.cluster import MeanShift

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip n = 5,000 for scikit-learn")
    args = parser.parse_args()

    print("msviz engine vs scikit-learn MeanShift (flat kernel, same bandwidth, same run)")
    print(f"{'case':<34}{'sklearn s':>11}{'msviz s':>10}{'ratio':>9}  result")
    sizes = (1000,) if args.quick else (1000, 5000)
    for n in sizes:
        X = blobs(n)
        h = msviz.estimate_bandwidth(X)
        for label, hh in (("estimated", h), ("estimated/2", h / 2)):
            t_ms, trace = best_time(lambda X=X, hh=hh: msviz.run_mean_shift(X, bandwidth=hh), 3)
            t_sk, ms = best_time(lambda X=X, hh=hh: MeanShift(bandwidth=hh).fit(X), 1)
            case = f"all seeds n={n:,} h={label}"
            print(
                f"{case:<34}{t_sk:>11.3f}{t_ms:>10.3f}{t_sk / t_ms:>8.0f}x  "
                f"{check_same(ms, trace, hh)}; {len(trace)} steps recorded"
            )

    n = 100_000
    X = blobs(n)
    h = msviz.estimate_bandwidth(X, n_samples=5000, rng=0)
    t_ms, trace = best_time(lambda: msviz.run_mean_shift(X, bandwidth=h, seeds="bin"), 3)
    t_sk, ms = best_time(lambda: MeanShift(bandwidth=h, bin_seeding=True).fit(X), 2)
    case = f"bin seeds n={n:,}"
    print(
        f"{case:<34}{t_sk:>11.3f}{t_ms:>10.3f}{t_sk / t_ms:>8.1f}x  "
        f"{check_same(ms, trace, h)}; {trace.positions.shape[1]} seeds"
    )

    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    trace = msviz.run_mean_shift(X, bandwidth=h, seeds="bin")
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    history = trace.positions.nbytes
    print(
        f"peak memory n={n:,} bin seeds: {peak / 2**20:.1f} MB in all, history "
        f"{history / 2**20:.2f} MB, extra {(peak - history) / 2**20:.1f} MB (target < 200 MB)"
    )
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    trace = msviz.run_mean_shift(X[:20_000], bandwidth=h)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    history = trace.positions.nbytes
    print(
        f"peak memory n=20,000 all seeds: {peak / 2**20:.1f} MB in all, history "
        f"{history / 2**20:.1f} MB ({len(trace)} steps), extra {(peak - history) / 2**20:.1f} MB"
    )


if __name__ == "__main__":
    main()
