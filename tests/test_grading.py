"""The coordinator's pipeline: collect layouts, bad input, export and status, the CLI's messages."""

from __future__ import annotations

import csv
import shutil
import zipfile

import nbformat
import pytest

from coownership import cli, course, grading
from coownership.grading.reports import GRADES_COLUMNS

pytestmark = pytest.mark.slow
M0, M1 = "00-start-here", "01-engagement-is-produced"


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    course.release(root, ids=[M0, M1])
    return root


def _src(module):
    return course.NOTEBOOKS / module / f"{module}.ipynb"


def test_collect_takes_every_supported_layout_from_a_folder_and_a_zip(root, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "ana").mkdir(parents=True)
    shutil.copy(_src(M0), inbox / "ana" / f"{M0}.ipynb")  # learner/module.ipynb
    (inbox / "ben" / M1).mkdir(parents=True)
    shutil.copy(_src(M1), inbox / "ben" / M1 / f"{M1}.ipynb")  # learner/module/module.ipynb
    shutil.copy(_src(M1), inbox / f"carla.diaz_{M1}.ipynb")  # learner_module.ipynb
    report = grading.collect(inbox, course_root=root)
    assert sorted(report.collected) == [("ana", M0), ("ben", M1), ("carla.diaz", M1)]
    assert (root / "submitted" / "carla.diaz" / M1 / "timestamp.txt").is_file()
    archive = tmp_path / "more.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(_src(M0), f"export/dev_{M0}.ipynb")
        z.write(_src(M1), f"gus/learner/{M1}/{M1}.ipynb")  # a learner's whole learner/ folder
        z.writestr("../escape.ipynb", "{}")
        z.writestr("big/notes.txt", "x" * 1000)  # not a notebook: never extracted
    report = grading.collect(archive, course_root=root)
    assert sorted(report.collected) == [("dev", M0), ("gus", M1)]
    assert not (root.parent / "escape.ipynb").exists()
    stamp = (root / "submitted" / "dev" / M0 / "timestamp.txt").read_text()
    assert not stamp.startswith(str(__import__("datetime").date.today().year + 1))


def test_collect_keeps_an_earlier_submission_unless_told_to_replace(root, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "dora").mkdir(parents=True)
    shutil.copy(_src(M0), inbox / "dora" / f"{M0}.ipynb")
    grading.collect(inbox, course_root=root)
    nb = nbformat.read(_src(M0), as_version=4)
    nb.cells[0].source += "\nchanged"
    nbformat.write(nb, inbox / "dora" / f"{M0}.ipynb")
    report = grading.collect(inbox, course_root=root)
    assert report.collected == [] and "--replace" in report.skipped[0]
    assert grading.collect(inbox, course_root=root, replace=True).collected == [("dora", M0)]


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p, "no notebooks"),
        (lambda p: p / "missing", "does not exist"),
        (lambda p: (p / "x.txt").write_text("hi") and p / "x.txt", "not a .zip"),
    ],
)
def test_collect_bad_input_names_it(tmp_path, root, make, words):
    with pytest.raises(grading.GradingError, match=words):
        grading.collect(make(tmp_path), course_root=root)


