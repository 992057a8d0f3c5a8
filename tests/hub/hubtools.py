"""What the hub test and the hub benchmark share: system accounts made for a test and removed
after it, the proxy installed from the committed package-lock.json, a running JupyterHub with
deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1, PAM logins, and code run in a kernel of a
learner's server or of formgrader's service through the hub.

Needs root (system accounts, servers run as other accounts).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests
from filelock import FileLock

from coownership import course

REPO = course.REPO
DEPLOY = REPO / "deploy" / "jupyterhub"
PROXY_DIR = REPO / ".venv" / "hub-proxy"
PROXY = PROXY_DIR / "node_modules" / ".bin" / "configurable-http-proxy"


def missing_requirements() -> str | None:
    """Why the hub cannot run here (None when it can)."""
    if os.geteuid() != 0:
        return "needs root: it creates system accounts and runs JupyterHub as root (CI runs as root)"
    package = REPO / "modules" / "coownership" / "__init__.py"
    if not (all(p.stat().st_mode & 0o001 for p in package.parents) and package.stat().st_mode & 0o004):
        return f"the checkout ({REPO}) is in a folder other accounts cannot enter; learners' servers must read it"
    if course_python() is None:
        return f"the course's Python ({sys.executable}) is not reachable by other accounts and there is no /usr/bin/python3.11"
    for tool in ("npm", "node", "useradd", "userdel", "groupadd", "chpasswd"):
        if not shutil.which(tool):
            return f"needs {tool} on PATH"
    return None


def _reachable_by_all(path: Path) -> bool:
    """Whether every account may run ``path`` (each folder above it passable, the file executable)."""
    path = path.resolve()
    return all(p.stat().st_mode & 0o001 for p in path.parents) and bool(path.stat().st_mode & 0o001)


def course_python() -> Path | None:
    """A Python with the course's packages that every account may run, or None.

    Normally the course's own (.venv/bin/python). When that interpreter lives where other accounts
    cannot go (this development machine's Python is under /root, mode 0700), a second environment is
    made in .venv/hub-venv on the system's Python 3.11 (/usr/bin/python3.11, what a Debian server
    has) with the same pinned packages (uv, from its cache: a few seconds), and made again when
    pyproject.toml changes. Learners' servers need an interpreter they may run, as on any real hub.
    """
    here = Path(sys.executable)
    if _reachable_by_all(here):
        return here
    system, uv = Path("/usr/bin/python3.11"), REPO / ".venv" / "bin" / "uv"
    if not system.is_file() or not _reachable_by_all(system) or not uv.is_file():
        return None
    venv = REPO / ".venv" / "hub-venv"
    python, stamp = venv / "bin" / "python", venv / ".pyproject"
    pins = (REPO / "pyproject.toml").read_bytes()
    with FileLock(str(venv) + ".lock"):
        if not (python.exists() and stamp.is_file() and stamp.read_bytes() == pins):
            cache = Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "uv"  # HOME is a test folder here
            for cmd in (
                [
                    str(uv),
                    "venv",
                    "--quiet",
                    "--clear",
                    "--python",
                    str(system),
                    str(venv),
                ],  # again after a pin changes
                [
                    str(uv),
                    "pip",
                    "install",
                    "--quiet",
                    "--cache-dir",
                    str(cache),
                    "--python",
                    str(python),
                    "-e",
                    str(REPO),
                ],
            ):
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
                assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stderr[-3000:]}"
            stamp.write_bytes(pins)
    return python


def install_proxy() -> Path:
    """configurable-http-proxy from deploy/jupyterhub/package-lock.json (``npm ci``), into
    .venv/hub-proxy; done again only when the lock file changed."""
    lock = DEPLOY / "package-lock.json"
    stamp = PROXY_DIR / ".lock-installed"
    PROXY_DIR.mkdir(parents=True, exist_ok=True)
    with FileLock(str(PROXY_DIR) + ".lock"):
        if PROXY.is_file() and stamp.is_file() and stamp.read_bytes() == lock.read_bytes():
            return PROXY
        for name in ("package.json", "package-lock.json"):
            shutil.copy(DEPLOY / name, PROXY_DIR / name)
        done = subprocess.run(
            ["npm", "ci", "--prefix", str(PROXY_DIR), "--omit=dev", "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        shutil.copy(lock, stamp)
    return PROXY


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(cmd)}: {done.stderr.strip() or done.stdout.strip()}"
    return done


@dataclass
class Accounts:
    """System groups and accounts named ``cowl<random>-...``, made for one test run."""

    prefix: str = field(default_factory=lambda: "cowl" + secrets.token_hex(3))
    users: dict[str, str] = field(default_factory=dict)  # name -> password
    groups: list[str] = field(default_factory=list)

    def group(self, suffix: str) -> str:
        name = f"{self.prefix}-{suffix}"
        _run(["groupadd", name])
        self.groups.append(name)
        return name

    def user(self, suffix: str, groups: list[str]) -> str:
        name = f"{self.prefix}-{suffix}"
        cmd = ["useradd", "--create-home", "--shell", "/bin/bash", name]
        if groups:
            cmd[1:1] = ["--groups", ",".join(groups)]
        _run(cmd)
        password = secrets.token_urlsafe(18)
        self.users[name] = password
        _run(["chpasswd"], input=f"{name}:{password}\n")
        return name

    def adopt(self, name: str) -> None:
        """Remove ``name`` too at the end (an account something else created for this run)."""
        self.users.setdefault(name, "")

    def remove(self) -> None:
        """End every process of these accounts (by process id), then remove accounts, homes, groups."""
        uids = set()
        for name in self.users:
            with contextlib.suppress(KeyError):
                uids.add(pwd.getpwnam(name).pw_uid)
        for _ in range(3):
            pids = [pid for pid in _pids_of(uids) if pid != os.getpid()]
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.3)
        for name in self.users:
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        for name in self.groups:
            subprocess.run(["groupdel", name], capture_output=True)


def _pids_of(uids: set[int]) -> list[int]:
    pids = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid_line = next(line for line in status.read_text().splitlines() if line.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if int(uid_line.split()[1]) in uids:
            pids.append(int(status.parent.name))
    return pids


@dataclass
class Hub:
    """A running JupyterHub: its public URL, its settings' environment and its log."""

    url: str
    env: dict[str, str]
    home: Path
    log: Path
    api_token: str
    process: subprocess.Popen

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        """A call to the hub's REST API (``/hub/api`` + ``path``), with the course-api token by default."""
        headers = {"Authorization": f"token {token or self.api_token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=60, **kwargs)

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the hub's log (for failure messages)."""
        return self.log.read_text(errors="replace")[-chars:] if self.log.is_file() else ""


def hub_settings(home: Path, accounts: Accounts, learners: str, graders: str, **extra: str) -> dict[str, str]:
    """The environment that points deploy/jupyterhub/jupyterhub_config.py at a test's folders, names and ports."""
    return {
        "COOWNERSHIP_HUB_HOME": str(home),
        "COOWNERSHIP_HUB_PROTECT": str(home / "rubrics"),
        "COOWNERSHIP_NOTEBOOKS": str(home / "source"),
        "COOWNERSHIP_LEARNERS_GROUP": learners,
        "COOWNERSHIP_GRADERS_GROUP": graders,
        "COOWNERSHIP_GRADER_ACCOUNT": f"{accounts.prefix}-svc",
        "COOWNERSHIP_HUB_URL": f"http://127.0.0.1:{free_port()}",
        "COOWNERSHIP_HUB_API_URL": f"http://127.0.0.1:{free_port()}",
        "COOWNERSHIP_PROXY_API_URL": f"http://127.0.0.1:{free_port()}",
        "COOWNERSHIP_FORMGRADER_PORT": str(free_port()),
        "COOWNERSHIP_PROXY": str(PROXY),
        **extra,
    }


def make_home() -> Path:
    """A hub folder every account may pass through (/tmp, not pytest's root-only temp folder), with
    a copy of the source notebooks and the rubrics (the setup makes them graders-only; the
    checkout's own files keep their permissions)."""
    home = Path(tempfile.mkdtemp(prefix="cowl-hub-", dir="/tmp"))
    home.chmod(0o755)
    shutil.copytree(
        course.NOTEBOOKS, home / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    )
    shutil.copytree(course.GRADING / "rubrics", home / "rubrics")
    return home


def run_setup(env: dict[str, str]) -> str:
    """``python -m coownership.hub setup`` with the test's settings; returns what it printed."""
    done = subprocess.run(
        [str(course_python()), "-m", "coownership.hub", "setup"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=600,
    )
    assert done.returncode == 0, f"hub setup failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@contextlib.contextmanager
def running_hub(home: Path, env: dict[str, str]) -> Iterator[Hub]:
    """Start JupyterHub with the course's configuration and the test's settings; stop it after."""
    token = secrets.token_hex(32)
    full_env = {**os.environ, **env, "COOWNERSHIP_HUB_API_TOKEN": token}
    log = home / "hub.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(course_python()), "-m", "jupyterhub", "-f", str(DEPLOY / "jupyterhub_config.py")],
            cwd=home / "hub",
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(env["COOWNERSHIP_HUB_URL"], env, home, log, token, proc)
    try:
        deadline, up = time.time() + 90, False
        while time.time() < deadline and proc.poll() is None and not up:
            with contextlib.suppress(requests.ConnectionError):
                up = hub.api("GET", "/").status_code == 200
            if not up:
                time.sleep(0.3)
        assert up, f"JupyterHub did not start (exit {proc.poll()}):\n{hub.log_tail()}"
        yield hub
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # the hub stops its servers and services on the way out
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # A hub that failed while starting can leave its proxy running (in a session of its own).
        pid_file = home / "hub" / "jupyterhub-proxy.pid"
        with contextlib.suppress(OSError, ValueError):
            pid = int(pid_file.read_text().strip())
            if "configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                os.kill(pid, signal.SIGTERM)


def login(hub: Hub, name: str, password: str) -> tuple[requests.Session, str]:
    """Log in through the hub's login form (PAM); returns the session and a new API token of the user's own."""
    session = requests.Session()
    session.get(f"{hub.url}/hub/login", timeout=30)
    xsrf = session.cookies.get("_xsrf", path="/hub/")
    answer = session.post(
        f"{hub.url}/hub/login",
        data={"username": name, "password": password, "_xsrf": xsrf},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 302, f"login of {name} refused ({answer.status_code}):\n{hub.log_tail()}"
    made = session.post(
        f"{hub.url}/hub/api/users/{name}/tokens",
        json={"note": "hub test", "expires_in": 3600},
        headers={"X-XSRFToken": session.cookies.get("_xsrf", path="/hub/") or ""},
        timeout=30,
    )
    assert made.status_code == 201, f"{name} could not make a token: {made.status_code} {made.text}"
    return session, made.json()["token"]


def start_server(hub: Hub, name: str, token: str, timeout: float = 120) -> dict:
    """Start ``name``'s server through the REST API and wait until it is ready; returns its model."""
    answer = hub.api("POST", f"/users/{name}/server", token=token)
    assert answer.status_code in (201, 202, 400), f"start {name}: {answer.status_code} {answer.text}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        model = hub.api("GET", f"/users/{name}").json()
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            return server
        time.sleep(0.3)
    raise AssertionError(f"{name}'s server did not become ready:\n{hub.log_tail()}")


def stop_server(hub: Hub, name: str, token: str, timeout: float = 60) -> None:
    """Stop ``name``'s server and wait until it has stopped."""
    answer = hub.api("DELETE", f"/users/{name}/server", token=token)
    assert answer.status_code in (202, 204), f"stop {name}: {answer.status_code} {answer.text}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not hub.api("GET", f"/users/{name}").json().get("servers"):
            return
        time.sleep(0.3)
    raise AssertionError(f"{name}'s server did not stop")


async def _execute(ws_url: str, token: str, code: str, timeout: float) -> str:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    conn.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "test",
                    "session": uuid.uuid4().hex,
                    "date": "",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    out: list[str] = []
    try:
        while True:
            raw = await asyncio.wait_for(conn.read_message(), timeout)
            assert raw is not None, "the kernel's connection closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                raise AssertionError("the kernel raised:\n" + "\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)
    finally:
        conn.close()


class Kernel:
    """A kernel in a server behind the hub (``base`` is the server's URL, ending in /), driven
    over the kernel's websocket with ``token``."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        answer = requests.post(
            f"{base}api/kernels", json={"name": "python3"}, headers={"Authorization": f"token {token}"}, timeout=60
        )
        assert answer.status_code == 201, f"no kernel at {base}: {answer.status_code} {answer.text[:500]}"
        self.id = answer.json()["id"]

    def run(self, code: str, timeout: float = 300) -> str:
        """Run ``code``; returns what it printed (raises AssertionError with the traceback on an error)."""
        ws = self.base.replace("http://", "ws://") + f"api/kernels/{self.id}/channels"
        return asyncio.run(_execute(ws, self.token, code, timeout))

    def shutdown(self) -> None:
        """Stop the kernel."""
        requests.delete(
            f"{self.base}api/kernels/{self.id}", headers={"Authorization": f"token {self.token}"}, timeout=30
        )
