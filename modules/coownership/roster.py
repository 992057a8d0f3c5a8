"""The roster: who is expected to take the course, so someone who never hands in still has a row.

A coordinator imports a CSV file with a header row and the columns ``id`` and ``name`` (``email``
optional; other columns are ignored)::

    id,name,email
    maria.lopez,María López,maria.lopez@example.org
    dev.patel,Dev Patel,

The roster is kept in the course directory as ``roster.csv`` (written atomically). Importing adds
new learners and updates the names and emails of those already there; nobody is removed unless
``replace`` is given. Bad rows (no id, an id nbgrader cannot use, the same id twice, an email
without ``@``) are reported with their line number and left out; the rest are imported. Learners
are also added to nbgrader's gradebook (with their names), so formgrader lists everyone.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "learners.csv").write_text("id,name\\nana,Ana Silva\\nbad id,Someone\\n")
    >>> report = import_roster(folder / "learners.csv", course_root=folder)
    >>> report.lines()
    ['1 learner(s) on the roster (1 added, 0 updated)', "line 3: the id 'bad id' has characters nbgrader cannot use; use letters, digits, '.', '-' or '_' only (left out)"]
    >>> [learner.name for learner in read_roster(folder).values()]
    ['Ana Silva']
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from coownership import course
from coownership.errors import GradingError
from coownership.files import write_atomic

__all__ = ["LEARNER_ID", "ROSTER_NAME", "Learner", "RosterReport", "import_roster", "read_roster"]

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""Learner ids: letters, digits, dots, dashes and underscores, starting with a letter or digit
(what nbgrader can use; ``coownership.grading.LEARNER_ID`` is the same rule)."""

ROSTER_NAME = "roster.csv"
"""The roster's file name in the course directory."""


@dataclass(frozen=True)
class Learner:
    """One learner on the roster.

    Example:
        >>> Learner("ana", "Ana Silva").display_name
        'Ana Silva'
        >>> Learner("ben").display_name
        'ben'
    """

    id: str
    name: str = ""
    email: str = ""

    @property
    def display_name(self) -> str:
        """The name, or the id when the roster has no name."""
        return self.name or self.id


@dataclass
class RosterReport:
    """What :func:`import_roster` did, in plain lines.

    Example:
        >>> RosterReport(total=2, added=2).lines()
        ['2 learner(s) on the roster (2 added, 0 updated)']
    """

    total: int = 0
    added: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line for the count, then one per bad row and note."""
        return [
            f"{self.total} learner(s) on the roster ({self.added} added, {self.updated} updated)",
            *self.problems,
            *self.notes,
        ]


def read_roster(course_root: Path | str | None = None) -> dict[str, Learner]:
    """The roster as ``{id: Learner}``, in file order; empty when none has been imported.

    Example:
        >>> import tempfile
        >>> read_roster(tempfile.mkdtemp())
        {}
    """
    path = course.course_root(course_root) / ROSTER_NAME
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GradingError(
            f"{path}: the roster could not be read ({exc}); import it again with `coownership roster import FILE`"
        ) from exc
    return {
        r["id"]: Learner(r["id"], r.get("name") or "", r.get("email") or "")
        for r in rows
        if (r.get("id") or "").strip()
    }


def _read_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise GradingError(f"{path} does not exist. Give the roster file: a .csv with the columns id and name.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "id" not in header:
        raise GradingError(
            f"{path}: the first line must name the columns, with at least 'id' and 'name' "
            f"(for example: id,name,email); found {', '.join(reader.fieldnames or []) or 'nothing'}"
        )
    reader.fieldnames = header
    return [{k: (v or "").strip() for k, v in row.items() if isinstance(k, str)} for row in reader]


def import_roster(path: Path | str, *, course_root: Path | str | None = None, replace: bool = False) -> RosterReport:
    """Read a roster CSV (``id``, ``name``, optional ``email``) into the course directory.

    Adds new learners, updates names and emails of known ones, removes nobody unless ``replace``.
    Bad rows are reported (line number and what to fix) and left out. Raises
    :class:`~coownership.errors.GradingError` when the file is missing or has no ``id`` column.

    Example:
        >>> import tempfile, pathlib
        >>> import_roster(pathlib.Path(tempfile.mkdtemp()) / "none.csv")
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: .../none.csv does not exist. Give the roster file: a .csv with the columns id and name.
    """
    path = Path(path)
    root = course.course_root(course_root)
    rows = _read_rows(path)
    current = {} if replace else read_roster(root)
    report = RosterReport()
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        learner_id, name, email = row.get("id", ""), row.get("name", ""), row.get("email", "")
        if not any(row.values()):
            continue  # an empty line
        if not learner_id:
            report.problems.append(f"line {number}: no id; give every learner an id (left out)")
            continue
        if not LEARNER_ID.match(learner_id):
            report.problems.append(
                f"line {number}: the id {learner_id!r} has characters nbgrader cannot use; "
                "use letters, digits, '.', '-' or '_' only (left out)"
            )
            continue
        if learner_id in seen:
            report.problems.append(f"line {number}: {learner_id} is already on an earlier line (left out)")
            continue
        if email and "@" not in email:
            report.problems.append(f"line {number}: {learner_id}'s email {email!r} has no '@'; correct it (left out)")
            continue
        seen.add(learner_id)
        if not name:
            report.notes.append(f"line {number}: {learner_id} has no name; the id is used on certificates")
        new = Learner(learner_id, name, email)
        if learner_id not in current:
            report.added += 1
        elif current[learner_id] != new:
            report.updated += 1
        current[learner_id] = new
    report.total = len(current)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name", "email"])
    writer.writerows([learner.id, learner.name, learner.email] for learner in current.values())
    write_atomic(root / ROSTER_NAME, buffer.getvalue().encode("utf-8"))
    _sync_gradebook(root, list(current.values()))
    return report


def _sync_gradebook(root: Path, learners: list[Learner]) -> None:
    """Add the roster's learners to nbgrader's gradebook (when there is one), so formgrader lists them."""
    if not course.has_gradebook(root):
        return
    from nbgrader.api import Gradebook

    with Gradebook(course.gradebook_url(root)) as gb:
        for learner in learners:
            first, _, last = learner.name.partition(" ")
            gb.update_or_create_student(
                learner.id, first_name=first or None, last_name=last or None, email=learner.email or None
            )
