"""Instant, kind feedback on the course's exercises.

Every exercise in a module follows one pattern. The learner changes one marked line::

    answer = "..."  # <- ✏️ type your answer between the quotes

and runs the check cell below it::

    q1.check(answer)

The check answers with one of three outcomes (:class:`Outcome`): **correct**, **not yet** (with
what was right and a pointer to what to look at again) or **not attempted** (the placeholder is
still there). Hints come in tiers: each call of :meth:`Exercise.hint` gives the next, bigger one.
No check ever prints the answer.

Where checks raise
    Only where nbgrader grades. nbgrader sets ``NBGRADER_EXECUTION`` while it validates or
    autogrades a notebook; there a check that is not correct raises ``AssertionError`` so the test
    cell scores zero. Everywhere else (a learner pressing "Run All", nbval) a check only shows its
    feedback, so a fresh learner copy runs top to bottom without a traceback. The authoritative
    tests are the hidden tests in the nbgrader source notebooks; these checks are the friendly,
    visible half.

A broken answer line is not an error
    In a learner's kernel, importing this module switches on :mod:`coownership.answer_line`: a ✏️
    line with its quote marks deleted or pasted as curly quotes shows a kind message instead of a
    traceback, and the check below it says the line could not be read; a check run before any ✏️
    cell says which cell to run. Never while nbgrader grades.

Answers are not stored in plain text
    An exercise keeps a digest of each right answer (:func:`answer_digest`), not the answer.
    That keeps answers out of plain sight in the installed package; it is not a security
    boundary (a two-way choice can be found by trying), which is why grading rests on the hidden
    tests.

Modelled on Kaggle's learntools (named outcomes, "not attempted" as a first-class state, tiered
hints), with explicit arguments instead of its global-namespace binding.

Example:
    >>> from coownership.checks import ChoiceExercise, answer_digest
    >>> q = ChoiceExercise(
    ...     "demo-choice", "Pick one", options={"A": "first", "B": "second"},
    ...     correct_digest=answer_digest("demo-choice", 0, "B"),
    ...     feedback={"A": "Look at what the first option asks of the client."},
    ...     hints=("Which option changes the service?",),
    ... )
    >>> q.evaluate("...").outcome.value
    'not attempted'
    >>> q.evaluate("a").outcome.value
    'not yet'
    >>> q.evaluate(" b ").outcome.value
    'correct'
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from coownership import answer_line

__all__ = [
    "Outcome",
    "Feedback",
    "Hint",
    "Exercise",
    "ChoiceExercise",
    "SortExercise",
    "SurveyExercise",
    "OpenExercise",
    "answer_digest",
    "is_placeholder",
    "grading",
    "show",
    "exercise",
]

PLACEHOLDER = "..."
"""The value every exercise's marked line starts with (see ``grading/nbgrader_config.py``)."""

_PALETTE = {  # Okabe-Ito colours: distinguishable with colour-blindness; never the only cue.
    "correct": "#0072B2",
    "not yet": "#E69F00",
    "not attempted": "#999999",
}
_ICONS = {"correct": "✔", "not yet": "➜", "not attempted": "○"}


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
        head = f"{_ICONS[self.outcome.value]} {self.title}: {self.word}. {self.message}"
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
            f"<strong>{_ICONS[self.outcome.value]} {html.escape(self.title)}: "
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
        raise ValueError("exercise_id must be a non-empty string, for example '01-sort'")
    if not isinstance(index, int) or index < 0:
        raise ValueError(f"index must be a whole number 0 or more, got {index!r}")
    if not isinstance(value, str):
        raise TypeError(f"value must be a string, got {type(value).__name__}")
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


_NOT_ATTEMPTED_MESSAGE = (
    "Type your answer between the quotes on the ✏️ line above, run that cell, "
    "then run this check again. (If you already typed it, run the ✏️ cell first.)"
)
_RUN_FIRST = (
    " This check may be reading your answer to another exercise. Run the ✏️ cell just above it, "
    "then run this check again."
)
"""Added to a "not yet" when the latest ✏️ answer was already checked by another exercise."""


