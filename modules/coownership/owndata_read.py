"""Reading an agency's appointment export as a table of text: the first step of :mod:`coownership.owndata`.

Forgiving of the files scheduling and case-management systems export:

- CSV with commas, semicolons, tabs or pipes (chosen from the header line; an Excel ``sep=;`` first
  line is understood), in UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
  (Excel's "Unicode text"), Windows-1252 or Latin-1;
- Excel workbooks (``.xlsx``, read with openpyxl; the first sheet whose top rows hold the column names
  asked for), recognised by their content, so a misnamed file is read too;
- a title, a report date or blank rows above the column names (the column names are looked for in the
  top 20 rows);
- column names matched exactly, or else ignoring case, spaces and punctuation (``client_id`` finds
  ``Client ID``) when that match is unique; another column with the same name is no problem unless it
  is one asked for.

An empty file, a header with no rows, a file without a row of column names, an old ``.xls``, an
OpenDocument ``.ods``, a web page saved as ``.xls``, a PDF or any other file that is not a table gets
one clear sentence (:class:`~coownership.errors.OwnDataError`), which shows the file's column names but
never a row that looks like data. Only the columns asked for are kept; nothing is written anywhere.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "visits.csv"
    >>> _ = path.write_bytes("Client;Date;Came\\nA1;05/03/2024;Yes\\n".encode("cp1252"))
    >>> table = read_table(path, {"client": "client", "appointment_date": "Date", "attended": "Came"})
    >>> table.frame.columns.tolist(), table.kind
    (['client', 'appointment_date', 'attended'], 'CSV, semicolon-separated, UTF-8 text')
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from coownership.errors import ArgumentTypeError, OwnDataError

__all__ = ["FLAGS", "Table", "read_table", "check_path"]

FLAGS = {
    "client": "--client",
    "appointment_date": "--date",
    "missed": "--missed",
    "attended": "--attended",
    "booked_date": "--booked",
    "reminder": "--reminder",
}
"""The command-line option that names each column (used in messages)."""

_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_ENCODING_NAMES = {
    "utf-8": "UTF-8 text",
    "utf-8-sig": "UTF-8 text (with a byte-order mark)",
    "utf-16": "UTF-16 text",
    "cp1252": "Windows-1252 text",
    "latin-1": "Latin-1 text",
}
_SAVE_AS = "Export the appointment list from your system as CSV or Excel (.xlsx) and try again."


@dataclass(frozen=True)
class Table:
    """What :func:`read_table` read: the asked-for columns as text, and how the file was read.

    ``frame`` has one column per role (``client``, ``appointment_date``, ...), rows in file order;
    ``first_row`` is the file row number of its first row (the header is row 1), for messages.
    """

    frame: pd.DataFrame
    kind: str
    first_row: int = 2
    simulated: bool = False
    above_header: int = 0
    """Lines (or sheet rows) above the column names that were skipped: a title, a date, blank lines."""
    more_values: np.ndarray | None = None
    """For a CSV file, the rows with more values than there are column names (an unquoted comma inside
    a name moves the rest of the row along): their values may sit under the wrong names."""


def check_path(path: object) -> Path:
    """``path`` as a ``Path`` to an existing file, or an error that names ``path``.

    Example:
        >>> check_path("no/such/file.csv")
        Traceback (most recent call last):
        ...
        coownership.errors.OwnDataError: path: there is no file at no/such/file.csv
    """
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a file path (a string or a Path); got {type(path).__name__} {path!r}")
    found = Path(path)
    if not found.exists():
        raise OwnDataError(f"path: there is no file at {found}", problem="no_file")
    if not found.is_file():
        raise OwnDataError(f"path: {found} is a folder, not a file")
    return found


def read_table(path: str | os.PathLike[str], columns: Mapping[str, str]) -> Table:
    """Read the columns named in ``columns`` (role -> column name in the file) as text.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "visits.csv"
        >>> _ = path.write_text("id,when\\n")
        >>> read_table(path, {"client": "id", "appointment_date": "when"})
        Traceback (most recent call last):
        ...
        coownership.errors.OwnDataError: visits.csv has a header row (id, when) but no appointments under it.
    """
    file = check_path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise OwnDataError(f"{file.name} could not be opened: {exc.strerror or exc}") from None
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8 + codecs.BOM_UTF16_LE + codecs.BOM_UTF16_BE):
        raise OwnDataError(f"{file.name} is empty: there is nothing in it to read. {_SAVE_AS}", problem="format")
    above, more = 0, None
    if data.startswith(b"PK\x03\x04"):
        frame, kind, above = _read_excel(file, data, columns)
        first_row, simulated = 2 + above, False
    else:
        _refuse_non_text(file.name, data)
        frame, kind, first_row, simulated, above, more = _read_text(file.name, data, columns)
    if frame.shape[1] == 0:
        raise OwnDataError(f"{file.name} is empty: it has no columns to read. {_SAVE_AS}", problem="format")
    frame = frame.rename(columns=lambda c: str(c).strip())
    chosen = _match_columns(file.name, [str(c) for c in frame.columns], columns)
    if len(frame) == 0:
        found = ", ".join(str(c) for c in frame.columns[:30])
        raise OwnDataError(f"{file.name} has a header row ({found}) but no appointments under it.")
    picked = frame.loc[:, list(chosen.values())]
    picked.columns = list(chosen.keys())
    return Table(picked.reset_index(drop=True), kind, first_row, simulated, above, more)


_LOOK = 20  # how many lines (or sheet rows) from the top may hold a title above the column names
# Only an empty cell is missing: "None", "NULL" or "N/A" are read as written (pandas would make them
# missing), so owndata_values decides what each means in its column ("None" there: no reminder).
_ONLY_EMPTY_IS_NA = {"keep_default_na": False, "na_values": [""]}


@dataclass(frozen=True)
class _Header:
    """Where the column names are among a file's top rows, and how well they fit the names asked for."""

    index: int
    complete: bool  # the row holds every asked-for name
    names: int  # how many asked-for names the row holds
    closeness: float  # how like the asked-for names the row's cells are (0 to 1 for each name)
    width: int  # the most filled cells in any of the top rows


