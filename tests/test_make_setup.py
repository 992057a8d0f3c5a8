"""`make` explains a missing or wrong Python instead of failing obscurely."""

import shutil
import subprocess

import pytest
from conftest import REPO


@pytest.fixture()
def bare_checkout(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def _make(cwd, *args):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_missing_python_gets_a_clear_message(bare_checkout):
    proc = _make(bare_checkout, "setup", "PYTHON=/no/such/python3.11")
    assert proc.returncode != 0
    assert "/no/such/python3.11 was not found" in proc.stdout + proc.stderr
    assert "make lab PYTHON=" in proc.stdout + proc.stderr
    assert not (bare_checkout / ".venv").exists()


def test_wrong_python_version_gets_a_clear_message(bare_checkout):
    fake = bare_checkout / "python3.9"
    fake.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python 3.9.18"; exit 0; fi\nexit 1\n')
    fake.chmod(0o755)
    proc = _make(bare_checkout, "setup", f"PYTHON={fake}")
    assert proc.returncode != 0
    assert "is not Python 3.11 (Python 3.9.18)" in proc.stdout + proc.stderr
