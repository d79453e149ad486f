"""Image mean shift: msviz's segment_image against OpenCV's pyrMeanShiftFiltering.

Run:  .venv/bin/python benchmarks/bench_images.py  [--quick] [--png PATH]
(needs the benchmark extra: pip install -e ".[bench]", which brings opencv-python-headless)

The same photo (scikit-image's astronaut, 512 x 512, and shrunk to 256 x 256 by
load_image), the same radii: h_s = 6 pixels, h_r = 0.1 in colours 0..1, which is
sp = 6 and sr = 25.5 for OpenCV (its colours are 0..255). OpenCV runs on one thread
(cv2.setNumThreads(1)) with maxLevel=0 (no pyramid), with its default stopping rule
(at most 5 iterations, or when the rounded position stops moving) and, for
reference, with up to 100 iterations. Times are medians of a few runs; ratios are
against OpenCV measured in the same run. The load average is printed: on a shared
machine the wall times are high, the ratios less so.

What differs (so the filtered images are alike, not equal):
- the window: msviz's is one ball in the joint space, (dx^2 + dy^2) / h_s^2 +
  |dc|^2 / h_r^2 <= 1; OpenCV's is a box in space (|dx|, |dy| <= sp) and,
  separately, a ball in colour (|dc| <= sr): a larger window;
- OpenCV rounds each new position to a pixel and each new colour to an integer at
  every iteration and stops after 5; msviz moves in real numbers until each point
  moves less than tol = 1e-3 bandwidths (most pixels stop within 10-20 steps, a
  few need up to max_iter = 100), and records every step of every pixel;
- msviz also merges the end points into segments (the Trace: centres and labels);
  OpenCV's function only filters. msviz's time below includes that.

Targets (issue 11): msviz <= 5x OpenCV at 256 x 256; 512 x 512 under 30 s.
Also printed: the old dense path (every pixel against every pixel) at 64 x 64.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msviz  # noqa: E402
from msviz.course.segmentation import image_features, load_image, segment_image  # noqa: E402

HS, HR = 6.0, 0.1


def load() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        a, b, c = os.getloadavg()
        return f"load average: {a:.2f}, {b:.2f}, {c:.2f}"


def median_time(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 256 x 256")
    parser.add_argument(
        "--png", default=str(Path(tempfile.gettempdir()) / "msviz_bench_images.png"),
        help="where to save the filtered images side by side",
    )
    args = parser.parse_args()
    try:
        import cv2
    except ImportError:
        sys.exit('OpenCV is a benchmark-only dependency: pip install -e ".[bench]"')
    cv2.setNumThreads(1)
    print(f"msviz {msviz.__version__}, OpenCV {cv2.__version__}, numpy {np.__version__}")
    print("start:", load())
    print(f"h_s = {HS:g} px, h_r = {HR:g}  (OpenCV: sp = {HS:g}, sr = {HR * 255:g}, maxLevel=0)")
    default_stop = (cv2.TERM_CRITERIA_MAX_ITER + cv2.TERM_CRITERIA_EPS, 5, 1)
    long_stop = (cv2.TERM_CRITERIA_MAX_ITER + cv2.TERM_CRITERIA_EPS, 100, 0)

    sizes = [256] if args.quick else [256, 512]
    results = []
    for size in sizes:
        img = load_image("astronaut", size=size)
        u8 = np.round(img * 255).astype(np.uint8)
        repeat = 5 if size <= 256 else 3
        t_cv, cv_out = median_time(
            lambda u8=u8: cv2.pyrMeanShiftFiltering(
                u8, HS, HR * 255, maxLevel=0, termcrit=default_stop), repeat)
        t_cv_long, _ = median_time(
            lambda u8=u8: cv2.pyrMeanShiftFiltering(
                u8, HS, HR * 255, maxLevel=0, termcrit=long_stop), repeat)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", msviz.ConvergenceWarning)
            t_ms, seg = median_time(
                lambda img=img: segment_image(img, spatial_bandwidth=HS, range_bandwidth=HR),
                repeat)
        ours = seg.colours_at(-1)
        diff = np.abs(np.round(ours * 255) - cv_out.astype(float)).mean()
        h, w = seg.shape
        print(f"\n{h} x {w} ({h * w:,} pixels), medians of {repeat}:")
        print(f"  OpenCV pyrMeanShiftFiltering, default stop (<= 5 iterations): {t_cv:7.3f} s")
        print(f"  OpenCV, up to 100 iterations:                                {t_cv_long:7.3f} s")
        print(f"  msviz segment_image (flat kernel, every step recorded):      {t_ms:7.3f} s"
              f"  = {t_ms / t_cv:.1f}x OpenCV ({t_ms / t_cv_long:.1f}x the 100-iteration run)")
        print(f"  msviz: {len(seg) - 1} steps ({int(np.median(seg.trace.stop_step))} for the "
              f"median pixel), {seg.n_segments:,} segments, history "
              f"{seg.trace.positions.nbytes / 1e6:.0f} MB")
        print(f"  filtered images differ by {diff:.1f} of 255 per channel on average "
              "(different windows, see above)")
        results.append((size, img, ours, cv_out, t_ms, t_cv))

    img64 = load_image("astronaut", size=64)
    X = image_features(img64, spatial_bandwidth=HS, range_bandwidth=HR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        t_dense, _ = median_time(
            lambda: msviz.run_mean_shift(X, bandwidth=1.0, max_iter=100), 1)
        t_lat, _ = median_time(
            lambda: segment_image(img64, spatial_bandwidth=HS, range_bandwidth=HR), 3)
    t_cv64, _ = median_time(
        lambda: cv2.pyrMeanShiftFiltering(
            np.round(img64 * 255).astype(np.uint8), HS, HR * 255, maxLevel=0,
            termcrit=default_stop), 5)
    print(f"\n64 x 64: dense path (every pixel against every pixel) {t_dense:.2f} s, "
          f"lattice {t_lat:.3f} s, OpenCV {t_cv64:.4f} s")
    print("end:", load())
    save_png(results, args.png)


def save_png(results, path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(results), 3, figsize=(12, 4.2 * len(results)),
                             squeeze=False, layout="constrained")
    for row, (size, img, ours, cv_out, t_ms, t_cv) in zip(axes, results, strict=True):
        pictures = [img, ours, cv_out]
        titles = [f"astronaut, {size} x {size}",
                  f"msviz segment_image: {t_ms:.2f} s",
                  f"OpenCV pyrMeanShiftFiltering: {t_cv:.2f} s"]
        for ax, pic, title in zip(row, pictures, titles, strict=True):
            ax.imshow(pic, interpolation="nearest")
            ax.set(xticks=[], yticks=[], title=title)
    fig.suptitle(f"mean shift filtering, h_s = {HS:g} px, h_r = {HR:g} (sr = {HR * 255:g})")
    fig.savefig(path, dpi=80)
    print("saved", path)


if __name__ == "__main__":
    main()
