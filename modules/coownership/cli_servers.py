"""The commands that start a server: `make lab`, `make instructor`, `make present`, `make site`.

Part of the `coownership` command (:mod:`coownership.cli`).

Example:
    >>> port_is_free(0)
    True
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

from coownership import course
from coownership.errors import ArgumentError
from coownership.validation import check_int

__all__ = ["port_is_free", "trust_unrun_notebooks", "JUPYTER_CONFIG"]

JUPYTER_CONFIG = course.REPO / "jupyter-config"
COMMON_CONFIG = JUPYTER_CONFIG / "common"  # quiet terminal, encrypted kernel traffic (lab and instructor)
LEARNER_CONFIG = JUPYTER_CONFIG / "learner"  # no nbgrader instructor tools
INSTRUCTOR_CONFIG = JUPYTER_CONFIG / "instructor"  # a course-local nbgrader exchange
LAB_SETTINGS = JUPYTER_CONFIG / "lab-settings"


def _whole_number(flag: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` for a whole-number option from ``low`` to ``high`` (checked by
    :func:`coownership.validation.check_int`)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} must be a whole number, got {value!r}") from None
        try:
            return check_int(flag, number, low=low, high=high)
        except ArgumentError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


_port = _whole_number("--port", 1024, 65535)


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when nothing listens on ``host:port``.

    Example:
        >>> isinstance(port_is_free(8888), bool)
        True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _fail(message: str, code: int = 2) -> int:
    print(f"coownership: {message}", file=sys.stderr)
    return code


def _workspace(args: argparse.Namespace) -> int:
    print("Preparing your course folder (the first time takes about 10 seconds)...", flush=True)
    for line in course.build_workspace(args.workspace):
        print(f"  {line}")
    print(f"Your work lives in {Path(args.workspace).resolve()}. Nothing there is ever overwritten.")
    return 0


def _lab_command(args: argparse.Namespace, root: Path, default_url: str) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ip=127.0.0.1",
        f"--port={args.port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url={default_url}",
        f"--LabApp.app_settings_dir={LAB_SETTINGS}",
    ]
    if args.no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def _server_env(config_dirs: list[Path], token: str) -> dict[str, str]:
    """The server's environment: our config folders first on JUPYTER_CONFIG_PATH, and the login
    token in JUPYTER_TOKEN (not on the command line, where other users of the computer could see it)."""
    env = dict(os.environ)
    paths = [str(d) for d in config_dirs] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    env["JUPYTER_TOKEN"] = token
    return env


def trust_unrun_notebooks(folder: Path) -> int:
    """Mark notebooks under ``folder`` that have no outputs as trusted; returns how many were signed.

    Jupyter's trust only decides whether a notebook's stored outputs (HTML, JavaScript) are shown,
    so a notebook without outputs is safe to trust. The course's copies are such notebooks; trusting
    them spares the terminal a "Notebook ... is not trusted" warning each time one is opened.
    Jupyter signs a notebook itself whenever it saves one; a notebook with outputs from elsewhere
    is left alone.

    Example:
        >>> import tempfile
        >>> trust_unrun_notebooks(Path(tempfile.mkdtemp()))
        0
    """
    import nbformat
    from nbformat.sign import NotebookNotary

    notary, signed = NotebookNotary(), 0
    for path in sorted(folder.glob("*/*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # a damaged notebook: Jupyter will say so when it is opened
            continue
        if any(cell.get("outputs") for cell in nb.cells) or notary.check_signature(nb):
            continue
        notary.sign(nb)
        signed += 1
    return signed


def _start(args: argparse.Namespace, cmd: list[str], config_dirs: list[Path], path: str, what: str) -> int:
    token = args.token or secrets.token_hex(24)
    env = _server_env(config_dirs, token)
    if args.no_browser:
        print(f"Starting {what}. Open this address in your browser:", flush=True)
    else:
        print(
            f"Starting {what}. Your browser opens it in a few seconds; if it does not, open this address:", flush=True
        )
    print(f"    http://127.0.0.1:{args.port}{path}?token={token}")
    print("To stop: press Ctrl+C in this window.", flush=True)
    os.execve(sys.executable, cmd, env)
    return 0  # pragma: no cover - execve does not return


def _lab(args: argparse.Namespace) -> int:
    if not port_is_free(args.port):
        return _fail(
            f"port {args.port} is already in use, perhaps by a course that is already open "
            f"(look for http://127.0.0.1:{args.port}/lab in your browser). Close that, or choose "
            f"another port: make lab PORT={args.port + 1}"
        )
    if not args.skip_build:
        _workspace(args)
    workspace = Path(args.workspace).resolve()
    trust_unrun_notebooks(workspace)
    first = course.module_ids()[0]
    path = f"/lab/tree/{first}/{first}.ipynb"
    cmd = _lab_command(args, workspace, path)
    return _start(args, cmd, [LEARNER_CONFIG, COMMON_CONFIG], path, "the course")


def _instructor(args: argparse.Namespace) -> int:
    if not port_is_free(args.port):
        return _fail(f"port {args.port} is already in use. Choose another: make instructor PORT={args.port + 1}")
    exchange = os.environ.get("COOWNERSHIP_EXCHANGE") or str(course.REPO / "build" / "nbgrader-exchange")
    Path(exchange).mkdir(parents=True, exist_ok=True)  # see jupyter-config/instructor/nbgrader_config.py
    trust_unrun_notebooks(course.NOTEBOOKS)
    cmd = _lab_command(args, course.GRADING.parent, "/lab/tree/notebooks")
    os.chdir(course.GRADING)  # formgrader reads grading/nbgrader_config.py from here
    return _start(args, cmd, [INSTRUCTOR_CONFIG, COMMON_CONFIG], "/lab/tree/notebooks", "the instructor's JupyterLab")


def _present(args: argparse.Namespace) -> int:
    """Voila on present/: each module's projectable page (no code on screen)."""
    from coownership import present

    if not port_is_free(args.port):
        return _fail(f"port {args.port} is already in use. Choose another: make present PORT={args.port + 1}")
    token = args.token or secrets.token_hex(24)
    present.trust_pages()
    cmd = present.voila_command(args.port, no_browser=args.no_browser)
    env = present.voila_env(token)
    where = "Open" if args.no_browser else "Your browser opens it in a few seconds; if it does not, open"
    print(f"Starting the projectable pages (one per module, no code on screen). {where} this address:", flush=True)
    print(f"    http://127.0.0.1:{args.port}/?token={token}")
    print("Each page takes a few seconds to start. To stop: press Ctrl+C in this window.", flush=True)
    os.execve(sys.executable, cmd, env)
    return 0  # pragma: no cover - execve does not return


def _site(args: argparse.Namespace) -> int:
    """The whole course as a static website (learner copies, run, with their outputs)."""
    from coownership import site

    start = time.perf_counter()
    print("Building the course website: each module's learner copy is run once (about 30 seconds)...", flush=True)
    index = site.build_site(args.out, progress=lambda line: print(f"  {line}", flush=True))
    print(f"Built in {time.perf_counter() - start:.0f} s. Open {index} in a browser (it works offline).")
    return 0
