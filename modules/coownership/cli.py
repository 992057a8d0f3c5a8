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
import sys

from coownership import course

__all__ = ["main"]
from coownership.cli_grading import (  # the handlers build_parser wires up
    _autograde,
    _certificates,
    _cohort_report,
    _collect,
    _export,
    _feedback,
    _handin,
    _jobs,
    _own_data,
    _portfolio,
    _progress,
    _release,
    _roster,
    _status,
)
from coownership.cli_servers import (
    _fail,
    _instructor,
    _lab,
    _port,
    _present,
    _site,
    _workspace,
)


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
    ex.add_argument(
        "--out",
        default=None,
        help="folder for the CSV files (default: the course folder, grading/ or COOWNERSHIP_COURSE_ROOT)",
    )
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
