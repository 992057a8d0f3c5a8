"""make present in a real browser: each projectable page renders without code, its prompts sit
beside its figures, its controls work, and axe-core finds no WCAG 2.1 AA problem.

Screenshots and timings go to artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import json
import time

import nbformat
import pytest
import test_browser
from conftest import free_port, make_server
from test_browser import ARTIFACTS, WCAG, _axe, need_chromium

from coownership import present

pytestmark = pytest.mark.slow
TOKEN = "coownership-present-test"
PAGES = sorted(p.stem for p in present.PRESENT.glob("*.ipynb"))
TIMINGS: dict[str, float] = {}
CHANGED = """([title, before]) => [...document.querySelectorAll('.coownership-slide')]
    .some(e => e.innerText.includes(title) && e.innerText !== before)"""


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """`make present` in the background until it answers; its terminal output is kept."""
    need_chromium()
    log = tmp_path_factory.mktemp("present") / "terminal.txt"
    start = time.perf_counter()
    try:
        with make_server("present", free_port(), TOKEN, log=log, ready=f"/?token={TOKEN}") as base:
            TIMINGS["make present to Voila answering (s)"] = round(time.perf_counter() - start, 2)
            yield {"base": base, "log": log}
    finally:
        (ARTIFACTS / "present-timings.json").write_text(json.dumps(TIMINGS, indent=1))


browser = test_browser.browser  # test_browser's Chromium, used here under the same name


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    yield context.new_page()
    context.close()


def _open(page, voila, module: str) -> float:
    start = time.perf_counter()
    page.goto(f"{voila['base']}/voila/render/{module}.ipynb?token={TOKEN}", timeout=120_000)
    page.wait_for_selector(".coownership-slide", timeout=120_000)
    page.wait_for_function("() => !document.querySelector('#loading')?.checkVisibility()", timeout=120_000)
    page.wait_for_timeout(1000)  # the last widgets finish drawing
    return time.perf_counter() - start


@pytest.mark.parametrize("module", PAGES)
def test_page_renders_without_code_with_its_prompts_and_is_accessible(voila, page, module):
    seconds = _open(page, voila, module)
    TIMINGS[f"{module}: open to rendered (s)"] = round(seconds, 2)
    cells = [c for c in nbformat.read(present.PRESENT / f"{module}.ipynb", 4).cells if c.cell_type == "code"]
    assert page.locator(".coownership-slide").count() == len(cells) - 1, "one part per cell after the first"
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0, "code must not show"
    assert page.locator("text=Traceback").count() == 0 and page.locator("text=Error displaying widget").count() == 0
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    shown = " ".join(page.locator(".coownership-prompts").all_inner_texts())
    asked = [q for quotes in present.running_it_prompts(module).values() for q in quotes]
    assert sum(q in shown for q in asked) >= 2, "the guide's prompts sit beside the figures"
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.coownership-prompts')).fontSize)")
    assert size >= 24, f"prompts must read from the back of a room: {size}px"
    page.screenshot(path=str(ARTIFACTS / f"present-{module}.png"))
    violations = _axe(page, {"include": [["html"]]}, WCAG, f"present {module}")
    assert not violations, f"{module} (make present): WCAG 2.1 AA problems: {violations}"


def test_the_explorer_chart_changes_when_a_control_changes(voila, page):
    _open(page, voila, "03-structures-that-remove-agency")
    chart = page.locator(".coownership-slide svg[role='img']").first
    before = chart.inner_html()
    page.locator(".coownership-slide .widget-dropdown select").first.select_option(
        label="Client chooses, evenings and home visits too"
    )
    page.wait_for_function(
        "(b) => document.querySelector(\".coownership-slide svg[role='img']\").innerHTML !== b",
        arg=before,
        timeout=30_000,
    )


def test_the_case_walk_moves_on_when_a_response_is_chosen(voila, page):
    _open(page, voila, "04-when-staff-are-asked-to-try-harder")
    walk = page.locator(".coownership-slide", has_text="One family, your choices")
    before = walk.inner_text()
    walk.locator("button").first.click()
    page.wait_for_function(CHANGED, arg=["One family, your choices", before], timeout=30_000)


def test_the_goal_coach_reads_a_goal_and_saves_nothing(voila, page):
    _open(page, voila, "05-agency-relevance-partnership")
    coach = page.locator(".coownership-slide", has_text="Practice: the goal-language coach")
    coach.locator("textarea").fill("I want my own place where my kids can have friends over.")
    before = coach.inner_text()
    coach.locator("button").first.click()
    page.wait_for_function(CHANGED, arg=["Practice: the goal-language coach", before], timeout=30_000)
    assert coach.locator("button:has-text('Save to my journal')").is_hidden(), "nothing is saved from a shared screen"


def test_the_terminal_shows_only_the_address_and_how_to_stop(voila):
    lines = [line for line in voila["log"].read_text().splitlines() if line.strip()]
    setup = ("Installing the course's pinned packages", "Installed in", "(uv was not available")
    ours = [line for line in lines if not line.startswith(setup)]
    assert any(f"?token={TOKEN}" in line for line in ours), "the address with its token"
    assert any("Ctrl+C" in line for line in ours), "how to stop"
    assert len(ours) <= 3 and not any("WARNING" in line or "Traceback" in line for line in ours), ours
