"""Tamper and fault suite: each hostile or broken submission is scored correctly, the batch
finishes, and the report says what happened for whom (grading/README.md lists what is defended).
"""

from __future__ import annotations

import os
import re
import shutil
import time

import nbformat
import pytest

from coownership import course, grading

pytestmark = pytest.mark.slow
MODULE = "01-engagement-is-produced"
SOURCE = course.NOTEBOOKS / MODULE / f"{MODULE}.ipynb"


def _release_nb(root):
    return nbformat.read(root / "release" / MODULE / f"{MODULE}.ipynb", as_version=4)


def _answer_cells(nb):
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c.cell_type == "code"]


def _test_cells(nb):
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade") and c.cell_type == "code"]


def _wrong(nb):
    a, b = _answer_cells(nb)
    a.source = 'answer = "SSSSSS"'
    b.source = 'answer = "A"'
    return nb


def _code(source):
    return nbformat.v4.new_code_cell(source)


def _filled(nb):
    """A learner copy answered correctly, the way a learner would: one line each."""
    a, b = _answer_cells(nb)
    a.source = a.source.replace('answer = "..."', 'answer = "PSPSSP"')
    b.source = b.source.replace('answer = "..."', 'answer = "C"')
    return nb


XSS = "<script>alert('x')</script><img src=x onerror=alert(2)> My reflection."


def _cases(root, marker):
    """learner id -> notebook (or raw bytes for a broken file)."""
    cases = {}
    cases["full"] = _filled(_release_nb(root))
    nb = _filled(_release_nb(root))
    answer_box = next(
        i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "reflection"
    )
    nb.cells[answer_box].source = XSS
    cases["writes-html"] = nb
    cases["blank"] = _release_nb(root)
    nb = _wrong(_release_nb(root))
    nb.cells = [c for c in nb.cells if c not in _test_cells(nb)]
    cases["deletes-tests"] = nb
    nb = _release_nb(root)
    nb.cells = [c for c in nb.cells if c not in _test_cells(nb) and c not in _answer_cells(nb)]
    cases["deletes-answers-and-tests"] = nb
    nb = _wrong(_release_nb(root))
    for c in _test_cells(nb):
        c.source = ""
    cases["empties-tests"] = nb
    nb = _wrong(_release_nb(root))
    for c in _test_cells(nb):
        c.source = "print('all good')"
    cases["edits-tests"] = nb
    nb = _wrong(_release_nb(root))
    for c in _test_cells(nb):
        c.metadata["nbgrader"].update(points=100, grade=False, locked=False)
    cases["changes-metadata"] = nb
    nb = _wrong(_release_nb(root))
    nb.cells.insert(
        2,
        _code(
            "import coownership.checks as ch\nch.Exercise.check = lambda self, a: None\n"
            "exercise = lambda *a: type('x', (), {'check': lambda s, a: None})()"
        ),
    )
    cases["redefines-helpers"] = nb
    nb = _release_nb(root)
    _answer_cells(nb)[0].source = 'import re\nre.sub = lambda *a, **k: "PSPSSP"\nanswer = "SSSSSS"'
    _answer_cells(nb)[1].source = 'answer = "A"'
    cases["patches-in-answer"] = nb
    nb = _wrong(_release_nb(root))
    nb.cells.insert(
        2,
        _code("import builtins\nbuiltins.AssertionError = type('Nope', (Exception,), {})\nbuiltins.len = lambda x: 6"),
    )
    cases["rebinds-builtins"] = nb
    nb = _wrong(_release_nb(root))
    nb.cells.insert(
        2, _code(f"open({str(marker)!r}, 'w').write('pwned')\nimport os\nos.makedirs({str(marker) + '-dir'!r})")
    )
    cases["writes-files"] = nb
    nb = _wrong(_release_nb(root))
    _answer_cells(nb)[0].source = "while True:\n    pass"
    cases["loops-forever"] = nb
    nb = _wrong(_release_nb(root))
    nb.cells.insert(2, _code("print('x' * 10_000_000)"))
    cases["floods-output"] = nb
    cases["not-json"] = b"{ this is not a notebook"
    return cases


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    course.release(root, ids=[MODULE])
    marker = root / "written-by-a-learner.txt"
    inbox = tmp_path_factory.mktemp("inbox")
    for learner, nb in _cases(root, marker).items():
        path = inbox / learner / f"{MODULE}.ipynb"
        path.parent.mkdir(parents=True)
        if isinstance(nb, bytes):
            path.write_bytes(nb)
        else:
            nbformat.write(nb, path)
    (inbox / "someone_01-engagemnt-is-produced.ipynb").write_text("{}")  # wrong file name
    (inbox / "full" / "my-notes.ipynb").write_text("{}")  # an extra notebook
    (inbox / "Ana María").mkdir()
    shutil.copy(SOURCE, inbox / "Ana María" / f"{MODULE}.ipynb")  # odd learner id
    report = grading.collect(inbox, course_root=root)
    os.environ["COOWNERSHIP_CELL_TIMEOUT"] = "10"
    start = time.perf_counter()
    seen = []
    results = grading.autograde(root, jobs=2, progress=lambda d, t, f, r: seen.append((d, t, f)))
    elapsed = time.perf_counter() - start
    return root, marker, report, {r.learner: r for r in results}, elapsed, seen


