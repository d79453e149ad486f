"""The ``msviz`` command: mean shift GIFs from a terminal.

::

    msviz gif -o blobs.gif --dataset blobs --bandwidth 2.5
    msviz gif -o mine.gif --data points.csv --columns x,y --kernel gaussian
    msviz gif -o hill.gif --dataset moons --view hill --turn 1
    msviz datasets
    msviz demo

Bad input (a missing or malformed CSV file, a bad bandwidth, an unwritable
folder) prints one line ``msviz: error: ...`` on stderr and exits with status 2;
never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import shlex
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

import numpy as np
from numpy.typing import NDArray

__all__ = ["main", "read_csv", "UsageError"]

EXIT_USAGE = 2
DEMO_FILE = "msviz-demo.gif"


class UsageError(Exception):
    """Bad input from the command line: reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are one line (with where to look for help)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# --------------------------------------------------------------------------- CSV


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_csv(
    path: str | os.PathLike[str], columns: str | None = None
) -> tuple[NDArray[np.float64], list[str]]:
    r"""Read numeric columns of a CSV file.

    The delimiter (comma, semicolon, tab) is detected; so is a header row (a
    first row with any non-numeric field). ``columns`` chooses columns by name
    or 0-based index, separated by commas.

    Parameters
    ----------
    path : str or path-like
        The CSV file.
    columns : str, optional
        e.g. ``"x,y"`` or ``"0,2"``; default every column.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    names : list of str
        The chosen columns' names (``"column 0"`` ... without a header).

    Raises
    ------
    UsageError
        Missing or empty file, ragged rows, a non-numeric or empty value in a
        chosen column, an unknown column. The message says where.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = os.path.join(tmp, "d.csv")
    ...     _ = open(p, "w").write("x,y,name\n1,2,a\n3,4,b\n")
    ...     X, names = read_csv(p, columns="x,y")
    >>> X.tolist(), names
    ([[1.0, 2.0], [3.0, 4.0]], ['x', 'y'])
    """
    p = Path(os.fspath(path))
    if not p.exists():
        raise UsageError(f"data file {p} does not exist")
    if p.is_dir():
        raise UsageError(f"data file {p} is a folder, not a CSV file")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{p} is not a text (UTF-8) CSV file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {p}: {exc.strerror}") from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise UsageError(f"{p} is empty; it needs rows of numbers, one sample per row")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            "\n".join(lines[:20]), delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    rows = [[field.strip() for field in row] for row in csv.reader(lines, dialect)]
    # Line numbers in the file (1-based), skipping blank lines as csv did.
    numbers = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip()]
    header = any(not _is_number(f) for f in rows[0])
    width = len(rows[0])
    if header:
        names = [f or f"column {j}" for j, f in enumerate(rows[0])]
        body, body_lines = rows[1:], numbers[1:]
    else:
        names = [f"column {j}" for j in range(width)]
        body, body_lines = rows, numbers
    if not body:
        raise UsageError(f"{p} has a header but no data rows")
    for row, line in zip(body, body_lines, strict=True):
        if len(row) != width:
            raise UsageError(
                f"{p} line {line} has {len(row)} fields but the first row has {width}; "
                "every row needs the same number of fields"
            )
    chosen = _choose_columns(columns, names, header, p)
    X = np.empty((len(body), len(chosen)))
    for j_out, j in enumerate(chosen):
        for i, (row, line) in enumerate(zip(body, body_lines, strict=True)):
            field = row[j]
            if field == "":
                raise UsageError(f"{p} line {line}: column {names[j]!r} is empty")
            try:
                value = float(field)
            except ValueError:
                numeric = [names[c] for c in range(width) if all(_is_number(r[c]) for r in body)]
                hint = (
                    "; choose numeric columns with --columns, e.g. --columns "
                    + shlex.quote(",".join(numeric[:4])) if numeric else ""
                )
                raise UsageError(
                    f"{p} line {line}: column {names[j]!r} is not numeric ({field!r}){hint}"
                ) from None
            if not math.isfinite(value):
                raise UsageError(f"{p} line {line}: column {names[j]!r} is {field!r}, not finite")
            X[i, j_out] = value
    return X, [names[j] for j in chosen]


