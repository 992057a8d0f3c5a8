"""The statement sorter: sort statements into "explains it by the person" and "explains it by
the service", then get feedback on each one.

It is practice, not a graded item: widgets get no clicks while nbgrader grades, so graded answers
live in an ``answer = "..."`` line. The sorter shows the learner's choices as letters too, which
is the form the graded exercise takes.

Example:
    >>> s = StatementSorter("01-practice-sort")
    >>> s.choices[0].value = "P"
    >>> s.check()
    >>> "1 of 8" in s.feedback.value or "sorted" in s.feedback.value
    True
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from coownership.checks import SortExercise, exercise
from coownership.errors import ArgumentError
from coownership.widgets.controls import labelled_button, statement_choice

__all__ = ["StatementSorter"]


class StatementSorter(widgets.VBox):
    """A list of statements, a labelled choice for each, a check button and per-statement feedback.

    The statements, the categories and the feedback come from the exercise's content file.

    Args:
        exercise_id: a :class:`~coownership.checks.SortExercise` id, for example
            ``"01-practice-sort"``.
    """

    def __init__(self, exercise_id: str = "01-practice-sort") -> None:
        ex = exercise(exercise_id)
        if not isinstance(ex, SortExercise):
            raise ArgumentError(f"exercise_id must name a sorting exercise; {exercise_id!r} is a {type(ex).__name__}")
        self.exercise = ex
        labels = [(f"{meaning[0].upper()}{meaning[1:]}", letter) for letter, meaning in ex.categories.items()]
        self.choices: list[widgets.RadioButtons] = []
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<p><strong>{html.escape(ex.title)}.</strong> For each statement, choose the one that fits: "
                f"{html.escape(' or '.join(f'“{m}”' for m in ex.categories.values()))}. "
                "Then press <em>Check my sort</em>.</p>"
            )
        ]
        for number, statement in enumerate(ex.items, start=1):
            choice = statement_choice(labels, f"Statement {number}", statement)
            self.choices.append(choice)
            rows.append(
                widgets.VBox(
                    [
                        widgets.HTML(
                            f"<p style='margin:0.6em 0 0.1em 0'><strong>{number}.</strong> "
                            f"“{html.escape(statement)}”</p>"
                        ),
                        choice,
                    ],
                )
            )
        self.check_button = labelled_button(
            description="Check my sort",
            tooltip="Check my sort: feedback appears below",
            icon="check",
            button_style="primary",
        )
        self.reset_button = labelled_button(
            description="Start again", tooltip="Clear every choice and the feedback", icon="undo"
        )
        self.feedback = widgets.HTML(value="", description="", layout=widgets.Layout(min_height="2em"))
        self.check_button.on_click(lambda _button: self.check())
        self.reset_button.on_click(lambda _button: self.reset())
        rows += [widgets.HBox([self.check_button, self.reset_button]), self.feedback]
        super().__init__(rows)

    def letters(self) -> str:
        """The learner's sort as letters in statement order, ``?`` where nothing is chosen yet."""
        return "".join(c.value if c.value else "?" for c in self.choices)

    def check(self) -> None:
        """Show feedback on every statement sorted so far (the button's handler)."""
        letters = self.letters()
        chosen = [i for i, letter in enumerate(letters) if letter != "?"]
        if not chosen:
            self.feedback.value = (
                "<p role='status'>○ Nothing sorted yet. Choose an answer for at least one statement.</p>"
            )
            return
        lines = []
        right = 0
        for i in chosen:
            if self.exercise.item_correct(i, letters[i]):
                right += 1
                lines.append(f"<li>✔ Statement {i + 1}: sorted the way we would.</li>")
            else:
                lines.append(f"<li>➜ Statement {i + 1}: have another look. {html.escape(self.exercise.nudges[i])}</li>")
        missing = len(letters) - len(chosen)
        tail = f" {missing} still to sort." if missing else ""
        self.feedback.value = (
            f"<div role='status'><p><strong>{right} of {len(chosen)} sorted the way we would.</strong>"
            f"{tail} Your sort as letters: <code>{letters}</code></p><ul>{''.join(lines)}</ul></div>"
        )

    def reset(self) -> None:
        """Clear every choice and the feedback."""
        for choice in self.choices:
            choice.value = None
        self.feedback.value = ""
