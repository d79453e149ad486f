"""The one way to show a figure in a notebook: a live ipympl canvas, or a PNG image."""

from __future__ import annotations

import io
import os
import sys
import warnings
from collections.abc import Iterable

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from msviz.draw import style as S
from msviz.draw.blit import Blitter
from msviz.engine._checks import check_real

__all__ = ["Surface", "detect_backend"]


#: How a figure can be shown: "auto" picks "ipympl" under ``%matplotlib widget``.
BACKENDS = ("auto", "ipympl", "image")


#: Dots per inch of widget figures (11.5 x 6.2 inches is 828 x 446 pixels).
DEFAULT_DPI = 72.0


def detect_backend(backend: str = "auto") -> str:
    """Resolve ``backend`` to ``"ipympl"`` or ``"image"``.

    "auto" gives "ipympl" when matplotlib's backend is ipympl (after
    ``%matplotlib widget`` or ``%matplotlib ipympl``) and "image" otherwise
    (inline backend, Agg, exported notebooks).

    Examples
    --------
    >>> detect_backend("image")
    'image'

    """
    if not isinstance(backend, str) or backend not in BACKENDS:
        names = ", ".join(map(repr, BACKENDS))
        raise ValueError(f"backend must be one of {names}, got {backend!r}")
    if backend != "auto":
        return backend
    name = str(matplotlib.get_backend()).lower()
    if "ipympl" in name or name == "widget":
        return "ipympl"
    return "image"


def check_dpi(dpi: object) -> float:
    """A widget's ``dpi=``: None for the default, else a number from 10 to 600."""
    if dpi is None:
        return DEFAULT_DPI
    return check_real(dpi, "dpi", low=10.0, high=600.0, usual=f"the default is {DEFAULT_DPI:g}")


def editor_hint(mode: str) -> str | None:
    """A note for editors where a live ipympl canvas often shows nothing, else None.

    VS Code's notebooks and Google Colab need a step of their own for ipympl
    figures; a PNG image (``backend="image"``) works in both.

    Examples
    --------
    >>> editor_hint("image") is None
    True
    """
    if mode != "ipympl":
        return None
    if "google.colab" in sys.modules:
        return ("In Colab a live figure needs Colab's widget manager: run "
                "`from google.colab import output; output.enable_custom_widget_manager()` "
                "before this cell, or pass backend='image' for pictures without clicks.")
    if os.environ.get("VSCODE_PID") or os.environ.get("TERM_PROGRAM") == "vscode":
        return ("In VS Code a live figure sometimes shows nothing. If you see no picture "
                "below, pass backend='image' (the sliders work the same; clicks on the "
                "picture do not).")
    return None


def _png(rgba: object) -> bytes:
    """An RGBA buffer as PNG bytes (RGB, quick compression), as every frame is sent."""
    from PIL import Image

    with io.BytesIO() as out:
        Image.fromarray(np.asarray(rgba)[..., :3]).save(out, format="png", compress_level=2)
        return out.getvalue()


def _full_frames(canvas: widgets.DOMWidget) -> None:
    """Make every frame the canvas sends a whole picture, never a difference.

    ipympl's page side starts loading a frame and drops it when the next one comes
    before it has loaded (a slow page, Play right after a redraw). With differences
    every later frame is then painted on the wrong picture, and it stays wrong: the
    quiz's answer picture showed the question's with every step's window over it.
    A dropped whole frame is mended by the next. Encoded as the image backend's
    PNGs are (RGB, quick compression): as fast as ipympl's differences.
    """

    def whole_image() -> bytes | None:
        if not canvas._png_is_old:
            return None
        canvas.set_image_mode("full")
        canvas._force_full = False
        canvas._png_is_old = False
        return _png(canvas.get_renderer().buffer_rgba())

    canvas.get_diff_image = whole_image


def _keep_fixed_size(canvas: widgets.DOMWidget, content: dict, buffers: list) -> None:
    """After ipympl's page side says it is ready, send ``resizable=False`` again."""
    if isinstance(content, dict) and content.get("type") == "initialized":
        canvas.send_state("resizable")