@dataclass
class Exercise:
    """Base class: one exercise, its hints, and how to check an answer.

    Subclasses implement :meth:`_evaluate`; the placeholder test, the display and the
    grading-only ``AssertionError`` live here so every exercise behaves the same way.
    """

    id: str
    title: str
    hints: tuple[str, ...] = ()
    graded: bool = True
    _hints_given: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not re.fullmatch(r"[0-9a-z][0-9a-z-]*", self.id):
            raise ValueError(f"exercise id must be lower-case letters, digits and dashes, got {self.id!r}")
        if not isinstance(self.title, str) or not self.title.strip():
            raise ValueError(f"exercise {self.id!r}: title must be a non-empty string")
        self.hints = tuple(self.hints)
        if not all(isinstance(h, str) and h.strip() for h in self.hints):
            raise ValueError(f"exercise {self.id!r}: every hint must be a non-empty string")

    # -- public API -------------------------------------------------------------------------
    def evaluate(self, answer: Any) -> Feedback:
        """Check ``answer`` and return :class:`Feedback`. Never raises, never displays."""
        if isinstance(answer, answer_line.UnreadAnswer):  # no ✏️ cell run yet, or its line could not be read
            outcome = Outcome.NOT_ATTEMPTED if answer.problem is None else Outcome.NOT_YET
            return self._feedback(outcome, answer.message)
        if is_placeholder(answer):
            return self._feedback(Outcome.NOT_ATTEMPTED, _NOT_ATTEMPTED_MESSAGE)
        return self._evaluate(answer)

    def check(self, answer: Any) -> None:
        """Check ``answer`` and show the feedback below the cell.

        It shows the feedback itself (rather than returning it) so that the feedback appears
        wherever the call stands in a cell, including above the hidden tests in the source.
        Raises ``AssertionError`` only for a graded exercise, only while nbgrader grades (see
        :func:`grading`), and only when the answer is not correct, so that its test cell scores
        zero. Practice exercises (``graded=False``) never raise. In a learner's kernel, a "not yet"
        also asks for the ✏️ cell to be run when the answer was already checked by another
        exercise (see :func:`coownership.answer_line.claim`).
        """
        feedback = self.evaluate(answer)
        if not answer_line.claim(self.id) and feedback.outcome is Outcome.NOT_YET:
            feedback = replace(feedback, message=feedback.message + _RUN_FIRST)
        show(feedback)
        if self.graded and grading() and not feedback.correct:
            raise AssertionError(str(feedback))

    def hint(self) -> Hint:
        """Return the next hint; each call gives a bigger one, never the answer."""
        if not self.hints:
            text, details = "There is no hint for this one: reread the text just above.", ()
        elif self._hints_given < len(self.hints):
            self._hints_given += 1
            text = f"Hint {self._hints_given} of {len(self.hints)}: {self.hints[self._hints_given - 1]}"
            details = ()
        else:
            text = f"Hint {len(self.hints)} of {len(self.hints)}: {self.hints[-1]}"
            details = ("That was the last hint. The key points at the end of the module can help too.",)
        return Hint(self.title, text, details)

    # -- for subclasses ------------------------------------------------------------------------
    def _evaluate(self, answer: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must implement _evaluate")

    def _feedback(self, outcome: Outcome, message: str, details: Sequence[str] = ()) -> Feedback:
        return Feedback(self.id, self.title, outcome, message, tuple(details))

    def _not_text(self, answer: Any, example: str) -> Feedback | None:
        if isinstance(answer, str):
            return None
        return self._feedback(
            Outcome.NOT_YET,
            f'Put your answer inside the quote marks on the ✏️ line, like this: answer = "{example}".',
        )


def _letters(answer: str) -> str:
    """The letters of an answer, upper-cased; everything else (spaces, commas, brackets, digits)
    is dropped. The hidden tests normalise the same way, so the check and the grade agree."""
    return re.sub(r"[^A-Za-z]", "", answer).upper()


@dataclass
class ChoiceExercise(Exercise):
    """A multiple-choice question answered with one letter.

    ``feedback`` maps each wrong option to a sentence on why it falls short (never naming the
    right option).
    """

    options: Mapping[str, str] = field(default_factory=dict)
    correct_digest: str = ""
    feedback: Mapping[str, str] = field(default_factory=dict)
    correct_message: str = "That is the one."

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.options) < 2:
            raise ValueError(f"exercise {self.id!r}: options needs at least two choices")
        if not all(isinstance(k, str) and len(k) == 1 and k.isupper() for k in self.options):
            raise ValueError(f"exercise {self.id!r}: option keys must be single capital letters")
        matches = [k for k in self.options if answer_digest(self.id, 0, k) == self.correct_digest]
        if len(matches) != 1:
            raise ValueError(f"exercise {self.id!r}: correct_digest matches no option")

    def _evaluate(self, answer: Any) -> Feedback:
        first = next(iter(self.options))
        problem = self._not_text(answer, first)
        if problem:
            return problem
        letter = _letters(answer)
        if letter not in self.options:
            choices = ", ".join(self.options)
            return self._feedback(
                Outcome.NOT_YET,
                f"Please answer with one letter: {choices}. You typed {answer!r}.",
            )
        if answer_digest(self.id, 0, letter) == self.correct_digest:
            return self._feedback(Outcome.CORRECT, self.correct_message)
        why = self.feedback.get(letter, "Have another look at what each option asks of the service.")
        return self._feedback(Outcome.NOT_YET, f"{letter} is not the best fit. {why}")


