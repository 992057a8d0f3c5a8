"""The ``coownership`` command: what ``make lab``, ``make instructor`` and coordinators run.

Subcommands:

- ``coownership workspace [--workspace DIR]``: build the learner workspace (never overwrites).
- ``coownership lab [--port N] [--workspace DIR] [--no-browser]``: build it, then start
  JupyterLab on 127.0.0.1 in learner configuration (no nbgrader instructor tools, no news
  pop-up), opened at module 00.
- ``coownership instructor [--port N]``: JupyterLab on the source notebooks with nbgrader's
  instructor tools (run from ``grading/`` so formgrader finds the course).
- ``coownership release [MODULE ...]``: the coordinator's release into ``grading/release``.
- ``coownership portfolio [--workspace DIR]``: export everything in the learner's journal as a
  Markdown file and a self-contained HTML page (never overwriting an earlier export).

Example:
    >>> main(["--help"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from coownership import course

__all__ = ["main"]

LEARNER_CONFIG = course.REPO / "jupyter-config" / "learner"
LAB_SETTINGS = course.REPO / "jupyter-config" / "lab-settings"


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port must be a whole number, got {value!r}") from None
    if not 1024 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"--port must be between 1024 and 65535, got {port}")
    return port


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
    print("Preparing your course folder (the first time takes about half a minute)...", flush=True)
    for line in course.build_workspace(args.workspace):
        print(f"  {line}")
    print(f"Your work lives in {Path(args.workspace).resolve()}. Nothing there is ever overwritten.")
    return 0


def _lab_command(args: argparse.Namespace, root: Path, default_url: str) -> list[str]:
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--ip=127.0.0.1", f"--port={args.port}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}", f"--LabApp.default_url={default_url}",
        f"--LabApp.app_settings_dir={LAB_SETTINGS}",
    ]
    if args.no_browser:
        cmd.append("--no-browser")
    if args.token is not None:
        cmd.append(f"--IdentityProvider.token={args.token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def _lab(args: argparse.Namespace) -> int:
    if not port_is_free(args.port):
        return _fail(
            f"port {args.port} is already in use, perhaps by a course that is already open "
            f"(look for http://127.0.0.1:{args.port}/lab in your browser). Close that, or choose "
            f"another port: make lab PORT={args.port + 1}"
        )
    if not args.skip_build:
        _workspace(args)
    first = course.module_ids()[0]
    env = dict(os.environ)
    paths = [str(LEARNER_CONFIG)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    cmd = _lab_command(args, Path(args.workspace).resolve(), f"/lab/tree/{first}/{first}.ipynb")
    print(f"Starting the course at http://127.0.0.1:{args.port}/lab (Ctrl+C here stops it).", flush=True)
    os.execve(sys.executable, cmd, env)
    return 0  # pragma: no cover - execve does not return


def _instructor(args: argparse.Namespace) -> int:
    if not port_is_free(args.port):
        return _fail(f"port {args.port} is already in use. Choose another: make instructor PORT={args.port + 1}")
    cmd = _lab_command(args, course.GRADING.parent, "/lab/tree/notebooks")
    os.chdir(course.GRADING)  # formgrader reads grading/nbgrader_config.py from here
    os.execv(sys.executable, cmd)
    return 0  # pragma: no cover


def _release(args: argparse.Namespace) -> int:
    try:
        done = course.release(course.GRADING, args.modules or None, force=True)
    except course.CourseError as exc:
        return _fail(str(exc))
    print(f"Released {len(done)} module(s) into {course.GRADING / 'release'}: {', '.join(done)}")
    return 0


def _portfolio(args: argparse.Namespace) -> int:
    from coownership.journal import Journal, JournalError, default_path

    journal = Journal(default_path(args.workspace))
    entries, problems = journal.read()
    if not entries:
        return _fail(f"there are no journal entries in {journal.path} yet. Save something from a module first.")
    try:
        md, page = journal.export(Path(args.workspace))
    except JournalError as exc:
        return _fail(str(exc))
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    print(f"Your portfolio ({count}): {page}  and  {md}")
    if problems:
        print(f"Note: {len(problems)} damaged line(s) in {journal.path.name} were skipped (see the portfolio).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(prog="coownership", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    default_ws = os.environ.get("COOWNERSHIP_WORKSPACE", str(course.REPO / "learner"))

    ws = sub.add_parser("workspace", help="build the learner workspace (never overwrites a file)")
    ws.add_argument("--workspace", default=default_ws, help="folder for learner copies (default: learner/)")
    ws.set_defaults(func=_workspace)

    for name, func, port, helptext in (
        ("lab", _lab, 8888, "start JupyterLab for a learner, opened at module 00"),
        ("instructor", _instructor, 8889, "start JupyterLab on the source notebooks with nbgrader's tools"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--port", type=_port, default=port, help=f"port on 127.0.0.1 (default {port})")
        p.add_argument("--no-browser", action="store_true", help="do not open a browser")
        p.add_argument("--token", default=None, help="fixed login token (default: a random one)")
        if name == "lab":
            p.add_argument("--workspace", default=default_ws, help="folder for learner copies")
            p.add_argument("--skip-build", action="store_true", help="do not rebuild the workspace first")
        p.set_defaults(func=func)

    port = sub.add_parser("portfolio", help="export your journal as Markdown and HTML")
    port.add_argument("--workspace", default=default_ws, help="your course folder (default: learner/)")
    port.set_defaults(func=_portfolio)

    rel = sub.add_parser("release", help="coordinator: release modules into grading/release")
    rel.add_argument("modules", nargs="*", help="module ids (default: every module)")
    rel.set_defaults(func=_release)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``coownership`` command; returns the exit status.

    Example:
        >>> main(["release", "99-no-such-module"])
        2
    """
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except course.CourseError as exc:
        return _fail(str(exc))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
