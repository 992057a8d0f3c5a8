"""Plain words added to a learner's feedback page after nbgrader writes it.

nbgrader's feedback shows a number for every graded cell. Two cases need words instead:

- a written answer nobody has graded yet would show ``Score: 0.0 / 3.0``; the page says
  :data:`PENDING` there instead, with a note at the top, and the total at the top counts only the
  exercises checked automatically;
- an answer cell that held more than the one ``answer = "..."`` line was reset at grading (no
  learner code ever runs), so the exercise counts as not attempted; the page says why, beside it
  (:data:`RESET`).

Example:
    >>> page = '<h4>01 (Score: 3.0 / 6.0)</h4><li><a href="#reflection">Written response</a> (Score: 0.0 / 3.0)</li>'
    >>> out = annotate(page, pending=["reflection"], reset=[], autograded=("3", "3"))
    >>> "0.0 / 3.0" in out, PENDING in out
    (False, True)
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["PENDING", "RESET", "annotate", "reset_answers", "tamper_notes"]

PENDING = "your written answer has not been graded yet"
"""What a learner sees where the score of an ungraded written answer would be."""

RESET = (
    "This exercise could not be marked, so it counts as not attempted. The ✏️ cell held more than "
    'the one answer line (answer = "..."): for example other code, or a second line. When that '
    "happens, the course puts its own line back before grading. Next time, change only the text "
    "between the quotes, and leave the rest of the cell as it is."
)
"""The plain-words note beside an answer cell that was reset at grading."""

_RESET_NOTE = re.compile(r"answer cell '([^']+)' held more than one plain")


def tamper_notes(graded_notebook: Path | str) -> list[str]:
    """What grading put back before running a submission, as the graded notebook records it
    (``metadata.coownership.tamper``, written by :class:`~coownership.grading.StrictAnswerCells`);
    [] when there is nothing or it cannot be read.

    Example:
        >>> tamper_notes("/no/such/notebook.ipynb")
        []
    """
    try:
        meta = json.loads(Path(graded_notebook).read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return []
    notes = meta.get("coownership", {}).get("tamper", []) if isinstance(meta, dict) else []
    return [note for note in notes if isinstance(note, str)] if isinstance(notes, list) else []


def reset_answers(graded_notebook: Path | str) -> list[str]:
    """The answer cells that grading reset to the course's line, read from the graded notebook's
    report (:func:`tamper_notes`); [] when there are none or it cannot be read.

    Example:
        >>> reset_answers("/no/such/notebook.ipynb")
        []
    """
    return [m.group(1) for note in tamper_notes(graded_notebook) if (m := _RESET_NOTE.search(note))]


def _box(kind: str, text: str) -> str:
    return f'<div class="alert alert-{kind}" role="note" style="margin:0.5em 0">{text}</div>'


def annotate(page: str, *, pending: Iterable[str], reset: Iterable[str], autograded: tuple[str, str]) -> str:
    """Add the notes described in the module docstring to a feedback page (HTML text).

    ``pending``: grade ids of written answers not graded yet; ``reset``: grade ids of answer cells
    reset at grading; ``autograded``: (score, maximum) of the exercises checked automatically.

    Example:
        >>> annotate("<h4>x</h4>", pending=[], reset=[], autograded=("1", "1"))
        '<h4>x</h4>'
    """
    pending, reset = list(pending), list(reset)
    notes = []
    if pending:
        score, maximum = autograded
        page = re.sub(
            r"\(Score: [\d.]+ / [\d.]+\)</h4>",
            lambda _: html.escape(f"(exercises checked automatically: {score} / {maximum}; {PENDING})") + "</h4>",
            page,
            count=1,
        )
        notes.append(
            _box(
                "info",
                f"<strong>{html.escape(PENDING.capitalize())}.</strong> A supervisor will read it and "
                "score it with the course's rubric; you will get this page again then, with their score. "
                "The score above counts only the exercises checked automatically.",
            )
        )
        for gid in pending:
            anchor = re.escape(gid)
            page = re.sub(rf'(<a href="#{anchor}">[^<]*</a>) \(Score: [^)]*\)', rf"\1 ({html.escape(PENDING)})", page)
            page = re.sub(
                rf'(<a name="{anchor}"></a>.*?)Score: [\d.]+ / [\d.]+',
                lambda m: m.group(1) + html.escape(PENDING.capitalize()),
                page,
                count=1,
                flags=re.S,
            )
    for gid in reset:
        anchor = f'<a name="comment-{gid}"></a>'
        if anchor in page:
            page = page.replace(anchor, anchor + _box("warning", html.escape(RESET, quote=False)), 1)
    if reset:
        notes.append(
            _box(
                "warning",
                f"{len(reset)} of your answers could not be marked and counts as not attempted; "
                "the note beside it says why.",
            )
        )
    if notes:
        page = page.replace("</h4>", "</h4>" + "".join(notes), 1)
    return page
