"""Nothing a learner receives contains a solution, hidden test, mark scheme or facilitator text.

Checked on the nbgrader release of every module (what `make lab` copies into learner/ and what a
coordinator releases).
"""

import json
import re

import pytest
from conftest import MODULES, guide_path, nbgrader_meta, read_nb, source_notebook

MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "END MARK SCHEME",
    "Rubric:",
)


def _secrets(module: str) -> list[str]:
    """Lines that must never reach a learner: solutions, hidden tests, mark schemes, the guide."""
    secrets = []
    source_text = source_notebook(module).read_text()
    for cell in read_nb(source_notebook(module)).cells:
        for start, end in (
            ("### BEGIN SOLUTION", "### END SOLUTION"),
            ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
            ("### BEGIN MARK SCHEME", "### END MARK SCHEME"),
        ):
            for region in re.findall(re.escape(start) + r"\n(.*?)\n" + re.escape(end), cell.source, re.S):
                secrets += [line.strip() for line in region.splitlines() if len(line.strip()) >= 8]
    guide = guide_path(module)
    if guide.is_file():
        # Guide lines that are not learner text quoted from the notebook itself.
        secrets += [
            line.strip()
            for line in guide.read_text().splitlines()
            if len(line.strip()) >= 40
            and not line.lstrip().startswith(("|", "#"))
            and json.dumps(line.strip())[1:-1] not in source_text
        ]
    return secrets


@pytest.mark.parametrize("module", MODULES)
def test_release_leaks_nothing(module, released):
    folder = released / "release" / module
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [f"{module}.ipynb"], f"unexpected files in the release: {files}"
    text = files[0].read_text()
    for marker in MARKERS:
        assert marker not in text, f"{module} release contains {marker!r}"
    for secret in _secrets(module):
        assert secret not in text, f"{module} release contains secret text: {secret[:80]!r}"
    assert "facilitator" not in text.lower()


@pytest.mark.parametrize("module", MODULES)
def test_release_keeps_no_outputs_and_locks_tests(module, released):
    nb = read_nb(released / "release" / module / f"{module}.ipynb")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs
        meta = nbgrader_meta(cell)
        if meta.get("grade") and not meta.get("solution"):
            assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False


def test_leak_check_would_catch_a_leak(released, tmp_path):
    """The secrets list is not empty, so the leak test above can fail."""
    for module in MODULES:
        assert _secrets(module), f"no secrets found for {module}: the leak test would be vacuous"
