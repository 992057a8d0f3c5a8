"""The structure audit's items and scoring: rate your own program on agency, relevance and partnership.

Plain statements about how a program works, a few for each condition, each rated on how often it
is true today (module 03's: twelve statements, 0 "never" to 4 "always"). The result is a profile
of one score per condition and two or three questions to take back to the team, chosen from the
lowest-rated items. The items rate the program's *structures*, never a worker's effort.

The items, conditions, scale words and the widget's words are content: the ``[audit]`` table of a
module's ``content.toml`` (module 03's by default), with ``[[audit.conditions]]`` (id, title,
question), ``[[audit.items]]`` (id, condition, statement, question) and ``[audit.scale]`` (labels
from 0 up, and the ``between`` words). Reading is checked (:class:`~coownership.errors.ContentError`
naming the file and the key). The scoring (:func:`score_audit`) is separate from the widget
(:class:`coownership.widgets.structure_audit.StructureAudit`), so it can be tested and reused.

Example:
    >>> result = score_audit({"agency-scheduling": 1, "agency-missed-visit": 2,
    ...                       "relevance-own-words": 4, "partnership-records": 0})
    >>> result.means["agency"], result.answered, len(result.missing)
    (1.5, 4, 8)
    >>> result.question_items[0].id
    'partnership-records'
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coownership.content import Section, module_content, read
from coownership.errors import ArgumentError, ArgumentTypeError, ContentError
from coownership.validation import check_choice, check_text
from coownership.wording import fill, read_words

__all__ = [
    "Audit",
    "AuditItem",
    "AuditResult",
    "audit_items",
    "journal_text",
    "load_audit",
    "profile_alt",
    "score_audit",
]

_PLAIN = (
    "journal_prompt_id",
    "title",
    "intro",
    "sources",
    "profile_button",
    "profile_tooltip",
    "save_tooltip",
    "nothing_rated",
    "chart_caption",
    "questions_heading",
    "questions_note",
    "journal_questions",
)
_TEMPLATES = {
    "chart_title": ("high",),
    "chart_alt": ("high",),
    "highest": ("condition",),
    "profile_ready": ("questions",),
    "journal_title": ("module",),
    "journal_scale": ("scale",),
}


@dataclass(frozen=True)
class AuditItem:
    """One statement about a program, and the question to take back to the team if it scores low.

    Example:
        >>> item = audit_items()[0]
        >>> item.id, item.condition, item.number
        ('agency-scheduling', 'agency', 1)
    """

    id: str
    condition: str
    statement: str
    question: str
    number: int = 0


@dataclass(frozen=True, eq=False)
class Audit:
    """A module's audit, read from its content file: conditions, items, scale and words.

    Attributes:
        conditions: condition id -> (heading, the question the condition asks of a program), in order.
        items: the items in order. scale: (value, label) from 0 up. words: the widget's words.

    Example:
        >>> audit = load_audit("03")
        >>> list(audit.conditions), audit.scale[0], audit.high
        (['agency', 'relevance', 'partnership'], (0, 'never'), 4)
    """

    path: Path
    module: str
    conditions: dict[str, tuple[str, str]]
    items: tuple[AuditItem, ...]
    scale: tuple[tuple[int, str], ...]
    between: str
    words: dict[str, str]

    @property
    def high(self) -> int:
        """The top of the scale."""
        return self.scale[-1][0]

    def label(self, value: int) -> str:
        """The scale's word for a rating."""
        return self.scale[value][1]

    def scale_words(self) -> str:
        """The scale in words: ``0 "never", 1 "rarely", ...``."""
        return ", ".join(f'{value} "{label}"' for value, label in self.scale)

    def describe(self, mean: float) -> str:
        """A mean in the scale's words: a label, or ``between`` two labels.

        Example:
            >>> load_audit().describe(3.0) == load_audit().label(3)
            True
        """
        if not 0 <= mean <= self.high:
            raise ArgumentError(f"mean must be between 0 and {self.high}; got {mean!r}")
        if float(mean).is_integer():
            return self.label(int(mean))
        return fill(self.between, low=self.label(int(mean)), high=self.label(int(mean) + 1))


