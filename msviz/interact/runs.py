"""How the explorer gets a run: from its cache, computed at once, or in the background.

A slow run asked for from the page (a widget message, never a cell running) computes
in a thread of its own while the kernel's event loop, running on the main thread,
keeps answering the page: the step slider, the layers. What the thread hands back
(frames of the run so far, the finished run, an error) is delivered on the main
thread through that loop, so widgets and figures are only touched from there. A
newer run makes the older one stale: it stops at its next update and nothing it
computed is shown. A run asked for from a cell computes at once, as before: code
expects its result when the call returns.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import NDArray

from msviz.draw.view import MeanShiftView
from msviz.engine import Trace
from msviz.engine.bandwidth import bandwidth_text
from msviz.engine.run import RunStopped, record_mean_shift, run_mean_shift, start_trace
from msviz.interact._base import (
    _Base,
    _busy_html,
    _kernel_label,
    _label_html,
    _run_traced,
    _set_range,
)
from msviz.interact.cache import TraceCache, run_key

__all__ = ["Job", "Worker", "page_loop"]

#: After a run slower than this (seconds), a new run shows its step 0 before it computes
#: (and, asked for from the page, computes in the background).
PREVIEW_AFTER = 0.5
#: Seconds between two pictures of a slow run's steps so far (each costs a full draw).
PROGRESS_EVERY = 1.0


def page_loop() -> asyncio.AbstractEventLoop | None:
    """The kernel's running event loop while a widget message from the page is handled.

    None in a cell (code expects its result when the call returns), outside a
    kernel, and off the main thread.

    Examples
    --------
    >>> page_loop() is None  # no kernel here
    True
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipywidgets needs IPython
        return None
    kernel = getattr(get_ipython(), "kernel", None)
    get_parent = getattr(kernel, "get_parent", None)
    if get_parent is None:
        return None
    parent = get_parent()
    header = parent.get("header", {}) if isinstance(parent, dict) else {}
    return loop if header.get("msg_type") == "comm_msg" else None


