"""The density hill in 3-D (issue 13, part 2): heights, setters, modes, 1-D, GIF, CLI, errors."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

import msviz
from msviz.draw.hill import HillView
from msviz.export.frames import _figure
from msviz.scene.hill import hill_scene

#: The density path is float32 (a picture's precision): one unit in its last place.
F32 = 2.0**-23


@pytest.fixture(scope="module")
def blobs():
    return msviz.run_mean_shift(msviz.datasets.load("blobs"), bandwidth=2.5)


@pytest.fixture(scope="module")
def moons():
    return msviz.run_mean_shift(msviz.datasets.load("moons"), bandwidth=0.35, kernel="gaussian")


def _view(trace, **kw):
    return HillView(trace, fig=_figure(None, 40), **kw).plot()


def _drawn_points(view):
    """Every moving point as drawn: x, y, z from the three 3-D scatters."""
    parts = [np.column_stack(a._offsets3d) for a in
             (view.moving_points, view.stopped_points, view.empty_points)]
    return np.concatenate([p.reshape(-1, 3) for p in parts])


def _sorted_rows(a):
    a = np.round(np.asarray(a, dtype=float), 9)
    return a[np.lexsort(a.T[::-1])]


# --------------------------------------------------------------------------- heights


@pytest.mark.parametrize("which", ["blobs", "moons"])
def test_every_point_sits_at_its_density_at_every_step(which, request):
    trace = request.getfixturevalue(which)
    view = _view(trace)
    steps = range(len(trace)) if len(trace) < 25 else np.linspace(0, len(trace) - 1, 12)
    for k in map(int, steps):
        view.show_step(k)
        drawn = _drawn_points(view)
        assert drawn.shape == (trace.positions.shape[1], 3)
        # the drawn points are the run's points at that step ...
        np.testing.assert_allclose(
            _sorted_rows(drawn[:, :2]), _sorted_rows(trace.positions[k]), atol=1e-9
        )
        # ... each at the height of the density there
        np.testing.assert_allclose(drawn[:, 2], trace.density(drawn[:, :2]), rtol=F32,
                                   atol=1e-15, err_msg=f"step {k}")


def test_blurring_points_sit_on_that_steps_density():
    trace = msviz.run_mean_shift(msviz.datasets.load("moons"), bandwidth=0.3,
                                 variant="blurring", kernel="gaussian")
    view = _view(trace)
    assert view.scene.per_step  # the hill itself changes: the data moves
    before = view.surface.get_array().copy()
    for k in (0, len(trace) // 2, len(trace) - 1):
        view.show_step(k)
        drawn = _drawn_points(view)
        np.testing.assert_allclose(drawn[:, 2], trace.density(drawn[:, :2], step=k),
                                   rtol=F32, atol=1e-15)
    assert not np.allclose(view.surface.get_array(), before)


def test_the_surface_is_in_density_units(blobs):
    scene = hill_scene(blobs)
    z = scene.surface(0)
    assert z.shape == (scene.ys.size, scene.xs.size)
    gx, gy = np.meshgrid(scene.xs, scene.ys)
    nodes = np.column_stack([gx.ravel(), gy.ravel()])
    np.testing.assert_allclose(z.ravel(), blobs.density(nodes), rtol=1e-12)
    assert 0 < z.max() < 0.5  # a density of data spread over ~20 x 20 units, not scaled to 1
    assert scene.zlim[0] == 0 and scene.zlim[1] >= z.max()


def test_trails_lie_on_the_hill(moons):
    scene = hill_scene(moons)
    path = scene.trail_path
    assert path.shape == (moons.positions.shape[1], (len(moons) - 1) * scene.pieces + 1, 3)
    # the step ends are the points themselves
    np.testing.assert_array_equal(path[:, :: scene.pieces], scene.positions.swapaxes(0, 1))
    # and every vertex in between is on the hill too (short steps are straight: within 1 %)
    sample = path[:, :: 7].reshape(-1, 3)
    top = float(moons.density_path().max())
    assert np.max(np.abs(sample[:, 2] - moons.density(sample[:, :2]))) < 0.01 * top
    view = _view(moons)
    view.show_step(5)
    np.testing.assert_array_equal(view.trails._segments3d, scene.trail(5))


# --------------------------------------------------------------------------- setters only


def _children(view):
    return ([id(a) for a in view.ax.get_children()], [id(a) for a in view.fig.get_children()],
            [id(a) for a in view.fig.texts])


@pytest.mark.parametrize("which", ["blobs", "moons"])
def test_show_step_only_calls_setters(which, request):
    trace = request.getfixturevalue(which)
    view = _view(trace)
    before = _children(view)
    starts = _drawn_points(view).copy()
    label = view.label.get_text()
    for k in (1, len(trace) - 1, 2, 0, -1):
        changed = view.show_step(k)
        assert _children(view) == before, f"show_step({k}) added or removed an artist"
        assert all(a in view.ax.get_children() or a in view.fig.texts for a in changed)
    # ... and the setters did move them
    assert not np.allclose(_drawn_points(view)[:, :2].mean(0), starts[:, :2].mean(0)) or \
        not np.allclose(np.sort(_drawn_points(view)[:, 2]), np.sort(starts[:, 2]))
    assert view.label.get_text() != label
    view.fig.canvas.draw()
    assert _children(view) == before


def test_plot_twice_is_refused(blobs):
    view = _view(blobs)
    with pytest.raises(RuntimeError, match="show_step"):
        view.plot()


def test_blitted_frames_are_the_full_draw_frames(moons):
    fast = _view(moons)
    full = _view(moons)
    fast.blit()  # full draw, kept as the still part
    for k in (3, 40, len(moons) - 1):
        fast.show_step(k)
        fast.blit()
        full.show_step(k)
        full.fig.canvas.draw()
        a = np.asarray(fast.fig.canvas.buffer_rgba())[..., :3].astype(int)
        b = np.asarray(full.fig.canvas.buffer_rgba())[..., :3].astype(int)
        assert np.mean(np.abs(a - b) > 8) < 0.002, f"step {k}"
    assert fast.blitter is not None and fast.blitter.n_fast == 3


def test_set_camera_turns_the_picture(blobs):
    view = _view(blobs)
    view.fig.canvas.draw()
    a = np.asarray(view.fig.canvas.buffer_rgba()).copy()
    view.set_camera(azim=-20)
    assert view.camera == (26.0, -20.0)
    view.fig.canvas.draw()
    assert np.mean(np.any(a != np.asarray(view.fig.canvas.buffer_rgba()), axis=-1)) > 0.05


# --------------------------------------------------------------------------- modes


@pytest.mark.parametrize("which", ["blobs", "moons"])
def test_modes_sit_at_the_peaks(which, request):
    trace = request.getfixturevalue(which)
    view = _view(trace)
    view.show_step(-1)
    modes = np.column_stack(view.modes._offsets3d)
    assert len(modes) == trace.n_clusters
    np.testing.assert_allclose(_sorted_rows(modes[:, :2]), _sorted_rows(trace.cluster_centers))
    np.testing.assert_allclose(modes[:, 2], trace.density(modes[:, :2]), rtol=1e-12)
    scene = view.scene
    z = scene.surface(-1)
    gx, gy = np.meshgrid(scene.xs, scene.ys)
    h = float(trace.bandwidth)
    for x, y, height in modes:
        near = (gx - x) ** 2 + (gy - y) ** 2 <= (h / 2) ** 2
        assert near.any()
        # the top of the hill near a mode is the mode's own height (the grid nodes
        # around it are a little lower, never higher)
        assert height >= z[near].max() * (1 - 1e-3)
        assert height <= z[near].max() * 1.05
    # modes show once their points have stopped: none at the start
    view.show_step(0)
    assert len(np.column_stack(view.modes._offsets3d)) == 0


# --------------------------------------------------------------------------- one feature


def test_one_feature_is_the_density_curve_with_the_points_on_it():
    rng = np.random.default_rng(1)
    x = np.concatenate([rng.normal(0, 1, 60), rng.normal(6, 1, 40)])[:, None]
    trace = msviz.run_mean_shift(x, bandwidth=1.2, kernel="gaussian")
    fig = _figure(None, 40)
    view = HillView(trace, fig=fig).plot()
    assert view.flat is not None and view.ax.name != "3d"
    assert sorted(view.flat.layers) == sorted(["density", "data", "trails", "points", "modes",
                                               "label"])
    for k in (0, 3, len(trace) - 1):
        view.show_step(k)
        assert view.step == k
        pts = np.concatenate([view.moving_points.get_offsets(),
                              view.stopped_points.get_offsets()])
        np.testing.assert_allclose(pts[:, 1], trace.density(pts[:, :1]), rtol=F32)
    modes = view.modes.get_offsets()
    np.testing.assert_allclose(modes[:, 1], trace.density(modes[:, :1]), rtol=1e-12)
    assert repr(view).endswith("kind='curve')")
    with pytest.raises(ValueError, match="ax"):
        HillView(trace, ax=Figure().add_subplot(projection="3d"))
    with pytest.raises(ValueError, match="camera"):
        view.set_camera(azim=10)


# --------------------------------------------------------------------------- exports


def test_hill_gif_reads_back(blobs, tmp_path):
    out = msviz.save_gif(blobs, tmp_path / "hill.gif", view="hill", dpi=40, pause=0)
    with Image.open(out) as im:
        assert im.n_frames == len(blobs)
        assert im.size == (round(11.5 * 40), round(6.2 * 40))
        frames = []
        for i in range(im.n_frames):
            im.seek(i)
            frames.append(np.asarray(im.convert("RGB")).copy())
    assert np.mean(np.any(frames[0] != frames[-1], axis=-1)) > 0.002  # the points climbed
    assert not np.array_equal(frames[0], frames[1])


def test_a_turning_hill_gif_turns(blobs, tmp_path):
    out = msviz.save_gif(blobs, tmp_path / "turn.gif", view="hill", dpi=30, turn=5,
                         steps=[0, 0, 0], pause=0)
    with Image.open(out) as im:
        assert im.n_frames == 3
        im.seek(0)
        a = np.asarray(im.convert("RGB")).copy()
        im.seek(2)
        b = np.asarray(im.convert("RGB")).copy()
    # the same step twice, 10 degrees apart: the whole hill moved
    assert np.mean(np.any(a != b, axis=-1)) > 0.05


def test_save_frames_of_a_hill_view(moons, tmp_path):
    view = HillView(moons, fig=_figure(None, 30), azim=-30)
    paths = msviz.save_frames(view, tmp_path / "frames", steps=[0, -1], dpi=30)
    assert [p.name for p in paths] == ["step_000.png", f"step_{len(moons) - 1:03d}.png"]


def _cli(*args):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "msviz", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def test_cli_writes_a_hill_gif(tmp_path):
    out = tmp_path / "hill.gif"
    result = _cli("gif", "-o", str(out), "--dataset", "blobs", "--view", "hill", "--dpi",
                  "30", "--turn", "2")
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    with Image.open(out) as im:
        assert im.n_frames > 2 and im.size == (round(11.5 * 30), round(6.2 * 30))


@pytest.mark.parametrize(("args", "word"), [
    (("--view", "hill", "--layers", "points"), "--layers"),
    (("--turn", "3"), "--turn"),
    (("--view", "hill", "--dataset", "iris"), "two features"),
    (("--view", "cube",), "--view"),
])
def test_cli_bad_hill_arguments_are_one_line_errors(tmp_path, args, word):
    result = _cli("gif", "-o", str(tmp_path / "x.gif"), "--dpi", "30", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and word in result.stderr
    assert not (tmp_path / "x.gif").exists()


# --------------------------------------------------------------------------- errors


def test_bad_arguments_name_the_argument(blobs, tmp_path):
    X3 = np.random.default_rng(0).normal(size=(40, 3))
    with pytest.raises(ValueError, match="two features.*fit_projection"):
        HillView(msviz.run_mean_shift(X3, bandwidth=1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        custom = msviz.run_mean_shift(msviz.datasets.load("five_points"), bandwidth=2,
                                      kernel=lambda u: 1.0 / (1.0 + u))
    with pytest.raises(ValueError, match="shadow"):
        HillView(custom)
    with pytest.raises(ValueError, match="ax must be a 3-D axes"):
        HillView(blobs, ax=Figure().add_subplot())
    with pytest.raises(ValueError, match="fig must be an empty figure"):
        fig = Figure()
        fig.add_subplot()
        HillView(blobs, fig=fig)
    for kw, name in [({"resolution": 3}, "resolution"), ({"elev": 100}, "elev"),
                     ({"surface_alpha": 2}, "surface_alpha"), ({"azim": "left"}, "azim")]:
        with pytest.raises((ValueError, TypeError), match=name):
            HillView(blobs, fig=_figure(None, 30), **kw)
    with pytest.raises(TypeError, match="trace"):
        HillView([[0, 0], [1, 1]])
    gif = tmp_path / "x.gif"
    with pytest.raises(ValueError, match="view must be one of"):
        msviz.save_gif(blobs, gif, view="cube")
    with pytest.raises(ValueError, match="turn"):
        msviz.save_gif(blobs, gif, turn=2)
    with pytest.raises(ValueError, match="turn"):
        msviz.save_gif(blobs, gif, view="hill", turn=90)
    with pytest.raises(ValueError, match="layers"):
        msviz.save_gif(blobs, gif, view="hill", layers=["points"])
    with pytest.raises(TypeError, match="view='hill'.*n_windows"):
        msviz.save_gif(blobs, gif, view="hill", n_windows=3)
    assert not gif.exists()


def test_hillview_is_exported_lazily():
    code = ("import sys, msviz, msviz.draw; light = 'matplotlib' not in sys.modules; "
            "print(light, msviz.HillView is msviz.draw.HillView, 'HillView' in dir(msviz))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["True", "True", "True"]


def test_a_drag_turns_and_tilts_without_rolling(blobs):
    from matplotlib.backend_bases import MouseEvent

    view = _view(blobs)
    view.fig.canvas.draw()
    canvas = view.fig.canvas
    box = view.ax.bbox
    x, y = box.x0 + box.width / 2, box.y0 + box.height / 2

    def send(name, x, y):
        event = MouseEvent(name, canvas, x, y, button=1)
        canvas.callbacks.process(name, event)

    send("button_press_event", x, y)
    send("motion_notify_event", x + box.width / 6, y - box.height / 9)
    send("button_release_event", x + box.width / 6, y - box.height / 9)
    elev, azim = view.camera
    assert azim == pytest.approx(-62 - 30, abs=1) and elev == pytest.approx(26 + 20, abs=1)
    assert view.ax.roll == 0
    send("motion_notify_event", x, y)  # released: moving does nothing
    assert view.camera == (elev, azim)
