"""The cohort debrief page (coownership cohort-report, issue #16 item 2) and the audit's share button."""

from __future__ import annotations

import contextlib
import io
import json
import re

import nbformat
import pytest
from conftest import all_widgets

from coownership import cli, course, grading, roster
from coownership.cohort_report import gather, report_html, write_cohort_report
from coownership.cohort_share import SHARE_WORDS, read_profiles, share_profile
from coownership.errors import GradingError
from coownership.journal import Journal
from coownership.survey import share_ratings
from coownership.widgets.structure_audit import StructureAudit
from coownership.widgets.structure_audit_scoring import audit_items, score_audit

BEFORE, AFTER = "4 2 5 3 1 4 2 5", "2 4 3 4 2 5 4 3"
ITEMS = audit_items()


def _beliefs(folder, before: int, after: int) -> None:
    for _ in range(before):
        share_ratings(BEFORE, when="before", folder=folder)
    for _ in range(after):
        share_ratings(AFTER, when="after", folder=folder)


def _profiles(folder, n: int) -> None:
    for k in range(n):
        ratings = {item.id: 3 for item in ITEMS}
        ratings["agency-scheduling"] = 0  # everyone's lowest
        ratings["partnership-records"] = 1 if k % 2 else 3  # the second lowest for some
        share_profile(score_audit(ratings), folder=folder)


