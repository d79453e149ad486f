"""nbgrader's settings for msviz's course folder: this folder (grading/) is the course root.

nbgrader reads this file when one of its commands runs in this folder, e.g.
``nbgrader generate_assignment mean_shift``. Only what differs from nbgrader's
defaults is set here; see README.md, "Grading a class with nbgrader".
"""

c = get_config()  # noqa: F821 -- nbgrader's config loader defines get_config()

# The course's name on the hub: students fetch with `--course msviz`. Change it to
# your course's id (the one your JupyterHub's nbgrader set-up knows).
c.CourseDirectory.course_id = "msviz"

# What replaces a solution in the students' notebook: the exercises notebook's own
# placeholder, which msviz's checkers report as "not written yet".
c.ClearSolutions.code_stub = {
    "python": '# your code here\nraise NotImplementedError("write your code here")',
}

# Seconds one cell may run while autograding: the animated comparisons take a few
# seconds each, more on a busy hub; a learner's endless loop still stops.
c.Execute.timeout = 300