def _read_items(section: Section, conditions: dict[str, tuple[str, str]]) -> tuple[AuditItem, ...]:
    items: list[AuditItem] = []
    for number, item in enumerate(section.tables("items"), start=1):
        made = AuditItem(item.text("id"), item.text("condition"), item.text("statement"), item.text("question"), number)
        if made.condition not in conditions:
            raise ContentError(
                f"{item.path}: [{item.where}] condition = {made.condition!r}; expected one of {', '.join(conditions)}"
            )
        if made.id in (i.id for i in items):
            raise ContentError(f"{item.path}: [{item.where}] id = {made.id!r} is used twice; ids must be unique")
        items.append(made)
    for condition in conditions:
        if not any(i.condition == condition for i in items):
            raise ContentError(f"{section.path}: [audit] has no [[audit.items]] for the condition {condition!r}")
    return tuple(items)


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> Audit:
    section = read(path).section("audit")
    conditions: dict[str, tuple[str, str]] = {}
    for c in section.tables("conditions"):
        conditions[c.text("id")] = (c.text("title"), c.text("question"))
    if not conditions:
        raise ContentError(f"{path}: [audit] needs at least one [[audit.conditions]]")
    scale = section.table("scale")
    labels = scale.texts("labels")
    if not 2 <= len(labels) <= 11:
        raise ContentError(f"{path}: [audit.scale] labels has {len(labels)} words; expected 2 to 11 (0 upwards)")
    return Audit(
        path=path,
        module=path.parent.name[:2],
        conditions=conditions,
        items=_read_items(section, conditions),
        scale=tuple(enumerate(labels)),
        between=read_words(scale, (), {"between": ("low", "high")})["between"],
        words=read_words(section, _PLAIN, _TEMPLATES),
    )


def load_audit(module: str = "03") -> Audit:
    """The audit in a module's content file (read again only when the file changes).

    Example:
        >>> len(load_audit("03").items)
        12
    """
    check_text("module", module)
    path = module_content(module).path
    return _load(path, path.stat().st_mtime_ns)


def audit_items(condition: str | None = None, module: str = "03") -> tuple[AuditItem, ...]:
    """The audit's items in order (all of them, or those of one condition).

    Example:
        >>> len(audit_items()), len(audit_items("partnership"))
        (12, 4)
        >>> audit_items("relevance")[0].id
        'relevance-own-words'
    """
    audit = load_audit(module)
    if condition is None:
        return audit.items
    check_choice("condition", condition, audit.conditions)
    return tuple(item for item in audit.items if item.condition == condition)


