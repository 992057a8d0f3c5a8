"""The coordinator's and learner's file commands: release, collect, autograde, feedback, export,
status, roster, certificates, hand-in, progress, portfolio, own data, cohort report.

Part of the `coownership` command (:mod:`coownership.cli`).

Example:
    >>> MARKS["failed"]
    '!! '
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from coownership import course

__all__ = ["MARKS"]
from coownership.cli_servers import _fail, _whole_number


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


def _reported(func, *args, **kwargs):
    """:func:`_grading_call`, then print the report's lines when it worked."""
    report, code = _grading_call(func, *args, **kwargs)
    for line in [] if code else report.lines():
        print(line)
    return report, code


def _collect(args: argparse.Namespace) -> int:
    from coownership import grading

    _, code = _reported(grading.collect, args.path, course_root=course.course_root(), replace=args.replace)
    return code


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
        print(f"  {MARKS['failed']}could not be graded: {r.learner}/{r.module}: {r.problem}")
    for r in flagged:
        print(f"  {MARKS['changed']}changed before grading: {r.learner}/{r.module}: " + "; ".join(r.tamper))
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
    failed = [line for line in lines if ": feedback failed: " in line]
    if failed:
        print(
            f"{len(failed)} feedback page(s) could not be written (listed above). Fix what each line says, "
            "then run feedback again."
        )
        return 1
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
        report, code = _reported(roster.import_roster, args.file, course_root=root, replace=args.replace)
        if code:
            return code
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

    report, code = _reported(
        certificates, course.course_root(), out_dir=args.out, pdf=not args.no_pdf, pass_mark=args.pass_mark
    )
    if code:
        return code
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


_jobs = _whole_number("--jobs", 1, 32)
