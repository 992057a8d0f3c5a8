"""A broken ✏️ answer line (quote marks deleted, curly quote marks pasted, or a check run before its
✏️ cell) gives a kind message in a learner's kernel, never a traceback, and "Run All" carries on;
grading is exactly as strict as before (coownership.answer_line).

The kernel tests run real kernels with nbclient, as a learner's notebook runs.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from conftest import read_nb
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from coownership import answer_line, course, grading
from coownership.answer_line import answer_line_of, diagnose
from coownership.content import course_content

MODULE = "01-engagement-is-produced"
STUB = 'answer = "..."  # <- ✏️ type your answer between the quotes'
BROKEN = {
    "no quotes": ("answer = case manager", 'answer = "case manager"'),
    "curly quotes": ("answer = “PSPSSP”", 'answer = "PSPSSP"'),
    "one quote": ('answer = "C', 'answer = "C"'),
}
"""kind -> (the learner's line, the line the message suggests)."""


# -- reading the line --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "fixed"),
    [
        ("answer = case manager", "no quotes", 'answer = "case manager"'),
        (STUB.replace('"..."', "case manager"), "no quotes", 'answer = "case manager"'),
        ("answer = C", "no quotes", 'answer = "C"'),  # runs in Python (a name), but is not an answer
        ("answer = 4 4 2 5 2 5", "no quotes", 'answer = "4 4 2 5 2 5"'),
        ("answer = 4, 4", "no quotes", 'answer = "4, 4"'),
        ("answer =", "no quotes", None),
        ("answer = “PSPSSP”", "curly quotes", 'answer = "PSPSSP"'),
        (STUB.replace('"..."', "“A”"), "curly quotes", 'answer = "A"'),
        ("answer = ‘A’", "curly quotes", 'answer = "A"'),
        ('answer = "A”', "curly quotes", 'answer = "A"'),
        ("answer = „care coordinator“", "curly quotes", 'answer = "care coordinator"'),
        ('answer = "PSPSSP', "one quote", 'answer = "PSPSSP"'),
        ("answer = PSPSSP'", "one quote", 'answer = "PSPSSP"'),
        ("answer = 'A\"", "one quote", 'answer = "A"'),
        ('answer = "A" + "B"', "other", None),
        ('answer = "A"; import os', "other", None),
        ("answer = str(42)", "no quotes", 'answer = "str(42)"'),
    ],
)
def test_a_broken_line_is_named_and_fixed_with_straight_quotes(line, kind, fixed):
    problem = diagnose(f"# ✏️ Type your answer between the quotes.\n{line}")
    assert problem is not None and problem.kind == kind and problem.fixed == fixed
    assert fixed is None or grading.is_plain_answer(fixed), "a suggested line must be one the grader reads"


@pytest.mark.parametrize(
    "source",
    [
        STUB,
        'answer = "C"',
        "answer = 'C'",
        'answer = ""',
        'answer = "I’m a “care” coordinator"',  # curly marks inside straight ones are just text
        '# ✏️ Type one letter\n### BEGIN SOLUTION\nanswer = "C"\n### END SOLUTION',
    ],
)
def test_a_plain_answer_is_left_alone(source):
    assert answer_line_of(source) is not None
    assert diagnose(source) is None


@pytest.mark.parametrize(
    "source",
    [
        "from coownership.checks import exercise\nexercise('01-sort-statements').check(answer)",
        'answer == "C"',
        'x = 1\nanswer = "C"',
        "print(answer)",
        "",
        "# only a note",
    ],
)
def test_only_a_single_answer_line_is_an_answer_cell(source):
    assert answer_line_of(source) is None and diagnose(source) is None


def test_the_plain_rule_is_the_graders_rule():
    lines = [STUB, 'answer = "C"', "answer = C", "answer = “C”", 'answer = "C', 'answer = "A" + "B"', "answer = 4"]
    lines += [f"# note\n{line}  # note" for line in lines] + ["  answer = 'C'", "answer = f'C'", "answer = b'C'"]
    for source in lines:
        assert (diagnose(source) is None) == grading.is_plain_answer(source), source


