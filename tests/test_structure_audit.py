"""The structure audit (module 03): items as data, pure scoring, and the widget without a browser."""

from __future__ import annotations

import dataclasses
import re

import ipywidgets as widgets
import pytest
import textstat
from conftest import all_widgets  # noqa: E402

from coownership.journal import Journal
from coownership.widgets.audit import (
    CONDITIONS,
    SCALE,
    AuditItem,
    StructureAudit,
    audit_items,
    describe_mean,
    journal_text,
    score_audit,
)

ITEMS = audit_items()
IDS = [item.id for item in ITEMS]


def _all(value):
    return {item_id: value for item_id in IDS}


# -- the items --------------------------------------------------------------------------------


def test_twelve_items_four_per_condition_with_unique_ids():
    assert len(ITEMS) == 12
    assert len(set(IDS)) == len(IDS)
    assert set(CONDITIONS) == {"agency", "relevance", "partnership"}
    for condition in CONDITIONS:
        assert len(audit_items(condition)) == 4
        assert all(item.condition == condition for item in audit_items(condition))
    assert sum(len(audit_items(c)) for c in CONDITIONS) == len(ITEMS)


def test_items_are_frozen_data_with_text():
    assert isinstance(ITEMS, tuple)
    for item in ITEMS:
        assert isinstance(item, AuditItem)
        assert item.statement.strip().endswith(".")
        assert item.question.strip().endswith("?")
        assert item.id.startswith(item.condition + "-")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ITEMS[0].statement = "changed"  # type: ignore[misc]


def test_unknown_condition_is_named():
    with pytest.raises(ValueError, match="agency, relevance, partnership"):
        audit_items("trust")


def test_scale_is_labelled_zero_to_four():
    assert [value for value, _label in SCALE] == [0, 1, 2, 3, 4]
    assert dict(SCALE)[0] == "never" and dict(SCALE)[4] == "always"


def test_items_are_plain_language_and_about_the_program():
    text = " ".join(f"{item.statement} {item.question}" for item in ITEMS)
    assert textstat.flesch_kincaid_grade(text) <= 9.0
    for item in ITEMS:
        assert len(item.statement.split()) <= 25 and len(item.question.split()) <= 25
        # statements describe the program, not a worker; no labels that blame clients
        assert not re.search(r"\b(I|my|you|your)\b", item.statement), item.id
        assert not re.search(r"non-?compliant|unmotivated|resistant", f"{item.statement} {item.question}", re.I)


# -- scoring ----------------------------------------------------------------------------------


def test_means_per_condition():
    ratings = {
        "agency-scheduling": 0,
        "agency-missed-visit": 1,
        "agency-say-no": 2,
        "agency-rules-explained": 3,
        "relevance-own-words": 4,
        "relevance-tailored": 4,
        "relevance-session-focus": 4,
        "relevance-priorities": 4,
        "partnership-team-meetings": 1,
        "partnership-decisions": 2,
        "partnership-records": 2,
    }
    r = score_audit(ratings)
    assert r.means["agency"] == pytest.approx(1.5)
    assert r.means["relevance"] == pytest.approx(4.0)
    assert r.means["partnership"] == pytest.approx(5 / 3)
    assert list(r.means) == ["agency", "relevance", "partnership"]
    assert r.answered == 11 and r.total == 12
    assert r.missing == ("partnership-feedback",)
    assert "11 of 12" in r.summary() and "1 item is not rated yet" in r.summary()


def test_partial_audit_scores_only_answered_items():
    r = score_audit({"relevance-own-words": 3, "relevance-tailored": None})
    assert r.means == {"agency": None, "relevance": 3.0, "partnership": None}
    assert r.answered == 1 and len(r.missing) == 11
    assert r.ratings == {"relevance-own-words": 3}
    assert r.questions == (audit_items("relevance")[0].question,)


def test_all_answered_summary():
    assert score_audit(_all(2)).summary() == "You rated all 12 items."


def test_whole_number_floats_are_accepted():
    assert score_audit({"agency-say-no": 3.0}).ratings == {"agency-say-no": 3}


# -- choosing questions -----------------------------------------------------------------------


def test_questions_come_from_the_lowest_items_first():
    ratings = _all(4) | {"partnership-feedback": 0, "relevance-tailored": 1, "agency-say-no": 2}
    r = score_audit(ratings)
    assert [i.id for i in r.question_items] == ["partnership-feedback", "relevance-tailored", "agency-say-no"]
    assert r.questions == tuple(i.question for i in r.question_items)


