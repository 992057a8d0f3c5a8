"""Where am I: modules done, checks passed and what is left, read from the learner's own folder.

Nothing is stored anywhere else: each call reads the saved notebooks in the learner's folder
(``learner/`` by default), so save first (Ctrl + S). For every module it finds each exercise's ✏️
line and checks it with the same checks the learner sees (never with the hidden tests), and
looks at each written answer: written when its box holds more than the ✏️ placeholder line. A
module is **done** when every check passes and every written answer is written. An answer cell
that holds more than the one ``answer = "..."`` line is named: grading would reset it.

From the command line: ``coownership progress`` (``--workspace DIR``). In a notebook::

    from coownership.progress import show
    show()

Example:
    >>> import tempfile
    >>> progress(tempfile.mkdtemp())
    []
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coownership import course
from coownership.grading.answers import ANSWER_NAME, plain_answer
from coownership.survey.notebooks import CHECK_CALL

_TITLE = re.compile(r"^#\s+Module\s+\d\d\s+·\s+(.+)$")

__all__ = ["ModuleProgress", "progress", "lines", "show"]


@dataclass
class ModuleProgress:
    """One module's progress.

    Example:
        >>> p = ModuleProgress("00-start-here", "Start here", checks=2, passed=2, written=1, to_write=1)
        >>> p.done, p.line()
        (True, '00-start-here (Start here): done. Checks passed: 2 of 2; written answers: 1 of 1.')
    """

    module: str
    title: str
    checks: int = 0
    passed: int = 0
    written: int = 0
    to_write: int = 0
    left: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Every check passes and every written answer is written."""
        return self.passed == self.checks and self.written == self.to_write and not self.left

    def line(self) -> str:
        """One plain line: done or not, checks passed, written answers."""
        head = "done" if self.done else "not done yet"
        text = f"{self.module} ({self.title}): {head}. Checks passed: {self.passed} of {self.checks}"
        return text + (f"; written answers: {self.written} of {self.to_write}." if self.to_write else ".")


def _meta(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _written(source: str) -> bool:
    return any(line.strip() and "✏️" not in line for line in source.splitlines())


def _module(path: Path, module: str) -> ModuleProgress:
    from coownership.checks import exercise
    from coownership.errors import CoownershipError

    try:
        title = course.read_module(course.NOTEBOOKS / module).title
    except (CoownershipError, OSError):  # on a hub, learners cannot read the source notebooks
        title = module
    result = ModuleProgress(module, title)
    try:
        nb = course.read_notebook(path)
    except (OSError, ValueError):
        result.left.append(f"{path.name} could not be read; open it in JupyterLab and save it again")
        return result
    if title == module:  # the learner's own copy starts with the same title line
        first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
        found = _TITLE.match(first.strip().splitlines()[0] if first.strip() else "")
        result.title = found.group(1) if found else module
    cells = nb.cells
    for i, cell in enumerate(cells):
        meta = _meta(cell)
        if not meta.get("solution"):
            continue
        if cell.cell_type == "markdown":
            result.to_write += 1
            if _written(cell.source):
                result.written += 1
            else:
                result.left.append("a written answer is still empty")
            continue
        found = None
        for later in cells[i + 1 :]:  # the check below this ✏️ cell, before the next one
            if _meta(later).get("solution"):
                break
            found = found or (CHECK_CALL.search(later.source) if later.cell_type == "code" else None)
        if found is None:
            continue
        result.checks += 1
        value = plain_answer(cell.source)
        if value is None:
            result.left.append(
                f"{found.group(1)}: the ✏️ cell holds more than the answer line; keep only "
                f'{ANSWER_NAME} = "..." (grading would reset it)'
            )
            continue
        try:
            outcome = exercise(found.group(1)).evaluate(value)
        except CoownershipError:
            result.left.append(f"{found.group(1)}: this exercise could not be checked here")
            continue
        if outcome.correct:
            result.passed += 1
        else:
            result.left.append(f"{outcome.title}: {outcome.word}")
    return result


def progress(workspace: Path | str | None = None) -> list[ModuleProgress]:
    """Each module's progress in ``workspace`` (``learner/`` by default), in course order; a module
    whose notebook is not there yet is left out.

    Example:
        >>> import tempfile
        >>> progress(tempfile.mkdtemp())
        []
    """
    folder = Path(workspace) if workspace is not None else course.REPO / "learner"
    found = []
    for module in course.module_ids():
        path = folder / module / f"{module}.ipynb"
        if path.is_file() and not path.is_symlink():
            found.append(_module(path, module))
    return found


def lines(workspace: Path | str | None = None) -> list[str]:
    """The learner's progress in plain lines: one per module, what is left, and a total.

    Example:
        >>> import tempfile
        >>> lines(tempfile.mkdtemp())
        ['No course notebooks found in ...: start the course with make lab first.']
    """
    folder = Path(workspace) if workspace is not None else course.REPO / "learner"
    modules = progress(folder)
    if not modules:
        return [f"No course notebooks found in {folder}: start the course with make lab first."]
    out = []
    for m in modules:
        out.append(m.line())
        out += [f"    left: {item}" for item in m.left]
    done = sum(m.done for m in modules)
    out.append(f"Modules done: {done} of {len(course.module_ids())}. (Read from your saved notebooks: save first.)")
    return out


def show(workspace: Path | str | None = None) -> None:
    """Print the learner's progress; in a module's notebook the course folder is found by itself.

    Example:
        >>> show("/no/such/folder")
        No course notebooks found in /no/such/folder: start the course with make lab first.
    """
    if workspace is None:
        here = Path.cwd()
        workspace = here.parent if (here / f"{here.name}.ipynb").is_file() else here
    print("\n".join(lines(workspace)))
