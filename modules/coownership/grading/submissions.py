"""Collect: learners' notebooks from a folder or a .zip into the course's ``submitted/`` folder.

Example:
    >>> bool(LEARNER_ID.match("ana.silva")), bool(LEARNER_ID.match("../etc"))
    (True, False)
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from coownership import course
from coownership.errors import GradingError
from coownership.files import write_atomic

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

LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""Learner ids: letters, digits, dots, dashes and underscores, starting with a letter or digit."""


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

    def lines(self) -> list[str]:
        out = [f"collected {len(self.collected)} submission(s)"]
        out += [f"skipped: {s}" for s in self.skipped]
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


def collect(path: Path | str, *, course_root: Path | str | None = None, replace: bool = False) -> CollectReport:
    """Copy learners' notebooks from a folder or a .zip into ``submitted/<learner>/<module>/``.

    Accepted layouts (mixed freely, any depth): ``<learner>/<module>.ipynb``,
    ``<learner>/<module>/<module>.ipynb`` and ``<learner>_<module>.ipynb``. A submission already
    collected is kept unless ``replace``; anything that cannot be placed is listed, not fatal.

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
    skipped_early: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        times: dict[Path, float] = {}
        if path.is_file():
            if not zipfile.is_zipfile(path):
                raise GradingError(f"{path} is a file but not a .zip. Give a folder or a .zip of notebooks.")
            with zipfile.ZipFile(path) as archive:
                for member in archive.infolist():
                    if member.is_dir() or not member.filename.endswith(".ipynb"):
                        continue  # only notebooks are taken out of an archive
                    if member.file_size > MAX_NOTEBOOK_BYTES:
                        skipped_early.append(
                            f"{member.filename}: {member.file_size:,} bytes is too big for a "
                            f"course notebook (limit {MAX_NOTEBOOK_BYTES:,}); skipped"
                        )
                        continue
                    target = Path(archive.extract(member, tmp))  # zipfile keeps members inside tmp
                    times[target] = datetime(*member.date_time, tzinfo=UTC).timestamp()
            source = Path(tmp)
        else:
            source = path
        notebooks = sorted(p for p in source.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        if not notebooks:
            raise GradingError(f"no notebooks (.ipynb) found in {path}; check that it is the right folder or zip")
        report = CollectReport(skipped=skipped_early)
        for nb_path in notebooks:
            if nb_path.stat().st_size > MAX_NOTEBOOK_BYTES:
                report.skipped.append(f"{nb_path.relative_to(source)}: too big for a course notebook; skipped")
                continue
            learner, module, problem = _identify(nb_path, source, modules)
            if problem or learner is None or module is None:
                report.skipped.append(problem or f"{nb_path.name}: could not tell whose notebook this is")
                continue
            dest = root / "submitted" / learner / module / f"{module}.ipynb"
            data = nb_path.read_bytes()
            if dest.exists() and not replace:
                if dest.read_bytes() != data:
                    report.skipped.append(
                        f"{learner}/{module}: already collected and this copy differs; "
                        "collect again with --replace to take the new one"
                    )
                continue
            write_atomic(dest, data)
            stamp = datetime.fromtimestamp(times.get(nb_path, nb_path.stat().st_mtime), UTC)
            write_atomic(dest.parent / "timestamp.txt", stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z").encode())
            report.collected.append((learner, module))
    return report
