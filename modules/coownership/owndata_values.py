"""Reading the values in an appointment export: outcomes, reminders and dates (for :mod:`coownership.owndata`).

Every function works on whole columns: each *distinct* value is placed once and the result is spread
over the rows with numpy, so a million rows cost no more Python work than their few distinct values.

**Outcomes** (case, spaces and punctuation ignored): yes/no, y/n, true/false, 1/0 mean what the
column's name says (``missed=`` or ``attended=``); words carry their own meaning in either column:

- attended: attended, arrived, seen, kept, completed, checked in/out, present, showed, walk-in, late but seen ...
- missed: missed, no-show (no show, noshow, no call no show), DNA, did not attend, failed to attend, FTA, absent ...;
  a no-show wins over a cancel word ("cancelled - no show", "no show - rescheduled" are missed visits), but
  a no-show by the service ("staff no show", "provider no-show", "interpreter no show") is *cancelled by the service*;
- cancelled: any value with "cancel" in it (cancelled, canceled, cancellation, cx), rescheduled, rebooked;
  split into *by the client* (client, patient, family, parent, self ...), *late* (late cancel: counted
  as the client's), *by the service* (service, staff, provider, clinic, agency, worker ...) and *not said*;
- an excused absence is the client's cancellation (they let the service know); an unexcused one, "not
  kept" or "late - not seen" is missed; "left without being seen" (LWBS) cannot be placed (the client
  came; the service did not see them), so it is listed for the agency to decide;
- not happened yet: scheduled, booked, pending, upcoming, confirmed, planned;
- blank: nothing recorded; anything else cannot be placed and is reported with the values found.

**Dates**: ISO (``2024-03-05``, with or without a time and a time zone: the date as written is
used, so an evening visit stamped ``+01:00`` stays on its own day), year first with ``/`` or ``.``
(``2024/03/05``) or no separator (``20240305``), day/month/year or month/day/year with ``/``, ``.`` or
``-`` and two- or four-digit years, Excel date cells and serial numbers, and dates with month names
(``5 March 2024``, ``05-MAR-24``). A month without a day (``March 2024``) is not a date of a visit
and cannot be read.

Example:
    >>> import pandas as pd
    >>> codes, unplaced = classify_outcomes(pd.Series(["Yes", "DNA", "cancelled by client", "??"]), yes_means="attended")
    >>> [OUTCOMES[c] for c in codes], unplaced
    (['attended', 'missed', 'cancelled by the client', 'could not be placed'], {'??': 1})
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coownership.validation import check_choice

__all__ = [
    "OUTCOMES",
    "classify_outcomes",
    "classify_reminders",
    "nothing_written",
    "only_yes_marks",
    "parse_dates",
    "Dates",
]

ATTENDED, MISSED, CANCELLED_CLIENT, CANCELLED_LATE, CANCELLED_SERVICE, CANCELLED, PENDING, UNPLACED, BLANK = range(9)
OUTCOMES = (
    "attended",
    "missed",
    "cancelled by the client",
    "late cancellation (counted as the client's)",
    "cancelled by the service",
    "cancelled (by whom not said)",
    "not happened yet",
    "could not be placed",
    "blank",
)
"""The name of each outcome code returned by :func:`classify_outcomes`."""

_YES = {"yes", "y", "true", "t", "1", "x", "ja", "oui", "si", "sim"}
_NO = {"no", "n", "false", "f", "0", "nein", "non", "nao"}
_MISSED = {
    "missed", "miss", "no show", "noshow", "no shows", "ns", "dna", "did not attend", "didnt attend",
    "did not arrive", "didnt arrive", "did not show", "didnt show", "not attended", "absent", "failed",
    "failed to attend", "failed to arrive", "fta", "ncns", "no call no show", "no show no call", "unattended",
    "not kept", "did not keep", "not arrived", "not seen", "unexcused absence", "unexcused", "absence",
    "client late not seen", "late not seen",
}  # fmt: skip
_ATTENDED = {
    "attended", "attend", "arrived", "seen", "kept", "completed", "complete", "checked in", "checked out",
    "present", "showed", "show", "shown", "came", "done", "visited", "attended late", "arrived late",
    "walk in", "walkin", "walked in", "client late seen", "late seen", "late but seen",
}  # fmt: skip
_ATTENDED_FIRST = {"attended", "arrived", "seen", "completed", "kept", "checked", "present"}
_PENDING = {"scheduled", "booked", "pending", "upcoming", "confirmed", "planned", "future", "not yet", "open"}
_CANCEL_WORDS = {"cx", "canc", "rescheduled", "resched", "rebooked", "reschedule"}
_CLIENT = {"client", "patient", "pt", "family", "parent", "self", "customer", "member", "participant", "carer"}
_CLIENT |= {"guardian", "caregiver", "youth", "consumer", "person", "cl", "cust", "fam"}
_SERVICE = {"service", "staff", "provider", "clinic", "agency", "worker", "therapist", "clinician", "office"}
_SERVICE |= {"practitioner", "counsellor", "counselor", "doctor", "program", "programme", "org", "site", "team"}
_SERVICE |= {"organisation", "organization", "admin", "caseworker", "prov", "sw", "weather", "closure"}
_SERVICE |= {"interpreter", "translator", "driver", "nurse", "counselling", "counseling"}
_NOT_THE_SERVICE = {"weather", "closure"}  # "no show (weather)": the client did not come
_NO_SHOW = (" no show ", " noshow ", " no shows ", " dna ", " did not attend ", " fta ", " ncns ", " no call no show ")
_BY_THE_SERVICE = re.compile(
    r"\b(?:" + "|".join(sorted(_SERVICE - _NOT_THE_SERVICE)) + r")s? (?:no ?shows?|dna|ns|fta)\b"
)  # "staff no show", "provider no-show": the service did not come (not "no show, staff notified")
_LATE = re.compile(r"\b(?:late|lc)\b|(?:<|\bwithin|\bless than|\bunder) ?\d{1,2} ?(?:h|hrs?|hours?)\b")
"""A late cancellation: "late cancel", "NS/LC", "cancelled <24h", "cancelled within 24 hours"."""
_REMINDED = _YES | {
    "sent", "reminded", "reminder", "reminder sent", "sms", "text", "texted", "text message", "call", "called",
    "phone", "phoned", "phone call", "email", "emailed", "e mail", "letter", "mail", "mailed", "voicemail",
    "both", "automated", "auto", "robocall", "whatsapp", "push", "app",
}  # fmt: skip
_EMPTY = frozenset({"", "-", "null", "n a", "na", "nan", "<na>", "nat"})
"""How databases and spreadsheets write "nothing" (as :func:`_norm` spells them: "N/A" and "#N/A" are
"n a"). Blank in every column; "none" and "nil" are blank too, except in a reminder column, where they
mean no reminder."""
_NOT_REMINDED = _NO | {"none", "not sent", "no reminder", "not reminded", "declined", "opted out", "opt out", "nil"}


def _norm(value: object) -> str:
    """One spelling per meaning: lower case, apostrophes dropped, punctuation and spaces as one space."""
    text = str(value).strip().lower().replace("'", "").replace("\u2019", "")
    try:
        number = float(text)
    except ValueError:
        return re.sub(r"[\s_\-/.:,;()\[\]+&*#!?]+", " ", text).strip() or text  # "??" stays "??"
    return "1" if number == 1 else "0" if number == 0 else text


def _outcome_of(word: str, yes: int, no: int) -> int:
    tokens = set(word.split())
    if word in _EMPTY or word == "none":
        return BLANK
    if word in _YES:
        return yes
    if word in _NO:
        return no
    late = _LATE.search(word) is not None
    cancel = "cancel" in word or bool(tokens & _CANCEL_WORDS) or "lc" in tokens
    if word in _MISSED or any(phrase in f" {word} " for phrase in _NO_SHOW) or (tokens == {"ns"}):
        if late and cancel:
            return CANCELLED_LATE  # "No Show/Late Cancel", "NS/LC": the agency's own either-or
        return CANCELLED_SERVICE if _BY_THE_SERVICE.search(word) else MISSED
    if tokens == {"ns", "lc"}:
        return CANCELLED_LATE
    if word in _ATTENDED:
        return ATTENDED
    if word in ("excused absence", "excused", "absence excused"):
        return CANCELLED_CLIENT  # the client let the service know, as with a cancellation
    if word in _PENDING:
        return PENDING
    if cancel:
        if late:
            return CANCELLED_LATE
        if tokens & _CLIENT:
            return CANCELLED_CLIENT
        return CANCELLED_SERVICE if tokens & _SERVICE else CANCELLED
    if word.split()[0] in _ATTENDED_FIRST and not tokens & {"not", "no", "never"}:
        return ATTENDED
    return UNPLACED


def _distinct(values: pd.Series) -> tuple[np.ndarray, list[str], list[str], np.ndarray]:
    """Codes per row (-1 for a missing value), the distinct values as found and as one spelling, and their counts."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    found = [str(u).strip() for u in uniques]
    return codes, found, [_norm(u) for u in uniques], counts


