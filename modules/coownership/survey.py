"""The beliefs measure: score it, show a learner their own shift, pool a cohort's shift safely.

The measure is a short scale written for this course (**not a validated instrument**): eight
statements rated 1-5, from "engagement is a trait clients bring" to "engagement is produced by
services". Its statements, their keys and the scale's labels are course content, the
``[beliefs]`` table of ``notebooks/00-start-here/content.toml`` (:func:`measure`); module 00's
survey (``00-pre-survey``) shows the same statements, in the same order (a test checks), and the
end of the course asks them again.

Scoring (:func:`score`)
    A statement with ``reverse = true`` puts engagement in the client; its rating is flipped
    (``scale + 1 - rating``). The score is the mean of the answered statements on the "services
    shape engagement" lens: 1 = engagement is a trait clients bring, 5 = it is produced by
    services, rounded to two decimals. Up to a quarter of the statements may be skipped
    (:func:`max_missing`: 2 of 8); with more, there is no score, and the result says why. A rating
    that is not a whole number on the scale is an error naming the statement. The score is for the
    learner's own reflection: it is never a grade and never a judgement of a person.

Who sees the ratings
    Module 00 grades the survey for completion only. At autograde, once the completion test has
    run, :class:`coownership.grading.PrivateRatings` replaces the survey's answer line with
    ``answer = "(answered: ratings kept private)"`` (:data:`PRIVATE_ANSWER`), so formgrader and
    feedback never show the numbers. The notebook as handed in (the coordinator's ``submitted/``
    folder) still holds them: autograde re-runs from it.

Sharing (the learner's choice)
    :func:`share_button` (or :func:`share_ratings`) writes one small JSON file with the ratings
    and nothing else: no name, no learner id, no time inside, a random file name. It goes to
    :func:`share_folder`: ``COOWNERSHIP_SHARE_DIR`` when the coordinator sets it (a drop folder on
    the hub), else ``shared-ratings/`` in the learner's course folder, from where the learner sends
    it the way the coordinator says. (An email shows who sent it; a file system may record a
    file's owner and time. The file itself names no one.) Nothing is written while nbgrader grades.

Pooling (:func:`cohort`, :func:`cohort_from_folder`)
    Shared files carry no name, so before and after cannot be paired: the cohort's shift is the
    mean after minus the mean before, and a change in who shares changes it too. No group smaller
    than five (:data:`MIN_GROUP`) is ever shown; ``min_group`` can be raised, never lowered.

Example:
    >>> s = score("4 2 5 3 1 4 2 5")
    >>> s.value, s.answered
    (2.5, 8)
    >>> shift(s, score("2 4 3 4 2 5 4 3")).change
    1.38
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coownership.content import module_content
from coownership.errors import ArgumentError, ArgumentTypeError, ContentError
from coownership.feedback import grading, is_placeholder
from coownership.files import write_atomic
from coownership.validation import check_choice, check_int, check_text

__all__ = [
    "Item",
    "Measure",
    "Score",
    "Shift",
    "Cohort",
    "MIN_GROUP",
    "PRIVATE_ANSWER",
    "measure",
    "max_missing",
    "parse_ratings",
    "score",
    "shift",
    "cohort",
    "share_folder",
    "share_ratings",
    "read_shared",
    "cohort_from_folder",
    "share_button",
    "survey_answer_cells",
    "answer_in_notebook",
]

MIN_GROUP = 5
"""The smallest group whose pooled result is shown (DESIGN.md: no individual can be picked out)."""

PRIVATE_ANSWER = "(answered: ratings kept private)"
"""What a survey's answer line says in the graded copy (:class:`coownership.grading.PrivateRatings`)."""

SKIP = frozenset("-?x_")
"""What a learner may type for a statement they skip (``"4 - 5 3 ..."``)."""

FORMAT = "coownership-beliefs/1"
WHEN = ("before", "after")


