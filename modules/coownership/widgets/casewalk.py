"""The case walk: follow one SIMULATED family week by week and choose what happens after each
missed visit.

At each missed visit the learner picks a response: a consequence (warning letter), more outreach,
or asking what got in the way and adapting. The family's path and their worker's load unfold from
the same model as the rest of the course (:func:`coownership.caseload.walk`). The worker sees what
the system records; the family's actual reason is shown only when the learner chose to ask. At
the end the learner sees the same family, meeting the same luck, under the choices they did not
make.

Example:
    >>> w = CaseWalk(family=1)
    >>> w.pending_week is not None  # waiting for a choice at the first missed visit
    True
    >>> w.choose("ask_and_adapt")
    >>> len(w.choices)
    1
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd

from coownership.caseload import MISSED_VISIT_RESPONSE, Caseload, Design, walk
from coownership.content import Section, course_content, design_words
from coownership.errors import ArgumentError
from coownership.validation import check_choice
from coownership.widgets.charts import figure_html, line_chart
from coownership.widgets.controls import labelled_button
from coownership.wording import fill, read_words

__all__ = ["CaseWalk", "FAMILIES"]

FAMILIES = {1: 19, 2: 26, 3: 27}
"""Family number -> seed: families picked because they miss visits early and their paths differ
with the worker's choices (chosen by searching seeds; see tests/test_casewalk.py)."""


TEXT_GAPS: dict[str, tuple[str, ...]] = {
    "intro": ("family", "description"),
    "missed_question": ("week", "recorded"),
    "came": ("week",),
    "missed_pending": ("week",),
    "missed_chosen": ("week", "choice"),
    "told_you": ("reason",),
    "file_says": ("label",),
    "your_choices": (),
    "always": ("choice",),
    "chart_title": (),
    "chart_alt": (),
    "over": (),
    "behind": ("reasons",),
    "one_family": ("others",),
}
"""Each sentence of ``[casewalk.text]`` in course.toml and the gaps the walk fills in it."""

FAMILY_GAPS = ("came", "need", "extra", "when")
"""The gaps of ``[casewalk.family] template``."""


def _words(table: str) -> Section:
    return course_content().section("casewalk").table(table)


def _texts() -> dict[str, str]:
    """The walk's sentences, each checked: a gap the walk does not fill is a ContentError naming the key."""
    return read_words(_words("text"), (), TEXT_GAPS)


def _text(key: str, **values: Any) -> str:
    return fill(_texts()[key], **values)


def responses() -> dict[str, str]:
    """What the worker can do after a missed visit: the choice's wording by response (course.toml).

    Example:
        >>> responses()["consequence"]
        'Send a warning letter'
    """
    _, options = design_words("missed_visit_response", MISSED_VISIT_RESPONSE)
    return {value: words.text("choice") for value, words in options.items()}


def describe_family(run: Caseload) -> str:
    """A plain description of client 1 (the family) from the SIMULATED tables.

    Example:
        >>> describe_family(walk(seed=19)).startswith("A parent")
        True
    """
    c = run.clients.iloc[0]
    words, family = _words("barriers"), _words("family")
    barriers = [words.text(name) for name in ("work_hours", "transport", "caregiving") if c[f"barrier_{name}"]]
    came = family.text("mandated" if c.referral == "mandated" else "self")
    extra = f" {family.text('barriers_start')} {' and '.join(barriers)}." if barriers else ""
    when = family.text("assigned" if run.design.scheduling == "assigned" else "chosen")
    need = _words("needs").text(str(c.need))
    template = read_words(family, (), {"template": FAMILY_GAPS})["template"]
    return fill(template, came=came, need=need, extra=extra, when=when)


