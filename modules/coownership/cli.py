"""The ``coownership`` command: what ``make lab``, ``make instructor`` and coordinators run.

Subcommands:

- ``coownership workspace [--workspace DIR]``: build the learner workspace (never overwrites).
- ``coownership lab [--port N] [--workspace DIR] [--no-browser]``: build it, then start
  JupyterLab on 127.0.0.1 in learner configuration (no nbgrader instructor tools, no news
  pop-up), opened at module 00.
- ``coownership instructor [--port N]``: JupyterLab on the source notebooks with nbgrader's
  instructor tools (run from ``grading/`` so formgrader finds the course).
- ``coownership release [MODULE ...]``: the coordinator's release into ``grading/release``.
- ``coownership collect PATH [--replace]``: take submissions from a folder or a .zip.
- ``coownership autograde [--jobs N] [--module M ...]``: grade every collected submission.
- ``coownership feedback``: write HTML feedback for every graded submission.
- ``coownership export [--out DIR] [--pass-mark 0.7]``: grades.csv and completion.csv.
- ``coownership status``: who has submitted, what is graded, what waits for manual grading.

The coordinator's commands work on ``grading/`` (or ``COOWNERSHIP_COURSE_ROOT``); see
``grading/README.md``.
- ``coownership portfolio [--workspace DIR] [--check]``: export everything in the learner's journal as a
  Markdown file and a self-contained HTML page (never overwriting an earlier export). It first
  prints which entries may identify a client (:mod:`coownership.privacy`) and exports anyway;
  ``--check`` only looks, writes nothing and exits 1 if anything was found.

Example:
    >>> main(["--help"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sys
import time
from pathlib import Path

from coownership import course
from coownership.files import write_atomic

__all__ = ["main"]

JUPYTER_CONFIG = course.REPO / "jupyter-config"
COMMON_CONFIG = JUPYTER_CONFIG / "common"  # quiet terminal, encrypted kernel traffic (lab and instructor)
LEARNER_CONFIG = JUPYTER_CONFIG / "learner"  # no nbgrader instructor tools
INSTRUCTOR_CONFIG = JUPYTER_CONFIG / "instructor"  # a course-local nbgrader exchange
LAB_SETTINGS = JUPYTER_CONFIG / "lab-settings"


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


def _release(args: argparse.Namespace) -> int:
    root = course.course_root()
    try:
        done = course.release(root, ids=args.modules or None, force=True)
    except course.CourseError as exc:
        return _fail(str(exc))
    print(f"Released {len(done)} module(s) into {root / 'release'}: {', '.join(done)}")
    return 0


def _portfolio(args: argparse.Namespace) -> int:
    from coownership.journal import Journal, JournalError, default_path
    from coownership.privacy import portfolio_warning, privacy_words

    journal = Journal(default_path(args.workspace))
    entries, problems = journal.read()
    if not entries:
        return _fail(f"there are no journal entries in {journal.path} yet. Save something from a module first.")
    # Warn (never ask: CI has no keyboard) about entries that may identify a client; --check stops here.
    warning = portfolio_warning(entries)
    if warning:
        print("\n".join(warning), flush=True)
    if args.check:
        words = privacy_words()
        if not warning:
            count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
            print(words["portfolio_clean"].format(entries=count))
        print(words["check_only"])
        return 1 if warning else 0
    try:
        md, page = journal.export(Path(args.workspace))
    except JournalError as exc:
        return _fail(str(exc))
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    print(f"Your portfolio ({count}): {page}  and  {md}")
    if problems:
        print(f"Note: {len(problems)} damaged line(s) in {journal.path.name} were skipped (see the portfolio).")
    return 0


def _grading_call(func, *args, **kwargs):
    from coownership.grading import GradingError

    try:
        return func(*args, **kwargs), 0
    except (GradingError, course.CourseError) as exc:
        return None, _fail(str(exc))


def _collect(args: argparse.Namespace) -> int:
    from coownership import grading

    report, code = _grading_call(grading.collect, args.path, course_root=course.course_root(), replace=args.replace)
    if code:
        return code
    for line in report.lines():
        print(line)
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from coownership import grading

    def progress(done: int, total: int, failed: int, result) -> None:
        mark = "ok " if result.ok and not result.tamper else ("!! " if not result.ok else "?? ")
        print(
            f"[{done:>3}/{total}] {mark}{result.learner}/{result.module}: "
            + (f"{result.score:g} of {result.max_score:g}" if result.ok else f"FAILED: {result.problem}")
            + f"   (failures so far: {failed})",
            flush=True,
        )

    start = time.perf_counter()
    results, code = _grading_call(
        grading.autograde, course.course_root(), jobs=args.jobs, modules=args.module or None, progress=progress
    )
    if code:
        return code
    failed = [r for r in results if not r.ok]
    flagged = [r for r in results if r.tamper]
    print(
        f"\nGraded {len(results) - len(failed)} of {len(results)} submissions in "
        f"{time.perf_counter() - start:.1f} s with {args.jobs} job(s)."
    )
    for r in failed:
        print(f"  FAILED {r.learner}/{r.module}: {r.problem}")
    for r in flagged:
        print(f"  CHANGED {r.learner}/{r.module}: " + "; ".join(r.tamper))
    report = course.course_root() / "autograde-report.txt"
    lines = [
        f"{r.learner}\t{r.module}\t{'ok' if r.ok else 'FAILED: ' + r.problem}\t{r.score:g}/{r.max_score:g}\t"
        + "; ".join(r.tamper)
        for r in results
    ]
    write_atomic(
        report, ("learner\tmodule\tresult\tscore\tchanged before grading\n" + "\n".join(lines) + "\n").encode()
    )
    print(f"Report: {report}")
    return 1 if failed else 0


def _feedback(args: argparse.Namespace) -> int:
    from coownership import grading

    lines, code = _grading_call(grading.feedback, course.course_root())
    if code:
        return code
    for line in lines:
        print(line)
    print(f"Feedback is in {course.course_root() / 'feedback'}/<learner>/<module>/: send each learner their folder.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from coownership import grading

    paths, code = _grading_call(grading.export, course.course_root(), out_dir=args.out, pass_mark=args.pass_mark)
    if code:
        return code
    print(f"Wrote {paths[0]} and {paths[1]}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from coownership import grading

    rows, code = _grading_call(grading.status, course.course_root())
    if code:
        return code
    if not rows:
        print("No learners yet: collect some submissions first.")
        return 0
    width = max(len(r["learner"]) for r in rows)
    for r in rows:
        score = f"  {r['autograded_score']}+{r['manual_score']} of {r['max_score']}" if r["autograded_score"] else ""
        print(f"{r['learner']:<{width}}  {r['module']:<28} {r['status']}{score}")
    waiting = sum(r["status"] == "waiting for manual grading" for r in rows)
    print(f"\n{waiting} submission(s) waiting for manual grading (open formgrader: make instructor).")
    return 0


def _own_data(args: argparse.Namespace) -> int:
    """A private report on an agency's own appointment export (coownership.owndata)."""
    from coownership.errors import CoownershipError
    from coownership.owndata import load_appointments, summarise
    from coownership.owndata_report import write_report

    out = Path(args.output)
    if out.exists() and not args.force:
        return _fail(f"{out} already exists, and nothing was overwritten. Choose another name with -o, or add --force.")
    if out.exists() and Path(args.file).exists() and out.resolve() == Path(args.file).resolve():
        return _fail("the report cannot replace the file it reads: choose another name with -o.")
    try:
        frame = load_appointments(
            args.file,
            client=args.client,
            appointment_date=args.date,
            missed=args.missed,
            attended=args.attended,
            booked_date=args.booked,
            reminder=args.reminder,
            dayfirst=args.dayfirst,
        )
        written = write_report(out, summarise(frame), frame.attrs["report"], force=args.force)
    except CoownershipError as exc:
        return _fail(str(exc))
    print(f"Report: {written} (counts and shares only; no client id is in it).")
    return 0


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs must be a whole number, got {value!r}") from None
    if not 1 <= jobs <= 32:
        raise argparse.ArgumentTypeError(f"--jobs must be from 1 to 32, got {jobs}")
    return jobs


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

    folio = sub.add_parser("portfolio", help="export your journal as Markdown and HTML")
    folio.add_argument("--workspace", default=default_ws, help="your course folder (default: learner/)")
    folio.add_argument(
        "--check",
        action="store_true",
        help="only look for client names, birth dates, phone numbers and the like; write nothing; "
        "exit 1 if any are found",
    )
    folio.set_defaults(func=_portfolio)

    rel = sub.add_parser("release", help="coordinator: release modules into grading/release")
    rel.add_argument("modules", nargs="*", help="module ids (default: every module)")
    rel.set_defaults(func=_release)

    col = sub.add_parser("collect", help="coordinator: take submissions from a folder or a .zip")
    col.add_argument("path", help="folder or .zip holding learners' notebooks")
    col.add_argument("--replace", action="store_true", help="replace submissions already collected")
    col.set_defaults(func=_collect)

    auto = sub.add_parser("autograde", help="coordinator: grade every collected submission")
    auto.add_argument("--jobs", type=_jobs, default=1, help="learners graded at once (default 1)")
    auto.add_argument("--module", action="append", help="only this module (repeatable)")
    auto.set_defaults(func=_autograde)

    fb = sub.add_parser("feedback", help="coordinator: write HTML feedback for graded submissions")
    fb.set_defaults(func=_feedback)

    ex = sub.add_parser("export", help="coordinator: write grades.csv and completion.csv")
    ex.add_argument("--out", default=None, help="folder for the CSV files (default: grading/)")
    ex.add_argument("--pass-mark", type=float, default=0.7, help="share of points that counts as complete")
    ex.set_defaults(func=_export)

    st = sub.add_parser("status", help="coordinator: who has submitted and what waits for grading")
    st.set_defaults(func=_status)

    own = sub.add_parser("own-data", help="a private report on your own program's appointment export")
    own.add_argument("file", help="the export: CSV (comma, semicolon or tab) or Excel (.xlsx)")
    own.add_argument("--client", required=True, help="column with the client id (replaced by stand-in names)")
    own.add_argument("--date", required=True, help="column with the appointment date")
    outcome = own.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--missed", help="column where yes (or words such as DNA, no-show) means missed")
    outcome.add_argument("--attended", help="column where yes (or words such as attended) means attended")
    own.add_argument("--booked", help="column with the date the appointment was booked (for the wait)")
    own.add_argument("--reminder", help="column saying whether a reminder was sent")
    own.add_argument("--dayfirst", action="store_true", help="dates are day/month/year (05/03/2024 is 5 March)")
    own.add_argument(
        "-o", "--output", default="own-data-report.html", help="the report (default: own-data-report.html)"
    )
    own.add_argument("--force", action="store_true", help="replace the report if it already exists")
    own.set_defaults(func=_own_data)
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
