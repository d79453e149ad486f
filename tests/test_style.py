"""Colours that cannot be confused: what a cluster looks like is never "moving"."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.draw import style as S  # noqa: E402
from msviz.draw.view import MeanShiftView  # noqa: E402


def cielab(color: object) -> np.ndarray:
    """CIE L*a*b* (D65) of a matplotlib colour: sRGB -> linear -> XYZ -> Lab."""
    rgb = np.asarray(to_rgb(color), dtype=float)  # type: ignore[arg-type]
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                  [0.0193, 0.1192, 0.9505]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    d = 6 / 29
    f = np.where(xyz > d**3, np.cbrt(xyz), xyz / (3 * d * d) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: object, b: object) -> float:
    """CIE76 colour difference."""
    return float(np.linalg.norm(cielab(a) - cielab(b)))


def test_cielab_matches_known_values():
    np.testing.assert_allclose(cielab("#FFFFFF"), [100, 0, 0], atol=0.05)
    np.testing.assert_allclose(cielab("#000000"), [0, 0, 0], atol=1e-9)
    # sRGB red, the textbook value.
    np.testing.assert_allclose(cielab("#FF0000"), [53.24, 80.09, 67.20], atol=0.1)
    # The colours issue 10 saw as one: Okabe-Ito orange beside vermillion.
    assert delta_e("#E69F00", "#D55E00") == pytest.approx(33.4, abs=0.2)


@pytest.mark.parametrize("color", S.CLUSTERS)
def test_every_cluster_colour_is_far_from_the_moving_colour(color):
    assert delta_e(color, S.MOVING) >= S.MIN_DELTA_E_FROM_MOVING, (
        f"cluster colour {color} is only ΔE {delta_e(color, S.MOVING):.1f} from "
        f"the moving colour {S.MOVING}"
    )


def test_the_finished_picture_draws_no_cluster_in_a_moving_colour():
    """At the last step every data colour on screen is far from the legend's "moving"."""
    X = datasets.load("blobs", n_samples=200)
    trace = msviz.run_mean_shift(X, bandwidth=0.9)  # many clusters: every colour used
    assert trace.n_clusters > len(S.CLUSTERS)
    view = MeanShiftView(trace, figsize=(6, 3.2), dpi=50)
    view.plot()
    view.show_step(-1)
    assert view.cluster_data.get_visible()
    drawn = view.cluster_data.to_rgba(view.cluster_data.get_array())
    legend = view._legend
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    moving = [h.get_color() for h, t in zip(legend.legend_handles, texts, strict=True)
              if t.startswith("moving")]
    assert moving, texts
    colours = {tuple(np.round(c[:3], 4)) for c in drawn}
    assert len(colours) >= len(S.CLUSTERS)
    worst = min(delta_e(c, moving[0]) for c in colours)
    assert worst >= S.MIN_DELTA_E_FROM_MOVING
