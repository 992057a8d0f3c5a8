"""The visible check and the hidden test agree on every answer format a learner might type.

A learner told "not yet" must not get the points, and one told "correct" must get them. The
hidden tests are taken from the source notebooks and run against each answer.
"""

import re

import pytest
from conftest import MODULES, nbgrader_meta, read_nb, source_notebook

from coownership.checks import exercise

ANSWERS = [
    "...",
    "",
    "A",
    "b",
    "C",
    "c)",
    "(C)",
    "C.",
    " d ",
    "AB",
    "Z",
    "ccc",
    "PSPSSP",
    "p s p s s p",
    "P,S,P,S,S,P",
    "1P 2S 3P 4S 5S 6P",
    "SSSSSS",
    "PSP",
    "PSPSSPP",
    "person service",
    "4 4 2 5 2 5",
    "442525",
    "4,4,2,5,2,5",
    "3.5 4 2 5 2 5",
    "10 4 2 5 2 5",
    "1 2 3 4 5",
    "5 5 5 5 5 5 5",
    "4 2 5 3 1 4 2 5",
    "42531425",
    "4 2 5 3 1 4 2 5 1",
    "care coordinator",
]


def _graded_tests():
    for module in MODULES:
        for cell in read_nb(source_notebook(module)).cells:
            meta = nbgrader_meta(cell)
            if meta.get("grade") and cell.cell_type == "code":
                exercise_id = re.search(r'exercise\("([^"]+)"\)', cell.source).group(1)
                hidden = re.search(r"### BEGIN HIDDEN TESTS\n(.*?)\n### END HIDDEN TESTS", cell.source, re.S)
                yield pytest.param(exercise_id, hidden.group(1), id=f"{module}:{meta['grade_id']}")


@pytest.mark.parametrize(("exercise_id", "hidden"), list(_graded_tests()))
def test_visible_check_and_hidden_test_agree(exercise_id, hidden):
    q = exercise(exercise_id)
    accepted_somewhere = False
    for answer in ANSWERS:
        try:
            exec(hidden, {"answer": answer})
            passes = True
        except AssertionError:
            passes = False
        accepted_somewhere |= passes
        assert q.evaluate(answer).correct == passes, (
            f"{exercise_id}: for {answer!r} the check says {q.evaluate(answer).outcome.value} "
            f"but the hidden test {'passes' if passes else 'fails'}"
        )
    assert accepted_somewhere, f"{exercise_id}: no sample answer passes; add the right one to ANSWERS"
