"""The explorer's "3-D hill" switch: the same run as a density hill, under the picture.

The hill (:class:`msviz.HillView`) gets a picture of its own below the explorer's
and follows it: the step slider moves its points, a new run (bandwidth, kernel,
data) makes a new hill. With ``%matplotlib widget`` it is a live canvas whose camera
turns with a drag (and stays turned from run to run); otherwise a PNG picture. The
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
    """The hill's canvas under the explorer's picture, hidden until the switch is on.

    The canvas is made with the explorer and stays in its layout (hidden while the
    switch is off): an ipympl canvas added to a widget already on the page missed its
    frames in JupyterLab (it rendered after they came and stayed blank), while one on
    the page from the start takes every frame, and the mouse turns its camera.

    Parameters
    ----------
    dpi : float
        As the explorer's.
    backend : {"ipympl", "image"}
        The explorer's backend: a live canvas you can drag, or a PNG picture.
    css_class : str
        Added to the canvas widget.

    Attributes
    ----------
    view : HillView or None
        The hill shown, None while the switch is off.
    """

    def __init__(self, dpi: float, backend: str, css_class: str) -> None:
        self.surface = Surface(HILL_FIGSIZE, dpi, backend, css_class)
        self.view: HillView | None = None
        self._camera: tuple[float, float] | None = None  # kept from run to run
        self.surface.show_first()
        self.widget.layout.display = "none"

    @property
    def widget(self) -> widgets.DOMWidget:
        """The canvas (or PNG image) that shows the hill."""
        return self.surface.widget

    @property
    def active(self) -> bool:
        """Whether a hill is shown."""
        return self.view is not None

    def _make(self, trace: Trace, step: int) -> None:
        self._forget()
        view = HillView(trace, fig=self.surface.fig)
        if self._camera is not None:
            view.set_camera(elev=self._camera[0], azim=self._camera[1])
        view.plot(step=min(step, len(trace) - 1))
        self.view = view

    def _forget(self) -> None:
        if self.view is not None:
            self._camera = self.view.camera  # where the learner turned it
            for cid in getattr(self.view, "_drag_cids", ()):
                self.surface.fig.canvas.mpl_disconnect(cid)
            self.view = None
        self.surface.fig.clear()

    def show(self, trace: Trace, step: int) -> None:
        """Show the hill of ``trace`` at ``step``."""
        self._make(trace, step)
        self.widget.layout.display = None
        self.surface.push()

    def hide(self) -> None:
        """Hide the canvas and drop the hill (its figure is emptied)."""
        self._forget()
        self.widget.layout.display = "none"

    def show_step(self, step: int) -> None:
        """Move the hill's points to ``step`` and show it (nothing while hidden)."""
        if self.view is None:
            return
        self.view.show_step(min(step, len(self.view.trace) - 1))
        self.surface.push()

    def set_trace(self, trace: Trace, step: int) -> None:
        """A new run: a new hill, seen from where the camera was (nothing while hidden)."""
        if self.view is not None:
            self._make(trace, step)
            self.surface.push()

    def close(self) -> None:
        """Close the hill's canvas."""
        self._forget()
        self.surface.close()
