"""What a check concludes, and how it is shown: outcomes, feedback, hints, answer digests.

The pieces every exercise kind (:mod:`coownership.exercise_kinds`) and the answer-line helper
(:mod:`coownership.answer_line`) share. Feedback is shown as HTML in a notebook, with an icon and
a word (never colour alone), and as plain text elsewhere. Learners reach all of it through
:mod:`coownership.checks`.

Example:
    >>> fb = Feedback("demo", "Demo", Outcome.NOT_YET, "Look again at the times.")
    >>> print(fb)
    ➜ Demo: not yet. Look again at the times.
"""

from __future__ import annotations

import hashlib
import html
import os
from dataclasses import dataclass
from enum import Enum
from typing import Any

from coownership.errors import ArgumentError, ArgumentTypeError

__all__ = ["PLACEHOLDER", "ICONS", "Outcome", "Feedback", "Hint", "answer_digest", "is_placeholder", "show", "grading"]

PLACEHOLDER = "..."
"""The value every exercise's marked line starts with (see ``grading/nbgrader_config.py``)."""

_PALETTE = {  # Okabe-Ito colours: distinguishable with colour-blindness; never the only cue.
    "correct": "#0072B2",
    "not yet": "#E69F00",
    "not attempted": "#999999",
}
ICONS = {"correct": "✔", "not yet": "➜", "not attempted": "○"}
"""The icon before each outcome's word (grading's SafeFeedback reads them too)."""


class Outcome(str, Enum):
    """What a check concluded about an answer."""

    CORRECT = "correct"
    NOT_YET = "not yet"
    NOT_ATTEMPTED = "not attempted"


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer: an outcome, a kind message and optional details.

    Shown as HTML in a notebook (with an icon and a word, never colour alone) and as plain text
    elsewhere.

    Example:
        >>> fb = Feedback("demo", "Demo", Outcome.CORRECT, "Well done.")
        >>> fb.correct
        True
        >>> print(fb)
        ✔ Demo: correct. Well done.
    """

    exercise_id: str
    title: str
    outcome: Outcome
    message: str
    details: tuple[str, ...] = ()
    label: str | None = None
    """The word shown for the outcome, when it should not say "correct" (a survey is "complete")."""

    @property
    def word(self) -> str:
        """The word shown to the learner: ``label`` if set, else the outcome's name."""
        return self.label or self.outcome.value

    @property
    def correct(self) -> bool:
        """True when the outcome is :attr:`Outcome.CORRECT`."""
        return self.outcome is Outcome.CORRECT

    def __str__(self) -> str:
        head = f"{ICONS[self.outcome.value]} {self.title}: {self.word}. {self.message}"
        return "\n".join([head, *(f"  - {d}" for d in self.details)])

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # IPython plain-text display
        p.text(str(self))

    def _repr_html_(self) -> str:
        colour = _PALETTE[self.outcome.value]
        items = "".join(f"<li>{html.escape(d)}</li>" for d in self.details)
        details = f"<ul style='margin:0.3em 0 0 1.2em;padding:0'>{items}</ul>" if items else ""
        return (
            f"<div role='status' class='coownership-feedback' "
            f"data-outcome='{self.outcome.value}' "
            f"style='border-left:6px solid {colour};padding:0.4em 0.8em;margin:0.3em 0;"
            f"background:#f7f7f7;color:#1a1a1a'>"
            f"<strong>{ICONS[self.outcome.value]} {html.escape(self.title)}: "
            f"{html.escape(self.word)}.</strong> {html.escape(self.message)}{details}</div>"
        )


@dataclass(frozen=True)
class Hint:
    """A hint, shown with its own icon so it is never mistaken for a verdict.

    Example:
        >>> print(Hint("Demo", "Hint 1 of 2: look at the times."))
        💡 Demo: Hint 1 of 2: look at the times.
    """

    title: str
    message: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "\n".join([f"💡 {self.title}: {self.message}", *(f"  - {d}" for d in self.details)])

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))

    def _repr_html_(self) -> str:
        extra = "".join(f"<br><em>{html.escape(d)}</em>" for d in self.details)
        return (
            "<div role='note' class='coownership-hint' style='border-left:6px solid #56B4E9;"
            "padding:0.4em 0.8em;margin:0.3em 0;background:#f7f7f7;color:#1a1a1a'>"
            f"<strong>💡 {html.escape(self.title)}</strong>: {html.escape(self.message)}{extra}</div>"
        )


def answer_digest(exercise_id: str, index: int, value: str) -> str:
    """Return the digest the package stores instead of a right answer.

    Course authors use it to record a new exercise's answer; checks use it to compare.

    Example:
        >>> answer_digest("demo", 0, "B") == answer_digest("demo", 0, " b ".strip().upper())
        True
    """
    if not isinstance(exercise_id, str) or not exercise_id:
        raise ArgumentError("exercise_id must be a non-empty string, for example '01-sort'")
    if not isinstance(index, int) or index < 0:
        raise ArgumentError(f"index must be a whole number 0 or more, got {index!r}")
    if not isinstance(value, str):
        raise ArgumentTypeError(f"value must be a string, got {type(value).__name__}")
    text = f"coownership|{exercise_id}|{index}|{value}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def is_placeholder(value: Any) -> bool:
    """True when an answer is still the starting placeholder (or empty).

    Example:
        >>> is_placeholder("..."), is_placeholder(""), is_placeholder(...), is_placeholder("B")
        (True, True, True, False)
    """
    if value is None or value is Ellipsis:
        return True
    if isinstance(value, str):
        return value.strip() in ("", PLACEHOLDER, "…")
    return False


def show(obj: Any) -> None:
    """Display ``obj`` in a notebook (rich HTML), or print it as text elsewhere.

    Example:
        >>> show(Hint("Demo", "a hint"))
        💡 Demo: a hint
    """
    try:
        from IPython import get_ipython

        if get_ipython() is not None:
            from IPython.display import display

            display(obj)
            return
    except ImportError:  # pragma: no cover - IPython ships with the course
        pass
    print(obj)


def grading() -> bool:
    """True while nbgrader validates or autogrades (it sets ``NBGRADER_EXECUTION``).

    Example:
        >>> import os
        >>> grading() == bool(os.environ.get("NBGRADER_EXECUTION"))
        True
    """
    return bool(os.environ.get("NBGRADER_EXECUTION"))
