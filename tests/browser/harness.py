"""Real-browser test harness: JupyterLab / Voilà on loopback, Debian Chromium via Playwright.

Everything here is bounded (every wait has a timeout) and cleans up after itself
(servers are killed with their whole process tree, browser profiles are temporary).

Typical use::

    with jupyter_lab(notebook_dir) as (base_url, token), chromium_page() as page:
        open_notebook_and_run_all(page, base_url, token, "standin.ipynb")
        slider = find_slider(page, ".standin-slider")
        press_slider_key(slider, "ArrowRight", times=3)
        wait_for_text(page.locator(".standin-label"), "step 3")

Notes
-----
* The browser is Debian's ``/usr/bin/chromium`` (override with ``MSVIZ_CHROMIUM``).
  Never run ``playwright install``: nothing is downloaded.
* Screenshots and server logs go to ``$MSVIZ_SCREENSHOTS`` or
  ``tests/browser/_screenshots/``.
* JupyterLab is started with ``--LabApp.expose_app_in_browser=True`` so the harness
  drives it through ``window.jupyterapp`` (commands and the notebook model) instead of
  clicking menus; widget interaction itself is done with real mouse/keyboard events.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from playwright.sync_api import Locator, Page

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "IPYMPL_CANVAS",
    "drag_and_wait",
    "HarnessError",
    "Server",
    "chromium_available",
    "require_chromium",
    "jupyter_lab",
    "voila",
    "chromium_page",
    "console_messages",
    "wait_until",
    "open_notebook_and_run_all",
    "open_voila",
    "find_slider",
    "slider_value",
    "press_slider_key",
    "widget_text",
    "wait_for_text",
    "click_play",
    "element_png",
    "wait_for_painted",
    "wait_for_png_change",
    "png_difference",
    "png_colours",
    "colour_centroid",
    "screenshot_dir",
    "save_png",
    "save_screenshot",
]

CHROMIUM = Path(os.environ.get("MSVIZ_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = "install Debian's chromium: apt-get install chromium chromium-driver"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # loopback only: never route 127.0.0.1 through an http_proxy from the environment
    "--no-proxy-server",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 1000}
#: the element to screenshot for an ipympl figure (holds the image and rubber-band canvases)
IPYMPL_CANVAS = ".jupyter-matplotlib-canvas-div"

ANNOUNCEMENTS_PLUGIN = "@jupyterlab/apputils-extension:announcements"

_HERE = Path(__file__).resolve().parent
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# urllib must not use http_proxy for loopback either
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class HarnessError(AssertionError):
    """A browser/server step did not reach the state it waited for."""


# ----------------------------------------------------------------------------- artefacts


def screenshot_dir() -> Path:
    """Return (and create) the folder for screenshots and logs.

    ``$MSVIZ_SCREENSHOTS`` if set, else ``tests/browser/_screenshots/``.
    """
    folder = Path(os.environ.get("MSVIZ_SCREENSHOTS") or _HERE / "_screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _safe_name(name: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "shot"
    return name if name.endswith(".png") else name + ".png"


def save_png(data: bytes, name: str) -> Path:
    """Write PNG bytes to the screenshot folder; return the path."""
    path = screenshot_dir() / _safe_name(name)
    path.write_bytes(data)
    return path


def save_screenshot(target: Page | Locator, name: str, *, full_page: bool = False) -> Path:
    """Screenshot a page or an element into the screenshot folder; return the path."""
    path = screenshot_dir() / _safe_name(name)
    if hasattr(target, "goto"):  # a Page
        target.screenshot(path=str(path), full_page=full_page, animations="disabled")
    else:
        target.screenshot(path=str(path), animations="disabled")
    return path


# ----------------------------------------------------------------------------- chromium


def chromium_available() -> bool:
    """True if Debian's Chromium and the Playwright Python package are both present."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def require_chromium() -> None:
    """FAIL (never skip) the current test when the browser stack is missing.

    CI installs Chromium, so a missing browser is a broken environment, not a reason
    to silently pass.
    """
    import pytest

    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"{CHROMIUM} not found: {INSTALL_HINT}", pytrace=False)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail(
            "the Playwright Python package is missing: pip install 'msviz[test]' "
            "(do NOT run `playwright install`; the harness uses Debian's chromium)",
            pytrace=False,
        )


