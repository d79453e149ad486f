"""The engine: hand-worked cases, scikit-learn agreement, contract, bad input."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import warnings

import numpy as np
import pytest
from sklearn.cluster import MeanShift
from sklearn.cluster import estimate_bandwidth as sk_estimate_bandwidth
from sklearn.datasets import make_blobs

import msviz
from msviz import ConvergenceWarning, Step, Trace, iter_mean_shift, run_mean_shift
from msviz.engine import _windows

FIVE = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Labels equal up to renumbering (and -1 kept as -1)."""
    if a.shape != b.shape or not np.array_equal(a < 0, b < 0):
        return False
    pairs = {(int(x), int(y)) for x, y in zip(a, b, strict=True)}
    return len(pairs) == len({p[0] for p in pairs}) == len({p[1] for p in pairs})


# --------------------------------------------------------------------------- hand-worked


def test_five_point_example_bandwidth_2_keeps_every_point():
    # Neighbours are 2*sqrt(2) = 2.83 apart, more than the bandwidth: every
    # window holds only its own point, nothing moves, five clusters.
    trace = run_mean_shift(FIVE, bandwidth=2)
    assert len(trace) == 2 and trace.n_iter == 1 and trace.converged
    np.testing.assert_array_equal(trace.positions[0], np.array(FIVE, float))
    np.testing.assert_array_equal(trace.positions[1], np.array(FIVE, float))
    assert trace.n_clusters == 5
    assert sorted(trace.labels.tolist()) == [0, 1, 2, 3, 4]


def test_five_point_example_bandwidth_3_worked_by_hand():
    # Step 1: each window holds its point and the neighbours 2.83 away:
    # (1,2)->(2,3), (3,4)->(3,4), (5,6)->(5,6), (7,8)->(7,8), (9,10)->(8,9).
    # Step 2: nothing moves, so every point stops. Merge: the three points with
    # 3 samples in their window come first, ties broken by larger coordinates:
    # (7,8) keeps and swallows (8,9) and (5,6); then (3,4) keeps and swallows (2,3).
    trace = run_mean_shift(FIVE, bandwidth=3)
    assert len(trace) == 3
    np.testing.assert_allclose(trace.positions[1], [[2, 3], [3, 4], [5, 6], [7, 8], [8, 9]])
    np.testing.assert_allclose(trace.positions[2], trace.positions[1])
    np.testing.assert_allclose(trace.cluster_centers, [[7, 8], [3, 4]])
    assert trace.labels.tolist() == [1, 1, 0, 0, 0]
    assert trace.intensity.tolist() == [2, 3, 3, 3, 2]
    ms = MeanShift(bandwidth=3).fit(np.array(FIVE, float))
    np.testing.assert_allclose(ms.cluster_centers_, trace.cluster_centers)


def test_integer_input_is_accepted_and_stays_exact():
    X = np.array(FIVE, dtype=np.int64)
    trace = run_mean_shift(X, bandwidth=3)
    assert trace.X.dtype == np.float64
    np.testing.assert_array_equal(trace.X, X.astype(float))


def test_two_groups_by_hand():
    X = [[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]]
    trace = run_mean_shift(X, bandwidth=2)
    np.testing.assert_allclose(trace.cluster_centers, [[10 / 3, 6], [4 / 3, 2 / 3]])
    assert trace.labels.tolist() == [1, 1, 1, 0, 0, 0]


def test_gaussian_two_points_meet_in_the_middle():
    # Two points, Gaussian kernel: each moves to the weighted mean, and the pair
    # contracts symmetrically towards the midpoint.
    X = [[0.0, 0.0], [1.0, 0.0]]
    trace = run_mean_shift(X, bandwidth=1.0, kernel="gaussian", tol=1e-6, max_iter=1000)
    w = np.exp(-0.5)
    first = trace.positions[1]
    np.testing.assert_allclose(first[0], [w / (1 + w), 0.0])
    np.testing.assert_allclose(first[1], [1 / (1 + w), 0.0])
    np.testing.assert_allclose(trace.cluster_centers, [[0.5, 0.0]], atol=1e-5)
    assert trace.n_clusters == 1


# --------------------------------------------------------------------------- scikit-learn


