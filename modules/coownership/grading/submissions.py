"""Collect: learners' notebooks from a folder or a .zip into the course's ``submitted/`` folder.

Collect reads only what a learner handed in. A symbolic link (to a file or a folder) is never
followed, in a folder or in a .zip: it could point at the course's source notebook (with the
solutions), the gradebook or another learner's work. Each one is refused and named in the report.
A learner not on the roster (:mod:`coownership.roster`) is collected and flagged.

Example:
    >>> bool(LEARNER_ID.match("ana.silva")), bool(LEARNER_ID.match("../etc"))
    (True, False)
"""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from coownership import course
from coownership.errors import GradingError
from coownership.files import write_atomic
from coownership.roster import LEARNER_ID, read_roster  # the id rule lives with the roster

__all__ = ["LEARNER_ID", "MAX_NOTEBOOK_BYTES", "CollectReport", "collect"]

GENERIC_FOLDERS = {
    "learner",
    "learners",
    "submissions",
    "submitted",
    "downloads",
    "download",
    "export",
    "exports",
    "course",
    "notebooks",
    "work",
}
"""Folder names that never name a learner (a whole `learner/` workspace sits inside the learner's folder)."""


MAX_NOTEBOOK_BYTES = 20_000_000
"""A course notebook is well under 1 MB; anything over 20 MB is not a submission."""


