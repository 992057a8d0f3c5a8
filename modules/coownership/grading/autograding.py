"""Autograde every collected submission, in parallel worker processes, one report line each.

Example:
    >>> GradeResult("ana", "00-start-here", ok=False, problem="not valid notebook JSON").ok
    False
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from coownership import course
from coownership.errors import ArgumentError, ArgumentTypeError, GradingError
from coownership.grading import workers
from coownership.validation import check_int

__all__ = ["GradeResult", "autograde"]


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


def _grade_one(module: str, learner: str) -> GradeResult:
    from nbgrader.api import Gradebook

    nbgrader = workers.api()
    root = Path(nbgrader.coursedir.root)
    submitted = root / "submitted" / learner / module / f"{module}.ipynb"
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
        )
    result = None
    for attempt in range(4):  # SQLite can be busy for a moment with several writers
        result = nbgrader.autograde(module, learner, force=True, create=True)
        if result.get("success") or "database is locked" not in workers.reason(result):
            break
        time.sleep(0.5 * (attempt + 1))
    graded = root / "autograded" / learner / module / f"{module}.ipynb"
    if not result or not result.get("success"):
        return GradeResult(learner, module, ok=False, problem=workers.reason(result or {}))
    tamper = []
    if graded.is_file():
        tamper = json.loads(graded.read_text()).get("metadata", {}).get("coownership", {}).get("tamper", [])
    with Gradebook(nbgrader.coursedir.db_url) as gb:
        sub = gb.find_submission(module, learner)
        score, max_score = float(sub.code_score), float(sub.max_code_score)
    return GradeResult(learner, module, ok=True, score=score, max_score=max_score, tamper=list(tamper))


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


def autograde(
    course_root: Path | str | None = None,
    *,
    jobs: int = 1,
    modules: Iterable[str] | None = None,
    learners: Iterable[str] | None = None,
    progress: Callable[[int, int, int, GradeResult], None] | None = None,
) -> list[GradeResult]:
    """Autograde every collected submission (or those of some modules or learners).

    ``jobs`` long-lived worker processes each hold one nbgrader API, so the gain is not eaten by
    start-up costs; scores are identical to a sequential run. ``progress(done, total, failed,
    result)`` is called after each submission. A failure is reported in its result, never raised.

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
    known = set(course.module_ids())
    unknown = sorted(set(modules or ()) - known)
    if unknown:
        raise GradingError(f"unknown module(s): {', '.join(unknown)}. Known modules: {', '.join(sorted(known))}")
    workers.require_gradebook(root)
    tasks = _submissions(root, modules, learners)
    if not tasks:
        raise GradingError(f"nothing to grade in {root / 'submitted'}: run collect first")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:  # before the workers: no race to create them
        for learner in sorted({learner for _, learner in tasks}):
            gb.update_or_create_student(learner)
    results: list[GradeResult] = []
    failed = 0
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), initializer=workers.start, initargs=(str(root.resolve()),)
    ) as pool:
        futures = [pool.submit(_grade_one, module, learner) for module, learner in tasks]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            failed += not result.ok
            if progress:
                progress(len(results), len(tasks), failed, result)
    return sorted(results, key=lambda r: (r.learner, r.module))
