"""Exports: the very frames show_step draws, written atomically."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import os  # noqa: E402
import tempfile  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.animation import AbstractMovieWriter  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.draw import style as S  # noqa: E402
from msviz.draw.view import MeanShiftView  # noqa: E402
from msviz.export import frames  # noqa: E402
from msviz.export.frames import animate, iter_frames, save_frames, save_html  # noqa: E402
from msviz.export.gif import quantize, save_gif  # noqa: E402

DPI = 30


@pytest.fixture(scope="module")
def trace():
    return msviz.run_mean_shift(datasets.load("blobs", n_samples=60), bandwidth=2.5)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- GIF


def test_gif_read_back(trace, tmp_path):
    out = save_gif(trace, tmp_path / "run.gif", fps=5, dpi=DPI, pause=1.5)
    assert out == tmp_path / "run.gif"
    w, h = (round(S.FIGSIZE[0] * DPI), round(S.FIGSIZE[1] * DPI))
    with Image.open(out) as im:
        assert im.format == "GIF"
        assert im.n_frames == len(trace)
        assert im.size == (w, h)
        assert im.info["loop"] == 0
        durations = []
        for i in range(im.n_frames):
            im.seek(i)
            durations.append(im.info["duration"])
    # Pauses are frame durations: 200 ms a step, 1.5 s more on the first and last.
    assert durations == [1700] + [200] * (len(trace) - 2) + [1700]
    assert _listing(tmp_path) == ["run.gif"]


def _static_frame(trace, k):
    """show_step(k) drawn on a fresh view, mapped to the fixed palette."""
    palette = S.gif_palette()
    fig = Figure(figsize=S.FIGSIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    view = MeanShiftView(trace, fig=fig)
    view.plot(step=k)
    fig.canvas.draw()
    return palette[quantize(np.asarray(fig.canvas.buffer_rgba())[..., :3], palette)]


def _read_frames(path):
    with Image.open(path) as im:
        out = []
        for i in range(im.n_frames):
            im.seek(i)
            out.append(np.asarray(im.convert("RGB")).astype(int))
    return out


def test_gif_frames_are_the_view_frames(trace, tmp_path):
    """With tolerance=0 each GIF frame is show_step(k) + a full draw, in the fixed palette."""
    frames = _read_frames(save_gif(trace, tmp_path / "run.gif", dpi=DPI, tolerance=0))
    for k in range(len(trace)):
        np.testing.assert_array_equal(frames[k], _static_frame(trace, k))


@pytest.mark.parametrize("tolerance", [40, 90])
def test_gif_tolerance_bounds_the_lag_and_keeps_ends_exact(tolerance, tmp_path):
    """Frames in between may lag by at most ``tolerance``; first and last are exact."""
    X = datasets.load("varied", n_samples=150)
    t = msviz.run_mean_shift(X, bandwidth=0.8, kernel="gaussian")
    steps = range(12)
    lossy = _read_frames(save_gif(t, tmp_path / "lossy.gif", dpi=DPI, steps=steps,
                                  tolerance=tolerance))
    exact = _read_frames(save_gif(t, tmp_path / "exact.gif", dpi=DPI, steps=steps, tolerance=0))
    assert len(lossy) == len(exact) == 12
    np.testing.assert_array_equal(lossy[0], exact[0])
    np.testing.assert_array_equal(lossy[-1], exact[-1])
    lag = [int(np.abs(a - b).max()) for a, b in zip(lossy, exact, strict=True)]
    assert max(lag) <= tolerance
    assert max(lag) > 0  # the tolerance did leave something behind
    # ... but never where the exact frame shows the static picture: no ghosts.
    fig = Figure(figsize=S.FIGSIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    view = MeanShiftView(t, fig=fig)
    view.plot()
    for artist in view.dynamic_artists():
        artist.set_visible(False)
    fig.canvas.draw()
    palette = S.gif_palette()
    static = palette[quantize(np.asarray(fig.canvas.buffer_rgba())[..., :3], palette)]
    for a, b in zip(lossy, exact, strict=True):
        bare = np.all(b == static, axis=2)
        assert bare.sum() > 0.5 * bare.size
        np.testing.assert_array_equal(a[bare], b[bare])
    assert os.path.getsize(tmp_path / "lossy.gif") < os.path.getsize(tmp_path / "exact.gif")


def test_gif_has_one_global_palette(trace, tmp_path):
    """No frame carries a local colour table (768 bytes each)."""
    out = save_gif(trace, tmp_path / "run.gif", dpi=DPI)
    data = out.read_bytes()
    assert data[10] & 0x80  # a global colour table
    pos = 13 + 3 * 2 ** ((data[10] & 7) + 1)
    n_images = 0
    while data[pos] != 0x3B:
        if data[pos] == 0x21:  # extension: skip its sub-blocks
            pos += 2
            while data[pos]:
                pos += data[pos] + 1
            pos += 1
        else:
            assert data[pos] == 0x2C
            assert not data[pos + 9] & 0x80, f"image {n_images} has a local colour table"
            n_images += 1
            pos += 11  # descriptor and LZW minimum code size
            while data[pos]:
                pos += data[pos] + 1
            pos += 1
    assert n_images == len(trace)


def test_gif_keeps_grey_points_grey(tmp_path):
    X = datasets.load("blobs", n_samples=200)
    t = msviz.run_mean_shift(X, bandwidth=2.5)
    out = save_gif(t, tmp_path / "grey.gif", dpi=40, layers=["data"], title=False, legend=False)
    with Image.open(out) as im:
        rgb = np.asarray(im.convert("RGB")).astype(int)
    # Every pixel of the picture is neutral: black/grey/white, no tint.
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    assert spread.max() <= 3
    data_grey = np.array(S.hex_to_rgb(S.DATA))
    assert np.all(rgb == data_grey, axis=2).sum() > 100


def test_quantize_maps_palette_colours_exactly():
    palette = S.gif_palette()
    img = palette[None, :, :].copy()
    np.testing.assert_array_equal(palette[quantize(img, palette)], img)
    assert len(palette) <= 248  # room for Pillow's transparent colour


def test_a_smaller_figsize_is_the_same_picture_smaller(trace):
    """figsize at dpi gives figsize x dpi pixels, drawn as the design scaled down:
    exactly the default picture at the proportionally lower dpi (text included)."""
    half = (S.FIGSIZE[0] / 2, S.FIGSIZE[1] / 2)
    small = list(iter_frames(trace, dpi=2 * DPI, figsize=half, steps=[0, 2]))
    default = list(iter_frames(trace, dpi=DPI, steps=[0, 2]))
    assert small[0].shape == (round(half[1] * 2 * DPI), round(half[0] * 2 * DPI), 3)
    for a, b in zip(small, default, strict=True):
        np.testing.assert_array_equal(a, b)
    # Another aspect ratio: the pixels asked for.
    tall = next(iter_frames(trace, dpi=DPI, figsize=(6.0, 6.0), steps=[0]))
    assert tall.shape == (6 * DPI, 6 * DPI, 3)


def test_iter_frames_count_and_shape(trace):
    frames = list(iter_frames(trace, dpi=DPI))
    assert len(frames) == len(trace)
    assert frames[0].shape == (round(S.FIGSIZE[1] * DPI), round(S.FIGSIZE[0] * DPI), 3)
    assert not np.array_equal(frames[0], frames[-1])
    sub = list(iter_frames(trace, dpi=DPI, steps=[0, -1]))
    np.testing.assert_array_equal(sub[1], frames[-1])


def test_save_gif_renders_len_trace_frames_through_show_step(trace, tmp_path, monkeypatch):
    calls = []
    original = MeanShiftView.show_step

    def counting(self, step):
        calls.append(step)
        return original(self, step)

    monkeypatch.setattr(MeanShiftView, "show_step", counting)
    save_gif(trace, tmp_path / "c.gif", dpi=DPI)
    # plot() shows step 0 once; then one show_step per frame.
    assert calls[1:] == list(range(len(trace)))


def test_gif_with_a_subset_of_steps_and_progress(trace, tmp_path):
    seen = []
    out = save_gif(
        trace, tmp_path / "s.gif", dpi=DPI, steps=[0, 2, -1], fps=10, pause=0,
        progress=lambda done, total: seen.append((done, total)),
    )
    with Image.open(out) as im:
        assert im.n_frames == 3
        assert im.info["duration"] == 100
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_gif_from_a_view_uses_its_layers(trace, tmp_path):
    fig = Figure(figsize=S.FIGSIZE, dpi=DPI)
    FigureCanvasAgg(fig)
    view = MeanShiftView(trace, fig=fig, layers=["data", "points"])
    out = save_gif(view, tmp_path / "v.gif", dpi=DPI)
    with Image.open(out) as im:
        assert im.n_frames == len(trace)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"fps": 0}, "fps"),
        ({"fps": 100}, "fps"),
        ({"fps": "fast"}, "fps"),
        ({"fps": float("nan")}, "fps"),
        ({"dpi": 5}, "dpi"),
        ({"dpi": True}, "dpi"),
        ({"pause": -1}, "pause"),
        ({"tolerance": -1}, "tolerance"),
        ({"tolerance": 256}, "tolerance"),
        ({"tolerance": 2.5}, "tolerance"),
        ({"tolerance": True}, "tolerance"),
    ],
)
def test_gif_bad_arguments(trace, tmp_path, kwargs, match):
    with pytest.raises(ValueError, match=match):
        save_gif(trace, tmp_path / "x.gif", **kwargs)
    assert _listing(tmp_path) == []


def test_gif_bad_paths(trace, tmp_path):
    with pytest.raises(ValueError, match=r"\.gif"):
        save_gif(trace, tmp_path / "x.png")
    with pytest.raises(ValueError, match="no extension"):
        save_gif(trace, tmp_path / "x")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save_gif(trace, tmp_path / "missing" / "x.gif")
    (tmp_path / "d.gif").mkdir()
    with pytest.raises(IsADirectoryError, match="folder"):
        save_gif(trace, tmp_path / "d.gif")
    with pytest.raises(TypeError, match="Trace"):
        save_gif(np.zeros((3, 2)), tmp_path / "x.gif")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- atomic writes


def test_failure_while_rendering_leaves_old_file_and_no_temp(trace, tmp_path, monkeypatch):
    target = tmp_path / "run.gif"
    target.write_bytes(b"old contents")
    original = MeanShiftView.show_step
    count = {"n": 0}

    def failing(self, step):
        count["n"] += 1
        if count["n"] == 4:
            raise RuntimeError("disk on fire")
        return original(self, step)

    monkeypatch.setattr(MeanShiftView, "show_step", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        save_gif(trace, target, dpi=DPI)
    assert target.read_bytes() == b"old contents"
    assert _listing(tmp_path) == ["run.gif"]


def test_failure_while_writing_leaves_old_file_and_no_temp(trace, tmp_path, monkeypatch):
    target = tmp_path / "run.gif"
    target.write_bytes(b"old contents")

    def half_written(self, fp, *args, **kwargs):
        fp.write(b"GIF89a partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", half_written)
    with pytest.raises(OSError, match="No space"):
        save_gif(trace, target, dpi=DPI)
    assert target.read_bytes() == b"old contents"
    assert _listing(tmp_path) == ["run.gif"]


def test_interrupt_while_writing_cleans_up(trace, tmp_path, monkeypatch):
    target = tmp_path / "new.gif"

    def interrupted(self, fp, *args, **kwargs):
        fp.write(b"GIF89a")
        raise KeyboardInterrupt

    monkeypatch.setattr(Image.Image, "save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_gif(trace, target, dpi=DPI)
    assert _listing(tmp_path) == []


def test_unwritable_folder_says_which(trace, tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(PermissionError, match="not writable") as info:
        save_gif(trace, tmp_path / "x.gif", dpi=DPI)
    assert str(tmp_path) in str(info.value)
    assert _listing(tmp_path) == []


@contextmanager
def _locked_folder(path: Path):
    """A folder nobody may write to, not even root (``chattr +i`` as root)."""
    import subprocess

    path.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot make an immutable folder here: {done.stderr.strip()}")
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o500)
        try:
            yield path
        finally:
            path.chmod(0o700)


def test_really_unwritable_folder(trace, tmp_path):
    old = tmp_path / "old.gif"
    save_gif(trace, old, dpi=DPI)
    with _locked_folder(tmp_path / "locked") as locked:
        with pytest.raises(PermissionError, match="not writable") as info:
            save_gif(trace, locked / "x.gif", dpi=DPI)
        assert str(locked) in str(info.value)
        assert list(locked.iterdir()) == []


def test_replacing_keeps_the_file_mode(trace, tmp_path):
    target = tmp_path / "run.gif"
    target.write_bytes(b"old")
    target.chmod(0o640)
    save_gif(trace, target, dpi=DPI)
    assert target.stat().st_mode & 0o777 == 0o640
    with Image.open(target) as im:
        assert im.n_frames == len(trace)


# --------------------------------------------------------------------------- animate, HTML, PNG


class CountingWriter(AbstractMovieWriter):
    """A movie writer that only counts the frames it is given."""

    def __init__(self) -> None:
        super().__init__(fps=5)
        self.frames = 0
        self.labels: list[str] = []

    def setup(self, fig, outfile, dpi=None):  # noqa: D102
        self.fig = fig
        self.outfile = outfile
        self.dpi = dpi

    def grab_frame(self, **savefig_kwargs):  # noqa: D102
        self.frames += 1
        self.labels.append(self.fig.axes[0].texts[0].get_text())

    def finish(self):  # noqa: D102
        pass


def test_animate_frames_counted_by_a_writer(trace, tmp_path):
    anim = animate(trace, fps=5, pause=0.4, dpi=DPI)
    writer = CountingWriter()
    anim.save(tmp_path / "ignored.gif", writer=writer)
    hold = round(0.4 * 5)
    assert writer.frames == len(trace) + 2 * hold
    last = len(trace) - 1
    assert writer.labels[0].startswith("step 0 /")
    assert writer.labels[hold + 1].startswith("step 1 /")
    assert writer.labels[-1].startswith(f"step {last} /")
    assert anim.view.trace is trace


def test_animate_to_jshtml(trace):
    anim = animate(trace, fps=5, pause=0, dpi=20)
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") >= 1
    assert "Animation" in html


def test_save_html_is_self_contained(trace, tmp_path):
    out = save_html(trace, tmp_path / "run.html", dpi=20, pause=0)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" in text and "http" not in text.split("<script", 1)[1][:200]
    assert text.count("data:image/png;base64") >= 1
    frames = text.count("frames[")
    assert frames >= len(trace)
    assert _listing(tmp_path) == ["run.html"]
    with pytest.raises(ValueError, match=r"\.html"):
        save_html(trace, tmp_path / "run.gif")


def test_save_frames_writes_one_png_per_step(trace, tmp_path):
    paths = save_frames(trace, tmp_path / "frames", dpi=DPI)
    assert [p.name for p in paths] == [f"step_{k:03d}.png" for k in range(len(trace))]
    frames = list(iter_frames(trace, dpi=DPI))
    for p, expected in zip(paths, frames, strict=True):
        with Image.open(p) as im:
            np.testing.assert_array_equal(np.asarray(im.convert("RGB")), expected)
    assert _listing(tmp_path / "frames") == [p.name for p in paths]
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError):
        save_frames(trace, tmp_path / "file", dpi=DPI)
    with pytest.raises(FileNotFoundError):
        save_frames(trace, tmp_path / "no" / "such", dpi=DPI)


def test_lazy_exports():
    assert msviz.save_gif is save_gif
    assert msviz.animate is animate
    assert msviz.save_html is save_html
    assert msviz.save_frames is save_frames
    assert msviz.MeanShiftView is MeanShiftView
    assert frames.MAX_FPS == 50
