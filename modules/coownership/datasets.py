"""The data the course ships, read through one checked loader.

Every data file under ``datasets/`` is described in ``datasets/datapackage.json``, a
`Frictionless Data Package <https://specs.frictionlessdata.io/data-package/>`_: its path, size in
bytes, sha256, licence, sources, number of rows and a Table Schema (every column, in order, with
its type and constraints). :func:`read_resource` reads any of these files and checks it against
its entry before anyone sees a number:

1. the resource is listed in ``datapackage.json`` (and that file is readable JSON);
2. the file exists, and its size and sha256 match, so a cut-off or edited file is caught before it
   is parsed;
3. the column names and their order match the schema exactly, and the row count matches ``rows``;
4. every value has its column's type: ``date`` and ``datetime`` become ``datetime64``,
   ``integer`` nullable ``Int64``, ``number`` ``Float64``, ``boolean`` nullable ``boolean``,
   ``string`` pandas ``string`` (or ``category`` when the field has an ``enum``);
5. the constraints hold: ``required``, ``unique``, ``enum``, ``pattern``, ``minimum`` and
   ``maximum`` (and the schema's ``primaryKey``, if it has one).

Each failure raises :class:`DatasetError` naming the file, the column where there is one, what was
expected, and how to fix it: a file kept in git is restored with ``git checkout``; a generated
file (its entry says ``"x-generated": true``, as the simulated agency datasets will) is rebuilt
with ``make datasets``. A schema keyword this loader does not check is itself an error, so
``datapackage.json`` never promises a check that does not run.

The course's real data is the DC TANF recertification trial (:func:`load_tanf`,
:func:`tanf_rates`); see ``datasets/tanf/PROVENANCE.md``.

Example:
    >>> df = read_resource("tanf-recertification")
    >>> df.shape
    (3539, 20)
    >>> str(df["appt_date"].dtype), str(df["recert_id"].dtype), str(df["condition"].dtype)
    ('datetime64[us]', 'Int64', 'category')
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from coownership.caseload import Caseload
from coownership.errors import ArgumentError, ArgumentTypeError, DatasetError

__all__ = [
    "DATASETS_DIR",
    "DatasetError",
    "read_resource",
    "load_tanf",
    "tanf_rates",
    "TANF_CONDITIONS",
    "load_agency",
]

DATASETS_DIR = Path(__file__).resolve().parents[2] / "datasets"
"""The course checkout's ``datasets/`` folder (the package is installed editable from ``modules/``)."""

PACKAGE_FILE = "datapackage.json"
TANF = "tanf-recertification"

TANF_CONDITIONS = {
    "No_Letter": "No letter",
    "Specific_Appt": "Letter with an assigned appointment",
    "Open_Appt": "Letter inviting the client to choose a time",
}
"""The trial's three conditions, in the order the course shows them, with plain-language labels."""

_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")
_FIELD_KEYS = {"name", "type", "format", "title", "description", "example", "constraints", "trueValues", "falseValues"}
_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum"}
_SCHEMA_KEYS = {"fields", "missingValues", "primaryKey"}
_TRUE = ["true", "True", "TRUE", "1"]
_FALSE = ["false", "False", "FALSE", "0"]
_SHOW = 3  # how many offending values an error message quotes


# -- finding things ------------------------------------------------------------------------------


def _folder(directory: Path | str | os.PathLike[str] | None) -> Path:
    if directory is None:
        folder = DATASETS_DIR
    elif isinstance(directory, (str, os.PathLike)):
        folder = Path(directory)
    else:
        raise ArgumentTypeError(
            f"directory must be a folder path (str or pathlib.Path), got {type(directory).__name__}"
        )
    if not folder.is_dir():
        raise DatasetError(
            f"the datasets folder {folder} was not found. Run this from a course checkout, or pass "
            "directory= the folder that holds datapackage.json."
        )
    return folder


_PACKAGE_FIX = f"restore it with: git checkout -- datasets/{PACKAGE_FILE}"


def _package(folder: Path) -> dict[str, Any]:
    path = folder / PACKAGE_FILE
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{path} is missing. To fix it, {_PACKAGE_FIX}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DatasetError(f"{path} is damaged: it is not readable JSON ({exc}). To fix it, {_PACKAGE_FIX}") from None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) for r in resources
    ):
        raise DatasetError(
            f"{path} is damaged: it needs a list 'resources', each with a 'name'. To fix it, {_PACKAGE_FIX}"
        )
    return package


