"""The explorer's control factories: how each entry of its control table is made, read and set.

Each function takes the explorer (``ex``) and reads its start keywords (``ex._start``)
and data; the table itself (:data:`msviz.interact.explorer.CONTROLS`) names them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np

from msviz import datasets as _datasets
from msviz.engine.bandwidth import bandwidth_range, default_bandwidth, resolve_bandwidth
from msviz.interact._base import _VARIANT_OPTIONS, _widen_log_slider

if TYPE_CHECKING:
    from msviz.interact.explorer import Explorer

__all__: list[str] = []

_LABEL_STYLE = {"description_width": "initial"}


def _make_dataset(ex: Explorer) -> widgets.Dropdown | None:
    if ex._name is None:
        return None  # started from an array or a run: no menu of data sets
    names = _datasets.names(installed_only=True)
    if ex._name not in names:
        names.append(ex._name)
    return widgets.Dropdown(options=names, value=ex._name, description="data",
                            style=_LABEL_STYLE, layout=widgets.Layout(width="190px"))


def _make_bandwidth(ex: Explorer) -> widgets.FloatLogSlider:
    bandwidth = ex._start["bandwidth"]
    h = None if bandwidth is None else resolve_bandwidth(bandwidth, ex._X)
    if h is None:
        h0 = default_bandwidth(ex._X, ex._suggested())
    elif np.ndim(h) == 1:
        ex._per_sample = h  # type: ignore[assignment]
        h0 = float(np.median(h))
    else:
        h0 = float(h)  # type: ignore[arg-type]
    lo, hi = bandwidth_range(ex._X, h0)
    return widgets.FloatLogSlider(
        value=h0, base=10, min=math.log10(lo), max=math.log10(hi), step=0.01,
        description="bandwidth h", readout_format=".3g", continuous_update=False,
        style=_LABEL_STYLE,
        tooltip="the window radius h (for the Gaussian kernel its standard deviation)",
        layout=widgets.Layout(width="330px"),
    )


def _read_bandwidth(ex: Explorer) -> Any:
    return ex._per_sample if ex._per_sample is not None else float(ex.bandwidth.value)


def _set_bandwidth(ex: Explorer, value: Any) -> None:
    h = float(value)
    ex._per_sample = None
    _widen_log_slider(ex.bandwidth, h)
    ex.bandwidth.value = h


def _make_kernel(ex: Explorer) -> widgets.Dropdown:
    value, options = ex._kernel_choice(ex._start["kernel"])
    return widgets.Dropdown(options=options, value=value, description="kernel",
                            style=_LABEL_STYLE, layout=widgets.Layout(width="175px"))


def _read_kernel(ex: Explorer) -> Any:
    return ex._custom_kernel if ex.kernel.value == "custom" else ex.kernel.value


def _set_kernel(ex: Explorer, kernel: Any) -> None:
    value, options = ex._kernel_choice(kernel)
    if value != "custom" and ex._custom_kernel is not None:
        options.append((f"custom: {ex._custom_kernel.name}", "custom"))
    if [tuple(o) for o in ex.kernel.options] != options:
        ex.kernel.options = options  # a kernel registered since, or a new custom one
    ex.kernel.value = value


def _make_variant(ex: Explorer) -> widgets.Dropdown:
    return widgets.Dropdown(
        options=_VARIANT_OPTIONS, value=str(ex._start["variant"]).strip().lower(),
        description="variant", style=_LABEL_STYLE, layout=widgets.Layout(width="175px"),
    )


def _read_variant(ex: Explorer) -> str:
    return str(ex.variant.value)


def _set_variant(ex: Explorer, variant: Any) -> None:
    ex.variant.value = str(variant).strip().lower()


def _make_seeds(ex: Explorer) -> widgets.Dropdown:
    value, options = ex._seeds_choice(ex._start["seeds"])
    return widgets.Dropdown(options=options, value=value, description="seeds",
                            style=_LABEL_STYLE, layout=widgets.Layout(width="185px"))


def _read_seeds(ex: Explorer) -> Any:
    if ex.variant.value == "blurring":
        return None  # the blurring variant moves the data itself
    return {"samples": None, "bin": "bin", "grid": "grid"}.get(ex.seeds.value, ex._seed_array)


def _set_seeds(ex: Explorer, seeds: Any) -> None:
    ex.seeds.value = "samples" if seeds is None else str(seeds)


def _make_point(ex: Explorer) -> widgets.BoundedIntText:
    scene = ex.view.scene
    first = int(scene.highlight[0]) if scene.highlight.size else 0
    return widgets.BoundedIntText(
        value=first, min=0, max=max(scene.n_seeds - 1, 0), description="point",
        style=_LABEL_STYLE, layout=widgets.Layout(width="140px"),
    )
