"""Writing files safely: checked paths, atomic replacement, the new file's mode."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from glob import escape as glob_escape
from pathlib import Path
from typing import IO, Any

__all__ = []


def _check_path(path: str | os.PathLike[str], suffixes: Sequence[str], what: str) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    if not os.fspath(path):
        raise ValueError(f"path is empty; give a file name ending in {suffixes[0]}")
    p = Path(os.fspath(path)).expanduser()
    if p.suffix.lower() not in suffixes:
        got = f"{p.suffix!r}" if p.suffix else "no extension"
        raise ValueError(
            f"{what} path must end in {' or '.join(suffixes)}, got {got} ({p}); "
            f"e.g. {p.with_suffix(suffixes[0]).name}"
        )
    if p.is_dir():
        raise IsADirectoryError(f"cannot write {what} to {p}: it is a folder; give a file name")
    _check_folder(p.parent if str(p.parent) else Path("."), p)
    return p


def _check_folder(folder: Path, target: Path) -> None:
    if not folder.exists():
        raise FileNotFoundError(
            f"cannot write {target}: the folder {folder} does not exist; create it first"
        )
    if not folder.is_dir():
        raise NotADirectoryError(f"cannot write {target}: {folder} is not a folder")


def _png_writer(im: Any) -> Callable[[IO[bytes]], object]:
    def write(fh: IO[bytes]) -> None:
        im.save(fh, format="PNG")

    return write


def _atomic_write(target: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through a temporary file in the target's folder, then ``os.replace``.

    On any failure the temporary file is removed and ``target`` is untouched.
    """
    folder = target.parent if str(target.parent) else Path(".")
    _check_folder(folder, target)
    _remove_stale_parts(folder, target.name)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=folder
        )
    except PermissionError as exc:
        raise PermissionError(
            exc.errno, f"cannot write {target.name}: the folder {folder} is not writable"
        ) from exc
    except OSError as exc:
        raise OSError(
            exc.errno, f"cannot write {target.name} into the folder {folder}: {exc.strerror}"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            with suppress(OSError):
                os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a new file gets.
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


#: A leftover temporary file this old is removed even if its writer may be alive.
STALE_AFTER = 24 * 3600.0


def _remove_stale_parts(folder: Path, name: str) -> None:
    """Remove temporary files an earlier write of ``name`` left behind (killed with -9).

    Temporary files are named ``.NAME.PID.XXXX.part``: one whose writer is no longer
    running (or that is a day old) can only be a leftover.
    """
    with suppress(OSError):
        for part in folder.glob(f".{glob_escape(name)}.*.part"):
            pid_text = part.name[len(name) + 2:].split(".", 1)[0]
            with suppress(OSError):
                old = time.time() - part.stat().st_mtime > STALE_AFTER
                if old or not (pid_text.isdigit() and _alive(int(pid_text))):
                    part.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process, or we cannot tell: keep its file
    return True


def _new_file_mode(target: Path) -> int:
    with suppress(OSError):
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
