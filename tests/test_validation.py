"""One error base and one validation module (issue 10): every error the package raises is a
CoownershipError, and the shared checks name the argument and what was expected."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest
from conftest import REPO

from coownership import errors
from coownership.errors import ArgumentError, ArgumentTypeError, CoownershipError
from coownership.validation import check_bool, check_choice, check_int, check_number, check_text

PACKAGE = REPO / "modules" / "coownership"
BUILTIN = {"ValueError", "TypeError", "RuntimeError", "KeyError", "Exception", "OSError"}


def test_every_error_class_derives_from_the_one_base():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, Exception)]
    assert len(classes) >= 8
    assert all(issubclass(c, CoownershipError) for c in classes)


def test_the_package_raises_no_bare_builtin_error():
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                name = getattr(node.exc.func, "id", None)
                if name in BUILTIN:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} raises {name}")
            if isinstance(node, ast.ClassDef):
                bases = {getattr(b, "id", None) for b in node.bases}
                if bases & BUILTIN and path.name != "errors.py":
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} defines {node.name} outside errors.py")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("call", "exc", "words"),
    [
        (lambda: check_choice("plan", "bespoke", ("standard", "tailored")), ArgumentError, "plan must be one of"),
        (lambda: check_choice("plan", "tailord", ("standard", "tailored")), ArgumentError, "Did you mean 'tailored'"),
        (lambda: check_choice("plan", 3, ("standard",)), ArgumentError, "got 3"),
        (lambda: check_int("weeks", 2.5, low=4, high=156), ArgumentTypeError, "weeks must be a whole number"),
        (lambda: check_int("weeks", True, low=4, high=156), ArgumentTypeError, "got bool True"),
        (lambda: check_int("weeks", 3, low=4, high=156), ArgumentError, "weeks must be from 4 to 156; got 3"),
        (lambda: check_number("effect_scale", "1", low=0.0, high=2.0), ArgumentTypeError, "got str '1'"),
        (lambda: check_number("effect_scale", float("nan"), low=0.0, high=2.0), ArgumentError, "from 0.0 to 2.0"),
        (lambda: check_number("effect_scale", 2.01, low=0.0, high=2.0), ArgumentError, "got 2.01"),
        (lambda: check_bool("reminders", 1), ArgumentTypeError, "reminders must be True or False"),
        (lambda: check_text("name", 5), ArgumentTypeError, "name must be text"),
        (lambda: check_text("name", " "), ArgumentError, "name must not be empty"),
        (lambda: check_text("name", "abcdef", max_length=3), ArgumentError, "at most 3 characters; got 6"),
    ],
)
def test_checks_name_the_argument_and_what_was_expected(call, exc, words):
    with pytest.raises(exc, match=words.replace("(", r"\(").replace(")", r"\)")) as info:
        call()
    assert isinstance(info.value, CoownershipError)


def test_checks_return_plain_values():
    assert (
        check_int("seed", np.int64(3), low=0, high=9) == 3
        and type(check_int("seed", np.int64(3), low=0, high=9)) is int
    )
    assert check_number("x", np.float32(0.5), low=0, high=1) == 0.5
    assert check_bool("flag", np.bool_(True)) is True
    assert check_text("name", "", allow_empty=True) == ""
