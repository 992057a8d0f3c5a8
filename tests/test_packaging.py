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
