"""Reading messy appointment exports (coownership.owndata_read), as a reviewer fed them to the "own data"
reader: two columns with one name, no row of column names, data on a later sheet, a title above the
column names with one name wrong, and files of another kind (.ods, a web page saved as .xls).

Each test builds the export in tmp_path and checks the sentence a learner reads, from
load_appointments (the command line's wording) and from the notebook view (own_numbers)."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from coownership.errors import OwnDataError
from coownership.owndata import load_appointments
from coownership.owndata_view import own_numbers

_ASKED = {"client": "Client ID", "appointment_date": "Appointment", "attended": "Outcome"}
_HEADER = ["Client ID", "Appointment", "Outcome"]


def _table(clients: int = 6) -> pd.DataFrame:
    """A small export: each client has three appointments, the third one missed."""
    rows = [
        [f"HX{c:06}", pd.Timestamp("2026-01-05") + pd.Timedelta(days=7 * v + c), "DNA" if v == 2 else "Kept"]
        for c in range(clients)
        for v in range(3)
    ]
    return pd.DataFrame(rows, columns=_HEADER)


def _write(table: pd.DataFrame, path, *, title: list[str] | None = None, header: bool = True) -> None:
    """``table`` as CSV or .xlsx (by the name's ending), with title lines and a blank line above it."""
    title = title or []
    if path.suffix == ".csv":
        body = table.assign(Appointment=table["Appointment"].dt.strftime("%Y-%m-%d")).to_csv(index=False, header=header)
        path.write_text("".join(f"{line}\n" for line in title) + ("\n" if title else "") + body, encoding="utf-8")
        return
    with pd.ExcelWriter(path) as book:
        if title:
            pd.DataFrame([[line] for line in title]).to_excel(book, index=False, header=False)
        table.to_excel(book, index=False, header=header, startrow=len(title) + 1 if title else 0)


def _problem(path, **columns: str) -> OwnDataError:
    with pytest.raises(OwnDataError) as info:
        load_appointments(path, **columns, quiet=True)
    assert "Traceback" not in str(info.value) and str(info.value).count("\n") == 0
    return info.value


def _notebook(path, columns: dict[str, str], capsys) -> str:
    capsys.readouterr()
    assert own_numbers(path, columns) is None
    said = capsys.readouterr().out
    assert said.startswith("Not yet:") and "Traceback" not in said and "(--" not in said
    return said


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_two_columns_with_one_name_get_a_sentence_not_a_traceback(kind, tmp_path, capsys):
    """C10: 'Status' and 'Status ' (a space at the end) were a ValueError: Length mismatch."""
    table = _table().assign(Status="Active")
    table["Status "] = "Open"
    path = tmp_path / f"export.{kind}"
    if kind == "csv":
        body = table.assign(Appointment=table["Appointment"].dt.strftime("%Y-%m-%d")).to_csv(index=False)
        path.write_text(body, encoding="utf-8")
    else:
        table.to_excel(path, index=False)
    asked = {**_ASKED, "attended": "Status"}
    error = _problem(path, **asked)
    assert error.problem == "duplicate_columns"
    assert "attended (--attended): the file has two columns named 'Status'" in str(error)
    assert "Rename or delete the extra column in the file, save it, and try again." in str(error)
    said = _notebook(path, asked, capsys)
    assert "attended: the file has two columns named 'Status'" in said and "Check the column names" not in said
    # The same file, asked for other columns: the two 'Status' columns are not read, so they are no problem.
    frame = load_appointments(path, **_ASKED, quiet=True)
    assert len(frame) == len(table) and frame["missed"].sum() == 6


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_without_its_row_of_column_names_never_shows_its_first_row(kind, tmp_path, capsys):
    """B7: the first data row was listed as "the file's columns", with a client's id in it."""
    path = tmp_path / f"export.{kind}"
    _write(_table(), path, header=False)
    error = _problem(path, **_ASKED)
    message = str(error)
    assert error.problem == "no_header"
    assert "none of the column names asked for ('Client ID', 'Appointment', 'Outcome') is in it." in message
    assert "Its first row looks like a row of values" in message and "not column names" in message
    assert "Export the list again with its row of column names" in message
    assert "HX000000" not in message and "2026-01-05" not in message and "columns are" not in message
    said = _notebook(path, _ASKED, capsys)
    assert "HX0" not in said and "2026-01" not in said and "Its first row looks like a row of values" in said


def test_real_column_names_are_still_listed_when_a_name_is_wrong(tmp_path, capsys):
    """B7's check does not hide a real header row: its names are what the learner needs to see."""
    path = tmp_path / "export.csv"
    _write(_table(), path)
    error = _problem(path, **{**_ASKED, "appointment_date": "Appt Date"})
    assert error.problem == "columns"
    assert "appointment_date (--date): no column named 'Appt Date'" in str(error)
    assert "The file's columns are: 'Client ID', 'Appointment', 'Outcome'." in str(error)
    wrong_everywhere = {"client": "Person", "appointment_date": "When", "attended": "Result"}
    assert "The file's columns are: 'Client ID', 'Appointment', 'Outcome'." in str(_problem(path, **wrong_everywhere))
    said = _notebook(path, wrong_everywhere, capsys)
    assert "'Client ID', 'Appointment', 'Outcome'" in said and "Check the column names in the cell above" in said


def test_a_value_that_is_also_an_asked_for_name_is_not_taken_for_the_column_names(tmp_path):
    """D12's "the row with the most names" looks no further than the row of column names: a row of data that
    holds an asked-for name as a value ('Attended') is never listed as the file's columns."""
    path = tmp_path / "export.csv"
    path.write_text("Person,When,Result\nJane Quimby,,Attended\nJane Quimby,2026-01-05,DNA\n", encoding="utf-8")
    message = str(_problem(path, client="Client", appointment_date="Date", attended="Attended"))
    assert "The file's columns are: 'Person', 'When', 'Result'." in message and "Quimby" not in message


def _workbook(path) -> None:
    """A summary on the first sheet, the appointments on the second (as many reporting systems save them)."""
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"Program": ["Outpatient"], "Appointments": [18], "No Shows": [6]}).to_excel(
            book, sheet_name="Summary", index=False
        )
        _table().to_excel(book, sheet_name="Appointment Detail", index=False)


