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

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coownership.content import course_content, design_words
from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.validation import check_bool, check_choice, check_int, check_number, check_text

__all__ = [
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
]

SCHEDULING = ("assigned", "client_chooses", "flexible")
GOAL_AUTHORSHIP = ("staff", "shared", "client")
PLAN = ("standard", "tailored")
CLIENT_IN_MEETINGS = ("absent", "present", "leads")
MISSED_VISIT_RESPONSE = ("consequence", "outreach", "ask_and_adapt")

ACTUAL_REASONS = ("work shift", "transport", "caregiving", "plan not about me", "forgot", "illness", "crisis at home")
RECORDED_REASONS = ("no show", "could not reach", "non-compliance") + ACTUAL_REASONS
LABELS = ("engaged", "unmotivated", "resistant")
EXIT_KINDS = ("completed", "dropped_out", "administrative_discharge", "open")
REFERRALS = ("self", "mandated")
NEEDS = ("housing", "parenting", "mental health", "employment", "substance use")

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
        outreach_effort: share of spare time workers spend chasing missed visits (0-1).
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
    def preset(cls, name: str) -> Design:
        """A named preset: ``"compliance"``, ``"co-ownership"`` or ``"try-harder"``.

        Example:
            >>> Design.preset("co-ownership").goal_authorship
            'shared'
        """
        if isinstance(name, Design):
            return name
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
            f"{self.name}: {sched}; {goals}; {plan}.\n{meet}; {resp}; {rem}; "
            f"{self.caseload_per_worker} clients per worker; outreach effort {self.outreach_effort:.0%}."
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


BASES = ("calibrated", "bounded", "assumption")
"""How a parameter's default is justified: *calibrated* (tuned so a preset lands in a published
range), *bounded* (a lever's effect held inside a published figure, see :mod:`coownership.evidence`)
or *assumption* (the model's, to vary and question)."""


def _p(value: Any, basis: str, why: str) -> Any:
    if basis not in BASES:
        raise ArgumentError(f"basis must be one of {BASES}; got {basis!r}")
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
    return 1.0 / (1.0 + np.exp(-x))


_GOAL_TEXT = {
    "staff": {
        "housing": "Client will comply with housing program requirements.",
        "parenting": "Client will attend all scheduled parenting sessions.",
        "mental health": "Client will take medication as prescribed and attend all appointments.",
        "employment": "Client will complete the job-readiness class.",
        "substance use": "Client will maintain sobriety and submit to testing.",
    },
    "shared": {
        "housing": "Find a stable place to live within three months, with the team's help.",
        "parenting": "Build a bedtime routine that works for our family.",
        "mental health": "Have more good days than bad days, and know what helps on bad days.",
        "employment": "Find work that fits around school pick-up.",
        "substance use": "Cut back on drinking, starting with weekends.",
    },
    "client": {
        "housing": "I want my own place where my kids can have friends over.",
        "parenting": "I want my kids to feel safe at home again.",
        "mental health": "I want to sleep through the night and get back to church.",
        "employment": "I want to keep my job while we work on this.",
        "substance use": "I want to be there for my daughter's graduation.",
    },
}
_SECOND_GOAL = {
    "staff": "Client will cooperate with the service plan.",
    "shared": "Agree on who to call when things get hard.",
    "client": "I want people around me I can count on when this service ends.",
}


