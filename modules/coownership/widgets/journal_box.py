"""The journal box: a prompt, a text area and a save button that never loses a word.

What is saved goes to the learner's journal (:mod:`coownership.journal`) through
:func:`~coownership.journal.save_reflection`, like every *Save to my journal* button: appended,
fsynced, never overwritten, and nothing is saved or shown while nbgrader grades. When the notebook
is opened again, the box shows the latest saved answer and when it was saved.

Before saving, the box looks for parts that may identify a client (a name next to a client word,
a birth date, a phone number, an address, a case number, an email; :mod:`coownership.privacy`).
If it finds one, it saves nothing yet: a note says which part looked like what and why it
matters, with *Save anyway* and *Edit first* (:class:`~coownership.widgets.privacy_guard.PrivacyGuard`).
The learner decides; the text is never changed for them.

Example:
    >>> import tempfile, pathlib
    >>> from coownership.journal import Journal
    >>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "j.jsonl")
    >>> box = JournalBox("01", "monday", "What will you ask on Monday?", journal=j)
    >>> box.text.value = "What changed just before the visits stopped?"
    >>> box.save()
    >>> "Saved" in box.status.value
    True
    >>> box.text.value = "Her son Marcus asked for later visits."
    >>> box.save()
    >>> box.guard.showing, len(j.entries())
    (True, 1)
    >>> box.guard.save_anyway.click()
    >>> len(j.entries())
    2
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from coownership.checks import grading
from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.journal import MAX_CHARS, Journal, JournalError, save_reflection
from coownership.widgets.controls import labelled_button
from coownership.widgets.privacy_guard import PrivacyGuard

__all__ = ["JournalBox"]


class JournalBox(widgets.VBox):
    """A prompt with a labelled text area and a "Save to my journal" button.

    Args:
        module: the module number, for example ``"01"``.
        prompt_id: a short id for the prompt, unique within the module.
        prompt: the question, shown above the box.
        journal: where to save (default: the learner's journal, see :func:`coownership.journal.default_path`).
        rows: height of the text area in lines.
    """

    def __init__(self, module: str, prompt_id: str, prompt: str, journal: Journal | None = None, rows: int = 5) -> None:
        for name, value in (("module", module), ("prompt_id", prompt_id), ("prompt", prompt)):
            if not isinstance(value, str) or not value.strip():
                raise ArgumentError(f"{name} must be a non-empty string")
        if journal is not None and not isinstance(journal, Journal):
            raise ArgumentTypeError(f"journal must be a coownership.journal.Journal; got {type(journal).__name__}")
        self.module, self.prompt_id = module, prompt_id
        self.journal = journal if journal is not None else Journal()
        self.text = widgets.Textarea(
            description="Your answer",
            placeholder="Write here. Nothing is saved until you press Save.",
            rows=rows,
            layout=widgets.Layout(width="95%"),
            style={"description_width": "initial"},
            tooltip=prompt,
        )
        self.button = labelled_button(
            description="Save to my journal",
            icon="save",
            tooltip="Save what you wrote to your journal on this computer",
        )
        self.status = widgets.HTML(value="")
        self.button.on_click(lambda _b: self.save())
        self.guard = PrivacyGuard(
            lambda: self.text.value, lambda: self.save(anyway=True), lambda m: self._say(f"○ {m}")
        )
        try:
            # While nbgrader grades, show nothing from any journal on the grading machine.
            latest = None if grading() else self.journal.latest(module, prompt_id)
        except OSError as exc:  # an unreadable journal must not stop the notebook
            latest = None
            self._say(f"⚠ Could not read your journal at {self.journal.path} ({exc.strerror}).")
        if latest is not None:
            self.text.value = latest.text
            self._say(f"✔ Last saved {latest.saved_local}.")
        elif not self.status.value:
            self._say("○ Not saved yet.")
        super().__init__(
            [
                widgets.HTML(f"<p><strong>✏️ {html.escape(prompt)}</strong></p>"),
                self.text,
                self.button,
                self.status,
                self.guard,
            ]
        )

    def _say(self, message: str) -> None:
        self.status.value = f"<p role='status'>{html.escape(message)}</p>"

    def save(self, anyway: bool = False) -> None:
        """Save the text as a new journal entry (the button's handler); problems are shown, not raised.

        If part of the text may identify a client, nothing is saved yet: the privacy note shows what
        and why, and the learner chooses *Save anyway* (``anyway=True``) or *Edit first*.
        """
        text = self.text.value
        checkable = bool(text.strip()) and len(text) <= MAX_CHARS
        if not anyway and checkable and self.guard.review():
            return
        self.guard.hide()
        try:
            entry = save_reflection(self.module, self.prompt_id, text, journal=self.journal)
        except JournalError as exc:
            self._say(f"⚠ Not saved. {exc}")
            return
        self._say(f"✔ Saved {entry.saved_local} to {self.journal.path.name}.")
