"""Exercise results by item for a cohort, from the gradebook: which ideas the group found hard.

For each module, the learners counted are those whose copy is graded now (``coownership status``
says ``graded`` or ``waiting for manual grading``). For each autograded exercise (a graded code
cell: a sort or a choice; a survey or an open answer is graded for completion only and is left out)
the result is how many of them got full marks on it. The scores come from nbgrader's gradebook,
never from the notebooks. A module is shown only when at least five learners
(:data:`coownership.survey.MIN_GROUP`) are counted; the exercise's title comes from the module's
content file (:mod:`coownership.exercises`). No learner id leaves :func:`exercise_results`.

Example:
    >>> item = ItemResult("sort-check", "01-sort-statements", "Sort six statements", n=6, right=3)
    >>> item.share, str(item)
    (0.5, 'Sort six statements: 3 of 6 got it right (50%)')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coownership import course
from coownership.errors import ArgumentTypeError, ContentError, GradingError
from coownership.survey import MIN_GROUP
from coownership.survey.notebooks import CHECK_CALL
from coownership.validation import check_int

__all__ = ["ItemResult", "ModuleResult", "exercise_results"]

COMPLETION_ONLY = ("survey", "open")
"""Exercise kinds graded for completion only: not an idea to get right, so not shown by item."""

_COUNTED = ("graded", "waiting for manual grading")


@dataclass(frozen=True)
class ItemResult:
    """One autograded exercise: how many learners were graded on it (``n``) and got full marks (``right``)."""

    grade_id: str
    exercise_id: str
    title: str
    n: int
    right: int

    @property
    def share(self) -> float:
        """The share who got it right (0 when nobody was graded)."""
        return self.right / self.n if self.n else 0.0

    def __str__(self) -> str:
        return f"{self.title}: {self.right} of {self.n} got it right ({self.share:.0%})"


@dataclass(frozen=True)
class ModuleResult:
    """A module's results: shown only when at least ``min_group`` learners are graded.

    ``graded``: learners counted; ``not_counted``: copies handed in but not graded (not graded
    yet, or could not be graded); ``items``: empty unless shown.
    """

    module: str
    title: str
    graded: int
    not_counted: int
    shown: bool
    items: tuple[ItemResult, ...] = ()
    reason: str = ""


def _exercises(module: str) -> list[tuple[str, str, str]]:
    """(grade id, exercise id, title) of each autograded check in the source notebook, in order."""
    path = course.NOTEBOOKS / module / f"{module}.ipynb"
    try:
        nb = course.read_notebook(path)
    except (OSError, ValueError):
        return []
    from coownership.content import find_exercise

    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        match = CHECK_CALL.search(cell.get("source", ""))
        if cell.cell_type != "code" or not meta.get("grade") or not match:
            continue
        try:
            section = find_exercise(match.group(1))
        except ContentError:
            continue
        if section.text("kind") not in COMPLETION_ONLY:
            found.append((meta.get("grade_id", ""), match.group(1), section.text("title")))
    return found


def _title(module: str) -> str:
    try:
        return course.read_module(course.NOTEBOOKS / module).title
    except (OSError, ValueError, course.CourseError):
        return module


def exercise_results(course_root: Path | str, *, min_group: int = MIN_GROUP) -> list[ModuleResult]:
    """Per module with anything handed in: the share of graded learners who got each autograded
    exercise right; refused (``shown`` False, with the reason) when fewer than ``min_group`` are graded.

    Example:
        >>> import tempfile
        >>> exercise_results(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no gradebook in ...: run `coownership release` first (it creates the gradebook)
    """
    if not isinstance(course_root, (str, Path)):
        raise ArgumentTypeError(f"course_root must be a folder path; got {type(course_root).__name__}")
    min_group = check_int("min_group", min_group, low=MIN_GROUP, high=100_000)
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SQLAlchemyError

    from coownership.grading import reports

    root = Path(course_root)
    results = []
    try:
        rows = reports.status(root)  # raises GradingError without a gradebook
        with Gradebook(course.gradebook_url(root)) as gb:
            for module in course.module_ids():
                mine = [r for r in rows if r["module"] == module]
                counted = [r["learner"] for r in mine if r["status"] in _COUNTED]
                other = sum(r["status"].startswith(("could not", "submitted")) for r in mine)
                if not counted and not other:
                    continue
                if len(counted) < min_group:
                    why = f"fewer than {min_group} learners' copies are graded ({len(counted)}), so someone could be picked out"
                    results.append(ModuleResult(module, _title(module), len(counted), other, False, reason=why))
                    continue
                tally: dict[str, list[int]] = {}
                for learner in counted:
                    try:
                        sub = gb.find_submission(module, learner)
                    except MissingEntry:
                        continue
                    for grade in (g for nb in sub.notebooks for g in nb.grades):
                        if grade.cell.cell_type == "code" and float(grade.max_score or 0) > 0:
                            seen = tally.setdefault(grade.name, [0, 0])
                            seen[0] += 1
                            seen[1] += float(grade.score or 0) >= float(grade.max_score)
                items = tuple(
                    ItemResult(gid, eid, title, *tally[gid]) for gid, eid, title in _exercises(module) if gid in tally
                )
                results.append(ModuleResult(module, _title(module), len(counted), other, True, items))
    except SQLAlchemyError as exc:  # a damaged gradebook, or not nbgrader's
        raise GradingError(f"could not read the gradebook in {root} ({type(exc).__name__})") from None
    return results
