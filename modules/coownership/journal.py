"""The reflection journal: everything a learner writes, kept on their machine, never lost.

Storage: **JSON Lines**, one file per learner, one entry per line (``module``, ``prompt_id``,
``text``, ``saved_at`` in UTC, an ``id``). Chosen over SQLite because a learner can open it in any
text editor, copy it, or print it, and because an append-only text file can be reasoned about
line by line.

Where it lives: ``COOWNERSHIP_JOURNAL`` if set; otherwise ``my-journal.jsonl`` at the top of the
learner workspace (the folder ``make lab`` builds, found by walking up from the notebook's folder
to the one holding ``.coownership/``); otherwise ``~/.coownership-journal/my-journal.jsonl``.

Guarantees (each has a test in ``tests/test_journal.py``):

- **Saved means on disk.** An entry is one ``os.write`` of one complete line to a file opened
  with ``O_APPEND``, followed by ``fsync``, before :meth:`Journal.add` returns.
- **Two kernels at once lose nothing.** Writers hold an exclusive lock for the append, so lines
  never interleave. The lock is the operating system's own (``flock`` on Linux and macOS,
  ``LockFileEx`` on Windows), taken through the `filelock <https://py-filelock.readthedocs.io>`_
  library on a hidden file beside the journal (``.my-journal.jsonl.lock``), so readers are never
  blocked, and the system drops it when a process dies, even by ``kill -9``. A writer that waits
  more than :data:`LOCK_TIMEOUT` seconds gets a message, never a frozen notebook.
- **Written for Linux, macOS and Windows.** Importing the package needs nothing POSIX-only
  (``tests/test_portable.py``), and the file is written in binary mode, so Windows adds no
  carriage returns.
- **A crash cannot hurt earlier entries.** The file is only ever appended to: nothing truncates,
  rewrites or replaces it. A process killed mid-write can at worst leave one partial last line;
  the next append starts on a fresh line, and readers report the damaged line and skip it.
- **Damage is reported, not fatal.** :meth:`Journal.read` returns the good entries and a list of
  the lines it could not read (line number and why).
- **One way to save, one default place.** Every *Save to my journal* button (the journal box,
  the structure audit, the goal coach) saves through :func:`save_reflection`: the same default
  journal (:func:`default_path`), and nothing is written while nbgrader grades (the grading
  computer's journal is not the learner's).

Example:
    >>> import tempfile, pathlib
    >>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "j.jsonl")
    >>> j.add("01", "reflection", "What changed just before the visits stopped?").module
    '01'
    >>> [e.text for e in j.entries()]
    ['What changed just before the visits stopped?']
"""

from __future__ import annotations

import html
import json
import os
import sys
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import filelock

from coownership import course
from coownership.checks import grading
from coownership.errors import ArgumentError, ArgumentTypeError, JournalError
from coownership.files import write_atomic

__all__ = [
    "Entry",
    "Journal",
    "JournalError",
    "default_path",
    "find_workspace",
    "workspace_path",
    "save_reflection",
    "MAX_CHARS",
    "LOCK_TIMEOUT",
]

MAX_CHARS = 20_000
"""The longest entry accepted (about eight pages); longer pastes get a clear message."""

LOCK_TIMEOUT = 30.0
"""Seconds a save waits for another program that is saving to the same journal."""

# The operating system's lock, never filelock's "soft" lock (a marker file that a killed process
# would leave behind, blocking every later save). Chosen here, not by filelock.FileLock, so the
# choice does not depend on what filelock finds at import time.
_OS_LOCK: type[filelock.BaseFileLock] = filelock.WindowsFileLock if sys.platform == "win32" else filelock.UnixFileLock
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation

_FIELDS = ("id", "module", "prompt_id", "text", "saved_at")


