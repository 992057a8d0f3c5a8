"""Your own program's numbers (issue 14): coownership.owndata reads messy appointment exports privately,
summarises them with small cells suppressed, and `coownership own-data` writes a report without a client id."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from coownership.cli import main
from coownership.errors import ArgumentError, ArgumentTypeError, CoownershipError, OwnDataError
from coownership.owndata import load_appointments, summarise
from coownership.owndata_report import report_html, write_report
from coownership.owndata_summary import SUPPRESSED


def _rows(clients: int = 8, visits: int = 3) -> list[dict]:
    """Appointments of ``clients`` clients: every third one missed; booked 0, 5 or 40 days ahead."""
    rows = []
    for c in range(clients):
        for v in range(visits):
            day = pd.Timestamp("2024-03-04") + pd.Timedelta(days=7 * v + c % 5)
            lead = (0, 5, 40)[v % 3]
            rows.append(
                {"id": f"ID-{c:03}", "visit": day, "booked": day - pd.Timedelta(days=lead), "missed": (c + v) % 3 == 0}
            )
    return rows


def test_semicolon_csv_with_day_first_dates_and_yes_no(tmp_path):
    rows = _rows()
    lines = ["Client ID;Visit date;Booked on;Attended?;Reminder;Clínico"] + [
        f"{r['id']};{r['visit']:%d/%m/%Y} 10:30;{r['booked']:%d/%m/%Y};{'No' if r['missed'] else 'Yes'};"
        f"{'Yes' if i % 2 else 'No'};Zoë Müller"
        for i, r in enumerate(rows)
    ]
    path = tmp_path / "export.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    frame = load_appointments(
        path, client="Client ID", appointment_date="Visit date", booked_date="Booked on", attended="Attended?",
        reminder="Reminder", dayfirst=True, quiet=True,
    )  # fmt: skip
    assert list(frame.columns) == [
        "client", "appointment_date", "booked_date", "lead_days", "weekday", "visit_number", "missed", "reminder"
    ]  # fmt: skip
    assert len(frame) == len(rows)
    assert frame["missed"].tolist() == [r["missed"] for r in rows]
    assert frame["appointment_date"].tolist() == [r["visit"] for r in rows]
    assert frame["lead_days"].tolist() == [(r["visit"] - r["booked"]).days for r in rows]
    assert frame["client"].iloc[0] == "client 1" and frame["client"].nunique() == 8
    assert frame["visit_number"].tolist()[:3] == [1, 2, 3]
    assert frame["weekday"].iloc[0] == "Monday"
    assert frame["reminder"].tolist()[:2] == [False, True]
    assert "semicolon" in frame.attrs["report"].kind and "1252" in frame.attrs["report"].kind


def test_excel_file(tmp_path):
    rows = _rows()
    path = tmp_path / "export.xlsx"
    table = pd.DataFrame(
        {"Client": [r["id"] for r in rows], "Date": [r["visit"] for r in rows], "DNA": [int(r["missed"]) for r in rows]}
    )
    table.to_excel(path, index=False)
    frame = load_appointments(path, client="Client", appointment_date="Date", missed="DNA", quiet=True)
    assert frame["missed"].tolist() == [r["missed"] for r in rows]
    assert frame["appointment_date"].tolist() == [r["visit"] for r in rows]
    assert frame["lead_days"].isna().all() and frame["reminder"].isna().all()
    assert frame.attrs["report"].kind.startswith("Excel workbook")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_title_above_the_column_names_is_skipped_and_never_shown(tmp_path, kind, capsys):
    """Case-management systems often print a report title and a date above the column names."""
    rows = _rows()
    table = pd.DataFrame(
        {"Client": [r["id"] for r in rows], "Date": [r["visit"] for r in rows], "DNA": [int(r["missed"]) for r in rows]}
    )
    title = ["Missed visits report, caseload of Jo Quimby", "Printed 3/4/2025, page 1"]
    path = tmp_path / f"export.{kind}"
    if kind == "csv":
        body = table.assign(Date=table["Date"].dt.strftime("%Y-%m-%d")).to_csv(index=False)
        path.write_text("\n".join(title) + "\n\n" + body, encoding="utf-8")
        expected_first = 5  # two title lines, a blank line, the header on line 4: data from line 5
    else:
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame([[title[0]], [title[1]]]).to_excel(writer, index=False, header=False)
            table.to_excel(writer, index=False, startrow=3)
        expected_first = 5
    frame = load_appointments(path, client="Client", appointment_date="Date", missed="DNA")
    said = capsys.readouterr().out
    assert frame["missed"].tolist() == [r["missed"] for r in rows] and len(frame) == len(rows)
    assert "above the column names, were skipped" in said and "Quimby" not in said and "Printed" not in said
    broken = table.copy()
    broken.loc[0, "Date"] = pd.NaT
    assert frame.attrs["report"].rows_read == len(rows)
    if kind == "csv":  # row numbers in messages still count the file's lines
        body = broken.assign(Date=broken["Date"].dt.strftime("%Y-%m-%d")).to_csv(index=False)
        path.write_text("\n".join(title) + "\n\n" + body, encoding="utf-8")
        again = load_appointments(path, client="Client", appointment_date="Date", missed="DNA", quiet=True)
        assert again.attrs["report"].left_out[0].rows == (expected_first,)


def test_tab_separated_with_dna_attended_words_and_cancellations(tmp_path, capsys):
    lines = ["client\tdate\tstatus"]
    lines += [f"C{i}\t2024-03-{i + 1:02}\t{'DNA' if i % 2 else 'Attended'}" for i in range(10)]
    lines += ["C1\t2024-03-20\tCancelled by client", "C2\t2024-03-21\tLate cancel", "C3\t2024-03-22\tclinic cancelled"]
    lines += ["C4\t2024-03-23\tCANCELLED", "C5\t2024-04-30\t", "C6\t2024-03-24\tmaybe"]
    path = tmp_path / "export.tsv"
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    frame = load_appointments(path, client="client", appointment_date="date", attended="status")
    printed = capsys.readouterr().out
    assert frame["missed"].tolist() == [bool(i % 2) for i in range(10)]
    report = frame.attrs["report"]
    left = {item.reason: (item.count, item.rows) for item in report.left_out}
    assert left == {
        "cancelled_client": (1, (12,)),
        "cancelled_late": (1, (13,)),
        "cancelled_service": (1, (14,)),
        "cancelled": (1, (15,)),
        "outcome_blank": (1, (16,)),
        "unplaced": (1, (17,)),
    }
    assert report.unplaced_outcomes == (("maybe", 1),)
    assert "tab-separated" in printed and "'maybe' (1)" in printed and "cancelled by the client (row 12)" in printed


def test_time_zone_stamped_iso_dates_keep_the_date_as_written(tmp_path):
    stamps = ["2024-03-05T23:30:00+01:00", "2024-03-05T00:15:00-08:00", "2024-03-05 09:00:00Z", "2024-03-05"]
    path = tmp_path / "export.csv"
    path.write_text(
        "id,when,booked,no_show\n" + "\n".join(f"P{i},{s},2024-03-01T08:00:00Z,false" for i, s in enumerate(stamps))
    )
    frame = load_appointments(
        path, client="id", appointment_date="when", booked_date="booked", missed="no_show", quiet=True
    )
    assert (frame["appointment_date"] == pd.Timestamp("2024-03-05")).all()
    assert frame["lead_days"].tolist() == [4, 4, 4, 4] and not frame["missed"].any()


def test_bad_rows_are_counted_with_row_numbers_never_ids(tmp_path):
    lines = ["id,date,booked,missed"] + [f"SECRET-{i},2024-03-10,2024-03-01,no" for i in range(6)]
    lines += ["SECRET-90,,2024-03-01,no", "SECRET-91,2024-13-45,2024-03-01,no", "SECRET-92,2024-03-01,2024-03-10,yes"]
    lines += [",2024-03-10,2024-03-01,no", ",,,", "SECRET-93,2024-03-10,,yes"]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines))
    frame = load_appointments(
        path, client="id", appointment_date="date", booked_date="booked", missed="missed", quiet=True
    )
    report = frame.attrs["report"]
    left = {item.reason: (item.count, item.rows) for item in report.left_out}
    assert left == {
        "date": (1, (8,)),
        "unreadable": (1, (9,)),
        "before_booking": (1, (10,)),
        "client": (1, (11,)),
        "blank": (1, (12,)),
    }
    assert len(frame) == 7 and frame["lead_days"].isna().sum() == 1
    assert any("no booking date" in note for note in report.notes)
    assert "SECRET" not in str(report)


def test_month_first_dates_read_without_dayfirst_say_so(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,date,missed\n" + "\n".join(f"A{i},{d}/03/2024,no" for i, d in enumerate(range(1, 29))))
    with pytest.raises(
        OwnDataError, match=r"appointment_date \(--date\): 16 dates, such as '13/03/2024'.*dayfirst=True"
    ):
        load_appointments(path, client="id", appointment_date="date", missed="missed", quiet=True)


def test_wrong_column_names_name_the_column_and_list_those_found(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Client ID,Visit Date,Status\nA,2024-03-01,attended\n")
    with pytest.raises(OwnDataError) as info:
        load_appointments(path, client="ClientID", appointment_date="Date", attended="Outcome", quiet=True)
    message = str(info.value)
    assert "appointment_date (--date): no column named 'Date'" in message
    assert "attended (--attended): no column named 'Outcome'" in message
    assert "The file's columns are: 'Client ID', 'Visit Date', 'Status'" in message
    assert "ClientID" not in message  # matched 'Client ID', ignoring the space


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf\r\n  \n", "is empty"),
        (b"id,date,missed\n", "has a header row (id, date, missed) but no appointments under it"),
        (bytes(range(256)) * 10, "is not a table: it holds binary data"),
        (b"%PDF-1.7\n...", "is a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old-style Excel file (.xls)"),
        (b"PK\x03\x04not really a workbook", "is a ZIP archive but not an Excel workbook"),
        (b"Dear team\nhere are the numbers you asked for\n", "does not look like a table"),
    ],
)
def test_files_that_are_not_tables_get_one_clear_sentence(tmp_path, content, words):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(OwnDataError, match=re.escape(words)) as info:
        load_appointments(path, client="id", appointment_date="date", missed="missed", quiet=True)
    assert isinstance(info.value, CoownershipError) and isinstance(info.value, ValueError)
    assert "Traceback" not in str(info.value) and str(info.value).count("\n") == 0


def test_nothing_usable_names_the_values_found(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,date,outcome\n" + "\n".join(f"A{i},2024-03-01,{w}" for i, w in enumerate(["ok", "ok", "?"])))
    with pytest.raises(OwnDataError, match=r"No row could be used.*'ok' \(2\), '\?' \(1\)"):
        load_appointments(path, client="id", appointment_date="date", attended="outcome", quiet=True)


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"missed": "m", "attended": "a"}, ArgumentError, "exactly one of missed= .* got both"),
        ({}, ArgumentError, "exactly one of missed= .* got neither"),
        ({"missed": 3}, ArgumentTypeError, "missed must be text"),
        ({"missed": "m", "client": ["id"]}, ArgumentTypeError, "client must be text"),
        ({"missed": "m", "reminder": ""}, ArgumentError, "reminder must not be empty"),
        ({"missed": "date"}, ArgumentError, "appointment_date and missed both name the column 'date'"),
        ({"missed": "m", "dayfirst": "yes"}, ArgumentTypeError, "dayfirst must be True or False"),
    ],
)
def test_bad_arguments_name_the_argument(tmp_path, kwargs, exc, words):
    path = tmp_path / "export.csv"
    path.write_text("id,date,m\nA,2024-03-01,no\n")
    arguments = {"client": "id", "appointment_date": "date"} | kwargs
    with pytest.raises(exc, match=words):
        load_appointments(path, quiet=True, **arguments)


def test_a_path_that_does_not_exist_or_is_not_a_path(tmp_path):
    with pytest.raises(OwnDataError, match="path: there is no file at"):
        load_appointments(tmp_path / "nope.csv", client="id", appointment_date="date", missed="m")
    with pytest.raises(ArgumentTypeError, match="path must be a file path"):
        load_appointments(42, client="id", appointment_date="date", missed="m")  # type: ignore[arg-type]
    with pytest.raises(OwnDataError, match="is a folder"):
        load_appointments(tmp_path, client="id", appointment_date="date", missed="m")


def _frame(clients: int, lead: int = 0) -> pd.DataFrame:
    count = clients * 2
    return pd.DataFrame(
        {
            "client": [f"client {i % clients + 1}" for i in range(count)],
            "appointment_date": pd.to_datetime(["2024-03-04"] * clients + ["2024-03-11"] * clients),
            "lead_days": pd.array([lead] * count, dtype="Int64"),
            "visit_number": [1] * clients + [2] * clients,
            "missed": [i % 2 == 0 for i in range(count)],
            "reminder": pd.array([i % 4 < 2 for i in range(count)], dtype="boolean"),
        }
    )


def test_four_clients_are_suppressed_five_are_shown():
    four, five = summarise(_frame(4)), summarise(_frame(5))
    row4 = four.by_lead_time.set_index("lead_time").loc["same day"]
    assert row4["note"] == SUPPRESSED and pd.isna(row4["appointments"]) and pd.isna(row4["missed_share"])
    assert four.overall["note"].iloc[0] == SUPPRESSED and pd.isna(four.overall["clients"].iloc[0])
    row5 = five.by_lead_time.set_index("lead_time").loc["same day"]
    assert row5["note"] == "" and row5["appointments"] == 10 and row5["clients"] == 5 and row5["missed_share"] == 0.5
    assert five.by_lead_time["lead_time"].tolist() == [
        "same day",
        "1-2 days",
        "3-7 days",
        "8-14 days",
        "15-30 days",
        "31+ days",
    ]
    # every table keeps its suppressed rows and says why
    for table in four.tables().values():
        assert (table["note"] != "").all()


def test_summary_tables_show_the_structure():
    frame = _frame(10)
    frame["missed"] = [False] * 10 + [True] * 5 + [False] * 5  # the second visits of clients 1-5 are missed
    frame.loc[:9, "missed"] = [True] * 5 + [False] * 5  # ... after a miss at their first
    summary = summarise(frame)
    assert summary.first_vs_later["missed_share"].tolist() == [0.5, 0.5]
    after = summary.after_a_miss.set_index("after")["missed_share"]
    assert after["a missed appointment"] == 1.0 and after["an attended appointment"] == 0.0
    reminders = summary.reminder_by_lead_time
    assert set(reminders["lead_time"]) == {
        "same day",
        "1-2 days",
        "3-7 days",
        "8-14 days",
        "15-30 days",
        "31+ days",
        "all waits together",
    }
    assert summary.by_weekday["weekday"].tolist() == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def test_summarise_refuses_other_things():
    with pytest.raises(ArgumentTypeError, match="frame must be the DataFrame"):
        summarise([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="no column.*'lead_days'"):
        summarise(
            pd.DataFrame({"client": [], "appointment_date": [], "visit_number": [], "missed": [], "reminder": []})
        )


def _planted_export(tmp_path):
    """An export whose client ids are distinctive strings, to look for later."""
    rng = np.random.default_rng(3)
    ids = [f"ZQX{n:05}PLANT" for n in rng.choice(99999, 40, replace=False)]
    lines = ["Client Number;Appt;Made;Outcome;Reminder sent"]
    for i in range(400):
        visit = pd.Timestamp("2024-01-01") + pd.Timedelta(days=int(rng.integers(0, 120)))
        lead = int(rng.choice([0, 2, 5, 10, 20, 45]))
        outcome = rng.choice(["Attended", "DNA", "No-show", "Attended", "Cancelled by client"])
        lines.append(
            f"{ids[i % 40]};{visit:%d/%m/%Y};{visit - pd.Timedelta(days=lead):%d/%m/%Y};{outcome};{rng.choice(['Y', 'N'])}"
        )
    path = tmp_path / "agency export.csv"
    path.write_text("\n".join(lines), encoding="cp1252")
    return path, ids


def test_no_client_identifier_appears_in_any_output(tmp_path, capsys):
    path, ids = _planted_export(tmp_path)
    out = tmp_path / "report.html"
    code = main(
        ["own-data", str(path), "--client", "Client Number", "--date", "Appt", "--booked", "Made", "--attended",
         "Outcome", "--reminder", "Reminder sent", "--dayfirst", "-o", str(out)]
    )  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0, printed.err
    page = out.read_text(encoding="utf-8")
    frame = load_appointments(
        path, client="Client Number", appointment_date="Appt", booked_date="Made", attended="Outcome",
        reminder="Reminder sent", dayfirst=True, quiet=True,
    )  # fmt: skip
    texts = [page, printed.out, printed.err, frame.to_csv(), str(frame.attrs["report"])]
    texts += [table.to_csv() for table in summarise(frame).tables().values()]
    for text in texts:
        assert "ZQX" not in text and "PLANT" not in text
        assert not any(i in text for i in ids)
    assert {p.name for p in tmp_path.iterdir()} == {"agency export.csv", "report.html"}  # no other file written


def test_cli_end_to_end(tmp_path, capsys):
    path, _ = _planted_export(tmp_path)
    out = tmp_path / "report.html"
    args = ["own-data", str(path), "--client", "Client Number", "--date", "Appt", "--booked", "Made", "--attended",
            "Outcome", "--reminder", "Reminder sent", "--dayfirst", "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "Used " in printed and "Report: " in printed and "no client id is in it" in printed
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<img ") == 5 and page.count("<figcaption") == 5
    for words in ("Private by design", "counts and shares only", "not an experiment", "Questions for your team",
                  "4.7%", "24.9%", "cancelled", "Reminders, within each wait"):  # fmt: skip
        assert words in page, words
    assert "http" not in page.replace("http-equiv", "")  # nothing loads from elsewhere
    # never overwritten without --force
    before = out.read_bytes()
    assert main(args) == 2 and out.read_bytes() == before
    assert "already exists" in capsys.readouterr().err
    assert main(args + ["--force"]) == 0
    # errors are one line on stderr, exit 2
    assert (
        main(
            [
                "own-data",
                str(path),
                "--client",
                "Nope",
                "--date",
                "Appt",
                "--missed",
                "Outcome",
                "-o",
                str(tmp_path / "x.html"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "no column named 'Nope'" in err and "Traceback" not in err
    with pytest.raises(SystemExit):  # exactly one of --missed / --attended
        main(["own-data", str(path), "--client", "a", "--date", "b", "--missed", "c", "--attended", "d"])


def test_write_report_refuses_a_non_html_name_and_keeps_existing_files(tmp_path):
    summary = summarise(_frame(6))
    with pytest.raises(ArgumentError, match="must end in .html"):
        write_report(tmp_path / "data.csv", summary)
    target = tmp_path / "r.html"
    target.write_text("mine")
    with pytest.raises(OwnDataError, match="already exists, and nothing was overwritten"):
        write_report(target, summary)
    assert target.read_text() == "mine"
    assert write_report(target, summary, force=True) == target and target.read_text().startswith("<!DOCTYPE")
    assert "<p>12 appointments of 6 clients; 50% were missed.</p>" in report_html(summary)


# -- messy exports as real systems write them (a supervisor's walk, 2026-11-28) ------------------------
def _write(tmp_path, lines: list[str], name: str = "export.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(("column", "mark", "blank_means"), [("No Show", "Y", False), ("Showed", "X", True)])
def test_a_column_only_ever_ticked_reads_past_blanks_as_the_other_outcome(tmp_path, column, mark, blank_means):
    """A 'No Show' column of Y and blanks (or a 'Showed' column of X and blanks): a blank on a past
    visit is the other outcome, said in a note; a blank after today is still to come."""
    ticked = [i % 4 == 0 for i in range(40)]  # a quarter ticked
    lines = [f"Client,Appt,{column}"] + [
        f"C{i % 10},2024-03-{1 + i % 28:02},{mark if t else ''}" for i, t in enumerate(ticked)
    ]
    lines.append("C1,2099-01-05,")  # still to come
    kwargs = {"missed": column} if column == "No Show" else {"attended": column}
    frame = load_appointments(_write(tmp_path, lines), client="Client", appointment_date="Appt", quiet=True, **kwargs)
    report = frame.attrs["report"]
    assert len(frame) == 40
    missed = [t if column == "No Show" else not t for t in ticked]
    assert frame["missed"].tolist() == missed
    assert {item.reason: item.count for item in report.left_out} == {"outcome_blank": 1}
    other = "attended" if column == "No Show" else "missed"
    assert any(
        "only yes marks" in n and "its 30 blanks up to today" in n and f"read as '{other}'" in n for n in report.notes
    )


def test_a_column_with_both_answers_keeps_its_blanks_blank(tmp_path):
    lines = ["Client,Appt,No Show"] + [f"C{i % 10},2024-03-{1 + i:02},{('Y', 'N', '')[i % 3]}" for i in range(27)]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", missed="No Show", quiet=True
    )
    assert {item.reason: item.count for item in frame.attrs["report"].left_out} == {"outcome_blank": 9}
    assert not any("yes marks" in note for note in frame.attrs["report"].notes)


def test_no_shows_by_the_service_and_no_shows_marked_cancelled(tmp_path):
    words = {
        "Kept": "used",
        "No Show": "missed",
        "Staff No Show": "cancelled_service",
        "Provider No-Show": "cancelled_service",
        "Interpreter no show": "cancelled_service",
        "No show (weather)": "missed",
        "Cancelled - No Show": "missed",
        "No show - rescheduled": "missed",
        "Client Cancelled": "cancelled_client",
    }
    lines = ["Client,Appt,Status"] + [f"C{i},2024-03-{1 + i:02},{w}" for i, w in enumerate(words)]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", attended="Status", quiet=True
    )
    left = {item.reason: item.count for item in frame.attrs["report"].left_out}
    assert left == {"cancelled_service": 3, "cancelled_client": 1}
    assert frame["missed"].sum() == 4 and len(frame) == 5


def test_client_ids_that_differ_only_in_case_are_one_client(tmp_path):
    spellings = ("Client.Person{:03}@Agency-Example.org", "client.person{:03}@agency-example.org")
    lines = ["Client,Appt,Missed"] + [f"{spellings[i // 6 % 2].format(i % 6)},2024-03-{1 + i:02},no" for i in range(24)]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", missed="Missed", quiet=True
    )
    assert frame.attrs["report"].clients == 6 and frame["client"].nunique() == 6
    assert (frame.groupby("client", observed=True).size() == 4).all()


def test_ids_excel_shortened_to_numbers_are_refused_without_showing_one(tmp_path):
    lines = ["Client,Appt,Missed"] + [f"1.23457E+11,2024-03-{1 + i:02},no" for i in range(6)]
    lines += [f"1.98765E+11,2024-03-{1 + i:02},yes" for i in range(6)]
    with pytest.raises(OwnDataError) as info:
        load_appointments(
            _write(tmp_path, lines), client="Client", appointment_date="Appt", missed="Missed", quiet=True
        )
    message = str(info.value)
    assert "Excel shortened" in message and "2 id(s)" in message and "Text" in message
    assert "1.23457" not in message and "1.98765" not in message
    assert (info.value.problem, info.value.details) == ("shortened_ids", {"count": 2})


def test_a_totals_row_is_left_out_as_one_and_its_number_never_listed(tmp_path):
    lines = ["Client;Appt;Outcome"] + [
        f"C{i % 6};2024-03-{1 + i:02};{'No Show' if i % 4 == 0 else 'Kept'}" for i in range(24)
    ]
    lines.append("Total;;506;")
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", attended="Outcome", quiet=True
    )
    report = frame.attrs["report"]
    assert {item.reason: (item.count, item.rows) for item in report.left_out} == {"total": (1, (26,))}
    assert report.unplaced_outcomes == () and "506" not in str(report)


def test_values_that_may_identify_someone_are_never_listed(tmp_path, capsys):
    """The wrong column named as the outcome (ids) or a reminder column of phone numbers: counted, not listed."""
    lines = ["Client,Appt,Outcome,Reminder"] + [
        f"C{i % 6},2024-03-{1 + i:02},{f'SM{i % 3:03}PRIV' if i % 4 == 0 else 'Kept'},"
        + (f"+1 555 0100 77{i:02}" if i % 2 else "none")
        for i in range(24)
    ]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", attended="Outcome", reminder="Reminder"
    )
    printed = capsys.readouterr().out + str(frame.attrs["report"])
    assert "PRIV" not in printed and "555" not in printed
    assert "3 value(s) holding numbers or e-mail addresses, not listed" in printed
    assert "12 value(s) holding numbers or e-mail addresses, not listed" in printed


def test_nothing_usable_without_values_reads_as_one_sentence(tmp_path):
    lines = ["id,date,outcome"] + [f"A{i},2024-03-01,{w}" for i, w in enumerate(["ok", "ok", "?"])]
    with pytest.raises(OwnDataError) as info:
        load_appointments(
            _write(tmp_path, lines),
            client="id",
            appointment_date="date",
            attended="outcome",
            quiet=True,
            list_values=False,
        )
    assert ").;" not in str(info.value) and "lists them); it should hold" in str(info.value)


def test_dates_as_databases_write_them_and_a_month_alone_is_not_a_date(tmp_path):
    written = {
        "2026/02/02 14:30": "2026-02-02",
        "2026.02.03": "2026-02-03",
        "20260304": "2026-03-04",
        "24-JAN-26": "2026-01-24",
        "5 Mar 26": "2026-03-05",
        "5 March 2026": "2026-03-05",
    }
    lines = ["Client,Appt,Missed"] + [f"C{i % 6},{w},no" for i, w in enumerate(list(written) * 3)]
    lines += ["C1,March 2026,no", "C2,2026.02.30,no"]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", missed="Missed", quiet=True
    )
    assert frame["appointment_date"].dt.strftime("%Y-%m-%d").tolist() == list(written.values()) * 3
    report = frame.attrs["report"]
    assert {item.reason: item.count for item in report.left_out} == {"unreadable": 2}
    assert report.unreadable_dates == ("March 2026", "2026.02.30")
    assert "dates that could not be read include 'March 2026', '2026.02.30'" in "\n".join(report.lines())
    assert "March 2026" not in "\n".join(report.lines(values=False))
    assert "March 2026" not in report_html(summarise(frame), report)


def test_unreadable_dates_are_listed_only_when_they_look_like_dates(tmp_path):
    """A name shifted into the date column by an unquoted comma, a phone number or a bare number
    (perhaps an id) is never listed, even in a terminal."""
    lines = ["Client,Appt,Missed"] + [f"C{i % 6},2026-03-{1 + i:02},no" for i in range(20)]
    lines += ["C1,John,no", "C2,call +1 555 0100 7700,no", "C3,12345678,no"]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", missed="Missed", quiet=True
    )
    report = frame.attrs["report"]
    assert {item.reason: item.count for item in report.left_out} == {"unreadable": 3}
    assert report.unreadable_dates == ()
    assert "John" not in str(report) and "555" not in str(report) and "12345678" not in str(report)


def test_a_column_of_ids_named_as_the_date_is_said_without_showing_one(tmp_path):
    lines = ["Client,Visit,Missed"] + [f"HX{i:06},2026-03-{1 + i % 28:02},no" for i in range(14)]
    with pytest.raises(OwnDataError) as info:
        load_appointments(
            _write(tmp_path, lines), client="Visit", appointment_date="Client", missed="Missed", quiet=True
        )
    assert "HX0" not in str(info.value)
    assert "Check that the appointment date column (--date) names the column of appointment dates" in str(info.value)
    mostly = ["Client,Visit,Missed"] + [
        f"C{i % 5},{'2026-13-01' if i < 14 else f'2026-03-{i:02}'},no" for i in range(24)
    ]
    frame = load_appointments(
        _write(tmp_path, mostly), client="Client", appointment_date="Visit", missed="Missed", quiet=True
    )
    notes = frame.attrs["report"].notes
    assert any("most values in the appointment date column (--date) are not dates" in note for note in notes)


def test_times_stamped_in_utc_are_said_to_keep_the_date_as_written(tmp_path):
    lines = ["Client,Appt,Missed"] + [f"C{i % 6},2026-03-{1 + i:02}T23:30:00Z,no" for i in range(12)]
    lines += [f"C{i % 6},2026-03-{1 + i:02}T10:00:00-05:00,no" for i in range(12)]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", missed="Missed", quiet=True
    )
    assert frame["appointment_date"].iloc[0] == pd.Timestamp("2026-03-01")
    assert any(note.startswith("12 appointment times are stamped in UTC") for note in frame.attrs["report"].notes)


def test_null_words_are_blanks_and_none_is_no_reminder():
    from coownership.owndata_values import OUTCOMES, classify_outcomes, classify_reminders, only_yes_marks

    codes, unplaced = classify_outcomes(pd.Series(["NULL", "N/A", "#N/A", "NA", "None", "Kept"]), yes_means="attended")
    assert [OUTCOMES[c] for c in codes] == ["blank"] * 5 + ["attended"] and unplaced == {}
    kinds, unplaced = classify_reminders(pd.Series(["NULL", "N/A", "None", "Nil", "SMS"]))
    assert kinds.tolist() == [2, 2, 0, 0, 1] and unplaced == {}
    assert only_yes_marks(pd.Series(["Y", "NULL", "", "N/A"])) and not only_yes_marks(pd.Series(["NULL", "N/A"]))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_none_and_null_in_a_file_mean_what_their_column_says(tmp_path, kind):
    """Read as written (not as pandas' missing values): 'None' reminders are no reminder, 'NULL' a blank."""
    rows = [
        {
            "Client": f"C{i % 6}",
            "Appt": f"2026-03-{1 + i:02}",
            "Missed": "no",
            "Reminder": ("SMS", "None", "NULL")[i % 3],
        }
        for i in range(24)
    ]
    rows.append({"Client": "NULL", "Appt": "2026-03-28", "Missed": "no", "Reminder": "SMS"})
    path = tmp_path / f"export.{kind}"
    frame = pd.DataFrame(rows)
    frame.to_csv(path, index=False) if kind == "csv" else frame.to_excel(path, index=False)
    read = load_appointments(
        path, client="Client", appointment_date="Appt", missed="Missed", reminder="Reminder", quiet=True
    )
    assert read["reminder"].tolist()[:3] == [True, False, pd.NA]
    assert {item.reason: item.count for item in read.attrs["report"].left_out} == {"client": 1}
    assert any("8 appointments have a blank reminder cell" in note for note in read.attrs["report"].notes)


def test_late_cancellations_and_reminders_as_systems_write_them():
    from coownership.owndata_values import OUTCOMES, classify_outcomes, classify_reminders

    words = {
        "No Show/Late Cancel": "late cancellation (counted as the client's)",
        "NS/LC": "late cancellation (counted as the client's)",
        "Cancelled <24h": "late cancellation (counted as the client's)",
        "cancelled within 24 hours": "late cancellation (counted as the client's)",
        "Cancelled 48 hours ahead": "cancelled (by whom not said)",
        "No show - staff notified": "missed",
        "Staff no-show": "cancelled by the service",
        "Not Kept": "missed",
        "Walk-in": "attended",
        "Client Late - Seen": "attended",
        "Client Late - Not Seen": "missed",
        "Excused Absence": "cancelled by the client",
        "Unexcused Absence": "missed",
        "Left Without Being Seen": "could not be placed",
    }
    codes, _ = classify_outcomes(pd.Series(list(words)), yes_means="attended")
    assert dict(zip(words, [OUTCOMES[c] for c in codes], strict=True)) == words
    kinds, unplaced = classify_reminders(pd.Series(["SMS +1 555 0100 7700", "email sent 2 days before", "SMS failed"]))
    assert kinds.tolist() == [1, 1, 3] and unplaced == {"SMS failed": 1}


def test_a_comma_inside_an_unquoted_name_is_a_row_left_out_with_its_reason(tmp_path):
    """'Smith, John' without quotes moves the row's values one column along: left out and said, never
    read with a name as its date. Quoted commas and a trailing comma on every row are fine."""
    lines = ["Client,Name,Appt,Missed"] + [f'C{i % 6},"Pat, {i}",2026-03-{1 + i:02},no,' for i in range(20)]
    lines += ["C1,Smith, John,2026-03-21,no", "C2,Doe, Jane,2026-03-22,yes"]
    frame = load_appointments(
        _write(tmp_path, lines), client="Client", appointment_date="Appt", missed="Missed", quiet=True
    )
    report = frame.attrs["report"]
    assert len(frame) == 20
    assert {item.reason: (item.count, item.rows) for item in report.left_out} == {"more_values": (2, (22, 23))}
    assert "a comma or semicolon inside a name or address, not in quotes?" in str(report)
    assert "John" not in str(report) and not report.notes


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_excels_unicode_text_and_other_encodings_read_the_same(tmp_path, encoding):
    """Excel's "Unicode text" (UTF-16, tab-separated, with a byte-order mark), Windows-1252 and UTF-8
    with a byte-order mark: the same appointments; a title line above the header is skipped in each."""
    lines = ["Visits for Zoë's team", "Client\tAppt\tMissed"] + [
        f"C{i % 6}\t2026-03-{1 + i:02}\t{'yes' if i % 4 == 0 else 'no'}" for i in range(24)
    ]
    path = tmp_path / "export.txt"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    frame = load_appointments(path, client="Client", appointment_date="Appt", missed="Missed", quiet=True)
    assert len(frame) == 24 and frame["missed"].sum() == 6 and frame.attrs["report"].clients == 6
    assert frame.attrs["report"].left_out == ()


def test_a_reminder_column_of_yes_and_blanks_reads_blanks_as_no_reminder(tmp_path):
    lines = ["Client,Appt,Missed,Reminder"] + [
        f"C{i % 6},2026-03-{1 + i:02},no,{'SMS' if i % 3 else ''}" for i in range(24)
    ]
    frame = load_appointments(
        _write(tmp_path, lines),
        client="Client",
        appointment_date="Appt",
        missed="Missed",
        reminder="Reminder",
        quiet=True,
    )
    assert frame["reminder"].tolist() == [bool(i % 3) for i in range(24)]
    assert "the reminder column holds only 'yes' values and blanks. So its 8 blanks were read as 'no reminder'." in (
        frame.attrs["report"].notes
    )