def _unplaced(found: list[str], kinds: list[int], counts: np.ndarray, code: int) -> dict[str, int]:
    pairs = [(value, int(n)) for value, kind, n in zip(found, kinds, counts, strict=True) if kind == code]
    return dict(sorted(pairs, key=lambda pair: -pair[1]))


def classify_outcomes(values: pd.Series, *, yes_means: str) -> tuple[np.ndarray, dict[str, int]]:
    """Each row's outcome code (see :data:`OUTCOMES`) and the values that could not be placed, with counts.

    ``yes_means`` is ``"missed"`` or ``"attended"``: what yes, true and 1 mean in this column.

    Example:
        >>> import pandas as pd
        >>> codes, _ = classify_outcomes(pd.Series(["Y", "n", None, "No-Show", "Late cancel"]), yes_means="missed")
        >>> [OUTCOMES[c] for c in codes]
        ['missed', 'attended', 'blank', 'missed', "late cancellation (counted as the client's)"]
    """
    check_choice("yes_means", yes_means, ("missed", "attended"))
    yes, no = (MISSED, ATTENDED) if yes_means == "missed" else (ATTENDED, MISSED)
    codes, found, words, counts = _distinct(values)
    kinds = [_outcome_of(w, yes, no) for w in words]
    table = np.array(kinds + [BLANK], dtype=np.int8)
    return table[codes], _unplaced(found, kinds, counts, UNPLACED)


