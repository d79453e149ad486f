"""Course content: the lesson's methods, its widgets, image segmentation and the exercises.

Nothing else in msviz imports this package, except the lazy names of ``msviz`` and the CLI.
"""