@dataclass
class Caseload:
    """The result of :func:`simulate`: SIMULATED tables of one agency, plus how they were made.

    Attributes (pandas DataFrames; see ``datasets/README.md`` for the data dictionary):
        clients, staff, appointments, goals, labels, episodes, exit_interviews.
    """

    design: Design
    n_clients: int
    weeks: int
    seed: int
    clients: pd.DataFrame
    staff: pd.DataFrame
    appointments: pd.DataFrame
    goals: pd.DataFrame
    labels: pd.DataFrame
    episodes: pd.DataFrame
    exit_interviews: pd.DataFrame

    TABLES = ("clients", "staff", "appointments", "goals", "labels", "episodes", "exit_interviews")

    def summary(self) -> dict[str, float]:
        """Headline numbers: missed share, early exits (and their two kinds), completions, burnout.

        Early exit is always split: ``dropped_out_share`` (the client stopped coming) and
        ``discharged_share`` (closed by the consequence rule, a number the rule itself makes).

        Example:
            >>> s = simulate("co-ownership", n_clients=200, weeks=26, seed=2).summary()
            >>> 0 < s["missed_share"] < 1
            True
        """
        ep = self.episodes
        early = ep["exit_kind"].isin(["dropped_out", "administrative_discharge"]).mean()
        last = self.staff[self.staff["week"] == self.staff["week"].max()]
        return {
            "missed_share": float(1 - self.appointments["attended"].mean()),
            "early_exit_share": float(early),
            "dropped_out_share": float((ep["exit_kind"] == "dropped_out").mean()),
            "discharged_share": float((ep["exit_kind"] == "administrative_discharge").mean()),
            "completed_share": float((ep["exit_kind"] == "completed").mean()),
            "active_at_end": float((ep["exit_kind"] == "open").mean()),
            "mean_burnout": float(self.staff["burnout"].mean()),
            "burnout_at_end": float(last["burnout"].mean()),
        }

    def weekly(self) -> pd.DataFrame:
        """One row per week: visits, missed share, clients active, early exits so far, burnout.

        Example:
            >>> simulate("compliance", n_clients=100, weeks=8, seed=0).weekly().shape[0]
            8
        """
        appts = self.appointments.groupby("week", observed=True)["attended"].agg(["size", "mean"])
        weeks = pd.RangeIndex(self.weeks, name="week")
        ep = self.episodes
        early = ep[ep["exit_kind"].isin(["dropped_out", "administrative_discharge"])]
        exits = early.groupby("exit_week").size().reindex(weeks, fill_value=0).cumsum()
        out = pd.DataFrame(
            {
                "visits": appts["size"].reindex(weeks, fill_value=0).astype("int64"),
                "missed_share": (1 - appts["mean"]).reindex(weeks),
                "early_exits_so_far": exits.astype("int64") / self.n_clients,
                "burnout": self.staff.groupby("week")["burnout"].mean().reindex(weeks),
            }
        )
        out.attrs["simulated"] = True
        return out

    def _repr_html_(self) -> str:
        s = self.summary()
        return (
            f"<p><strong>SIMULATED caseload</strong> ({self.design.name}; {self.n_clients:,} clients, "
            f"{self.weeks} weeks, seed {self.seed}): {s['missed_share']:.0%} of visits missed, "
            f"{s['early_exit_share']:.0%} left early, mean staff burnout {s['mean_burnout']:.2f}. "
            "Illustrative, not evidence.</p>"
        )

    def __repr__(self) -> str:
        return (
            f"Caseload(SIMULATED, design={self.design.name!r}, n_clients={self.n_clients}, "
            f"weeks={self.weeks}, seed={self.seed})"
        )


