"""Joint spatial-range mean shift on images (Comaniciu & Meer 2002).

Every pixel becomes a point with five features: its row and column, divided by
the spatial bandwidth ``h_s``, and its red, green and blue values, divided by
the range bandwidth ``h_r``. Mean shift with bandwidth 1 on those features uses
a window that reaches ``h_s`` pixels across the image and ``h_r`` across colour
space at once: each pixel drifts to the typical colour of the nearby pixels
that look like it. Replacing every pixel's colour by where it ends up filters
the image (edges stay sharp); grouping pixels by their mode segments it.

With a kernel that vanishes beyond its radius (flat, Epanechnikov), no pixel more
than ``radius * h_s`` pixels away can be in a window, so each pixel's window reads
only the pixels around its current position (:mod:`msviz.course.lattice`): the
same run as :func:`msviz.run_mean_shift` on the five features, at the cost of a
disc of about ``pi * h_s^2`` pixels per pixel instead of the whole image. A
256 x 256 photo takes a few seconds. The Gaussian reaches every pixel, so it still
compares every pixel with every other and is kept to small images.

This module uses numpy only; :mod:`msviz.course.segmentation_view` draws the results.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz.course.lattice import lattice_mean_shift
from msviz.engine import ConvergenceWarning, Trace, run_mean_shift
from msviz.engine._checks import check_positive_int, check_tol
from msviz.engine.kernels import Kernel, get_kernel

__all__ = [
    "IMAGES",
    "MAX_PIXELS",
    "MAX_PIXELS_DENSE",
    "Segmentation",
    "image_features",
    "load_image",
    "segment_image",
]

#: The most pixels :func:`segment_image` takes with a kernel of finite radius (a
#: 512 x 512 photo; its recorded run is about 10 MB a step).
MAX_PIXELS = 512 * 512
#: The most pixels with a kernel of unbounded support (the Gaussian), which
#: compares every pixel with every other.
MAX_PIXELS_DENSE = 20_000

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


def _area_weights(n: int, m: int) -> NDArray[np.float64]:
    """Weights (m, n) that average ``n`` pixels into ``m``.

    Each output pixel is the mean of the stretch of input it covers, partial pixels
    counted by the part covered.
    """
    edges = np.arange(m + 1) * (n / m)
    p = np.arange(n)
    overlap = np.minimum(edges[1:, None], p + 1) - np.maximum(edges[:-1, None], p)
    return np.clip(overlap, 0.0, None) / (n / m)


def _resize(img: NDArray[np.float64], size: int) -> NDArray[np.float64]:
    """Shrink so that the longer side is ``size`` pixels (area averaging; never enlarge)."""
    h, w = img.shape[:2]
    scale = size / max(h, w)
    if scale >= 1:
        return img
    h2, w2 = max(1, round(h * scale)), max(1, round(w * scale))
    rows = np.tensordot(_area_weights(h, h2), img, axes=(1, 0))  # (h2, w, 3)
    out = np.tensordot(rows, _area_weights(w, w2), axes=(1, 1))  # (h2, 3, w2)
    return np.clip(out.transpose(0, 2, 1), 0.0, 1.0)


def load_image(name: str = "chelsea", *, size: int = 256) -> NDArray[np.float64]:
    """Load a photograph for segmentation, colours as floats in [0, 1].

    Parameters
    ----------
    name : str, default="chelsea"
        One of :data:`IMAGES` (they ship with scikit-image and load offline).
    size : int, default=256
        The longer side in pixels: the photo is shrunk by averaging the pixels
        each new pixel covers (never enlarged; the photos are 451 to 640 pixels
        wide). 256 segments in a few seconds with the flat kernel; up to 512
        works (about 4 times as long); the Gaussian kernel needs small images
        (``size=160`` or less, see :func:`segment_image`).

    Returns
    -------
    ndarray of shape (height, width, 3)

    Examples
    --------
    >>> img = load_image("chelsea", size=32)
    >>> img.shape
    (21, 32, 3)
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
    return _resize(_as_float_image(getattr(skimage.data, key)()), size)


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
        Colours in [0, 1] (floats) or [0, 255] (integers); at most
        :data:`MAX_PIXELS` pixels (512 x 512), or :data:`MAX_PIXELS_DENSE`
        (20,000) with a kernel of unbounded support such as the Gaussian.
    spatial_bandwidth : float, default=6.0
        ``h_s``: how far across the image a window reaches, in pixels.
    range_bandwidth : float, default=0.1
        ``h_r``: how different a colour may be and still count, colours in [0, 1].
    kernel : str, Kernel or callable, default="flat"
        The weighting kernel over the scaled five features. A kernel with a
        finite radius (flat, Epanechnikov) reads only the pixels within
        ``radius * h_s`` of each pixel's current position, exactly; the Gaussian
        or a function ``g(u)`` compares every pixel with every other.
    max_iter, tol
        As for :func:`msviz.run_mean_shift`.

    Returns
    -------
    Segmentation
        Its trace is the run of :func:`msviz.run_mean_shift` on
        :func:`image_features` with bandwidth 1 (the same positions, to rounding,
        and the same centres and labels).

    Raises
    ------
    ValueError
        For a bad image or bandwidth, and for an image with more pixels than
        the kernel allows (shrink it with :func:`load_image`'s ``size``).

    Examples
    --------
    >>> img = np.zeros((6, 6, 3)); img[:, 3:] = [1.0, 0.5, 0.0]
    >>> seg = segment_image(img, spatial_bandwidth=4, range_bandwidth=0.2)
    >>> seg.n_segments, seg.labels()[0].tolist()
    (2, [1, 1, 1, 0, 0, 0])
    """
    img = _as_float_image(image)
    hs, hr = _check_bandwidths(spatial_bandwidth, range_bandwidth)
    k = get_kernel(kernel)
    h, w = img.shape[:2]
    n = h * w
    if k.compact and n > MAX_PIXELS:
        raise ValueError(
            f"the image has {n:,} pixels ({h} x {w}); segment_image takes at most "
            f"{MAX_PIXELS:,} (512 x 512): its run records every pixel at every step. "
            "Shrink it first, e.g. load_image(name, size=512) or size=256"
        )
    if not k.compact and n > MAX_PIXELS_DENSE:
        raise ValueError(
            f"the image has {n:,} pixels ({h} x {w}); kernel {k.name!r} reaches every "
            "pixel, so every pixel is compared with every other and at most "
            f"{MAX_PIXELS_DENSE:,} pixels are feasible. Shrink it first "
            "(load_image(name, size=160)), or use kernel='flat' or 'epanechnikov', which "
            "read only the pixels within h_s and take photos up to 512 x 512"
        )
    X = image_features(img, spatial_bandwidth=hs, range_bandwidth=hr)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if k.compact:
            trace = lattice_mean_shift(
                X, (h, w), spatial_bandwidth=hs, kernel=k,
                max_iter=check_positive_int(max_iter, "max_iter"), tol=check_tol(tol),
            )
        else:
            trace = run_mean_shift(X, bandwidth=1.0, kernel=kernel, max_iter=max_iter, tol=tol)
    for w in caught:  # point the warning at the caller, not at this module
        warnings.warn(w.message, w.category, stacklevel=2)
    return Segmentation(img, trace, hs, hr)
