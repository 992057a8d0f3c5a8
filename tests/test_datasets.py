"""coownership.datasets: the shipped TANF data, its description, and every way a file can be wrong.

Error paths work on a copy of ``datasets/`` in ``tmp_path`` (passed as ``directory=``), never on the
real files. Schema-level damage is written together with a matching size and sha256 in the copied
``datapackage.json``, so the loader gets past the integrity checks to the deeper ones.
"""

from __future__ import annotations

import doctest
import hashlib
import json
import re
import shutil

import pandas as pd
import pytest
from conftest import REPO

from coownership import datasets
from coownership.datasets import DatasetError, load_tanf, read_resource, tanf_rates

DATA = REPO / "datasets"
TANF = "tanf-recertification"
TANF_CSV = "tanf/df_replication_anonymized.csv"
SHARED_CSV = REPO.parent / "shared" / "data" / "dc-tanf-recertification" / "df_replication_anonymized.csv"
RESTORE = "restore it with: git checkout -- datasets/tanf/df_replication_anonymized.csv"
RESTORE_PACKAGE = "restore it with: git checkout -- datasets/datapackage.json"
REBUILD = "rebuild it with: make datasets"


def _package(folder=DATA) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _tanf_entry(folder=DATA) -> dict:
    return next(r for r in _package(folder)["resources"] if r["name"] == TANF)


def _save_package(folder, package) -> None:
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")


@pytest.fixture
def copy(tmp_path):
    """A private copy of the datasets folder."""
    dest = tmp_path / "datasets"
    shutil.copytree(DATA, dest)
    return dest


def _lines(folder) -> list[str]:
    return (folder / TANF_CSV).read_text(encoding="utf-8").splitlines()