class Surface:
    """One persistent figure and the widget that shows it.

    Parameters
    ----------
    figsize : (float, float)
        Figure size in inches.
    dpi : float
        Dots per inch (the figure is ``figsize * dpi`` pixels).
    backend : {"ipympl", "image"}
        An ipympl canvas (interactive, clickable) or a PNG ``ipywidgets.Image``.
    css_class : str
        Added to the display widget, for tests and styling.

    Attributes
    ----------
    fig : Figure
    widget : ipywidgets.DOMWidget
        The ipympl ``Canvas`` or the ``Image``.
    mode : str
        "ipympl" or "image".
    n_full, n_fast : int
        How many full redraws and fast (blitted) updates were made.

    Notes
    -----
    The ipympl canvas is made directly (``ipympl.backend_nbagg.Canvas``), not
    through pyplot: no figure number, nothing for ``plt.show`` or the end of
    the cell to display a second time, and no reference left in pyplot that
    would keep the figure alive after the widget is gone.

    """

    def __init__(
        self, figsize: tuple[float, float], dpi: float, backend: str, css_class: str
    ) -> None:
        self.mode = detect_backend(backend)
        dpi = check_dpi(dpi)
        self.fig = Figure(figsize=figsize, dpi=dpi, facecolor=S.WHITE)
        self.widget: widgets.DOMWidget
        if self.mode == "ipympl":
            from ipympl.backend_nbagg import Canvas, FigureManager

            canvas = Canvas(self.fig)
            with warnings.catch_warnings():
                # ipympl's toolbar passes its canvas on to traitlets (harmless)
                warnings.filterwarnings("ignore", "Passing unrecognized arguments",
                                        DeprecationWarning)
                FigureManager(canvas, 0)
            canvas.header_visible = False
            canvas.footer_visible = False
            canvas.toolbar_visible = False
            canvas.resizable = False
            canvas.capture_scroll = False
            # ipympl's page side turns "resizable" back on when its connection comes up
            # (Voila showed the resize grip): say False again once the page is ready.
            canvas.on_msg(_keep_fixed_size)
            _full_frames(canvas)
            self.widget = canvas
        else:
            FigureCanvasAgg(self.fig)
            w, h = self.pixel_size()
            self.widget = widgets.Image(
                format="png",
                layout=widgets.Layout(width=f"{w}px", max_width="100%", height="auto"),
            )
        self.widget.add_class(css_class)
        #: The one blitting protocol (:class:`msviz.draw.blit.Blitter`).
        self.blitter = Blitter(self.fig)
        self.n_full = 0
        self.n_fast = 0

    # ---------------------------------------------------------------- sizes
    def pixel_size(self) -> tuple[int, int]:
        """Width and height of the figure in pixels."""
        w, h = self.fig.get_size_inches() * self.fig.dpi
        return int(round(w)), int(round(h))

    # ---------------------------------------------------------------- artists
    def set_dynamic(self, artists: Iterable[Artist]) -> None:
        """Declare the artists that change between frames (drawn over the background).

        Call after the artists were (re)made; forgets the saved background.
        """
        self.blitter.set_artists(sorted(dict.fromkeys(artists), key=lambda a: a.get_zorder()))

    # ---------------------------------------------------------------- drawing
    def show_first(self) -> None:
        """Show the figure for the first time."""
        if self.mode == "ipympl":
            # The frame the canvas starts with (and keeps in a saved notebook): the
            # canvas's own display hook sets its size and first image correctly.
            self.widget._repr_mimebundle_()
            self.n_full += 1
        else:
            self.redraw()

    def redraw(self) -> None:
        """Draw the whole figure and show it.

        With ipympl the browser is asked for a redraw (``draw_idle``): it requests
        the frame once it is ready for it, and the background for fast updates
        is saved when that draw happens.
        """
        self.n_full += 1
        if self.mode == "ipympl":
            self.blitter.forget()
            self.fig.canvas.draw_idle()
        else:
            self.fig.canvas.draw()
            self._push_png()

    def push(self) -> None:
        """Draw the whole figure and send it to the page now, even while the kernel is busy.

        :meth:`redraw` with ipympl waits for the browser to ask for the frame, which
        it cannot do until the kernel is free again.
        """
        self.n_full += 1
        self.blitter.forget()
        self.fig.canvas.draw()  # ipympl's draw sends the frame itself
        if self.mode != "ipympl":
            self._push_png()

    def update(self) -> None:
        """Show the current state of the dynamic artists (fast; full redraw if needed)."""
        if not self.blitter.restore():
            self.redraw()
            return
        self.n_fast += 1
        self.blitter.draw_artists()
        if self.mode == "ipympl":
            self.fig.canvas.blit(self.fig.bbox)
        else:
            self._push_png()

    def png(self) -> bytes:
        """The picture as shown now, as PNG bytes."""
        canvas = self.fig.canvas
        if not self.blitter.ready():
            canvas.draw()
        return _png(canvas.buffer_rgba())  # type: ignore[attr-defined]

    def _push_png(self) -> None:
        assert isinstance(self.widget, widgets.Image)
        self.widget.value = self.png()

    def close(self) -> None:
        """Close the display widget."""
        self.widget.close()