_CONSOLE: dict[int, list[str]] = {}
_PW: dict[str, Any] = {"users": 0, "manager": None, "playwright": None}


@contextlib.contextmanager
def _playwright() -> Iterator[Any]:
    """One shared Playwright driver per process (reference counted).

    The sync API refuses a second ``sync_playwright()`` while one is running ("Sync API
    inside the asyncio loop"), which breaks nesting, e.g. a module-scoped JupyterLab page
    alive while a test opens a Voilà page. Sharing the driver lets contexts nest.
    """
    from playwright.sync_api import sync_playwright

    if _PW["users"] == 0:
        manager = sync_playwright()
        _PW["playwright"] = manager.__enter__()
        _PW["manager"] = manager
    _PW["users"] += 1
    try:
        yield _PW["playwright"]
    finally:
        _PW["users"] -= 1
        if _PW["users"] == 0:
            manager, _PW["manager"], _PW["playwright"] = _PW["manager"], None, None
            manager.__exit__(None, None, None)


def console_messages(page: Page) -> list[str]:
    """Console messages and page errors recorded for a page from :func:`chromium_page`."""
    return _CONSOLE.get(id(page), [])


@contextlib.contextmanager
def chromium_page(
    *,
    viewport: dict[str, int] | None = None,
    default_timeout: float = 30.0,
    name: str = "page",
) -> Iterator[Page]:
    """Headless Debian Chromium with a throw-away profile; yield one page.

    Uses ``launch_persistent_context`` (``launch()`` refuses ``--user-data-dir``).
    On an exception inside the block a full-page screenshot ``<name>-failure.png`` is
    saved and the browser console is printed.
    """
    require_chromium()
    with (
        tempfile.TemporaryDirectory(prefix="msviz-chromium-") as profile,
        _playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            user_data_dir=profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=viewport or VIEWPORT,
            device_scale_factor=1,
            timeout=60_000,
        )
        log: list[str] = []
        try:
            page = context.pages[0] if context.pages else context.new_page()
            _CONSOLE[id(page)] = log
            page.on("console", lambda m: log.append(f"[console.{m.type}] {m.text}"))
            page.on("pageerror", lambda e: log.append(f"[pageerror] {e}"))
            page.set_default_timeout(default_timeout * 1000)
            try:
                yield page
            except BaseException:
                with contextlib.suppress(Exception):
                    shot = save_screenshot(page, f"{name}-failure", full_page=True)
                    print(f"[harness] failure screenshot: {shot}")
                if log:
                    print("[harness] browser console (last 60 lines):")
                    print("\n".join(log[-60:]))
                raise
            finally:
                _CONSOLE.pop(id(page), None)
        finally:
            with contextlib.suppress(Exception):
                context.close()


# ----------------------------------------------------------------------------- servers


