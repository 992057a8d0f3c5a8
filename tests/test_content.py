"""Course content is data (issue 10): module wording lives in content files, the package holds none
of it, malformed content gets a clear error, a non-editable install finds the files, and a new
module works with no package code changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from coownership import content, exercises
from coownership.checks import answer_digest
from coownership.errors import ContentError

PACKAGE = REPO / "modules" / "coownership"


def _package_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))


def _module_sentences() -> list[str]:
    """Every learner-facing sentence in the modules' content files (long enough to be distinctive).

    course.toml's shared labels may appear in the package's docstring examples (they show what a
    function returns); module content may not appear anywhere in the package."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str) and len(value) >= 25 and " " in value:
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for folder in content.module_folders():
        walk(tomllib.loads((folder / "content.toml").read_text(encoding="utf-8")))
    return found


def test_no_module_wording_in_the_package():
    text = _package_text()
    sentences = _module_sentences()
    assert len(sentences) > 30
    inside = [s for s in sentences if s in text]
    assert not inside, f"course wording found in the package's code: {inside[:3]}"


def test_every_exercise_builds_from_its_content_file():
    for eid in exercises.ids():
        ex = exercises.build(eid)
        assert ex.id == eid and ex.title
        assert ex.evaluate("...").outcome.value == "not attempted"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("not toml at all [", "is not valid TOML"),
        ('[[exercise]]\nid = "99-x"\nkind = "choice"\n', "title is missing; expected a non-empty string"),
        ('[[exercise]]\nid = "99-x"\nkind = "choice"\ntitle = 3\n', "title is int 3; expected a non-empty string"),
        ('[[exercise]]\nid = "99-x"\nkind = "quiz"\ntitle = "T"\n', "kind = 'quiz'; expected one of choice"),
        (
            '[[exercise]]\nid = "99-x"\nkind = "choice"\ntitle = "T"\ncorrect_digest = "d"\n'
            '[exercise.options]\nA = "a"\n[exercise.feedback]\nZ = "z"\n',
            "names options that do not exist: Z",
        ),
        ('[[exercise]]\nid = "99-x"\nkind = "sort"\ntitle = "T"\ncategories = "nope"\n', "items is missing"),
        (
            '[[exercise]]\nid = "99-x"\nkind = "survey"\ntitle = "T"\nthanks = "t"\nitems = ["a"]\nreverse = [2]\n',
            "reverse names statements that do not exist: [2]",
        ),
        (
            '[[exercise]]\nid = "99-x"\nkind = "survey"\ntitle = "T"\nthanks = "t"\nscale = 5\n'
            'measure = { module = "99", table = "scale" }\n'
            '[scale]\nlabels = ["no", "maybe", "yes"]\nlens = "l"\nnote = "n"\n'
            '[[scale.items]]\nid = "a"\ntext = "A"\nreverse = false\n[[scale.items]]\nid = "b"\ntext = "B"\nreverse = true\n',
            "scale = 5, but the measure it names has 3 labels",
        ),
    ],
)
def test_malformed_content_names_the_file_and_the_key(content_copy, text, words):
    content_copy({"99-x/content.toml": text})
    with pytest.raises(ContentError) as info:
        exercises.build("99-x")
    message = str(info.value)
    assert words in message and "content.toml" in message


def test_a_missing_content_file_and_a_bad_id_are_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("COOWNERSHIP_NOTEBOOKS", str(tmp_path))
    with pytest.raises(ContentError, match="course.toml: not found"):
        content.course_content()
    with pytest.raises(ContentError, match="starts with its module's number"):
        content.find_exercise("sort-statements")


def test_design_words_must_cover_the_simulators_options(content_copy):
    content_copy({"course.toml": lambda text: text.replace('value = "tailored"', 'value = "bespoke"')})
    with pytest.raises(ContentError, match=r"\[design.plan\] options must have the values standard, tailored"):
        content.design_words("plan", ("standard", "tailored"))


@pytest.mark.slow
def test_a_non_editable_install_finds_the_content(tmp_path):
    wheels = tmp_path / "wheels"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = wheels.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder in content.module_folders():
        assert f"coownership/course_content/{folder.name}/content.toml" in names
    assert "coownership/course_content/course.toml" in names
    assert not [n for n in names if n.endswith((".ipynb", ".md")) and "course_content" in n], "only content files"
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    env = {k: v for k, v in os.environ.items() if k != "COOWNERSHIP_NOTEBOOKS"}
    env["PYTHONPATH"] = str(target)
    code = "import coownership.exercises as e, coownership.content as c; print(c.content_root()); print(e.build('01-first-response').title)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    root, title = out.stdout.splitlines()
    assert Path(root) == target / "coownership" / "course_content" and title


# -- a throwaway module: one exercise of each kind, no package code changed -----------------------

MODULE = "99-throwaway"
EXERCISES = {  # id: (kind, the right answer, a wrong one)
    "99-pick": ("choice", "B", "A"),
    "99-sort": ("sort", "PS", "SS"),
    "99-rate": ("survey", "1 5", "7"),
    "99-say": ("open", "anything at all", "short"),
}