def _fix(resource: dict[str, Any]) -> str:
    if resource.get("x-generated") is True:
        return "rebuild it with: make datasets"
    return f"restore it with: git checkout -- datasets/{resource['path']}"


class _Checker:
    """Raises :class:`DatasetError` about one resource's file, with the right fix."""

    def __init__(self, folder: Path, resource: dict[str, Any]) -> None:
        self.package_path = folder / PACKAGE_FILE
        name = resource["name"]
        path = resource.get("path")
        parts = PurePosixPath(path).parts if isinstance(path, str) else ()
        if not isinstance(path, str) or not parts or PurePosixPath(path).is_absolute() or ".." in parts or "\\" in path:
            self.package(f"resource {name!r} needs a 'path' inside the datasets folder, written with '/', got {path!r}")
        self.resource = resource
        self.file = folder.joinpath(*parts)

    def package(self, problem: str) -> NoReturn:
        raise DatasetError(f"{self.package_path} is damaged: {problem}. To fix it, {_PACKAGE_FIX}")

    def fail(self, problem: str, column: str | None = None, rows: str | None = None) -> NoReturn:
        where = [str(self.file)]
        if column is not None:
            where.append(f"column {column!r}")
        if rows is not None:
            where.append(rows)
        raise DatasetError(f"{', '.join(where)}: {problem}. To fix it, {_fix(self.resource)}")


def _rows(mask: pd.Series | np.ndarray, values: pd.Series | None = None) -> str:
    """Where a check failed: "row 7 ('x')" or "rows 7 ('x'), 9 ('y'), 12 ('z') and 4 more".

    Rows count data rows from 1 (the header is not a row), with the offending text when given.
    """
    index = np.flatnonzero(np.asarray(mask, dtype=bool))
    shown = [f"{i + 1}" + (f" ({values.iloc[i]!r})" if values is not None else "") for i in index[:_SHOW]]
    more = f" and {len(index) - _SHOW} more" if len(index) > _SHOW else ""
    return ("rows " if len(index) > 1 else "row ") + ", ".join(shown) + more


# -- reading one resource ------------------------------------------------------------------------


def read_resource(name: str, directory: Path | str | None = None) -> pd.DataFrame:
    """Read one dataset listed in ``datapackage.json`` as a typed DataFrame, after checking it.

    ``name`` is the resource's name in ``datapackage.json`` (for example
    ``"tanf-recertification"``); ``directory`` is the folder holding ``datapackage.json``
    (default :data:`DATASETS_DIR`). See the module docstring for what is checked. Raises
    :class:`DatasetError` naming the file, the column and what was expected.

    Example:
        >>> df = read_resource("tanf-recertification")
        >>> len(df), list(df.columns[:4])
        (3539, ['ic_case_id', 'service_center', 'appt_date', 'condition'])
        >>> try:
        ...     read_resource("no-such-data")
        ... except DatasetError as err:
        ...     print("Known datasets: tanf-recertification," in str(err))
        True
    """
    if not isinstance(name, str):
        raise ArgumentTypeError(f"name must be a string such as {TANF!r}, got {type(name).__name__}")
    folder = _folder(directory)
    package = _package(folder)
    by_name = {r["name"]: r for r in package["resources"]}
    if name not in by_name:
        known = ", ".join(by_name) or "(none)"
        raise DatasetError(
            f"there is no dataset named {name!r} in {folder / PACKAGE_FILE}. Known datasets: "
            f"{known}. Check the spelling; if the name is right, the file is out of date: "
            f"{_PACKAGE_FIX}"
        )
    resource = by_name[name]
    check = _Checker(folder, resource)
    data = _read_bytes(check)
    fields, missing = _schema(check)
    frame = _parse(check, data, fields, missing)
    return _typed(check, frame, fields)


