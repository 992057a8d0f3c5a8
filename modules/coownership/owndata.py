"""Your own program's numbers: read an agency's appointment export, privately, and see what structure it shows.

:func:`load_appointments` reads an export from a scheduling or case-management system (CSV or
Excel, see :mod:`coownership.owndata_read`; values and dates, :mod:`coownership.owndata_values`);
:func:`summarise` shows how missed visits vary with the wait between booking and visit, by
weekday, for first visits, after a miss, and with and without reminders within each wait;
:mod:`coownership.owndata_report` writes a one-page report (``coownership own-data``).

**Private.** Client identifiers are replaced by stand-in names ("client 1", "client 2", ... in order
of first appearance) as the file is read; the identifiers are never kept, never written anywhere,
never shown in a message. The returned tables hold counts and shares only, and any group with fewer
than five clients is shown as suppressed. Nothing is sent anywhere: everything runs on this computer.

**Honest.** These numbers show patterns, not causes: they are not an experiment. Who gets which
appointment is not random, and reminders may go only to some kinds of appointments.

**Cancellations.** A cancelled appointment is not a missed visit: the visit did not happen, but the
client (or the service) said so beforehand. Cancelled appointments are left out of every share and
counted in the reading report: by the client, late (counted as the client's; some agencies treat
late cancellations as missed visits: if yours does, change them to "missed" in the file first), by
the service, and by whom not said. Appointments that have not happened yet (blank outcome, or
"scheduled") are left out and counted too.

**Rows it cannot use** (no client id, no appointment date or one it cannot read, an outcome it
cannot place, an appointment dated before its booking) are counted and reported with up to five
example row numbers (the header is row 1), never client ids. A row with no booking date, or one it
cannot read, is kept and left out of the lead-time tables only. A totals row (the client column
says "Total") is left out and counted as one.

**Messy exports.** Client ids that differ only in upper and lower case, or in spaces around them,
are one client. Ids that Excel shortened to a number such as 1.2E+11 are refused (different clients
would share one). An outcome column that is only ever ticked ("Y" or "X" and blanks) reads a blank on
an appointment dated up to today as the other outcome, and says so. Outcome or reminder values it
cannot place are listed in a terminal, except any holding a number or an e-mail address, which may
identify someone: those are counted only.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "visits.csv"
    >>> rows = ["Client;Visit;Booked;Came"] + [f"A{i};{d:02}/03/2024;01/03/2024;{'No' if i % 3 == 0 else 'Yes'}"
    ...                                        for i in range(12) for d in (4, 11)]
    >>> _ = path.write_text("\\n".join(rows + ["B1;;01/03/2024;Yes", "B2;12/03/2024;01/03/2024;Cancelled by client"]))
    >>> frame = load_appointments(path, client="Client", appointment_date="Visit", booked_date="Booked",
    ...                           attended="Came", dayfirst=True)
    Read visits.csv (CSV, semicolon-separated, UTF-8 text): 26 rows.
    Used 24 appointments of 12 clients (client ids replaced by "client 1", "client 2", ...).
    Left out 2 rows:
      1 with no appointment date (row 26)
      1 cancelled by the client (row 27)
    >>> frame[["client", "lead_days", "weekday", "visit_number", "missed"]].head(2)
         client  lead_days weekday  visit_number  missed
    0  client 1          3  Monday             1    True
    1  client 1         10  Monday             2    True
    >>> summarise(frame).first_vs_later[["appointment", "appointments", "missed_share"]]
              appointment  appointments  missed_share
    0   first appointment            12      0.333333
    1  later appointments            12      0.333333
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from coownership.errors import ArgumentError, OwnDataError
from coownership.owndata_read import FLAGS, read_table
from coownership.owndata_summary import MIN_CLIENTS, WEEKDAYS, OwnDataSummary, summarise
from coownership.owndata_values import (
    ATTENDED,
    BLANK,
    CANCELLED,
    CANCELLED_CLIENT,
    CANCELLED_LATE,
    CANCELLED_SERVICE,
    MISSED,
    PENDING,
    UNPLACED,
    Dates,
    classify_outcomes,
    classify_reminders,
    nothing_written,
    only_yes_marks,
    parse_dates,
)
from coownership.validation import check_bool, check_text

__all__ = ["load_appointments", "summarise", "ReadingReport", "LeftOut", "OwnDataSummary", "MIN_CLIENTS"]

_EXAMPLES = 5
_REASONS = (  # (code, how the reading report says it), in the order a row is checked
    (
        "more_values",
        "with more values than there are column names (a comma or semicolon inside a name or address, not in quotes?)",
    ),
    ("total", "totals row(s) (the client column says 'Total')"),
    ("blank", "blank (nothing in the columns asked for)"),
    ("client", "with no client id"),
    ("date", "with no appointment date"),
    ("unreadable", "with an appointment date that could not be read"),
    ("outcome_blank", "with no outcome recorded (often appointments still to come)"),
    ("pending", "not happened yet (an outcome such as 'scheduled')"),
    ("unplaced", "with an outcome that could not be placed"),
    ("cancelled_client", "cancelled by the client"),
    ("cancelled_late", "late cancellations (counted as the client's; not missed visits)"),
    ("cancelled_service", "cancelled by the service"),
    ("cancelled", "cancelled (by whom not said)"),
    ("before_booking", "with an appointment date before its booking date"),
)
_OUTCOME_REASON = {
    BLANK: "outcome_blank",
    PENDING: "pending",
    UNPLACED: "unplaced",
    CANCELLED_CLIENT: "cancelled_client",
    CANCELLED_LATE: "cancelled_late",
    CANCELLED_SERVICE: "cancelled_service",
    CANCELLED: "cancelled",
}


@dataclass(frozen=True)
class LeftOut:
    """Rows left out for one reason: how many, and up to five example row numbers (the header is row 1)."""

    reason: str
    text: str
    count: int
    rows: tuple[int, ...]

    def line(self) -> str:
        """One line for the reading report, e.g. ``3 with no client id (rows 4, 9, 12)``."""
        shown = ", ".join(map(str, self.rows)) + (", ..." if self.count > len(self.rows) else "")
        return f"{self.count:,} {self.text} (row{'s' if len(self.rows) > 1 else ''} {shown})"


@dataclass(frozen=True)
class ReadingReport:
    """How a file was read: rows, what was used and what was left out and why. Counts, row numbers and
    the outcome or reminder values that could not be placed; never a client id. ``str()`` gives the summary
    :func:`load_appointments` prints; it is also in the frame's ``.attrs["report"]``."""

    file_name: str
    kind: str
    rows_read: int
    appointments: int
    clients: int
    left_out: tuple[LeftOut, ...] = ()
    unplaced_outcomes: tuple[tuple[str, int], ...] = ()
    unplaced_reminders: tuple[tuple[str, int], ...] = ()
    notes: tuple[str, ...] = field(default=())
    simulated: bool = False
    unreadable_dates: tuple[str, ...] = ()
    """Up to three appointment dates it could not read, as written: listed in a terminal only (never in a
    notebook or the HTML report), and only values that look like a date."""

    @property
    def rows_left_out(self) -> int:
        """Rows not used, for every reason together."""
        return sum(item.count for item in self.left_out)

    def lines(self, *, values: bool = True) -> list[str]:
        """The summary as lines of plain text; ``values=False`` counts the values that could not be placed
        instead of listing them (for a notebook, which keeps what it shows)."""
        lines = [
            f"Read {self.file_name} ({self.kind}): {self.rows_read:,} rows."
            + (" SIMULATED: the file says it was made up for practice." if self.simulated else ""),
            f"Used {self.appointments:,} appointments of {self.clients:,} clients "
            '(client ids replaced by "client 1", "client 2", ...).',
        ]
        if self.left_out:
            lines.append(f"Left out {self.rows_left_out:,} rows:")
            lines += [f"  {item.line()}" for item in self.left_out]
        if self.unplaced_outcomes:
            lines.append("Outcome values that could not be placed: " + _values(self.unplaced_outcomes, values))
        if self.unplaced_reminders:
            lines.append("Reminder values that could not be placed: " + _values(self.unplaced_reminders, values))
        lines += [f"Note: {note}" for note in self.notes]
        if values and self.unreadable_dates:
            lines.append(
                "Appointment dates that could not be read include " + ", ".join(map(repr, self.unreadable_dates))
            )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _identifying(value: str) -> bool:
    """A value that may identify someone (an id, a phone number, an e-mail address): never listed."""
    return "@" in value or len(re.findall(r"\d", value)) >= 3


