"""Colours, sizes and fonts of msviz pictures (colour-blind safe, readable on slides).

The colours are the Okabe–Ito palette (Okabe & Ito 2008), distinguishable with
every common colour vision deficiency. Moving points are vermillion, stopped
points blue, the data grey; clusters take the remaining Okabe–Ito hues and then
Paul Tol's muted ones, leaving out Okabe–Ito orange: beside vermillion it reads
as the same colour, so a finished cluster would look as if it were still moving
(every cluster colour is kept at least :data:`MIN_DELTA_E_FROM_MOVING` from
:data:`MOVING` in CIELAB). Every colour here is opaque, so a GIF palette built from
them (:func:`gif_palette`) renders the frames without tinting.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
WHITE = "#FFFFFF"

DATA = "#8A8A8A"
MOVING = VERMILLION
STOPPED = BLUE
EMPTY = "#BDBDBD"  # a grid seed whose window held no data
TRAIL = "#F0B898"  # a light vermillion: trails of every point
TRAIL_FAINT = "#F6D3BE"  # trails when there are thousands of points
TRAIL_HIGHLIGHT = "#A84500"  # a dark vermillion: trails of the points with windows
WINDOW = "#1A1A1A"
ARROW = "#3A3A3A"
MODE = BLACK
TEXT = "#1A1A1A"
GRID = "#D9D9D9"
PANEL_SHIFT = "#1A1A1A"
PANEL_THRESHOLD = BLUE
PANEL_DENSITY = GREEN
CURSOR = VERMILLION

#: Cluster colours, in order; label -1 (no cluster) is drawn in :data:`DATA`.
#: None is orange or red: those read as "moving" (see :data:`MOVING`).
CLUSTERS = (
    GREEN,
    SKY,
    PURPLE,
    "#999933",  # olive (Tol muted)
    "#882255",  # wine
    "#44AA99",  # teal
    "#DDCC77",  # sand
    "#332288",  # indigo
    "#AA4499",  # purple
)

#: The smallest CIELAB distance (CIE76 ΔE) between a cluster colour and
#: :data:`MOVING`; orange was 33, which a projector shows as the same colour.
MIN_DELTA_E_FROM_MOVING = 50.0

#: The density image goes from white to this.
DENSITY_TOP = "#93A9C9"
DENSITY_COLORS = ("#FFFFFF", "#E2E8F1", "#BCCADF", DENSITY_TOP)
#: The edges of the density hill's surface (HillView) and its legend patch.
HILL_EDGE = "#A9B8CF"

# Font sizes in points, chosen for a 11.5 x 6.2 inch figure shown full-width.
TITLE_SIZE = 14
SUBTITLE_SIZE = 11
LABEL_SIZE = 11
TICK_SIZE = 10
STEP_SIZE = 12
LEGEND_SIZE = 10

FIGSIZE = (11.5, 6.2)
#: Where axes titles sit (``ax.set_title(..., y=TITLE_Y)``): on the axes' top edge.
#: Given, it stays there; left to matplotlib, every draw measures every tick label of
#: the axes and its twins to lift the title above top ticks, which msviz's axes never
#: have: 30% of the explorer's full draw, for the same picture.
TITLE_Y = 1.0
# Figures the view makes for the screen: 11.5 in x 72 dpi = 828 px fits a notebook.
SCREEN_DPI = 72


#: Picture styles: how much bigger text, marks and lines are drawn than on a
#: screen, for the same pixels. "projector": for a room, where a 920 x 496 frame
#: has ~10 px tick labels on the screen style.
STYLES: dict[str, float] = {"screen": 1.0, "projector": 1.45}


def check_style(style: object) -> float:
    """The zoom of a style name (see :data:`STYLES`); a clear error for another name."""
    if isinstance(style, str) and style.strip().lower() in STYLES:
        return STYLES[style.strip().lower()]
    raise ValueError(
        f"unknown style {style!r}; the styles are {', '.join(map(repr, STYLES))} "
        "(try style='projector' for a room)"
    )


def scaled_figure(
    figsize: tuple[float, float] | None, dpi: float, style: str = "screen"
) -> tuple[tuple[float, float], float]:
    """Figure inches and dpi that draw the design at ``figsize`` inches and ``dpi``.

    The layout, fonts and markers are designed for :data:`FIGSIZE`. A figure of
    another width keeps the design's width in inches and scales the dpi instead,
    so the picture has the pixels asked for and everything in it (text
    included) is scaled alike: a small figure is the same picture, smaller,
    not a crowded one. Another aspect ratio changes the height in inches.
    ``style="projector"`` draws the design on a narrower figure at a higher
    dpi: the same pixels, with text, marks and lines 1.45 times bigger.

    Examples
    --------
    >>> scaled_figure((5.75, 3.1), 80)
    ((11.5, 6.2), 40.0)
    >>> scaled_figure(None, 72)
    ((11.5, 6.2), 72)
    >>> (w, h), d = scaled_figure(None, 80, "projector")
    >>> round(w * d), round(h * d)
    (920, 496)
    """
    zoom = check_style(style)
    design = FIGSIZE[0] / zoom
    if figsize is None:
        if zoom == 1.0:
            return FIGSIZE, dpi
        return (design, FIGSIZE[1] / zoom), dpi * zoom
    w, h = float(figsize[0]), float(figsize[1])
    if not (w > 0 and h > 0):
        raise ValueError(f"figsize must be two positive numbers (inches), got {figsize!r}")
    scale = w / design
    return (design, h / scale), dpi * scale


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#RRGGBB"`` as a tuple of ints."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def cluster_color(label: int) -> str:
    """The colour of cluster ``label`` (-1: grey)."""
    if label < 0:
        return DATA
    return CLUSTERS[label % len(CLUSTERS)]


def lighten(color: str, amount: float) -> str:
    """Mix ``color`` with white: ``amount=0`` keeps it, 1 gives white."""
    rgb = np.array(hex_to_rgb(color), dtype=float)
    out = rgb + (255.0 - rgb) * amount
    return "#" + "".join(f"{int(round(v)):02X}" for v in out)


def gif_palette(extra: tuple[str, ...] = ()) -> NDArray[np.uint8]:
    """A fixed palette (at most 248 colours) for GIF frames, shape (n, 3).

    Every colour msviz draws, each mixed with white and with the density
    background in several strengths (antialiased edges and thin lines fall
    between them), plus a grey ramp. Fixing it keeps grey points grey; a palette
    computed from the frames (median cut) tinted them. It leaves room for the
    transparent colour Pillow uses for unchanged pixels.
    """
    keys = [
        DATA, MOVING, STOPPED, EMPTY, TRAIL, TRAIL_FAINT, TRAIL_HIGHLIGHT, WINDOW, ARROW,
        GREEN, ORANGE, SKY,
        PURPLE, YELLOW, *CLUSTERS[3:], *extra,
    ]
    backgrounds = [np.array(hex_to_rgb(c), dtype=float) for c in DENSITY_COLORS]
    colors: list[tuple[int, int, int]] = []
    for key in dict.fromkeys(keys):
        rgb = np.array(hex_to_rgb(key), dtype=float)
        for bg in (backgrounds[0], backgrounds[2]):
            for t in (0.0, 0.3, 0.55, 0.8):
                mix = rgb * (1 - t) + bg * t
                colors.append(tuple(int(round(v)) for v in mix))  # type: ignore[arg-type]
    # The density ramp and basin tints: light colours, finely spaced.
    for i in range(len(backgrounds) - 1):
        a, b = backgrounds[i], backgrounds[i + 1]
        for t in np.linspace(0, 1, 7)[:-1]:
            colors.append(tuple(int(round(v)) for v in a * (1 - t) + b * t))  # type: ignore[arg-type]
    colors.append(hex_to_rgb(DENSITY_COLORS[-1]))
    for c in CLUSTERS:
        for t in (0.55, 0.7):
            colors.append(hex_to_rgb(lighten(c, t)))
    # Greys for text, ticks and antialiased grey points.
    for g in np.linspace(0, 255, 35):
        v = int(round(g))
        colors.append((v, v, v))
    uniq = list(dict.fromkeys(colors))
    if len(uniq) > 248:
        uniq = uniq[:248]
    return np.array(uniq, dtype=np.uint8)


# The inspector's colours: Okabe-Ito reddish purple, darkened for lines.
INSPECT = PURPLE


INSPECT_DARK = "#7A2E5F"


INSPECT_LIGHT = lighten(PURPLE, 0.6)


#: Line colours of runs side by side (Okabe-Ito, dark enough for text).
RUN_COLOURS = ("#1A1A1A", BLUE, GREEN, INSPECT_DARK, ORANGE, SKY)


def run_colour(i: int) -> str:
    """The colour of run ``i`` in a comparison."""
    return RUN_COLOURS[i % len(RUN_COLOURS)]
