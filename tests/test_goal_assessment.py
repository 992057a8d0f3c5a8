"""The goal coach's reading of a goal (coownership.widgets.goal_assessment): example goals,
false positives, validated input and speed. The rules come from module 05's content file."""

from __future__ import annotations

import dataclasses
import time

import pytest
import textstat

from coownership.datasets import load_agency
from coownership.widgets.goal_assessment import MAX_CHARS, Flag, GoalAssessment, assess_goal
from coownership.widgets.goal_rules import OWNERS, load_goal_rules, rules

RULES = rules()
# --------------------------------------------------------------------------------------------
# Example goals: (goal, expected owner, expected flagged rule ids in rule order, names a want)
# --------------------------------------------------------------------------------------------
EXAMPLES = [
    # staff-written compliance goals
    ("Client will comply with housing program requirements.", "staff", ("third-person", "comply"), False),
    ("Client will attend all scheduled parenting sessions.", "staff", ("third-person", "attend-all"), False),
    (
        "Client will take medication as prescribed and attend all appointments.",
        "staff",
        ("third-person", "attend-all", "as-directed"),
        False,
    ),
    (
        "Client will maintain sobriety and submit to testing.",
        "staff",
        ("third-person", "submit-to", "maintain-sobriety"),
        False,
    ),
    ("Client will cooperate with the service plan.", "staff", ("third-person", "cooperate"), False),
    ("Client will complete the job-readiness class.", "staff", ("third-person",), False),
    ("Parent must complete a psychological evaluation.", "staff", ("third-person", "must"), False),
    ("Ms. Lopez will follow all treatment recommendations.", "staff", ("third-person", "follow-orders"), False),
    (
        "Goal 1: She will remain drug-free as evidenced by negative UAs.",
        "staff",
        ("third-person", "maintain-sobriety", "chart-language"),
        False,
    ),
    (
        "Parent will complete all required parenting classes or be discharged.",
        "staff",
        ("third-person", "mandated", "consequence"),
        False,
    ),
    (
        "Client will verbalize three coping skills as evidenced by staff report.",
        "staff",
        ("third-person", "chart-language"),
        False,
    ),
    (
        "Client has been non-compliant and resistant; will re-engage with services.",
        "staff",
        ("third-person", "label-words"),
        False,
    ),
    (
        "Client will actively participate in all recommended services.",
        "staff",
        ("third-person", "participate-in-services"),
        False,
    ),
    (
        "Client will refrain from using substances and have no further incidents.",
        "staff",
        ("third-person", "stop-only"),
        False,
    ),
    # shared goals
    ("Find a stable place to live within three months, with the team's help.", "shared", (), False),
    ("Build a bedtime routine that works for our family.", "shared", (), True),
    ("Have more good days than bad days, and know what helps on bad days.", "shared", (), True),
    ("Find work that fits around school pick-up.", "shared", (), True),
    ("Cut back on drinking, starting with weekends.", "shared", (), False),
    ("Agree on who to call when things get hard.", "shared", (), False),
    ("Client and worker will agree on a visit schedule together.", "shared", ("third-person",), False),
    # first-person goals
    ("I want my own place where my kids can have friends over.", "person", (), True),
    ("I want my kids to feel safe at home again.", "person", (), True),
    ("I want to sleep through the night and get back to church.", "person", (), True),
    ("I want to keep my job while we work on this.", "person", (), True),
    ("I want to be there for my daughter's graduation.", "person", (), True),
    ("I want people around me I can count on when this service ends.", "person", (), True),
    ("I want to go back to school to become a nurse.", "person", (), True),
    # tricky ones
    ("I will attend my daughter's graduation.", "person", (), True),
    ("I will attend all of my son's basketball games.", "person", (), True),
    ("I will comply with all program rules.", "staff", ("comply",), False),  # "I", agency's words
    ("We will make sure Dad attends all visits.", "staff", ("attend-all",), False),
    ("I will attend all my groups so I can get my kids back.", "shared", ("attend-all",), True),
    (
        "Client will attend all sessions so that she can regain custody of her children.",
        "staff",
        ("third-person", "attend-all"),
        True,
    ),
    ("Mom wants to have her kids home by summer.", "shared", (), True),
    (
        "Ms. Lopez will find a job that lets her be home when her kids get back from school.",
        "shared",
        ("third-person",),
        True,
    ),
    ("Client will supervise his children at all times.", "staff", ("third-person",), False),
    ("Mother will maintain a clean and safe home.", "staff", ("third-person",), False),
    ("I want to stay sober so I can see my son play soccer.", "person", (), True),
    ("I want to participate in my treatment decisions.", "person", (), True),
    ("Housing.", "unclear", (), False),
]


