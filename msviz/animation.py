"""Animations and exports of a mean shift run: GIF, HTML, PNG frames.

Every export draws its frames with :class:`~msviz.draw.view.MeanShiftView`:
``view.show_step(k)`` then ``fig.canvas.draw()``, the very code path a slider
uses, so a file shows exactly what the notebook shows.

- :func:`animate` gives a ``FuncAnimation`` for notebooks (``anim.to_jshtml()``).
- :func:`save_gif` renders each frame from the Agg buffer and writes it with
  Pillow under a fixed colour-blind-safe palette (``optimize=True``,
  ``disposal=1``, unchanged pixels transparent), looping forever, with a pause
  on the first and the last frame.
- :func:`save_html` writes a self-contained HTML player.
- :func:`save_frames` writes one PNG per step.

Every file is written to a temporary file in the target folder and moved into
place with :func:`os.replace`: a failed export leaves no partial file behind and
an existing file untouched.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import msviz, tempfile, os
>>> trace = msviz.run_mean_shift(msviz.datasets.load("five_points"), bandwidth=2)
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = save_gif(trace, os.path.join(tmp, "five.gif"), dpi=40)
...     path.name
'five.gif'
"""

from __future__ import annotations

import math
import numbers
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import NDArray

from msviz.draw import style as S
from msviz.draw.view import MeanShiftView
from msviz.engine import Trace

__all__ = ["animate", "iter_frames", "save_frames", "save_gif", "save_html"]

Progress = Callable[[int, int], None]

#: Browsers slow down GIF frames shorter than 20 ms, so at most 50 frames a second.
MAX_FPS = 50.0

#: How far a pixel between the first and the last GIF frame may lag behind the
#: drawing (0-255 per channel) before it is stored again; see :func:`save_gif`.
GIF_TOLERANCE = 40


# --------------------------------------------------------------------------- checks


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


def _check_tolerance(tolerance: object) -> int:
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, numbers.Integral)
        or not 0 <= int(tolerance) <= 255
    ):
        raise ValueError(
            f"tolerance must be a whole number from 0 (every frame exact) to 255, got "
            f"{tolerance!r}; the default {GIF_TOLERANCE} keeps files small without visible change"
        )
    return int(tolerance)


def _check_path(path: str | os.PathLike[str], suffixes: Sequence[str], what: str) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    p = Path(os.fspath(path)).expanduser()
    if p.suffix.lower() not in suffixes:
        got = f"{p.suffix!r}" if p.suffix else "no extension"
        raise ValueError(
            f"{what} path must end in {' or '.join(suffixes)}, got {got} ({p}); "
            f"e.g. {p.with_suffix(suffixes[0]).name}"
        )
    if p.is_dir():
        raise IsADirectoryError(f"cannot write {what} to {p}: it is a folder; give a file name")
    _check_folder(p.parent if str(p.parent) else Path("."), p)
    return p


def _check_folder(folder: Path, target: Path) -> None:
    if not folder.exists():
        raise FileNotFoundError(
            f"cannot write {target}: the folder {folder} does not exist; create it first"
        )
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot write {target}: {folder} is not a folder")


def _resolve_steps(steps: Iterable[int] | None, n_steps: int) -> list[int]:
    if steps is None:
        return list(range(n_steps))
    out: list[int] = []
    for s in steps:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral):
            raise TypeError(f"steps must be integers, got {s!r}")
        k = int(s) + n_steps if s < 0 else int(s)
        if not 0 <= k < n_steps:
            raise IndexError(f"step {s} is out of range: this run has {n_steps} steps")
        out.append(k)
    if not out:
        raise ValueError("steps is empty; give at least one step to draw")
    return out


def _split(trace: Trace | MeanShiftView, kwargs: dict[str, Any]) -> tuple[Trace, dict[str, Any]]:
    """Accept a trace or a view (whose trace, layers and highlights are reused)."""
    if isinstance(trace, MeanShiftView):
        view = trace
        opts: dict[str, Any] = dict(view._scene_options)
        opts["density_resolution"] = opts.pop("resolution")
        opts["layers"] = sorted(view.layers)
        opts["legend"] = view._legend_on
        opts["title"] = view._title_on
        opts.update(kwargs)  # what the caller says wins
        return view.trace, opts
    if not isinstance(trace, Trace):
        raise TypeError(
            f"expected a msviz.Trace (or a MeanShiftView), got {type(trace).__name__}; "
            "make one with msviz.run_mean_shift(X, ...)"
        )
    return trace, kwargs


# --------------------------------------------------------------------------- frames