def _datasets():
    out = []
    for seed, std in ((0, 0.6), (1, 1.0), (2, 1.5)):
        X, _ = make_blobs(n_samples=300, centers=4, cluster_std=std, random_state=seed)
        out.append((f"blobs{seed}", X, None))
    # Ties: integer lattice points at exactly one bandwidth from each other.
    lattice = np.array([[i, j] for i in range(6) for j in range(6)], float)
    lattice = np.vstack([lattice, lattice[:9] + 20])
    out.append(("lattice", lattice, 1.0))
    # Exact duplicates.
    rng = np.random.default_rng(3)
    dup = np.repeat(rng.normal(size=(40, 2)) * 3, 3, axis=0)
    out.append(("duplicates", dup, None))
    # Three dimensions, one feature, and a big data set through the grid.
    X3, _ = make_blobs(n_samples=400, centers=3, n_features=3, random_state=4)
    out.append(("3-d", X3, None))
    X1, _ = make_blobs(n_samples=200, centers=3, n_features=1, random_state=5)
    out.append(("1-d", X1, None))
    Xg, _ = make_blobs(n_samples=3000, centers=6, cluster_std=0.7, random_state=6)
    out.append(("grid-path", Xg, 0.8))
    return out


@pytest.mark.parametrize("bin_seeding", [False, True])
@pytest.mark.parametrize("name,X,h", _datasets(), ids=[d[0] for d in _datasets()])
def test_agrees_with_sklearn(name, X, h, bin_seeding):
    if h is None:
        h = sk_estimate_bandwidth(X, quantile=0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns when binning fails
        ms = MeanShift(bandwidth=h, bin_seeding=bin_seeding).fit(X)
    trace = run_mean_shift(X, bandwidth=h, seeds="bin" if bin_seeding else None, labels="nearest")
    assert trace.cluster_centers.shape == ms.cluster_centers_.shape
    np.testing.assert_allclose(trace.cluster_centers, ms.cluster_centers_, atol=1e-6 * h, rtol=0)
    assert same_partition(trace.labels, ms.labels_)


def test_orphans_agree_with_sklearn():
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=1.5, random_state=7)
    X = np.vstack([X, [[30.0, 30.0], [-30.0, 25.0]]])
    ms = MeanShift(bandwidth=1.5, cluster_all=False).fit(X)
    trace = run_mean_shift(X, bandwidth=1.5, cluster_all=False, labels="nearest")
    assert (trace.labels == -1).sum() == (ms.labels_ == -1).sum() > 0
    assert same_partition(trace.labels, ms.labels_)


def test_estimate_bandwidth_agrees_with_sklearn():
    for seed in range(3):
        X, _ = make_blobs(n_samples=250, centers=3, random_state=seed)
        for q in (0.1, 0.3, 0.5):
            assert msviz.estimate_bandwidth(X, quantile=q) == pytest.approx(
                sk_estimate_bandwidth(X, quantile=q), rel=1e-12
            )


def test_estimate_bandwidth_subsample_is_reproducible():
    X, _ = make_blobs(n_samples=3000, centers=3, random_state=0)
    a = msviz.estimate_bandwidth(X, n_samples=500, rng=1)
    assert a == msviz.estimate_bandwidth(X, n_samples=500, rng=1)
    assert a == pytest.approx(msviz.estimate_bandwidth(X), rel=0.1)


def test_default_bandwidth_is_the_estimate():
    X, _ = make_blobs(n_samples=200, centers=3, random_state=0)
    assert run_mean_shift(X).bandwidth == pytest.approx(sk_estimate_bandwidth(X))


def test_rule_bandwidths():
    X = np.random.default_rng(0).normal(size=(400, 2))
    scott = msviz.rule_bandwidth(X, "scott")
    assert scott == pytest.approx(np.mean(X.std(axis=0, ddof=1)) * 400 ** (-1 / 6))
    assert run_mean_shift(X, bandwidth="silverman").bandwidth == pytest.approx(
        scott * (4 / 4) ** (1 / 6)
    )


# --------------------------------------------------------------------------- the contract


