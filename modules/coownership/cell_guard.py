"""A cell a learner edits by hand, other than an ✏️ answer line, gets a kind message instead of a
SyntaxError traceback (in a learner's kernel only).

Module 02's optional section "Your own numbers" has one cell where a learner types a file name
and column names. A slip there (a name without quote marks, a missing comma, curly quote marks
from a word processor, a Windows path with backslashes) used to end in a red error box, and the
cells after it failed too. A guarded cell starts with a line listed in ``course.toml``
``[cell_guard] first_lines``. When it cannot be read, an IPython input transformer runs code in its
place that says which line Python stopped at, lists the usual slips, and sets the names the cell
assigns (``name = ...`` at the start of a line) to ``None``, so the cells after it say "nothing read
yet" instead of raising ``NameError``.

Installed with :mod:`coownership.answer_line` (when :mod:`coownership.checks` is imported in a
learner's kernel), never while nbgrader grades.

Example:
    >>> explain_problem('# Optional: to use your own list\\ncolumns = {"client": Client ID}', 2)
    'Python stopped at line 2: columns = {"client": Client ID}'
"""

from __future__ import annotations

import ast
import re
from typing import Any

__all__ = ["assigned_names", "explain_problem", "transform"]

_SLIPS = (
    'A column name or file name without quote marks: write "Client ID", not Client ID.',
    "A missing comma at the end of a line inside { }.",
    "Curly quote marks pasted from a document: type the quote marks again here.",
    'A Windows path with backslashes: write it with / instead, like "C:/Users/me/our-list.csv".',
)


def explain_problem(source: str, line: int | None) -> str:
    """Where Python stopped, as one line a learner can find in the cell.

    Example:
        >>> explain_problem("x = 1", None)
        'Python could not read this cell.'
    """
    lines = source.splitlines()
    if line is None or not 1 <= line <= len(lines):
        return "Python could not read this cell."
    return f"Python stopped at line {line}: {lines[line - 1].strip()}"


def _show(source: str, line: int | None) -> None:
    """Run in place of a guarded cell that cannot be read."""
    from coownership.feedback import Feedback, Outcome, show

    message = (
        explain_problem(source, line)
        + ". The usual slips: "
        + " ".join(_SLIPS)
        + " Fix the line, then run this cell and the cells below it again."
    )
    show(Feedback("cell-guard", "This cell", Outcome.NOT_YET, message, label="not read yet"))


def transform(lines: list[str]) -> list[str]:
    """IPython input transformer: a guarded cell that cannot be read becomes a call of :func:`_show`.

    Example:
        >>> transform(["x = 1\\n"])  # not a guarded cell: unchanged
        ['x = 1\\n']
    """
    from coownership.feedback import grading

    source = "".join(lines)
    first = source.lstrip().split("\n", 1)[0]
    if grading() or not any(first.startswith(mark) for mark in _first_lines()):
        return lines
    try:
        ast.parse(source)
    except SyntaxError as exc:
        resets = "".join(f"{name} = None\n" for name in assigned_names(source))
        return [
            *_imports(source),  # what the cells below need from this one still arrives
            f'__import__("coownership.cell_guard", fromlist=["_"])._show({source!r}, {exc.lineno!r})\n',
            resets,
        ]
    return lines


def _first_lines() -> tuple[str, ...]:
    from coownership.content import course_content

    return course_content().section("cell_guard").texts("first_lines")


def assigned_names(source: str) -> list[str]:
    """The names a cell sets at the start of a line (``name = ...``), found even when Python cannot read it.

    Example:
        >>> assigned_names('export_file = EXAMPLE\\ncolumns = {\\n    "client": Client ID,\\n}\\nday_first = False')
        ['export_file', 'columns', 'day_first']
    """
    return list(dict.fromkeys(re.findall(r"^([A-Za-z_]\w*)\s*=(?!=)", source, re.M)))


def _imports(source: str) -> list[str]:
    """The cell's own one-line import statements that Python can read on their own."""
    found = []
    for line in source.splitlines():
        if line.startswith(("from ", "import ")):
            try:
                ast.parse(line)
            except SyntaxError:
                continue
            found.append(line + "\n")
    return found


_MARK = "_coownership_cell_guard"
setattr(transform, _MARK, True)


def install(shell: Any) -> None:
    """Register :func:`transform` on ``shell`` (installing again replaces what an earlier install registered)."""
    cleanup = shell.input_transformers_cleanup
    cleanup[:] = [t for t in cleanup if not getattr(t, _MARK, False)]
    cleanup.append(transform)
