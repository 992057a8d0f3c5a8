"""A one-page, self-contained HTML report on an agency's own appointments (``coownership own-data``).

The page holds the tables of :func:`coownership.owndata.summarise` (counts and shares only; rows with
fewer than five clients suppressed), house-style figures with their alt text written out
(:mod:`coownership.figures`), what was read and left out (counts and row numbers, never a client id or
a value from the file), and a plain-language reading: what the numbers can suggest, what they cannot,
and questions for the team. Images are embedded, so the page needs no other file and no network.

A report is written atomically and never replaces an existing file unless ``force=True``.

Example:
    >>> import pandas as pd
    >>> from coownership.owndata import summarise
    >>> frame = pd.DataFrame({"client": [f"client {i}" for i in range(10)] * 2,
    ...                       "appointment_date": pd.to_datetime(["2024-03-04"] * 10 + ["2024-03-12"] * 10),
    ...                       "lead_days": pd.array([0] * 10 + [8] * 10, dtype="Int64"),
    ...                       "visit_number": [1] * 10 + [2] * 10, "missed": [False] * 18 + [True] * 2,
    ...                       "reminder": pd.array([pd.NA] * 20, dtype="boolean")})
    >>> page = report_html(summarise(frame))
    >>> page.startswith("<!DOCTYPE html>") and "counts and shares only" in page and "<img" in page
    True
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import pandas as pd

from coownership.errors import ArgumentError, ArgumentTypeError, OwnDataError
from coownership.figures import bar_chart, figure_html, report_page
from coownership.files import write_atomic
from coownership.owndata import ReadingReport
from coownership.owndata_summary import MIN_CLIENTS, OwnDataSummary
from coownership.validation import check_bool

__all__ = ["report_html", "write_report"]


def _share(value: object) -> str:
    return "-" if pd.isna(value) else f"{float(value):.0%}"  # type: ignore[arg-type]


def _shown(table: pd.DataFrame, label: str) -> pd.Series:
    """label -> missed share for the rows that are not suppressed and have appointments."""
    rows = table[table["missed_share"].notna() & (table["note"] == "")]
    return pd.Series(rows["missed_share"].to_numpy(dtype=float), index=rows[label].astype(str))


_HEADS = {"lead_time": "wait from booking"}


def _table_html(table: pd.DataFrame, labels: list[str]) -> str:
    heads = labels + ["appointments", "clients", "missed", "note"]
    body = []
    for row in table.itertuples(index=False):  # a handful of summary rows, never the appointments
        values = row._asdict()
        cells = [f"<td>{html.escape(str(values[c]))}</td>" for c in labels]
        for column in ("appointments", "clients"):
            cells.append(f'<td class="n">{"-" if pd.isna(values[column]) else f"{values[column]:,}"}</td>')
        cells.append(f'<td class="n">{_share(values["missed_share"])}</td><td>{html.escape(values["note"])}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f"<th>{html.escape(_HEADS.get(h, h.replace('_', ' ')))}</th>" for h in heads)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _figure(
    shares: pd.Series | pd.DataFrame, title: str, xlabel: str, alt: str, hidden: int, horizontal: bool = False
) -> str:
    if len(shares) == 0:
        return "<p>No figure: every row has too few clients to show.</p>"
    note = f" {hidden} row(s) that are suppressed or have no appointments are not drawn." if hidden else ""
    fig = bar_chart(
        shares, title=title, xlabel=xlabel, ylabel="share missed", alt=alt + note, percent=True, horizontal=horizontal
    )
    if horizontal and isinstance(shares, pd.DataFrame):  # room for two value labels per row
        fig.set_figheight(fig.get_figheight() + 0.3 * len(shares))
    return figure_html(fig)


def _listing(shares: pd.Series) -> str:
    return "; ".join(f"{name} {value:.0%}" for name, value in shares.items())


def _direction(short: float, long: float) -> str:
    if long - short > 0.03:
        return "So visits with the longest wait shown were missed more often than those with the shortest."
    if short - long > 0.03:
        return "So visits with the longest wait shown were missed less often than those with the shortest."
    return "So the longest and the shortest waits shown differ by 3 points or less."


def _lead_section(summary: OwnDataSummary) -> str:
    out = ["<h2>1. The wait between booking and visit</h2>"]
    if summary.by_lead_time is None:
        return out[0] + "<p>Not shown: the file had no booking date (use <code>--booked</code>).</p>"
    shares = _shown(summary.by_lead_time, "lead_time")
    hidden = int((summary.by_lead_time["note"] != "").sum())
    alt = "Share of visits missed by days from booking to visit: " + (_listing(shares) or "none shown") + "."
    out.append(_figure(shares, "Missed visits by wait", "days from booking to visit", alt, hidden))
    out.append(_table_html(summary.by_lead_time, ["lead_time"]))
    if len(shares) >= 2:
        first, last = shares.index[0], shares.index[-1]
        out.append(
            f"<p>In your file, {shares.iloc[0]:.0%} of visits with a wait of {first.replace('same day', 'the same day')} were missed, and "
            f"{shares.iloc[-1]:.0%} with a wait of {last}. {_direction(shares.iloc[0], shares.iloc[-1])}</p>"
        )
    out.append(
        "<p>For comparison: in a public set of about 110,000 clinic appointments from Brazil (2016), "
        "4.7% of same-day appointments were missed, about 25% of those booked 3 to 7 days ahead, and "
        "about 33% of those booked more than 30 days ahead.</p>"
    )
    return "".join(out)


def _pair_section(title: str, table: pd.DataFrame, label: str, lead: str, compare: str = "") -> str:
    shares = _shown(table, label)
    hidden = int((table["note"] != "").sum())
    alt = f"Share missed: {_listing(shares) or 'none shown'}."
    reading = f"<p>{lead} " + (_listing(shares) + "." if len(shares) else "every row is suppressed.") + "</p>"
    return (
        f"<h2>{title}</h2>"
        + _figure(shares, title.split(". ", 1)[-1], label.replace("_", " "), alt, hidden)
        + (_table_html(table, [label]) + reading + (f"<p>{compare}</p>" if compare else ""))
    )


def _reminder_section(summary: OwnDataSummary) -> str:
    table = summary.reminder_by_lead_time
    out = ["<h2>5. Reminders, within each wait</h2>"]
    if table is None:
        return out[0] + "<p>Not shown: the file had no reminder column (use <code>--reminder</code>).</p>"
    shown = table[table["missed_share"].notna() & (table["note"] == "")]
    wide = shown.pivot(index="lead_time", columns="reminder", values="missed_share").astype(float)
    wide = wide.reindex(columns=["with a reminder", "without a reminder"]).dropna()
    order = [band for band in table["lead_time"].unique() if band in wide.index]
    wide = wide.loc[order]
    hidden = int(table["lead_time"].nunique() - len(wide))
    alt = "Share missed with and without a reminder, by wait: " + (
        "; ".join(f"{band}: {row.iloc[0]:.0%} with, {row.iloc[1]:.0%} without" for band, row in wide.iterrows())
        or "none shown"
    )
    out.append(_figure(wide, "Reminders by wait", "days from booking to visit", alt + ".", hidden, horizontal=True))
    out.append(_table_html(table, ["lead_time", "reminder"]))
    out.append(
        "<p>Compare reminders <em>within</em> the same wait. Reminders are often sent only for visits booked "
        "well ahead, and those visits are missed more anyway. Then the last two rows (all waits together) "
        "can make reminders look useless, or better than they are.</p>"
    )
    return "".join(out)


def _reading_section(reading: ReadingReport | None) -> str:
    if reading is None:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(item.text)}</td><td class='n'>{item.count:,}</td>"
        f"<td>{', '.join(map(str, item.rows))}{', ...' if item.count > len(item.rows) else ''}</td></tr>"
        for item in reading.left_out
    )
    parts = [
        "<h2>What was read</h2>",
        f"<p>{reading.rows_read:,} rows were read. {reading.appointments:,} appointments of {reading.clients:,} "
        f"clients were used. "
        + (
            f"{reading.rows_left_out:,} rows were left out; each reason is counted here, with example row numbers "
            "(counting the file's lines from the top).</p>"
            if reading.rows_left_out
            else "No rows were left out.</p>"
        ),
    ]
    if rows:
        parts.append(
            f"<table><thead><tr><th>left out</th><th>rows</th><th>examples</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    parts.append(
        "<p>A cancelled appointment is not a missed visit. The client (or your service) said ahead of time that "
        "it would not happen. So cancellations are left out of every share, and counted above. If your agency "
        "counts late cancellations as missed visits, mark them as missed in the file and run the report again.</p>"
    )
    if reading.unplaced_outcomes:
        parts.append(
            f"<p>{sum(n for _, n in reading.unplaced_outcomes):,} rows had an outcome word this tool did not know. The command's output lists those words.</p>"
        )
    parts += [f"<p>Note: {html.escape(note)}</p>" for note in reading.notes]
    return "".join(parts)


_PRIVATE = (
    "<div class='box'><h2>Private by design</h2><p>Client ids were replaced by stand-in names (client 1, client 2, "
    "...) as the file was read. They are not in this report, and they were never saved anywhere. This page holds "
    "counts and shares only. Any row with fewer than {n} clients is suppressed, so no one can point to a few "
    "people. Nothing was sent over the internet: the report was made on this computer. Totals can sometimes let "
    "someone work out a suppressed number, so share this page inside your team only.</p></div>"
)
_SIMULATED = (
    "<div class='box'><p><strong>SIMULATED.</strong> This file was made up for practice (its first line says "
    "so). Every pattern in it was put there by the people who made it. It shows how to read a report like this, "
    "not how any real program runs.</p></div>"
)
_LIMITS = """
<h2>What these numbers can suggest</h2>
<ul><li>Where missed visits gather: long waits, some weekdays, first visits, or the visit after a miss.</li>
<li>Which parts of how visits are set up are worth a closer look, and a test.</li>
<li>Whether your program looks like the published patterns, or different.</li></ul>
<h2>What they cannot tell you</h2>
<ul><li>They are not an experiment. They show patterns, not causes.</li>
<li>Who gets which appointment is not random. Clients with more going on may get later dates, or other days.</li>
<li>Reminders may go to some kinds of appointments only. Then a gap between "with" and "without" may come from
the kind of appointment, not the reminder.</li>
<li>A missed visit after a miss may reflect a hard month for the family, not the miss itself.</li>
<li>The export may leave out some visits, and staff may record outcomes in different ways.</li>
<li>A small program can show big swings by chance. Look at the number of appointments before you trust a share.</li></ul>
<h2>Questions for your team</h2>
<ul><li>Which of these patterns surprised us? Which did we expect?</li>
<li>Who chooses the date and time of a visit: the client or us? What would change if the client chose?</li>
<li>What happens after a first missed visit? Does our next step make the visit after it easier or harder?</li>
<li>Which appointments get a reminder, and why those?</li>
<li>What is one small change we could try for a few months, and how would we know it helped?</li>
<li>Who should we ask, clients and families included, about what these numbers mean?</li></ul>
<h2>Sources for the comparisons</h2>
<ul><li>"Medical Appointment No Shows" public data set, Brazil, 2016 (about 110,000 appointments).</li>
<li>First vs follow-up appointments in a forensic outpatient clinic: <em>International Journal of Offender
Therapy and Comparative Criminology</em>, 2012.</li></ul>
"""


def report_html(
    summary: OwnDataSummary, reading: ReadingReport | None = None, *, title: str = "Missed visits in your own program"
) -> str:
    """The report as one self-contained HTML page (see the module's description for what it holds).

    Example:
        >>> report_html("not a summary")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentTypeError: summary must be what summarise() returns; got str
    """
    if not isinstance(summary, OwnDataSummary):
        raise ArgumentTypeError(f"summary must be what summarise() returns; got {type(summary).__name__}")
    if reading is not None and not isinstance(reading, ReadingReport):
        raise ArgumentTypeError(
            f"reading must be a ReadingReport (frame.attrs['report']); got {type(reading).__name__}"
        )
    overall = summary.overall.iloc[0]
    source = f" from {html.escape(reading.file_name)} ({html.escape(reading.kind)})" if reading else ""
    glance = (
        f"<p>{overall['appointments']:,} appointments of {overall['clients']:,} clients; "
        f"{_share(overall['missed_share'])} were missed.</p>"
        if pd.notna(overall["missed_share"])
        else f"<p>Too few clients to show any numbers (fewer than {MIN_CLIENTS}).</p>"
    )
    if summary.simulated and "SIMULATED" not in title:
        title = f"SIMULATED practice file: {title[0].lower()}{title[1:]}"
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        _SIMULATED if summary.simulated else "",
        f"<p class='meta'>Made on this computer on {dt.date.today():%d %B %Y}{source}.</p>",
        _PRIVATE.format(n=MIN_CLIENTS),
        "<h2>At a glance</h2>" + glance,
        _lead_section(summary),
        _pair_section("2. Day of the week", summary.by_weekday, "weekday", "Share missed by weekday:"),
        _pair_section(
            "3. First visits and later ones",
            summary.first_vs_later,
            "appointment",
            "Share missed:",
            "For comparison: in one forensic outpatient clinic, 24.9% of first appointments were missed, against "
            "9.8% of later ones (2012). A first visit is often the hardest one to get to.",
        ),
        _pair_section(
            "4. The visit after a missed one",
            summary.after_a_miss,
            "after",
            "Share of next visits missed, after:",
            "If the visit after a miss is missed much more often, the first miss is a moment to reach out and "
            "ask what would help, not only to rebook.",
        ),
        _reminder_section(summary),
        _reading_section(reading),
        _LIMITS,
    ]
    return report_page(title, "".join(sections))


def write_report(
    path: str | os.PathLike[str],
    summary: OwnDataSummary,
    reading: ReadingReport | None = None,
    *,
    force: bool = False,
) -> Path:
    """Write :func:`report_html` to ``path`` (``.html``) atomically; an existing file is kept unless ``force``.

    Example:
        >>> write_report("report.csv", None)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: path must end in .html (the report is a web page); got 'report.csv'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a file path (a string or a Path); got {type(path).__name__}")
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ArgumentError(f"path must end in .html (the report is a web page); got {os.fspath(path)!r}")
    force = check_bool("force", force)
    page = report_html(summary, reading).encode("utf-8")
    if not write_atomic(target, page, overwrite=force):
        raise OwnDataError(
            f"{target} already exists, and nothing was overwritten. Choose another name, or add --force "
            "(force=True) to replace it."
        )
    return target
