"""Every source the course cites is listed in full in docs/references.md, and every module
points learners to that page.

A citation is an author-year form in learner markdown or a facilitator guide: parenthetical
("(Sims et al., 2012)", "(Miller & Rollnick, 2013; Ryan & Deci, 2000)", "(Department of Health,
2003)") or inline ("Sims et al. 2012", "Mohamudbucus & Kar 2025"). It counts as listed when one
entry of the references page holds both its first author's name and its year.
"""

import re

import pytest
from conftest import MODULES, REPO, guide_path, read_nb, source_notebook

REFERENCES = REPO / "docs" / "references.md"
NAME = r"[A-Z][\w'’@-]*"
PAREN = re.compile(r"\(([^()]*?\d{4})\)")
INLINE = [
    re.compile(rf"\b({NAME}) et al\.,? (\d{{4}})\b"),
    re.compile(rf"\b({NAME})(?:, {NAME})* (?:&|and) {NAME}(?: {NAME})?,? (\d{{4}})\b"),
]
SKIP = {"The", "In", "At", "See", "Also", "For", "And"}


def _author(text: str) -> str | None:
    words = [w for w in re.findall(r"[\w'’@-]+", text) if w[0].isupper() and w not in SKIP]
    return words[0] if words else None


def citations(text: str) -> set[tuple[str, str]]:
    """(first author, year) for every citation in ``text``."""
    found = set()
    for group in PAREN.findall(text):
        for part in group.split(";"):
            m = re.match(r"^\s*(.*?[A-Za-z].*?),?\s+(\d{4})\s*$", part)
            if m and (author := _author(m.group(1))) and not re.search(r"\d%", m.group(1)):
                found.add((author, m.group(2)))
    for pattern in INLINE:
        found.update(pattern.findall(text))
    return found


def entries() -> list[str]:
    text = REFERENCES.read_text()
    return [e for e in re.split(r"\n(?=- )", text) if e.startswith("- ")]


def unlisted(cited: set[tuple[str, str]], listed: list[str]) -> list[tuple[str, str]]:
    return sorted((a, y) for a, y in cited if not any(a in e and y in e for e in listed))


def _learner_text(module: str) -> str:
    return "\n\n".join(c.source for c in read_nb(source_notebook(module)).cells if c.cell_type == "markdown")


def _guide(module: str) -> str:
    return guide_path(module).read_text()


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("where", ["notebook", "guide"])
def test_every_citation_is_in_the_references_page(module, where):
    text = _learner_text(module) if where == "notebook" else _guide(module)
    missing = unlisted(citations(text), entries())
    assert not missing, f"{module} {where} cites sources missing from docs/references.md: {missing}"


@pytest.mark.parametrize("module", MODULES)
def test_every_module_points_to_the_references_page(module):
    text = _learner_text(module)
    assert "references.md" in text and "docs" in text, f"{module}: add a 'Sources' line naming docs/references.md"


def test_the_framing_article_is_listed():
    assert "Rethinking Engagement in Human Services" in REFERENCES.read_text()
    assert "Miller, W. R., & Rollnick, S. (2013)" in REFERENCES.read_text()


def test_the_finder_finds_and_the_check_can_fail():
    text = (
        "fell after reminders began (Sims et al., 2012). (Miller & Rollnick, 2013; Ryan & Deci, 2000) "
        "Department of Health 2003? No: (Department of Health, 2003). Mohamudbucus & Kar 2025. "
        "(46.2% against 39.9%) in 2024 (2 min) (The Lab @ DC 2017) (Nobody et al., 1999)"
    )
    found = citations(text)
    assert found == {
        ("Sims", "2012"),
        ("Miller", "2013"),
        ("Ryan", "2000"),
        ("Department", "2003"),
        ("Mohamudbucus", "2025"),
        ("Lab", "2017"),
        ("Nobody", "1999"),
    }
    assert unlisted(found, entries()) == [("Nobody", "1999")]