_DATE_WORDS = re.compile(
    r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*$"
    r"|^(?:am|pm|t|z|utc|gmt|of|the|st|nd|rd|th)$"
)


def _date_like(value: str) -> bool:
    """Whether a value that could not be read as a date still looks like one (digits, separators, month or
    day names, a time): only such values are ever listed, never a name, an id or a phone number."""
    words = re.findall(r"[A-Za-z]+", value)
    digits = len(re.findall(r"\d", value))
    return (
        "@" not in value
        and not re.search(r"[A-Za-z]\d|\d[A-Za-z]{3,}", value)
        and all(_DATE_WORDS.match(w) for w in words)
        and 0 < digits <= (14 if ":" in value else 8)
        and not value.lstrip().startswith("+")
        and not value.strip().isdigit()  # a bare number may be an id
    )


def _values(pairs: tuple[tuple[str, int], ...], listed: bool = True) -> str:
    if not listed:
        return f"{len(pairs)} different value(s), not listed here (`coownership own-data` in a terminal lists them)."
    if len(pairs) > 20:
        return f"{len(pairs)} different values (not listed: the column may hold free text or identifiers)."
    shown = [(value, count) for value, count in pairs if not _identifying(value)]
    hidden = [count for value, count in pairs if _identifying(value)]
    text = ", ".join(f"{value!r} ({count:,})" for value, count in shown[:10]) + (" ..." if len(shown) > 10 else "")
    if hidden:
        text += (", and " if text else "") + (
            f"{len(hidden)} value(s) holding numbers or e-mail addresses, not listed because they may identify "
            f"someone ({sum(hidden):,} rows)"
        )
    return text


