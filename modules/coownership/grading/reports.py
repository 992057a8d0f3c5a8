"""What grading gives back: HTML feedback for learners, ``grades.csv`` and ``completion.csv``, and
the status of every learner and module.

Example:
    >>> PASS_MARK
    0.7
"""

from __future__ import annotations

import csv
import io
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from coownership import course
from coownership.errors import ArgumentError, ArgumentTypeError, GradingError
from coownership.files import write_atomic
from coownership.grading import workers
from coownership.validation import check_number

__all__ = ["PASS_MARK", "feedback", "export", "status"]

PASS_MARK = 0.7
"""Share of a module's points that counts as complete (``coownership export --pass-mark`` changes it)."""


def feedback(course_root: Path | str | None = None) -> list[str]:
    """Write HTML feedback for every autograded submission into ``feedback/<learner>/<module>/``.

    Returns one line per submission. Feedback shows no hidden tests, mark schemes or tracebacks.

    Example:
        >>> import tempfile
        >>> feedback(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: nothing has been autograded in ...: run autograde first
    """
    root = course.course_root(course_root)
    graded = sorted((root / "autograded").glob("*/*")) if (root / "autograded").is_dir() else []
    if not graded:
        raise GradingError(f"nothing has been autograded in {root}: run autograde first")
    # In a worker process, like autograde: the worker sets its own environment, not the caller's.
    with ProcessPoolExecutor(max_workers=1, initializer=workers.start, initargs=(str(root.resolve()),)) as pool:
        return list(pool.map(_feedback_one, [(d.parent.name, d.name) for d in graded]))


def _feedback_one(task: tuple[str, str]) -> str:
    learner, module = task
    result = workers.api().generate_feedback(module, learner, force=True)
    if result.get("success"):
        return f"{learner}/{module}: feedback written"
    return f"{learner}/{module}: feedback failed: {workers.reason(result)}"


def _rows(root: Path, pass_mark: float) -> list[dict]:
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        learners = sorted({s.id for s in gb.students} | {p.name for p in (root / "submitted").glob("*") if p.is_dir()})
        for learner in learners:
            for module in course.module_ids():
                row = {
                    "learner": learner,
                    "module": module,
                    "autograded_score": "",
                    "manual_score": "",
                    "max_score": "",
                    "submitted_at": "",
                    "graded_at": "",
                    "status": "not submitted",
                    "complete": "no",
                }
                try:
                    assignment = gb.find_assignment(module)
                except MissingEntry:
                    row["status"] = "not released"
                    rows.append(row)
                    continue
                row["max_score"] = f"{assignment.max_score:g}"
                try:
                    sub = gb.find_submission(module, learner)
                except MissingEntry:
                    if (root / "submitted" / learner / module).is_dir():
                        row["status"] = "submitted, not graded yet"
                    rows.append(row)
                    continue
                auto = sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades if g.cell.cell_type == "code")
                manual = sum(
                    (g.manual_score if g.manual_score is not None else 0)
                    for nb in sub.notebooks
                    for g in nb.grades
                    if g.cell.cell_type != "code"
                )
                row.update(
                    autograded_score=f"{auto:g}", manual_score=f"{manual:g}", submitted_at=str(sub.timestamp or "")
                )
                graded_file = root / "autograded" / learner / module
                if graded_file.is_dir():
                    row["graded_at"] = datetime.fromtimestamp(graded_file.stat().st_mtime, UTC).strftime(
                        "%Y-%m-%d %H:%M:%S"
                    )
                if not graded_file.is_dir():
                    row["status"] = "autograde failed (see autograde-report.txt)"
                elif sub.needs_manual_grade:
                    row["status"] = "waiting for manual grading"
                else:
                    row["status"] = "graded"
                    total = float(sub.score)
                    row["complete"] = "yes" if total >= pass_mark * float(sub.max_score) else "no"
                rows.append(row)
    return rows


def export(
    course_root: Path | str | None = None, *, out_dir: Path | str | None = None, pass_mark: float = PASS_MARK
) -> tuple[Path, Path]:
    """Write ``grades.csv`` (scores) and ``completion.csv`` (complete yes/no) for every learner and module.

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
    try:
        check_number("--pass-mark", pass_mark, low=0.0, high=1.0)
    except (ArgumentError, ArgumentTypeError) as exc:
        raise GradingError(str(exc)) from None  # a problem the coordinator fixes on the command line
    workers.require_gradebook(root)
    rows = _rows(root, pass_mark)
    out = Path(out_dir) if out_dir else root
    grades_cols = ["learner", "module", "autograded_score", "manual_score", "max_score", "submitted_at", "graded_at"]
    done_cols = [
        "learner",
        "module",
        "autograded_score",
        "manual_score",
        "max_score",
        "submitted_at",
        "graded_at",
        "status",
        "complete",
    ]
    paths = []
    for name, cols in (("grades.csv", grades_cols), ("completion.csv", done_cols)):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        write_atomic(out / name, buffer.getvalue().encode("utf-8"))
        paths.append(out / name)
    return paths[0], paths[1]


def status(course_root: Path | str | None = None) -> list[dict]:
    """Who has submitted, what is graded, what waits for manual grading (one row per learner and module).

    Example:
        >>> import tempfile
        >>> status(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no gradebook in ...: run `coownership release` first (it creates the gradebook)
    """
    root = course.course_root(course_root)
    workers.require_gradebook(root)
    return _rows(root, PASS_MARK)
