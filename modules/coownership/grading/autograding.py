"""Autograde collected submissions, in parallel worker processes, one report line each.

Only what is new or changed since it was last graded is graded (``everything=True``, the command's
``--all``, grades every submission again); what was graded, from which copy and when, is kept in
the grading log (:mod:`~coownership.grading.ledger`), which ``status`` and ``export`` read.

Example:
    >>> GradeResult("ana", "00-start-here", ok=False, problem="not valid notebook JSON").ok
    False
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from coownership import course
from coownership.errors import ArgumentError, ArgumentTypeError, GradingError
from coownership.files import write_atomic
from coownership.grading import workers
from coownership.grading.feedback_notes import tamper_notes
from coownership.grading.ledger import Ledger, digest, now_iso
from coownership.validation import check_int

__all__ = ["GradeResult", "GradeRun", "autograde", "write_report", "REPORT_NAME"]

REPORT_NAME = "autograde-report.txt"
"""The batch report autograde writes into the course directory."""


@dataclass
class GradeResult:
    """One learner's module after autograding.

    Example:
        >>> GradeResult("ana", "00-start-here", ok=True, score=2, max_score=2).problem
        ''
    """

    learner: str
    module: str
    ok: bool
    score: float = 0.0
    max_score: float = 0.0
    problem: str = ""
    tamper: list[str] = field(default_factory=list)
    digest: str = ""
    """SHA-256 of the submitted copy that was graded."""


class GradeRun(list[GradeResult]):
    """The results of one :func:`autograde` run (a list), with the submissions it left alone.

    Example:
        >>> run = GradeRun([], unchanged=[("ana", "00-start-here")])
        >>> len(run), run.unchanged
        (0, [('ana', '00-start-here')])
    """

    def __init__(self, results: Iterable[GradeResult] = (), *, unchanged: list[tuple[str, str]] | None = None) -> None:
        super().__init__(results)
        self.unchanged: list[tuple[str, str]] = list(unchanged or [])
        """(learner, module) of submissions not graded again because they had not changed."""


def _manual_grades_done(db_url: str, module: str, learner: str) -> list[str]:
    """Names of this submission's grades a person has already given (before it is graded again)."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            sub = gb.find_submission(module, learner)
        except MissingEntry:
            return []
        return [
            g.name for nb in sub.notebooks for g in nb.grades if g.manual_score is not None and not g.needs_manual_grade
        ]


def _restore_manual_grades(db_url: str, module: str, learner: str, names: list[str]) -> None:
    """nbgrader marks a graded written answer for review again whenever a submission is re-graded;
    the copy did not change, so the person's grade stands."""
    from nbgrader.api import Gradebook

    if not names:
        return
    with Gradebook(db_url) as gb:
        sub = gb.find_submission(module, learner)
        for nb in sub.notebooks:
            for g in nb.grades:
                if g.name in names:
                    g.needs_manual_grade = False
        gb.db.commit()


def _grade_one(module: str, learner: str, keep_manual: bool = False) -> GradeResult:
    from nbgrader.api import Gradebook

    nbgrader = workers.api()
    root = Path(nbgrader.coursedir.root)
    submitted = root / "submitted" / learner / module / f"{module}.ipynb"
    copy = digest(submitted)
    try:
        nbformat.read(submitted, as_version=4)
    except Exception as exc:  # nbformat raises several types for a damaged file
        return GradeResult(
            learner,
            module,
            ok=False,
            problem=(
                f"the notebook could not be read ({type(exc).__name__}): it is not valid notebook JSON; "
                "ask the learner to send it again"
            ),
            digest=copy,
        )
    kept = _manual_grades_done(nbgrader.coursedir.db_url, module, learner) if keep_manual else []
    result = None
    for attempt in range(4):  # SQLite can be busy for a moment with several writers
        result = nbgrader.autograde(module, learner, force=True, create=True)
        if result.get("success") or "database is locked" not in workers.reason(result):
            break
        time.sleep(0.5 * (attempt + 1))
    graded = root / "autograded" / learner / module / f"{module}.ipynb"
    if not result or not result.get("success"):
        return GradeResult(learner, module, ok=False, problem=workers.reason(result or {}), digest=copy)
    _restore_manual_grades(nbgrader.coursedir.db_url, module, learner, kept)
    with Gradebook(nbgrader.coursedir.db_url) as gb:
        sub = gb.find_submission(module, learner)
        score, max_score = float(sub.code_score), float(sub.max_code_score)
    return GradeResult(
        learner, module, ok=True, score=score, max_score=max_score, tamper=tamper_notes(graded), digest=copy
    )


def _submissions(root: Path, modules: Iterable[str] | None, learners: Iterable[str] | None) -> list[tuple[str, str]]:
    wanted_modules = set(modules) if modules else None
    wanted_learners = set(learners) if learners else None
    found = []
    for learner_dir in sorted((root / "submitted").glob("*")):
        for module_dir in sorted(learner_dir.glob("*")):
            if not module_dir.is_dir():
                continue
            if wanted_modules and module_dir.name not in wanted_modules:
                continue
            if wanted_learners and learner_dir.name not in wanted_learners:
                continue
            found.append((module_dir.name, learner_dir.name))
    return found