def _check_arguments(
    client: object, appointment_date: object, missed: object, attended: object, booked: object, reminder: object
) -> dict[str, str]:
    if (missed is None) == (attended is None):
        raise ArgumentError(
            "give exactly one of missed= (a column where yes means missed) or attended= (yes means attended); "
            f"got {'both' if missed is not None else 'neither'}"
        )
    given = {"client": client, "appointment_date": appointment_date, "missed": missed, "attended": attended}
    given |= {"booked_date": booked, "reminder": reminder}
    columns = {role: check_text(role, value) for role, value in given.items() if value is not None}
    seen: dict[str, str] = {}
    for role, name in columns.items():
        if name in seen:
            raise ArgumentError(f"{seen[name]} and {role} both name the column {name!r}; each must name its own")
        seen[name] = role
    return columns


def load_appointments(
    path: str | os.PathLike[str],
    *,
    client: str,
    appointment_date: str,
    missed: str | None = None,
    attended: str | None = None,
    booked_date: str | None = None,
    reminder: str | None = None,
    dayfirst: bool = False,
    quiet: bool = False,
    list_values: bool = True,
) -> pd.DataFrame:
    """Read an appointment export: each keyword names the column in the file (exactly one of ``missed``
    and ``attended``). Prints a short reading report unless ``quiet`` (also in ``.attrs["report"]``).

    Returns one row per usable appointment, in file order: ``client`` (a stand-in name), ``appointment_date``,
    ``booked_date``, ``lead_days`` (days from booking to visit), ``weekday``, ``visit_number`` (1 = the client's
    first usable appointment in the file, counted in date order), ``missed`` (bool) and ``reminder``
    (True/False; missing where not known or not given). ``list_values=False`` keeps the file's values out of
    what is printed and out of error messages (counts only), for a notebook that keeps its output.

    Example:
        >>> load_appointments("visits.csv", client="id", appointment_date="date", missed="dna", attended="came")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: give exactly one of missed= (a column where yes means missed) or attended= (yes means attended); got both
    """
    columns = _check_arguments(client, appointment_date, missed, attended, booked_date, reminder)
    check_bool("dayfirst", dayfirst)
    check_bool("quiet", quiet)
    check_bool("list_values", list_values)
    table = read_table(path, columns)
    raw, notes = table.frame, list[str]()
    status = "missed" if missed is not None else "attended"
    outcome, _ = classify_outcomes(raw[status], yes_means=status)
    appointment = _dates(raw, "appointment_date", dayfirst, list_values)
    booked = _dates(raw, "booked_date", dayfirst, list_values) if booked_date is not None else None
    ids, no_client, totals = _client_codes(raw["client"])
    marked = _blank_is_the_other_outcome(raw[status], outcome, appointment, status)

    number = {name: i for i, (name, _) in enumerate(_REASONS, start=1)}
    reason = np.zeros(len(raw), dtype=np.int8)  # 0: used; else 1 + the reason's place in _REASONS
    more = table.more_values if table.more_values is not None else np.zeros(len(raw), dtype=bool)
    checks = [
        ("more_values", more),
        ("total", totals),
        ("blank", raw.isna().all(axis=1).to_numpy()),
        ("client", no_client),
        ("date", appointment.blank),
        ("unreadable", appointment.unreadable),
    ]
    checks += [(name, outcome == code) for code, name in _OUTCOME_REASON.items()]
    if booked is not None:
        readable = ~np.isnat(booked.days) & ~np.isnat(appointment.days)
        checks.append(("before_booking", readable & (appointment.days < booked.days)))
    for name, mask in reversed(checks):  # the first reason that applies wins
        reason[mask] = number[name]
    keep = reason == 0
    unplaced = _counts(raw[status][reason == number["unplaced"]])
    if not keep.any():
        raise OwnDataError(_nothing_usable(table.frame, reason, status, unplaced, list_values))
    if appointment.utc:
        notes.append(
            f"{appointment.utc:,} appointment times are stamped in UTC (they end in Z or +00:00); the date as "
            "written is used, so a late-evening visit may count on the next day. If your system can export "
            "local times, use those."
        )
    unreadable = int((reason == number["unreadable"]).sum())
    filled = int((~appointment.blank & (reason != number["more_values"])).sum())
    if unreadable and unreadable * 2 > filled:  # a column of something else: its values may be ids
        notes.append(
            f"most values in the appointment date column ({FLAGS['appointment_date']}) are not dates: "
            "check that it names the column of appointment dates."
        )
    elif unreadable:
        notes.append(
            "some appointment dates could not be read; dates it reads look like 2024-03-05, 05/03/2024, "
            "2024/03/05 or 5 March 2024."
        )
    if (marked & keep).any():
        other = "attended" if status == "missed" else "missed"
        notes.append(
            f"the {status} column holds only yes marks (such as 'Y' or 'X') and blanks. So its "
            f"{int((marked & keep).sum()):,} blanks up to today were read as '{other}'. Blanks after today are "
            "left out: those visits are still to come."
        )

    codes, _ = pd.factorize(ids[keep])  # stand-ins in order of first appearance
    frame = _frame(codes, appointment.days[keep], booked.days[keep] if booked is not None else None, outcome[keep])
    reminders: dict[str, int] = {}
    if reminder is not None:
        frame["reminder"] = _reminders(raw, keep, notes, reminders)
    else:
        frame["reminder"] = pd.arrays.BooleanArray(np.zeros(len(frame), bool), np.ones(len(frame), bool))
    if booked is not None:
        _booking_notes(booked, keep, notes)
    if table.above_header:
        notes.insert(
            0,
            f"the first {table.above_header} line(s) of the file, above the column names, were skipped "
            "(a title, a date or blank lines; they are not shown here).",
        )
    counts = np.bincount(reason, minlength=len(_REASONS) + 1)
    left_out = tuple(
        LeftOut(
            name, text, int(counts[i]), tuple(int(r) + table.first_row for r in np.flatnonzero(reason == i)[:_EXAMPLES])
        )
        for i, (name, text) in enumerate(_REASONS, start=1)
        if counts[i]
    )
    report = ReadingReport(
        file_name=os.path.basename(os.fspath(path)),
        kind=table.kind,
        rows_read=len(raw),
        appointments=len(frame),
        clients=int(codes.max()) + 1,
        left_out=left_out,
        unplaced_outcomes=tuple(unplaced.items()),
        unplaced_reminders=tuple(reminders.items()),
        notes=tuple(notes),
        simulated=table.simulated,
        unreadable_dates=tuple(e for e in appointment.unreadable_examples if _date_like(e))
        if unreadable * 2 <= filled
        else (),
    )
    frame.attrs["report"] = report
    if table.simulated:
        frame.attrs["simulated"] = True
    if not quiet:
        print("\n".join(report.lines(values=list_values)))
    return frame


