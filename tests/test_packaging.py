"""pyproject.toml and environment.yml pin the same versions; Python is 3.11."""

import re
import sys
import tomllib

from conftest import REPO


def _pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    project = data["project"]
    specs = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    pins = {}
    for spec in specs:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([0-9][^;\s]*)", spec.strip())
        assert match, f"pyproject.toml: {spec!r} is not pinned exactly (name==version)"
        pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def _environment_pins() -> tuple[dict[str, str], str]:
    pins, python = {}, ""
    for line in (REPO / "environment.yml").read_text().splitlines():
        match = re.fullmatch(r"\s*-\s+([A-Za-z0-9_.\-]+)\s*==?\s*([0-9][^\s#]*)\s*(#.*)?", line)
        if not match:
            continue
        name = match.group(1).lower().replace("_", "-")
        if name == "python":
            python = match.group(2)
        else:
            pins[name] = match.group(2)
    return pins, python


def test_pyproject_and_environment_pin_the_same_versions():
    py, env = _pyproject_pins(), _environment_pins()[0]
    assert py, "no pins found in pyproject.toml"
    assert py == env, "pyproject.toml and environment.yml disagree:\n" + "\n".join(
        f"  {k}: pyproject {py.get(k)} / environment.yml {env.get(k)}"
        for k in sorted(set(py) | set(env))
        if py.get(k) != env.get(k)
    )


def test_python_is_311_everywhere():
    assert sys.version_info[:2] == (3, 11), "the course targets Python 3.11"
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert data["project"]["requires-python"] == ">=3.11,<3.12"
    assert _environment_pins()[1] == "3.11"


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    for name, pinned in _pyproject_pins().items():
        assert version(name) == pinned, f"{name}: installed {version(name)}, pinned {pinned}"


def _rerun_args() -> list[str]:
    import shlex

    makefile = (REPO / "Makefile").read_text()
    line = re.search(r"^RERUN_ON := (.*)$", makefile, re.M)
    assert line, "Makefile: RERUN_ON is not set"
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(RERUN_ON)" in test_recipe, "make test does not pass $(RERUN_ON) to pytest"
    return shlex.split(line.group(1))


def test_make_test_reruns_only_a_kernel_that_failed_to_start():
    """The patterns are jupyter_client's own start-up failures, and nothing else is run again."""
    import inspect

    import jupyter_client.client

    args = _rerun_args()
    assert args[:2] == ["--reruns", "2"]
    patterns = [args[i + 1] for i, a in enumerate(args) if a == "--only-rerun"]
    assert len(patterns) == 2
    source = inspect.getsource(jupyter_client.client)
    for pattern in patterns:
        assert re.search(pattern, source), f"jupyter_client no longer says {pattern!r}: update RERUN_ON in the Makefile"
    # Failures that are not a kernel starting: a kernel that died mid-run, a cell's error, a wrong answer.
    others = (
        "DeadKernelError: Kernel died",
        "CellExecutionError: An error occurred while executing the following cell",
        "CellTimeoutError: A cell timed out while it was being executed, after 60 seconds.",
        "AssertionError: Not yet the answer the course is looking for.",
        "RuntimeError: Kernel died",
    )
    for pattern in patterns:
        assert not [o for o in others if re.search(pattern, o)], f"{pattern!r} would also run other failures again"


def test_a_kernel_start_failure_runs_again_and_other_failures_do_not(tmp_path):
    import subprocess

    (tmp_path / "test_flaky.py").write_text(
        "from pathlib import Path\n"
        "import pytest\n"
        "@pytest.mark.parametrize('why', ['Kernel died before replying to kernel_info', "
        '"Kernel didn\'t respond in 60 seconds"])\n'
        "def test_kernel_start(why):\n"
        "    mark = Path(__file__).with_name(why[:12].replace(' ', '-'))\n"
        "    if not mark.exists():\n"
        "        mark.write_text('once')\n"
        "        raise RuntimeError(why)\n"
        "def test_wrong_answer():\n"
        "    assert 1 == 2, 'Not yet the answer the course is looking for.'\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *_rerun_args(), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    summary = done.stdout.strip().splitlines()[-1]
    assert "1 failed, 2 passed, 2 rerun" in summary, done.stdout[-2000:]
    assert "FAILED test_flaky.py::test_wrong_answer" in done.stdout
