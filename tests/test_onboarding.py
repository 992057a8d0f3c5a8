"""The onboarding path end to end, for a rostered cohort of five (issue #15).

ana.silva hands in with `handin` and is graded in full (a supervisor grades her reflection);
ben.okafor never submits; cleo.martin hands in a truncated notebook; dev.patel's reflection waits
for manual grading; eve.nguyen's first answer cell held code, so it was reset; zed (not on the
roster) hands in too. Every status, every export column, feedback that never shows a pending
zero, a re-run that grades only what changed, and a one-page certificate.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile

import nbformat
import pytest

from coownership import certificates, cli, course, grading, handin, progress, roster
from coownership.grading.feedback_notes import PENDING, RESET
from coownership.grading.reports import COMPLETION_COLUMNS, GRADES_COLUMNS

pytestmark = pytest.mark.slow
M0, M1 = "00-start-here", "01-engagement-is-produced"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
ANSWERS = {M0: ["care coordinator", "A", "4 4 2 5 2 5 3 2"], M1: ["PSPSSP", "C"]}
REFLECTION = "My team said a father was 'not engaged'. We could ask whether our visit times fit his shifts."


def _answer_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]


def _filled(root, module, *, reflection=True, answers=None):
    nb = nbformat.read(root / "release" / module / f"{module}.ipynb", as_version=4)
    for cell, value in zip(_answer_cells(nb), answers or ANSWERS[module], strict=True):
        cell.source = cell.source.replace('answer = "..."', f'answer = "{value}"')
    if reflection:
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "reflection":
                cell.source = REFLECTION
    return nb


def pdf_pages(data: bytes) -> int:
    """Pages in a PDF, counted from its bytes (each page object says /Type /Page)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def _rows(root):
    return {(r["learner"], r["module"]): r for r in grading.status(root)}


def _reset_eve(root):
    eve = _filled(root, M1, reflection=False)
    _answer_cells(eve)[0].source = 'import os\nanswer = "PSPSSP"'  # code in an answer cell: reset at grading
    return eve


