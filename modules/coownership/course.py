"""The course as files: find its modules, read what each declares, build a learner workspace.

A *module* is a folder ``notebooks/NN-slug/`` holding the nbgrader source notebook
``NN-slug.ipynb`` and ``facilitator-guide.md`` (which never reaches learners). Each notebook
declares, in its markdown (so learners see it too):

- a first cell that starts ``# Module NN · Title`` with a line ``**Time:** N minutes`` and a
  ``## Objectives`` bullet list;
- a ``## Questions to ask about your program`` cell;
- a ``## Key points`` bullet list (near the end).

:func:`read_module` parses these; ``tests/test_conventions.py`` holds every module to them.

The learner workspace (``learner/`` by default) holds each module's learner copy, made by
``nbgrader generate_assignment`` into a private course directory (``build/learner-course``, or
``COOWNERSHIP_LEARNER_BUILD``), so a coordinator's gradebook is never touched. Building it **never overwrites a file already there**:
that file is a learner's work. A JupyterHub image carries no source notebook: its learner copies
are made when the image is built, and ``COOWNERSHIP_RELEASED`` names their folder, so the workspace
is copied from there and nbgrader is not run (``deploy/image/``). When the course itself has changed since a learner's copy was made,
the new version is saved beside it (``NN-slug (updated).ipynb``) and the learner is told.

Example:
    >>> info = read_module(module_dirs()[0])
    >>> info.id, info.minutes > 0, len(info.objectives) > 0
    ('00-start-here', True, True)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

from coownership.errors import ContentError, CourseError
from coownership.files import write_atomic

__all__ = [
    "REPO",
    "ModuleInfo",
    "module_dirs",
    "module_ids",
    "read_module",
    "select_modules",
    "release",
    "run_nbgrader",
    "course_root",
    "gradebook_url",
    "has_gradebook",
    "build_workspace",
    "CourseError",
]

REPO = Path(__file__).resolve().parents[2]
"""The course checkout (the package is installed editable from ``modules/``)."""

NOTEBOOKS = Path(os.environ.get("COOWNERSHIP_NOTEBOOKS") or REPO / "notebooks")
"""The module folders: ``notebooks/``, or ``COOWNERSHIP_NOTEBOOKS`` (as in ``grading/nbgrader_config.py``)."""
GRADING = REPO / "grading"
DOCS = Path(os.environ.get("COOWNERSHIP_DOCS") or REPO / "docs")
"""The course's reading (see :data:`COURSE_DOCS`): ``docs/``, or ``COOWNERSHIP_DOCS`` (a JupyterHub image)."""
MODULE_PATTERN = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$")
WORKSPACE_STATE = ".coownership"
"""The hidden folder in a learner's workspace where the course keeps its own notes."""
COPIED_RECORD = f"{WORKSPACE_STATE}/copied.json"
"""What the workspace build copied (file -> hash); written only by the build, so it also marks a workspace."""
LEARNER_ID_FILE = f"{WORKSPACE_STATE}/learner-id"
"""The learner id ``coownership handin`` remembers."""
RELEASE_SKIP = ("facilitator", ".", "content.toml")  # name prefixes nbgrader's config also keeps out of releases


@dataclass(frozen=True)
class ModuleInfo:
    """What a module declares about itself (see the module docstring for the convention)."""

    id: str
    number: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    key_points: tuple[str, ...]
    questions: tuple[str, ...]
    notebook: Path