def _header_row(rows: list[list[str]], columns: Mapping[str, str]) -> _Header:
    """The row (among the first ``_LOOK``) that holds the column names: the first that holds every asked-for
    name (loosely: case, spaces and marks ignored); else the first that holds the most of them, looking no
    further than the first full row and no row that looks like data (a value in the file that is also
    the name of a column is not taken for a column name); else, when no row holds any, the first row about as wide as the widest (a title above
    the column names is narrower), so that a message can list the names the file really has.

    Example:
        >>> rows = [["Caseload report"], [], ["Client ID", "Appointment", "Outcome"], ["HX77", "2026-02-12", "Kept"]]
        >>> _header_row(rows, {"client": "Client ID", "appointment_date": "Appointment Date"}).index
        2
        >>> _header_row(rows, {"client": "Client", "appointment_date": "Date"}).index
        2
    """
    wanted = {_simple(name) for name in columns.values()} - {""}
    top = rows[:_LOOK]
    filled = [sum(bool(str(cell).strip()) for cell in row) for row in top]
    width = max(filled, default=0)
    best, past = _Header(0, False, 0, 0.0, width), False
    for index, row in enumerate(top):
        count = len(wanted & {_simple(str(cell)) for cell in row})
        if count == len(wanted) and count:
            return _Header(index, True, count, float(count), width)
        # Column names come before the rows of data: a value that names a column is not taken for one.
        past = past or _looks_like_data(row)
        if count > best.names and not past:
            best = _Header(index, False, count, float(count), width)
        past = past or filled[index] * 2 > width  # a full row (a title is narrower): the column names or data
    if best.names:
        return best
    if width >= 2:
        index = next(i for i, n in enumerate(filled) if n * 2 > width)
        cells = [_simple(str(cell)) for cell in top[index]]
        close = sum(max((difflib.SequenceMatcher(None, w, c).ratio() for c in cells), default=0.0) for w in wanted)
        return _Header(index, False, 0, close, width)
    return best


