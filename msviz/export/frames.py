"""Animations and exports of a mean shift run: ``FuncAnimation``, HTML, PNG frames.

Every export draws its frames with :class:`~msviz.draw.view.MeanShiftView`, so an exported
frame is exactly what the slider shows at that step.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import NDArray

from msviz.draw import style as S
from msviz.draw.hill import HillView
from msviz.draw.view import MeanShiftView
from msviz.engine import Trace
from msviz.engine._checks import check_step
from msviz.engine.estimator import as_trace
from msviz.export._files import _atomic_write, _check_folder, _check_path, _png_writer
from msviz.export.player import Animation

__all__ = ["animate", "iter_frames", "save_frames", "save_html"]


Progress = Callable[[int, int], None]

#: What an export draws with: the plane view, or the density hill in 3-D.
ExportView = MeanShiftView | HillView

#: The views an export can draw (``view=``).
VIEWS = ("plane", "hill")


#: Browsers slow down GIF frames shorter than 20 ms, so at most 50 frames a second.
MAX_FPS = 50.0


def _check_number(
    value: object, name: str, lo: float, hi: float, *, lo_open: bool = False, hint: str = ""
) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    v = float(value) if ok else math.nan  # type: ignore[arg-type]
    inside = math.isfinite(v) and (v > lo if lo_open else v >= lo) and v <= hi
    if not inside:
        bound = f"> {lo:g}" if lo_open else f">= {lo:g}"
        raise ValueError(f"{name} must be a number {bound} and <= {hi:g}, got {value!r}{hint}")
    return v


def _check_fps(fps: object) -> float:
    return _check_number(fps, "fps", 0.0, MAX_FPS, lo_open=True, hint="; try fps=5")


def _check_dpi(dpi: object) -> float:
    return _check_number(dpi, "dpi", 20.0, 600.0, hint="; try dpi=80 for a GIF, 150 for print")


def _check_pause(pause: object) -> float:
    return _check_number(pause, "pause", 0.0, 60.0, hint="; it is in seconds, e.g. pause=1.5")


def _resolve_steps(steps: Iterable[int] | None, n_steps: int) -> list[int]:
    if steps is None:
        return list(range(n_steps))
    if isinstance(steps, (str, bytes, bool, np.bool_, numbers.Number, dict)) or not hasattr(
        steps, "__iter__"
    ):
        raise TypeError(
            f"steps must be a list of step numbers (e.g. range(0, 10, 2)), got {steps!r}"
        )
    out: list[int] = []
    for s in steps:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral):
            raise TypeError(f"steps must be integers, got {s!r}")
        try:
            out.append(check_step(s, n_steps))
        except IndexError as exc:
            raise ValueError(f"steps: {exc}") from None
    if not out:
        raise ValueError("steps is empty; give at least one step to draw")
    return out


def _check_view(view: object) -> str:
    if isinstance(view, str) and view.strip().lower() in VIEWS:
        return view.strip().lower()
    raise ValueError(
        f"view must be one of {', '.join(map(repr, VIEWS))}, got {view!r}; "
        "'hill' draws the density as a 3-D surface with the points on it"
    )


def _check_turn(turn: object, view: str) -> float:
    t = _check_number(turn, "turn", -45.0, 45.0, hint="; it is degrees per frame, e.g. turn=1")
    if t != 0 and view != "hill":
        raise ValueError(f"turn={turn!r} turns the camera of view='hill'; the plane view has none")
    return t


def _split(
    trace: Trace | MeanShiftView | HillView, kwargs: dict[str, Any]
) -> tuple[Trace, dict[str, Any]]:
    """Accept a trace or a view (whose trace, layers and highlights are reused)."""
    if isinstance(trace, HillView):
        return trace.trace, {**trace._options, **kwargs}
    if isinstance(trace, MeanShiftView):
        view = trace
        opts: dict[str, Any] = dict(view._scene_options)
        opts["density_resolution"] = opts.pop("resolution")
        opts["layers"] = sorted(view.layers)
        opts["legend"] = view._legend_on
        opts["title"] = view._title_on
        opts.update(kwargs)  # what the caller says wins
        return view.trace, opts
    return as_trace(trace, "the export"), kwargs


def _figure(figsize: tuple[float, float] | None, dpi: float, style: str = "screen") -> Figure:
    """A figure outside pyplot (nothing to close, nothing shown twice in Jupyter)."""
    inches, fig_dpi = S.scaled_figure(figsize, dpi, style)
    fig = Figure(figsize=inches, dpi=fig_dpi)
    FigureCanvasAgg(fig)
    return fig


def _export_view(
    trace: Trace | MeanShiftView | HillView,
    dpi: float,
    figsize: tuple[float, float] | None,
    view_kwargs: dict[str, Any],
    view: str = "plane",
) -> ExportView:
    kind = "hill" if isinstance(trace, HillView) else _check_view(view)
    tr, opts = _split(trace, dict(view_kwargs))
    fig = _figure(figsize, dpi, opts.get("style", "screen"))
    if kind == "hill":
        if opts.get("layers") is not None:
            raise ValueError(
                "layers= is for view='plane'; view='hill' draws the surface, the points, "
                "their trails and the modes"
            )
        opts.pop("layers", None)
        try:
            out: ExportView = HillView(tr, fig=fig, **opts)
        except TypeError as exc:
            raise TypeError(f"view='hill': {exc}") from None
    else:
        out = MeanShiftView(tr, fig=fig, **opts)
    out.plot()
    return out


def _turner(view: ExportView, turn: float) -> Callable[[int], None]:
    """A function that turns the hill's camera ``turn`` degrees per frame from where it is."""
    if not (turn and isinstance(view, HillView)):
        return lambda frame: None
    hill = view
    elev, azim = hill.camera

    def turn_to(frame: int) -> None:
        hill.set_camera(elev=elev, azim=azim + turn * frame)

    return turn_to


