"""The structure audit's items and scoring (coownership.widgets.structure_audit_scoring): items
as data in module 03's content file, pure scoring, and a malformed file explained."""

from __future__ import annotations

import dataclasses
import re

import pytest
import textstat
from conftest import REPO, content_error

from coownership.widgets.structure_audit_scoring import AuditItem, audit_items, load_audit, score_audit

CONTENT = REPO / "notebooks" / "03-structures-that-remove-agency" / "content.toml"
AUDIT = load_audit()
CONDITIONS = AUDIT.conditions
SCALE = AUDIT.scale
ITEMS = audit_items()
IDS = [item.id for item in ITEMS]


def _all(value):
    return {item_id: value for item_id in IDS}


# -- the items --------------------------------------------------------------------------------


def test_the_audit_comes_from_module_03s_content_file():
    assert AUDIT.path == CONTENT and AUDIT.module == "03"
    text = CONTENT.read_text(encoding="utf-8")
    for item in ITEMS:
        assert f'id = "{item.id}"' in text and item.statement in text and item.question in text
    assert [item.number for item in ITEMS] == list(range(1, 13))


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
    with pytest.raises(ValueError, match="'agency', 'relevance', 'partnership'"):
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
    assert AUDIT.describe(0) == "never" and AUDIT.describe(4.0) == "always"
    assert AUDIT.describe(2.25) == "between sometimes and usually"
    with pytest.raises(ValueError):
        AUDIT.describe(4.5)


# -- malformed content ---------------------------------------------------------------------------
BAD = {
    "an item of no condition": ('condition = "agency"', 'condition = "agencies"', ["audit.items[0]", "'agencies'"]),
    "a missing statement": (
        'statement = "Clients choose the day',
        'text = "Clients choose the day',
        ["audit.items[0]", "statement is missing"],
    ),
    "a duplicate id": ('id = "agency-say-no"', 'id = "agency-scheduling"', ["'agency-scheduling' is used twice"]),
    "a gap nobody fills": ("between {low} and {high}", "between {low} and {top}", ["audit.scale", "{top}"]),
    "a stray brace": ("(module {module})", "(module {module)", ["journal_title", "stray brace"]),
    "no scale": ("[audit.scale]", "[audit.scales]", ["scale is missing"]),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_malformed_audit_names_the_file_and_the_key(content_copy, case):
    old, new, words = BAD[case]
    root = content_copy({f"{CONTENT.parent.name}/content.toml": (old, new)})
    content_error(lambda: score_audit({"agency-say-no": 2}), root / CONTENT.parent.name / "content.toml", words)


def test_explanatory_text_cites_listed_sources():
    """The audit's sources line cites only sources listed in docs/references.md (all from CALIBRATION.md)."""
    references = (REPO / "docs" / "references.md").read_text(encoding="utf-8")
    cited = re.findall(r"\(([A-Z][\w'-]+)[^()]*?(\d{4})\)|(SAMHSA)'s [^()]*\((\d{4})\)", AUDIT.words["sources"])
    assert len(cited) >= 4
    for a, y, b, z in cited:
        author, year = a or b, y or z
        assert any(author in line and year in line for line in references.splitlines()), (author, year)