def test_ties_spread_across_conditions():
    # four agency items and one partnership item all "never": the partnership item is not crowded out
    ratings = _all(3) | {i.id: 0 for i in audit_items("agency")} | {"partnership-records": 0}
    r = score_audit(ratings)
    assert [i.condition for i in r.question_items] == ["agency", "partnership", "agency"]
    assert [i.id for i in r.question_items] == ["agency-scheduling", "partnership-records", "agency-missed-visit"]
    # everything tied: one question from each condition, first item of each
    r = score_audit(_all(1))
    assert [i.id for i in r.question_items] == ["agency-scheduling", "relevance-own-words", "partnership-team-meetings"]


def test_a_lower_rating_beats_condition_spread():
    ratings = _all(4) | {"agency-scheduling": 0, "agency-say-no": 1, "relevance-tailored": 2}
    assert [i.id for i in score_audit(ratings).question_items] == [
        "agency-scheduling",
        "agency-say-no",
        "relevance-tailored",
    ]


def test_two_or_three_questions():
    for value in range(5):
        assert 2 <= len(score_audit(_all(value)).questions) <= 3
    # a third question only when it is about something that happens "sometimes" or less
    assert len(score_audit(_all(4)).questions) == 2
    assert len(score_audit(_all(3) | {"agency-say-no": 0, "relevance-tailored": 1}).questions) == 2
    assert (
        len(score_audit(_all(3) | {"agency-say-no": 0, "relevance-tailored": 1, "partnership-records": 2}).questions)
        == 3
    )
    assert len(score_audit({"agency-say-no": 4, "relevance-tailored": 4}).questions) == 2


def test_question_choice_is_deterministic_and_order_independent():
    ratings = {item_id: (n * 7) % 5 for n, item_id in enumerate(IDS)}
    first = score_audit(ratings)
    again = score_audit(dict(reversed(list(ratings.items()))))
    assert first.question_items == again.question_items
    assert all(score_audit(ratings).questions == first.questions for _ in range(5))


# -- validation -------------------------------------------------------------------------------


def test_unknown_item_is_named_with_a_suggestion():
    with pytest.raises(ValueError, match=r"no audit item 'agency-schedule'.*Did you mean 'agency-scheduling'"):
        score_audit({"agency-schedule": 2})
    with pytest.raises(ValueError, match="The item ids are: agency-scheduling"):
        score_audit({"zzz": 2})


@pytest.mark.parametrize("bad", [5, -1, 2.5, float("nan")])
def test_ratings_outside_the_scale_or_not_whole(bad):
    with pytest.raises(ValueError, match=r"Item 'agency-say-no'.*whole number from 0 to 4") as info:
        score_audit({"agency-say-no": bad})
    assert '0 "never"' in str(info.value) and '4 "always"' in str(info.value)


@pytest.mark.parametrize("bad", ["3", True, [3]])
def test_ratings_that_are_not_numbers(bad):
    with pytest.raises(TypeError, match=r"Item 'relevance-own-words'.*whole number from 0 to 4"):
        score_audit({"relevance-own-words": bad})


def test_nothing_answered_gives_a_clear_message():
    for empty in ({}, {"agency-say-no": None}):
        with pytest.raises(ValueError, match="Nothing is rated yet. Rate at least one item"):
            score_audit(empty)


def test_ratings_must_be_a_mapping():
    with pytest.raises(TypeError, match="ratings must map item ids"):
        score_audit([("agency-say-no", 2)])  # type: ignore[arg-type]


def test_describe_mean():
    assert describe_mean(0) == "never" and describe_mean(4.0) == "always"
    assert describe_mean(2.25) == "between sometimes and usually"
    with pytest.raises(ValueError):
        describe_mean(4.5)


# -- the widget -------------------------------------------------------------------------------


def test_widget_starts_unrated_grouped_by_condition():
    audit = StructureAudit()
    assert list(audit.controls) == IDS
    assert all(c.value is None for c in audit.controls.values())
    assert audit.ratings() == {}
    assert audit.save_button is None
    headings = [w.value for w in all_widgets(audit) if isinstance(w, widgets.HTML) and "<h4" in w.value]
    for title, _question in CONDITIONS.values():
        assert any(title in h for h in headings)
    assert "role='status'" in audit.status.value


def test_every_control_has_a_label_and_a_tooltip():
    audit = StructureAudit(journal=Journal("/nonexistent/j.jsonl"))
    controls = [w for w in all_widgets(audit) if isinstance(w, (widgets.RadioButtons, widgets.Button))]
    assert len(controls) == 12 + 2
    for w in controls:
        assert w.description.strip(), f"{type(w).__name__} without a visible label"
        assert w.tooltip and w.tooltip.strip(), f"{type(w).__name__} {w.description} without a tooltip"
    for number, item in enumerate(ITEMS, start=1):
        control = audit.controls[item.id]
        assert control.description == f"Item {number}"
        assert item.statement in control.tooltip
        assert [label for label, _value in control.options] == [f"{v} {label}" for v, label in SCALE]
    shown = " ".join(w.value for w in all_widgets(audit) if isinstance(w, widgets.HTML))
    assert all(item.statement.replace("'", "&#x27;") in shown for item in ITEMS)


