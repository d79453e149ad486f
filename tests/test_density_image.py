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