def _render(view: ExportView, step: int) -> NDArray[np.uint8]:
    """Show ``step`` and return the Agg buffer as RGB, shape (height, width, 3)."""
    view.show_step(step)
    view.blit()  # the static part is drawn once, then only what show_step changed
    canvas = view.fig.canvas
    rgba = np.asarray(canvas.buffer_rgba())  # type: ignore[attr-defined]
    return np.ascontiguousarray(rgba[..., :3])


def iter_frames(
    trace: Trace | MeanShiftView | HillView,
    *,
    dpi: float = 80,
    layers: Iterable[str] | None = None,
    steps: Iterable[int] | None = None,
    figsize: tuple[float, float] | None = None,
    view: str = "plane",
    turn: float = 0.0,
    **view_kwargs: Any,
) -> Iterator[NDArray[np.uint8]]:
    """Yield the RGB image of every step, exactly as :meth:`MeanShiftView.show_step` draws it.

    Parameters
    ----------
    trace : Trace or MeanShiftView
        The run (a view: its trace, layers and highlighted points).
    dpi : float, default=80
        Pixels per inch of the figure.
    layers : iterable of str, optional
        Layers to draw (default: all the trace can show).
    steps : iterable of int, optional
        Which steps, in order (default: all).
    figsize : (float, float), optional
        Picture size in inches (default 11.5 x 6.2): ``figsize`` x ``dpi``
        pixels, with everything in it scaled alike, text included.
    view : {"plane", "hill"}, default="plane"
        "hill": the density as a 3-D surface with the points on it
        (:class:`~msviz.draw.hill.HillView`).
    turn : float, default=0
        For ``view="hill"``: degrees the camera turns each frame.
    **view_kwargs
        Passed on to :class:`MeanShiftView` (``n_windows``, ``projection`` ...)
        or :class:`~msviz.draw.hill.HillView` (``elev``, ``azim`` ...).

    Yields
    ------
    ndarray of shape (height, width, 3), dtype uint8
        A new array per frame.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import msviz
    >>> trace = msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2)
    >>> frames = list(iter_frames(trace, dpi=20))
    >>> len(frames) == len(trace), frames[0].shape
    (True, (124, 230, 3))
    """
    d = _check_dpi(dpi)
    t = _check_turn(turn, _check_view(view))
    if layers is not None:
        view_kwargs["layers"] = layers
    shown = _export_view(trace, d, figsize, view_kwargs, view)
    turn_to = _turner(shown, t)
    for i, k in enumerate(_resolve_steps(steps, shown.n_steps)):
        turn_to(i)
        yield _render(shown, k)


