"""The HTML player holds its first frame without a script (issue 10, item 3)."""

from __future__ import annotations

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import msviz  # noqa: E402
from msviz.export.player import Animation, player_html  # noqa: E402

IMG = re.compile(r"<img [^>]*>")


def _first_frame(html: str) -> bytes:
    found = re.search(r'frames\[0\] = "data:image/png;base64,([^"]*)"', html)
    assert found
    return base64.b64decode(found.group(1).replace("\\\n", ""))


def test_msviz_animate_player_shows_the_first_frame_as_a_sized_block():
    trace = msviz.run_mean_shift(msviz.datasets.load("blobs", n_samples=40), bandwidth=2.5)
    anim = msviz.animate(trace, dpi=30, pause=0)
    assert isinstance(anim, Animation)
    html = anim.to_jshtml()
    (img,) = IMG.findall(html)
    assert 'style="display:block"' in img
    src = re.search(r'src="data:image/png;base64,([^"]*)"', img)
    assert src, img
    data = base64.b64decode(src.group(1))
    assert data == _first_frame(html)
    with Image.open(io.BytesIO(data)) as frame:
        w, h = frame.size
        assert len(np.unique(np.asarray(frame.convert("L")))) > 20  # a picture, not blank
    assert f'width="{w}" height="{h}"' in img
    # The script still drives it: the id it looks for is kept.
    assert re.search(r'<img id="_anim_img\w+"', img)
    # The same player for notebooks' rich display.
    with matplotlib.rc_context({"animation.html": "jshtml"}):
        assert 'style="display:block"' in anim._repr_html_()


def test_the_exercises_movies_use_the_same_player():
    from msviz import exercises

    def my_step(points, X, bandwidth):
        return points  # never moves: still a movie of two panels

    result = exercises.check_step(my_step)
    html = result.animate().to_jshtml()
    (img,) = IMG.findall(html)
    assert 'style="display:block"' in img and 'src="data:image/png' in img


def test_html_without_frames_is_left_alone():
    assert player_html("<p>no player</p>") == "<p>no player</p>"
    raw = '<img id="_anim_img1">\nframes[0] = "frame0000000.png"'
    assert player_html(raw) == raw
