"""The course's exercises, built from each module's content file. Notebooks get them with
:func:`coownership.checks.exercise`.

Every exercise is an ``[[exercise]]`` table in ``notebooks/NN-slug/content.toml`` (see
:mod:`coownership.content`); its id starts with the module's number (``"01-sort-statements"``).
This module turns a table into one of the exercise kinds of :mod:`coownership.checks` and holds
no course wording of its own. Right answers are stored as digests
(:func:`coownership.checks.answer_digest`); the answers themselves live only in the nbgrader
source notebooks (solution cells and hidden tests) and the facilitator guides, none of which
reach learners.

The kinds, and the keys each reads (``id``, ``kind``, ``title``, ``hints`` and ``graded`` for all):

- ``choice``: ``[exercise.options]`` (letter = text), ``correct_digest``,
  ``[exercise.feedback]`` (a nudge for each wrong letter), ``correct_message`` (optional);
- ``sort``: ``categories`` (a table name under ``[sorting]`` in ``course.toml``, or an inline
  table of letter = meaning), ``[[exercise.items]]`` each with ``text``, ``digest``, ``nudge``,
  ``look_again`` (optional: the question to ask of each statement when a graded sort is not yet
  right) and ``per_item_feedback`` (optional);
- ``survey``: ``items`` and ``reverse`` (statement numbers, 1 = first), or ``measure = { module =
  "00", table = "beliefs" }`` to take both from a measure that module's content defines, read by
  :func:`coownership.survey.scoring.measure` (``[[<table>.items]]`` each with ``id``, ``text`` and
  ``reverse``; 2 to 9 ``labels``, one per rating; ``lens``; ``note``); ``scale`` (optional with a
  measure, which gives it; when given it must equal the number of labels), ``thanks``;
- ``open``: ``thanks``, ``min_chars`` (optional).

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
from typing import Any

from coownership.content import Section, course_content, exercise_ids, find_exercise
from coownership.errors import ArgumentError, ArgumentTypeError, ContentError
from coownership.exercise_kinds import ChoiceExercise, Exercise, OpenExercise, SortExercise, SurveyExercise
from coownership.survey.scoring import measure

__all__ = ["build", "ids", "KINDS"]


def _common(s: Section) -> dict[str, Any]:
    return {
        "id": s.text("id"),
        "title": s.text("title"),
        "hints": s.texts("hints", ()),
        "graded": s.flag("graded", True),
    }


def _choice(s: Section) -> Exercise:
    common = _common(s)
    options = s.text_table("options")
    feedback = s.text_table("feedback", {})
    stray = sorted(set(feedback) - set(options))
    if stray:
        raise ContentError(f"{s.path}: [{s.where}.feedback] names options that do not exist: {', '.join(stray)}")
    kwargs: dict[str, Any] = {**common, "options": options, "feedback": feedback}
    kwargs["correct_digest"] = s.text("correct_digest")
    if s.has("correct_message"):
        kwargs["correct_message"] = s.text("correct_message")
    return ChoiceExercise(**kwargs)


def _categories(s: Section) -> dict[str, str]:
    if s.has("categories") and isinstance(s.data["categories"], str):
        name = s.text("categories")
        return course_content().section("sorting").text_table(name)
    return s.text_table("categories")


def _sort(s: Section) -> Exercise:
    common = _common(s)
    items = s.tables("items")
    if not items:
        raise ContentError(f"{s.path}: [{s.where}] needs at least one [[exercise.items]]")
    kwargs: dict[str, Any] = {
        **common,
        "items": tuple(i.text("text") for i in items),
        "categories": _categories(s),
        "digests": tuple(i.text("digest") for i in items),
        "nudges": tuple(i.text("nudge") for i in items),
        "per_item_feedback": s.flag("per_item_feedback", False),
    }
    if s.has("look_again"):
        kwargs["look_again"] = s.text("look_again")
    return SortExercise(**kwargs)


def _survey(s: Section) -> Exercise:
    common = _common(s)
    if s.has("measure"):  # the statements and keys of a measure, e.g. measure = { module = "00", table = "beliefs" }
        where = s.table("measure")
        found = measure(where.text("module"), where.text("table"))
        scale = s.integer("scale", found.scale)
        items = tuple(item.text for item in found.items)
        reverse = tuple(i + 1 for i, item in enumerate(found.items) if item.reverse)
        if scale != found.scale:
            raise ContentError(
                f"{s.path}: [{s.where}] scale = {scale}, but the measure it names has {found.scale} labels "
                f"(one per rating): make them agree"
            )
    else:
        items, reverse, scale = s.texts("items"), s.integers("reverse", ()), s.integer("scale", 5)
    outside = [r for r in reverse if not 1 <= r <= len(items)]
    if outside:
        raise ContentError(f"{s.path}: [{s.where}] reverse names statements that do not exist: {outside}")
    return SurveyExercise(
        **common,
        items=items,
        scale=scale,
        reverse=tuple(r - 1 for r in reverse),
        thanks=s.text("thanks"),
    )


def _open(s: Section) -> Exercise:
    return OpenExercise(**_common(s), thanks=s.text("thanks"), min_chars=s.integer("min_chars", 1))


KINDS: dict[str, Callable[[Section], Exercise]] = {"choice": _choice, "sort": _sort, "survey": _survey, "open": _open}
"""Each exercise kind a content file may name, and how it is built."""


def ids() -> list[str]:
    """Every exercise id, in course order.

    Example:
        >>> ids()[0]
        '00-try-it'
    """
    return exercise_ids()


def build(exercise_id: str) -> Exercise:
    """Return a fresh :class:`~coownership.checks.Exercise` for ``exercise_id``, from its content file.

    Raises :class:`~coownership.errors.ArgumentError` naming the id and the closest known ids when
    it is unknown, and :class:`~coownership.errors.ContentError` naming the file and key when the
    content is malformed.

    Example:
        >>> build("01-first-response").id
        '01-first-response'
    """
    if not isinstance(exercise_id, str):
        raise ArgumentTypeError(f"exercise_id must be a string like '01-sort-statements', got {exercise_id!r}")
    known = ids()
    if exercise_id not in known:
        close = difflib.get_close_matches(exercise_id, known, n=3)
        suggestion = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ArgumentError(
            f"There is no exercise called {exercise_id!r}.{suggestion} Known exercises: {', '.join(known)}."
        )
    section = find_exercise(exercise_id)
    kind = section.text("kind")
    if kind not in KINDS:
        raise ContentError(f"{section.path}: [{section.where}] kind = {kind!r}; expected one of {', '.join(KINDS)}")
    return KINDS[kind](section)
