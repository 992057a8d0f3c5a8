"""Shared test setup.

Jupyter, IPython and matplotlib write into $HOME: point all of it at a throwaway folder before
anything starts a kernel, so tests never touch (or depend on) the developer's own settings.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="coownership-test-home-"))
os.environ.update(
    HOME=str(_HOME),
    JUPYTER_CONFIG_DIR=str(_HOME / ".jupyter"),
    JUPYTER_DATA_DIR=str(_HOME / ".local" / "share" / "jupyter"),
    JUPYTER_RUNTIME_DIR=str(_HOME / ".local" / "share" / "jupyter" / "runtime"),
    IPYTHONDIR=str(_HOME / ".ipython"),
    MPLCONFIGDIR=str(_HOME / ".matplotlib"),
    JUPYTER_PLATFORM_DIRS="1",
    PYDEVD_DISABLE_FILE_VALIDATION="1",
)
os.environ.pop("NBGRADER_EXECUTION", None)
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])

import nbformat  # noqa: E402
import pytest  # noqa: E402

from coownership import course  # noqa: E402

REPO = course.REPO
MODULES = course.module_ids()


def pytest_sessionfinish(session, exitstatus):  # noqa: D103
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> Path:
    """A private nbgrader course root with every module released (learner copies)."""
    root = tmp_path_factory.mktemp("course")
    course.release(root, MODULES)
    return root


def source_notebook(module: str) -> Path:
    return REPO / "notebooks" / module / f"{module}.ipynb"


def read_nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def all_widgets(widget) -> list:
    """Every widget inside ``widget`` (itself included), for checking labels and descriptions."""
    stack, found = [widget], []
    while stack:
        w = stack.pop()
        found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found
