"""Joint spatial-range mean shift on images (Comaniciu & Meer 2002).

Every pixel becomes a point with five features: its row and column, divided by
the spatial bandwidth ``h_s``, and its red, green and blue values, divided by
the range bandwidth ``h_r``. Mean shift with bandwidth 1 on those features uses
a window that reaches ``h_s`` pixels across the image and ``h_r`` across colour
space at once: each pixel drifts to the typical colour of the nearby pixels
that look like it. Replacing every pixel's colour by where it ends up filters
the image (edges stay sharp); grouping pixels by their mode segments it.

This module uses numpy only; :mod:`msviz.course.segmentation_view` draws the results.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.engine import ConvergenceWarning, Trace, run_mean_shift
from msviz.engine.kernels import Kernel

__all__ = ["IMAGES", "Segmentation", "image_features", "load_image", "segment_image"]

# Photographs bundled with scikit-image (they load offline).
IMAGES = {
    "chelsea": "Chelsea the cat (scikit-image sample, CC0)",
    "coffee": "a cup of coffee (scikit-image sample, CC0 by Rachel Michetti)",
    "astronaut": "astronaut Eileen Collins (scikit-image sample, public domain, NASA)",
    "rocket": "a rocket on its launch pad (scikit-image sample, public domain, SpaceX)",
}


def _as_float_image(image: ArrayLike) -> NDArray[np.float64]:
    img = np.asarray(image)
    if img.ndim == 2:
        img = np.repeat(img[:, :, None], 3, axis=2)
    if img.ndim != 3 or img.shape[2] not in (3, 4):
        raise ValueError(
            f"an image must have shape (height, width, 3) or (height, width), got {img.shape}"
        )
    img = img[:, :, :3]
    if img.dtype.kind in "ui":
        out = img.astype(np.float64) / 255.0 if img.max() > 1 else img.astype(np.float64)
    elif img.dtype.kind == "f":
        out = img.astype(np.float64)
    else:
        raise ValueError(f"an image must hold numbers, got dtype {img.dtype}")
    if not np.isfinite(out).all():
        raise ValueError("the image has NaN or infinite values")
    if out.min() < 0 or out.max() > 1:
        raise ValueError(
            f"colours must be in [0, 1] (floats) or [0, 255] (integers); got values from "
            f"{out.min():.3g} to {out.max():.3g}"
        )
    return out


def _shrink(img: NDArray[np.float64], size: int) -> NDArray[np.float64]:
    """Average blocks of pixels so that the longer side is at most ``size``."""
    h, w = img.shape[:2]
    f = max(1, int(np.ceil(max(h, w) / size)))
    h2, w2 = h // f, w // f
    img = img[: h2 * f, : w2 * f]
    return img.reshape(h2, f, w2, f, 3).mean(axis=(1, 3))


def load_image(name: str = "chelsea", *, size: int = 64) -> NDArray[np.float64]:
    """Load a small photograph for segmentation, colours as floats in [0, 1].

    Parameters
    ----------
    name : str, default="chelsea"
        One of :data:`IMAGES` (they ship with scikit-image and load offline).
    size : int, default=64
        The longer side in pixels after shrinking by averaging blocks of pixels.
        Mean shift compares every pixel with every other, so keep it small
        (64 gives about 2,000 pixels and runs in well under a second).

    Returns
    -------
    ndarray of shape (height, width, 3)

    Examples
    --------
    >>> img = load_image("chelsea", size=32)
    >>> img.shape
    (20, 30, 3)
    """
    key = name.strip().lower()
    if key not in IMAGES:
        raise ValueError(f"unknown image {name!r}; choose one of {sorted(IMAGES)}")
    if not isinstance(size, int) or size < 4:
        raise ValueError(f"size must be an integer >= 4, got {size!r}")
    try:
        import skimage.data
    except ImportError:
        raise ImportError(
            "the sample photographs come with scikit-image: pip install \"msviz[data]\""
        ) from None
    return _shrink(_as_float_image(getattr(skimage.data, key)()), size)


def image_features(
    image: ArrayLike, *, spatial_bandwidth: float, range_bandwidth: float
) -> NDArray[np.float64]:
    """Turn an image into joint spatial-range points, scaled so one bandwidth is 1.

    Parameters
    ----------
    image : array-like of shape (height, width, 3)
        Colours in [0, 1] (floats) or [0, 255] (integers).
    spatial_bandwidth : float
        ``h_s``, in pixels.
    range_bandwidth : float
        ``h_r``, in colour units (colours in [0, 1]).

    Returns
    -------
    ndarray of shape (height * width, 5)
        ``[row / h_s, column / h_s, red / h_r, green / h_r, blue / h_r]``, pixels in
        row-major order.

    Examples
    --------
    >>> image_features(np.zeros((2, 2, 3)), spatial_bandwidth=2, range_bandwidth=0.5)[3]
    array([0.5, 0.5, 0. , 0. , 0. ])
    """
    img = _as_float_image(image)
    hs, hr = _check_bandwidths(spatial_bandwidth, range_bandwidth)
    h, w = img.shape[:2]
    rows, cols = np.mgrid[0:h, 0:w]
    return np.column_stack(
        [rows.ravel() / hs, cols.ravel() / hs, img.reshape(-1, 3) / hr]
    ).astype(np.float64)


def _check_bandwidths(hs: float, hr: float) -> tuple[float, float]:
    for name, value in (("spatial_bandwidth", hs), ("range_bandwidth", hr)):
        if not (isinstance(value, (int, float)) and np.isfinite(value) and value > 0):
            raise ValueError(
                f"{name} must be a positive number, got {value!r}; try spatial_bandwidth=6 "
                "(pixels) and range_bandwidth=0.1 (colours in [0, 1])"
            )
    return float(hs), float(hr)


@dataclass(frozen=True, eq=False)
class Segmentation:
    """A recorded joint spatial-range mean shift run on an image.

    Attributes
    ----------
    image : ndarray of shape (height, width, 3)
        The input colours in [0, 1].
    trace : Trace
        The run on the scaled five-feature points (bandwidth 1).
    spatial_bandwidth, range_bandwidth : float
        ``h_s`` (pixels) and ``h_r`` (colour units).
    """

    image: NDArray[np.float64]
    trace: Trace
    spatial_bandwidth: float
    range_bandwidth: float

    @property
    def shape(self) -> tuple[int, int]:
        """The image's (height, width)."""
        return int(self.image.shape[0]), int(self.image.shape[1])

    def __len__(self) -> int:
        return len(self.trace)

    @property
    def n_segments(self) -> int:
        """The number of modes (segments) found."""
        return self.trace.n_clusters

    def colours_at(self, step: int) -> NDArray[np.float64]:
        """The filtered image at ``step``: every pixel coloured by where its point is now.

        Returns
        -------
        ndarray of shape (height, width, 3)
        """
        pos = self.trace[step].positions
        return np.clip(pos[:, 2:5] * self.range_bandwidth, 0.0, 1.0).reshape(self.image.shape)

    def pixel_positions_at(self, step: int) -> NDArray[np.float64]:
        """Where each pixel's point is at ``step``, in pixels: (row, column) per pixel."""
        return self.trace[step].positions[:, :2] * self.spatial_bandwidth

    def labels(self) -> NDArray[np.intp]:
        """The segment of every pixel, shape (height, width)."""
        return np.asarray(self.trace.labels).reshape(self.shape)

    def segment_colours(self) -> NDArray[np.float64]:
        """The colour of each segment's mode, shape (n_segments, 3)."""
        return np.clip(self.trace.cluster_centers[:, 2:5] * self.range_bandwidth, 0.0, 1.0)

    def segmented_image(self) -> NDArray[np.float64]:
        """Every pixel painted with the colour of its segment's mode."""
        return self.segment_colours()[self.labels()]