def only_yes_marks(values: pd.Series) -> bool:
    """Whether every filled cell is a plain yes mark (yes, y, true, 1, x ...), as in a column that is
    ticked for one outcome and left blank for the other.

    Example:
        >>> import pandas as pd
        >>> only_yes_marks(pd.Series(["Y", None, "y", ""])), only_yes_marks(pd.Series(["Y", "N", None]))
        (True, False)
    """
    _, _, words, _ = _distinct(values)
    filled = [w for w in words if w not in _EMPTY]
    return bool(filled) and all(w in _YES for w in filled)


def nothing_written(values: pd.Series) -> np.ndarray:
    """Per value: whether it says nothing (empty, NULL, N/A, #N/A, NA, None, Nil, "-" ...), as a client
    id or a date column is read.

    Example:
        >>> import pandas as pd
        >>> nothing_written(pd.Series(["", " N/A", "NULL", "none", "-", "A12", "2024-03-05"])).tolist()
        [True, True, True, True, True, False, False]
    """
    words = values.astype(str).map(_norm)
    return words.isin(_EMPTY | {"none", "nil"}).to_numpy(dtype=bool)


def classify_reminders(values: pd.Series) -> tuple[np.ndarray, dict[str, int]]:
    """Each row's reminder: 1 (a reminder was sent), 0 (none), 2 (blank) or 3 (could not be placed), and the
    values that could not be placed, with counts.

    Example:
        >>> import pandas as pd
        >>> classify_reminders(pd.Series(["SMS", "none", "", "TRUE", "maybe"]))
        (array([1, 0, 2, 1, 3], dtype=int8), {'maybe': 1})
    """
    codes, found, words, counts = _distinct(values)
    kinds = [_reminder_of(w) for w in words]
    table = np.array(kinds + [2], dtype=np.int8)
    return table[codes], _unplaced(found, kinds, counts, 3)