def _figure(figsize: tuple[float, float] | None, dpi: float) -> Figure:
    """A figure outside pyplot (nothing to close, nothing shown twice in Jupyter)."""
    inches, fig_dpi = S.scaled_figure(figsize, dpi)
    fig = Figure(figsize=inches, dpi=fig_dpi)
    FigureCanvasAgg(fig)
    return fig


def _export_view(
    trace: Trace | MeanShiftView,
    dpi: float,
    figsize: tuple[float, float] | None,
    view_kwargs: dict[str, Any],
) -> MeanShiftView:
    tr, opts = _split(trace, dict(view_kwargs))
    view = MeanShiftView(tr, fig=_figure(figsize, dpi), **opts)
    view.plot()
    return view


def _render(view: MeanShiftView, step: int) -> NDArray[np.uint8]:
    """Show ``step`` and return the Agg buffer as RGB, shape (height, width, 3)."""
    view.show_step(step)
    view.blit()  # the static part is drawn once, then only what show_step changed
    canvas = view.fig.canvas
    rgba = np.asarray(canvas.buffer_rgba())  # type: ignore[attr-defined]
    return np.ascontiguousarray(rgba[..., :3])


def _static_part(view: MeanShiftView, palette: NDArray[np.uint8]) -> NDArray[np.uint8] | None:
    """Palette indices of the picture without the artists ``show_step`` changes.

    That is the background blitting restores; call after :func:`_render`. None
    on a canvas that cannot blit. It leaves that picture in the canvas buffer,
    which the next :func:`_render` draws over.
    """
    canvas = view.fig.canvas
    region = getattr(view, "_background", None)
    if region is None or not hasattr(canvas, "restore_region"):
        return None
    canvas.restore_region(region)
    rgba = np.asarray(canvas.buffer_rgba())  # type: ignore[attr-defined]
    return quantize(np.ascontiguousarray(rgba[..., :3]), palette)


