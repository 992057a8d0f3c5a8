"""What grading gives back: HTML feedback for learners, ``grades.csv`` and ``completion.csv``, and
the status of every learner and module.

Every learner on the roster (:mod:`coownership.roster`), in the gradebook or with a submission has
a row for every module, with one status:

- ``not released``: the module has not been released yet;
- ``not submitted``: nothing collected from this learner for this module;
- ``submitted, not graded yet``: collected (or a new copy collected) and not autograded since;
- ``could not be graded: <why>``: autograde could not grade this copy (a damaged file, for example);
- ``waiting for manual grading``: autograded; a written answer waits for a supervisor;
- ``graded``: every part graded.

Scores that do not exist yet are blank, never 0: ``manual_score`` is blank both while a written
answer waits and when the module has none (``manual_max`` says which). Times are ISO 8601 with the
time zone, to the second; ``graded_at`` is when the last part was graded (see
:mod:`~coownership.grading.ledger`).

Example:
    >>> PASS_MARK, STATUSES[-1]
    (0.7, 'graded')
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

from coownership import course
from coownership.errors import ArgumentError, ArgumentTypeError, GradingError
from coownership.files import write_atomic
from coownership.grading import workers
from coownership.grading.feedback_notes import annotate, reset_answers
from coownership.grading.ledger import Ledger, digest, iso, now_iso
from coownership.validation import check_number

__all__ = ["PASS_MARK", "STATUSES", "GRADES_COLUMNS", "COMPLETION_COLUMNS", "feedback", "export", "status"]

PASS_MARK = 0.7
"""Share of a module's points that counts as complete (``coownership export --pass-mark`` changes it)."""

STATUSES = (
    "not released",
    "not submitted",
    "submitted, not graded yet",
    "could not be graded",
    "waiting for manual grading",
    "graded",
)
"""Every status a row can have (``could not be graded`` is followed by ``: <why>``)."""

GRADES_COLUMNS = [
    "learner",
    "name",
    "module",
    "status",
    "autograded_score",
    "autograded_max",
    "manual_score",
    "manual_max",
    "total",
    "max_score",
    "percent",
    "submitted_at",
    "graded_at",
    "on_roster",
]
"""``grades.csv``: scores; blank where a score does not exist yet (or the module has no such part)."""

COMPLETION_COLUMNS = [*GRADES_COLUMNS, "complete"]
"""``completion.csv``: the grades columns and ``complete`` (yes/no)."""


def _stamp_file(folder: Path) -> str:
    """The collection time collect wrote into ``timestamp.txt`` (ISO 8601), or ''."""
    try:
        text = (folder / "timestamp.txt").read_text().strip()
    except OSError:
        return ""
    text = text.removesuffix(" UTC").strip()
    try:
        return iso(datetime.fromisoformat(text))
    except ValueError:
        return ""


def _fmt(value: float) -> str:
    return f"{round(value, 2):g}"


def _scores(row: dict[str, Any], sub: Any) -> tuple[bool, str]:
    """Fill the score columns from a gradebook submission; returns (waiting, fingerprint of the manual grades)."""
    grades = [g for nb in sub.notebooks for g in nb.grades]
    auto = [g for g in grades if g.cell.cell_type == "code"]
    manual = [g for g in grades if g.cell.cell_type != "code"]
    waiting = bool(sub.needs_manual_grade)
    row["_pending"] = [g.name for g in grades if g.needs_manual_grade]
    row["autograded_score"] = _fmt(sum(g.score or 0 for g in auto))
    row["autograded_max"] = _fmt(sum(float(g.max_score or 0) for g in auto))
    manual_max = sum(float(g.max_score or 0) for g in manual)
    row["manual_max"] = _fmt(manual_max) if manual else ""
    if manual and not any(g.needs_manual_grade for g in manual):
        row["manual_score"] = _fmt(sum(g.score or 0 for g in manual))
    fingerprint = ";".join(f"{g.name}={g.manual_score}" for g in manual if g.manual_score is not None)
    if not waiting:
        total = float(sub.score)
        row["total"] = _fmt(total)
        maximum = float(sub.max_score)
        row["percent"] = _fmt(100 * total / maximum) if maximum else ""
    return waiting, fingerprint


