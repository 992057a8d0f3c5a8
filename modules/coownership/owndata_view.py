"""Your own numbers in a notebook: read an appointment export, then show the report's tables.

Module 02's optional section "Your own numbers" runs these two functions on the SIMULATED practice
export (:mod:`coownership.owndata_example`); a learner who has their program's export changes the
file name and the column names in one marked cell. Written for a learner's notebook:

- a problem (no such file, a column that is not there, a file that is not a table) is printed as
  plain sentences and the function returns ``None``, never a traceback; the sentences speak of the
  cell (``day_first = True``), not of the command line's options (``--dayfirst``), and a file name
  that is nearly right gets a "did you mean";
- nothing from the file is printed but counts and shares: client ids become stand-ins as the file
  is read, and values that could not be placed are counted, not listed, because a notebook keeps
  what it shows (``coownership own-data`` in a terminal lists them);
- every table from a file marked SIMULATED has a caption that says so;
- a list with fewer than 5 clients in all gets one sentence instead of tables with every number hidden.

Example:
    >>> summary = own_numbers("no-such-export.csv", {"client": "id", "appointment_date": "date", "missed": "dna"})
    Not yet: there is no file at no-such-export.csv
    Check the file name in the cell above (put the file in the same folder as this notebook).
    >>> summary is None
    True
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coownership.datasets import DATASETS_DIR
from coownership.errors import ArgumentTypeError, CoownershipError, OwnDataError
from coownership.owndata import load_appointments
from coownership.owndata_example import EXAMPLE_COLUMNS, EXAMPLE_FILE
from coownership.owndata_summary import MIN_CLIENTS, OwnDataSummary, summarise
from coownership.tables import table

__all__ = ["EXAMPLE_COLUMNS", "EXAMPLE_EXPORT", "own_numbers", "own_tables", "show_own_numbers"]

EXAMPLE_EXPORT = DATASETS_DIR / EXAMPLE_FILE
"""The SIMULATED practice export the course ships (``datasets/simulated/maple-street-export.csv``)."""

_KEYWORDS = ("client", "appointment_date", "missed", "attended", "booked_date", "reminder")
_TITLES = {
    "overall": "At a glance",
    "by_lead_time": "Missed visits by the wait from booking to visit",
    "by_weekday": "Missed visits by weekday",
    "first_vs_later": "First visits and later ones",
    "after_a_miss": "The next visit, after an attended visit and after a missed one",
    "reminder_by_lead_time": "With and without a reminder, within each wait (last two rows: all waits together, "
    "the comparison that can mislead)",
}
_LABELS = {
    "lead_time": "wait from booking",
    "weekday": "weekday",
    "appointment": "appointment",
    "after": "next visit after",
    "reminder": "reminder",
    "appointments": "appointments",
    "clients": "clients",
    "missed_share": "missed",
    "note": "note",
}
_TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xls"}
_CHECK_FILE = "Check the file name in the cell above (put the file in the same folder as this notebook)."
_CHECK_COLUMNS = "Check the column names in the cell above against the file's first row."
_NEW_FILE = "Then put the new file's name in the cell above and run it again."
_TITLE_ROW = (
    "{name} does not start with a row of column names (a title, or blank lines, above them?). Open it, "
    "delete the rows above the column names, save it, and run this cell again."
)


def _say(*lines: str) -> None:
    print("\n".join(lines))


def own_numbers(
    path: str | os.PathLike[str], columns: Mapping[str, str], *, dayfirst: bool = False
) -> OwnDataSummary | None:
    """Read the export at ``path`` (``columns``: the keywords of
    :func:`coownership.owndata.load_appointments`, each naming a column in the file), print what was read
    (counts only) and return the summary; on a problem, print it plainly and return ``None``.

    Example:
        >>> summary = own_numbers(EXAMPLE_EXPORT, EXAMPLE_COLUMNS)  # doctest: +ELLIPSIS
        Read maple-street-export.csv (...): 3,152 rows. SIMULATED: the file says it was made up for practice.
        ...
        >>> summary.simulated
        True
    """
    if path is None and columns is None:  # the cell above could not be read (coownership.cell_guard)
        _say("Nothing read yet: the cell above could not be read. Fix what it says, then run it and this cell again.")
        return None
    if not isinstance(columns, Mapping) or not all(isinstance(v, str) for v in columns.values()):
        _say(
            'Not yet: columns should look like {"client": "Client ID", "appointment_date": "Appointment", ...},',
            "each name between quotes. Copy the example in the cell above and change only the names.",
        )
        return None
    unknown = [key for key in columns if key not in _KEYWORDS]
    if unknown:
        _say(
            f"Not yet: {', '.join(map(repr, unknown))} is not one of the names on the left in the cell above.",
            f"Keep the left-hand names as they are ({', '.join(_KEYWORDS)}); change the names on the right.",
        )
        return None
    if not isinstance(path, (str, os.PathLike)):
        _say(f'Not yet: the file name should be between quotes, like "my-export.csv"; got {path!r}.')
        return None
    try:
        frame = load_appointments(path, **columns, dayfirst=dayfirst, quiet=True, list_values=False)
        summary = summarise(frame)
    except OwnDataError as exc:
        _say(*_for_notebook(exc, Path(path)))
        return None
    except CoownershipError as exc:  # a wrong argument, say day_first = "yes": its own message says which
        _say(f"Not yet: {exc}", _CHECK_COLUMNS)
        return None
    _say(*frame.attrs["report"].lines(values=False))
    return summary


def _for_notebook(exc: OwnDataError, path: Path) -> list[str]:
    """A reading problem as a notebook's learner needs it: what happened, then what to change in the cell.

    Example:
        >>> _for_notebook(OwnDataError("...", problem="date_order", role="appointment_date", count=237, first="day"),
        ...               Path("x.csv"))
        ['Not yet: 237 dates in the appointment_date column make sense only day first (day/month/year).', 'Change day_first = False to day_first = True in the cell above, then run it again.']
        >>> _for_notebook(OwnDataError("path: there is no file at nowhere.csv", problem="no_file"), Path("nowhere.csv"))[0]
        'Not yet: there is no file at nowhere.csv'
    """
    if exc.problem == "date_order":
        role, count, first = exc.details["role"], exc.details["count"], exc.details["first"]
        if first == "day":
            reading, fix = "day/month/year", "Change day_first = False to day_first = True"
        else:
            reading, fix = "month/day/year", "Change day_first = True to day_first = False"
        return [
            f"Not yet: {count:,} dates in the {role} column make sense only {first} first ({reading}).",
            f"{fix} in the cell above, then run it again.",
        ]
    if exc.problem == "no_file" or not path.is_file():
        lines = [f"Not yet: there is no file at {path}", _CHECK_FILE]
        try:
            found = [p.name for p in path.parent.iterdir() if p.suffix.lower() in _TABLE_SUFFIXES]
        except OSError:  # no such folder, or one that cannot be listed
            found = []
        close = difflib.get_close_matches(path.name, found, n=1, cutoff=0.6)
        if close:
            lines[0] += f' (did you mean "{close[0]}"?)'
        return lines
    if exc.details.get("untitled"):
        return [f"Not yet: {_TITLE_ROW.format(name=path.name)}"]
    said = f"Not yet: {re.sub(r' [(]--[a-z]+[)]', '', str(exc))}"
    if exc.problem in ("format", "not_a_table"):  # a file of another kind: it is saved again under a new name
        return [said, _NEW_FILE]
    if exc.problem in ("", "columns"):  # a column that is not there, or that holds something else
        return [said, _CHECK_COLUMNS]
    return [said]  # the message says what to do (a file without column names, two columns with one name, ...)


def own_tables(summary: OwnDataSummary) -> list[Any]:
    """The summary's tables, labelled and captioned for a learner (SIMULATED when the file was).

    Example:
        >>> summary = own_numbers(EXAMPLE_EXPORT, EXAMPLE_COLUMNS)  # doctest: +ELLIPSIS
        Read ...
        >>> [t.caption.split(".")[0] for t in own_tables(summary)][:2]
        ['SIMULATED practice file', 'SIMULATED practice file']
    """
    if not isinstance(summary, OwnDataSummary):
        raise ArgumentTypeError(f"summary must be what own_numbers() returns; got {type(summary).__name__}")
    source = "SIMULATED practice file" if summary.simulated else "Your file"
    shown = []
    for name, frame in summary.tables().items():
        view = frame.rename(columns=_LABELS)
        if "note" in view and not view["note"].astype(str).str.len().any():
            view = view.drop(columns="note")
        view.attrs = dict(frame.attrs)
        caption = f"{source}. {_TITLES[name]}. Counts and shares only; a row with fewer than {MIN_CLIENTS} clients shows no numbers."
        shown.append(table(view, caption, percent=["missed"], decimals=0).hide(axis="index"))
    return shown


def show_own_numbers(summary: OwnDataSummary | None) -> None:
    """Show every table of ``summary`` in the notebook, or one sentence when there is nothing to show.

    Example:
        >>> show_own_numbers(None)
        Nothing to show yet: the cell above could not read the file. Fix what it says, then run both cells again.
    """
    if summary is None:
        _say(
            "Nothing to show yet: the cell above could not read the file. Fix what it says, then run both cells again."
        )
        return
    if summary.overall["clients"].isna().all():
        _say(
            f"Nothing to show: the list has fewer than {MIN_CLIENTS} different clients, so every number is hidden "
            "to keep them private. Use a longer list (more months, or more workers' clients)."
        )
        return
    from IPython.display import display

    for shown in own_tables(summary):
        display(shown)