class NotebookData(dict):
    """A notebook read as plain JSON, with attribute access like nbformat's ``NotebookNode``
    (``nb.cells``, ``cell.source``). Reading this way skips nbformat's schema validator, whose
    import alone costs a learner's kernel about 0.85 s."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _node(value: Any) -> Any:
    if isinstance(value, dict):
        return NotebookData({k: _node(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_node(v) for v in value]
    return value


def read_notebook(path: Path | str) -> NotebookData:
    """Read a notebook file as plain JSON (cell sources joined into one string each).

    Raises ``OSError`` for a file that cannot be read and ``ValueError`` (a
    :class:`~coownership.errors.ContentError`, or JSON's own error) for one that is not a notebook.

    Example:
        >>> nb = read_notebook(NOTEBOOKS / "00-start-here" / "00-start-here.ipynb")
        >>> nb.cells[0].cell_type
        'markdown'
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ContentError("not a notebook: no list of cells")
    for cell in data["cells"]:
        if not isinstance(cell, dict):
            raise ContentError("not a notebook: a cell is not a table")
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return _node(data)


def module_dirs(notebooks: Path | str | None = None) -> list[Path]:
    """The course's module folders, in order.

    Example:
        >>> [p.name for p in module_dirs()][:2]
        ['00-start-here', '01-engagement-is-produced']
    """
    root = Path(notebooks) if notebooks is not None else NOTEBOOKS
    if not root.is_dir():
        raise CourseError(f"notebooks folder not found: {root}. Run this from a course checkout.")
    return sorted(
        p for p in root.iterdir() if p.is_dir() and MODULE_PATTERN.match(p.name) and (p / f"{p.name}.ipynb").is_file()
    )


def module_ids(notebooks: Path | str | None = None) -> list[str]:
    """The ids (folder names) of the course's modules, in order.

    Example:
        >>> module_ids()[0]
        '00-start-here'
    """
    return [p.name for p in module_dirs(notebooks)]


def _bullets(text: str, heading: str) -> tuple[str, ...]:
    match = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^#|\Z)", text, re.M | re.S | re.I)
    if not match:
        return ()
    bullets: list[str] = []
    for line in match.group(1).splitlines():
        item = re.match(r"^\s*[-*]\s+(.+)$", line)
        if item:
            bullets.append(item.group(1).strip())
        elif bullets and line.startswith((" ", "\t")) and line.strip():  # a wrapped bullet goes on
            bullets[-1] += " " + line.strip()
        elif line.strip():
            break  # the list has ended
    return tuple(bullets)


def read_module(folder: Path | str) -> ModuleInfo:
    """Read a module's title, minutes, objectives, key points and program questions.

    Raises :class:`CourseError` naming the file and what is missing.

    Example:
        >>> read_module(module_dirs()[1]).number
        '01'
    """
    folder = Path(folder)
    path = folder / f"{folder.name}.ipynb"
    if not path.is_file():
        raise CourseError(f"{path}: module notebook not found (expected <folder name>.ipynb)")
    try:
        nb = read_notebook(path)
    except (OSError, ValueError) as exc:
        raise CourseError(f"{path}: not a readable notebook ({exc})") from exc
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    if not markdown:
        raise CourseError(f"{path}: has no markdown cells; the first must hold the title")
    first = markdown[0]
    title = re.match(r"^#\s+Module\s+(\d\d)\s+·\s+(.+)$", first.strip().splitlines()[0])
    if not title:
        raise CourseError(f"{path}: the first cell must start '# Module NN · Title'")
    minutes = re.search(r"\*\*Time:\*\*\s*(\d+)\s*minutes", first)
    if not minutes:
        raise CourseError(f"{path}: the first cell needs a line '**Time:** N minutes'")
    everything = "\n\n".join(markdown)
    return ModuleInfo(
        id=folder.name,
        number=title.group(1),
        title=title.group(2).strip(),
        minutes=int(minutes.group(1)),
        objectives=_bullets(first, "Objectives"),
        key_points=_bullets(everything, "Key points"),
        questions=_bullets(everything, "Questions to ask about your program"),
        notebook=path,
    )


# -- releases ------------------------------------------------------------------------------------


def _source_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(p in (".ipynb_checkpoints", "__pycache__") for p in parts):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def course_root(path: Path | str | None = None) -> Path:
    """The coordinator's course directory: ``path`` if given, else ``COOWNERSHIP_COURSE_ROOT``,
    else ``grading/`` (the same rule as ``grading/nbgrader_config.py``).

    Example:
        >>> course_root("/tmp/course").as_posix()
        '/tmp/course'
    """
    if path:
        return Path(path)
    return Path(os.environ.get("COOWNERSHIP_COURSE_ROOT", GRADING))


def gradebook_url(course_root: Path | str) -> str:
    """nbgrader's gradebook as a SQLAlchemy URL: ``COOWNERSHIP_GRADEBOOK_URL`` when set (PostgreSQL on
    Kubernetes: deploy/kubernetes/formgrader.yaml), else ``gradebook.db`` in the course directory.

    Example:
        >>> gradebook_url("/tmp/course").endswith("/tmp/course/gradebook.db") or "COOWNERSHIP_GRADEBOOK_URL" in os.environ
        True
    """
    return os.environ.get("COOWNERSHIP_GRADEBOOK_URL") or f"sqlite:///{Path(course_root) / 'gradebook.db'}"


def has_gradebook(course_root: Path | str) -> bool:
    """Whether the course has a gradebook yet: always with ``COOWNERSHIP_GRADEBOOK_URL`` (a database
    server), else when ``gradebook.db`` exists (nbgrader creates it at the first release).

    Example:
        >>> has_gradebook("/no/such/course") or "COOWNERSHIP_GRADEBOOK_URL" in os.environ
        False
    """
    return bool(os.environ.get("COOWNERSHIP_GRADEBOOK_URL")) or (Path(course_root) / "gradebook.db").is_file()


def nbgrader_env(course_root: Path | str) -> dict[str, str]:
    """Environment for running nbgrader on a private course directory (see nbgrader_config.py)."""
    env = dict(os.environ)
    env["COOWNERSHIP_COURSE_ROOT"] = str(Path(course_root).resolve())
    # nbgrader runs the ``alembic`` command it installs beside itself; make sure it is found.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("NBGRADER_EXECUTION", None)
    return env


def run_nbgrader(args: list[str], *, course_root: Path | str) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` with the course's configuration on ``course_root``; never raises.

    Example:
        >>> run_nbgrader(["--version"], course_root="/tmp").returncode  # doctest: +SKIP
        0
    """
    cmd = [sys.executable, "-m", "nbgrader", *args]
    return subprocess.run(cmd, cwd=GRADING, env=nbgrader_env(course_root), capture_output=True, text=True)


def select_modules(ids: list[str] | None = None) -> list[str]:
    """The module ids asked for (every module when None), each checked against the course.

    Raises :class:`CourseError` for one string instead of a list, or an unknown id.

    Example:
        >>> select_modules(["00-start-here"])
        ['00-start-here']
        >>> select_modules(["99-nope"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        coownership.errors.CourseError: unknown module(s): 99-nope. Known modules: 00-start-here, ...
    """
    known = module_ids()
    if isinstance(ids, str):
        raise CourseError(f"give a list of module ids, not one string: use [{ids!r}]")
    ids = known if ids is None else list(ids)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise CourseError(f"unknown module(s): {', '.join(unknown)}. Known modules: {', '.join(known)}")
    return ids


def release(course_root: Path | str, *, ids: list[str] | None = None, force: bool = False) -> list[str]:
    """Make learner copies of the given modules (all by default) in ``course_root/release``.

    Runs ``nbgrader generate_assignment`` with the course's own configuration. A module whose
    source has not changed since its last release is skipped unless ``force``. Returns the ids
    released this time.

    Example:
        >>> import tempfile
        >>> release(tempfile.mkdtemp(), ids=["00-start-here"])  # doctest: +SKIP
        ['00-start-here']
    """
    course_root = Path(course_root)
    ids = select_modules(ids)
    stamps = course_root / "stamps"
    stamps.mkdir(parents=True, exist_ok=True)
    # Two builds into one course folder at once (two `make lab`s, two test workers) take turns:
    # nbgrader's gradebook and release folder are not safe to share mid-build.
    with FileLock(str(course_root / ".release.lock")):
        return _release_each(course_root, ids, stamps, force)


def _release_each(course_root: Path, ids: list[str], stamps: Path, force: bool) -> list[str]:
    done = []
    for module in ids:
        stamp = stamps / f"{module}.sha256"
        current = _source_hash(NOTEBOOKS / module)
        released = course_root / "release" / module / f"{module}.ipynb"
        if not force and released.is_file() and stamp.is_file() and stamp.read_text() == current:
            continue
        proc = run_nbgrader(["generate_assignment", module, "--force"], course_root=course_root)
        if proc.returncode != 0:
            raise CourseError(
                f"nbgrader could not make the learner copy of {module} (exit {proc.returncode}).\n"
                f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            )
        write_atomic(stamp, current.encode())
        done.append(module)
    return done


# -- the learner workspace -----------------------------------------------------------------------


def build_workspace(
    workspace: Path | str,
    *,
    course_root: Path | str | None = None,
    ids: list[str] | None = None,
) -> list[str]:
    """Put each module's learner copy into ``workspace/<module>/``; never overwrite a file.

    The course's reading (``docs/references.md``, ``docs/model-card.md``) goes into
    ``workspace/docs/`` too (see :data:`COURSE_DOCS`).

    The copies come from an nbgrader release made into ``course_root`` (made or refreshed here),
    or, when ``COOWNERSHIP_RELEASED`` is set, from that folder of learner copies made beforehand
    (``NN-slug/NN-slug.ipynb``; a JupyterHub image, which carries no source notebook).

    Returns one plain-language line per module saying what happened. A record of what was
    copied (``workspace/.coownership/copied.json``) lets a later build tell a learner's edits
    from a course update: when the course changed, the new copy is saved beside theirs.

    Example:
        >>> import tempfile
        >>> build_workspace(tempfile.mkdtemp())  # doctest: +SKIP
        ['00-start-here: ready', '01-engagement-is-produced: ready']
    """
    workspace = Path(workspace)
    course_root = Path(course_root or os.environ.get("COOWNERSHIP_LEARNER_BUILD") or REPO / "build" / "learner-course")
    if workspace.exists() and not workspace.is_dir():
        raise CourseError(f"workspace {workspace} is a file, not a folder. Move it or choose another.")
    ids = select_modules(ids)
    released = os.environ.get("COOWNERSHIP_RELEASED")
    if released:
        release_dir = Path(released)
    else:
        release(course_root, ids=ids)
        release_dir = course_root / "release"
    record_path = workspace / COPIED_RECORD
    try:
        record = json.loads(record_path.read_text()) if record_path.is_file() else {}
    except (OSError, ValueError):
        record = {}  # a damaged record only costs us the "updated" detection
    report = []
    for module in ids:
        source = release_dir / module
        if not source.is_dir():
            raise CourseError(f"no learner copy of {module} in {release_dir}")
        kept, updated = [], []
        for src in sorted(source.rglob("*")):
            rel = src.relative_to(source)
            if src.is_dir() or any(part.startswith(RELEASE_SKIP) for part in rel.parts):
                continue
            was_there, side = _copy_keeping(
                workspace / module / rel, src.read_bytes(), record, f"{module}/{rel.as_posix()}"
            )
            if was_there:
                kept.append(str(rel))
            if side:
                updated.append(side)
        line = f"{module}: " + ("kept your copy" if kept else "ready")
        if updated:
            line += f"; the course changed, so the new version is saved beside yours as {', '.join(updated)}"
        report.append(line)
    _copy_course_docs(workspace, record)
    write_atomic(record_path, json.dumps(record, indent=1, sort_keys=True).encode())
    return report


COURSE_DOCS = ("references.md", "model-card.md")
"""Reading the modules point to (sources in full; how the simulator works), copied into the
learner's folder as ``docs/`` so a Sources line can be followed from JupyterLab."""


def _copy_keeping(
    dest: Path, data: bytes, record: dict[str, str], key: str, *, refresh: bool = False
) -> tuple[bool, str | None]:
    """Copy ``data`` to ``dest`` without ever losing what a learner wrote; returns (whether a file
    was already there and kept, the name the new version was saved under beside it, or None).

    A file already there is the learner's and is kept. When the course's version has changed since
    that copy was made (``record[key]``, the digest last copied), the new version is saved beside
    it under the first free name (``stem (updated).ext``, ``stem (updated 2).ext``, ...), so neither
    the learner's copy nor an earlier update is lost. With ``refresh``, a copy still exactly as the
    course gave it is brought up to date instead.
    """
    digest = hashlib.sha256(data).hexdigest()
    if write_atomic(dest, data, overwrite=False):
        record[key] = digest
        return False, None
    if refresh:
        current = hashlib.sha256(dest.read_bytes()).hexdigest()
        if current in (digest, record.get(key)):  # the same, or our own earlier copy, untouched
            if current != digest:
                write_atomic(dest, data)
            record[key] = digest
            return False, None
    if record.get(key) in (None, digest):
        return True, None
    for n in range(1, 100):
        side = dest.with_name(f"{dest.stem} (updated{'' if n == 1 else f' {n}'}){dest.suffix}")
        if write_atomic(side, data, overwrite=False):
            record[key] = digest
            return True, side.name
    return True, None


def _copy_course_docs(workspace: Path, record: dict[str, str]) -> None:
    """Copy :data:`COURSE_DOCS` into ``workspace/docs/``. A copy the learner has not changed is
    brought up to date; one they changed is kept, with the new version saved beside it."""
    for name in COURSE_DOCS:
        src = DOCS / name
        if src.is_file():
            _copy_keeping(workspace / "docs" / name, src.read_bytes(), record, f"docs/{name}", refresh=True)