def test_messages_are_plain_kind_and_say_how_to_fix_it():
    for kind, (line, fixed) in BROKEN.items():
        problem = diagnose(line)
        for message in (problem.cell_message(), problem.check_message()):
            assert fixed in message and "straight" in message and "run" in message, (kind, message)
            assert not re.search(r"Error|Traceback|NameError|SyntaxError|literal|string|defined", message)
    not_run = answer_line.UnreadAnswer().message
    assert "has not been run" in not_run and "Shift + Enter" in not_run
    assert answer_line.UnreadAnswer() == "..."  # code that does not know it sees "not attempted"


def test_an_unread_answer_is_never_correct():
    from coownership.checks import Outcome, exercise

    for line, _ in BROKEN.values():
        for eid in ("00-try-it", "01-first-response", "01-sort-statements", "00-pre-survey"):
            fb = exercise(eid).evaluate(answer_line.UnreadAnswer(diagnose(line)))
            assert fb.outcome is Outcome.NOT_YET and "could not be read" in fb.message
    fb = exercise("00-try-it").evaluate(answer_line.UnreadAnswer())
    assert fb.outcome is Outcome.NOT_ATTEMPTED


def test_outside_ipython_nothing_is_installed():
    assert answer_line.install() is False
    assert answer_line.claim("01-sort-statements") is True  # no ✏️ cell run seen: never asks


# -- in a real kernel ----------------------------------------------------------------------------------


def _notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s) for s in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )


def _run(nb, cwd, allow_errors=False):
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}, allow_errors=allow_errors
    ).execute()
    return nb


