"""The case walk: one SIMULATED family, the learner's choices, the same model, the paths not taken."""

import re

import ipywidgets as widgets
import pytest
from conftest import content_error

from coownership.caseload import walk
from coownership.widgets import CaseWalk
from coownership.widgets.casewalk import FAMILIES, describe_family


def test_same_seed_same_family_and_luck_different_choices_different_paths():
    a = walk("compliance", choices="consequence", seed=FAMILIES[3])
    b = walk("compliance", choices="ask_and_adapt", seed=FAMILIES[3])
    assert a.clients.equals(b.clients)
    fa, fb = (r.appointments[r.appointments["client_id"] == 1] for r in (a, b))
    first_miss = int(fa.loc[~fa["attended"], "week"].min())
    # identical up to and including the first missed visit: only the choice differs after it
    assert fa[fa["week"] <= first_miss]["attended"].tolist() == fb[fb["week"] <= first_miss]["attended"].tolist()
    assert a.episodes.iloc[0]["exit_kind"] != b.episodes.iloc[0]["exit_kind"]
    assert set(fa.loc[~fa["attended"], "response"].astype(str)) == {"consequence"}
    assert set(fb.loc[~fb["attended"], "response"].astype(str)) == {"ask_and_adapt"}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_misses_early_and_choices_matter(family):
    outcomes = set()
    for choice in ("consequence", "outreach", "ask_and_adapt"):
        run = walk("compliance", choices=choice, seed=FAMILIES[family])
        visits = run.appointments[run.appointments["client_id"] == 1]
        assert (~visits["attended"]).sum() >= 3
        outcomes.add(str(run.episodes.iloc[0]["exit_kind"]))
    assert len(outcomes) > 1, f"family {family}: the choices should lead to different paths"
    assert describe_family(walk(seed=FAMILIES[family])).startswith("A parent")


def test_walk_validates_its_arguments():
    with pytest.raises(ValueError, match="each of choices must be one of"):
        walk(choices=("nag",))
    with pytest.raises(TypeError, match="choices must be a string or a tuple"):
        walk(choices=["consequence"])
    with pytest.raises(ValueError, match="caseload must be from 5 to 60"):
        walk(caseload=2)


def test_widget_asks_at_each_miss_and_ends_with_the_paths_not_taken():
    w = CaseWalk(family=1)
    assert w.pending_week is not None and "What do you do?" in w.question.value
    assert "no show" in w.question.value  # the worker sees what the system recorded
    w.buttons["ask_and_adapt"].click()
    assert "They told you" in w.story.value  # asking reveals the actual reason
    steps = 1
    while w.pending_week is not None and steps < 40:
        w.choose("consequence")
        steps += 1
    assert w.pending_week is None and all(b.disabled for b in w.buttons.values())
    end = w.ending.value
    for name in (
        "Your choices",
        "Always: send a warning letter",
        "Always: call more",
        "Always: ask what got in the way",
    ):
        assert name in end
    assert "SIMULATED" in end and 'role="img"' in end and "<figcaption" in end
    assert "really behind their missed visits" in end
    w.choose("outreach")  # after the end: ignored, no error
    w.restart_button.click()
    assert w.choices == [] and w.pending_week is not None


def test_widget_controls_are_labelled_and_input_is_checked():
    w = CaseWalk(family=2)
    for b in [*w.buttons.values(), w.restart_button]:
        assert isinstance(b, widgets.Button) and b.description and b.tooltip
    with pytest.raises(ValueError, match="response must be one of"):
        w.choose("shout")
    with pytest.raises(ValueError, match="family must be one of 1, 2, 3"):
        CaseWalk(family=9)
    with pytest.raises(ValueError, match="family must be one of 1, 2, 3"):
        CaseWalk(family=[1])
    assert re.search(r"SIMULATED family 2", w.children[0].value)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_reason_the_family_gave_never_changes_with_later_choices(family):
    """Reasons are drawn in the week of the miss, so a later choice cannot rewrite an earlier one."""
    w = CaseWalk(family=family)
    w.choose("ask_and_adapt")
    first = re.findall(r"They told you: “([^”]+)”", w.story.value)[0]
    while w.pending_week is not None:
        w.choose("consequence")
        assert re.findall(r"They told you: “([^”]+)”", w.story.value)[0] == first


# A gap the widget never fills, or a stray brace, is named when the walk is built (never a KeyError
# when a learner presses a button).
BAD_COURSE_TEXT = {
    "a sentence": (
        'missed_question = "Week {week}',
        'missed_question = "Week {weeks}',
        ["[casewalk.text]", "missed_question", "{weeks}", "never filled in", "{week}, {recorded}"],
    ),
    "the family template": (
        "looking for {need}.",
        "looking for {needs}.",
        ["[casewalk.family]", "template", "{needs}"],
    ),
    "a stray brace": ('came = "Week {week}:', 'came = "Week {week:', ["came", "stray brace"]),
    "a sentence shown only at the end": (
        'behind = "What was really behind their missed visits: {reasons}."',
        'behind = "What was really behind their missed visits: {reason}."',
        ["behind", "{reason}", "it can use {reasons}"],
    ),
}


@pytest.mark.parametrize("case", BAD_COURSE_TEXT, ids=list(BAD_COURSE_TEXT))
def test_a_gap_the_walk_does_not_fill_is_named_when_it_is_built(content_copy, case):
    old, new, words = BAD_COURSE_TEXT[case]
    root = content_copy({"course.toml": (old, new)})
    content_error(lambda: CaseWalk(family=1), root / "course.toml", words)
