"""Learner text is plain: grade 8-9 reading level (Flesch-Kincaid), no marathon sentences.

textstat 0.7.8 is pinned on purpose: newer releases download a dictionary at first use, which
fails offline (FINDINGS.md). Mark schemes are for graders and are left out.
"""

import re

import pytest
import textstat
from conftest import MODULES, read_nb, source_notebook

MAX_GRADE = 9.0
MAX_SENTENCE_WORDS = 35


def plain_sentences(markdown: str) -> list[str]:
    """Markdown to a list of sentences: list items, headings and table cells count as sentences."""
    markdown = re.sub(r"### BEGIN MARK SCHEME.*?### END MARK SCHEME", "", markdown, flags=re.S)
    markdown = re.sub(r"```.*?```", "", markdown, flags=re.S)
    units = []
    for line in markdown.splitlines():
        line = line.strip()
        if not line:
            units.append("\n")  # a blank line ends a paragraph
            continue
        if re.fullmatch(r"\|?[\s:|-]+\|?", line):
            continue
        if line.startswith("|"):
            units += ["\n" + cell.strip() for cell in line.strip("|").split("|") if cell.strip()]
            continue
        heading = line.startswith("#")
        line = re.sub(r"^(#+|[-*]|\d+\.)\s+", "\n", line)
        units.append(line + ("\n" if heading else ""))
    units.append("\n")  # a paragraph never runs on into the next cell
    text = " ".join(units)
    text = re.sub(r"`[^`]*`", "it", text)
    text = re.sub(r"[*_>]", "", text)
    pieces = re.split(r"(?<=[.!?:])\s+|\n", text)
    return [p.strip() for p in pieces if len(p.split()) >= 1 and re.search(r"[A-Za-z]", p)]


def _learner_markdown(module: str) -> str:
    return "\n\n".join(c.source + "\n\n" for c in read_nb(source_notebook(module)).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("module", MODULES)
def test_reading_level_is_grade_9_or_below(module):
    sentences = plain_sentences(_learner_markdown(module))
    text = " ".join(s if s[-1] in ".!?:" else s + "." for s in sentences)
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{module}: Flesch-Kincaid grade {grade:.1f} (aim: 8-9)"


@pytest.mark.parametrize("module", MODULES)
def test_no_marathon_sentences(module):
    long = [s for s in plain_sentences(_learner_markdown(module)) if len(s.split()) > MAX_SENTENCE_WORDS]
    assert not long, f"{module}: split these sentences: {long}"


def test_the_measure_can_fail():
    dense = (
        "Notwithstanding organisational heterogeneity, institutional configurations "
        "systematically predetermine participatory manifestations among beneficiaries."
    )
    assert textstat.flesch_kincaid_grade(dense) > MAX_GRADE


def test_sentence_splitting_handles_tables_lists_and_wrapped_lines():
    md = "# Title\n\nA short line\nthat wraps. Next one.\n\n| a | b |\n|---|---|\n| one cell | two |\n\n- item one\n- item two"
    assert plain_sentences(md) == [
        "Title",
        "A short line that wraps.",
        "Next one.",
        "a",
        "b",
        "one cell",
        "two",
        "item one",
        "item two",
    ]