def _categorical(values: np.ndarray, categories: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(values.astype(np.int8), categories=list(categories))


def simulate(
    design: Design | str = "compliance",
    *,
    n_clients: int = 500,
    weeks: int = 26,
    seed: int = 0,
    effect_scale: float = 1.0,
    parameters: ModelParameters | None = None,
) -> Caseload:
    """Simulate one agency's caseload under a design. Every number it returns is SIMULATED.

    Args:
        design: a :class:`Design` or a preset name (``"compliance"``, ``"co-ownership"``,
            ``"try-harder"``).
        n_clients: clients, all taken on in week 0 (10-200,000).
        weeks: weeks simulated (4-156); 26 weeks is six months.
        seed: random seed (a whole number 0 or more); the same arguments give identical frames.
        effect_scale: how strong every design lever is, from 0 to 2: 1 is "as published studies
            suggest" (the calibrated defaults), 0.5 "half of that", 0 "no lever does anything"
            (every design behaves like "compliance"). Base rates, readiness and luck are not
            scaled. An assumption to vary, not a fact; see :class:`Effects`.
        parameters: model coefficients (:class:`ModelParameters`); defaults are calibrated.

    Returns:
        A :class:`Caseload` with DataFrames ``clients`` (one row per client), ``staff`` (per
        worker per week), ``appointments`` (one row per scheduled visit), ``goals``, ``labels``,
        ``episodes`` and ``exit_interviews``.

    Example:
        >>> run = simulate("compliance", n_clients=300, weeks=26, seed=3)
        >>> run.appointments.columns.tolist()[:4]
        ['client_id', 'worker_id', 'week', 'attended']
        >>> simulate(n_clients=5)
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: n_clients must be from 10 to 200000; got 5
    """
    if isinstance(design, str):
        design = Design.preset(design)
    elif not isinstance(design, Design):
        raise ArgumentTypeError(
            f"design must be a Design or a preset name ({', '.join(PRESETS)}); got {type(design).__name__}"
        )
    check_int("n_clients", n_clients, low=10, high=200_000)
    check_int("weeks", weeks, low=4, high=156)
    check_int("seed", seed, low=0, high=2**32 - 1)
    check_number("effect_scale", effect_scale, low=0.0, high=2.0)
    p = parameters if parameters is not None else ModelParameters()
    if not isinstance(p, ModelParameters):
        raise ArgumentTypeError(f"parameters must be a ModelParameters; got {type(p).__name__}")
    return _Simulation(design, int(n_clients), int(weeks), int(seed), p, effect_scale=float(effect_scale)).run()


def walk(
    design: Design | str = "compliance",
    *,
    choices: str | tuple[str, ...] = (),
    seed: int = 0,
    caseload: int = 25,
    weeks: int = 26,
    effect_scale: float = 1.0,
) -> Caseload:
    """Follow one family (client 1) through the same model, choosing the response to each of
    their missed visits. Everyone else on the worker's caseload gets the design's own response.

    Args:
        design: the agency's design (a :class:`Design` or preset name).
        choices: the responses to the family's first, second, ... missed visit, each one of
            ``"consequence"``, ``"outreach"``, ``"ask_and_adapt"``; later misses get the design's
            response. A single string means "always this response".
        seed: picks the family and their luck; the same seed with other choices is the same
            family meeting the same luck, so paths differ only because of the choices.
        caseload: clients on the family's worker's caseload (one worker).
        weeks: weeks to follow.
        effect_scale: how strong every design lever (and each response) is, 0-2; see :func:`simulate`.

    Example:
        >>> a = walk("compliance", choices="consequence", seed=3)
        >>> b = walk("compliance", choices="ask_and_adapt", seed=3)
        >>> a.clients.iloc[0].equals(b.clients.iloc[0])  # the same family
        True
        >>> walk(choices=("shout",))
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: each of choices must be one of 'consequence', 'outreach', 'ask_and_adapt'; got 'shout'.
    """
    if isinstance(design, str):
        design = Design.preset(design)
    elif not isinstance(design, Design):
        raise ArgumentTypeError(f"design must be a Design or a preset name; got {type(design).__name__}")
    items = (choices,) if isinstance(choices, str) else choices
    if not isinstance(items, tuple):
        raise ArgumentTypeError(f"choices must be a string or a tuple of strings; got {type(choices).__name__}")
    for choice in items:
        check_choice("each of choices", choice, MISSED_VISIT_RESPONSE)
    check_int("seed", seed, low=0, high=2**32 - 1)
    check_int("caseload", caseload, low=5, high=60)
    check_int("weeks", weeks, low=4, high=156)
    check_number("effect_scale", effect_scale, low=0.0, high=2.0)
    design = design.vary(caseload_per_worker=caseload, name=design.name)
    return _Simulation(
        design, caseload, weeks, seed, ModelParameters(), family=choices, effect_scale=float(effect_scale)
    ).run()


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


class _Simulation:
    """One run. Vectorised over clients; the only loop is over weeks."""

    def __init__(
        self,
        design: Design,
        n: int,
        weeks: int,
        seed: int,
        p: ModelParameters,
        family: str | tuple[str, ...] | None = None,
        effect_scale: float = 1.0,
    ) -> None:
        self.d, self.n, self.weeks, self.seed, self.p = design, n, weeks, seed, p
        self.family = family
        self.e = Effects.of(design, p, effect_scale)
        self.rng = np.random.default_rng(seed)

    def run(self) -> Caseload:
        d, n, p, rng = self.d, self.n, self.p, self.rng
        # -- clients ------------------------------------------------------------------------------
        readiness = rng.normal(0.0, 1.0, n)
        mandated = rng.random(n) < 0.5
        transport = rng.random(n) < 0.30
        work_hours = rng.random(n) < 0.35
        caregiving = rng.random(n) < 0.30
        mistrust = rng.random(n) < 0.35
        need = rng.integers(0, len(NEEDS), n)
        supports = rng.random(n)
        session_hours = rng.uniform(1.0, 4.0, n)
        needed = rng.uniform(p.progress_needed[0], p.progress_needed[1], n)
        n_workers = max(1, math.ceil(n / d.caseload_per_worker))
        worker = (rng.permutation(n) % n_workers).astype(np.int32)
        investment = p.readiness_investment * readiness - 0.4 * mistrust - 0.3 * mandated + rng.normal(0.0, 0.3, n)

        e = self.e
        barrier_share, relevance, partnership = e.barrier_share, e.relevance, e.partnership
        barriers = np.stack([work_hours, transport, caregiving], axis=1).astype(float)
        warning_hit, discharge_chance = np.array(e.warning_hit), np.array(e.discharge_chance)
        paperwork, extra_effort = np.array(e.paperwork_hours), np.array(e.extra_effort)
        ask_bonus, adapt_chance = np.array(e.ask_bonus), np.array(e.adapt_chance)
        resp_default = MISSED_VISIT_RESPONSE.index(d.missed_visit_response)
        family = self.family  # the case walk's chosen responses for client 0, if any
        family_misses = 0

        # -- weekly process -------------------------------------------------------------------------
        active = np.ones(n, bool)
        exit_week = np.full(n, -1, np.int32)
        exit_kind = np.full(n, 3, np.int8)  # open
        progress = np.zeros(n)
        attended_total = np.zeros(n)
        missed_last = np.zeros(n, bool)
        last_resp = np.full(n, resp_default, np.int8)  # response to each client's latest miss
        recent = np.zeros((3, n), np.int8)  # misses in the last three weeks (ring)
        burnout = np.full(n_workers, 0.25)
        base = p.base_attendance + p.readiness * readiness + e.reminders
        appt_client, appt_week, appt_attended, appt_resp, appt_hours = [], [], [], [], []
        appt_reason, appt_recorded = [], []
        label_client, label_week, label_code = [], [], []
        staff_rows: list[tuple[Any, ...]] = []
        miss4 = np.zeros((4, n), np.int8)
        for week in range(self.weeks):
            # One row of draws per random event, one column per client, every week: each client
            # meets the same luck whatever the design, so two designs (or two choices in the case
            # walk) with the same seed differ only because of the design.
            u = rng.random((9, n))
            idx = np.flatnonzero(active)
            if idx.size == 0:
                staff_rows.append((week, np.zeros(n_workers), np.zeros(n_workers), np.zeros(n_workers), burnout.copy()))
                continue
            effort = np.minimum(1.0, e.effort + extra_effort[last_resp[idx]])
            load = barriers[idx].sum(axis=1) * barrier_share
            logit = (
                base[idx]
                + p.investment * investment[idx]
                - p.barrier * load
                + p.outreach * effort * missed_last[idx]
                - p.burnout * burnout[worker[idx]]
            )
            unavoidable = u[0, idx] < p.unavoidable_miss
            went = (u[1, idx] < _sigmoid(logit)) & ~unavoidable
            missed = ~went
            resp = np.full(idx.size, resp_default, np.int8)
            if family is not None and idx[0] == 0 and missed[0]:
                choice = (
                    family
                    if isinstance(family, str)
                    else (family[family_misses] if family_misses < len(family) else d.missed_visit_response)
                )
                resp[0] = MISSED_VISIT_RESPONSE.index(choice)
                family_misses += 1
            # Each missed visit's actual reason, from what was going on for the client that week
            # (drawn now, so a later choice in the case walk cannot change an earlier reason),
            # and the reason the system records, which depends on the response.
            mi = idx[missed]
            w = np.zeros((mi.size, len(ACTUAL_REASONS)))
            w[:, 0] = barriers[mi, 0] * barrier_share * 1.2
            w[:, 1] = barriers[mi, 1] * barrier_share
            w[:, 2] = barriers[mi, 2] * barrier_share
            w[:, 3] = np.clip(0.35 - investment[mi], 0, None) * (1.2 - relevance)
            w[:, 4] = e.forgot_weight
            w[:, 5:7] = 0.05
            cum = np.cumsum(w, axis=1)
            pick = (cum < (u[6, mi] * cum[:, -1])[:, None]).sum(axis=1)
            pick = np.where(unavoidable[missed], np.where(u[7, mi] < 0.5, 5, 6), pick)  # illness or a crisis
            r, rm = u[8, mi], resp[missed]
            rec = np.where(
                rm == 0,
                np.where(r < 0.85, 0, 2),
                np.where(rm == 1, np.where(r < 0.6, 0, 1), np.where(r < 0.7, pick + 3, 0)),
            )
            reason = np.full(idx.size, -1, np.int8)
            reason[missed] = pick
            recorded = np.full(idx.size, -1, np.int8)
            recorded[missed] = rec
            appt_reason.append(reason)
            appt_recorded.append(recorded)
            appt_client.append(idx.astype(np.int32))
            appt_week.append(np.full(idx.size, week, np.int16))
            appt_attended.append(went)
            appt_resp.append(resp)

            # investment: attended sessions that serve the client's goals build it
            delta = np.where(went, p.learn_rate * (relevance + 0.5 * partnership - p.relevance_threshold), 0.0)
            delta = delta + missed * (ask_bonus[resp] - warning_hit[resp])
            fixed = idx[missed & (u[2, idx] < adapt_chance[resp])]
            if fixed.size:  # the conversation finds one barrier and the arrangement changes
                have = barriers[fixed] > 0
                first = np.argmax(have, axis=1)
                rows = np.flatnonzero(have.any(axis=1))
                barriers[fixed[rows], first[rows]] = 0.0
            investment[idx] = np.clip(investment[idx] + delta, -3.0, 3.0)
            progress[idx] += went * (0.6 + 0.4 * relevance)
            attended_total[idx] += went
            miss_idx = idx[missed]
            last_resp[miss_idx] = resp[missed]

            # misses bookkeeping
            missed_full = np.zeros(n, bool)
            missed_full[miss_idx] = True
            recent[week % 3] = missed_full
            miss4[week % 4] = missed_full
            missed_last = missed_full

            # labels every four weeks, from what the worker saw in those four weeks
            if week % 4 == 3:
                seen = miss4[:, idx].sum(axis=0)
                code = np.where(seen == 0, 0, np.where(seen >= 3, 2, 1))
                one_miss = seen == 1
                code[one_miss] = np.where(u[3, idx[one_miss]] < 0.5, 0, 1)
                label_client.append(idx.astype(np.int32))
                label_week.append(np.full(idx.size, week, np.int16))
                label_code.append(code.astype(np.int8))

            # exits: completion, administrative discharge, dropout (in that order)
            done = idx[progress[idx] >= needed[idx]]
            exit_week[done], exit_kind[done] = week, 0
            active[done] = False
            rule = (miss4[:, idx].sum(axis=0) >= p.discharge_misses) & active[idx]
            cand = idx[rule]
            out = cand[u[4, cand] < discharge_chance[last_resp[cand]]]
            exit_week[out], exit_kind[out] = week, 2
            active[out] = False
            still = idx[active[idx]]
            hazard = _sigmoid(
                p.dropout_base
                - p.dropout_investment * investment[still]
                + p.dropout_recent_miss * recent[:, still].sum(axis=0)
            )
            gone = still[u[5, still] < hazard]
            exit_week[gone], exit_kind[gone] = week, 1
            active[gone] = False

            # staff: caseload pressure and chasing misses, softened by discretion at work
            clients_w = np.bincount(worker[idx], minlength=n_workers).astype(float)
            misses_w = np.bincount(worker[idx], weights=missed, minlength=n_workers)
            per_miss = missed * (p.chase_hours * np.minimum(1.0, e.effort + extra_effort[resp]) + paperwork[resp])
            hours = np.bincount(worker[idx], weights=per_miss, minlength=n_workers)
            appt_hours.append(per_miss)
            pressure = np.clip(
                0.12 + 0.35 * clients_w * e.caseload_factor / 25 + 0.045 * hours - 0.15 * e.staff_agency, 0, 1
            )
            burnout = burnout + p.burnout_rate * (pressure - burnout)
            staff_rows.append((week, clients_w, misses_w, hours, burnout.copy()))

        return self._tables(
            readiness=readiness,
            mandated=mandated,
            transport=transport,
            work_hours=work_hours,
            caregiving=caregiving,
            mistrust=mistrust,
            need=need,
            supports=supports,
            worker=worker,
            n_workers=n_workers,
            session_hours=session_hours,
            investment=investment,
            exit_week=exit_week,
            exit_kind=exit_kind,
            attended_total=attended_total,
            relevance=relevance,
            partnership=partnership,
            appts=(appt_client, appt_week, appt_attended),
            appt_reason=appt_reason,
            appt_recorded=appt_recorded,
            appt_resp=appt_resp,
            appt_hours=appt_hours,
            last_resp=last_resp,
            label_parts=(label_client, label_week, label_code),
            staff_rows=staff_rows,
        )

    # -- tables ---------------------------------------------------------------------------------
    def _tables(self, **s: Any) -> Caseload:
        d, n, p, rng = self.d, self.n, self.p, self.rng
        client_id = np.arange(1, n + 1, dtype=np.int32)
        worker_id = s["worker"] + 1
        clients = pd.DataFrame(
            {
                "client_id": client_id,
                "worker_id": worker_id.astype(np.int32),
                "readiness": s["readiness"].round(3),
                "referral": _categorical(s["mandated"].astype(np.int8), REFERRALS),
                "barrier_transport": s["transport"],
                "barrier_work_hours": s["work_hours"],
                "barrier_caregiving": s["caregiving"],
                "prior_mistrust": s["mistrust"],
                "need": _categorical(s["need"], NEEDS),
                "natural_supports": s["supports"].round(3),
            }
        )

        a_client, a_week, a_att = (np.concatenate(x) for x in s["appts"])
        attended = a_att
        missed = ~attended
        actual = np.concatenate(s["appt_reason"])
        recorded = np.concatenate(s["appt_recorded"])
        pick = actual[missed].astype(np.int64)
        appointments = pd.DataFrame(
            {
                "client_id": client_id[a_client],
                "worker_id": worker_id[a_client].astype(np.int32),
                "week": a_week.astype(np.int16),
                "attended": attended,
                "recorded_reason": pd.Categorical.from_codes(recorded, categories=list(RECORDED_REASONS)),
                "actual_reason": pd.Categorical.from_codes(actual, categories=list(ACTUAL_REASONS)),
                "response": pd.Categorical.from_codes(
                    np.where(missed, np.concatenate(s["appt_resp"]), -1).astype(np.int8),
                    categories=list(MISSED_VISIT_RESPONSE),
                ),
                "follow_up_hours": np.concatenate(s["appt_hours"]).round(2),
            }
        )

        l_client, l_week, l_code = (np.concatenate(x) if x else np.array([], np.int32) for x in s["label_parts"])
        labels = pd.DataFrame(
            {
                "client_id": client_id[l_client.astype(np.int64)] if l_client.size else np.array([], np.int32),
                "week": l_week.astype(np.int16),
                "label": pd.Categorical.from_codes(l_code.astype(np.int8), categories=list(LABELS)),
            }
        )

        author = d.goal_authorship
        texts = np.array([_GOAL_TEXT[author][k] for k in NEEDS], dtype=object)
        goals = pd.DataFrame(
            {
                "goal_id": np.arange(1, 2 * n + 1, dtype=np.int32),
                "client_id": np.repeat(client_id, 2),
                "author": pd.Categorical([author] * (2 * n), categories=list(GOAL_AUTHORSHIP)),
                "text": np.stack([texts[s["need"]], np.full(n, _SECOND_GOAL[author], dtype=object)], axis=1).ravel(),
            }
        )
        goals["text"] = goals["text"].astype("string")

        # episodes, step-down and relapse
        exit_week, exit_kind = s["exit_week"], s["exit_kind"]
        weeks_in = np.where(exit_week >= 0, exit_week + 1, self.weeks)
        hours = s["attended_total"] * s["session_hours"] / np.maximum(weeks_in, 1)
        # plan ownership: how far the plan is the client's own (design, and the client's own buy-in)
        ownership = np.clip(
            0.35 * s["relevance"] + 0.25 * s["partnership"] + 0.4 * _sigmoid(1.5 * s["investment"]), 0, 1
        )
        stepped = exit_kind == 0
        hours_z = (hours - hours.mean()) / (hours.std() or 1.0)
        hazard = p.relapse_base * np.exp(
            -p.relapse_ownership * (ownership - 0.5) * 2
            - p.relapse_supports * (s["supports"] - 0.5) * 2
            - p.relapse_hours * hours_z
        )
        t = np.ceil(-np.log(rng.random(n)) / hazard)
        relapsed = stepped & (t <= p.followup_weeks)
        episodes = pd.DataFrame(
            {
                "client_id": client_id,
                "intake_week": np.zeros(n, np.int16),
                "exit_week": pd.array(np.where(exit_week >= 0, exit_week, 0), dtype="Int16"),
                "exit_kind": _categorical(exit_kind, EXIT_KINDS),
                "service_hours_per_week": hours.round(2),
                "plan_ownership": ownership.round(3),
                "stepped_down": stepped,
                "relapsed": pd.array(np.where(stepped, relapsed, False), dtype="boolean"),
                "weeks_to_relapse": pd.array(np.where(relapsed, t, 0).astype(np.int32), dtype="Int32"),
            }
        )
        episodes.loc[exit_week < 0, "exit_week"] = pd.NA
        episodes.loc[~stepped, "relapsed"] = pd.NA
        episodes.loc[~relapsed, "weeks_to_relapse"] = pd.NA

        # exit interviews: some who left early answer; they give their most common actual reason
        early = np.flatnonzero((exit_kind == 1) | (exit_kind == 2))
        answered = early[rng.random(early.size) < 0.4]
        miss_counts = np.zeros((n, len(ACTUAL_REASONS)), np.int32)
        np.add.at(miss_counts, (a_client[missed], pick), 1)
        reason = np.argmax(miss_counts[answered], axis=1)
        never_missed = miss_counts[answered].sum(axis=1) == 0
        reason = np.where(never_missed, 3, reason)  # left without missing: the plan was not theirs
        exit_interviews = pd.DataFrame(
            {
                "client_id": client_id[answered],
                "exit_week": exit_week[answered].astype(np.int16),
                "exit_kind": _categorical(exit_kind[answered], EXIT_KINDS),
                "reason_given": _categorical(reason.astype(np.int8), ACTUAL_REASONS),
                "would_come_back": rng.random(answered.size)
                < np.array(self.e.would_come_back)[s["last_resp"][answered]],
            }
        )

        rows = s["staff_rows"]
        nw = s["n_workers"]
        staff = pd.DataFrame(
            {
                "worker_id": np.tile(np.arange(1, nw + 1, dtype=np.int32), len(rows)),
                "week": np.repeat(np.array([r[0] for r in rows], np.int16), nw),
                "active_clients": np.concatenate([r[1] for r in rows]).astype(np.int32),
                "missed_visits": np.concatenate([r[2] for r in rows]).astype(np.int32),
                "chasing_hours": np.concatenate([r[3] for r in rows]).round(2),
                "burnout": np.concatenate([r[4] for r in rows]).round(4),
            }
        )
        tables = dict(
            clients=clients,
            staff=staff,
            appointments=appointments,
            goals=goals,
            labels=labels,
            episodes=episodes,
            exit_interviews=exit_interviews,
        )
        for name, frame in tables.items():
            frame.attrs.update(
                simulated=True,
                table=name,
                design=d.name,
                seed=self.seed,
                note="SIMULATED by coownership.caseload; illustrative, not evidence",
            )
        return Caseload(design=d, n_clients=n, weeks=self.weeks, seed=self.seed, **tables)


DATA_DICTIONARY: dict[str, dict[str, str]] = {
    "clients": {
        "client_id": "Client number (unique).",
        "worker_id": "The client's worker.",
        "readiness": "Latent readiness for change (mean 0, SD 1). Never observed by staff.",
        "referral": "How the client came: self-referred or mandated.",
        "barrier_transport": "Getting to the office is hard (no car, long bus ride).",
        "barrier_work_hours": "Rigid work hours that clash with office hours.",
        "barrier_caregiving": "Caring for children or relatives at visit times.",
        "prior_mistrust": "Earlier bad experience of services (starts with lower buy-in).",
        "need": "The client's main need.",
        "natural_supports": "Family, friends and community the client can lean on (0-1).",
    },
    "staff": {
        "worker_id": "Worker number.",
        "week": "Week (0 = intake week).",
        "active_clients": "Clients still open with this worker this week.",
        "missed_visits": "Visits missed by this worker's clients this week.",
        "chasing_hours": "Hours spent chasing missed visits and on paperwork after them.",
        "burnout": "Burnout index, 0 (none) to 1 (severe). Moves slowly toward the week's pressure.",
    },
    "appointments": {
        "client_id": "Client number.",
        "worker_id": "The client's worker.",
        "week": "Week of the scheduled visit (0 = intake week).",
        "attended": "Whether the client came.",
        "recorded_reason": "For a missed visit, what the system recorded (often just 'no show').",
        "actual_reason": "For a missed visit, the client's actual reason (what the model knows).",
        "response": "For a missed visit, what the service did: consequence, outreach or ask_and_adapt.",
        "follow_up_hours": "Worker hours spent after a missed visit (chasing, letters, paperwork); 0 if attended.",
    },
    "goals": {
        "goal_id": "Goal number (unique).",
        "client_id": "Client number.",
        "author": "Who wrote the goal: staff, shared, or the client.",
        "text": "The goal as written in the plan.",
    },
    "labels": {
        "client_id": "Client number.",
        "week": "Week the worker recorded the label (every fourth week).",
        "label": "The worker's label: engaged, unmotivated or resistant, from misses seen in the last four weeks.",
    },
    "episodes": {
        "client_id": "Client number.",
        "intake_week": "Week the episode started (0 for everyone).",
        "exit_week": "Week the client left; empty while still open.",
        "exit_kind": "completed, dropped_out, administrative_discharge, or open.",
        "service_hours_per_week": "Hours of service received per week in the program.",
        "plan_ownership": "How far the plan was the client's own (0-1).",
        "stepped_down": "Completed and stepped down from intensive services.",
        "relapsed": "After step-down, relapsed within 52 weeks; empty if not stepped down.",
        "weeks_to_relapse": "Weeks from step-down to relapse; empty if no relapse was seen.",
    },
    "exit_interviews": {
        "client_id": "Client number.",
        "exit_week": "Week the client left.",
        "exit_kind": "dropped_out or administrative_discharge.",
        "reason_given": "The main reason the client gave for leaving.",
        "would_come_back": "Whether the client said they would come back if they needed help.",
    },
}
"""What every column of every :class:`Caseload` table means (the data dictionary's source)."""
