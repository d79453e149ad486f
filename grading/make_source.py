"""Make the nbgrader assignment's source notebook from the course's exercises notebook.

The assignment ``mean_shift`` is ``notebooks/06_exercises.ipynb`` with the answers of
``notebooks/solutions/06_exercises_solutions.ipynb`` put in, marked for nbgrader, so
the learner's notebook, the solutions and the assignment never drift apart:

- each exercise cell (tagged ``exercise:<name>``) gets the solution's code between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (``nbgrader generate_assignment``
  puts the placeholder back for the students);
- after the cell that runs the exercise's checker comes one autograded test cell
  that runs msviz's checker again and fails with its plain-word message (the
  message is what nbgrader's feedback shows);
- the instructions and the set-up cell are read-only.

Run it from anywhere::

    python grading/make_source.py            # write grading/source/mean_shift/06_exercises.ipynb
    python grading/make_source.py --check    # exit 1 if that file is out of date

"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "notebooks" / "06_exercises.ipynb"
SOLUTIONS = ROOT / "notebooks" / "solutions" / "06_exercises_solutions.ipynb"
ASSIGNMENT = "mean_shift"
SOURCE = ROOT / "grading" / "source" / ASSIGNMENT / "06_exercises.ipynb"

#: Points per exercise, in the order of the notebook.
POINTS = {"kernel": 2, "step": 4, "converged": 2, "merge": 2}
#: The line of an exercise cell where the learner's code goes.
PLACEHOLDER = "# your code here"
TAG = "exercise:"
#: Tag of the autograded cells: they raise while an exercise is not solved, and
#: JupyterLab's "Run All" (and nbclient) go on to the next cell instead of stopping.
RAISES = "raises-exception"

#: Sentences of the exercises notebook's introduction that do not hold in the assignment.
NOT_IN_ASSIGNMENT = (
    re.compile(r" ?The answers are in `solutions/[^`]*`[^\n]*?try first!"),
)

GRADING_NOTE = """\

**This notebook is a graded assignment** ({total} points). Each exercise is followed
by a read-only cell marked *graded*: it runs msviz's checker on your function again.
While a case fails, that cell shows an `AssertionError` with the checker's message,
which says which case failed and why; when it passes, it shows nothing. Your
teacher's grading runs the same cells, and the feedback you get back shows the same
messages.

| exercise | points |
|---|---|
{table}

Keep every cell where it is (don't delete, copy or move the graded cells), run the
whole notebook once (Kernel → Restart Kernel and Run All Cells) before you submit,
and write your code only where it says `# your code here`."""

TEST_CELL = """\
# graded: {points} point{s} for `{name}`. msviz's checker runs your {name} again; if a
# case fails, the error below says which one and why. (This cell is read-only.)
from msviz import exercises

graded_{name} = {call}
assert graded_{name}, f"\\n{{graded_{name}!r}}\""""


class SourceError(ValueError):
    """The exercises or solutions notebook is not in the shape this script expects."""


def _nbgrader(grade_id: str, *, grade: bool = False, solution: bool = False,
              locked: bool = False, points: float | None = None) -> dict[str, object]:
    meta: dict[str, object] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                               "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def exercise_name(cell: nbformat.NotebookNode) -> str | None:
    """The ``<name>`` of a cell tagged ``exercise:<name>``, else None."""
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith(TAG)]
    if len(tags) > 1:
        raise SourceError(f"cell {cell.get('id')!r} has more than one exercise tag: {tags}")
    return tags[0][len(TAG):] if tags else None


def exercise_cells(nb: nbformat.NotebookNode, where: str) -> dict[str, int]:
    """Index of the cell of each exercise, checked against :data:`POINTS`."""
    found: dict[str, int] = {}
    for i, cell in enumerate(nb.cells):
        name = exercise_name(cell)
        if name is None:
            continue
        if cell.cell_type != "code":
            raise SourceError(f"{where}: the cell tagged {TAG}{name} is not a code cell")
        if name in found:
            raise SourceError(f"{where}: two cells are tagged {TAG}{name}")
        found[name] = i
    if set(found) != set(POINTS):
        raise SourceError(
            f"{where}: the exercises are {sorted(found)}, but make_source.py gives points to "
            f"{sorted(POINTS)}; tag one code cell per exercise {TAG}<name> and keep POINTS "
            "in grading/make_source.py in step"
        )
    return found


