"""Joint spatial-range mean shift on images."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import msviz
from msviz.course.segmentation import image_features, load_image, segment_image
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
    with pytest.raises(ValueError, match="shrink it first"):
        segment_image(np.zeros((200, 200, 3)))
    with pytest.raises(ValueError, match="unknown image"):
        load_image("mona lisa")


def test_sample_photograph_loads_offline_and_small():
    img = load_image("chelsea", size=40)
    assert img.shape[2] == 3 and max(img.shape[:2]) <= 40
    assert 0 <= img.min() and img.max() <= 1


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
