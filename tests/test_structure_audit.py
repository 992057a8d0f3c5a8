"""The structure audit widget (coownership.widgets.structure_audit), without a browser. Its words
come from module 03's content file."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pytest
import textstat
from conftest import all_widgets

from coownership.content import module_content
from coownership.errors import ContentError
from coownership.journal import Journal
from coownership.widgets.structure_audit import StructureAudit
from coownership.widgets.structure_audit_scoring import audit_items, journal_text, load_audit, score_audit
from coownership.wording import fill

WORDS = module_content("03").section("audit").data
CONDITIONS = load_audit().conditions
SCALE = load_audit().scale
ITEMS = audit_items()
IDS = [item.id for item in ITEMS]


def shown(text: str) -> str:
    """Content words as the widget shows them (HTML-escaped)."""
    return html.escape(text)


def test_widget_starts_unrated_grouped_by_condition():
    audit = StructureAudit()
    assert list(audit.controls) == IDS
    assert all(c.value is None for c in audit.controls.values())
    assert audit.ratings() == {}
    assert audit.save_button is not None  # like the journal box: the shared default journal
    headings = [
        w.value
        for w in all_widgets(audit)
        if isinstance(w, widgets.HTML) and "<strong>" in w.value and "font-size:1.1em" in w.value
    ]
    for title, _question in CONDITIONS.values():
        assert any(title in h for h in headings)
    assert "role='status'" in audit.status.value


def test_every_control_has_a_label_and_a_tooltip():
    audit = StructureAudit(journal=Journal("/nonexistent/j.jsonl"))
    controls = [w for w in all_widgets(audit) if isinstance(w, (widgets.RadioButtons, widgets.Button))]
    assert len(controls) == 12 + 3  # profile, save, share
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
    assert shown(WORDS["questions_heading"]) in page and shown(WORDS["chart_caption"]) in page
    result = score_audit(audit.ratings())
    assert len(result.questions) == 2
    for question in result.questions:
        assert question in page
    assert "❓" in page and "✔" in audit.status.value  # icons and words, not colour alone
    assert shown(WORDS["questions_note"]) in page  # questions structures, never people
    assert "not at anyone" in WORDS["questions_note"]


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
    assert shown(WORDS["nothing_rated"]) in audit.status.value and "role='status'" in audit.status.value
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
    assert (entry.module, entry.prompt_id) == ("03", WORDS["journal_prompt_id"])
    assert f"1. {ITEMS[0].statement} Rating: 1 (rarely)" in entry.text
    assert "Rating: 4 (always)" in entry.text and "Rating: 0 (never)" in entry.text
    assert "not rated" in entry.text
    assert WORDS["journal_questions"] in entry.text
    assert entry.text.startswith(fill(WORDS["journal_title"], module="03"))
    for question in score_audit(audit.ratings()).questions:
        assert question in entry.text
    assert entry.text == journal_text(score_audit(audit.ratings()))
    assert "Saved to your journal" in audit.status.value and "✔" in audit.status.value


def test_save_with_nothing_rated_writes_nothing(tmp_path):
    journal = Journal(tmp_path / "journal.jsonl")
    audit = StructureAudit(journal=journal)
    audit.save()
    assert shown(WORDS["nothing_rated"]) in audit.status.value
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


def test_without_a_journal_the_save_button_uses_the_shared_default(tmp_path, monkeypatch):
    """Like the journal box: no journal given means the learner's journal (default_path)."""
    monkeypatch.setenv("COOWNERSHIP_JOURNAL", str(tmp_path / "default.jsonl"))
    audit = StructureAudit()
    assert audit.journal.path == tmp_path / "default.jsonl"
    audit.controls["partnership-records"].value = 3
    audit.save_button.click()
    [entry] = Journal(tmp_path / "default.jsonl").entries()
    assert (entry.module, entry.prompt_id) == ("03", WORDS["journal_prompt_id"])


def test_journal_argument_is_checked():
    with pytest.raises(TypeError, match="coownership.journal.Journal"):
        StructureAudit(journal="my-journal.jsonl")  # type: ignore[arg-type]


def test_intro_and_sources_are_shown():
    audit = StructureAudit()
    page = " ".join(w.value for w in all_widgets(audit) if isinstance(w, widgets.HTML))
    for key in ("title", "intro", "sources"):
        assert shown(WORDS[key]) in page, key
    assert audit.profile_button.description == WORDS["profile_button"]


def test_the_widgets_words_are_plain_language():
    keys = ("title", "intro", "sources", "nothing_rated", "chart_caption", "questions_note", "highest")
    for key in keys:
        assert textstat.flesch_kincaid_grade(WORDS[key]) <= 9.0, key


def test_another_module_can_hold_an_audit(tmp_path, content_copy):
    """Content is data: a copy of module 03's content in another module folder makes an audit there."""
    content_copy(modules={"03-structures-that-remove-agency": "97-another-audit"})
    journal = Journal(tmp_path / "j.jsonl")
    audit = StructureAudit(journal=journal, module="97")
    audit.controls["agency-say-no"].value = 1
    audit.save()
    assert journal.entries()[0].module == "97"


def test_a_module_without_an_audit_is_explained():
    with pytest.raises(ContentError, match=r"content.toml: audit is missing"):
        StructureAudit(module="01")
