"""Check a data file against its entry in ``datapackage.json`` before anyone sees a number.

Every data file under ``datasets/`` is described in ``datasets/datapackage.json``, a
`Frictionless Data Package <https://specs.frictionlessdata.io/data-package/>`_: its path, size in
bytes, sha256, licence, sources, number of rows and a Table Schema (every column, in order, with
its type and constraints). :func:`read_checked` reads one of these files and checks it:

1. the resource is listed in ``datapackage.json`` (and that file is readable JSON);
2. the file exists, and its size and sha256 match, so a cut-off or edited file is caught before it
   is parsed;
3. the column names and their order match the schema exactly, and the row count matches ``rows``;
4. every value has its column's type: ``date`` and ``datetime`` become ``datetime64``,
   ``integer`` nullable ``Int64``, ``number`` ``Float64``, ``boolean`` nullable ``boolean``,
   ``string`` pandas ``string`` (or ``category`` when the field has an ``enum``);
5. the constraints hold: ``required``, ``unique``, ``enum``, ``pattern``, ``minimum`` and
   ``maximum`` (and the schema's ``primaryKey``, if it has one).

Each failure raises :class:`~coownership.errors.DatasetError` naming the file, the column where
there is one, what was expected, and how to fix it: a file kept in git is restored with ``git
checkout``; a generated file (its entry says ``"x-generated": true``, as the simulated agency
datasets do) is rebuilt with ``make datasets``. A schema keyword this checker does not check is
itself an error, so ``datapackage.json`` never promises a check that does not run.

The public loaders are in :mod:`coownership.datasets`; this module is their checker.

Example:
    >>> from coownership.datasets import DATASETS_DIR
    >>> read_checked(DATASETS_DIR, "tanf-recertification").shape
    (3539, 20)
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from coownership.errors import DatasetError

__all__ = ["PACKAGE_FILE", "PACKAGE_FIX", "read_checked"]

PACKAGE_FILE = "datapackage.json"

_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")
_FIELD_KEYS = {"name", "type", "format", "title", "description", "example", "constraints", "trueValues", "falseValues"}
_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum"}
_SCHEMA_KEYS = {"fields", "missingValues", "primaryKey"}
_TRUE = ["true", "True", "TRUE", "1"]
_FALSE = ["false", "False", "FALSE", "0"]
_SHOW = 3  # how many offending values an error message quotes

PACKAGE_FIX = f"restore it with: git checkout -- datasets/{PACKAGE_FILE}"
"""How to repair a damaged or missing ``datapackage.json`` (the end of every message about it)."""


def read_checked(folder: Path, name: str) -> pd.DataFrame:
    """Read the resource ``name`` of the ``datapackage.json`` in ``folder`` as a typed DataFrame,
    after every check in this module's docstring. Raises :class:`~coownership.errors.DatasetError`.

    Example:
        >>> from coownership.datasets import DATASETS_DIR
        >>> read_checked(DATASETS_DIR, "no-such-data")
        Traceback (most recent call last):
        ...
        coownership.errors.DatasetError: there is no dataset named 'no-such-data' in ...
    """
    package = _package(folder)
    by_name = {r["name"]: r for r in package["resources"]}
    if name not in by_name:
        known = ", ".join(by_name) or "(none)"
        raise DatasetError(
            f"there is no dataset named {name!r} in {folder / PACKAGE_FILE}. Known datasets: "
            f"{known}. Check the spelling; if the name is right, the file is out of date: "
            f"{PACKAGE_FIX}"
        )
    resource = by_name[name]
    check = _Checker(folder, resource)
    data = _read_bytes(check)
    fields, missing = _schema(check)
    frame = _parse(check, data, fields, missing)
    return _typed(check, frame, fields)


def _package(folder: Path) -> dict[str, Any]:
    path = folder / PACKAGE_FILE
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{path} is missing. To fix it, {PACKAGE_FIX}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DatasetError(f"{path} is damaged: it is not readable JSON ({exc}). To fix it, {PACKAGE_FIX}") from None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) for r in resources
    ):
        raise DatasetError(
            f"{path} is damaged: it needs a list 'resources', each with a 'name'. To fix it, {PACKAGE_FIX}"
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
        raise DatasetError(f"{self.package_path} is damaged: {problem}. To fix it, {PACKAGE_FIX}")

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