@dataclass(frozen=True)
class Item:
    """One statement of the measure: a stable id, its text, and whether it is reverse-keyed."""

    id: str
    text: str
    reverse: bool


@dataclass(frozen=True)
class Measure:
    """The statements, the scale's labels (1 = the first) and the honest note about the measure."""

    items: tuple[Item, ...]
    labels: tuple[str, ...]
    lens: str
    note: str

    @property
    def scale(self) -> int:
        """The highest rating (5 for five labels)."""
        return len(self.labels)

    @property
    def fingerprint(self) -> str:
        """A short digest of the statements and keys: shared files from another version are not pooled."""
        raw = json.dumps([[i.id, i.text, i.reverse] for i in self.items] + [list(self.labels)])
        return hashlib.sha256(raw.encode()).hexdigest()[:12]


def measure(module: str = "00") -> Measure:
    """The beliefs measure from a module's ``[beliefs]`` table (module 00's by default).

    Example:
        >>> m = measure()
        >>> len(m.items), m.scale, sum(i.reverse for i in m.items)
        (8, 5, 4)
    """
    s = module_content(module).section("beliefs")
    items = tuple(Item(t.text("id"), t.text("text"), t.flag("reverse")) for t in s.tables("items"))
    if len({i.id for i in items}) != len(items) or len(items) < 2:
        raise ContentError(f"{s.path}: [beliefs] needs at least two [[beliefs.items]] with different ids")
    labels = s.texts("labels")
    if not 2 <= len(labels) <= 9:
        raise ContentError(f"{s.path}: [beliefs] labels needs 2 to 9 labels (one per rating); got {len(labels)}")
    return Measure(items, labels, s.text("lens"), s.text("note"))


def max_missing(n_items: int) -> int:
    """How many statements may be skipped and still give a score: a quarter, rounded down.

    Example:
        >>> max_missing(8), max_missing(10), max_missing(3)
        (2, 2, 0)
    """
    return check_int("n_items", n_items, low=0, high=1000) // 4


@dataclass(frozen=True)
class Score:
    """One person's score: ``value`` (1-5, or None when too much was skipped) and why."""

    value: float | None
    answered: int
    missing: tuple[str, ...]
    ratings: tuple[int | None, ...]
    reason: str = ""

    def __str__(self) -> str:
        if self.value is None:
            return f"No score: {self.reason}"
        return f"{self.value:.2f} on a 1-5 scale ({self.answered} statements answered)"


def _measure(items: Measure | Sequence[Item] | None) -> Measure:
    if items is None:
        return measure()
    if isinstance(items, Measure):
        return items
    if isinstance(items, Sequence) and items and all(isinstance(i, Item) for i in items):
        return Measure(tuple(items), ("1", "2", "3", "4", "5"), "5 is the service end of the scale.", "")
    raise ArgumentTypeError(f"items must be a Measure or a list of Item; got {type(items).__name__}")


def parse_ratings(text: Any) -> tuple[int | None, ...]:
    """The ratings on a survey's answer line, in order; ``-``, ``?``, ``x`` or ``_`` is a skipped one.

    Separators are spaces, commas, semicolons, slashes or bars; with none, each character is one
    rating (as the survey's check reads it). A rating that is not a whole number is an error naming
    the statement. The range is checked by :func:`score`.

    Example:
        >>> parse_ratings("4, 2 5;3 - 4 2 5")
        (4, 2, 5, 3, None, 4, 2, 5)
        >>> parse_ratings("4253")
        (4, 2, 5, 3)
        >>> parse_ratings("4 2.5")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: statement 2: '2.5' is not a whole number (use 1 to 5, or - to skip)
    """
    text = check_text("ratings", text, max_length=500, allow_empty=True).strip()
    tokens = re.split(r"[\s,;/|]+", text) if re.search(r"[\s,;/|]", text) else list(text)
    out: list[int | None] = []
    for n, token in enumerate((t for t in tokens if t), start=1):
        if token.lower() in SKIP:
            out.append(None)
        elif token.isascii() and token.isdigit():
            out.append(int(token))
        else:
            raise ArgumentError(f"statement {n}: {token!r} is not a whole number (use 1 to 5, or - to skip)")
    return tuple(out)


