"""The SIMULATED agency datasets: rebuilt byte for byte, labelled, checked when loaded."""

import hashlib
import json
import shutil
import subprocess

import pytest
from conftest import REPO

from coownership import agency
from coownership.datasets import DATASETS_DIR, DatasetError, load_agency


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rebuild") / "datasets"
    shutil.copytree(DATASETS_DIR, folder)
    for path in (folder / "simulated").glob("*.csv"):
        path.unlink()
    agency.build(folder)
    return folder


def test_make_datasets_rebuilds_the_committed_files_byte_for_byte(rebuilt):
    committed = sorted((DATASETS_DIR / "simulated").glob("*.csv"))
    assert len(committed) == len(agency.TABLES) + 1  # each table, and the practice appointment export
    for path in committed:
        fresh = rebuilt / "simulated" / path.name
        assert hashlib.sha256(fresh.read_bytes()).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest(), (
            f"{path.name} differs from a fresh build: run `make datasets` and commit the result"
        )
    assert (rebuilt / "datapackage.json").read_bytes() == (DATASETS_DIR / "datapackage.json").read_bytes()
    assert (rebuilt / "README.md").read_bytes() == (DATASETS_DIR / "README.md").read_bytes()


def test_every_simulated_file_says_so():
    package = json.loads((DATASETS_DIR / "datapackage.json").read_text())
    simulated = [r for r in package["resources"] if r.get("x-simulated")]
    assert {r["name"] for r in simulated} == {f"agency-{t.replace('_', '-')}" for t in agency.TABLES} | {
        "agency-export"
    }
    for resource in simulated:
        assert resource["x-generated"] is True and "SIMULATED" in resource["title"]
        first = (DATASETS_DIR / resource["path"]).read_text().splitlines()[0]
        assert first.startswith("# SIMULATED")
    assert "SIMULATED" in (DATASETS_DIR / "README.md").read_text()


@pytest.mark.parametrize("table", agency.TABLES)
def test_load_agency_reads_each_table_typed(table):
    frame = load_agency(table)
    assert frame.attrs["simulated"] is True
    assert list(frame["program"].cat.categories) == ["standard", "pilot"]
    assert len(frame) > 0


def test_the_two_programs_differ_the_way_the_course_says():
    a = load_agency("appointments")
    missed = 1 - a.groupby("program", observed=True)["attended"].mean()
    assert missed["standard"] > missed["pilot"] + 0.05


def test_a_damaged_simulated_file_says_rebuild_with_make_datasets(tmp_path):
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS_DIR, folder)
    target = folder / "simulated" / "maple-street-labels.csv"
    target.write_bytes(target.read_bytes()[:-200])
    with pytest.raises(DatasetError, match="make datasets"):
        load_agency("labels", directory=folder)
    target.unlink()
    with pytest.raises(DatasetError, match="maple-street-labels.csv.*missing.*make datasets"):
        load_agency("labels", directory=folder)


def test_make_datasets_target_exists():
    proc = subprocess.run(["make", "-n", "datasets"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0 and "coownership.agency" in proc.stdout