def _choose_columns(columns: str | None, names: list[str], header: bool, p: Path) -> list[int]:
    if columns is None:
        return list(range(len(names)))
    parts = [c.strip() for c in columns.split(",") if c.strip()]
    if not parts:
        raise UsageError("--columns is empty; give names or 0-based indices, e.g. --columns 0,1")
    out = []
    for part in parts:
        if header and part in names:
            out.append(names.index(part))
        elif part.lstrip("-").isdigit():
            j = int(part)
            if not 0 <= j < len(names):
                raise UsageError(
                    f"--columns: index {j} is out of range; {p} has {len(names)} columns "
                    f"(0 to {len(names) - 1})"
                )
            out.append(j)
        else:
            known = ", ".join(names) if header else "no header: use 0-based indices"
            raise UsageError(f"--columns: no column {part!r} in {p} ({known})")
    if len(set(out)) != len(out):
        raise UsageError("--columns names a column twice")
    return out


# --------------------------------------------------------------------------- arguments


def _bandwidth(text: str) -> float | str:
    t = text.strip().lower()
    if t in ("auto", "estimate"):
        return "auto"
    if t in ("scott", "silverman"):
        return t
    try:
        value = float(t)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"bandwidth must be a positive number, 'scott', 'silverman' or 'auto', got {text!r}"
        ) from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(
            f"bandwidth must be > 0, got {text!r}; try --bandwidth auto"
        )
    return value


def _positive(kind: type, name: str):  # type: ignore[no-untyped-def]
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, got {text!r}") from None
        if not (math.isfinite(value) and value > 0):
            raise argparse.ArgumentTypeError(f"{name} must be > 0, got {text!r}")
        return value  # type: ignore[no-any-return]

    return parse


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


def _parser() -> _Parser:
    from msviz.draw.style import STYLES
    from msviz.draw.view import LAYERS
    from msviz.engine.kernels import KERNELS  # read now: registered kernels are choices too
    from msviz.export.gif import GIF_TOLERANCE

    parser = _Parser(
        prog="msviz",
        description="Watch mean shift climb the density: write GIFs of every iteration.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gif = sub.add_parser(
        "gif", help="run mean shift and write an animated GIF",
        description="Run mean shift on a data set or a CSV file and write every iteration "
        "as an animated GIF.",
    )
    gif.add_argument("-o", "--output", required=True, metavar="FILE.gif", help="the GIF to write")
    source = gif.add_mutually_exclusive_group()
    source.add_argument("--dataset", metavar="NAME", help="a named data set (see 'msviz datasets')")
    source.add_argument("--data", metavar="FILE.csv", help="a CSV file of numeric columns")
    gif.add_argument(
        "--columns", metavar="A,B", help="CSV columns to use, by name or 0-based index"
    )
    gif.add_argument("--n-samples", type=_positive(int, "--n-samples"), metavar="N",
                     help="how many points a synthetic data set has")
    gif.add_argument(
        "--bandwidth", type=_bandwidth, default=None, metavar="H",
        help="a number, 'scott', 'silverman' or 'auto' (scikit-learn's estimate); default: "
        "the data set's suggested value for the kernel (see msviz datasets), else auto",
    )
    gif.add_argument("--kernel", choices=tuple(KERNELS), default="flat",
                     help="the weighting kernel, from: " + ", ".join(KERNELS))
    gif.add_argument("--variant", choices=("standard", "blurring"), default="standard")
    gif.add_argument("--seeds", choices=("all", "bin", "grid"), default="all",
                     help="where moving points start: every sample, bins or a grid")
    gif.add_argument("--max-iter", type=_positive(int, "--max-iter"), default=300, metavar="N")
    gif.add_argument("--layers", metavar="A,B", help=f"layers to draw, from: {', '.join(LAYERS)}")
    gif.add_argument(
        "--view", choices=("plane", "hill"), default="plane",
        help="'plane': the points over the density image (default); 'hill': the density as "
        "a 3-D surface with the points climbing it (one or two features)",
    )
    gif.add_argument(
        "--turn", type=float, default=0.0, metavar="DEG",
        help="with --view hill: degrees the camera turns each frame (default 0, a still "
        "camera; 1 is a slow turn, in a larger file)",
    )
    gif.add_argument("--fps", type=_positive(float, "--fps"), default=5.0)
    gif.add_argument("--dpi", type=_positive(float, "--dpi"), default=80.0)
    gif.add_argument("--pause", type=float, default=1.5, help="seconds on the first and last frame")
    gif.add_argument(
        "--tolerance", type=_whole_number, default=GIF_TOLERANCE, metavar="0-255",
        help="how far a pixel between the first and last frame may lag behind the drawing "
        f"before it is stored again (default {GIF_TOLERANCE}; 0 = every frame exact, "
        "larger = smaller file)",
    )
    gif.add_argument(
        "--style", choices=tuple(STYLES), default="screen",
        help="'projector': bigger text and marks for a room (the picture and its legend, "
        "without the convergence panel)",
    )
    gif.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary")

    sub.add_parser("datasets", help="list the named data sets",
                   description="List the named data sets with a one-line description.")
    demo = sub.add_parser("demo", help="write a demo GIF in the current folder",
                          description=f"Write {DEMO_FILE} (three blobs, flat kernel) here.")
    demo.add_argument("-o", "--output", default=DEMO_FILE, metavar="FILE.gif")
    demo.add_argument("--quiet", "-q", action="store_true")
    return parser