def _record(ledger: Ledger, result: GradeResult) -> None:
    """Put one result into the grading log; the same copy graded again keeps its first time."""
    before = ledger.get(result.learner, result.module) or {}
    same = before.get("digest") == result.digest and before.get("ok") and result.ok
    ledger.update(
        result.learner,
        result.module,
        digest=result.digest,
        ok=result.ok,
        problem=result.problem,
        score=result.score,
        max_score=result.max_score,
        tamper=list(result.tamper),
        autograded_at=before.get("autograded_at") if same and before.get("autograded_at") else now_iso(),
    )


def autograde(
    course_root: Path | str | None = None,
    *,
    jobs: int = 1,
    modules: Iterable[str] | None = None,
    learners: Iterable[str] | None = None,
    everything: bool = False,
    progress: Callable[[int, int, int, GradeResult], None] | None = None,
) -> GradeRun:
    """Autograde collected submissions that are new or changed (all of them with ``everything``).

    ``jobs`` long-lived worker processes each hold one nbgrader API, so the gain is not eaten by
    start-up costs; scores are identical to a sequential run. ``progress(done, total, failed,
    result)`` is called after each submission. A failure is reported in its result, never raised.
    A submission graded before from the same copy is left alone (listed in ``.unchanged``); graded
    again with ``everything``, a written answer a person has graded keeps its grade. Each result
    goes into the grading log (:mod:`~coownership.grading.ledger`) as it arrives.

    Example:
        >>> import tempfile
        >>> autograde(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no gradebook in ...: run `coownership release` first (it creates the gradebook)
    """
    root = course.course_root(course_root)
    for name, value in (("modules", modules), ("learners", learners)):
        if isinstance(value, str):
            raise GradingError(f"{name} must be a list of ids, not one string: use [{value!r}]")
    try:
        check_int("--jobs", jobs, low=1, high=32)
    except (ArgumentError, ArgumentTypeError) as exc:
        raise GradingError(str(exc)) from None  # a problem the coordinator fixes on the command line
    if modules is not None:
        try:
            modules = course.select_modules(list(modules))  # the one check of module ids
        except course.CourseError as exc:
            raise GradingError(str(exc)) from None
    workers.require_gradebook(root)
    found = _submissions(root, modules, learners)
    if not found:
        raise GradingError(f"nothing to grade in {root / 'submitted'}: run collect first")
    ledger = Ledger(root)
    tasks, unchanged, keep = [], [], set()
    for module, learner in found:
        before = ledger.get(learner, module) or {}
        current = digest(root / "submitted" / learner / module / f"{module}.ipynb")
        if before.get("digest") == current and current:
            if not everything:
                unchanged.append((learner, module))
                continue
            keep.add((module, learner))
        tasks.append((module, learner))
    run = GradeRun(unchanged=unchanged)
    if not tasks:
        return run
    from nbgrader.api import Gradebook

    with Gradebook(course.gradebook_url(root)) as gb:  # before the workers: no race to create them
        for learner in sorted({learner for _, learner in tasks}):
            gb.update_or_create_student(learner)
    failed = 0
    try:
        with workers.pool(min(jobs, len(tasks)), initializer=workers.start, initargs=(str(root.resolve()),)) as pool:
            futures = [pool.submit(_grade_one, module, learner, (module, learner) in keep) for module, learner in tasks]
            for future in as_completed(futures):
                result = future.result()
                run.append(result)
                _record(ledger, result)
                failed += not result.ok
                if progress:
                    progress(len(run), len(tasks), failed, result)
    finally:
        ledger.save()
    run.sort(key=lambda r: (r.learner, r.module))
    return run


def write_report(course_root: Path | str | None = None, *, graded_now: Iterable[GradeResult] = ()) -> Path:
    """Write ``autograde-report.txt``: every submission in the grading log, one tab-separated line
    each (learner, module, result, score, what was changed before grading, when it was
    autograded, whether this run graded it). Returns its path.

    Example:
        >>> import tempfile
        >>> write_report(tempfile.mkdtemp()).read_text().splitlines()[0].split("\\t")[:3]
        ['learner', 'module', 'result']
    """
    root = course.course_root(course_root)
    now = {(r.learner, r.module) for r in graded_now}
    lines = ["learner\tmodule\tresult\tscore\tchanged before grading\tautograded at\tthis run"]
    for key, entry in sorted(Ledger(root).entries.items()):
        learner, _, module = key.partition("/")
        result = "ok" if entry.get("ok") else f"could not be graded: {entry.get('problem', '')}"
        score = f"{entry.get('score', 0):g}/{entry.get('max_score', 0):g}" if entry.get("ok") else ""
        lines.append(
            "\t".join(
                [
                    learner,
                    module,
                    result,
                    score,
                    "; ".join(entry.get("tamper") or []),
                    str(entry.get("autograded_at", "")),
                    "yes" if (learner, module) in now else "no",
                ]
            )
        )
    path = root / REPORT_NAME
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