def _graded_at(ledger: Ledger, learner: str, module: str, fingerprint: str, fallback: str) -> str:
    """When the last part was graded: the autograde time or, for a written answer a person graded,
    the time the course first saw that grade (recorded in the grading log)."""
    entry = ledger.get(learner, module) or {}
    autograded = entry.get("autograded_at") or fallback
    if not fingerprint:
        return autograded
    if entry.get("manual") != fingerprint or not entry.get("manual_at"):
        ledger.update(learner, module, manual=fingerprint, manual_at=now_iso())
        entry = ledger.get(learner, module) or {}
    return max(autograded, entry.get("manual_at", ""))


def _row(gb: Any, ledger: Ledger, root: Path, learner: str, module: str, pass_mark: float) -> dict[str, Any]:
    from nbgrader.api import MissingEntry

    row: dict[str, Any] = dict.fromkeys(COMPLETION_COLUMNS, "")
    row.update(learner=learner, module=module, status="not submitted", complete="no", _pending=[])
    try:
        assignment = gb.find_assignment(module)
    except MissingEntry:
        row["status"] = "not released"
        return row
    row["max_score"] = _fmt(float(assignment.max_score))
    folder = root / "submitted" / learner / module
    notebook = folder / f"{module}.ipynb"
    entry = ledger.get(learner, module)
    row["submitted_at"] = _stamp_file(folder)
    try:
        sub = gb.find_submission(module, learner)
    except MissingEntry:
        sub = None
    if not notebook.is_file() and sub is None:
        return row
    current = digest(notebook)
    if entry is None and sub is not None and (root / "autograded" / learner / module).is_dir():
        entry = {"digest": current, "ok": True}  # graded before the grading log existed
    if entry is None or (current and entry.get("digest") != current):
        row["status"] = "submitted, not graded yet"
        return row
    if not entry.get("ok"):
        row["status"] = f"could not be graded: {entry.get('problem') or 'see autograde-report.txt'}"
        return row
    if sub is None:
        row["status"] = "submitted, not graded yet"
        return row
    row["submitted_at"] = iso(sub.timestamp) or row["submitted_at"]
    waiting, fingerprint = _scores(row, sub)
    if waiting:
        row["status"] = "waiting for manual grading"
        return row
    row["status"] = "graded"
    graded_copy = root / "autograded" / learner / module
    fallback = iso(graded_copy.stat().st_mtime) if graded_copy.is_dir() else ""
    row["graded_at"] = _graded_at(ledger, learner, module, fingerprint, fallback)
    row["complete"] = "yes" if float(sub.score) >= pass_mark * float(sub.max_score) else "no"
    return row


def _rows(root: Path, pass_mark: float) -> list[dict[str, Any]]:
    from nbgrader.api import Gradebook

    from coownership.roster import read_roster

    roster = read_roster(root)
    ledger = Ledger(root)
    rows = []
    with Gradebook(course.gradebook_url(root)) as gb:
        submitted = {p.name for p in (root / "submitted").glob("*") if p.is_dir()}
        logged = {key.partition("/")[0] for key in ledger.entries}
        learners = list(roster) + sorted(({s.id for s in gb.students} | submitted | logged) - set(roster))
        for learner in learners:
            for module in course.module_ids():
                row = _row(gb, ledger, root, learner, module, pass_mark)
                row["name"] = roster[learner].name if learner in roster else ""
                row["on_roster"] = ("yes" if learner in roster else "no") if roster else ""
                rows.append(row)
    ledger.save()
    return rows


