"""Collect reads only what a learner handed in: a link (to a file or a folder) is refused, never
followed, in a folder or in a .zip (issue #15 item 7). A learner folder whose notebook was a link
to the course's source notebook used to be collected and autograded 3 of 3."""

from __future__ import annotations

import os
import shutil
import stat
import zipfile

import pytest

from coownership import course, grading

M1 = "01-engagement-is-produced"
SOURCE = course.NOTEBOOKS / M1 / f"{M1}.ipynb"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs symbolic links")


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "course"
    (root / "submitted" / "victim" / M1).mkdir(parents=True)
    shutil.copy(SOURCE, root / "submitted" / "victim" / M1 / f"{M1}.ipynb")  # another learner's work
    (root / "gradebook.db").write_bytes(b"SQLite format 3\0")
    return root


def test_links_in_a_folder_are_refused_and_named(root, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "mallory").mkdir(parents=True)
    os.symlink(SOURCE, inbox / "mallory" / f"{M1}.ipynb")  # the source, with the solutions
    (inbox / "trudy").mkdir()
    os.symlink(root / "gradebook.db", inbox / "trudy" / f"{M1}.ipynb")  # the gradebook
    os.symlink(root / "submitted" / "victim", inbox / "oscar")  # another learner's folder
    (inbox / "walter" / M1).mkdir(parents=True)
    os.symlink(root / "submitted" / "victim" / M1, inbox / "walter" / M1 / "inner")  # a folder deeper down
    (inbox / "honest").mkdir()
    shutil.copy(SOURCE, inbox / "honest" / f"{M1}.ipynb")
    report = grading.collect(inbox, course_root=root)
    assert report.collected == [("honest", M1)]
    text = "\n".join(report.lines())
    assert f"refused: mallory/{M1}.ipynb is a link to a file elsewhere" in text
    assert f"refused: trudy/{M1}.ipynb is a link" in text
    assert "refused: oscar/ is a link to a folder elsewhere" in text
    assert "walter/01-engagement-is-produced/inner/ is a link" in text
    assert "ask the learner to send the notebook itself" in text
    for who in ("mallory", "trudy", "oscar", "walter"):
        assert not (root / "submitted" / who).exists()


def test_a_folder_that_is_all_links_is_refused_not_an_error(root, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "mallory").mkdir(parents=True)
    os.symlink(SOURCE, inbox / "mallory" / f"{M1}.ipynb")
    report = grading.collect(inbox, course_root=root)
    assert report.collected == [] and report.refused


def test_a_link_swapped_in_after_listing_is_refused(root, tmp_path, monkeypatch):
    """On a shared server a learner could swap their file for a link between listing and reading."""
    from coownership.grading import submissions

    inbox = tmp_path / "inbox"
    (inbox / "mallory").mkdir(parents=True)
    target = inbox / "mallory" / f"{M1}.ipynb"
    shutil.copy(SOURCE, target)
    real_walk = submissions._walk

    def walk_then_swap(source, refused):
        found = real_walk(source, refused)
        target.unlink()
        os.symlink(SOURCE, target)
        return found

    monkeypatch.setattr(submissions, "_walk", walk_then_swap)
    report = grading.collect(inbox, course_root=root)
    assert report.collected == [] and any("not collected" in line for line in report.refused)


def test_link_entries_in_a_zip_are_refused(root, tmp_path):
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as z:
        link = zipfile.ZipInfo(f"mallory/{M1}.ipynb")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, str(SOURCE))
        z.write(SOURCE, f"honest/{M1}.ipynb")
    report = grading.collect(archive, course_root=root)
    assert report.collected == [("honest", M1)]
    assert any(f"mallory/{M1}.ipynb (in the .zip) is a link" in line for line in report.lines())
