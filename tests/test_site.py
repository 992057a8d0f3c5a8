"""make site: the whole course as a static website, built from the learner copies.

Built once per test session into a temporary folder (about a minute with the release): nothing a
learner must not see is in any page, every internal link resolves, nothing is fetched from the
internet, widgets show as static HTML with a note, and axe-core finds no WCAG 2.1 AA problem on
the index and on module 03 (which has the explorer and the audit).
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import MODULES, REPO
from test_leaks import MARKERS, _secrets

from coownership import site

sys.path.insert(0, str(Path(__file__).parent / "browser"))
from test_browser import ARGS, CHROMIUM, WCAG, _axe  # noqa: E402

pytestmark = pytest.mark.slow
ARTIFACTS = REPO / "artifacts" / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    index = site.build_site(root / "site", work=root / "work")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps({"site build (s)": round(time.perf_counter() - start, 1)}))
    return index.parent


def _pages(built: Path) -> dict[Path, str]:
    # _static holds the theme's own files (some are Jinja templates with {{ }} links): not our pages.
    return {p: p.read_text() for p in built.rglob("*.html") if "_static" not in p.relative_to(built).parts}


def test_every_module_and_the_reading_are_built(built):
    for module in MODULES:
        assert (built / module / f"{module}.html").is_file(), f"{module} is missing from the site"
    assert (built / "docs" / "references.html").is_file() and (built / "docs" / "model-card.html").is_file()
    index = (built / "index.html").read_text()
    assert all(f"{m}/{m}.html" in index for m in MODULES), "the index links every module"


@pytest.mark.parametrize("module", MODULES)
def test_modules_are_learner_copies_run_with_outputs(built, module):
    page = (built / module / f"{module}.html").read_text()
    assert "cell_output" in page, f"{module}: no outputs on the page"
    assert "Traceback" not in page and "Error displaying widget" not in page


def test_nothing_a_learner_must_not_see_is_on_the_site(built):
    pages = _pages(built)
    for page, text in pages.items():
        for marker in MARKERS:
            assert marker not in text, f"{page.name} contains {marker!r}"
        for word in ("facilitator-guide", "Facilitator guide", "## Answers"):
            assert word not in text, f"{page.name} contains {word!r}"
    for module in MODULES:
        secrets = _secrets(module)
        assert secrets, f"{module}: no secrets to look for; the scan would be vacuous"
        for secret in secrets:
            for page, text in pages.items():
                assert secret not in text and html.escape(secret) not in text, (
                    f"{page.relative_to(built)} contains secret text of {module}: {secret[:80]!r}"
                )


def test_every_internal_link_resolves_and_nothing_is_fetched(built):
    broken, remote = [], []
    for page, text in _pages(built).items():
        for kind, target in re.findall(r'\b(href|src)="([^"]+)"', text):
            if target.startswith(("http://", "https://", "//")):
                if kind == "src" or re.search(rf'<link[^>]+href="{re.escape(target)}"', text):
                    remote.append(f"{page.relative_to(built)}: {target}")
                continue
            if target.startswith(("#", "mailto:", "data:", "javascript:")):
                continue
            path = target.split("#")[0].split("?")[0]
            if path and not (page.parent / path).resolve().exists():
                broken.append(f"{page.relative_to(built)}: {target}")
    assert not broken, "links to nothing:\n" + "\n".join(broken[:20])
    assert not remote, "pages load scripts or styles from the internet (the site must work offline):\n" + "\n".join(
        remote[:20]
    )


def test_widgets_show_as_static_html_with_a_note(built):
    page = (built / "03-structures-that-remove-agency" / "03-structures-that-remove-agency.html").read_text()
    assert page.count(site.WIDGET_NOTE) >= 3
    assert "<svg" in page and 'role="img"' in page, "the explorer's charts are drawn from the saved state"
    assert "widget-view+json" not in page and "require.js" not in page


@pytest.mark.parametrize(
    "page_path", ["index.html", "03-structures-that-remove-agency/03-structures-that-remove-agency.html"]
)
def test_pages_are_accessible(built, page_path):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((built / page_path).as_uri())
        label = f"site {page_path}"
        violations = _axe(page, {"include": [["html"]]}, WCAG, label)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / (Path(page_path).stem + ".png")))
        browser.close()
    assert not violations, f"{page_path}: WCAG 2.1 AA problems: {violations}"