def _reminder_of(word: str) -> int:
    tokens = word.split()
    if word in _EMPTY:
        return 2
    if word in _REMINDED or ("sent" in tokens and "not" not in tokens):
        return 1
    if tokens[0] in _REMINDED - _YES and not {"not", "no", "never", "failed"} & set(tokens):
        return 1  # "SMS to +1 555 ...", "email sent 2 days before"
    return 0 if word in _NOT_REMINDED else 3


@dataclass(frozen=True)
class Dates:
    """What :func:`parse_dates` found: ``days`` (``datetime64[s]`` at midnight; NaT where blank or unreadable),
    ``blank`` and ``unreadable`` (boolean arrays), and how many unreadable values would read in the other
    day/month order (``other_order``, with one ``other_example``)."""

    days: np.ndarray
    blank: np.ndarray
    unreadable: np.ndarray
    other_order: int = 0
    other_example: str = ""
    unreadable_examples: tuple[str, ...] = ()
    utc: int = 0
    """How many rows carry a time stamped in UTC (``...T22:30:00Z``): the date as written may be the next day."""


def parse_dates(values: pd.Series, *, dayfirst: bool) -> Dates:
    """Read a column of dates (see the module's description), ignoring times and time zones.

    Each distinct value is read once (an export holds far fewer distinct dates than rows).

    Example:
        >>> import pandas as pd
        >>> found = parse_dates(pd.Series(["2024-03-05T23:30:00+01:00", "05/03/2024 09:00", "", "31/02/2024"]), dayfirst=True)
        >>> found.days.astype("datetime64[D]").tolist()[:2], found.blank.tolist(), found.unreadable.tolist()
        ([datetime.date(2024, 3, 5), datetime.date(2024, 3, 5)], [False, False, True, False], [False, False, False, True])
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = _parse_distinct(pd.Series(uniques, dtype=object).astype(str), dayfirst)
    blank = np.r_[distinct.blank, True][codes]
    days = np.r_[distinct.days, np.datetime64("NaT", "s")][codes]
    other = np.r_[distinct.other, False][codes]
    example = str(uniques[np.flatnonzero(distinct.other)[0]]) if distinct.other.any() else ""
    unreadable = np.isnat(distinct.days) & ~distinct.blank
    examples = tuple(str(uniques[i]).strip() for i in np.flatnonzero(unreadable)[:3])
    in_utc = (
        pd.Series(uniques, dtype=object)
        .astype(str)
        .str.contains(r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|UTC)\s*$")
    )
    utc = int(np.r_[in_utc.to_numpy(dtype=bool), False][codes].sum())
    return Dates(days, blank, np.isnat(days) & ~blank, int(other.sum()), example, examples, utc)


@dataclass(frozen=True)
class _Distinct:
    days: np.ndarray
    blank: np.ndarray
    other: np.ndarray


def _parse_distinct(values: pd.Series, dayfirst: bool) -> _Distinct:
    text = values.str.strip()
    blank = nothing_written(text)
    days = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    iso = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce").to_numpy("datetime64[s]")
    done = ~np.isnat(iso) & ~blank
    days[done] = iso[done]
    todo = np.flatnonzero(~done & ~blank)
    other = np.zeros(len(text), dtype=bool)
    if len(todo):
        rest = text.iloc[todo].reset_index(drop=True)
        found, swapped = _numeric_dates(rest, dayfirst)
        for fallback in (_year_first, _excel_serials, _short_month_names, _named_months):
            missing = np.isnat(found)
            if missing.any():
                found[missing] = fallback(rest[missing], dayfirst)
        days[todo] = found
        other[todo] = np.isnat(found) & swapped
    return _Distinct(days.astype("datetime64[D]").astype("datetime64[s]"), blank, other)


def _numeric_dates(rest: pd.Series, dayfirst: bool) -> tuple[np.ndarray, np.ndarray]:
    """Dates such as 05/03/2024, 5.3.24 or 05-03-2024 14:30; also which would read only in the other order."""
    parts = rest.str.extract(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?!\d)").astype(float)
    first, second, year = (parts[i].to_numpy() for i in range(3))
    year = np.where(year < 100, np.where(year < 70, 2000 + year, 1900 + year), year)

    def build(day: np.ndarray, month: np.ndarray) -> np.ndarray:
        frame = pd.DataFrame({"year": year, "month": month, "day": day})
        ok = ~np.isnan(year) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
        out = np.full(len(rest), np.datetime64("NaT"), dtype="datetime64[s]")
        if ok.any():
            out[ok] = pd.to_datetime(frame[ok].astype(int), errors="coerce").to_numpy("datetime64[s]")
        return out

    day, month = (first, second) if dayfirst else (second, first)
    found = build(day, month)
    swapped = np.isnat(found) & ~np.isnat(build(month, day))
    return found, swapped


def _from_parts(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Dates from year, month and day numbers (NaN where not found); NaT where they make no date."""
    out = np.full(len(year), np.datetime64("NaT"), dtype="datetime64[s]")
    ok = ~np.isnan(year) & (year >= 1900) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    if ok.any():
        frame = pd.DataFrame({"year": year[ok], "month": month[ok], "day": day[ok]}).astype(int)
        out[ok] = pd.to_datetime(frame, errors="coerce").to_numpy("datetime64[s]")
    return out


