"""The course exercises as an nbgrader assignment, graded end to end (issue 14).

``grading/`` is an nbgrader course folder; ``grading/make_source.py`` makes its source
notebook from ``notebooks/06_exercises.ipynb`` and its solutions. Here:

- the committed source notebook is what make_source.py makes now (no drift), and
  make_source.py says what is wrong with notebooks it cannot use;
- in a temporary copy of the course folder, with a clean HOME and Jupyter config,
  nbgrader's own commands run the whole cycle: ``generate_assignment``; three
  submissions under ``submitted/<student>/mean_shift/`` (the solutions, the students'
  notebook untouched, one bug from the bug museum: the new position computed as
  point PLUS mean); ``autograde``; the gradebook read with ``nbgrader.api.Gradebook``;
  ``generate_feedback``, whose HTML must carry msviz's explanation of the bug;
- the students' notebook holds no solution code and runs from top to bottom: only the
  four graded cells raise, each with the checker's "not written yet".

The nbgrader runs execute the notebook four times (about a minute each on a loaded
2-core machine), so these tests share one course folder in one xdist worker.
"""

from __future__ import annotations

import copy
import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GRADING = ROOT / "grading"
MAKE_SOURCE = GRADING / "make_source.py"
ASSIGNMENT = "mean_shift"
NOTEBOOK = "06_exercises.ipynb"
POINTS = {"kernel": 2, "step": 4, "converged": 2, "merge": 2}
TOTAL = sum(POINTS.values())
# The bug museum's step: the new position computed as the old point plus the mean.
CORRECT_LINE = "new_points[i] = w @ X / w.sum()"
BUGGY_LINE = "new_points[i] = p + w @ X / w.sum()"
MARKS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
COMMAND_TIMEOUT = 1200  # seconds for one nbgrader command (autograde runs 3 notebooks)

# The tests that need nbgrader's cycle: slow, so one worker shares one course folder.
SLOW = (pytest.mark.notebook, pytest.mark.timeout(2400), pytest.mark.xdist_group("assignment"))