class Server(tuple):
    """``(base_url, token)`` plus ``log_path``, ``process`` and :meth:`url`.

    A tuple so ``base_url, token = server`` works.
    """

    base_url: str
    token: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def __new__(
        cls, base_url: str, token: str, log_path: Path, process: subprocess.Popen[bytes]
    ) -> Server:
        self = super().__new__(cls, (base_url, token))
        self.base_url, self.token, self.log_path, self.process = (
            base_url,
            token,
            log_path,
            process,
        )
        return self

    def url(self, path: str = "", **query: str) -> str:
        """Absolute URL of ``path`` (relative to the base URL) with the token added."""
        q = {"token": self.token, **query} if self.token else dict(query)
        return self.base_url + path.lstrip("/") + ("?" + urllib.parse.urlencode(q) if q else "")

    def log_text(self) -> str:
        """The server's combined stdout/stderr so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _isolated_env(root: Path) -> dict[str, str]:
    """Environment with every Jupyter/IPython/matplotlib user dir inside ``root``."""
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": root / "config",
        "JUPYTER_DATA_DIR": root / "data",
        "JUPYTER_RUNTIME_DIR": root / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": root / "settings",
        "JUPYTERLAB_WORKSPACES_DIR": root / "workspaces",
        "IPYTHONDIR": root / "ipython",
        "MPLCONFIGDIR": root / "mpl",
    }
    for key, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[key] = str(path)
    env["JUPYTER_PREFER_ENV_PATH"] = "1"  # the venv's kernels/extensions before ~/.local
    env["JUPYTER_PLATFORM_DIRS"] = "1"  # silence the jupyter_core migration warning
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("MPLBACKEND", None)  # a test-suite MPLBACKEND=Agg would break %matplotlib widget
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(var, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _write_lab_config(root: Path, windowing: str | None = "none") -> None:
    """Disable the news/update announcements and make the notebook test-friendly.

    ``windowing``: the notebook's windowing mode; None keeps JupyterLab's default
    (what a learner gets: cells far off screen are not laid out).
    """
    labconfig = root / "config" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {ANNOUNCEMENTS_PLUGIN: True}})
    )
    settings: dict[str, dict[str, Any]] = {
        # every cell stays in the DOM (no virtual scrolling): widgets are always findable
        "@jupyterlab/notebook-extension/tracker": (
            {} if windowing is None else {"windowingMode": windowing}
        ),
        # never write outputs back into the (copied) notebook behind our back
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
        # belt and braces if the announcements plugin were enabled again
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for plugin, values in settings.items():
        pkg, name = plugin.rsplit("/", 1)
        folder = root / "settings" / pkg
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.jupyterlab-settings").write_text(json.dumps(values))


def _descendants(pid: int) -> list[int]:
    """All descendant pids of ``pid`` (Linux /proc; psutil if available)."""
    try:
        import psutil

        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except Exception:
        pass
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            ppid = int(text.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _kill_tree(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM the server's process group (it shuts its kernels down), then SIGKILL all.

    Kernels run in their own sessions (jupyter_client uses ``start_new_session``), so
    descendants are collected before signalling and killed individually if they outlive
    the grace period.
    """
    if proc.poll() is not None:
        return
    kids = _descendants(proc.pid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    for pid in kids:
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except (ProcessLookupError, PermissionError):
                break
            time.sleep(0.05)
        else:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def _http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with _OPENER.open(url, timeout=timeout) as resp:
            return 200 <= resp.status < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _print_log(label: str, log_path: Path, lines: int = 200) -> None:
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        text = "<no log>"
    tail = "\n".join(text.splitlines()[-lines:])
    print(f"\n[harness] ---- {label} log ({log_path}) ----\n{tail}\n[harness] ---- end ----")


@contextlib.contextmanager
def _server(
    label: str,
    make_cmd: Callable[[int, str], list[str]],
    ready_path: str,
    *,
    cwd: Path,
    root: Path,
    startup_timeout: float,
    attempts: int = 3,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Server]:
    env = _isolated_env(root)
    env.update(extra_env or {})
    log_path = root / f"{label}.log"
    server: Server | None = None
    failure = ""
    for _attempt in range(attempts):
        port, token = _free_port(), secrets.token_hex(16)
        base = f"http://127.0.0.1:{port}/"
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                make_cmd(port, token),
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: killed as a whole
            )
        candidate = Server(base, token, log_path, proc)
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if _http_ok(candidate.url(ready_path)):
                server = candidate
                break
            time.sleep(0.1)
        if server is not None:
            break
        failure = "exited early" if proc.poll() is not None else "timed out"
        _kill_tree(proc)
        if "Address already in use" not in candidate.log_text():
            break  # not a port race: retrying will not help
    if server is None:
        _print_log(label, log_path)
        with contextlib.suppress(OSError):
            shutil.copyfile(log_path, screenshot_dir() / f"{label}.log")
        raise HarnessError(f"{label} did not answer {ready_path} ({failure}); log: {log_path}")
    try:
        yield server
    except BaseException:
        _print_log(label, log_path)
        raise
    finally:
        _kill_tree(server.process)
        with contextlib.suppress(OSError):
            shutil.copyfile(log_path, screenshot_dir() / f"{label}.log")


