"""Drawing (matplotlib): styles, the one blitting protocol, view layers and panels.

Everything here only draws what the engine and the scene computed. The views load
matplotlib when first used, so ``import msviz.draw`` stays light:

>>> import msviz.draw
>>> msviz.draw.HillView.__name__, msviz.draw.MeanShiftView.__module__
('HillView', 'msviz.draw.view')
"""

from __future__ import annotations

#: The views, by name -> their module (loaded when first used).
_VIEWS = {"MeanShiftView": "msviz.draw.view", "HillView": "msviz.draw.hill"}

__all__ = ["HillView", "MeanShiftView"]


def __getattr__(name: str) -> object:
    if name in _VIEWS:
        import importlib

        return getattr(importlib.import_module(_VIEWS[name]), name)
    raise AttributeError(f"module 'msviz.draw' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_VIEWS))
