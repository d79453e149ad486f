"""pytest in grading/ (not among the project's testpaths; ``pytest grading`` still works).

``nbgrader_config.py`` is read by nbgrader, which defines ``get_config`` for it: it is
not a module to import, so ``--doctest-modules`` leaves it alone. Students' work
(``submitted/``, ``autograded/``, ``feedback/``) is not ours to run. The source and
release notebooks do run under nbmake: the source with its solutions passes every
graded cell; the students' release runs too, its graded cells tagged
``raises-exception`` (they fail until an exercise is solved).
"""

collect_ignore = ["nbgrader_config.py"]
collect_ignore_glob = ["submitted/*", "autograded/*", "feedback/*"]