_TOTALS = frozenset({"total", "totals", "grand total", "subtotal", "sum", "count"})
_SHORTENED = r"[+-]?\d(?:[.,]\d+)?e\+?\d+"  # 1.23457E+11: a long number id as Excel shows it


def _client_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A number per row for each different client id (spaces around an id and upper or lower case
    ignored), where there is none, and where the row is a totals row. Ids that Excel shortened to
    a number such as 1.23457E+11 are refused: different clients would share one. The ids themselves
    go no further than this function."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    folded = pd.Series(uniques, dtype=object).astype(str).str.strip().str.casefold()
    shortened = int(folded.str.fullmatch(_SHORTENED).sum())
    if shortened:
        raise OwnDataError(
            f"The client column ({FLAGS['client']}) holds {shortened:,} id(s) that Excel shortened to a number "
            "such as 1.2E+11: different clients may now share one id, so every count by client would be wrong. "
            "Export the list from your system again (do not open and save it in Excel first), or save it as "
            "an Excel workbook (.xlsx) with the id column set to Text.",
            problem="shortened_ids",
            count=shortened,
        )
    merged = np.r_[pd.factorize(folded)[0], -1]
    empty = np.r_[nothing_written(folded), True]
    total = np.r_[folded.isin(_TOTALS).to_numpy(dtype=bool), False]
    return merged[codes], empty[codes], total[codes]


