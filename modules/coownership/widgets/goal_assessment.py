"""The goal-language coach's reading of one goal: :func:`assess_goal`.

The rules and the words of the reading come from a module's content file
(:mod:`coownership.widgets.goal_rules`, module 05's by default). What this file holds is how
matches become an owner, in the order the content file's ``how_owner_is_decided`` explains:

1. compliance wording and no want: staff; compliance wording and a want: shared, unless written
   about the person (then staff);
2. a want and no compliance wording: the person if in the first person and not written about
   them, otherwise shared;
3. neither: written about the person gives staff (shared with a sign of partnership), a sign of
   partnership gives shared, the first person gives the person; nothing matched: unclear.

The suggested question is the first flagged rule's question when the goal has flagged wording and
no want; otherwise one from the content file's pools, the same one for the same goal.

Example:
    >>> a = assess_goal("Client will attend all scheduled parenting sessions.")
    >>> a.owner, a.flag_ids, a.names_a_want
    ('staff', ('third-person', 'attend-all'), False)
    >>> assess_goal("I want to be there for my daughter's graduation.").owner
    'person'
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import NamedTuple

from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.widgets.goal_rules import GoalRules, load_goal_rules, tidy
from coownership.wording import fill

__all__ = ["MAX_CHARS", "Flag", "GoalAssessment", "assess_goal"]

MAX_CHARS = 1_000
"""The longest goal the coach reads. A goal is usually one or two sentences."""


class Flag(NamedTuple):
    """A rule that matched, and the words it matched (several are joined with ", ").

    Example:
        >>> Flag("must", "must") == ("must", "must")
        True
    """

    rule: str
    words: str


@dataclass(frozen=True)
class GoalAssessment:
    """What the coach makes of one goal.

    Attributes:
        text: the goal as given.
        owner: ``"staff"``, ``"shared"``, ``"person"`` or ``"unclear"`` (see ``goal_rules.OWNERS``).
        flags: every match of a rule pointing to the agency or staff, as :class:`Flag` (rule id, words).
        names_a_want: whether the goal names a want of the person's.
        suggestion: an open question to ask the person.
        summary: the coach's reading in plain words.
        wants: the matches that name something the person wants.
        signs: the other matches that point to the person or to partnership.
        matched_ids: the ids of every rule that matched, in rule order.
        owner_words: whose goal it reads as, in words.

    Example:
        >>> a = assess_goal("Client will maintain sobriety and submit to testing.")
        >>> a.flags
        (Flag(rule='third-person', words='Client will'), Flag(rule='submit-to', words='submit to'), Flag(rule='maintain-sobriety', words='maintain sobriety'))
        >>> a.suggestion.endswith("?")
        True
    """

    text: str
    owner: str
    flags: tuple[Flag, ...]
    names_a_want: bool
    suggestion: str
    summary: str
    wants: tuple[Flag, ...] = ()
    signs: tuple[Flag, ...] = ()
    matched_ids: tuple[str, ...] = ()
    owner_words: str = ""

    @property
    def flag_ids(self) -> tuple[str, ...]:
        """The ids of the flagged rules, in rule order."""
        return tuple(f.rule for f in self.flags)


def _owner(matched: bool, compliance: bool, wants: bool, about: bool, first: bool, partnership: bool) -> str:
    if not matched:
        return "unclear"
    if compliance:
        return "shared" if wants and not about else "staff"
    if wants:
        return "person" if first and not about else "shared"
    if about:
        return "shared" if partnership else "staff"
    return "shared" if partnership else "person"


def _quote(flags: tuple[Flag, ...], limit: int = 3) -> str:
    words: list[str] = []
    for f in flags:
        words += [w for w in f.words.split(", ") if w not in words]
    shown = [f"“{w}”" for w in words[:limit]]
    return ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]


def _check_goal(text: object) -> str:
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a string (a goal as written in a plan); got {type(text).__name__}")
    if not text.strip():
        raise ArgumentError("text is empty: expected a goal as written in a plan, one or two sentences")
    if len(text) > MAX_CHARS:
        raise ArgumentError(
            f"text is {len(text):,} characters; a goal is usually one or two sentences. "
            f"Give one goal at a time (up to {MAX_CHARS:,} characters)."
        )
    return text


def _read(rules: GoalRules, text: str) -> GoalAssessment:
    tidied = tidy(text)
    matched = [(r, Flag(r.id, ", ".join(found))) for r in rules.rules if (found := r.find(tidied))]
    flags = tuple(f for r, f in matched if r.points_to == "staff")
    wants = tuple(f for r, f in matched if r.kind == "want")
    signs = tuple(f for r, f in matched if r.points_to != "staff" and r.kind != "want")
    about = [(r, f) for r, f in matched if r.kind == "voice" and r.points_to == "staff"]
    first = any(r.kind == "voice" and r.points_to == "person" for r, _f in matched)
    compliance = tuple(f for r, f in matched if r.points_to == "staff" and r.kind != "voice")
    partnership = [(r, f) for r, f in matched if r.kind == "partnership"]
    owner = _owner(bool(matched), bool(compliance), bool(wants), bool(about), first, bool(partnership))

    said = rules.summary
    summary = [rules.owners[owner].sentence]
    if about and about[0][0].summary:
        summary.append(fill(about[0][0].summary, words=_quote((about[0][1],))))
    elif compliance and not wants and (first or partnership):
        summary.append(said["agency_words"])
    if compliance:
        summary.append(fill(said["compliance"], words=_quote(compliance)))
    if owner == "shared":
        summary += [fill(r.summary, words=_quote((f,), 2)) for r, f in partnership if r.summary]
    if wants:
        summary.append(fill(said["want"], words=_quote(wants)))
    else:
        summary.append(said["no_want"] if matched else said["no_match"])

    if flags and not wants:
        suggestion = rules.rule((compliance or flags)[0].rule).question
    else:
        if compliance:
            pool = "flags_and_want"
        elif not wants:
            pool = "no_want"
        else:
            pool = "person" if owner == "person" else "shared_want"
        options = rules.questions[pool]  # the same goal always gets the same question
        suggestion = options[zlib.crc32(text.lower().encode("utf-8")) % len(options)]
    return GoalAssessment(
        text=text,
        owner=owner,
        flags=flags,
        names_a_want=bool(wants),
        suggestion=suggestion,
        summary=" ".join(summary),
        wants=wants,
        signs=signs,
        matched_ids=tuple(r.id for r, _f in matched),
        owner_words=rules.owners[owner].words,
    )


def assess_goal(text: str, module: str = "05") -> GoalAssessment:
    """Read one plan goal: whose goal its wording makes it, what to look at again, whether it names
    something the person wants, and a question to ask them.

    Matching ignores case and punctuation. ``module`` names the module whose content file holds
    the rules (see :func:`coownership.widgets.goal_rules.load_goal_rules`).

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: ``text`` is empty, or longer than :data:`MAX_CHARS`.

    Example:
        >>> a = assess_goal("Client will cooperate with the service plan.")
        >>> a.owner, a.flag_ids, a.names_a_want
        ('staff', ('third-person', 'cooperate'), False)
        >>> "“cooperate with”" in a.summary
        True
        >>> assess_goal("Build a bedtime routine that works for our family.").owner
        'shared'
    """
    return _read(load_goal_rules(module), _check_goal(text))