def _content_toml() -> str:
    pick = answer_digest("99-pick", 0, "B")
    sort = [answer_digest("99-sort", 0, "P"), answer_digest("99-sort", 1, "S")]
    return textwrap.dedent(
        f"""
        [[exercise]]
        id = "99-pick"
        kind = "choice"
        title = "Pick the throwaway option"
        correct_digest = "{pick}"
        hints = ["A throwaway hint about the options."]
        [exercise.options]
        A = "The first throwaway option."
        B = "The second throwaway option."
        [exercise.feedback]
        A = "A throwaway nudge for the first option."

        [[exercise]]
        id = "99-sort"
        kind = "sort"
        title = "Sort two throwaway statements"
        categories = "person-or-service"
        [[exercise.items]]
        text = "A throwaway statement about a person."
        digest = "{sort[0]}"
        nudge = "A throwaway nudge about the person."
        [[exercise.items]]
        text = "A throwaway statement about a service."
        digest = "{sort[1]}"
        nudge = "A throwaway nudge about the service."

        [[exercise]]
        id = "99-rate"
        kind = "survey"
        title = "Rate two throwaway statements"
        items = ["Throwaway statement one.", "Throwaway statement two."]
        reverse = [1]
        thanks = "Thanks for the throwaway ratings."

        [[exercise]]
        id = "99-say"
        kind = "open"
        title = "Say something throwaway"
        graded = false
        min_chars = 10
        thanks = "Thanks for the throwaway words."
        """
    )


def _notebook() -> nbformat.NotebookNode:
    def meta(grade_id, **kw):
        base = {"grade": False, "grade_id": grade_id, "locked": True, "schema_version": 3, "solution": False}
        return {"nbgrader": {**base, "task": False, **kw}}

    cells = [
        nbformat.v4.new_markdown_cell(
            "# Module 99 · Throwaway\n\n**Time:** 5 minutes\n\n## Objectives\n- Prove the pattern.",
            metadata=meta("intro"),
        ),
        nbformat.v4.new_code_cell("from coownership.checks import exercise", metadata=meta("setup")),
    ]
    for eid, (_, right, _) in EXERCISES.items():
        name = eid.split("-")[1]
        cells.append(
            nbformat.v4.new_code_cell(
                f'# ✏️ Your answer.\n### BEGIN SOLUTION\nanswer = "{right}"\n### END SOLUTION',
                metadata=meta(f"{name}-answer", locked=False, solution=True),
            )
        )
        cells.append(
            nbformat.v4.new_code_cell(
                f'from coownership.checks import exercise\nexercise("{eid}").check(answer)\n'
                f'### BEGIN HIDDEN TESTS\nassert answer.strip() == "{right}", "not yet"\n### END HIDDEN TESTS',
                metadata=meta(f"{name}-check", grade=True, points=1),
            )
        )
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


_SCRIPT = r"""
import json, os, shutil, sys
from pathlib import Path
from coownership import course, exercises
root, module, expected = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
out = {"ids": [i for i in exercises.ids() if i.startswith("99-")]}
out["right"] = {i: exercises.build(i).evaluate(v[1]).outcome.value for i, v in expected.items()}
out["wrong"] = {i: exercises.build(i).evaluate(v[2]).outcome.value for i, v in expected.items()}
out["released"] = course.release(root, ids=[module])
folder = root / "release" / module
out["release_files"] = sorted(p.name for p in folder.rglob("*") if p.is_file())
out["release_text"] = (folder / f"{module}.ipynb").read_text()
source = Path(os.environ["COOWNERSHIP_NOTEBOOKS"]) / module / f"{module}.ipynb"
for student, nb in (("full", source), ("blank", folder / f"{module}.ipynb")):
    dest = root / "submitted" / student / module
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(nb, dest / f"{module}.ipynb")
proc = course.run_nbgrader(["autograde", module, "--force"], course_root=root)
out["autograde"] = proc.returncode
from nbgrader.api import Gradebook
with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
    out["full"] = gb.find_submission(module, "full").code_score
    out["blank"] = gb.find_submission(module, "blank").code_score
    out["max"] = gb.find_assignment(module).max_code_score
print(json.dumps(out))
"""


@pytest.mark.slow
def test_a_throwaway_module_is_released_checked_graded_and_leak_free(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (notebooks / MODULE).mkdir()
    (notebooks / MODULE / "content.toml").write_text(_content_toml())
    nbformat.write(_notebook(), notebooks / MODULE / f"{MODULE}.ipynb")
    package_before = _package_text()
    env = {**os.environ, "COOWNERSHIP_NOTEBOOKS": str(notebooks)}
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path / "course"), MODULE, json.dumps(EXERCISES)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["ids"] == list(EXERCISES)
    assert set(out["right"].values()) == {"correct"}, out["right"]
    assert set(out["wrong"].values()) == {"not yet"}, out["wrong"]
    assert out["released"] == [MODULE]
    assert out["release_files"] == [f"{MODULE}.ipynb"], "the content file must stay out of the learner copy"
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", 'assert answer.strip() == "B"', 'answer = "PS"'):
        assert secret not in out["release_text"]
    assert out["autograde"] == 0 and out["max"] == 4
    assert out["full"] == 4 and out["blank"] == 0
    assert _package_text() == package_before, "adding a module must not change the package"
