"""Sharing ratings without a name, and pooling shared files into a cohort.

See :mod:`coownership.survey` for the whole story.

Example:
    >>> share_folder("/").name in ("shared-ratings", ".coownership-shared-ratings") or "COOWNERSHIP_SHARE_DIR" in os.environ
    True
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection
from pathlib import Path
from typing import Any

from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.feedback import grading
from coownership.files import write_atomic
from coownership.survey.scoring import (
    FORMAT,
    MIN_GROUP,
    WHEN,
    Cohort,
    Score,
    cohort,
    measure,
    score,
)
from coownership.validation import check_choice


def share_folder(start: Path | str | None = None) -> Path:
    """Where shared files go: ``COOWNERSHIP_SHARE_DIR``, else ``shared-ratings/`` in the course folder
    ``make lab`` built (found like the journal's), else ``~/.coownership-shared-ratings``.

    Example:
        >>> share_folder("/").name in ("shared-ratings", ".coownership-shared-ratings") or "COOWNERSHIP_SHARE_DIR" in os.environ
        True
    """
    from coownership.journal import workspace_path

    return workspace_path(
        "shared-ratings", env="COOWNERSHIP_SHARE_DIR", outside=".coownership-shared-ratings", start=start
    )


def write_shared(data: dict[str, Any], *, prefix: str, folder: Path | str | None = None) -> Path | None:
    """Write ``data`` as JSON to a new file ``<prefix>-<random>.json`` in ``folder`` (default
    :func:`share_folder`); return its path, or None while nbgrader grades (nothing is shared from the
    grading computer). The one way every *Share ..., without my name* button writes its file: the
    name says nothing about who shared it, and no file is ever replaced.

    Example:
        >>> import json, tempfile
        >>> p = write_shared({"format": "x"}, prefix="beliefs-before", folder=tempfile.mkdtemp())
        >>> p.name.startswith("beliefs-before-"), json.loads(p.read_text())
        (True, {'format': 'x'})
    """
    if grading():
        return None  # the grading computer is not the learner's: nothing is shared from there
    target = Path(folder) if folder is not None else share_folder()
    target.mkdir(parents=True, exist_ok=True)
    while True:
        path = target / f"{prefix}-{secrets.token_hex(8)}.json"
        if write_atomic(path, json.dumps(data, indent=1).encode(), overwrite=False):
            return path


def share_ratings(ratings: Any, *, when: str, folder: Path | str | None = None) -> Path | None:
    """Write the ratings, unnamed, to a new file with a random name; return its path (None while grading).

    The file holds the format, the measure's fingerprint, ``when`` and the ratings by statement id:
    no name, no learner id, no time.

    Example:
        >>> import tempfile, json
        >>> p = share_ratings("4 2 5 3 1 4 2 5", when="before", folder=tempfile.mkdtemp())
        >>> sorted(json.loads(p.read_text()))
        ['format', 'measure', 'ratings', 'when']
    """
    when = check_choice("when", when, WHEN)
    m = measure()
    s = score(ratings, items=m)
    if s.value is None:
        raise ArgumentError(f"these ratings cannot be shared: {s.reason}")
    data = {
        "format": FORMAT,
        "measure": m.fingerprint,
        "when": when,
        "ratings": {i.id: r for i, r in zip(m.items, s.ratings, strict=True)},
    }
    return write_shared(data, prefix=f"beliefs-{when}", folder=folder)


def read_shared(folder: Path | str, *, skip: Collection[str] = ()) -> tuple[list[Score], list[Score], list[str]]:
    """Read a folder of shared files: (before scores, after scores, notes on files not used).
    ``skip`` names files another reader takes (the audit profiles), left out without a note.

    Example:
        >>> import tempfile
        >>> d = tempfile.mkdtemp()
        >>> _ = share_ratings("4 2 5 3 1 4 2 5", when="after", folder=d)
        >>> before, after, notes = read_shared(d)
        >>> len(before), [s.value for s in after], notes
        (0, [2.5], [])
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ArgumentError(f"no folder {folder}")
    m = measure()
    groups: dict[str, list[Score]] = {w: [] for w in WHEN}
    notes = []
    if isinstance(skip, str) or not all(isinstance(name, str) for name in skip):
        raise ArgumentTypeError(f"skip must be a list of file names; got {skip!r}")
    for path in sorted(folder.glob("*.json")):
        if path.name in skip:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("measure") != m.fingerprint or data.get("when") not in WHEN:
                notes.append(f"{path.name}: not a shared file of this version of the statements; not used")
                continue
            groups[data["when"]].append(score(data["ratings"], items=m))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            notes.append(f"{path.name}: could not be read ({exc}); not used")
    return groups["before"], groups["after"], notes


def cohort_from_folder(folder: Path | str, *, min_group: int = MIN_GROUP) -> Cohort:
    """:func:`cohort` over a folder of shared files (:func:`read_shared`).

    Example:
        >>> import tempfile
        >>> d = tempfile.mkdtemp()
        >>> for line in ["4 2 5 3 1 4 2 5"] * 5 + ["2 4 3 4 2 5 4 3"] * 5:
        ...     _ = share_ratings(line, when="before" if line[0] == "4" else "after", folder=d)
        >>> cohort_from_folder(d).change
        1.38
    """
    before, after, _ = read_shared(folder)
    return cohort(before, after, min_group=min_group)


def share_button(answer: Any, *, when: str = "before") -> Any:
    """A button that shares ``answer``'s ratings (:func:`share_ratings`) only when pressed.

    Example:
        >>> share_button("4 2 5 3 1 4 2 5").children[0].description
        'Share my ratings, without my name'
    """
    import ipywidgets as widgets

    from coownership.widgets.controls import labelled_button

    when = check_choice("when", when, WHEN)
    button = labelled_button(
        description="Share my ratings, without my name",
        tooltip="Saves a file with only your numbers in it. Nothing is shared unless you press this.",
        icon="share",
    )
    status = widgets.HTML("Nothing is shared unless you press the button.")

    def on_click(_: Any = None) -> None:
        try:
            path = share_ratings(answer, when=when)
        except ValueError:
            status.value = "Finish the survey above first: run its ✏️ cell and its check, then this cell again."
            return
        if path is None:
            status.value = "Nothing is shared while a notebook is being graded."
            return
        status.value = (
            f"Shared. The file <code>{path.name}</code> holds only your numbers, no name. It is in "
            f"<code>{path.parent}</code>. Your coordinator will say how to send it, if they pool results."
        )

    button.on_click(on_click)
    box = widgets.VBox([button, status])
    box.share = on_click  # for tests: press without a browser
    return box
