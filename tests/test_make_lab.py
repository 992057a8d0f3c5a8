"""`make lab`: its build step never loses a learner's work, and its server answers.

These tests share the repository's own learner build folder (build/learner-course), so they live
in one file (make test distributes whole files to workers).
"""

import contextlib
import json
import socket
import subprocess

import pytest
import requests
from conftest import REPO, make_server

from coownership import cli, course

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def private_build(tmp_path, monkeypatch):
    """Each test builds learner copies in its own folder (other test files run `make lab` too)."""
    monkeypatch.setenv("COOWNERSHIP_LEARNER_BUILD", str(tmp_path / "learner-build"))


def _make(*args, timeout=600):
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_build_twice_keeps_a_learners_edit(tmp_path):
    ws = tmp_path / "learner"
    first = _make("workspace", f"WORKSPACE={ws}")
    assert first.returncode == 0, first.stdout + first.stderr
    nb = ws / "00-start-here" / "00-start-here.ipynb"
    assert nb.is_file() and (ws / "01-engagement-is-produced" / "01-engagement-is-produced.ipynb").is_file()
    assert not list(ws.rglob("facilitator*")), "a facilitator guide reached the learner workspace"
    data = json.loads(nb.read_text())
    data["cells"][0]["source"] = "My own notes: the learner wrote this."
    nb.write_text(json.dumps(data))
    before = nb.read_bytes()
    second = _make("workspace", f"WORKSPACE={ws}")
    assert second.returncode == 0, second.stdout + second.stderr
    assert nb.read_bytes() == before, "make lab's build step overwrote a learner's notebook"
    assert "kept your copy" in second.stdout


def test_a_course_update_is_saved_beside_the_learners_copy(tmp_path):
    ws = tmp_path / "learner"
    course.build_workspace(ws)
    nb = ws / "00-start-here" / "00-start-here.ipynb"
    nb.write_text(nb.read_text().replace("Start here", "Start here (my notes)"))
    before = nb.read_bytes()
    record = ws / ".coownership" / "copied.json"
    data = json.loads(record.read_text())
    data["00-start-here/00-start-here.ipynb"] = "0" * 64  # as if the course had changed since
    record.write_text(json.dumps(data))
    report = course.build_workspace(ws)
    assert nb.read_bytes() == before
    assert (ws / "00-start-here" / "00-start-here (updated).ipynb").is_file()
    assert any("kept your copy" in line and "saved beside yours" in line for line in report)
    # a second course update gets its own name: neither copy is lost
    data = json.loads(record.read_text())
    data["00-start-here/00-start-here.ipynb"] = "1" * 64
    record.write_text(json.dumps(data))
    course.build_workspace(ws)
    assert (ws / "00-start-here" / "00-start-here (updated 2).ipynb").is_file()
    assert nb.read_bytes() == before
    # and a damaged record costs nothing but the detection
    record.write_text("{not json")
    course.build_workspace(ws)
    assert nb.read_bytes() == before


def test_the_course_reading_is_in_the_workspace_and_a_learners_notes_in_it_are_kept(tmp_path):
    ws = tmp_path / "learner"
    course.build_workspace(ws, ids=["00-start-here"])
    refs = ws / "docs" / "references.md"
    assert refs.read_bytes() == (REPO / "docs" / "references.md").read_bytes()
    assert (ws / "docs" / "model-card.md").is_file()
    record = ws / ".coownership" / "copied.json"
    data = json.loads(record.read_text())
    data["docs/references.md"] = "0" * 64  # the course's page changed since; the learner's copy is untouched
    record.write_text(json.dumps(data))
    refs.write_text("old copy")
    data["docs/references.md"] = __import__("hashlib").sha256(b"old copy").hexdigest()
    record.write_text(json.dumps(data))
    course.build_workspace(ws, ids=["00-start-here"])
    assert refs.read_bytes() == (REPO / "docs" / "references.md").read_bytes(), "an untouched copy is refreshed"
    refs.write_text("my notes on the sources")  # the learner writes in it
    data = json.loads(record.read_text())
    data["docs/references.md"] = "1" * 64
    record.write_text(json.dumps(data))
    course.build_workspace(ws, ids=["00-start-here"])
    assert refs.read_text() == "my notes on the sources", "a learner's notes were overwritten"
    assert (ws / "docs" / "references (updated).md").is_file()


