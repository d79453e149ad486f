"""GIF export: one global palette, frame differences, a colour tolerance.

Frames are rendered from the Agg buffer and written with Pillow; the file is written to a
temporary file and moved into place.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from msviz.draw import style as S
from msviz.draw.hill import HillView
from msviz.draw.view import MeanShiftView
from msviz.engine import Trace
from msviz.export._files import _atomic_write, _check_path
from msviz.export.frames import (
    ExportView,
    Progress,
    _check_dpi,
    _check_fps,
    _check_pause,
    _check_turn,
    _check_view,
    _export_view,
    _render,
    _resolve_steps,
    _turner,
)

__all__ = ["quantize", "save_gif"]


#: How far a pixel between the first and the last GIF frame may lag behind the
#: drawing (0-255 per channel) before it is stored again; see :func:`save_gif`.
GIF_TOLERANCE = 40


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


def _static_part(view: ExportView, palette: NDArray[np.uint8]) -> NDArray[np.uint8] | None:
    """Palette indices of the picture without the artists ``show_step`` changes.

    That is the background blitting restores; call after :func:`_render`. None
    on a canvas that cannot blit. It leaves that picture in the canvas buffer,
    which the next :func:`_render` draws over.
    """
    if view.blitter is None or not view.blitter.restore():
        return None
    rgba = np.asarray(view.fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
    return quantize(np.ascontiguousarray(rgba[..., :3]), palette)


_UNKNOWN = 255  # never a palette index (a palette has at most 248 colours)


class _PaletteTable:
    """Palette index for every 24-bit colour, worked out only for colours met.

    A 16 MB table filled as frames bring new colours (building all of it took
    seconds at start-up). Colours of the palette map to themselves exactly; any
    other colour to the nearest palette colour of its 5-bit cell, where
    "nearest" also penalises a change of tint, so grey antialiasing stays grey.
    """

    def __init__(self, palette_bytes: bytes) -> None:
        pal = np.frombuffer(palette_bytes, dtype=np.uint8).reshape(-1, 3)
        if len(pal) >= _UNKNOWN:
            raise ValueError(f"a GIF palette has at most {_UNKNOWN - 1} colours, got {len(pal)}")
        self._p = pal.astype(np.float64)
        self._tint_p = self._tint(self._p)
        self.table = np.full(1 << 24, _UNKNOWN, dtype=np.uint8)
        self._cells = np.full(1 << 15, _UNKNOWN, dtype=np.uint8)
        keys = (pal[:, 0].astype(np.intp) << 16) | (pal[:, 1].astype(np.intp) << 8) | pal[:, 2]
        self.table[keys] = np.arange(len(pal), dtype=np.uint8)

    @staticmethod
    def _tint(c: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([c[..., 0] - c[..., 1], c[..., 1] - c[..., 2]], axis=-1)

    def lookup(self, codes: NDArray[np.intp]) -> NDArray[np.uint8]:
        out = self.table[codes]
        missing = out == _UNKNOWN
        if missing.any():
            new = np.unique(codes[missing])
            self.table[new] = self._cell_index(new)
            out[missing] = self.table[codes[missing]]
        return out

    def _cell_index(self, codes: NDArray[np.intp]) -> NDArray[np.uint8]:
        """The palette index of each colour's 5-bit cell (cells worked out once)."""
        cells = (((codes >> 19) & 31) << 10) | (((codes >> 11) & 31) << 5) | ((codes >> 3) & 31)
        todo = np.unique(cells[self._cells[cells] == _UNKNOWN])
        weight = np.array([2.0, 4.0, 3.0])
        for start in range(0, todo.size, 2048):
            cell = todo[start : start + 2048]
            c = np.stack([cell >> 10, (cell >> 5) & 31, cell & 31], axis=1) * 8 + 3.5
            d2 = (((c[:, None, :] - self._p[None, :, :]) ** 2) * weight).sum(axis=2)
            d2 += 6.0 * ((self._tint(c)[:, None, :] - self._tint_p[None, :, :]) ** 2).sum(axis=2)
            self._cells[cell] = np.argmin(d2, axis=1)
        return self._cells[cells]