def test_step_is_a_frozen_read_only_record_new_each_step():
    X, _ = make_blobs(n_samples=60, centers=2, random_state=0)
    steps = list(iter_mean_shift(X, bandwidth=2.0))
    assert [s.index for s in steps] == list(range(len(steps)))
    first, last = steps[0], steps[-1]
    assert dataclasses.is_dataclass(first) and not hasattr(first, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.index = 3  # type: ignore[misc]
    for arr in (first.positions, first.bandwidths, first.converged, first.data):
        assert not arr.flags.writeable
    assert first.positions.shape == (60, 2) and first.bandwidths.shape == (60,)
    assert first.converged.dtype == bool and first.data.shape == (60, 2)
    # list(gen) must not hold N copies of the last frame
    assert not np.shares_memory(first.positions, last.positions)
    assert not np.array_equal(first.positions, last.positions)
    np.testing.assert_array_equal(first.positions, X)


def test_trace_matches_the_generator_step_by_step():
    X, _ = make_blobs(n_samples=120, centers=3, random_state=1)
    steps = list(iter_mean_shift(X, bandwidth=2.5, kernel="epanechnikov"))
    trace = run_mean_shift(X, bandwidth=2.5, kernel="epanechnikov")
    assert len(trace) == len(steps)
    for a, b in zip(steps, trace, strict=True):
        assert isinstance(b, Step) and a.index == b.index
        np.testing.assert_array_equal(a.positions, b.positions)
        np.testing.assert_array_equal(a.converged, b.converged)
        np.testing.assert_array_equal(a.bandwidths, b.bandwidths)
    np.testing.assert_array_equal(trace.positions[3], trace[3].positions)
    assert trace[-1].index == len(trace) - 1
    with pytest.raises(IndexError, match="out of range"):
        trace[len(trace)]


def test_trace_attributes():
    X, _ = make_blobs(n_samples=100, centers=2, random_state=2)
    trace = run_mean_shift(X, bandwidth=3.0)
    n_steps = len(trace)
    assert isinstance(trace, Trace)
    assert trace.positions.shape == (n_steps, 100, 2)
    assert trace.n_iter == n_steps - 1
    assert trace.labels.shape == (100,)
    assert trace.cluster_centers.shape[1] == 2
    assert trace.kernel.name == "flat" and trace.variant == "standard"
    assert trace.shifts.shape == (n_steps, 100)
    assert "n_clusters=" in repr(trace)


def test_stopped_points_are_frozen_and_stop_by_the_tolerance_rule():
    X, _ = make_blobs(n_samples=200, centers=3, random_state=3)
    h = 2.0
    trace = run_mean_shift(X, bandwidth=h, kernel="gaussian", tol=1e-2)
    shifts = trace.shifts
    for k in range(1, len(trace)):
        was = trace[k - 1].converged
        now = trace[k].converged
        assert np.all(now[was])  # monotone
        # a point that stopped before step k does not move into step k
        assert np.all(shifts[k][was] == 0)
        # a point stops exactly when its last shift is at most tol * h
        newly = now & ~was
        assert np.all(shifts[k][newly] <= 1e-2 * h)
        assert np.all(shifts[k][~now] > 1e-2 * h)


def test_not_converging_warns_and_says_so():
    X, _ = make_blobs(n_samples=100, centers=2, random_state=0)
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        trace = run_mean_shift(X, bandwidth=1.0, kernel="gaussian", max_iter=2)
    assert not trace.converged and len(trace) == 3
    with pytest.warns(ConvergenceWarning):
        steps = list(iter_mean_shift(X, bandwidth=1.0, kernel="gaussian", max_iter=2))
    assert len(steps) == 3


def test_converged_run_does_not_warn():
    X, _ = make_blobs(n_samples=100, centers=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert run_mean_shift(X, bandwidth=2.0).converged


def test_labels_basin_vs_nearest_and_orphans():
    X, _ = make_blobs(n_samples=200, centers=3, random_state=4)
    basin = run_mean_shift(X, bandwidth=2.0, labels="basin")
    nearest = run_mean_shift(X, bandwidth=2.0, labels="nearest")
    np.testing.assert_array_equal(basin.cluster_centers, nearest.cluster_centers)
    np.testing.assert_array_equal(basin.labels, basin.seed_labels)
    X2 = np.vstack([X, [[50.0, 50.0]]])
    # a far sample that seeds its own window is a cluster of its own ...
    alone = run_mean_shift(X2, bandwidth=2.0, cluster_all=False)
    assert alone.labels[-1] >= 0 and alone.n_clusters == basin.n_clusters + 1
    # ... but with seeds elsewhere it is an orphan, more than a bandwidth from any centre
    for mode in ("basin", "nearest"):
        t = run_mean_shift(X2, bandwidth=2.0, seeds=X, cluster_all=False, labels=mode)
        assert t.labels[-1] == -1
        t_all = run_mean_shift(X2, bandwidth=2.0, seeds=X, labels=mode)
        # orphans are exactly the samples farther than a bandwidth from their centre
        dist = np.linalg.norm(X2 - t_all.cluster_centers[t_all.labels], axis=1)
        np.testing.assert_array_equal(t.labels == -1, dist > 2.0)
        np.testing.assert_array_equal(t.labels[dist <= 2.0], t_all.labels[dist <= 2.0])
        t_all = run_mean_shift(X2, bandwidth=2.0, seeds=X, labels=mode)
        assert t_all.labels[-1] >= 0


def test_seed_kinds():
    X, _ = make_blobs(n_samples=300, centers=3, random_state=5)
    grid = run_mean_shift(X, bandwidth=2.0, seeds="grid")
    assert grid.seeds == "grid" and grid.grid_shape is not None
    assert grid.positions.shape[1] == int(np.prod(grid.grid_shape))
    np.testing.assert_allclose(grid.positions[0].min(axis=0), X.min(axis=0))
    np.testing.assert_allclose(grid.positions[0].max(axis=0), X.max(axis=0))
    assert grid.labels.shape == (300,)
    given = run_mean_shift(X, bandwidth=2.0, seeds=X[:5])
    assert given.positions.shape[1] == 5 and given.seeds == "array"
    binned = run_mean_shift(X, bandwidth=2.0, seeds="bin")
    assert binned.positions.shape[1] < 300


def test_empty_windows_are_dropped_and_all_empty_is_an_error():
    X, _ = make_blobs(n_samples=100, centers=2, random_state=0)
    seeds = np.vstack([X[:3], [[100.0, 100.0]]])
    trace = run_mean_shift(X, bandwidth=2.0, seeds=seeds)
    assert trace.empty.tolist() == [False, False, False, True]
    assert trace.seed_labels[-1] == -1
    with pytest.raises(ValueError, match="larger bandwidth"):
        run_mean_shift(X, bandwidth=2.0, seeds=[[100.0, 100.0]])


def test_blurring_moves_the_data_and_stops():
    X, _ = make_blobs(n_samples=150, centers=3, cluster_std=0.5, random_state=6)
    trace = run_mean_shift(X, bandwidth=1.5, variant="blurring")
    assert trace.converged and trace.n_clusters == 3
    assert trace[0].data is trace.X or np.array_equal(trace[0].data, X)
    np.testing.assert_array_equal(trace[2].data, trace[2].positions)
    assert trace[-1].converged.all()
    # the data itself collapses onto a few points
    final = trace.positions[-1]
    assert np.unique(final.round(6), axis=0).shape[0] <= 5
    with pytest.raises(ValueError, match="blurring"):
        run_mean_shift(X, bandwidth=1.5, variant="blurring", seeds="grid")


def test_variable_bandwidth():
    X, _ = make_blobs(n_samples=200, centers=[[0, 0], [8, 0]], cluster_std=[0.3, 2.0],
                      random_state=7)
    h = msviz.knn_bandwidths(X, k=15)
    assert h.shape == (200,) and np.all(h > 0)
    trace = run_mean_shift(X, bandwidth=h)
    np.testing.assert_allclose(trace.bandwidths[0], h)
    # the dense blob gets small windows, the sparse one large
    dense = trace.labels == trace.labels[np.argmin(np.linalg.norm(X, axis=1))]
    assert np.median(h[dense]) < np.median(h[~dense]) / 2
    # one shared value as an array gives the scalar answer
    same = run_mean_shift(X, bandwidth=np.full(200, 1.0))
    scalar = run_mean_shift(X, bandwidth=1.0)
    np.testing.assert_allclose(same.positions[-1], scalar.positions[-1], atol=1e-12)


def test_custom_kernel_callable():
    X, _ = make_blobs(n_samples=100, centers=2, random_state=8)
    trace = run_mean_shift(X, bandwidth=2.0, kernel=lambda u: 1.0 / (1.0 + u) ** 2)
    assert trace.converged and trace.kernel.name == "custom"
    with pytest.raises(ValueError, match="no known shadow"):
        trace.density(X[:2])
    with pytest.raises(ValueError, match="negative"):
        run_mean_shift(X, bandwidth=2.0, kernel=lambda u: -np.ones_like(u))
    with pytest.raises(ValueError, match="one weight per entry"):
        run_mean_shift(X, bandwidth=2.0, kernel=lambda u: np.ones(3))


def test_grid_back_end_gives_the_dense_answer(monkeypatch):
    X, _ = make_blobs(n_samples=4000, centers=8, cluster_std=0.6, center_box=(-20, 20),
                      random_state=9)
    fast = run_mean_shift(X, bandwidth=0.7)
    monkeypatch.setattr(_windows, "GRID_MIN_SAMPLES", 10**9)
    dense = run_mean_shift(X, bandwidth=0.7)
    assert len(fast) == len(dense)
    np.testing.assert_allclose(fast.positions, dense.positions, atol=1e-9)
    np.testing.assert_array_equal(fast.labels, dense.labels)


def test_windows_grid_is_used_for_large_data():
    X, _ = make_blobs(n_samples=4000, centers=8, center_box=(-20, 20), random_state=9)
    assert _windows.Windows(X, 0.7, 1.0).grid is not None
    assert _windows.Windows(X, 0.7, np.inf).grid is None


def test_temporaries_stay_within_the_memory_budget():
    import tracemalloc

    X = np.random.default_rng(0).normal(size=(60_000, 2))
    w = _windows.Windows(X, 0.05, np.inf)  # dense, Gaussian-like support
    q = X[:200]
    tracemalloc.start()
    w.sums(q, msviz.KERNELS["gaussian"].weight)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 2**20  # cache-sized blocks, far below the 64 MB budget


# --------------------------------------------------------------------------- density


@pytest.mark.parametrize("kernel", ["flat", "epanechnikov", "gaussian"])
def test_shadow_density_integrates_to_one(kernel):
    X = np.array([[0.0, 0.0], [1.0, 0.5], [-0.5, 1.0]])
    trace = run_mean_shift(X, bandwidth=0.8, kernel=kernel)
    g = np.linspace(-5, 5, 401)
    xx, yy = np.meshgrid(g, g)
    dens = trace.density(np.column_stack([xx.ravel(), yy.ravel()]))
    cell = (g[1] - g[0]) ** 2
    assert dens.sum() * cell == pytest.approx(1.0, abs=2e-3)


def test_shadow_density_by_hand():
    # flat weights climb an Epanechnikov density: 2/pi (1 - r^2/h^2) / h^2 in 2-D
    trace = run_mean_shift([[0.0, 0.0]], bandwidth=2.0)
    assert trace.density([[1.0, 0.0]])[0] == pytest.approx(2 / np.pi * 0.75 / 4)
    gauss = run_mean_shift([[0.0, 0.0]], bandwidth=2.0, kernel="gaussian")
    assert gauss.density([[0.0, 0.0]])[0] == pytest.approx(1 / (2 * np.pi * 4))


@pytest.mark.parametrize("kernel", ["flat", "epanechnikov", "gaussian"])
def test_density_path_rises(kernel):
    X, _ = make_blobs(n_samples=150, centers=3, random_state=10)
    trace = run_mean_shift(X, bandwidth=2.0, kernel=kernel)
    path = trace.density_path()
    assert path.shape == trace.positions.shape[:2]
    assert np.all(np.diff(path, axis=0) >= -1e-12 * path.max())


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "X,match",
    [
        ([[1.0, 2.0], [np.nan, 1.0]], "NaN in row 1"),
        ([[1.0, 2.0], [3.0, np.inf]], "inf in row 1"),
        ([["a", "b"], ["c", "d"]], "must hold numbers"),
        ([[1.0, "x"]], "'x' in row 0"),
        (np.empty((0, 2)), "no samples"),
        ([1.0, 2.0, 3.0], "1-D"),
        (np.zeros((2, 2, 2)), "3-D"),
        ([[1.0, 2.0], [3.0]], "different lengths"),
    ],
)
def test_bad_X(X, match):
    with pytest.raises(ValueError, match=match):
        run_mean_shift(X, bandwidth=1.0)
    with pytest.raises(ValueError, match=match):
        iter_mean_shift(X, bandwidth=1.0)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"bandwidth": 0.0}, "bandwidth must be > 0.*estimate_bandwidth"),
        ({"bandwidth": -1.0}, "bandwidth must be > 0"),
        ({"bandwidth": float("nan")}, "bandwidth must be > 0"),
        ({"bandwidth": [1.0, 2.0]}, "shape \\(n_samples,\\)"),
        ({"bandwidth": np.array([1.0, 0.0, 1.0])}, "bandwidth\\[1\\]"),
        ({"bandwidth": "wide"}, "unknown bandwidth rule"),
        ({"max_iter": 0}, "max_iter must be an integer >= 1"),
        ({"max_iter": 2.5}, "max_iter must be an integer"),
        ({"tol": -1e-3}, "tol must be >= 0"),
        ({"seeds": [[1.0, 2.0, 3.0]]}, "seeds have 3 columns but X has 2"),
        ({"seeds": "random"}, "unknown seeds"),
        ({"kernel": "cosine"}, "unknown kernel"),
        ({"variant": "fast"}, "variant must be"),
    ],
)
def test_bad_parameters(kwargs, match):
    X = [[0.0, 0.0], [1.0, 1.0], [2.0, 0.5]]
    kwargs = {"bandwidth": 1.0, **kwargs}
    with pytest.raises(ValueError, match=match):
        run_mean_shift(X, **kwargs)