def test_workspace_that_is_a_file_gets_a_clear_error(tmp_path, capsys):
    target = tmp_path / "oops"
    target.write_text("x")
    assert cli.main(["workspace", "--workspace", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_bad_port_and_busy_port_get_clear_messages(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["lab", "--port", "abc"])
    assert "--port must be a whole number" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        if port < 1024:
            pytest.skip("the OS gave a privileged port")
        assert cli.main(["lab", "--port", str(port), "--workspace", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} is already in use" in err and f"make lab PORT={port + 1}" in err


def test_unknown_module_release_names_it(capsys, tmp_path):
    assert cli.main(["release", "99-nope"]) == 2
    assert "unknown module(s): 99-nope" in capsys.readouterr().err
    with pytest.raises(course.CourseError, match="not one string"):
        course.release(tmp_path, ids="00-start-here")


@contextlib.contextmanager
def _server(target, port, token, env=None, **make_vars):
    """`make TARGET` in the background; yields a GET helper that sends the token."""
    with make_server(target, port, token, env, **make_vars) as base:
        auth = {"Authorization": f"token {token}"}
        yield lambda path: requests.get(f"{base}{path}", headers=auth, timeout=20)


def test_make_lab_serves_module_00_in_learner_configuration(tmp_path):
    with _server("lab", _free_port(), "coownership-test-token", WORKSPACE=tmp_path / "learner") as get:
        notebook = get("/api/contents/00-start-here/00-start-here.ipynb")
        assert notebook.status_code == 200 and notebook.json()["type"] == "notebook"
        page = get("/lab/tree/00-start-here/00-start-here.ipynb")
        assert page.status_code == 200
        disabled = page.text.split('"disabledExtensions"')[1][:600]
        for extension in (
            "@jupyter/nbgrader:formgrader",
            "@jupyter/nbgrader:create-assignment",
            "@jupyter/nbgrader:menu",
            "@jupyter/nbgrader:validate-assignment",
        ):
            assert extension in disabled, f"{extension} is not disabled for learners"
        assert get("/formgrader").status_code == 404
        news = get("/lab/api/settings/@jupyterlab/apputils-extension:notification").json()
        assert news["schema"]["properties"]["fetchNews"]["default"] == "false"
        assert news["schema"]["properties"]["checkForUpdates"]["default"] is False


def test_make_instructor_serves_the_sources_with_formgrader(tmp_path):
    env = {"COOWNERSHIP_COURSE_ROOT": str(tmp_path / "course")}
    (tmp_path / "course").mkdir()
    with _server("instructor", _free_port(), "coownership-test-token", env=env) as get:
        source = get("/api/contents/notebooks/01-engagement-is-produced/01-engagement-is-produced.ipynb")
        assert source.status_code == 200
        assert "BEGIN SOLUTION" in json.dumps(source.json()["content"])
        assert get("/formgrader").status_code == 200


def test_portfolio_exports_the_journal_and_says_when_empty(tmp_path, capsys):
    from coownership.journal import Journal

    ws = tmp_path / "learner"
    (ws / ".coownership").mkdir(parents=True)
    (ws / ".coownership" / "copied.json").write_text("{}")
    assert cli.main(["portfolio", "--workspace", str(ws)]) == 2
    assert "no journal entries" in capsys.readouterr().err
    Journal(ws / "my-journal.jsonl").add("01", "monday", "Ask what changed.")
    assert cli.main(["portfolio", "--workspace", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "(1 entry)" in out and list(ws.glob("portfolio-*.html")) and list(ws.glob("portfolio-*.md"))


def test_two_builds_into_one_course_folder_take_turns(tmp_path):
    """Two `make lab`s (or two walkers) building at once used to meet inside nbgrader's gradebook."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path / "course"
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: course.release(root, ids=["00-start-here"], force=True), range(2)))
    assert results == [["00-start-here"], ["00-start-here"]]
    assert (root / "release" / "00-start-here" / "00-start-here.ipynb").is_file()