def _read_bytes(check: _Checker) -> bytes:
    resource = check.resource
    try:
        data = check.file.read_bytes()
    except FileNotFoundError:
        check.fail("the file is missing")
    except OSError as exc:
        check.fail(f"the file cannot be read ({exc.strerror or exc})")
    size = resource.get("bytes")
    if size is not None:
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            check.package(f"resource {resource['name']!r}: 'bytes' must be a whole number, got {size!r}")
        if len(data) != size:
            how = "shorter" if len(data) < size else "longer"
            check.fail(
                f"the file has {len(data):,} bytes but datapackage.json records {size:,}, "
                f"so it is {how} than it should be (cut off or changed)"
            )
    digest = resource.get("hash")
    if digest is not None:
        match = re.fullmatch(r"sha256:([0-9a-f]{64})", digest) if isinstance(digest, str) else None
        if not match:
            check.package(
                f"resource {resource['name']!r}: 'hash' must look like 'sha256:<64 hex digits>', got {digest!r}"
            )
        if hashlib.sha256(data).hexdigest() != match.group(1):
            check.fail(
                "the file's contents do not match datapackage.json (its sha256 differs), "
                "so it has been edited or damaged"
            )
    return data


def _schema(check: _Checker) -> tuple[list[dict[str, Any]], list[str]]:
    resource = check.resource
    label = f"resource {resource['name']!r}"
    if resource.get("format", "csv") != "csv":
        check.package(f"{label}: only format 'csv' can be read, got {resource.get('format')!r}")
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        check.package(f"{label} needs a 'schema' with a list of 'fields'")
    if set(schema) - _SCHEMA_KEYS:
        check.package(
            f"{label}: the schema keys {sorted(set(schema) - _SCHEMA_KEYS)} are not "
            f"checked by this loader (it checks {sorted(_SCHEMA_KEYS)})"
        )
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        check.package(f"{label}: 'missingValues' must be a list of strings, got {missing!r}")
    fields = schema["fields"]
    for field in fields:
        _check_field(check, label, field)
    names = [field["name"] for field in fields]
    if len(set(names)) != len(names):
        check.package(f"{label}: every field needs a different 'name', got {names}")
    return fields, missing


def _check_field(check: _Checker, label: str, field: Any) -> None:
    """One field of a resource's schema: its name, type, format and constraints."""
    if not isinstance(field, dict) or not isinstance(field.get("name"), str):
        check.package(f"{label}: every field needs a 'name', got {field!r}")
    where = f"{label}, field {field['name']!r}"
    if field.get("type", "string") not in _TYPES:
        check.package(f"{where}: type {field.get('type')!r} is not one of {', '.join(_TYPES)}")
    if set(field) - _FIELD_KEYS and not all(k.startswith("x-") for k in set(field) - _FIELD_KEYS):
        check.package(f"{where}: the keys {sorted(set(field) - _FIELD_KEYS)} are not checked by this loader")
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict) or set(constraints) - _CONSTRAINTS:
        check.package(f"{where}: constraints must be among {sorted(_CONSTRAINTS)}, got {constraints!r}")
    if "enum" in constraints and not isinstance(constraints["enum"], list):
        check.package(f"{where}: 'enum' must be a list of allowed values")
    if {"minimum", "maximum"} & set(constraints) and field.get("type") not in (
        "integer",
        "number",
        "date",
        "datetime",
    ):
        check.package(f"{where}: 'minimum' and 'maximum' apply only to numbers and dates")
    if "pattern" in constraints:
        try:
            re.compile(constraints["pattern"])
        except (re.error, TypeError) as exc:
            check.package(f"{where}: 'pattern' is not a valid regular expression ({exc})")
    fmt = field.get("format", "default")
    if fmt != "default" and not (field.get("type") in ("date", "datetime") and "%" in fmt):
        check.package(
            f"{where}: format {fmt!r} is not supported (use 'default', or a "
            "strptime pattern such as '%d/%m/%Y' for a date)"
        )
    for key in ("trueValues", "falseValues"):
        if key in field and not (isinstance(field[key], list) and all(isinstance(v, str) for v in field[key])):
            check.package(f"{where}: {key!r} must be a list of strings")
    for key in ("minimum", "maximum"):
        if key in constraints and field.get("type") in ("date", "datetime"):
            try:
                pd.Timestamp(constraints[key])
            except (TypeError, ValueError):
                check.package(f"{where}: {key!r} must be a date, got {constraints[key]!r}")


