"""Widget logic without a browser: set values, call handlers, read the state."""

import ipywidgets as widgets
import pytest

from coownership.widgets import HintButton, StatementSorter
from conftest import all_widgets


def test_sorter_starts_empty_and_reports_per_statement():
    s = StatementSorter("01-practice-sort")
    assert s.letters() == "?" * 8
    s.check()
    assert "Nothing sorted yet" in s.feedback.value
    s.choices[0].value = "P"
    s.choices[1].value = "P"
    s.check()
    assert "1 of 2 sorted" in s.feedback.value
    assert "Statement 2: have another look" in s.feedback.value
    assert "6 still to sort" in s.feedback.value
    assert "PP??????" in s.feedback.value


def test_sorter_button_and_reset():
    s = StatementSorter()
    for choice in s.choices:
        choice.value = "S"
    s.check_button.click()
    assert "of 8 sorted" in s.feedback.value
    s.reset_button.click()
    assert s.letters() == "?" * 8 and s.feedback.value == ""


def test_sorter_controls_are_labelled():
    s = StatementSorter()
    for w in all_widgets(s):
        if isinstance(w, (widgets.RadioButtons, widgets.Button)):
            assert w.description.strip(), f"{type(w).__name__} without a visible label"
            assert w.tooltip and w.tooltip.strip(), f"{type(w).__name__} without a description"


def test_sorter_rejects_a_non_sorting_exercise():
    with pytest.raises(ValueError, match="sorting exercise"):
        StatementSorter("01-first-response")
    with pytest.raises(ValueError, match="no exercise called"):
        StatementSorter("nope")


def test_hint_button_reveals_tiers():
    b = HintButton("01-sort-statements")
    assert b.hint_text.value == ""
    b.button.click()
    assert "Hint 1 of 2" in b.hint_text.value and b.button.description == "Show a bigger hint"
    b.button.click()
    assert "Hint 2 of 2" in b.hint_text.value
    assert b.button.tooltip
