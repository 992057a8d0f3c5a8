"""The goal-language coach: type a plan goal, see whose goal its wording makes it, and get a
question to ask the person.

The widget renders what a module's content file gives it (module 05's by default): its words
from ``[goal_coach]``, the rules and the reading from ``[[goal_rules]]`` and ``[goal_reading]``
(:mod:`coownership.widgets.goal_rules`, :mod:`coownership.widgets.goal_assessment`). Every rule is
listed openly (the *Show the rules* button), with the words it looks for, why, and an example, so
a learner can argue with it.

Example:
    >>> coach = GoalCoach()
    >>> coach.goal.value = "Client will comply with housing program requirements."
    >>> coach.check()
    >>> coach.assessment.owner, "comply" in coach.feedback.value
    ('staff', True)
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from coownership.content import module_content
from coownership.errors import ArgumentTypeError
from coownership.journal import Journal, JournalError, save_reflection
from coownership.validation import check_text
from coownership.widgets.controls import labelled_button
from coownership.widgets.goal_assessment import MAX_CHARS, GoalAssessment, assess_goal
from coownership.widgets.goal_rules import KINDS, GoalRules, Rule, load_goal_rules
from coownership.widgets.privacy_guard import PrivacyGuard
from coownership.wording import fill, read_words

__all__ = ["GoalCoach"]

_PLAIN = (
    "journal_prompt_id",
    "title",
    "intro",
    "goal_label",
    "placeholder",
    "goal_tooltip",
    "check_button",
    "check_tooltip",
    "rules_show",
    "rules_hide",
    "rules_tooltip",
    "save_tooltip",
    "nothing_to_check",
    "nothing_to_save",
    "your_goal",
    "whose",
    "look_again_heading",
    "no_flags",
    "wants_question",
    "wants_not_yet",
    "ask",
    "footnote",
)
_TEMPLATES = {
    "too_long": ("length", "limit"),
    "too_long_to_save": ("length", "limit"),
    "look_again": ("words", "rule"),
    "wants_yes": ("words",),
    "journal_entry": ("goal", "summary", "question"),
}


def _e(text: str) -> str:
    return html.escape(text)


def rules_html(rules: GoalRules) -> str:
    """Every rule, grouped by kind, with what it looks for, why and an example, then how the coach decides.

    Example:
        >>> page = rules_html(load_goal_rules("05"))
        >>> "<strong>comply</strong>" in page and "role='region'" in page
        True
    """
    parts = [f"<div role='region' aria-label='{_e(rules.how_heading)}'><p>ℹ️ {_e(rules.rough)}</p>"]
    for kind in KINDS:
        items = "".join(
            f"<li><strong>{_e(r.id)}</strong>: {_e(r.description)}<br>"
            f"<em>Why:</em> {_e(r.why)}<br><em>Example:</em> “{_e(r.example)}”</li>"
            for r in rules.rules
            if r.kind == kind
        )
        parts.append(f"<p><strong>{_e(rules.kinds[kind].text('heading'))}</strong></p><ul>{items}</ul>")
    steps = "".join(f"<li>{_e(s)}</li>" for s in rules.how_owner_is_decided)
    parts.append(f"<p><strong>{_e(rules.how_heading)}</strong></p><ol>{steps}</ol></div>")
    return "".join(parts)


class GoalCoach(widgets.VBox):
    """A text box for one plan goal, a check button, the coach's reading, a button that lists
    every rule, and a *Save to my journal* button that keeps the goal and the reading.

    Args:
        journal: the :class:`~coownership.journal.Journal` to save to (default: the learner's
            journal, :func:`coownership.journal.default_path`), like the journal box.
        module: the module whose content the coach renders (default ``"05"``); saved entries
            carry its number and the content's ``journal_prompt_id``.

    Every handler writes a message instead of raising, so a learner never sees a traceback.

    Example:
        >>> coach = GoalCoach()
        >>> coach.goal.value = "I want my own place where my kids can have friends over."
        >>> coach.check()
        >>> coach.assessment.owner
        'person'
        >>> coach.rules_toggle.value = True
        >>> "<strong>i-want</strong>" in coach.rules_view.value
        True
    """

    def __init__(self, journal: Journal | None = None, module: str = "05") -> None:
        if journal is not None and not isinstance(journal, Journal):
            raise ArgumentTypeError(
                f"journal must be a coownership.journal.Journal or None; got {type(journal).__name__}"
            )
        check_text("module", module)
        content = module_content(module)
        self.words = read_words(content.section("goal_coach"), _PLAIN, _TEMPLATES)
        self.reading = load_goal_rules(module)
        self.module = content.path.parent.name[:2]
        self.prompt_id = self.words["journal_prompt_id"]
        self.journal = journal if journal is not None else Journal()
        self.assessment: GoalAssessment | None = None
        w = self.words
        intro = widgets.HTML(f"<p><strong>{_e(w['title'])}</strong> {_e(w['intro'])}</p>")
        self.goal = widgets.Textarea(
            description=w["goal_label"],
            placeholder=w["placeholder"],
            tooltip=w["goal_tooltip"],
            rows=3,
            layout=widgets.Layout(width="95%"),
            style={"description_width": "initial"},
        )
        self.check_button = labelled_button(
            description=w["check_button"], icon="search", button_style="primary", tooltip=w["check_tooltip"]
        )
        self.rules_toggle = widgets.ToggleButton(
            value=False,
            description=w["rules_show"],
            icon="list",
            tooltip=w["rules_tooltip"],
            layout=widgets.Layout(width="auto"),
        )
        self.save_button = labelled_button(description="Save to my journal", icon="save", tooltip=w["save_tooltip"])
        self.feedback = widgets.HTML(value="", layout=widgets.Layout(min_height="2em"))
        self.rules_view = widgets.HTML(value="")
        self.save_status = widgets.HTML(value="")
        self.check_button.on_click(lambda _b: self.check())
        self.rules_toggle.observe(self._toggle_rules, names="value")
        self.save_button.on_click(lambda _b: self.save())
        # the goal is the learner's own text: look for client identifiers before saving it
        self.guard = PrivacyGuard(
            lambda: self.goal.value, lambda: self.save(anyway=True), lambda m: self._say(f"○ {m}")
        )
        buttons = widgets.HBox([self.check_button, self.rules_toggle, self.save_button])
        super().__init__([intro, self.goal, buttons, self.feedback, self.save_status, self.guard, self.rules_view])

    def rules(self) -> tuple[Rule, ...]:
        """Every rule this coach uses (the same as :func:`coownership.widgets.goal_rules.rules`)."""
        return self.reading.rules

    # -- handlers ------------------------------------------------------------------------------
    def _too_long(self, key: str, text: str) -> str:
        return fill(self.words[key], length=f"{len(text):,}", limit=f"{MAX_CHARS:,}")

    def check(self) -> None:
        """Read the goal in the box and show the coach's reading (the button's handler)."""
        w, text = self.words, self.goal.value
        problem = None
        if not text.strip():
            problem = f"○ {w['nothing_to_check']}"
        elif len(text) > MAX_CHARS:
            problem = f"➜ {self._too_long('too_long', text)}"
        if problem:
            self.assessment = None
            self.feedback.value = f"<div role='status'><p>{_e(problem)}</p></div>"
            return
        a = assess_goal(text, self.module)
        self.assessment = a
        icon = f"<span aria-hidden='true'>{self.reading.owners[a.owner].icon}</span>"
        parts = [
            f"<p><em>{_e(w['your_goal'])}</em> “{_e(text.strip())}”</p>",
            f"<p><strong>{_e(w['whose'])}</strong> {icon} {_e(a.owner_words[0].upper() + a.owner_words[1:])}.</p>",
            f"<p>{_e(a.summary)}</p>",
        ]
        if a.flags:
            items = "".join(
                "<li><span aria-hidden='true'>⚑</span> "
                + fill(w["look_again"], markup=True, words=f"“{_e(f.words)}”", rule=f"<code>{_e(f.rule)}</code>")
                + f" {_e(self.reading.rule(f.rule).why)}</li>"
                for f in a.flags
            )
            parts.append(f"<p><strong>{_e(w['look_again_heading'])}</strong></p><ul>{items}</ul>")
        else:
            parts.append(f"<p><span aria-hidden='true'>✔</span> {_e(w['no_flags'])}</p>")
        if a.names_a_want:
            words = ", ".join(f"“{_e(f.words)}”" for f in a.wants)
            answer = f"<span aria-hidden='true'>✔</span> {fill(w['wants_yes'], markup=True, words=words)}"
        else:
            answer = f"<span aria-hidden='true'>➜</span> {_e(w['wants_not_yet'])}"
        parts.append(f"<p><strong>{_e(w['wants_question'])}</strong> {answer}</p>")
        parts.append(f"<p><strong>{_e(w['ask'])}</strong> “{_e(a.suggestion)}”</p>")
        parts.append(f"<p><small>{_e(w['footnote'])}</small></p>")
        self.feedback.value = f"<div role='status'>{''.join(parts)}</div>"

    def _toggle_rules(self, change: dict) -> None:
        if change["new"]:
            self.rules_view.value = rules_html(self.reading)
            self.rules_toggle.description = self.words["rules_hide"]
        else:
            self.rules_view.value = ""
            self.rules_toggle.description = self.words["rules_show"]

    def save(self, anyway: bool = False) -> None:
        """Save the goal and the coach's reading to the journal (the save button's handler).

        Problems (nothing typed, a folder that cannot be written) are shown, never raised. If the
        goal may identify a client, nothing is saved until the learner chooses *Save anyway*
        (``anyway=True``) or *Edit first* (:class:`~coownership.widgets.privacy_guard.PrivacyGuard`).

        Example:
            >>> import tempfile, pathlib
            >>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "j.jsonl")
            >>> coach = GoalCoach(journal=j)
            >>> coach.goal.value = "I want my kids home by summer."
            >>> coach.save()
            >>> "Saved" in coach.save_status.value, j.entries()[0].prompt_id
            (True, 'goal-coach')
        """
        text = self.goal.value
        if not text.strip():
            self._say(f"○ {self.words['nothing_to_save']}")
            return
        if len(text) > MAX_CHARS:
            self._say(f"➜ {self._too_long('too_long_to_save', text)}")
            return
        if not anyway and self.guard.review():
            return
        self.guard.hide()
        a = assess_goal(text, self.module)
        entry = fill(self.words["journal_entry"], goal=text.strip(), summary=a.summary, question=a.suggestion)
        try:
            saved = save_reflection(self.module, self.prompt_id, entry, journal=self.journal)
        except JournalError as exc:
            self._say(f"⚠ Not saved. {exc}")
            return
        self._say(f"✔ Saved {saved.saved_local} to your journal ({self.journal.path.name}).")

    def _say(self, message: str) -> None:
        self.save_status.value = f"<p role='status'>{html.escape(message)}</p>"