def _parse(check: _Checker, data: bytes, fields: list[dict[str, Any]], missing: list[str]) -> pd.DataFrame:
    encoding = check.resource.get("encoding", "utf-8")
    try:
        text = data.decode(encoding)
    except LookupError:
        check.package(f"resource {check.resource['name']!r}: unknown encoding {encoding!r}")
    except UnicodeDecodeError as exc:
        check.fail(f"the file is not valid {encoding} text ({exc.reason} at byte {exc.start})")
    dialect = check.resource.get("dialect", {})
    if not isinstance(dialect, dict) or set(dialect) - {"commentChar"}:
        check.package(
            f"resource {check.resource['name']!r}: only the dialect key 'commentChar' is supported, got {dialect!r}"
        )
    comment = dialect.get("commentChar")
    if comment:  # leading comment lines (the SIMULATED banner of generated files) are not data
        lines = text.split("\n")
        skip = 0
        while skip < len(lines) and lines[skip].startswith(comment):
            skip += 1
        text = "\n".join(lines[skip:])
    header = next(csv.reader(io.StringIO(text.partition("\n")[0])), [])
    expected = [f["name"] for f in fields]
    if header != expected:
        absent = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if absent or extra:
            detail = "; ".join(
                part
                for part in (
                    f"missing: {', '.join(map(repr, absent))}" if absent else "",
                    f"not in datapackage.json: {', '.join(map(repr, extra))}" if extra else "",
                )
                if part
            )
        else:
            i = next(i for i, (a, b) in enumerate(zip(header, expected, strict=False)) if a != b)
            detail = f"same names in another order: column {i + 1} is {header[i]!r}, expected {expected[i]!r}"
        check.fail(f"the columns do not match datapackage.json ({detail}). Expected, in order: {', '.join(expected)}")
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype="string", keep_default_na=False, na_values=missing, skip_blank_lines=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        check.fail(f"the file is not readable as CSV ({str(exc).strip()})")
    rows = check.resource.get("rows")
    if rows is not None and (not isinstance(rows, int) or isinstance(rows, bool) or rows < 0):
        check.package(f"resource {check.resource['name']!r}: 'rows' must be a whole number, got {rows!r}")
    if rows is not None and len(frame) != rows:
        check.fail(f"the file has {len(frame):,} rows of data but datapackage.json records {rows:,}")
    return frame


def _typed(check: _Checker, frame: pd.DataFrame, fields: list[dict[str, Any]]) -> pd.DataFrame:
    out = {}
    for field in fields:
        name = field["name"]
        raw = frame[name]
        present = raw.notna().to_numpy()
        constraints = field.get("constraints", {})
        if constraints.get("required") and not present.all():
            check.fail("a value is missing, but this column must always have one", name, _rows(~present))
        if "pattern" in constraints:
            ok = raw.str.fullmatch(constraints["pattern"]).fillna(True).to_numpy(dtype=bool)
            if not ok.all():
                check.fail(f"does not match the pattern {constraints['pattern']!r}", name, _rows(~ok, raw))
        values, bad, expected = _convert(raw, field)
        bad = bad & present
        if bad.any():
            check.fail(f"not {expected}", name, _rows(bad, raw))
        out[name] = _check_values(check, field, raw, values, present)
    typed = pd.DataFrame(out)
    key = check.resource["schema"].get("primaryKey")
    if key is not None:
        key = [key] if isinstance(key, str) else key
        if not isinstance(key, list) or not set(key) <= set(typed.columns):
            check.package(f"resource {check.resource['name']!r}: primaryKey {key!r} must name columns of the schema")
        gaps = typed[key].isna().any(axis=1).to_numpy()
        if gaps.any():
            check.fail(f"a key column ({', '.join(key)}) is missing a value", rows=_rows(gaps))
        repeated = typed.duplicated(subset=key).to_numpy()
        if repeated.any():
            check.fail(f"the key ({', '.join(key)}) repeats an earlier row", rows=_rows(repeated))
    return typed


