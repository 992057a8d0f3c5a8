"""The structure audit (module 03): rate your own program on agency, relevance and partnership.

Twelve plain statements about how a program works, four for each condition, each rated on how
often it is true today (0 "never" to 4 "always"). The result is a profile of three scores and
two or three questions to take back to the team, chosen from the lowest-rated items. The items
rate the program's *structures* (who sets times, who writes goals, who is in the room), never a
worker's effort: a low score points at something the team can redesign together.

The items are our own wording of ideas from Self-Determination Theory (autonomy), the spirit of
Motivational Interviewing (partnership, evocation), the wraparound principles (family voice and
choice, individualized, team based), shared decision-making, and SAMHSA's trauma-informed
approach (transparency; voice and choice). The three conditions come from MiiWrap's article
*Rethinking Engagement in Human Services*.

The scoring (:func:`score_audit`) is plain Python, separate from the widget
(:class:`StructureAudit`), so it can be tested and reused (for example for cohort profiles).

Example:
    >>> result = score_audit({"agency-scheduling": 1, "agency-missed-visit": 2,
    ...                       "relevance-own-words": 4, "partnership-records": 0})
    >>> result.means["agency"], result.answered, len(result.missing)
    (1.5, 4, 8)
    >>> result.questions[0]
    'How could clients read and correct what we write about them?'
"""

from __future__ import annotations

import difflib
import html
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import ipywidgets as widgets

from coownership.journal import Journal, JournalError, save_reflection
from coownership.widgets.charts import bar_chart, figure_html
from coownership.widgets.controls import labelled_button

__all__ = [
    "AuditItem",
    "AuditResult",
    "CONDITIONS",
    "SCALE",
    "StructureAudit",
    "audit_items",
    "score_audit",
]

MODULE = "03"
PROMPT_ID = "structure-audit"

SCALE: tuple[tuple[int, str], ...] = ((0, "never"), (1, "rarely"), (2, "sometimes"), (3, "usually"), (4, "always"))
"""The rating scale: how often the statement is true in the program today."""

CONDITIONS: dict[str, tuple[str, str]] = {
    "agency": ("Agency", "Can people make real choices about how the service works for them?"),
    "relevance": ("Relevance", "Is the work about what matters to the person?"),
    "partnership": ("Partnership", "Do people help make the decisions about their own services?"),
}
"""Condition id -> (heading, the question the condition asks of a program)."""

_LABELS = dict(SCALE)
_LOW, _HIGH = SCALE[0][0], SCALE[-1][0]


@dataclass(frozen=True)
class AuditItem:
    """One statement about a program, and the question to take back to the team if it scores low.

    Example:
        >>> item = audit_items()[0]
        >>> item.id, item.condition
        ('agency-scheduling', 'agency')
    """

    id: str
    condition: str
    statement: str
    question: str


_ITEMS: tuple[AuditItem, ...] = (
    # Agency: choice and control over how the service happens.
    AuditItem(
        "agency-scheduling",
        "agency",
        "Clients choose the day, time and place of their visits.",
        "Who picks visit times and places now, and what would it take for clients to pick them?",
    ),
    AuditItem(
        "agency-missed-visit",
        "agency",
        "After a missed visit, the first step is to ask the client what got in the way and adjust the plan.",
        "What does our process do first after a missed visit: ask and adjust, or apply a penalty?",
    ),
    AuditItem(
        "agency-say-no",
        "agency",
        "Clients can say no to part of the plan, or ask to change it, without losing their place.",
        "What happens, on paper and in practice, when a client says no to part of the plan?",
    ),
    AuditItem(
        "agency-rules-explained",
        "agency",
        "Each program rule is explained to clients in plain words, along with why it exists.",
        "Which of our rules are hard for clients to understand, and which ones could we drop?",
    ),
    # Relevance: the work is about what matters to the person.
    AuditItem(
        "relevance-own-words",
        "relevance",
        "Goals in the plan are written in the client's own words.",
        "Whose words are in our plans, and how could the client's words come first?",
    ),
    AuditItem(
        "relevance-tailored",
        "relevance",
        "Each plan is built around the person and family, not copied from a standard form.",
        "Which parts of our plans are the same for everyone, and do they need to be?",
    ),
    AuditItem(
        "relevance-session-focus",
        "relevance",
        "Sessions focus on what the client wants to work on that day.",
        "How could each session start by asking what the client wants to work on?",
    ),
    AuditItem(
        "relevance-priorities",
        "relevance",
        "When the referral reason and the person's own priorities differ, the plan makes room for both.",
        "When the referral reason and the client's priorities differ, how do we decide what comes first?",
    ),
    # Partnership: decisions are made with people, not for them.
    AuditItem(
        "partnership-team-meetings",
        "partnership",
        "Clients attend their team meetings and can lead them if they want to.",
        "What would need to change for clients to attend, and lead, their own team meetings?",
    ),
    AuditItem(
        "partnership-decisions",
        "partnership",
        "Decisions about a client's services are made with the client in the room.",
        "Which decisions about clients are still made before the client is in the room?",
    ),
    AuditItem(
        "partnership-records",
        "partnership",
        "Clients can see what is written about them and get it fixed if it is wrong.",
        "How could clients read and correct what we write about them?",
    ),
    AuditItem(
        "partnership-feedback",
        "partnership",
        "The program asks clients for feedback and tells them what changed because of it.",
        "How do we ask clients for feedback, and how do they find out what we changed?",
    ),
)
_BY_ID = {item.id: item for item in _ITEMS}
_NUMBER = {item.id: n for n, item in enumerate(_ITEMS, start=1)}