def _shown(cell) -> str:
    """Everything a cell showed, as text; fails on a traceback or anything written to stderr."""
    texts = []
    for out in cell.outputs:
        assert out.output_type != "error", f"traceback: {out.ename}: {out.evalue}"
        assert out.get("name") != "stderr", f"stderr: {out.text}"
        texts.append(out.get("text", "") + out.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


def _outcome(cell) -> str:
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    found = re.findall(r"data-outcome='([a-z ]+)'", html)
    assert len(found) == 1, f"expected one feedback box, got {found}"
    return found[0]


SETUP = "from coownership.widgets import HintButton, JournalBox, StatementSorter"
CHECK = 'from coownership.checks import exercise\nexercise("{}").check(answer)'


def test_each_broken_line_gives_a_kind_message_and_no_traceback_in_a_kernel(tmp_path):
    cells = [SETUP, CHECK.format("00-try-it")]  # a check run before any ✏️ cell
    for kind, (line, _) in BROKEN.items():
        eid = {"no quotes": "00-try-it", "curly quotes": "01-sort-statements", "one quote": "01-first-response"}[kind]
        cells += [f"# ✏️ Type your answer between the quotes.\n{line}  # <- ✏️ type your answer", CHECK.format(eid)]
    cells += ["answer = C", CHECK.format("01-first-response")]  # quotes deleted around one letter: runs in Python
    cells += ['answer = "C"', CHECK.format("01-first-response"), "print('the last cell ran')"]
    nb = _run(_notebook(*cells), tmp_path)  # raises on the first traceback
    shown = [_shown(c) for c in nb.cells]
    assert _outcome(nb.cells[1]) == "not attempted" and "the ✏️ cell above has not been run" in shown[1]
    for i, (kind, (_line, fixed)) in enumerate(BROKEN.items()):
        cell, check = 2 + 2 * i, 3 + 2 * i
        assert "Your ✏️ line: not read yet." in shown[cell] and fixed in shown[cell], (kind, shown[cell])
        assert _outcome(nb.cells[check]) == "not yet", kind
        assert "could not be read" in shown[check] and fixed in shown[check], (kind, shown[check])
    assert "The quote marks around your answer are missing" in shown[2]
    assert "curly quote marks (“ ”)" in shown[4]
    assert "One of the two quote marks around your answer is missing" in shown[6]
    assert 'answer = "C"' in shown[8] and "could not be read" in shown[9]
    assert _outcome(nb.cells[11]) == "correct"
    assert "the last cell ran" in shown[-1]


def test_a_check_run_first_in_a_fresh_kernel_says_which_cell_to_run(tmp_path):
    nb = _run(_notebook(CHECK.format("01-sort-statements")), tmp_path)
    assert _outcome(nb.cells[0]) == "not attempted"
    assert "has not been run" in _shown(nb.cells[0]) and "Shift + Enter" in _shown(nb.cells[0])


def test_a_line_broken_before_the_course_was_loaded_is_still_explained(tmp_path):
    """The setup cell skipped: the broken ✏️ cell runs before the course's tools are loaded and
    shows Python's own error, but the check (which loads them) says what was wrong with the line."""
    nb = _run(_notebook("answer = “C”", CHECK.format("01-first-response")), tmp_path, allow_errors=True)
    assert _outcome(nb.cells[1]) == "not yet"
    assert "curly quote marks" in _shown(nb.cells[1]) and 'answer = "C"' in _shown(nb.cells[1])


def test_format_messages_ask_for_the_cell_only_when_the_answer_belongs_to_another_exercise(tmp_path):
    nb = _run(
        _notebook(
            SETUP,
            'answer = "PSP"',
            CHECK.format("01-sort-statements"),  # its own ✏️ cell ran: no question
            CHECK.format("01-sort-statements"),  # checked again: still its own
            CHECK.format("01-first-response"),  # the ✏️ cell of this exercise was skipped
            'answer = "PSPSSP"',
            CHECK.format("01-first-response"),  # run now (in the wrong cell, but run): no question
        ),
        tmp_path,
    )
    shown = [_shown(c) for c in nb.cells]
    assert "You gave 3." in shown[2] and "another exercise" not in shown[2] and "Did you run" not in shown[2]
    assert "another exercise" not in shown[3]
    assert "You typed 'PSP'" in shown[4] and "reading your answer to another exercise" in shown[4]
    assert "You typed 'PSPSSP'" in shown[6] and "another exercise" not in shown[6]


def test_installing_twice_does_not_stack_handlers(tmp_path):
    count = (
        "import importlib, coownership.checks\n"
        "ip = get_ipython()\n"
        "mine = lambda fs: sum(getattr(f, '_coownership_answer_line', False) for f in fs)\n"
        "print(mine(ip.input_transformers_cleanup), mine(ip.events.callbacks['post_run_cell']))"
    )
    reload = "importlib.reload(coownership.checks); importlib.reload(coownership.checks)"
    nb = _run(_notebook(SETUP, count, reload, count, "answer = “A”"), tmp_path)
    assert _shown(nb.cells[1]).strip() == "1 1"
    assert _shown(nb.cells[3]).strip() == "1 1"
    assert _shown(nb.cells[4]).count("Your ✏️ line: not read yet.") == 1


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(BROKEN))
def test_run_all_on_a_learner_copy_with_a_broken_line_has_no_traceback(released, tmp_path, kind):
    nb = read_nb(released / "release" / MODULE / f"{MODULE}.ipynb")
    first = next(c for c in nb.cells if c.cell_type == "code" and STUB in c.source)
    at = nb.cells.index(first)
    first.source = first.source.replace('answer = "..."', BROKEN[kind][0])
    nb = _run(nb, tmp_path)  # "Run All": raises on the first traceback
    for cell in nb.cells:
        if cell.cell_type == "code":
            _shown(cell)
    assert "Your ✏️ line: not read yet." in _shown(nb.cells[at])
    assert _outcome(nb.cells[at + 1]) == "not yet" and "could not be read" in _shown(nb.cells[at + 1])
    assert all(c.get("execution_count") for c in nb.cells if c.cell_type == "code"), "Run All stopped early"


# -- grading is unchanged --------------------------------------------------------------------------------


def test_while_nbgrader_grades_nothing_is_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")  # the kernel inherits it, as under nbgrader
    nb = _run(
        _notebook(
            SETUP,
            "ip = get_ipython()\n"
            "mine = lambda fs: sum(getattr(f, '_coownership_answer_line', False) for f in fs)\n"
            "print(mine(ip.input_transformers_cleanup), mine(ip.events.callbacks['post_run_cell']), 'answer' in globals())",
            "answer = “C”",
            CHECK.format("01-first-response"),
        ),
        tmp_path,
        allow_errors=True,
    )
    assert _shown(nb.cells[1]).strip() == "0 0 False"
    assert [o.ename for o in nb.cells[2].outputs if o.output_type == "error"] == ["SyntaxError"]
    assert [o.ename for o in nb.cells[3].outputs if o.output_type == "error"] == ["NameError"]