def _cli(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return code, out.getvalue(), err.getvalue()


# --- the share button on the structure audit (headless) ---


def test_share_button_is_labelled_and_writes_an_unnamed_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("COOWNERSHIP_SHARE_DIR", str(tmp_path / "drop"))
    audit = StructureAudit(journal=Journal(tmp_path / "j.jsonl"))
    assert audit.share_button in all_widgets(audit)
    assert audit.share_button.description == SHARE_WORDS["button"] and audit.share_button.tooltip.strip()
    audit.share_button.click()  # nothing rated: nothing written, a message instead
    assert not (tmp_path / "drop").exists() and "○" in audit.status.value
    for item in ITEMS:
        audit.controls[item.id].value = 2
    audit.controls["relevance-tailored"].value = 0
    audit.share_button.click()
    (path,) = (tmp_path / "drop").glob("audit-*.json")
    data = json.loads(path.read_text())
    assert sorted(data) == ["audit", "format", "means", "module", "named"]
    assert data["named"][0] == "relevance-tailored" and set(data["means"]) == {"agency", "relevance", "partnership"}
    assert all(isinstance(v, float) for v in data["means"].values())
    assert "✔" in audit.status.value and "role='status'" in audit.status.value and path.name in audit.status.value
    assert not (tmp_path / "j.jsonl").exists()  # sharing is not saving


def test_share_writes_nothing_while_grading(tmp_path, monkeypatch):
    monkeypatch.setenv("COOWNERSHIP_SHARE_DIR", str(tmp_path))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    audit = StructureAudit(journal=Journal(tmp_path / "j.jsonl"))
    audit.controls["agency-say-no"].value = 1
    audit.share()
    assert list(tmp_path.glob("*.json")) == [] and SHARE_WORDS["grading"] in audit.status.value


def test_share_problem_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COOWNERSHIP_SHARE_DIR", str(blocker / "drop"))
    audit = StructureAudit(journal=Journal(tmp_path / "j.jsonl"))
    audit.controls["agency-say-no"].value = 1
    audit.share()
    assert "Not shared" in audit.status.value and "⚠" in audit.status.value


# --- the page from shared files ---


def test_a_group_of_four_is_refused_with_the_sentence_and_five_is_shown(tmp_path):
    four, five = tmp_path / "four", tmp_path / "five"
    _beliefs(four, 4, 5)
    _profiles(four, 5)
    page = report_html(gather(four))
    assert "Not shown: fewer than 5 people in a group (before: 4, after: 5), so someone could be picked out." in page
    assert "5 people shared their profile" in page
    _beliefs(five, 5, 5)
    _profiles(five, 4)
    page = report_html(gather(five))
    assert "Before: 2.50 (5 people). After: 3.88 (5 people). The group's mean went up by 1.38" in page
    assert "Before: 2.50, from 5 people. After: 3.88, from 5 people." in page  # the alt text says how many
    assert "Not shown: fewer than 5 people shared a profile (4), so someone could be picked out." in page
    assert page.count("<img") == 1 and "data:image/png;base64," in page
    assert "Any group smaller than 5 people is not shown" in page
    six = tmp_path / "six"  # a coordinator may ask for larger groups: the page says so, and keeps to it
    _beliefs(six, 6, 6)
    _profiles(six, 5)
    stricter = report_html(gather(six, min_group=6))
    assert "Any group smaller than 6 people is not shown" in stricter and "(6 people)" in stricter
    assert "Not shown: fewer than 6 people shared a profile (5)" in stricter


def test_the_structures_most_often_named_come_from_the_audit_content(tmp_path):
    _profiles(tmp_path, 6)
    _beliefs(tmp_path, 1, 0)  # one person's beliefs alone: refused, the rest shown
    page = report_html(gather(tmp_path))
    first, second = ITEMS[0], next(i for i in ITEMS if i.id == "partnership-records")
    assert f"<strong>{first.statement}</strong> Named by 6 of 6 people" in page
    assert f"Named by 3 of 6 people (item {second.number}, Partnership)" in page
    assert "Agency: 2.2 of 4, between sometimes and usually, from 6 people" in page and page.count("<img") == 1
    assert "fewer than 5 people in a group (before: 1, after: 0)" in page


def test_an_empty_folder_one_learner_and_small_groups_get_one_sentence(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GradingError, match="holds no gradebook and no shared files that could be read"):
        gather(empty)
    code, out, err = _cli(["cohort-report", str(empty), "-o", str(tmp_path / "r.html")])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "nothing to report" in err
    assert not (tmp_path / "r.html").exists()
    one = tmp_path / "one"
    _beliefs(one, 1, 1)
    _profiles(one, 1)
    with pytest.raises(GradingError, match="only one person's work was found"):
        gather(one)
    small = tmp_path / "small"
    _beliefs(small, 4, 3)
    _profiles(small, 2)
    with pytest.raises(GradingError, match=r"every group .* fewer than 5 people \(the largest has 4\)"):
        gather(small)
    with pytest.raises(GradingError, match="no folder"):
        gather(tmp_path / "missing")
    with pytest.raises(GradingError, match="is a file"):
        gather(next(one.iterdir()))


def test_a_malformed_share_file_is_skipped_and_reported_but_not_named_on_the_page(tmp_path):
    _beliefs(tmp_path, 5, 5)
    _profiles(tmp_path, 5)
    (tmp_path / "audit-broken.json").write_text('{"format": "coownership-audit/1", "means"')
    (tmp_path / "beliefs-before-broken.json").write_text("not json")
    (tmp_path / "audit-other.json").write_text(json.dumps({"format": "coownership-audit/1", "audit": "x"}))
    data = gather(tmp_path)
    assert len(data.skipped) == 3 and data.profiles is not None and data.profiles.n == 5
    assert any(n.startswith("audit-broken.json: could not be read") for n in data.skipped)
    assert any(n.startswith("beliefs-before-broken.json: could not be read") for n in data.skipped)
    page = report_html(data)
    assert "3 shared files could not be read and were not used" in page and "broken" not in page
    out = tmp_path / "out" / "page.html"
    out.parent.mkdir()
    code, printed, _ = _cli(["cohort-report", str(tmp_path), "-o", str(out)])
    assert code == 0 and printed.count("Not used: ") == 3 and "audit-broken.json" in printed
    code, _, err = _cli(["cohort-report", str(tmp_path), "-o", str(out)])
    assert code == 2 and "already exists" in err
    assert _cli(["cohort-report", str(tmp_path), "-o", str(out), "--force"])[0] == 0
    with pytest.raises(ValueError, match=r"must end in \.html"):
        write_cohort_report(tmp_path, output=tmp_path / "page.csv")


def test_read_profiles_leaves_beliefs_files_to_the_beliefs_reader(tmp_path):
    _beliefs(tmp_path, 2, 0)
    _profiles(tmp_path, 2)
    profiles, names, notes = read_profiles(tmp_path)
    assert len(profiles) == 2 and len(names) == 2 and notes == [] and all(n.startswith("audit-") for n in names)


# --- exercise results by item, from a small real gradebook ---

M0, M1 = "00-start-here", "01-engagement-is-produced"
PEOPLE = {  # distinctive ids and names: none may appear on the page
    "quillon.vandermeer": ("Quillon Vandermeer", "PSPSSP", "C"),
    "zephyrine.okonkwo": ("Zephyrine Okonkwo", "PSPSSP", "C"),
    "bartholomew.ixtlan": ("Bartholomew Ixtlan", "PSPSSP", "A"),
    "marisol.thackeray": ("Marisol Thackeray", "SSSSSS", "C"),
    "ingeborg.papadakis": ("Ingeborg Papadakis", "PPPPPP", "C"),
}


def _filled(root, module, answers):
    nb = nbformat.read(root / "release" / module / f"{module}.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    for cell, value in zip(cells, answers, strict=True):
        cell.source = cell.source.replace('answer = "..."', f'answer = "{value}"')
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    course.release(root, ids=[M0, M1])
    work = tmp_path_factory.mktemp("work")
    lines = ["id,name,email"] + [f"{i},{name},{i}@example.org" for i, (name, *_rest) in PEOPLE.items()]
    (work / "learners.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    roster.import_roster(work / "learners.csv", course_root=root)
    inbox = work / "inbox"
    for learner, (_name, sort, choice) in PEOPLE.items():
        (inbox / learner).mkdir(parents=True)
        nbformat.write(_filled(root, M1, [sort, choice]), inbox / learner / f"{M1}.ipynb")
    (inbox / "quillon.vandermeer" / f"{M0}.ipynb").write_text('{"cells": [')  # a damaged submission
    (inbox / "zephyrine.okonkwo" / f"{M0}.ipynb").write_text(
        nbformat.writes(_filled(root, M0, ["care coordinator", "A", "4 4 2 5 2 5 3 2"]))
    )
    grading.collect(inbox, course_root=root)
    grading.autograde(root, jobs=2)
    shared = root / "shared-ratings"
    _beliefs(shared, 5, 6)
    return root


@pytest.mark.slow
def test_exercise_shares_come_from_the_gradebook_and_no_one_is_named(graded, tmp_path):
    data = gather(graded)
    assert data.exercises is not None
    results = {m.module: m for m in data.exercises}
    m1 = results[M1]
    assert m1.shown and m1.graded == 5
    assert [(i.grade_id, i.n, i.right) for i in m1.items] == [("sort-check", 5, 3), ("amira-check", 5, 4)]
    assert [i.title for i in m1.items] == ["Sort six statements", "Amira's missed visits"]
    m0 = results[M0]
    assert not m0.shown and m0.items == () and (m0.graded, m0.not_counted) == (1, 1)
    out = tmp_path / "debrief.html"
    code, printed, _ = _cli(["cohort-report", str(graded), "-o", str(out)])
    assert code == 0, printed
    page = out.read_text(encoding="utf-8")
    assert "Sort six statements</td><td class='n'>5</td><td class='n'>3</td><td class='n'>60%" in page
    assert "The hardest for this group: <strong>Sort six statements</strong> (3 of 5 got it right)" in page
    assert "Not shown: fewer than 5 learners&#x27; copies are graded" in page
    assert "Before: 2.50 (5 people). After: 3.88 (6 people)" in page
    lowered = page.lower()
    for learner, (name, *_rest) in PEOPLE.items():
        for word in [learner, *learner.split("."), name, *name.split()]:
            assert word.lower() not in lowered, f"{word!r} appears on the page"
    assert "example.org" not in lowered and str(graded).lower() not in lowered
    assert len(re.findall(r"<img [^>]*alt=\"[^\"]+\"", page)) == 2  # beliefs and module 01, each with alt text
