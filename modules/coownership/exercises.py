"""The course's exercises, by id. Notebooks get them with :func:`coownership.checks.exercise`.

Ids start with the module number (``"01-sort-statements"``). Right answers are stored as digests
(:func:`coownership.checks.answer_digest`); the answers themselves live only in the nbgrader
source notebooks (solution cells and hidden tests) and the facilitator guides, none of which
reach learners.

To add an exercise: write a factory below, register it in ``_FACTORIES``, compute its digests
with ``answer_digest(id, index, letter)`` in a Python shell, and give every wrong option or item a
nudge that points at the question to ask, not at the answer.

Example:
    >>> from coownership.exercises import build, ids
    >>> "00-pre-survey" in ids()
    True
    >>> build("00-pre-survey").evaluate("...").outcome.value
    'not attempted'
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from coownership.checks import ChoiceExercise, Exercise, OpenExercise, SortExercise, SurveyExercise

__all__ = ["build", "ids", "PERSON_OR_SERVICE", "PRE_SURVEY_ITEMS", "PRACTICE_STATEMENTS"]

PERSON_OR_SERVICE = {
    "P": "explains it by the person",
    "S": "explains it by the service",
}

# -- module 00 ---------------------------------------------------------------------------------

PRE_SURVEY_ITEMS = (
    "Most clients who miss appointments are not ready to change.",
    "How a service is set up affects whether people keep coming.",
    "A client who really wants help will come, whatever time the appointment is.",
    "When a client stops coming, it tells us something about our service.",
    "Some clients are resistant, and there is little a service can do about it.",
    "Clients should help choose the goals in their own plan.",
)
"""Engagement-beliefs survey (1 = strongly disagree ... 5 = strongly agree), asked in module 00
and again in module 08. Items 1, 3 and 5 put engagement in the person and are reverse-scored on
the "services shape engagement" lens. Written for this course; not a validated instrument."""


def _try_it() -> Exercise:
    return OpenExercise(
        "00-try-it",
        "Your first answer",
        graded=False,
        hints=("Click on the ✏️ line, type your role between the two quote marks, then press Shift+Enter.",),
        thanks="That is how every exercise works: change the ✏️ line, run it, then run the check.",
    )


def _run_a_cell() -> Exercise:
    return ChoiceExercise(
        "00-run-a-cell",
        "Keys that run a cell",
        graded=False,
        options={"A": "Shift + Enter", "B": "Ctrl + S", "C": "Esc"},
        correct_digest="e732deccb9de464a8fc4",
        feedback={
            "B": "Ctrl + S (Cmd + S on a Mac) saves the notebook. Useful, but it does not run anything.",
            "C": "Esc leaves the cell you are typing in. It does not run it.",
        },
        hints=(
            "You used these keys a moment ago, to run the cell with your role in it.",
            "Two keys: one you hold for capital letters, one that starts a new line.",
        ),
        correct_message="Shift + Enter runs the cell and moves to the next one.",
    )


def _pre_survey() -> Exercise:
    return SurveyExercise(
        "00-pre-survey",
        "Where you start",
        items=PRE_SURVEY_ITEMS,
        scale=5,
        reverse=(0, 2, 4),
        hints=(
            "Type six whole numbers from 1 to 5, one for each statement, in order, with spaces between them.",
            "1 means you strongly disagree, 3 that you are not sure, 5 that you strongly agree.",
        ),
        thanks="Thank you. There are no wrong answers here. We ask again at the end of the course, so you can compare.",
    )


# -- module 01 ---------------------------------------------------------------------------------

PRACTICE_STATEMENTS = (
    "She doesn't care enough about getting her kids back.",
    "Our office closes at 5 pm, and he finishes work at 5:30.",
    "We only meet at our office, which is 90 minutes by bus from her home.",
    "He's a no-show type.",
    "Families like this never follow through.",
    "Nobody asked him what he wanted to work on.",
    "Reminder texts go to a number she no longer has, and nobody has checked.",
    "She is non-compliant with her treatment plan.",
)
"""Practice statements for the module 01 statement sorter (not graded)."""


def _practice_sort() -> Exercise:
    return SortExercise(
        "01-practice-sort",
        "Practice sort",
        graded=False,
        items=PRACTICE_STATEMENTS,
        categories=PERSON_OR_SERVICE,
        digests=(
            "e126714e7031ecfe015a",
            "295c9d4796037125228b",
            "351ea165597345b7b222",
            "0cbd0c62479b4dfdb112",
            "61f67f23d8f76e22ef0e",
            "53e7b1b1cf1ce03f3f26",
            "005d90eeb98048f4ff58",
            "0ed8ee1bcea80981a538",
        ),
        nudges=(
            "'Doesn't care' is a claim about what is inside her. Does it name anything about the service?",
            "Who set the office hours? Could the agency change them?",
            "Where meetings happen is a choice the service makes.",
            "'No-show type' describes a kind of person, not a way of running a service.",
            "'Families like this' puts the cause in the family. Is any service choice named?",
            "Asking, or not asking, is something the service does.",
            "Checking contact details is part of how the service runs.",
            "'Non-compliant' describes the person. Who wrote the plan, and with whom?",
        ),
        per_item_feedback=True,
        hints=("For each statement ask: if this is the cause, who would have to change? The person, or the service?",),
    )


def _sort_statements() -> Exercise:
    return SortExercise(
        "01-sort-statements",
        "Sort six statements",
        items=(
            "He's just not motivated to change.",
            "The only visit times we offer are during her work shift.",
            "She's resistant: she argues with every part of the plan.",
            "The goals in the plan were written before anyone asked the family what they wanted.",
            "After one missed visit we send a warning letter, and many families stop coming after that.",
            "They aren't ready yet. Maybe they'll come back when things get bad enough.",
        ),
        categories=PERSON_OR_SERVICE,
        digests=(
            "bd45f5491aafb558cca3",
            "625f127569f52cd6e2cd",
            "756a65f0bd411f707d10",
            "d8d07c596ef17f8213fa",
            "a7b909f43ef31f7ceb51",
            "39b0ebd0398f5e9736a1",
        ),
        nudges=(
            "Look at the word 'motivated'. Is it describing the person, or how the service runs?",
            "Who decided which visit times to offer?",
            "'Resistant' describes someone. Does the sentence say anything about how the plan was made?",
            "Who wrote the goals, and when? That is a choice the service made.",
            "The warning letter is a rule of the program. What is the sentence pointing at?",
            "'Not ready' is a claim about the family. Does the sentence name anything the service could change?",
        ),
        hints=(
            "For each statement ask: if this is the cause, who would have to change? The person, or the service?",
            "Ask what the sentence blames: something inside the person, or something the program decided.",
        ),
    )


def _first_response() -> Exercise:
    return ChoiceExercise(
        "01-first-response",
        "Amira's missed visits",
        options={
            "A": "Send a letter saying the case will close after one more missed visit.",
            "B": "Call more often, and remind her of each visit the day before.",
            "C": "Ask her what changed when visits moved to Thursdays, and offer another time or place.",
            "D": "Note in the file that she seems unmotivated, and review the case next month.",
        },
        correct_digest="a9de0feeaae64a2a712f",
        feedback={
            "A": "A letter like this adds a consequence. It restates the rules; it does not find out "
            "what changed on Thursdays.",
            "B": "Reminders can help a little, but they ask her to fit the schedule. They do not ask "
            "whether the schedule fits her.",
            "D": "A label like 'unmotivated' explains the misses by the person, and it can follow her "
            "to the next worker.",
        },
        hints=(
            "The misses started when something about the service changed. Which option looks at that?",
            "Which option would give you new information that you do not have now?",
        ),
        correct_message="Asking what changed, and being ready to adapt, treats the misses as "
        "information about the service.",
    )


_FACTORIES: dict[str, Callable[[], Exercise]] = {
    "00-try-it": _try_it,
    "00-run-a-cell": _run_a_cell,
    "00-pre-survey": _pre_survey,
    "01-practice-sort": _practice_sort,
    "01-sort-statements": _sort_statements,
    "01-first-response": _first_response,
}


def ids() -> list[str]:
    """Every exercise id, in course order.

    Example:
        >>> ids()[0]
        '00-try-it'
    """
    return list(_FACTORIES)


def build(exercise_id: str) -> Exercise:
    """Return a fresh :class:`~coownership.checks.Exercise` for ``exercise_id``.

    Raises ``ValueError`` naming the id and the closest known ids when it is unknown.

    Example:
        >>> build("01-first-response").id
        '01-first-response'
    """
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string like '01-sort-statements', got {exercise_id!r}")
    try:
        return _FACTORIES[exercise_id]()
    except KeyError:
        close = difflib.get_close_matches(exercise_id, list(_FACTORIES), n=3)
        suggestion = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ValueError(
            f"There is no exercise called {exercise_id!r}.{suggestion} Known exercises: {', '.join(_FACTORIES)}."
        ) from None
