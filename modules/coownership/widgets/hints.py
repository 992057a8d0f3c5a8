"""A "Show a hint" button: each press shows the next, bigger hint for one exercise.

A button rather than a cell that prints a hint, so "Run All" never shows hints nobody asked for.

Example:
    >>> b = HintButton("01-sort-statements")
    >>> b.show_next()
    >>> "Hint 1 of" in b.hint_text.value
    True
"""

from __future__ import annotations

import ipywidgets as widgets

from coownership.checks import exercise
from coownership.widgets.controls import labelled_button

__all__ = ["HintButton"]


class HintButton(widgets.VBox):
    """A labelled button and the hint it reveals, for the exercise ``exercise_id``."""

    def __init__(self, exercise_id: str) -> None:
        self.exercise = exercise(exercise_id)
        self.button = labelled_button(
            description="Show a hint",
            tooltip=f"Show a hint for: {self.exercise.title}. Press again for a bigger hint.",
            icon="lightbulb-o",
        )
        self.hint_text = widgets.HTML(value="")
        self.button.on_click(lambda _button: self.show_next())
        super().__init__([self.button, self.hint_text])

    def show_next(self) -> None:
        """Reveal the next hint (the button's handler)."""
        self.hint_text.value = self.exercise.hint()._repr_html_()
        if self.button.description == "Show a hint":
            self.button.description = "Show a bigger hint"
