"""The journal never loses a word: each guarantee in coownership.journal's docstring, tested."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from coownership import journal as journal_module
from coownership.journal import MAX_CHARS, Journal, JournalError, default_path, save_reflection


@pytest.fixture()
def journal(tmp_path):
    return Journal(tmp_path / "learner" / "my-journal.jsonl")


def test_saved_entry_is_on_disk_and_read_back_by_a_new_reader(journal):
    entry = journal.add("01", "reflection", "Ask what changed.\nThen listen.")
    again = Journal(journal.path)
    assert again.entries() == [entry]
    assert journal.path.read_bytes().endswith(b"\n")
    assert json.loads(journal.path.read_text())["text"] == "Ask what changed.\nThen listen."
    assert oct(journal.path.stat().st_mode & 0o777) == "0o600"


def test_latest_and_by_module(journal):
    journal.add("00", "first", "one")
    journal.add("01", "reflection", "two")
    journal.add("01", "reflection", "three")
    assert [e.text for e in journal.entries("01")] == ["two", "three"]
    assert journal.latest("01", "reflection").text == "three"
    assert journal.latest("02", "x") is None


def test_appending_never_rewrites_what_is_there(journal):
    journal.add("00", "a", "first")
    before = journal.path.read_bytes()
    for i in range(5):
        journal.add("00", "a", f"more {i}")
        assert journal.path.read_bytes().startswith(before)
    Journal(journal.path).read()
    journal.export(journal.path.parent)
    assert journal.path.read_bytes().startswith(before)


_WRITER = textwrap.dedent("""
    import sys
    from coownership.journal import Journal
    j = Journal(sys.argv[1])
    for i in range(int(sys.argv[3])):
        j.add("01", sys.argv[2], f"{sys.argv[2]} entry {i} " + "x" * int(sys.argv[4]))
        print(i, flush=True)
""")


def test_two_kernels_writing_at_once_lose_nothing(journal):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(journal.path), name, "150", "3000"], stdout=subprocess.DEVNULL
        )
        for name in ("kernel-a", "kernel-b")
    ]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    entries, problems = journal.read()
    assert not problems
    assert len(entries) == 300
    for name in ("kernel-a", "kernel-b"):
        texts = [e.text for e in entries if e.prompt_id == name]
        assert [t.split()[2] for t in texts] == [str(i) for i in range(150)]


def test_a_process_killed_mid_write_leaves_earlier_entries_readable(journal):
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(journal.path), "victim", "100000", "19000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    confirmed = -1
    deadline = time.time() + 60
    while confirmed < 20 and time.time() < deadline:
        confirmed = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    entries, problems = journal.read()
    assert len(entries) >= confirmed + 1, "an entry reported saved was lost"
    assert len(problems) <= 1
    after = journal.add("01", "after", "written after the crash")
    entries2, problems2 = journal.read()
    assert entries2[-1] == after and len(entries2) == len(entries) + 1
    assert len(problems2) == len(problems)


def test_a_partial_last_line_is_reported_and_the_next_entry_starts_fresh(journal):
    journal.add("00", "a", "good one")
    with open(journal.path, "ab") as handle:
        handle.write(b'{"id": "abc", "module": "01", "te')  # as if the power went mid-save
    journal.add("00", "a", "good two")
    entries, problems = journal.read()
    assert [e.text for e in entries] == ["good one", "good two"]
    assert len(problems) == 1 and problems[0].line == 2


def test_a_damaged_line_is_reported_and_skipped(journal):
    journal.add("00", "a", "before")
    with open(journal.path, "ab") as handle:
        handle.write(b"this is not json\n")
        handle.write(b'{"unexpected": "shape"}\n')
        handle.write(b"\xff\xfe broken bytes\n")
    journal.add("00", "a", "after")
    entries, problems = journal.read()
    assert [e.text for e in entries] == ["before", "after"]
    assert [p.line for p in problems] == [2, 3, 4] and all("damaged" in p.reason for p in problems)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * (MAX_CHARS + 1), "up to 20,000"),
        (42, "must be text"),
    ],
)
def test_bad_entries_get_clear_messages(journal, text, words):
    with pytest.raises(JournalError, match=words):
        journal.add("01", "reflection", text)
    assert not journal.path.exists()


def test_an_unwritable_place_gets_a_clear_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    j = Journal(blocker / "my-journal.jsonl")
    with pytest.raises(JournalError, match="Could not save to .*Nothing was lost"):
        j.add("01", "reflection", "my words")
    assert j.read() == ([], [])


def test_export_markdown_and_html_by_module(journal, tmp_path):
    journal.add("01", "reflection", "Second module <b>bold?</b>")
    journal.add("00", "first", "First module")
    md, page = journal.export(tmp_path / "out")
    text = md.read_text()
    assert text.index("Module 00") < text.index("Module 01") and "First module" in text
    html = page.read_text()
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html and "<b>bold" not in html
    assert html.startswith("<!DOCTYPE html>") and "<link" not in html and "<script" not in html
    md2, _ = journal.export(tmp_path / "out")
    assert md2 != md and md.read_text() == text  # a second export never replaces the first


def test_default_path_prefers_the_env_then_the_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("COOWNERSHIP_JOURNAL", raising=False)
    ws = tmp_path / "learner"
    (ws / ".coownership").mkdir(parents=True)
    (ws / "01-engagement-is-produced").mkdir()
    (ws / ".coownership" / "copied.json").write_text("{}")  # what the workspace build writes
    assert default_path(ws / "01-engagement-is-produced") == ws / "my-journal.jsonl"
    monkeypatch.setenv("COOWNERSHIP_JOURNAL", str(tmp_path / "elsewhere.jsonl"))
    assert default_path(ws) == tmp_path / "elsewhere.jsonl"


def test_path_argument_is_validated():
    with pytest.raises(TypeError, match="path must be a file path"):
        Journal(42)


def test_the_fallback_journal_does_not_look_like_a_workspace(tmp_path, monkeypatch):
    """Saving outside a workspace must not create a marker that moves the journal next time."""
    monkeypatch.delenv("COOWNERSHIP_JOURNAL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    first = default_path(elsewhere)
    Journal(first).add("00", "p", "kept")
    assert default_path(elsewhere) == first
    assert Journal(default_path(elsewhere)).entries()[0].text == "kept"


def test_a_line_with_a_damaged_time_is_reported_not_fatal(journal, tmp_path):
    journal.add("00", "a", "good")
    line = json.dumps({"id": "x", "module": "00", "prompt_id": "a", "text": "t", "saved_at": "yesterday"})
    with open(journal.path, "a") as handle:
        handle.write(line + "\n")
    entries, problems = journal.read()
    assert [e.text for e in entries] == ["good"] and len(problems) == 1
    journal.export(tmp_path / "out")  # still exports


# -- the lock (filelock, the operating system's own lock on a hidden file beside the journal) ----

_HOLDER = textwrap.dedent("""
    import sys, time
    from coownership.journal import Journal, _OS_LOCK
    lock = _OS_LOCK(Journal(sys.argv[1]).lock_path)
    lock.acquire()
    print("locked", flush=True)
    time.sleep(120)
