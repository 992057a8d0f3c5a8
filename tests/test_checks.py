"""Unit tests for coownership.checks and the exercise registry."""

import pytest

from coownership import checks
from coownership.checks import (
    ChoiceExercise,
    OpenExercise,
    Outcome,
    SortExercise,
    SurveyExercise,
    answer_digest,
    exercise,
)
from coownership.exercises import ids


def _choice(**kw):
    base = dict(
        exercise_id="t-choice",
        title="T",
        options={"A": "a", "B": "b", "C": "c"},
        correct_digest=answer_digest("t-choice", 0, "B"),
        feedback={"A": "A falls short because of x."},
        hints=("h1", "h2"),
    )
    base.update(kw)
    eid = base.pop("exercise_id")
    return ChoiceExercise(eid, **base)


@pytest.mark.parametrize("value", ["...", "", "   ", "…", None, ...])
def test_placeholder_is_not_attempted(value):
    assert _choice().evaluate(value).outcome is Outcome.NOT_ATTEMPTED


def test_choice_outcomes_and_messages():
    q = _choice()
    assert q.evaluate("b").correct and q.evaluate(" B ").correct
    wrong = q.evaluate("A")
    assert wrong.outcome is Outcome.NOT_YET and "falls short" in wrong.message
    assert "B" not in wrong.message.replace("But", ""), "feedback must not name the right option"
    generic = q.evaluate("C")
    assert generic.outcome is Outcome.NOT_YET and "C is not the best fit" in generic.message
    odd = q.evaluate("Z")
    assert odd.outcome is Outcome.NOT_YET and "one letter" in odd.message
    num = q.evaluate(3)
    assert num.outcome is Outcome.NOT_YET and "inside the quote marks" in num.message


def test_choice_rejects_a_digest_that_matches_no_option():
    with pytest.raises(ValueError, match="correct_digest"):
        _choice(correct_digest="nope")
    with pytest.raises(ValueError, match="at least two"):
        _choice(options={"A": "a"})
    with pytest.raises(ValueError, match="exercise id"):
        _choice(exercise_id="Bad Id")


def test_check_shows_feedback_and_only_raises_while_nbgrader_grades(monkeypatch, capsys):
    q = _choice()
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    q.check("A")  # no exception for a learner
    assert "not yet" in capsys.readouterr().out
    q.check("...")
    assert "not attempted" in capsys.readouterr().out
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="not yet"):
        q.check("A")
    with pytest.raises(AssertionError, match="not attempted"):
        q.check("...")
    q.check("B")
    assert "correct" in capsys.readouterr().out
    _choice(graded=False).check("A")  # practice never raises


def test_hints_come_in_tiers_and_stop_at_the_last():
    q = _choice()
    first, second, third = q.hint(), q.hint(), q.hint()
    assert "Hint 1 of 2: h1" in str(first)
    assert "Hint 2 of 2: h2" in str(second)
    assert "last hint" in str(third)
    assert "no hint" in str(_choice(hints=()).hint())


def test_feedback_renders_as_text_and_accessible_html():
    fb = _choice().evaluate("A")
    html = fb._repr_html_()
    assert "role='status'" in html and "not yet" in html and "➜" in html  # icon + word, not colour alone
    assert str(fb).startswith("➜ T: not yet.")
    assert "<script" not in _choice(feedback={"A": "<script>x</script>"}).evaluate("A")._repr_html_()


def test_graded_sort_reports_a_count_and_practice_names_each_statement():
    q = exercise("01-sort-statements")
    assert q.evaluate("p s p s s p").correct  # case and spaces do not matter
    fb = q.evaluate("SSSSSS")
    assert fb.outcome is Outcome.NOT_YET and "3 of 6" in fb.message
    assert not fb.details and "Statement" not in fb.message, "a graded sort must not name statements"
    practice = exercise("01-practice-sort").evaluate("SSSSSSSS")
    assert practice.details and all(d.startswith("Statement ") for d in practice.details)
    assert "I need 6 letters" in q.evaluate("PSP").message
    assert "one letter per statement" in q.evaluate("PSXSSP").message
    assert "one letter per statement" in q.evaluate("person service").message


