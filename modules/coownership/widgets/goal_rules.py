"""The goal-language coach's rules, read from a module's content file (module 05's by default).

The coach reads **words**, not intentions. Each rule is a regular expression with a *kind*:

- ``compliance``: wording that asks the person to follow (points to the agency or staff);
- ``voice``: who is speaking: written *about* the person (points to staff) or by them (the person);
- ``want``: a want of the person's, in their words or reported (points to the person);
- ``partnership``: a sign the goal was worked out together (points to a shared goal).

The rules (``[[goal_rules]]``: id, kind, points_to, pattern, description, why, example, question,
summary) and the words of the coach's reading (``[goal_reading]``: owners, kinds, summary
sentences, question pools, shared pattern pieces) are content, not code. Reading is checked: a
missing key, an unknown kind, a pattern that does not compile, a ``{piece}`` that is not defined,
an example its own rule does not match, each is a :class:`~coownership.errors.ContentError` naming
the file, the key and the rule. The rules are rough on purpose and listed openly, so a learner can
argue with them. :mod:`coownership.widgets.goal_assessment` turns matches into a reading.

Example:
    >>> rule = load_goal_rules("05").rule("comply")
    >>> rule.kind, rule.points_to
    ('compliance', 'staff')
    >>> rule.matches("Client will comply with the rules.")
    ('comply',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from coownership.content import Section, module_content, read
from coownership.errors import ArgumentError, ArgumentTypeError, ContentError
from coownership.wording import fill, read_words

__all__ = ["OWNERS", "KINDS", "Rule", "GoalRules", "load_goal_rules", "rules", "tidy"]

OWNERS = ("staff", "shared", "person", "unclear")
"""Whose goal the wording makes it: the agency or staff, shared, the person, or hard to tell."""

KINDS: dict[str, tuple[str, ...]] = {
    "compliance": ("staff",),
    "voice": ("staff", "person"),
    "partnership": ("shared",),
    "want": ("person",),
}
"""Each kind of rule, and whose goal a match of that kind may point to."""

_SUMMARY = {"agency_words": (), "compliance": ("words",), "want": ("words",), "no_want": (), "no_match": ()}
_POOLS = ("no_want", "flags_and_want", "shared_want", "person")
_GAP = re.compile(r"\{([A-Za-z_]+)\}")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "`": "'", "“": '"', "”": '"', "–": " ", "—": " ", "\u00a0": " "})


def tidy(text: str) -> str:
    """Tidy punctuation so rules see words separated by single spaces and sentences by " | ".

    Example:
        >>> tidy("Ms. Lopez will comply!  Then rest.")
        'Ms Lopez will comply | Then rest'
    """
    t = text.translate(_QUOTES)
    t = re.sub(r"\b(Mr|Mrs|Ms|Mx|Dr|St)\.", r"\1", t, flags=re.IGNORECASE)
    t = re.sub(r"[.!?;:]+(?=\s|$)|\n", " | ", t)
    t = re.sub(r"[^\w'%|-]+", " ", t)
    t = re.sub(r"(?<!\w)['-]+|['-]+(?!\w)", " ", t)  # a stray quote or dash is not part of a word
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"\|(?: \|)+", "|", t)
    return t.strip(" |")


@dataclass(frozen=True)
class Rule:
    """One rule the coach uses, in the open (one ``[[goal_rules]]`` table of the content file).

    Attributes:
        id, kind, points_to: the rule's name, its kind (see :data:`KINDS`) and whose goal a match suggests.
        pattern: the regular expression (shared pieces filled in), matched case-insensitively
            against the goal after punctuation is tidied.
        description, why, example: what it looks for, the course's reason, and a goal it matches.
        question: for a rule pointing to staff, an open question to ask the person instead.
        summary: for a voice or partnership rule, a sentence of the reading (``{words}``: the match).
        signals: what a match signals, in words.

    Example:
        >>> rule = next(r for r in rules() if r.id == "submit-to")
        >>> rule.kind, rule.points_to, "points to" in rule.signals
        ('compliance', 'staff', True)
        >>> rule.matches("Client will maintain sobriety and submit to testing.")
        ('submit to',)
    """

    id: str
    kind: str
    points_to: str
    pattern: str
    description: str
    why: str
    example: str
    question: str = ""
    summary: str = ""
    signals: str = ""

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (case-insensitive)."""
        return _compiled(self.pattern)

    def find(self, tidied: str) -> tuple[str, ...]:
        """The distinct words this rule matches in text already tidied, in order."""
        found: list[str] = []
        for m in self.regex.finditer(tidied):
            words = m.group(0).strip()
            if words and words.lower() not in (f.lower() for f in found):
                found.append(words)
        return tuple(found)

    def matches(self, text: str) -> tuple[str, ...]:
        """The distinct words this rule matches in ``text``, in order (empty if none)."""
        return self.find(tidy(text))


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


class OwnerWords(NamedTuple):
    """How the coach names an owner: its words, the reading's first sentence, an icon (decoration)."""

    words: str
    sentence: str
    icon: str