def test_export_and_status_after_grading_with_a_manual_grade(root, tmp_path):
    inbox = tmp_path / "inbox"
    for learner, src in (("eli", _src(M1)), ("fay", root / "release" / M1 / f"{M1}.ipynb")):
        (inbox / learner).mkdir(parents=True)
        shutil.copy(src, inbox / learner / f"{M1}.ipynb")
    (inbox / "ana").mkdir()  # ana handed in module 00 only (this test runs alone too: -k)
    shutil.copy(_src(M0), inbox / "ana" / f"{M0}.ipynb")
    grading.collect(inbox, course_root=root, replace=True)
    results = grading.autograde(root, jobs=2, learners=["eli", "fay"])
    assert {(r.learner, r.score) for r in results} == {("eli", 3.0), ("fay", 0.0)}
    rows = {(r["learner"], r["module"]): r for r in grading.status(root)}
    assert rows[("eli", M1)]["status"] == "waiting for manual grading"
    assert rows[("ana", M1)]["status"] in ("not submitted", "submitted, not graded yet")
    from nbgrader.api import Gradebook  # a supervisor grades eli's reflection in formgrader

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        grade = gb.find_grade("reflection", M1, M1, "eli")
        grade.manual_score = 2
        grade.needs_manual_grade = False  # what formgrader records when a grader saves a score
        gb.db.commit()
    grades, completion = grading.export(root, out_dir=tmp_path / "out")
    with open(completion) as handle:
        done = {(r["learner"], r["module"]): r for r in csv.DictReader(handle)}
    assert done[("eli", M1)]["status"] == "graded" and done[("eli", M1)]["complete"] == "yes"
    assert done[("eli", M1)]["autograded_score"] == "3" and done[("eli", M1)]["manual_score"] == "2"
    assert done[("eli", M1)]["max_score"] == "6" and done[("eli", M1)]["submitted_at"]
    assert done[("fay", M1)]["complete"] == "no"
    with open(grades) as handle:
        header = next(csv.reader(handle))
    assert header == GRADES_COLUMNS and "total" in header and "percent" in header and "status" in header


def test_bad_input_to_the_pipeline_names_it(tmp_path, root):
    with pytest.raises(grading.GradingError, match="not one string"):
        grading.autograde(root, modules=M1)
    with pytest.raises(grading.GradingError, match="give the folder or .zip"):
        grading.collect(None, course_root=root)
    with pytest.raises(grading.GradingError, match="no gradebook"):
        grading.autograde(tmp_path)
    with pytest.raises(grading.GradingError, match="unknown module"):
        grading.autograde(root, modules=["07-nope"])
    with pytest.raises(grading.GradingError, match="--jobs must be"):
        grading.autograde(root, jobs=0)
    with pytest.raises(grading.GradingError, match="--pass-mark"):
        grading.export(root, pass_mark=7)
    with pytest.raises(grading.GradingError, match="nothing has been autograded"):
        grading.feedback(tmp_path)


def test_cli_reports_problems_plainly(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COOWNERSHIP_COURSE_ROOT", str(tmp_path / "empty"))
    assert cli.main(["status"]) == 2
    assert "no gradebook" in capsys.readouterr().err
    assert cli.main(["collect", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["autograde", "--jobs", "many"])
    assert "--jobs must be a whole number" in capsys.readouterr().err


def test_grading_never_changes_the_callers_environment(root, tmp_path):
    import os

    inbox = tmp_path / "inbox" / "gil"  # its own submission: this test may run on another worker
    inbox.mkdir(parents=True)
    shutil.copy(root / "release" / M0 / f"{M0}.ipynb", inbox / f"{M0}.ipynb")
    grading.collect(inbox.parent, course_root=root)
    before = dict(os.environ)
    grading.autograde(root, learners=["gil"])
    assert dict(os.environ) == before
    assert grading.feedback(root, include_pending=True)
    assert dict(os.environ) == before


def test_feedback_that_fails_for_a_learner_exits_1_and_says_so(tmp_path, monkeypatch, capsys):
    """A coordinator's script must see a failed feedback page: the command exits 1, not 0."""
    monkeypatch.setenv("COOWNERSHIP_COURSE_ROOT", str(tmp_path))
    lines = ["ana/00-start-here: feedback written", "ben/00-start-here: feedback failed: the kernel died"]
    monkeypatch.setattr(grading, "feedback", lambda *a, **k: [*lines, "feedback written for 1 submission(s); 1 FAILED"])
    assert cli.main(["feedback"]) == 1
    said = capsys.readouterr().out
    assert "ben/00-start-here: feedback failed" in said and "1 feedback page(s) could not be written" in said
    monkeypatch.setattr(grading, "feedback", lambda *a, **k: [lines[0], "feedback written for 1 submission(s)"])
    assert cli.main(["feedback"]) == 0