def test_bad_labels_argument():
    with pytest.raises(ValueError, match="labels must be"):
        run_mean_shift([[0.0, 0.0]], bandwidth=1.0, labels="closest")


def test_zero_estimated_bandwidth_is_explained():
    with pytest.raises(ValueError, match="the estimated bandwidth is 0: with 5 samples"):
        run_mean_shift(FIVE)


# --------------------------------------------------------------------------- layers


@pytest.mark.parametrize(
    "module,forbidden",
    [("msviz.engine", "matplotlib"), ("msviz", "matplotlib"), ("msviz", "ipywidgets")],
)
def test_imports_stay_light(module, forbidden):
    code = f"import sys, {module}; print({forbidden!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_shared_flat_windows_give_the_plain_answer(monkeypatch):
    # Big windows over clustered data: nearby moving points share their common
    # samples (Windows._grouped). The answer must not change.
    X, _ = make_blobs(n_samples=3000, centers=4, cluster_std=1.0, random_state=11)
    h = msviz.estimate_bandwidth(X)
    calls = []
    original = _windows.Windows._grouped

    def spy(self, q, cols, profile, out, rows):
        calls.append(q.shape[0])
        return original(self, q, cols, profile, out, rows)

    monkeypatch.setattr(_windows.Windows, "_grouped", spy)
    shared = run_mean_shift(X, bandwidth=h, labels="nearest")
    assert calls, "the shared-window path was not used"
    monkeypatch.setattr(_windows, "GROUP_MIN_QUERIES", 10**9)
    plain = run_mean_shift(X, bandwidth=h, labels="nearest")
    np.testing.assert_allclose(shared.cluster_centers, plain.cluster_centers, atol=1e-9 * h)
    np.testing.assert_array_equal(shared.labels, plain.labels)
    np.testing.assert_array_equal(shared.intensity, plain.intensity)
    ms = MeanShift(bandwidth=h).fit(X)
    np.testing.assert_allclose(shared.cluster_centers, ms.cluster_centers_, atol=1e-6 * h)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kernel": "flat"},
        {"kernel": "epanechnikov"},
        {"kernel": "gaussian"},
        {"kernel": "gaussian", "variant": "blurring"},
        {"kernel": "flat", "bandwidth": "knn"},
    ],
)
def test_explain_reproduces_every_update(kwargs):
    X, _ = make_blobs(n_samples=80, centers=3, random_state=12)
    if kwargs.get("bandwidth") == "knn":
        kwargs = {**kwargs, "bandwidth": msviz.knn_bandwidths(X, k=10) * 1.5}
    kwargs = {"bandwidth": 2.0, **kwargs}
    trace = run_mean_shift(X, **kwargs)
    for k in range(len(trace) - 1):
        for seed in (0, 17, 79):
            e = trace.explain(seed, k)
            np.testing.assert_array_equal(e.position, trace.positions[k, seed])
            np.testing.assert_allclose(e.recorded_next, trace.positions[k + 1, seed])
            if e.stopped_at is None:
                np.testing.assert_allclose(e.mean, e.recorded_next, atol=1e-12)
                assert e.shift_length == pytest.approx(trace.shifts[k + 1, seed], abs=1e-12)
            assert e.threshold == pytest.approx(1e-3 * e.bandwidth)


