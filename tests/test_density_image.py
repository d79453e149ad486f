"""The density image from binned data: within 1 % of the peak of the exact sum, and faster.

Approximations are allowed in pictures only: trajectories, centres and labels never
use it (they come from the engine); this checks the picture against the exact sum.
"""

from __future__ import annotations

import numpy as np
import pytest

import msviz
from msviz.engine.trace import _shadow_density
from msviz.scene import density as D
from msviz.scene import scene_for

RNG = np.random.default_rng(3)
# two clusters, a sparse halo and samples outside the picture (they still add density)
X = np.concatenate([RNG.normal(size=(4000, 2)), RNG.normal(size=(3000, 2)) * 0.4 + [3, 2],
                    RNG.uniform(-9, 11, size=(500, 2))])
XLIM, YLIM = (-4.0, 6.0), (-3.5, 5.5)


def _exact(h, kernel, res=200):
    pts, shape, _ = D._grid(XLIM, YLIM, res)
    return _shadow_density(pts, X, h, kernel).reshape(shape)


@pytest.mark.parametrize("name", ["flat", "epanechnikov", "gaussian"])
@pytest.mark.parametrize("pixels_per_h", [D.MIN_PIXELS_PER_H, 7.0, 25.0, 120.0])
def test_binned_image_is_within_one_percent_of_the_peak(name, pixels_per_h):
    kernel = msviz.KERNELS[name]
    _, shape, extent = D._grid(XLIM, YLIM, 200)
    pixel = max((XLIM[1] - XLIM[0]) / shape[1], (YLIM[1] - YLIM[0]) / shape[0])
    h = pixels_per_h * pixel
    binned = D._binned_density(X, h, kernel, shape, extent)
    assert binned is not None
    exact = _exact(h, kernel)
    err = np.abs(binned / binned.max() - exact / exact.max()).max()
    assert err <= 0.01, f"{name}, h = {pixels_per_h} pixels: {err:.2%} of the peak"


def test_exact_sum_when_it_is_cheap_or_the_bandwidth_is_too_narrow():
    _, shape, extent = D._grid(XLIM, YLIM, 200)
    kernel = msviz.KERNELS["flat"]
    assert D._binned_density(X[:100], 1.0, kernel, shape, extent) is None  # cheap
    assert D._binned_density(X, 0.05, kernel, shape, extent) is None  # 1 pixel per h
    assert D._binned_density(X, np.full(len(X), 1.0), kernel, shape, extent) is None


def test_the_scene_uses_it_and_the_run_does_not_change():
    trace = msviz.run_mean_shift(X, bandwidth=1.0)
    scene = scene_for(trace)
    img = scene.density.image(0)
    x0, x1, y0, y1 = scene.density.extent
    pts, shape, _ = D._grid((x0, x1), (y0, y1), img.shape[1])
    exact = trace.density(pts).reshape(shape)
    assert np.abs(img - exact / exact.max()).max() <= 0.01
    # the picture's approximation never reaches the run
    again = msviz.run_mean_shift(X, bandwidth=1.0)
    np.testing.assert_array_equal(trace.cluster_centers, again.cluster_centers)


@pytest.mark.parametrize("name", ["flat", "epanechnikov", "gaussian"])
@pytest.mark.parametrize("h", [0.5, 0.8, 2.5])
def test_density_at_points_is_within_one_percent_of_the_peak(name, h):
    kernel = msviz.KERNELS[name]
    # the data itself, and points off it (the halo reaches beyond the clusters)
    points = np.concatenate([X, RNG.uniform(-12, 14, size=(300, 2))])
    approx = D.binned_density_at(points, X, h, kernel)
    assert approx is not None
    exact = _shadow_density(points, X, h, kernel)
    err = np.abs(approx - exact).max() / exact.max()
    assert err <= 0.01, f"{name}, h = {h}: {err:.2%} of the peak"
    # cheap, per-sample, not 2-D, or too narrow for 400 pixels: the caller sums exactly
    assert D.binned_density_at(points, X, 0.05, kernel) is None
    assert D.binned_density_at(points[:100], X[:100], h, kernel) is None
    assert D.binned_density_at(points, X, np.full(len(X), h), kernel) is None
    assert D.binned_density_at(np.c_[points, points[:, :1]], np.c_[X, X[:, :1]], h,
                               kernel) is None


def test_a_big_runs_first_picture_reads_its_density_from_binned_data(monkeypatch):
    from msviz.engine.run import start_trace
    from msviz.engine.trace import Trace

    first = start_trace(X, bandwidth=0.8, kernel="gaussian")
    assert not first.has_density_path
    exact_mean = float(_shadow_density(first.positions[0], X, 0.8, first.kernel).mean())

    def no_exact_sum(self):
        raise AssertionError("the first picture summed every point against every sample")

    monkeypatch.setattr(Trace, "_exact_density_path", no_exact_sum)
    scene = scene_for(first)
    assert scene.n_steps == 1 and scene.highlight.size > 0
    dot = float(scene.convergence.mean_density[0])
    assert abs(dot - exact_mean) <= 0.01 * exact_mean
    # the finished run's picture uses the run's own sums: exact, and no approximation
    run = msviz.run_mean_shift(X, bandwidth=0.8, kernel="gaussian", max_iter=3)
    assert run.has_density_path
    np.testing.assert_allclose(scene_for(run).convergence.mean_density,
                               run.density_path().mean(axis=1, dtype=np.float64))
    # and it draws the same windows as the first picture did: they do not jump
    np.testing.assert_array_equal(scene_for(run).highlight, scene.highlight)