@dataclass
class SortExercise(Exercise):
    """Sort numbered items into categories, answered with one letter per item, in order.

    ``categories`` maps a letter to its meaning (for example ``{"P": "the person", "S": "the
    service"}``); ``digests`` holds one :func:`answer_digest` per item; ``nudges`` one sentence
    per item, shown when that item is not yet sorted the way the course would.
    """

    items: Sequence[str] = ()
    categories: Mapping[str, str] = field(default_factory=dict)
    digests: Sequence[str] = ()
    nudges: Sequence[str] = ()
    per_item_feedback: bool = False
    """Name each statement that is not yet sorted (with its nudge). Only for practice: with two
    categories, naming the wrong ones gives the whole answer away, so graded sorts report a count."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.items, self.digests, self.nudges = tuple(self.items), tuple(self.digests), tuple(self.nudges)
        if not self.items:
            raise ValueError(f"exercise {self.id!r}: items must not be empty")
        if len(self.categories) < 2:
            raise ValueError(f"exercise {self.id!r}: categories needs at least two letters")
        if len(self.digests) != len(self.items) or len(self.nudges) != len(self.items):
            raise ValueError(
                f"exercise {self.id!r}: give one digest and one nudge per item "
                f"({len(self.items)} items, {len(self.digests)} digests, {len(self.nudges)} nudges)"
            )
        for i, digest in enumerate(self.digests):
            if sum(answer_digest(self.id, i, c) == digest for c in self.categories) != 1:
                raise ValueError(f"exercise {self.id!r}: digest {i + 1} matches no category")

    def item_correct(self, index: int, letter: str) -> bool:
        """True when ``letter`` sorts item ``index`` (0-based) the way the course does."""
        return answer_digest(self.id, index, letter.strip().upper()) == self.digests[index]

    def _evaluate(self, answer: Any) -> Feedback:
        letters_allowed = list(self.categories)
        n = len(self.items)
        example = (letters_allowed[0] * (n // 3) + letters_allowed[1] * n)[:n]
        problem = self._not_text(answer, example)
        if problem:
            return problem
        letters = _letters(answer)
        legend = ", ".join(f"{k} for {v.split(' by ')[-1]}" for k, v in self.categories.items())
        if any(c not in self.categories for c in letters):
            return self._feedback(
                Outcome.NOT_YET,
                f'Use one letter per statement ({legend}), for example "{example}".',
            )
        if len(letters) != n:
            return self._feedback(
                Outcome.NOT_YET,
                f"There are {n} statements, so I need {n} letters, one for each, in order. You gave {len(letters)}.",
            )
        right = [i for i in range(n) if self.item_correct(i, letters[i])]
        if len(right) == n:
            return self._feedback(Outcome.CORRECT, f"All {n} statements sorted the way we would.")
        if not self.per_item_feedback:
            return self._feedback(
                Outcome.NOT_YET,
                f"{len(right)} of {n} sorted the way we would. Look again at each statement: does it "
                "describe someone's character or mood, or does it name a rule, a time, a place or a "
                "step in how the service runs?",
            )
        wrong = [i for i in range(n) if i not in right]
        sorted_ok = ", ".join(str(i + 1) for i in right) or "none yet"
        details = [f"Statement {i + 1}: have another look. {self.nudges[i]}" for i in wrong]
        return self._feedback(
            Outcome.NOT_YET,
            f"{len(right)} of {n} sorted the way we would (statements {sorted_ok}).",
            details,
        )


@dataclass
class SurveyExercise(Exercise):
    """A survey: one rating per statement on a 1 to ``scale`` scale. Any complete answer counts.

    ``reverse`` lists the (0-based) statements scored the other way round when
    :meth:`score` sums the "service shapes engagement" lens.
    """

    items: Sequence[str] = ()
    scale: int = 5
    reverse: Sequence[int] = ()
    thanks: str = "Thank you. Your answers stay in your notebook."

    def __post_init__(self) -> None:
        super().__post_init__()
        self.items, self.reverse = tuple(self.items), tuple(self.reverse)
        if not self.items:
            raise ValueError(f"exercise {self.id!r}: items must not be empty")
        if not isinstance(self.scale, int) or not 2 <= self.scale <= 9:
            raise ValueError(f"exercise {self.id!r}: scale must be a whole number from 2 to 9")
        if any(not 0 <= i < len(self.items) for i in self.reverse):
            raise ValueError(f"exercise {self.id!r}: reverse holds an item number out of range")

    def ratings(self, answer: str) -> list[int]:
        """The ratings in ``answer`` as whole numbers.

        Numbers may be separated by spaces, commas or semicolons; without separators each digit is
        one rating. Raises ``ValueError`` when a rating is not a whole number on the scale.

        Example:
            >>> SurveyExercise("demo-survey", "Demo", items=("a", "b")).ratings("4, 5")
            [4, 5]
        """
        text = answer.strip()
        tokens = re.split(r"[\s,;/|]+", text) if re.search(r"[\s,;/|]", text) else list(text)
        tokens = [t for t in tokens if t]
        if not all(t.isdigit() and 1 <= int(t) <= self.scale for t in tokens):
            raise ValueError(f"use whole numbers from 1 to {self.scale}")
        return [int(t) for t in tokens]

    def score(self, answer: str) -> float:
        """Mean rating on the "services shape engagement" lens (reverse items flipped), 1 to scale.

        Used to compare the pre- and post-survey (module 08); not shown as a grade.

        Example:
            >>> s = SurveyExercise("demo-survey", "Demo", items=("a", "b"), reverse=(0,))
            >>> s.score("5 5")
            3.0
        """
        ratings = self.ratings(answer)
        flipped = [self.scale + 1 - r if i in self.reverse else r for i, r in enumerate(ratings)]
        return round(sum(flipped) / len(flipped), 2)

    def _evaluate(self, answer: Any) -> Feedback:
        n = len(self.items)
        problem = self._not_text(answer, " ".join("4253134"[i % 7] for i in range(n)))
        if problem:
            return problem
        try:
            ratings = self.ratings(answer)
        except ValueError:
            return self._feedback(
                Outcome.NOT_YET,
                f"Please use whole numbers from 1 to {self.scale}, one for each statement, with spaces between them.",
            )
        if len(ratings) != n:
            return self._feedback(
                Outcome.NOT_YET,
                f"There are {n} statements, so I need {n} numbers, one for each, in order. You gave {len(ratings)}.",
            )
        return Feedback(self.id, self.title, Outcome.CORRECT, self.thanks, label="complete")


@dataclass
class OpenExercise(Exercise):
    """Any non-empty text is correct (warm-ups, and practice that should never be judged)."""

    thanks: str = "Thank you."
    min_chars: int = 1

    def _evaluate(self, answer: Any) -> Feedback:
        problem = self._not_text(answer, "your words here")
        if problem:
            return problem
        if len(answer.strip()) < self.min_chars:
            return self._feedback(
                Outcome.NOT_YET, f"Please write a little more (at least {self.min_chars} characters)."
            )
        return Feedback(self.id, self.title, Outcome.CORRECT, self.thanks, label="done")


def exercise(exercise_id: str) -> Exercise:
    """Return a fresh copy of the course exercise with this id (hint counters start at zero).

    Example:
        >>> exercise("01-sort-statements").title
        'Sort six statements'
    """
    from coownership.exercises import build  # the exercises import this module

    return build(exercise_id)


answer_line.install()  # in a learner's IPython kernel only; never while nbgrader grades
