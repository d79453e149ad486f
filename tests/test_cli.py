"""The msviz command, run as a real process: output, exit status, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import msviz
from msviz import datasets


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run(
        [sys.executable, "-m", "msviz", *args], capture_output=True, text=True, cwd=cwd,
        env=env, timeout=300,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("msviz: error: ")
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""


def test_datasets_lists_every_name():
    result = run("datasets")
    assert result.returncode == 0
    for name in datasets.names():
        assert f"\n{name} " in "\n" + result.stdout
    assert result.stderr == ""


def test_gif_from_a_dataset(tmp_path):
    out = tmp_path / "five.gif"
    result = run("gif", "-o", str(out), "--dataset", "five_points", "--dpi", "30",
                 "--fps", "10", "--pause", "0")
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout and str(out) in result.stdout
    # Not a terminal: no progress bar.
    assert result.stderr == ""
    with Image.open(out) as im:
        assert im.n_frames == 2
        assert im.info["duration"] == 100


@pytest.mark.parametrize("tolerance", [0, 120])
def test_gif_tolerance_reaches_save_gif(tmp_path, tolerance):
    """The command writes byte for byte what save_gif writes with the same tolerance."""
    out = tmp_path / "cli.gif"
    result = run("gif", "-o", str(out), "--dataset", "varied", "--n-samples", "80",
                 "--bandwidth", "0.8", "--kernel", "gaussian", "--dpi", "25", "--quiet",
                 "--tolerance", str(tolerance))
    assert result.returncode == 0, result.stderr
    trace = msviz.run_mean_shift(datasets.load("varied", n_samples=80), bandwidth=0.8,
                                 kernel="gaussian")
    names = list(datasets.info("varied").feature_names)
    api = msviz.save_gif(trace, tmp_path / "api.gif", dpi=25, tolerance=tolerance,
                         feature_names=names)
    assert out.read_bytes() == api.read_bytes()


def test_gif_from_csv_with_header_and_columns(tmp_path):
    csv = tmp_path / "points.csv"
    rows = ["name,x,y"] + [
        f"p{i},{i % 3 * 5 + 0.1 * i},{(i % 3) * 4 - 0.05 * i}" for i in range(30)
    ]
    csv.write_text("\n".join(rows) + "\n")
    out = tmp_path / "mine.gif"
    result = run("gif", "-o", str(out), "--data", str(csv), "--columns", "x,y",
                 "--bandwidth", "2", "--kernel", "gaussian", "--dpi", "25", "--quiet",
                 "--layers", "data,points,trails,label")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    with Image.open(out) as im:
        assert im.n_frames >= 2


def test_gif_from_csv_without_header_by_index(tmp_path):
    csv = tmp_path / "plain.csv"
    csv.write_text("".join(f"{i % 2 * 6 + 0.1 * i};{i % 2 * 6};7\n" for i in range(20)))
    out = tmp_path / "plain.gif"
    result = run("gif", "-o", str(out), "--data", str(csv), "--columns", "0,1",
                 "--bandwidth", "scott", "--dpi", "25", "--quiet")
    assert result.returncode == 0, result.stderr
    assert out.exists()


def test_demo_writes_in_the_current_folder(tmp_path):
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    demo = tmp_path / "msviz-demo.gif"
    assert demo.exists()
    assert str(demo.resolve()) in result.stdout
    with Image.open(demo) as im:
        assert im.n_frames > 2 and im.info["loop"] == 0


def test_no_command_prints_help():
    result = run()
    assert result.returncode == 2
    assert "gif" in result.stdout and "datasets" in result.stdout


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, ["does not exist"]),
        ("", ["is empty"]),
        ("\n\n", ["is empty"]),
        ("x,y\n", ["no data rows"]),
        ("x,y\n1,2\n3\n", ["line 3", "1 fields"]),
        ("x,y,kind\n1,2,a\n3,4,b\n", ["'kind'", "not numeric", "--columns"]),
        ("x,y\n1,2\n3,\n", ["line 3", "empty"]),
        ("1,2\n3,inf\n", ["not finite"]),
    ],
)
def test_bad_csv_files(tmp_path, content, words):
    csv = tmp_path / "bad.csv"
    if content is not None:
        csv.write_text(content)
    out = tmp_path / "out.gif"
    result = run("gif", "-o", str(out), "--data", str(csv))
    assert_one_line_error(result, *words)
    assert not out.exists()


def test_csv_that_is_not_text(tmp_path):
    csv = tmp_path / "binary.csv"
    csv.write_bytes(b"\xff\xfe\x00\x81\x82" * 20)
    assert_one_line_error(run("gif", "-o", str(tmp_path / "o.gif"), "--data", str(csv)), "UTF-8")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--bandwidth", "abc"], ["bandwidth", "'abc'"]),
        (["--bandwidth", "0"], ["bandwidth must be > 0"]),
        (["--bandwidth", "-2"], ["bandwidth must be > 0"]),
        (["--bandwidth", "nan"], ["bandwidth must be > 0"]),
        (["--dataset", "nope"], ["unknown data set 'nope'"]),
        (["--layers", "sparkles"], ["unknown layer 'sparkles'"]),
        (["--layers", "basins"], ["seeds='grid'"]),
        (["--fps", "0"], ["fps"]),
        (["--fps", "100"], ["fps"]),
        (["--dpi", "abc"], ["--dpi"]),
        (["--kernel", "triangle"], ["--kernel"]),
        (["--columns", "x"], ["--columns is for --data"]),
        (["--tolerance", "300"], ["tolerance must be a whole number from 0", "got 300"]),
        (["--tolerance", "2.5"], ["--tolerance", "whole number", "'2.5'"]),
    ],
)
def test_bad_arguments(tmp_path, args, words):
    out = tmp_path / "out.gif"
    result = run("gif", "-o", str(out), "--dataset", "five_points", *args)
    if "--dataset" in args:
        result = run("gif", "-o", str(out), *args)
    assert_one_line_error(result, *words)
    assert not out.exists()


def test_bad_output_paths(tmp_path):
    assert_one_line_error(run("gif", "-o", str(tmp_path / "out.png")), ".gif")
    assert_one_line_error(
        run("gif", "-o", str(tmp_path / "missing" / "out.gif"), "--dataset", "five_points"),
        "does not exist", str(tmp_path / "missing"),
    )
    result = run("gif", "--dataset", "five_points")
    assert_one_line_error(result, "-o")


def test_existing_gif_is_replaced_atomically(tmp_path):
    out = tmp_path / "run.gif"
    out.write_bytes(b"old")
    result = run("gif", "-o", str(out), "--dataset", "five_points", "--dpi", "25", "-q")
    assert result.returncode == 0, result.stderr
    with Image.open(out) as im:
        assert im.n_frames == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.gif"]


def test_progress_bar_only_in_a_terminal(tmp_path):
    from msviz import cli

    class FakeTTY:
        def __init__(self) -> None:
            self.text = ""

        def write(self, s: str) -> None:
            self.text += s

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return True

    fake = FakeTTY()
    old = sys.stderr
    sys.stderr = fake  # type: ignore[assignment]
    try:
        assert cli.main(["gif", "-o", str(tmp_path / "p.gif"), "--dataset", "five_points",
                         "--dpi", "20"]) == 0
        quiet = FakeTTY()
        sys.stderr = quiet  # type: ignore[assignment]
        assert cli.main(["gif", "-o", str(tmp_path / "q.gif"), "--dataset", "five_points",
                         "--dpi", "20", "--quiet"]) == 0
    finally:
        sys.stderr = old
    assert "[" in fake.text and "2/2" in fake.text
    assert quiet.text == ""


def test_read_csv_function(tmp_path):
    from msviz.cli import UsageError, read_csv

    p = tmp_path / "d.csv"
    p.write_text("a\tb\tc\n1\t2\t3\n4\t5\t6\n")
    X, names = read_csv(p)
    assert names == ["a", "b", "c"] and X.tolist() == [[1, 2, 3], [4, 5, 6]]
    X, names = read_csv(p, "c,0")
    assert names == ["c", "a"] and X.tolist() == [[3, 1], [6, 4]]
    with pytest.raises(UsageError, match="out of range"):
        read_csv(p, "5")
    with pytest.raises(UsageError, match="no column 'z'"):
        read_csv(p, "z")


@pytest.fixture
def triweight():
    """A kernel registered for one test (no shadow density: no density picture)."""
    import numpy as np

    kernel = msviz.register_kernel(msviz.Kernel(
        "triweight", lambda u: np.clip(1 - u, 0, None) ** 2, 1.0, label="triweight"
    ))
    yield kernel
    del msviz.KERNELS["triweight"]


def test_a_registered_kernel_is_a_kernel_choice(tmp_path, triweight, capsys):
    from msviz import cli

    out = tmp_path / "tri.gif"
    status = cli.main(["gif", "-o", str(out), "--dataset", "five_points", "--kernel",
                       "triweight", "--bandwidth", "3", "--dpi", "30", "--pause", "0"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "wrote" in captured.out and captured.err == ""
    with Image.open(out) as im:
        assert im.n_frames >= 2
    with pytest.raises(SystemExit):
        cli.main(["gif", "--help"])
    assert "triweight" in capsys.readouterr().out


def test_kernel_choices_are_read_when_the_parser_is_built(tmp_path, capsys):
    """Without the fixture, triweight is no longer registered: no longer a choice."""
    from msviz import cli

    status = cli.main(["gif", "-o", str(tmp_path / "t.gif"), "--dataset", "five_points",
                       "--kernel", "triweight"])
    assert status == 2 and "--kernel" in capsys.readouterr().err
    assert not (tmp_path / "t.gif").exists()


@pytest.mark.parametrize("kernel", ["flat", "gaussian"])
def test_gif_uses_the_data_sets_bandwidth_for_the_kernel(tmp_path, kernel):
    """Issue 10: --kernel gaussian kept the flat suggestion and merged moons into one."""
    out = tmp_path / f"moons-{kernel}.gif"
    result = run("gif", "-o", str(out), "--dataset", "moons", "--kernel", kernel,
                 "--dpi", "20", "--pause", "0")
    assert result.returncode == 0, result.stderr
    h = datasets.info("moons").bandwidth_for(kernel)
    n = msviz.run_mean_shift(datasets.load("moons"), bandwidth=h, kernel=kernel).n_clusters
    assert n > 1
    assert f"{n} clusters, bandwidth {h:.3g})" in result.stdout


def test_datasets_lists_the_bandwidth_per_kernel():
    result = run("datasets")
    assert "h (flat / gaussian)" in result.stdout
    line = next(row for row in result.stdout.splitlines() if row.startswith("moons "))
    assert " 0.6 / 0.3 " in line


def test_the_columns_suggestion_can_be_pasted_into_a_shell(tmp_path):
    """Issue 10: a column name with a space was suggested unquoted."""
    csv = tmp_path / "odd.csv"
    csv.write_text("body mass,flipper,kind\n1,2,a\n3,4,b\n5,6,a\n")
    result = run("gif", "-o", str(tmp_path / "o.gif"), "--data", str(csv))
    assert_one_line_error(result, "not numeric")
    assert "e.g. --columns 'body mass,flipper'" in result.stderr
    plain = tmp_path / "plain.csv"
    plain.write_text("x,y,kind\n1,2,a\n3,4,b\n")
    result = run("gif", "-o", str(tmp_path / "o.gif"), "--data", str(plain))
    assert result.stderr.rstrip().endswith("e.g. --columns x,y")


def test_unknown_data_set_message_is_punctuated():
    result = run("gif", "-o", "x.gif", "--dataset", "zzz")
    assert_one_line_error(result, "unknown data set 'zzz'. Valid names: blobs, ")
    assert result.stderr.rstrip().endswith(".")
    close = run("gif", "-o", "x.gif", "--dataset", "blob")
    assert "did you mean 'blobs'? Valid names: " in close.stderr


def test_one_cluster_is_singular(tmp_path):
    out = tmp_path / "one.gif"
    result = run("gif", "-o", str(out), "--dataset", "blobs", "--bandwidth", "40",
                 "--dpi", "20", "--pause", "0")
    assert result.returncode == 0, result.stderr
    assert "1 cluster," in result.stdout and "1 clusters" not in result.stdout


def test_gif_style_projector(tmp_path):
    out = tmp_path / "room.gif"
    result = run("gif", "-o", str(out), "--dataset", "five_points", "--style", "projector",
                 "--dpi", "40", "--pause", "0")
    assert result.returncode == 0, result.stderr
    with Image.open(out) as im:
        assert im.size == (460, 248)
    bad = run("gif", "-o", str(out), "--dataset", "five_points", "--style", "projector",
              "--layers", "data,convergence")
    assert_one_line_error(bad, "projector style", "convergence")
    assert_one_line_error(run("gif", "-o", str(out), "--style", "room"), "--style")