def audit_items(condition: str | None = None) -> tuple[AuditItem, ...]:
    """The audit's items in order (all of them, or those of one condition).

    Example:
        >>> len(audit_items()), len(audit_items("partnership"))
        (12, 4)
        >>> audit_items("relevance")[0].statement
        "Goals in the plan are written in the client's own words."
    """
    if condition is None:
        return _ITEMS
    if condition not in CONDITIONS:
        raise ValueError(f"condition must be one of {', '.join(CONDITIONS)}; got {condition!r}")
    return tuple(item for item in _ITEMS if item.condition == condition)


def _scale_words() -> str:
    return ", ".join(f'{value} "{label}"' for value, label in SCALE)


def describe_mean(mean: float) -> str:
    """A 0-4 mean in the scale's words: ``"usually"``, or ``"between rarely and sometimes"``.

    Example:
        >>> describe_mean(3.0), describe_mean(1.5)
        ('usually', 'between rarely and sometimes')
    """
    if not _LOW <= mean <= _HIGH:
        raise ValueError(f"mean must be between {_LOW} and {_HIGH}; got {mean!r}")
    if float(mean).is_integer():
        return _LABELS[int(mean)]
    low = int(mean)
    return f"between {_LABELS[low]} and {_LABELS[low + 1]}"


@dataclass(frozen=True)
class AuditResult:
    """A scored audit.

    Attributes:
        ratings: item id -> rating, for the answered items, in item order.
        means: condition -> mean rating on 0-4 (None when none of its items was answered).
        answered: how many items were rated.
        total: how many items the audit has.
        missing: ids of the items not rated yet, in item order.
        question_items: the items chosen for the team, lowest-rated first.
        questions: their questions, in the same order (two or three, fewer only when fewer items
            were answered).

    Example:
        >>> r = score_audit({item.id: 2 for item in audit_items()})
        >>> r.means["relevance"], r.answered, r.missing
        (2.0, 12, ())
        >>> len(r.questions)
        3
    """

    ratings: dict[str, int]
    means: dict[str, float | None]
    answered: int
    total: int
    missing: tuple[str, ...]
    question_items: tuple[AuditItem, ...]
    questions: tuple[str, ...]

    def summary(self) -> str:
        """One plain sentence on how much of the audit was answered.

        Example:
            >>> score_audit({"agency-say-no": 3}).summary()
            'You rated 1 of 12 items; 11 items are not rated yet, so the scores use only the 1 you rated.'
        """
        if not self.missing:
            return f"You rated all {self.total} items."
        plural = "item is" if len(self.missing) == 1 else "items are"
        return (
            f"You rated {self.answered} of {self.total} items; {len(self.missing)} {plural} not rated "
            f"yet, so the scores use only the {self.answered} you rated."
        )