@dataclass(frozen=True, eq=False)
class GoalRules:
    """A module's goal rules and the words of the coach's reading, checked when read.

    Example:
        >>> coach_rules = load_goal_rules("05")
        >>> coach_rules.rule("we-together").points_to, sorted(coach_rules.owners)
        ('shared', ['person', 'shared', 'staff', 'unclear'])
    """

    path: Path
    rules: tuple[Rule, ...]
    owners: dict[str, OwnerWords]
    kinds: dict[str, Section]
    summary: dict[str, str]
    questions: dict[str, tuple[str, ...]]
    how_owner_is_decided: tuple[str, ...]
    rough: str
    how_heading: str

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id.

        Example:
            >>> load_goal_rules().rule("comply").kind
            'compliance'
        """
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise ArgumentError(f"rule_id must be one of {', '.join(r.id for r in self.rules)}; got {rule_id!r}")


def _pattern(section: Section, key: str) -> str:
    value = section.get(key, "a regular expression (a string, or a list of strings to join)", (str, list))
    if isinstance(value, list):
        value = "".join(section.texts(key))
    if not value.strip():
        raise ContentError(f"{section.path}: [{section.where}] {key} is empty; expected a regular expression")
    return value


def _rule(item: Section, pieces: dict[str, str], reading: Section) -> Rule:
    rule_id = item.text("id")
    where = f"{item.path}: [{item.where}] (rule {rule_id!r})"
    kind, points_to = item.text("kind"), item.text("points_to")
    if kind not in KINDS:
        raise ContentError(f"{where} kind = {kind!r}; expected one of {', '.join(KINDS)}")
    if points_to not in KINDS[kind]:
        raise ContentError(f"{where} points_to = {points_to!r}; a {kind} rule points to {' or '.join(KINDS[kind])}")

    def piece(m: re.Match[str]) -> str:
        if m.group(1) not in pieces:
            known = ", ".join(f"{{{p}}}" for p in pieces) or "none"
            raise ContentError(f"{where} pattern uses {m.group(0)}, which is not in [goal_reading.patterns] ({known})")
        return pieces[m.group(1)]

    pattern = _GAP.sub(piece, _pattern(item, "pattern"))
    try:
        _compiled(pattern)
    except re.error as exc:
        raise ContentError(f"{where} pattern is not a valid regular expression: {exc}") from None
    words = read_words(item, ("description", "why", "example"), {"summary": ("words",)} if item.has("summary") else {})
    question = item.text("question") if item.has("question") else ""
    if points_to == "staff" and not question:
        raise ContentError(f"{where} question is missing; a rule pointing to staff needs a question to ask instead")
    owner_words = reading.table("owners").table(points_to).text("words")
    signals = fill(reading.text("signals"), kind=reading.table("kinds").table(kind).text("signal"), owner=owner_words)
    rule = Rule(
        rule_id,
        kind,
        points_to,
        pattern,
        description=words["description"],
        why=words["why"],
        example=words["example"],
        question=question,
        summary=words.get("summary", ""),
        signals=signals,
    )
    if not rule.matches(rule.example):
        raise ContentError(f"{where} example {rule.example!r} does not match its own pattern")
    return rule


@lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int) -> GoalRules:
    content = read(path)
    reading = content.section("goal_reading")
    read_words(reading, (), {"signals": ("kind", "owner")})
    pieces_section = reading.table("patterns") if reading.has("patterns") else None
    pieces = {k: _pattern(pieces_section, k) for k in pieces_section.keys()} if pieces_section else {}
    owners_section = reading.table("owners")
    owners = {}
    for owner in OWNERS:
        o = owners_section.table(owner)
        owners[owner] = OwnerWords(o.text("words"), o.text("sentence"), o.text("icon"))
    kinds_section = reading.table("kinds")
    kinds = {kind: kinds_section.table(kind) for kind in KINDS}
    for section in kinds.values():
        read_words(section, ("signal", "heading"))
    questions_section = reading.table("questions")
    questions = {pool: questions_section.texts(pool) for pool in _POOLS}
    for pool, options in questions.items():
        if not options:
            raise ContentError(f"{content.path}: [goal_reading.questions] {pool} is empty; expected open questions")
    rules_ = tuple(_rule(item, pieces, reading) for item in content.top.tables("goal_rules"))
    seen: set[str] = set()
    for r in rules_:
        if r.id in seen:
            raise ContentError(f"{content.path}: two [[goal_rules]] have the id {r.id!r}; ids must be unique")
        seen.add(r.id)
    if not rules_:
        raise ContentError(f"{content.path}: no [[goal_rules]]; the coach needs at least one rule")
    return GoalRules(
        path=content.path,
        rules=rules_,
        owners=owners,
        kinds=kinds,
        summary=read_words(reading.table("summary"), (), _SUMMARY),
        questions=questions,
        how_owner_is_decided=reading.texts("how_owner_is_decided"),
        rough=reading.text("rough"),
        how_heading=reading.text("how_heading"),
    )


def load_goal_rules(module: str = "05") -> GoalRules:
    """The goal rules of a module's content file (read again only when the file changes).

    Raises :class:`~coownership.errors.ContentError` naming the file and the key (and the rule)
    for anything malformed: a missing key, an unknown kind, a pattern that does not compile, an
    example its own rule does not match.

    Example:
        >>> len(load_goal_rules("05").rules) > 20
        True
    """
    if not isinstance(module, str):
        raise ArgumentTypeError(f"module must be a module number such as '05'; got {type(module).__name__}")
    path = module_content(module).path
    return _load(path, path.stat().st_mtime_ns)


def rules(module: str = "05") -> tuple[Rule, ...]:
    """Every rule the coach uses, in order: id, kind, whose goal it points to, pattern, description,
    why, example (and a question, for rules pointing to staff).

    Example:
        >>> [r.id for r in rules() if r.kind == "compliance"][:4]
        ['comply', 'label-words', 'cooperate', 'attend-all']
    """
    return load_goal_rules(module).rules
