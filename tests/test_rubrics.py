"""Every manually graded cell has a rubric in grading/rubrics/ that matches its mark scheme."""

import re
import tomllib

import pytest
from conftest import MODULES, REPO, nbgrader_meta, read_nb, source_notebook


def _manual_cells(module):
    return [
        c
        for c in read_nb(source_notebook(module)).cells
        if nbgrader_meta(c).get("task") or (nbgrader_meta(c).get("grade") and c.cell_type == "markdown")
    ]


@pytest.mark.parametrize("module", MODULES)
def test_rubrics_and_mark_schemes_correspond_one_to_one(module):
    cells = _manual_cells(module)
    path = REPO / "grading" / "rubrics" / f"{module}.toml"
    if not cells:
        assert not path.exists(), f"{path.name} describes cells that {module} does not have"
        return
    assert path.is_file(), f"{module} has manually graded cells but no {path.relative_to(REPO)}"
    rubric = tomllib.loads(path.read_text())
    assert rubric["module"] == module
    by_id = {cell["grade_id"]: cell for cell in rubric["cell"]}
    assert set(by_id) == {nbgrader_meta(c)["grade_id"] for c in cells}, "rubric cells != notebook cells"
    for cell in cells:
        meta = nbgrader_meta(cell)
        entry = by_id[meta["grade_id"]]
        assert entry["points"] == meta["points"], f"{meta['grade_id']}: rubric and cell points differ"
        assert sum(c["points"] for c in entry["criteria"]) == entry["points"]
        scheme = re.search(r"### BEGIN MARK SCHEME\n(.*?)\n### END MARK SCHEME", cell.source, re.S)
        assert scheme, f"{meta['grade_id']}: no mark scheme in the cell"
        listed = dict(re.findall(r"\*\*([a-z0-9-]+) \((\d+) points?\):\*\*", scheme.group(1)))
        assert listed == {c["id"]: str(c["points"]) for c in entry["criteria"]}, (
            f"{meta['grade_id']}: mark scheme criteria {listed} differ from the rubric"
        )
