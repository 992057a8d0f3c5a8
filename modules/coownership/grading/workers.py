"""The nbgrader API in a worker process, shared by autograde and feedback.

Each worker process (:func:`start`, a ``ProcessPoolExecutor`` initializer) loads the course's
``grading/nbgrader_config.py`` once and keeps one nbgrader API for every submission it handles, so
start-up costs are paid once per process, and the worker sets its own environment, not the
caller's.

Example:
    >>> reason({"log": "ValueError: bad cell"})
    'ValueError: bad cell'
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from coownership import course
from coownership.errors import GradingError

__all__ = ["pool", "start", "api", "reason", "require_gradebook"]

_API: Any = None


def pool(max_workers: int, *, initializer: Any = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A process pool whose workers start clean: ``forkserver`` on Linux and macOS, ``spawn`` on Windows.

    Never plain ``fork``: forking a process that runs threads (a Jupyter kernel, a test runner)
    can copy a lock held by another thread, and the worker then waits for it forever. A
    fork server is a small single-threaded process that forks the workers instead.

    Example:
        >>> with pool(1) as p:
        ...     p.submit(abs, -3).result()
        3
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=max_workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_with_environment,
        initargs=(dict(os.environ), initializer, initargs),
    )


def _with_environment(environ: dict[str, str], initializer: Any, initargs: tuple) -> None:
    """Give a pool worker the caller's environment as it is now (a fork server was started with the
    environment of its first use), then run the pool's own initializer."""
    os.environ.clear()
    os.environ.update(environ)
    if initializer is not None:
        initializer(*initargs)


def start(root: str) -> None:
    """Initialise this worker process on the course directory ``root`` (see the module docstring).

    Example:
        >>> from concurrent.futures import ProcessPoolExecutor
        >>> pool = ProcessPoolExecutor(max_workers=2, initializer=start, initargs=("grading",))  # doctest: +SKIP
    """
    global _API
    import warnings

    warnings.filterwarnings("ignore")  # nbformat and SQLAlchemy chatter is not for coordinators
    os.environ["COOWNERSHIP_COURSE_ROOT"] = root
    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course.GRADING)).load_config()
    config.CourseDirectory.root = root
    _API = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def api() -> Any:
    """This worker's nbgrader API; raises :class:`GradingError` outside a started worker.

    Example:
        >>> api()
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: internal: this worker process was not started with a course folder
    """
    if _API is None:
        raise GradingError("internal: this worker process was not started with a course folder")
    return _API


def reason(result: dict) -> str:
    """The most telling line of a failed nbgrader run, for the report.

    Example:
        >>> reason({})
        'unknown error (see the nbgrader log)'
    """
    text = "\n".join(str(result.get(k) or "") for k in ("log", "error"))
    found = re.findall(r"^\s*((?:[A-Za-z_.]+(?:Error|Exception)|CellTimeoutError)\b.*)$", text, re.M)
    useful = [f for f in found if "NbGraderException" not in f]
    return (useful or found or ["unknown error (see the nbgrader log)"])[-1].strip()[:300]


def require_gradebook(root: Path) -> None:
    """Raise :class:`GradingError` unless ``root`` has a gradebook and a release (made by ``coownership release``).

    Example:
        >>> import tempfile
        >>> require_gradebook(Path(tempfile.mkdtemp()))
        Traceback (most recent call last):
        ...
        coownership.errors.GradingError: no gradebook in ...: run `coownership release` first (it creates the gradebook)
    """
    if not course.has_gradebook(root) or not (root / "release").is_dir():
        raise GradingError(f"no gradebook in {root}: run `coownership release` first (it creates the gradebook)")
