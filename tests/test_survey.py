"""The beliefs measure (coownership.survey): its content, scoring, shift, cohort, sharing, and the
privacy of ratings at grading (coownership.grading.PrivateRatings, with a real autograde of
module 00)."""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import read_nb, source_notebook

from coownership import course, survey
from coownership.checks import exercise
from coownership.content import module_content
from coownership.errors import ArgumentError, ArgumentTypeError, CoownershipError
from coownership.exercise_kinds import SurveyExercise
from coownership.exercises import build, ids

MODULE = "00-start-here"
RATINGS = "5 1 4 2 3 5 1 4"  # distinctive: the privacy tests look for it in what graders see


# -- the measure is course content ------------------------------------------------------------


def test_the_measure_is_read_from_module_00s_beliefs_table():
    m = survey.measure()
    assert 8 <= len(m.items) <= 10
    assert m.labels == ("strongly disagree", "disagree", "not sure", "agree", "strongly agree")
    reverse = sum(i.reverse for i in m.items)
    assert abs(reverse - len(m.items) / 2) <= 1, "about half the statements should be reverse-keyed"
    assert len({i.id for i in m.items}) == len(m.items)
    assert "not a validated instrument" in m.note
    assert module_content("00").section("beliefs").tables("items")[0].text("id") == m.items[0].id


def test_every_survey_exercise_asks_the_measures_statements_with_its_keys():
    """One source: the survey exercises copy the [beliefs] statements; this keeps them equal."""
    m = survey.measure()
    surveys = [build(i) for i in ids() if isinstance(build(i), SurveyExercise)]
    assert "00-pre-survey" in [s.id for s in surveys]
    for s in surveys:
        assert tuple(s.items) == tuple(i.text for i in m.items), f"{s.id} differs from [beliefs] items"
        assert set(s.reverse) == {n for n, i in enumerate(m.items) if i.reverse}, f"{s.id}: reverse keys differ"
        assert s.scale == m.scale


def test_statements_are_single_and_plain():
    for item in survey.measure().items:
        assert len(item.text.split()) <= 15, item.text
        assert " and " not in item.text and " or " not in item.text.replace("times or rules", ""), (
            f"double-barrelled? {item.text}"
        )


def test_module_00_and_its_guide_say_what_the_survey_is_and_who_sees_it():
    text = "\n".join(c.source for c in read_nb(source_notebook(MODULE)).cells if c.cell_type == "markdown")
    for words in (
        "we wrote these statements for this course",
        "not a tested measure",
        "completion only",
        "no right answers",
        "ratings kept private",
        "Your name is not in it",
        "five people",
    ):
        assert words.lower() in text.lower(), words
    guide = (course.REPO / "notebooks" / MODULE / "facilitator-guide.md").read_text()
    for words in (
        "not a validated instrument",
        "ratings\n  kept private",
        "smaller than five",
        "Statements 1, 3, 5 and 8",
    ):
        assert words in guide, words


# -- scoring ------------------------------------------------------------------------------------


def test_reverse_keys_are_flipped():
    m = survey.measure()
    trait = " ".join("5" if i.reverse else "1" for i in m.items)
    service = " ".join("1" if i.reverse else "5" for i in m.items)
    assert survey.score(trait).value == 1.0 and survey.score(service).value == 5.0
    assert survey.score("3 3 3 3 3 3 3 3").value == 3.0
    # Agreeing more with one reverse-keyed statement lowers the score; with a forward one, raises it.
    first_reverse = next(n for n, i in enumerate(m.items) if i.reverse)
    first_forward = next(n for n, i in enumerate(m.items) if not i.reverse)
    for n, direction in ((first_reverse, -1), (first_forward, 1)):
        r = [3] * len(m.items)
        r[n] = 5
        assert (survey.score(r).value - 3.0) * direction > 0


def test_ratings_by_id_give_the_same_score_as_in_order():
    m = survey.measure()
    by_id = dict(zip([i.id for i in m.items], survey.parse_ratings(RATINGS), strict=True))
    assert survey.score(by_id) == survey.score(RATINGS)
    with pytest.raises(ArgumentError, match="does not have: b9"):
        survey.score({**by_id, "b9": 3})