def _year_first(rest: pd.Series, dayfirst: bool) -> np.ndarray:
    """Year-first dates other than ISO's dashes: 2024/03/05, 2024.03.05 (a time may follow) and 20240305."""
    parts = rest.str.extract(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)").astype(float)
    compact = rest.str.extract(r"^((?:19|20)\d\d)(\d\d)(\d\d)$").astype(float)
    parts = parts.fillna(compact)
    return _from_parts(*(parts[i].to_numpy() for i in range(3)))


_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


def _short_month_names(rest: pd.Series, dayfirst: bool) -> np.ndarray:
    """Day, month name and a two-digit year, as databases write them: 05-MAR-24, 5 Mar 24."""
    parts = rest.str.extract(r"^(\d{1,2})[-\s]([A-Za-z]{3})[A-Za-z]*[-\s](\d{2})(?!\d)")
    month = parts[1].str.lower().map(_MONTHS).to_numpy(dtype=float)
    year = parts[2].astype(float).to_numpy()
    year = np.where(year < 70, 2000 + year, 1900 + year)
    return _from_parts(year, month, parts[0].astype(float).to_numpy())


def _excel_serials(rest: pd.Series, dayfirst: bool) -> np.ndarray:
    """Excel's day numbers (45356 is 2024-03-05) when a date cell was exported as a number."""
    number = pd.to_numeric(rest, errors="coerce").to_numpy(dtype=float)
    ok = (number >= 20000) & (number <= 80000)
    out = np.full(len(rest), np.datetime64("NaT"), dtype="datetime64[s]")
    out[ok] = np.datetime64("1899-12-30", "s") + (np.floor(number[ok]) * 86400).astype("timedelta64[s]")
    return out


def _named_months(rest: pd.Series, dayfirst: bool) -> np.ndarray:
    """Dates written with a month name (5 March 2024, Mar 5 2024); only values with a word and a 4-digit year."""
    out = np.full(len(rest), np.datetime64("NaT"), dtype="datetime64[s]")
    has_day = rest.str.replace(r"(?i)(T?\d{1,2}:\d{2}.*)$", "", regex=True).str.contains(r"(?<!\d)\d{1,2}(?!\d)")
    ok = (rest.str.contains(r"[A-Za-z]{3}") & rest.str.contains(r"\d{4}") & has_day).to_numpy(dtype=bool)
    if ok.any():
        cleaned = rest[ok].str.replace(r"(?i)(T?\d{1,2}:\d{2}.*)$", "", regex=True).str.strip()
        parsed = pd.to_datetime(cleaned, format="mixed", dayfirst=dayfirst, errors="coerce")
        out[ok] = parsed.to_numpy("datetime64[s]")
    return out