def test_collect_reports_what_it_could_not_place(graded):
    _, _, report, _, _, _ = graded
    text = "\n".join(report.lines())
    assert "not named after a course module" in text and "my-notes.ipynb" in text
    assert "someone_01-engagemnt-is-produced.ipynb" in text
    assert "'Ana María' has characters nbgrader cannot use" in text
    assert len(report.collected) == 15


def test_the_batch_finishes_with_progress(graded):
    # No clock here (timings belong in benchmarks/grading.py): the endless loop never runs (its
    # answer cell is not a plain answer), and the 10 s cell limit would end it if it did.
    _, _, _, results, _, seen = graded
    assert len(results) == 15 and seen[-1][:2] == (15, 15)


@pytest.mark.parametrize(
    "learner",
    [
        "deletes-tests",
        "deletes-answers-and-tests",
        "empties-tests",
        "edits-tests",
        "changes-metadata",
        "redefines-helpers",
        "patches-in-answer",
        "rebinds-builtins",
        "writes-files",
        "loops-forever",
        "floods-output",
        "blank",
    ],
)
def test_a_tampered_or_blank_submission_gains_no_points(graded, learner):
    _, _, _, results, _, _ = graded
    r = results[learner]
    assert r.ok, r.problem
    assert r.score == 0 and r.max_score == 3


@pytest.mark.parametrize("learner", ["full", "writes-html"])
def test_an_honest_submission_scores_full_marks_and_is_not_flagged(graded, learner):
    r = graded[3][learner]
    assert r.ok and r.score == r.max_score == 3 and not r.tamper, r.tamper


@pytest.mark.parametrize(
    ("learner", "words"),
    [
        ("redefines-helpers", "removed a code cell"),
        ("rebinds-builtins", "removed a code cell"),
        ("writes-files", "removed a code cell"),
        ("floods-output", "removed a code cell"),
        ("patches-in-answer", "more than one plain answer line"),
        ("loops-forever", "more than one plain answer line"),
        ("edits-tests", "had been changed"),
        ("changes-metadata", "grading settings of cell"),
        ("deletes-answers-and-tests", "was missing"),
    ],
)
def test_the_report_says_what_was_removed(graded, learner, words):
    assert any(words in note for note in graded[3][learner].tamper)


def test_no_learner_code_touched_the_course_directory(graded):
    root, marker, _, _, _, _ = graded
    assert not marker.exists() and not (root / "written-by-a-learner.txt-dir").exists()


def test_a_broken_file_is_reported_and_the_rest_are_graded(graded):
    r = graded[3]["not-json"]
    assert not r.ok and "could not be read" in r.problem


def test_parallel_and_sequential_scores_are_identical(graded):
    root, _, _, results, _, _ = graded
    again = grading.autograde(root, jobs=1, everything=True)  # unchanged copies: --all grades them again
    assert {r.learner: (r.ok, r.score) for r in again} == {k: (v.ok, v.score) for k, v in results.items()}


def test_feedback_shows_no_hidden_tests_mark_schemes_or_tracebacks(graded):
    root = graded[0]
    lines = grading.feedback(root, include_pending=True)  # writes-html's reflection waits for a grader
    assert any("blank/" in line and "feedback written" in line for line in lines)
    for learner in ("blank", "deletes-tests", "rebinds-builtins", "edits-tests", "writes-html"):
        html = (root / "feedback" / learner / MODULE / f"{MODULE}.html").read_text()
        secrets = ["HIDDEN TESTS", "MARK SCHEME", "_re.sub", "Rubric", "Traceback (most recent"]
        if learner != "writes-html":  # that learner typed the right answer themselves
            secrets.append("PSPSSP")
        for secret in secrets:
            assert secret not in html, f"feedback for {learner} shows {secret!r}"
        assert "<script>alert" not in html and not re.search(r"<img[^>]*onerror", html), f"{learner}: learner HTML runs"