def test_explain_by_hand_and_in_words():
    trace = run_mean_shift(FIVE, bandwidth=3)
    e = msviz.explain_update(trace, 4, 0)  # (9,10) sees (7,8) and itself
    assert e.n_within == 2 and e.total_weight == 2.0
    np.testing.assert_allclose(e.mean, [8, 9])
    assert e.shift_length == pytest.approx(np.sqrt(2)) and not e.stops
    text = str(e)
    assert "2 samples within the bandwidth 3" in text and "keeps moving" in text
    last = trace.explain(4, len(trace) - 1)
    assert last.stopped_at is not None and last.recorded_next is None
    assert "moves no more" in str(last)
    with pytest.raises(IndexError, match="5 moving points"):
        trace.explain(5, 0)


def test_trace_from_a_recorded_history():
    X = np.array(FIVE, float)
    positions = np.stack([X, X + 0.5, X + 0.5])
    trace = Trace(X, positions, bandwidth=1.0)
    assert len(trace) == 3 and trace.stop_step.tolist() == [1] * 5
    np.testing.assert_array_equal(trace.cluster_centers, np.sort(X + 0.5, axis=0)[::-1])
    # a run that ends with no centre at all labels every sample -1
    empty = Trace(X, positions, bandwidth=1.0, centers=(np.empty((0, 2)), np.full(5, -1)))
    assert empty.n_clusters == 0 and empty.labels.tolist() == [-1] * 5
    with pytest.raises(ValueError, match="positions must have shape"):
        Trace(X, X, bandwidth=1.0)


