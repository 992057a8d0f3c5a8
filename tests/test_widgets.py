"""Widget logic without a browser: set values, call handlers, read the state."""

import ipywidgets as widgets
import pytest
from conftest import all_widgets

from coownership.widgets import HintButton, StatementSorter


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


def test_no_course_widget_shadows_an_ipywidgets_method_and_each_has_a_repr(tmp_path):
    """A method named like one of ipywidgets' own (CaseWalk once had `_compare`) breaks display."""
    from coownership import widgets as course_widgets
    from coownership.journal import Journal

    base = set(dir(widgets.VBox))
    metaclass_bits = {
        "_all_trait_default_generators",
        "_descriptors",
        "_instance_inits",
        "_static_immutable_initial_values",
        "_trait_default_generators",
        "_traits",
    }
    made = {
        "CaseWalk": lambda: course_widgets.CaseWalk(1),
        "GoalCoach": lambda: course_widgets.GoalCoach(),
        "HintButton": lambda: course_widgets.HintButton("01-sort-statements"),
        "JournalBox": lambda: course_widgets.JournalBox("99", "p", "Q?", journal=Journal(tmp_path / "j.jsonl")),
        "SimulatorExplorer": lambda: course_widgets.SimulatorExplorer(n_clients=100),
        "StatementSorter": lambda: course_widgets.StatementSorter(),
        "StructureAudit": lambda: course_widgets.StructureAudit(),
    }
    assert set(made) == {n for n in course_widgets.__all__ if n[0].isupper()}
    for name, build in made.items():
        cls = getattr(course_widgets, name)
        clash = {k for k in vars(cls) if not k.startswith("__")} & base - metaclass_bits
        assert not clash, f"{name} shadows ipywidgets: {clash}"
        assert name in repr(build())
