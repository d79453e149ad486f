"""Hypothesis properties of the engine (DESIGN.md, "Tests")."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from msviz import run_mean_shift

pytestmark = pytest.mark.filterwarnings("ignore::msviz.ConvergenceWarning")

KERNELS = ["flat", "epanechnikov", "gaussian"]

# Small 2-D data on a coarse lattice of floats, so that sums and differences are
# exact and the properties can be checked tightly.
coords = st.integers(min_value=-40, max_value=40).map(lambda v: v / 4)
data = st.integers(min_value=2, max_value=25).flatmap(
    lambda n: arrays(np.float64, (n, 2), elements=coords)
)
bandwidths = st.sampled_from([0.75, 1.0, 1.5, 2.5, 4.0])
common = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(X=data, h=bandwidths, kernel=st.sampled_from(KERNELS))
def test_density_never_decreases_along_a_path(X, h, kernel):
    trace = run_mean_shift(X, bandwidth=h, kernel=kernel, max_iter=60)
    path = trace.density_path()
    # float32: the ascent holds to one unit in the last place
    assert np.all(np.diff(path, axis=0) >= -2.0**-23 * path.max())


@common
@given(X=data, h=bandwidths, max_iter=st.integers(1, 5), kernel=st.sampled_from(KERNELS))
def test_at_most_max_iter_updates(X, h, max_iter, kernel):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trace = run_mean_shift(X, bandwidth=h, kernel=kernel, max_iter=max_iter)
    assert 2 <= len(trace) <= max_iter + 1


@common
@given(X=data, h=bandwidths)
def test_flat_positions_stay_in_the_data_box(X, h):
    trace = run_mean_shift(X, bandwidth=h, max_iter=60)
    lo, hi = X.min(axis=0), X.max(axis=0)
    assert np.all(trace.positions >= lo - 1e-12)
    assert np.all(trace.positions <= hi + 1e-12)


@common
@given(X=data, h=bandwidths, kernel=st.sampled_from(KERNELS),
       shift=st.tuples(coords, coords))
def test_translation_equivariance(X, h, kernel, shift):
    t = np.array(shift)
    a = run_mean_shift(X, bandwidth=h, kernel=kernel, max_iter=40)
    b = run_mean_shift(X + t, bandwidth=h, kernel=kernel, max_iter=40)
    if kernel == "flat":
        # exact data; the windows hold the same samples
        assert len(a) == len(b)
    n = min(len(a), len(b))
    np.testing.assert_allclose(b.positions[:n] - t, a.positions[:n], atol=1e-6 * h)


@common
@given(X=data, h=bandwidths, kernel=st.sampled_from(KERNELS), seed=st.integers(0, 2**16))
def test_permutation_equivariance(X, h, kernel, seed):
    perm = np.random.default_rng(seed).permutation(X.shape[0])
    a = run_mean_shift(X, bandwidth=h, kernel=kernel, max_iter=40)
    b = run_mean_shift(X[perm], bandwidth=h, kernel=kernel, max_iter=40)
    assert len(a) == len(b)
    np.testing.assert_allclose(b.positions[:, :], a.positions[:, perm], atol=1e-9 * h)
    # the same partition, whatever the cluster numbering
    pairs = set(zip(a.labels[perm].tolist(), b.labels.tolist(), strict=True))
    assert len(pairs) == len({p[0] for p in pairs}) == len({p[1] for p in pairs})


@common
@given(X=data, h=bandwidths, kernel=st.sampled_from(KERNELS),
       scale=st.sampled_from([0.25, 0.5, 2.0, 8.0]))
def test_scaling_X_and_bandwidth_scales_positions(X, h, kernel, scale):
    # powers of two scale floats exactly, so every window holds the same samples
    a = run_mean_shift(X, bandwidth=h, kernel=kernel, max_iter=40)
    b = run_mean_shift(X * scale, bandwidth=h * scale, kernel=kernel, max_iter=40)
    assert len(a) == len(b)
    np.testing.assert_allclose(b.positions, a.positions * scale, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(a.labels, b.labels)


@common
@given(X=data, h=bandwidths, kernel=st.sampled_from(KERNELS))
def test_blurring_shrinks_the_spread(X, h, kernel):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trace = run_mean_shift(X, bandwidth=h, kernel=kernel, variant="blurring", max_iter=60)
    spread = [np.ptp(s.data, axis=0).max() for s in trace]
    assert all(b <= a + 1e-9 for a, b in zip(spread, spread[1:], strict=False))
