"""The grading log: what was autograded, from which copy, when, and what came of it.

nbgrader's gradebook holds scores but not when they were given, nor why a submission could not be
graded. The course keeps those in one small file, ``grading-log.json`` in the course directory,
keyed ``<learner>/<module>``:

- ``digest``: the SHA-256 of the submitted notebook that was graded, so ``autograde`` can grade
  only what is new or changed;
- ``autograded_at``: when that copy was autograded (ISO 8601 with a time zone); re-grading the same
  copy keeps it;
- ``ok``, ``problem``, ``score``, ``max_score``, ``tamper``: the result;
- ``manual``: a fingerprint of the written answers' grades and ``manual_at``, the time the course
  first saw them graded (``status``, ``export``, ``feedback`` and ``certificates`` all look).

The file is written atomically by the coordinator's process only (never by a grading worker).

Example:
    >>> import tempfile
    >>> log = Ledger(tempfile.mkdtemp())
    >>> log.get("ana", "00-start-here") is None
    True
    >>> log.update("ana", "00-start-here", ok=True, digest="ab"); log.get("ana", "00-start-here")["ok"]
    True
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coownership.files import write_atomic

__all__ = ["LEDGER_NAME", "Ledger", "digest", "now_iso", "iso"]

LEDGER_NAME = "grading-log.json"
"""The grading log's file name, in the course directory."""


def now_iso() -> str:
    """Now, as ISO 8601 with the time zone, to the second.

    Example:
        >>> now_iso().endswith("+00:00")
        True
    """
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(value: Any) -> str:
    """A time from nbgrader or a file as ISO 8601 with the time zone, to the second ('' for none).

    nbgrader keeps times without a zone, in UTC; they are read as UTC.

    Example:
        >>> iso(datetime(2026, 11, 20, 9, 5, 3, 123456))
        '2026-11-20T09:05:03+00:00'
        >>> iso(None)
        ''
    """
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def digest(path: Path | str) -> str:
    """SHA-256 of a file's bytes ('' when it cannot be read).

    Example:
        >>> digest("/no/such/file")
        ''
    """
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


class Ledger:
    """The course directory's grading log (see the module docstring); ``save()`` writes it.

    Example:
        >>> import tempfile
        >>> root = tempfile.mkdtemp()
        >>> log = Ledger(root); log.update("ben", "01-x", ok=False, problem="broken"); log.save()
        >>> Ledger(root).get("ben", "01-x")["problem"]
        'broken'
    """

    def __init__(self, course_root: Path | str) -> None:
        self.path = Path(course_root) / LEDGER_NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}
        except (OSError, ValueError):
            data = {}  # a damaged log only costs "grade only what changed" and first-seen times
        self.entries: dict[str, dict[str, Any]] = data if isinstance(data, dict) else {}
        self.changed = False

    def get(self, learner: str, module: str) -> dict[str, Any] | None:
        """The entry for one submission, or None.

        Example:
            >>> import tempfile
            >>> Ledger(tempfile.mkdtemp()).get("ana", "00-start-here") is None
            True
        """
        entry = self.entries.get(f"{learner}/{module}")
        return entry if isinstance(entry, dict) else None

    def update(self, learner: str, module: str, **fields: Any) -> None:
        """Set fields of one submission's entry (created if new).

        Example:
            >>> import tempfile
            >>> log = Ledger(tempfile.mkdtemp()); log.update("ana", "m", ok=True); log.changed
            True
        """
        entry = self.entries.setdefault(f"{learner}/{module}", {})
        if any(entry.get(k) != v for k, v in fields.items()):
            entry.update(fields)
            self.changed = True

    def save(self) -> None:
        """Write the log atomically, if anything changed.

        Example:
            >>> import tempfile
            >>> Ledger(tempfile.mkdtemp()).save()
        """
        if self.changed:
            write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True).encode("utf-8"))
            self.changed = False
