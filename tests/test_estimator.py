"""msviz.MeanShift: scikit-learn's MeanShift with the run recorded (DESIGN.md, estimator)."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.cluster import MeanShift as SkMeanShift
from sklearn.cluster import estimate_bandwidth as sk_estimate_bandwidth
from sklearn.cluster import get_bin_seeds
from sklearn.datasets import make_blobs, make_moons
from sklearn.metrics import v_measure_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import msviz
from msviz import MeanShift

# --------------------------------------------------------------------------- sklearn's checks

#: scikit-learn checks msviz.MeanShift cannot pass, each with the reason.
EXPECTED_FAILED = {
    "check_estimators_unfitted": (
        "msviz does not depend on scikit-learn at run time, so predict before fit raises "
        "msviz.NotFittedError (a ValueError and AttributeError, as sklearn's is) rather "
        "than sklearn.exceptions.NotFittedError; test_predict_before_fit checks it"
    ),
}


@parametrize_with_checks([MeanShift()], expected_failed_checks=lambda est: EXPECTED_FAILED)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "does not inherit from BaseEstimator"
        check(estimator)


def test_predict_before_fit():
    with pytest.raises(msviz.NotFittedError, match="call fit"):
        MeanShift().predict([[0.0, 0.0]])
    assert issubclass(msviz.NotFittedError, ValueError)
    assert issubclass(msviz.NotFittedError, AttributeError)


# --------------------------------------------------------------------------- equal to sklearn

DATA = {
    "blobs": make_blobs(300, centers=3, random_state=0)[0],
    "moons": make_moons(200, noise=0.08, random_state=1)[0],
    "blobs5d": make_blobs(250, n_features=5, centers=4, random_state=3)[0],
}

CASES = [
    {},
    {"bandwidth": 1.0},
    {"bandwidth": 1.0, "max_iter": 1},
    {"bandwidth": 1.0, "max_iter": 0},
    {"bandwidth": 1.0, "max_iter": 3},
    {"bin_seeding": True, "bandwidth": 1.2},
    {"bin_seeding": True, "bandwidth": 1.0, "min_bin_freq": 5},
    {"bandwidth": 0.8, "cluster_all": False},
]


@pytest.mark.parametrize("name", list(DATA))
@pytest.mark.parametrize("params", CASES, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
def test_same_as_sklearn(name, params):
    X = DATA[name]
    if name == "moons" and "bandwidth" in params:
        params = {**params, "bandwidth": params["bandwidth"] * 0.3}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ref = SkMeanShift(**params).fit(X)
        except ValueError:  # no bin holds min_bin_freq samples: sklearn fails, msviz says why
            with pytest.raises(ValueError, match="no bin of side .* holds min_bin_freq"):
                MeanShift(**params).fit(X)
            return
        ours = MeanShift(**params).fit(X)
    np.testing.assert_allclose(ours.cluster_centers_, ref.cluster_centers_, atol=1e-9)
    np.testing.assert_array_equal(ours.labels_, ref.labels_)
    assert ours.n_iter_ == ref.n_iter_
    assert ours.n_features_in_ == X.shape[1]
    assert not hasattr(ours, "feature_names_in_")


def test_params_are_sklearns_plus_msvizs():
    ours = MeanShift().get_params()
    theirs = SkMeanShift().get_params()
    assert list(ours)[: len(theirs)] == sorted(theirs, key=list(ours).index)
    for name, value in theirs.items():
        assert ours[name] == value, name
    assert {k: ours[k] for k in ours if k not in theirs} == {
        "kernel": "flat", "variant": "standard", "tol": 1e-3, "labels": "nearest",
    }


def test_max_iter_cut_short_warns_in_sklearns_words():
    X = DATA["blobs"]
    with pytest.warns(msviz.ConvergenceWarning, match=r"after max_iter=2 iterations"):
        ms = MeanShift(bandwidth=1.0, max_iter=2).fit(X)
    assert ms.n_iter_ == 2 and len(ms.trace_) == 4  # start + max_iter + 1 updates


# --------------------------------------------------------------------------- sklearn tools


def test_clone_pipeline_and_pickle():
    X = DATA["blobs"]
    ms = MeanShift(bandwidth=0.5, kernel="gaussian")
    twin = clone(ms)
    assert twin is not ms and twin.get_params() == ms.get_params()
    pipe = make_pipeline(StandardScaler(), MeanShift(bandwidth=0.5)).fit(X)
    ref = make_pipeline(StandardScaler(), SkMeanShift(bandwidth=0.5)).fit(X)
    np.testing.assert_array_equal(pipe.predict(X[:40]), ref.predict(X[:40]))
    again = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_array_equal(again.predict(X[:40]), pipe.predict(X[:40]))


def test_fit_predict_and_predict_on_new_data():
    X = DATA["blobs"]
    ms = MeanShift(bandwidth=1.5)
    labels = ms.fit_predict(X)
    np.testing.assert_array_equal(labels, MeanShift(bandwidth=1.5).fit(X).labels_)
    new = np.random.default_rng(0).normal(size=(20, 2)) * 3
    d = np.linalg.norm(new[:, None] - ms.cluster_centers_[None], axis=2)
    np.testing.assert_array_equal(ms.predict(new), d.argmin(axis=1))
    ref = SkMeanShift(bandwidth=1.5).fit(X)
    np.testing.assert_array_equal(ms.predict(new), ref.predict(new))


def test_set_params_refuses_unknown_names():
    ms = MeanShift()
    assert ms.set_params(bandwidth=2.0, kernel="gaussian") is ms and ms.bandwidth == 2.0
    with pytest.raises(ValueError, match="invalid parameter 'bandwith'.*bandwidth"):
        ms.set_params(bandwith=2.0)


def test_repr_shows_the_changed_parameters():
    assert repr(MeanShift()) == "MeanShift()"
    assert repr(MeanShift(bandwidth=2, kernel="gaussian")) == (
        "MeanShift(bandwidth=2, kernel='gaussian')"
    )


# --------------------------------------------------------------------------- msviz's extras


def test_trace_is_the_recorded_run_and_msviz_keywords_reach_it():
    X = DATA["blobs"]
    ms = MeanShift(bandwidth=1.0, kernel="epanechnikov", tol=1e-4, labels="basin").fit(X)
    trace = msviz.run_mean_shift(X, bandwidth=1.0, kernel="epanechnikov", tol=1e-4,
                                 labels="basin", max_iter=301)
    np.testing.assert_array_equal(ms.trace_.positions, trace.positions)
    np.testing.assert_array_equal(ms.labels_, trace.labels)
    assert ms.trace_.kernel.name == "epanechnikov"
    blurred = MeanShift(bandwidth=1.0, variant="blurring").fit(X)
    assert blurred.trace_.variant == "blurring"


def test_dataframe_names_travel_to_the_trace():
    X = DATA["blobs"]
    df = pd.DataFrame(X, columns=["flipper length", "bill depth"])
    ms = MeanShift(bandwidth=1.0).fit(df)
    assert ms.feature_names_in_.tolist() == ["flipper length", "bill depth"]
    assert ms.feature_names_in_.dtype == object
    assert ms.trace_.feature_names == ("flipper length", "bill depth")
    np.testing.assert_array_equal(ms.labels_, MeanShift(bandwidth=1.0).fit(X).labels_)
    # refitting on a plain array forgets the names
    assert not hasattr(ms.fit(X), "feature_names_in_")
    with pytest.raises(ValueError, match="Feature names must be in the same order"):
        MeanShift(bandwidth=1.0).fit(df).predict(df[["bill depth", "flipper length"]])


def test_float32_data_gives_float32_centres():
    X = DATA["blobs"].astype(np.float32)
    ms = MeanShift(bandwidth=1.0).fit(X)
    assert ms.cluster_centers_.dtype == np.float32


@pytest.mark.parametrize(
    "params,error,match",
    [
        ({"bandwidth": -1.0}, ValueError, "bandwidth must be a positive number or None"),
        ({"bandwidth": True}, ValueError, "bandwidth must be a positive number"),
        ({"max_iter": -1}, ValueError, "max_iter must be an integer >= 0"),
        ({"cluster_all": "False"}, TypeError, "cluster_all must be True or False"),
        ({"bin_seeding": 1}, TypeError, "bin_seeding must be True or False"),
        ({"min_bin_freq": 0}, ValueError, "min_bin_freq must be an integer >= 1"),
        ({"labels": "closest"}, ValueError, "labels must be"),
        ({"seeds": "bin"}, TypeError, "use bin_seeding=True"),
        ({"n_jobs": "2"}, ValueError, "n_jobs must be an integer or None"),
        ({"kernel": "cosine"}, ValueError, "unknown kernel"),
    ],
)
def test_bad_parameters_are_named_at_fit(params, error, match):
    with pytest.raises(error, match=match):
        MeanShift(**params).fit(DATA["blobs"])


# --------------------------------------------------------------------------- accepted as a Trace


def test_views_and_exports_accept_a_fitted_estimator(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from PIL import Image

    df = pd.DataFrame(DATA["blobs"][:120], columns=["length", "width"])
    ms = MeanShift(bandwidth=1.5).fit(df)
    view = msviz.MeanShiftView(ms)
    view.plot()
    assert view.trace is ms.trace_
    assert view.ax.get_xlabel() == "length" and view.ax.get_ylabel() == "width"
    path = msviz.save_gif(ms, tmp_path / "ms.gif", dpi=40)
    with Image.open(path) as im:
        assert im.n_frames == len(ms.trace_)
    with pytest.raises(msviz.NotFittedError, match="needs a fitted MeanShift"):
        msviz.MeanShiftView(MeanShift())
    ex = msviz.explore(ms, backend="image")
    assert ex.trace.kernel.name == "flat" and float(ex.trace.bandwidth) == 1.5
    assert (ex.view.ax.get_xlabel(), ex.view.ax.get_ylabel()) == ("length", "width")
    renamed = msviz.explore(df.to_numpy(), feature_names=["a", "b"], backend="image")
    assert renamed.view.ax.get_xlabel() == "a"
    cmp = msviz.compare(None, [ms, MeanShift(bandwidth=1.0).fit(df)], backend="image")
    assert [v.ax.get_xlabel() for v in cmp.views] == ["length", "length"]
    cmp = msviz.compare(df, [{"kernel": "flat"}], bandwidth=1.5, backend="image")
    assert cmp.views[0].ax.get_ylabel() == "width"
    import matplotlib.pyplot as plt

    plt.close("all")


# --------------------------------------------------------------------------- ported from sklearn
# scikit-learn's sklearn/cluster/tests/test_mean_shift.py, the tests that apply to an
# estimator (its functional mean_shift() has no msviz twin; run_mean_shift is tested
# against it in test_engine.py).

CENTERS = np.array([[1, 1], [-1, -1], [1, -1]]) + 10
X_SK, _ = make_blobs(n_samples=300, n_features=2, centers=CENTERS, cluster_std=0.4,
                     shuffle=True, random_state=11)


def test_ported_convergence_of_1d_constant_data():
    model = MeanShift()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the estimated bandwidth is 0
        n_iter = model.fit(np.ones(10).reshape(-1, 1)).n_iter_
    assert n_iter < model.max_iter


def test_ported_estimate_bandwidth():
    assert 0.9 <= msviz.estimate_bandwidth(X_SK, n_samples=200) <= 1.5
    assert msviz.estimate_bandwidth(X_SK, n_samples=1, quantile=0.3) == pytest.approx(0.0, abs=1e-5)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("bandwidth,cluster_all,expected,first", [(1.2, True, 3, 0),
                                                                 (1.2, False, 4, -1)])
def test_ported_mean_shift(dtype, bandwidth, cluster_all, expected, first):
    ms = MeanShift(bandwidth=bandwidth, cluster_all=cluster_all)
    labels = ms.fit(X_SK.astype(dtype)).labels_
    unique = np.unique(labels)
    assert len(unique) == expected and unique[0] == first
    assert ms.cluster_centers_.dtype == dtype


def test_ported_parallel_is_the_same():
    X, _ = make_blobs(n_samples=50, n_features=2, centers=CENTERS, cluster_std=0.4,
                      shuffle=True, random_state=42)
    ms1, ms2 = MeanShift(n_jobs=2).fit(X), MeanShift().fit(X)
    np.testing.assert_allclose(ms1.cluster_centers_, ms2.cluster_centers_)
    np.testing.assert_array_equal(ms1.labels_, ms2.labels_)


def test_ported_meanshift_predict():
    ms = MeanShift(bandwidth=1.2)
    np.testing.assert_array_equal(ms.fit_predict(X_SK), ms.predict(X_SK))


def test_ported_meanshift_all_orphans():
    ms = MeanShift(bandwidth=0.1, seeds=[[-9, -9], [-10, -10]])
    with pytest.raises(ValueError, match="No point was within bandwidth=0.1"):
        ms.fit(X_SK)


def test_ported_unfitted():
    ms = MeanShift()
    assert not hasattr(ms, "cluster_centers_") and not hasattr(ms, "labels_")


def test_ported_cluster_intensity_tie():
    X = np.array([[1, 1], [2, 1], [1, 0], [4, 7], [3, 5], [3, 6]])
    np.testing.assert_array_equal(MeanShift(bandwidth=2).fit(X).labels_, [1, 1, 1, 0, 0, 0])
    X = np.array([[4, 7], [3, 5], [3, 6], [1, 1], [2, 1], [1, 0]])
    np.testing.assert_array_equal(MeanShift(bandwidth=2).fit(X).labels_, [0, 0, 0, 1, 1, 1])


def test_ported_bin_seeds():
    X = np.array([[1.0, 1.0], [1.4, 1.4], [1.8, 1.2], [2.0, 1.0], [2.1, 1.1], [0.0, 0.0]])
    for size, freq in [(1, 1), (1, 2), (0.01, 1), (0, 1)]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = get_bin_seeds(X, size, freq)
        ours = msviz.bin_seeds(X, size, freq)
        assert {tuple(p) for p in ours} == {tuple(p) for p in np.asarray(ref, float)}
    X, _ = make_blobs(n_samples=100, n_features=2, centers=[[0, 0], [1, 1]],
                      cluster_std=0.1, random_state=0)
    np.testing.assert_array_equal(msviz.bin_seeds(X, 1), [[0, 0], [1, 1]])


@pytest.mark.parametrize("max_iter", [1, 100])
def test_ported_max_iter(max_iter):
    ref = SkMeanShift(max_iter=max_iter).fit(X_SK)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", msviz.ConvergenceWarning)
        ms = MeanShift(max_iter=max_iter).fit(X_SK)
    assert ms.n_iter_ <= ms.max_iter
    np.testing.assert_allclose(ms.cluster_centers_, ref.cluster_centers_)


def test_ported_mean_shift_zero_bandwidth():
    X = np.array([1, 1, 1, 2, 2, 2, 3, 3], dtype=float).reshape(-1, 1)
    assert msviz.estimate_bandwidth(X) == 0 == sk_estimate_bandwidth(X)
    expected = np.array([0, 0, 0, 1, 1, 1, 2, 2])
    with pytest.warns(UserWarning, match="the estimated bandwidth is 0"):
        binned = MeanShift(bin_seeding=True, bandwidth=None).fit(X)
    with pytest.warns(UserWarning, match="every distinct sample is then its own cluster"):
        plain = MeanShift(bin_seeding=False).fit(X)
    assert v_measure_score(binned.labels_, expected) == pytest.approx(1)
    assert v_measure_score(plain.labels_, expected) == pytest.approx(1)
    np.testing.assert_allclose(binned.cluster_centers_, plain.cluster_centers_)
    ref = SkMeanShift().fit(X)
    np.testing.assert_allclose(plain.cluster_centers_, ref.cluster_centers_)
    np.testing.assert_array_equal(plain.labels_, ref.labels_)


def test_fitting_does_not_import_sklearn():
    import subprocess
    import sys

    code = (
        "import sys, msviz; ms = msviz.MeanShift(bandwidth=1.0).fit([[0, 0], [0.5, 0], [3, 3]]); "
        "print(ms.labels_.tolist(), 'sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[0,", "0,", "1]", "False"]


def test_notebook_08_clusters_with_msviz_meanshift():
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).parents[1] / "notebooks" / "08_titanic.ipynb").read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "msviz.MeanShift().fit(" in code
    assert "from sklearn.cluster import MeanShift" not in code
