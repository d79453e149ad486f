"""Draw a joint spatial-range segmentation: the image filtering itself step by step.

Three panels: the photograph, the filtered image at the current step (every
pixel painted with the colour its point has drifted to), and the pixels in
colour space (red against green, each dot in its current colour) as they pile
up on the modes. :meth:`SegmentationView.show_step` only calls setters.
"""

from __future__ import annotations

from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure

from msviz.course.segmentation import Segmentation
from msviz.draw import style as S
from msviz.engine._checks import check_step

__all__ = ["SegmentationView", "explore_image"]


#: Size of the three-panel figure, in inches.
FIGSIZE = (11.5, 3.9)
#: CSS class of the figure's display widget in :func:`explore_image`.


class SegmentationView:
    """Show a :class:`msviz.course.segmentation.Segmentation` at any step.

    Parameters
    ----------
    segmentation : Segmentation
        From :func:`msviz.segment_image`.
    fig : Figure, optional
        An empty figure to draw into; None makes a plain Figure of its own on an
        Agg canvas: save it, or show it with :func:`explore_image`.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from msviz import segment_image
    >>> img = np.zeros((6, 6, 3)); img[:, 3:] = [1.0, 0.5, 0.0]
    >>> view = SegmentationView(segment_image(img, spatial_bandwidth=4, range_bandwidth=0.2))
    >>> _ = view.plot()
    >>> view.step_text.get_text()
    'step 0 of 3'
    """

    def __init__(self, segmentation: Segmentation, *, fig: Figure | None = None) -> None:
        if not isinstance(segmentation, Segmentation):
            raise TypeError(
                "SegmentationView needs a Segmentation from msviz.segment_image, "
                f"got {type(segmentation).__name__}"
            )
        self.seg = segmentation
        if fig is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            fig = Figure(figsize=FIGSIZE, dpi=S.SCREEN_DPI)
            FigureCanvasAgg(fig)
        self.fig = fig
        self.step = 0
        self._plotted = False

    def _repr_png_(self) -> bytes:
        """The picture as PNG, so a notebook cell ending with the view shows it."""
        import io

        if not self._plotted:
            self.plot()
        with io.BytesIO() as out:
            self.fig.savefig(out, format="png")
            return out.getvalue()

    def plot(self, step: int = 0) -> list[Artist]:
        """Create every artist once and show ``step``."""
        seg = self.seg
        axes = self.fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 0.9]})
        self.ax_image, self.ax_filtered, self.ax_colour = axes
        h, w = seg.shape
        self.ax_image.imshow(seg.image, interpolation="nearest")
        self.ax_image.set_title("the photograph", fontsize=11)
        self.filtered = self.ax_filtered.imshow(seg.colours_at(0), interpolation="nearest")
        self.ax_filtered.set_title(
            f"each pixel in the colour it drifted to\n(h_s = {seg.spatial_bandwidth:g} px, "
            f"h_r = {seg.range_bandwidth:g})",
            fontsize=11,
        )
        for ax in (self.ax_image, self.ax_filtered):
            ax.set_xticks([])
            ax.set_yticks([])
        rgb = seg.colours_at(0).reshape(-1, 3)
        self.dots = self.ax_colour.scatter(
            rgb[:, 0], rgb[:, 1], c=rgb, s=9, linewidths=0, alpha=0.85
        )
        # Zoom to the photograph's colours (the same box at every step).
        lo, hi = rgb[:, :2].min(axis=0), rgb[:, :2].max(axis=0)
        pad = 0.06 * float(max(hi - lo)) + 0.01
        centre, half = (lo + hi) / 2, float(max(hi - lo)) / 2 + pad
        self.ax_colour.set_xlim(centre[0] - half, centre[0] + half)
        self.ax_colour.set_ylim(centre[1] - half, centre[1] + half)
        self.ax_colour.set_aspect("equal")
        self.ax_colour.set_xlabel("red")
        self.ax_colour.set_ylabel("green")
        self.ax_colour.set_title("pixels in colour space", fontsize=11)
        self.ax_colour.set_facecolor("#f2f2f2")
        self.step_text = self.ax_filtered.text(
            0.02, 0.03, "", transform=self.ax_filtered.transAxes, fontsize=10,
            color="black", bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
        )
        self.fig.subplots_adjust(left=0.02, right=0.98, top=0.82, bottom=0.13, wspace=0.12)
        self._plotted = True
        return self.show_step(step)

    def show_step(self, step: int) -> list[Artist]:
        """Show ``step`` by updating the artists; returns the ones changed."""
        if not self._plotted:
            raise RuntimeError("call plot() before show_step()")
        n = len(self.seg)
        k = check_step(step, n)
        colours = self.seg.colours_at(k)
        rgb = colours.reshape(-1, 3)
        self.filtered.set_data(colours)
        self.dots.set_offsets(rgb[:, :2])
        self.dots.set_facecolors(rgb)
        last = " · done" if k == n - 1 else ""
        text = f"step {k} of {n - 1}{last}"
        if k == n - 1:
            text += f" · {self.seg.n_segments} segments"
        self.step_text.set_text(text)
        self.step = k
        return [self.filtered, self.dots, self.step_text]


def explore_image(segmentation: Segmentation, *, backend: str = "auto") -> Any:
    """An iteration slider with Play over a segmentation (for Jupyter).

    The figure is shown through :class:`msviz.interact.surface.Surface`: with
    ipympl (``%matplotlib widget``) it updates in place; otherwise the picture
    is sent as a PNG image at each step.

    Parameters
    ----------
    segmentation : Segmentation
    backend : {"auto", "ipympl", "image"}, default="auto"
        How the figure is shown ("auto": ipympl under ``%matplotlib widget``).

    Returns
    -------
    ipywidgets.VBox
        With ``.slider``, ``.view`` and ``.surface`` attributes.
    """
    import ipywidgets as widgets

    from msviz.interact._base import CSS
    from msviz.interact.surface import Surface

    surface = Surface(FIGSIZE, S.SCREEN_DPI, backend, CSS["image_canvas"])
    view = SegmentationView(segmentation, fig=surface.fig)
    surface.set_dynamic(view.plot(0))
    n = len(segmentation)
    slider = widgets.IntSlider(value=0, min=0, max=n - 1, description="step")
    play = widgets.Play(value=0, min=0, max=n - 1, interval=400)
    widgets.jslink((play, "value"), (slider, "value"))
    slider.add_class("msviz-image-slider")

    def on_change(change: dict[str, Any]) -> None:
        view.show_step(int(change["new"]))
        surface.update()

    slider.observe(on_change, names="value")
    surface.show_first()
    box = widgets.VBox([widgets.HBox([play, slider]), surface.widget])
    box.slider = slider  # type: ignore[attr-defined]
    box.view = view  # type: ignore[attr-defined]
    box.surface = surface  # type: ignore[attr-defined]
    return box