@pytest.mark.parametrize("goal,owner,flag_ids,wants", EXAMPLES, ids=[e[0][:40] for e in EXAMPLES])
def test_example_goals(goal, owner, flag_ids, wants):
    a = assess_goal(goal)
    assert a.owner == owner, a.summary
    assert a.flag_ids == flag_ids
    assert a.names_a_want is wants
    assert a.suggestion.endswith("?")
    assert a.summary and a.text == goal


def test_enough_examples_of_each_kind():
    owners = [e[1] for e in EXAMPLES]
    assert len(EXAMPLES) >= 15
    assert {o: owners.count(o) >= 1 for o in OWNERS} == {o: True for o in OWNERS}
    assert owners.count("staff") >= 5 and owners.count("shared") >= 5 and owners.count("person") >= 5


def test_the_simulated_agency_goals_read_as_their_authors_wrote_them():
    """The Maple Street goals table says who wrote each goal; the coach should agree."""
    goals = load_agency("goals")
    pairs = set(zip(goals["author"].astype(str), goals["text"].astype(str), strict=True))
    assert len(pairs) >= 10
    expected = {"staff": "staff", "shared": "shared", "client": "person"}
    wrong = [
        (author, text, assess_goal(text).owner)
        for author, text in sorted(pairs)
        if assess_goal(text).owner != expected[author]
    ]
    assert not wrong


def test_flags_carry_the_matched_words():
    a = assess_goal("Client will take medication as prescribed and attend all appointments.")
    assert a.flags == (
        Flag("third-person", "Client will"),
        Flag("attend-all", "attend all appointments"),
        Flag("as-directed", "as prescribed"),
    )
    assert a.flags[1] == ("attend-all", "attend all appointments")  # a plain tuple, too
    assert "“attend all appointments”" in a.summary and "“as prescribed”" in a.summary
    assert a.matched_ids == a.flag_ids


def test_wants_and_signs_are_reported():
    a = assess_goal("I want to be there for my daughter's graduation.")
    assert [w.rule for w in a.wants] == ["i-want", "people", "life"]
    assert ("people", "my daughter's") in a.wants
    assert [s.rule for s in a.signs] == ["first-person"]
    assert a.matched_ids == ("first-person", "i-want", "people", "life")


# --------------------------------------------------------------------------------------------
# False positives: wording that looks like a rule but is not what the rule is about
# --------------------------------------------------------------------------------------------
NOT_FLAGGED = [
    ("I will attend my daughter's graduation.", "attend-all"),
    ("I will attend all of my son's basketball games.", "attend-all"),
    ("We attended every one of her recitals.", "attend-all"),
    ("I want to participate in my treatment decisions.", "participate-in-services"),
    ("I will cooperate with my ex on school pick-ups.", "cooperate"),
    ("I want to stay sober so I can see my son play soccer.", "maintain-sobriety"),
    ("I must find a job before the lease ends.", "must"),
    ("We must find a bigger place before the baby comes.", "must"),
    ("I want to submit my application to the housing authority.", "submit-to"),
    ("I want to be more patient with my kids.", "third-person"),
    ("I want my son to know he will always have a home.", "third-person"),
    ("So my dad will be proud of me.", "third-person"),
    ("Client has been non-compliant with treatment.", "comply"),
    ("I want to follow my doctor's advice about my heart.", "follow-orders"),
    ("I want to be home when the kids get back from school, as they asked.", "as-directed"),
]


@pytest.mark.parametrize("goal,rule_id", NOT_FLAGGED, ids=[f"{g[:30]}-{r}" for g, r in NOT_FLAGGED])
def test_no_false_positive(goal, rule_id):
    assert rule_id not in assess_goal(goal).matched_ids


def test_attend_depends_on_what_is_attended():
    assert "attend-all" not in assess_goal("I will attend my daughter's graduation.").flag_ids
    assert "attend-all" in assess_goal("Client will attend all sessions.").flag_ids
    assert "attend-all" in assess_goal("I will attend all sessions.").flag_ids  # still the agency's words


