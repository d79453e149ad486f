"""The shadow density image and the basin map a picture shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from msviz.engine._types import FloatArray, IntArray, readonly
from msviz.engine.kernels import Kernel
from msviz.engine.trace import Trace, _shadow_density
from msviz.scene.projection import Projection

__all__ = ['BasinMap', 'DensityMap']


#: Pixels per side of the density image (static density).
DENSITY_RESOLUTION = 200


#: Pixels per side of each per-step density image (blurring: the data moves).
BLURRING_RESOLUTION = 120


#: Largest number of kernel evaluations spent on the per-step blurring images.
BLURRING_BUDGET = 200_000_000


@dataclass(frozen=True, eq=False)
class DensityMap:
    """The shadow density drawn behind the points.

    Attributes
    ----------
    images : ndarray of shape (n_images, ny, nx)
        Density on a regular grid, scaled so each image's maximum is 1 (the
        colour shows the shape of the hill; the panel shows its height). One
        image for the standard variant; one per step for blurring, where the
        data itself moves.
    extent : tuple of float
        (x0, x1, y0, y1) of the image, for ``imshow(origin="lower")``.
    per_step : bool
        True if ``images[k]`` belongs to step k.
    label : str
        What the image shows.
    curve : ndarray of shape (n_points, 2) or None
        For one feature: the density as a curve (x, density) instead of an image.
    """

    images: FloatArray
    extent: tuple[float, float, float, float]
    per_step: bool
    label: str
    curve: FloatArray | None = None

    def image(self, step: int) -> FloatArray:
        """The image to show at ``step``."""
        return self.images[min(step, len(self.images) - 1)] if self.per_step else self.images[0]


@dataclass(frozen=True, eq=False)
class BasinMap:
    """Basins of attraction for grid seeds: which mode each grid point climbs to.

    Attributes
    ----------
    labels : ndarray of shape (ny, nx)
        Cluster index of the grid seed at each cell; -1 where the seed's window
        held no data.
    extent : tuple of float
        (x0, x1, y0, y1) of the image, for ``imshow(origin="lower")``.
    """

    labels: IntArray
    extent: tuple[float, float, float, float]


def _grid(xlim: tuple[float, float], ylim: tuple[float, float], res: int) -> tuple[
    FloatArray, tuple[int, int], tuple[float, float, float, float]
]:
    """Cell centres of a res-wide grid over the limits, its shape and image extent."""
    width, height = xlim[1] - xlim[0], ylim[1] - ylim[0]
    nx = res
    ny = max(2, int(round(res * height / width)))
    xs = xlim[0] + (np.arange(nx) + 0.5) * width / nx
    ys = ylim[0] + (np.arange(ny) + 0.5) * height / ny
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    return pts, (ny, nx), (xlim[0], xlim[1], ylim[0], ylim[1])


def _normalise(img: FloatArray) -> FloatArray:
    top = float(np.max(img)) if img.size else 0.0
    return img / top if top > 0 else np.zeros_like(img)


def _density_map(
    trace: Trace,
    proj: Projection,
    data: FloatArray,
    positions: FloatArray,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int,
    has_shadow: bool,
) -> DensityMap | None:
    if not has_shadow:
        return None
    kernel = trace.kernel
    name = kernel.shadow_name.capitalize()
    if proj.kind == "line":
        xs = np.linspace(xlim[0], xlim[1], 4 * resolution)
        dens = trace.density(xs[:, None])
        curve = np.column_stack([xs, dens])
        return DensityMap(
            np.zeros((1, 1, 1)), (xlim[0], xlim[1], 0.0, 1.0), False,
            f"{name} density", curve=readonly(curve),
        )
    planar = proj.kind == "identity"
    # Off the plane the d-D density cannot be drawn; draw the density of the
    # projected data instead (same kernel, same bandwidth) and say so.
    label = f"{name} density" if planar else f"{name} density of the projected data"
    if trace.variant == "blurring":
        n_steps = positions.shape[0]
        res = BLURRING_RESOLUTION
        pts, shape, extent = _grid(xlim, ylim, res)
        cost = n_steps * pts.shape[0] * data.shape[0]
        if cost <= BLURRING_BUDGET:
            imgs = np.empty((n_steps,) + shape)
            for k in range(n_steps):
                vals = _shadow_density(pts, positions[k], trace.bandwidth, kernel)
                imgs[k] = _normalise(vals.reshape(shape))
            return DensityMap(
                readonly(imgs), extent, True, f"{name} density of the moving data"
            )
        label = f"{name} density of the data at the start"
    pts, shape, extent = _grid(xlim, ylim, resolution)
    img = _binned_density(data, trace.bandwidth, kernel, shape, extent)
    if img is None:
        vals = (trace.density(pts) if planar
                else _shadow_density(pts, data, trace.bandwidth, kernel))
        img = vals.reshape(shape)
    return DensityMap(readonly(_normalise(img)[None]), extent, False, label)


#: Below this many kernel evaluations the image is summed exactly, sample by sample.
EXACT_BUDGET = 20_000_000

#: The binned image is used only when a bandwidth spans at least this many pixels.
MIN_PIXELS_PER_H = 5.0

#: A shadow with unbounded support is cut where it falls below this fraction of its peak.
SHADOW_CUTOFF = 1e-6


def _binned_density(
    data: FloatArray,
    bandwidth: float | FloatArray,
    kernel: Kernel,
    shape: tuple[int, int],
    extent: tuple[float, float, float, float],
) -> FloatArray | None:
    """The shadow density on the image's pixel centres, from binned data (a picture only).

    The samples are spread linearly onto the pixel grid (each sample's weight goes to the
    four pixel centres around it) and the grid is convolved with the shadow kernel
    sampled at pixel offsets, by FFT: O(pixels log pixels) instead of pixels x samples.
    The error is second order in pixel / bandwidth; with at least
    :data:`MIN_PIXELS_PER_H` pixels per bandwidth it stays below 1 % of the peak
    (tested). None when the exact sum is cheap, the bandwidth varies per sample or
    spans too few pixels: then the caller sums exactly. Never used for trajectories,
    centres or labels.
    """
    ny, nx = shape
    n = data.shape[0]
    if np.ndim(bandwidth) != 0 or data.shape[1] != 2 or n * nx * ny <= EXACT_BUDGET:
        return None
    assert kernel.shadow is not None
    h = float(bandwidth)  # type: ignore[arg-type]
    x0, x1, y0, y1 = extent
    dx, dy = (x1 - x0) / nx, (y1 - y0) / ny
    if h < MIN_PIXELS_PER_H * max(dx, dy):
        return None
    reach = kernel.radius if math.isfinite(kernel.radius) else _cutoff_radius(kernel)
    rx, ry = int(math.ceil(reach * h / dx)), int(math.ceil(reach * h / dy))
    if rx > 4 * nx or ry > 4 * ny:  # a window far wider than the picture: exact is cheaper
        return None
    # linear binning onto an extended grid (pixel centres), reaching rx, ry pixels out
    gx = (data[:, 0] - x0) / dx - 0.5 + rx
    gy = (data[:, 1] - y0) / dy - 0.5 + ry
    wx, wy = nx + 2 * rx, ny + 2 * ry
    inside = (gx >= 0) & (gx < wx - 1) & (gy >= 0) & (gy < wy - 1)
    gx, gy = gx[inside], gy[inside]
    ix, iy = np.floor(gx).astype(np.intp), np.floor(gy).astype(np.intp)
    tx, ty = gx - ix, gy - iy
    flat = np.zeros(wy * wx)
    for sx, sy, w in ((0, 0, (1 - tx) * (1 - ty)), (1, 0, tx * (1 - ty)),
                      (0, 1, (1 - tx) * ty), (1, 1, tx * ty)):
        flat += np.bincount((iy + sy) * wx + ix + sx, weights=w, minlength=wy * wx)
    grid = flat.reshape(wy, wx)
    # the shadow kernel at pixel offsets
    off_x = np.arange(-rx, rx + 1) * dx
    off_y = np.arange(-ry, ry + 1) * dy
    u = (off_y[:, None] ** 2 + off_x[None, :] ** 2) / (h * h)
    stencil = np.where(u <= reach * reach, np.asarray(kernel.shadow(u), dtype=np.float64), 0.0)
    # full convolution by FFT, then the pixels of the picture
    fy, fx = wy + 2 * ry, wx + 2 * rx
    conv = np.fft.irfft2(np.fft.rfft2(grid, (fy, fx)) * np.fft.rfft2(stencil, (fy, fx)),
                         (fy, fx))
    out = conv[2 * ry : 2 * ry + ny, 2 * rx : 2 * rx + nx]
    return np.maximum(out, 0.0)


#: Pixels per bandwidth of the grid :func:`binned_density_at` reads (at most).
AT_PIXELS_PER_H = 16.0


def binned_density_at(
    points: FloatArray, data: FloatArray, bandwidth: float | FloatArray, kernel: Kernel
) -> FloatArray | None:
    """The shadow density at ``points`` from binned data, for a picture only.

    The binned image of :func:`_binned_density` on a grid over the points and the data
    (:data:`AT_PIXELS_PER_H` pixels per bandwidth, at most 400 a side), read at each
    point by bilinear interpolation: within about 1 % of the peak density, in
    milliseconds where the exact sum compares every point with every sample. It is
    the density a big run's first picture shows before the run has its own sums
    (which windows to draw, the panel's first dot). None where the exact sum is
    cheap, the bandwidth varies per sample, the data is not 2-D, or the bandwidth is
    too small for the grid: then the caller sums exactly.
    """
    if np.ndim(bandwidth) != 0 or data.shape[1] != 2 or points.shape[1] != 2 or not len(points):
        return None
    if points.shape[0] * data.shape[0] <= EXACT_BUDGET or kernel.shadow is None \
            or kernel.shadow_norm is None:
        return None
    h = float(bandwidth)  # type: ignore[arg-type]
    both = np.concatenate([points, data])
    lo, hi = both.min(axis=0), both.max(axis=0)
    side = h / AT_PIXELS_PER_H
    span = np.maximum(hi - lo, side)
    nx, ny = (int(min(400, math.ceil(float(s) / side)) + 2) for s in span)
    dx, dy = span[0] / (nx - 2), span[1] / (ny - 2)
    # pixel centres from one pixel before lo to one after hi: every point lies between four
    x0, y0 = lo[0] - dx, lo[1] - dy
    extent = (float(x0), float(x0 + nx * dx), float(y0), float(y0 + ny * dy))
    img = _binned_density(data, h, kernel, (ny, nx), extent)
    if img is None:
        return None
    gx = (points[:, 0] - x0) / dx - 0.5
    gy = (points[:, 1] - y0) / dy - 0.5
    ix = np.clip(np.floor(gx).astype(np.intp), 0, nx - 2)
    iy = np.clip(np.floor(gy).astype(np.intp), 0, ny - 2)
    tx, ty = gx - ix, gy - iy
    vals = ((1 - tx) * (1 - ty) * img[iy, ix] + tx * (1 - ty) * img[iy, ix + 1]
            + (1 - tx) * ty * img[iy + 1, ix] + tx * ty * img[iy + 1, ix + 1])
    n, d = data.shape
    return np.maximum(vals, 0.0) * (kernel.shadow_norm(d) / (n * h**d))


def _cutoff_radius(kernel: Kernel) -> float:
    """Where an unbounded shadow profile falls below :data:`SHADOW_CUTOFF` of its peak."""
    assert kernel.shadow is not None
    r = np.linspace(0.0, 12.0, 1201)
    k = np.abs(np.asarray(kernel.shadow(r * r), dtype=np.float64))
    top = float(k[0]) if k[0] > 0 else float(k.max())
    below = np.flatnonzero(k < SHADOW_CUTOFF * top)
    small = below[below > 0]
    return float(r[small[0]]) if small.size else 12.0


def _basin_map(trace: Trace, positions: FloatArray, seed_labels: IntArray) -> BasinMap | None:
    if trace.seeds != "grid" or trace.grid_shape is None or len(trace.grid_shape) != 2:
        return None
    nx, ny = trace.grid_shape
    start = positions[0]
    # Grid seeds are in C order with the first feature slowest: [i_x, i_y].
    labels = seed_labels.reshape(nx, ny).T.copy()
    xs = start[:, 0].reshape(nx, ny)[:, 0]
    ys = start[:, 1].reshape(nx, ny)[0, :]
    dx = (xs[-1] - xs[0]) / max(nx - 1, 1)
    dy = (ys[-1] - ys[0]) / max(ny - 1, 1)
    extent = (
        float(xs[0] - dx / 2), float(xs[-1] + dx / 2), float(ys[0] - dy / 2), float(ys[-1] + dy / 2)
    )
    return BasinMap(readonly(labels), extent)