def solution_source(stub: str, answer: str, name: str) -> str:
    r"""The exercise cell with the solution's code between nbgrader's solution marks.

    ``stub`` is the exercise cell (its lines down to ``# your code here``, then the
    ``raise NotImplementedError`` placeholder); ``answer`` the solutions notebook's
    cell, which must start with the same lines (the ``def`` and its docstring).

    Examples
    --------
    >>> stub = 'def f(x):\n    # your code here\n    raise NotImplementedError("later")'
    >>> print(solution_source(stub, "def f(x):\n    return 2 * x", "f"))
    def f(x):
        ### BEGIN SOLUTION
        return 2 * x
        ### END SOLUTION

    """
    lines = stub.rstrip().split("\n")
    at = next((i for i, line in enumerate(lines) if line.strip() == PLACEHOLDER), None)
    if at is None:
        raise SourceError(
            f"the exercise cell {TAG}{name} has no line {PLACEHOLDER!r}: make_source.py puts "
            "the solution where that line is"
        )
    rest = [line for line in lines[at + 1:] if line.strip()]
    if len(rest) != 1 or not rest[0].strip().startswith("raise NotImplementedError"):
        raise SourceError(
            f"the exercise cell {TAG}{name} should end with {PLACEHOLDER!r} and one "
            f"`raise NotImplementedError(...)` line, got {rest!r} after {PLACEHOLDER!r}"
        )
    head, indent = lines[:at], re.match(r"\s*", lines[at]).group(0)  # type: ignore[union-attr]
    mine = answer.rstrip().split("\n")
    if mine[:at] != head:
        raise SourceError(
            f"the solution of {TAG}{name} does not start with the exercise cell's lines above "
            f"{PLACEHOLDER!r} (its def line and docstring): keep them the same in "
            f"{EXERCISES.name} and solutions/{SOLUTIONS.name}"
        )
    body = mine[at:]
    if not any(line.strip() for line in body):
        raise SourceError(f"the solution of {TAG}{name} has no code after the docstring")
    return "\n".join([*head, f"{indent}### BEGIN SOLUTION", *body, f"{indent}### END SOLUTION"])


def checker_call(nb: nbformat.NotebookNode, start: int, name: str) -> tuple[int, str]:
    """The first cell after ``start`` that runs ``exercises.check_<name>(...)``, and the call."""
    pattern = re.compile(rf"exercises\.check_{name}\([^()]*\)")
    for i in range(start + 1, len(nb.cells)):
        cell = nb.cells[i]
        if cell.cell_type == "code" and (found := pattern.search(cell.source)):
            return i, found.group(0)
        if exercise_name(cell) is not None:
            break
    raise SourceError(
        f"no cell after {TAG}{name} runs exercises.check_{name}(...) before the next exercise; "
        "the graded cell goes after that one"
    )


def make_source(exercises: nbformat.NotebookNode,
                solutions: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The assignment's source notebook, made from the two notebooks (neither is changed)."""
    ex_cells = exercise_cells(exercises, EXERCISES.name)
    answers = {name: solutions.cells[i].source
               for name, i in exercise_cells(solutions, SOLUTIONS.name).items()}
    nb = copy.deepcopy(exercises)
    if not nb.cells or nb.cells[0].cell_type != "markdown":
        raise SourceError(f"{EXERCISES.name} should begin with its instructions (markdown)")
    setup = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), None)
    if setup is None or setup > min(ex_cells.values()):
        raise SourceError(f"{EXERCISES.name} should have a set-up cell before the exercises")

    intro = nb.cells[0]
    text = intro.source
    for sentence in NOT_IN_ASSIGNMENT:
        text = sentence.sub("", text)
    table = "\n".join(f"| {i}. {name} | {p} |" for i, (name, p) in
                      enumerate(sorted(POINTS.items(), key=lambda kv: ex_cells[kv[0]]), 1))
    intro.source = text.rstrip() + "\n" + GRADING_NOTE.format(
        total=sum(POINTS.values()), table=table)
    intro.metadata["nbgrader"] = _nbgrader("instructions", locked=True)
    nb.cells[setup].metadata["nbgrader"] = _nbgrader("setup", locked=True)

    graded: list[tuple[int, nbformat.NotebookNode]] = []
    for name, i in ex_cells.items():
        cell = nb.cells[i]
        cell.source = solution_source(cell.source, answers[name], name)
        cell.metadata["nbgrader"] = _nbgrader(name, solution=True)
        after, call = checker_call(nb, i, name)
        points = POINTS[name]
        test = nbformat.v4.new_code_cell(
            TEST_CELL.format(points=points, s="" if points == 1 else "s", name=name, call=call),
            id=f"graded-{name}",
        )
        test.metadata["tags"] = [RAISES]
        test.metadata["nbgrader"] = _nbgrader(f"graded_{name}", grade=True, locked=True,
                                              points=points)
        graded.append((after + 1, test))
    for at, test in sorted(graded, key=lambda t: t[0], reverse=True):
        nb.cells.insert(at, test)

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(nb)
    return nb


def render() -> str:
    """The text of the source notebook, as :data:`SOURCE` should hold it."""
    for path in (EXERCISES, SOLUTIONS):
        if not path.is_file():
            raise SourceError(f"{path} is missing")
    nb = make_source(nbformat.read(EXERCISES, as_version=4),
                     nbformat.read(SOLUTIONS, as_version=4))
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the source notebook, or with ``--check`` say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the committed source notebook is up to date")
    args = parser.parse_args(argv)
    try:
        text = render()
    except SourceError as exc:
        print(f"make_source.py: {exc}", file=sys.stderr)
        return 2
    where = SOURCE.relative_to(ROOT)
    if args.check:
        if SOURCE.is_file() and SOURCE.read_text(encoding="utf-8") == text:
            print(f"{where} is up to date")
            return 0
        print(f"{where} is out of date with notebooks/06_exercises*.ipynb: "
              "run `python grading/make_source.py` and commit the result", file=sys.stderr)
        return 1
    SOURCE.parent.mkdir(parents=True, exist_ok=True)
    SOURCE.write_text(text, encoding="utf-8")
    print(f"wrote {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
