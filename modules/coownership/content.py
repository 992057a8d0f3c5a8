"""Course content as data: every sentence specific to a module lives in that module's folder.

Each module folder ``notebooks/NN-slug/`` holds a ``content.toml`` beside its notebook: exercise
texts, feedback, nudges and hints, sorter statements, audit items, goal-coach rules and their
reasons. Words shared by several modules (the design options of the simulator, the responses to a
missed visit, the two sorting categories) live in ``notebooks/course.toml``. The package's
widgets and checks render what these files give them and hold no course wording of their own.

Where the files are found
    In the course folder (an editable install, ``make lab``): ``notebooks/`` itself. In a
    non-editable install (``pip install .``, a JupyterHub image): the copies packaged with
    ``coownership`` under ``coownership/course_content/`` (``pyproject.toml`` maps them there).
    ``COOWNERSHIP_NOTEBOOKS`` points at another folder of modules (the tests use it for a
    throwaway module).

Content files never reach learners' copies: ``content.toml`` is kept out of every release like
the facilitator guide (``course.RELEASE_SKIP``), and ``tests/test_leaks.py`` checks it.

Reading is checked: a missing file, a key that is absent or of the wrong kind gets a
:class:`~coownership.errors.ContentError` naming the file, the key and what was expected.

Example:
    >>> course_content().section("sorting").table("person-or-service").text("P")
    'explains it by the person'
    >>> module_content("01").path.name
    'content.toml'
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from coownership.errors import ContentError

__all__ = [
    "Content",
    "Section",
    "content_root",
    "module_content",
    "course_content",
    "module_folders",
    "find_exercise",
    "exercise_ids",
    "design_words",
    "read",
]

CONTENT_FILE = "content.toml"
COURSE_FILE = "course.toml"
_PACKAGED = Path(__file__).resolve().parent / "course_content"
_REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def content_root() -> Path:
    """The folder that holds the module folders and ``course.toml``.

    Example:
        >>> (content_root() / "course.toml").is_file()
        True
    """
    override = os.environ.get("COOWNERSHIP_NOTEBOOKS")
    if override:
        return Path(override)
    if (_REPO_NOTEBOOKS / COURSE_FILE).is_file():
        return _REPO_NOTEBOOKS
    return _PACKAGED


def module_folders() -> list[Path]:
    """Every module folder (``NN-slug``) under :func:`content_root` that has a content file, in order.

    Example:
        >>> [p.name[:2] for p in module_folders()][:2]
        ['00', '01']
    """
    root = content_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name[:2].isdigit() and (p / CONTENT_FILE).is_file())


@dataclass(frozen=True)
class Section:
    """One table of a content file, with checked access that names the file and key on error."""

    path: Path
    where: str
    data: dict[str, Any]

    def _fail(self, key: str, expected: str, got: Any = None, missing: bool = False) -> ContentError:
        place = f"[{self.where}] {key}" if self.where else key
        found = "is missing" if missing else f"is {type(got).__name__} {got!r}"
        return ContentError(f"{self.path}: {place} {found}; expected {expected}")

    def has(self, key: str) -> bool:
        """True when ``key`` is present."""
        return key in self.data

    def get(self, key: str, expected: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        """The value at ``key``, checked to be of ``kind``; ``expected`` is said in the error."""
        if key not in self.data:
            if default is not ...:
                return default
            raise self._fail(key, expected, missing=True)
        value = self.data[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise self._fail(key, expected, value)
        return value

    def text(self, key: str, default: Any = ...) -> str:
        """A non-empty string."""
        if key not in self.data and default is not ...:
            return default
        value = self.get(key, "a non-empty string", str)
        if not value.strip():
            raise self._fail(key, "a non-empty string", value)
        return value

    def texts(self, key: str, default: Any = ...) -> tuple[str, ...]:
        """A list of non-empty strings, as a tuple."""
        value = self.get(key, "a list of strings", list, default)
        if value is default:
            return value
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise self._fail(key, "a list of non-empty strings", value)
        return tuple(value)

    def integer(self, key: str, default: Any = ...) -> int:
        """A whole number."""
        return self.get(key, "a whole number", int, default)

    def integers(self, key: str, default: Any = ...) -> tuple[int, ...]:
        """A list of whole numbers, as a tuple."""
        value = self.get(key, "a list of whole numbers", list, default)
        if value is default:
            return value
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise self._fail(key, "a list of whole numbers", value)
        return tuple(value)

    def flag(self, key: str, default: Any = ...) -> bool:
        """True or false."""
        return self.get(key, "true or false", bool, default)

    def table(self, key: str) -> Section:
        """A nested table."""
        value = self.get(key, "a table", dict)
        return Section(self.path, f"{self.where}.{key}" if self.where else key, value)

    def text_table(self, key: str, default: Any = ...) -> dict[str, str]:
        """A table whose every value is a non-empty string (for example options by letter)."""
        if default is not ... and key not in self.data:
            return default
        section = self.table(key)
        return {k: section.text(k) for k in section.data}

    def tables(self, key: str, default: Any = ...) -> list[Section]:
        """An array of tables (``[[key]]`` in TOML)."""
        value = self.get(key, "an array of tables ([[...]])", list, default)
        if value is default:
            return value
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self._fail(f"{key}[{i}]", "a table", item)
            out.append(Section(self.path, f"{self.where}.{key}[{i}]" if self.where else f"{key}[{i}]", item))
        return out

    def keys(self) -> Iterator[str]:
        """The keys of this table."""
        return iter(self.data)


@dataclass(frozen=True)
class Content:
    """One content file, read and parsed."""

    path: Path
    data: dict[str, Any]

    @property
    def top(self) -> Section:
        """The whole file as a :class:`Section`."""
        return Section(self.path, "", self.data)

    def section(self, key: str) -> Section:
        """A top-level table of the file."""
        return self.top.table(key)


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int) -> Content:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: is not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: is not valid TOML ({exc})") from None
    return Content(path, data)


def read(path: Path) -> Content:
    """Read one content file (cached until the file changes).

    Example:
        >>> read(content_root() / "course.toml").path.name
        'course.toml'
    """
    if not path.is_file():
        raise ContentError(f"{path}: not found. Each module folder needs a {CONTENT_FILE} beside its notebook.")
    return _read(path, path.stat().st_mtime_ns)


def course_content() -> Content:
    """The course-wide content file, ``course.toml``.

    Example:
        >>> course_content().section("design").table("plan").text("label")
        'The plan'
    """
    return read(content_root() / COURSE_FILE)


def module_content(module: str) -> Content:
    """The content file of a module, by folder name (``"01-engagement-is-produced"``) or number (``"01"``).

    Example:
        >>> module_content("00").path.parent.name
        '00-start-here'
    """
    if not isinstance(module, str) or len(module) < 2 or not module[:2].isdigit():
        raise ContentError(f"module must be a module folder name or number such as '01'; got {module!r}")
    for folder in module_folders():
        if folder.name == module or folder.name[:2] == module[:2] and len(module) == 2:
            return read(folder / CONTENT_FILE)
    raise ContentError(f"no module {module!r} with a {CONTENT_FILE} under {content_root()}")


def find_exercise(exercise_id: str) -> Section:
    """The ``[[exercise]]`` table with this id, from the module its number names.

    Example:
        >>> find_exercise("01-first-response").text("kind")
        'choice'
    """
    if not isinstance(exercise_id, str) or not exercise_id[:2].isdigit():
        raise ContentError(
            f"an exercise id starts with its module's number, like '01-sort-statements'; got {exercise_id!r}"
        )
    content = module_content(exercise_id[:2])
    for item in content.top.tables("exercise", []):
        if item.data.get("id") == exercise_id:
            return item
    raise ContentError(f"{content.path}: no [[exercise]] with id = {exercise_id!r}")


def exercise_ids() -> list[str]:
    """Every exercise id in every module's content file, in course order.

    Example:
        >>> exercise_ids()[0]
        '00-try-it'
    """
    out = []
    for folder in module_folders():
        for item in read(folder / CONTENT_FILE).top.tables("exercise", []):
            out.append(item.text("id"))
    return out


def design_words(lever: str, allowed: tuple[str, ...]) -> tuple[str, dict[str, Section]]:
    """The control label of a simulator lever and its options' words by value, from ``course.toml``.

    The options must be exactly ``allowed`` (the simulator's own values), in any order.

    Example:
        >>> label, options = design_words("plan", ("standard", "tailored"))
        >>> label, options["tailored"].text("label")
        ('The plan', 'Tailored to the family')
    """
    section = course_content().section("design").table(lever)
    options = {item.text("value"): item for item in section.tables("options")}
    if set(options) != set(allowed) or len(options) != len(section.data["options"]):
        raise ContentError(
            f"{section.path}: [design.{lever}] options must have the values {', '.join(allowed)} once each; "
            f"got {', '.join(options) or 'none'}"
        )
    return section.text("label"), {value: options[value] for value in allowed}
