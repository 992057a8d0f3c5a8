"""The design of a service: its levers (:class:`Design`) and the named presets.

A design is what an agency chooses: who sets visit times, who writes the goals, what follows a
missed visit. The simulator (:func:`coownership.caseload.simulate`) runs a caseload under one.

Example:
    >>> Design.preset("compliance").vary(reminders=True).reminders
    True
    >>> sorted(PRESETS)
    ['co-ownership', 'compliance', 'try-harder']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from coownership.content import course_content, design_words
from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.validation import check_bool, check_choice, check_int, check_number, check_text

__all__ = [
    "Design",
    "PRESETS",
    "SCHEDULING",
    "GOAL_AUTHORSHIP",
    "PLAN",
    "CLIENT_IN_MEETINGS",
    "MISSED_VISIT_RESPONSE",
    "LEVER_CHOICES",
]

SCHEDULING = ("assigned", "client_chooses", "flexible")
GOAL_AUTHORSHIP = ("staff", "shared", "client")
PLAN = ("standard", "tailored")
CLIENT_IN_MEETINGS = ("absent", "present", "leads")
MISSED_VISIT_RESPONSE = ("consequence", "outreach", "ask_and_adapt")

LEVER_CHOICES = {
    "scheduling": SCHEDULING,
    "goal_authorship": GOAL_AUTHORSHIP,
    "plan": PLAN,
    "client_in_meetings": CLIENT_IN_MEETINGS,
    "missed_visit_response": MISSED_VISIT_RESPONSE,
}


@dataclass(frozen=True)
class Design:
    """The design levers of a service, as one validated, immutable object.

    Args:
        scheduling: who sets visit times: ``"assigned"`` (the agency), ``"client_chooses"``, or
            ``"flexible"`` (client chooses, with evening hours and visits where the client is).
        goal_authorship: who writes the plan's goals: ``"staff"``, ``"shared"`` or ``"client"``.
        plan: ``"standard"`` (the same plan for everyone) or ``"tailored"``.
        client_in_meetings: the client at team meetings: ``"absent"``, ``"present"``, ``"leads"``.
        missed_visit_response: what follows a missed visit: ``"consequence"`` (warning letter,
            discharge after repeated misses), ``"outreach"`` (more calls), or ``"ask_and_adapt"``
            (ask what got in the way and change the arrangement).
        reminders: text reminders before each visit.
        caseload_per_worker: clients per worker (5-60).
        outreach_effort: how hard workers chase each missed visit (0-1; 1 is the most they could do).
        name: a label for charts and tables.

    Example:
        >>> d = Design.preset("compliance")
        >>> d.scheduling, d.missed_visit_response
        ('assigned', 'consequence')
        >>> d.vary(scheduling="flexible").name
        'compliance, varied'
        >>> Design(scheduling="sometimes")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: scheduling must be one of 'assigned', 'client_chooses', 'flexible'; got 'sometimes'.
    """

    scheduling: str = "assigned"
    goal_authorship: str = "staff"
    plan: str = "standard"
    client_in_meetings: str = "absent"
    missed_visit_response: str = "consequence"
    reminders: bool = False
    caseload_per_worker: int = 25
    outreach_effort: float = 0.2
    name: str = "custom"

    def __post_init__(self) -> None:
        for lever, allowed in LEVER_CHOICES.items():
            check_choice(lever, getattr(self, lever), allowed)
        check_bool("reminders", self.reminders)
        check_int("caseload_per_worker", self.caseload_per_worker, low=5, high=60)
        check_number("outreach_effort", self.outreach_effort, low=0.0, high=1.0)
        check_text("name", self.name)

    @classmethod
    def preset(cls, name: Design | str) -> Design:
        """A named preset: ``"compliance"``, ``"co-ownership"`` or ``"try-harder"``; a :class:`Design`
        is returned as it is, so every function that takes "a Design or a preset name" calls this.

        Example:
            >>> Design.preset("co-ownership").goal_authorship
            'shared'
            >>> Design.preset(3)
            Traceback (most recent call last):
            ...
            coownership.errors.ArgumentTypeError: design must be a Design or a preset name (compliance, co-ownership, try-harder); got int
        """
        if isinstance(name, Design):
            return name
        if not isinstance(name, str):
            raise ArgumentTypeError(
                f"design must be a Design or a preset name ({', '.join(PRESETS)}); got {type(name).__name__}"
            )
        check_choice("design", name, tuple(PRESETS))
        return PRESETS[name]

    def vary(self, **changes: Any) -> Design:
        """A copy with some levers changed (validated); the name notes the change.

        Example:
            >>> Design.preset("compliance").vary(reminders=True, name="compliance + reminders").name
            'compliance + reminders'
        """
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            levers = ", ".join(f.name for f in dataclasses.fields(self))
            raise ArgumentError(f"unknown design lever(s): {', '.join(unknown)}. Levers: {levers}")
        changes.setdefault("name", f"{self.name}, varied")
        return dataclasses.replace(self, **changes)

    def levers(self) -> dict[str, Any]:
        """The levers as a plain dict (without the name)."""
        out = dataclasses.asdict(self)
        out.pop("name")
        return out

    def describe(self) -> str:
        """The design in plain words (the phrases come from ``notebooks/course.toml``).

        Example:
            >>> print(Design.preset("compliance").describe().splitlines()[0])
            compliance: the agency assigns visit times; staff write the goals; the same plan for everyone.
        """
        phrase = {
            lever: design_words(lever, allowed)[1][getattr(self, lever)].text("phrase")
            for lever, allowed in LEVER_CHOICES.items()
        }
        sched, goals, plan = phrase["scheduling"], phrase["goal_authorship"], phrase["plan"]
        meet, resp = phrase["client_in_meetings"], phrase["missed_visit_response"]
        words = course_content().section("design").table("reminders")
        rem = words.text("on") if self.reminders else words.text("off")
        return (
            f"{self.name}: {sched}; {goals}; {plan}.\n{meet[:1].upper()}{meet[1:]}; {resp}; {rem}; "
            f"{self.caseload_per_worker} clients per worker; "
            f"{course_content().section('design').table('outreach_effort').text('option').format(share=f'{self.outreach_effort:.0%}')}."
        )


PRESETS: dict[str, Design] = {
    "compliance": Design(name="compliance"),
    "co-ownership": Design(
        scheduling="flexible",
        goal_authorship="shared",
        plan="tailored",
        client_in_meetings="leads",
        missed_visit_response="ask_and_adapt",
        reminders=True,
        name="co-ownership",
    ),
    "try-harder": Design(missed_visit_response="outreach", outreach_effort=0.8, name="try-harder"),
}
"""Named designs. "try-harder" is compliance with much more outreach (module 04)."""