@dataclass
class CollectReport:
    """What :func:`collect` did, in plain lines.

    Example:
        >>> CollectReport(collected=[("ana", "00-start-here")]).lines()
        ['collected 1 submission(s)']
    """

    collected: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Links found in the submission, never followed (see the module docstring)."""
    not_on_roster: list[str] = field(default_factory=list)
    """Learner ids collected that are not on the roster."""

    def lines(self) -> list[str]:
        """The count, then one line per refused link, skipped file and learner not on the roster."""
        out = [f"collected {len(self.collected)} submission(s)"]
        out += [f"refused: {s}" for s in self.refused]
        out += [f"skipped: {s}" for s in self.skipped]
        out += [
            f"not on the roster: {learner} (collected; add them with `coownership roster import`, "
            "or check the spelling of the id)"
            for learner in self.not_on_roster
        ]
        return out


def _identify(path: Path, root: Path, modules: list[str]) -> tuple[str | None, str | None, str]:
    """(learner, module, problem) for one notebook found under ``root``."""
    stem = path.stem
    module = next((m for m in modules if stem == m or stem.endswith(f"_{m}") or stem.endswith(f"-{m}")), None)
    if module is None:
        return None, None, f"{path.relative_to(root)}: not named after a course module ({', '.join(modules)})"
    if stem == module:
        parts = [p for p in path.relative_to(root).parent.parts if p != module and p.lower() not in GENERIC_FOLDERS]
        if not parts:
            return (
                None,
                module,
                (
                    f"{path.relative_to(root)}: cannot tell whose it is; put it in a folder named "
                    "after the learner, or name it <learner>_<module>.ipynb"
                ),
            )
        learner = parts[-1]
    else:
        learner = stem[: -len(module) - 1].rstrip("_-")
    if not LEARNER_ID.match(learner):
        return (
            None,
            module,
            (
                f"{path.relative_to(root)}: the learner id {learner!r} has characters nbgrader "
                "cannot use; rename it with letters, digits, '.', '-' or '_' only"
            ),
        )
    return learner, module, ""


_LINK_ADVICE = "only files the learner handed in are collected; ask the learner to send the notebook itself"


def _is_link(info: zipfile.ZipInfo) -> bool:
    """True for a .zip entry that is a symbolic link (its Unix mode says so)."""
    return stat.S_ISLNK(info.external_attr >> 16)


def _walk(source: Path, refused: list[str]) -> list[Path]:
    """Notebooks under ``source``, never following a link; each link found is refused."""
    found = []
    for folder, dirs, files in os.walk(source, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                refused.append(f"{(here / name).relative_to(source)}/ is a link to a folder elsewhere; {_LINK_ADVICE}")
        dirs[:] = sorted(d for d in dirs if d != ".ipynb_checkpoints" and not (here / d).is_symlink())
        for name in sorted(files):
            item = here / name
            if item.is_symlink():
                if name.endswith(".ipynb"):
                    refused.append(f"{item.relative_to(source)} is a link to a file elsewhere; {_LINK_ADVICE}")
                continue
            if name.endswith(".ipynb"):
                found.append(item)
    return sorted(found)


def _read_inside(item: Path, source: Path) -> bytes:
    """A notebook's bytes, refusing a link that appeared since the folder was listed (a shared
    server: a learner could swap a file for a link) and anything outside ``source``."""
    real_source = os.path.realpath(source)
    if os.path.commonpath([os.path.realpath(item), real_source]) != real_source:
        raise GradingError("it is (inside) a link to somewhere outside the submission")
    fd = os.open(item, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise GradingError("it is not a plain file")
        return handle.read(MAX_NOTEBOOK_BYTES + 1)


def _extract_zip(path: Path, tmp: str, times: dict[Path, float], skipped: list[str], refused: list[str]) -> None:
    """Take the notebooks (and only them) out of a .zip into ``tmp``; links and huge files are listed."""
    if not zipfile.is_zipfile(path):
        raise GradingError(f"{path} is a file but not a .zip. Give a folder or a .zip of notebooks.")
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if _is_link(member):
                refused.append(f"{member.filename} (in the .zip) is a link; {_LINK_ADVICE}")
                continue
            if member.is_dir() or not member.filename.endswith(".ipynb"):
                continue  # only notebooks are taken out of an archive
            if member.file_size > MAX_NOTEBOOK_BYTES:
                skipped.append(
                    f"{member.filename}: {member.file_size:,} bytes is too big for a "
                    f"course notebook (limit {MAX_NOTEBOOK_BYTES:,}); skipped"
                )
                continue
            target = Path(archive.extract(member, tmp))  # zipfile keeps members inside tmp
            times[target] = datetime(*member.date_time, tzinfo=UTC).timestamp()


def _take(
    nb_path: Path,
    source: Path,
    root: Path,
    *,
    modules: list[str],
    replace: bool,
    report: CollectReport,
    roster: dict,
    times: dict[Path, float],
) -> None:
    """Collect one notebook found under ``source`` (or say in the report why not)."""
    learner, module, problem = _identify(nb_path, source, modules)
    if problem or learner is None or module is None:
        report.skipped.append(problem or f"{nb_path.name}: could not tell whose notebook this is")
        return
    try:
        data = _read_inside(nb_path, source)
    except (OSError, GradingError) as exc:  # OSError: a link swapped in (O_NOFOLLOW) or unreadable
        report.refused.append(f"{nb_path.relative_to(source)}: not collected, {exc}; {_LINK_ADVICE}")
        return
    if len(data) > MAX_NOTEBOOK_BYTES:
        report.skipped.append(f"{nb_path.relative_to(source)}: too big for a course notebook; skipped")
        return
    if roster and learner not in roster and learner not in report.not_on_roster:
        report.not_on_roster.append(learner)
    dest = root / "submitted" / learner / module / f"{module}.ipynb"
    if dest.exists() and not replace:
        if dest.read_bytes() != data:
            report.skipped.append(
                f"{learner}/{module}: already collected and this copy differs; "
                "collect again with --replace to take the new one"
            )
        return
    write_atomic(dest, data)
    stamp = datetime.fromtimestamp(times.get(nb_path, nb_path.lstat().st_mtime), UTC)
    write_atomic(dest.parent / "timestamp.txt", stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z").encode())
    report.collected.append((learner, module))


def collect(path: Path | str, *, course_root: Path | str | None = None, replace: bool = False) -> CollectReport:
    """Copy learners' notebooks from a folder or a .zip into ``submitted/<learner>/<module>/``.

    Accepted layouts (mixed freely, any depth): ``<learner>/<module>.ipynb``,
    ``<learner>/<module>/<module>.ipynb`` and ``<learner>_<module>.ipynb``. A submission already
    collected is kept unless ``replace``; anything that cannot be placed is listed, not fatal.
    Links are refused, never followed; learners not on the roster are collected and flagged.

    Example:
        >>> import tempfile, pathlib
        >>> collect(pathlib.Path(tempfile.mkdtemp()))
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no notebooks (.ipynb) found in ...; ...
    """
    if not isinstance(path, (str, os.PathLike)):
        raise GradingError(f"give the folder or .zip that holds the submissions; got {path!r}")
    path = Path(path)
    root = course.course_root(course_root)
    if not path.exists():
        raise GradingError(f"{path} does not exist. Give the folder or .zip that holds the submissions.")
    modules = course.module_ids()
    skipped: list[str] = []
    refused: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[Path, float] = {}
        source = path
        if path.is_file():
            _extract_zip(path, tmp, times, skipped, refused)
            source = Path(tmp)
        notebooks = _walk(source, refused)
        if not notebooks and not refused:
            raise GradingError(f"no notebooks (.ipynb) found in {path}; check that it is the right folder or zip")
        report = CollectReport(skipped=skipped, refused=refused)
        roster = read_roster(root)
        for nb_path in notebooks:
            _take(nb_path, source, root, modules=modules, replace=replace, report=report, roster=roster, times=times)
    return report
