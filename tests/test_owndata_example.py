"""The SIMULATED practice export and the notebook view of "Your own numbers" (issue 14, item 5).

The practice file's docstring promises what its patterns are; these tests hold it to them, so a
change to the generator that breaks a lesson fails here. The notebook view prints plain sentences,
never a traceback, and never a value from the file.
"""

from __future__ import annotations

import pandas as pd
import pytest

from coownership.datasets import DATASETS_DIR, read_resource
from coownership.owndata import load_appointments
from coownership.owndata_example import EXAMPLE_COLUMNS, EXAMPLE_FILE, example_export
from coownership.owndata_report import report_html
from coownership.owndata_view import EXAMPLE_EXPORT, own_numbers, own_tables, show_own_numbers
from coownership.tables import table


@pytest.fixture(scope="module")
def practice():
    return own_numbers(EXAMPLE_EXPORT, EXAMPLE_COLUMNS)


def _shares(frame: pd.DataFrame, label: str) -> dict[str, float]:
    return dict(zip(frame[label].astype(str), frame["missed_share"].astype(float), strict=True))


def test_the_shipped_file_is_the_generator_output_and_is_marked_simulated():
    assert EXAMPLE_EXPORT == DATASETS_DIR / EXAMPLE_FILE
    first = EXAMPLE_EXPORT.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# SIMULATED")
    shipped = read_resource("agency-export").astype(object)
    assert shipped.where(shipped.notna(), "").astype(str).equals(example_export().astype(str))


def test_reading_it_skips_the_banner_and_marks_everything_simulated(practice, capsys):
    frame = load_appointments(EXAMPLE_EXPORT, **EXAMPLE_COLUMNS, quiet=True)
    assert frame.attrs["simulated"] is True and frame.attrs["report"].simulated
    assert len(frame) == 3003 and frame["client"].nunique() == 320
    # Row numbers count the file's lines: the banner is line 1, the header line 2.
    blank = next(item for item in frame.attrs["report"].left_out if item.reason == "date")
    assert blank.rows == (214, 1405, 2753)
    assert practice.simulated and all(t.attrs.get("simulated") for t in practice.tables().values())
    with pytest.raises(Exception, match="SIMULATED"):
        table(practice.by_lead_time, "Missed visits by wait.")
    assert report_html(practice).count("SIMULATED") >= 2


def test_a_file_without_the_banner_is_not_marked(tmp_path):
    path = tmp_path / "ours.csv"
    example_export().to_csv(path, index=False)
    frame = load_appointments(path, **EXAMPLE_COLUMNS, quiet=True)
    assert "simulated" not in frame.attrs
    summary = own_numbers(path, EXAMPLE_COLUMNS)
    assert summary is not None and not summary.simulated
    assert all(t.caption.startswith("Your file.") for t in own_tables(summary))


def test_the_patterns_the_docstring_promises(practice):
    lead = _shares(practice.by_lead_time, "lead_time")
    assert lead["same day"] < 0.06 and lead["31+ days"] > 0.25  # calibrated: 4.7% same day, ~33% beyond 30 days
    assert lead["same day"] < lead["1-2 days"] < lead["3-7 days"] < lead["31+ days"]
    after = _shares(practice.after_a_miss, "after")
    assert after["a missed appointment"] > after["an attended appointment"] + 0.05  # from client differences only
    weekday = practice.by_weekday["missed_share"].astype(float)
    assert weekday.max() - weekday.min() < 0.04  # no weekday effect was put in: chance only
    reminders = practice.reminder_by_lead_time
    overall = reminders[reminders["lead_time"] == "all lead times"]
    plain = dict(zip(overall["reminder"], overall["missed_share"].astype(float), strict=True))
    assert plain["with a reminder"] > plain["without a reminder"]  # the plain comparison misleads
    within = reminders[reminders["lead_time"].isin(["3-7 days", "8-14 days", "15-30 days"])]
    for _, band in within.groupby("lead_time", observed=True):
        shares = dict(zip(band["reminder"], band["missed_share"].astype(float), strict=True))
        assert shares["with a reminder"] < shares["without a reminder"]
    no_reminder_sent = reminders[reminders["lead_time"].isin(["same day", "1-2 days"])]
    assert (no_reminder_sent[no_reminder_sent["reminder"] == "with a reminder"]["appointments"] == 0).all()


def test_the_view_shows_counts_and_shares_only(practice, capsys):
    show_own_numbers(practice)
    shown = "".join(t.to_html() for t in own_tables(practice))
    assert "MS-" not in shown and "SIMULATED practice file" in shown
    assert "%" in shown and "missed" in shown


@pytest.mark.parametrize(
    ("path", "columns", "expected"),
    [
        ("nowhere.csv", EXAMPLE_COLUMNS, "there is no file at nowhere.csv"),
        (EXAMPLE_EXPORT, {**EXAMPLE_COLUMNS, "client": "Client Number"}, "Client Number"),
        (EXAMPLE_EXPORT, {**EXAMPLE_COLUMNS, "patient": "Client ID"}, "'patient' is not one of the names"),
        (EXAMPLE_EXPORT, "Client ID", "columns should look like"),
        (42, EXAMPLE_COLUMNS, "between quotes"),
    ],
)
def test_problems_are_sentences_not_tracebacks(path, columns, expected, capsys):
    assert own_numbers(path, columns) is None
    said = capsys.readouterr().out
    assert said.startswith("Not yet:") and expected in said and "Traceback" not in said
    show_own_numbers(None)
    assert "Nothing to show yet" in capsys.readouterr().out


def test_values_from_the_file_are_counted_not_shown(tmp_path, capsys):
    frame = example_export()
    frame.loc[:40, "Outcome"] = "Quimby list"  # a value that names someone
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False)
    assert own_numbers(path, EXAMPLE_COLUMNS) is not None
    said = capsys.readouterr().out
    assert "Quimby" not in said and "could not be placed: 1 different value(s), not listed here" in said
    mapped_wrong = {**EXAMPLE_COLUMNS, "attended": "Booked by"}  # a column with no outcome in it
    frame["Booked by"] = "Quimby"
    frame.to_csv(path, index=False)
    assert own_numbers(path, mapped_wrong) is None
    said = capsys.readouterr().out
    assert said.startswith("Not yet: No row could be used") and "Quimby" not in said
