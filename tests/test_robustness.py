"""Safe with any input: each finding of the outside review, and random malformed arguments.

Every bad argument gets a ValueError or TypeError that names it and says what to do;
never another exception, a NaN, a hang or a huge allocation.
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest
import scipy.sparse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.cluster import estimate_bandwidth as sk_estimate_bandwidth

import msviz
from msviz import MeanShift, bin_seeds, estimate_bandwidth, grid_seeds, run_mean_shift

RNG = np.random.default_rng(0)
X2 = RNG.normal(size=(60, 2))


# --------------------------------------------------------------------------- the review's list


def test_grid_seeds_in_many_dimensions_are_refused_at_once():
    X = RNG.normal(size=(50, 30))
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"seeds='grid' needs .* 2\*\*30 = 1,073,741,824 seeds"):
        run_mean_shift(X, bandwidth=1.0, seeds="grid")
    assert time.perf_counter() - start < 5  # refused before any allocation
    seeds, shape = grid_seeds(RNG.normal(size=(50, 3)))
    assert seeds.shape == (int(np.prod(shape)), 3)


@pytest.mark.parametrize("offset", [0.0, 1e7, 1e8])
def test_estimate_bandwidth_keeps_its_digits_far_from_the_origin(offset):
    X = RNG.normal(size=(300, 2)) + offset
    np.testing.assert_allclose(estimate_bandwidth(X), sk_estimate_bandwidth(X), rtol=1e-9)


@pytest.mark.parametrize("X", [[[1.0, 2.0]], [[1.0, 2.0], [3.5, -1.0]]])
def test_one_or_two_samples_estimate_exactly_zero_and_say_why(X):
    assert estimate_bandwidth(X) == 0.0
    with pytest.raises(ValueError, match="the estimated bandwidth is 0: with [12] samples? the "
                                         "quantile rule"):
        run_mean_shift(X)


def test_zero_bandwidth_message_for_duplicates_says_duplicates():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]], 10, axis=0)
    with pytest.raises(ValueError, match=r"are exact copies of it \(X has 3 distinct rows\)"):
        run_mean_shift(X)


def test_bin_seeds_of_size_zero_are_the_data_and_bad_sizes_are_refused():
    np.testing.assert_array_equal(bin_seeds(X2, 0), X2)
    for bad, error in [(-1.0, ValueError), (float("nan"), ValueError), ("1", TypeError)]:
        with pytest.raises(error, match="bin_size"):
            bin_seeds(X2, bad)


@pytest.mark.parametrize(
    "X,bandwidth,match",
    [
        (X2 * 1e300, 1.0, "too large for squared distances"),
        (X2 * 1e300, None, "too large for squared distances"),
        (X2 * 1e300, "scott", "too large for squared distances"),
        (X2, 1e300, "bandwidth 1e\\+300 is too large to square"),
        (X2 * 1e-300, 1e-300, "too small for squared distances"),
        (X2, 1e-200, "bandwidth 1e-200 is too small to square"),
    ],
)
def test_overflow_and_underflow_say_rescale(X, bandwidth, match):
    with pytest.raises(ValueError, match=match) as info:
        run_mean_shift(X, bandwidth=bandwidth, kernel="gaussian")
    assert "rescale" in str(info.value)


def test_estimate_bandwidth_never_returns_nan():
    with pytest.raises(ValueError, match="too large"):
        estimate_bandwidth(X2 * 1e300)


def test_sparse_input_is_named_as_sparse():
    sparse = scipy.sparse.csr_matrix(X2)
    for fn in (lambda: run_mean_shift(sparse, bandwidth=1.0),
               lambda: MeanShift().fit(sparse), lambda: estimate_bandwidth(sparse)):
        with pytest.raises(TypeError, match=r"scipy sparse matrix.*toarray\(\)"):
            fn()


def test_a_generator_is_refused_with_what_to_do():
    with pytest.raises(TypeError, match=r"got a generator; pass a list of rows"):
        run_mean_shift((row for row in X2), bandwidth=1.0)


@pytest.mark.parametrize(
    "kwargs,error,match",
    [
        ({"cluster_all": "False"}, TypeError, "cluster_all must be True or False, got 'False'"),
        ({"bandwidth": True}, TypeError, "bandwidth must be a positive number, got True"),
        ({"tol": "small"}, TypeError, "tol must be a number"),
        ({"kernel": lambda u: np.exp(-u) + 0j}, ValueError, "returned complex128 values"),
    ],
)
def test_flags_and_numbers_given_wrongly(kwargs, error, match):
    with pytest.raises(error, match=match):
        run_mean_shift(X2, **{"bandwidth": 1.0, **kwargs})


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: estimate_bandwidth(X2, quantile="0.3"), "quantile must be a number"),
        (lambda: estimate_bandwidth(X2, n_samples=10, rng="seed"), "rng must be None, an int"),
        (lambda: msviz.knn_bandwidths(X2, scale="2"), "scale must be a number"),
    ],
)
def test_non_numeric_options_get_named(call, match):
    with pytest.raises(TypeError, match=match):
        call()


def test_too_few_samples_for_k_says_how_many_x_has():
    with pytest.raises(ValueError, match=r"k must be .* \(X has 3 samples\), got 5"):
        msviz.knn_bandwidths(X2[:3], k=5)


def test_cli_zero_bandwidth_advice_is_for_the_command_line(tmp_path):
    data = tmp_path / "two.csv"
    data.write_text("x,y\n0,0\n1,1\n")
    out = subprocess.run(
        [sys.executable, "-m", "msviz", "gif", "--data", str(data), "-o", str(tmp_path / "a.gif")],
        capture_output=True, text=True,
    )
    assert out.returncode != 0
    assert "the estimated bandwidth is 0: with 2 samples" in out.stderr
    assert "--bandwidth" in out.stderr and "msviz.estimate_bandwidth" not in out.stderr
    assert not (tmp_path / "a.gif").exists()


# --------------------------------------------------------------------------- random malformed input

BAD_VALUES = st.one_of(
    st.text(max_size=6),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**6, max_value=10**6),
    st.complex_numbers(max_magnitude=10),
    st.lists(st.text(max_size=3), max_size=4),
    st.lists(st.lists(st.floats(), max_size=3), max_size=4),  # ragged, NaN, empty rows
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.sampled_from([
        None, (), [], [[]], np.empty((0, 2)), np.zeros((3, 2, 2)), np.ones(5),
        np.array([["a", "b"]]), np.array([[1 + 2j, 0]]), object(), sum, range(3),
        np.full((4, 2), np.nan), np.array([[1e308, -1e308]]), scipy.sparse.eye(3),
    ]),
)

VALID = {
    "run_mean_shift": dict(X=X2, bandwidth=1.0, kernel="flat", variant="standard", seeds=None,
                           max_iter=50, tol=1e-3, cluster_all=True, labels="basin"),
    "MeanShift": dict(X=X2, bandwidth=1.0, seeds=None, bin_seeding=False, min_bin_freq=1,
                      cluster_all=True, n_jobs=None, max_iter=50, kernel="flat",
                      variant="standard", tol=1e-3, labels="nearest"),
    "estimate_bandwidth": dict(X=X2, quantile=0.3, n_samples=None, rng=None),
    "knn_bandwidths": dict(X=X2, k=5, scale=1.0),
    "bin_seeds": dict(X=X2, bin_size=1.0, min_bin_freq=1),
    "grid_seeds": dict(X=X2, n=100),
}


def _call(entry, kwargs):
    kw = dict(kwargs)
    X = kw.pop("X")
    if entry == "run_mean_shift":
        return run_mean_shift(X, **kw)
    if entry == "MeanShift":
        return MeanShift(**kw).fit(X)
    if entry in ("bin_seeds", "grid_seeds"):
        return getattr(msviz, entry)(X, *kw.values())
    return getattr(msviz, entry)(X, **kw)


CASES = [(entry, arg) for entry, valid in VALID.items() for arg in valid]


@pytest.mark.parametrize("entry,arg", CASES, ids=[f"{e}-{a}" for e, a in CASES])
@pytest.mark.timeout(300)  # a hang fails (deadline=None: a loaded machine is no failure)
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(bad=BAD_VALUES)
def test_malformed_arguments_get_a_named_error(entry, arg, bad):
    kwargs = {**VALID[entry], arg: bad}
    try:
        with np.errstate(over="raise", invalid="raise"), _quiet():
            _call(entry, kwargs)
    except (ValueError, TypeError) as exc:
        text = str(exc)
        assert arg in text or (arg == "X" and "seeds" in text and entry == "run_mean_shift"), (
            f"{entry}({arg}={bad!r}) raised {type(exc).__name__} without naming {arg!r}: {text}"
        )
    except FloatingPointError as exc:  # an unchecked NaN or overflow inside
        raise AssertionError(f"{entry}({arg}={bad!r}) computed garbage: {exc}") from exc


class _quiet:
    """Ignore warnings (ConvergenceWarning and the like) while a case runs."""

    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def test_a_gif_write_killed_with_sigkill_leaves_nothing_behind_for_long(tmp_path):
    import os
    import signal

    target = tmp_path / "run.gif"
    code = (
        "import matplotlib; matplotlib.use('Agg'); import msviz, os, sys\n"
        "from msviz.export import _files\n"
        "real = _files.os.replace\n"
        "def hang(*a):\n"
        "    print('writing', flush=True); import time; time.sleep(60)\n"
        "_files.os.replace = hang\n"
        "t = msviz.run_mean_shift(msviz.datasets.load('blobs'), bandwidth=2.5)\n"
        f"msviz.save_gif(t, {str(target)!r}, dpi=20)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    leftovers = list(tmp_path.glob(".run.gif.*.part"))
    assert len(leftovers) == 1 and not target.exists()
    # the next write of the same file removes the dead writer's leftover
    import matplotlib

    matplotlib.use("Agg")
    trace = run_mean_shift(msviz.datasets.load("blobs"), bandwidth=2.5)
    msviz.save_gif(trace, target, dpi=20)
    assert target.exists() and list(tmp_path.glob(".*.part")) == []


# --------------------------------------------------------------------------- pictures and widgets

_TRACE = run_mean_shift(X2[:30], bandwidth=1.0)

PICTURE_VALID = {
    "MeanShiftView": dict(trace=_TRACE, layers=None, projection=None, feature_names=None,
                          n_windows=3, highlight=None, density_resolution=40),
    "save_gif": dict(trace=_TRACE, path="out.gif", fps=5, dpi=20, layers=None, pause=0.5,
                     steps=None, tolerance=40),
    "explore": dict(data=X2[:30], bandwidth=1.0, kernel="flat", variant="standard",
                    seeds=None, max_iter=50, tol=1e-3, step=0, layers=None, n_samples=None,
                    projection=None, dpi=30, cache_size=4, feature_names=None),
}


def _picture(entry, kwargs, tmp):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kw = dict(kwargs)
    try:
        if entry == "MeanShiftView":
            msviz.MeanShiftView(kw.pop("trace"), **kw).plot()
        elif entry == "save_gif":
            path = kw.pop("path")
            path = tmp / path if isinstance(path, str) and path == "out.gif" else path
            msviz.save_gif(kw.pop("trace"), path, **kw)
        else:
            msviz.explore(kw.pop("data"), backend="image", **kw)
    finally:
        plt.close("all")


PICTURE_CASES = [(e, a) for e, valid in PICTURE_VALID.items() for a in valid]


@pytest.mark.parametrize("entry,arg", PICTURE_CASES, ids=[f"{e}-{a}" for e, a in PICTURE_CASES])
@pytest.mark.timeout(300)
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(bad=BAD_VALUES)
def test_malformed_picture_arguments_get_a_named_error(entry, arg, bad, tmp_path):
    kwargs = {**PICTURE_VALID[entry], arg: bad}
    try:
        with np.errstate(over="raise", invalid="raise"), _quiet():
            _picture(entry, kwargs, tmp_path)
    except (ValueError, TypeError) as exc:
        text = str(exc)
        named = arg in text or (arg == "data" and "X" in text)
        assert named, (
            f"{entry}({arg}={bad!r}) raised {type(exc).__name__} without naming {arg!r}: {text}"
        )
    except OSError as exc:  # a bad path: a clear file error is right
        assert arg == "path", f"{entry}({arg}={bad!r}) raised {exc!r}"