_DATA_CELL = re.compile(
    r"""
      [-+(]?[$€£]?\d[\d,.\s]*%?\)?                       # a number, an amount, a share
    | \d+(?:[.,]\d+)?[eE][-+]?\d+                        # a number as Excel shortens it: 1.2E+11
    | \d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[\sT].*)?        # a date, perhaps with a time
    | \d{1,2}:\d{2}(?::\d{2})?\s*(?:[aApP]\.?[mM]\.?)?   # a time
    | \+?\(?\d[\d\s().-]{6,}                             # a phone number
    | [^@\s]+@[^@\s]+\.[^@\s]+                           # an e-mail address
    | (?=\S*[A-Za-z])(?=(?:\D*\d){3})[A-Za-z0-9_#/.-]+   # a code such as an id: letters and 3 or more digits
    """,
    re.VERBOSE,
)


def _looks_like_data(row: list[str]) -> bool:
    """Whether a row holds a value that looks like data (a date, a number, an id, an e-mail address, a phone
    number) rather than a column name: such a row is never offered, nor shown, as the file's column names.

    Example:
        >>> _looks_like_data(["HX000077", "2026-02-12", "Kept"]), _looks_like_data(["Client ID", "Appt Date/Time"])
        (True, False)
    """
    return any(_DATA_CELL.fullmatch(str(cell).strip()) for cell in row)