def test_third_person_subject_versus_first_person():
    assert assess_goal("Client will go to the job fair on Tuesday.").owner == "staff"
    assert assess_goal("I will go to the job fair on Tuesday.").owner == "person"
    assert assess_goal("We will go to the job fair on Tuesday.").owner == "shared"
    assert assess_goal("She will go to the job fair on Tuesday.").owner == "staff"


def test_staff_voice_is_not_a_want():
    """A child's safety or a clean home, written about the person, is the agency's goal."""
    for goal in (
        "Client will ensure the children are safe.",
        "Client will supervise her children.",
        "Client will keep her apartment clean.",
    ):
        a = assess_goal(goal)
        assert not a.names_a_want and a.owner == "staff", goal


@pytest.mark.parametrize(
    "variant",
    [
        "client will comply with housing program requirements",
        "CLIENT WILL COMPLY WITH HOUSING PROGRAM REQUIREMENTS!!!",
        "  Client   will,  comply with housing program requirements...  ",
        "Client will: “comply” with housing program requirements",
        "- Client will comply with housing program requirements.\n",
        "1) Client will comply — with housing program requirements",
    ],
)
def test_matching_ignores_case_spacing_and_punctuation(variant):
    a = assess_goal(variant)
    assert a.owner == "staff"
    assert a.flag_ids == ("third-person", "comply")


def test_curly_apostrophes_count_like_straight_ones():
    assert (
        assess_goal("I want to be there for my daughter’s graduation.").wants
        == assess_goal("I want to be there for my daughter's graduation.").wants
    )


def test_non_compliant_is_a_label_not_a_second_comply():
    for spelling in ("non-compliant", "noncompliant", "non compliant", "Non-Compliance"):
        a = assess_goal(f"Client is {spelling}.")
        assert "label-words" in a.flag_ids and "comply" not in a.flag_ids, spelling


def test_rule_texts_are_plain_language():
    whys = " ".join(r.why for r in RULES)
    descriptions = " ".join(r.description for r in RULES)
    summaries = " ".join(assess_goal(goal).summary for goal, *_ in EXAMPLES)
    for name, text in (("why", whys), ("description", descriptions), ("summary", summaries)):
        assert textstat.flesch_kincaid_grade(text) <= 9.0, name


def test_suggestions_are_open_questions():
    closed = ("do ", "does ", "are ", "is ", "will ", "can ", "could ", "did ", "would you agree")
    questions = {assess_goal(goal).suggestion for goal, *_ in EXAMPLES}
    questions |= {r.question for r in RULES if r.question}
    for q in questions:
        assert q.endswith("?") and not q.lower().startswith(closed), q
    pools = load_goal_rules().questions
    for pool in pools.values():
        for q in pool:
            assert q.endswith("?") and not q.lower().startswith(closed), q
    assert set(pools["no_want"]) & questions, "some goal gets the first questions to ask"


def test_same_goal_same_reading():
    goal = "Find work that fits around school pick-up."
    assert assess_goal(goal) == assess_goal(goal)


def test_assessment_is_frozen():
    a = assess_goal("I want my kids home.")
    assert isinstance(a, GoalAssessment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.owner = "staff"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Validated input
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [None, 42, b"Client will comply", ["Client will comply"]])
def test_non_string_is_a_type_error_naming_the_argument(bad):
    with pytest.raises(TypeError, match=r"^text must be a string"):
        assess_goal(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("empty", ["", "   ", "\n\t "])
def test_empty_goal_is_a_value_error_saying_what_is_expected(empty):
    with pytest.raises(ValueError, match=r"text is empty: expected a goal"):
        assess_goal(empty)


def test_too_long_goal_gets_a_clear_message():
    assess_goal("x" * MAX_CHARS)  # exactly the limit is fine
    with pytest.raises(ValueError, match="a goal is usually one or two sentences"):
        assess_goal("Client will comply. " * 60)


def test_fast_enough_for_a_widget():
    goals = [g for g, *_ in EXAMPLES] * 10
    start = time.perf_counter()
    for goal in goals:
        assess_goal(goal)
    assert time.perf_counter() - start < 1.0
