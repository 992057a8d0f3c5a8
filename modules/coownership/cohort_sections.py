"""The sections of the cohort debrief page (:mod:`coownership.cohort_report`), in plain language.

Each section takes pooled results only (no ids) and says, for every number, how many people it
rests on; a result that was refused is one sentence saying why. Figures come from
:mod:`coownership.figures` (house style, alt text written out, PNG embedded).

Example:
    >>> beliefs_section(None)
    '<h2>1. Beliefs about engagement, before and after</h2><p>No shared beliefs ratings were found.</p>'
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from coownership.cohort_exercises import ModuleResult
from coownership.cohort_share import ProfilePool
from coownership.errors import ArgumentTypeError
from coownership.survey import Cohort, measure

if TYPE_CHECKING:
    from coownership.cohort_report import CohortData

__all__ = ["beliefs_section", "audit_section", "exercises_section", "page"]


def _e(text: object) -> str:
    return html.escape(str(text))


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _refused(reason: str) -> str:
    return f"<p class='refused'>Not shown: {_e(reason)}.</p>"


def _figure(
    values: dict[str, float],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    alt: str,
    percent: bool = False,
    horizontal: bool = False,
    top: float | None = None,
) -> str:
    import pandas as pd

    from coownership.figures import bar_chart, figure_html

    data = pd.Series(values, dtype=float)
    fig = bar_chart(data, title=title, xlabel=xlabel, ylabel=ylabel, alt=alt, percent=percent, horizontal=horizontal)
    if top is not None:  # the whole scale, so a bar's height is not exaggerated
        fig.axes[0].set_ylim(0, top * 1.1)
    return figure_html(fig)


def beliefs_section(beliefs: Cohort | None) -> str:
    """The beliefs measure: the group's mean score before and after, and the change.

    Example:
        >>> from coownership.survey import cohort
        >>> "fewer than 5 people" in beliefs_section(cohort([3.0] * 4, [3.5] * 5))
        True
    """
    head = "<h2>1. Beliefs about engagement, before and after</h2>"
    if beliefs is None:
        return head + "<p>No shared beliefs ratings were found.</p>"
    if not isinstance(beliefs, Cohort):
        raise ArgumentTypeError(f"beliefs must be a survey.Cohort or None; got {type(beliefs).__name__}")
    if not beliefs.shown or beliefs.mean_before is None or beliefs.mean_after is None or beliefs.change is None:
        return head + _refused(beliefs.reason)
    before, after = f"Before ({_people(beliefs.n_before)})", f"After ({_people(beliefs.n_after)})"
    way = "up" if beliefs.change > 0 else "down" if beliefs.change < 0 else "not at all"
    alt = (
        f"Bar chart of the group's mean beliefs score on a 1 to 5 scale. Before: {beliefs.mean_before:.2f}, "
        f"from {_people(beliefs.n_before)}. After: {beliefs.mean_after:.2f}, from {_people(beliefs.n_after)}."
    )
    figure = _figure(
        {before: beliefs.mean_before, after: beliefs.mean_after},
        title="Beliefs score, before and after (1 to 5)",
        xlabel="when",
        ylabel="mean score",
        alt=alt,
        top=5,
    )
    return (
        head
        + figure
        + f"<p>Before: {beliefs.mean_before:.2f} ({_people(beliefs.n_before)}). After: {beliefs.mean_after:.2f} "
        f"({_people(beliefs.n_after)}). The group's mean went {way}"
        + (f" by {abs(beliefs.change):.2f}" if beliefs.change else "")
        + f" on a 1 to 5 scale. {_e(measure().lens)}</p>"
        "<p>These are shared ratings without names, so before and after cannot be matched person by person. "
        "If different people shared each time, that alone changes the numbers. The statements were written for "
        "this course; they are not a validated test, and no score is a judgement of anyone.</p>"
    )


def audit_section(profiles: ProfilePool | None) -> str:
    """The structure-audit profiles: the group's score for each condition, and the structures most often named.

    Example:
        >>> from coownership.cohort_share import pool_profiles
        >>> audit_section(None).endswith("No shared audit profiles were found.</p>")
        True
    """
    head = "<h2>2. Structure audit: the group's profile</h2>"
    if profiles is None:
        return head + "<p>No shared audit profiles were found.</p>"
    if not isinstance(profiles, ProfilePool):
        raise ArgumentTypeError(f"profiles must be a ProfilePool or None; got {type(profiles).__name__}")
    if not profiles.shown:
        return head + _refused(profiles.reason)
    from coownership.widgets.structure_audit_scoring import load_audit

    audit = load_audit("03")
    rated = {c: v for c, v in profiles.means.items() if v[0] is not None}
    values = {f"{audit.conditions[c][0]} ({_people(n)})": m for c, (m, n) in rated.items() if m is not None}
    words = "; ".join(
        f"{audit.conditions[c][0]}: {m:.1f} of {audit.high}, {audit.describe(m)}, from {_people(n)}"
        for c, (m, n) in rated.items()
        if m is not None
    )
    parts = [head, f"<p>{_people(profiles.n)} shared their profile. Each rated how often statements are true in "]
    parts.append(
        f"their own program, from 0 ({_e(audit.label(0))}) to {audit.high} ({_e(audit.label(audit.high))}).</p>"
    )
    if values:
        alt = f"Bar chart of the group's mean score for each condition on a 0 to {audit.high} scale. {words}."
        parts.append(
            _figure(
                values,
                title=f"The group's profile (0 to {audit.high})",
                xlabel="condition",
                ylabel="mean score",
                alt=alt,
                top=audit.high,
            )
        )
    rows = "".join(
        f"<tr><td>{_e(audit.conditions[c][0])}</td><td class='n'>"
        + (f"{m:.1f}" if m is not None else "-")
        + f"</td><td>{_e(audit.describe(m)) if m is not None else 'not rated'}</td><td class='n'>{n}</td></tr>"
        for c, (m, n) in profiles.means.items()
    )
    parts.append(
        "<table><thead><tr><th>condition</th><th>mean score</th><th>in words</th><th>people</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    parts.append("<h3>The structures most often named</h3>")
    parts.append(
        "<p>Each person's audit names the two or three statements they rated lowest, as questions for their team. "
        "These are the statements the group named most often. A statement only one person named is not listed.</p>"
    )
    items = {item.id: item for item in audit.items}
    if profiles.named:
        listed = "".join(
            f"<li><strong>{_e(items[i].statement)}</strong> Named by {c} of {_people(profiles.n)} "
            f"(item {items[i].number}, {_e(audit.conditions[items[i].condition][0])}). Question for the team: "
            f"{_e(items[i].question)}</li>"
            for i, c in profiles.named[:5]
        )
        parts.append(f"<ol>{listed}</ol>")
    else:
        parts.append("<p>No statement was named by more than one person.</p>")
    parts.append("<p>A low score points at how a service is set up, not at anyone's effort.</p>")
    return "".join(parts)


def _module_html(result: ModuleResult) -> str:
    head = f"<h3>Module {_e(result.module[:2])}: {_e(result.title)}</h3>"
    extra = (
        f" {result.not_counted} more cop{'ies' if result.not_counted != 1 else 'y'} handed in "
        f"{'are' if result.not_counted != 1 else 'is'} not graded yet or could not be graded, and "
        f"{'are' if result.not_counted != 1 else 'is'} not counted."
        if result.not_counted
        else ""
    )
    if not result.shown:
        return head + _refused(result.reason) + (f"<p>{extra.strip()}</p>" if extra else "")
    if not result.items:
        return head + f"<p>{_people(result.graded)} graded; this module has no exercises graded by item.{extra}</p>"
    values = {f"{i.title} ({i.n})": i.share for i in result.items}
    alt = "Share of learners who got each exercise right: " + "; ".join(
        f"{i.title}, {i.right} of {i.n} ({i.share:.0%})" for i in result.items
    )
    figure = _figure(
        values,
        title=f"Module {result.module[:2]}: got it right",
        xlabel="exercise (learners graded)",
        ylabel="share who got it right",
        alt=alt + ".",
        percent=True,
        horizontal=True,
    )
    rows = "".join(
        f"<tr><td>{_e(i.title)}</td><td class='n'>{i.n}</td><td class='n'>{i.right}</td>"
        f"<td class='n'>{i.share:.0%}</td></tr>"
        for i in result.items
    )
    hardest = min(result.items, key=lambda i: i.share)
    return (
        head
        + f"<p>{_people(result.graded)} graded.{extra}</p>"
        + figure
        + "<table><thead><tr><th>exercise</th><th>learners graded</th><th>got it right</th><th>share</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        + f"<p>The hardest for this group: <strong>{_e(hardest.title)}</strong> ({hardest.right} of {hardest.n} "
        "got it right). A hard item is a place to slow down in the session, not a mark against anyone.</p>"
    )


def exercises_section(data: CohortData) -> str:
    """Exercise results by item, per module: which ideas the group found hard.

    Example:
        >>> from coownership.cohort_report import CohortData
        >>> "not read" in exercises_section(CohortData(None, None, None))
        True
    """
    head = "<h2>3. Exercises: which ideas the group found hard</h2>"
    if data.exercises is None:
        return (
            head
            + f"<p>{_e(data.exercises_note or 'The gradebook was not read: this page was made from shared files only.')}</p>"
        )
    if not data.exercises:
        return head + f"<p>{_e(data.exercises_note)}</p>"
    intro = (
        "<p>For each exercise graded automatically: how many learners got full marks, out of those whose copy "
        "is graded. Written answers and the surveys are not included.</p>"
    )
    return head + intro + "".join(_module_html(m) for m in data.exercises)


def page(sections: list[str], *, made: str, n: int) -> str:
    """The whole page around the sections (title, the privacy note, the style).

    Example:
        >>> page(["<h2>x</h2>"], made="1 May 2026", n=5).startswith("<!DOCTYPE html>")
        True
    """
    title = "Session debrief: what the group shared"
    private = (
        "<div class='box'><h2>Private by design</h2><p>This page shows group results only: no names, no learner "
        f"ids, nothing anyone wrote. Any group smaller than {n} people is not shown, so no one can be picked "
        "out. The beliefs ratings and audit profiles come only from people who chose to share them. Exercise "
        "results come from the gradebook. Share this page with the group, not beyond it.</p></div>"
    )
    body = [
        f"<h1>{title}</h1>",
        f"<p class='meta'>Made on {_e(made)}. Every number says how many people it rests on.</p>",
    ]
    from coownership.figures import report_page

    refused = ".refused{border-left:4px solid #D55E00;padding-left:0.8em}"
    return report_page(title, "".join(body) + private + "".join(sections), style=refused)
