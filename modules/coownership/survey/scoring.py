"""Scoring the beliefs measure: the statements, a score, a learner's shift, a cohort's shift.

See :mod:`coownership.survey` for the whole story.

Example:
    >>> score("4 2 5 3 1 4 2 5").value
    2.5
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coownership.content import module_content
from coownership.errors import ArgumentError, ArgumentTypeError, ContentError
from coownership.validation import check_int, check_text

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


def measure(module: str = "00", table: str = "beliefs") -> Measure:
    """The beliefs measure from a module's ``[beliefs]`` table (module 00's by default); ``table``
    names another table of the same shape.

    Example:
        >>> m = measure()
        >>> len(m.items), m.scale, sum(i.reverse for i in m.items)
        (8, 5, 4)
    """
    s = module_content(module).section(check_text("table", table))
    items = tuple(Item(t.text("id"), t.text("text"), t.flag("reverse")) for t in s.tables("items"))
    if len({i.id for i in items}) != len(items) or len(items) < 2:
        raise ContentError(f"{s.path}: [{table}] needs at least two [[{table}.items]] with different ids")
    labels = s.texts("labels")
    if not 2 <= len(labels) <= 9:
        raise ContentError(f"{s.path}: [{table}] labels needs 2 to 9 labels (one per rating); got {len(labels)}")
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