def _check_values(
    check: _Checker, field: dict[str, Any], raw: pd.Series, values: pd.Series, present: np.ndarray
) -> pd.Series:
    """A converted column against its field's enum, minimum, maximum and unique constraints."""
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        allowed = pd.Series(constraints["enum"], dtype=object)
        if kind in ("date", "datetime"):
            allowed = pd.to_datetime(allowed)
        outside = present & ~values.isin(allowed.tolist()).to_numpy(dtype=bool)
        if outside.any():
            check.fail(
                f"not one of the allowed values: {', '.join(map(str, constraints['enum']))}",
                name,
                _rows(outside, raw),
            )
        if kind == "string":
            values = values.astype(pd.CategoricalDtype(constraints["enum"]))
    for key, test in (("minimum", values.__lt__), ("maximum", values.__gt__)):
        if key in constraints:
            bound = constraints[key]
            if kind in ("date", "datetime"):
                bound = pd.Timestamp(bound)
            beyond = test(bound).fillna(False).to_numpy(dtype=bool)
            if beyond.any():
                word = "below the minimum" if key == "minimum" else "above the maximum"
                check.fail(f"{word} {constraints[key]!r}", name, _rows(beyond, raw))
    if constraints.get("unique"):
        repeated = (values.duplicated(keep="first") & present).to_numpy(dtype=bool)
        if repeated.any():
            check.fail("repeats an earlier value, but each value must be unique", name, _rows(repeated, raw))
    return values


def _convert(raw: pd.Series, field: dict[str, Any]) -> tuple[pd.Series, np.ndarray, str]:
    """Convert one column to its schema type; also return where conversion failed, and what the
    values should have been (for the message)."""
    kind = field.get("type", "string")
    if kind == "string":
        return raw, np.zeros(len(raw), dtype=bool), "text"
    if kind == "integer":
        ok = raw.str.fullmatch(r"[+-]?[0-9]+").fillna(True).to_numpy(dtype=bool)
        clean = raw.where(ok)
        return clean.astype("Int64"), ~ok, "a whole number"
    if kind == "number":
        values = pd.to_numeric(raw.astype(object), errors="coerce").astype("Float64")
        return values, values.isna().to_numpy(), "a number"
    if kind == "boolean":
        true, false = field.get("trueValues", _TRUE), field.get("falseValues", _FALSE)
        mapping = {**{v: True for v in true}, **{v: False for v in false}}
        values = raw.map(mapping).astype("boolean")
        return values, values.isna().to_numpy(), f"one of {', '.join(true + false)}"
    fmt = field.get("format", "default")
    if kind == "date":
        pattern = "%Y-%m-%d" if fmt == "default" else fmt
        expected = "a date in the form YYYY-MM-DD" if fmt == "default" else f"a date like {fmt!r}"
    else:
        pattern = "ISO8601" if fmt == "default" else fmt
        expected = "a date and time (ISO 8601)" if fmt == "default" else f"a date and time like {fmt!r}"
    values = pd.to_datetime(raw, format=pattern, errors="coerce")
    return values, values.isna().to_numpy(), expected


# -- the TANF recertification trial --------------------------------------------------------------


