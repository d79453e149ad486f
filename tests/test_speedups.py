"""Every speed-up is exact: trajectories, centres and labels as the plain computation.

The speed-ups of issue 11 (the density path from the update's own sums, Epanechnikov
windows sharing their interiors through moments, ...) change how the numbers are
summed, never what they are: each test runs the fast path and the plain one on the
same data and compares them to a tolerance far below anything a picture or a label
can show (1e-9 of a bandwidth).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import MeanShift
from sklearn.datasets import make_blobs

import msviz
from msviz import run_mean_shift
from msviz.engine import _windows
from msviz.engine import run as run_module

#: The density path is float32 (a picture's precision): one unit in its last place.
F32 = 2.0**-23


def _blobs(n: int, d: int = 2, seed: int = 0, offset: float = 0.0) -> np.ndarray:
    X, _ = make_blobs(n_samples=n, centers=4, n_features=d, cluster_std=1.0, random_state=seed)
    return X + offset


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch off the shared-interior windows (every window summed sample by sample)."""
    monkeypatch.setattr(_windows, "GROUP_MIN_QUERIES", 10**9)


def _no_run_density(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the run record no density: the trace then sums it anew at every step."""
    original = run_module._Run.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.shadow = None
        self.density = None

    monkeypatch.setattr(run_module._Run, "__init__", init)


@pytest.mark.parametrize("kernel", ["flat", "epanechnikov", "gaussian"])
@pytest.mark.parametrize(
    "variant,seeds", [("standard", None), ("standard", "bin"), ("standard", "grid"),
                      ("blurring", None)]
)
@pytest.mark.parametrize("n", [300, 3000])
def test_density_path_from_the_runs_sums_is_the_density(kernel, variant, seeds, n, monkeypatch):
    # 3,000 samples in 2-D use the neighbour grid and the shared interiors; 300 the
    # dense sums. Either way the recorded density is the shadow KDE at each position.
    X = _blobs(n)
    h = 2.5 if kernel != "gaussian" else 1.2
    kw = dict(bandwidth=h, kernel=kernel, variant=variant, seeds=seeds,
              max_iter=40 if variant == "blurring" else 300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        trace = run_mean_shift(X, **kw)
    assert trace._density_path is not None, "the run recorded no density"
    recorded = trace.density_path()
    assert recorded.dtype == np.float32  # a picture's precision, half the memory
    assert np.isfinite(recorded).all()
    exact = trace._exact_density_path()
    np.testing.assert_allclose(recorded, exact, rtol=F32, atol=1e-12 * exact.max())
    # and it is what Trace.density says at the recorded positions (spot checks)
    if variant == "standard":
        for k in (0, len(trace) // 2, len(trace) - 1):
            np.testing.assert_allclose(recorded[k], trace.density(trace.positions[k]),
                                       rtol=F32, atol=1e-15)
    # the trace without recorded sums gives the same
    _no_run_density(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        again = run_mean_shift(X, **kw)
    assert again._density_path is None
    np.testing.assert_allclose(again.density_path(), recorded, rtol=F32,
                               atol=1e-12 * exact.max())


def test_a_density_beyond_float32_keeps_float64():
    # h = 1e-25 in 2-D: each point alone in its window, a density near 1e48.
    X = _blobs(50)
    trace = run_mean_shift(X, bandwidth=1e-25)
    path = trace.density_path()
    assert path.dtype == np.float64 and np.isfinite(path).all()
    assert path.max() > np.finfo(np.float32).max
    np.testing.assert_allclose(path[0], trace.density(trace.positions[0]), rtol=1e-12)


def test_variable_bandwidth_density_is_summed_after_the_run():
    # Per-sample bandwidths weigh the update and the density differently: no shared sums.
    X = _blobs(400)
    hs = msviz.knn_bandwidths(X, k=30)
    trace = run_mean_shift(X, bandwidth=hs)
    assert trace._density_path is None
    path = trace.density_path()
    np.testing.assert_allclose(path[0], trace.density(trace.positions[0]), rtol=F32)


@pytest.mark.parametrize("kernel", ["flat", "epanechnikov"])
@pytest.mark.parametrize(
    "d,seeds,offset",
    [(2, None, 0.0), (2, "grid", 0.0), (2, None, 1e4), (3, None, 0.0), (1, None, 0.0),
     (1, "grid", 0.0)],
)
def test_shared_interiors_give_the_plain_answer(kernel, d, seeds, offset, monkeypatch):
    # Nearby moving points share the samples inside all their windows: counts and
    # sums for flat weights, moments up to the fourth for Epanechnikov weights.
    X = _blobs(3000 if d > 1 else 2500, d=d, seed=d, offset=offset)
    h = msviz.estimate_bandwidth(X)
    calls = []
    original = _windows.Windows._grouped

    def spy(self, q, cols, profile, out, rows):
        calls.append(profile)
        return original(self, q, cols, profile, out, rows)

    monkeypatch.setattr(_windows.Windows, "_grouped", spy)
    shared = run_mean_shift(X, bandwidth=h, kernel=kernel, seeds=seeds)
    assert calls, "the shared-interior path was not used"
    _plain(monkeypatch)
    plain = run_mean_shift(X, bandwidth=h, kernel=kernel, seeds=seeds)
    assert shared.positions.shape == plain.positions.shape
    np.testing.assert_allclose(shared.positions, plain.positions, rtol=0, atol=1e-9 * h)
    np.testing.assert_allclose(shared.cluster_centers, plain.cluster_centers, atol=1e-9 * h)
    np.testing.assert_array_equal(shared.labels, plain.labels)
    np.testing.assert_allclose(shared.density_path(), plain.density_path(), rtol=F32)


@pytest.mark.parametrize(
    "variant,seeds,d,offset",
    [("standard", None, 2, 0.0), ("standard", "grid", 2, 0.0), ("standard", None, 3, 1e4),
     ("standard", "bin", 5, 0.0), ("blurring", None, 2, 0.0)],
)
def test_the_gaussian_exponent_as_one_product_gives_the_plain_answer(variant, seeds, d, offset,
                                                                     monkeypatch):
    # Far from the origin (offset 1e4 bandwidths) the product works about the data's
    # mean, so nothing cancels; grid seeds start far out, where weights are tiny.
    X = _blobs(1500, d=d, offset=offset)
    h = 1.1
    kw = dict(bandwidth=h, kernel="gaussian", variant=variant, seeds=seeds,
              max_iter=40 if variant == "blurring" else 300)
    calls = []
    original = _windows.Windows._gauss_block

    def spy(self, *args, **kwargs):
        used = original(self, *args, **kwargs)
        calls.append(used)
        return used

    monkeypatch.setattr(_windows.Windows, "_gauss_block", spy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        fast = run_mean_shift(X, **kw)
        assert calls and all(calls), "the product was not used"
        monkeypatch.setattr(_windows, "GAUSS_GEMM_MAX_U", -1.0)  # every pair one by one
        calls.clear()
        plain = run_mean_shift(X, **kw)
    assert calls and not any(calls)
    assert fast.positions.shape == plain.positions.shape
    np.testing.assert_allclose(fast.positions, plain.positions, rtol=0, atol=1e-9 * h)
    np.testing.assert_allclose(fast.cluster_centers, plain.cluster_centers, rtol=0, atol=1e-9 * h)
    np.testing.assert_array_equal(fast.labels, plain.labels)
    np.testing.assert_array_equal(fast.stop_step, plain.stop_step)
    np.testing.assert_allclose(fast.density_path(), plain.density_path(), rtol=F32)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_the_biweight_density_shares_interiors_and_gives_the_plain_sums(d, monkeypatch):
    # The Epanechnikov run's density at its last positions: points crowded at the modes.
    X = _blobs(4000, d=d)
    rng = np.random.default_rng(1)
    q = np.concatenate([X[:500], X[rng.integers(0, 4000, 8)].repeat(200, axis=0)
                        + rng.normal(scale=0.01, size=(1600, d))])
    biweight = msviz.KERNELS["epanechnikov"].shadow
    grouped = []
    original = _windows.Windows._grouped
    monkeypatch.setattr(_windows.Windows, "_grouped",
                        lambda self, *a: grouped.append(1) or original(self, *a))
    shared = _windows.Windows(X, 2.0, 1.0).sums(q, biweight, moment=False).weight
    assert grouped, "the shared interiors were not used"
    _plain(monkeypatch)
    plain = _windows.Windows(X, 2.0, 1.0).sums(q, biweight, moment=False).weight
    np.testing.assert_allclose(shared, plain, rtol=1e-10, atol=1e-12 * plain.max())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3),
                          st.sampled_from([0.0, -0.0, 0.5])), min_size=0, max_size=30))
def test_unique_rows_are_numpys(rows):
    a = np.array(rows, dtype=np.float64).reshape(-1, 3)
    uniq, inverse = _windows.unique_rows(a)
    want, want_inverse = np.unique(a, axis=0, return_inverse=True)
    np.testing.assert_array_equal(uniq, want)
    np.testing.assert_array_equal(inverse, want_inverse.reshape(-1))
    np.testing.assert_array_equal(uniq[inverse], a)


def test_data_too_wide_for_the_gaussian_product_is_summed_pair_by_pair():
    # 3,000 bandwidths across: the exponent's terms would cancel too much
    X = np.concatenate([_blobs(300), _blobs(300) + 3000.0])
    win = _windows.Windows(X, 1.0, np.inf)
    used = []
    original = win._gauss_block
    win._gauss_block = lambda *a, **k: used.append(original(*a, **k)) or used[-1]
    out = win.sums(X, msviz.KERNELS["gaussian"].weight)
    assert used == [False]
    direct = np.exp(-0.5 * ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    np.testing.assert_allclose(out.weight, direct.sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(out.moment, direct @ X, rtol=1e-12)


def test_one_feature_with_many_samples_uses_the_grid_and_agrees_with_scikit_learn():
    # 1-D data above the grid's threshold once crashed building the grid's offsets.
    X = np.random.default_rng(0).normal(size=(2500, 1))
    X[1250:] += 4.0
    trace = run_mean_shift(X, bandwidth=0.6, labels="nearest")
    ms = MeanShift(bandwidth=0.6).fit(X)
    np.testing.assert_allclose(trace.cluster_centers, ms.cluster_centers_, atol=1e-6)
    np.testing.assert_array_equal(trace.labels, ms.labels_)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda d: st.lists(
            st.lists(st.integers(-(2**20), 2**20) | st.integers(-3, 3), min_size=d, max_size=d),
            min_size=1, max_size=60,
        )
    )
)
def test_packed_keys_find_the_rows_a_row_sort_finds(rows):
    # bin_seeds sorts one int64 key per sample instead of the rows themselves
    cells = np.array(rows, dtype=np.float64)
    bins, counts = run_module._unique_rows(cells)
    want, want_counts = np.unique(cells, axis=0, return_counts=True)
    np.testing.assert_array_equal(bins, want)
    np.testing.assert_array_equal(counts, want_counts)


def test_rows_too_far_apart_to_pack_still_give_the_row_sort():
    cells = np.array([[0.0, 0.0], [2.0**40, -(2.0**40)], [0.0, 0.0], [3.0, 2.0**45]])
    bins, counts = run_module._unique_rows(cells)
    want, want_counts = np.unique(cells, axis=0, return_counts=True)
    np.testing.assert_array_equal(bins, want)
    np.testing.assert_array_equal(counts, want_counts)


@pytest.mark.parametrize("n,d,size", [(20_000, 2, 1.0), (5_000, 3, 0.7), (3_000, 5, 2.0)])
def test_bin_seeds_are_scikit_learns(n, d, size):
    from sklearn.cluster import get_bin_seeds

    X = np.random.default_rng(n).normal(size=(n, d)) * 4
    ours = msviz.bin_seeds(X, size)
    theirs = get_bin_seeds(X, size)
    np.testing.assert_array_equal(ours, theirs[np.lexsort(theirs.T[::-1])])


# -- memory: a run is kept once, not copied into every layer above it


def test_a_trace_keeps_its_runs_history_and_computes_shifts_once():
    X = _blobs(2000)
    trace = run_mean_shift(X, bandwidth=2.0)
    # the history is the run's own buffer (at most a quarter longer than the run)
    base = trace.positions if trace.positions.base is None else trace.positions.base
    assert base.nbytes <= 1.25 * trace.positions.nbytes
    assert not trace.positions.flags.writeable
    shifts = trace.shifts
    assert trace.shifts is shifts
    want = np.zeros(trace.positions.shape[:2])
    want[1:] = np.linalg.norm(np.diff(trace.positions, axis=0), axis=2)
    np.testing.assert_allclose(shifts, want, rtol=1e-15, atol=0)


def test_a_users_history_is_still_copied():
    X = _blobs(50)
    positions = np.stack([X, X])
    trace = msviz.Trace.from_history(X, positions, bandwidth=1.0)
    positions[1] += 100.0
    np.testing.assert_array_equal(trace.positions[1], X)


def test_the_plane_scene_shares_the_traces_positions_and_makes_moves_per_step():
    from msviz.scene import build_scene

    trace = run_mean_shift(_blobs(500), bandwidth=2.0)
    scene = build_scene(trace)
    assert np.shares_memory(scene.positions, trace.positions)
    np.testing.assert_array_equal(scene.move(0), 0.0)
    for k in range(1, len(trace)):
        np.testing.assert_array_equal(scene.move(k), trace.positions[k] - trace.positions[k - 1])
    np.testing.assert_array_equal(scene.moves[1:], np.diff(trace.positions, axis=0))
    # one bandwidth: the radii are a view of it, not n_steps x n_seeds copies
    assert scene.radii.strides == (0, 0)
    assert np.all(scene.radii == 2.0)


def test_array_bytes_counts_each_buffer_once():
    from msviz.interact.cache import array_bytes

    a = np.zeros((100, 10))
    assert array_bytes(a) == a.nbytes
    assert array_bytes(a, a[3:5], a.T, {"x": [a[0]]}) == a.nbytes
    assert array_bytes(np.broadcast_to(1.0, (1000, 1000))) == 8
    assert array_bytes(a, np.ones(5)) == a.nbytes + 40


def test_the_cache_drops_the_least_recently_used_runs_above_its_byte_budget():
    from msviz.interact.cache import TraceCache

    cache = TraceCache(maxsize=16, max_bytes=3 * 8000)
    for key in "abcd":
        cache.put(key, np.zeros(1000))  # 8,000 bytes each
    assert list(cache._items) == ["b", "c", "d"]
    assert cache.nbytes() == 3 * 8000
    cache.get("b", lambda: None)  # b is now the most recent
    cache.put("e", np.zeros(1000))
    assert list(cache._items) == ["d", "b", "e"]
    cache.put("big", np.zeros(10_000))  # alone over the budget: kept, the others go
    assert list(cache._items) == ["big"]
    with pytest.raises(ValueError, match="max_bytes"):
        TraceCache(max_bytes=0)


def test_the_explorers_cache_measures_traces_and_their_scenes():
    from msviz.interact.cache import array_bytes, run_bytes
    from msviz.scene import cached_scenes, scene_for

    X = _blobs(800)
    ex = msviz.explore(X, bandwidth=2.0, backend="image")
    trace = ex.trace
    shown = cached_scenes(trace)
    assert len(shown) == 1  # the explorer's own picture
    alone = run_bytes((trace, ()))
    assert alone == array_bytes(trace, *shown) > trace.positions.nbytes
    extra = scene_for(trace, aspect=3.0)  # another picture of the same run counts too
    assert run_bytes((trace, ())) == array_bytes(trace, *shown, extra) > alone
    assert ex._cache.sizeof is run_bytes
    ex._cache.max_bytes = 1
    ex.bandwidth.value = 2.5  # a new run: the old one no longer fits
    assert len(ex._cache) == 1
    assert ex.errors == []


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_many_features_update_on_one_blas_thread_and_give_the_threads_back(monkeypatch):
    from threadpoolctl import threadpool_limits

    seen = []
    original = run_module._Run._advance_standard

    def spy(self):
        seen.append(_blas_threads())
        return original(self)

    monkeypatch.setattr(run_module._Run, "_advance_standard", spy)
    X = _blobs(600, d=10)
    with threadpool_limits(2, user_api="blas"):
        before = _blas_threads()
        trace = run_mean_shift(X, bandwidth=msviz.estimate_bandwidth(X))
        assert _blas_threads() == before  # the user's numpy is as it was
        # the same run with the engine's threads left alone
        monkeypatch.setattr(_windows, "MATMUL_MIN_DIM", 11)
        plain = run_mean_shift(X, bandwidth=msviz.estimate_bandwidth(X))
    assert seen and all(t == [1] * len(t) for t in seen[: len(trace) - 1])
    np.testing.assert_allclose(trace.cluster_centers, plain.cluster_centers, atol=1e-9)


def test_the_explorer_says_it_is_computing_while_a_new_run_computes(monkeypatch):
    from msviz.interact._base import _Base

    X = _blobs(300)
    ex = msviz.explore(X, bandwidth=2.0, backend="image")
    seen = []

    def runner(X, **params):
        seen.append(ex.step_label.value)  # what the page shows while the run computes
        if params["bandwidth"] == 3.0:
            raise ValueError("no run today")
        return run_mean_shift(X, **params)

    monkeypatch.setattr(_Base, "runner", staticmethod(runner))
    ex.bandwidth.value = 2.5
    assert "computing the run with h = 2.5" in seen[-1]
    assert "computing" not in ex.step_label.value  # the new run's own label
    assert "step 0" in ex.step_label.value
    ex.bandwidth.value = 2.0  # cached: no run, no busy label
    assert len(seen) == 1
    ex.bandwidth.value = 3.0  # a failed run: the label of the picture comes back
    assert "computing" in seen[-1] and "computing" not in ex.step_label.value
    assert "step" in ex.step_label.value
    assert ex.errors and "no run today" in str(ex.errors[-1])


@pytest.mark.parametrize("seeds", [None, "bin"])
def test_after_a_slow_run_a_new_run_shows_its_start_before_it_computes(monkeypatch, seeds):
    from msviz.interact._base import _Base

    X = _blobs(400)
    ex = msviz.explore(X, bandwidth=2.0, seeds=seeds, backend="image")
    old_png = ex.canvas.value
    seen = []

    def runner(X, **params):
        seen.append((ex.view.trace, ex.view.scene, ex.canvas.value, ex.step_label.value))
        return run_mean_shift(X, **params)

    monkeypatch.setattr(_Base, "runner", staticmethod(runner))
    ex.bandwidth.value = 2.5  # the last run was quick: no preview, only the busy label
    preview, _, png, label = seen[-1]
    assert preview is not ex.trace and len(preview) > 1 and png == old_png
    assert "computing" in label
    ex._run_seconds = 10.0  # pretend the last new run was slow
    before = ex.canvas.value
    ex.bandwidth.value = 3.0
    preview, scene, png, label = seen[-1]
    want = run_mean_shift(X, bandwidth=3.0, seeds=seeds)
    assert len(preview) == 1 and not preview.converged  # step 0 of the new run
    np.testing.assert_array_equal(preview.positions[0], want.positions[0])
    assert preview.bandwidth == 3.0 and np.all(scene.radii == 3.0)  # the new windows
    assert png != before  # already on the page while the run computes
    assert "computing the run with h = 3" in label
    # then the whole run replaces it
    assert ex.view.trace is ex.trace and len(ex.trace) == len(want)
    np.testing.assert_array_equal(ex.trace.positions, want.positions)
    assert "computing" not in ex.step_label.value


def test_a_failed_run_after_its_preview_shows_the_last_run_again(monkeypatch):
    from msviz.interact._base import _Base

    ex = msviz.explore(_blobs(300), bandwidth=2.0, backend="image")
    shown = ex.trace

    def runner(X, **params):
        raise ValueError("no run today")

    monkeypatch.setattr(_Base, "runner", staticmethod(runner))
    ex._run_seconds = 10.0
    ex.bandwidth.value = 2.7
    assert ex.view.trace is shown and ex.trace is shown
    assert ex.view.scene.n_steps == len(shown)
    assert "no run today" in str(ex.errors[-1])


def test_record_mean_shift_shows_the_run_so_far_and_returns_the_same_run():
    """Issue 11: a slow run's steps can be shown as they are computed."""
    from msviz.engine.run import record_mean_shift

    X = _blobs(500)
    seen = []
    trace = record_mean_shift(X, bandwidth=1.0, progress=seen.append, every=0)
    want = run_mean_shift(X, bandwidth=1.0)
    np.testing.assert_array_equal(trace.positions, want.positions)
    np.testing.assert_array_equal(trace.cluster_centers, want.cluster_centers)
    assert [len(p) for p in seen] == list(range(1, len(want)))  # one more step each time
    for partial in seen:
        k = len(partial)
        np.testing.assert_array_equal(partial.positions, want.positions[:k])
        assert not partial.converged and partial.n_clusters == 0
        # a stopped point of the run so far is one that had stopped by then
        np.testing.assert_array_equal(partial.stop_step, np.minimum(want.stop_step, k))
        # its density (from the update's own sums) is the run's where the point moved on
        moved = np.arange(k)[:, None] < np.minimum(want.stop_step, k - 1)[None, :]
        np.testing.assert_allclose(partial.density_path()[moved],
                                   want.density_path()[:k][moved], rtol=F32)


def _streaming_explorer(monkeypatch):
    """An explorer of 400 points whose slow runs show every step as it comes."""
    from msviz.interact import runs as runs_module

    ex = msviz.explore(_blobs(400), bandwidth=2.0, backend="image")
    monkeypatch.setattr(runs_module, "PROGRESS_EVERY", 0.0)
    return ex, ex._show_progress


def test_a_slow_run_shows_its_steps_as_they_come(monkeypatch):
    ex, original = _streaming_explorer(monkeypatch)
    X = ex.X
    seen = []

    def watch(trace, params):
        original(trace, params)
        seen.append((len(trace), ex.slider.max, ex.view.trace is trace, ex.step_label.value,
                     bytes(ex.canvas.value)))

    ex._show_progress = watch  # type: ignore[method-assign]
    ex._run_seconds = 10.0  # the last run was slow: this one streams
    ex.bandwidth.value = 1.2
    want = run_mean_shift(X, bandwidth=1.2)
    assert [s[0] for s in seen] == list(range(1, len(want)))
    assert all(s[1] == s[0] - 1 and s[2] for s in seen)  # the slider reaches the step shown
    assert "showing its first 3 steps" in seen[2][3]
    assert len({s[4] for s in seen}) > 1  # new pictures while the run computes
    assert ex.errors == []
    # then the whole run: its own slider range and label
    assert ex.view.trace is ex.trace and ex.slider.max == len(want) - 1
    np.testing.assert_array_equal(ex.trace.positions, want.positions)
    assert "computing" not in ex.step_label.value
    # after a quick run: no stream
    seen.clear()
    ex._run_seconds = 0.0
    ex.bandwidth.value = 1.3
    assert seen == []


def test_a_learner_looking_at_a_step_keeps_it_while_the_run_goes_on(monkeypatch):
    ex, original = _streaming_explorer(monkeypatch)
    seen = []

    def watch(trace, params):
        original(trace, params)
        seen.append((len(trace), ex.slider.value, ex.slider.max, ex.view.step))
        if len(trace) == 3:
            ex.slider.value = 1  # the learner goes back to look at step 1

    ex._show_progress = watch  # type: ignore[method-assign]
    ex._run_seconds = 10.0
    ex.bandwidth.value = 1.2
    assert len(seen) > 4
    # up to then each frame shows its newest step ...
    assert all(value == top == step == n - 1 for n, value, top, step in seen[:3])
    # ... then the learner's step stays on screen while the slider's range grows
    assert all(value == step == 1 and top == n - 1 for n, value, top, step in seen[3:])
    assert ex.errors == []
    # a learner who goes back to the newest step follows the run again
    seen.clear()

    def watch_end(trace, params):
        original(trace, params)
        seen.append((len(trace), ex.slider.value, ex.view.step))
        if len(trace) == 3:
            ex.slider.value = 0
        elif len(trace) == 5:
            ex.slider.value = ex.slider.max

    ex._show_progress = watch_end  # type: ignore[method-assign]
    ex._run_seconds = 10.0
    ex.bandwidth.value = 1.3
    assert [s[1] for s in seen[3:5]] == [0, 0]
    assert all(value == step == n - 1 for n, value, step in seen[5:])


def test_a_runner_of_ones_own_is_never_streamed(monkeypatch):
    from msviz.interact._base import _Base

    X = _blobs(300)
    ex = msviz.explore(X, bandwidth=2.0, backend="image")
    calls = []
    monkeypatch.setattr(_Base, "runner", staticmethod(
        lambda X, **params: calls.append(params) or run_mean_shift(X, **params)))
    ex._show_progress = lambda *a: (_ for _ in ()).throw(AssertionError("streamed"))  # type: ignore[method-assign]
    ex._run_seconds = 10.0
    ex.bandwidth.value = 1.5
    assert calls and ex.errors == [] and ex.view.trace is ex.trace
