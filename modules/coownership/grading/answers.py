"""The one rule for an answer cell that grading keeps: comments and one ``answer = "<text>"`` line.

This module imports nothing heavy (no nbgrader), so a learner's kernel can share the rule
(:mod:`coownership.answer_line`) with the grader (:class:`~coownership.grading.StrictAnswerCells`).
:data:`ANSWER_NAME` is the name of the variable every exercise sets; the placeholder it starts
with is :data:`coownership.checks.PLACEHOLDER`; ``grading/nbgrader_config.py`` builds nbgrader's
``ClearSolutions.code_stub`` from both.

Example:
    >>> is_plain_answer('# ✏️ Type one letter\\nanswer = "C"')
    True
    >>> is_plain_answer('import builtins\\nanswer = "C"')
    False
"""

from __future__ import annotations

import ast

__all__ = ["ANSWER_NAME", "is_plain_answer", "plain_answer"]

ANSWER_NAME = "answer"
"""The variable every exercise's ✏️ line sets (``StrictAnswerCells.answer_name`` by default)."""


def plain_answer(source: str, *, name: str = ANSWER_NAME) -> str | None:
    """The text a cell assigns when it is only comments and one ``<name> = "<text>"`` line (``name``
    is :data:`ANSWER_NAME` unless given); None for any other cell.

    Example:
        >>> plain_answer('# ✏️ Type one letter\\nanswer = "C"')
        'C'
        >>> plain_answer('answer = str(42)') is None
        True
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        return None
    node = tree.body[0]
    if (
        len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == name
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ):
        return node.value.value
    return None


def is_plain_answer(source: str, *, name: str = ANSWER_NAME) -> bool:
    """True when a cell is only comments and one ``<name> = "<text>"`` line (``name`` is
    :data:`ANSWER_NAME` unless given).

    Example:
        >>> is_plain_answer('answer = "PSPSSP"  # my sort')
        True
        >>> is_plain_answer('answer = str(42)')
        False
        >>> is_plain_answer('response = "C"', name="response")
        True
    """
    return plain_answer(source, name=name) is not None
