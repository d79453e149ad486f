"""The lesson's from-scratch methods: hand-worked cases and their flaws reproduced."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest

import msviz
from msviz import classic
from msviz.course.classic import (
    FLAWS,
    ClassicError,
    ClassicTrace,
    ClassicWarning,
    fixed_radius,
    near_duplicates,
    removal_marks,
    ring_index,
    ring_kernel,
    ring_radius,
    ring_weighted,
    ring_weights,
)
from msviz.engine import ConvergenceWarning, Step, Trace, run_mean_shift

# Three groups of three in the positive quadrant; the ring method finds all three.
THREE_GROUPS = np.array(
    [[1.6, 1.4], [1.9, 1.6], [1.1, 1.8],
     [8.9, 9.2], [7.5, 7.6], [7.6, 8.5],
     [7.4, 2.3], [8.1, 2.0], [8.6, 2.3]]
)  # fmt: skip

# Three groups of four.
TWELVE = np.array(
    [[2, 2], [2.6, 2.2], [2.2, 2.8], [1.8, 1.6],
     [8, 8], [8.5, 8.8], [7.6, 8.4], [8.8, 7.9],
     [8, 2], [8.6, 2.5], [9, 1.8], [8.2, 1.4]]
)  # fmt: skip


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClassicWarning)
        return fn(*args, **kwargs)


# --------------------------------------------------------------------------- fixed radius


def test_fixed_radius_hand_worked_1d():
    # radius 1.5, strict <:
    # pass 1: 0 -> mean(0, 1) = 0.5; 1 -> mean(0, 1, 2) = 1; 2 -> mean(1, 2) = 1.5;
    #         10 and 11 -> 10.5 (they merge: 4 centroids left)
    # pass 2: 0.5 sees 0, 1 (|2 - 0.5| = 1.5 is not < 1.5) -> 0.5; 1 -> 1; 1.5 -> 1.5;
    #         10.5 -> 10.5: nothing moved, stop.
    X = [[0.0], [1.0], [2.0], [10.0], [11.0]]
    trace = fixed_radius(X, radius=1.5)
    assert isinstance(trace, ClassicTrace) and isinstance(trace, Trace)
    np.testing.assert_array_equal(
        trace.positions[:, :, 0],
        [[0, 1, 2, 10, 11], [0.5, 1, 1.5, 10.5, 10.5], [0.5, 1, 1.5, 10.5, 10.5]],
    )
    np.testing.assert_array_equal(trace.cluster_centers.ravel(), [0.5, 1.0, 1.5, 10.5])
    np.testing.assert_array_equal(trace.labels, [0, 1, 2, 3, 3])
    np.testing.assert_array_equal(trace.n_centroids, [5, 4, 4])
    assert trace.n_iter == 2 and trace.converged
    # 1.0 never moved: stopped at step 1; the others stopped when the loop did.
    np.testing.assert_array_equal(trace.stop_step, [2, 1, 2, 2, 2])
    np.testing.assert_array_equal(trace.primary[1], [True, True, True, True, False])
    np.testing.assert_array_equal(trace.centroids_at(1).ravel(), [0.5, 1.0, 1.5, 10.5])
    assert trace.alive.all()
    np.testing.assert_array_equal(trace.removed_step, [3] * 5)
    np.testing.assert_array_equal(trace.removed_by, [-1] * 5)
    assert trace.bandwidth == 1.5 and trace.radius == 1.5 and trace.tol == 0.0


def test_fixed_radius_hand_worked_square():
    # Unit square, radius 1.2: each corner sees itself and its two neighbours
    # (the diagonal is 1.41): (0, 0) -> (1/3, 1/3), ... Then every centroid sees
    # all four corners and all go to (0.5, 0.5).
    X = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    trace = fixed_radius(X, radius=1.2)
    np.testing.assert_allclose(
        trace.positions[1], [[1 / 3, 1 / 3], [2 / 3, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 2 / 3]]
    )
    np.testing.assert_allclose(trace.cluster_centers, [[0.5, 0.5]])
    np.testing.assert_array_equal(trace.n_centroids, [4, 4, 1, 1])
    np.testing.assert_array_equal(trace.labels, [0, 0, 0, 0])
    np.testing.assert_array_equal(trace.seed_labels, [0, 0, 0, 0])


def test_fixed_radius_is_strict_at_the_edge():
    # Two samples exactly one radius apart do not see each other.
    trace = fixed_radius([[0.0], [1.5]], radius=1.5)
    np.testing.assert_array_equal(trace.cluster_centers.ravel(), [0.0, 1.5])
    assert trace.n_iter == 1
    wider = fixed_radius([[0.0], [1.5]], radius=1.5000001)
    np.testing.assert_array_equal(wider.cluster_centers.ravel(), [0.75])


def test_fixed_radius_leaves_near_duplicates():
    trace = fixed_radius([[0.0], [1.0], [2.0], [10.0], [11.0]], radius=1.5)
    pairs = near_duplicates(trace.cluster_centers, 1.5)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (1, 2), (0, 2)]
    # The engine merges end points within one bandwidth: one cluster per group.
    engine = run_mean_shift([[0.0], [1.0], [2.0], [10.0], [11.0]], bandwidth=1.5)
    assert engine.n_clusters == 2


def test_fixed_radius_answer_changes_when_the_data_is_rescaled():
    at_1 = fixed_radius(TWELVE, radius=2.0)
    at_10 = fixed_radius(10 * TWELVE, radius=2.0)
    assert at_1.n_clusters == 3
    assert at_10.n_clusters == 12  # every sample alone: the radius is absolute
    # Scaling the radius with the data gives the scaled answer back.
    both = fixed_radius(10 * TWELVE, radius=20.0)
    np.testing.assert_allclose(both.cluster_centers, 10 * at_1.cluster_centers)


def test_fixed_radius_iteration_cap_warns():
    X = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    with pytest.warns(ConvergenceWarning, match="no cap"):
        trace = fixed_radius(X, radius=1.2, max_iter=1)
    assert not trace.converged and len(trace) == 2


def test_fixed_radius_duplicated_samples_merge_at_once():
    trace = fixed_radius([[0.0, 0.0], [0.0, 0.0], [5.0, 5.0]], radius=1.0)
    # The lesson starts with one centroid per sample; the set merges the two
    # copies after the first pass. Its stop test compares the sorted survivors
    # with the old list place by place, so one more pass is needed.
    np.testing.assert_array_equal(trace.n_centroids, [3, 2, 2])
    np.testing.assert_array_equal(trace.primary[1], [True, False, True])


@pytest.mark.parametrize("radius", [0, -1.0, float("nan"), math.inf, "1", True])
def test_fixed_radius_rejects_bad_radius(radius):
    with pytest.raises(ValueError, match="radius"):
        fixed_radius([[0.0], [1.0]], radius=radius)


def test_fixed_radius_rejects_bad_data():
    with pytest.raises(ValueError, match="NaN in row 1"):
        fixed_radius([[0.0], [np.nan]], radius=1.0)


# --------------------------------------------------------------------------- ring helpers


def test_ring_radius_is_norm_of_mean_over_100():
    assert ring_radius([[3.0, 4.0], [3.0, 4.0]]) == 0.05
    assert ring_radius([[3.0, 4.0]], n_rings=10) == 0.5
    assert ring_radius([[-1.0, 0.0], [1.0, 0.0]]) == 0.0


def test_ring_index_and_weights():
    d = [0.0, 0.5, 0.999, 1.0, 2.7, 98.99, 99.0, 500.0]
    np.testing.assert_array_equal(ring_index(d, 1.0), [0, 0, 0, 1, 2, 98, 99, 99])
    np.testing.assert_array_equal(
        ring_weights(d, 1.0), [9801, 9801, 9801, 9604, 9409, 1, 0, 0]
    )
    # Fewer rings: (n - 1 - k)**2.
    np.testing.assert_array_equal(ring_weights([0.0, 1.0, 2.0, 3.0], 1.0, n_rings=3), [4, 1, 0, 0])
    # A distance of 0 counts as 1e-11 (ring 0 unless the radius is absurdly small).
    assert ring_index([0.0], 1e-14)[0] == 99


def test_ring_helpers_reject_zero_radius():
    with pytest.raises(ClassicError, match="radius is 0"):
        ring_weights([1.0], 0.0)
    with pytest.raises(ValueError, match="n_rings"):
        ring_weights([1.0], 1.0, n_rings=1)


def test_removal_marks_pairs_remove_each_other():
    removed, by = removal_marks([[0.0, 0.0], [0.5, 0.0], [9.0, 9.0]], radius=1.0)
    np.testing.assert_array_equal(removed, [True, True, False])
    np.testing.assert_array_equal(by, [1, 0, -1])
    # Three close ones: 0 marks 1, 1 marks 0, 2 marks 0 -> only 2 survives.
    removed, by = removal_marks([[0.0], [0.3], [0.6]], radius=1.0)
    np.testing.assert_array_equal(removed, [True, True, False])
    np.testing.assert_array_equal(by, [1, 0, -1])
    # The rule uses <=: exactly one radius apart still counts.
    removed, _ = removal_marks([[0.0], [1.0]], radius=1.0)
    assert removed.all()


def test_ring_kernel_matches_ring_weights_and_its_shadow():
    kernel = ring_kernel()
    # With h = 100 r, u = (d / h)^2 puts d in ring floor(100 sqrt(u)) = int(d / r).
    d = np.array([0.3, 1.5, 2.5, 42.2, 98.5, 99.5, 120.0])
    np.testing.assert_array_equal(kernel.weight((d / 100.0) ** 2), ring_weights(d, 1.0))
    assert kernel.compact and kernel.radius == 1.0
    # The shadow is the integral of the weights: k(u) - k(u + du) = g(u) du inside a ring.
    u = np.array([0.01 + 1e-4, 0.3, 0.7])
    du = 1e-9
    np.testing.assert_allclose(
        (kernel.shadow(u) - kernel.shadow(u + du)) / du, kernel.weight(u), rtol=1e-4
    )
    assert kernel.shadow(np.array([0.99**2, 1.0, 2.0])).tolist() == [0.0, 0.0, 0.0]
    # Normalised: integrates to one in 1-D and 2-D.
    t = np.linspace(-1, 1, 400_001)
    one_d = np.trapezoid(kernel.shadow_value(t**2, 1), t)
    assert one_d == pytest.approx(1.0, rel=1e-4)
    g = np.linspace(-1, 1, 1201)
    xx, yy = np.meshgrid(g, g)
    two_d = kernel.shadow_value(xx**2 + yy**2, 2).sum() * (g[1] - g[0]) ** 2
    assert two_d == pytest.approx(1.0, rel=2e-3)


# --------------------------------------------------------------------------- ring method


def test_ring_weighted_hand_worked():
    # mean 100 -> radius 1 (ring width), bandwidth 100.
    trace = ring_weighted([[99.0], [100.0], [101.0]])
    assert trace.radius == 1.0 and trace.bandwidth == 100.0 and trace.n_rings == 100
    np.testing.assert_array_equal(trace.data_mean, [100.0])
    # Pass 1: from 99 the samples are in rings 0, 1, 2 (weights 9801, 9604, 9409).
    w = np.array([9801.0, 9604.0, 9409.0])
    x = np.array([99.0, 100.0, 101.0])
    first = [(w @ x) / w.sum(), 100.0, (w[::-1] @ x) / w.sum()]
    np.testing.assert_allclose(trace.positions[1, :, 0], first, rtol=0, atol=1e-12)
    # Sorted [99.986, 100, 100.014]: 99.986 marks 100, 100 marks 99.986,
    # 100.014 marks 99.986 -> tracks 0 and 1 vanish, track 2 survives.
    np.testing.assert_array_equal(trace.removed_step, [1, 1, len(trace)])
    np.testing.assert_array_equal(trace.removed_by, [1, 0, -1])
    np.testing.assert_array_equal(trace.alive[1], [False, False, True])
    # Pass 2: from 100.014 the samples are in rings 1, 0, 0.
    w2 = np.array([9604.0, 9801.0, 9801.0])
    np.testing.assert_allclose(trace.cluster_centers.ravel(), [(w2 @ x) / w2.sum()], atol=1e-12)
    np.testing.assert_array_equal(trace.labels, [0, 0, 0])
    np.testing.assert_array_equal(trace.n_centroids, [3, 1, 1, 1])
    # Removed tracks stay where they were removed and count as stopped.
    np.testing.assert_array_equal(trace.positions[-1, :2], trace.positions[1, :2])
    assert trace[1].converged[:2].all()
    np.testing.assert_array_equal(trace.copies, [2 * w.sum() + 9604 + 9801 + 9604, 29206, 29206])
    np.testing.assert_array_equal(trace.sample_weights(0, 0), w)


def test_ring_weighted_finds_three_groups_near_the_origin_but_nothing_after_plus_100():
    trace = quiet(ring_weighted, THREE_GROUPS)
    assert trace.n_clusters == 3
    assert len(set(trace.labels[:3])) == len(set(trace.labels[3:6])) == 1
    assert len(set(trace.labels.tolist())) == 3
    with pytest.warns(ClassicWarning, match="removed every centroid"):
        shifted = ring_weighted(THREE_GROUPS + 100)
    assert shifted.n_clusters == 0
    np.testing.assert_array_equal(shifted.labels, -1)
    # The radius grew about twentyfold: it measures the distance to the origin.
    assert shifted.radius / trace.radius > 15
    # The engine does not care where the origin is.
    a = run_mean_shift(THREE_GROUPS, bandwidth=2.0)
    b = run_mean_shift(THREE_GROUPS + 100, bandwidth=2.0)
    assert a.n_clusters == b.n_clusters == 3
    np.testing.assert_allclose(b.cluster_centers, a.cluster_centers + 100)


def test_ring_weighted_pairs_vanish_so_whole_clusters_disappear():
    trace = quiet(ring_weighted, TWELVE)
    assert run_mean_shift(TWELVE, bandwidth=2.0).n_clusters == 3
    assert trace.n_clusters < 3
    # Somewhere two tracks marked each other and vanished in the same pass.
    mutual = [
        (i, int(j))
        for i, j in enumerate(trace.removed_by)
        if j >= 0 and trace.removed_by[j] == i and trace.removed_step[i] == trace.removed_step[j]
    ]
    assert mutual
    # A whole group (one of the three) has no centre left.
    groups = TWELVE.reshape(3, 4, 2).mean(axis=1)
    d = np.linalg.norm(groups[:, None] - trace.cluster_centers[None], axis=2)
    assert (d.min(axis=1) > 2).any()


def test_ring_weighted_centred_on_the_origin_is_a_clear_error():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    with pytest.raises(ClassicError) as info:
        ring_weighted(X)
    message = str(info.value)
    assert "the radius is |mean|/100 = 0 because the data is centred on the origin" in message
    assert isinstance(info.value, ValueError)
    # Centred by subtracting the mean: zero up to rounding, the same failure.
    with pytest.raises(ClassicError, match="centred on the origin"):
        ring_weighted(TWELVE - TWELVE.mean(axis=0))


def test_ring_weighted_close_to_origin_warns_nothing_useful():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    X -= X.mean(axis=0)
    X += 1e-3  # mean 0.0014: radius 1.4e-5, far below the gaps between samples
    with pytest.warns(ClassicWarning, match="barely sees its neighbours"):
        trace = ring_weighted(X)
    assert trace.n_clusters > 20


def test_ring_weighted_repeat_agrees_with_weights():
    for X in (THREE_GROUPS, TWELVE[:8] + 3.0):
        direct = quiet(ring_weighted, X)
        literal = quiet(ring_weighted, X, repeat=True)
        assert literal.repeat and not direct.repeat
        assert len(literal) == len(direct)
        np.testing.assert_allclose(literal.positions, direct.positions, rtol=0, atol=1e-9)
        np.testing.assert_array_equal(literal.copies, direct.copies)
        np.testing.assert_array_equal(literal.alive, direct.alive)
        np.testing.assert_allclose(literal.cluster_centers, direct.cluster_centers, atol=1e-9)


def test_ring_weighted_repeat_refuses_large_data():
    X = np.random.default_rng(1).normal(5.0, 1.0, size=(201, 2))
    with pytest.raises(ValueError, match="repeat=False"):
        ring_weighted(X, repeat=True)


def test_ring_weighted_given_radius_and_fewer_rings():
    trace = quiet(ring_weighted, THREE_GROUPS, radius=0.5, n_rings=10)
    assert trace.radius == 0.5 and trace.bandwidth == 5.0 and trace.n_rings == 10
    with pytest.raises(ValueError, match="n_rings"):
        ring_weighted(THREE_GROUPS, n_rings=1)


def test_copies_show_the_cost_of_repeating():
    trace = quiet(ring_weighted, THREE_GROUPS)
    # First pass: every sample is a centroid and repeats every sample by its weight.
    d = np.linalg.norm(THREE_GROUPS[:, None] - THREE_GROUPS[None], axis=2)
    assert trace.copies[0] == ring_weights(d, trace.radius).sum() > 200_000
    assert trace.copies.dtype == np.int64 and len(trace.copies) == trace.n_iter


# --------------------------------------------------------------------------- as traces


@pytest.mark.parametrize(
    "make",
    [
        lambda: fixed_radius(TWELVE, radius=2.0),
        lambda: quiet(ring_weighted, TWELVE),
        lambda: quiet(ring_weighted, THREE_GROUPS),
    ],
)
def test_classic_traces_behave_like_traces(make):
    trace = make()
    n_steps = len(trace)
    assert trace.positions.shape == (n_steps, 12 if trace.X.shape[0] == 12 else 9, 2)
    steps = list(trace)
    assert all(isinstance(s, Step) for s in steps) and len(steps) == n_steps
    assert not trace.positions.flags.writeable
    # Stopped flags never switch back off.
    flags = np.stack([s.converged for s in steps])
    assert (np.diff(flags.astype(int), axis=0) >= 0).all()
    assert flags[-1].all() and trace.converged
    # primary / n_centroids / centroids_at agree.
    for k in range(n_steps):
        assert len(trace.centroids_at(k)) == trace.n_centroids[k]
    np.testing.assert_array_equal(trace.centroids_at(-1), trace.cluster_centers)
    # The shadow density is defined and finite.
    dens = trace.density(trace.X)
    assert np.isfinite(dens).all() and (dens >= 0).all()
    path = trace.density_path()
    assert path.shape == (n_steps, trace.X.shape[0])
    # The scene the views draw can be built (numpy only).
    from msviz.scene import build_scene

    scene = build_scene(trace, resolution=16)
    assert scene.n_steps == n_steps
    assert "ClassicTrace" in repr(trace)


def test_deterministic():
    a, b = quiet(ring_weighted, TWELVE), quiet(ring_weighted, TWELVE)
    np.testing.assert_array_equal(a.positions, b.positions)
    a, b = fixed_radius(TWELVE, radius=2.0), fixed_radius(TWELVE, radius=2.0)
    np.testing.assert_array_equal(a.positions, b.positions)


def test_flaws_listed():
    keys = [f.key for f in FLAWS]
    assert len(keys) == len(set(keys))
    for needed in ("near_duplicates", "absolute_radius", "origin_radius", "centred_crash",
                   "both_vanish", "repeat_cost"):
        assert needed in keys
    for flaw in FLAWS:
        assert flaw.method in ("fixed_radius", "ring_weighted", "both")
        assert flaw.title and flaw.detail and flaw.fix and str(flaw)


def test_lazy_access_and_no_matplotlib():
    assert msviz.course.classic is classic
    code = (
        "import sys, msviz.course.classic as c; c.fixed_radius([[0.0], [1.0]], radius=2.0); "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
