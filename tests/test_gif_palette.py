"""The GIF palette table is filled lazily, and maps colours exactly as the full table did."""

from __future__ import annotations

import numpy as np

from msviz.draw import style as S
from msviz.export import gif


def _reference(pal: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The full-table rule, colour by colour: exact palette colours map to themselves,
    any other to the palette colour nearest its 5-bit cell's centre (tint penalised)."""
    p = pal.astype(np.float64)
    rgb = np.stack([(codes >> 16) & 255, (codes >> 8) & 255, codes & 255], axis=1)
    c = (rgb // 8) * 8 + 3.5

    def tint(a):
        return np.stack([a[..., 0] - a[..., 1], a[..., 1] - a[..., 2]], axis=-1)

    d2 = (((c[:, None, :] - p[None]) ** 2) * [2.0, 4.0, 3.0]).sum(axis=2)
    d2 += 6.0 * ((tint(c)[:, None, :] - tint(p)[None]) ** 2).sum(axis=2)
    out = np.argmin(d2, axis=1).astype(np.uint8)
    keys = (pal[:, 0].astype(np.intp) << 16) | (pal[:, 1].astype(np.intp) << 8) | pal[:, 2]
    for i, k in enumerate(keys):
        out[codes == k] = i
    return out


def test_lazy_table_maps_colours_as_the_full_rule():
    pal = S.gif_palette()
    table = gif._PaletteTable(pal.tobytes())
    rng = np.random.default_rng(1)
    keys = (pal[:, 0].astype(np.intp) << 16) | (pal[:, 1].astype(np.intp) << 8) | pal[:, 2]
    codes = np.concatenate([rng.integers(0, 1 << 24, size=5000), keys, (keys + 1) % (1 << 24)])
    np.testing.assert_array_equal(table.lookup(codes), _reference(pal, codes))
    # looked up again (now from the table), the same answer
    np.testing.assert_array_equal(table.lookup(codes[::-1]), _reference(pal, codes[::-1]))


def test_only_the_colours_met_are_worked_out():
    pal = S.gif_palette()
    table = gif._PaletteTable(pal.tobytes())
    img = np.zeros((4, 4, 3), np.uint8)
    img[1, 1] = (17, 200, 90)
    gif.quantize(img, pal)  # one fresh table: the module's cached one is not used here
    table.lookup(np.array([(17 << 16) | (200 << 8) | 90, 0]))
    assert int(np.count_nonzero(table.table != gif._UNKNOWN)) == len(pal) + 1
    assert int(np.count_nonzero(table._cells != gif._UNKNOWN)) == 1
