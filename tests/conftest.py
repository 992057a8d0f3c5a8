"""Shared test setup.

Jupyter, IPython and matplotlib write into $HOME: point all of it at a throwaway folder before
anything starts a kernel, so tests never touch (or depend on) the developer's own settings.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="coownership-test-home-"))
os.environ.update(
    HOME=str(_HOME),
    JUPYTER_CONFIG_DIR=str(_HOME / ".jupyter"),
    JUPYTER_DATA_DIR=str(_HOME / ".local" / "share" / "jupyter"),
    JUPYTER_RUNTIME_DIR=str(_HOME / ".local" / "share" / "jupyter" / "runtime"),
    IPYTHONDIR=str(_HOME / ".ipython"),
    MPLCONFIGDIR=str(_HOME / ".matplotlib"),
    JUPYTER_PLATFORM_DIRS="1",
    PYDEVD_DISABLE_FILE_VALIDATION="1",
)
os.environ.pop("NBGRADER_EXECUTION", None)
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])

import nbformat  # noqa: E402
import pytest  # noqa: E402

from coownership import course  # noqa: E402

REPO = course.REPO
MODULES = course.module_ids()


def pytest_sessionfinish(session, exitstatus):  # noqa: D103
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> Path:
    """A private nbgrader course root with every module released (learner copies)."""
    root = tmp_path_factory.mktemp("course")
    course.release(root, ids=MODULES)
    return root


def source_notebook(module: str) -> Path:
    return REPO / "notebooks" / module / f"{module}.ipynb"


def read_nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def all_widgets(widget) -> list:
    """Every widget inside ``widget`` (itself included), for checking labels and descriptions."""
    stack, found = [widget], []
    while stack:
        w = stack.pop()
        found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found


@contextlib.contextmanager
def make_server(target: str, port: int, token: str, env: dict | None = None, **make_vars):
    """Run `make TARGET PORT=.. LAB_ARGS=..` in the background until its server answers; yield its
    base URL; stop the whole process group afterwards (make, the coownership command, Jupyter)."""
    import requests

    args = [f"{k}={v}" for k, v in make_vars.items()]
    proc = subprocess.Popen(
        ["make", "--no-print-directory", target, f"PORT={port}", f"LAB_ARGS=--no-browser --token {token}", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, ready = time.time() + 180, False
        while time.time() < deadline and proc.poll() is None and not ready:
            try:
                ready = (
                    requests.get(
                        f"{base}/api/status", headers={"Authorization": f"token {token}"}, timeout=2
                    ).status_code
                    == 200
                )
            except requests.ConnectionError:
                time.sleep(0.3)
        assert ready, f"make {target} did not start a server (exit {proc.poll()})"
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