@contextlib.contextmanager
def jupyter_lab(
    notebook_dir: str | os.PathLike[str],
    *,
    startup_timeout: float = 60.0,
    extra_args: tuple[str, ...] = (),
    windowing: str | None = "none",
) -> Iterator[Server]:
    """Run JupyterLab on 127.0.0.1 (free port, random token) serving ``notebook_dir``.

    Yields a :class:`Server`, which unpacks as ``(base_url, token)``. Config, data,
    runtime, settings and workspaces live in a temporary directory (the user's home
    config is neither read for these nor written); the announcements plugin is
    disabled, autosave is off and notebook windowing is ``windowing`` (default
    ``"none"``; None: JupyterLab's own default, as a learner has it). On exit the whole
    process tree is terminated; if the block raised, the server log is printed.
    Serve a *copy* of any notebook you do not want touched.
    """
    notebook_dir = Path(notebook_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="msviz-lab-") as tmp:
        root = Path(tmp)
        _write_lab_config(root, windowing)

        def cmd(port: int, token: str) -> list[str]:
            return [
                sys.executable, "-m", "jupyter", "lab",
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={notebook_dir}",
                "--ServerApp.terminals_enabled=False",
                # safety net if the test process is SIGKILLed before cleanup
                "--ServerApp.shutdown_no_activity_timeout=900",
                "--LabApp.expose_app_in_browser=True",
                f"--LabApp.user_settings_dir={root / 'settings'}",
                f"--LabApp.workspaces_dir={root / 'workspaces'}",
                "--LabApp.news_url=",
                *extra_args,
            ]  # fmt: skip

        with _server(
            "jupyter-lab",
            cmd,
            "api/status",
            cwd=notebook_dir,
            root=root,
            startup_timeout=startup_timeout,
        ) as server:
            yield server