""")


def _hold_lock(journal):
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(journal.path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_the_lock_is_a_hidden_empty_file_beside_the_journal(journal):
    journal.add("00", "a", "one")
    assert journal.lock_path == journal.path.parent / ".my-journal.jsonl.lock"
    assert journal.lock_path.read_bytes() == b""
    assert sorted(p.name for p in journal.path.parent.iterdir()) == [".my-journal.jsonl.lock", "my-journal.jsonl"]


def test_a_save_waits_for_the_lock_then_says_so(journal, monkeypatch):
    monkeypatch.setattr(journal_module, "LOCK_TIMEOUT", 0.3)
    holder = _hold_lock(journal)
    try:
        with pytest.raises(JournalError, match="another program has been saving to it.*Nothing was lost"):
            journal.add("01", "reflection", "my words")
    finally:
        holder.kill()
        holder.wait()
    assert journal.read() == ([], [])


def test_a_killed_lock_holder_does_not_block_the_next_save(journal, monkeypatch):
    # The lock wait is cut to 1 s: a lock left behind by the killed process would make this save
    # fail with the "waited" message instead of succeeding (no clock is read here).
    monkeypatch.setattr(journal_module, "LOCK_TIMEOUT", 1)
    holder = _hold_lock(journal)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    journal.add("01", "after", "saved after kill -9")
    assert [e.text for e in journal.entries()] == ["saved after kill -9"]


def test_the_lock_never_falls_back_to_a_soft_lock():
    """A soft lock is a marker file that a killed process leaves behind, blocking every later save."""
    assert "Soft" not in journal_module._OS_LOCK.__name__


# -- save_reflection: the one way every Save button saves --------------------------------------


def test_save_reflection_saves_to_the_given_journal(journal):
    entry = save_reflection("03", "structure-audit", "Who sets the times?", journal=journal)
    assert journal.entries() == [entry] and entry.module == "03"


def test_save_reflection_default_is_default_path(tmp_path, monkeypatch):
    monkeypatch.delenv("COOWNERSHIP_JOURNAL", raising=False)
    ws = tmp_path / "learner"
    (ws / ".coownership").mkdir(parents=True)
    (ws / ".coownership" / "copied.json").write_text("{}")
    (ws / "03-structures").mkdir()
    save_reflection("03", "p", "from the workspace", workspace=ws / "03-structures")
    monkeypatch.chdir(ws / "03-structures")
    save_reflection("03", "p", "from the notebook's folder")
    assert [e.text for e in Journal(ws / "my-journal.jsonl").entries()] == [
        "from the workspace",
        "from the notebook's folder",
    ]
    monkeypatch.setenv("COOWNERSHIP_JOURNAL", str(tmp_path / "elsewhere.jsonl"))
    save_reflection("03", "p", "to the env's file")
    assert [e.text for e in Journal(tmp_path / "elsewhere.jsonl").entries()] == ["to the env's file"]


def test_save_reflection_writes_nothing_while_nbgrader_grades(journal, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(JournalError, match="switched off while nbgrader grades"):
        save_reflection("01", "monday", "my words", journal=journal)
    assert not journal.path.exists() and not journal.lock_path.exists()


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"journal": "j.jsonl"}, TypeError, "journal must be a coownership.journal.Journal"),
        ({"workspace": 42}, TypeError, "workspace must be a folder path"),
        ({"journal": Journal("j.jsonl"), "workspace": "."}, ValueError, "journal or workspace, not both"),
    ],
)
def test_save_reflection_arguments_are_validated(kwargs, error, words):
    with pytest.raises(error, match=words):
        save_reflection("01", "p", "text", **kwargs)


@pytest.mark.parametrize(
    ("module", "prompt_id", "words"), [("", "p", "module is empty"), ("01", 7, "prompt_id must be")]
)
def test_save_reflection_names_a_bad_argument(journal, module, prompt_id, words):
    with pytest.raises(JournalError, match=words):
        save_reflection(module, prompt_id, "text", journal=journal)