def test_a_workbook_is_read_from_the_first_sheet_with_the_column_names(tmp_path, capsys):
    """D11: only the first sheet was read, and the message never said the workbook had other sheets."""
    path = tmp_path / "export.xlsx"
    _workbook(path)
    frame = load_appointments(path, **_ASKED, quiet=True)
    kind = frame.attrs["report"].kind
    assert len(frame) == 18 and frame["missed"].sum() == 6
    assert kind.startswith("Excel workbook, sheet 'Appointment Detail'") and "sheet 2 of 2" in kind
    wrong = {**_ASKED, "attended": "Result"}
    message = str(_problem(path, **wrong))
    assert "attended (--attended): no column named 'Result'" in message
    assert "No sheet of the workbook has all of these column names" in message
    assert "Its sheets are 'Summary' and 'Appointment Detail'" in message
    assert "the closest names are on sheet 'Appointment Detail', whose columns are: 'Client ID'" in message
    said = _notebook(path, wrong, capsys)
    assert "Its sheets are 'Summary' and 'Appointment Detail'" in said


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_wrong_name_below_a_title_lists_the_real_column_names(kind, tmp_path, capsys):
    """D12: the title row was listed as the columns, and the notebook said to delete the rows above the names."""
    path = tmp_path / f"caseload.{kind}"
    _write(_table(), path, title=["Caseload appointment report", "Worker: J. Rivera"])
    asked = {**_ASKED, "appointment_date": "Appointment Date"}
    error = _problem(path, **asked)
    message = str(error)
    assert error.problem == "columns" and not error.details["untitled"]
    assert "appointment_date (--date): no column named 'Appointment Date' (did you mean 'Appointment'?)" in message
    assert "The file's columns are: 'Client ID', 'Appointment', 'Outcome'." in message
    assert "client (--client)" not in message and "Caseload" not in message and "Unnamed" not in message
    said = _notebook(path, asked, capsys)
    assert "did you mean 'Appointment'?" in said and "Check the column names in the cell above" in said
    assert "delete the rows above" not in said and "Rivera" not in said
    assert load_appointments(path, **_ASKED, quiet=True).attrs["report"].rows_read == 18


def _ods(path) -> None:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        book.writestr("content.xml", "<office:document-content/>")


def _web_page(path) -> None:
    cells = "".join(f"<th>{name}</th>" for name in _HEADER)
    path.write_text(f"<html><body><table><tr>{cells}</tr><tr><td>HX1</td></tr></table></body></html>")


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("export.ods", _ods, "is an OpenDocument spreadsheet (.ods, as LibreOffice or OpenOffice save them)"),
        ("export.xls", _web_page, "is a web page (HTML) with a table in it, not a spreadsheet or CSV file"),
        ("export.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600), "old-style Excel file (.xls)"),
        ("export.csv", lambda p: p.write_text("Dear team\nhere are the numbers\n"), "does not look like a table"),
    ],
)
def test_a_file_of_another_kind_is_named_and_gets_advice_that_fits(name, make, words, tmp_path, capsys):
    """D14: an .ods file was "not an Excel workbook that can be read (KeyError)"; in the notebook these
    messages ended in "Check the column names in the cell above" (or, for a web page, "delete the rows
    above the column names")."""
    path = tmp_path / name
    make(path)
    message = str(_problem(path, **_ASKED))
    assert words in message and "Error" not in message
    assert "(.xlsx) or as CSV" in message or "CSV or Excel (.xlsx)" in message
    said = _notebook(path, _ASKED, capsys)
    assert words in said and "Then put the new file's name in the cell above and run it again." in said
    assert "Check the column names" not in said and "delete the rows above" not in said


def test_a_column_of_ids_named_as_the_outcome_reads_as_one_sentence_in_the_notebook(tmp_path, capsys):
    """D14 (E18s): the notebook's message read "...lists them).; it should hold"."""
    path = tmp_path / "export.csv"
    _write(_table(), path)
    said = _notebook(path, {"client": "Outcome", "appointment_date": "Appointment", "attended": "Client ID"}, capsys)
    assert ".;" not in said and "it should hold" in said and "HX0" not in said
    assert said.rstrip().endswith("Check the column names in the cell above against the file's first row.")
