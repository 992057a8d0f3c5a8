"""The package imports on Windows too: nothing POSIX-only is needed at import time.

Windows has no ``fcntl``, ``termios``, ``pwd``, ``grp``, ``resource`` (nor ``pty``, ``tty``,
``syslog``). A fresh interpreter blocks them, imports ``coownership`` and every submodule, and
fails if an import breaks or if the package's own code asks for one of them while importing.
"""

import json
import os
import subprocess
import sys
import textwrap

from conftest import REPO

BLOCKED = ("fcntl", "termios", "pwd", "grp", "resource", "pty", "tty", "syslog")

# Libraries that choose by ``sys.platform`` (not by trying the import) would fail here only because
# this test runs on Linux; on Windows they never ask. Each entry names where the check is.
PLATFORM_CHECKED = {
    "nbgrader.utils": "pwd",  # `if sys.platform != 'win32': import pwd`
}

_PROBE = textwrap.dedent("""
    import importlib, importlib.abc, json, pkgutil, sys, warnings

    BLOCKED, ALLOWED = set(json.loads(sys.argv[1])), json.loads(sys.argv[2])
    asked = []

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name not in BLOCKED:
                return None
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.startswith("<frozen"):
                frame = frame.f_back
            importer = frame.f_globals.get("__name__", "?") if frame is not None else "?"
            if ALLOWED.get(importer) == name:
                return None
            if importer.split(".")[0] == "coownership":
                asked.append([importer, name])
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: not on Windows)", name=name)

    for name in BLOCKED:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, Block())
    warnings.simplefilter("ignore")  # e.g. filelock: "only soft file lock is available"

    import coownership

    failed = {}
    names = ["coownership"] + sorted(m.name for m in pkgutil.walk_packages(coownership.__path__, "coownership."))
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            failed[name] = repr(exc)
    print(json.dumps({"imported": names, "failed": failed, "asked": asked}))
""")


def _probe() -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO / "modules")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(BLOCKED), json.dumps(PLATFORM_CHECKED)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_module_imports_without_posix_only_modules():
    result = _probe()
    assert "coownership.journal" in result["imported"] and "coownership.widgets.journal_box" in result["imported"]
    assert not result["failed"], "these modules need a POSIX-only module to import:\n" + "\n".join(
        f"  {name}: {why}" for name, why in result["failed"].items()
    )
    assert not result["asked"], "the package asks for POSIX-only modules at import time:\n" + "\n".join(
        f"  {importer} imports {name}" for importer, name in result["asked"]
    )


def test_the_probe_catches_a_posix_only_import(tmp_path):
    """The probe itself works: a module that imports fcntl is reported."""
    package = tmp_path / "coownership"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "posix_only.py").write_text("import fcntl\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(BLOCKED), "{}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "coownership.posix_only" in result["failed"]
    assert result["asked"] == [["coownership.posix_only", "fcntl"]]


def test_write_atomic_without_fchmod(tmp_path, monkeypatch):
    """Python 3.11 on Windows has no os.fchmod; write_atomic sets the mode by path instead."""
    from coownership.files import write_atomic

    monkeypatch.delattr(os, "fchmod")
    target = tmp_path / "out.txt"
    assert write_atomic(target, b"one", overwrite=False, mode=0o640)
    assert not write_atomic(target, b"two", overwrite=False)
    assert target.read_bytes() == b"one"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640 & ~_umask())
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
