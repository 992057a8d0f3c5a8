"""The ``coownership`` command: what ``make lab``, ``make instructor`` and coordinators run.

Subcommands:

- ``coownership workspace [--workspace DIR]``: build the learner workspace (never overwrites).
- ``coownership lab [--port N] [--workspace DIR] [--no-browser]``: build it, then start
  JupyterLab on 127.0.0.1 in learner configuration (no nbgrader instructor tools, no news
  pop-up), opened at module 00.
- ``coownership instructor [--port N]``: JupyterLab on the source notebooks with nbgrader's
  instructor tools (run from ``grading/`` so formgrader finds the course).
- ``coownership present [--port N] [--no-browser]``: Voila on ``present/``, one projectable page per
  module (figures, explorer, case walk, audit, with the facilitator's prompts), no code on screen.
- ``coownership site [--out DIR]``: the whole course as a static website in ``build/site``.
- ``coownership release [MODULE ...]``: the coordinator's release into ``grading/release``.
- ``coownership roster import FILE [--replace]`` / ``coownership roster list``: who is expected.
- ``coownership collect PATH [--replace]``: take submissions from a folder or a .zip.
- ``coownership autograde [--jobs N] [--module M ...] [--all]``: grade new or changed submissions.
- ``coownership feedback [--include-pending]``: write HTML feedback for submissions graded in full.
- ``coownership export [--out DIR] [--pass-mark 0.7]``: grades.csv and completion.csv.
- ``coownership status``: every rostered learner and module: submitted, graded, waiting, broken.
- ``coownership certificates [--out DIR] [--no-pdf]``: a one-page certificate per learner.
- ``coownership handin [--id ID] [--workspace DIR]``: a learner packs their notebooks into one .zip.
- ``coownership progress [--workspace DIR]``: a learner's modules done, checks passed, what is left.
- ``coownership cohort-report [PATH] [--shared DIR] [-o report.html] [--force]``: one anonymous page for a
  session debrief: beliefs shift, audit profiles, exercise results by item; no group under five.

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


MARKS = {"ok": "ok ", "changed": "?? ", "failed": "!! "}
"""The mark before each autograde line: graded; graded, but something the learner changed was put
back first (see the report); could not be graded."""


def _autograde(args: argparse.Namespace) -> int:
    from coownership import grading
    from coownership.grading.autograding import write_report

    def progress(done: int, total: int, failed: int, result) -> None:
        mark = MARKS["failed"] if not result.ok else MARKS["changed"] if result.tamper else MARKS["ok"]
        print(
            f"[{done:>3}/{total}] {mark}{result.learner}/{result.module}: "
            + (f"{result.score:g} of {result.max_score:g}" if result.ok else f"could not be graded: {result.problem}")
            + f"   (could not be graded so far: {failed})",
            flush=True,
        )

    start = time.perf_counter()
    results, code = _grading_call(
        grading.autograde,
        course.course_root(),
        jobs=args.jobs,
        modules=args.module or None,
        everything=args.all,
        progress=progress,
    )
    if code:
        return code
    failed = [r for r in results if not r.ok]
    flagged = [r for r in results if r.tamper]
    if results:
        print(
            f"\nGraded {len(results) - len(failed)} of {len(results)} new or changed submission(s) in "
            f"{time.perf_counter() - start:.1f} s with {args.jobs} job(s)."
        )
    else:
        print("Nothing new to grade.")
    if results.unchanged:
        print(
            f"{len(results.unchanged)} submission(s) unchanged since they were graded; use --all to grade them again."
        )
    for r in failed:
        print(f"  !! could not be graded: {r.learner}/{r.module}: {r.problem}")
    for r in flagged:
        print(f"  ?? changed before grading: {r.learner}/{r.module}: " + "; ".join(r.tamper))
    report = write_report(course.course_root(), graded_now=results)
    print(f"Report: {report}")
    return 1 if failed else 0


def _feedback(args: argparse.Namespace) -> int:
    from coownership import grading

    lines, code = _grading_call(grading.feedback, course.course_root(), include_pending=args.include_pending)
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
        print("No learners yet: import a roster (coownership roster import FILE) or collect submissions.")
        return 0
    width = max(len(r["learner"]) for r in rows)
    for r in rows:
        score = ""
        if r["total"]:
            score = f"  {r['total']} of {r['max_score']} ({r['percent']}%)"
        elif r["autograded_score"]:
            score = f"  {r['autograded_score']} of {r['autograded_max']} checked automatically"
        flag = "  [not on the roster]" if r["on_roster"] == "no" else ""
        print(f"{r['learner']:<{width}}  {r['module']:<36} {r['status']}{score}{flag}")
    counts: dict[str, int] = {}
    for r in rows:
        key = r["status"].split(":")[0]
        counts[key] = counts.get(key, 0) + 1
    print("\n" + "; ".join(f"{key}: {n}" for key, n in counts.items()))
    waiting = counts.get("waiting for manual grading", 0)
    if waiting:
        print(f"{waiting} submission(s) wait for manual grading (formgrader: see grading/README.md).")
    return 0


def _roster(args: argparse.Namespace) -> int:
    from coownership import roster

    root = course.course_root()
    if args.roster_command == "import":
        report, code = _grading_call(roster.import_roster, args.file, course_root=root, replace=args.replace)
        if code:
            return code
        for line in report.lines():
            print(line)
        print(f"Roster: {root / roster.ROSTER_NAME}")
        return 1 if report.problems else 0
    learners, code = _grading_call(roster.read_roster, root)
    if code:
        return code
    if not learners:
        print("The roster is empty: import one with coownership roster import learners.csv (columns id,name,email).")
        return 0
    for learner in learners.values():
        print(f"{learner.id}\t{learner.name}\t{learner.email}")
    print(f"{len(learners)} learner(s) on the roster.")
    return 0


def _certificates(args: argparse.Namespace) -> int:
    from coownership.certificates import certificates

    report, code = _grading_call(
        certificates, course.course_root(), out_dir=args.out, pdf=not args.no_pdf, pass_mark=args.pass_mark
    )
    if code:
        return code
    for line in report.lines():
        print(line)
    print(f"Certificates are in {args.out or course.course_root() / 'certificates'}.")
    return 1 if report.problems else 0


def _handin(args: argparse.Namespace) -> int:
    from coownership.handin import handin

    result = handin(args.workspace, learner=args.id)
    for line in result.lines():
        print(line)
    print(
        f"Send {result.path.name} to your coordinator. In JupyterLab: right-click it in the file "
        "browser and choose Download."
    )
    return 1 if result.unreadable else 0


def _progress(args: argparse.Namespace) -> int:
    from coownership import progress

    for line in progress.lines(args.workspace):
        print(line)
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


def _cohort_report(args: argparse.Namespace) -> int:
    """One anonymous debrief page from the gradebook and the shared files (coownership.cohort_report)."""
    from coownership.cohort_report import write_cohort_report
    from coownership.errors import CoownershipError

    try:
        written, data = write_cohort_report(args.path, output=args.output, shared=args.shared, force=args.force)
    except CoownershipError as exc:
        return _fail(str(exc))
    for note in data.skipped:
        print(f"Not used: {note}")
    print(f"Report: {written} (group results only: no names, no learner ids, no group under five).")
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

    pres = sub.add_parser("present", help="supervisor: projectable pages for a session (Voila, no code on screen)")
    pres.add_argument("--port", type=_port, default=8866, help="port on 127.0.0.1 (default 8866)")
    pres.add_argument("--no-browser", action="store_true", help="do not open a browser")
    pres.add_argument("--token", default=None, help="fixed login token (default: a random one)")
    pres.set_defaults(func=_present)

    web = sub.add_parser("site", help="the whole course as a static website (learner copies, run, no answers)")
    web.add_argument("--out", default=str(course.REPO / "build" / "site"), help="output folder (default: build/site)")
    web.set_defaults(func=_site)

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
    auto.add_argument("--all", action="store_true", help="grade every submission again, changed or not")
    auto.set_defaults(func=_autograde)

    fb = sub.add_parser("feedback", help="coordinator: write HTML feedback for submissions graded in full")
    fb.add_argument(
        "--include-pending",
        action="store_true",
        help="also write feedback for submissions whose written answer is not graded yet (it says so)",
    )
    fb.set_defaults(func=_feedback)

    ex = sub.add_parser("export", help="coordinator: write grades.csv and completion.csv")
    ex.add_argument("--out", default=None, help="folder for the CSV files (default: grading/)")
    ex.add_argument("--pass-mark", type=float, default=0.7, help="share of points that counts as complete")
    ex.set_defaults(func=_export)

    st = sub.add_parser("status", help="coordinator: who has submitted and what waits for grading")
    st.set_defaults(func=_status)

    ros = sub.add_parser("roster", help="coordinator: import or list the learners expected")
    ros_sub = ros.add_subparsers(dest="roster_command", required=True)
    ros_import = ros_sub.add_parser("import", help="read a .csv with the columns id, name (email optional)")
    ros_import.add_argument("file", help="the roster file, for example learners.csv")
    ros_import.add_argument("--replace", action="store_true", help="the file is the whole roster (remove others)")
    ros_sub.add_parser("list", help="show the roster")
    ros.set_defaults(func=_roster)

    cert = sub.add_parser("certificates", help="coordinator: a one-page certificate of completion per learner")
    cert.add_argument("--out", default=None, help="folder for the certificates (default: grading/certificates)")
    cert.add_argument("--no-pdf", action="store_true", help="HTML only (no Chromium needed)")
    cert.add_argument("--pass-mark", type=float, default=0.7, help="share of points that counts as complete")
    cert.set_defaults(func=_certificates)

    hand = sub.add_parser("handin", help="learner: pack your notebooks into one .zip to send to your coordinator")
    hand.add_argument("--id", default=None, help="your learner id, for example maria.lopez (remembered)")
    hand.add_argument("--workspace", default=default_ws, help="your course folder (default: learner/)")
    hand.set_defaults(func=_handin)

    prog = sub.add_parser("progress", help="learner: modules done, checks passed and what is left")
    prog.add_argument("--workspace", default=default_ws, help="your course folder (default: learner/)")
    prog.set_defaults(func=_progress)

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

    coh = sub.add_parser("cohort-report", help="coordinator: one anonymous page for a session debrief")
    coh.add_argument(
        "path", nargs="?", default=None, help="the course directory (default: grading/) or a folder of shared files"
    )
    coh.add_argument("--shared", default=None, help="the folder of shared files (default: PATH/shared-ratings)")
    coh.add_argument("-o", "--output", default="cohort-report.html", help="the page (default: cohort-report.html)")
    coh.add_argument("--force", action="store_true", help="replace the page if it already exists")
    coh.set_defaults(func=_cohort_report)
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
