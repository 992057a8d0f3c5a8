"""Hand in: pack a learner's notebooks into one .zip, named with their id, that ``collect`` reads.

``make handin ID=maria.lopez`` (or ``coownership handin --id maria.lopez``) writes
``learner/maria.lopez.zip`` holding ``maria.lopez/<module>/<module>.ipynb`` for every module the
learner has worked on. A notebook still exactly as it was handed out is left out (there is nothing
to grade in it); a notebook that cannot be read is left out and named, so the learner can open it,
save it and hand in again. The learner's id is remembered in ``learner/.coownership/learner-id``,
so the next hand-in needs no ``ID``. Nothing in the learner's folder is changed except the .zip.

Example:
    >>> import tempfile, pathlib
    >>> handin(pathlib.Path(tempfile.mkdtemp()), learner="maria lopez")
    Traceback (most recent call last):
    ...
    coownership.errors.CourseError: the learner id 'maria lopez' has characters the course cannot use: use letters, digits, '.', '-' or '_' only, with no spaces (for example maria.lopez)
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from coownership import course
from coownership.errors import CourseError
from coownership.files import write_atomic
from coownership.roster import LEARNER_ID

__all__ = ["HandIn", "handin"]


@dataclass
class HandIn:
    """What :func:`handin` packed, and what it left out and why.

    Example:
        >>> HandIn(Path("ana.zip"), packed=["00-start-here"]).lines()[0]
        'Packed 1 module(s) into ana.zip: 00-start-here'
    """

    path: Path
    packed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Plain lines for the learner."""
        out = [f"Packed {len(self.packed)} module(s) into {self.path}: {', '.join(self.packed) or 'none'}"]
        if self.unchanged:
            out.append(f"Not included, because you have not changed them yet: {', '.join(self.unchanged)}")
        out += [
            f"NOT included: {m} could not be read as a notebook. Open it in JupyterLab, save it "
            "(Ctrl + S), then hand in again."
            for m in self.unreadable
        ]
        return out


def _remembered(workspace: Path) -> str | None:
    try:
        return (workspace / course.LEARNER_ID_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def handin(workspace: Path | str, *, learner: str | None = None, out: Path | str | None = None) -> HandIn:
    """Pack the learner's notebooks from ``workspace`` into ``<id>.zip`` (in ``workspace`` unless ``out``).

    Raises :class:`~coownership.errors.CourseError` when no id is given or remembered, when the id
    has characters the course cannot use, or when nothing could be packed.

    Example:
        >>> import tempfile, pathlib
        >>> handin(pathlib.Path(tempfile.mkdtemp()))
        Traceback (most recent call last):
        ...
        coownership.errors.CourseError: give your learner id, the one your coordinator gave you: make handin ID=maria.lopez (or coownership handin --id maria.lopez)
    """
    workspace = Path(workspace)
    learner = learner or _remembered(workspace)
    if not learner:
        raise CourseError(
            "give your learner id, the one your coordinator gave you: make handin ID=maria.lopez "
            "(or coownership handin --id maria.lopez)"
        )
    if not LEARNER_ID.match(learner):
        raise CourseError(
            f"the learner id {learner!r} has characters the course cannot use: use letters, digits, "
            "'.', '-' or '_' only, with no spaces (for example maria.lopez)"
        )
    if not workspace.is_dir():
        raise CourseError(f"{workspace} is not a folder: give your course folder (make lab builds it: learner/)")
    try:
        copied = json.loads((workspace / course.COPIED_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        copied = {}
    target = Path(out) / f"{learner}.zip" if out else workspace / f"{learner}.zip"
    result = HandIn(target)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for module in course.module_ids():
            notebook = workspace / module / f"{module}.ipynb"
            if not notebook.is_file() or notebook.is_symlink():
                continue
            data = notebook.read_bytes()
            if copied.get(f"{module}/{module}.ipynb") == hashlib.sha256(data).hexdigest():
                result.unchanged.append(module)
                continue
            try:
                nbformat.reads(data.decode("utf-8"), as_version=4)
            except Exception:  # nbformat raises several types for a damaged file
                result.unreadable.append(module)
                continue
            archive.writestr(f"{learner}/{module}/{module}.ipynb", data)
            result.packed.append(module)
    if not result.packed:
        raise CourseError(
            "\n".join(
                [
                    f"nothing to hand in from {workspace}: no module notebook there has changed since you got it.",
                    *result.lines()[1:],
                ]
            )
        )
    write_atomic(target, buffer.getvalue())
    write_atomic(workspace / course.LEARNER_ID_FILE, learner.encode("utf-8"))
    return result