def _cli(root, args):
    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("COOWNERSHIP_COURSE_ROOT")
    os.environ["COOWNERSHIP_COURSE_ROOT"] = str(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(args)
    finally:
        if old is None:
            os.environ.pop("COOWNERSHIP_COURSE_ROOT")
        else:
            os.environ["COOWNERSHIP_COURSE_ROOT"] = old
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    """The whole path, run once in order; the tests below check what each step left (so they
    pass in any order and on any worker)."""
    seen = {}
    root = tmp_path_factory.mktemp("course")
    course.release(root, ids=[M0, M1])
    work = tmp_path_factory.mktemp("work")
    (work / "learners.csv").write_text(
        "id,name,email\n"
        "ana.silva,Ana Silva,ana@example.org\n"
        "ben.okafor,Ben Okafor,\n"
        "cleo.martin,Cléo Martin,cleo@example.org\n"
        "dev.patel,Dev Patel,dev@example.org\n"
        "eve.nguyen,Eve Nguyen,not-an-email\n"
        "eve.nguyen,Eve Nguyen,eve@example.org\n"
        "Bad Id,Someone,\n"
        ",No Id,\n",
        encoding="utf-8",
    )
    seen["imported"] = roster.import_roster(work / "learners.csv", course_root=root)
    seen["before"] = _rows(root)
    # ana hands in the way a learner does: her course folder, packed by `handin`
    ws = work / "ana-learner"
    for module in (M0, M1):
        (ws / module).mkdir(parents=True)
        nbformat.write(_filled(root, module), ws / module / f"{module}.ipynb")
    seen["packed"] = handin.handin(ws, learner="ana.silva", out=work)
    inbox = work / "inbox"
    (inbox / "cleo.martin").mkdir(parents=True)
    text = json.dumps(_filled(root, M1))
    (inbox / "cleo.martin" / f"{M1}.ipynb").write_text(text[: len(text) // 2])  # truncated in transit
    nbformat.write(_filled(root, M1), inbox / f"dev.patel_{M1}.ipynb")
    (inbox / "eve.nguyen").mkdir()
    nbformat.write(_reset_eve(root), inbox / "eve.nguyen" / f"{M1}.ipynb")
    (inbox / "zed").mkdir()
    nbformat.write(_filled(root, M0), inbox / "zed" / f"{M0}.ipynb")
    seen["collected"] = [
        grading.collect(work / "ana.silva.zip", course_root=root),
        grading.collect(inbox, course_root=root),
    ]
    seen["after_collect"] = _rows(root)
    seen["first"] = grading.autograde(root, jobs=2)
    seen["after_first"] = _rows(root)
    from nbgrader.api import Gradebook  # a supervisor grades ana's reflection in formgrader

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        grade = gb.find_grade("reflection", M1, M1, "ana.silva")
        grade.manual_score, grade.needs_manual_grade = 3, False
        gb.db.commit()
    seen["after_manual"] = _rows(root)
    seen["again"] = grading.autograde(root, jobs=2)  # nothing changed
    resend = work / "resend" / "eve.nguyen"
    resend.mkdir(parents=True)
    nbformat.write(_filled(root, M1, reflection=False), resend / f"{M1}.ipynb")  # eve sends a corrected copy
    seen["recollected"] = grading.collect(resend.parent, course_root=root, replace=True)
    seen["after_resend"] = _rows(root)
    seen["third"] = grading.autograde(root, jobs=1)
    seen["everything"] = grading.autograde(root, jobs=1, learners=["ana.silva"], everything=True)
    seen["after_everything"] = _rows(root)
    nbformat.write(_reset_eve(root), resend / f"{M1}.ipynb")  # and the reset answer again, for feedback
    grading.collect(resend.parent, course_root=root, replace=True)
    seen["fourth"] = grading.autograde(root)
    seen["feedback"] = grading.feedback(root)
    seen["dev_feedback_by_default"] = (root / "feedback" / "dev.patel").exists()
    seen["feedback_pending"] = grading.feedback(root, include_pending=True)
    seen["export"] = grading.export(root, out_dir=work / "export")
    seen["cli_status"] = _cli(root, ["status"])
    seen["cli_autograde"] = _cli(root, ["autograde"])
    seen["cli_roster"] = _cli(root, ["roster", "list"])
    seen["certificates"] = certificates.certificates(root)
    return {"root": root, "work": work, **seen}


def test_roster_import_reports_bad_rows_and_keeps_the_rest(path):
    text = "\n".join(path["imported"].lines())
    assert "5 learner(s) on the roster (5 added, 0 updated)" in text
    assert "line 6: eve.nguyen's email 'not-an-email' has no '@'" in text
    assert "line 8: the id 'Bad Id' has characters" in text and "line 9: no id" in text
    assert list(roster.read_roster(path["root"])) == [
        "ana.silva",
        "ben.okafor",
        "cleo.martin",
        "dev.patel",
        "eve.nguyen",
    ]
    from nbgrader.api import Gradebook  # formgrader lists the roster too

    with Gradebook(f"sqlite:///{path['root'] / 'gradebook.db'}") as gb:
        assert gb.find_student("cleo.martin").first_name == "Cléo"
    code, out = path["cli_roster"]
    assert code == 0 and "Cléo Martin" in out and "5 learner(s) on the roster" in out


def test_every_rostered_learner_has_a_row_before_anything_is_handed_in(path):
    rows = path["before"]
    for learner in roster.read_roster(path["root"]):
        assert rows[(learner, M0)]["status"] == "not submitted"
        assert rows[(learner, "02-disengagement-is-feedback")]["status"] == "not released"


def test_handin_packs_one_zip_in_the_layout_collect_reads(path):
    assert path["packed"].packed == [M0, M1]
    with zipfile.ZipFile(path["work"] / "ana.silva.zip") as z:
        assert sorted(z.namelist()) == [f"ana.silva/{M0}/{M0}.ipynb", f"ana.silva/{M1}/{M1}.ipynb"]
    assert sorted(path["collected"][0].collected) == [("ana.silva", M0), ("ana.silva", M1)]


def test_collect_flags_a_learner_not_on_the_roster(path):
    report = path["collected"][1]
    assert report.not_on_roster == ["zed"]
    assert any("not on the roster: zed" in line for line in report.lines())
    assert path["after_first"][("zed", M0)]["on_roster"] == "no"


def test_every_status_along_the_way(path):
    collected, first = path["after_collect"], path["after_first"]
    assert collected[("dev.patel", M1)]["status"] == "submitted, not graded yet"
    assert collected[("cleo.martin", M1)]["status"] == "submitted, not graded yet"
    assert first[("ben.okafor", M1)]["status"] == "not submitted"
    assert first[("cleo.martin", M1)]["status"].startswith("could not be graded: the notebook could not be read")
    assert first[("dev.patel", M1)]["status"] == "waiting for manual grading"
    assert first[("ana.silva", M1)]["status"] == "waiting for manual grading"
    assert path["after_manual"][("ana.silva", M1)]["status"] == "graded"
    assert first[("eve.nguyen", M1)]["status"] == "graded"  # her reflection box was untouched: 0, final
    assert first[("ana.silva", M0)]["status"] == "graded"
    assert path["after_resend"][("eve.nguyen", M1)]["status"] == "submitted, not graded yet"
    assert {r.learner for r in path["first"] if not r.ok} == {"cleo.martin"}
    assert len(path["first"]) == 6


def test_a_rerun_grades_only_what_changed_and_keeps_times_and_manual_grades(path):
    assert list(path["again"]) == [] and len(path["again"].unchanged) == 6
    assert path["recollected"].collected == [("eve.nguyen", M1)]
    assert [(r.learner, r.module, r.score) for r in path["third"]] == [("eve.nguyen", M1, 3.0)]
    assert len(path["everything"]) == 2  # --all grades ana's two again ...
    before, after = path["after_manual"], path["after_everything"]
    assert after[("ana.silva", M0)]["graded_at"] == before[("ana.silva", M0)]["graded_at"]  # ... same copy, same time
    assert after[("ana.silva", M1)]["status"] == "graded" and after[("ana.silva", M1)]["manual_score"] == "3"
    assert [r.learner for r in path["fourth"]] == ["eve.nguyen"]
    code, out = path["cli_autograde"]
    assert code == 0 and "Nothing new to grade." in out and "use --all" in out
    report = (path["root"] / "autograde-report.txt").read_text()
    assert "cleo.martin\t01-engagement-is-produced\tcould not be graded: the notebook could not be read" in report


def test_feedback_only_when_final_and_pending_never_shows_a_zero(path):
    root, lines = path["root"], path["feedback"]
    assert f"dev.patel/{M1}: skipped: its written answer waits for manual grading" in lines
    assert "1 skipped because a written answer waits for manual grading" in lines[-1]
    assert f"ana.silva/{M1}: feedback written" in lines and not path["dev_feedback_by_default"]
    eve = (root / "feedback" / "eve.nguyen" / M1 / f"{M1}.html").read_text()
    assert RESET.split(":")[0] in eve and "counts as not attempted" in eve
    assert f"dev.patel/{M1}: feedback written" in path["feedback_pending"]
    page = (root / "feedback" / "dev.patel" / M1 / f"{M1}.html").read_text()
    assert PENDING in page and PENDING.capitalize() in page
    assert not re.search(r"Score: 0(\.0+)? / 3", page) and "(Score: 3.0 / 6.0)" not in page
    assert "exercises checked automatically: 3 / 3" in page
    ana = (root / "feedback" / "ana.silva" / M1 / f"{M1}.html").read_text()
    assert PENDING not in ana and "(Score: 6.0 / 6.0)" in ana


def test_export_has_every_column_and_blank_for_scores_that_do_not_exist(path):
    grades, completion = path["export"]
    with open(grades, encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == GRADES_COLUMNS
    with open(completion, encoding="utf-8") as handle:
        rows = {(r["learner"], r["module"]): r for r in csv.DictReader(handle)}
    assert list(next(iter(rows.values()))) == COMPLETION_COLUMNS
    ana = rows[("ana.silva", M1)]
    assert [ana[c] for c in ("autograded_score", "manual_score", "total", "max_score", "percent")] == [
        "3",
        "3",
        "6",
        "6",
        "100",
    ]
    assert ana["status"] == "graded" and ana["complete"] == "yes" and ana["name"] == "Ana Silva"
    assert ISO.match(ana["submitted_at"]) and ISO.match(ana["graded_at"]) and ana["graded_at"] >= ana["submitted_at"]
    ana0 = rows[("ana.silva", M0)]
    assert ana0["manual_score"] == "" and ana0["manual_max"] == "" and ana0["total"] == ana0["max_score"]
    dev = rows[("dev.patel", M1)]
    assert dev["status"] == "waiting for manual grading" and dev["complete"] == "no" and dev["graded_at"] == ""
    assert [dev[c] for c in ("autograded_score", "manual_score", "manual_max", "total", "percent")] == [
        "3",
        "",
        "3",
        "",
        "",
    ]
    ben = rows[("ben.okafor", M1)]
    assert (
        ben["status"] == "not submitted" and ben["autograded_score"] == ben["total"] == "" and ben["max_score"] == "6"
    )
    cleo = rows[("cleo.martin", M1)]
    assert cleo["status"].startswith("could not be graded: ") and cleo["total"] == "" and cleo["submitted_at"]
    eve = rows[("eve.nguyen", M1)]
    assert [eve[c] for c in ("autograded_score", "manual_score", "total", "percent")] == ["1", "0", "1", "16.67"]
    assert rows[("zed", M0)]["on_roster"] == "no" and rows[("ana.silva", M0)]["on_roster"] == "yes"
    assert rows[("ben.okafor", "02-disengagement-is-feedback")]["status"] == "not released"
    for row in rows.values():
        for column in ("submitted_at", "graded_at"):
            assert row[column] == "" or ISO.match(row[column]), row


def test_the_cli_status_shows_everyone(path):
    code, out = path["cli_status"]
    assert code == 0
    assert re.search(r"ben\.okafor\s+01-engagement-is-produced\s+not submitted", out)
    assert "cleo.martin" in out and "could not be graded: the notebook could not be read" in out
    assert "[not on the roster]" in out and "waiting for manual grading: 1" in out
    assert re.search(r"ana\.silva\s+01-engagement-is-produced\s+graded  6 of 6 \(100%\)", out)


def test_a_certificate_per_learner_prints_on_one_page(path):
    root, report = path["root"], path["certificates"]
    assert report.written == ["ana.silva", "zed"] and not report.problems, report.lines()
    assert "ben.okafor" in report.none
    page = (root / "certificates" / "ana.silva.html").read_text()
    assert "Ana Silva" in page and "20 minutes" in page and "45 minutes" in page and "65 minutes" in page
    assert certificates.course_description()[1][1:] in page  # "A Jupyter course on ..."
    pdf = (root / "certificates" / "ana.silva.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1
    if shutil.which("pdftoppm"):  # render it too, when poppler is installed
        out = root / "certificates" / "ana.silva"
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(out) + ".pdf", str(out)], check=True)
        assert len(list(root.glob("certificates/ana.silva*.png"))) == 1


def test_progress_reads_the_learners_own_folder(path, tmp_path, capsys):
    ws = tmp_path / "learner"
    shutil.copytree(path["work"] / "ana-learner", ws)
    done = progress.progress(ws)
    assert [(m.module, m.done, m.passed, m.checks) for m in done] == [(M0, True, 3, 3), (M1, True, 2, 2)]
    nb = nbformat.read(ws / M1 / f"{M1}.ipynb", as_version=4)
    _answer_cells(nb)[1].source = 'answer = "A"'
    _answer_cells(nb)[0].source = 'print("hi")\nanswer = "PSPSSP"'
    nbformat.write(nb, ws / M1 / f"{M1}.ipynb")
    assert cli.main(["progress", "--workspace", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "01-engagement-is-produced (Engagement is produced, not possessed): not done yet" in out
    assert "grading would reset it" in out and "Modules done: 1 of" in out


def test_progress_titles_come_from_the_learners_copy_when_the_sources_are_out_of_reach(path, tmp_path, monkeypatch):
    """On a hub, learners cannot read the source notebooks: the title comes from their own copy."""
    ws = tmp_path / "learner"
    shutil.copytree(path["work"] / "ana-learner", ws)

    def refused(folder):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(progress.course, "read_module", refused)
    titles = {m.module: m.title for m in progress.progress(ws)}
    assert titles[M1] == "Engagement is produced, not possessed" and titles[M0] == "Start here"


def test_handin_remembers_the_id_and_leaves_out_untouched_and_broken_notebooks(path, tmp_path, capsys):
    ws = tmp_path / "learner"
    for module in (M0, M1):
        (ws / module).mkdir(parents=True)
        shutil.copy(path["root"] / "release" / module / f"{module}.ipynb", ws / module / f"{module}.ipynb")
    nbformat.write(_filled(path["root"], M1), ws / M1 / f"{M1}.ipynb")
    record = {f"{M0}/{M0}.ipynb": hashlib.sha256((ws / M0 / f"{M0}.ipynb").read_bytes()).hexdigest()}
    (ws / ".coownership").mkdir()
    (ws / ".coownership" / "copied.json").write_text(json.dumps(record))
    assert cli.main(["handin", "--workspace", str(ws)]) == 2
    assert "give your learner id" in capsys.readouterr().err
    assert cli.main(["handin", "--workspace", str(ws), "--id", "maria.lopez"]) == 0
    out = capsys.readouterr().out
    assert f"Packed 1 module(s) into {ws / 'maria.lopez.zip'}: {M1}" in out
    assert f"have not changed them yet: {M0}" in out
    (ws / M0 / f"{M0}.ipynb").write_text('{"cells": [')  # damaged: left out, named, exit 1
    assert cli.main(["handin", "--workspace", str(ws)]) == 1
    assert "NOT included: 00-start-here could not be read" in capsys.readouterr().out
    assert (ws / M0 / f"{M0}.ipynb").read_text() == '{"cells": ['  # nothing the learner wrote is touched
