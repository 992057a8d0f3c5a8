"""Summarising an agency's own appointments (for :mod:`coownership.owndata`): counts and shares only.

Every table has the same columns after its label: ``appointments``, ``clients``, ``missed_share``
(0 to 1) and ``note``. Any row with fewer than :data:`MIN_CLIENTS` different clients is
**suppressed**: its numbers are missing (``<NA>``) and its note says so; the row stays in the table,
so nothing disappears silently. Totals elsewhere can sometimes let a reader work a suppressed number
back out: keep the tables inside the team.

Example:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"client": [f"client {i % 6}" for i in range(12)],
    ...                       "appointment_date": pd.to_datetime(["2024-03-04"] * 6 + ["2024-03-05"] * 6),
    ...                       "lead_days": pd.array([0] * 6 + [5] * 6, dtype="Int64"), "visit_number": [1] * 6 + [2] * 6,
    ...                       "missed": [False, True, False] * 4, "reminder": pd.array([pd.NA] * 12, dtype="boolean")})
    >>> summarise(frame).by_lead_time[["lead_time", "appointments", "missed_share", "note"]]
        lead_time  appointments  missed_share                              note
    0    same day             6      0.333333
    1    1-2 days             0          <NA>                   no appointments
    2    3-7 days             6      0.333333
    3   8-14 days             0          <NA>                   no appointments
    4  15-30 days             0          <NA>                   no appointments
    5    31+ days             0          <NA>                   no appointments
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.survey.scoring import MIN_GROUP

__all__ = ["MIN_CLIENTS", "BANDS", "WEEKDAYS", "SUPPRESSED", "OwnDataSummary", "summarise"]

MIN_CLIENTS = MIN_GROUP
"""A row (a cell of a table) with fewer different clients than this is suppressed: the course's one
smallest-group rule (:data:`coownership.survey.MIN_GROUP`), as for a cohort's pooled results."""
BANDS = ("same day", "1-2 days", "3-7 days", "8-14 days", "15-30 days", "31+ days")
"""The lead-time bands: days from booking to the visit."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SUPPRESSED = f"suppressed: fewer than {MIN_CLIENTS} clients"
"""The note on a suppressed row."""
_EDGES = np.array([0, 1, 3, 8, 15, 31])
_NEEDED = ("client", "appointment_date", "lead_days", "visit_number", "missed", "reminder")


@dataclass(frozen=True)
class OwnDataSummary:
    """The tables :func:`summarise` makes (each a DataFrame of counts and shares; see the module's description).

    ``overall``; ``by_lead_time`` (None without booking dates); ``by_weekday``; ``first_vs_later``;
    ``after_a_miss`` (the missed share of a client's *next* appointment after an attended or a missed one);
    ``reminder_by_lead_time`` (None without a reminder column: with and without a reminder within each
    lead-time band, then all bands together, the comparison that can mislead).
    """

    overall: pd.DataFrame
    by_lead_time: pd.DataFrame | None
    by_weekday: pd.DataFrame
    first_vs_later: pd.DataFrame
    after_a_miss: pd.DataFrame
    reminder_by_lead_time: pd.DataFrame | None
    simulated: bool = False
    """True when the appointments came from a file marked SIMULATED (each table is marked too)."""

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table there is, by attribute name, in a reading order."""
        names = ("overall", "by_lead_time", "by_weekday", "first_vs_later", "after_a_miss", "reminder_by_lead_time")
        return {name: table for name in names if (table := getattr(self, name)) is not None}


def _table(label: str, labels: list[str], groups: np.ndarray, clients: np.ndarray, missed: np.ndarray) -> pd.DataFrame:
    """One row per label: appointments, different clients, missed share; groups -1 are not counted."""
    use = groups >= 0
    groups, clients, missed = groups[use], clients[use], missed[use]
    size = len(labels)
    appointments = np.bincount(groups, minlength=size)
    misses = np.bincount(groups, weights=missed, minlength=size)
    width = int(clients.max(initial=0)) + 1
    seen = np.zeros(size * width, dtype=bool)  # one flag per (row, client): a scatter, no sort
    seen[groups.astype(np.int64) * width + clients] = True
    people = seen.reshape(size, width).sum(axis=1)
    hidden = people < MIN_CLIENTS
    with np.errstate(invalid="ignore", divide="ignore"):
        share = misses / appointments
    note = np.where(appointments == 0, "no appointments", np.where(hidden, SUPPRESSED, ""))
    return pd.DataFrame(
        {
            label: labels,
            "appointments": pd.arrays.IntegerArray(appointments.astype(np.int64), hidden & (appointments > 0)),
            "clients": pd.arrays.IntegerArray(people.astype(np.int64), hidden & (appointments > 0)),
            "missed_share": pd.arrays.FloatingArray(np.nan_to_num(share), hidden),
            "note": note,
        }
    )


def _bands(lead_days: pd.Series) -> np.ndarray:
    values = lead_days.to_numpy(dtype=float, na_value=np.nan)
    codes = np.searchsorted(_EDGES, values, side="right") - 1
    return np.where(np.isnan(values) | (values < 0), -1, codes)


def _check(frame: object) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentTypeError(f"frame must be the DataFrame load_appointments returns; got {type(frame).__name__}")
    missing = [c for c in _NEEDED if c not in frame.columns]
    if missing:
        raise ArgumentError(
            f"frame must come from load_appointments; it has no column(s) {', '.join(map(repr, missing))}"
        )
    if frame["missed"].isna().any():
        raise ArgumentError("frame: the missed column must be True or False in every row")
    return frame


def summarise(frame: pd.DataFrame) -> OwnDataSummary:
    """Counts and missed shares by lead time, weekday, first visit, after a miss, and reminders within lead time.

    Example:
        >>> summarise("visits.csv")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentTypeError: frame must be the DataFrame load_appointments returns; got str
    """
    frame = _check(frame)
    clients = pd.factorize(frame["client"])[0]
    missed = frame["missed"].to_numpy(dtype=bool)
    everyone = np.zeros(len(frame), dtype=np.int64)
    overall = _table("appointments_of", ["all appointments"], everyone, clients, missed).drop(columns="appointments_of")
    weekday = pd.to_datetime(frame["appointment_date"]).dt.dayofweek.to_numpy()
    by_weekday = _table("weekday", list(WEEKDAYS), weekday, clients, missed)
    by_weekday = by_weekday[(by_weekday["note"] != "no appointments") | (by_weekday.index < 5)].reset_index(drop=True)
    first = np.where(frame["visit_number"].to_numpy() == 1, 0, 1)
    first_vs_later = _table("appointment", ["first appointment", "later appointments"], first, clients, missed)

    order = np.lexsort((frame["visit_number"].to_numpy(), clients))
    same = np.r_[False, clients[order][1:] == clients[order][:-1]]
    previous = np.where(same, np.r_[0, missed[order][:-1]], -1)
    after = _table(
        "after", ["an attended appointment", "a missed appointment"], previous, clients[order], missed[order]
    )

    bands = _bands(frame["lead_days"])
    by_lead_time = _table("lead_time", list(BANDS), bands, clients, missed) if (bands >= 0).any() else None
    simulated = bool(frame.attrs.get("simulated", False))
    summary = OwnDataSummary(
        overall, by_lead_time, by_weekday, first_vs_later, after, _reminders(frame, bands, clients), simulated
    )
    if simulated:  # so a table's caption has to say so (coownership.tables.table)
        for table in summary.tables().values():
            table.attrs["simulated"] = True
    return summary


def _reminders(frame: pd.DataFrame, bands: np.ndarray, clients: np.ndarray) -> pd.DataFrame | None:
    reminded = frame["reminder"].astype("boolean")
    known = reminded.notna().to_numpy()
    if not known.any():
        return None
    sent = reminded.fillna(False).to_numpy(dtype=bool)
    missed = frame["missed"].to_numpy(dtype=bool)
    labels = ["with a reminder", "without a reminder"]
    parts = []
    banded = known & (bands >= 0)
    if banded.any():
        groups = np.where(banded, bands * 2 + np.where(sent, 0, 1), -1)
        names = [f"{band}|{label}" for band in BANDS for label in labels]
        parts.append(_table("cell", names, groups, clients, missed))
    overall = np.where(known, np.where(sent, 0, 1), -1)
    parts.append(_table("cell", [f"all waits together|{label}" for label in labels], overall, clients, missed))
    table = pd.concat(parts, ignore_index=True)
    split = table.pop("cell").str.split("|", n=1, expand=True)
    table.insert(0, "reminder", split[1])
    table.insert(0, "lead_time", split[0])
    return table