def load_tanf(directory: Path | str | None = None) -> pd.DataFrame:
    """The DC TANF recertification trial (2017) as a tidy, typed DataFrame: one row per case.

    Real, public data: a randomized trial run by The Lab @ DC with the District of Columbia
    Department of Human Services. Each TANF case due to recertify (renew its benefits) from July
    to November 2017 was randomly given one of three conditions: no extra letter, a letter with an
    appointment the agency assigned, or a letter inviting the client to come in at a time they
    chose. Source: ``thelabdc/DHS-TANFRecertification-Public`` (commit 20f1a29), file
    ``data/df_replication_anonymized.csv``; licence CC0 1.0 (public domain in the US); using it
    implies no endorsement by the District of Columbia. Details: ``datasets/tanf/PROVENANCE.md``;
    every column is described in ``datasets/README.md``.

    Shape: 3,539 rows x 22 columns. The 20 original columns, typed (dates as ``datetime64``,
    whole numbers as ``Int64``, columns with a fixed set of values as ``category``, other text as
    ``string``), then:

    - ``condition_label``: ordered category, "No letter" < "Letter with an assigned appointment"
      < "Letter inviting the client to choose a time" (``No_Letter``, ``Specific_Appt``,
      ``Open_Appt``);
    - ``recertified``: ``True`` where ``recert_status == "Processed"``, the study's own outcome.
      The 19 cases with no recorded status count as not recertified, so the shares here use every
      case as the denominator (the study's analysis left those 19 out; its shares are 0.2 to
      0.3 points higher).

    3 cases were due in two different months and appear twice (as in the study's analysis).
    ``directory`` is the folder holding ``datapackage.json`` (default :data:`DATASETS_DIR`).
    Raises :class:`DatasetError` if the file is missing, damaged or not as described.

    Example:
        >>> tanf = load_tanf()
        >>> tanf.shape
        (3539, 22)
        >>> tanf["condition_label"].cat.categories.tolist()[0], tanf["recertified"].dtype
        ('No letter', dtype('bool'))
        >>> int(tanf["recertified"].sum())
        1541
    """
    frame = read_resource(TANF, directory)
    expected = list(TANF_CONDITIONS)
    condition = frame.get("condition")
    if (
        condition is None
        or "recert_status" not in frame
        or not isinstance(condition.dtype, pd.CategoricalDtype)
        or condition.cat.categories.tolist() != expected
    ):
        folder = _folder(directory)
        raise DatasetError(
            f"{folder / PACKAGE_FILE}: the {TANF!r} schema must keep the columns 'condition' "
            f"(with enum {expected}) and 'recert_status'. To fix it, {_PACKAGE_FIX}"
        )
    labels = pd.CategoricalDtype(list(TANF_CONDITIONS.values()), ordered=True)
    frame["condition_label"] = condition.cat.rename_categories(TANF_CONDITIONS).astype(labels)
    frame["recertified"] = (frame["recert_status"] == "Processed").to_numpy(dtype=bool)
    return frame


def tanf_rates(directory: Path | str | None = None) -> pd.DataFrame:
    """Recertification by condition in the TANF trial: cases, recertified, share.

    One row per condition, in the order No_Letter, Specific_Appt, Open_Appt (indexed by the code
    in ``condition``), with ``condition_label``, ``cases``, ``recertified`` (cases with
    ``recert_status == "Processed"``) and ``share`` (recertified / cases, rounded to 3 places).
    ``directory`` is passed to :func:`load_tanf`.

    Example:
        >>> rates = tanf_rates()
        >>> rates[["cases", "recertified", "share"]]  # doctest: +NORMALIZE_WHITESPACE
                       cases  recertified  share
        condition
        No_Letter       1177          470  0.399
        Specific_Appt   1181          525  0.445
        Open_Appt       1181          546  0.462
        >>> rates["share"].tolist()
        [0.399, 0.445, 0.462]
    """
    tanf = load_tanf(directory)
    grouped = tanf.groupby("condition", observed=False, sort=True)["recertified"]
    rates = pd.DataFrame({"cases": grouped.size(), "recertified": grouped.sum()})
    rates.index = pd.Index(rates.index.astype(str), name="condition")
    rates = rates.loc[list(TANF_CONDITIONS)].astype("int64")
    rates.insert(0, "condition_label", [TANF_CONDITIONS[c] for c in rates.index])
    rates["share"] = (rates["recertified"] / rates["cases"]).round(3)
    return rates


def load_agency(table: str = "appointments", directory: Path | str | None = None) -> pd.DataFrame:
    """One table of the SIMULATED agency, Maple Street Family Services (fictional), checked first.

    ``table`` is one of ``clients``, ``staff``, ``appointments``, ``goals``, ``labels``,
    ``episodes``, ``exit_interviews``. Each has a ``program`` column: ``standard`` (the
    compliance design) or ``pilot`` (the co-ownership design). The frame's ``attrs`` say
    ``simulated: True``. See ``datasets/README.md`` for every column.

    Example:
        >>> a = load_agency("appointments")
        >>> a.attrs["simulated"], sorted(a["program"].unique())
        (True, ['pilot', 'standard'])
        >>> load_agency("visits")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: table must be one of clients, staff, appointments, goals, labels, episodes, exit_interviews; got 'visits'
    """
    tables = Caseload.TABLES  # the SIMULATED agency holds every table of a caseload
    if table not in tables:
        raise ArgumentError(f"table must be one of {', '.join(tables)}; got {table!r}")
    frame = read_resource(f"agency-{table.replace('_', '-')}", directory)
    frame.attrs.update(
        simulated=True,
        table=table,
        note="SIMULATED: Maple Street Family Services is fictional; illustrative, not evidence",
    )
    return frame
