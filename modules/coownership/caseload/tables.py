"""The result of a run (:class:`Caseload`) and how its seven SIMULATED tables are built.

Example:
    >>> from coownership.caseload import simulate
    >>> run = simulate("compliance", n_clients=100, weeks=8, seed=0)
    >>> Caseload.TABLES == tuple(t for t in Caseload.TABLES if getattr(run, t).attrs["simulated"])
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from coownership.caseload.design import GOAL_AUTHORSHIP, MISSED_VISIT_RESPONSE, Design
from coownership.caseload.dictionary import ACTUAL_REASONS, EXIT_KINDS, LABELS, NEEDS, RECORDED_REASONS, REFERRALS
from coownership.caseload.effects import Effects
from coownership.caseload.parameters import ModelParameters, _sigmoid

__all__ = ["Caseload"]

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
            >>> from coownership.caseload import simulate
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
            >>> from coownership.caseload import simulate
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


def assemble(
    d: Design,
    n: int,
    weeks: int,
    seed: int,
    p: ModelParameters,
    effects: Effects,
    rng: np.random.Generator,
    **s: Any,
) -> Caseload:
    """The run's tables from the weekly process's arrays (``s``), drawing the last few random
    numbers (relapse, exit interviews) from the run's own ``rng``, in the same order every time."""
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
    weeks_in = np.where(exit_week >= 0, exit_week + 1, weeks)
    hours = s["attended_total"] * s["session_hours"] / np.maximum(weeks_in, 1)
    # plan ownership: how far the plan is the client's own (design, and the client's own buy-in)
    ownership = np.clip(0.35 * s["relevance"] + 0.25 * s["partnership"] + 0.4 * _sigmoid(1.5 * s["investment"]), 0, 1)
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
            "would_come_back": rng.random(answered.size) < np.array(effects.would_come_back)[s["last_resp"][answered]],
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
            seed=seed,
            note="SIMULATED by coownership.caseload; illustrative, not evidence",
        )
    return Caseload(design=d, n_clients=n, weeks=weeks, seed=seed, **tables)
