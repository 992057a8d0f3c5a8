"""The course's nbgrader preprocessors, configured in ``grading/nbgrader_config.py``.

- :class:`RestoreCellMetadata` (autograde, before nbgrader's OverwriteCells): the course's grading
  settings are put back on every cell it knows, and deleted cells are put back where they belong.
- :class:`StrictAnswerCells` (autograde): a learner changes one line per exercise,
  ``answer = "..."``. Before anything runs, every code cell of a submission is put back to the
  course's version, except that each answer cell keeps the learner's answer **only if it is that
  one plain assignment of a text** (:func:`~coownership.grading.answers.is_plain_answer`). Added
  code cells are removed. So no code a learner writes can run at grading time: redefining the
  checks, rebinding builtins, writing files, endless loops and floods of output are all removed
  before execution. What was removed is written into the graded notebook's metadata and shown in
  the batch report.
- :class:`PrivateRatings` (autograde, after nbgrader's SaveAutoGrades): a survey is graded for
  completion only, and its ratings are kept from the grader: once the completion test has run and
  its score is saved, the survey's answer line in the graded copy becomes
  ``answer = "(answered: ratings kept private)"``, so formgrader and feedback never show them.
- :class:`SafeFeedback` (feedback): error outputs become a plain sentence (the check's own kind
  message when there is one), so feedback never shows a traceback that could quote a hidden test.

Like nbgrader's own preprocessors, each declares its options as configurable traits
(``StrictAnswerCells.answer_name``, ``PrivateRatings.kinds``, ``PrivateRatings.replacement``,
``SafeFeedback.learner_marks``, ``SafeFeedback.fallback``).

Example:
    >>> StrictAnswerCells().answer_name
    'answer'
"""

from __future__ import annotations

import html
from typing import Any

import nbformat
from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets import List, Unicode

from coownership import course
from coownership.feedback import ICONS
from coownership.grading.answers import ANSWER_NAME, is_plain_answer, plain_answer

__all__ = ["RestoreCellMetadata", "StrictAnswerCells", "PrivateRatings", "SafeFeedback"]


class RestoreCellMetadata(NbGraderPreprocessor):
    """Autograde step, before nbgrader's OverwriteCells: put back the course's nbgrader metadata
    (grade, solution, task, points, locked) on every cell the course knows, so a learner who edits
    a test cell's metadata cannot make it stop counting, change its points, or break grading.

    Example:
        >>> RestoreCellMetadata().enabled
        True
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

    Configurable (``grading/nbgrader_config.py``): ``StrictAnswerCells.answer_name``, the variable
    an answer cell may set (:data:`~coownership.grading.answers.ANSWER_NAME` by default).

    Example:
        >>> StrictAnswerCells(answer_name="response").answer_name
        'response'
    """

    answer_name = Unicode(
        ANSWER_NAME,
        help=(
            "The variable an answer cell sets: a learner's answer cell is kept only when it is comments "
            "and one line '<answer_name> = \"<text>\"'; any other answer cell is reset to the course's version."
        ),
    ).tag(config=True)

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
                if not is_plain_answer(cell.source, name=self.answer_name):
                    notes.append(
                        f"answer cell '{grade_id}' held more than one plain {self.answer_name} line; "
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


class PrivateRatings(NbGraderPreprocessor):
    """Autograde step, after nbgrader's SaveAutoGrades: hide each survey's ratings from the grader.

    The answer cell of every exercise whose kind is in ``kinds`` (found by
    :func:`coownership.survey.survey_answer_cells`, from the course's own check cells) becomes
    ``replacement``, and loses any outputs, once its completion test has run and been scored. The
    graded notebook (what formgrader shows and feedback is made from) then says only that the
    survey was answered. An answer still at the placeholder is left as it is ("not attempted").
    What it does not hide: the notebook as handed in, in the coordinator's ``submitted/`` folder,
    from which autograde re-runs.

    Configurable (``grading/nbgrader_config.py``): ``PrivateRatings.kinds``, the exercise kinds
    whose answers are private (default ``["survey"]``), and ``PrivateRatings.replacement``.

    Example:
        >>> PrivateRatings().replacement
        'answer = "(answered: ratings kept private)"'
    """

    kinds = List(Unicode(), default_value=["survey"], help="Exercise kinds whose answers graders never see.").tag(
        config=True
    )
    replacement = Unicode(
        f'{ANSWER_NAME} = "(answered: ratings kept private)"',
        help="What a private answer cell holds in the graded notebook (keep it in step with coownership.survey).",
    ).tag(config=True)

    def preprocess(self, nb, resources):
        from coownership.feedback import is_placeholder
        from coownership.survey import survey_answer_cells

        hidden = 0
        for index, _ in survey_answer_cells(nb, kinds=tuple(self.kinds)):
            cell = nb.cells[index]
            text = plain_answer(cell.source)
            if text is not None and is_placeholder(text):
                continue
            cell.source = self.replacement
            cell["outputs"] = []
            hidden += 1
        if hidden:
            self.log.info("kept %d survey answer(s) private in the graded notebook", hidden)
        return nb, resources


class SafeFeedback(NbGraderPreprocessor):
    """Feedback step: no tracebacks. An error output becomes one plain sentence.

    Configurable (``grading/nbgrader_config.py``): ``SafeFeedback.learner_marks``, the first
    characters that mark an error message written for learners (kept, first line only), and
    ``SafeFeedback.fallback``, the sentence that replaces any other error.

    Example:
        >>> SafeFeedback().fallback
        'This check did not pass yet.'
    """

    learner_marks = List(
        Unicode(),
        default_value=list(ICONS.values()),  # the icons coownership.feedback starts each message with
        help="An error message starting with one of these is a check's own message for learners (coownership.feedback).",
    ).tag(config=True)
    fallback = Unicode("This check did not pass yet.", help="What any other error output becomes in feedback.").tag(
        config=True
    )

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        outputs = []
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                outputs.append(out)
                continue
            message = str(out.get("evalue", "")).strip()
            kind = message[:1] in self.learner_marks  # a message from coownership.checks, written for learners
            text = message.splitlines()[0] if kind else self.fallback
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text + "\n"))
        cell["outputs"] = outputs
        return cell, resources