def _version() -> str:
    import msviz

    return f"msviz {msviz.__version__}"


# --------------------------------------------------------------------------- commands


class _Progress:
    """A one-line progress bar on stderr (only in a terminal)."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = int(round(width * done / max(total, 1)))
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _progress(quiet: bool, label: str) -> _Progress | None:
    if quiet or not sys.stderr.isatty():
        return None
    return _Progress(sys.stderr, label)


def _load(
    args: argparse.Namespace,
) -> tuple[NDArray[np.float64], list[str] | None, float | None]:
    """Return X, feature names and the default bandwidth."""
    from msviz import datasets

    if args.data is not None:
        if args.n_samples is not None:
            raise UsageError("--n-samples is for named data sets, not --data")
        X, names = read_csv(args.data, args.columns)
        return X, names, None
    if args.columns is not None:
        raise UsageError("--columns is for --data FILE.csv")
    name = args.dataset or "blobs"
    try:
        info = datasets.info(name)
        X = np.asarray(datasets.load(name, n_samples=args.n_samples), dtype=np.float64)
    except (ValueError, TypeError) as exc:
        raise UsageError(str(exc)) from None
    except ImportError as exc:
        raise UsageError(f"data set {name!r} needs an optional package: {exc}") from None
    # The suggestion for the kernel asked for: a Gaussian's h reaches twice as far.
    return X, list(info.feature_names), info.bandwidth_for(getattr(args, "kernel", "flat"))


def _clusters(n: int) -> str:
    return f"{n} cluster" if n == 1 else f"{n} clusters"


def _cmd_gif(args: argparse.Namespace) -> int:
    import msviz
    from msviz.export import save_gif

    out = Path(args.output)
    if out.suffix.lower() != ".gif":
        raise UsageError(f"-o must name a .gif file, got {str(out)!r}")
    X, names, suggested = _load(args)
    if args.bandwidth is None:
        bandwidth = suggested  # the data set's suggestion; None (estimate) for CSV files
    else:
        bandwidth = None if args.bandwidth == "auto" else args.bandwidth
    layers = None
    if args.view == "hill" and args.layers is not None:
        raise UsageError("--layers is for --view plane; --view hill draws the surface, the "
                         "points, their trails and the modes")
    if args.turn and args.view != "hill":
        raise UsageError(f"--turn {args.turn:g} turns the camera of --view hill; "
                         "the plane view has none")
    if args.layers is not None:
        from msviz.draw.view import _check_layers

        layers = _check_layers([part for part in args.layers.split(",") if part.strip()])
        if not layers:
            raise UsageError("--layers is empty; name at least one layer")
    seeds = None if args.seeds == "all" else args.seeds
    from msviz.engine.bandwidth import ZeroBandwidthError, zero_bandwidth_message

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", msviz.ConvergenceWarning)
        try:
            trace = msviz.run_mean_shift(
                X, bandwidth=bandwidth, kernel=args.kernel, variant=args.variant, seeds=seeds,
                max_iter=args.max_iter,
            )
        except ZeroBandwidthError:
            raise UsageError(zero_bandwidth_message(
                X, advice="choose one with --bandwidth, e.g. --bandwidth 1.0"
            )) from None
    for w in caught:
        if not args.quiet:
            print(f"msviz: warning: {w.message}", file=sys.stderr)
    extra: dict[str, object] = {"view": "hill", "turn": args.turn} if args.view == "hill" \
        else {"layers": layers}
    path = save_gif(
        trace, out, fps=args.fps, dpi=args.dpi, pause=args.pause, tolerance=args.tolerance,
        feature_names=names, style=args.style,
        progress=_progress(args.quiet, f"writing {out.name}"), **extra,  # type: ignore[arg-type]
    )
    if not args.quiet:
        h = trace.bandwidth
        h_text = f"{float(h):.3g}" if np.ndim(h) == 0 else "per sample"  # type: ignore[arg-type]
        print(
            f"wrote {path} ({len(trace)} frames, {_clusters(trace.n_clusters)}, "
            f"bandwidth {h_text})"
        )
    return 0


def _cmd_datasets(args: argparse.Namespace) -> int:
    from msviz import datasets

    rows = []
    for name in datasets.names():
        info = datasets.info(name)
        h = "-" if info.suggested_bandwidth is None else \
            f"{info.bandwidth_for('flat'):g} / {info.bandwidth_for('gaussian'):g}"
        flag = "" if datasets.available(name) else " (needs msviz[data])"
        rows.append((name, f"{info.n_samples}x{info.n_features}", h, info.description + flag))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    head = "h (flat / gaussian)"
    w2 = max(len(r[2]) for r in rows + [("", "", head)])
    print(f"{'name':<{w0}}  {'size':<{w1}}  {head:<{w2}}  description")
    for name, size, h, desc in rows:
        print(f"{name:<{w0}}  {size:<{w1}}  {h:<{w2}}  {desc}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    ns = argparse.Namespace(
        output=args.output, dataset="blobs", data=None, columns=None, n_samples=None,
        bandwidth=None, kernel="flat", variant="standard", seeds="all", max_iter=300,
        layers=None, fps=4.0, dpi=80.0, pause=1.5, quiet=True,
    )
    progress_quiet = args.quiet
    out = Path(args.output)
    if out.suffix.lower() != ".gif":
        raise UsageError(f"-o must name a .gif file, got {str(out)!r}")
    import msviz
    from msviz.export import save_gif

    X, names, suggested = _load(ns)
    trace = msviz.run_mean_shift(X, bandwidth=suggested)
    path = save_gif(
        trace, out, fps=ns.fps, dpi=ns.dpi, pause=ns.pause, feature_names=None,
        progress=_progress(progress_quiet, f"writing {out.name}"),
    )
    print(f"wrote {path.resolve()} ({len(trace)} frames: mean shift on three blobs, "
          f"flat kernel, h = {float(trace.bandwidth):g})")  # type: ignore[arg-type]
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``msviz`` command; return the exit status.

    Examples
    --------
    >>> main(["datasets"])  # doctest: +ELLIPSIS
    name ...
    0
    """
    # Exports draw on their own Agg figures: no pyplot, no display needed.
    parser = _parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        command = {"gif": _cmd_gif, "datasets": _cmd_datasets, "demo": _cmd_demo}[args.command]
        return command(args)
    except UsageError as exc:
        return _fail(str(exc))
    except (ValueError, TypeError, IndexError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(_os_message(exc))
    except KeyboardInterrupt:
        print("msviz: interrupted", file=sys.stderr)
        return 130


def _os_message(exc: OSError) -> str:
    if exc.filename and exc.strerror:
        return f"{exc.strerror}: {exc.filename}"
    return str(exc.strerror or exc) if not exc.args or len(exc.args) != 2 else str(exc.args[1])


def _fail(message: str) -> int:
    one_line = " ".join(str(message).split())
    print(f"msviz: error: {one_line}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