class CaseWalk(widgets.VBox):
    """Walk one family through 26 weeks, choosing the response to each missed visit.

    Args:
        family: 1, 2 or 3 (see :data:`FAMILIES`).
        design: the agency's design (default "compliance", where times are assigned).
    """

    def __init__(self, family: int = 1, design: Design | str = "compliance") -> None:
        if isinstance(family, bool) or not isinstance(family, int) or family not in FAMILIES:
            raise ArgumentError(f"family must be one of {', '.join(map(str, FAMILIES))}; got {family!r}")
        self.seed = FAMILIES[family]
        self.design = Design.preset(design)
        self.choices: list[str] = []
        self.pending_week: int | None = None
        self.buttons = {
            key: labelled_button(
                description=label,
                tooltip=f"After this missed visit: {label.lower()}",
                layout=widgets.Layout(width="auto"),
            )
            for key, label in responses().items()
        }
        for key, button in self.buttons.items():
            button.on_click(lambda _b, key=key: self.choose(key))
        self.restart_button = labelled_button(
            description="Start again", icon="undo", tooltip="Walk the same family again from week 0"
        )
        self.restart_button.on_click(lambda _b: self.restart())
        self.story = widgets.HTML()
        self.question = widgets.HTML()
        self.ending = widgets.HTML()
        description = describe_family(walk(self.design, seed=self.seed))
        intro = widgets.HTML(f"<p>{html.escape(_text('intro', family=family, description=description))}</p>")
        super().__init__(
            [
                intro,
                self.story,
                self.question,
                widgets.HBox(list(self.buttons.values())),
                self.ending,
                self.restart_button,
            ]
        )
        self._advance()

    # -- state ------------------------------------------------------------------------------
    def _run(self, choices: str | tuple[str, ...]) -> Caseload:
        return walk(self.design, choices=choices, seed=self.seed)

    def _family(self, run: Caseload) -> pd.DataFrame:
        a = run.appointments
        return a[a["client_id"] == 1].reset_index(drop=True)

    def _advance(self) -> None:
        run = self._run(tuple(self.choices))
        visits = self._family(run)
        misses = visits.index[~visits["attended"]].tolist()
        k = len(self.choices)
        if k < len(misses):
            row = visits.iloc[misses[k]]
            self.pending_week = int(row["week"])
            shown = visits.iloc[: misses[k] + 1]
            self.story.value = self._timeline(run, shown, pending=True)
            question = _text("missed_question", week=self.pending_week, recorded=row["recorded_reason"])
            self.question.value = f"<p role='status'><strong>{html.escape(question)}</strong></p>"
            for b in self.buttons.values():
                b.disabled = False
            self.ending.value = ""
        else:
            self.pending_week = None
            self.story.value = self._timeline(run, visits, pending=False)
            self.question.value = ""
            for b in self.buttons.values():
                b.disabled = True
            self.ending.value = self._compare_paths(run)

    def choose(self, response: str) -> None:
        """Record the response to the pending missed visit and walk on (each button's handler)."""
        check_choice("response", response, MISSED_VISIT_RESPONSE)
        if self.pending_week is None:
            return  # the walk is over; the buttons are disabled
        self.choices.append(response)
        self._advance()

    def restart(self) -> None:
        """Walk the same family again from the start."""
        self.choices = []
        self._advance()

    # -- display ------------------------------------------------------------------------------
    def _timeline(self, run: Caseload, visits: pd.DataFrame, pending: bool) -> str:
        labels = run.labels[run.labels["client_id"] == 1].set_index("week")["label"]
        lines = []
        for i, row in visits.iterrows():
            week = int(row["week"])
            if row["attended"]:
                text = _text("came", week=week)
            elif pending and i == len(visits) - 1:
                text = _text("missed_pending", week=week)
            else:
                earlier = int((~visits["attended"].iloc[:i]).sum())
                choice = self.choices[earlier] if earlier < len(self.choices) else self.design.missed_visit_response
                text = _text("missed_chosen", week=week, choice=responses().get(choice, choice).lower())
                if choice == "ask_and_adapt":
                    text += _text("told_you", reason=row["actual_reason"])
            if week in labels.index:
                text += _text("file_says", label=labels[week])
            lines.append(f"<li>{html.escape(text)}</li>")
        return "<ol style='list-style:none;padding-left:0'>" + "".join(lines) + "</ol>"

    def _compare_paths(self, run: Caseload) -> str:
        worker = int(run.clients.iloc[0]["worker_id"])
        paths = {_text("your_choices"): run}
        for key in MISSED_VISIT_RESPONSE:
            paths[_text("always", choice=responses()[key].lower())] = self._run(key)
        rows, burn = [], {}
        for name, r in paths.items():
            ep = r.episodes.iloc[0]
            visits = self._family(r)
            staff = r.staff[r.staff["worker_id"] == worker]
            burn[name] = staff["burnout"].tolist()
            rows.append(
                f"<tr><th scope='row' style='text-align:left'>{html.escape(name)}</th>"
                f"<td>{int(visits['attended'].sum())} of {len(visits)}</td>"
                f"<td>{_words('exits').text(str(ep['exit_kind']))}</td>"
                f"<td>{visits['follow_up_hours'].sum():.1f} h</td><td>{staff['burnout'].iloc[-1]:.2f}</td></tr>"
            )
        alt = _text("chart_alt") + " " + " ".join(f"{name}: ends at {values[-1]:.2f}." for name, values in burn.items())
        chart = figure_html(
            line_chart(burn, title=_text("chart_title"), alt=alt, y_max=1.0, percent=False),
            alt,
        )
        actual = self._family(run)
        reasons = actual.loc[~actual["attended"], "actual_reason"].astype(str).value_counts()
        why = ", ".join(f"{reason} ({count})" for reason, count in reasons.items()) or "none"
        columns = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in _words("text").texts("columns"))
        others = int(run.clients.shape[0]) - 1
        return (
            f"<p><strong>{html.escape(_text('over'))}</strong></p>"
            f"<table><thead><tr><th scope='col'></th>{columns}</tr></thead><tbody>"
            + "".join(rows)
            + f"</tbody></table><p>{html.escape(_text('behind', reasons=why))}</p>"
            f"<p>{html.escape(_text('one_family', others=others))}</p>" + chart
        )
