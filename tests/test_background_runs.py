"""Issue 11: a slow run asked for from the page computes in the background.

The widget keeps answering meanwhile (the step slider, the layers), a newer run makes
the older one stale (it stops and is never shown nor cached), and what the thread hands
back is shown on the main thread. In a kernel the page's messages are handled inside
the kernel's asyncio loop; here an asyncio loop stands in for it (``page_loop`` is
told to answer with it), and the bandwidth is changed through the slider's observer,
as a drag does.
"""

from __future__ import annotations

import asyncio
import threading
import types

import numpy as np
import pytest
from sklearn.datasets import make_blobs

import msviz
from msviz.engine.run import RunStopped, record_mean_shift
from msviz.interact import runs as runs_module


def _explorer(monkeypatch, n=600):
    X, _ = make_blobs(n_samples=n, centers=3, cluster_std=0.8, random_state=0)
    ex = msviz.explore(X, bandwidth=2.0, backend="image")
    ex._run_seconds = 10.0  # the last new run was slow: the next one goes to the background
    monkeypatch.setattr(runs_module, "page_loop", asyncio.get_running_loop)
    monkeypatch.setattr(runs_module, "PROGRESS_EVERY", 0.0)
    return ex


def _gate(monkeypatch):
    """The first run waits for ``release`` before it starts; the bandwidths asked for
    and those of the runs that stopped are recorded."""
    started, release = threading.Event(), threading.Event()
    asked: list[float] = []
    stopped: list[float] = []

    def gated(X, **kw):
        asked.append(kw["bandwidth"])
        if len(asked) == 1:
            started.set()
            assert release.wait(10)
        try:
            return record_mean_shift(X, **kw)
        except RunStopped:
            stopped.append(kw["bandwidth"])
            raise

    monkeypatch.setattr(runs_module, "record_mean_shift", gated)
    return started, release, asked, stopped


async def _until_done(ex, timeout=30.0):
    for _ in range(int(timeout / 0.01)):
        if not ex.computing:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the background run never finished")


def test_record_mean_shift_stops_when_told_and_not_otherwise():
    X, _ = make_blobs(n_samples=200, centers=3, random_state=1)
    asked = []

    def stop():
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(RunStopped, match="stopped after 3 of at most 300 updates"):
        record_mean_shift(X, bandwidth=2.0, stop=stop)
    whole = record_mean_shift(X, bandwidth=2.0, stop=lambda: False)
    np.testing.assert_array_equal(whole.positions, msviz.run_mean_shift(X, bandwidth=2.0)
                                  .positions)


def test_a_newer_run_makes_the_running_one_stale_and_the_widget_answers_meanwhile(
        monkeypatch):
    first_started, release, asked, stopped = _gate(monkeypatch)
    shown: list[tuple[float, int]] = []

    async def scenario():
        ex = _explorer(monkeypatch)
        original = ex._show_progress
        monkeypatch.setattr(ex, "_show_progress", lambda t, p: (
            shown.append((t.bandwidth, len(t))), original(t, p)))
        first = ex.trace
        ex.slider.value = ex.slider.max  # the learner was at the last run's end
        ex.set_bandwidth(2.5)  # returns at once: the run computes in its thread
        assert ex.computing and ex.trace is first
        assert "computing the run with h = 2.5" in ex.step_label.value
        # the picture is the new run's start, and so is the slider: no step beyond it
        assert len(ex.view.trace) == 1 and ex.slider.max == ex.slider.value == 0
        await asyncio.to_thread(first_started.wait, 10)
        ex.slider.value = 0  # the step slider still works on what is shown
        assert ex.view.step == 0 and not ex.errors
        assert "computing the run with h = 2.5" in ex.step_label.value  # and says so
        ex.set_bandwidth(3.0)  # a newer run: the first goes stale
        assert "computing the run with h = 3" in ex.step_label.value
        release.set()
        await _until_done(ex)
        return ex, first

    ex, first = asyncio.run(scenario())
    assert asked == [2.5, 3.0] and stopped == [2.5]  # the stale run stopped at once
    assert ex.trace.bandwidth == 3.0 and ex.view.trace is ex.trace
    assert ex.trace.converged and "computing" not in ex.step_label.value
    np.testing.assert_array_equal(ex.trace.positions,
                                  msviz.run_mean_shift(ex.X, bandwidth=3.0).positions)
    # nothing of the stale run was shown or kept; the newer one showed its steps as they came
    assert shown and {h for h, _ in shown} == {3.0}
    assert ex.cache_info().currsize == 2  # the first run (h = 2) and h = 3, not h = 2.5
    ex.set_bandwidth(2.5)  # from a cell: computed at once
    assert ex.trace.bandwidth == 2.5 and not ex.computing
    assert ex.slider.max == len(ex.trace) - 1
    assert not ex.errors, ex.errors


def test_a_run_failing_in_the_background_is_reported_and_the_last_run_stays(monkeypatch):
    def failing(X, **kw):
        raise ValueError("no memory left for this run")

    monkeypatch.setattr(runs_module, "record_mean_shift", failing)

    async def scenario():
        ex = _explorer(monkeypatch)
        first = ex.trace
        ex.set_bandwidth(2.5)
        assert ex.computing
        await _until_done(ex)
        return ex, first

    ex, first = asyncio.run(scenario())
    assert ex.trace is first and ex.view.trace is first
    text = ex._messages.text
    assert "no memory left for this run" in text and "still shows the last run" in text
    assert "computing" not in ex.step_label.value


def test_a_cell_never_runs_in_the_background():
    """Code expects the run when its call returns (no page message is being handled)."""
    async def scenario():
        return runs_module.page_loop()

    assert asyncio.run(scenario()) is None
    X, _ = make_blobs(n_samples=300, centers=3, random_state=2)
    ex = msviz.explore(X, bandwidth=2.0, backend="image")
    ex._run_seconds = 10.0
    ex.set_bandwidth(1.5)
    assert not ex.computing and ex.trace.bandwidth == 1.5


def test_closing_the_explorer_stops_its_background_run(monkeypatch):
    _, release, _, stopped = _gate(monkeypatch)

    async def scenario():
        ex = _explorer(monkeypatch)
        ex.set_bandwidth(2.5)
        assert ex.computing
        job = ex._worker._job
        ex.close()
        assert not ex.computing
        release.set()
        await asyncio.to_thread(job.thread.join, 10)
        return ex

    ex = asyncio.run(scenario())
    assert stopped == [2.5] and ex.trace.bandwidth == 2.0


def test_the_first_run_is_timed_so_the_first_change_after_a_slow_one_goes_to_the_background(
        monkeypatch):
    X, _ = make_blobs(n_samples=300, centers=3, random_state=3)
    clock = iter(float(t) for t in range(0, 1000, 5))  # every run "takes" 5 s
    monkeypatch.setattr(runs_module, "time", types.SimpleNamespace(
        perf_counter=lambda: next(clock)))
    ex = msviz.explore(X, bandwidth=2.0, backend="image")
    assert ex._run_seconds == 5.0 and runs_module.PREVIEW_AFTER < 5.0