def _check_rating(item_id: str, value: object) -> int:
    allowed = f"a whole number from {_LOW} to {_HIGH} ({_scale_words()})"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"Item {item_id!r}: the rating must be {allowed}; got {value!r} ({type(value).__name__})")
    if not isinstance(value, numbers.Integral):
        if not float(value).is_integer():
            raise ValueError(
                f"Item {item_id!r}: the rating must be {allowed}; got {value!r}, which is not a whole number"
            )
    number = int(value)
    if not _LOW <= number <= _HIGH:
        raise ValueError(f"Item {item_id!r}: the rating must be {allowed}; got {value!r}, which is outside the scale")
    return number


def _choose_questions(ratings: Mapping[str, int]) -> tuple[AuditItem, ...]:
    """Lowest ratings first; among equal ratings, a condition not yet chosen, then item order.

    Always two when two or more items are answered; a third when its rating is "sometimes" or
    lower (a question about something that already happens "usually" is less useful to a team).
    """
    remaining = [_BY_ID[i] for i in _BY_ID if i in ratings]
    chosen: list[AuditItem] = []
    while remaining and len(chosen) < 3:
        lowest = min(ratings[item.id] for item in remaining)
        tied = [item for item in remaining if ratings[item.id] == lowest]
        seen = {item.condition for item in chosen}
        pick = next((item for item in tied if item.condition not in seen), tied[0])
        if len(chosen) == 2 and ratings[pick.id] > 2:
            break
        chosen.append(pick)
        remaining.remove(pick)
    return tuple(chosen)


def score_audit(ratings: Mapping[str, int | None]) -> AuditResult:
    """Score an audit: a mean per condition on 0-4, and two or three questions for the team.

    Args:
        ratings: item id -> rating, a whole number from 0 ("never") to 4 ("always"). Items may be
            left out (or given as None): only answered items are scored, and the result says how
            many are missing.

    Questions come from the lowest-rated items. Ties are broken so that each condition is
    represented where possible, then by item order, so the same ratings always give the same
    questions. There are two questions when two or more items are answered, and a third when its
    item is rated "sometimes" or lower.

    Raises:
        ValueError: an unknown item id, a rating outside 0-4 or not a whole number, or no item
            answered at all.
        TypeError: a rating that is not a number.

    Example:
        >>> r = score_audit({"agency-scheduling": 0, "agency-say-no": 0, "relevance-tailored": 0,
        ...                  "partnership-feedback": 4})
        >>> [item.id for item in r.question_items]
        ['agency-scheduling', 'relevance-tailored', 'agency-say-no']
        >>> r.means
        {'agency': 0.0, 'relevance': 0.0, 'partnership': 4.0}
        >>> score_audit({"agency-schedule": 2})
        Traceback (most recent call last):
        ...
        ValueError: There is no audit item 'agency-schedule'. Did you mean 'agency-scheduling'? ...
    """
    if not isinstance(ratings, Mapping):
        raise TypeError(f"ratings must map item ids to ratings (a dict); got {type(ratings).__name__}")
    unknown = [key for key in ratings if key not in _BY_ID]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(str(key), list(_BY_ID), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"There is no audit item {key!r}.{hint} The item ids are: {', '.join(_BY_ID)}.")
    clean = {
        item_id: _check_rating(item_id, ratings[item_id])
        for item_id in _BY_ID
        if item_id in ratings and ratings[item_id] is not None
    }
    if not clean:
        raise ValueError(
            'Nothing is rated yet. Rate at least one item (0 "never" to 4 "always"), then score the audit.'
        )
    means: dict[str, float | None] = {}
    for condition in CONDITIONS:
        values = [clean[item.id] for item in _ITEMS if item.condition == condition and item.id in clean]
        means[condition] = sum(values) / len(values) if values else None
    chosen = _choose_questions(clean)
    return AuditResult(
        ratings=clean,
        means=means,
        answered=len(clean),
        total=len(_ITEMS),
        missing=tuple(item_id for item_id in _BY_ID if item_id not in clean),
        question_items=chosen,
        questions=tuple(item.question for item in chosen),
    )


def profile_alt(result: AuditResult) -> str:
    """The profile chart's alt text: the three scores in words.

    Example:
        >>> profile_alt(score_audit({"agency-scheduling": 1, "agency-say-no": 2}))
        'Bar chart of your program on a 0 to 4 scale. Agency: 1.5 of 4, between rarely and sometimes. Relevance: not rated yet. Partnership: not rated yet.'
    """
    parts = ["Bar chart of your program on a 0 to 4 scale."]
    for condition, (title, _question) in CONDITIONS.items():
        mean = result.means[condition]
        if mean is None:
            parts.append(f"{title}: not rated yet.")
        else:
            parts.append(f"{title}: {mean:.1f} of 4, {describe_mean(mean)}.")
    return " ".join(parts)