@contextlib.contextmanager
def voila(
    notebook_path: str | os.PathLike[str],
    *,
    startup_timeout: float = 60.0,
    cell_timeout: float = 60.0,
    extra_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Run Voilà 0.5 on 127.0.0.1 (free port, random token) for one notebook.

    Yields a :class:`Server`; open ``server.url()`` (the notebook is executed when the
    page is requested). Same isolation and cleanup as :func:`jupyter_lab`; ``env``
    adds variables (e.g. ``JUPYTER_PATH`` for a template).
    """
    notebook_path = Path(notebook_path).resolve()
    with tempfile.TemporaryDirectory(prefix="msviz-voila-") as tmp:
        root = Path(tmp)

        def cmd(port: int, token: str) -> list[str]:
            return [
                sys.executable, "-m", "voila", str(notebook_path),
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--Voila.port_retries=0",
                f"--Voila.token={token}",
                "--show_tracebacks=True",
                f"--VoilaExecutor.timeout={int(cell_timeout)}",
                *extra_args,
            ]  # fmt: skip

        with _server(
            "voila",
            cmd,
            "voila/static/voila.js",  # a static file: GET / would execute the notebook
            cwd=notebook_path.parent,
            root=root,
            startup_timeout=startup_timeout,
            extra_env=env,
        ) as server:
            yield server


# ----------------------------------------------------------------------------- JupyterLab

_FIND_PANEL_JS = """
async ([path, timeoutMs]) => {
  const app = window.jupyterapp;
  await app.restored;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.content.model) {
        await w.context.ready;
        await w.sessionContext.ready;
        app.shell.activateById(w.id);
        window.__msvizPanel = w;
        return w.id;
      }
    }
    if (Date.now() > deadline) {
      const open = [...app.shell.widgets('main')].map(w => w.context ? w.context.path : w.id);
      throw new Error(`notebook ${path} not open after ${timeoutMs} ms; open: ${open}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
"""

_STATE_JS = """
() => {
  const panel = window.__msvizPanel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = [];
  const model = panel.content.model;
  const widgets = panel.content.widgets;
  for (let i = 0; i < model.cells.length; i++) {
    const c = model.cells.get(i);
    if (c.type !== 'code') continue;
    const source = c.sharedModel.getSource();
    const errors = [];
    for (let j = 0; j < c.outputs.length; j++) {
      const o = c.outputs.get(j).toJSON();
      if (o.output_type === 'error') {
        errors.push(`${o.ename}: ${o.evalue}\\n${(o.traceback || []).join('\\n')}`);
      }
    }
    const prompt = widgets[i] && widgets[i].node.querySelector('.jp-InputPrompt');
    cells.push({
      index: i,
      empty: source.trim() === '',
      count: c.executionCount,
      prompt: prompt ? prompt.textContent.trim() : '',
      errors,
    });
  }
  return {
    kernel: kernel ? kernel.status : 'none',
    connection: kernel ? kernel.connectionStatus : 'none',
    cells,
  };
}
"""


def _lab_state(page: Page) -> dict[str, Any]:
    return page.evaluate(_STATE_JS)


def wait_until(
    predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.1
) -> Any:
    """Poll ``predicate`` until it returns a truthy value and return that value.

    Raises :class:`HarnessError` naming ``what`` after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise HarnessError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def open_notebook_and_run_all(
    page: Page,
    base_url: str,
    token: str,
    relpath: str,
    timeout: float = 120.0,
    *,
    retry_after: float = 10.0,
    attempts: int = 3,
) -> dict[str, Any]:
    """Open ``lab/tree/<relpath>``, wait for an idle kernel, run all cells, wait for all.

    Returns the final state (kernel status and, per code cell, its execution count).
    "Run All" issued just after the kernel turns idle is occasionally dropped; if no
    code cell got a count or a ``[*]`` prompt within ``retry_after`` seconds and the
    kernel is idle, the command is issued again (up to ``attempts`` times). Raises
    :class:`HarnessError` (with a screenshot saved) on an error output or a timeout.
    """
    deadline = time.monotonic() + timeout
    left = lambda: max(1.0, deadline - time.monotonic())  # noqa: E731
    name = Path(relpath).stem
    url = f"{base_url.rstrip('/')}/lab/tree/{urllib.parse.quote(relpath)}?token={token}"
    state: dict[str, Any] = {}
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=left() * 1000)
        page.wait_for_function(
            "() => window.jupyterapp !== undefined", timeout=left() * 1000, polling=100
        )
        page.evaluate(_FIND_PANEL_JS, [relpath, int(left() * 1000)])

        def idle() -> bool:
            s = _lab_state(page)
            return s["kernel"] == "idle" and s["connection"] == "connected"

        wait_until(idle, left(), "an idle, connected kernel")

        for attempt in range(1, attempts + 1):
            page.evaluate(
                "() => { window.__msvizRunError = null;"
                " window.jupyterapp.shell.activateById(window.__msvizPanel.id);"
                " window.jupyterapp.commands.execute('notebook:run-all-cells')"
                "   .catch(e => { window.__msvizRunError = String(e); }); }"
            )
            started = time.monotonic()
            while True:
                state = _lab_state(page)
                code = [c for c in state["cells"] if not c["empty"]]
                errors = [e for c in code for e in c["errors"]]
                if errors:
                    raise HarnessError(
                        "a cell raised while running all:\n" + _ANSI.sub("", errors[0])
                    )
                if code and all(c["count"] is not None for c in code):
                    return state
                progress = any(c["count"] is not None or "*" in c["prompt"] for c in code)
                if (
                    not progress
                    and state["kernel"] == "idle"
                    and time.monotonic() - started > retry_after
                    and attempt < attempts
                ):
                    print(f"[harness] Run All did nothing (attempt {attempt}); retrying")
                    break
                if time.monotonic() > deadline:
                    run_error = page.evaluate("() => window.__msvizRunError")
                    raise HarnessError(
                        f"not every code cell executed within {timeout:.0f} s "
                        f"(run error: {run_error}); state: {json.dumps(state)}"
                    )
                time.sleep(0.1)
        raise HarnessError(f"Run All never started after {attempts} attempts: {state}")
    except BaseException:
        with contextlib.suppress(Exception):
            shot = save_screenshot(page, f"{name}-run-all-failed", full_page=True)
            print(f"[harness] screenshot: {shot}")
        raise


# ----------------------------------------------------------------------------- Voilà


def open_voila(page: Page, server: Server, *, ready_selector: str, timeout: float = 90.0) -> None:
    """Load the Voilà page (which executes the notebook) and wait for ``ready_selector``."""
    try:
        page.goto(server.url(), wait_until="domcontentloaded", timeout=timeout * 1000)
        page.locator(ready_selector).first.wait_for(state="visible", timeout=timeout * 1000)
    except BaseException:
        with contextlib.suppress(Exception):
            print(f"[harness] screenshot: {save_screenshot(page, 'voila-failed', full_page=True)}")
        raise


# ----------------------------------------------------------------------------- widgets


def find_slider(
    scope: Page | Locator,
    selector: str = ".widget-slider",
    *,
    nth: int = 0,
    description: str | None = None,
) -> Locator:
    """Locate an ipywidgets slider (its ``.widget-slider`` box) and wait until visible.

    ``selector`` may be a class added in Python with ``slider.add_class("...")`` (the
    most robust hook) or a container holding the slider; ``description`` filters by the
    slider's label text.
    """
    if ".widget-slider" in selector:
        loc = scope.locator(selector)
    else:
        loc = scope.locator(f"{selector}.widget-slider, {selector} .widget-slider")
    if description is not None:
        page = scope if hasattr(scope, "goto") else scope.page
        loc = loc.filter(has=page.locator(".widget-label", has_text=description))
    loc = loc.nth(nth)
    loc.wait_for(state="visible")
    return loc


def slider_value(slider: Locator) -> float:
    """The slider's value as shown in its readout (falls back to ``aria-valuenow``)."""
    readout = slider.locator(".widget-readout")
    if readout.count():
        text = readout.first.inner_text().strip()
    else:
        text = slider.locator(".noUi-handle").first.get_attribute("aria-valuenow") or ""
    try:
        return float(text)
    except ValueError as exc:
        raise HarnessError(f"slider readout {text!r} is not a number") from exc


def press_slider_key(
    slider: Locator, key: str = "ArrowRight", times: int = 1, *, timeout: float = 10.0
) -> float:
    """Focus the slider's noUiSlider handle and press ``key`` ``times`` times.

    Waits after each press until the readout changed (so presses are not lost while the
    widget re-renders) and returns the final value. ``key`` may be any key noUiSlider
    handles: ArrowRight/ArrowLeft/ArrowUp/ArrowDown, PageUp/PageDown, Home/End.
    """
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    value = slider_value(slider)
    for i in range(times):
        before = value
        handle.press(key)
        value = wait_until(
            lambda before=before: (v := slider_value(slider)) != before and (v,),
            timeout,
            f"the slider to move on {key} (press {i + 1}/{times}, value {before})",
            interval=0.02,
        )[0]
    return value


def widget_text(locator: Locator) -> str:
    """Visible text of a Label/HTML/any widget, stripped."""
    return locator.first.inner_text().strip()


def wait_for_text(
    locator: Locator, expected: str | re.Pattern[str], *, timeout: float = 15.0
) -> str:
    """Wait until the widget's text equals ``expected`` (or matches a regex); return it."""

    def ok() -> str | None:
        text = widget_text(locator)
        hit = expected.search(text) if isinstance(expected, re.Pattern) else text == expected
        return text if hit else None

    try:
        return wait_until(ok, timeout, f"text {expected!r}", interval=0.05)
    except HarnessError as exc:
        raise HarnessError(f"{exc}; last text {widget_text(locator)!r}") from None


def click_play(scope: Page | Locator, selector: str = ".widget-play") -> None:
    """Click the ▶ button of an ipywidgets ``Play``."""
    box = scope.locator(selector).first if selector else scope
    box.wait_for(state="visible")
    button = box.locator("button:has(.fa-play)")
    if not button.count():
        button = box.locator("button")
    button.first.click()


# ----------------------------------------------------------------------------- pixels


def element_png(locator: Locator) -> bytes:
    """PNG screenshot of one element (e.g. ``.jupyter-matplotlib-canvas-div`` or an img)."""
    return locator.first.screenshot(animations="disabled", caret="hide")


def _image(data: bytes):  # -> PIL.Image.Image
    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("RGB")


def png_colours(data: bytes) -> int:
    """Number of distinct colours in a PNG (1 = blank)."""
    colours = _image(data).getcolors(maxcolors=1 << 16)
    return len(colours) if colours is not None else 1 << 16


def png_difference(a: bytes, b: bytes) -> float:
    """Fraction of pixels that differ between two PNGs (1.0 if sizes differ)."""
    from PIL import ImageChops

    ia, ib = _image(a), _image(b)
    if ia.size != ib.size:
        return 1.0
    diff = ImageChops.difference(ia, ib).convert("L").point(lambda v: 255 if v > 16 else 0)
    hist = diff.histogram()
    return hist[255] / (ia.size[0] * ia.size[1])


def wait_for_painted(locator: Locator, *, min_colours: int = 8, timeout: float = 20.0) -> bytes:
    """Wait until an element's screenshot is not blank (≥ ``min_colours``); return it.

    For an ipympl figure use ``.jupyter-matplotlib-canvas-div``: the canvas is blank
    until the kernel's first PNG frame arrives.
    """
    locator.first.wait_for(state="visible", timeout=timeout * 1000)
    last: list[bytes] = []

    def painted() -> bytes | None:
        data = element_png(locator)
        last[:] = [data]
        return data if png_colours(data) >= min_colours else None

    try:
        return wait_until(painted, timeout, "the element to be painted", interval=0.1)
    except HarnessError:
        if last:
            print(f"[harness] blank element: {save_png(last[0], 'blank-element')}")
        raise


def drag_and_wait(page: Page, locator: Locator, before: bytes, *, at: float = 0.4) -> bytes:
    """Drag across ``locator`` left to right (120 px, from ``at`` of its width), wait
    until its picture differs from ``before`` by 5 %, let it settle; return the picture.

    For a 3-D hill: a drag turns the camera (ipympl sends the mouse to mplot3d).
    """
    box = locator.bounding_box()
    assert box is not None, "the element to drag is not on the page"
    x, y = box["x"] + box["width"] * at, box["y"] + box["height"] * 0.6
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x + 12 * i, y, steps=2)
    page.mouse.up()
    wait_for_png_change(locator, before, min_fraction=0.05, timeout=30)
    page.wait_for_timeout(1000)  # the kernel idle, the last frame in
    return wait_for_painted(locator, min_colours=40)


def wait_for_png_change(
    locator: Locator, before: bytes, *, min_fraction: float = 0.001, timeout: float = 15.0
) -> bytes:
    """Wait until the element's screenshot differs from ``before``; return the new PNG."""

    def changed() -> bytes | None:
        data = element_png(locator)
        return data if png_difference(before, data) >= min_fraction else None

    return wait_until(changed, timeout, "the element's pixels to change", interval=0.1)


def colour_centroid(
    data: bytes, rgb: tuple[int, int, int], *, tol: int = 40
) -> tuple[float, float] | None:
    """Centre (x, y) in pixels of all pixels within ``tol`` of colour ``rgb``, or None.

    Lets a test say *where* something is drawn (e.g. a moving point in tab:red
    ``(214, 39, 40)``) instead of only "the picture changed".
    """
    import numpy as np

    arr = np.asarray(_image(data), dtype=np.int16)
    mask = (np.abs(arr - np.asarray(rgb, dtype=np.int16)) <= tol).all(axis=-1)
    ys, xs = np.nonzero(mask)
    return (float(xs.mean()), float(ys.mean())) if xs.size else None
