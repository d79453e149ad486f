"""The scene: every number a picture needs, computed with numpy from a trace."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import msviz
from msviz import datasets
from msviz.scene import (
    FIGURE_SPACE,
    LABEL_BAND,
    SHIFT_FLOOR,
    build_scene,
    choose_highlights,
    fit_projection,
    scene_for,
)


@pytest.fixture(scope="module")
def blobs_trace():
    return msviz.run_mean_shift(datasets.load("blobs", n_samples=120), bandwidth=2.5)


def test_scene_module_imports_no_matplotlib():
    code = (
        "import sys, msviz.scene; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'matplotlib']; "
        "print(bad); assert not bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_plane_scene_holds_the_trace(blobs_trace):
    t = blobs_trace
    sc = scene_for(t)
    assert sc.kind == "plane"
    np.testing.assert_array_equal(sc.positions, t.positions)
    np.testing.assert_array_equal(sc.data, t.X)
    np.testing.assert_array_equal(sc.radii, np.broadcast_to(t.bandwidths, sc.radii.shape))
    np.testing.assert_array_equal(sc.moves[0], 0.0)
    np.testing.assert_allclose(sc.moves[1:], np.diff(t.positions, axis=0))
    for k in range(len(t)):
        np.testing.assert_array_equal(sc.converged[k], t[k].converged)
        assert sc.n_stopped[k] == t[k].converged.sum()
    assert sc.ring_scales == (1.0,)
    assert not sc.positions.flags.writeable


def test_trail_is_the_path_so_far(blobs_trace):
    sc = scene_for(blobs_trace)
    for k in (0, 2, sc.last):
        trail = sc.trail(k)
        assert trail.shape == (sc.n_seeds, k + 1, 2)
        np.testing.assert_array_equal(trail[:, -1], blobs_trace.positions[k])


def test_limits_contain_everything_equal_aspect_and_label_band(blobs_trace):
    sc = scene_for(blobs_trace, aspect=1.0)
    pts = np.concatenate([sc.data, sc.positions.reshape(-1, 2), sc.centers])
    assert sc.xlim[0] <= pts[:, 0].min() and pts[:, 0].max() <= sc.xlim[1]
    assert sc.ylim[0] <= pts[:, 1].min() and pts[:, 1].max() <= sc.ylim[1]
    width, height = np.diff(sc.xlim)[0], np.diff(sc.ylim)[0]
    assert width == pytest.approx(height)
    # A free band at the top for the step label.
    assert sc.ylim[1] - pts[:, 1].max() >= LABEL_BAND * height * 0.99
    wide = build_scene(blobs_trace, aspect=2.0)
    assert np.diff(wide.xlim)[0] / np.diff(wide.ylim)[0] == pytest.approx(2.0)


def test_drawn_windows_fit_in_the_limits(blobs_trace):
    sc = scene_for(blobs_trace)
    for i in sc.highlight:
        c, r = sc.positions[0, i], sc.radii[0, i]
        assert sc.xlim[0] <= c[0] - r and c[0] + r <= sc.xlim[1]
        assert sc.ylim[0] <= c[1] - r


def test_convergence_series(blobs_trace):
    t = blobs_trace
    conv = scene_for(t).convergence
    assert np.isnan(conv.max_shift[0])
    raw = t.shifts.max(axis=1)
    np.testing.assert_allclose(conv.raw_shift[1:], raw[1:])
    assert conv.threshold == pytest.approx(t.tol * t.bandwidth)
    assert conv.floor == pytest.approx(conv.threshold / SHIFT_FLOOR)
    big = raw[1:] > conv.floor
    np.testing.assert_allclose(conv.max_shift[1:][big], raw[1:][big])
    assert np.all(conv.max_shift[1:][~big] == conv.floor)
    np.testing.assert_array_equal(conv.at_floor[1:], ~big)
    # The mean density at the moving points rises (standard variant).
    assert conv.mean_density is not None
    assert np.all(np.diff(conv.mean_density) >= -1e-12)
    assert conv.mean_density[-1] > conv.mean_density[0]
    np.testing.assert_allclose(conv.mean_density, t.density_path().mean(axis=1))


def test_step_label_text(blobs_trace):
    sc = scene_for(blobs_trace)
    n = sc.n_seeds
    assert sc.step_label(0) == f"step 0 / {sc.last} · start: {n} points, none stopped"
    k = 2
    label = sc.step_label(k).replace(FIGURE_SPACE, " ")
    expected = f"step {k} / {sc.last} · {sc.n_stopped[k]} of {n} points stopped"
    assert label.split() == expected.split()
    assert sc.step_label(-1).endswith(f"all {n} points stopped · 3 clusters")
    with pytest.raises(IndexError, match="out of range"):
        sc.step_label(sc.n_steps)


def test_step_label_keeps_its_width_while_the_run_plays():
    """Between start and end the numbers are padded to full width with figure spaces."""
    t = msviz.run_mean_shift(datasets.load("varied", n_samples=150), bandwidth=0.8,
                             kernel="gaussian")
    sc = scene_for(t)
    assert sc.last >= 10  # so the step number has two digits at the end, one at the start
    inner = [sc.step_label(k) for k in range(1, sc.last)]
    assert len({len(s) for s in inner}) == 1
    # The padding is at the end, never between words ("step 2 / 6 ·   4 of 300" read as a gap).
    assert inner[0].startswith(f"step 1 / {sc.last} · ")
    assert all(FIGURE_SPACE not in s.rstrip(FIGURE_SPACE) and "  " not in s for s in inner)
    stopped = [int(s.split("·")[1].split("of")[0]) for s in inner]
    np.testing.assert_array_equal(stopped, sc.n_stopped[1 : sc.last])


def test_modes_appear_when_their_points_have_stopped(blobs_trace):
    sc = scene_for(blobs_trace)
    stop = np.minimum(blobs_trace.stop_step, sc.last)
    for j in range(sc.n_clusters):
        assert sc.mode_step[j] == stop[sc.seed_labels == j].max()
    assert len(sc.modes_at(0)) == 0
    assert len(sc.modes_at(sc.last)) == sc.n_clusters


def test_choose_highlights_spreads_out():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [10, 0], [0, 10], [10, 10]])
    pts = np.concatenate([c + rng.normal(size=(50, 2)) for c in centres])
    idx = choose_highlights(pts, 4)
    assert len(set(idx.tolist())) == 4
    # One in each blob.
    blob = idx // 50
    assert sorted(blob.tolist()) == [0, 1, 2, 3]
    np.testing.assert_array_equal(idx, choose_highlights(pts, 4))
    assert choose_highlights(pts[:3], 10).tolist() == [0, 1, 2]
    assert choose_highlights(pts, 0).size == 0


def test_highlight_given_and_checked(blobs_trace):
    sc = build_scene(blobs_trace, highlight=[3, 1])
    assert sc.highlight.tolist() == [1, 3]
    with pytest.raises(ValueError, match="highlight"):
        build_scene(blobs_trace, highlight=[10_000])


def test_arrows_subset_for_many_points():
    X = datasets.load("blobs", n_samples=600)
    sc = scene_for(msviz.run_mean_shift(X, bandwidth=2.5))
    np.testing.assert_array_equal(sc.arrow_idx, sc.highlight)
    small = scene_for(msviz.run_mean_shift(X[:50], bandwidth=2.5))
    assert small.arrow_idx.size == 50


def test_scene_is_cached_per_trace_and_options(blobs_trace):
    a = scene_for(blobs_trace)
    assert scene_for(blobs_trace) is a
    assert scene_for(blobs_trace, n_windows=2) is not a
    assert scene_for(blobs_trace, n_windows=2).highlight.size == 2


def test_pca_projection_of_four_features():
    X = datasets.load("iris")
    t = msviz.run_mean_shift(X, bandwidth=1.0)
    names = datasets.info("iris").feature_names
    sc = scene_for(t, feature_names=names)
    p = sc.projection
    assert sc.kind == "projection" and p.kind == "pca"
    assert p.components is not None and p.mean is not None
    np.testing.assert_allclose(p.components.T @ p.components, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(sc.positions[3], (t.positions[3] - p.mean) @ p.components)
    assert p.xlabel.startswith("PC1 (") and "variance" in p.xlabel
    assert p.ylabel.startswith("PC2 (")
    assert "4 features" in p.note and "principal components" in p.note
    # Orthonormal: a window of radius h stays a disc of radius h.
    np.testing.assert_array_equal(sc.radii[0], t.bandwidths[0])
    assert sc.density is not None and "projected" in sc.density.label


def test_two_chosen_features():
    X = datasets.load("iris")
    p = fit_projection(X, (2, 3), feature_names=datasets.info("iris").feature_names)
    assert p.kind == "features"
    assert (p.xlabel, p.ylabel) == ("petal_length", "petal_width")
    np.testing.assert_array_equal(p.project(X), X[:, [2, 3]])
    with pytest.raises(ValueError, match="out of range"):
        fit_projection(X, (0, 7))
    with pytest.raises(ValueError, match="two different"):
        fit_projection(X, (1, 1))


def test_gaussian_rings_and_density_image():
    t = msviz.run_mean_shift(datasets.load("blobs", n_samples=80), bandwidth=1.5, kernel="gaussian")
    sc = scene_for(t)
    assert sc.ring_scales == (1.0, 2.0)
    dens = sc.density
    assert dens is not None and not dens.per_step
    assert dens.images.shape[0] == 1 and dens.images.max() == pytest.approx(1.0)
    # The image is the trace's own shadow density (up to scale) at the cell centres.
    x0, x1, y0, y1 = dens.extent
    ny, nx = dens.images.shape[1:]
    i, j = ny // 2, nx // 3
    pt = np.array([[x0 + (j + 0.5) * (x1 - x0) / nx, y0 + (i + 0.5) * (y1 - y0) / ny]])
    grid_max = dens.images[0].max()
    ratio = dens.images[0, i, j] / grid_max
    xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
    ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
    gx, gy = np.meshgrid(xs, ys)
    full = t.density(np.column_stack([gx.ravel(), gy.ravel()]))
    assert ratio == pytest.approx(t.density(pt)[0] / full.max())


def test_blurring_has_a_density_per_step():
    t = msviz.run_mean_shift(
        datasets.load("blobs", n_samples=60), bandwidth=2.0, variant="blurring"
    )
    sc = scene_for(t)
    assert sc.density is not None and sc.density.per_step
    assert sc.density.images.shape[0] == len(t)
    np.testing.assert_array_equal(sc.data_at(2), sc.positions[2])
    np.testing.assert_array_equal(sc.data, t.X)


def test_per_sample_bandwidth_uses_relative_shifts():
    X = datasets.load("varied", n_samples=90)
    h = msviz.knn_bandwidths(X, k=10)
    t = msviz.run_mean_shift(X, bandwidth=h)
    sc = scene_for(t)
    np.testing.assert_array_equal(sc.radii, t.bandwidths)
    conv = sc.convergence
    assert conv.relative and conv.threshold == t.tol
    np.testing.assert_allclose(conv.raw_shift[1:], (t.shifts / t.bandwidths)[1:].max(axis=1))
    assert "per sample" in sc.title


def test_grid_seeds_basin_map():
    t = msviz.run_mean_shift(datasets.load("moons", n_samples=120), bandwidth=0.6, seeds="grid")
    sc = scene_for(t)
    assert sc.basins is not None
    nx, ny = t.grid_shape
    assert sc.basins.labels.shape == (ny, nx)
    # Cell (row iy, column ix) is the grid seed ix * ny + iy.
    for ix, iy in [(0, 0), (nx - 1, 2), (nx // 2, ny // 2)]:
        assert sc.basins.labels[iy, ix] == t.seed_labels[ix * ny + iy]
    x0, x1, y0, y1 = sc.basins.extent
    assert x0 < t.X[:, 0].min() and x1 > t.X[:, 0].max()
    empty = np.asarray(t.empty)
    if empty.any():
        assert np.all(sc.state[-1][empty] == 2)
    assert "grid" in sc.subtitle


def test_one_feature_is_drawn_as_a_hill():
    X = datasets.load("blobs", n_samples=90)[:, :1]
    t = msviz.run_mean_shift(X, bandwidth=1.0)
    sc = scene_for(t)
    assert sc.kind == "line" and not sc.equal_aspect
    np.testing.assert_array_equal(sc.positions[..., 0], t.positions[..., 0])
    np.testing.assert_allclose(sc.positions[..., 1], t.density_path())
    assert sc.density is not None and sc.density.curve is not None
    assert np.all(sc.data[:, 1] == 0)


def test_custom_kernel_has_no_density():
    t = msviz.run_mean_shift(
        datasets.load("blobs", n_samples=40), bandwidth=2.0, kernel=lambda u: np.exp(-u)
    )
    sc = scene_for(t)
    assert sc.density is None and sc.convergence.mean_density is None
    assert "custom" in sc.title


def test_bad_arguments():
    t = msviz.run_mean_shift([[0.0, 0.0], [1.0, 1.0]], bandwidth=2)
    with pytest.raises(TypeError, match="Trace"):
        build_scene(np.zeros((3, 2)))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_windows"):
        build_scene(t, n_windows=-1)
    with pytest.raises(ValueError, match="projection"):
        fit_projection(np.zeros((3, 3)), "tsne")  # type: ignore[arg-type]


def test_subtitles_do_not_use_a_word_before_notebook_3_explains_it(blobs_trace):
    """Issue 10: "climbs the Epanechnikov density" was in every subtitle from notebook 01."""
    for kernel in ("flat", "epanechnikov", "gaussian"):
        trace = msviz.run_mean_shift(datasets.load("blobs", n_samples=60), bandwidth=2.5,
                                     kernel=kernel)
        sub = scene_for(trace).subtitle
        assert "climbs the density hill of the data" in sub
        assert "Epanechnikov" not in sub and "biweight" not in sub.lower()


def test_step_label_tells_modes_no_sample_belongs_to_from_clusters():
    import msviz

    X = msviz.datasets.load("blobs")
    trace = msviz.run_mean_shift(X, bandwidth=2.5, seeds="grid")
    held = np.unique(trace.labels[trace.labels >= 0]).size
    assert held < trace.n_clusters  # grid seeds found modes of a few outliers
    label = scene_for(trace).step_label(-1)
    assert label.endswith(f"· {trace.n_clusters} modes, {held} with samples"), label
    plain = msviz.run_mean_shift(X, bandwidth=2.5)
    assert scene_for(plain).step_label(-1).endswith(f"· {plain.n_clusters} clusters")


@pytest.mark.parametrize("variant", ["standard", "blurring"])
def test_every_steps_states_are_the_traces_stopped_points(variant):
    # Grid seeds far from the data stop at once with an empty window (state 2).
    t = msviz.run_mean_shift(datasets.load("moons", n_samples=120), bandwidth=0.5,
                             seeds="grid" if variant == "standard" else None, variant=variant,
                             max_iter=60)
    sc = scene_for(t)
    empty = np.asarray(t.empty)
    table = np.asarray(sc.state)
    assert table.shape == (len(t), t.positions.shape[1]) and table.dtype == np.int8
    for k in range(len(t)):
        stopped = np.asarray(t[k].converged)
        want = np.where(stopped, np.where(empty, 2, 1), 0)
        np.testing.assert_array_equal(sc.state[k], want, err_msg=f"step {k}")
        np.testing.assert_array_equal(table[k], want)
        assert sc.n_stopped[k] == stopped.sum()
    np.testing.assert_array_equal(sc.state[-1], table[-1])
    np.testing.assert_array_equal(sc.converged, table > 0)
    if variant == "standard":
        assert empty.any() and t.stops_are_final
        # kept as the trace's own stop steps and one byte per point, not a table per step
        from msviz.interact.cache import array_bytes
        assert array_bytes(t, sc.state) - array_bytes(t) == t.positions.shape[1]
    with pytest.raises(IndexError):
        sc.state[len(t)]
