"""The explorer's "3-D hill" switch: the same run as a density hill, under the picture.

The hill (:class:`msviz.HillView`) gets a picture of its own below the explorer's
and follows it: the step slider moves its points, a new run (bandwidth, kernel,
data) makes a new hill. It is a PNG picture on every backend (a camera you can drag
is :class:`msviz.HillView` in a cell of its own, with ``%matplotlib widget``). The
2-D picture stays, so the inspector, the layer toggles and the blitted slider keep
working as before; the hill is redrawn whole (mplot3d cannot blit its surface).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from msviz.draw.hill import HillView
from msviz.engine import Trace
from msviz.interact.surface import Surface

__all__ = ["HillPanel", "hill_problem", "make_hill_toggle"]

#: Inches of the hill's figure (as wide as the explorer's picture, a little lower).
HILL_FIGSIZE = (11.5, 5.4)


def hill_problem(trace: Trace | None) -> str | None:
    """Why ``trace`` cannot be shown as a hill (None if it can)."""
    if trace is None:
        return "no run to show yet"
    if trace.X.shape[1] != 2:
        return f"the 3-D hill needs two features (this data has {trace.X.shape[1]})"
    if trace.kernel.shadow is None or trace.kernel.shadow_norm is None:
        return f"kernel {trace.kernel.name!r} has no known density to draw as a hill"
    return None


def make_hill_toggle(ex: Any) -> widgets.ToggleButton:
    """The explorer's "3-D hill" switch."""
    return widgets.ToggleButton(
        value=False, description="3-D hill", icon="area-chart",
        tooltip="show this run as a density hill in 3-D under the picture",
        layout=widgets.Layout(width="auto"),
    )


class HillPanel:
    """A :class:`~msviz.draw.hill.HillView` of the explorer's run on a canvas of its own.

    Parameters
    ----------
    trace : Trace
        The run shown (two features, a kernel with a known density).
    step : int
        The step to show first.
    dpi : float
        As the explorer's.
    backend : {"ipympl", "image"}
        The explorer's backend (the hill is a PNG picture on either).
    css_class : str
        Added to the canvas widget.
    """

    def __init__(self, trace: Trace, step: int, dpi: float, backend: str, css_class: str) -> None:
        # A PNG picture on every backend: an ipympl canvas added to a widget already
        # on the page stayed blank in JupyterLab (its first frame never came).
        del backend
        self.surface = Surface(HILL_FIGSIZE, dpi, "image", css_class)
        self.view = self._make(trace, step)
        self.surface.show_first()

    @property
    def widget(self) -> widgets.DOMWidget:
        """The canvas (or PNG image) that shows the hill."""
        return self.surface.widget

    def _make(self, trace: Trace, step: int) -> HillView:
        self.surface.fig.clear()
        view = HillView(trace, fig=self.surface.fig)
        view.plot(step=min(step, len(trace) - 1))
        return view

    def show_step(self, step: int) -> None:
        """Move the hill's points to ``step`` and show it."""
        self.view.show_step(min(step, len(self.view.trace) - 1))
        self.surface.push()

    def set_trace(self, trace: Trace, step: int) -> None:
        """A new run: a new hill."""
        self.view = self._make(trace, step)
        self.surface.push()

    def close(self) -> None:
        """Close the hill's canvas."""
        self.surface.close()
