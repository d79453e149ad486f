"""Widgets (ipywidgets, ipympl): the explorer, compare, the scale-space plot and the quiz.

Every widget shows its figure on the one :mod:`~msviz.interact.surface` and shares the base
of :mod:`msviz.interact._base` (messages, guarded callbacks, transport).
"""
