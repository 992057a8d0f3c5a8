"""Shared test setup.

Jupyter, IPython and matplotlib write into $HOME: point all of it at a throwaway folder before
anything starts a kernel, so tests never touch (or depend on) the developer's own settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
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
from filelock import FileLock  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

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


@pytest.fixture(scope="session")
def run_all(tmp_path_factory, worker_id):
    """``run_all(path)``: the notebook at ``path`` run top to bottom as a learner's kernel runs it
    ("Run All" with nbclient, no NBGRADER_EXECUTION; an error stays in the cell's outputs, for the
    test to look for). A notebook with the same bytes runs once per test session, across the test
    workers, however many tests read it; each call returns a fresh copy to look at or change."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # pytest-xdist: the session's folder, above every worker's own
        shared = shared.parent
    cache = shared / "run-all"
    cache.mkdir(exist_ok=True)

    def run(path: Path) -> nbformat.NotebookNode:
        data = path.read_bytes()
        done = cache / f"{hashlib.sha256(data).hexdigest()}.ipynb"
        with FileLock(f"{done}.lock"):
            if not done.is_file():
                nb = nbformat.reads(data.decode(), as_version=4)
                work = tempfile.mkdtemp(dir=cache)
                resources = {"metadata": {"path": work}}
                NotebookClient(nb, timeout=120, kernel_name="python3", resources=resources, allow_errors=True).execute()
                nbformat.write(nb, f"{done}.part")
                os.replace(f"{done}.part", done)
        return read_nb(done)

    return run


@pytest.fixture()
def content_copy(tmp_path, monkeypatch):
    """``content_copy(edits, modules=...)``: the course's content copied into a folder that
    :mod:`coownership.content` (exercises, widget words, course.toml) reads instead of notebooks/
    for this test (COOWNERSHIP_NOTEBOOKS); returns that folder. (``course.NOTEBOOKS``, read when
    the package is imported, still points at notebooks/: guides and source notebooks come from there.)

    It always holds course.toml. ``modules`` copies module folders, under another name when given
    as ``{"05-agency-relevance-partnership": "98-another-coach"}``. ``edits`` maps a file (relative
    to the folder; copied from notebooks/ when it is not there yet) to ``(old, new)``, replacing the
    first ``old``, which must be there; to a function of the whole text; or to the file's whole text.
    """
    root = tmp_path / "notebooks"

    def make(edits: dict | None = None, *, modules=()) -> Path:
        assert not isinstance(modules, str), "give modules as a list or a dict, not one string"
        root.mkdir(exist_ok=True)
        shutil.copy(REPO / "notebooks" / "course.toml", root / "course.toml")
        names = modules if isinstance(modules, dict) else {m: m for m in modules}
        for source, name in names.items():
            ignore = shutil.ignore_patterns(".ipynb_checkpoints")
            shutil.copytree(REPO / "notebooks" / source, root / name, ignore=ignore, dirs_exist_ok=True)
        for relative, edit in (edits or {}).items():
            path = root / relative
            assert path.resolve().is_relative_to(root.resolve()), f"{relative} is outside the copy"
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(edit, str):
                path.write_text(edit, encoding="utf-8")
                continue
            if not path.exists():
                shutil.copy(REPO / "notebooks" / relative, path)
            text = path.read_text(encoding="utf-8")
            if callable(edit):
                changed = edit(text)
            else:
                old, new = edit
                assert old in text, f"{relative} has no {old!r}: the test's edit no longer applies"
                changed = text.replace(old, new, 1)
            path.write_text(changed, encoding="utf-8")
        monkeypatch.setenv("COOWNERSHIP_NOTEBOOKS", str(root))
        return root

    return make


def content_error(action, file: Path, words) -> str:
    """``action()`` must raise a ContentError whose message names ``file`` and holds each of ``words``;
    returns the message."""
    from coownership.errors import ContentError

    with pytest.raises(ContentError) as info:
        action()
    message = str(info.value)
    assert str(file) in message, message
    for word in words:
        assert word in message, (word, message)
    return message


def source_notebook(module: str) -> Path:
    return REPO / "notebooks" / module / f"{module}.ipynb"


def guide_path(module: str) -> Path:
    return REPO / "notebooks" / module / "facilitator-guide.md"


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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a test's server)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def busy_port():
    """A port on 127.0.0.1 that something listens on, for as long as the ``with`` lasts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        if port < 1024:
            pytest.skip("the OS gave a privileged port")
        yield port


@contextlib.contextmanager
def make_server(
    target: str,
    port: int,
    token: str,
    env: dict | None = None,
    *,
    log: Path | None = None,
    ready: str = "/api/status",
    stop: int = signal.SIGTERM,
    **make_vars,
):
    """Run `make TARGET PORT=.. LAB_ARGS=..` in the background until its server answers ``ready``
    (a path, with the token); yield its base URL; stop the whole process group afterwards (make,
    the coownership command, Jupyter) with ``stop``. Everything it prints goes to ``log`` if given."""
    import requests

    args = [f"{k}={v}" for k, v in make_vars.items()]
    with open(log, "wb") if log else contextlib.nullcontext(subprocess.DEVNULL) as out:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", target, f"PORT={port}", f"LAB_ARGS=--no-browser --token {token}", *args],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, up = time.time() + 180, False
        while time.time() < deadline and proc.poll() is None and not up:
            try:
                answer = requests.get(f"{base}{ready}", headers={"Authorization": f"token {token}"}, timeout=2)
                up = answer.status_code == 200
            except requests.ConnectionError:
                time.sleep(0.3)
        printed = log.read_text(errors="replace")[-3000:] if log else ""
        assert up, f"make {target} did not start a server (exit {proc.poll()}):\n{printed}"
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):  # make already gone, with everything it started
            os.killpg(proc.pid, stop)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
