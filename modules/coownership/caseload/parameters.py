"""The model's coefficients (:class:`ModelParameters`), each with the reasoning behind its default.

Every default says how it is justified (:data:`BASES`): *calibrated*, *bounded* or *assumption*;
``docs/model-card.md`` lists them all (written from here by :mod:`coownership.evidence`).

Example:
    >>> ModelParameters.__dataclass_fields__["base_attendance"].metadata["basis"]
    'calibrated'
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coownership.errors import ArgumentTypeError
from coownership.validation import check_choice

__all__ = ["ModelParameters", "BASES"]

BASES = ("calibrated", "bounded", "assumption")
"""How a parameter's default is justified: *calibrated* (tuned so a preset lands in a published
range), *bounded* (a lever's effect held inside a published figure, see :mod:`coownership.evidence`)
or *assumption* (the model's, to vary and question)."""


def _p(value: Any, basis: str, why: str) -> Any:
    check_choice("basis", basis, BASES)
    return field(default=value, metadata={"basis": basis, "why": why})


@dataclass(frozen=True)
class ModelParameters:
    """The model's coefficients, each with the reasoning behind its default (``metadata['why']``).

    Change them only to explore the model; the defaults are what the calibration tests hold.

    Example:
        >>> p = ModelParameters()
        >>> p.readiness < p.barrier
        True
    """

    base_attendance: float = _p(
        2.3,
        "calibrated",
        "Logit of attending for an average client with no barriers: tuned so 'compliance' misses "
        "20-35% of visits (published: 19-36%, Department of Health 2003; Sims et al. 2012).",
    )
    readiness: float = _p(
        0.15,
        "assumption",
        "Readiness matters, but less than structure: one SD of readiness moves attendance less than "
        "changing the scheduling rule does. The course's premise, put into the model; not measured.",
    )
    readiness_investment: float = _p(0.1, "assumption", "Readiness adds a little to a client's starting investment.")
    investment: float = _p(
        0.75,
        "assumption",
        "Investment (buy-in) is the model's strongest personal factor. Yatchmenoff's scale names "
        "investment as one dimension of engagement but does not rank the dimensions: the ranking is "
        "the model's. Investment is itself produced by the service.",
    )
    unavoidable_miss: float = _p(
        0.06,
        "assumption",
        "Weekly chance of a miss no design prevents (illness, a crisis at home): not every miss is about the service.",
    )
    barrier: float = _p(
        0.45, "assumption", "Each barrier (transport, rigid hours, caregiving) under assigned times, on the logit."
    )
    barrier_share: tuple = _p(
        (1.0, 0.45, 0.25),
        "bounded",
        "Share of the barrier effect left when clients choose times, and with flexible times and places; "
        "each held inside the lever table's bound (accommodating preferences, Swift et al. 2018).",
    )
    reminders: float = _p(
        0.30,
        "bounded",
        "Text reminders: fewer misses than the 25-28% fall seen after reminders began (Sims et al. "
        "2012, before/after); kept modest because the fall faded (Moran et al. 2018) or did not "
        "appear (Mohamudbucus & Kar 2025).",
    )
    outreach: float = _p(
        1.0, "assumption", "A follow-up call after a miss, per unit of outreach effort: helps a little."
    )
    burnout: float = _p(0.5, "assumption", "A worn-out worker's visits are less likely to happen (0-1 burnout scale).")
    relevance: tuple = _p(
        (0.05, 0.6, 0.75),
        "bounded",
        "How far sessions serve the client's own goals: staff, shared, client-written goals; held "
        "inside the lever table's bound (dropout OR 1.79, Swift et al. 2018).",
    )
    tailored_plan: float = _p(0.2, "bounded", "Extra relevance from a tailored plan (held inside the same bound).")
    partnership: tuple = _p(
        (0.0, 0.5, 1.0), "assumption", "Partnership score: client absent from, present at, leading team meetings."
    )
    learn_rate: float = _p(0.03, "assumption", "How fast investment moves with each attended session.")
    relevance_threshold: float = _p(
        0.2,
        "assumption",
        "Sessions build investment only when relevance plus half the partnership score exceeds this; "
        "staff-written goals fall just short.",
    )
    consequence_hit: float = _p(0.1, "assumption", "Investment lost after a warning letter.")
    adapt_chance: float = _p(0.3, "assumption", "Chance that asking about a miss finds and removes one barrier.")
    ask_bonus: float = _p(
        0.02, "assumption", "Investment gained when a worker asks what got in the way: a small sign of being heard."
    )
    dropout_base: float = _p(
        -4.7,
        "calibrated",
        "Weekly dropout logit for an average client: tuned so 'compliance' loses 35-55% early within "
        "26 weeks (published: 28-75%, de Haan et al. 2013; 40-60%, Kazdin).",
    )
    dropout_investment: float = _p(0.5, "assumption", "Less invested clients leave sooner.")
    dropout_recent_miss: float = _p(
        0.35, "assumption", "Each miss in the last three weeks raises the chance of leaving."
    )
    discharge_misses: int = _p(
        3, "assumption", "Consequence rule: a case with this many misses in four weeks may be discharged."
    )
    discharge_chance: float = _p(
        0.08,
        "assumption",
        "Chance a case meeting the rule is discharged that week. Set higher than the 5.5% of "
        "substance-use discharges terminated by the facility (SAMHSA TEDS-D 2019) because the preset's rule is strict.",
    )
    progress_needed: tuple = _p((10.0, 30.0), "assumption", "Range of 'progress' a client needs to complete (uniform).")
    burnout_rate: float = _p(0.15, "assumption", "How fast burnout moves toward its current pressure (weekly).")
    chase_hours: float = _p(1.5, "assumption", "Hours of chasing per missed visit at full outreach effort.")
    paperwork_hours: float = _p(0.75, "assumption", "Hours of paperwork per missed visit under consequence rules.")
    relapse_base: float = _p(0.012, "assumption", "Weekly relapse hazard after step-down at average ownership.")
    relapse_ownership: float = _p(
        1.2, "assumption", "Plan ownership protects after step-down: the course's premise, put into the model."
    )
    relapse_supports: float = _p(0.7, "assumption", "Natural supports protect after step-down.")
    relapse_hours: float = _p(0.1, "assumption", "Service hours protect only a little.")
    followup_weeks: int = _p(52, "assumption", "Weeks of follow-up after step-down.")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value, default = getattr(self, f.name), f.default
            if isinstance(default, tuple):
                if (
                    not isinstance(value, tuple)
                    or len(value) != len(default)
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
                ):
                    raise ArgumentTypeError(
                        f"{f.name} must be a tuple of {len(default)} numbers, like {default}; got {value!r}"
                    )
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ArgumentTypeError(f"{f.name} must be a number, like {default}; got {value!r}")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """The model's link from the logit scale to a chance (0-1)."""
    return 1.0 / (1.0 + np.exp(-x))
