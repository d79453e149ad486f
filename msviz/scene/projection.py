"""How more than two features are drawn: two principal components or two chosen features."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from msviz.engine._types import FloatArray

__all__ = ['Projection', 'fit_projection']


ProjectionSpec = Literal["pca"] | tuple[int, int] | None


@dataclass(frozen=True, eq=False)
class Projection:
    """How points with ``n_features`` columns become drawing coordinates.

    Attributes
    ----------
    kind : {"identity", "features", "pca", "line"}
        Two features as they are; two chosen features; the first two
        principal components; or one feature drawn against its density.
    n_features : int
        Columns of the data.
    mean : ndarray of shape (n_features,) or None
        Subtracted before projecting (PCA only).
    components : ndarray of shape (n_features, 2) or None
        Orthonormal columns; None for "identity" and "line".
    explained : tuple of float or None
        Fraction of the variance along each drawn axis (PCA only).
    xlabel, ylabel : str
        Axis labels.
    note : str
        A short sentence saying what is drawn ("" for plain 2-D data).
    """

    kind: str
    n_features: int
    mean: FloatArray | None
    components: FloatArray | None
    explained: tuple[float, float] | None
    xlabel: str
    ylabel: str
    note: str

    def project(self, points: ArrayLike) -> FloatArray:
        """Map points of shape (..., n_features) to drawing x, y of shape (..., 2).

        For ``kind="line"`` y is 0 (the scene fills in the density).

        Examples
        --------
        >>> p = fit_projection(np.eye(3), "pca")
        >>> p.project(np.zeros((4, 3))).shape
        (4, 2)
        """
        pts = np.asarray(points, dtype=np.float64)
        if self.kind == "identity":
            return pts.copy()
        if self.kind == "line":
            out = np.zeros(pts.shape[:-1] + (2,))
            out[..., 0] = pts[..., 0]
            return out
        assert self.components is not None
        centred = pts if self.mean is None else pts - self.mean
        return np.asarray(centred @ self.components, dtype=np.float64)


def _feature_name(names: Sequence[str] | None, j: int) -> str:
    if names is not None and j < len(names):
        return str(names[j])
    return f"feature {j}"


def fit_projection(
    X: ArrayLike,
    projection: ProjectionSpec = None,
    *,
    feature_names: Sequence[str] | None = None,
) -> Projection:
    """Choose how to draw data with any number of features in a plane.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data the projection is fitted to.
    projection : None, "pca" or (int, int)
        None: the identity for two features, PCA for more. "pca": the first two
        principal components. A pair of column indices: those two features.
    feature_names : sequence of str, optional
        Names of the columns, for the axis labels.

    Returns
    -------
    Projection

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 4)) * [3.0, 1.0, 0.2, 0.1]
    >>> p = fit_projection(X)
    >>> p.kind, p.xlabel.startswith("PC1")
    ('pca', True)
    >>> fit_projection(X, (2, 0), feature_names=list("abcd")).xlabel
    'c'
    """
    data = np.asarray(X, dtype=np.float64)
    d = data.shape[1]
    if feature_names is not None and len(feature_names) != d:
        raise ValueError(
            f"feature_names has {len(feature_names)} names but the data has {d} features"
        )
    if isinstance(projection, str):
        if projection.strip().lower() != "pca":
            raise ValueError(
                f"projection must be None, 'pca' or a pair of feature indices, got {projection!r}"
            )
        if d < 2:
            raise ValueError("projection='pca' needs at least 2 features; this data has 1")
        return _pca(data, feature_names)
    if projection is not None:
        try:
            i, j = (int(v) for v in projection)
        except (TypeError, ValueError):
            raise ValueError(
                f"projection must be None, 'pca' or a pair of feature indices, got {projection!r}"
            ) from None
        for v in (i, j):
            if not 0 <= v < d:
                raise ValueError(
                    f"projection feature {v} is out of range: the data has {d} features "
                    f"(0 to {d - 1})"
                )
        if i == j:
            raise ValueError(f"projection needs two different features, got ({i}, {j})")
        comp = np.zeros((d, 2))
        comp[i, 0] = comp[j, 1] = 1.0
        kind = "identity" if (d == 2 and (i, j) == (0, 1)) else "features"
        note = (
            ""
            if kind == "identity"
            else f"2-D view of {d} features: {_feature_name(feature_names, i)} against "
            f"{_feature_name(feature_names, j)}"
        )
        return Projection(
            kind, d, None, None if kind == "identity" else comp, None,
            _feature_name(feature_names, i), _feature_name(feature_names, j), note,
        )
    if d == 1:
        return Projection(
            "line", 1, None, None, None, _feature_name(feature_names, 0), "density", ""
        )
    if d == 2:
        return Projection(
            "identity", 2, None, None, None,
            _feature_name(feature_names, 0) if feature_names else "x₁",
            _feature_name(feature_names, 1) if feature_names else "x₂",
            "",
        )
    return _pca(data, feature_names)


def _pca(data: FloatArray, feature_names: Sequence[str] | None) -> Projection:
    d = data.shape[1]
    mean = data.mean(axis=0)
    centred = data - mean
    if data.shape[0] < 2 or not np.any(centred):
        comp = np.zeros((d, 2))
        comp[0, 0] = comp[1, 1] = 1.0
        explained = (float("nan"), float("nan"))
    else:
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
        comp = np.zeros((d, 2))
        k = min(2, vt.shape[0])
        comp[:, :k] = vt[:k].T
        if k < 2:  # one sample direction only: any orthonormal second axis
            other = np.eye(d)[np.argmin(np.abs(comp[:, 0]))]
            other -= comp[:, 0] * (other @ comp[:, 0])
            comp[:, 1] = other / np.linalg.norm(other)
        # A fixed sign: the largest loading of each component is positive.
        for c in range(2):
            if comp[np.argmax(np.abs(comp[:, c])), c] < 0:
                comp[:, c] *= -1
        var = s**2
        total = float(var.sum())
        explained = (
            float(var[0] / total), float(var[1] / total) if var.size > 1 else 0.0
        )
    pct = [f"{100 * e:.0f}% of variance" if math.isfinite(e) else "" for e in explained]
    labels = [f"PC{c + 1}" + (f" ({pct[c]})" if pct[c] else "") for c in range(2)]
    total_pct = sum(e for e in explained if math.isfinite(e))
    note = f"2-D projection: first two principal components of {d} features"
    if total_pct > 0:
        note += f" ({100 * total_pct:.0f}% of the variance)"
    return Projection(
        "pca", d, mean, comp, (float(explained[0]), float(explained[1])), labels[0], labels[1],
        note,
    )
