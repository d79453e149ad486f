"""Widgets (ipywidgets, ipympl): the explorer, compare and the scale-space plot.

Every widget shows its figure on the one :mod:`~msviz.interact.surface` and shares the base
of :mod:`msviz.interact._base` (messages, guarded callbacks, transport).
"""