@dataclass(frozen=True)
class Entry:
    """One saved piece of writing."""

    id: str
    module: str
    prompt_id: str
    text: str
    saved_at: str  # ISO 8601, UTC

    @property
    def saved_local(self) -> str:
        """When it was saved, in local time, for people (``2026-11-27 14:32``)."""
        return datetime.fromisoformat(self.saved_at).astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Problem:
    """A line of the journal file that could not be read."""

    line: int
    reason: str


def default_path(start: Path | str | None = None) -> Path:
    """Where the journal lives (see the module docstring for the order of places tried).

    Example:
        >>> default_path("/").name
        'my-journal.jsonl'
    """
    return workspace_path(
        "my-journal.jsonl", env="COOWNERSHIP_JOURNAL", outside=".coownership-journal/my-journal.jsonl", start=start
    )


def workspace_path(name: str, *, env: str, outside: str, start: Path | str | None = None) -> Path:
    """A learner's own file or folder: the path in environment variable ``env`` when set, else ``name``
    in the workspace holding ``start`` (:func:`find_workspace`), else ``outside`` in the home folder.
    The journal and the shared-ratings folder are found this way.

    Example:
        >>> workspace_path("notes.txt", env="NO_SUCH_VARIABLE", outside=".notes.txt", start="/") == Path.home() / ".notes.txt"
        True
    """
    chosen = os.environ.get(env)
    if chosen:
        return Path(chosen).expanduser()
    workspace = find_workspace(start)
    if workspace is not None:
        return workspace / name
    return Path.home() / outside


def find_workspace(start: Path | str | None = None) -> Path | None:
    """The learner workspace ``make lab`` built that holds ``start`` (default: the current folder),
    found by walking up to the folder holding ``.coownership/copied.json``; None outside one.
    The journal and the shared-ratings folder (:func:`coownership.survey.share_folder`) live there.

    Example:
        >>> find_workspace("/") is None
        True
    """
    here = Path(start) if start is not None else Path.cwd()
    for folder in (here, *here.parents):
        if (folder / course.COPIED_RECORD).is_file():  # written only by the workspace build
            return folder
    return None


def _check_text(name: str, value: object, limit: int) -> str:
    if not isinstance(value, str):
        raise JournalError(f"{name} must be text; got {type(value).__name__}")
    if not value.strip():
        raise JournalError(f"{name} is empty. Write something first, then save.")
    if len(value) > limit:
        raise JournalError(
            f"{name} is {len(value):,} characters; the journal takes up to {limit:,} at a time. "
            "Save it in parts, or keep the long version in a document of your own."
        )
    return value