def feedback(course_root: Path | str | None = None, *, include_pending: bool = False) -> list[str]:
    """Write HTML feedback into ``feedback/<learner>/<module>/`` for every submission whose grading
    is final; returns one line per submission and a last line with the counts.

    A submission whose written answer waits for manual grading is skipped (and counted) unless
    ``include_pending``: then its feedback says "your written answer has not been graded yet"
    where the score would be, never 0. An answer cell that was reset at grading (it held more than
    the one answer line) is explained in plain words. Feedback shows no hidden tests, mark schemes
    or tracebacks.

    Example:
        >>> import tempfile
        >>> feedback(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: nothing has been autograded in ...: run autograde first
    """
    root = course.course_root(course_root)
    graded = sorted((root / "autograded").glob("*/*")) if (root / "autograded").is_dir() else []
    if not graded or not course.has_gradebook(root):
        raise GradingError(f"nothing has been autograded in {root}: run autograde first")
    rows = {(r["learner"], r["module"]): r for r in _rows(root, PASS_MARK)}
    lines, tasks, pending_skipped = [], [], 0
    for folder in graded:
        learner, module = folder.parent.name, folder.name
        row = rows.get((learner, module))
        state = row["status"] if row else "not in the gradebook"
        if state == "waiting for manual grading" and not include_pending:
            pending_skipped += 1
            lines.append(f"{learner}/{module}: skipped: its written answer waits for manual grading")
        elif state in ("graded", "waiting for manual grading") and row is not None:
            tasks.append(row)
        else:
            lines.append(f"{learner}/{module}: skipped: {state}")
    written = failed = 0
    if tasks:
        # In a worker process, like autograde: the worker sets its own environment, not the caller's.
        with workers.pool(1, initializer=workers.start, initargs=(str(root.resolve()),)) as pool:
            done = list(pool.map(_feedback_one, [(r["learner"], r["module"]) for r in tasks]))
        for row, (ok, line) in zip(tasks, done, strict=True):
            if ok:
                _annotate_file(root, row)
                written += 1
            else:
                failed += 1
            lines.append(line)
    summary = f"feedback written for {written} submission(s)"
    if failed:
        summary += f"; {failed} FAILED (the lines above say why)"
    if pending_skipped:
        summary += (
            f"; {pending_skipped} skipped because a written answer waits for manual grading "
            "(grade it in formgrader and run feedback again, or write it now with --include-pending)"
        )
    return [*sorted(lines), summary]


def _feedback_one(task: tuple[str, str]) -> tuple[bool, str]:
    learner, module = task
    result = workers.api().generate_feedback(module, learner, force=True)
    if result.get("success"):
        return True, f"{learner}/{module}: feedback written"
    return False, f"{learner}/{module}: feedback failed: {workers.reason(result)}"


def _annotate_file(root: Path, row: dict[str, Any]) -> None:
    learner, module = row["learner"], row["module"]
    page = root / "feedback" / learner / module / f"{module}.html"
    if not page.is_file():
        return
    pending = row["_pending"] if row["status"] == "waiting for manual grading" else []
    reset = reset_answers(root / "autograded" / learner / module / f"{module}.ipynb")
    text = page.read_text(encoding="utf-8")
    new = annotate(text, pending=pending, reset=reset, autograded=(row["autograded_score"], row["autograded_max"]))
    if new != text:
        write_atomic(page, new.encode("utf-8"))


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, buffer.getvalue().encode("utf-8"))
    return path


def export(
    course_root: Path | str | None = None, *, out_dir: Path | str | None = None, pass_mark: float = PASS_MARK
) -> tuple[Path, Path]:
    """Write ``grades.csv`` (scores) and ``completion.csv`` (scores and complete yes/no) for every
    learner and module (see the module docstring for the columns and statuses).

    A module is complete when it is fully graded (no manual grading waiting) and scores at least
    ``pass_mark`` of its points. Returns both paths.

    Example:
        >>> import tempfile
        >>> export(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no gradebook in ...: run `coownership release` first (it creates the gradebook)
    """
    root = course.course_root(course_root)
    rows = status(root, pass_mark=pass_mark)
    out = Path(out_dir) if out_dir else root
    return _write_csv(out / "grades.csv", rows, GRADES_COLUMNS), _write_csv(
        out / "completion.csv", rows, COMPLETION_COLUMNS
    )


def status(course_root: Path | str | None = None, *, pass_mark: float = PASS_MARK) -> list[dict[str, Any]]:
    """Every rostered (or known) learner and module: status, scores and times (one row each, with
    the columns of ``completion.csv``); ``pass_mark`` (from 0 to 1) decides ``complete``.

    Example:
        >>> import tempfile
        >>> status(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no gradebook in ...: run `coownership release` first (it creates the gradebook)
    """
    root = course.course_root(course_root)
    try:
        check_number("--pass-mark", pass_mark, low=0.0, high=1.0)
    except (ArgumentError, ArgumentTypeError) as exc:
        raise GradingError(str(exc)) from None  # a problem the coordinator fixes on the command line
    workers.require_gradebook(root)
    return _rows(root, pass_mark)