def segment_image(
    image: ArrayLike,
    *,
    spatial_bandwidth: float = 6.0,
    range_bandwidth: float = 0.1,
    kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
    max_iter: int = 100,
    tol: float = 1e-3,
) -> Segmentation:
    """Filter and segment an image with joint spatial-range mean shift.

    Parameters
    ----------
    image : array-like of shape (height, width, 3)
        Colours in [0, 1] (floats) or [0, 255] (integers). Keep it small: every
        pixel is compared with every other (see :func:`load_image`).
    spatial_bandwidth : float, default=6.0
        ``h_s``: how far across the image a window reaches, in pixels.
    range_bandwidth : float, default=0.1
        ``h_r``: how different a colour may be and still count, colours in [0, 1].
    kernel : str, Kernel or callable, default="flat"
        The weighting kernel over the scaled five features.
    max_iter, tol
        As for :func:`msviz.run_mean_shift`.

    Returns
    -------
    Segmentation

    Examples
    --------
    >>> img = np.zeros((6, 6, 3)); img[:, 3:] = [1.0, 0.5, 0.0]
    >>> seg = segment_image(img, spatial_bandwidth=4, range_bandwidth=0.2)
    >>> seg.n_segments, seg.labels()[0].tolist()
    (2, [1, 1, 1, 0, 0, 0])
    """
    img = _as_float_image(image)
    hs, hr = _check_bandwidths(spatial_bandwidth, range_bandwidth)
    if img.shape[0] * img.shape[1] > 20_000:
        raise ValueError(
            f"the image has {img.shape[0] * img.shape[1]:,} pixels; mean shift compares "
            "every pixel with every other, so shrink it first (load_image(..., size=64))"
        )
    X = image_features(img, spatial_bandwidth=hs, range_bandwidth=hr)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        trace = run_mean_shift(X, bandwidth=1.0, kernel=kernel, max_iter=max_iter, tol=tol)
    for w in caught:  # point the warning at the caller, not at this module
        warnings.warn(w.message, w.category, stacklevel=2)
    return Segmentation(img, trace, hs, hr)
