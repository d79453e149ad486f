"""MeanShiftView: artists made once, holding exactly the trace's state at each step."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import msviz  # noqa: E402
from msviz import datasets  # noqa: E402
from msviz.draw import style as S  # noqa: E402
from msviz.draw.view import LAYERS, MeanShiftView  # noqa: E402

FIGSIZE = S.FIGSIZE


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def flat_trace():
    return msviz.run_mean_shift(datasets.load("blobs", n_samples=150), bandwidth=2.5)


@pytest.fixture(scope="module")
def gauss_trace():
    return msviz.run_mean_shift(
        datasets.load("varied", n_samples=120), bandwidth=1.0, kernel="gaussian"
    )


def _agg_figure(dpi: float = 50) -> Figure:
    fig = Figure(figsize=FIGSIZE, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _check_state(view: MeanShiftView, trace: msviz.Trace, k: int) -> None:
    """Every artist holds exactly the trace's state at step k."""
    step = trace[k]
    sc = view.scene
    conv = np.asarray(step.converged)
    empty = np.asarray(trace.empty) & conv
    np.testing.assert_array_equal(
        view.moving_points.get_offsets(), step.positions[~conv]
    )
    np.testing.assert_array_equal(
        view.stopped_points.get_offsets(), step.positions[conv & ~empty]
    )
    np.testing.assert_array_equal(view.empty_points.get_offsets(), step.positions[empty])
    # Windows: centred on the highlighted points, radius = their bandwidth (x ring scale).
    assert len(view.windows) == len(sc.highlight)
    for rings, i in zip(view.windows, sc.highlight, strict=True):
        assert len(rings) == len(sc.ring_scales)
        for ring, scale in zip(rings, sc.ring_scales, strict=True):
            np.testing.assert_allclose(ring.get_center(), step.positions[i])
            assert ring.get_radius() == pytest.approx(step.bandwidths[i] * scale)
    # Trails: the path so far, k + 1 points each.
    segments = view.trails.get_segments()
    assert len(segments) == sc.n_seeds
    for i in (0, sc.n_seeds // 2, sc.n_seeds - 1):
        assert len(segments[i]) == k + 1
        np.testing.assert_array_equal(segments[i], trace.positions[: k + 1, i])
    assert all(len(s) == k + 1 for s in view.highlight_trails.get_segments())
    # Arrows: previous -> current.
    prev = trace.positions[k - 1] if k > 0 else trace.positions[0]
    idx = sc.arrow_idx
    np.testing.assert_array_equal(view.arrows.get_offsets(), prev[idx])
    np.testing.assert_allclose(view.arrows.U, (trace.positions[k] - prev)[idx, 0])
    np.testing.assert_allclose(view.arrows.V, (trace.positions[k] - prev)[idx, 1])
    # Label, modes, panel cursor.
    assert view.label.get_text() == sc.step_label(k)
    assert view.label.get_text().replace("\u2007", "").startswith(f"step {k} / {len(trace) - 1}")
    np.testing.assert_array_equal(view.modes.get_offsets(), sc.modes_at(k))
    if view.panel_axes:
        assert list(view._shift_cursor.get_xdata()) == [k]
        assert list(view._dens_cursor.get_xdata()) == [k]
    last = k == len(trace) - 1
    assert view.cluster_data.get_visible() == (last and "clusters" in view.layers)


@pytest.mark.parametrize("trace_name", ["flat_trace", "gauss_trace"])
def test_artists_hold_the_trace_state_at_every_checked_step(trace_name, request):
    trace = request.getfixturevalue(trace_name)
    view = MeanShiftView(trace, fig=_agg_figure())
    view.plot()
    for k in [0, 1, len(trace) // 2, len(trace) - 1, 2, 0]:
        changed = view.show_step(k)
        assert view.step == k
        assert view.moving_points in changed and view.label in changed
        _check_state(view, trace, k)
    assert view.show_step(-1) and view.step == len(trace) - 1



def test_figsize_scales_the_whole_design():
    """A view made with figsize shows figsize x dpi pixels; text scales with it."""
    t = msviz.run_mean_shift(datasets.load("five_points"), bandwidth=2)
    big = MeanShiftView(t)
    small = MeanShiftView(t, figsize=(5.75, 3.1), dpi=72)
    try:
        for v in (big, small):
            v.plot()
            v.fig.canvas.draw()
        w, h = small.fig.get_size_inches() * small.fig.dpi
        assert (round(w), round(h)) == (round(5.75 * 72), round(3.1 * 72))
        # The step label takes the same share of the figure's width in both.
        share = [v.label.get_window_extent().width / v.fig.bbox.width for v in (big, small)]
        assert share[0] == pytest.approx(share[1], rel=0.05)
        with pytest.raises(ValueError, match="figsize must be two positive numbers"):
            MeanShiftView(t, figsize=(0, 3))
    finally:
        plt.close("all")

def test_show_step_only_uses_setters(flat_trace, monkeypatch):
    view = MeanShiftView(flat_trace, fig=_agg_figure())
    view.plot()
    before = [list(ax.get_children()) for ax in view.fig.axes]
    n_axes = len(view.fig.axes)

    def boom(*args, **kwargs):
        raise AssertionError("show_step must not clear the axes")

    monkeypatch.setattr(Axes, "clear", boom)
    monkeypatch.setattr(Axes, "cla", boom)
    for k in range(len(flat_trace)):
        view.show_step(k)
    assert len(view.fig.axes) == n_axes
    after = [list(ax.get_children()) for ax in view.fig.axes]
    assert [len(a) for a in after] == [len(b) for b in before]
    assert all(
        x is y for a, b in zip(after, before, strict=True) for x, y in zip(a, b, strict=True)
    )


def test_limits_are_fixed_and_aspect_equal(flat_trace):
    view = MeanShiftView(flat_trace, fig=_agg_figure())
    view.plot()
    lims = (view.ax.get_xlim(), view.ax.get_ylim())
    for k in range(len(flat_trace)):
        view.show_step(k)
        view.fig.canvas.draw()
        assert (view.ax.get_xlim(), view.ax.get_ylim()) == lims
    assert view.ax.get_aspect() == 1.0
    assert lims == (view.scene.xlim, view.scene.ylim)


def _draw_view(fig: Figure, trace, k, visit=()):
    fig.set_size_inches(*FIGSIZE)
    view = MeanShiftView(trace, fig=fig)
    view.plot()
    for other in visit:
        view.show_step(other)
    view.show_step(k)
    return view


def _assert_figures_equal(fig_test: Figure, fig_ref: Figure) -> None:
    """Like matplotlib's check_figures_equal: render both and compare every pixel."""
    for fig in (fig_test, fig_ref):
        fig.canvas.draw()
    a = np.asarray(fig_test.canvas.buffer_rgba())
    b = np.asarray(fig_ref.canvas.buffer_rgba())
    assert a.shape == b.shape
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("k", [1, 3])
def test_show_step_after_other_steps_equals_a_fresh_drawing(k):
    trace = msviz.run_mean_shift(datasets.load("blobs", n_samples=90), bandwidth=2.5)
    k = min(k, len(trace) - 1)
    fig_test, fig_ref = _agg_figure(), _agg_figure()
    _draw_view(fig_test, trace, k, visit=[len(trace) - 1, 0, 2])
    _draw_view(fig_ref, trace, k)
    _assert_figures_equal(fig_test, fig_ref)


def test_last_step_after_going_back_equals_fresh():
    trace = msviz.run_mean_shift(
        datasets.load("moons", n_samples=80), bandwidth=0.6, seeds="grid"
    )
    last = len(trace) - 1
    fig_test, fig_ref = _agg_figure(), _agg_figure()
    _draw_view(fig_test, trace, last, visit=[last, 0, 1])
    _draw_view(fig_ref, trace, last)
    _assert_figures_equal(fig_test, fig_ref)


def test_figure_comparison_can_fail(flat_trace):
    fig_a, fig_b = _agg_figure(), _agg_figure()
    _draw_view(fig_a, flat_trace, 1)
    _draw_view(fig_b, flat_trace, 2)
    with pytest.raises(AssertionError):
        _assert_figures_equal(fig_a, fig_b)


def test_blit_draws_the_same_pixels_as_a_full_draw(gauss_trace):
    fast = MeanShiftView(gauss_trace, fig=_agg_figure())
    fast.plot()
    full = MeanShiftView(gauss_trace, fig=_agg_figure())
    full.plot()
    for k in [0, 3, len(gauss_trace) - 1, 1]:
        fast.show_step(k)
        fast.blit()
        full.show_step(k)
        full.fig.canvas.draw()
        a = np.asarray(fast.fig.canvas.buffer_rgba())
        b = np.asarray(full.fig.canvas.buffer_rgba())
        np.testing.assert_array_equal(a, b)
    # savefig while blitting still draws the changing artists (drawn last, so
    # the image may differ from a plain draw at overlaps, but they are there).
    import io

    buf = io.BytesIO()
    fast.fig.savefig(buf, format="rgba")
    w, h = fast.fig.canvas.get_width_height()
    img = np.frombuffer(buf.getvalue(), dtype=np.uint8).reshape(h, w, 4)[..., :3]
    moving = np.array(S.hex_to_rgb(S.MOVING))
    fast.show_step(1)
    assert np.all(img == moving, axis=2).sum() > 20
    fast.disable_blitting()
    assert not any(a.get_animated() for a in fast.dynamic_artists())


def test_layers_switch_visibility_only(flat_trace):
    view = MeanShiftView(flat_trace, fig=_agg_figure())
    view.plot()
    # every default layer this trace can show (the opt-in "targets" layer is off)
    assert view.layers == frozenset(view.available_layers) - {"targets"}
    assert "basins" not in view.available_layers
    n_children = len(view.ax.get_children())
    changed = view.set_layer_visible("trails", False)
    assert changed and all(not a.get_visible() for a in view.artists("trails"))
    view.show_step(2)
    assert all(not a.get_visible() for a in view.artists("trails"))
    view.set_layer_visible("trails", True)
    assert all(a.get_visible() for a in view.artists("trails"))
    view.set_layer_visible("convergence", False)
    assert not any(ax.get_visible() for ax in view.panel_axes)
    view.set_layer_visible("clusters", False)
    view.show_step(-1)
    assert not view.cluster_data.get_visible()
    view.set_layer_visible("clusters", True)
    assert view.cluster_data.get_visible()
    # Without the panel the legend moves into the axes (beside the wider picture):
    # one more child, and nothing else made twice.
    assert len(view.ax.get_children()) == n_children + 1
    assert view.ax.get_legend() is not None
    view.set_layer_visible("convergence", True)
    assert len(view.ax.get_children()) == n_children
    with pytest.raises(ValueError, match="unknown layer"):
        view.set_layer_visible("sparkles", True)
    with pytest.raises(ValueError, match="seeds='grid'"):
        view.set_layer_visible("basins", True)
    view.set_layers(["data", "points"])
    assert view.layers == {"data", "points"}


def test_layers_given_at_construction(flat_trace):
    view = MeanShiftView(flat_trace, fig=_agg_figure(), layers=["data", "points", "label"])
    view.plot()
    assert view.layers == {"data", "points", "label"}
    assert not view.trails.get_visible()
    assert view.moving_points.get_visible()
    with pytest.raises(ValueError, match="unknown layer"):
        MeanShiftView(flat_trace, fig=_agg_figure(), layers=["nope"])
    assert set(LAYERS) >= set(view.available_layers)


def test_legend_lists_only_layers_shown(flat_trace):
    view = MeanShiftView(flat_trace, fig=_agg_figure())
    view.plot()
    texts = [t.get_text() for t in view._legend.get_texts()]
    assert {"data", "moving point", "stopped", "trail", "mode"} <= set(texts)
    view.set_layer_visible("trails", False)
    assert "trail" not in [t.get_text() for t in view._legend.get_texts()]


def test_legend_and_label_do_not_cover_the_data(flat_trace):
    view = MeanShiftView(flat_trace, fig=_agg_figure(dpi=80))
    view.plot()
    view.fig.canvas.draw()
    renderer = view.fig.canvas.get_renderer()
    legend_box = view._legend.get_window_extent(renderer)
    main_box = view.ax.get_window_extent(renderer)
    assert not legend_box.overlaps(main_box)
    label_box = view.label.get_window_extent(renderer)
    pts = view.ax.transData.transform(
        np.concatenate([view.scene.data, view.scene.positions.reshape(-1, 2)])
    )
    inside = (
        (pts[:, 0] >= label_box.x0) & (pts[:, 0] <= label_box.x1)
        & (pts[:, 1] >= label_box.y0) & (pts[:, 1] <= label_box.y1)
    )
    assert not inside.any()
    # Nothing drawn sticks out of the figure (nothing clipped at its edge).
    tight = view.fig.get_tightbbox(renderer)
    w, h = view.fig.get_size_inches()
    assert tight.x0 >= -0.01 and tight.y0 >= -0.01
    assert tight.x1 <= w + 0.01 and tight.y1 <= h + 0.01


def test_more_than_two_features_is_a_labelled_projection():
    X = datasets.load("iris")
    trace = msviz.run_mean_shift(X, bandwidth=1.0)
    view = MeanShiftView(
        trace, fig=_agg_figure(), feature_names=datasets.info("iris").feature_names
    )
    view.plot()
    assert view.ax.get_xlabel().startswith("PC1")
    assert view.ax.get_ylabel().startswith("PC2")
    fig_text = " ".join(t.get_text() for t in view.fig.texts)
    assert "principal components of 4 features" in fig_text
    view.show_step(3)
    np.testing.assert_allclose(
        np.concatenate([view.moving_points.get_offsets(), view.stopped_points.get_offsets()]),
        np.concatenate([
            view.scene.positions[3][~trace[3].converged],
            view.scene.positions[3][trace[3].converged],
        ]),
    )
    chosen = MeanShiftView(trace, fig=_agg_figure(), projection=(2, 3),
                           feature_names=datasets.info("iris").feature_names)
    chosen.plot()
    assert chosen.ax.get_xlabel() == "petal_length"


def test_blurring_renders():
    trace = msviz.run_mean_shift(
        datasets.load("blobs", n_samples=80), bandwidth=2.0, variant="blurring"
    )
    view = MeanShiftView(trace, fig=_agg_figure())
    view.plot()
    for k in range(len(trace)):
        view.show_step(k)
        np.testing.assert_array_equal(
            view._density_image.get_array(), view.scene.density.image(k)
        )
    view.fig.canvas.draw()
    texts = [t.get_text() for t in view._legend.get_texts()]
    assert "data at the start" in texts


def test_per_sample_bandwidth_renders():
    X = datasets.load("varied", n_samples=100)
    trace = msviz.run_mean_shift(X, bandwidth=msviz.knn_bandwidths(X, k=10))
    view = MeanShiftView(trace, fig=_agg_figure())
    view.plot()
    for k in (0, 2, len(trace) - 1):
        view.show_step(k)
        _check_state(view, trace, k)
    view.fig.canvas.draw()


def test_grid_seeds_basin_map_shows_at_the_end():
    trace = msviz.run_mean_shift(datasets.load("moons", n_samples=100), bandwidth=0.6,
                                 seeds="grid")
    view = MeanShiftView(trace, fig=_agg_figure())
    view.plot()
    assert "basins" in view.available_layers
    basins = view.artists("basins")[0]
    view.show_step(0)
    assert not basins.get_visible()
    view.show_step(-1)
    assert basins.get_visible()
    np.testing.assert_array_equal(basins.get_array(), view.scene.basins.labels + 1)
    view.fig.canvas.draw()
    _check_state(view, trace, len(trace) - 1)


def test_one_feature_renders_windows_as_bars():
    X = datasets.load("blobs", n_samples=60)[:, :1]
    trace = msviz.run_mean_shift(X, bandwidth=1.0)
    view = MeanShiftView(trace, fig=_agg_figure())
    view.plot()
    view.show_step(2)
    i = view.scene.highlight[0]
    xs, ys = view.windows[0][0].get_data()
    x, h = trace.positions[2, i, 0], trace.bandwidths[2, i]
    np.testing.assert_allclose(xs, [x - h, x + h])
    view.fig.canvas.draw()


def test_set_trace_replaces_the_run_in_the_same_axes(flat_trace):
    view = MeanShiftView(flat_trace, fig=_agg_figure())
    view.plot()
    view.set_layer_visible("arrows", False)
    axes = list(view.fig.axes)
    other = msviz.run_mean_shift(datasets.load("moons", n_samples=70), bandwidth=0.5)
    view.set_trace(other, step=2)
    assert view.trace is other and view.step == 2
    assert list(view.fig.axes) == axes
    assert "arrows" not in view.layers
    _check_state(view, other, 2)
    assert view.ax.get_xlim() == view.scene.xlim
    view.fig.canvas.draw()


def test_drawing_into_given_axes():
    fig, (ax, p1, p2) = plt.subplots(1, 3, figsize=(12, 4))
    trace = msviz.run_mean_shift(datasets.load("blobs", n_samples=60), bandwidth=2.5)
    plain = MeanShiftView(trace, ax=ax)
    plain.plot()
    assert "convergence" not in plain.available_layers
    with pytest.raises(ValueError, match="panel_axes"):
        MeanShiftView(trace, ax=ax, layers=["convergence"])
    fig2, (ax2, q1, q2) = plt.subplots(1, 3, figsize=(12, 4))
    with_panel = MeanShiftView(trace, ax=ax2, panel_axes=(q1, q2))
    with_panel.plot()
    assert "convergence" in with_panel.layers
    with_panel.show_step(1)
    fig2.canvas.draw()


def test_bad_input():
    with pytest.raises(TypeError, match="Trace"):
        MeanShiftView(np.zeros((4, 2)))  # type: ignore[arg-type]
    trace = msviz.run_mean_shift([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]], bandwidth=2)
    view = MeanShiftView(trace, fig=_agg_figure())
    view.plot()
    with pytest.raises(IndexError, match="out of range"):
        view.show_step(len(trace))
    with pytest.raises(TypeError):
        view.show_step(1.5)  # type: ignore[arg-type]
    fig = _agg_figure()
    fig.add_subplot()
    with pytest.raises(ValueError, match="empty figure"):
        MeanShiftView(trace, fig=fig)


def test_custom_kernel_view_has_no_density_layer():
    trace = msviz.run_mean_shift(
        datasets.load("blobs", n_samples=40), bandwidth=2.0, kernel=lambda u: np.exp(-u)
    )
    view = MeanShiftView(trace, fig=_agg_figure())
    view.plot()
    assert "density" not in view.available_layers
    view.show_step(-1)
    view.fig.canvas.draw()


def test_set_trace_replaces_the_titles():
    X = msviz.datasets.load("blobs")
    view = MeanShiftView(msviz.run_mean_shift(X, bandwidth=2.5))
    view.plot()
    texts = [t.get_text() for t in view.fig.texts]
    view.set_trace(msviz.run_mean_shift(X, bandwidth=2.5, kernel="gaussian"))
    after = [t.get_text() for t in view.fig.texts if t.get_text()]
    assert not any("flat kernel" in t for t in after)
    assert sum("gaussian kernel" in t for t in after) == 1
    assert len(after) == len([t for t in texts if t])


@pytest.fixture
def _restore_rc():
    saved = {k: matplotlib.rcParams[k] for k in ("figure.dpi", "figure.hooks")}
    matplotlib.rcParams["figure.hooks"] = []  # whatever another test in this worker set
    yield
    plt.close("all")
    matplotlib.use("Agg")
    matplotlib.rcParams.update(saved)


def test_setup_notebook_makes_pyplot_figures_plain_pictures_under_ipympl(_restore_rc):
    """Issue 10: plt.subplots figures in the lessons had ipympl's "Figure N" caption and grip."""
    matplotlib.use("module://ipympl.backend_nbagg")
    plain = plt.figure()
    assert plain.canvas.header_visible and plain.canvas.resizable  # ipympl's own, before
    msviz.setup_notebook()
    fig, _ = plt.subplots()
    canvas = fig.canvas
    assert type(canvas).__module__.startswith("ipympl")
    assert not (canvas.header_visible or canvas.footer_visible or canvas.toolbar_visible
                or canvas.resizable)
    assert matplotlib.rcParams["figure.dpi"] == 72
    msviz.setup_notebook(plain=True)  # twice: still one hook
    assert matplotlib.rcParams["figure.hooks"].count("msviz.draw.notebook:plain_figure") == 1
    msviz.setup_notebook(100, plain=False)
    again = plt.figure()
    assert again.canvas.header_visible and again.dpi == 100


def test_setup_notebook_leaves_other_backends_alone_and_checks_its_arguments(_restore_rc):
    msviz.setup_notebook()
    fig = plt.figure()  # Agg: nothing to hide, no error
    assert not hasattr(fig.canvas, "header_visible")
    with pytest.raises(ValueError, match="dpi"):
        msviz.setup_notebook(0)
    with pytest.raises(TypeError, match="plain must be True or False"):
        msviz.setup_notebook(plain="yes")
