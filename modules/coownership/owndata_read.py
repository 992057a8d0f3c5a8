"""Reading an agency's appointment export as a table of text: the first step of :mod:`coownership.owndata`.

Forgiving of the files scheduling and case-management systems export:

- CSV with commas, semicolons, tabs or pipes (chosen from the header line; an Excel ``sep=;`` first
  line is understood), in UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
  (Excel's "Unicode text"), Windows-1252 or Latin-1;
- Excel workbooks (``.xlsx``, read with openpyxl; the first sheet), recognised by their content, so a
  misnamed file is read too;
- column names matched exactly, or else ignoring case, spaces and punctuation (``client_id`` finds
  ``Client ID``) when that match is unique.

An empty file, a header with no rows, an old ``.xls``, a PDF or any other file that is not a table
gets one clear sentence (:class:`~coownership.errors.OwnDataError`). Only the columns asked for are
kept; nothing is written anywhere.

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
        raise OwnDataError(f"{file.name} is empty: there is nothing in it to read. {_SAVE_AS}")
    above = 0
    if data.startswith(b"PK\x03\x04"):
        frame, kind, above = _read_excel(file, data, columns)
        first_row, simulated = 2 + above, False
    else:
        _refuse_non_text(file.name, data)
        frame, kind, first_row, simulated, above = _read_text(file.name, data, columns)
    if frame.shape[1] == 0:
        raise OwnDataError(f"{file.name} is empty: it has no columns to read. {_SAVE_AS}")
    frame = frame.rename(columns=lambda c: str(c).strip())
    chosen = _match_columns(file.name, [str(c) for c in frame.columns], columns)
    if len(frame) == 0:
        found = ", ".join(str(c) for c in frame.columns[:30])
        raise OwnDataError(f"{file.name} has a header row ({found}) but no appointments under it.")
    picked = frame.loc[:, list(chosen.values())]
    picked.columns = list(chosen.keys())
    return Table(picked.reset_index(drop=True), kind, first_row, simulated, above)


_LOOK = 20  # how many lines (or sheet rows) from the top may hold a title above the column names


def _header_at(rows: list[list[str]], columns: Mapping[str, str]) -> int:
    """The first row that holds every asked-for column name (loosely: case, spaces and marks ignored),
    or 0 when the first row does or no row does (then the usual message names what is missing)."""
    wanted = {_simple(name) for name in columns.values()}
    for index, row in enumerate(rows[:_LOOK]):
        if wanted <= {_simple(str(cell)) for cell in row}:
            return index
    return 0


def _refuse_non_text(name: str, data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise OwnDataError(
            f"{name} is an old-style Excel file (.xls), which cannot be read here. Open it in Excel and save it "
            "as an Excel workbook (.xlsx) or as CSV, then try again."
        )
    if data.startswith(b"%PDF"):
        raise OwnDataError(f"{name} is a PDF document, not a table. {_SAVE_AS}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in data[:65536]:
        raise OwnDataError(
            f"{name} is not a table: it holds binary data (an image, a program or a damaged file?). {_SAVE_AS}"
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


def _read_text(name: str, data: bytes, columns: Mapping[str, str]) -> tuple[pd.DataFrame, str, int, bool, int]:
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
    above = max((_header_at(list(csv.reader(lines[:_LOOK], delimiter=sep)), columns) for sep in _SEPARATORS), default=0)
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
    options = {"sep": separator, "encoding": encoding, "skiprows": skip, "index_col": False, "dtype": str}
    try:
        header_only = pd.read_csv(io.BytesIO(data), nrows=0, **options)
    except pd.errors.EmptyDataError:
        raise OwnDataError(f"{name} is empty: there is nothing in it to read. {_SAVE_AS}") from None
    except (pd.errors.ParserError, UnicodeError, ValueError) as exc:
        raise OwnDataError(f"{name} could not be read as a table ({_first_line(exc)}). {_SAVE_AS}") from None
    chosen = _match_columns(name, [str(c).strip() for c in header_only.columns], columns)
    wanted = {str(c) for c in header_only.columns if str(c).strip() in chosen.values()}
    try:
        frame = pd.read_csv(io.BytesIO(data), usecols=lambda c: c in wanted, skip_blank_lines=False, **options)
    except (pd.errors.ParserError, UnicodeError, ValueError) as exc:
        raise OwnDataError(f"{name} could not be read as a table ({_first_line(exc)}). {_SAVE_AS}") from None
    kind = f"CSV, {_SEPARATORS.get(separator, repr(separator))}-separated, {_ENCODING_NAMES[encoding]}"
    return frame, kind, 2 + skip, simulated, above


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _read_excel(file: Path, data: bytes, columns: Mapping[str, str]) -> tuple[pd.DataFrame, str, int]:
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
        sheets = book.sheet_names
        top = book.parse(sheets[0], header=None, nrows=_LOOK, dtype=object)
        above = _header_at([[c for c in row if pd.notna(c)] for row in top.itertuples(index=False)], columns)
        frame = book.parse(sheets[0], dtype=object, header=above)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise OwnDataError(
            f"{file.name} is a ZIP archive but not an Excel workbook that can be read "
            f"({type(exc).__name__}). {_SAVE_AS}"
        ) from None
    more = f"; the workbook has {len(sheets)} sheets and only the first is read" if len(sheets) > 1 else ""
    return frame, f"Excel workbook, sheet {sheets[0]!r}{more}", above


def _simple(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", name.lower())


def _match_columns(name: str, found: list[str], columns: Mapping[str, str]) -> dict[str, str]:
    """role -> the column's name in the file; one error naming every column that is missing."""
    chosen: dict[str, str] = {}
    problems = []
    for role, wanted in columns.items():
        if wanted in found:
            chosen[role] = wanted
            continue
        loose = [c for c in found if _simple(c) == _simple(wanted) and _simple(c)]
        if len(loose) == 1:
            chosen[role] = loose[0]
            continue
        close = difflib.get_close_matches(wanted, found, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.append(f"{role} ({FLAGS.get(role, role)}): no column named {wanted!r}{hint}")
    if problems:
        listed = ", ".join(repr(c) for c in found[:30]) + (f" and {len(found) - 30} more" if len(found) > 30 else "")
        untitled = sum(c.startswith("Unnamed: ") for c in found) * 2 > len(found)  # a title row read as the header
        raise OwnDataError(
            f"{name}: " + "; ".join(problems) + f". The file's columns are: {listed}.",
            problem="columns",
            untitled=untitled,
        )
    return chosen
