"""Run the model: :func:`simulate` (an agency's caseload) and :func:`walk` (one family, choosing
the response to each missed visit); the weekly process itself is :class:`_Simulation`.

Every number a run returns is SIMULATED: illustrative, not evidence.

Example:
    >>> simulate("compliance", n_clients=100, weeks=8, seed=0).weekly().shape
    (8, 4)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from coownership.caseload.design import MISSED_VISIT_RESPONSE, Design
from coownership.caseload.dictionary import ACTUAL_REASONS, NEEDS
from coownership.caseload.effects import Effects
from coownership.caseload.parameters import ModelParameters, _sigmoid
from coownership.caseload.tables import Caseload, assemble
from coownership.errors import ArgumentTypeError
from coownership.validation import check_choice, check_int, check_number

__all__ = ["simulate", "walk"]


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
    design = Design.preset(design)
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
    design = Design.preset(design)
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

        return assemble(
            d,
            n,
            self.weeks,
            self.seed,
            p,
            e,
            rng,
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