def _blank_is_the_other_outcome(values: pd.Series, outcome: np.ndarray, appointment: Dates, status: str) -> np.ndarray:
    """In a column that is only ever ticked (yes marks and blanks, e.g. a "No show" column of "Y"),
    a blank on an appointment dated up to today means the other outcome; ``outcome`` is changed in
    place and the rows changed are returned. Later blanks stay blank (still to come)."""
    changed = np.zeros(len(outcome), dtype=bool)
    if not (outcome == BLANK).any() or not only_yes_marks(values):
        return changed
    days = appointment.days.astype("datetime64[D]")
    changed = (outcome == BLANK) & ~np.isnat(days) & (days <= np.datetime64(date.today(), "D"))
    outcome[changed] = ATTENDED if status == "missed" else MISSED
    return changed


def _counts(values: pd.Series) -> dict[str, int]:
    """The values as found (spaces around them dropped), most frequent first, with counts."""
    counted = values.astype(str).str.strip().value_counts(sort=True)
    return {str(value): int(count) for value, count in counted.items()}


def _dates(raw: pd.DataFrame, role: str, dayfirst: bool, listed: bool = True) -> Dates:
    found = parse_dates(raw[role], dayfirst=dayfirst)
    filled = int((~found.blank).sum())
    if found.other_order and found.other_order >= max(1, filled // 100):
        order = "day first" if not dayfirst else "month first"
        fix = (
            "dayfirst=True (on the command line: --dayfirst)"
            if not dayfirst
            else "dayfirst=False (leave out --dayfirst)"
        )
        raise OwnDataError(
            f"{role} ({FLAGS[role]}): {found.other_order:,} dates"
            + (f", such as {found.other_example!r}," if listed else "")
            + " make sense only "
            f"{order}. Read the file again with {fix}.",
            problem="date_order",
            role=role,
            count=found.other_order,
            first="day" if not dayfirst else "month",
        )
    return found


def _frame(codes: np.ndarray, days: np.ndarray, booked: np.ndarray | None, outcome: np.ndarray) -> pd.DataFrame:
    """The returned table, built with numpy (no loop over rows)."""
    count = int(codes.max()) + 1
    names = np.char.add("client ", np.arange(1, count + 1).astype(str))
    day_number = days.astype("datetime64[D]").astype(np.int64)
    order = np.lexsort((np.arange(len(codes)), day_number, codes))
    start = np.r_[True, codes[order][1:] != codes[order][:-1]]
    position = np.arange(len(codes))
    visit = np.empty(len(codes), dtype=np.int64)
    visit[order] = position - np.maximum.accumulate(np.where(start, position, 0)) + 1
    if booked is not None:
        known = ~np.isnat(booked)
        lead = np.where(known, day_number - booked.astype("datetime64[D]").astype(np.int64), 0)
        lead_days = pd.arrays.IntegerArray(lead, ~known)
        booked_dates = pd.Series(booked)
    else:
        lead_days = pd.array([pd.NA] * len(codes), dtype="Int64")
        booked_dates = pd.Series(np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[s]"))
    return pd.DataFrame(
        {
            "client": pd.Categorical.from_codes(codes, categories=names.tolist()),
            "appointment_date": pd.Series(days),
            "booked_date": booked_dates,
            "lead_days": lead_days,
            "weekday": pd.Categorical.from_codes((day_number + 3) % 7, categories=list(WEEKDAYS), ordered=True),
            "visit_number": visit,
            "missed": outcome == MISSED,
        }
    )


def _reminders(raw: pd.DataFrame, keep: np.ndarray, notes: list[str], found: dict[str, int]) -> pd.arrays.BooleanArray:
    kinds, unplaced = classify_reminders(raw["reminder"])
    found.update(unplaced)
    kinds = kinds[keep]
    blank = kinds == 2
    if blank.any() and not (kinds == 0).any() and (kinds == 1).any():
        notes.append(
            f"the reminder column holds only 'yes' values and blanks. So its {blank.sum():,} blanks were read as "
            "'no reminder'."
        )
        kinds = np.where(blank, 0, kinds)
    elif blank.any():
        notes.append(
            f"{blank.sum():,} appointments have a blank reminder cell; they are left out of the reminder table."
        )
    if unplaced:
        count = int((kinds == 3).sum())
        notes.append(
            f"{count:,} appointments have a reminder value that could not be placed; they are left out of the reminder table."
        )
    return pd.arrays.BooleanArray(kinds == 1, kinds >= 2)


def _booking_notes(booked: Dates, keep: np.ndarray, notes: list[str]) -> None:
    for mask, what in ((booked.blank, "no booking date"), (booked.unreadable, "a booking date that could not be read")):
        count = int(mask[keep].sum())
        if count:
            notes.append(f"{count:,} appointments have {what}; they are left out of the lead-time tables only.")


def _nothing_usable(
    raw: pd.DataFrame, reason: np.ndarray, status: str, unplaced: dict[str, int], listed: bool = True
) -> str:
    counts = np.bincount(reason, minlength=len(_REASONS) + 1)
    top, text = _REASONS[int(np.argmax(counts)) - 1]
    message = f"No row could be used: the most common problem is a row {text} ({counts.max():,} of {len(raw):,} rows)."
    if top == "unreadable":
        message += f" Check that the appointment date column ({FLAGS['appointment_date']}) names the column of appointment dates."
    if top == "unplaced":
        message += (
            f" The {status} column ({FLAGS[status]}) holds "
            + _values(tuple(unplaced.items()), listed).rstrip(".")
            + "; it should hold "
            "yes/no, true/false, 1/0 or words such as attended, missed, no-show, DNA, cancelled."
        )
    return message
