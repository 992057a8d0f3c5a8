"""One anonymous page for a session debrief (``coownership cohort-report PATH -o report.html``).

What it reads
    ``PATH`` is the coordinator's course directory (``grading/`` by default) or a folder of shared
    files, or both: a course directory's own ``shared-ratings/`` (or ``--shared DIR``, or
    ``COOWNERSHIP_SHARE_DIR``) is read beside its gradebook.

    - **Beliefs** (module 00 and the end of the course): the shared rating files
      (:func:`coownership.survey.read_shared`). Shared files carry no names, so before and after
      are not paired: the change is the mean after minus the mean before.
    - **Structure-audit profiles** (module 03): the shared profiles
      (:mod:`coownership.cohort_share`): each person's three condition scores, pooled, and the
      *structures most often named*: the items that were among a person's lowest-rated (the ones
      their audit turned into questions for the team), by how many people named them, with the
      item's statement from module 03's content. An item only one person named is not listed.
    - **Exercises by item**: for each autograded exercise, the share of graded learners who got it
      right, from the gradebook's grades (:mod:`coownership.cohort_exercises`).

What it never shows
    No learner id, name, file name, folder or time from a file, nothing anyone wrote; any group
    smaller than five (:data:`coownership.survey.MIN_GROUP`) is left out with a sentence saying
    why. Every number says how many people it rests on. Figures are house style with alt text
    written out (:mod:`coownership.figures`), embedded, so the page needs no other file.

Bad input gets one sentence (:class:`~coownership.errors.GradingError`): a missing or empty
folder, work from one person only, every group under five. A shared file that cannot be read is
skipped; the page counts such files and :attr:`CohortData.skipped` names them (for the terminal).

Example:
    >>> import tempfile
    >>> gather(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    coownership.errors.GradingError: ... holds no gradebook and no shared files that could be read, so there is nothing to report: ...
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from coownership import course
from coownership.cohort_exercises import ModuleResult, exercise_results
from coownership.cohort_share import ProfilePool, pool_profiles, read_profiles
from coownership.errors import ArgumentError, ArgumentTypeError, GradingError
from coownership.files import write_atomic
from coownership.survey import MIN_GROUP, Cohort, cohort, read_shared
from coownership.validation import check_bool, check_int

__all__ = ["CohortData", "gather", "report_html", "write_cohort_report"]


@dataclass(frozen=True)
class CohortData:
    """What the page is made from: pooled results only (no ids), and notes on files not used.

    ``beliefs``/``profiles``/``exercises`` are None when there was nothing of that kind to read;
    ``skipped`` names files not used (never on the page).
    """

    beliefs: Cohort | None
    profiles: ProfilePool | None
    exercises: tuple[ModuleResult, ...] | None
    skipped: tuple[str, ...] = ()
    exercises_note: str = ""
    min_group: int = MIN_GROUP
    """The smallest group shown (the page says it)."""


def _is_course(folder: Path) -> bool:
    return any((folder / name).exists() for name in ("gradebook.db", "nbgrader_config.py", "release", "submitted"))


def _shared_folder(folder: Path, shared: Path | str | None, is_course: bool) -> Path | None:
    if shared is not None:
        target = Path(shared)
        if not target.is_dir():
            raise GradingError(f"no folder {target}: --shared must be the folder the shared files were collected into")
        return target
    if not is_course:
        return folder
    for candidate in (folder / "shared-ratings", Path(os.environ.get("COOWNERSHIP_SHARE_DIR") or folder / "-")):
        if candidate.is_dir():
            return candidate
    return None


def gather(
    path: Path | str | None = None, *, shared: Path | str | None = None, min_group: int = MIN_GROUP
) -> CohortData:
    """Read a course directory and/or a folder of shared files into pooled results (see the module docstring).

    Example:
        >>> import tempfile, pathlib
        >>> from coownership.survey import share_ratings
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = share_ratings("4 2 5 3 1 4 2 5", when="before", folder=d)
        >>> gather(d)
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: only one person's work was found in ..., and a page about one person would show that person's answers, so none was written
    """
    if path is not None and not isinstance(path, (str, Path)):
        raise ArgumentTypeError(f"path must be a folder path; got {type(path).__name__}")
    if shared is not None and not isinstance(shared, (str, Path)):
        raise ArgumentTypeError(f"shared must be a folder path; got {type(shared).__name__}")
    min_group = check_int("min_group", min_group, low=MIN_GROUP, high=100_000)
    folder = course.course_root(path)
    if not folder.exists():
        raise GradingError(f"no folder {folder}: give the course directory (grading/) or a folder of shared files")
    if not folder.is_dir():
        raise GradingError(f"{folder} is a file: give the course directory (grading/) or a folder of shared files")
    is_course = _is_course(folder)
    share_dir = _shared_folder(folder, shared, is_course)
    beliefs = profiles = None
    skipped: list[str] = []
    groups = [0]
    if share_dir is not None and any(share_dir.glob("*.json")):
        found, audit_files, notes = read_profiles(share_dir)
        before, after, belief_notes = read_shared(share_dir, skip=audit_files)
        skipped += notes + belief_notes
        if before or after:
            beliefs = cohort(before, after, min_group=min_group)
            groups += [len([s for s in before if s.value is not None]), len([s for s in after if s.value is not None])]
        if audit_files:
            profiles = pool_profiles(found, min_group=min_group)
            groups.append(len(found))
    exercises, note = None, ""
    if is_course and course.has_gradebook(folder):
        exercises = tuple(exercise_results(folder, min_group=min_group))
        groups += [m.graded for m in exercises]
        note = "" if exercises else "Nothing has been handed in and autograded yet."
    elif is_course:
        note = "There is no gradebook yet: release the modules, collect and autograde first."
    largest = max(groups)
    if largest == 0:
        what = "no graded submissions" if is_course else "no gradebook"
        raise GradingError(
            f"{folder} holds {what} and no shared files that could be read, so there is nothing to report: "
            "give the course directory (after autograde) or the folder the shared rating files were collected into"
        )
    if largest <= 1:
        raise GradingError(
            f"only one person's work was found in {folder}, and a page about one person would show that "
            "person's answers, so none was written"
        )
    if largest < min_group:
        raise GradingError(
            f"every group in {folder} has fewer than {min_group} people (the largest has {largest}), so "
            "nothing could be shown without someone being picked out, and no page was written"
        )
    return CohortData(beliefs, profiles, exercises, tuple(skipped), note, min_group)


def report_html(data: CohortData) -> str:
    """The page: one self-contained HTML document (figures embedded), anonymous.

    Example:
        >>> page = report_html(CohortData(cohort([3.0] * 5, [3.5] * 6), None, None))
        >>> "Before: 3.00 (5 people)" in page and "<img" in page and "Not shown" not in page
        True
    """
    if not isinstance(data, CohortData):
        raise ArgumentTypeError(f"data must be what gather() returns; got {type(data).__name__}")
    from coownership.cohort_sections import audit_section, beliefs_section, exercises_section, page

    sections = [beliefs_section(data.beliefs), audit_section(data.profiles), exercises_section(data)]
    if data.skipped:
        count = len(data.skipped)
        sections.append(
            f"<h2>Files not used</h2><p>{count} shared file{'s' if count != 1 else ''} could not be read "
            f"and {'were' if count != 1 else 'was'} not used. The command's output names "
            f"{'them' if count != 1 else 'it'}; this page does not.</p>"
        )
    return page(sections, made=f"{dt.date.today():%d %B %Y}", n=data.min_group)


def write_cohort_report(
    path: Path | str | None = None,
    *,
    output: Path | str,
    shared: Path | str | None = None,
    force: bool = False,
    min_group: int = MIN_GROUP,
) -> tuple[Path, CohortData]:
    """:func:`gather`, then write :func:`report_html` to ``output`` (``.html``) atomically; an
    existing file is kept unless ``force``. Returns the page's path and what it was made from.

    Example:
        >>> write_cohort_report("grading", output="report.csv")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: output must end in .html (the report is a web page); got 'report.csv'
    """
    if not isinstance(output, (str, os.PathLike)):
        raise ArgumentTypeError(f"output must be a file path; got {type(output).__name__}")
    target = Path(output)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ArgumentError(f"output must end in .html (the report is a web page); got {os.fspath(output)!r}")
    force = check_bool("force", force)
    if target.exists() and not force:
        raise GradingError(f"{target} already exists, and nothing was overwritten: choose another name, or add --force")
    data = gather(path, shared=shared, min_group=min_group)
    if not write_atomic(target, report_html(data).encode("utf-8"), overwrite=force):
        raise GradingError(f"{target} already exists, and nothing was overwritten: choose another name, or add --force")
    return target, data
