"""Joint spatial-range mean shift on images."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import msviz
from msviz.course.lattice import lattice_merge, lattice_offsets
from msviz.course.segmentation import (
    MAX_PIXELS,
    image_features,
    load_image,
    segment_image,
)
from msviz.course.segmentation_view import SegmentationView, explore_image


def two_halves(h=8, w=10):
    img = np.zeros((h, w, 3))
    img[:, : w // 2] = [0.1, 0.2, 0.8]
    img[:, w // 2 :] = [0.9, 0.6, 0.1]
    return img


def test_features_are_scaled_pixels_and_colours():
    img = two_halves()
    X = image_features(img, spatial_bandwidth=4, range_bandwidth=0.25)
    assert X.shape == (80, 5)
    # pixel (row 2, column 7) is row-major index 27
    np.testing.assert_allclose(X[27], [2 / 4, 7 / 4, 0.9 / 0.25, 0.6 / 0.25, 0.1 / 0.25])


def test_integer_images_are_read_as_0_to_255():
    img = (two_halves() * 255).astype(np.uint8)
    X = image_features(img, spatial_bandwidth=1, range_bandwidth=1)
    np.testing.assert_allclose(X[0, 2:], img[0, 0] / 255)


def test_two_colour_image_gives_two_segments_split_at_the_edge():
    seg = segment_image(two_halves(), spatial_bandwidth=3, range_bandwidth=0.3)
    labels = seg.labels()
    assert seg.n_segments == 2
    assert len(np.unique(labels[:, :5])) == 1 and len(np.unique(labels[:, 5:])) == 1
    assert labels[0, 0] != labels[0, -1]
    np.testing.assert_allclose(seg.segmented_image(), two_halves(), atol=1e-12)


def test_segmentation_is_mean_shift_on_the_scaled_features():
    rng = np.random.default_rng(0)
    img = np.clip(two_halves(6, 8) + rng.normal(scale=0.05, size=(6, 8, 3)), 0, 1)
    seg = segment_image(img, spatial_bandwidth=2.5, range_bandwidth=0.2, kernel="gaussian")
    X = image_features(img, spatial_bandwidth=2.5, range_bandwidth=0.2)
    trace = msviz.run_mean_shift(X, bandwidth=1.0, kernel="gaussian", max_iter=100)
    np.testing.assert_allclose(seg.trace.positions, trace.positions)
    k = len(seg) // 2
    np.testing.assert_allclose(
        seg.colours_at(k), np.clip(trace[k].positions[:, 2:] * 0.2, 0, 1).reshape(6, 8, 3)
    )
    np.testing.assert_allclose(seg.pixel_positions_at(0)[9], [1, 1])


def test_noise_is_smoothed_step_by_step():
    rng = np.random.default_rng(1)
    img = np.clip(two_halves() + rng.normal(scale=0.04, size=(8, 10, 3)), 0, 1)
    seg = segment_image(img, spatial_bandwidth=3, range_bandwidth=0.3)
    left = [seg.colours_at(k)[:, :5].std(axis=(0, 1)).sum() for k in range(len(seg))]
    assert left[-1] < 0.2 * left[0]


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"spatial_bandwidth": 0}, "spatial_bandwidth must be a positive number"),
        ({"range_bandwidth": float("nan")}, "range_bandwidth must be a positive number"),
    ],
)
def test_bad_bandwidths(kwargs, match):
    with pytest.raises(ValueError, match=match):
        segment_image(two_halves(), **kwargs)


def test_bad_images():
    with pytest.raises(ValueError, match="shape"):
        segment_image(np.zeros((4, 4, 2)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        segment_image(np.full((4, 4, 3), 3.5))
    with pytest.raises(ValueError, match="unknown image"):
        load_image("mona lisa")


def test_sample_photograph_loads_offline_and_small():
    img = load_image("chelsea", size=40)
    assert img.shape[2] == 3 and max(img.shape[:2]) <= 40
    assert 0 <= img.min() and img.max() <= 1


def test_photos_are_256_on_the_long_side_by_default_and_never_enlarged():
    import skimage.data

    full = skimage.data.chelsea() / 255.0  # 300 x 451
    img = load_image("chelsea")
    assert img.shape == (170, 256, 3)
    # area averaging keeps the mean colour
    np.testing.assert_allclose(img.mean(axis=(0, 1)), full.mean(axis=(0, 1)), atol=1e-3)
    assert load_image("chelsea", size=512).shape == (300, 451, 3)
    assert load_image("astronaut", size=512).shape == (512, 512, 3)
    assert load_image("coffee", size=100).shape == (67, 100, 3)


def test_too_many_pixels_is_a_clear_error_before_any_work():
    big = np.zeros((513, 512, 3))
    assert big.shape[0] * big.shape[1] > MAX_PIXELS
    with pytest.raises(ValueError, match=r"at most 262,144 \(512 x 512\).*load_image"):
        segment_image(big)
    # the Gaussian compares every pixel with every other: small images only
    with pytest.raises(ValueError, match="kernel='flat' or 'epanechnikov'"):
        segment_image(np.zeros((200, 200, 3)), kernel="gaussian")
    with pytest.raises(ValueError, match="max_iter"):
        segment_image(two_halves(), max_iter=0)


# -- the lattice run is the dense run ------------------------------------------------


def dense(img, hs, hr, kernel, max_iter=100):
    X = image_features(img, spatial_bandwidth=hs, range_bandwidth=hr)
    return msviz.run_mean_shift(X, bandwidth=1.0, kernel=kernel, max_iter=max_iter)


def assert_same_run(seg, trace, *, same_numbers=False):
    """Same trajectories, stops and windows; the same segments with the same centres.

    The sums are added in another order than the dense run's, so the images here
    have continuous colours: no pixel sits exactly on the edge of a window, where
    the rounding of either run would decide (as it decides between msviz's dense run
    and scikit-learn's). Segments are numbered in the merge's order (pixels in the
    window, ties by coordinates); small segments on the lattice often tie exactly in
    their spatial means, and the dense run breaks such a tie by its rounding, so the
    numbers are compared only where asked; the segments themselves always are. For
    the same reason a segment's centre (the top-ranked end point of its pixels) may
    be another of its pixels' end points when two of them tie exactly.
    """
    assert seg.trace.positions.shape == trace.positions.shape
    np.testing.assert_allclose(seg.trace.positions, trace.positions, rtol=0, atol=1e-9)
    assert seg.n_segments == trace.n_clusters
    a, b = seg.trace.labels, trace.labels
    if same_numbers:
        np.testing.assert_array_equal(a, b)
    pairs = np.unique(np.column_stack([a, b]), axis=0)  # one pair per segment: a bijection
    assert len(pairs) == seg.n_segments == len(np.unique(a)) == len(np.unique(b))
    if same_numbers:
        np.testing.assert_allclose(seg.trace.cluster_centers, trace.cluster_centers, atol=1e-9)
    ends = trace.positions[-1]
    for i, j in pairs:  # each centre is the end point of one of its segment's pixels
        gap = np.abs(ends[b == j] - seg.trace.cluster_centers[i]).max(axis=1).min()
        assert gap <= 1e-9
        if np.abs(seg.trace.cluster_centers[i] - trace.cluster_centers[j]).max() > 1e-9:
            assert not same_numbers
    np.testing.assert_array_equal(seg.trace.stop_step, trace.stop_step)
    np.testing.assert_array_equal(seg.trace.intensity, trace.intensity)
    assert seg.trace.converged == trace.converged
    assert seg.trace.n_iter == trace.n_iter


def noisy_photo(h=18, w=22, seed=0):
    rng = np.random.default_rng(seed)
    img = two_halves(h, w)
    img[h // 3 : h // 2, w // 4 : w // 2] = [0.2, 0.7, 0.3]  # a green patch
    return np.clip(img + rng.normal(scale=0.06, size=(h, w, 3)), 0, 1)


@pytest.mark.parametrize("kernel", ["flat", "epanechnikov"])
@pytest.mark.parametrize("hs,hr", [(1.0, 0.3), (2.5, 0.2), (3, 0.1), (6, 0.15), (0.6, 0.5)])
def test_lattice_run_equals_the_dense_run(kernel, hs, hr):
    img = noisy_photo()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        seg = segment_image(img, spatial_bandwidth=hs, range_bandwidth=hr, kernel=kernel)
        trace = dense(img, hs, hr, kernel)
    assert_same_run(seg, trace)


def test_lattice_run_equals_the_dense_run_on_a_real_photo():
    img = load_image("chelsea", size=40)
    seg = segment_image(img, spatial_bandwidth=4, range_bandwidth=0.1)
    trace = dense(img, 4, 0.1, "flat")
    assert_same_run(seg, trace, same_numbers=True)
    assert seg.n_segments > 10


def test_lattice_run_of_a_kernel_reaching_past_one_bandwidth():
    # a compact kernel of radius 1.5: the disc must reach 1.5 h_s
    wide = msviz.Kernel("wide", lambda u: np.clip(1 - u / 2.25, 0, None), radius=1.5)
    img = noisy_photo(12, 14, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        seg = segment_image(img, spatial_bandwidth=2, range_bandwidth=0.2, kernel=wide)
        trace = dense(img, 2, 0.2, wide)
    assert_same_run(seg, trace)


def test_lattice_run_warns_as_the_engine_does_at_max_iter():
    img = noisy_photo(10, 12)
    with pytest.warns(msviz.ConvergenceWarning, match="max_iter=2"):
        seg = segment_image(img, spatial_bandwidth=3, range_bandwidth=0.3, max_iter=2)
    with pytest.warns(msviz.ConvergenceWarning):
        trace = dense(img, 3, 0.3, "flat", max_iter=2)
    assert not seg.trace.converged and len(seg) == 3
    assert_same_run(seg, trace)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    h=st.integers(1, 10),
    w=st.integers(1, 10),
    noise=st.sampled_from([0.02, 0.1, 0.5]),
    hs=st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 4.5]),
    hr=st.sampled_from([0.05, 0.2, 0.35, 1.0]),
    kernel=st.sampled_from(["flat", "epanechnikov"]),
    seed=st.integers(0, 2**16),
)
def test_lattice_equals_dense_on_random_images(h, w, noise, hs, hr, kernel, seed):
    # a few flat colours with continuous noise: regions, edges and lone pixels
    rng = np.random.default_rng(seed)
    palette = rng.uniform(size=(3, 3))
    img = palette[rng.integers(0, 3, size=(h, w))]
    img = np.clip(img + rng.normal(scale=noise, size=img.shape), 0, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        seg = segment_image(img, spatial_bandwidth=hs, range_bandwidth=hr, kernel=kernel,
                            max_iter=30)
        trace = dense(img, hs, hr, kernel, max_iter=30)
    assert_same_run(seg, trace)


@settings(max_examples=60, deadline=None)
@given(reach=st.floats(0.3, 9.0), seed=st.integers(0, 2**16))
def test_the_offsets_hold_every_pixel_within_reach(reach, seed):
    rows, cols = lattice_offsets(reach)
    kept = set(zip(rows.tolist(), cols.tolist(), strict=True))
    # a window centre anywhere in the centre pixel (within half a pixel of it)
    centre = np.random.default_rng(seed).uniform(-0.5, 0.5, size=2)
    k = int(np.ceil(reach)) + 2
    r, c = np.mgrid[-k : k + 1, -k : k + 1]
    near = (r - centre[0]) ** 2 + (c - centre[1]) ** 2 <= reach**2
    assert set(zip(r[near].tolist(), c[near].tolist(), strict=True)) <= kept


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 60),
    scale=st.sampled_from([0.3, 1.0, 3.0]),
    seed=st.integers(0, 2**16),
)
def test_lattice_merge_equals_merge_modes(n, scale, seed):
    rng = np.random.default_rng(seed)
    pos = np.round(rng.uniform(0, 4 * scale, size=(n, 5)), 1)  # rounding: some equal rows
    inten = rng.integers(0, 5, size=n)
    expected = msviz.merge_modes(pos, inten, 1.0)
    got = lattice_merge(pos, inten)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])


def test_view_shows_the_trace_at_each_step():
    seg = segment_image(two_halves(), spatial_bandwidth=3, range_bandwidth=0.5, kernel="gaussian")
    view = SegmentationView(seg)
    view.plot()
    for k in (0, len(seg) // 2, len(seg) - 1):
        changed = view.show_step(k)
        assert view.filtered in changed
        np.testing.assert_allclose(view.filtered.get_array(), seg.colours_at(k))
        np.testing.assert_allclose(
            view.dots.get_offsets(), seg.colours_at(k).reshape(-1, 3)[:, :2]
        )
        assert view.step_text.get_text().startswith(f"step {k} of {len(seg) - 1}")
    with pytest.raises(IndexError, match="out of range"):
        view.show_step(len(seg))


def test_explore_image_slider_moves_the_picture():
    seg = segment_image(two_halves(), spatial_bandwidth=3, range_bandwidth=0.5, kernel="gaussian")
    box = explore_image(seg)
    assert box.slider.max == len(seg) - 1
    box.slider.value = len(seg) - 1
    assert box.view.step == len(seg) - 1
    np.testing.assert_allclose(box.view.filtered.get_array(), seg.colours_at(len(seg) - 1))


def test_explore_image_shows_its_figure_through_a_surface():
    import ipywidgets
    import matplotlib.pyplot as plt

    from msviz.interact.surface import Surface

    seg = segment_image(two_halves(), spatial_bandwidth=3, range_bandwidth=0.5, kernel="gaussian")
    box = explore_image(seg)
    assert plt.get_fignums() == []  # no pyplot figure for the notebook to show again
    assert isinstance(box.surface, Surface) and box.view.fig is box.surface.fig
    assert isinstance(box.surface.widget, ipywidgets.Image)  # Agg here: a PNG image
    assert box.surface.widget in box.children
    first = bytes(box.surface.widget.value)
    assert first[:4] == b"\x89PNG"
    box.slider.value = len(seg) - 1
    assert bytes(box.surface.widget.value) != first
    view = SegmentationView(seg)  # its own figure too: a plain one on an Agg canvas
    assert plt.get_fignums() == [] and view.fig.canvas.get_renderer() is not None


def test_a_segmentation_view_shows_itself_in_a_notebook():
    """A learner pass: `view.plot(); view` in notebook 09 showed no picture at all."""
    import io

    from PIL import Image

    from msviz.course.segmentation import segment_image
    from msviz.course.segmentation_view import SegmentationView

    rng = np.random.default_rng(0)
    img = np.clip(np.kron([[0.2, 0.8], [0.5, 0.1]], np.ones((8, 8)))[..., None]
                  + rng.normal(0, 0.01, (16, 16, 3)), 0, 1)
    view = SegmentationView(segment_image(img, spatial_bandwidth=3, range_bandwidth=0.2))
    view.plot(step=-1)
    picture = Image.open(io.BytesIO(view._repr_png_()))
    w, h = view.fig.get_size_inches() * view.fig.dpi
    assert abs(picture.size[0] - w) <= 1 and abs(picture.size[1] - h) <= 1
    assert len(set(picture.convert("RGB").getdata())) > 50  # not a blank picture
