"""Every module follows the course's conventions (README: "How to add a module")."""

import re

import pytest
from conftest import MODULES, REPO, guide_path, nbgrader_meta, read_nb, source_notebook

from coownership import course
from coownership.exercises import build, ids


def test_there_are_modules_and_they_start_at_00():
    assert MODULES[:2] == ["00-start-here", "01-engagement-is-produced"]
    numbers = [m[:2] for m in MODULES]
    assert numbers == sorted(set(numbers)), "module numbers must be unique and in order"


@pytest.mark.parametrize("module", MODULES)
def test_module_declares_objectives_minutes_key_points_and_questions(module):
    info = course.read_module(REPO / "notebooks" / module)
    assert info.number == module[:2]
    assert 10 <= info.minutes <= 120
    assert len(info.objectives) >= 2, "list at least two objectives under '## Objectives'"
    assert len(info.key_points) >= 2, "list at least two key points under '## Key points'"
    assert info.questions, "add a '## Questions to ask about your program' list"


@pytest.mark.parametrize("module", MODULES)
def test_source_notebook_is_committed_clean(module):
    nb = read_nb(source_notebook(module))
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"clear the outputs of {module} before committing"
            assert cell.execution_count is None
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("module", MODULES)
def test_module_has_a_facilitator_guide(module):
    guide = guide_path(module)
    assert guide.is_file(), f"{module} needs facilitator-guide.md"
    text = guide.read_text()
    for heading in ("## Timing", "## Likely pushback", "## Answers"):
        assert heading in text, f"{guide.name} of {module} needs a '{heading}' section"


@pytest.mark.parametrize("module", MODULES)
def test_exercises_follow_the_one_marked_line_pattern(module):
    nb = read_nb(source_notebook(module))
    cells = nb.cells
    for i, cell in enumerate(cells):
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and meta.get("solution"):
            region = re.search(r"### BEGIN SOLUTION\n(.*?)\n### END SOLUTION", cell.source, re.S)
            assert region, f"{module}: solution cell {meta['grade_id']} needs a solution region"
            lines = region.group(1).splitlines()
            assert len(lines) == 1 and lines[0].startswith("answer = "), (
                f"{module}: {meta['grade_id']} must change exactly one line, 'answer = ...'"
            )
            assert "✏️" in cell.source, f"{module}: {meta['grade_id']} needs a ✏️ instruction"
        if meta.get("grade") and cell.cell_type == "code":
            assert "### BEGIN HIDDEN TESTS" in cell.source, (
                f"{module}: graded test {meta['grade_id']} needs hidden tests (the authoritative half)"
            )
            assert meta.get("points", 0) > 0
            used = re.search(r'exercise\("([^"]+)"\)\.check\(answer\)', cell.source)
            assert used, f"{module}: test {meta['grade_id']} should call exercise(<id>).check(answer)"
            assert build(used.group(1)).graded, f"{used.group(1)} is graded but marked practice"
            prev = cells[i - 1]
            assert nbgrader_meta(prev).get("solution"), f"{module}: {meta['grade_id']} must follow its answer cell"


@pytest.mark.parametrize("module", MODULES)
def test_every_exercise_id_in_a_notebook_exists(module):
    text = source_notebook(module).read_text()
    for eid in re.findall(r'(?:exercise|HintButton|StatementSorter)\(\\?"([^"\\]+)\\?"\)', text):
        assert eid in ids(), f"{module} uses unknown exercise {eid!r}"


def test_survey_and_statements_in_the_notebooks_match_the_package():
    text00 = "\n".join(c.source for c in read_nb(source_notebook("00-start-here")).cells)
    for item in build("00-pre-survey").items:
        assert item in text00, f"module 00 does not show survey item: {item}"
    text01 = "\n".join(c.source for c in read_nb(source_notebook("01-engagement-is-produced")).cells)
    for item in build("01-sort-statements").items:
        assert item in text01, f"module 01 does not show statement: {item}"


@pytest.mark.parametrize("module", MODULES)
def test_simulated_data_is_labelled_and_figures_have_alt_text(module):
    nb = read_nb(source_notebook(module))
    for cell in nb.cells:
        code = cell.source if cell.cell_type == "code" else ""
        draws = re.search(r"\bplt\.|\.plot\(|\b(?:line|bar)_chart\(|\bshow\((?!\s*\))", code)
        if draws and "def " not in code:
            # a figure: drawn with coownership.figures (alt= is required there) or with alt text beside it
            assert re.search(r"\balt\b", code), f"{module}: a figure cell needs alt text: {code[:80]!r}"
        if "simulate(" in code and "def " not in code:
            assert "SIMULATED" in code, f"{module}: a cell that runs the simulator says SIMULATED: {code[:80]!r}"
        if cell.cell_type == "markdown":
            for image in re.findall(r"!\[([^\]]*)\]\(", cell.source):
                assert image.strip(), f"{module}: every image needs alt text"
