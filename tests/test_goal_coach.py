"""The goal-language coach widget (coownership.widgets.goal_coach), without a browser: set the
text, call the handler, read the HTML. Its words come from module 05's content file."""

from __future__ import annotations

import html
import time

import ipywidgets as widgets
import pytest
from conftest import all_widgets

from coownership.content import module_content
from coownership.errors import ContentError
from coownership.journal import Journal
from coownership.widgets.goal_assessment import MAX_CHARS, assess_goal
from coownership.widgets.goal_coach import GoalCoach
from coownership.widgets.goal_rules import load_goal_rules, rules
from coownership.wording import fill

WORDS = module_content("05").section("goal_coach").data
READING = load_goal_rules()
RULES = rules()


def shown(text: str) -> str:
    """Content words as the widget shows them (HTML-escaped)."""
    return html.escape(text)


def owner_words(owner: str) -> str:
    words = READING.owners[owner].words
    return shown(words[0].upper() + words[1:])


def test_the_coach_lists_the_same_rules():
    assert GoalCoach().rules() == RULES


def test_check_shows_the_reading():
    coach = GoalCoach()
    coach.goal.value = "Client will attend all scheduled parenting sessions."
    coach.check()
    html_out = coach.feedback.value
    assert "role='status'" in html_out
    assert owner_words("staff") in html_out
    assert "“attend all scheduled parenting sessions”" in html_out and "attend-all" in html_out
    assert shown(WORDS["wants_not_yet"]) in html_out  # does not name a want
    assert shown(WORDS["ask"]) in html_out
    assert READING.rule("attend-all").why.replace("'", "&#x27;") in html_out
    assert coach.assessment is not None and coach.assessment.owner == "staff"
    assert coach.assessment.suggestion in html_out


def test_check_for_a_persons_own_goal():
    coach = GoalCoach()
    coach.goal.value = "I want to be there for my daughter's graduation."
    coach.check_button.click()
    html_out = coach.feedback.value
    assert owner_words("person") in html_out and shown(WORDS["no_flags"]) in html_out
    assert fill(WORDS["wants_yes"], markup=True, words="“I want”, “my daughter&#x27;s”, “graduation”") in html_out
    assert "my daughter&#x27;s" in html_out  # learner text is escaped, quote included


def test_feedback_uses_icons_and_words():
    coach = GoalCoach()
    for goal in (
        "Client will comply with the rules.",
        "Agree on who to call when things get hard.",
        "I want my kids home.",
        "Housing.",
    ):
        coach.goal.value = goal
        coach.check()
        owner = coach.assessment.owner
        assert owner_words(owner) in coach.feedback.value, goal
        assert READING.owners[owner].icon in coach.feedback.value
        assert "aria-hidden='true'" in coach.feedback.value  # icons are decoration, words carry it
        assert "color" not in coach.feedback.value.lower()


@pytest.mark.parametrize("empty", ["", "    ", "\n\n"])
def test_empty_text_gets_a_kind_message(empty):
    coach = GoalCoach()
    coach.goal.value = empty
    coach.check()
    assert shown(WORDS["nothing_to_check"]) in coach.feedback.value
    assert "Traceback" not in coach.feedback.value and coach.assessment is None


def test_a_huge_paste_gets_a_clear_message():
    coach = GoalCoach()
    coach.goal.value = "Client will comply with every rule. " * 200
    coach.check()
    assert shown(fill(WORDS["too_long"], length="7,200", limit="1,000")) in coach.feedback.value
    assert "7,200" in coach.feedback.value and f"{MAX_CHARS:,}" in coach.feedback.value
    assert coach.assessment is None


def test_a_new_check_replaces_an_old_one():
    coach = GoalCoach()
    coach.goal.value = "Client will comply."
    coach.check()
    coach.goal.value = ""
    coach.check()
    assert "comply" not in coach.feedback.value and coach.assessment is None


def test_learner_text_is_escaped():
    coach = GoalCoach()
    coach.goal.value = "<script>alert('x')</script> Client will <b>attend all</b> sessions & comply"
    coach.check()
    out = coach.feedback.value
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&amp; comply" in out


def test_rules_toggle_shows_and_hides_the_list():
    coach = GoalCoach()
    assert coach.rules_view.value == "" and coach.rules_toggle.description == WORDS["rules_show"]
    coach.rules_toggle.value = True
    page = coach.rules_view.value
    assert coach.rules_toggle.description == WORDS["rules_hide"]
    assert shown(READING.rough) in page
    for r in RULES:
        assert f"<strong>{r.id}</strong>" in page and shown(r.why) in page and shown(r.example) in page
    for kind in READING.kinds.values():
        assert shown(kind.text("heading")) in page
    assert shown(READING.how_heading) in page
    assert all(shown(step) in page for step in READING.how_owner_is_decided)
    coach.rules_toggle.value = False
    assert coach.rules_view.value == "" and coach.rules_toggle.description == WORDS["rules_show"]