@lru_cache(maxsize=2)
def _palette_table(palette_bytes: bytes) -> _PaletteTable:
    return _PaletteTable(palette_bytes)


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
    return table.lookup((c[..., 0] << 16) | (c[..., 1] << 8) | c[..., 2])


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
    trace: Trace | MeanShiftView | HillView,
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
    view: str = "plane",
    turn: float = 0.0,
    **view_kwargs: Any,
) -> Path:
    """Write the run as a looping GIF, frame by frame as the view draws it.

    Parameters
    ----------
    trace : Trace, MeanShiftView or HillView
        The run (a view: its trace, layers and highlighted points; a
        :class:`~msviz.draw.hill.HillView`: its trace and camera, as ``view="hill"``).
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
    view : {"plane", "hill"}, default="plane"
        "plane": :class:`MeanShiftView`. "hill": the density as a 3-D surface
        with the points climbing it (:class:`~msviz.draw.hill.HillView`; two
        features, or the density curve for one).
    turn : float, default=0
        For ``view="hill"``: degrees the camera turns around the hill each
        frame (-45 to 45). The default keeps the camera still: the climb is
        what moves, and only the points' pixels change from frame to frame, so
        the file stays small. ``turn=1`` is a slow turn that shows the hill's
        shape in depth; every pixel then changes every frame and the file is
        several times larger.
    **view_kwargs
        Passed to :class:`MeanShiftView` (``n_windows``, ``projection``,
        ``feature_names``, ``highlight``, ``style="projector"`` for a room ...)
        or, for ``view="hill"``, to :class:`~msviz.draw.hill.HillView`
        (``elev``, ``azim``, ``resolution``, ``feature_names``, ``style`` ...).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        Bad ``fps``, ``dpi``, ``pause``, ``view``, ``turn`` or a path not ending
        in ``.gif``; ``layers`` with ``view="hill"``.
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
    t = _check_turn(turn, _check_view(view))
    target = _check_path(path, (".gif",), "GIF")
    if layers is not None:
        view_kwargs["layers"] = layers
    shown = _export_view(trace, d, figsize, view_kwargs, view)
    turn_to = _turner(shown, t)
    order = _resolve_steps(steps, shown.n_steps)
    palette = S.gif_palette()
    flat_palette = palette.tobytes()
    close = _close_colours(flat_palette, tol)
    frames: list[Image.Image] = []
    on_screen: NDArray[np.uint8] | None = None
    background: NDArray[np.uint8] | None = None
    try:
        for i, k in enumerate(order):
            turn_to(i)
            idx = quantize(_render(shown, k), palette)
            if on_screen is None and tol > 0 and not t:  # a turn changes the still part
                background = _static_part(shown, palette)
            elif on_screen is not None and background is not None and 0 < i < len(order) - 1:
                # Keep what is shown where the new colour is close to it, except
                # where the picture goes back to its static part: erased shapes
                # never leave a faint ghost.
                keep = close[idx, on_screen] & (idx != background)
                idx = np.where(keep, on_screen, idx)
            on_screen = idx
            size = (idx.shape[1], idx.shape[0])
            im = Image.frombuffer("P", size, idx.tobytes(), "raw", "P", 0, 1)
            im.putpalette(flat_palette)
            frames.append(im)
            if progress is not None:
                progress(i + 1, len(order))
    finally:
        shown.fig.clear()
    durations = _durations(len(frames), f, p_s)

    def write(fh: IO[bytes]) -> None:
        frames[0].save(
            fh, format="GIF", save_all=True, append_images=frames[1:], duration=durations,
            loop=0, optimize=True, disposal=1, palette=flat_palette,
        )

    _atomic_write(target, write)
    return target
