"""The goal coach's rules (coownership.widgets.goal_rules): read from module 05's content file,
complete, plain, sourced, and checked on load (a malformed file names the file, the key and the rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, content_error

from coownership.errors import ContentError
from coownership.widgets.goal_assessment import assess_goal
from coownership.widgets.goal_rules import KINDS, load_goal_rules, rules

CONTENT = REPO / "notebooks" / "05-agency-relevance-partnership" / "content.toml"
REFERENCES = REPO / "docs" / "references.md"

# --------------------------------------------------------------------------------------------
# The rules themselves
# --------------------------------------------------------------------------------------------
RULES = rules()


def test_rules_are_complete_and_plain():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    compliance = [r for r in RULES if r.kind == "compliance"]
    assert 10 <= len(compliance) <= 20
    for r in RULES:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", r.id), r.id
        assert r.kind in {"compliance", "voice", "want", "partnership"}, r.id
        assert r.points_to in {"staff", "shared", "person"}, r.id
        for field in ("pattern", "description", "why", "example"):
            assert getattr(r, field).strip(), f"{r.id} has no {field}"
        assert "points to" in r.signals, r.id
        re.compile(r.pattern)
        if r.points_to == "staff":
            assert r.question.endswith("?"), f"{r.id} needs a question to ask instead"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_matches_its_own_example(rule):
    assert rule.matches(rule.example), f"{rule.id}'s example does not match it"
    assert rule.id in assess_goal(rule.example).matched_ids


def test_the_words_that_must_be_flagged_are():
    """The compliance phrases named in the issue each raise a flag."""
    phrases = {
        "will comply": "comply",
        "will attend all": "attend-all",
        "will cooperate": "cooperate",
        "must": "must",
        "submit to": "submit-to",
        "as directed": "as-directed",
        "non-compliant": "label-words",
        "maintain sobriety": "maintain-sobriety",
    }
    goals = {
        "will comply": "Client will comply with the rules.",
        "will attend all": "Client will attend all sessions.",
        "will cooperate": "Client will cooperate with staff.",
        "must": "Client must call in weekly.",
        "submit to": "Client will submit to random testing.",
        "as directed": "Client will take medication as directed.",
        "non-compliant": "Client is non-compliant.",
        "maintain sobriety": "Client will maintain sobriety.",
    }
    for phrase, rule_id in phrases.items():
        assert rule_id in assess_goal(goals[phrase]).flag_ids, phrase


def test_the_rules_come_from_the_content_file():
    assert load_goal_rules().path == CONTENT
    text = CONTENT.read_text(encoding="utf-8")
    for r in RULES:
        assert f'id = "{r.id}"' in text and r.why in text and r.description in text


def test_shared_pattern_pieces_are_filled_in():
    service = load_goal_rules().rule("attend-all").pattern
    assert "{service}" not in service and "appointments?" in service
    assert "{0,4}" in service  # a quantifier in braces is left alone


# -- reasons: sourced from shared/CALIBRATION.md or said as the course's view (issue #11 item 9) ---
CITATION = re.compile(r"\(([A-Z][\w'-]+)[^()]*?(\d{4})\)")
HEDGES = ("We ", "we ", "In this course's view", "in this course's view", "In this wording")
UNSOURCED = re.compile(r"\b(usually|rarely|most likely|more often|strongest|always|never)\b", re.I)


def test_every_citation_in_a_reason_is_a_listed_source():
    references = REFERENCES.read_text(encoding="utf-8")
    cited = 0
    for r in RULES:
        for author, year in CITATION.findall(r.why):
            cited += 1
            assert any(author in line and year in line for line in references.splitlines()), (r.id, author, year)
    assert cited >= 4
    assert not re.search(r"\d+ ?%|\bOR \d", " ".join(r.why for r in RULES)), "no statistic without its row"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_a_reason_that_claims_how_things_are_is_sourced_or_said_as_our_view(rule):
    for sentence in re.split(r"(?<=[.!?])\s+", rule.why):
        if UNSOURCED.search(sentence):
            assert CITATION.search(sentence) or sentence.startswith(HEDGES), (rule.id, sentence)
    claims = ("usually came after", "rarely a goal", "rarely builds", "keeps them coming", "where motivation lives")
    for claim in claims:
        if claim in rule.why:
            assert any(h in rule.why for h in HEDGES), (rule.id, claim)


# -- malformed content: each names the file, the key and the rule ---------------------------------
def _copy(content_copy, old: str, new: str) -> Path:
    """Module 05's content.toml with one edit, read in place of the real one; returns the copy."""
    root = content_copy({f"{CONTENT.parent.name}/content.toml": (old, new)})
    return root / CONTENT.parent.name / "content.toml"


BAD = {
    "a pattern that does not compile": (
        "pattern = '(?<!non-)(?<!non )",
        "pattern = '(?<!non-)(?<!non )((",
        ["rule 'comply'", "pattern is not a valid regular expression"],
    ),
    "an unknown kind": ('kind = "voice"', 'kind = "tone"', ["rule 'third-person'", "kind = 'tone'", "compliance"]),
    "a kind pointing the wrong way": (
        'id = "comply"\nkind = "compliance"\npoints_to = "staff"',
        'id = "comply"\nkind = "compliance"\npoints_to = "person"',
        ["rule 'comply'", "points_to = 'person'", "points to staff"],
    ),
    "an undefined pattern piece": ("{possessive} own pace", "{yours} own pace", ["rule 'small-step'", "{yours}"]),
    "a missing reason": (
        "why = \"In this course's view, “cooperate”",
        "reason = \"In this course's view, “cooperate”",
        ["goal_rules[6]", "why is missing"],
    ),
    "a gap nobody fills": (
        "It speaks of working together ({words}).",
        "It speaks of working together ({who}).",
        ["goal_rules[2]", "summary uses {who}"],
    ),
    "an example its rule does not match": (
        'example = "Client will cooperate with the case plan."',
        'example = "Client will go along with the case plan."',
        ["rule 'cooperate'", "does not match its own pattern"],
    ),
    "a staff rule with no question": (
        'question = "What would you want from working with us?"\n',
        "",
        ["rule 'cooperate'", "question is missing"],
    ),
    "a duplicate id": ('id = "must"', 'id = "comply"', ["two [[goal_rules]] have the id 'comply'"]),
    "no owner words": ("[goal_reading.owners.unclear]", "[goal_reading.owners.unsure]", ["owners", "unclear"]),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_malformed_rules_name_the_file_the_key_and_the_rule(content_copy, case):
    old, new, words = BAD[case]
    content_error(lambda: assess_goal("Client will comply."), _copy(content_copy, old, new), words)


def test_a_fixed_file_is_read_again(content_copy):
    path = _copy(content_copy, "pattern = '(?<!non-)(?<!non )", "pattern = '(?<!non-)(?<!non )((")
    with pytest.raises(ContentError):
        rules()
    path.write_text(CONTENT.read_text(encoding="utf-8").replace("compl(?:y|", "compl(?:yy|y|"), encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock
    assert "yy|" in load_goal_rules().rule("comply").pattern


def test_every_kind_has_words():
    reading = load_goal_rules()
    assert set(reading.kinds) == set(KINDS)
    for kind in KINDS:
        assert reading.kinds[kind].text("signal") and reading.kinds[kind].text("heading")
