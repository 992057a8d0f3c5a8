"""What a design does inside the model (:class:`Effects`), after ``effect_scale`` is applied.

Example:
    >>> from coownership.caseload import Design, ModelParameters
    >>> Effects.of(Design.preset("compliance"), ModelParameters()).reminders
    0.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coownership.caseload.design import CLIENT_IN_MEETINGS, GOAL_AUTHORSHIP, PRESETS, SCHEDULING, Design
from coownership.caseload.parameters import ModelParameters

__all__ = ["Effects", "BASELINE"]

BASELINE = "compliance"
"""The preset every lever's effect is measured from, and that ``effect_scale`` shrinks towards."""


@dataclass(frozen=True)
class Effects:
    """What a design does inside the model, after ``effect_scale`` is applied.

    Each quantity is the baseline's value (the "compliance" preset) plus ``effect_scale`` times the
    design's difference from it: ``baseline + scale * (design - baseline)``. So at 1 a design
    behaves as published studies suggest (the calibrated defaults), at 0.5 every lever does half
    as much, and at 0 every design behaves like "compliance". Base rates, readiness and luck are
    never scaled. A quantity with a natural limit (a share of a barrier, a chance) stops there.

    How levers combine is itself an assumption: their effects add on the logit scale of
    attending and of leaving, and through the client's investment, week by week. No study has
    tested a bundle of levers such as the "co-ownership" preset.

    Per-response quantities are indexed by :data:`MISSED_VISIT_RESPONSE` (consequence, outreach,
    ask_and_adapt).

    Example:
        >>> e = Effects.of(Design.preset("co-ownership"), ModelParameters(), effect_scale=0.5)
        >>> round(e.barrier_share, 3), round(e.reminders, 3)
        (0.625, 0.15)
        >>> Effects.of(Design.preset("co-ownership"), ModelParameters(), effect_scale=0) == Effects.of(
        ...     Design.preset("compliance"), ModelParameters(), effect_scale=0)
        True
    """

    barrier_share: float
    relevance: float
    partnership: float
    reminders: float
    forgot_weight: float
    effort: float
    staff_agency: float
    caseload_factor: float
    warning_hit: tuple[float, float, float]
    discharge_chance: tuple[float, float, float]
    paperwork_hours: tuple[float, float, float]
    extra_effort: tuple[float, float, float]
    ask_bonus: tuple[float, float, float]
    adapt_chance: tuple[float, float, float]
    would_come_back: tuple[float, float, float]

    @classmethod
    def of(cls, design: Design, p: ModelParameters, effect_scale: float = 1.0) -> Effects:
        """The effects of ``design`` under parameters ``p``, scaled by ``effect_scale`` (0-2)."""
        base, k = PRESETS[BASELINE], float(effect_scale)

        def mix(at_base: float, at_design: float, low: float = -math.inf, high: float = math.inf) -> float:
            return min(high, max(low, at_base + k * (at_design - at_base)))

        def raw(d: Design) -> dict[str, float]:
            sched = SCHEDULING.index(d.scheduling)
            relevance = p.relevance[GOAL_AUTHORSHIP.index(d.goal_authorship)]
            return {
                "barrier_share": p.barrier_share[sched],
                "relevance": min(1.0, relevance + (p.tailored_plan if d.plan == "tailored" else 0.0)),
                "partnership": p.partnership[CLIENT_IN_MEETINGS.index(d.client_in_meetings)],
                "reminders": p.reminders if d.reminders else 0.0,
                "forgot_weight": 0.10 if d.reminders else 0.30,
                "effort": d.outreach_effort,
                # workers have more say in their own work when they may adapt schedules and responses
                "staff_agency": 0.5 * (sched / 2) + 0.5 * (d.missed_visit_response == "ask_and_adapt"),
                "caseload": d.caseload_per_worker,
            }

        b, d = raw(base), raw(design)
        # per response, relative to "consequence" (the baseline's response)
        off = max(0.0, 1.0 - k)  # how much of the consequence response remains in the others
        return cls(
            barrier_share=mix(b["barrier_share"], d["barrier_share"], 0.0, 1.0),
            relevance=mix(b["relevance"], d["relevance"], 0.0, 1.0),
            partnership=mix(b["partnership"], d["partnership"], 0.0),
            reminders=mix(b["reminders"], d["reminders"]),
            forgot_weight=mix(b["forgot_weight"], d["forgot_weight"], 0.0),
            effort=mix(b["effort"], d["effort"], 0.0, 1.0),
            staff_agency=mix(b["staff_agency"], d["staff_agency"], 0.0),
            # burnout's caseload term uses clients x factor: at 1 the actual caseload, at 0 the baseline's
            caseload_factor=mix(b["caseload"] / d["caseload"], 1.0, 0.0),
            warning_hit=(p.consequence_hit, p.consequence_hit * off, p.consequence_hit * off),
            discharge_chance=(p.discharge_chance, p.discharge_chance * off, p.discharge_chance * off),
            paperwork_hours=(p.paperwork_hours, p.paperwork_hours * off, p.paperwork_hours * off),
            extra_effort=(0.0, min(1.0, 0.5 * k), 0.0),
            ask_bonus=(0.0, 0.0, p.ask_bonus * k),
            adapt_chance=(0.0, 0.0, min(1.0, p.adapt_chance * k)),
            would_come_back=(0.3, min(1.0, 0.3 + 0.3 * k), min(1.0, 0.3 + 0.3 * k)),
        )
