"""Every Save to my journal button saves through coownership.journal.save_reflection.

The journal box, the structure audit and the goal coach: the same guard (nothing is written while
nbgrader grades) and the same kind of message when nothing was saved.
"""

import pytest

from coownership.journal import Journal
from coownership.widgets import JournalBox
from coownership.widgets.goal_coach import GoalCoach
from coownership.widgets.structure_audit import StructureAudit


def _journal_box(journal):
    box = JournalBox("01", "monday", "What will you ask on Monday?", journal=journal)
    box.text.value = "What changed just before the visits stopped?"
    return box, lambda: box.status.value


def _audit(journal):
    audit = StructureAudit(journal=journal)
    audit.controls["agency-scheduling"].value = 1
    return audit, lambda: audit.status.value


def _goal_coach(journal):
    coach = GoalCoach(journal=journal)
    coach.goal.value = "I want my own place where my kids can have friends over."
    return coach, lambda: coach.save_status.value


WIDGETS = pytest.mark.parametrize("make", [_journal_box, _audit, _goal_coach], ids=["box", "audit", "coach"])


@WIDGETS
def test_each_button_saves_one_entry(tmp_path, make):
    journal = Journal(tmp_path / "j.jsonl")
    widget, status = make(journal)
    widget.save()
    assert len(journal.entries()) == 1 and "Saved" in status()


@WIDGETS
def test_no_button_writes_while_nbgrader_grades(tmp_path, monkeypatch, make):
    journal = Journal(tmp_path / "j.jsonl")
    widget, status = make(journal)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    widget.save()  # never raises
    assert not journal.path.exists()
    assert "Not saved" in status() and "nbgrader grades" in status()
