"""Benchmarks of the interactive explorer, kernel side (prints numbers; asserts nothing).

At n = 2,000 points (``blobs``, flat kernel, h = 2.5):

1. An iteration-slider change: ``slider.value = k`` until the artists are updated
   and drawn. For ipympl that is ``show_step`` + the blit (restore the background,
   draw what moved) + the PNG diff ipympl sends; for the image backend
   ``show_step`` + the blit + the PNG. For reference, ``show_step`` + a full
   ``canvas.draw()``, which is what a plain ``draw_idle`` costs once the browser
   asks for the frame. Target: <= 30 ms.
2. A bandwidth change to a new value: ``bandwidth.value = h`` until the new trace is
   drawn (run, scene, artists, full draw; for ipympl the draw the browser then
   requests is included). Broken down into its parts. Target: <= 0.3 s. And a
   change back to a cached bandwidth.

The ipympl canvas runs without a browser: the messages its browser side would send
("initialized", "draw") are handed to it directly.

Run: ``python benchmarks/bench_widgets.py`` (``--quick`` for fewer repeats).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.engine import run_mean_shift  # noqa: E402
from msviz.scene import build_scene  # noqa: E402

N = 2000
H = 2.5


def _ms(seconds: list[float]) -> str:
    return f"{1000 * statistics.median(seconds):7.1f} ms"


def _browser(canvas, *types: str) -> None:
    """What ipympl's browser side sends (no browser here)."""
    for t in types:
        canvas._handle_message(canvas, {"type": t}, [])


def _explorer(backend: str, X):
    ex = msviz.explore(X, bandwidth=H, backend=backend)
    if backend == "ipympl":
        _browser(ex.canvas, "initialized", "draw")  # shown: the first full frame
    return ex


def bench_step(backend: str, X, repeats: int) -> tuple[list[float], int]:
    ex = _explorer(backend, X)
    last = ex.slider.max
    steps = [k % (last + 1) for k in range(1, 1 + repeats * (last + 1))]
    times = []
    canvas = ex.canvas
    for k in steps:
        t0 = time.perf_counter()
        ex.slider.value = k  # the observer: show_step + blit (+ PNG for the image backend)
        if backend == "ipympl":
            canvas.get_diff_image()  # what refresh_all sent to the browser
        times.append(time.perf_counter() - t0)
    assert ex.errors == [], ex.errors
    return times, ex.surface.n_fast


def bench_full_draw(X, repeats: int) -> list[float]:
    ex = _explorer("image", X)
    times = []
    for k in range(repeats * len(ex.trace)):
        t0 = time.perf_counter()
        ex.view.show_step(k % len(ex.trace))
        ex.fig.canvas.draw()
        times.append(time.perf_counter() - t0)
    return times


def bench_bandwidth(backend: str, X, values: list[float]) -> tuple[list[float], list[float]]:
    ex = _explorer(backend, X)
    new, cached = [], []
    for h in values:
        t0 = time.perf_counter()
        ex.bandwidth.value = h
        if backend == "ipympl":
            _browser(ex.canvas, "draw")  # draw_idle asked the browser; it asks back
        new.append(time.perf_counter() - t0)
    for h in values:
        t0 = time.perf_counter()
        ex.bandwidth.value = h  # cache hits: no run, no scene
        if backend == "ipympl":
            _browser(ex.canvas, "draw")
        cached.append(time.perf_counter() - t0)
    assert ex.errors == [], ex.errors
    return new, cached


def bench_parts(X, values: list[float]) -> dict[str, list[float]]:
    """Where a bandwidth change spends its time (image backend)."""
    ex = _explorer("image", X)
    parts: dict[str, list[float]] = {"run_mean_shift": [], "scene": [], "set_trace (artists)": [],
                                     "full draw": [], "PNG": []}

    def timed(name: str, fn: Callable[[], object]) -> object:
        t0 = time.perf_counter()
        out = fn()
        parts[name].append(time.perf_counter() - t0)
        return out

    for h in values:
        trace = timed("run_mean_shift", lambda h=h: run_mean_shift(X, bandwidth=h))
        timed("scene", lambda trace=trace: build_scene(trace, aspect=1.0))
        timed("set_trace (artists)", lambda trace=trace: ex.view.set_trace(trace, step=0))
        timed("full draw", ex.fig.canvas.draw)
        timed("PNG", ex.surface.png)
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 2 if args.quick else 5
    values = [2.0, 2.2, 2.4, 2.6, 2.8, 3.0][: 3 if args.quick else 6]
    warnings.simplefilter("ignore", DeprecationWarning)
    X = datasets.load("blobs", n_samples=N)
    trace = run_mean_shift(X, bandwidth=H)
    print(f"msviz explorer, kernel side: n = {N} ('blobs'), flat kernel, h = {H}, "
          f"{len(trace)} steps; figure 828 x 446 px (dpi 72)")
    print()
    print("1. iteration-slider change -> artists updated and drawn (target <= 30 ms)")
    for backend in ("ipympl", "image"):
        times, fast = bench_step(backend, X, repeats)
        what = "show_step + blit + PNG diff" if backend == "ipympl" else \
            "show_step + blit + PNG image"
        print(f"   {backend:7s} {_ms(times)}   ({what}; {fast} fast redraws of {len(times)})")
    print(f"   {'(ref.)':7s} {_ms(bench_full_draw(X, repeats))}   "
          "(show_step + full canvas.draw(): a plain draw_idle)")
    print()
    print("2. bandwidth change -> new trace drawn (target <= 0.3 s, flat kernel)")
    for backend in ("ipympl", "image"):
        new, cached = bench_bandwidth(backend, X, values)
        print(f"   {backend:7s} new value {_ms(new)}   back to a cached value {_ms(cached)}")
    print("   where a new value's time goes (image backend):")
    for name, times in bench_parts(X, values).items():
        print(f"     {name:22s} {_ms(times)}")


if __name__ == "__main__":
    main()
