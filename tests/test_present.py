"""The projectable pages (make present): prompts come only from the guide's "Running it" section,
the notebooks in present/ carry no outputs and cover the modules with figures or widgets to show."""

from __future__ import annotations

import nbformat
import pytest
from conftest import MODULES, REPO, busy_port, guide_path

from coownership import course, present
from coownership.errors import CourseError

pytestmark = pytest.mark.slow
PAGES = sorted(present.PRESENT.glob("*.ipynb"))


def test_a_page_for_every_module_with_something_to_project():
    shown = ("SimulatorExplorer(", "CaseWalk(", "StructureAudit(", "GoalCoach(", "line_chart(", "bar_chart(")
    wanted = {
        m
        for m in MODULES
        if int(m[:2]) >= 2 and any(w in (REPO / "notebooks" / m / f"{m}.ipynb").read_text() for w in shown)
    }
    assert wanted <= {p.stem for p in PAGES}, f"modules without a projectable page: {wanted - {p.stem for p in PAGES}}"
    assert {p.stem for p in PAGES} <= set(MODULES), "a page in present/ names no module"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_pages_are_stored_without_outputs_and_name_their_module(page):
    nb = nbformat.read(page, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "clear the outputs before committing"
    assert f'MODULE = "{page.stem}"' in nb.cells[0].source
    assert nb.metadata.get("title", "").startswith("Module " + page.stem[:2]), "the browser tab shows this title"


@pytest.mark.parametrize("module", [p.stem for p in PAGES])
def test_prompts_come_only_from_running_it(module):
    guide = guide_path(module).read_text()
    flat = lambda text: " ".join(text.replace("\n>", " ").split())  # noqa: E731 (joins a quote's lines)
    running = flat(guide.split("## Running it", 1)[1].split("\n## ", 1)[0])
    answers = flat(guide.split("\n## Answers", 1)[1]) if "\n## Answers" in guide else ""
    found = present.running_it_prompts(module)
    assert found, f"{module}: no prompts found in the guide"
    for quotes in found.values():
        for quote in quotes:
            assert f'"{quote}"' in running, f"{module}: {quote[:60]!r} is not a quoted prompt in 'Running it'"
            assert quote not in answers, f"{module}: a prompt also stands in the answers: {quote[:60]!r}"


def test_a_scene_projects_the_learners_passage_with_its_prompts():
    module = "06-help-that-builds-ownership"
    part = present.scene(module, "Help is not wrong", "## Help is not wrong", ["Help is not wrong"])
    main, aside = part.children
    assert main.children[1].value == present.markdown_html(present.learner_markdown(module, "## Help is not wrong"))
    assert all(q in aside.value for q in present.prompts(module, "Help is not wrong"))
    with pytest.raises(CourseError, match="no learner markdown cell starts with '## Not a heading here'"):
        present.scene(module, "Missing", "## Not a heading here")
    with pytest.raises(CourseError, match="give sections as a list"):
        present.scene(module, "Help is not wrong", "## Help is not wrong", "Help is not wrong")


def test_the_answers_section_is_never_read(tmp_path, monkeypatch):
    folder = tmp_path / "09-test-module"
    folder.mkdir()
    (folder / "facilitator-guide.md").write_text(
        '# Guide\n\n## Running it\n\n### Opening (2 min)\n\n> "What do you notice\n> about the week?"\n\n'
        'Some narration.\n\n## Answers\n\n### Opening\n\n> "The answer is B."\n'
    )
    monkeypatch.setattr(course, "NOTEBOOKS", tmp_path)
    assert present.running_it_prompts("09-test-module") == {"Opening (2 min)": ("What do you notice about the week?",)}
    with pytest.raises(CourseError, match="no quoted prompt"):
        present.prompts("09-test-module", "Answers")


def test_voila_command_is_local_quiet_and_code_free():
    cmd = present.voila_command(8866, no_browser=True)
    assert "--Voila.ip=127.0.0.1" in cmd and "--strip_sources=True" in cmd and "--show_tracebacks=False" in cmd
    assert "--Voila.log_level=WARN" in cmd and f"--template={present.TEMPLATE}" in cmd
    assert not any("token" in part and "auto_token" not in part for part in cmd), "the token goes in the environment"
    env = present.voila_env("secret-token")
    assert env["JUPYTER_TOKEN"] == "secret-token"
    assert str(present.TEMPLATE_ROOT) in env["JUPYTER_PATH"]
    assert (present.TEMPLATE_ROOT / "voila" / "templates" / present.TEMPLATE / "index.html.j2").is_file()
    with pytest.raises(CourseError):
        present.voila_command(8866, folder=REPO / "no-such-folder")


def test_present_says_when_the_port_is_busy(capsys):
    from coownership.cli import main

    with busy_port() as port:
        assert main(["present", "--port", str(port), "--no-browser"]) == 2
    assert f"make present PORT={port + 1}" in capsys.readouterr().err
