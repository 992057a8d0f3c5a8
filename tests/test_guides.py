"""Facilitator guides name only things their module has, and carry the sections a session needs.

- Every statement number a guide names exists in the list it refers to: in a section about the
  practice sort, the practice statements; about Exercise 1, that exercise's statements; in
  module 00, the survey. A quoted word right after the number ("statement 8 ('non-compliant')")
  must appear in that statement.
- Every option letter a guide names ("option B", "**C**", "C and B", "B (Ctrl + S)") is an option
  of one of the module's choice exercises (or a sorting letter, P or S).
- Every exercise id a guide names (``01-sort-statements``) exists, and every "Exercise N" is a
  heading in the notebook.
- Each guide has the sections a facilitator needs when a session runs long or stalls.
"""

import re

import pytest
from conftest import MODULES, guide_path, read_nb, source_notebook

from coownership import course
from coownership.checks import ChoiceExercise, SortExercise, SurveyExercise
from coownership.exercises import build, ids

SECTIONS = ("## Timing", "## Likely pushback", "## Answers", "## What to cut when pushback runs long", "## Parking lot")
STATEMENTS = re.compile(r"\b[Ss]tatements? (\d+(?:(?:, | and | or )\d+)*)(?: \(\"([^\"]+)\"\))?")
LETTERS = [
    re.compile(r"\b[Oo]ptions? ([A-Z])\b"),
    re.compile(r"\*\*([A-Z])\*\*"),
    re.compile(r"\b([A-Z]) (?:and|or) ([A-Z])\b(?! \()"),
    re.compile(r"(?<!\+ )\b([A-Z]) \((?:Ctrl|Cmd|Esc|Shift)"),
    re.compile(r"\b(?:chose|choose|chosen) ([A-Z])\b"),
    re.compile(r"\b([B-Z]) (?:sounds|asks|adds|is not)\b"),
]


def _guide(module: str) -> str:
    return guide_path(module).read_text()


def _module_exercises(module: str) -> list:
    text = source_notebook(module).read_text()
    used = re.findall(r'(?:exercise|HintButton|StatementSorter)\(\\?"([^"\\]+)\\?"\)', text)
    return [build(i) for i in dict.fromkeys(used)]


def _lists(module: str) -> dict[str, tuple[str, ...]]:
    """Which statement list a guide section means: 'practice', 'exercise' or 'survey'."""
    found = {}
    for ex in _module_exercises(module):
        if isinstance(ex, SurveyExercise):
            found["survey"] = tuple(ex.items)
        elif isinstance(ex, SortExercise):
            found["exercise" if ex.graded else "practice"] = tuple(ex.items)
    return found


def _sections(text: str) -> list[tuple[str, str]]:
    parts = re.split(r"^(#{2,3} .*)$", text, flags=re.M)
    return list(zip(["", *parts[1::2]], parts[0::2], strict=True))


def statement_problems(text: str, lists: dict[str, tuple[str, ...]]) -> list[str]:
    problems = []
    for heading, body in _sections(text):
        body = re.sub(r"\s*\n\s*", " ", body)
        if "practice" in heading.lower() and "practice" in lists:
            default = lists["practice"]
        elif "exercise 1" in heading.lower() and "exercise" in lists:
            default = lists["exercise"]
        else:
            default = None
        for numbers, quoted in STATEMENTS.findall(body):
            # In "## Answers" a paragraph names its own list: read the nearest bold label before it.
            where = body[: body.find(numbers)]
            label = (re.findall(r"\*\*(Practice sort|Exercise 1|Where you start)", where) or [None])[-1]
            items = {"Practice sort": lists.get("practice"), "Exercise 1": lists.get("exercise")}.get(label)
            items = items or default or lists.get("survey") or max(lists.values(), key=len, default=())
            for n in map(int, re.findall(r"\d+", numbers)):
                if not 1 <= n <= len(items):
                    problems.append(f"statement {n} (there are {len(items)}) under {heading!r}")
                elif quoted and quoted.lower() not in items[n - 1].lower():
                    problems.append(f"statement {n} is not {quoted!r}: it reads {items[n - 1]!r}")
    return problems


def letter_problems(text: str, allowed: set[str]) -> list[str]:
    named = {letter for pattern in LETTERS for match in pattern.findall(text) for letter in match if letter}
    return sorted(named - allowed)


@pytest.mark.parametrize("module", MODULES)
def test_guide_has_the_sections_a_session_needs(module):
    text = _guide(module)
    for heading in SECTIONS:
        assert re.search(rf"^{re.escape(heading)}\s*$", text, re.M), f"{module} guide needs '{heading}'"
    for pushback in ("We already do this", "You built the simulator to say that"):
        assert pushback in text, f"{module} guide should meet the pushback '{pushback}'"
    assert "docs/model-card.md" in text and "smaller than published" in text


@pytest.mark.parametrize("module", MODULES)
def test_every_statement_number_a_guide_names_exists(module):
    problems = statement_problems(_guide(module), _lists(module))
    assert not problems, f"{module} guide: {problems}"


@pytest.mark.parametrize("module", MODULES)
def test_every_option_letter_a_guide_names_exists(module):
    allowed = set()
    for ex in _module_exercises(module):
        if isinstance(ex, ChoiceExercise):
            allowed |= set(ex.options)
        if isinstance(ex, SortExercise):
            allowed |= set(ex.categories)
    bad = letter_problems(_guide(module), allowed)
    assert not bad, f"{module} guide names options that no exercise has: {bad}"


@pytest.mark.parametrize("module", MODULES)
def test_every_exercise_a_guide_names_exists(module):
    text = _guide(module)
    known = set(ids()) | set(course.module_ids())
    named = set(re.findall(r"\b(\d\d-[a-z]+(?:-[a-z]+)+)\b", text))
    assert named <= known, f"{module} guide names unknown exercises: {sorted(named - known)}"
    notebook = "\n".join(c.source for c in read_nb(source_notebook(module)).cells if c.cell_type == "markdown")
    headings = set(re.findall(r"^## Exercise (\d+)", notebook, re.M))
    numbers = set(re.findall(r"\bExercise (\d+)", text))
    assert numbers <= headings, f"{module} guide names exercises {sorted(numbers - headings)} the notebook lacks"


def test_the_checks_can_fail():
    lists = _lists("01-engagement-is-produced")
    planted = '### Practice: sort\n\nWatch for statement 7 ("non-compliant"), and statement 9.\n'
    assert len(statement_problems(planted, lists)) == 2
    good = '### Practice: sort\n\nWatch for statement 8 ("non-compliant").\n'
    assert statement_problems(good, lists) == []
    assert letter_problems("People who chose E, or option F. **C** is right.", {"A", "B", "C", "D"}) == ["E", "F"]
