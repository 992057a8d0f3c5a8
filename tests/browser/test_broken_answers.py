"""A broken ✏️ answer line in JupyterLab: module 01's first ✏️ cell with its quote marks deleted,
with curly quote marks, or its check run before it. Each shows the course's kind message and no
traceback on screen (coownership.answer_line), against the learner setup `make lab` builds.

The browser, page and helpers come from test_browser.py; the server is this file's own, so this file
never rewrites test_browser.py's timings and accessibility results.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
import test_browser
from test_browser import ARTIFACTS, NB, _no_errors, _open, _run_all

pytestmark = pytest.mark.slow
browser = test_browser.browser  # test_browser's fixtures, used here under the same names
page = test_browser.page
MODULE = "01-engagement-is-produced"
STUB = 'answer = "..."'
CASES = {
    "quotes-deleted": ("answer = PSPSSP", "The quote marks around your answer are missing"),
    "curly-quotes": ("answer = “PSPSSP”", "Your answer has curly quote marks (“ ”)"),
    "one-letter-no-quotes": ("answer = P", "The quote marks around your answer are missing"),
}
"""case -> (what the learner's ✏️ line becomes, what the ✏️ cell then says)."""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with test_browser.learner_lab(tmp_path_factory) as server:
        yield server


def _copy(lab, name: str) -> tuple[str, int]:
    """A fresh copy of the learner's module 01 (so no test sees another's edits or autosave), and the
    position of its first ✏️ cell among its cells."""
    folder = lab["workspace"] / MODULE
    shutil.copy(folder / f"{MODULE}.ipynb", folder / f"{name}.ipynb")
    cells = nbformat.read(folder / f"{name}.ipynb", as_version=4).cells
    first = next(i for i, c in enumerate(cells) if c.cell_type == "code" and STUB in c.source)
    return f"{MODULE}/{name}.ipynb", first


def _cell(page, index: int):
    return page.locator(f"{NB} .jp-Notebook .jp-Cell").nth(index)


def _feedback(page, index: int, outcome: str):
    """The feedback box of cell ``index`` once it shows ``outcome``."""
    box = _cell(page, index).locator(f".coownership-feedback[data-outcome='{outcome}']")
    box.first.wait_for(timeout=60_000)
    return box.first.inner_text()


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_answer_line_shows_a_kind_message_and_no_traceback(lab, page, case):
    path, first = _copy(lab, f"broken-{case}")
    _open(page, lab, path)
    _run_all(page)  # a learner who ran everything once, then answers
    _no_errors(page)
    line, says = CASES[case]
    editor = _cell(page, first).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(f"# ✏️ Type six letters (P or S) between the quotes.\n{line}")
    page.keyboard.press("Shift+Enter")  # runs the ✏️ cell; the check below is selected next
    shown = _feedback(page, first, "not yet")
    assert "Your ✏️ line: not read yet." in shown and says in shown, shown
    expected = 'answer = "PSPSSP"' if case != "one-letter-no-quotes" else 'answer = "P"'
    assert expected in shown and "run this cell again" in shown
    page.keyboard.press("Shift+Enter")  # runs the check
    check = _feedback(page, first + 1, "not yet")
    assert "could not be read" in check and expected in check, check
    _no_errors(page)
    page.screenshot(path=str(ARTIFACTS / f"broken-answer-{case}.png"), full_page=True)


def test_a_check_run_before_its_answer_cell_says_which_cell_to_run(lab, page):
    path, first = _copy(lab, "check-first")
    _open(page, lab, path)  # a fresh kernel: nothing has run, not even the setup cell
    _cell(page, first + 1).click()
    page.keyboard.press("Shift+Enter")
    shown = _feedback(page, first + 1, "not attempted")
    assert "the ✏️ cell above has not been run" in shown and "Shift + Enter" in shown, shown
    _no_errors(page)
    page.screenshot(path=str(ARTIFACTS / "broken-answer-check-first.png"), full_page=True)
