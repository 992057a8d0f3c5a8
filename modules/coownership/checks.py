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

from coownership import answer_line
from coownership.exercise_kinds import ChoiceExercise, Exercise, OpenExercise, SortExercise, SurveyExercise
from coownership.exercises import build
from coownership.feedback import PLACEHOLDER, Feedback, Hint, Outcome, answer_digest, grading, is_placeholder, show

__all__ = [
    "PLACEHOLDER",
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


def exercise(exercise_id: str) -> Exercise:
    """Return a fresh copy of the course exercise with this id (hint counters start at zero).

    Example:
        >>> exercise("01-sort-statements").title
        'Sort six statements'
    """
    return build(exercise_id)


answer_line.install()  # in a learner's IPython kernel only; never while nbgrader grades