class Journal:
    """A learner's journal file. Reading never changes the file; writing only appends.

    Args:
        path: the journal file (created with its folder on first save); default
            :func:`default_path`.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        if path is not None and not isinstance(path, (str, os.PathLike)):
            raise ArgumentTypeError(f"path must be a file path; got {type(path).__name__}")
        self.path = Path(path).expanduser() if path is not None else default_path()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    @property
    def lock_path(self) -> Path:
        """The hidden file writers lock while they append (``.my-journal.jsonl.lock``); it stays empty."""
        return self.path.with_name(f".{self.path.name}.lock")

    # -- writing -----------------------------------------------------------------------------
    def add(self, module: str, prompt_id: str, text: str) -> Entry:
        """Append one entry and make sure it is on disk before returning it.

        Raises :class:`JournalError` for empty or over-long text, when the folder cannot be
        written, or when another program keeps the journal locked for more than
        :data:`LOCK_TIMEOUT` seconds (the message names the file and says what to do).
        """
        module = _check_text("module", module, 40).strip()
        prompt_id = _check_text("prompt_id", prompt_id, 80).strip()
        text = _check_text("Your entry", text, MAX_CHARS)
        entry = Entry(
            id=uuid.uuid4().hex,
            module=module,
            prompt_id=prompt_id,
            text=text,
            saved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        line = (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8")
        lock = _OS_LOCK(
            self.lock_path, timeout=LOCK_TIMEOUT, mode=0o600, preserve_lock_file=True, fallback_to_soft=False
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except filelock.Timeout as exc:
            raise JournalError(
                f"Could not save to {self.path}: another program has been saving to it for "
                f"{LOCK_TIMEOUT:.0f} seconds. Nothing was lost: what you wrote is still on screen. "
                "Save again in a moment."
            ) from exc
        except OSError as exc:
            raise self._cannot_open(exc) from exc
        try:
            self._append(line)
        finally:
            lock.release()
        return entry

    def _cannot_open(self, exc: OSError) -> JournalError:
        return JournalError(
            f"Could not save to {self.path} ({exc.strerror or exc}). Nothing was lost: what you wrote is "
            "still on screen. Check that the folder exists and that you may write there, or set "
            "COOWNERSHIP_JOURNAL to another file."
        )

    def _append(self, line: bytes) -> None:
        """Append one line and fsync it; the caller holds the lock."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _BINARY, 0o600)
        except OSError as exc:
            raise self._cannot_open(exc) from exc
        try:
            size = os.fstat(fd).st_size
            if size and not self._ends_with_newline(size):
                line = b"\n" + line  # an earlier crash left a partial line: start a fresh one
            written = 0
            while written < len(line):
                written += os.write(fd, line[written:])
            os.fsync(fd)
        except OSError as exc:
            raise JournalError(
                f"Saving to {self.path} failed ({exc.strerror}). What you wrote is still on screen; "
                "free some disk space or choose another place, then save again."
            ) from exc
        finally:
            os.close(fd)

    def _ends_with_newline(self, size: int) -> bool:
        with open(self.path, "rb") as handle:
            handle.seek(size - 1)
            return handle.read(1) == b"\n"

    # -- reading -----------------------------------------------------------------------------
    def read(self) -> tuple[list[Entry], list[Problem]]:
        """All readable entries, oldest first, and the lines that could not be read."""
        if not self.path.exists():
            return [], []
        entries, problems = [], []
        with open(self.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw.decode("utf-8"))
                    if not isinstance(data, dict) or set(data) != set(_FIELDS):
                        raise ArgumentError("not a journal entry")
                    entry = Entry(**{k: str(data[k]) for k in _FIELDS})
                    datetime.fromisoformat(entry.saved_at)  # a damaged time is damage too
                    entries.append(entry)
                except (ValueError, UnicodeDecodeError) as exc:
                    reason = (
                        "cut off (the program may have stopped while saving)"
                        if not raw.endswith(b"\n")
                        else f"damaged ({exc.__class__.__name__})"
                    )
                    problems.append(Problem(number, reason))
        return entries, problems

    def entries(self, module: str | None = None) -> list[Entry]:
        """Readable entries (optionally of one module), oldest first."""
        found = self.read()[0]
        return [e for e in found if module is None or e.module == module]

    def latest(self, module: str, prompt_id: str) -> Entry | None:
        """The newest entry for one prompt, or None."""
        matching = [e for e in self.entries(module) if e.prompt_id == prompt_id]
        return matching[-1] if matching else None

    # -- export ------------------------------------------------------------------------------
    def export(self, folder: Path | str | None = None, *, title: str = "My reflection portfolio") -> tuple[Path, Path]:
        """Write the portfolio as Markdown and as a self-contained HTML page; return both paths.

        Files are named with the time of export, so an earlier export is never overwritten.

        Example:
            >>> import tempfile, pathlib
            >>> d = pathlib.Path(tempfile.mkdtemp())
            >>> j = Journal(d / "j.jsonl"); _ = j.add("00", "first", "Hello")
            >>> md, page = j.export(d)
            >>> md.suffix, page.suffix
            ('.md', '.html')
        """
        folder = Path(folder) if folder is not None else self.path.parent
        entries, problems = self.read()
        by_module: dict[str, list[Entry]] = {}
        for e in entries:
            by_module.setdefault(e.module, []).append(e)
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        md_lines = [f"# {title}", "", f"{len(entries)} entries, exported {stamp[:10]}.", ""]
        body = [f"<h1>{html.escape(title)}</h1>", f"<p>{len(entries)} entries, exported {stamp[:10]}.</p>"]
        for module in sorted(by_module):
            md_lines += [f"## Module {module}", ""]
            body.append(f"<h2>Module {html.escape(module)}</h2>")
            for e in by_module[module]:
                md_lines += [f"### {e.prompt_id} ({e.saved_local})", "", e.text, ""]
                paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in e.text.split("\n") if p.strip())
                body.append(
                    f"<section><h3>{html.escape(e.prompt_id)} <small>({e.saved_local})</small></h3>"
                    f"{paragraphs}</section>"
                )
        if problems:
            note = f"{len(problems)} damaged line(s) in the journal file were skipped: " + ", ".join(
                f"line {p.line}" for p in problems
            )
            md_lines += ["", f"*{note}*"]
            body.append(f"<p><em>{html.escape(note)}</em></p>")
        page = (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:42em;"
            "margin:2em auto;line-height:1.5;color:#1a1a1a}h3 small{font-weight:normal;color:#555}"
            "section{break-inside:avoid}</style></head><body>" + "".join(body) + "</body></html>"
        )
        for n in range(1, 1000):  # two exports in the same second get -2, -3, ...
            stem = f"portfolio-{stamp}" + (f"-{n}" if n > 1 else "")
            md_path, html_path = folder / f"{stem}.md", folder / f"{stem}.html"
            if write_atomic(md_path, "\n".join(md_lines).encode("utf-8"), overwrite=False):
                break
        else:  # pragma: no cover - a thousand exports in one second
            raise JournalError(f"Could not find a free file name for the portfolio in {folder}.")
        if not write_atomic(html_path, page.encode("utf-8"), overwrite=False):
            raise JournalError(f"{html_path} already exists; export again in a moment.")
        return md_path, html_path


