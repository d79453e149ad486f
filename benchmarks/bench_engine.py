"""Engine speed and memory against scikit-learn's MeanShift, measured in the same run.

Run:  .venv/bin/python benchmarks/bench_engine.py  [--quick]

Prints, for 2-D blobs and the same bandwidth for both libraries:
- msviz (every iteration recorded) vs sklearn.cluster.MeanShift, all samples as
  seeds, at n = 1,000, 5,000 and 20,000 (at 20,000 scikit-learn runs 2,000 of the
  seeds and its time is scaled up by 10: each seed climbs on its own there);
- 3-D and 10-D blobs at n = 5,000, all seeds;
- msviz seeds="bin" vs MeanShift(bin_seeding=True) at n = 100,000 and 1,000,000;
- msviz's kernels on the same data and bandwidth at n = 5,000 and 20,000 (the
  Gaussian also at half of it, where the data sets suggest it), as ratios to flat;
- msviz's peak extra memory (tracemalloc) at n = 100,000 beyond the recorded history.

Targets (issues 2 and 11): >= 100x faster at n = 5,000 and 20,000; 10-D >= 50x; bin
seeding >= 2x at 100,000 and 1,000,000; Epanechnikov <= 2x flat; peak extra memory
at 100,000 under 200 MB beyond the history.
Timings are the best of a few repeats; scikit-learn runs with n_jobs=1 (its default).
The machine's load average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import os
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


def blobs(n: int, d: int = 2) -> np.ndarray:
    centers = np.array([[-6.0, -4.0], [5.0, 5.0], [6.0, -6.0], [-4.0, 6.0]])
    if d != 2:
        centers = np.random.default_rng(d).uniform(-8, 8, size=(4, d))
    return make_blobs(n_samples=n, centers=centers, cluster_std=1.0, rng=0)


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


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

    print("msviz engine vs scikit-learn MeanShift (flat kernel, same bandwidth, same run); "
          + load())
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

    if not args.quick:
        n, subset = 20_000, 2_000
        X = blobs(n)
        h = msviz.estimate_bandwidth(X, n_samples=5000, rng=0)
        t_ms, trace = best_time(lambda: msviz.run_mean_shift(X, bandwidth=h), 1)
        seeds = X[:: n // subset]
        t_part, ms = best_time(lambda: MeanShift(bandwidth=h, seeds=seeds).fit(X), 1)
        t_sk = t_part * n / len(seeds)
        case = f"all seeds n={n:,} h=estimated"
        print(
            f"{case:<34}{t_sk:>10.1f}*{t_ms:>10.3f}{t_sk / t_ms:>8.0f}x  "
            f"* scikit-learn with {len(seeds):,} of the seeds ({t_part:.2f} s) x "
            f"{n // len(seeds)}; {len(trace)} steps recorded"
        )
        for d in (3, 10):
            X = blobs(5000, d)
            h = msviz.estimate_bandwidth(X)
            t_ms, trace = best_time(lambda X=X, h=h: msviz.run_mean_shift(X, bandwidth=h), 3)
            t_sk, ms = best_time(lambda X=X, h=h: MeanShift(bandwidth=h).fit(X), 1)
            case = f"all seeds n=5,000 {d}-D"
            print(
                f"{case:<34}{t_sk:>11.3f}{t_ms:>10.3f}{t_sk / t_ms:>8.0f}x  "
                f"{check_same(ms, trace, h)}; {len(trace)} steps recorded"
            )

    for n in (100_000,) if args.quick else (100_000, 1_000_000):
        X = blobs(n)
        h = msviz.estimate_bandwidth(X, n_samples=5000, rng=0)
        t_ms, trace = best_time(
            lambda X=X, h=h: msviz.run_mean_shift(X, bandwidth=h, seeds="bin"), 3)
        t_sk, ms = best_time(
            lambda X=X, h=h: MeanShift(bandwidth=h, bin_seeding=True).fit(X), 2 if n < 10**6 else 1)
        case = f"bin seeds n={n:,}"
        print(
            f"{case:<34}{t_sk:>11.3f}{t_ms:>10.3f}{t_sk / t_ms:>8.1f}x  "
            f"{check_same(ms, trace, h)}; {trace.positions.shape[1]} seeds"
        )

    print()
    print("msviz kernels on the same data and bandwidth (time relative to flat)")
    for n in (5000,) if args.quick else (5000, 20_000):
        X = blobs(n)
        h = msviz.estimate_bandwidth(X, n_samples=5000, rng=0)
        times = {}
        for kernel, hh in (("flat", h), ("epanechnikov", h), ("gaussian", h),
                           ("gaussian", h / 2)):
            t, trace = best_time(
                lambda X=X, k=kernel, hh=hh: msviz.run_mean_shift(X, bandwidth=hh, kernel=k),
                2 if n <= 5000 else 1)
            times[kernel, hh] = t
            name = kernel if hh == h else f"{kernel} at h/2"
            print(f"  n={n:<7,} {name:<18}{t:>8.3f} s  {t / times['flat', h]:>6.1f}x flat  "
                  f"{len(trace)} steps")

    n = 100_000
    X = blobs(n)
    h = msviz.estimate_bandwidth(X, n_samples=5000, rng=0)

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
    print("end: " + load())


if __name__ == "__main__":
    main()
