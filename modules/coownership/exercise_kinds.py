"""The kinds of exercise a module's content file can declare: choice, sort, survey and open.

Each kind knows how to check an answer and give kind, specific feedback, with hints in tiers; it
holds no course wording (that comes from ``content.toml``, see :mod:`coownership.exercises`).
Modelled on Kaggle's learntools: named outcomes, "not attempted" as a first-class state.

Example:
    >>> from coownership.feedback import answer_digest
    >>> q = ChoiceExercise(
    ...     "demo-choice", "Pick one", options={"A": "first", "B": "second"},
    ...     correct_digest=answer_digest("demo-choice", 0, "B"),
    ...     feedback={"A": "Look at what the first option asks of the client."},
    ...     hints=("Which option changes the service?",),
    ... )
    >>> q.evaluate("...").outcome.value, q.evaluate("a").outcome.value, q.evaluate(" b ").outcome.value
    ('not attempted', 'not yet', 'correct')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from coownership import answer_line
from coownership.errors import ArgumentError
from coownership.feedback import Feedback, Hint, Outcome, answer_digest, grading, is_placeholder, show
from coownership.survey.scoring import parse_ratings
from coownership.validation import check_int

__all__ = ["Exercise", "ChoiceExercise", "SortExercise", "SurveyExercise", "OpenExercise"]

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
            raise ArgumentError(f"exercise id must be lower-case letters, digits and dashes, got {self.id!r}")
        if not isinstance(self.title, str) or not self.title.strip():
            raise ArgumentError(f"exercise {self.id!r}: title must be a non-empty string")
        self.hints = tuple(self.hints)
        if not all(isinstance(h, str) and h.strip() for h in self.hints):
            raise ArgumentError(f"exercise {self.id!r}: every hint must be a non-empty string")

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
        details: tuple[str, ...]
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

    def _wrong_count(self, n: int, given: int, what: str) -> Feedback:
        """A "not yet" for ``given`` ``what`` (letters, numbers) where ``n`` statements need one each."""
        return self._feedback(
            Outcome.NOT_YET,
            f"There are {n} statements, so I need {n} {what}, one for each, in order. You gave {given}.",
        )

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
            raise ArgumentError(f"exercise {self.id!r}: options needs at least two choices")
        if not all(isinstance(k, str) and len(k) == 1 and k.isupper() for k in self.options):
            raise ArgumentError(f"exercise {self.id!r}: option keys must be single capital letters")
        matches = [k for k in self.options if answer_digest(self.id, 0, k) == self.correct_digest]
        if len(matches) != 1:
            raise ArgumentError(f"exercise {self.id!r}: correct_digest matches no option")

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
    look_again: str = "Look again at each statement, and ask for a hint if you are unsure."
    """The question to ask of each statement when a graded sort is not yet right (from content)."""
    per_item_feedback: bool = False
    """Name each statement that is not yet sorted (with its nudge). Only for practice: with two
    categories, naming the wrong ones gives the whole answer away, so graded sorts report a count."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.items, self.digests, self.nudges = tuple(self.items), tuple(self.digests), tuple(self.nudges)
        if not self.items:
            raise ArgumentError(f"exercise {self.id!r}: items must not be empty")
        if len(self.categories) < 2:
            raise ArgumentError(f"exercise {self.id!r}: categories needs at least two letters")
        if len(self.digests) != len(self.items) or len(self.nudges) != len(self.items):
            raise ArgumentError(
                f"exercise {self.id!r}: give one digest and one nudge per item "
                f"({len(self.items)} items, {len(self.digests)} digests, {len(self.nudges)} nudges)"
            )
        for i, digest in enumerate(self.digests):
            if sum(answer_digest(self.id, i, c) == digest for c in self.categories) != 1:
                raise ArgumentError(f"exercise {self.id!r}: digest {i + 1} matches no category")

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
        legend = ", ".join(f"{k} for “{v}”" for k, v in self.categories.items())
        if any(c not in self.categories for c in letters):
            return self._feedback(
                Outcome.NOT_YET,
                f'Use one letter per statement ({legend}), for example "{example}".',
            )
        if len(letters) != n:
            return self._wrong_count(n, len(letters), "letters")
        right = [i for i in range(n) if self.item_correct(i, letters[i])]
        if len(right) == n:
            return self._feedback(Outcome.CORRECT, f"All {n} statements sorted the way we would.")
        if not self.per_item_feedback:
            return self._feedback(
                Outcome.NOT_YET,
                f"{len(right)} of {n} sorted the way we would. {self.look_again}",
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
            raise ArgumentError(f"exercise {self.id!r}: items must not be empty")
        check_int(f"exercise {self.id!r}: scale", self.scale, low=2, high=9)
        if any(not 0 <= i < len(self.items) for i in self.reverse):
            raise ArgumentError(f"exercise {self.id!r}: reverse holds an item number out of range")

    def ratings(self, answer: str) -> list[int]:
        """The ratings in ``answer`` as whole numbers.

        Read as the beliefs measure reads them (:func:`coownership.survey.parse_ratings`): numbers
        separated by spaces, commas, semicolons, slashes or bars; without separators each digit is
        one rating. Raises ``ValueError`` when a rating is skipped or not a whole number on the scale.

        Example:
            >>> SurveyExercise("demo-survey", "Demo", items=("a", "b")).ratings("4, 5")
            [4, 5]
        """
        problem = ArgumentError(f"use whole numbers from 1 to {self.scale}")
        try:
            ratings = parse_ratings(answer)
        except ValueError:
            raise problem from None
        if not all(r is not None and 1 <= r <= self.scale for r in ratings):
            raise problem
        return [r for r in ratings if r is not None]

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
            return self._wrong_count(n, len(ratings), "numbers")
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