def _write_consistent(folder, lines: list[str]) -> None:
    """Write the TANF CSV and record its new size and sha256 (not its rows) in datapackage.json."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (folder / TANF_CSV).write_bytes(data)
    package = _package(folder)
    entry = next(r for r in package["resources"] if r["name"] == TANF)
    entry["bytes"] = len(data)
    entry["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    _save_package(folder, package)


def _set_cell(line: str, column: int, value: str) -> str:
    cells = line.split(",")  # the TANF file has no quoted commas
    cells[column] = value
    return ",".join(cells)


# -- the real data -------------------------------------------------------------------------------


def test_load_tanf_shape_and_types():
    tanf = load_tanf()
    fields = _tanf_entry()["schema"]["fields"]
    assert tanf.shape == (3539, 22)
    assert list(tanf.columns) == [f["name"] for f in fields] + ["condition_label", "recertified"]
    for field in fields:
        dtype = tanf[field["name"]].dtype
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_dtype(dtype), field["name"]
        elif field["type"] == "integer":
            assert dtype == "Int64", field["name"]
        elif "enum" in field.get("constraints", {}):
            assert isinstance(dtype, pd.CategoricalDtype), field["name"]
            assert list(dtype.categories) == field["constraints"]["enum"], field["name"]
        else:
            assert dtype == "string", field["name"]
    labels = tanf["condition_label"].dtype
    assert labels.ordered and list(labels.categories) == [
        "No letter",
        "Letter with an assigned appointment",
        "Letter inviting the client to choose a time",
    ]
    pairs = tanf[["condition", "condition_label"]].astype(str).drop_duplicates()
    assert dict(pairs.itertuples(index=False)) == datasets.TANF_CONDITIONS
    assert tanf["recertified"].dtype == bool
    assert tanf["recertified"].equals(tanf["recert_status"].astype(str) == "Processed")
    assert tanf["recertified"].sum() == 1541
    assert tanf["ic_case_id"].notna().all() and tanf["ic_case_id"].nunique() == 3536
    assert tanf["recert_status"].isna().sum() == 19
    assert tanf["date_of_recert"].isna().sum() == 2001 and tanf["recert_id"].isna().sum() == 1500


def test_shares_match_provenance():
    rates = tanf_rates()
    assert list(rates.index) == ["No_Letter", "Specific_Appt", "Open_Appt"]
    assert list(rates.columns) == ["condition_label", "cases", "recertified", "share"]
    assert rates["cases"].tolist() == [1177, 1181, 1181]
    assert rates["recertified"].tolist() == [470, 525, 546]
    assert rates["share"].tolist() == [0.399, 0.445, 0.462]
    provenance = (DATA / "tanf" / "PROVENANCE.md").read_text(encoding="utf-8")
    for code, row in rates.iterrows():
        pct = f"{100 * row['recertified'] / row['cases']:.1f}%"
        line = next(ln for ln in provenance.splitlines() if ln.startswith(f"| `{code}` |") and "/" in ln)
        assert f"{row['recertified']} / {row['cases']:,}" in line and pct in line, line


def test_copy_is_byte_identical_to_the_recorded_hash():
    entry = _tanf_entry()
    data = (DATA / TANF_CSV).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert entry["hash"] == f"sha256:{digest}"
    assert entry["bytes"] == len(data) == 827632
    assert digest in (DATA / "tanf" / "PROVENANCE.md").read_text(encoding="utf-8")
    if SHARED_CSV.is_file():  # the team's checked copy; CI has no ../shared
        assert SHARED_CSV.read_bytes() == data


def test_datapackage_describes_the_file():
    package = _package()
    assert package["profile"] == "data-package"
    entry = _tanf_entry()
    assert entry["path"] == TANF_CSV and entry["format"] == "csv" and entry["encoding"] == "utf-8"
    assert entry["rows"] == 3539
    assert entry["licenses"][0]["name"] == "CC0-1.0"
    assert any("thelabdc/DHS-TANFRecertification-Public" in s["path"] for s in entry["sources"])
    schema = entry["schema"]
    assert schema["missingValues"] == ["NA", ""]
    header = (DATA / TANF_CSV).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [f["name"] for f in schema["fields"]] == header
    assert all(f["type"] in ("string", "integer", "date") for f in schema["fields"])
    constraints = {f["name"]: f.get("constraints", {}) for f in schema["fields"]}
    assert constraints["ic_case_id"]["required"] is True
    assert constraints["condition"]["enum"] == ["No_Letter", "Specific_Appt", "Open_Appt"]


def test_data_dictionary_lists_every_column_with_its_type():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([^`]+)` \| ([a-z ]+) \|", readme, re.M))
    for field in _tanf_entry()["schema"]["fields"]:
        assert field["name"] in rows, f"datasets/README.md: no row for column {field['name']!r}"
        assert rows[field["name"]] == field["type"], field["name"]
    assert rows["condition_label"] == "ordered category" and rows["recertified"] == "boolean"
    assert "## Simulated agency datasets" in readme and "make datasets" in readme


def test_doctests_pass():
    result = doctest.testmod(datasets, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# -- damaged files: caught before parsing --------------------------------------------------------


def _error(fn, *args, **kwargs) -> str:
    with pytest.raises(DatasetError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_missing_file(copy):
    (copy / TANF_CSV).unlink()
    message = _error(load_tanf, directory=copy)
    assert str(copy / TANF_CSV) in message and "missing" in message and RESTORE in message


def test_truncated_file(copy):
    path = copy / TANF_CSV
    path.write_bytes(path.read_bytes()[:-500])
    message = _error(read_resource, TANF, directory=copy)
    assert str(path) in message and "827,132 bytes" in message and "827,632" in message
    assert RESTORE in message


def test_edited_cell_same_size(copy):
    path = copy / TANF_CSV
    data = path.read_bytes()
    at = data.rindex(b"Processed")
    edited = data[:at] + b"Processes" + data[at + len(b"Processed") :]
    assert len(edited) == len(data)
    path.write_bytes(edited)
    message = _error(load_tanf, directory=copy)
    assert str(path) in message and "sha256" in message and RESTORE in message


def test_unknown_resource_name(copy):
    message = _error(read_resource, "tanf", directory=copy)
    assert str(copy / "datapackage.json") in message
    assert "'tanf'" in message and "Known datasets: tanf-recertification" in message
    assert RESTORE_PACKAGE in message


@pytest.mark.parametrize("content", ["{not json", "", '{"resources": "tanf"}', "[1, 2]"])
def test_damaged_datapackage(copy, content):
    (copy / "datapackage.json").write_text(content, encoding="utf-8")
    message = _error(load_tanf, directory=copy)
    assert str(copy / "datapackage.json") in message and "damaged" in message
    assert RESTORE_PACKAGE in message


def test_missing_datapackage(copy):
    (copy / "datapackage.json").unlink()
    message = _error(read_resource, TANF, directory=copy)
    assert str(copy / "datapackage.json") in message and RESTORE_PACKAGE in message


@pytest.mark.parametrize(
    "key, value",
    [
        ("hash", "md5:abc"),
        ("bytes", "big"),
        ("rows", -1),
        ("path", "../outside.csv"),
        ("format", "xlsx"),
    ],
)
def test_damaged_entry_blames_datapackage(copy, key, value):
    package = _package(copy)
    package["resources"][0][key] = value
    _save_package(copy, package)
    message = _error(read_resource, TANF, directory=copy)
    assert str(copy / "datapackage.json") in message and RESTORE_PACKAGE in message


def test_duplicate_field_names_are_refused(copy):
    package = _package(copy)
    fields = package["resources"][0]["schema"]["fields"]
    fields[1]["name"] = fields[0]["name"]
    _save_package(copy, package)
    message = _error(read_resource, TANF, directory=copy)
    assert "different 'name'" in message and RESTORE_PACKAGE in message


def test_unchecked_schema_keyword_is_refused(copy):
    package = _package(copy)
    package["resources"][0]["schema"]["fields"][0]["constraints"]["maxLength"] = 32
    _save_package(copy, package)
    message = _error(read_resource, TANF, directory=copy)
    assert "maxLength" in message and RESTORE_PACKAGE in message


# -- schema-level damage: size and sha256 updated, so the deeper checks run ----------------------


def test_consistent_copy_still_loads(copy):
    _write_consistent(copy, _lines(copy))
    assert len(load_tanf(directory=copy)) == 3539


def _renamed(lines):
    lines[0] = lines[0].replace("appt_date", "appointment_date")
    return lines, ["column", "'appt_date'", "'appointment_date'"]


def _reordered(lines):
    header = lines[0].split(",")
    header[2], header[3] = header[3], header[2]
    lines[0] = ",".join(header)
    return lines, ["another order", "column 3 is 'condition', expected 'appt_date'"]


def _enum(lines):
    lines[10] = _set_cell(lines[10], 3, "Phone_Call")
    return lines, ["column 'condition'", "row 10", "'Phone_Call'", "No_Letter, Specific_Appt, Open_Appt"]


def _enum_many(lines):
    for i in range(1, 7):
        lines[i] = _set_cell(lines[i], 3, f"Call_{i}")
    return lines, ["column 'condition', rows 1 ('Call_1'), 2 ('Call_2'), 3 ('Call_3') and 3 more"]


def _required(lines):
    lines[5] = _set_cell(lines[5], 0, "NA")
    return lines, ["column 'ic_case_id'", "row 5", "missing", "must always have one"]


def _too_few_rows(lines):
    return lines[:-1], ["3,538 rows", "3,539"]


def _too_many_rows(lines):
    return lines + [lines[-1]], ["3,540 rows", "3,539"]


def _bad_date(lines):
    lines[2] = _set_cell(lines[2], 2, "2017-13-45")
    return lines, ["column 'appt_date'", "row 2", "'2017-13-45'", "YYYY-MM-DD"]


def _bad_integer(lines):
    lines[4] = _set_cell(lines[4], 11, "sixty")
    return lines, ["column 'days_betwn_notice_and_recert_due'", "row 4", "'sixty'", "whole number"]


def _bad_pattern(lines):
    lines[7] = _set_cell(lines[7], 0, "not-a-code")
    return lines, ["column 'ic_case_id'", "row 7", "'not-a-code'", "pattern"]


def _below_minimum(lines):
    lines[9] = _set_cell(lines[9], 11, "-3")
    return lines, ["column 'days_betwn_notice_and_recert_due'", "row 9", "minimum 0"]


@pytest.mark.parametrize(
    "damage",
    [
        _renamed,
        _reordered,
        _enum,
        _enum_many,
        _required,
        _too_few_rows,
        _too_many_rows,
        _bad_date,
        _bad_integer,
        _bad_pattern,
        _below_minimum,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_schema_checks(copy, damage):
    lines, expected = damage(_lines(copy))
    _write_consistent(copy, lines)
    message = _error(load_tanf, directory=copy)
    assert str(copy / TANF_CSV) in message and RESTORE in message
    for text in expected:
        assert text in message, f"{text!r} not in: {message}"


# -- a generated resource goes through the same loader -------------------------------------------

SIM_CSV = "simulated/demo.csv"
SIM_TEXT = (
    "client_id,week,attended,hours,seen_at,route\n"
    "c1,1,true,1.5,2026-01-05T10:00:00,self\n"
    "c1,2,false,,2026-01-12T10:00:00,self\n"
    "c2,1,1,0.75,,mandated\n"
)


def _add_generated(folder, text=SIM_TEXT) -> None:
    data = text.encode("utf-8")
    (folder / SIM_CSV).parent.mkdir(parents=True, exist_ok=True)
    (folder / SIM_CSV).write_bytes(data)
    package = _package(folder)
    package["resources"].append(
        {
            "name": "demo-simulated",
            "path": SIM_CSV,
            "format": "csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "rows": 3,
            "x-generated": True,
            "schema": {
                "missingValues": [""],
                "primaryKey": ["client_id", "week"],
                "fields": [
                    {"name": "client_id", "type": "string", "constraints": {"required": True}},
                    {"name": "week", "type": "integer", "constraints": {"minimum": 1, "maximum": 26}},
                    {"name": "attended", "type": "boolean"},
                    {"name": "hours", "type": "number", "constraints": {"minimum": 0}},
                    {"name": "seen_at", "type": "datetime"},
                    {"name": "route", "type": "string", "constraints": {"enum": ["self", "mandated"]}},
                ],
            },
        }
    )
    _save_package(folder, package)


def test_generated_resource_reads_with_types(copy):
    _add_generated(copy)
    df = read_resource("demo-simulated", directory=copy)
    assert df.shape == (3, 6)
    assert df["week"].dtype == "Int64" and df["hours"].dtype == "Float64"
    assert df["attended"].dtype == "boolean" and df["attended"].tolist() == [True, False, True]
    assert pd.api.types.is_datetime64_dtype(df["seen_at"]) and df["seen_at"].isna().sum() == 1
    assert isinstance(df["route"].dtype, pd.CategoricalDtype)
    assert df["hours"].isna().sum() == 1


def test_generated_resource_says_rebuild(copy):
    _add_generated(copy)
    (copy / SIM_CSV).unlink()
    message = _error(read_resource, "demo-simulated", directory=copy)
    assert str(copy / SIM_CSV) in message and REBUILD in message and "git checkout" not in message


@pytest.mark.parametrize(
    "text, expected",
    [
        (SIM_TEXT.replace("c2,1,", "c1,1,"), "the key (client_id, week) repeats"),
        (SIM_TEXT.replace(",true,", ",yes,"), "column 'attended'"),
        (SIM_TEXT.replace(",0.75,", ",-1,"), "below the minimum 0"),
        (SIM_TEXT.replace("c2,1,", "c2,40,"), "above the maximum 26"),
        (SIM_TEXT.replace("T10:00:00,self\nc1", "Tlater,self\nc1"), "column 'seen_at'"),
    ],
)
def test_generated_resource_schema_checks(copy, text, expected):
    _add_generated(copy, text)
    message = _error(read_resource, "demo-simulated", directory=copy)
    assert expected in message and REBUILD in message


# -- arguments ------------------------------------------------------------------------------------


def test_arguments_are_validated(tmp_path):
    with pytest.raises(TypeError, match="name must be a string"):
        read_resource(42)
    with pytest.raises(TypeError, match="directory must be a folder path"):
        load_tanf(directory=42)
    missing = tmp_path / "nowhere"
    message = _error(load_tanf, directory=missing)
    assert str(missing) in message and "datapackage.json" in message
