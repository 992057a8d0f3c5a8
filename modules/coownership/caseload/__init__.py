"""The caseload simulator: a transparent, seeded teaching model of an agency.

**Illustrative, not evidence.** Every number it produces is SIMULATED. Its defaults are set so
that a compliance-style program and a co-ownership design land inside the published ranges in
``shared/CALIBRATION.md`` (see ``docs/model-card.md``), but it is not a forecast for any real
program.

The causal story, in one paragraph: a client's chance of attending a weekly visit depends on the
structure of the service (who chose the time, whether reminders go out), on the barriers in the
client's life (transport, rigid work hours, caregiving, which hit hardest when the time is
assigned), a little on "readiness", on how invested the client is, and on how worn out their
worker is. Investment grows when attended sessions serve the client's own goals and the client is
a partner in planning; it falls after consequences. Clients leave early when investment is low
and misses pile up, and under consequence rules they are discharged for missing. Workers
accumulate burnout from caseload and from chasing missed visits; discretion in their own work
protects them. Workers label clients from what they see, so labels follow misses. After
step-down, time to relapse depends on plan ownership and natural supports more than on service
hours.

The package, by what each file holds:

- :mod:`~coownership.caseload.design`: the design levers (:class:`Design`) and the named presets;
- :mod:`~coownership.caseload.parameters`: the model's coefficients and why each has its default;
- :mod:`~coownership.caseload.effects`: what a design does inside the model, after ``effect_scale``;
- :mod:`~coownership.caseload.simulation`: :func:`simulate`, :func:`walk` and the weekly process;
- :mod:`~coownership.caseload.tables`: the result (:class:`Caseload`) and how its tables are built;
- :mod:`~coownership.caseload.dictionary`: what every column means, and each category's values.

API in the spirit of scikit-learn's dataset generators::

    >>> from coownership.caseload import Design, simulate
    >>> run = simulate("compliance", n_clients=500, weeks=26, seed=1)
    >>> run
    Caseload(SIMULATED, design='compliance', n_clients=500, weeks=26, seed=1)
    >>> 0.15 < run.summary()["missed_share"] < 0.40
    True
    >>> run.appointments.equals(simulate("compliance", n_clients=500, weeks=26, seed=1).appointments)
    True
    >>> Design.preset("compliance").vary(reminders=True).reminders
    True
"""

from coownership.caseload.compare import MEASURES, compare
from coownership.caseload.design import (
    CLIENT_IN_MEETINGS,
    GOAL_AUTHORSHIP,
    LEVER_CHOICES,
    MISSED_VISIT_RESPONSE,
    PLAN,
    PRESETS,
    SCHEDULING,
    Design,
)
from coownership.caseload.dictionary import (
    ACTUAL_REASONS,
    DATA_DICTIONARY,
    EXIT_KINDS,
    LABELS,
    NEEDS,
    RECORDED_REASONS,
    REFERRALS,
)
from coownership.caseload.effects import BASELINE, Effects
from coownership.caseload.parameters import BASES, ModelParameters
from coownership.caseload.simulation import simulate, walk
from coownership.caseload.step_down import stable_at, stable_gaps, stepped_down, still_stable
from coownership.caseload.tables import Caseload

__all__ = [
    "compare",
    "stable_at",
    "stable_gaps",
    "stepped_down",
    "still_stable",
    "MEASURES",
    "Design",
    "ModelParameters",
    "Caseload",
    "simulate",
    "walk",
    "PRESETS",
    "SCHEDULING",
    "GOAL_AUTHORSHIP",
    "PLAN",
    "CLIENT_IN_MEETINGS",
    "MISSED_VISIT_RESPONSE",
    "ACTUAL_REASONS",
    "RECORDED_REASONS",
    "LABELS",
    "EXIT_KINDS",
    "DATA_DICTIONARY",
    "LEVER_CHOICES",
    "Effects",
    "BASELINE",
    "BASES",
    "REFERRALS",
    "NEEDS",
]
