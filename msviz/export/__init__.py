"""Exports of a mean shift run: GIF (:func:`save_gif`), HTML, PNG frames, ``FuncAnimation``.

Every export draws its frames with :class:`~msviz.draw.view.MeanShiftView`, the code path a
slider uses, so a file shows exactly what the notebook shows. Every file is written to a
temporary file in the target folder and moved into place with :func:`os.replace`: a failed
export leaves no partial file behind and an existing file untouched.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import msviz, tempfile, os
>>> trace = msviz.run_mean_shift(msviz.datasets.load("five_points"), bandwidth=2)
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = msviz.save_gif(trace, os.path.join(tmp, "five.gif"), dpi=40)
...     path.name
'five.gif'
"""

from msviz.export.frames import animate, iter_frames, save_frames, save_html
from msviz.export.gif import save_gif

__all__ = ["animate", "iter_frames", "save_frames", "save_gif", "save_html"]