def save_reflection(
    module: str,
    prompt_id: str,
    text: str,
    *,
    journal: Journal | None = None,
    workspace: Path | str | None = None,
) -> Entry:
    """Save one piece of writing to the learner's journal: the one way every *Save* button saves.

    Args:
        module: the module number, for example ``"03"``.
        prompt_id: what was answered, for example ``"structure-audit"``.
        text: what to save (up to :data:`MAX_CHARS` characters).
        journal: the journal to save to. Default: the learner's journal,
            ``Journal(default_path(workspace))`` (see :func:`default_path`).
        workspace: where to start looking for the learner's workspace when no ``journal`` is
            given (default: the current folder, which in Jupyter is the notebook's folder).

    Returns the saved :class:`Entry`. Raises :class:`JournalError` with a message for the learner
    when nothing was saved: empty or over-long text, a folder that cannot be written, a journal
    busy for too long, or nbgrader grading (``NBGRADER_EXECUTION`` is set): a graded notebook
    never writes into the grading computer's journal.

    Example:
        >>> import tempfile, pathlib
        >>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "j.jsonl")
        >>> save_reflection("03", "structure-audit", "Who sets the visit times?", journal=j).prompt_id
        'structure-audit'
        >>> save_reflection("03", "structure-audit", "x", journal=j, workspace=".")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: give journal or workspace, not both (journal says where to save)
    """
    if journal is not None and not isinstance(journal, Journal):
        raise ArgumentTypeError(f"journal must be a coownership.journal.Journal or None; got {type(journal).__name__}")
    if workspace is not None and not isinstance(workspace, (str, os.PathLike)):
        raise ArgumentTypeError(f"workspace must be a folder path or None; got {type(workspace).__name__}")
    if journal is not None and workspace is not None:
        raise ArgumentError("give journal or workspace, not both (journal says where to save)")
    if grading():
        raise JournalError(
            "Saving to a journal is switched off while nbgrader grades this notebook, so nothing "
            "goes into the grading computer's journal."
        )
    target = journal if journal is not None else Journal(default_path(workspace))
    return target.add(module, prompt_id, text)