@pytest.mark.parametrize("kernel", ["flat", "gaussian"])
def test_from_history_of_an_engine_run_is_that_run(kernel):
    X, _ = make_blobs(n_samples=120, centers=3, cluster_std=0.6, random_state=3)
    run = run_mean_shift(X, bandwidth=1.2, kernel=kernel)
    again = Trace.from_history(X, run.positions, bandwidth=1.2, kernel=kernel, tol=run.tol)
    np.testing.assert_array_equal(again.stop_step, run.stop_step)
    np.testing.assert_allclose(again.cluster_centers, run.cluster_centers)
    np.testing.assert_array_equal(again.labels, run.labels)
    assert again.converged == run.converged and len(again) == len(run)
    assert not again.variable_bandwidth


def test_from_history_keeps_what_it_is_told():
    path = [[[0.0], [4.0]], [[1.0], [4.0]], [[1.0], [4.0]]]
    tr = Trace.from_history([[0.0], [1.0], [4.0]], path, bandwidth=2.0, stop_step=[2, 1],
                            max_iter=10, converged=True)
    assert tr.stop_step.tolist() == [2, 1] and tr.max_iter == 10 and tr.converged
    moved = tr.with_centers([[4.0], [1.0]], [1, 0])
    assert moved.cluster_centers.tolist() == [[4.0], [1.0]] and moved.labels.tolist() == [1, 1, 0]
    assert tr.cluster_centers.tolist() != moved.cluster_centers.tolist()  # a new trace


