"""Learner text points only at modules that exist.

Every "module NN" / "Module NN" / "modules NN" in the markdown a learner sees (solution and mark
scheme regions are left out: they never reach learners) must name a module folder that exists
(``coownership.course.module_ids()``). A planned module is described in words ("a later module,
still being written"), never by a number a learner could go looking for.
"""

import re

import pytest
from conftest import MODULES, read_nb, source_notebook

from coownership import course

POINTER = re.compile(r"\b[Mm]odules?\s+(\d\d)\b")
HIDDEN = re.compile(r"### BEGIN (SOLUTION|MARK SCHEME).*?### END \1", re.S)


def learner_markdown(module: str) -> str:
    cells = read_nb(source_notebook(module)).cells
    return "\n\n".join(HIDDEN.sub("", c.source) for c in cells if c.cell_type == "markdown")


def dangling(text: str, known: list[str]) -> list[str]:
    numbers = {m[:2] for m in known}
    return [f"module {n}" for n in POINTER.findall(text) if n not in numbers]


@pytest.mark.parametrize("module", MODULES)
def test_every_module_pointer_names_an_existing_module(module):
    missing = dangling(learner_markdown(module), course.module_ids())
    assert not missing, f"{module} points learners at modules that do not exist yet: {sorted(set(missing))}"


def test_the_check_can_fail():
    text = "**Next:** module 02, *Disengagement is feedback*. Module 05 comes back to it. See module 01."
    assert dangling(text, ["00-start-here", "01-engagement-is-produced"]) == ["module 02", "module 05"]
    assert dangling("Modules 00 and 01 are ready.", ["00-start-here", "01-engagement-is-produced"]) == []
    assert HIDDEN.sub("", "a\n### BEGIN MARK SCHEME\nmodule 09\n### END MARK SCHEME\nb") == "a\n\nb"
