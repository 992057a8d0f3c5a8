"""The coordinator's grading pipeline: collect, autograde (in parallel), feedback, export, status.

Built on nbgrader: its gradebook, its autograder and its feedback converter, extended through its
own configuration (``grading/nbgrader_config.py``) with two small preprocessors defined here:

- :class:`StrictAnswerCells` (autograde): a learner changes one line per exercise,
  ``answer = "..."``. Before anything runs, every code cell of a submission is put back to the
  course's version, except that each answer cell keeps the learner's answer **only if it is that
  one plain assignment of a text**. Added code cells are removed. So no code a learner writes can
  run at grading time: redefining the checks, rebinding builtins, writing files, endless loops and
  floods of output are all removed before execution. What was removed is written into the
  graded notebook's metadata and shown in the batch report.
- :class:`SafeFeedback` (feedback): error outputs become a plain sentence (the check's own kind
  message when there is one), so feedback never shows a traceback that could quote a hidden test.

Everything a command does is reported per learner: one broken submission never stops the rest.

Example:
    >>> is_plain_answer('# ✏️ Type one letter\\nanswer = "C"')
    True
    >>> is_plain_answer('import builtins\\nanswer = "C"')
    False
"""

from __future__ import annotations

import ast
import csv
import html
import io
import json
import os
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.preprocessors.base import NbGraderPreprocessor

from coownership import course
from coownership.errors import GradingError
from coownership.files import write_atomic

__all__ = [
    "LEARNER_ID",
    "GradingError",
    "RestoreCellMetadata",
    "StrictAnswerCells",
    "SafeFeedback",
    "is_plain_answer",
    "collect",
    "autograde",
    "feedback",
    "export",
    "status",
    "CollectReport",
    "GradeResult",
]

GENERIC_FOLDERS = {
    "learner",
    "learners",
    "submissions",
    "submitted",
    "downloads",
    "download",
    "export",
    "exports",
    "course",
    "notebooks",
    "work",
}
"""Folder names that never name a learner (a whole `learner/` workspace sits inside the learner's folder)."""

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""Learner ids: letters, digits, dots, dashes and underscores, starting with a letter or digit."""


PASS_MARK = 0.7
"""Share of a module's points that counts as complete (``coownership export --pass-mark`` changes it)."""

MAX_NOTEBOOK_BYTES = 20_000_000
"""A course notebook is well under 1 MB; anything over 20 MB is not a submission."""


# -- preprocessors (configured in grading/nbgrader_config.py) -------------------------------------


def is_plain_answer(source: str) -> bool:
    """True when a cell is only comments and one ``answer = "<text>"`` line.

    Example:
        >>> is_plain_answer('answer = "PSPSSP"  # my sort')
        True
        >>> is_plain_answer('answer = str(42)')
        False
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        return False
    node = tree.body[0]
    return (
        len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == "answer"
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


class RestoreCellMetadata(NbGraderPreprocessor):
    """Autograde step, before nbgrader's OverwriteCells: put back the course's nbgrader metadata
    (grade, solution, task, points, locked) on every cell the course knows, so a learner who edits
    a test cell's metadata cannot make it stop counting, change its points, or break grading.
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            grades = {c.name: float(c.max_score) for c in notebook.grade_cells}
            tasks = {c.name: float(c.max_score) for c in notebook.task_cells}
            solutions = {c.name for c in notebook.solution_cells}
            locked = {c.name: bool(c.locked) for c in notebook.source_cells}
        release_cells = _released_cells(info["assignment"], info["notebook"])
        released = {name: cell.source for name, cell in release_cells}
        missing = _put_back_missing(nb, release_cells)
        if not isinstance(nb.metadata.get("coownership"), dict):
            nb.metadata["coownership"] = {}
        changed, edited = [], []
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if meta is not None and (not isinstance(meta, dict) or not isinstance(meta.get("grade_id"), str)):
                del cell.metadata["nbgrader"]  # unusable grading metadata: treat as an unknown cell
                continue
            if meta is None or meta["grade_id"] not in locked:
                continue
            name = meta["grade_id"]
            if name not in solutions and name in released and cell.get("source", "") != released[name]:
                edited.append(name)
            want = {
                "grade": name in grades,
                "solution": name in solutions,
                "task": name in tasks,
                "locked": locked[name],
            }
            if name in grades or name in tasks:
                want["points"] = grades.get(name, tasks.get(name))
            if any(meta.get(k) != v for k, v in want.items()) or ("points" in meta and "points" not in want):
                changed.append(name)
                meta.update(want)
                if "points" not in want:
                    meta.pop("points", None)
        nb.metadata["coownership"]["tamper"] = (
            [
                f"the grading settings of cell '{name}' had been changed; the course's settings were used"
                for name in changed
            ]
            + [f"cell '{name}' had been changed; the course's version was used" for name in edited]
            + [f"cell '{name}' was missing; the course's version was put back" for name in missing]
        )
        return nb, resources


