"""Argument checks shared by the simulator, the widgets, the command line and grading.

Each check returns the value (converted where that is safe: a numpy integer becomes an ``int``)
or raises :class:`~coownership.errors.ArgumentError` / :class:`~coownership.errors.ArgumentTypeError`
with a message that names the argument and says what was expected, in the spirit of
scikit-learn's ``validate_params``. A close spelling is suggested for a choice.

Example:
    >>> check_int("weeks", 26, low=4, high=156)
    26
    >>> check_choice("scheduling", "asigned", ("assigned", "flexible"))
    Traceback (most recent call last):
    ...
    coownership.errors.ArgumentError: scheduling must be one of 'assigned', 'flexible'; got 'asigned'. Did you mean 'assigned'?
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable
from typing import Any

from coownership.errors import ArgumentError, ArgumentTypeError

__all__ = ["check_choice", "check_int", "check_number", "check_bool", "check_text"]


def check_choice(name: str, value: Any, allowed: Iterable[str]) -> str:
    """``value`` must be one of ``allowed`` (strings).

    Example:
        >>> check_choice("plan", "tailored", ("standard", "tailored"))
        'tailored'
    """
    options = tuple(allowed)
    if not isinstance(value, str) or value not in options:
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ArgumentError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}.{hint}")
    return value


def check_int(name: str, value: Any, *, low: int, high: int) -> int:
    """``value`` must be a whole number from ``low`` to ``high`` (not a bool, not a float).

    Example:
        >>> check_int("seed", True, low=0, high=9)
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentTypeError: seed must be a whole number from 0 to 9; got bool True
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(
            f"{name} must be a whole number from {low} to {high}; got {type(value).__name__} {value!r}"
        )
    number = int(value)
    if not low <= number <= high:
        raise ArgumentError(f"{name} must be from {low} to {high}; got {value}")
    return number


def check_number(name: str, value: Any, *, low: float, high: float) -> float:
    """``value`` must be a real number from ``low`` to ``high`` (not a bool, not NaN).

    Example:
        >>> check_number("effect_scale", 0.5, low=0.0, high=2.0)
        0.5
        >>> check_number("effect_scale", "half", low=0.0, high=2.0)
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentTypeError: effect_scale must be a number from 0.0 to 2.0; got str 'half'
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be a number from {low} to {high}; got {type(value).__name__} {value!r}")
    number = float(value)
    if math.isnan(number) or not low <= number <= high:
        raise ArgumentError(f"{name} must be from {low} to {high}; got {value}")
    return number


def check_bool(name: str, value: Any) -> bool:
    """``value`` must be True or False (a numpy bool is accepted).

    Example:
        >>> check_bool("reminders", "yes")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentTypeError: reminders must be True or False; got 'yes'
    """
    kind = type(value)
    if isinstance(value, bool) or (kind.__module__ == "numpy" and kind.__name__ in ("bool", "bool_")):
        return bool(value)
    raise ArgumentTypeError(f"{name} must be True or False; got {value!r}")


def check_text(name: str, value: Any, *, max_length: int | None = None, allow_empty: bool = False) -> str:
    """``value`` must be a string (not empty unless ``allow_empty``), at most ``max_length`` long.

    Example:
        >>> check_text("name", "  ")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: name must not be empty
    """
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be text (a string); got {type(value).__name__} {value!r}")
    if not allow_empty and not value.strip():
        raise ArgumentError(f"{name} must not be empty")
    if max_length is not None and len(value) > max_length:
        raise ArgumentError(f"{name} must be at most {max_length:,} characters; got {len(value):,}")
    return value