class Job:
    """One run computing in its thread. ``stopped`` is set once it is stale."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None
        self._frame: Any = None  # the newest frame not delivered yet
        self._lock = threading.Lock()

    def should_stop(self) -> bool:
        """The run is stale (what it computes will never be shown)."""
        return self.stopped.is_set()


class Worker:
    """At most one current run off the main thread; starting one makes the last stale.

    ``compute(job, frame)`` runs in the thread: it calls ``frame(x)`` to show a
    picture of the run so far and ``job.should_stop()`` to learn it is stale
    (raising :class:`~msviz.engine.run.RunStopped` ends it quietly). On the main
    thread, through ``loop``: ``on_frame(x)`` for the newest frame (older ones not
    yet shown are skipped), then ``on_done(result)`` or ``on_error(exc)``; nothing
    of a stale run. ``report(exc)`` gets what those callbacks raise.
    """

    def __init__(self, report: Callable[[BaseException], None]) -> None:
        self._job: Job | None = None
        self._report = report

    @property
    def running(self) -> bool:
        """A run is computing (and will be shown)."""
        return self._job is not None

    def stop(self) -> None:
        """Make the current run stale: it stops soon and is never shown."""
        if self._job is not None:
            self._job.stopped.set()
            self._job = None

    def start(
        self,
        loop: asyncio.AbstractEventLoop,
        compute: Callable[[Job, Callable[[Any], None]], Any],
        on_frame: Callable[[Any], None],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> Job:
        """Start ``compute`` in a thread (the current run, if any, goes stale)."""
        self.stop()
        job = Job()
        self._job = job

        def deliver(fn: Callable[[Any], None], value: Any, last: bool) -> None:
            if self._job is not job:  # stale: a newer run or a stop came first
                return
            if last:
                self._job = None
            try:
                fn(value)
            except Exception as exc:  # noqa: BLE001 - shown by the widget
                self._report(exc)

        def frame(value: Any) -> None:  # in the thread
            with job._lock:
                fresh, job._frame = job._frame is None, value
            if fresh:
                loop.call_soon_threadsafe(show_frame)

        def show_frame() -> None:
            with job._lock:
                value, job._frame = job._frame, None
            deliver(on_frame, value, last=False)

        def work() -> None:
            try:
                result = compute(job, frame)
            except RunStopped:
                return
            except BaseException as exc:  # noqa: BLE001 - handed to on_error
                loop.call_soon_threadsafe(deliver, on_error, exc, True)
                return
            loop.call_soon_threadsafe(deliver, on_done, result, True)

        job.thread = threading.Thread(target=work, name="msviz run", daemon=True)
        job.thread.start()
        return job


class _Runs(_Base):
    """The explorer's runs (see the module's text); the explorer provides the rest."""

    view: MeanShiftView
    step_label: widgets.HTML
    play: widgets.Play
    slider: widgets.IntSlider
    _X: NDArray[np.float64]
    _token: str
    _trace: Trace
    _cache: TraceCache
    _worker: Worker
    _run_seconds: float
    #: The last step of the run so far that a progress frame showed (None: none yet).
    _progress_last: int | None = None
    _busy_label: str = ""

    def _params(self) -> dict[str, Any]:
        raise NotImplementedError

    def _apply_layers(self, draw: bool = False) -> None:
        raise NotImplementedError

    def _show_trace(self, trace: Trace, notes: Any, rebuild: bool = False) -> None:
        raise NotImplementedError

    def _describe(self, params: Mapping[str, Any]) -> str:
        h, kernel = bandwidth_text(params["bandwidth"]), _kernel_label(params["kernel"])
        return f"{h}, {kernel} kernel, {params['variant']} variant"

    def _recompute(self, *, rebuild: bool = False) -> bool:
        """Show the run the controls ask for: cached, computed, or computing in the background."""
        self._worker.stop()  # a run still computing is stale now
        params = self._params()
        key = run_key(self._token, params)
        if key not in self._cache:  # a new run: say so (and show its start) while it computes
            self._preview(params)
            loop = page_loop() if self._slow() and self.runner is run_mean_shift else None
            if loop is not None:
                self._worker.start(
                    loop, lambda job, frame: self._timed_run(params, job.should_stop, frame),
                    on_frame=lambda t: self._show_progress(t, params),
                    on_done=lambda out: self._finish(key, out, rebuild),
                    on_error=lambda exc: self._run_failed(params, exc))
                return True
        try:
            trace, notes = self._cache.get(key, lambda: self._timed_run(params))
        except Exception as exc:  # noqa: BLE001 - shown to the learner
            self._run_failed(params, exc)
            return False
        self._show_trace(trace, notes, rebuild)
        return True

    def _finish(self, key: Any, out: tuple[Trace, tuple[str, ...]], rebuild: bool) -> None:
        """A run computed in the background: into the cache, and shown."""
        trace, notes = self._cache.get(key, lambda: out)
        self._show_trace(trace, notes, rebuild)

    def _run_failed(self, params: Mapping[str, Any], exc: BaseException) -> None:
        if self.view.trace is not self._trace:  # the preview goes: the last run again
            self._show_trace(self._trace, ())
        self.step_label.value = self._step_html(self.view.step)
        self._report(
            f"run mean shift with {self._describe(params)}", exc,
            extra=f"The picture still shows the last run ({self._describe_trace()}).",
        )

    @property
    def computing(self) -> bool:
        """A run asked for from the page is computing in the background."""
        return self._worker.running

    def close(self) -> None:
        """Close every widget; a run computing in the background stops."""
        self._worker.stop()
        super().close()

    def _step_html(self, step: int) -> str:
        """The step label: what is computing, while a run is, else the step's own text."""
        if self.computing:
            return self._busy_label
        return _label_html(self.view.scene.step_label(step))

    def _slow(self) -> bool:
        return self._run_seconds > PREVIEW_AFTER

    def _preview(self, params: Mapping[str, Any]) -> None:
        """Before a run expected to be slow, show its step 0 (new windows and hill) at once."""
        self._progress_last = None  # the new run's first frame follows it to its last step
        if self._slow():
            with self._quiet():
                self.view.set_trace(start_trace(self._X, **params), step=0)
                self._apply_layers()
                # the slider as the picture: the new run's step 0 (the last run's steps
                # are not on screen, and a step beyond 0 of this one does not exist yet)
                _set_range(self.play, self.slider, 0, 0)
            self.surface.push()
        self._busy_label = _busy_html(self._describe(params), 0 if self._slow() else None)
        self.step_label.value = self._busy_label

    def _timed_run(
        self, params: Mapping[str, Any], stop: Callable[[], bool] | None = None,
        frame: Callable[[Trace], None] | None = None,
    ) -> tuple[Trace, tuple[str, ...]]:
        """The run (a slow one shows its steps as they come, the slider following them)."""
        runner = self.runner
        if self._slow() and runner is run_mean_shift:
            show = frame or (lambda t: self._show_progress(t, params))
            runner = functools.partial(record_mean_shift, every=PROGRESS_EVERY, progress=show,
                                       stop=stop)
        start, out = time.perf_counter(), _run_traced(self._X, params, runner)
        self._run_seconds = time.perf_counter() - start
        return out

    def _show_progress(self, trace: Trace, params: Mapping[str, Any]) -> None:
        """The steps of a slow run so far, the slider reaching the last one.

        The first frame, and a slider left at the last step shown, follow the run to its
        newest step; a learner who has moved the slider back to look at a step keeps it.
        """
        last = len(trace) - 1
        before = self._progress_last
        follow = before is None or self.slider.value >= before
        step = last if follow else min(int(self.slider.value), last)
        try:
            with self._quiet():
                self.view.set_trace(trace, step=step)
                self._apply_layers()
                _set_range(self.play, self.slider, last, step)
            self._progress_last = last
            self._busy_label = _busy_html(self._describe(params), last + 1)
            self.step_label.value = self._busy_label
            self.surface.push()
        except Exception as exc:  # noqa: BLE001 - a picture of the run so far never stops it
            self.errors.append(exc)

    def _describe_trace(self) -> str:
        t = self._trace
        return self._describe({"bandwidth": t.bandwidth, "kernel": t.kernel, "variant": t.variant})