def animate(
    trace: Trace | MeanShiftView,
    *,
    fps: float = 5,
    pause: float = 1.5,
    layers: Iterable[str] | None = None,
    steps: Iterable[int] | None = None,
    fig: Figure | None = None,
    figsize: tuple[float, float] | None = None,
    dpi: float = 80,
    repeat: bool = True,
    **view_kwargs: Any,
) -> FuncAnimation:
    """A ``FuncAnimation`` of the run, drawn by :meth:`MeanShiftView.show_step`.

    Keep a reference to the result while it plays. In a notebook show it with
    ``IPython.display.HTML(anim.to_jshtml())``.

    Parameters
    ----------
    trace : Trace or MeanShiftView
        The run.
    fps : float, default=5
        Steps per second.
    pause : float, default=1.5
        Seconds to hold the first and the last step (the frame is repeated
        ``round(pause * fps)`` times at each end).
    layers : iterable of str, optional
        Layers to draw.
    steps : iterable of int, optional
        Which steps, in order (default: all).
    fig : Figure, optional
        An empty figure to draw in (e.g. ``plt.figure()`` for a live window);
        default: a figure outside pyplot, so Jupyter does not show it twice.
    figsize : (float, float), optional
        Size of the figure made when ``fig`` is None (scaled alike, text
        included, as for :func:`~msviz.export.gif.save_gif`).
    dpi : float, default=80
        Resolution of the figure made when ``fig`` is None.
    repeat : bool, default=True
        Loop.
    **view_kwargs
        Passed to :class:`MeanShiftView`.

    Returns
    -------
    FuncAnimation
        Its ``view`` attribute is the :class:`MeanShiftView` it drives.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import msviz
    >>> trace = msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2)
    >>> anim = animate(trace, fps=5, pause=0.4)
    >>> anim.view.n_steps, len(list(anim.new_frame_seq()))
    (3, 7)
    >>> html = anim.to_jshtml()  # what a notebook shows
    """
    f = _check_fps(fps)
    p_s = _check_pause(pause)
    d = _check_dpi(dpi)
    tr, opts = _split(trace, dict(view_kwargs))
    if layers is not None:
        opts["layers"] = layers
    figure = fig if fig is not None else _figure(figsize, d, opts.get("style", "screen"))
    view = MeanShiftView(tr, fig=figure, **opts)
    view.plot()
    order = _resolve_steps(steps, view.n_steps)
    hold = int(round(p_s * f))
    frames = [order[0]] * hold + order + [order[-1]] * hold

    def init() -> list[Any]:
        return view.show_step(order[0])

    anim = Animation(
        figure, view.show_step, frames=frames, init_func=init, interval=1000.0 / f,
        repeat=repeat, blit=False, cache_frame_data=False,
    )
    anim.view = view  # type: ignore[attr-defined]
    return anim