def test_controls_are_labelled(tmp_path):
    coach = GoalCoach(journal=Journal(tmp_path / "j.jsonl"))
    kinds = (widgets.Button, widgets.Textarea, widgets.ToggleButton)
    controls = [w for w in all_widgets(coach) if isinstance(w, kinds)]
    assert {type(w) for w in controls} == set(kinds)
    assert len(controls) == 6  # goal box, check, rules, save; the privacy note's Save anyway, Edit first
    for w in controls:
        assert w.description.strip(), f"{type(w).__name__} without a visible label"
        hint = (w.tooltip or "") + (getattr(w, "placeholder", "") or "")
        assert hint.strip(), f"{type(w).__name__} without a tooltip or placeholder"
    assert coach.goal.placeholder and coach.goal.tooltip


def test_without_a_journal_the_save_button_uses_the_shared_default(tmp_path, monkeypatch):
    """Like the journal box: no journal given means the learner's journal (default_path)."""
    monkeypatch.setenv("COOWNERSHIP_JOURNAL", str(tmp_path / "default.jsonl"))
    coach = GoalCoach()
    assert coach.save_button is not None and coach.save_button in all_widgets(coach)
    assert coach.journal.path == tmp_path / "default.jsonl"
    coach.goal.value = "I want my kids home by summer."
    coach.save_button.click()
    [entry] = Journal(tmp_path / "default.jsonl").entries()
    assert (entry.module, entry.prompt_id) == ("05", WORDS["journal_prompt_id"])


def test_journal_must_be_a_journal():
    with pytest.raises(TypeError, match="journal must be"):
        GoalCoach(journal="my-journal.jsonl")  # type: ignore[arg-type]


def test_save_to_journal(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    coach = GoalCoach(journal=journal)
    coach.goal.value = "Client will cooperate with the service plan."
    coach.save_button.click()
    assert "Saved" in coach.save_status.value and "role='status'" in coach.save_status.value
    [entry] = journal.entries()
    assert (entry.module, entry.prompt_id) == ("05", "goal-coach")
    assert "Client will cooperate with the service plan." in entry.text
    assert assess_goal(coach.goal.value).summary in entry.text
    assert assess_goal(coach.goal.value).suggestion in entry.text


def test_save_nothing_or_too_much_writes_nothing(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    coach = GoalCoach(journal=journal)
    coach.goal.value = "  "
    coach.save()
    assert shown(WORDS["nothing_to_save"]) in coach.save_status.value
    coach.goal.value = "x" * (MAX_CHARS + 1)
    coach.save()
    assert shown(fill(WORDS["too_long_to_save"], length="1,001", limit="1,000")) in coach.save_status.value
    assert journal.entries() == [] and not journal.path.exists()


def test_unwritable_journal_shows_a_clear_message(tmp_path):
    plain_file = tmp_path / "not-a-folder"
    plain_file.write_text("a file, not a folder")
    journal = Journal(plain_file / "j.jsonl")
    coach = GoalCoach(journal=journal)
    coach.goal.value = "I want my kids home by summer."
    coach.save()  # must not raise
    status = coach.save_status.value
    assert "Not saved" in status and "Could not save" in status
    assert "Traceback" not in status
    assert str(plain_file) in status


def test_journal_errors_are_escaped(tmp_path):
    folder = tmp_path / "<b>odd<"  # a file name may hold < and >, but not /
    folder.write_text("a file")
    coach = GoalCoach(journal=Journal(folder / "j.jsonl"))
    coach.goal.value = "I want my kids home."
    coach.save()
    assert "<b>odd<" not in coach.save_status.value and "&lt;b&gt;odd&lt;" in coach.save_status.value


def test_builds_headless_and_quickly():
    start = time.perf_counter()
    coach = GoalCoach()
    coach.goal.value = "Client will comply."
    coach.check()
    coach.rules_toggle.value = True
    assert time.perf_counter() - start < 2.0


def test_the_journal_entry_follows_the_content_template(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    coach = GoalCoach(journal=journal)
    coach.goal.value = "  Client will comply with the rules.  "
    coach.save()
    a = assess_goal(coach.goal.value)
    expected = fill(WORDS["journal_entry"], goal=coach.goal.value.strip(), summary=a.summary, question=a.suggestion)
    assert journal.entries()[0].text == expected


def test_another_module_can_hold_a_coach(tmp_path, content_copy):
    """Content is data: a copy of module 05's content in another module folder makes a coach there."""
    content_copy(modules={"05-agency-relevance-partnership": "98-another-coach"})
    journal = Journal(tmp_path / "j.jsonl")
    coach = GoalCoach(journal=journal, module="98")
    coach.goal.value = "I want my kids home by summer."
    coach.check()
    coach.save()
    assert coach.assessment is not None and coach.assessment.owner == "person"
    assert journal.entries()[0].module == "98"


def test_a_module_without_coach_words_is_explained():
    with pytest.raises(ContentError, match=r"content.toml: goal_coach is missing"):
        GoalCoach(module="01")


def test_module_argument_is_checked():
    with pytest.raises(TypeError, match="module must be text"):
        GoalCoach(module=5)  # type: ignore[arg-type]
