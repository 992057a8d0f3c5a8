"""A SIMULATED appointment export, in the shape an agency's scheduling system gives, for practice.

Module 02's section "Your own numbers" reads this file by default, so every learner sees the
report's tables before (or instead of) reading their own program's export. It is written by
``make datasets`` to ``datasets/simulated/maple-street-export.csv`` (with the course's
``# SIMULATED`` first line, which :func:`coownership.owndata.load_appointments` skips and
remembers) and checked like every course dataset.

Every pattern in it was put there by the assumptions below. None of them is a finding:

- **Wait (calibrated):** the chance of a missed visit rises with the days from booking to the
  visit, inside the public "Medical Appointment No Shows" data's pattern (CALIBRATION.md: 4.7%
  same day, about 25% at 3-7 days, about 33% beyond 30 days).
- **First visits (assumption):** a client's first visit is missed 1.3 times as often.
- **Reminders (bounded):** a text reminder goes to 85% of visits booked 3 or more days ahead and
  to none booked sooner; it lowers the chance of a miss by a quarter (Sims et al. 2012 found
  25-28% fewer missed appointments after reminders began). Because reminders go only to visits
  booked well ahead, a plain "with vs without" comparison makes them look harmful.
- **Clients differ (assumption):** each client has their own steady tendency to miss. Nothing
  links one visit to the next, yet the visit after a miss is missed more often: the clients who
  miss once are the ones who miss more.
- **Weekday:** no effect at all. Any gap between weekdays is chance.

Example:
    >>> frame = example_export()
    >>> list(frame.columns) == list(EXAMPLE_COLUMNS.values())
    True
    >>> frame.equals(example_export())  # the same file every time
    True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["EXAMPLE_COLUMNS", "EXAMPLE_FILE", "EXAMPLE_DICTIONARY", "example_export"]

EXAMPLE_FILE = "simulated/maple-street-export.csv"
"""Where ``make datasets`` writes the export, inside ``datasets/``."""

EXAMPLE_COLUMNS = {
    "client": "Client ID",
    "appointment_date": "Appointment",
    "booked_date": "Booked on",
    "attended": "Outcome",
    "reminder": "Reminder sent",
}
"""Which column of the example file holds what: the keywords of ``load_appointments``."""

EXAMPLE_DICTIONARY = {
    "Client ID": "The client's record number in the (fictional) scheduling system, such as MS-1047.",
    "Appointment": "Date and time of the visit, such as 2025-03-04 10:30. Blank in a few rows (a data-entry slip).",
    "Booked on": "The date the visit was booked.",
    "Outcome": "Attended, DNA (did not attend), Cancelled by client or Cancelled by service.",
    "Reminder sent": "SMS when a text reminder was sent, blank when none was.",
}
"""What each column of the example export means (for datasets/README.md and datapackage.json)."""

OUTCOMES = ("Attended", "DNA", "Cancelled by client", "Cancelled by service")
_SEED = 20263
_CLIENTS = 320
_START = np.datetime64("2025-01-06")  # a Monday
_LEAD_CHOICES = np.array([0, 1, 2, 3, 4, 5, 7, 9, 12, 14, 18, 24, 30, 35, 45])
_LEAD_WEIGHTS = np.array([10, 8, 7, 8, 7, 7, 8, 8, 7, 6, 6, 6, 5, 4, 3], dtype=float)
# Chance of a miss by wait in days (same day, 1-2, 3-7, 8-14, 15-30, 31+), before the client's own tendency.
_BAND_EDGES = np.array([0, 1, 3, 8, 15, 31])
_BAND_MISS = np.array([0.05, 0.12, 0.22, 0.25, 0.28, 0.33])
_FIRST_VISIT = 1.3
_REMINDER = 0.75
_REMINDER_SHARE = 0.85


def example_export() -> pd.DataFrame:
    """The SIMULATED export as text columns, one row per appointment, as a system would print it.

    Example:
        >>> frame = example_export()
        >>> sorted(frame["Outcome"].unique())
        ['Attended', 'Cancelled by client', 'Cancelled by service', 'DNA']
        >>> bool(frame["Client ID"].str.startswith("MS-").all())
        True
    """
    rng = np.random.default_rng(_SEED)
    ids = rng.choice(np.arange(1000, 9000), size=_CLIENTS, replace=False)
    tendency = rng.lognormal(mean=-0.18, sigma=0.6, size=_CLIENTS)  # steady differences between clients
    rows: list[tuple[str, np.datetime64, np.datetime64, str, str]] = []
    for client in range(_CLIENTS):
        visits = int(rng.integers(4, 17))
        day = _START + np.timedelta64(int(rng.integers(0, 120)), "D")
        for number in range(visits):
            lead = int(rng.choice(_LEAD_CHOICES, p=_LEAD_WEIGHTS / _LEAD_WEIGHTS.sum()))
            monday = day - np.timedelta64(int((day - _START).astype(int)) % 7, "D")
            day = monday + np.timedelta64(int(rng.integers(0, 5)), "D")  # a weekday, each as likely
            booked = day - np.timedelta64(lead, "D")
            reminded = lead >= 3 and rng.random() < _REMINDER_SHARE
            chance = _BAND_MISS[np.searchsorted(_BAND_EDGES, lead, side="right") - 1] * tendency[client]
            chance *= _FIRST_VISIT if number == 0 else 1.0
            chance *= _REMINDER if reminded else 1.0
            draw = rng.random()
            if draw < 0.04:
                outcome = OUTCOMES[2]
            elif draw < 0.05:
                outcome = OUTCOMES[3]
            else:
                outcome = OUTCOMES[1] if rng.random() < min(chance, 0.95) else OUTCOMES[0]
            hour = int(rng.integers(9, 17))
            stamp = day + np.timedelta64(hour * 60 + 30 * int(rng.integers(0, 2)), "m")
            rows.append((f"MS-{ids[client]}", stamp, booked, outcome, "SMS" if reminded else ""))
            day = day + np.timedelta64(int(rng.integers(7, 22)), "D")
    frame = pd.DataFrame(rows, columns=list(EXAMPLE_COLUMNS.values()))
    frame = frame.sort_values(["Appointment", "Client ID"], kind="stable").reset_index(drop=True)
    text = pd.DataFrame(
        {
            "Client ID": frame["Client ID"],
            "Appointment": pd.to_datetime(frame["Appointment"]).dt.strftime("%Y-%m-%d %H:%M"),
            "Booked on": pd.to_datetime(frame["Booked on"]).dt.strftime("%Y-%m-%d"),
            "Outcome": frame["Outcome"],
            "Reminder sent": frame["Reminder sent"],
        }
    )
    # Slips a real export has: three visits with no date, two booked "after" they happened.
    text.loc[[211, 1402, 2750], "Appointment"] = ""
    for row in (905, 2210):
        text.loc[row, "Booked on"] = (pd.Timestamp(text.loc[row, "Appointment"]) + pd.Timedelta(days=3)).strftime(
            "%Y-%m-%d"
        )
    return text