@dataclass(frozen=True)
class AuditResult:
    """A scored audit.

    Attributes:
        audit: the :class:`Audit` it was scored against.
        ratings: item id -> rating, for the answered items, in item order.
        means: condition -> mean rating (None when none of its items was answered).
        answered, total: how many items were rated, and how many the audit has.
        missing: ids of the items not rated yet, in item order.
        question_items: the items chosen for the team, lowest-rated first.
        questions: their questions, in the same order (two or three, fewer only when fewer items
            were answered).

    Example:
        >>> r = score_audit({item.id: 2 for item in audit_items()})
        >>> r.means["relevance"], r.answered, r.missing, len(r.questions)
        (2.0, 12, (), 3)
    """

    audit: Audit
    ratings: dict[str, int]
    means: dict[str, float | None]
    question_items: tuple[AuditItem, ...]

    @property
    def answered(self) -> int:
        """How many items were rated."""
        return len(self.ratings)

    @property
    def total(self) -> int:
        """How many items the audit has."""
        return len(self.audit.items)

    @property
    def missing(self) -> tuple[str, ...]:
        """The ids of the items not rated yet, in item order."""
        return tuple(item.id for item in self.audit.items if item.id not in self.ratings)

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions of :attr:`question_items`, in the same order."""
        return tuple(item.question for item in self.question_items)

    def summary(self) -> str:
        """One plain sentence on how much of the audit was answered.

        Example:
            >>> score_audit({"agency-say-no": 3}).summary()
            'You rated 1 of 12 items; 11 items are not rated yet, so the scores use only the 1 you rated.'
        """
        if not self.missing:
            return f"You rated all {self.total} items."
        plural = "item is" if len(self.missing) == 1 else "items are"
        return (
            f"You rated {self.answered} of {self.total} items; {len(self.missing)} {plural} not rated "
            f"yet, so the scores use only the {self.answered} you rated."
        )


def _check_rating(audit: Audit, item_id: str, value: object) -> int:
    allowed = f"a whole number from 0 to {audit.high} ({audit.scale_words()})"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(
            f"Item {item_id!r}: the rating must be {allowed}; got {value!r} ({type(value).__name__})"
        )
    if not isinstance(value, numbers.Integral) and not float(value).is_integer():
        raise ArgumentError(
            f"Item {item_id!r}: the rating must be {allowed}; got {value!r}, which is not a whole number"
        )
    number = int(value) if isinstance(value, numbers.Integral) else int(float(value))
    if not 0 <= number <= audit.high:
        raise ArgumentError(
            f"Item {item_id!r}: the rating must be {allowed}; got {value!r}, which is outside the scale"
        )
    return number


def _choose_questions(audit: Audit, ratings: Mapping[str, int]) -> tuple[AuditItem, ...]:
    """Lowest ratings first; among equal ratings, a condition not yet chosen, then item order.

    Always two when two or more items are answered; a third when its rating is in the lower half
    of the scale ("sometimes" or lower on 0-4): a question about something that already happens
    "usually" is less useful to a team.
    """
    remaining = [item for item in audit.items if item.id in ratings]
    chosen: list[AuditItem] = []
    while remaining and len(chosen) < 3:
        lowest = min(ratings[item.id] for item in remaining)
        tied = [item for item in remaining if ratings[item.id] == lowest]
        seen = {item.condition for item in chosen}
        pick = next((item for item in tied if item.condition not in seen), tied[0])
        if len(chosen) == 2 and ratings[pick.id] > audit.high // 2:
            break
        chosen.append(pick)
        remaining.remove(pick)
    return tuple(chosen)


def score_audit(ratings: Mapping[str, int | None], module: str = "03") -> AuditResult:
    """Score an audit: a mean per condition, and two or three questions for the team.

    Args:
        ratings: item id -> rating, a whole number on the scale (0 to 4 for module 03). Items may
            be left out (or given as None): only answered items are scored, and the result says
            how many are missing.
        module: the module whose audit the ratings are for (default ``"03"``).

    Questions come from the lowest-rated items. Ties are broken so that each condition is
    represented where possible, then by item order, so the same ratings always give the same
    questions. There are two questions when two or more items are answered, and a third when its
    item is rated in the lower half of the scale.

    Raises:
        ValueError: an unknown item id, a rating outside the scale or not a whole number, or no
            item answered at all.
        TypeError: a rating that is not a number.

    Example:
        >>> r = score_audit({"agency-scheduling": 0, "agency-say-no": 0, "relevance-tailored": 0,
        ...                  "partnership-feedback": 4})
        >>> [item.id for item in r.question_items]
        ['agency-scheduling', 'relevance-tailored', 'agency-say-no']
        >>> r.means
        {'agency': 0.0, 'relevance': 0.0, 'partnership': 4.0}
        >>> score_audit({"agency-schedule": 2})
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: There is no audit item 'agency-schedule'. Did you mean 'agency-scheduling'? ...
    """
    if not isinstance(ratings, Mapping):
        raise ArgumentTypeError(f"ratings must map item ids to ratings (a dict); got {type(ratings).__name__}")
    audit = load_audit(module)
    ids = [item.id for item in audit.items]
    unknown = [key for key in ratings if key not in ids]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), ids, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ArgumentError(f"There is no audit item {unknown[0]!r}.{hint} The item ids are: {', '.join(ids)}.")
    clean = {i: _check_rating(audit, i, ratings[i]) for i in ids if i in ratings and ratings[i] is not None}
    if not clean:
        raise ArgumentError(
            f'Nothing is rated yet. Rate at least one item ({audit.scale[0][0]} "{audit.label(0)}" to '
            f'{audit.high} "{audit.label(audit.high)}"), then score the audit.'
        )
    means: dict[str, float | None] = {}
    for condition in audit.conditions:
        values = [clean[item.id] for item in audit.items if item.condition == condition and item.id in clean]
        means[condition] = sum(values) / len(values) if values else None
    return AuditResult(audit=audit, ratings=clean, means=means, question_items=_choose_questions(audit, clean))


def profile_alt(result: AuditResult) -> str:
    """The profile chart's alt text: the scores in words.

    Example:
        >>> profile_alt(score_audit({"agency-scheduling": 1, "agency-say-no": 2})).endswith("Partnership: not rated yet.")
        True
    """
    audit = result.audit
    parts = [fill(audit.words["chart_alt"], high=audit.high)]
    for condition, (title, _question) in audit.conditions.items():
        mean = result.means[condition]
        if mean is None:
            parts.append(f"{title}: not rated yet.")
        else:
            parts.append(f"{title}: {mean:.1f} of {audit.high}, {audit.describe(mean)}.")
    return " ".join(parts)


def journal_text(result: AuditResult) -> str:
    """The audit as one readable journal entry: every rating, the scores and the questions.

    Example:
        >>> text = journal_text(score_audit({"agency-scheduling": 1}))
        >>> "Rating: 1 (rarely)" in text and "Rating: not rated" in text
        True
    """
    audit = result.audit
    lines = [
        fill(audit.words["journal_title"], module=audit.module),
        fill(audit.words["journal_scale"], scale=audit.scale_words()),
        result.summary(),
        "",
    ]
    for condition, (title, _question) in audit.conditions.items():
        mean = result.means[condition]
        score = "not rated yet" if mean is None else f"{mean:.1f} of {audit.high} ({audit.describe(mean)})"
        lines.append(f"{title}: {score}")
        for item in audit.items:
            if item.condition == condition:
                rating = result.ratings.get(item.id)
                rated = "not rated" if rating is None else f"{rating} ({audit.label(rating)})"
                lines.append(f"  {item.number}. {item.statement} Rating: {rated}")
        lines.append("")
    lines.append(audit.words["journal_questions"])
    lines += [f"  - {q}" for q in result.questions]
    return "\n".join(lines)
