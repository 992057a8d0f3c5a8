"""A fresh learner copy runs top to bottom ("Run All") without a single traceback.

Unanswered exercises say "not attempted"; the source's solutions all say "correct"; a wrong
answer says "not yet". Run with nbclient exactly as a learner's kernel would (no
NBGRADER_EXECUTION).
"""

import re

import pytest
from conftest import MODULES, read_nb, source_notebook
from nbclient import NotebookClient

pytestmark = pytest.mark.slow


def _run(nb, cwd):
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}, allow_errors=True
    ).execute()
    return nb


def _outcomes(nb):
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", (
                f"traceback in cell {cell.get('id')}: {out.get('ename')}: {out.get('evalue')}"
            )
            html = out.get("data", {}).get("text/html", "")
            found += re.findall(r"data-outcome='([a-z ]+)'", html)
    return found


@pytest.mark.parametrize("module", MODULES)
def test_fresh_learner_copy_runs_all_without_a_traceback(module, released, run_all):
    nb = run_all(released / "release" / module / f"{module}.ipynb")  # its run also serves the browser tests
    outcomes = _outcomes(nb)
    assert outcomes, f"{module}: no exercise feedback was shown"
    assert set(outcomes) == {"not attempted"}, f"{module}: fresh copy gave {outcomes}"


@pytest.mark.parametrize("module", MODULES)
def test_source_solutions_are_all_correct(module, tmp_path):
    nb = _run(read_nb(source_notebook(module)), tmp_path)
    outcomes = _outcomes(nb)
    assert outcomes and set(outcomes) == {"correct"}, f"{module}: solutions gave {outcomes}"


def test_a_wrong_answer_says_not_yet_kindly(released, tmp_path):
    module = "01-engagement-is-produced"
    nb = read_nb(released / "release" / module / f"{module}.ipynb")
    answers = [c for c in nb.cells if c.cell_type == "code" and c.source.count('answer = "..."')]
    answers[0].source = answers[0].source.replace('answer = "..."', 'answer = "SSSSSS"')
    nb = _run(nb, tmp_path)
    outcomes = _outcomes(nb)
    assert outcomes[0] == "not yet"
    texts = [
        o.data["text/html"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {})
    ]
    assert any("3 of 6 sorted the way we would" in t for t in texts)