def journal_text(result: AuditResult) -> str:
    """The audit as one readable journal entry: every rating, the scores and the questions.

    Example:
        >>> text = journal_text(score_audit({"agency-scheduling": 1}))
        >>> "1. Clients choose the day, time and place of their visits. Rating: 1 (rarely)" in text
        True
    """
    lines = [
        "Structure audit of my program (module 03)",
        f"Scale: how often each statement is true today, {_scale_words()}.",
        result.summary(),
        "",
    ]
    for condition, (title, _question) in CONDITIONS.items():
        mean = result.means[condition]
        score = "not rated yet" if mean is None else f"{mean:.1f} of 4 ({describe_mean(mean)})"
        lines.append(f"{title}: {score}")
        for item in audit_items(condition):
            rating = result.ratings.get(item.id)
            rated = "not rated" if rating is None else f"{rating} ({_LABELS[rating]})"
            lines.append(f"  {_NUMBER[item.id]}. {item.statement} Rating: {rated}")
        lines.append("")
    lines.append("Questions to take back to my team:")
    lines += [f"  - {q}" for q in result.questions]
    return "\n".join(lines)


class StructureAudit(widgets.VBox):
    """The audit as a widget: a rating for each item, a profile chart and questions for the team.

    Args:
        journal: a :class:`~coownership.journal.Journal`; when given, a "Save to my journal"
            button saves the ratings and questions as one entry (module "03", prompt
            "structure-audit").

    Every handler writes a message in :attr:`status` instead of raising, so a learner never
    sees a traceback.

    Example:
        >>> audit = StructureAudit()
        >>> audit.controls["agency-scheduling"].value = 1
        >>> audit.show_profile()
        >>> 'role="img"' in audit.profile.value and "Agency: 1.0 of 4" in audit.profile.value
        True
    """

    def __init__(self, journal: Journal | None = None) -> None:
        if journal is not None and not isinstance(journal, Journal):
            raise TypeError(f"journal must be a coownership.journal.Journal or None; got {type(journal).__name__}")
        self.journal = journal
        options = [(f"{value} {label}", value) for value, label in SCALE]
        self.controls: dict[str, widgets.RadioButtons] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                "<p><strong>Structure audit of your program.</strong> For each statement, choose how "
                "often it is true in your program today, from 0 (never) to 4 (always). Rate the "
                "program, not yourself or a colleague: these are questions about how the service is "
                "set up. Skip any item you are not sure about. Then press <em>Show my profile</em>.</p>"
            )
        ]
        for condition, (title, question) in CONDITIONS.items():
            rows.append(
                widgets.HTML(
                    f"<h4 style='margin:1em 0 0.2em 0'>{html.escape(title)}</h4>"
                    f"<p style='margin:0'><em>{html.escape(question)}</em></p>"
                )
            )
            for item in audit_items(condition):
                number = _NUMBER[item.id]
                control = widgets.RadioButtons(
                    options=options,
                    value=None,
                    description=f"Item {number}",
                    tooltip=f"Item {number}: {item.statement}",
                    style={"description_width": "initial"},
                    layout=widgets.Layout(width="max-content"),
                )
                self.controls[item.id] = control
                statement = widgets.HTML(
                    f"<p style='margin:0.4em 1em 0 0'><strong>{number}.</strong> {html.escape(item.statement)}</p>",
                    layout=widgets.Layout(width="24em"),
                )
                rows.append(
                    widgets.HBox([statement, control], layout=widgets.Layout(flex_flow="row wrap", margin="0.3em 0"))
                )
        self.profile_button = labelled_button(
            description="Show my profile",
            tooltip="Show my profile: a chart of the three scores and questions for your team",
            icon="bar-chart",
            button_style="primary",
        )
        self.profile_button.on_click(lambda _button: self.show_profile())
        buttons: list[widgets.Widget] = [self.profile_button]
        self.save_button: widgets.Button | None = None
        if journal is not None:
            self.save_button = labelled_button(
                description="Save to my journal",
                tooltip="Save your ratings and questions to your journal, which stays on this computer",
                icon="save",
            )
            self.save_button.on_click(lambda _button: self.save())
            buttons.append(self.save_button)
        self.status = widgets.HTML(value=self._status(""), layout=widgets.Layout(min_height="1.5em"))
        self.profile = widgets.HTML(value="")
        rows += [widgets.HBox(buttons), self.status, self.profile]
        super().__init__(rows)

    @staticmethod
    def _status(message: str) -> str:
        return f"<div role='status'>{message}</div>"

    def ratings(self) -> dict[str, int]:
        """The ratings chosen so far, item id -> 0-4 (unrated items are left out).

        Example:
            >>> audit = StructureAudit()
            >>> audit.controls["partnership-records"].value = 0
            >>> audit.ratings()
            {'partnership-records': 0}
        """
        return {item_id: c.value for item_id, c in self.controls.items() if c.value is not None}

    def _result(self) -> AuditResult | None:
        if not self.ratings():
            self.status.value = self._status(
                "<p>○ Nothing rated yet. Choose a rating for at least one statement, then try again.</p>"
            )
            return None
        return score_audit(self.ratings())

    def show_profile(self) -> None:
        """Draw the profile chart and the questions for the team (the button's handler).

        Example:
            >>> audit = StructureAudit()
            >>> audit.show_profile()
            >>> "Nothing rated yet" in audit.status.value
            True
        """
        result = self._result()
        if result is None:
            self.profile.value = ""
            return
        values = {CONDITIONS[c][0]: m for c, m in result.means.items() if m is not None}
        alt = profile_alt(result)
        svg = bar_chart(values, title="Your program's profile (0 to 4)", alt=alt, maximum=4, unit=" of 4")
        figure = figure_html(svg, alt, caption="Your ratings of your program.")
        questions = "".join(
            f"<li>❓ {html.escape(item.question)} <small>(item {_NUMBER[item.id]}, rated "
            f"{result.ratings[item.id]}, “{_LABELS[result.ratings[item.id]]}”)</small></li>"
            for item in result.question_items
        )
        note = f"<p>ℹ {html.escape(result.summary())}</p>" if result.missing else ""
        rated = sorted(((m, c) for c, m in result.means.items() if m is not None), reverse=True)
        if len(rated) > 1 and rated[0][0] > rated[1][0]:
            note += (
                f"<p>✔ Your highest score is <strong>{html.escape(CONDITIONS[rated[0][1]][0])}</strong>. "
                "Notice what makes it work there; it may help with the others.</p>"
            )
        self.profile.value = (
            f"{figure}{note}"
            "<h4>Questions to take back to your team</h4>"
            "<p>These come from your lowest-rated items. A low rating points at how the service is "
            "set up, not at anyone's effort.</p>"
            f"<ol>{questions}</ol>"
        )
        count = len(result.questions)
        self.status.value = self._status(
            f"<p>✔ Your profile is below, with {count} question{'s' if count != 1 else ''} for your team.</p>"
        )

    def save(self) -> None:
        """Save the ratings and questions to the journal as one entry (the button's handler).

        Example:
            >>> import tempfile, pathlib
            >>> j = Journal(pathlib.Path(tempfile.mkdtemp()) / "j.jsonl")
            >>> audit = StructureAudit(journal=j)
            >>> audit.controls["agency-say-no"].value = 2
            >>> audit.save()
            >>> "Saved" in audit.status.value, len(j.entries())
            (True, 1)
        """
        if self.journal is None:
            self.status.value = self._status(
                "<p>○ This audit has no journal to save to. Make it with "
                "<code>StructureAudit(journal=Journal())</code> to save your ratings.</p>"
            )
            return
        result = self._result()
        if result is None:
            return
        try:
            entry = save_reflection(MODULE, PROMPT_ID, journal_text(result), journal=self.journal)
        except (JournalError, OSError) as exc:
            self.status.value = self._status(f"<p>⚠ Not saved yet. {html.escape(str(exc))}</p>")
            return
        self.status.value = self._status(
            f"<p>✔ Saved to your journal ({html.escape(str(self.journal.path))}) at "
            f"{html.escape(entry.saved_local)}: {result.answered} rating"
            f"{'s' if result.answered != 1 else ''} and {len(result.questions)} "
            f"question{'s' if len(result.questions) != 1 else ''}.</p>"
        )