def test_show_profile_draws_the_chart_and_questions():
    audit = StructureAudit()
    for item in ITEMS:
        audit.controls[item.id].value = 3
    audit.controls["agency-scheduling"].value = 0
    audit.controls["partnership-records"].value = 1
    audit.profile_button.click()
    page = audit.profile.value
    assert "<svg" in page and 'role="img"' in page and "aria-label=" in page
    assert "Agency: 2.2 of 4, between sometimes and usually" in page
    assert "Relevance: 3.0 of 4, usually" in page
    assert "Partnership: 2.5 of 4" in page
    assert "<figcaption" in page
    assert "Questions to take back to your team" in page
    result = score_audit(audit.ratings())
    assert len(result.questions) == 2
    for question in result.questions:
        assert question in page
    assert "❓" in page and "✔" in audit.status.value  # icons and words, not colour alone
    assert "not at anyone" in page  # questions structures, never people


def test_show_profile_with_some_items_unrated():
    audit = StructureAudit()
    audit.controls["relevance-own-words"].value = 2
    audit.show_profile()
    assert "Relevance: 2.0 of 4" in audit.profile.value
    assert "Agency: not rated yet" in audit.profile.value
    assert "11 items are not rated yet" in audit.profile.value


def test_show_profile_with_nothing_rated_says_so():
    audit = StructureAudit()
    audit.show_profile()
    assert "Nothing rated yet" in audit.status.value and "role='status'" in audit.status.value
    assert audit.profile.value == ""
    assert "Traceback" not in audit.status.value


def test_rating_zero_counts_as_answered():
    audit = StructureAudit()
    audit.controls["agency-say-no"].value = 0
    assert audit.ratings() == {"agency-say-no": 0}
    audit.show_profile()
    assert "Agency: 0.0 of 4, never" in audit.profile.value


def test_save_writes_one_readable_entry(tmp_path):
    journal = Journal(tmp_path / "journal.jsonl")
    audit = StructureAudit(journal=journal)
    audit.controls["agency-scheduling"].value = 1
    audit.controls["relevance-tailored"].value = 4
    audit.controls["partnership-feedback"].value = 0
    audit.save_button.click()
    entries = journal.entries()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.module, entry.prompt_id) == ("03", "structure-audit")
    assert "1. Clients choose the day, time and place of their visits. Rating: 1 (rarely)" in entry.text
    assert "Rating: 4 (always)" in entry.text and "Rating: 0 (never)" in entry.text
    assert "not rated" in entry.text
    assert "Questions to take back to my team" in entry.text
    for question in score_audit(audit.ratings()).questions:
        assert question in entry.text
    assert entry.text == journal_text(score_audit(audit.ratings()))
    assert "Saved to your journal" in audit.status.value and "✔" in audit.status.value


def test_save_with_nothing_rated_writes_nothing(tmp_path):
    journal = Journal(tmp_path / "journal.jsonl")
    audit = StructureAudit(journal=journal)
    audit.save()
    assert "Nothing rated yet" in audit.status.value
    assert journal.entries() == [] and not journal.path.exists()


def test_unwritable_journal_shows_a_kind_escaped_message(tmp_path):
    blocker = tmp_path / "<b>notes & more"
    blocker.write_text("a regular file, not a folder")
    audit = StructureAudit(journal=Journal(blocker / "journal.jsonl"))
    audit.controls["agency-say-no"].value = 2
    audit.save()  # must not raise
    status = audit.status.value
    assert "Not saved yet" in status and "⚠" in status
    assert "Nothing was lost" in status
    assert "&lt;b&gt;notes &amp; more" in status and "<b>" not in status
    assert "Traceback" not in status
    assert audit.ratings() == {"agency-say-no": 2}


def test_saved_message_escapes_the_journal_path(tmp_path):
    folder = tmp_path / "<i>mine"
    audit = StructureAudit(journal=Journal(folder / "j.jsonl"))
    audit.controls["partnership-records"].value = 3
    audit.save()
    assert "Saved to your journal" in audit.status.value
    assert "&lt;i&gt;mine" in audit.status.value and "<i>" not in audit.status.value


def test_save_without_a_journal_explains():
    audit = StructureAudit()
    audit.controls["partnership-records"].value = 3
    audit.save()
    assert "no journal" in audit.status.value


def test_journal_argument_is_checked():
    with pytest.raises(TypeError, match="coownership.journal.Journal"):
        StructureAudit(journal="my-journal.jsonl")  # type: ignore[arg-type]