def _grade_id(cell) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str) else None


def _released_cells(assignment: str, notebook: str) -> list[tuple[str, object]]:
    """(grade_id, cell) of the learner copy that was handed out, in order."""
    path = course.course_root() / "release" / assignment / f"{notebook}.ipynb"
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # no release copy here: skip these checks, nbgrader's own still apply
        return []
    return [(gid, c) for c in nb.cells if (gid := _grade_id(c))]


def _put_back_missing(nb, release_cells: list[tuple[str, Any]]) -> list[str]:
    """Insert released cells the learner deleted, where they belong (nbgrader restores deleted
    test cells, but fails when an answer cell is deleted with them)."""
    present = {_grade_id(c) for c in nb.cells}
    missing = [name for name, _ in release_cells if name not in present]
    for name in missing:
        order = [n for n, _ in release_cells]
        after = order[order.index(name) + 1 :]
        position = next((i for i, c in enumerate(nb.cells) if _grade_id(c) in after), len(nb.cells))
        cell = dict(release_cells[order.index(name)][1])
        nb.cells.insert(position, nbformat.from_dict(cell))
    return missing


class StrictAnswerCells(NbGraderPreprocessor):
    """Autograde step: only the learner's plain answers survive; every other code cell is the
    course's own. Runs after nbgrader's OverwriteCells (which restores deleted and edited test cells).
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            source = {c.name: c.source for c in notebook.source_cells}
            solutions = {c.name for c in notebook.solution_cells}
        notes: list[str] = []
        kept = []
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not cell.get("metadata", {}).get("nbgrader", {}).get("locked"):
                # A learner's own writing: shown in formgrader (inside the grader's logged-in
                # JupyterLab) and in feedback. Escape its HTML so it reads as text and never runs.
                cell.source = html.escape(cell.source, quote=False)
            if cell.cell_type == "raw":
                continue  # a raw cell passes straight into HTML exports: learners have no use for one
            if cell.cell_type != "code":
                kept.append(cell)
                continue
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id not in source:
                notes.append("removed a code cell that is not part of the course")
                continue
            if grade_id in solutions:
                if not is_plain_answer(cell.source):
                    notes.append(
                        f"answer cell '{grade_id}' held more than one plain answer line; "
                        "it was reset to 'not attempted'"
                    )
                    cell.source = source[grade_id]
            else:
                cell.source = source[grade_id]  # reported by RestoreCellMetadata when it was edited
            kept.append(cell)
        nb.cells = kept
        for note in notes:
            self.log.warning("%s", note)
        earlier = nb.metadata.setdefault("coownership", {}).get("tamper", [])
        nb.metadata["coownership"]["tamper"] = list(earlier) + notes
        return nb, resources


class SafeFeedback(NbGraderPreprocessor):
    """Feedback step: no tracebacks. An error output becomes one plain sentence."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                outputs.append(out)
                continue
            message = str(out.get("evalue", "")).strip()
            kind = message[:1] in ("➜", "○", "✔")  # a message from coownership.checks, written for learners
            text = message.splitlines()[0] if kind else "This check did not pass yet."
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text + "\n"))
        cell["outputs"] = outputs
        return cell, resources


# -- collect ---------------------------------------------------------------------------------------


@dataclass
class CollectReport:
    """What :func:`collect` did, in plain lines."""

    collected: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"collected {len(self.collected)} submission(s)"]
        out += [f"skipped: {s}" for s in self.skipped]
        return out


