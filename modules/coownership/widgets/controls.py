"""Shared control builders, so every widget's buttons behave and read the same way.

Example:
    >>> b = labelled_button(description="Save to my journal", tooltip="Save what you wrote")
    >>> b.layout.width
    'auto'
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from coownership.errors import ArgumentError

__all__ = ["labelled_button", "statement_choice"]


def labelled_button(**kwargs: Any) -> widgets.Button:
    """A ``Button`` that must have a visible label and a tooltip, sized to fit its label.

    (ipywidgets' default width cuts long labels short, as in "Save to my jou…".)

    Example:
        >>> labelled_button(description="Go")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: a button needs a description (its visible label) and a tooltip
    """
    if not str(kwargs.get("description", "")).strip() or not str(kwargs.get("tooltip", "")).strip():
        raise ArgumentError("a button needs a description (its visible label) and a tooltip")
    kwargs.setdefault("layout", widgets.Layout(width="auto"))
    return widgets.Button(**kwargs)


def statement_choice(options: list[tuple[str, Any]], label: str, statement: str) -> widgets.RadioButtons:
    """Radio buttons for one numbered statement, nothing chosen yet: ``label`` (such as
    "Statement 3") is the visible name, and the tooltip repeats the statement.

    Example:
        >>> choice = statement_choice([("Yes", "Y"), ("No", "N")], "Item 1", "We ask first.")
        >>> choice.value is None, choice.description, choice.tooltip
        (True, 'Item 1', 'Item 1: We ask first.')
    """
    return widgets.RadioButtons(
        options=options,
        value=None,
        description=label,
        tooltip=f"{label}: {statement}",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="max-content"),
    )
