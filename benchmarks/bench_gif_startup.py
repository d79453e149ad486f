"""Benchmark: a one-GIF ``msviz gif`` run, start-up included (prints; asserts nothing).

Each run is a fresh Python process (``python -m msviz gif --dataset blobs``), as a
teacher types it. Two ways to map frame colours to the GIF palette, in the same run:

- **lazy** (msviz): the palette index of a colour is worked out the first time a
  frame uses it;
- **full table** (the way msviz did it before): the index of every one of the 2**24
  colours is worked out before the first frame (a 16 MB table).

Both give the same pixels. Run: ``python benchmarks/bench_gif_startup.py`` (``--quick``:
3 runs each instead of 7).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Builds the whole table up front, as before, then writes the same GIF.
FULL_TABLE = """
import numpy as np
from msviz.draw import style as S
from msviz.export import gif
pal = S.gif_palette()
p = pal.astype(np.float64)
levels = np.arange(32) * 8 + 3.5
r, g, b = np.meshgrid(levels, levels, levels, indexing="ij")
cells = np.stack([r.ravel(), g.ravel(), b.ravel()], axis=1)
weight = np.array([2.0, 4.0, 3.0])
tint = lambda c: np.stack([c[..., 0] - c[..., 1], c[..., 1] - c[..., 2]], axis=-1)
lut = np.empty(cells.shape[0], dtype=np.uint8)
for start in range(0, cells.shape[0], 2048):
    c = cells[start : start + 2048]
    d2 = (((c[:, None, :] - p[None, :, :]) ** 2) * weight).sum(axis=2)
    d2 += 6.0 * ((tint(c)[:, None, :] - tint(p)[None, :, :]) ** 2).sum(axis=2)
    lut[start : start + 2048] = np.argmin(d2, axis=1)
cube = lut.reshape(32, 32, 32)
full = np.repeat(np.repeat(np.repeat(cube, 8, axis=0), 8, axis=1), 8, axis=2).reshape(-1)
keys = (pal[:, 0].astype(np.intp) << 16) | (pal[:, 1].astype(np.intp) << 8) | pal[:, 2]
full[keys] = np.arange(len(pal), dtype=np.uint8)
gif._palette_table(pal.tobytes()).table[:] = full  # every colour known: no lookups later
"""


def _run(out: Path, full: bool) -> float:
    pre = FULL_TABLE if full else ""
    code = (
        f"{pre}\nimport sys\nfrom msviz.cli import main\n"
        f"sys.exit(main(['gif', '--dataset', 'blobs', '-o', {str(out)!r}, '--quiet']))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    repeats = 3 if parser.parse_args().quick else 7
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average), {repeats} runs each, medians")
    times: dict[str, list[float]] = {"lazy": [], "full table": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):  # interleaved, so both see the same machine
            times["lazy"].append(_run(Path(tmp) / f"lazy{i}.gif", full=False))
            times["full table"].append(_run(Path(tmp) / f"full{i}.gif", full=True))
        same = (Path(tmp) / "lazy0.gif").read_bytes() == (Path(tmp) / "full0.gif").read_bytes()
    lazy, full = (statistics.median(times[k]) for k in ("lazy", "full table"))
    print(f"one-GIF msviz gif run, lazy palette table:  {lazy:6.2f} s")
    print(f"one-GIF msviz gif run, full palette table:  {full:6.2f} s  (the way before)")
    print(f"lazy / full = {lazy / full:.2f}; saved {full - lazy:.2f} s a run; "
          f"same GIF bytes: {same}")


if __name__ == "__main__":
    main()