def _in_order(ratings: Any, m: Measure) -> list[Any]:
    if isinstance(ratings, str):
        ratings = parse_ratings(ratings)
    if isinstance(ratings, Mapping):
        unknown = sorted(set(ratings) - {i.id for i in m.items})
        if unknown:
            raise ArgumentError(f"ratings name statements the measure does not have: {', '.join(map(str, unknown))}")
        return [ratings.get(i.id) for i in m.items]
    if not isinstance(ratings, Sequence):
        raise ArgumentTypeError(f"ratings must be text, a list or a dict by statement id; got {type(ratings).__name__}")
    if len(ratings) != len(m.items):
        raise ArgumentError(f"there are {len(m.items)} statements, so give {len(m.items)} ratings; got {len(ratings)}")
    return list(ratings)


def score(ratings: Any, *, items: Measure | Sequence[Item] | None = None) -> Score:
    """Score one person's ratings (text, a list in statement order, or a dict by statement id).

    ``None`` (or ``-`` in text) is a skipped statement. Reverse-keyed statements are flipped; the
    score is the mean on the service lens, 1 to 5 (see the module docstring).

    Example:
        >>> score("5 1 5 1 5 1 1 5").value, score("1 5 1 5 1 5 5 1").value
        (1.0, 5.0)
        >>> score("4 - 5 3 1 4 2 5").value, score("4 - - - 1 4 2 5").reason
        (2.57, 'too many statements skipped (3 of 8; a score needs all but 2)')
        >>> score("4 2 5 3 1 4 2 7")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: statement 8 (b8-kind-of-person): 7 is not a rating from 1 to 5
    """
    m = _measure(items)
    values = _in_order(ratings, m)
    for n, (item, r) in enumerate(zip(m.items, values, strict=True), start=1):
        if r is None:
            continue
        if isinstance(r, bool) or not isinstance(r, int):
            raise ArgumentTypeError(f"statement {n} ({item.id}): {r!r} is not a whole number from 1 to {m.scale}")
        if not 1 <= r <= m.scale:
            raise ArgumentError(f"statement {n} ({item.id}): {r} is not a rating from 1 to {m.scale}")
    missing = tuple(i.id for i, r in zip(m.items, values, strict=True) if r is None)
    answered = len(m.items) - len(missing)
    kept = tuple(None if r is None else int(r) for r in values)
    limit = max_missing(len(m.items))
    if len(missing) > limit:
        why = f"too many statements skipped ({len(missing)} of {len(m.items)}; a score needs all but {limit})"
        return Score(None, answered, missing, kept, why)
    lens = [m.scale + 1 - r if i.reverse else r for i, r in zip(m.items, kept, strict=True) if r is not None]
    return Score(round(sum(lens) / len(lens), 2), answered, missing, kept)


def _as_score(value: Any, name: str) -> Score:
    if isinstance(value, Score):
        return value
    if isinstance(value, (str, Mapping, Sequence)):
        return score(value)
    raise ArgumentTypeError(f"{name} must be a Score or ratings; got {type(value).__name__}")


@dataclass(frozen=True)
class Shift:
    """A learner's own shift: ``before``, ``after``, ``change`` (None when either has no score), and
    ``moved``, the statements whose rating changed, as (id, before, after)."""

    before: float | None
    after: float | None
    change: float | None
    moved: tuple[tuple[str, int | None, int | None], ...]
    reason: str = ""

    def __str__(self) -> str:
        if self.change is None:
            return f"No shift to show: {self.reason}"
        way = "up" if self.change > 0 else "down" if self.change < 0 else "no change"
        size = f" {abs(self.change):.2f}" if self.change else ""
        return (
            f"Your score went from {self.before:.2f} to {self.after:.2f} ({way}{size}) on a 1-5 scale: "
            f"{measure().lens} There is no right place to be."
        )


