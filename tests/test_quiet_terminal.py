"""What `make lab` and `make instructor` print: the steps, the address and how to stop; no warning
a learner has to learn to ignore (issue #11, item 5).

Each test captures everything the command prints (make, the coownership command, Jupyter and the
kernels it starts) and fails on any warning-like line.
"""

import contextlib
import dataclasses
import json
import re
import signal
import subprocess
import time
import tomllib
import uuid
from pathlib import Path

import pytest
import requests
from conftest import REPO, free_port, make_server

pytestmark = pytest.mark.slow

NOISE = re.compile(
    r"warn|deprecat|error|traceback|exception|^\[[WEC] |without encryption|skipped non-installed|"
    r"unwritable|not trusted|is ignored|successfully (linked|loaded)",
    re.I,
)


def noise(output: str) -> list[str]:
    """The lines of ``output`` a learner would have to learn to ignore.

    Example:
        >>> noise("Starting the course.\\n[W 2026 ServerApp] Notebook x is not trusted\\n")
        ['[W 2026 ServerApp] Notebook x is not trusted']
    """
    return [line for line in output.splitlines() if NOISE.search(line)]


@pytest.fixture(autouse=True)
def private_build(tmp_path, monkeypatch):
    """Learner copies in a private folder, as in tests/test_make_lab.py."""
    monkeypatch.setenv("COOWNERSHIP_LEARNER_BUILD", str(tmp_path / "learner-build"))


@dataclasses.dataclass
class _Server:
    """A server `make` started, with everything it printed kept in ``log``."""

    base: str
    port: int
    token: str
    log: Path

    def get(self, path, **kwargs):
        return requests.get(
            f"{self.base}{path}", headers={"Authorization": f"token {self.token}"}, timeout=20, **kwargs
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def _make(tmp_path, target, env=None, **make_vars):
    """`make TARGET` in the background until it answers; stopped as a learner stops it: Ctrl+C
    (SIGINT to the whole process group)."""
    port, token, log = free_port(), uuid.uuid4().hex, tmp_path / f"make-{target}.log"
    with make_server(target, port, token, env, log=log, stop=signal.SIGINT, **make_vars) as base:
        yield _Server(base, port, token, log)


def _run_cell(server: _Server, code: str) -> str:
    """Start a kernel through the server (as JupyterLab does), run ``code``, return its stdout."""
    import websocket

    kernel = requests.post(
        f"{server.base}/api/kernels",
        headers={"Authorization": f"token {server.token}"},
        json={"name": "python3"},
        timeout=30,
    ).json()
    session = uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels?session_id={session}",
        header=[f"Authorization: token {server.token}"],
        timeout=60,
    )
    msg_id, out = uuid.uuid4().hex, []
    header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "learner", "session": session}
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
    ws.send(
        json.dumps(
            {
                "header": {**header, "version": "5.3", "date": ""},
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    # Wait for the reply and then for "idle", as JupyterLab does: the kernel is still inside its handler
    # until it says idle, and shutting it down then (jupyter_client interrupts a kernel before it shuts
    # it down) makes it log "KeyboardInterrupt caught in kernel" into the terminal.
    replied = idle = False
    try:
        while not (replied and idle):
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "execute_reply":
                replied = True
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
    finally:
        ws.close()
    requests.delete(
        f"{server.base}/api/kernels/{kernel['id']}", headers={"Authorization": f"token {server.token}"}, timeout=30
    )
    return "".join(out)


def test_workspace_build_prints_only_its_steps(tmp_path):
    """The build step of `make lab` (`coownership workspace`), run through make."""
    proc = subprocess.run(
        ["make", "--no-print-directory", "workspace", f"WORKSPACE={tmp_path / 'learner'}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert not noise(out), "make workspace printed warnings:\n" + out
    assert "coownership workspace" not in out, "make echoed its command line"
    assert "00-start-here: ready" in out


def test_make_lab_and_a_learner_kernel_print_no_warnings(tmp_path):
    with _make(tmp_path, "lab", WORKSPACE=tmp_path / "learner") as server:
        # what the browser does first: open module 00, start its kernel, run a cell
        assert server.get("/api/contents/00-start-here/00-start-here.ipynb").status_code == 200
        assert server.get("/lab/tree/00-start-here/00-start-here.ipynb").status_code == 200
        out = _run_cell(server, "import coownership.checks, coownership.widgets\nprint(6 * 7)")
        assert out.strip() == "42", out
        time.sleep(1.0)  # let the kernel's own start-up messages reach the terminal
        printed = server.output()
    assert not noise(printed), "make lab printed warnings:\n" + printed
    assert f"http://127.0.0.1:{server.port}/lab/tree/00-start-here/00-start-here.ipynb?token={server.token}" in printed
    assert "To stop: press Ctrl+C in this window." in printed
    assert "coownership lab" not in printed, "make echoed its command line"


def test_make_instructor_logs_no_exchange_or_language_server_noise(tmp_path):
    env = {"COOWNERSHIP_EXCHANGE": str(tmp_path / "exchange"), "COOWNERSHIP_COURSE_ROOT": str(tmp_path / "course")}
    (tmp_path / "course").mkdir()
    with _make(tmp_path, "instructor", env=env) as server:
        # the Assignments and Courses panels of nbgrader's lab extension ask for these
        for path in ("/assignments?course_id=coownership", "/courses"):
            answer = server.get(path)
            assert answer.status_code == 200 and answer.json()["success"], (path, answer.text)
        printed = server.output()
    # (formgrader reports the private course root of this test as outside the server's root: an
    # error only this test's layout causes; the other lines must be clean)
    lines = [line for line in noise(printed) if "course directory root is not a subdirectory" not in line]
    assert not lines, "make instructor printed warnings:\n" + printed
    assert "To stop: press Ctrl+C in this window." in printed


def test_instructor_port_is_the_same_in_make_and_the_command():
    """`make instructor` leaves the port to the command (8889), so the two always agree."""
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "instructor"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert "--port" not in dry.stdout and "8888" not in dry.stdout, dry.stdout
    from coownership import cli

    sub = cli.build_parser()._subparsers._group_actions[0].choices
    assert sub["instructor"].get_default("port") == 8889 and sub["lab"].get_default("port") == 8888


def test_package_metadata_uses_the_spdx_license_with_a_setuptools_that_reads_it():
    """`license = {text = ...}` made setuptools print a deprecation warning three times per install."""
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert meta["project"]["license"] == "MIT"
    (requirement,) = meta["build-system"]["requires"]
    name, version = requirement.split("==")
    assert name == "setuptools" and tuple(int(p) for p in version.split(".")[:2]) >= (77, 0)