def test_format_messages_are_plain_and_point_at_the_marked_line():
    for eid, bad in (("01-sort-statements", 5), ("00-pre-survey", (4, 4)), ("01-first-response", 3)):
        message = exercise(eid).evaluate(bad).message
        assert "inside the quote marks" in message and "✏️" in message
        assert "int" not in message.split() and "tuple" not in message
    survey = exercise("00-pre-survey")
    assert "whole numbers" in survey.evaluate("3.5 4 2 5 2 5 3 2").message
    assert "whole numbers" in survey.evaluate("10 4 2 5 2 5 3 2").message


def test_sort_exercise_validates_its_definition():
    with pytest.raises(ValueError, match="one digest and one nudge"):
        SortExercise(
            "t-sort",
            "T",
            items=("a", "b"),
            categories={"P": "p", "S": "s"},
            digests=(answer_digest("t-sort", 0, "P"),),
            nudges=("n",),
        )
    with pytest.raises(ValueError, match="matches no category"):
        SortExercise("t-sort", "T", items=("a",), categories={"P": "p", "S": "s"}, digests=("zzz",), nudges=("n",))


def test_survey_accepts_any_complete_answer_and_scores_the_lens():
    q = exercise("00-pre-survey")
    assert q.evaluate("1 1 1 1 1 1 1 1").correct and q.evaluate("5,5,5,5,5,5,5,5").correct
    assert q.evaluate("44252532").correct
    assert q.evaluate("12345").outcome is Outcome.NOT_YET
    assert "1 to 5" in q.evaluate("1 2 3 4 5 6 1 2").message
    assert "score" not in str(q.evaluate("1 1 1 1 1 1 1 1")).lower(), "the survey is not scored for learners"
    assert q.score("5 1 5 1 5 1 1 5") == 1.0 and q.score("1 5 1 5 1 5 5 1") == 5.0
    with pytest.raises(ValueError, match="scale"):
        SurveyExercise("t-survey", "T", items=("a",), scale=1)


def test_open_exercise():
    q = OpenExercise("t-open", "T", min_chars=3)
    assert q.evaluate("abc").correct
    assert q.evaluate("ab").outcome is Outcome.NOT_YET


def test_registry_builds_every_exercise_fresh_and_names_unknown_ids():
    for eid in ids():
        a, b = exercise(eid), exercise(eid)
        assert a is not b and a.id == eid
        a.hint()
        assert b._hints_given == 0
    with pytest.raises(ValueError, match="01-sort-statements"):
        exercise("01-sort-statement")
    with pytest.raises(TypeError):
        exercise(1)


def test_answer_digest_validates_arguments():
    with pytest.raises(ValueError, match="exercise_id"):
        answer_digest("", 0, "A")
    with pytest.raises(ValueError, match="index"):
        answer_digest("x", -1, "A")
    with pytest.raises(TypeError, match="value"):
        answer_digest("x", 0, 1)


def test_package_holds_no_plain_answers():
    """Right answers live only in source notebooks and guides: the package stores digests."""
    import inspect

    from coownership import exercises

    text = inspect.getsource(exercises)
    for answer in ("PSPSSP", "PSPSPSPS"):
        assert answer not in text


def test_grading_flag(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert checks.grading()
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert not checks.grading()


def test_survey_and_open_answers_say_complete_not_correct():
    survey = exercise("00-pre-survey").evaluate("3 3 3 3 3 3 3 3")
    assert survey.correct and "complete." in str(survey) and "correct" not in str(survey)
    assert "data-outcome='correct'" in survey._repr_html_()  # machine-readable outcome unchanged
    assert "done." in str(exercise("00-try-it").evaluate("case manager"))