def _make_source() -> ModuleType:
    spec = importlib.util.spec_from_file_location("msviz_grading_make_source", MAKE_SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _meta(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _exercise(cell: nbformat.NotebookNode) -> str | None:
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith("exercise:")]
    return tags[0].split(":", 1)[1] if tags else None


def _without_marks(source: str) -> str:
    return "\n".join(line for line in source.split("\n") if not MARKS.match(line))


# --------------------------------------------------------------------------- the source


def test_the_committed_source_is_up_to_date():
    run = subprocess.run([sys.executable, str(MAKE_SOURCE), "--check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "is up to date" in run.stdout


def test_check_fails_when_the_source_is_stale_and_write_fixes_it(tmp_path, monkeypatch, capsys):
    ms = _make_source()
    target = tmp_path / "source" / ASSIGNMENT / NOTEBOOK
    monkeypatch.setattr(ms, "SOURCE", target)
    monkeypatch.setattr(ms, "ROOT", tmp_path)
    assert ms.main(["--check"]) == 1  # missing
    assert "out of date" in capsys.readouterr().err
    assert ms.main([]) == 0
    assert ms.main(["--check"]) == 0
    target.write_text(target.read_text().replace("BEGIN SOLUTION", "BEGIN ANSWER", 1))
    assert ms.main(["--check"]) == 1
    assert "run `python grading/make_source.py`" in capsys.readouterr().err


def test_the_source_is_the_exercises_with_the_solutions_marked():
    ms = _make_source()
    exercises, solutions = _read(ms.EXERCISES), _read(ms.SOLUTIONS)
    source = _read(GRADING / "source" / ASSIGNMENT / NOTEBOOK)
    answers = {_exercise(c): c.source for c in solutions.cells if _exercise(c)}

    graded = [c for c in source.cells if _meta(c).get("grade")]
    assert [_meta(c)["grade_id"] for c in graded] == [f"graded_{n}" for n in POINTS]
    assert {_meta(c)["grade_id"]: _meta(c)["points"] for c in graded} == {
        f"graded_{n}": p for n, p in POINTS.items()}
    for cell in graded:
        name = _meta(cell)["grade_id"].removeprefix("graded_")
        assert _meta(cell)["locked"] and "raises-exception" in cell.metadata["tags"]
        assert f"exercises.check_{name}({name})" in cell.source
        assert re.search(rf"^assert graded_{name}, .*graded_{name}!r", cell.source, re.M)

    solution_cells = [c for c in source.cells if _meta(c).get("solution")]
    assert [_exercise(c) for c in solution_cells] == list(POINTS)
    for cell in solution_cells:
        # Between the marks: exactly the solutions notebook's code.
        assert cell.source.count("### BEGIN SOLUTION") == 1
        assert _without_marks(cell.source) == answers[_exercise(cell)].rstrip()

    # Every other cell is the exercises notebook's, in its order; the first (the
    # instructions) and the set-up cell are read-only.
    others = [c for c in source.cells if not _meta(c).get("grade") and not _meta(c).get("solution")]
    originals = [c for c in exercises.cells if not _exercise(c)]
    assert [c.source for c in others[1:]] == [c.source for c in originals[1:]]
    assert _meta(others[0]) == {"grade": False, "grade_id": "instructions", "locked": True,
                                "schema_version": 3, "solution": False, "task": False}
    assert _meta(others[1])["locked"] and "import msviz" in others[1].source
    assert "graded assignment** (10 points)" in others[0].source
    assert "solutions/" not in others[0].source  # the answers are not handed out
    for cell in source.cells:
        assert not cell.get("outputs") and cell.get("execution_count") is None


def test_make_sources_examples_run():
    # grading/ is not among pytest's testpaths, so its doctests run here.
    import doctest

    result = doctest.testmod(_make_source(), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def _stub_cell(body: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(body)
    cell.metadata["tags"] = ["exercise:kernel"]
    return cell


@pytest.mark.parametrize(("change", "words"), [
    ("no placeholder", "has no line '# your code here'"),
    ("other def line", "does not start with the exercise cell's lines above"),
    ("untagged", "the exercises are ['converged', 'merge', 'step']"),
    ("tagged twice", "two cells are tagged exercise:kernel"),
    ("no checker", "no cell after exercise:kernel runs exercises.check_kernel"),
    ("code after stub", "should end with '# your code here' and one"),
])
def test_make_source_says_what_is_wrong_with_the_notebooks(change, words):
    ms = _make_source()
    exercises, solutions = _read(ms.EXERCISES), _read(ms.SOLUTIONS)
    ex = next(c for c in exercises.cells if _exercise(c) == "kernel")
    sol = next(c for c in solutions.cells if _exercise(c) == "kernel")
    if change == "no placeholder":
        ex.source = ex.source.replace("# your code here", "# write it here")
    elif change == "other def line":
        sol.source = sol.source.replace("def kernel(u):", "def kernel(u, h):")
    elif change == "untagged":
        ex.metadata["tags"] = []
    elif change == "tagged twice":
        exercises.cells.append(_stub_cell(ex.source))
    elif change == "no checker":
        for cell in exercises.cells:
            cell.source = cell.source.replace("exercises.check_kernel(", "exercises.check(")
    elif change == "code after stub":
        ex.source += "\n    return u"
    with pytest.raises(ms.SourceError, match=re.escape(words)):
        ms.make_source(exercises, solutions)


# --------------------------------------------------------------------------- nbgrader's cycle


def _env(home: Path) -> dict[str, str]:
    """A clean Jupyter set-up: none of the user's config, the venv's commands first."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("JUPYTER_") and k != "NBGRADER_CONFIG"}
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_NO_CONFIG="1",
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        # nbgrader runs the `alembic` command of its own environment.
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    return env


def _nbgrader(course: Path, *args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                         env=_env(course.parent / "home"), capture_output=True, text=True,
                         timeout=COMMAND_TIMEOUT)
    log = run.stdout + run.stderr
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-4000:]}"
    assert "[ERROR]" not in log and "| ERROR]" not in log, log[-4000:]
    return log


def _filled(release: nbformat.NotebookNode, source: nbformat.NotebookNode,
            *, bug: bool = False) -> nbformat.NotebookNode:
    """The students' notebook with the solutions written in (the step buggy if ``bug``)."""
    answers = {_meta(c)["grade_id"]: _without_marks(c.source)
               for c in source.cells if _meta(c).get("solution")}
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        if _meta(cell).get("solution"):
            cell.source = answers[_meta(cell)["grade_id"]]
            if bug and _meta(cell)["grade_id"] == "step":
                assert CORRECT_LINE in cell.source, "the solution's step line changed"
                cell.source = cell.source.replace(CORRECT_LINE, BUGGY_LINE)
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of grading/ after generate_assignment, 3 submissions, autograde, feedback."""
    base = tmp_path_factory.mktemp("nbgrader")
    (base / "home").mkdir()
    course = base / "course"
    course.mkdir()
    shutil.copy(GRADING / "nbgrader_config.py", course)
    shutil.copytree(GRADING / "source", course / "source")
    _nbgrader(course, "generate_assignment", ASSIGNMENT)

    release = _read(course / "release" / ASSIGNMENT / NOTEBOOK)
    source = _read(course / "source" / ASSIGNMENT / NOTEBOOK)
    submissions = {
        "ada": _filled(release, source),            # the solutions
        "bob": release,                             # the untouched students' notebook
        "cy": _filled(release, source, bug=True),   # point + mean
    }
    for student, nb in submissions.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NOTEBOOK)
    _nbgrader(course, "autograde", ASSIGNMENT)
    _nbgrader(course, "generate_feedback", ASSIGNMENT)
    return course


def _scores(course: Path, student: str) -> tuple[float, float, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(ASSIGNMENT, student)
        grades = {name: gb.find_grade(f"graded_{name}", NOTEBOOK[:-6], ASSIGNMENT, student).score
                  for name in POINTS}
        return sub.score, sub.max_score, grades


def _feedback(course: Path, student: str, grade_id: str) -> str:
    """The text the feedback page shows for one graded cell (its code, score and output)."""
    page = (course / "feedback" / student / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html"))
    assert page.is_file(), f"no feedback for {student}"
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    start = text.find(f"Grade cell: {grade_id}")
    assert start >= 0, f"the feedback of {student} has no cell {grade_id}"
    end = text.find("\nIn [", start)
    return text[start:end if end > 0 else None]


def _slow(fn):
    for mark in SLOW:
        fn = mark(fn)
    return fn


@_slow
def test_the_solutions_get_full_marks(course):
    folder = course
    score, max_score, grades = _scores(folder, "ada")
    assert max_score == TOTAL
    assert grades == {name: float(p) for name, p in POINTS.items()}
    assert score == TOTAL


@_slow
def test_the_untouched_notebook_gets_zero(course):
    folder = course
    score, max_score, grades = _scores(folder, "bob")
    assert (score, max_score) == (0, TOTAL)
    assert set(grades.values()) == {0}
    for name, points in POINTS.items():
        shown = _feedback(folder, "bob", f"graded_{name}")
        assert f"Score: 0.0 / {points:.1f}" in shown
        assert f"AssertionError: \n○ check_{name}: not written yet." in shown


@_slow
def test_point_plus_mean_loses_the_step_points_and_the_feedback_says_why(course):
    from msviz import exercises

    folder = course
    score, max_score, grades = _scores(folder, "cy")
    assert grades == {**{n: float(p) for n, p in POINTS.items()}, "step": 0}
    assert (score, max_score) == (TOTAL - POINTS["step"], TOTAL)

    # The explanation msviz gives for this step is what the feedback shows.
    cell = next(c for c in _read(folder / "submitted" / "cy" / ASSIGNMENT / NOTEBOOK).cells
                if _meta(c).get("grade_id") == "step")
    names: dict = {}
    exec(compile("import numpy as np\n" + "\n".join(
        c.source for c in _read(folder / "source" / ASSIGNMENT / NOTEBOOK).cells
        if _meta(c).get("grade_id") == "kernel"), "<kernel>", "exec"), names)
    exec(compile(cell.source, "<step>", "exec"), names)
    result = exercises.check_step(names["step"])
    assert not result.passed
    explanation = result.failed.problem
    assert "plus the weighted mean" in explanation  # the checker named the mistake
    shown = _feedback(folder, "cy", "graded_step")
    assert "Score: 0.0 / 4.0" in shown
    # "AssertionError: ✗ check_step: case 1 of 8 failed (...)", then the explanation.
    assert f"AssertionError: \n{result.message.splitlines()[0]}" in shown
    assert explanation in shown
    assert "Score: 2.0 / 2.0" in _feedback(folder, "cy", "graded_kernel")


@_slow
def test_the_students_notebook_has_no_solution_code(course):
    folder = course
    release = _read(folder / "release" / ASSIGNMENT / NOTEBOOK)
    source = _read(folder / "source" / ASSIGNMENT / NOTEBOOK)
    exercises = _read(ROOT / "notebooks" / NOTEBOOK)
    everything = "\n".join(c.source for c in release.cells)
    assert "SOLUTION" not in everything
    for cell in source.cells:
        if _meta(cell).get("solution"):
            body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            for line in body.split("\n"):
                if line.strip() and not line.strip().startswith("#"):
                    assert line not in everything, f"solution code for students: {line}"
    # Each exercise cell is the learner's cell of 06_exercises (down to the placeholder).
    stubs = {_exercise(c): c.source for c in exercises.cells if _exercise(c)}
    for cell in release.cells:
        if _meta(cell).get("solution"):
            mine = stubs[_exercise(cell)].split("\n")
            assert cell.source.split("\n")[:-1] == mine[:-1]
            assert cell.source.split("\n")[-1].strip().startswith("raise NotImplementedError(")
            assert cell.metadata.get("deletable") is False
        if _meta(cell).get("locked"):
            assert cell.metadata.get("editable") is False


@_slow
def test_the_students_notebook_runs_and_only_the_graded_cells_raise(course):
    from nbclient import NotebookClient

    folder = course
    where = folder / "release" / ASSIGNMENT
    nb = _read(where / NOTEBOOK)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(where)}}).execute()
    errors = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                errors[_meta(cell).get("grade_id", cell.get("id"))] = out
            assert not (out.output_type == "stream" and out.name == "stderr"), out.text
    assert sorted(errors) == sorted(f"graded_{n}" for n in POINTS)
    for grade_id, out in errors.items():
        name = grade_id.removeprefix("graded_")
        assert out.ename == "AssertionError"
        assert f"check_{name}: not written yet." in out.evalue


@_slow
def test_release_fetch_submit_collect_through_an_exchange(course, tmp_path):
    """The README's commands for a hub: the teacher releases, a student fetches and submits."""
    folder = course
    teacher, student, exchange = tmp_path / "course", tmp_path / "student", tmp_path / "exchange"
    (tmp_path / "home").mkdir()
    student.mkdir()
    exchange.mkdir()
    exchange.chmod(0o777)
    shutil.copytree(folder / "source", teacher / "source")
    shutil.copytree(folder / "release", teacher / "release")
    shutil.copy(folder / "nbgrader_config.py", teacher)
    where = f"--Exchange.root={exchange}"

    _nbgrader(teacher, "release_assignment", ASSIGNMENT, where)
    _nbgrader(student, "fetch_assignment", ASSIGNMENT, "--course", "msviz", where)
    fetched = student / ASSIGNMENT / NOTEBOOK
    nb = _filled(_read(fetched), _read(teacher / "source" / ASSIGNMENT / NOTEBOOK))
    nbformat.write(nb, fetched)
    _nbgrader(student, "submit", ASSIGNMENT, "--course", "msviz", where)
    _nbgrader(teacher, "collect", ASSIGNMENT, where)

    collected = list((teacher / "submitted").glob(f"*/{ASSIGNMENT}/{NOTEBOOK}"))
    assert len(collected) == 1, collected
    assert [c.source for c in _read(collected[0]).cells] == [c.source for c in nb.cells]