def _refuse_non_text(name: str, data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise OwnDataError(
            f"{name} is an old-style Excel file (.xls), which cannot be read here. Open it in Excel and save it "
            "as an Excel workbook (.xlsx) or as CSV, then try again.",
            problem="format",
        )
    if data.startswith(b"%PDF"):
        raise OwnDataError(f"{name} is a PDF document, not a table. {_SAVE_AS}", problem="format")
    start = data[:4096].lstrip(b" \t\r\n" + codecs.BOM_UTF8).lower()
    if start.startswith(b"<") and any(tag in start for tag in (b"<html", b"<table", b"<!doctype html")):
        raise OwnDataError(
            f"{name} is a web page (HTML) with a table in it, not a spreadsheet or CSV file (some systems save "
            "reports this way, even with a name that ends in .xls). Open it in Excel and save it as an Excel "
            "workbook (.xlsx) or as CSV, then try again.",
            problem="format",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in data[:65536]:
        raise OwnDataError(
            f"{name} is not a table: it holds binary data (an image, a program or a damaged file?). {_SAVE_AS}",
            problem="format",
        )


def _encoding(data: bytes) -> str:
    """The file's text encoding: a byte-order mark decides; else UTF-8 if it decodes, else Windows-1252, else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), 1 << 22):  # in 4 MB pieces: no copy of a large file as text
                decoder.decode(data[start : start + (1 << 22)])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"  # every byte is a Latin-1 character


def _read_text(
    name: str, data: bytes, columns: Mapping[str, str]
) -> tuple[pd.DataFrame, str, int, bool, int, np.ndarray | None]:
    encoding = _encoding(data)
    head = data[:65536].decode(encoding, errors="replace").lstrip("\ufeff")
    lines = head.splitlines()
    # Title lines starting with "#" above the header are skipped; the course's example files start with
    # "# SIMULATED ...", and whatever is read from such a file is marked SIMULATED.
    titles = 0
    while titles < len(lines) and lines[titles].lstrip().startswith("#"):
        titles += 1
    simulated = any("SIMULATED" in line for line in lines[:titles])
    lines = lines[titles:]
    # A title, a report date or blank lines above the column names: start at the line that has them.
    found = [_header_row(list(csv.reader(lines[:_LOOK], delimiter=sep)), columns) for sep in _SEPARATORS]
    above = max(found, key=lambda header: (header.names, header.width)).index
    lines = lines[above:]
    titles += above
    skip = titles
    hint = re.fullmatch(r'"?sep=(.)"?\s*', lines[0]) if lines else None
    if hint:  # Excel's "sep=;" first line
        separator, skip = hint.group(1), titles + 1
    else:
        header = re.sub(r'"[^"]*"', "", lines[0] if lines else "")
        counts = {sep: header.count(sep) for sep in _SEPARATORS}
        separator = max(counts, key=lambda sep: counts[sep])
        if counts[separator] == 0:
            raise OwnDataError(
                f"{name} does not look like a table: its first line has no commas, semicolons or tabs between "
                f"column names. {_SAVE_AS}",
                problem="not_a_table",
            )
    options = {
        "sep": separator,
        "encoding": encoding,
        "skiprows": skip,
        "index_col": False,
        "dtype": str,
        **_ONLY_EMPTY_IS_NA,
    }
    try:
        first = pd.read_csv(io.BytesIO(data), header=None, nrows=1, **options)
    except pd.errors.EmptyDataError:
        raise OwnDataError(f"{name} is empty: there is nothing in it to read. {_SAVE_AS}", problem="format") from None
    except (pd.errors.ParserError, UnicodeError, ValueError) as exc:
        raise OwnDataError(f"{name} could not be read as a table ({_first_line(exc)}). {_SAVE_AS}") from None
    names = _column_names(first.iloc[0].tolist() if len(first) else [])
    chosen = _match_columns(name, names, columns)
    wanted = sorted({names.index(column) for column in chosen.values()})
    # By position: two columns with one name (only one of them asked for) are no problem. One position
    # past the last column name catches rows with more values than names (an unquoted comma in a name).
    # A first line of empty values one wider than the column names lets pandas give every row a place
    # past the last name (it sizes the table by its first line); the line is dropped after reading.
    width = len(names)
    widen = encoding != "utf-16"  # a line put before a UTF-16 file would hide its byte-order mark
    source = (separator * width + "\n").encode("ascii") + data if widen else data
    rows = {**options, "header": None, "skip_blank_lines": False, "skiprows": list(range(widen, skip + 1 + widen))}
    try:
        frame = pd.read_csv(
            io.BytesIO(source),
            names=list(range(width + widen)),
            usecols=[*wanted, width][: len(wanted) + widen],
            **rows,
        )
    except (pd.errors.ParserError, UnicodeError, ValueError) as exc:
        raise OwnDataError(f"{name} could not be read as a table ({_first_line(exc)}). {_SAVE_AS}") from None
    if widen:
        frame = frame.iloc[1:].reset_index(drop=True)
        more = frame.pop(width).notna().to_numpy(dtype=bool)
    else:
        more = None
    frame.columns = [names[i] for i in wanted]
    kind = f"CSV, {_SEPARATORS.get(separator, repr(separator))}-separated, {_ENCODING_NAMES[encoding]}"
    return frame, kind, 2 + skip, simulated, above, more


def _column_names(cells: list[object]) -> list[str]:
    """A header row's cells as column names, as pandas names them: a blank one is "Unnamed: <position>"."""
    return [f"Unnamed: {i}" if pd.isna(cell) else str(cell).strip() for i, cell in enumerate(cells)]


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _read_excel(file: Path, data: bytes, columns: Mapping[str, str]) -> tuple[pd.DataFrame, str, int]:
    """The asked-for columns from the first sheet whose top rows hold every asked-for name (else the sheet
    with the closest names, for the message), with how it was read and how many rows above the names."""
    if b"application/vnd.oasis.opendocument" in data[:200]:
        raise OwnDataError(
            f"{file.name} is an OpenDocument spreadsheet (.ods, as LibreOffice or OpenOffice save them), which "
            "cannot be read here. Open it and save it as an Excel workbook (.xlsx) or as CSV, then try again.",
            problem="format",
        )
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
        sheets = [str(sheet) for sheet in book.sheet_names]
        headers = [
            _header_row(_cells(pd.read_excel(book, sheet_name=sheet, header=None, nrows=_LOOK, dtype=object)), columns)
            for sheet in book.sheet_names
        ]
        everything = [i for i, header in enumerate(headers) if header.complete]
        pick = (
            everything[0]
            if everything
            else max(range(len(sheets)), key=lambda i: (headers[i].names, headers[i].closeness))
        )
        whole = pd.read_excel(book, sheet_name=book.sheet_names[pick], header=None, dtype=object, **_ONLY_EMPTY_IS_NA)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise OwnDataError(
            f"{file.name} is a ZIP archive but not an Excel workbook that can be read (it may be damaged, or "
            f"another kind of file). {_SAVE_AS}",
            problem="format",
        ) from None
    sheet, above = sheets[pick], headers[pick].index
    if len(sheets) == 1:
        kind = f"Excel workbook, sheet {sheet!r}"
    elif pick == 0:
        kind = f"Excel workbook, sheet {sheet!r}; the workbook has {len(sheets)} sheets and only the first is read"
    else:
        kind = (
            f"Excel workbook, sheet {sheet!r}; sheet {pick + 1} of {len(sheets)}, the first with these column "
            "names and the only one read"
        )
    if whole.shape[1] == 0:
        return whole, kind, above
    names = _column_names(whole.iloc[above].tolist())
    where = None if everything or len(sheets) == 1 else (sheets, sheet)
    chosen = _match_columns(file.name, names, columns, sheets=where)
    wanted = sorted({names.index(column) for column in chosen.values()})
    frame = whole.iloc[above + 1 :, wanted]
    frame.columns = [names[i] for i in wanted]
    return frame, kind, above


def _cells(frame: pd.DataFrame) -> list[list[str]]:
    """A sheet's rows as text, a blank cell as ""."""
    return [["" if pd.isna(cell) else str(cell).strip() for cell in row] for row in frame.itertuples(index=False)]


def _simple(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", name.lower())


_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}


def _match_columns(
    name: str, found: list[str], columns: Mapping[str, str], *, sheets: tuple[list[str], str] | None = None
) -> dict[str, str]:
    """role -> the column's name in the file; one error naming every column that is missing or that the
    file has twice. ``sheets``: a workbook's sheet names and the sheet read, when no sheet had every name.

    Example:
        >>> _match_columns("x.csv", ["Client", "Status", "Status"], {"client": "client", "attended": "Status"})
        Traceback (most recent call last):
        ...
        coownership.errors.OwnDataError: x.csv: attended (--attended): the file has two columns named 'Status' (their names may differ only by a space at the end). Rename or delete the extra column in the file, save it, and try again.
    """
    chosen: dict[str, str] = {}
    problems, missing = [], 0
    for role, wanted in columns.items():
        same = [c for c in found if c == wanted] or [c for c in found if _simple(c) == _simple(wanted) and _simple(c)]
        if len(same) == 1:
            chosen[role] = same[0]
            continue
        flag = FLAGS.get(role, role)
        if same:
            count = _COUNT_WORDS.get(len(same), str(len(same)))
            if len(set(same)) == 1:
                named = f"{same[0]!r} (their names may differ only by a space at the end)"
            else:
                named = f"like {wanted!r}: {_and(same)}"
            problems.append(f"{role} ({flag}): the file has {count} columns named {named}")
            continue
        missing += 1
        close = difflib.get_close_matches(wanted, found, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{role} ({flag}): no column named {wanted!r}{hint}")
    if not problems:
        return chosen
    if missing == len(columns) and _looks_like_data(found):  # the file's first row is data: never shown
        asked = ", ".join(repr(c) for c in columns.values())
        raise OwnDataError(
            f"{name}: none of the column names asked for ({asked}) is in it. Its first row looks like a row "
            "of values (dates, numbers or codes such as ids), not column names. Export the list again with its "
            "row of column names (the header row), or type the names into a new first row. Then try again. "
            "If the first row does hold the column names, check the names asked for: none of them is there.",
            problem="no_header",
        )
    if not missing:
        raise OwnDataError(
            f"{name}: "
            + "; ".join(problems)
            + ". Rename or delete the extra column in the file, save it, and try again.",
            problem="duplicate_columns",
        )
    listed = ", ".join(repr(c) for c in found[:30]) + (f" and {len(found) - 30} more" if len(found) > 30 else "")
    untitled = sum(c.startswith("Unnamed: ") for c in found) * 2 > len(found)  # a title row read as the header
    if sheets:
        others, read = sheets
        where = (
            f" No sheet of the workbook has all of these column names. Its sheets are {_and(others)}; the closest "
            f"names are on sheet {read!r}, whose columns are: {listed}."
        )
    else:
        where = f" The file's columns are: {listed}."
    raise OwnDataError(f"{name}: " + "; ".join(problems) + "." + where, problem="columns", untitled=untitled)


def _and(names: list[str]) -> str:
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
