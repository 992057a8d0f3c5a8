"""Finding a survey's answer in a notebook (for grading's PrivateRatings and module 08).

Example:
    >>> import nbformat
    >>> survey_answer_cells(nbformat.v4.new_notebook())
    []
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coownership.errors import ContentError
from coownership.feedback import is_placeholder
from coownership.survey.scoring import PRIVATE_ANSWER

CHECK_CALL = re.compile(r"""exercise\(\s*["']([0-9a-z-]+)["']\s*\)""")
"""A check cell's call, ``exercise("01-sort-statements")``: group 1 is the exercise id."""


def _kind(exercise_id: str) -> str | None:
    from coownership.content import find_exercise

    try:
        return find_exercise(exercise_id).text("kind")
    except ContentError:
        return None


def survey_answer_cells(nb: Any, *, kinds: Sequence[str] = ("survey",)) -> list[tuple[int, str]]:
    """(index of the answer cell, exercise id) for each exercise of ``kinds`` in a notebook: the
    answer cell is the nearest code cell marked as a solution before the cell that checks it.

    Example:
        >>> import nbformat
        >>> from coownership.course import NOTEBOOKS
        >>> nb = nbformat.read(NOTEBOOKS / "00-start-here" / "00-start-here.ipynb", as_version=4)
        >>> [(nb.cells[i].metadata.nbgrader.grade_id, e) for i, e in survey_answer_cells(nb)]
        [('survey-answer', '00-pre-survey')]
    """
    found = []
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("solution") or not (match := CHECK_CALL.search(cell.get("source", ""))):
            continue
        if _kind(match.group(1)) not in kinds:
            continue
        for j in range(i - 1, -1, -1):
            prev = nb.cells[j]
            if prev.cell_type == "code" and prev.get("metadata", {}).get("nbgrader", {}).get("solution"):
                found.append((j, match.group(1)))
                break
    return found


def answer_in_notebook(path: Path | str, exercise_id: str = "00-pre-survey") -> str | None:
    """The text on a survey's answer line in a learner's own notebook (None when not answered).

    Module 08 reads the learner's module 00 ratings this way, from their own copy.

    Example:
        >>> from coownership.course import NOTEBOOKS
        >>> answer_in_notebook(NOTEBOOKS / "00-start-here" / "00-start-here.ipynb")
        '4 4 2 5 2 5 3 2'
    """
    from coownership.course import read_notebook

    nb = read_notebook(Path(path))
    for index, eid in survey_answer_cells(nb):
        if eid != exercise_id:
            continue
        try:
            tree = ast.parse(nb.cells[index].source)
        except SyntaxError:
            return None  # a broken ✏️ line: nothing to read
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                text = node.value.value
                return None if not isinstance(text, str) or is_placeholder(text) or text == PRIVATE_ANSWER else text
    return None