@pytest.mark.slow
def test_autograding_scores_a_broken_line_zero_and_runs_none_of_it(tmp_path):
    """Curly or missing quote marks score nothing, even when the letters inside are right; the
    same answers with straight quote marks score full marks."""
    root = tmp_path / "course"
    course.release(root, ids=[MODULE])
    release = root / "release" / MODULE / f"{MODULE}.ipynb"
    answers = {
        "curly": ("answer = “PSPSSP”", "answer = “C”"),
        "no-quotes": ("answer = PSPSSP", "answer = C"),
        "straight": ('answer = "PSPSSP"', 'answer = "C"'),
    }
    inbox = tmp_path / "inbox"
    for learner, (sort, choice) in answers.items():
        nb = read_nb(release)
        cells = [c for c in nb.cells if c.cell_type == "code" and STUB in c.source]
        cells[0].source = cells[0].source.replace(STUB, sort)
        cells[1].source = cells[1].source.replace(STUB, choice)
        (inbox / learner).mkdir(parents=True)
        nbformat.write(nb, inbox / learner / f"{MODULE}.ipynb")
    grading.collect(inbox, course_root=root)
    results = {r.learner: r for r in grading.autograde(root, jobs=1)}
    assert results["straight"].score == results["straight"].max_score > 0
    for learner in ("curly", "no-quotes"):
        assert results[learner].ok and results[learner].score == 0, results[learner]
        assert len(results[learner].tamper) == 2, results[learner].tamper  # both lines reset and reported


def test_a_kernel_error_still_fails_loudly_where_it_should(tmp_path):
    """Only the answer line is looked after: other mistakes keep Python's own message."""
    with pytest.raises(CellExecutionError):
        _run(_notebook(SETUP, "1 / 0"), tmp_path)


def _own_numbers_cells() -> list[str]:
    """Module 02's own-numbers cells, as the learner gets them (the cell they edit, read, show)."""
    source = nbformat.read(
        course.NOTEBOOKS / "02-disengagement-is-feedback" / "02-disengagement-is-feedback.ipynb", as_version=4
    )
    (mark,) = course_content().section("cell_guard").texts("first_lines")  # the guarded cell, as course.toml names it
    at = next(i for i, c in enumerate(source.cells) if c.source.startswith(mark))
    return [c.source for c in source.cells[at : at + 3]]


@pytest.mark.parametrize(
    ("slip", "edit"),
    [
        ("no quotes", lambda s: s.replace('"Client ID"', "Client ID")),
        ("no comma", lambda s: s.replace('"Appointment",', '"Appointment"')),
        ("windows path", lambda s: s.replace("EXAMPLE_EXPORT  #", r'"C:\Users\me\our-list.csv"  #')),
    ],
)
def test_a_slip_in_the_own_numbers_cell_is_explained_not_a_traceback(tmp_path, slip, edit):
    edited, read, show = _own_numbers_cells()
    broken = edit(edited)
    assert broken != edited, slip
    nb = _run(_notebook(CHECK.format("00-try-it"), broken, read, show), tmp_path)  # raises on a traceback
    assert _outcome(nb.cells[1]) == "not yet"
    said = _shown(nb.cells[1])
    assert "Python stopped at line" in said and "The usual slips" in said, said
    assert "Nothing read yet" in _shown(nb.cells[2]) and "Nothing to show yet" in _shown(nb.cells[3])


def test_the_own_numbers_cells_as_given_run_and_show_simulated_tables(tmp_path):
    nb = _run(_notebook(CHECK.format("00-try-it"), *_own_numbers_cells()), tmp_path)
    assert "SIMULATED" in _shown(nb.cells[2])
    assert "SIMULATED practice file" in "".join(o.get("data", {}).get("text/html", "") for o in nb.cells[3].outputs)