def _identify(path: Path, root: Path, modules: list[str]) -> tuple[str | None, str | None, str]:
    """(learner, module, problem) for one notebook found under ``root``."""
    stem = path.stem
    module = next((m for m in modules if stem == m or stem.endswith(f"_{m}") or stem.endswith(f"-{m}")), None)
    if module is None:
        return None, None, f"{path.relative_to(root)}: not named after a course module ({', '.join(modules)})"
    if stem == module:
        parts = [p for p in path.relative_to(root).parent.parts if p != module and p.lower() not in GENERIC_FOLDERS]
        if not parts:
            return (
                None,
                module,
                (
                    f"{path.relative_to(root)}: cannot tell whose it is; put it in a folder named "
                    "after the learner, or name it <learner>_<module>.ipynb"
                ),
            )
        learner = parts[-1]
    else:
        learner = stem[: -len(module) - 1].rstrip("_-")
    if not LEARNER_ID.match(learner):
        return (
            None,
            module,
            (
                f"{path.relative_to(root)}: the learner id {learner!r} has characters nbgrader "
                "cannot use; rename it with letters, digits, '.', '-' or '_' only"
            ),
        )
    return learner, module, ""


def collect(path: Path | str, course_root: Path | str | None = None, *, replace: bool = False) -> CollectReport:
    """Copy learners' notebooks from a folder or a .zip into ``submitted/<learner>/<module>/``.

    Accepted layouts (mixed freely, any depth): ``<learner>/<module>.ipynb``,
    ``<learner>/<module>/<module>.ipynb`` and ``<learner>_<module>.ipynb``. A submission already
    collected is kept unless ``replace``; anything that cannot be placed is listed, not fatal.

    Example:
        >>> import tempfile, pathlib
        >>> collect(pathlib.Path(tempfile.mkdtemp()))
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no notebooks (.ipynb) found in ...; ...
    """
    if not isinstance(path, (str, os.PathLike)):
        raise GradingError(f"give the folder or .zip that holds the submissions; got {path!r}")
    path = Path(path)
    root = course.course_root(course_root)
    if not path.exists():
        raise GradingError(f"{path} does not exist. Give the folder or .zip that holds the submissions.")
    modules = course.module_ids()
    skipped_early: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[Path, float] = {}
        if path.is_file():
            if not zipfile.is_zipfile(path):
                raise GradingError(f"{path} is a file but not a .zip. Give a folder or a .zip of notebooks.")
            with zipfile.ZipFile(path) as archive:
                for member in archive.infolist():
                    if member.is_dir() or not member.filename.endswith(".ipynb"):
                        continue  # only notebooks are taken out of an archive
                    if member.file_size > MAX_NOTEBOOK_BYTES:
                        skipped_early.append(
                            f"{member.filename}: {member.file_size:,} bytes is too big for a "
                            f"course notebook (limit {MAX_NOTEBOOK_BYTES:,}); skipped"
                        )
                        continue
                    target = Path(archive.extract(member, tmp))  # zipfile keeps members inside tmp
                    times[target] = datetime(*member.date_time, tzinfo=UTC).timestamp()
            source = Path(tmp)
        else:
            source = path
        notebooks = sorted(p for p in source.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        if not notebooks:
            raise GradingError(f"no notebooks (.ipynb) found in {path}; check that it is the right folder or zip")
        report = CollectReport(skipped=skipped_early)
        for nb_path in notebooks:
            if nb_path.stat().st_size > MAX_NOTEBOOK_BYTES:
                report.skipped.append(f"{nb_path.relative_to(source)}: too big for a course notebook; skipped")
                continue
            learner, module, problem = _identify(nb_path, source, modules)
            if problem or learner is None or module is None:
                report.skipped.append(problem or f"{nb_path.name}: could not tell whose notebook this is")
                continue
            dest = root / "submitted" / learner / module / f"{module}.ipynb"
            data = nb_path.read_bytes()
            if dest.exists() and not replace:
                if dest.read_bytes() != data:
                    report.skipped.append(
                        f"{learner}/{module}: already collected and this copy differs; "
                        "collect again with --replace to take the new one"
                    )
                continue
            write_atomic(dest, data)
            stamp = datetime.fromtimestamp(times.get(nb_path, nb_path.stat().st_mtime), UTC)
            write_atomic(dest.parent / "timestamp.txt", stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z").encode())
            report.collected.append((learner, module))
    return report


# -- autograde -------------------------------------------------------------------------------------


@dataclass
class GradeResult:
    """One learner's module after autograding."""

    learner: str
    module: str
    ok: bool
    score: float = 0.0
    max_score: float = 0.0
    problem: str = ""
    tamper: list[str] = field(default_factory=list)


_API = None


def _worker_init(root: str) -> None:
    global _API
    import warnings

    warnings.filterwarnings("ignore")  # nbformat and SQLAlchemy chatter is not for coordinators
    os.environ["COOWNERSHIP_COURSE_ROOT"] = root
    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course.GRADING)).load_config()
    config.CourseDirectory.root = root
    _API = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _reason(result: dict) -> str:
    """The most telling line of a failed nbgrader run, for the report."""
    text = "\n".join(str(result.get(k) or "") for k in ("log", "error"))
    found = re.findall(r"^\s*((?:[A-Za-z_.]+(?:Error|Exception)|CellTimeoutError)\b.*)$", text, re.M)
    useful = [f for f in found if "NbGraderException" not in f]
    return (useful or found or ["unknown error (see the nbgrader log)"])[-1].strip()[:300]


