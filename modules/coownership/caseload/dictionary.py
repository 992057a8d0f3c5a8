"""The data dictionary of a simulated caseload: what every column of every table means, and the
values each category column takes.

``datasets/README.md`` and the ``datapackage.json`` of the SIMULATED agency are written from here
(:mod:`coownership.agency`).

Example:
    >>> sorted(DATA_DICTIONARY)[:3]
    ['appointments', 'clients', 'episodes']
    >>> EXIT_KINDS[0]
    'completed'
"""

from __future__ import annotations

__all__ = [
    "ACTUAL_REASONS",
    "RECORDED_REASONS",
    "LABELS",
    "EXIT_KINDS",
    "REFERRALS",
    "NEEDS",
    "DATA_DICTIONARY",
]

ACTUAL_REASONS = ("work shift", "transport", "caregiving", "plan not about me", "forgot", "illness", "crisis at home")
RECORDED_REASONS = ("no show", "could not reach", "non-compliance") + ACTUAL_REASONS
LABELS = ("engaged", "unmotivated", "resistant")
EXIT_KINDS = ("completed", "dropped_out", "administrative_discharge", "open")
REFERRALS = ("self", "mandated")
NEEDS = ("housing", "parenting", "mental health", "employment", "substance use")

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
