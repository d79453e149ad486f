"""The project's own files agree with each other: pyproject, environment.yml, notebooks, CI."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"matplotlib": {"matplotlib", "matplotlib-base"}}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _environment_names() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names: set[str] = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            names |= {_name(d) for d in dep.get("pip", []) if not d.startswith("-e")}
        else:
            names.add(_name(dep))
    return names


def test_every_runtime_dependency_is_in_environment_yml():
    env = _environment_names()
    for req in _pyproject()["project"]["dependencies"]:
        name = _name(req)
        assert CONDA_NAMES.get(name, {name}) & env, f"{name} is missing from environment.yml"


@pytest.mark.parametrize("extra", ["lab", "data"])
def test_notebook_extras_are_in_environment_yml(extra):
    env = _environment_names()
    for req in _pyproject()["project"]["optional-dependencies"][extra]:
        assert _name(req) in env, f"{_name(req)} (extra {extra!r}) is missing from environment.yml"


def test_environment_installs_msviz_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip


def test_notebooks_are_stored_without_outputs():
    notebooks = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    assert notebooks, "no notebooks found"
    assert ROOT / "notebooks" / "solutions" / "06_exercises_solutions.ipynb" in notebooks
    for path in notebooks:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} is stored with outputs"
                assert cell.get("execution_count") is None, f"{path.name} has execution counts"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab:", "test:", "demo:", "present:", "bench:"):
        assert target in makefile


def test_make_lab_opens_the_first_notebook_without_a_news_prompt():
    import re
    import subprocess

    cmd = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"}).stdout
    line = next(ln for ln in cmd.splitlines() if "jupyter lab" in ln)
    root = re.search(r"--ServerApp\.root_dir=(\S+)", line).group(1)
    url = re.search(r"--LabApp\.default_url=/lab/tree/(\S+)", line).group(1)
    assert (ROOT / root / url).is_file() and url == "01_start_here.ipynb"
    makefile = (ROOT / "Makefile").read_text()
    assert '"fetchNews": "false"' in makefile and "overrides.json" in makefile


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sdist and the wheel, built as pip builds them (isolated, from pyproject.toml)."""
    import subprocess

    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "-o", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return out, run.stdout + run.stderr


@pytest.mark.xdist_group("build")
def test_the_wheel_is_typed_and_licensed(built):
    import zipfile

    out, log = built
    wheel = zipfile.ZipFile(next(out.glob("*.whl")))
    names = wheel.namelist()
    assert "msviz/py.typed" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    meta = wheel.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: BSD-3-Clause" in meta
    assert "SetuptoolsDeprecationWarning" not in log and "project.license" not in log


@pytest.mark.xdist_group("build")
def test_the_sdist_carries_the_notebooks_tests_and_licence(built):
    import tarfile

    out, _ = built
    with tarfile.open(next(out.glob("*.tar.gz"))) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for nb in (ROOT / "notebooks").rglob("*.ipynb"):
        if ".ipynb_checkpoints" in nb.parts:
            continue
        assert str(nb.relative_to(ROOT)) in names, nb.name
    assert {"LICENSE", "README.md", "Makefile", "environment.yml", "msviz/py.typed"} <= names
    assert any(n.startswith("tests/") for n in names)
    # tests/test_assignment.py grades the nbgrader course folder.
    assert {"grading/make_source.py", "grading/nbgrader_config.py",
            "grading/source/mean_shift/06_exercises.ipynb"} <= names


def test_lab_extra_installs_notebook_7_as_the_readme_says():
    lab = [_name(r) for r in _pyproject()["project"]["optional-dependencies"]["lab"]]
    assert "notebook" in lab and "jupyterlab" in lab
    assert "Notebook 7" in (ROOT / "README.md").read_text()
