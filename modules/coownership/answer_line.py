"""A broken ✏️ answer line gets a kind message instead of a traceback (in a learner's kernel only).

Every exercise has one marked line, ``answer = "..."``. Three slips used to end in a red error
box: the quote marks deleted (``answer = case manager``), curly quote marks pasted from a document
(``answer = “A”``), and a check run before its ✏️ cell. The next check then failed too, and
"Restart and Run All" stopped there. This module, switched on when :mod:`coownership.checks` is
imported in an IPython kernel (:func:`install`), turns each slip into feedback in the checks' own
words and look:

- A cell that is only comments and one ``answer = ...`` line, where that line is not one plain
  text between quote marks, does not run. An IPython input transformer swaps it for code that
  shows what is wrong and how to fix it, and sets ``answer`` to an :class:`UnreadAnswer`. The check
  below then says "not yet" (your line could not be read) instead of raising ``NameError``, and
  Run All carries on.
- Until a ✏️ cell has run, ``answer`` is an :class:`UnreadAnswer` too, and the check says which
  cell to run.
- Each ✏️ cell run is remembered, so a check can tell when it is reading an answer another
  exercise already checked (:func:`claim`): the learner skipped this exercise's ✏️ cell.

Grading is untouched. Nothing is installed while nbgrader grades (``NBGRADER_EXECUTION`` is set),
and there every answer cell that is not a plain text was already reset before anything ran
(:class:`coownership.grading.StrictAnswerCells`). An :class:`UnreadAnswer` is never correct, and a
line with curly quote marks is never read as if its quote marks were straight.

Example:
    >>> problem = diagnose('answer = “A”  # <- ✏️ type your answer between the quotes')
    >>> problem.kind, problem.fixed
    ('curly quotes', 'answer = "A"')
    >>> diagnose('answer = "A"') is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coownership.feedback import PLACEHOLDER, Feedback, Outcome, grading, show
from coownership.grading.answers import ANSWER_NAME
from coownership.grading.answers import is_plain_answer as _plain  # the one rule grading uses

__all__ = ["LineProblem", "UnreadAnswer", "answer_line_of", "diagnose", "install", "claim"]

CURLY = "“”„‟‘’‚‛«»‹›＂＇″′"
"""Quote marks a word processor, an email or a phone keyboard types, which Python cannot read."""
_QUOTES = "\"'" + CURLY
_ANSWER = re.compile(rf"\s*{ANSWER_NAME}\s*=(?!=)")
_EXAMPLE = f'{ANSWER_NAME} = "your answer"'
_MARK = "_coownership_answer_line"  # tags what install() registers, so installing twice replaces it


@dataclass(frozen=True)
class LineProblem:
    """Why an answer line could not be read: ``kind`` is one of ``"no quotes"``, ``"curly
    quotes"``, ``"one quote"`` or ``"other"``; ``fixed`` is the line with two straight quote marks,
    when it can be worked out.

    Example:
        >>> print(diagnose("answer = C").check_message())
        Your ✏️ line above could not be read, so there is nothing to check yet: the two straight quote
        marks (") around your answer are missing. Change the line to answer = "C", run that cell, then
        run this check again.
    """

    kind: str
    line: str
    fixed: str | None = None

    @property
    def marks(self) -> str:
        """The curly quote marks on the line, for example ``“ ”``."""
        value = _value(self.line)
        return " ".join(dict.fromkeys(c for c in value[:1] + value[-1:] if c in CURLY)) or "“ ”"

    @property
    def example(self) -> str:
        """The line to type: ``fixed`` when known, else a general example."""
        return self.fixed or _EXAMPLE

    def cell_message(self) -> str:
        """What the ✏️ cell shows: what went wrong and how to fix it."""
        fix = f"like this: {self.example}. Then run this cell again."
        if self.kind == "no quotes":
            return (
                "The quote marks around your answer are missing. Put back two straight quote marks "
                f'("), one before your answer and one after it, {fix}'
            )
        if self.kind == "curly quotes":
            return (
                f"Your answer has curly quote marks ({self.marks}). They often come with text copied from a "
                'document or an email, and the course can only read straight ones ("). Type the two '
                f"quote marks again on your keyboard, {fix}"
            )
        if self.kind == "one quote":
            return (
                "One of the two quote marks around your answer is missing. Put a straight quote mark "
                f'(") before your answer and one after it, {fix}'
            )
        return (
            'This line should hold only your answer, between two straight quote marks ("). '
            f"Anything else on it cannot be read or graded. Change it {fix}"
        )

    def check_message(self) -> str:
        """What the check shows when the ✏️ line above it could not be read."""
        why = {
            "no quotes": 'the two straight quote marks (") around your answer are missing',
            "curly quotes": f'it has curly quote marks ({self.marks}) instead of straight ones (")',
            "one quote": 'one of the two straight quote marks (") around your answer is missing',
        }.get(self.kind, 'it holds more than your answer between two straight quote marks (")')
        return (
            f"Your ✏️ line above could not be read, so there is nothing to check yet: {why}. "
            f"Change the line to {self.example}, run that cell, then run this check again."
        )


class UnreadAnswer(str):
    """What ``answer`` holds when there is no answer to read: the ✏️ cell has not run
    (``problem`` is None) or its line could not be read. It equals the placeholder ``"..."``, so
    code that does not know it sees an unanswered exercise; the checks give its own message.

    Example:
        >>> UnreadAnswer() == "...", UnreadAnswer().problem is None
        (True, True)
    """

    problem: LineProblem | None

    def __new__(cls, problem: LineProblem | None = None) -> UnreadAnswer:
        obj = super().__new__(cls, PLACEHOLDER)
        obj.problem = problem
        return obj

    @property
    def message(self) -> str:
        """The check's message for this answer."""
        if self.problem is not None:
            return self.problem.check_message()
        return (
            "There is no answer to check yet, because the ✏️ cell above has not been run. Click that "
            "cell and press Shift + Enter, then run this check again."
        )


def answer_line_of(source: str) -> str | None:
    """The ``answer = ...`` line when ``source`` is a ✏️ answer cell (only comments and that one
    line), else None.

    Example:
        >>> answer_line_of('# ✏️ Type one letter\\nanswer = C  # <- ✏️ type your answer')
        'answer = C  # <- ✏️ type your answer'
        >>> answer_line_of('answer == "C"') is None, answer_line_of('x = 1\\nanswer = "C"') is None
        (True, True)
    """
    if not isinstance(source, str):
        return None
    code = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(code) != 1 or not _ANSWER.match(code[0]):
        return None
    return code[0].strip()


def _value(line: str) -> str:
    """What stands after ``answer =``, without a note after ``#``."""
    return re.sub(r"\s+#.*$", "", line.split("=", 1)[1]).strip()


def diagnose(source: str) -> LineProblem | None:
    """What is wrong with a ✏️ answer cell, or None when it is one plain text between quote marks
    (or not an answer cell at all).

    Example:
        >>> diagnose("answer = case manager")
        LineProblem(kind='no quotes', line='answer = case manager', fixed='answer = "case manager"')
        >>> diagnose('answer = "PSPSSP').kind, diagnose('answer = "A" + "B"').kind
        ('one quote', 'other')
    """
    line = answer_line_of(source)
    if line is None or _plain(source):
        return None
    value = _value(line)
    inner = value.strip(_QUOTES).strip()
    fixed = f'{ANSWER_NAME} = "{inner}"' if inner and '"' not in inner and "\\" not in inner else None
    fixed = fixed if fixed and _plain(fixed) else None
    first, last = value[:1], value[-1:]
    straight = "\"'"
    if value and (first in CURLY or last in CURLY):
        kind = "curly quotes"
    elif not any(q in value for q in straight):
        kind = "no quotes"
    elif (first in straight) != (last in straight) and value.count(first if first in straight else last) == 1:
        kind = "one quote"  # "PSPSSP  or  PSPSSP"
    elif first != last and value.count('"') == value.count("'") == 1:
        kind = "one quote"  # 'PSPSSP"
    else:
        kind = "other"
    return LineProblem(kind, line, fixed)


# -- in a learner's kernel --------------------------------------------------------------------------

_runs: dict[str, Any] = {"count": 0, "checked_by": None}
"""How many ✏️ cells have run in this kernel, and which exercise first checked the latest one."""


def claim(exercise_id: str) -> bool:
    """Called by a check: False when the latest ✏️ answer was already checked by another exercise,
    so this check is probably reading that answer (its own ✏️ cell was skipped). True otherwise,
    and always when no ✏️ cell run was seen (outside a learner's kernel, or while grading).

    Example:
        >>> claim("demo-exercise")
        True
    """
    if _runs["count"] == 0:
        return True
    if _runs["checked_by"] is None:
        _runs["checked_by"] = exercise_id
    return _runs["checked_by"] == exercise_id


def _unread(source: str) -> UnreadAnswer:
    """Run in place of a broken ✏️ cell: show what is wrong, return what ``answer`` becomes."""
    problem = diagnose(source) or LineProblem("other", source.strip())
    show(Feedback("answer-line", "Your ✏️ line", Outcome.NOT_YET, problem.cell_message(), label="not read yet"))
    return UnreadAnswer(problem)


def _transform(lines: list[str]) -> list[str]:
    """IPython input transformer: a broken ✏️ cell becomes a call of :func:`_unread`."""
    source = "".join(lines)
    if grading() or diagnose(source) is None:
        return lines
    return [f'{ANSWER_NAME} = __import__("coownership.answer_line", fromlist=["_"])._unread({source!r})\n']


def _after_cell(result: Any) -> None:
    """IPython ``post_run_cell`` callback: count ✏️ cell runs (see :func:`claim`)."""
    raw = getattr(getattr(result, "info", None), "raw_cell", None)
    if isinstance(raw, str) and answer_line_of(raw) is not None:
        _runs["count"] += 1
        _runs["checked_by"] = None


setattr(_transform, _MARK, True)
setattr(_after_cell, _MARK, True)


def install(shell: Any = None) -> bool:
    """Switch this on in an IPython shell (by default the running one); True when it did.

    Never while nbgrader grades, and nothing without IPython. Installing again replaces what an
    earlier install registered, so handlers never stack. Also gives ``answer`` its "not run yet"
    value when no ✏️ cell has set it (or the line of the last ✏️ cell that ran and broke, for a
    kernel where the course was loaded after that cell).

    Example:
        >>> install()  # in plain Python there is no IPython shell
        False
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython ships with the course
            return False
        shell = get_ipython()
    if shell is None or grading():
        return False
    cleanup = shell.input_transformers_cleanup
    cleanup[:] = [t for t in cleanup if not getattr(t, _MARK, False)]
    cleanup.append(_transform)
    from coownership import cell_guard  # the same kindness for the other cells a learner edits by hand

    cell_guard.install(shell)
    callbacks = shell.events.callbacks["post_run_cell"]
    callbacks[:] = [f for f in callbacks if not getattr(f, _MARK, False)]
    shell.events.register("post_run_cell", _after_cell)
    if ANSWER_NAME not in shell.user_ns:
        history = getattr(shell.history_manager, "input_hist_raw", []) if shell.history_manager else []
        last = next((cell for cell in reversed(history) if answer_line_of(cell) is not None), None)
        shell.user_ns[ANSWER_NAME] = UnreadAnswer(diagnose(last) if last else None)
    return True