def save_html(
    trace: Trace | MeanShiftView,
    path: str | os.PathLike[str],
    *,
    fps: float = 5,
    dpi: float = 80,
    layers: Iterable[str] | None = None,
    pause: float = 1.5,
    steps: Iterable[int] | None = None,
    figsize: tuple[float, float] | None = None,
    **view_kwargs: Any,
) -> Path:
    """Write a self-contained HTML player (PNG frames embedded, play/step buttons).

    Takes the arguments of :func:`~msviz.export.gif.save_gif`; ``path`` must end in ``.html`` or
    ``.htm``. Made with ``FuncAnimation.to_jshtml`` from :func:`animate` and
    written atomically. The pauses repeat the first and last frames.

    Returns
    -------
    Path
        The file written.
    """
    import matplotlib

    target = _check_path(path, (".html", ".htm"), "HTML")
    anim = animate(
        trace, fps=fps, pause=pause, layers=layers, steps=steps, figsize=figsize, dpi=dpi,
        **view_kwargs,
    )
    try:
        # Never drop frames silently: the default limit is 20 MB.
        with matplotlib.rc_context({"animation.embed_limit": 1000.0}):
            html = anim.to_jshtml(
                fps=fps, embed_frames=True, default_mode="loop"  # type: ignore[arg-type]
            )
    finally:
        anim.view.fig.clear()  # type: ignore[attr-defined]
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{_escape(anim.view.scene.title)}</title>\n"  # type: ignore[attr-defined]
        "</head>\n<body>\n" + html + "\n</body>\n</html>\n"
    )
    data = page.encode("utf-8")
    _atomic_write(target, lambda fh: fh.write(data))
    return target


def save_frames(
    trace: Trace | MeanShiftView | HillView,
    folder: str | os.PathLike[str],
    *,
    dpi: float = 100,
    layers: Iterable[str] | None = None,
    steps: Iterable[int] | None = None,
    prefix: str = "step_",
    figsize: tuple[float, float] | None = None,
    progress: Progress | None = None,
    view: str = "plane",
    turn: float = 0.0,
    **view_kwargs: Any,
) -> list[Path]:
    """Write one PNG per step into ``folder`` (made if missing; its parent must exist).

    Files are named ``{prefix}{step}.png`` with the step zero-padded
    (``step_000.png`` ...); each is written atomically. ``view="hill"`` draws
    the density hill in 3-D (``turn``: degrees the camera turns per frame), as
    for :func:`iter_frames`.

    Returns
    -------
    list of Path
        The files written, in order.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import msviz, tempfile, os
    >>> trace = msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in save_frames(trace, os.path.join(tmp, "frames"), dpi=30)]
    ['step_000.png', 'step_001.png', 'step_002.png']
    """
    from PIL import Image

    d = _check_dpi(dpi)
    t = _check_turn(turn, _check_view(view))
    if not isinstance(prefix, str) or any(c in prefix for c in "/\\"):
        raise ValueError(f"prefix must be a file name prefix without '/', got {prefix!r}")
    out_dir = Path(os.fspath(folder)).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"cannot write frames into {out_dir}: it is a file, not a folder")
    if not out_dir.exists():
        _check_folder(out_dir.parent if str(out_dir.parent) else Path("."), out_dir)
        try:
            out_dir.mkdir()
        except PermissionError as exc:
            raise PermissionError(
                f"cannot create the folder {out_dir}: {out_dir.parent} is not writable"
            ) from exc
    if layers is not None:
        view_kwargs["layers"] = layers
    shown = _export_view(trace, d, figsize, view_kwargs, view)
    turn_to = _turner(shown, t)
    order = _resolve_steps(steps, shown.n_steps)
    width = max(3, len(str(shown.n_steps - 1)))
    written: list[Path] = []
    try:
        for i, k in enumerate(order):
            turn_to(i)
            rgb = _render(shown, k)
            im = Image.fromarray(rgb)
            target = out_dir / f"{prefix}{k:0{width}d}.png"
            _atomic_write(target, _png_writer(im))
            written.append(target)
            if progress is not None:
                progress(i + 1, len(order))
    finally:
        shown.fig.clear()
    return written


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
