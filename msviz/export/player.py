"""The HTML player of an animation: shows its first frame as soon as it is on the page.

matplotlib's ``to_jshtml`` writes an empty ``<img>`` and lets a script fill in the
frames. In JupyterLab 4 with its default notebook windowing, Chromium never lays out
that inline image once the script has set its source: the player shows its buttons
and no picture until Play is pressed (issue 10). The player here is matplotlib's,
with the image made a block of the frame's size that holds the first frame from the
start, so it needs no script to show it.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import msviz
>>> anim = msviz.animate(msviz.run_mean_shift([[0, 0], [1, 0], [5, 5]], bandwidth=2), dpi=20)
>>> html = anim.to_jshtml()
>>> '<img id="_anim_img' in html and 'style="display:block"' in html
True
"""

from __future__ import annotations

import base64
import binascii
import re
import struct

from matplotlib.animation import FuncAnimation

__all__ = ["Animation", "player_html"]

_IMG = re.compile(r'<img id="(_anim_img\w+)">')
_FIRST = re.compile(r'frames\[0\] = "(data:image/(?:png|jpeg);base64,[^"]*)"')


def _png_size(data_url: str) -> tuple[int, int] | None:
    """Width and height of a base64 PNG data URL (from its IHDR chunk)."""
    try:
        head = base64.b64decode(data_url.split(",", 1)[1][:48])
    except (IndexError, ValueError, binascii.Error):
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n" or len(head) < 24:
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def player_html(html: str) -> str:
    """The jshtml player of matplotlib, its first frame shown without a script.

    The ``<img>`` gets the first embedded frame as its source, its width and
    height (so the page keeps room for it) and ``display:block`` (an inline
    image whose source a script changes is left at zero size by Chromium in a
    windowed JupyterLab notebook). HTML without embedded frames is returned
    unchanged.
    """
    found = _FIRST.search(html)
    if found is None or _IMG.search(html) is None:
        return html
    src = found.group(1).replace("\\\n", "").replace("\n", "")
    size = _png_size(src)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    return _IMG.sub(
        lambda m: f'<img id="{m.group(1)}" style="display:block"{dims} src="{src}" '
        'alt="the animation\'s first frame">',
        html, count=1,
    )


class Animation(FuncAnimation):
    """A ``FuncAnimation`` whose HTML player shows its first frame at once.

    Used by :func:`msviz.animate` and the exercises' side-by-side movies; show
    it in a notebook with ``IPython.display.HTML(anim.to_jshtml())`` (or as a
    cell's last line).
    """

    def to_jshtml(  # noqa: D102
        self, fps: int | None = None, embed_frames: bool = True, default_mode: str | None = None
    ) -> str:
        return player_html(super().to_jshtml(fps, embed_frames, default_mode))
