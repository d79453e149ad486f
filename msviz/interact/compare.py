"""Several runs side by side on one step slider."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike, NDArray

from msviz import datasets as _datasets
from msviz.draw import style as S
from msviz.draw.hill import HillView
from msviz.draw.panels import ConvergenceStrip, comparison_layout, comparison_legend
from msviz.draw.style import run_colour
from msviz.draw.view import MeanShiftView
from msviz.engine import (
    Trace,
)
from msviz.engine.bandwidth import bandwidth_text, default_bandwidth
from msviz.engine.estimator import MeanShift, as_trace
from msviz.engine.kernels import KERNELS, Kernel, get_kernel
from msviz.interact._base import (
    _RUN_KEYS,
    CSS,
    PLAY_INTERVAL,
    _Base,
    _feature_names,
    _given_names,
    _guarded,
    _kernel_label,
    _label_html,
    _load_data,
    _Messages,
    _row,
    _run_traced,
    _transport,
)
from msviz.interact.cache import data_token
from msviz.interact.hill import hill_problem
from msviz.interact.surface import Surface, check_dpi
from msviz.scene import N_WINDOWS
from msviz.scene.inspect import short_status

__all__ = ["Comparison", "compare"]

#: How each run is drawn: the plane with its windows, or the density hill in 3-D.
VIEWS = ("plane", "hill")


# The lesson's from-scratch methods (msviz.course.classic), named in panel titles.
_METHOD_WORDS = {"ring_weighted": "ring-weighted (lesson)", "fixed_radius": "fixed radius (lesson)"}


def _windows_fit(trace: Trace) -> bool:
    """Whether drawing the windows of ``trace`` shows anything about the run.

    Not for the lesson's ring-weighted method (its "window" is the reach of the
    weights, |mean(X)|, set by where the origin is), nor for windows wider than
    the whole data (they would shrink the data to a speck in the panel).
    """
    if getattr(trace, "method", None) == "ring_weighted":
        return False
    X = np.asarray(trace.X, dtype=np.float64)
    diagonal = float(np.sqrt(np.sum(np.ptp(X, axis=0) ** 2))) if X.size else 0.0
    h = float(np.max(np.asarray(trace.bandwidths, dtype=np.float64)))
    return not (diagonal > 0 and h > diagonal)


def _run_title(
    params: Mapping[str, Any], varying: Sequence[str], *, labelled: bool = False
) -> tuple[str, str]:
    """A panel title from the parameters that differ, and a line with the others.

    With ``labelled`` (the caller names the panel) the line holds all of them.
    """

    def word(key: str) -> str:
        value = params[key]
        if key == "bandwidth":
            return bandwidth_text(value)
        if key == "kernel":
            return f"{_kernel_label(value)} kernel"
        if key == "variant":
            if value in _METHOD_WORDS:
                return _METHOD_WORDS[value]
            return "blurring" if value == "blurring" else "standard"
        if key == "seeds":
            return {None: "every sample", "bin": "bin seeding", "grid": "grid seeds"}.get(
                value if isinstance(value, str) or value is None else "array", "given seeds"
            )
        return f"{key} = {value:g}" if isinstance(value, float) else f"{key} = {value}"

    lesson = params.get("variant") in _METHOD_WORDS  # its method implies its kernel
    shown = [k for k in varying if not (lesson and k in ("kernel", "tol", "max_iter"))]
    main = " · ".join(word(k) for k in shown) if shown else "run"
    every = " · ".join(word(k) for k in ("kernel", "bandwidth", "variant")
                       if (labelled or k not in varying) and not (lesson and k == "kernel"))
    return main, every


class Comparison(_Base):
    """Several runs side by side with one slider and one Play (made by :func:`compare`).

    Attributes
    ----------
    widget : ipywidgets.VBox
    play : ipywidgets.Play
    slider : ipywidgets.IntSlider
        Steps 0 to the longest run's last; shorter runs hold their last step.
    step_label : ipywidgets.HTML
    output : ipywidgets.Output
    views : list of MeanShiftView or HillView
        One per run (HillView with ``view="hill"``).
    scenes : list of Scene
        Every run's plane scene (for a hill, the one under it).
    traces : list of Trace
    titles : list of str
    surface : Surface

    """

    def __init__(
        self,
        data: ArrayLike | str | None,
        runs: Sequence[Mapping[str, Any] | Trace],
        *,
        bandwidth: float | str | ArrayLike | None = None,
        kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
        variant: str = "standard",
        seeds: str | ArrayLike | None = None,
        max_iter: int = 300,
        tol: float = 1e-3,
        labels: Sequence[str] | None = None,
        convergence: bool = True,
        step: int = 0,
        n_samples: int | None = None,
        projection: Any = None,
        backend: str = "auto",
        dpi: float | None = None,
        play_interval: int = PLAY_INTERVAL,
        feature_names: Sequence[str] | None = None,
        view: str = "plane",
    ) -> None:
        super().__init__()
        if not isinstance(view, str) or view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(map(repr, VIEWS))}, got {view!r}")
        self.hill = view == "hill"
        if self.hill and projection is not None:
            raise ValueError("view='hill' draws one or two features as they are; "
                             "drop projection= (a projection's height is not what the "
                             "points climb)")
        if isinstance(runs, (Mapping, Trace)) or not isinstance(runs, Sequence) or not runs:
            raise ValueError(
                "runs must be a list of parameter dicts (or Traces), e.g. "
                "[{'kernel': 'flat'}, {'kernel': 'gaussian'}]"
            )
        common = dict(bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
                      max_iter=max_iter, tol=tol)
        name: str | None = None
        X: NDArray[np.float64] | None = None
        if data is not None:
            X, name, given = _load_data(data, n_samples)
            if given is not None:
                raise TypeError("compare takes data (an array or a data-set name), not a Trace; "
                                "put Traces in the runs list")
        suggested = None if name is None else _datasets.info(name).suggested_bandwidth
        self.traces: list[Trace] = []
        all_params: list[dict[str, Any]] = []
        notes: list[str] = []
        default_h: float | None = None
        for j, run in enumerate(runs):
            if isinstance(run, MeanShift):
                run = as_trace(run, f"run {j}")
            if isinstance(run, Trace):
                trace = run
                # A run of the lesson's code (msviz.course.classic) is named by its method.
                variant = getattr(run, "method", None) or run.variant
                p = dict(bandwidth=run.bandwidth, kernel=run.kernel, variant=variant,
                         seeds=None if run.seeds == "samples" else run.seeds,
                         max_iter=run.max_iter, tol=run.tol)
            elif isinstance(run, Mapping):
                bad = set(run) - set(_RUN_KEYS)
                if bad:
                    raise ValueError(f"run {j} has unknown keywords {sorted(bad)}; use "
                                     f"{', '.join(_RUN_KEYS)}")
                if X is None:
                    raise ValueError("pass data to compare runs given as parameter dicts")
                p = {**common, **run}
                if p.get("bandwidth") is None:
                    if default_h is None:
                        default_h = default_bandwidth(X, suggested)
                    p["bandwidth"] = default_h
                trace, run_notes = _run_traced(X, p, self.runner)
                notes += [f"Run {j + 1}: {n}" for n in run_notes]
            else:
                raise TypeError(f"run {j} must be a dict of parameters, a Trace or a fitted "
                                f"MeanShift, got {type(run).__name__}")
            self.traces.append(trace)
            all_params.append(p)
        varying = [k for k in ("kernel", "variant", "bandwidth", "seeds", "max_iter", "tol")
                   if len({_param_key(k, p[k]) for p in all_params}) > 1]
        titles = [_run_title(p, varying, labelled=labels is not None) for p in all_params]
        if labels is not None:
            if len(labels) != len(self.traces):
                raise ValueError(f"labels has {len(labels)} entries for {len(self.traces)} runs")
            titles = [(str(lab), sub) for lab, (_, sub) in zip(labels, titles, strict=True)]
        self.titles = [t for t, _ in titles]

        # -- figure
        figsize, rects, strip_rect, legend_y = comparison_layout(len(self.traces),
                                                                 strip=convergence)
        self._dpi = check_dpi(dpi)
        self.surface = Surface(figsize, self._dpi, backend, CSS["canvas"])
        self.fig = self.surface.fig
        self.views: list[Any] = []
        self._status: list[Any] = []
        d = self.traces[0].X.shape[1]
        names = _given_names(data, feature_names, d) or next(
            (t.feature_names for t in self.traces if t.feature_names is not None),
            _feature_names(name, d),
        )
        for j, (trace, rect) in enumerate(zip(self.traces, rects, strict=True)):
            run_names = names if len(names or ()) == trace.X.shape[1] else None
            panel: MeanShiftView | HillView
            if self.hill:
                ax, panel = _hill_panel(self.fig, rect, trace, j, run_names)
            else:
                ax = self.fig.add_axes(rect)
                panel = MeanShiftView(trace, ax=ax, title=False, legend=False,
                                      projection=projection,
                                      n_windows=N_WINDOWS if _windows_fit(trace) else 0,
                                      feature_names=run_names)
                if "label" in panel.available_layers:
                    panel.set_layer_visible("label", False)
                panel.plot(0)
            main, sub = titles[j]
            ax.set_title(main, loc="left", fontsize=S.TITLE_SIZE - 1, color=run_colour(j),
                         fontweight="bold", pad=19, y=S.TITLE_Y)
            ax.annotate(sub, xy=(0.0, 1.0), xycoords="axes fraction", xytext=(0, 4),
                        textcoords="offset points", ha="left", va="bottom",
                        fontsize=S.TICK_SIZE, color="#4D4D4D")
            text = ax.text2D if hasattr(ax, "text2D") else ax.text
            self._status.append(text(
                0.02, 0.98, "", transform=ax.transAxes, ha="left", va="top",
                fontsize=S.TICK_SIZE, color=S.TEXT, zorder=6,
                bbox=dict(boxstyle="round,pad=0.3", facecolor=S.WHITE, edgecolor="#BDBDBD",
                          linewidth=0.8),
            ))
            self.views.append(panel)
        if self.hill:
            _share_height(self.views)
            self._camera_cid = self.fig.canvas.mpl_connect(
                "motion_notify_event", self._turn_together)
        comparison_legend(self.fig, legend_y, hill=self.hill)
        #: Every run's plane scene (for a hill, the one under it).
        self.scenes = [_plane_scene(v) for v in self.views]
        self.strip: ConvergenceStrip | None = None
        if strip_rect is not None:
            self.strip = ConvergenceStrip(self.fig.add_axes(strip_rect))
            self.strip.plot(self.scenes, self.titles)
        self.last = max(sc.last for sc in self.scenes)

        # -- widgets
        start = min(max(int(step), 0), self.last)
        self.play, self.slider, self.step_label, self.link = _transport(
            self.last, start, play_interval
        )
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.output.add_class(CSS["messages"])
        self._messages = _Messages(self.output)
        self.slider.observe(self._on_step, names="value")
        self.widget = widgets.VBox(
            [_row([self.play, self.slider, self.step_label], wrap=False), self.output,
             self.canvas],
            layout=widgets.Layout(width="100%", grid_gap="6px"),
        )
        self.widget.add_class(CSS["comparison"])
        self._set_artists(start)
        dynamic: list[Any] = list(self._status)
        for panel in self.views:
            dynamic += panel.show_step(panel.step)
        if self.strip is not None:
            dynamic += self.strip.dynamic
        self.surface.set_dynamic(dynamic)
        if notes:
            self._messages.set([("note", n) for n in notes])
        self.surface.show_first()

    def _set_artists(self, k: int) -> None:
        finished = 0
        for view, scene, status in zip(self.views, self.scenes, self._status, strict=True):
            j = min(k, scene.last)
            finished += k >= scene.last
            view.show_step(j)
            status.set_text(short_status(scene, j, k))
        if self.strip is not None:
            self.strip.set_step(k)
        runs = len(self.views)
        self.step_label.value = _label_html(
            f"step {k} / {self.last} · {finished} of {runs} runs finished"
        )

    @_guarded("show that step")
    def _on_step(self, change: dict[str, Any]) -> None:
        self.show_step(int(change["new"]))

    def show_step(self, step: int) -> None:
        """Show ``step`` in every panel (a shorter run holds its last step)."""
        k = min(max(int(step), 0), self.last)
        self._set_artists(k)
        if self.hill:
            self.surface.redraw()  # mplot3d projects in a full draw only
        else:
            self.surface.update()
        if self.slider.value != k:
            with self._quiet():
                self.slider.value = k

    def _turn_together(self, event: Any) -> None:
        """A drag turns one hill (its own handler ran first): turn the others with it."""
        dragged = next((v for v in self.views if getattr(v, "_drag", None) is not None), None)
        if dragged is None or dragged.flat is not None:
            return
        elev, azim = dragged.camera
        for view in self.views:
            if view is not dragged and view.flat is None:
                view.set_camera(elev=elev, azim=azim)

    def __repr__(self) -> str:
        return f"Comparison({len(self.views)} runs, titles={self.titles!r})"


def _hill_panel(fig: Any, rect: tuple[float, float, float, float], trace: Trace, j: int,
                names: Sequence[str] | None) -> tuple[Any, HillView]:
    """Run ``j`` as a density hill in ``rect``: a 3-D axes for two features, a curve for one."""
    problem = hill_problem(trace) if trace.X.shape[1] == 2 else None
    if trace.X.shape[1] > 2:
        problem = (f"the density hill needs one or two features (this data has "
                   f"{trace.X.shape[1]}); use view='plane'")
    if problem is not None:
        raise ValueError(f"run {j + 1}: {problem}")
    if trace.X.shape[1] == 2:
        x, y, w, h = rect  # room on the right for the density axis's ticks
        ax = fig.add_axes((x, y, w * 0.9, h), projection="3d", computed_zorder=False)
    else:
        ax = fig.add_axes(rect)
    view = HillView(trace, ax=ax, legend=False, title=False, feature_names=names)
    view.plot(0)
    if view.flat is None:
        view.label.set_visible(False)  # the panel's status box says the step
        # the shared legend says "density (height)": a z label would sit beside the
        # next panel and be read as its own
        view.ax.set_zlabel("")  # type: ignore[attr-defined]
    elif "label" in view.flat.available_layers:
        view.flat.set_layer_visible("label", False)
    return ax, view


def _share_height(views: Sequence[HillView]) -> None:
    """One density axis for every hill: the tallest peak sets it, so heights compare."""
    hills = [v for v in views if v.flat is None]
    if len(hills) < 2:
        return
    top = max(float(v.scene.zlim[1]) for v in hills if v.scene is not None)
    for view in hills:
        view.ax.set_zlim(0.0, top)  # type: ignore[attr-defined]
        view.surface.norm.vmax = top


def _plane_scene(view: Any) -> Any:
    """The plane scene of a view: its own, or the one under a hill."""
    if isinstance(view, HillView):
        if view.flat is not None:
            return view.flat.scene
        assert view.scene is not None
        return view.scene.plane
    return view.scene


def _param_key(key: str, value: Any) -> Any:
    if key == "bandwidth":
        return "array" if np.ndim(value) else float(f"{float(value):.12g}")
    if key == "kernel":
        k = get_kernel(value)
        return k.name if k.name in KERNELS and KERNELS[k.name] is k else id(k)
    if key == "seeds" and value is not None and not isinstance(value, str):
        return data_token(np.asarray(value, dtype=np.float64))
    return value


def compare(
    data: ArrayLike | str | None,
    runs: Sequence[Mapping[str, Any] | Trace],
    *,
    bandwidth: float | str | ArrayLike | None = None,
    kernel: str | Kernel | Callable[..., ArrayLike] = "flat",
    variant: str = "standard",
    seeds: str | ArrayLike | None = None,
    max_iter: int = 300,
    tol: float = 1e-3,
    labels: Sequence[str] | None = None,
    convergence: bool = True,
    step: int = 0,
    n_samples: int | None = None,
    projection: Any = None,
    backend: str = "auto",
    dpi: float | None = None,
    play_interval: int = PLAY_INTERVAL,
    feature_names: Sequence[str] | None = None,
    view: str = "plane",
) -> Comparison:
    """Show several runs side by side, stepped by one slider and one Play button.

    Parameters
    ----------
    data : array-like of shape (n_samples, n_features), str or None
        The data (a DataFrame's column names label the axes) or a data-set name
        (None if every run is a Trace or a fitted MeanShift).
    runs : list of dict, Trace or MeanShift
        Each dict holds keywords of :func:`msviz.run_mean_shift` (bandwidth,
        kernel, variant, seeds, max_iter, tol) that override the common ones;
        a Trace or a fitted :class:`msviz.MeanShift` is shown as it is.
    bandwidth : float, {"scott", "silverman"}, ndarray of shape (n_samples,) or None
        The common bandwidth; None: the data set's suggested value, else
        :func:`msviz.estimate_bandwidth`.
    kernel : str, Kernel or callable, default="flat"
        The common kernel: a name from :data:`msviz.KERNELS`, a Kernel or a
        function ``g(u)``.
    variant : {"standard", "blurring"}, default="standard"
    seeds : {None, "bin", "grid"} or array-like of shape (n_seeds, n_features)
    max_iter : int, default=300
    tol : float, default=1e-3
        The other common run keywords, as for :func:`msviz.run_mean_shift`.
    labels : sequence of str or None
        Panel titles; default: the parameters that differ.
    convergence : bool, default=True
        Draw the largest shift of every run on one axis below the panels.
    step : int, default=0
        The step shown first.
    n_samples : int or None
        How many points a named synthetic data set has.
    projection : None, "pca" or (int, int)
        How more than two features are drawn.
    backend : {"auto", "ipympl", "image"}, default="auto"
    dpi : float or None
    play_interval : int, default=400
        As for :func:`explore`.
    feature_names : sequence of str, optional
        Names for the axes (default: the DataFrame's or the runs' column names).
    view : {"plane", "hill"}, default="plane"
        "plane": the points and their windows on the data's plane. "hill": each
        run as its density hill in 3-D (:class:`msviz.HillView`; one or two
        features), every hill on one density axis so their heights compare; with
        ``%matplotlib widget`` a drag turns every hill together.

    Returns
    -------
    Comparison
        Displays itself. The slider runs to the longest run's last step;
        shorter runs hold their last step.

    Raises
    ------
    ValueError
        For bad runs (a run's unknown keyword, no data for parameter dicts).
    TypeError
        For a keyword ``compare`` does not know.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> cmp = compare("blobs", [{"kernel": "flat"}, {"kernel": "gaussian"}], bandwidth=2.0)
    >>> cmp.titles
    ['flat kernel', 'Gaussian kernel']
    >>> cmp.slider.value = cmp.slider.max
    >>> [v.step for v in cmp.views] == [len(t) - 1 for t in cmp.traces]
    True

    """
    return Comparison(
        data, runs, bandwidth=bandwidth, kernel=kernel, variant=variant, seeds=seeds,
        max_iter=max_iter, tol=tol, labels=labels, convergence=convergence, step=step,
        n_samples=n_samples, projection=projection, backend=backend, dpi=dpi,
        play_interval=play_interval, feature_names=feature_names, view=view,
    )