def test_register_kernel_offers_a_kernel_by_name_and_refuses_bad_ones():
    tri = msviz.Kernel("triweight", lambda u: np.clip(1 - u, 0, None) ** 3, 1.0, label="triweight")
    try:
        assert msviz.register_kernel(tri) is msviz.get_kernel("triweight")
        run = msviz.run_mean_shift([[0.0], [0.5], [5.0]], bandwidth=1.0, kernel="triweight")
        assert run.kernel is tri and run.n_clusters == 2
        with pytest.raises(ValueError, match="exists already"):
            msviz.register_kernel(msviz.Kernel("triweight", tri.weight))
        with pytest.raises(ValueError, match="no known shadow density"):
            run.density([[0.0]])
    finally:
        del msviz.KERNELS["triweight"]
    with pytest.raises(TypeError, match="takes a msviz.Kernel"):
        msviz.register_kernel("triweight")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lower case"):
        msviz.register_kernel(msviz.Kernel("Tri Weight", tri.weight))
    with pytest.raises(ValueError, match="non-empty name"):
        msviz.Kernel("", tri.weight)
    assert msviz.KERNELS["gaussian"].label == "Gaussian"
    with pytest.raises(ValueError, match="'flat', 'epanechnikov', 'gaussian'"):
        msviz.get_kernel("triweight")