def iter_frames(
    trace: Trace | MeanShiftView,
    *,
    dpi: float = 80,
    layers: Iterable[str] | None = None,
    steps: Iterable[int] | None = None,
    figsize: tuple[float, float] | None = None,
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
    **view_kwargs
        Passed on to :class:`MeanShiftView` (``n_windows``, ``projection`` ...).

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
    if layers is not None:
        view_kwargs["layers"] = layers
    view = _export_view(trace, d, figsize, view_kwargs)
    for k in _resolve_steps(steps, view.n_steps):
        yield _render(view, k)


# --------------------------------------------------------------------------- GIF


@lru_cache(maxsize=2)
def _palette_table(palette_bytes: bytes) -> NDArray[np.uint8]:
    """Palette index for every 24-bit colour (a 16 MB table, built once).

    Colours of the palette map to themselves exactly; any other colour to the
    nearest palette colour of its 5-bit cell, where "nearest" also penalises a
    change of tint, so grey antialiasing stays grey.
    """
    pal = np.frombuffer(palette_bytes, dtype=np.uint8).reshape(-1, 3)
    p = pal.astype(np.float64)
    levels = np.arange(32) * 8 + 3.5
    r, g, b = np.meshgrid(levels, levels, levels, indexing="ij")
    cells = np.stack([r.ravel(), g.ravel(), b.ravel()], axis=1)
    weight = np.array([2.0, 4.0, 3.0])

    def tint(c: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([c[..., 0] - c[..., 1], c[..., 1] - c[..., 2]], axis=-1)

    lut = np.empty(cells.shape[0], dtype=np.uint8)
    for start in range(0, cells.shape[0], 2048):
        c = cells[start : start + 2048]
        d2 = (((c[:, None, :] - p[None, :, :]) ** 2) * weight).sum(axis=2)
        d2 += 6.0 * ((tint(c)[:, None, :] - tint(p)[None, :, :]) ** 2).sum(axis=2)
        lut[start : start + 2048] = np.argmin(d2, axis=1)
    cube = lut.reshape(32, 32, 32)
    table = np.repeat(np.repeat(np.repeat(cube, 8, axis=0), 8, axis=1), 8, axis=2).reshape(-1)
    keys = (pal[:, 0].astype(np.intp) << 16) | (pal[:, 1].astype(np.intp) << 8) | pal[:, 2]
    table[keys] = np.arange(len(pal), dtype=np.uint8)
    return table


def quantize(rgb: NDArray[np.uint8], palette: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """Map an RGB image to palette indices with the fixed palette (no dithering).

    Palette colours map to themselves; others to a near palette colour of the
    same tint (greys to greys).

    Parameters
    ----------
    rgb : ndarray of shape (height, width, 3), dtype uint8
    palette : ndarray of shape (n_colors, 3), dtype uint8

    Returns
    -------
    ndarray of shape (height, width), dtype uint8

    Examples
    --------
    >>> pal = np.array([[0, 0, 0], [255, 255, 255], [138, 138, 138], [200, 60, 0]], np.uint8)
    >>> img = np.array([[[250, 250, 250], [140, 136, 139], [3, 0, 0], [190, 70, 5]]], np.uint8)
    >>> quantize(img, pal).tolist()
    [[1, 2, 0, 3]]
    """
    table = _palette_table(np.ascontiguousarray(palette, dtype=np.uint8).tobytes())
    c = rgb.astype(np.intp)
    return table[(c[..., 0] << 16) | (c[..., 1] << 8) | c[..., 2]]


@lru_cache(maxsize=4)
def _close_colours(palette_bytes: bytes, tolerance: int) -> NDArray[np.bool_]:
    """Which palette colours are within ``tolerance`` of each other in every channel.

    A (256, 256) table, so indices past the palette (none are drawn) are never close.
    """
    pal = np.frombuffer(palette_bytes, dtype=np.uint8).reshape(-1, 3).astype(np.int16)
    n = len(pal)
    table = np.zeros((256, 256), dtype=bool)
    table[:n, :n] = np.abs(pal[:, None, :] - pal[None, :, :]).max(axis=2) <= tolerance
    return table


def _durations(n: int, fps: float, pause: float) -> list[int]:
    """Per-frame durations in ms, multiples of 10 (GIF counts centiseconds)."""
    frame = max(20, int(round(100.0 / fps)) * 10)
    extra = int(round(pause * 100)) * 10
    out = [frame] * n
    out[0] += extra
    if n > 1:
        out[-1] += extra
    else:
        out[0] += extra
    return out


def save_gif(
    trace: Trace | MeanShiftView,
    path: str | os.PathLike[str],
    *,
    fps: float = 5,
    dpi: float = 80,
    layers: Iterable[str] | None = None,
    pause: float = 1.5,
    steps: Iterable[int] | None = None,
    figsize: tuple[float, float] | None = None,
    progress: Progress | None = None,
    tolerance: int = GIF_TOLERANCE,
    **view_kwargs: Any,
) -> Path:
    """Write the run as a looping GIF, frame by frame as the view draws it.

    Parameters
    ----------
    trace : Trace or MeanShiftView
        The run (a view: its trace, layers and highlighted points).
    path : str or path-like
        Where to write; must end in ``.gif``; its folder must exist.
    fps : float, default=5
        Frames (steps) per second, at most 50.
    dpi : float, default=80
        Pixels per inch; the default figure is 11.5 x 6.2 inches (920 x 496 pixels).
    layers : iterable of str, optional
        Layers to draw (default: all the trace can show; see
        :data:`msviz.draw.view.LAYERS`).
    pause : float, default=1.5
        Extra seconds on the first and the last frame. Pauses are frame
        durations, not repeated frames: the GIF has exactly one frame per step.
    steps : iterable of int, optional
        Which steps to draw, in order (default: every step).
    figsize : (float, float), optional
        Picture size in inches (default 11.5 x 6.2): ``figsize`` x ``dpi``
        pixels, with everything in it scaled alike, text included.
    progress : callable, optional
        Called as ``progress(done, total)`` after each frame.
    tolerance : int, default=40
        How far (0-255, in any colour channel) a pixel of a frame between the
        first and the last may stay behind the drawing: the faint antialiasing
        changes at the edges of slowly moving shapes are then not stored, which
        keeps files smaller (about 14 % for a long Gaussian run). A pixel going
        back to the static picture is always stored, so nothing leaves a ghost.
        The first and the last frame are exact; 0 stores every frame exactly.
    **view_kwargs
        Passed to :class:`MeanShiftView` (``n_windows``, ``projection``,
        ``feature_names``, ``highlight`` ...).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        Bad ``fps``, ``dpi``, ``pause`` or a path not ending in ``.gif``.
    FileNotFoundError, NotADirectoryError, PermissionError, OSError
        The folder does not exist or cannot be written (the message names it).
        Nothing is left behind and an existing file is not changed.

    Notes
    -----
    Frames are drawn into the Agg buffer and mapped to one fixed palette of the
    colours msviz draws (see :func:`msviz.draw.style.gif_palette`), stored once for
    the whole file; a palette taken from the frames tinted grey points. Pillow
    then stores only the pixels that changed since the previous frame
    (``optimize=True``, ``disposal=1``), and ``tolerance`` decides which changes
    count.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import msviz, tempfile, os
    >>> from PIL import Image
    >>> trace = msviz.run_mean_shift(msviz.datasets.load("blobs"), bandwidth=2.5)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = save_gif(trace, os.path.join(tmp, "blobs.gif"), dpi=30)
    ...     with Image.open(out) as im:
    ...         (im.n_frames == len(trace), im.info["loop"])
    (True, 0)
    """
    from PIL import Image

    f = _check_fps(fps)
    d = _check_dpi(dpi)
    p_s = _check_pause(pause)
    tol = _check_tolerance(tolerance)
    target = _check_path(path, (".gif",), "GIF")
    if layers is not None:
        view_kwargs["layers"] = layers
    view = _export_view(trace, d, figsize, view_kwargs)
    order = _resolve_steps(steps, view.n_steps)
    palette = S.gif_palette()
    flat_palette = palette.tobytes()
    close = _close_colours(flat_palette, tol)
    frames: list[Image.Image] = []
    shown: NDArray[np.uint8] | None = None
    background: NDArray[np.uint8] | None = None
    try:
        for i, k in enumerate(order):
            idx = quantize(_render(view, k), palette)
            if shown is None and tol > 0:
                background = _static_part(view, palette)
            elif shown is not None and background is not None and 0 < i < len(order) - 1:
                # Keep what is shown where the new colour is close to it, except
                # where the picture goes back to its static part: erased shapes
                # never leave a faint ghost.
                keep = close[idx, shown] & (idx != background)
                idx = np.where(keep, shown, idx)
            shown = idx
            size = (idx.shape[1], idx.shape[0])
            im = Image.frombuffer("P", size, idx.tobytes(), "raw", "P", 0, 1)
            im.putpalette(flat_palette)
            frames.append(im)
            if progress is not None:
                progress(i + 1, len(order))
    finally:
        view.fig.clear()
    durations = _durations(len(frames), f, p_s)

    def write(fh: IO[bytes]) -> None:
        frames[0].save(
            fh, format="GIF", save_all=True, append_images=frames[1:], duration=durations,
            loop=0, optimize=True, disposal=1, palette=flat_palette,
        )

    _atomic_write(target, write)
    return target


# --------------------------------------------------------------------------- HTML and PNG


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
        included, as for :func:`save_gif`).
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
    """
    f = _check_fps(fps)
    p_s = _check_pause(pause)
    d = _check_dpi(dpi)
    tr, opts = _split(trace, dict(view_kwargs))
    if layers is not None:
        opts["layers"] = layers
    figure = fig if fig is not None else _figure(figsize, d)
    view = MeanShiftView(tr, fig=figure, **opts)
    view.plot()
    order = _resolve_steps(steps, view.n_steps)
    hold = int(round(p_s * f))
    frames = [order[0]] * hold + order + [order[-1]] * hold

    def init() -> list[Any]:
        return view.show_step(order[0])

    anim = FuncAnimation(
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

    Takes the arguments of :func:`save_gif`; ``path`` must end in ``.html`` or
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
    trace: Trace | MeanShiftView,
    folder: str | os.PathLike[str],
    *,
    dpi: float = 100,
    layers: Iterable[str] | None = None,
    steps: Iterable[int] | None = None,
    prefix: str = "step_",
    figsize: tuple[float, float] | None = None,
    progress: Progress | None = None,
    **view_kwargs: Any,
) -> list[Path]:
    """Write one PNG per step into ``folder`` (made if missing; its parent must exist).

    Files are named ``{prefix}{step}.png`` with the step zero-padded
    (``step_000.png`` ...); each is written atomically.

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
    view = _export_view(trace, d, figsize, view_kwargs)
    order = _resolve_steps(steps, view.n_steps)
    width = max(3, len(str(view.n_steps - 1)))
    written: list[Path] = []
    try:
        for i, k in enumerate(order):
            rgb = _render(view, k)
            im = Image.fromarray(rgb)
            target = out_dir / f"{prefix}{k:0{width}d}.png"
            _atomic_write(target, _png_writer(im))
            written.append(target)
            if progress is not None:
                progress(i + 1, len(order))
    finally:
        view.fig.clear()
    return written


# --------------------------------------------------------------------------- files


def _png_writer(im: Any) -> Callable[[IO[bytes]], object]:
    def write(fh: IO[bytes]) -> None:
        im.save(fh, format="PNG")

    return write


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _atomic_write(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through a temporary file in the target's folder, then ``os.replace``.

    On any failure the temporary file is removed and ``target`` is untouched.
    """
    folder = target.parent if str(target.parent) else Path(".")
    _check_folder(folder, target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except PermissionError as exc:
        raise PermissionError(
            exc.errno, f"cannot write {target.name}: the folder {folder} is not writable"
        ) from exc
    except OSError as exc:
        raise OSError(
            exc.errno, f"cannot write {target.name} into the folder {folder}: {exc.strerror}"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            with suppress(OSError):
                os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a new file gets.
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def _new_file_mode(target: Path) -> int:
    with suppress(OSError):
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