def _grade_one(module: str, learner: str) -> GradeResult:
    from nbgrader.api import Gradebook

    assert _API is not None, "worker not initialised"
    root = Path(_API.coursedir.root)
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
        result = _API.autograde(module, learner, force=True, create=True)
        if result.get("success") or "database is locked" not in _reason(result):
            break
        time.sleep(0.5 * (attempt + 1))
    graded = root / "autograded" / learner / module / f"{module}.ipynb"
    if not result or not result.get("success"):
        return GradeResult(learner, module, ok=False, problem=_reason(result or {}))
    tamper = []
    if graded.is_file():
        tamper = json.loads(graded.read_text()).get("metadata", {}).get("coownership", {}).get("tamper", [])
    with Gradebook(_API.coursedir.db_url) as gb:
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
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= 32:
        raise GradingError(f"--jobs must be a whole number from 1 to 32; got {jobs!r}")
    known = set(course.module_ids())
    unknown = sorted(set(modules or ()) - known)
    if unknown:
        raise GradingError(f"unknown module(s): {', '.join(unknown)}. Known modules: {', '.join(sorted(known))}")
    _require_gradebook(root)
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
        max_workers=min(jobs, len(tasks)), initializer=_worker_init, initargs=(str(root.resolve()),)
    ) as pool:
        futures = [pool.submit(_grade_one, module, learner) for module, learner in tasks]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            failed += not result.ok
            if progress:
                progress(len(results), len(tasks), failed, result)
    return sorted(results, key=lambda r: (r.learner, r.module))


# -- feedback, export, status ----------------------------------------------------------------------


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
    with ProcessPoolExecutor(max_workers=1, initializer=_worker_init, initargs=(str(root.resolve()),)) as pool:
        return list(pool.map(_feedback_one, [(d.parent.name, d.name) for d in graded]))


def _feedback_one(task: tuple[str, str]) -> str:
    learner, module = task
    if _API is None:
        raise GradingError("internal: the feedback worker was not started with a course folder")
    result = _API.generate_feedback(module, learner, force=True)
    if result.get("success"):
        return f"{learner}/{module}: feedback written"
    return f"{learner}/{module}: feedback failed: {_reason(result)}"


def _require_gradebook(root: Path) -> None:
    if not (root / "gradebook.db").is_file() or not (root / "release").is_dir():
        raise GradingError(f"no gradebook in {root}: run `coownership release` first (it creates the gradebook)")


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
    course_root: Path | str | None = None, out_dir: Path | str | None = None, *, pass_mark: float = PASS_MARK
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
    if not isinstance(pass_mark, (int, float)) or not 0 <= pass_mark <= 1:
        raise GradingError(f"--pass-mark must be between 0 and 1; got {pass_mark!r}")
    _require_gradebook(root)
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
    _require_gradebook(root)
    return _rows(root, PASS_MARK)
