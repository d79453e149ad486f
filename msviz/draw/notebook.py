"""Figures for a notebook: sized to fit, and shown as plain pictures under ipympl.

With ``%matplotlib widget`` every figure made with pyplot is a live ipympl canvas
with a "Figure 1" caption above it, a toolbar and a resize grip: in a lesson they
read as part of the picture. :func:`setup_notebook` (the first cell of every msviz
notebook) makes pyplot's figures plain pictures, as msviz's own are.
"""

from __future__ import annotations

from typing import Any

from msviz.engine._checks import check_real

__all__ = ["plain_canvas", "plain_figure", "setup_notebook"]

#: pyplot's hook for new figures (``rcParams["figure.hooks"]``), as "module:function".
HOOK = "msviz.draw.notebook:plain_figure"


def plain_canvas(canvas: Any) -> None:
    """A still is a picture: no "Figure 1" caption, toolbar or resize grip (ipympl).

    Canvases of other backends have none of these and are left as they are.
    """
    for name in ("header_visible", "footer_visible", "toolbar_visible", "resizable"):
        if hasattr(canvas, name):
            setattr(canvas, name, False)


def plain_figure(fig: Any) -> None:
    """Pyplot's ``figure.hooks`` entry: every new figure's canvas made plain."""
    plain_canvas(fig.canvas)


def setup_notebook(dpi: float = 72.0, *, plain: bool = True) -> None:
    """Set matplotlib up for a lesson notebook (call once, in the first cell).

    Parameters
    ----------
    dpi : float, default=72
        Dots per inch of new figures: at 72 a figure of 11.5 inches fits the
        width of a notebook.
    plain : bool, default=True
        Show pyplot's figures as plain pictures: under ``%matplotlib widget`` no
        "Figure 1" caption, toolbar or resize grip (a drag still turns a 3-D
        hill). False puts ipympl's own back for figures made afterwards.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import msviz
    >>> msviz.setup_notebook()
    >>> hook = "msviz.draw.notebook:plain_figure"
    >>> plt.rcParams["figure.dpi"], hook in plt.rcParams["figure.hooks"]
    (72.0, True)
    >>> msviz.setup_notebook(plain=False)           # ipympl's caption and toolbar again
    >>> hook in plt.rcParams["figure.hooks"]
    False
    """
    import matplotlib

    dpi = check_real(dpi, "dpi", low=10.0, high=600.0, usual="the default is 72")
    if not isinstance(plain, bool):
        raise TypeError(f"plain must be True or False, got {plain!r}")
    matplotlib.rcParams["figure.dpi"] = dpi
    hooks = [h for h in matplotlib.rcParams["figure.hooks"] if h != HOOK]
    matplotlib.rcParams["figure.hooks"] = [*hooks, HOOK] if plain else hooks
