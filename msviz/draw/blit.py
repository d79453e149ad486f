"""The one blitting protocol of msviz: draw the still part once, then only what moves.

This is matplotlib's BlitManager shape (see the "Faster rendering by using blitting"
tutorial): the changing artists are marked *animated*, so a full draw of the canvas
leaves them out; a ``draw_event`` handler saves that picture as the background and
draws the changing artists on top, so the full picture is complete; a fast update
restores the background, draws the changing artists and blits. Views, widgets and the
GIF exporter all use :class:`Blitter`; it is the only place in msviz that saves or
restores a background.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from matplotlib.figure import Figure
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> fig = Figure(figsize=(2, 2), dpi=50)
>>> canvas = FigureCanvasAgg(fig)
>>> ax = fig.add_subplot()
>>> (line,) = ax.plot([0, 1], [0, 1])
>>> blitter = Blitter(fig)
>>> blitter.set_artists([line])
>>> blitter.ready()
False
>>> canvas.draw()          # saves the background, then draws the line on top
>>> blitter.ready()
True
>>> line.set_ydata([1, 0])
>>> blitter.blit()         # background, the line, blit: no full redraw
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure

__all__ = ["Blitter"]


class Blitter:
    """Fast redraws of a figure whose few artists change between frames.

    Parameters
    ----------
    fig : Figure
        The figure; its canvas must exist (``FigureCanvasAgg(fig)``, an ipympl
        canvas, ...). Canvases that cannot blit fall back to full draws.

    Attributes
    ----------
    artists : list of Artist
        The changing artists, in the order they are drawn.
    n_full, n_fast : int
        Full draws seen and fast (blitted) updates made.
    """

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.artists: list[Artist] = []
        self._background: Any = None
        self._size: tuple[int, int] = (0, 0)
        self._cid: int | None = fig.canvas.mpl_connect("draw_event", self._on_draw)
        self.n_full = 0
        self.n_fast = 0

    # ------------------------------------------------------------------ artists
    def set_artists(self, artists: Iterable[Artist]) -> None:
        """Declare the changing artists (drawn in this order); forgets the background."""
        for artist in self.artists:
            artist.set_animated(False)
        self.artists = list(dict.fromkeys(artists))
        for artist in self.artists:
            artist.set_animated(True)
        self._background = None

    def forget(self) -> None:
        """Drop the saved background (the still part changed); the next draw saves it."""
        self._background = None

    def disconnect(self) -> None:
        """Stop blitting: the artists draw normally again and no background is kept."""
        self.set_artists([])
        if self._cid is not None:
            self.fig.canvas.mpl_disconnect(self._cid)
            self._cid = None

    # ------------------------------------------------------------------ state
    @property
    def can_blit(self) -> bool:
        """Whether the canvas can save and restore regions (every Agg canvas, ipympl's too).

        ipympl's canvas says ``supports_blit = False`` but blits, sending the browser
        only the changed part of the picture.
        """
        canvas = self.fig.canvas
        return hasattr(canvas, "copy_from_bbox") and hasattr(canvas, "restore_region")

    def _now(self) -> tuple[int, int]:
        w, h = self.fig.bbox.size
        return int(w), int(h)

    def ready(self) -> bool:
        """Whether a background of the figure's current size is saved."""
        return self._background is not None and self._size == self._now()

    # ------------------------------------------------------------------ drawing
    def _on_draw(self, event: Any) -> None:
        # After a full draw: keep it as the background, then draw the changing
        # artists on top so the picture is complete. Saving a figure draws
        # animated artists itself, and another renderer's picture is no background.
        canvas = self.fig.canvas
        renderer = getattr(event, "renderer", None)
        if renderer is None or canvas.is_saving() or event.canvas is not canvas:
            return
        self.n_full += 1
        if self.can_blit and renderer is getattr(canvas, "renderer", renderer):
            self._background = canvas.copy_from_bbox(self.fig.bbox)  # type: ignore[attr-defined]
            self._size = self._now()
        self.draw_artists(renderer)

    def draw_artists(self, renderer: Any = None) -> None:
        """Draw the visible changing artists (over whatever the canvas holds)."""
        if renderer is None:
            renderer = self.fig.canvas.get_renderer()  # type: ignore[attr-defined]
        for artist in self.artists:
            if (
                artist.get_visible()
                and artist.get_figure(root=True) is self.fig
                and (artist.axes is None or artist.axes.get_visible())
            ):
                artist.draw(renderer)

    def restore(self) -> bool:
        """Put the saved background back into the canvas; False if there is none."""
        if not self.ready():
            return False
        self.fig.canvas.restore_region(self._background)  # type: ignore[attr-defined]
        return True

    def blit(self) -> bool:
        """Background, changing artists, blit. False (nothing done) when not :meth:`ready`."""
        if not self.restore():
            return False
        self.draw_artists()
        self.fig.canvas.blit(self.fig.bbox)
        self.n_fast += 1
        return True
