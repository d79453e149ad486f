"""The layer registry: a layer added in one place shows in views, toggles, legends and the CLI."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

import msviz  # noqa: E402
from msviz.cli import main as msviz_command  # noqa: E402
from msviz.draw import layers as L  # noqa: E402
from msviz.draw.view import MeanShiftView  # noqa: E402

X = np.array([[0.0, 0.0], [0.4, 0.1], [0.2, 0.5], [4.0, 4.0], [4.5, 3.8], [3.9, 4.6]])


def _view(trace, **kwargs):
    fig = Figure(figsize=(11.5, 6.2), dpi=40)
    FigureCanvasAgg(fig)
    view = MeanShiftView(trace, fig=fig, **kwargs)
    view.plot()
    return view


def _legend_texts(view):
    return [] if view._legend is None else [t.get_text() for t in view._legend.get_texts()]


@pytest.fixture
def trace():
    return msviz.run_mean_shift(X, bandwidth=1.0)


@pytest.fixture
def marks_layer():
    """A new layer registered with the public API alone (and removed afterwards)."""

    @L.register_layer
    class Marks(L.Layer):
        name = "marks"
        help = "a cross on the first moving point"
        default = False
        exports = ("cross",)

        def make(self, ax, scene):
            (self.cross,) = ax.plot([], [], "+", color="k")
            return [self._add(self.cross)]

        def update(self, k):
            p = self.scene.positions[k, 0]
            self.cross.set_data([p[0]], [p[1]])
            return [self.cross]

        def legend(self):
            return [(Line2D([], [], marker="+", color="k", linestyle="none"), "first point")]

    yield Marks
    del L._REGISTRY["marks"]


def test_the_built_in_layers_are_registered_bottom_to_top():
    assert tuple(L.LAYERS) == (
        "density", "basins", "data", "clusters", "trails", "windows", "arrows", "points",
        "targets", "modes", "label", "convergence",
    )
    assert "targets" not in L.DEFAULT_LAYERS and len(L.DEFAULT_LAYERS) == len(L.LAYERS) - 1
    assert all(L.LAYER_HELP[name] for name in L.LAYERS)


def test_a_registered_layer_is_drawn_stepped_toggled_and_in_the_legend(trace, marks_layer):
    view = _view(trace, layers=["data", "points", "marks"])
    assert "marks" in view.available_layers and "marks" in view.layers
    view.show_step(1)
    np.testing.assert_allclose(view.cross.get_xydata()[0], trace.positions[1, 0])
    assert "first point" in _legend_texts(view)
    view.set_layer_visible("marks", False)
    assert not view.cross.get_visible() and "first point" not in _legend_texts(view)
    # not a default layer: a view without layers= leaves it off
    assert "marks" not in _view(trace).layers


def test_every_registered_layer_has_a_toggle_and_a_cli_name(trace, marks_layer, tmp_path):
    ex = msviz.explore(trace, backend="image")
    assert list(ex.layer_toggles) == list(L.LAYERS)
    assert ex.layer_toggles["marks"].value is False and ex.layer_toggles["data"].value
    ex.layer_toggles["marks"].value = True
    assert "marks" in ex.view.layers and ex.view.cross.get_visible()
    out = tmp_path / "marks.gif"
    assert msviz_command(["gif", "--dataset", "five_points", "--bandwidth", "2",
                          "--layers", "data,points,marks", "-o", str(out), "--quiet"]) == 0
    assert out.stat().st_size > 0


def test_every_layer_with_artists_in_the_legend_adds_them_only_while_on(trace):
    full = _view(trace, layers=[n for n in L.LAYERS if n in _view(trace).available_layers])
    texts = _legend_texts(full)
    for name in full.layers:
        entries = [text for _, text in full.layer(name).legend()]
        assert all(t in texts for t in entries), name
        full.set_layer_visible(name, False)
        assert not any(t in _legend_texts(full) for t in entries), name
        full.set_layer_visible(name, True)


def test_targets_are_the_weighted_means_each_moving_point_goes_to(trace):
    view = _view(trace, layers=["data", "points", "targets"])
    for k in range(len(trace) - 1):
        view.show_step(k)
        moving = ~trace[k].converged
        got = view.targets.get_offsets()
        np.testing.assert_allclose(got, trace.positions[k + 1][moving])
        for i, target in zip(np.flatnonzero(moving), got, strict=True):
            np.testing.assert_allclose(target, trace.explain(int(i), k).mean, atol=1e-12)
    view.show_step(-1)
    assert len(view.targets.get_offsets()) == 0  # nothing left to move
    assert "next mean" in _legend_texts(view)


def test_targets_in_a_gif_and_a_still(trace, tmp_path):
    from PIL import Image

    path = msviz.save_gif(trace, tmp_path / "t.gif", layers=["data", "points", "targets"], dpi=30)
    with Image.open(path) as im:
        assert im.n_frames == len(trace)
    with pytest.raises(ValueError, match="unknown layer"):
        _view(trace, layers=["target"])


@pytest.mark.parametrize("variant", ["standard", "blurring"])
def test_a_fast_redraw_is_the_full_picture(variant):
    # Blurring changes the (opaque) density image every step: what lies above it
    # must be redrawn with it, or the data and the axes' frame vanish in the widget.
    import io

    from PIL import Image

    ex = msviz.explore("blobs", variant=variant, bandwidth=4.0, backend="image")
    ex.slider.value = 2
    assert ex.surface.n_fast > 0
    fast = np.asarray(Image.open(io.BytesIO(ex.surface.png())))[..., :3]
    for artist in ex.surface.blitter.artists:  # a plain draw, everything in z-order
        artist.set_animated(False)
    ex.surface.blitter.disconnect()
    ex.fig.canvas.draw()
    full = np.asarray(ex.fig.canvas.buffer_rgba())[..., :3]
    off = np.abs(fast.astype(int) - full.astype(int)).max(axis=2) > 1
    # a few antialiased pixels where a tick mark meets the frame may differ
    assert off.sum() <= 8, f"{off.sum()} pixels differ"


def test_register_layer_refuses_what_it_cannot_offer():
    with pytest.raises(TypeError, match="Layer subclass"):
        L.register_layer(object)  # type: ignore[arg-type]

    class Unnamed(L.Layer):
        help = "no name"

    with pytest.raises(ValueError, match="lower-case name"):
        L.register_layer(Unnamed)

    class Silent(L.Layer):
        name = "silent"

    with pytest.raises(ValueError, match="help text"):
        L.register_layer(Silent)
    assert "silent" not in L.LAYERS
