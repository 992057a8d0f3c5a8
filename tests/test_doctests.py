"""Every example in the package's docstrings runs and shows what it says."""

import doctest
import importlib
import pkgutil

import pytest

import coownership

MODULES = sorted(m.name for m in pkgutil.walk_packages(coownership.__path__, prefix="coownership."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_every_public_function_has_an_example():
    import inspect

    missing = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == name:
                doc = inspect.getdoc(obj) or ""
                if ">>>" not in doc and not (inspect.isclass(obj) and ">>>" in (inspect.getdoc(module) or "")):
                    missing.append(f"{name}.{attr}")
    assert not missing, f"add a docstring example to: {', '.join(missing)}"