def test_missing_answers_up_to_a_quarter_still_score():
    full = survey.score("4 2 5 3 1 4 2 5")
    two = survey.score("4 - 5 3 1 4 ? 5")
    assert two.value is not None and two.answered == 6 and two.missing == ("b2-set-up", "b7-times-rules")
    assert survey.score([4, None, 5, 3, 1, 4, 2, 5]).value == survey.score("4 - 5 3 1 4 2 5").value
    three = survey.score("4 - - - 1 4 2 5")
    assert three.value is None and "too many statements skipped (3 of 8" in three.reason
    assert "No score" in str(three) and full.value == 2.5
    assert survey.max_missing(len(survey.measure().items)) == 2


@pytest.mark.parametrize(
    ("ratings", "error", "words"),
    [
        ("4 2 5 3 1 4 2 6", ArgumentError, "statement 8 (b8-kind-of-person): 6 is not a rating from 1 to 5"),
        ("0 2 5 3 1 4 2 5", ArgumentError, "statement 1 (b1-not-ready): 0 is not a rating"),
        ([4, 2, 3.5, 3, 1, 4, 2, 5], ArgumentTypeError, "statement 3 (b3-really-wants): 3.5 is not a whole number"),
        ([4, True, 5, 3, 1, 4, 2, 5], ArgumentTypeError, "statement 2 (b2-set-up): True"),
        ("4 2 5 3.5 1 4 2 5", ArgumentError, "statement 4: '3.5' is not a whole number"),
        ("4 2 five 3 1 4 2 5", ArgumentError, "statement 3: 'five'"),
        ("4 2 5", ArgumentError, "there are 8 statements, so give 8 ratings; got 3"),
        (42, ArgumentTypeError, "ratings must be"),
    ],
)
def test_out_of_range_and_non_integer_ratings_are_clear_errors(ratings, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")) as info:
        survey.score(ratings)
    assert isinstance(info.value, CoownershipError)


def test_parse_ratings_reads_what_the_surveys_check_accepts():
    check = exercise("00-pre-survey")
    for line in ("4 2 5 3 1 4 2 5", "4,2,5,3,1,4,2,5", "42531425", " 4; 2 /5|3 1 4 2 5 "):
        assert check.evaluate(line).correct
        assert survey.parse_ratings(line) == (4, 2, 5, 3, 1, 4, 2, 5)
    assert survey.parse_ratings("") == ()
    assert survey.parse_ratings("4-5") == (4, None, 5)


# -- a learner's shift and a cohort's ------------------------------------------------------------


def test_shift_shows_a_learners_own_change_without_judging():
    s = survey.shift("4 2 5 3 1 4 2 5", "2 4 3 4 2 5 4 3")
    assert (s.before, s.after, s.change) == (2.5, 3.88, 1.38)
    assert [m[0] for m in s.moved] == [i.id for i in survey.measure().items]
    assert "no right place to be" in str(s) and "up 1.38" in str(s)
    down = survey.shift(survey.score("2 4 3 4 2 5 4 3"), survey.score("4 2 5 3 1 4 2 5"))
    assert down.change == -1.38 and "down 1.38" in str(down)
    none = survey.shift("- - - 3 1 4 2 5", "4 2 5 3 1 4 2 5")
    assert none.change is None and none.reason.startswith("before: too many")


def test_a_group_of_four_is_refused():
    c = survey.cohort([3.0, 3.5, 2.5, 4.0], [3.5, 3.0, 4.0, 4.5, 3.0])
    assert not c.shown and c.mean_before is None and c.mean_after is None and c.change is None
    assert "fewer than 5 people" in str(c) and "before: 4" in c.reason
    assert not survey.cohort([3.0] * 5, [3.0] * 4).shown


def test_a_group_of_five_is_shown():
    before = [survey.score(r) for r in ("4 2 5 3 1 4 2 5",) * 5]
    after = [survey.score(r) for r in ("2 4 3 4 2 5 4 3",) * 5]
    c = survey.cohort(before, after)
    assert c.shown and (c.n_before, c.n_after, c.mean_before, c.mean_after, c.change) == (5, 5, 2.5, 3.88, 1.38)
    assert "n = 5" in str(c) and "Unpaired" in str(c)


def test_unscored_people_do_not_count_and_the_minimum_cannot_be_lowered():
    before = [survey.score("4 2 5 3 1 4 2 5")] * 4 + [survey.score("- - - 3 1 4 2 5")]
    assert not survey.cohort(before, [3.0] * 5).shown
    assert not survey.cohort([3.0] * 6, [3.0] * 6, min_group=7).shown
    with pytest.raises(ArgumentError, match="min_group must be from 5"):
        survey.cohort([3.0] * 5, [3.0] * 5, min_group=4)
    with pytest.raises(ArgumentTypeError):
        survey.cohort("3 3 3", [3.0] * 5)
    with pytest.raises(ArgumentError, match="expected scores"):
        survey.cohort(["a"] * 5, [3.0] * 5)


# -- sharing --------------------------------------------------------------------------------------


def test_a_shared_file_names_no_one(tmp_path):
    paths = {survey.share_ratings(RATINGS, when="before", folder=tmp_path) for _ in range(3)}
    assert len(paths) == 3, "each share gets its own random file name"
    for path in paths:
        data = json.loads(path.read_text())
        assert set(data) == {"format", "measure", "when", "ratings"}
        assert set(data["ratings"]) == {i.id for i in survey.measure().items}
        assert path.name.startswith("beliefs-before-") and len(path.stem) == len("beliefs-before-") + 16


def test_nothing_is_shared_while_grading_or_without_a_score(tmp_path, monkeypatch):
    with pytest.raises(ArgumentError, match="cannot be shared"):
        survey.share_ratings("- - - 3 1 4 2 5", when="before", folder=tmp_path)
    with pytest.raises(ArgumentError, match="when must be one of"):
        survey.share_ratings(RATINGS, when="later", folder=tmp_path)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert survey.share_ratings(RATINGS, when="before", folder=tmp_path) is None
    assert not list(tmp_path.iterdir())


def test_the_share_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("COOWNERSHIP_SHARE_DIR", raising=False)
    (tmp_path / ".coownership").mkdir()
    (tmp_path / ".coownership" / "copied.json").write_text("{}")
    (tmp_path / "00-start-here").mkdir()
    assert survey.share_folder(tmp_path / "00-start-here") == tmp_path / "shared-ratings"
    monkeypatch.setenv("COOWNERSHIP_SHARE_DIR", str(tmp_path / "drop"))
    assert survey.share_folder() == tmp_path / "drop"


def test_the_share_button_shares_only_when_pressed(tmp_path, monkeypatch):
    monkeypatch.setenv("COOWNERSHIP_SHARE_DIR", str(tmp_path))
    box = survey.share_button(RATINGS, when="before")
    assert not list(tmp_path.iterdir())
    box.share()
    assert len(list(tmp_path.glob("beliefs-before-*.json"))) == 1 and "Shared" in box.children[1].value
    unanswered = survey.share_button("...")
    unanswered.share()
    assert "Finish the survey above first" in unanswered.children[1].value
    assert len(list(tmp_path.iterdir())) == 1


def test_a_cohort_from_a_folder_of_shared_files(tmp_path):
    for _ in range(4):
        survey.share_ratings("4 2 5 3 1 4 2 5", when="before", folder=tmp_path)
        survey.share_ratings("2 4 3 4 2 5 4 3", when="after", folder=tmp_path)
    assert not survey.cohort_from_folder(tmp_path).shown
    survey.share_ratings("4 2 5 3 1 4 2 5", when="before", folder=tmp_path)
    survey.share_ratings("2 4 3 4 2 5 4 3", when="after", folder=tmp_path)
    (tmp_path / "broken.json").write_text("{ not json")
    (tmp_path / "old.json").write_text(json.dumps({"format": "coownership-beliefs/1", "measure": "x", "when": "after"}))
    before, after, notes = survey.read_shared(tmp_path)
    assert (len(before), len(after)) == (5, 5) and len(notes) == 2
    assert len(survey.read_shared(tmp_path, skip=["broken.json"])[2]) == 1  # read by another reader: no note
    with pytest.raises(ArgumentTypeError, match="skip must be a list of file names"):
        survey.read_shared(tmp_path, skip="broken.json")
    c = survey.cohort_from_folder(tmp_path)
    assert c.shown and c.change == 1.38


# -- privacy at grading ---------------------------------------------------------------------------


def test_the_source_survey_answer_is_found_and_read():
    nb = read_nb(source_notebook(MODULE))
    [(index, eid)] = survey.survey_answer_cells(nb)
    assert eid == "00-pre-survey" and nb.cells[index].metadata.nbgrader.grade_id == "survey-answer"
    answer = survey.answer_in_notebook(source_notebook(MODULE))
    assert survey.score(answer).value is not None


def test_private_ratings_replaces_the_answer_line_and_keeps_the_placeholder(tmp_path):
    from coownership.grading import PrivateRatings

    nb = read_nb(source_notebook(MODULE))
    [(index, _)] = survey.survey_answer_cells(nb)
    nb.cells[index].source = f'# ✏️ 4 2 5 in a comment\nanswer = "{RATINGS}"'
    out, _ = PrivateRatings().preprocess(nb, {})
    assert out.cells[index].source == f'answer = "{survey.PRIVATE_ANSWER}"'
    assert RATINGS not in nbformat.writes(out)
    path = tmp_path / "graded.ipynb"
    nbformat.write(out, path)
    assert survey.answer_in_notebook(path) is None
    blank = read_nb(source_notebook(MODULE))
    blank.cells[index].source = 'answer = "..."  # <- ✏️ type your answer between the quotes'
    before = blank.cells[index].source
    assert PrivateRatings().preprocess(blank, {})[0].cells[index].source == before


@pytest.mark.slow
def test_a_real_autograde_of_module_00_scores_completion_and_hides_the_ratings(tmp_path_factory):
    from coownership import grading

    root = tmp_path_factory.mktemp("course")
    course.release(root, ids=[MODULE])
    release = root / "release" / MODULE / f"{MODULE}.ipynb"
    inbox = tmp_path_factory.mktemp("inbox")
    for learner, line in (("rater", RATINGS), ("short", "5 1 4 2 3 5 1"), ("blank", None)):
        nb = nbformat.read(release, as_version=4)
        [(index, _)] = survey.survey_answer_cells(nb)
        if line:
            nb.cells[index].source = nb.cells[index].source.replace('answer = "..."', f'answer = "{line}"')
        (inbox / learner).mkdir()
        nbformat.write(nb, inbox / learner / f"{MODULE}.ipynb")
    grading.collect(inbox, course_root=root)
    results = {r.learner: r for r in grading.autograde(root, jobs=1)}
    assert results["rater"].ok and results["rater"].score == results["rater"].max_score == 1
    assert results["short"].score == 0 and results["blank"].score == 0
    grading.feedback(root)
    for learner in ("rater", "short"):
        graded = (root / "autograded" / learner / MODULE / f"{MODULE}.ipynb").read_text()
        html = (root / "feedback" / learner / MODULE / f"{MODULE}.html").read_text()
        for shown in (graded, html):
            assert "5 1 4 2 3 5 1" not in shown, f"{learner}: the ratings reach the grader"
            assert "ratings kept private" in shown
    for learner, want in (("rater", f'answer = "{survey.PRIVATE_ANSWER}"'), ("blank", 'answer = "..."')):
        nb = nbformat.read(root / "autograded" / learner / MODULE / f"{MODULE}.ipynb", as_version=4)
        [(index, _)] = survey.survey_answer_cells(nb)
        assert want in nb.cells[index].source, nb.cells[index].source
    # The notebook as handed in keeps the ratings (autograde re-runs from it): documented.
    assert RATINGS in (root / "submitted" / "rater" / MODULE / f"{MODULE}.ipynb").read_text()