def shift(before: Any, after: Any) -> Shift:
    """The change from ``before`` to ``after`` (each a :class:`Score` or ratings) for one learner.

    Example:
        >>> s = shift("4 2 5 3 1 4 2 5", "4 2 5 3 1 4 2 5")
        >>> s.change, s.moved
        (0.0, ())
        >>> str(shift("4 2 5 3 1 4 2 5", "- - - 3 1 4 2 5"))
        'No shift to show: after: too many statements skipped (3 of 8; a score needs all but 2)'
    """
    b, a = _as_score(before, "before"), _as_score(after, "after")
    ids = measure().items
    moved: tuple[tuple[str, int | None, int | None], ...] = ()
    if len(b.ratings) == len(a.ratings) == len(ids):
        moved = tuple((i.id, x, y) for i, x, y in zip(ids, b.ratings, a.ratings, strict=True) if x != y)
    if b.value is None or a.value is None:
        why = "; ".join(f"{name}: {s.reason}" for name, s in (("before", b), ("after", a)) if s.value is None)
        return Shift(b.value, a.value, None, moved, why)
    return Shift(b.value, a.value, round(a.value - b.value, 2), moved)


@dataclass(frozen=True)
class Cohort:
    """A pooled result: shown only when both groups have at least ``min_group`` scores."""

    shown: bool
    n_before: int
    n_after: int
    mean_before: float | None
    mean_after: float | None
    change: float | None
    reason: str = ""

    def __str__(self) -> str:
        if not self.shown:
            return f"Not shown: {self.reason}"
        return (
            f"Before: {self.mean_before:.2f} (n = {self.n_before}). After: {self.mean_after:.2f} (n = {self.n_after}). "
            f"Change: {self.change:+.2f} on a 1-5 scale. Unpaired: shared ratings carry no names."
        )


def _values(scores: Iterable[Any], name: str) -> list[float]:
    if isinstance(scores, (str, bytes)) or not isinstance(scores, Iterable):
        raise ArgumentTypeError(f"{name} must be a list of scores; got {type(scores).__name__}")
    out = []
    for s in scores:
        value = s.value if isinstance(s, Score) else s
        if value is None:
            continue  # no score (too much skipped): not counted
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 9:
            raise ArgumentError(f"{name} holds {value!r}; expected scores (Score or numbers from 1 to 5)")
        out.append(float(value))
    return out


def cohort(scores_before: Iterable[Any], scores_after: Iterable[Any], *, min_group: int = MIN_GROUP) -> Cohort:
    """Pool a cohort's shift; refuse (``shown`` False, with the reason) for any group under ``min_group``.

    Example:
        >>> str(cohort([3.0, 3.5, 2.5, 4.0], [3.5] * 4))
        'Not shown: fewer than 5 people in a group (before: 4, after: 4), so someone could be picked out'
        >>> cohort([3.0, 3.5, 2.5, 4.0, 3.0], [3.5] * 5).change
        0.3
    """
    min_group = check_int("min_group", min_group, low=MIN_GROUP, high=100_000)
    before, after = _values(scores_before, "scores_before"), _values(scores_after, "scores_after")
    if len(before) < min_group or len(after) < min_group:
        why = (
            f"fewer than {min_group} people in a group (before: {len(before)}, after: {len(after)}), "
            "so someone could be picked out"
        )
        return Cohort(False, len(before), len(after), None, None, None, why)
    mb, ma = round(sum(before) / len(before), 2), round(sum(after) / len(after), 2)
    return Cohort(True, len(before), len(after), mb, ma, round(ma - mb, 2))


