"""The note a *Save to my journal* button shows before saving text that may identify a client.

The journal box and the goal coach hold one :class:`PrivacyGuard` each. Before saving, the widget
asks it to :meth:`~PrivacyGuard.review` what the learner typed. When
:func:`coownership.privacy.find_identifiers` finds something, the guard shows which parts looked
like identifiers and why that matters, and two buttons: *Save anyway* (save the text as it is now)
and *Edit first* (close the note; nothing is saved). The learner decides: nothing is saved,
changed or removed in silence. Its words come from ``[privacy.words]`` in ``notebooks/course.toml``.

Example:
    >>> saved = []
    >>> text = {"now": "Call her at (555) 201-3344."}
    >>> guard = PrivacyGuard(lambda: text["now"], lambda: saved.append(text["now"]), lambda message: None)
    >>> guard.review(), guard.showing, "phone number" in guard.note.value
    (True, True, True)
    >>> guard.save_anyway.click()
    >>> saved, guard.showing
    (['Call her at (555) 201-3344.'], False)
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from coownership.errors import ArgumentTypeError
from coownership.feedback import grading
from coownership.privacy import Finding, find_identifiers, privacy_words
from coownership.widgets.controls import labelled_button

__all__ = ["PrivacyGuard"]


class PrivacyGuard(widgets.VBox):
    """A hidden note with *Save anyway* and *Edit first*, shown when text may identify a client.

    Args:
        read_text: returns the text as it is now in the widget's text box.
        save: saves it without asking again (what *Save anyway* does once the learner has seen the note).
        say: writes a short status message in the widget's own status line.

    Example:
        >>> guard = PrivacyGuard(lambda: "I asked her what changed.", lambda: None, lambda m: None)
        >>> guard.review(), guard.showing
        (False, False)
    """

    def __init__(self, read_text: Callable[[], str], save: Callable[[], None], say: Callable[[str], None]) -> None:
        for name, value in (("read_text", read_text), ("save", save), ("say", say)):
            if not callable(value):
                raise ArgumentTypeError(f"{name} must be a function; got {type(value).__name__}")
        self._read, self._save, self._say = read_text, save, say
        self.words = privacy_words()
        self.findings: list[Finding] = []
        self.note = widgets.HTML(value="")
        self.save_anyway = labelled_button(
            description=self.words["save_anyway"],
            tooltip=self.words["save_anyway_tooltip"],
            icon="check",
            button_style="warning",
        )
        self.edit_first = labelled_button(
            description=self.words["edit_first"], tooltip=self.words["edit_first_tooltip"], icon="pencil"
        )
        self.save_anyway.on_click(lambda _b: self._save_anyway())
        self.edit_first.on_click(lambda _b: self._edit_first())
        super().__init__(
            [self.note, widgets.HBox([self.save_anyway, self.edit_first])],
            layout=widgets.Layout(display="none", border="1px solid #E69F00", padding="0 0.8em", margin="0.4em 0"),
        )

    @property
    def showing(self) -> bool:
        """True while the note is on screen, waiting for the learner to choose."""
        return self.layout.display != "none"

    def review(self) -> bool:
        """Look at the text now; if part of it may identify a client, show the note and return True.

        Returns False (and hides the note) when nothing was found, or while nbgrader grades (where
        nobody can answer and nothing is saved anyway): the caller then goes on as usual.
        """
        if grading():
            self.findings = []
            return False
        self.findings = find_identifiers(self._read())
        if not self.findings:
            self.hide()
            return False
        self._show()
        self._say(self.words["waiting"])
        return True

    def hide(self) -> None:
        """Take the note off the screen."""
        self.layout.display = "none"
        self.note.value = ""

    def _show(self) -> None:
        items = "".join(
            f"<li><strong>“{html.escape(f.text)}”</strong>: {html.escape(f.reason)}</li>" for f in self.findings
        )
        self.note.value = (
            f"<div role='status'><p><span aria-hidden='true'>⚠</span> <strong>{html.escape(self.words['heading'])}"
            f"</strong></p><ul>{items}</ul><p>{html.escape(self.words['decide'])}</p></div>"
        )
        self.layout.display = "flex"

    def _save_anyway(self) -> None:
        warned = {(f.kind, f.text) for f in self.findings}
        now = find_identifiers(self._read())
        if not {(f.kind, f.text) for f in now} <= warned:  # the text changed and a new part looks like one
            self.findings = now
            self._show()
            self._say(self.words["changed"])
            return
        self.hide()
        self._save()

    def _edit_first(self) -> None:
        self.hide()
        self._say(self.words["editing"])
