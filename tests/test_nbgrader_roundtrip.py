"""The nbgrader round trip for every module (FINDINGS.md's CI recipe).

validate passes on the source; generate_assignment makes the release; validate --invert fails
every test on the release; autograding the source as one learner gives full autograded marks and
the release as another gives zero, its untouched written answer boxes included, with no grader
needed (tests/test_written_answers.py).
"""

import shutil

import pytest
from conftest import MODULES, source_notebook
from test_written_answers import check_untouched_boxes_score_zero

from coownership import course

pytestmark = pytest.mark.slow


def _nbgrader(args, root):
    proc = course.run_nbgrader(args, course_root=root)
    return proc, proc.stdout + proc.stderr


@pytest.mark.parametrize("module", MODULES)
def test_validate_passes_on_the_source(module, released):
    proc, out = _nbgrader(["validate", str(source_notebook(module))], released)
    assert proc.returncode == 0 and "Success! Your notebook passes all the tests." in out, out[-3000:]


@pytest.mark.parametrize("module", MODULES)
def test_validate_invert_fails_every_test_on_the_release(module, released):
    nb = released / "release" / module / f"{module}.ipynb"
    proc, out = _nbgrader(["validate", "--invert", str(nb)], released)
    assert proc.returncode == 0 and "Success! The notebook does not pass any tests." in out, out[-3000:]


@pytest.mark.parametrize("module", MODULES)
def test_autograde_full_marks_for_the_source_and_zero_for_the_release(module, released):
    from nbgrader.api import Gradebook

    for student, nb in (
        ("full", source_notebook(module)),
        ("blank", released / "release" / module / f"{module}.ipynb"),
    ):
        dest = released / "submitted" / student / module
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(nb, dest / f"{module}.ipynb")
    proc, out = _nbgrader(["autograde", module, "--force"], released)
    assert proc.returncode == 0, out[-3000:]
    with Gradebook(f"sqlite:///{released / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment(module)
        auto_max = sum(c.max_score for nb in assignment.notebooks for c in nb.grade_cells if c.cell_type == "code")
        assert auto_max > 0, f"{module} has no autograded points"
        full = gb.find_submission(module, "full")
        blank = gb.find_submission(module, "blank")
        assert full.code_score == auto_max, f"solutions scored {full.code_score} of {auto_max}"
        assert blank.code_score == 0, f"the untouched release scored {blank.code_score}"
        assert not blank.needs_manual_grade or blank.max_written_score + blank.max_task_score > 0
        check_untouched_boxes_score_zero(module, blank)
