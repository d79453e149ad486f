"""Benchmarks of the view and the exports (prints numbers; asserts nothing).

1. A slider frame at n = 2,000 points: ``show_step`` + a full ``canvas.draw()``,
   ``show_step`` + ``view.blit()`` (what exports and blitting widgets do), and
   clear-and-replot (``ax.clear()`` and every artist made again), all on Agg in
   the same run. Target: <= 30 ms a frame.
2. A 60-frame GIF of 1,000 points: ``msviz.save_gif`` against ``FuncAnimation``
   + ``PillowWriter`` on the same view, same run. Target: <= 3 s and <= 100 KB.

Run: ``python benchmarks/bench_view.py`` (``--quick`` for fewer repeats).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.animation import FuncAnimation, PillowWriter  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.draw import style as S  # noqa: E402
from msviz.draw.view import MeanShiftView  # noqa: E402
from msviz.export import save_gif  # noqa: E402
from msviz.scene import scene_for  # noqa: E402


def _figure(dpi: float) -> Figure:
    fig = Figure(figsize=S.FIGSIZE, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _per_frame(fn, steps, repeats: int) -> float:
    """Median milliseconds per call of fn(k) over the steps, after a warm-up pass."""
    for k in steps:
        fn(k)
    times = []
    for _ in range(repeats):
        for k in steps:
            t0 = time.perf_counter()
            fn(k)
            times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def replot_frame(fig: Figure, trace: msviz.Trace, k: int) -> None:
    """The naive way: clear the axes and draw every artist again, then draw."""
    sc = scene_for(trace)
    ax, top, bottom = fig.axes
    for a in (ax, top, bottom):
        a.clear()
    ax.imshow(sc.density.image(k), extent=sc.density.extent, origin="lower", cmap="Blues")
    ax.scatter(sc.data[:, 0], sc.data[:, 1], s=7, color=S.DATA, linewidths=0)
    ax.add_collection(LineCollection(sc.trail(k), colors=S.TRAIL, linewidths=0.7))
    conv = sc.converged[k]
    pos = sc.positions[k]
    ax.scatter(pos[~conv, 0], pos[~conv, 1], s=12, color=S.MOVING)
    ax.scatter(pos[conv, 0], pos[conv, 1], s=12, color=S.STOPPED)
    for i in sc.highlight:
        ax.add_patch(Circle(tuple(pos[i]), sc.radii[k, i], fill=False))
    ax.text(0.02, 0.98, sc.step_label(k), transform=ax.transAxes, va="top")
    ax.set_xlim(*sc.xlim)
    ax.set_ylim(*sc.ylim)
    ax.set_aspect("equal")
    top.semilogy(sc.convergence.max_shift, "-o")
    top.axvline(k)
    bottom.plot(sc.convergence.mean_density, "-o")
    bottom.axvline(k)
    fig.canvas.draw()


def bench_slider(repeats: int) -> None:
    X = datasets.load("blobs", n_samples=2000)
    trace = msviz.run_mean_shift(X, bandwidth=2.5)
    steps = list(range(len(trace)))
    dpi = 100
    print(f"slider frame, n = 2,000 points, {len(trace)} steps, Agg, "
          f"{S.FIGSIZE[0]:g} x {S.FIGSIZE[1]:g} in at {dpi} dpi")

    view = MeanShiftView(trace, fig=_figure(dpi))
    view.plot()

    def full(k: int) -> None:
        view.show_step(k)
        view.fig.canvas.draw()

    t_full = _per_frame(full, steps, repeats)

    fast = MeanShiftView(trace, fig=_figure(dpi))
    fast.plot()

    def blit(k: int) -> None:
        fast.show_step(k)
        fast.blit()

    t_blit = _per_frame(blit, steps, repeats)

    t_show = _per_frame(view.show_step, steps, repeats)

    naive = _figure(dpi)
    naive.add_axes((0.07, 0.1, 0.42, 0.78))
    naive.add_axes((0.61, 0.6, 0.36, 0.28))
    naive.add_axes((0.61, 0.24, 0.36, 0.28))
    t_replot = _per_frame(lambda k: replot_frame(naive, trace, k), steps, repeats)

    print(f"  show_step alone                  {t_show:7.2f} ms")
    print(f"  show_step + canvas.draw()        {t_full:7.1f} ms   (full redraw)")
    print(f"  show_step + view.blit()          {t_blit:7.1f} ms   (target <= 30 ms)")
    print(f"  ax.clear() + replot + draw       {t_replot:7.1f} ms")
    print(f"  ratio replot / full draw         {t_replot / t_full:7.2f}x")
    print(f"  ratio replot / blit              {t_replot / t_blit:7.2f}x")


def gif_image_sizes(path: Path) -> list[int]:
    """Bytes of each image block (descriptor, colour table, LZW data) of a GIF file."""
    data = path.read_bytes()
    pos = 13 + (3 * 2 ** ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    sizes = []
    while data[pos] != 0x3B:
        start = pos
        if data[pos] == 0x21:  # an extension: label, then sub-blocks
            pos += 2
        else:  # an image: descriptor, local colour table, LZW minimum code size
            flags = data[pos + 9]
            pos += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0) + 1
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
        if data[start] == 0x2C:
            sizes.append(pos - start)
    return sizes


def bench_gif(tmp: Path) -> None:
    X = datasets.load("varied", n_samples=1000)
    trace = msviz.run_mean_shift(X, bandwidth=0.8, kernel="gaussian")
    steps = range(60)
    print(f"\n60-frame GIF, n = 1,000 points (gaussian, {len(trace)} steps; first 60 drawn)"
          "\ntarget: <= 3 s and <= 100 KB")
    for dpi in (80, 64):
        t0 = time.perf_counter()
        ours = save_gif(trace, tmp / f"ours{dpi}.gif", steps=steps, dpi=dpi, fps=10, pause=0)
        t_ours = time.perf_counter() - t0
        size_ours = os.path.getsize(ours)
        exact = save_gif(trace, tmp / f"exact{dpi}.gif", steps=steps, dpi=dpi, fps=10, pause=0,
                         tolerance=0)
        size_exact = os.path.getsize(exact)

        t0 = time.perf_counter()
        view = MeanShiftView(trace, fig=_figure(dpi))
        view.plot()
        anim = FuncAnimation(view.fig, view.show_step, frames=list(steps), blit=False,
                             cache_frame_data=False)
        theirs = tmp / f"pillowwriter{dpi}.gif"
        anim.save(theirs, writer=PillowWriter(fps=10), dpi=dpi)
        t_theirs = time.perf_counter() - t0
        size_theirs = os.path.getsize(theirs)
        w, h = round(S.FIGSIZE[0] * dpi), round(S.FIGSIZE[1] * dpi)
        parts = gif_image_sizes(ours)
        print(f"  dpi {dpi} ({w} x {h} px)")
        print(f"    msviz.save_gif                 {t_ours:6.2f} s  {size_ours / 1024:7.1f} KB")
        print(f"    ... with tolerance=0 (exact)            {size_exact / 1024:7.1f} KB")
        print(f"    FuncAnimation + PillowWriter   {t_theirs:6.2f} s  {size_theirs / 1024:7.1f} KB")
        print(f"    ratio (PillowWriter / msviz)   {t_theirs / t_ours:6.2f}x "
              f"{size_theirs / size_ours:7.2f}x")
        print(f"    where the bytes go: frame 0 {parts[0] / 1024:.0f} KB, frames 1-10 "
              f"{sum(parts[1:11]) / 1024:.0f} KB, frames 11-59 {sum(parts[11:]) / 1024:.0f} KB "
              f"({sum(parts[11:]) / len(parts[11:]) / 1024:.1f} KB a frame)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    bench_slider(repeats=1 if args.quick else 3)
    with tempfile.TemporaryDirectory() as tmp:
        bench_gif(Path(tmp))


if __name__ == "__main__":
    main()
