"""Simulator explorer and journal box: logic without a browser."""

import re

import ipywidgets as widgets
import pytest
from conftest import all_widgets

from coownership.caseload import Design, simulate
from coownership.journal import MAX_CHARS, Journal
from coownership.widgets import JournalBox, SimulatorExplorer


@pytest.fixture()
def explorer():
    return SimulatorExplorer(n_clients=300, weeks=26, seed=0)


def test_explorer_has_a_labelled_control_for_every_lever(explorer):
    assert set(explorer.controls) == set(Design().levers())
    for w in all_widgets(explorer):
        if isinstance(w, (widgets.Dropdown, widgets.Checkbox, widgets.Button)):
            assert w.description.strip() and w.tooltip, f"{type(w).__name__} needs a label and a description"


def test_explorer_runs_the_real_simulator_and_redraws_on_change(explorer):
    before_charts, before_summary = explorer.charts.value, explorer.summary.value
    mine = simulate(explorer.design(), n_clients=300, weeks=26, seed=0).summary()
    assert f"{mine['missed_share']:.0%}" in before_summary
    explorer.controls["scheduling"].value = "flexible"
    explorer.controls["missed_visit_response"].value = "ask_and_adapt"
    assert explorer.charts.value != before_charts and explorer.summary.value != before_summary
    after = simulate(explorer.design(), n_clients=300, weeks=26, seed=0).summary()
    assert f"{after['missed_share']:.0%}" in explorer.summary.value
    assert explorer.design().scheduling == "flexible"


def test_explorer_charts_are_accessible_and_labelled_simulated(explorer):
    svgs = re.findall(r"<svg.*?</svg>", explorer.charts.value, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg and 'aria-label="SIMULATED.' in svg and "<desc>" in svg
    assert explorer.charts.value.count("<figcaption") == 3
    assert "SIMULATED" in explorer.summary.value and "not evidence" in explorer.summary.value
    assert "stroke-dasharray" in explorer.charts.value, "series must differ by more than colour"


def test_explorer_reset_and_validation(explorer):
    explorer.controls["caseload_per_worker"].value = 40
    assert not any(isinstance(w, (widgets.IntSlider, widgets.FloatSlider)) for w in all_widgets(explorer)), (
        "sliders have no accessible name in ipywidgets 8: use labelled dropdowns"
    )
    explorer.reset()
    assert explorer.design().caseload_per_worker == 25
    with pytest.raises(ValueError, match="n_clients"):
        SimulatorExplorer(n_clients=3)
    with pytest.raises(ValueError, match="Did you mean 'compliance'"):
        SimulatorExplorer(compare_with="complience")


def test_journal_box_saves_shows_time_and_reloads(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    box = JournalBox("01", "monday", "What will you ask?", journal=j)
    assert "Not saved yet" in box.status.value and box.text.description and box.button.tooltip
    box.text.value = "What changed?"
    box.button.click()
    assert "✔ Saved" in box.status.value
    again = JournalBox("01", "monday", "What will you ask?", journal=Journal(j.path))
    assert again.text.value == "What changed?" and "Last saved" in again.status.value


@pytest.mark.parametrize(("text", "words"), [("", "empty"), ("x" * (MAX_CHARS + 5), "up to 20,000")])
def test_journal_box_bad_input_gets_a_message_not_a_traceback(tmp_path, text, words):
    box = JournalBox("01", "monday", "Q?", journal=Journal(tmp_path / "j.jsonl"))
    box.text.value = text
    box.save()
    assert "Not saved" in box.status.value and words in box.status.value


def test_journal_box_unwritable_folder_gets_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    box = JournalBox("01", "monday", "Q?", journal=Journal(blocker / "j.jsonl"))
    box.text.value = "my words"
    box.save()
    assert "Not saved" in box.status.value and "Nothing was lost" in box.status.value
    assert box.text.value == "my words"


def test_journal_box_escapes_the_prompt(tmp_path):
    box = JournalBox("01", "p", "<script>x</script>", journal=Journal(tmp_path / "j.jsonl"))
    assert "<script>" not in box.children[0].value
    with pytest.raises(ValueError, match="prompt_id"):
        JournalBox("01", "", "Q?")


def test_journal_box_shows_nothing_from_a_journal_while_nbgrader_grades(tmp_path, monkeypatch):
    """The grading machine's journal must never appear in a learner's graded notebook."""
    j = Journal(tmp_path / "j.jsonl")
    j.add("01", "monday", "the grader's private note")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    box = JournalBox("01", "monday", "Q?", journal=j)
    assert box.text.value == "" and "private" not in box.status.value


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('option = "{n} clients"', 'option = "{count} clients"', "{count}"),
        ('option = "{share} chasing', 'option = "{pct} chasing', "{pct}"),
    ],
)
def test_an_option_label_with_a_gap_the_explorer_does_not_fill_is_named(content_copy, old, new, key):
    from coownership.errors import ContentError

    content_copy({"course.toml": (old, new)})
    with pytest.raises(
        ContentError, match=rf"course\.toml: \[design\.\w+\] option uses \{key}, which is never filled in"
    ):
        SimulatorExplorer(n_clients=300, weeks=26, seed=0)
