"""Written answers: an untouched answer box scores 0 automatically, and module 00 practises the
same box a graded module uses.

nbgrader gives 0 without a grader only to a manually graded *answer* cell (markdown, grade and
solution) whose text is still the release's placeholder (its checksum is unchanged). A task cell,
or an ordinary markdown box after one, always waits for a grader. So every box where learners
write a graded answer is an answer cell, and check_untouched_boxes_score_zero proves it on the
untouched release the nbgrader round trip autogrades (tests/test_nbgrader_roundtrip.py).
"""

import re

import pytest
from conftest import MODULES, REPO, nbgrader_meta, read_nb, source_notebook


def _written(module):
    return [
        c for c in read_nb(source_notebook(module)).cells if c.cell_type == "markdown" and nbgrader_meta(c).get("grade")
    ]


def _text_stub() -> str:
    config = (REPO / "grading" / "nbgrader_config.py").read_text()
    return re.search(r'^c\.ClearSolutions\.text_stub = "(.*)"$', config, re.M).group(1)


@pytest.mark.parametrize("module", MODULES)
def test_graded_writing_goes_in_answer_cells_not_task_cells(module):
    for cell in read_nb(source_notebook(module)).cells:
        assert not nbgrader_meta(cell).get("task"), (
            f"{module}: task cell {nbgrader_meta(cell)['grade_id']} always waits for a grader; "
            "use a manually graded answer cell (markdown, grade and solution) for the learner's box"
        )
    for cell in _written(module):
        assert nbgrader_meta(cell).get("solution") and not nbgrader_meta(cell).get("locked")


def test_module_00_practises_the_placeholder_learners_will_see():
    boxes = [
        c for c in read_nb(source_notebook("00-start-here")).cells if c.cell_type == "markdown" and not nbgrader_meta(c)
    ]
    assert [c.source for c in boxes] == [_text_stub()], "module 00's practice box must show the release placeholder"


def check_untouched_boxes_score_zero(module, submission) -> None:
    """``submission``: the gradebook's autograded untouched release of ``module``. Called by
    tests/test_nbgrader_roundtrip.py, which autogrades every module's untouched release anyway."""
    if not _written(module):
        return
    written = [g for nb in submission.notebooks for g in nb.grades if g.cell_type == "markdown"]
    assert written, f"{module}: no written answers were graded"
    for grade in written:
        assert grade.auto_score == 0 and not grade.needs_manual_grade, (
            f"{module}: untouched '{grade.name}' got {grade.auto_score}, needs a grader: {grade.needs_manual_grade}"
        )
    assert not submission.needs_manual_grade