def share_folder(start: Path | str | None = None) -> Path:
    """Where shared files go: ``COOWNERSHIP_SHARE_DIR``, else ``shared-ratings/`` in the course folder
    ``make lab`` built (found like the journal's), else ``~/.coownership-shared-ratings``.

    Example:
        >>> share_folder("/").name in ("shared-ratings", ".coownership-shared-ratings") or "COOWNERSHIP_SHARE_DIR" in os.environ
        True
    """
    env = os.environ.get("COOWNERSHIP_SHARE_DIR")
    if env:
        return Path(env).expanduser()
    here = Path(start) if start is not None else Path.cwd()
    for folder in (here, *here.parents):
        if (folder / ".coownership" / "copied.json").is_file():
            return folder / "shared-ratings"
    return Path.home() / ".coownership-shared-ratings"


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
    if grading():
        return None  # the grading computer is not the learner's: nothing is shared from there
    data = {
        "format": FORMAT,
        "measure": m.fingerprint,
        "when": when,
        "ratings": {i.id: r for i, r in zip(m.items, s.ratings, strict=True)},
    }
    target = Path(folder) if folder is not None else share_folder()
    target.mkdir(parents=True, exist_ok=True)
    while True:
        path = target / f"beliefs-{when}-{secrets.token_hex(8)}.json"
        if write_atomic(path, json.dumps(data, indent=1).encode(), overwrite=False):
            return path


def read_shared(folder: Path | str) -> tuple[list[Score], list[Score], list[str]]:
    """Read a folder of shared files: (before scores, after scores, notes on files not used).

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
    for path in sorted(folder.glob("*.json")):
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


_CHECK = re.compile(r"""exercise\(\s*["']([0-9a-z-]+)["']\s*\)""")


def _kind(exercise_id: str) -> str | None:
    from coownership.content import find_exercise

    try:
        return find_exercise(exercise_id).text("kind")
    except ContentError:
        return None


def survey_answer_cells(nb: Any, *, kinds: Sequence[str] = ("survey",)) -> list[tuple[int, str]]:
    """(index of the answer cell, exercise id) for each exercise of ``kinds`` in a notebook: the
    answer cell is the nearest code cell marked as a solution before the cell that checks it.

    Example:
        >>> import nbformat
        >>> from coownership.course import NOTEBOOKS
        >>> nb = nbformat.read(NOTEBOOKS / "00-start-here" / "00-start-here.ipynb", as_version=4)
        >>> [(nb.cells[i].metadata.nbgrader.grade_id, e) for i, e in survey_answer_cells(nb)]
        [('survey-answer', '00-pre-survey')]
    """
    found = []
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("solution") or not (match := _CHECK.search(cell.get("source", ""))):
            continue
        if _kind(match.group(1)) not in kinds:
            continue
        for j in range(i - 1, -1, -1):
            prev = nb.cells[j]
            if prev.cell_type == "code" and prev.get("metadata", {}).get("nbgrader", {}).get("solution"):
                found.append((j, match.group(1)))
                break
    return found


def answer_in_notebook(path: Path | str, exercise_id: str = "00-pre-survey") -> str | None:
    """The text on a survey's answer line in a learner's own notebook (None when not answered).

    Module 08 reads the learner's module 00 ratings this way, from their own copy.

    Example:
        >>> from coownership.course import NOTEBOOKS
        >>> answer_in_notebook(NOTEBOOKS / "00-start-here" / "00-start-here.ipynb")
        '4 4 2 5 2 5 3 2'
    """
    import nbformat

    nb = nbformat.read(Path(path), as_version=4)
    for index, eid in survey_answer_cells(nb):
        if eid != exercise_id:
            continue
        try:
            tree = ast.parse(nb.cells[index].source)
        except SyntaxError:
            return None  # a broken ✏️ line: nothing to read
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                text = node.value.value
                return None if not isinstance(text, str) or is_placeholder(text) or text == PRIVATE_ANSWER else text
    return None
