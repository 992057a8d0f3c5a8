"""The structure audit as a widget: a rating for each item, a profile chart and questions for the team.

It renders the audit in a module's content file (module 03's by default; see
:mod:`coownership.widgets.structure_audit_scoring` for the content's shape and the scoring) and
holds no course wording of its own.

Example:
    >>> audit = StructureAudit()
    >>> audit.controls["agency-scheduling"].value = 1
    >>> audit.show_profile()
    >>> 'role="img"' in audit.profile.value and "Agency: 1.0 of 4" in audit.profile.value
    True
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from coownership.cohort_share import SHARE_WORDS, share_profile
from coownership.errors import ArgumentTypeError
from coownership.journal import Journal, JournalError, save_reflection
from coownership.widgets.charts import bar_chart, figure_html
from coownership.widgets.controls import labelled_button, statement_choice
from coownership.widgets.structure_audit_scoring import AuditResult, journal_text, load_audit, profile_alt, score_audit
from coownership.wording import fill

__all__ = ["StructureAudit"]


def _e(text: str) -> str:
    return html.escape(text)


class StructureAudit(widgets.VBox):
    """The audit as a widget: a rating for each item, a profile chart and questions for the team.

    Args:
        journal: the :class:`~coownership.journal.Journal` the *Save to my journal* button saves
            the ratings and questions to, as one entry (default: the learner's journal,
            :func:`coownership.journal.default_path`), like the journal box.
        module: the module whose audit to show (default ``"03"``); saved entries carry its number
            and the content's ``journal_prompt_id``.

    Every handler writes a message in :attr:`status` instead of raising, so a learner never
    sees a traceback.

    Example:
        >>> audit = StructureAudit()
        >>> audit.controls["partnership-records"].value = 0
        >>> audit.ratings()
        {'partnership-records': 0}
    """

    def __init__(self, journal: Journal | None = None, module: str = "03") -> None:
        if journal is not None and not isinstance(journal, Journal):
            raise ArgumentTypeError(
                f"journal must be a coownership.journal.Journal or None; got {type(journal).__name__}"
            )
        self.audit = load_audit(module)
        self.module = self.audit.module
        self.journal = journal if journal is not None else Journal()
        words = self.audit.words
        options = [(f"{value} {label}", value) for value, label in self.audit.scale]
        self.controls: dict[str, widgets.RadioButtons] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<p><strong>{_e(words['title'])}</strong> {_e(words['intro'])}</p>"
                f"<p><small>{_e(words['sources'])}</small></p>"
            )
        ]
        for condition, (title, question) in self.audit.conditions.items():
            rows.append(
                widgets.HTML(
                    f"<p style='margin:1em 0 0.2em 0;font-size:1.1em'><strong>{_e(title)}</strong></p>"
                    f"<p style='margin:0'><em>{_e(question)}</em></p>"
                )
            )
            for item in self.audit.items:
                if item.condition != condition:
                    continue
                control = statement_choice(options, f"Item {item.number}", item.statement)
                self.controls[item.id] = control
                statement = widgets.HTML(
                    f"<p style='margin:0.4em 1em 0 0'><strong>{item.number}.</strong> {_e(item.statement)}</p>",
                    layout=widgets.Layout(width="24em"),
                )
                rows.append(
                    widgets.HBox([statement, control], layout=widgets.Layout(flex_flow="row wrap", margin="0.3em 0"))
                )
        self.profile_button = labelled_button(
            description=words["profile_button"],
            tooltip=words["profile_tooltip"],
            icon="bar-chart",
            button_style="primary",
        )
        self.profile_button.on_click(lambda _button: self.show_profile())
        self.save_button = labelled_button(description="Save to my journal", tooltip=words["save_tooltip"], icon="save")
        self.save_button.on_click(lambda _button: self.save())
        self.share_button = labelled_button(
            description=SHARE_WORDS["button"], tooltip=SHARE_WORDS["tooltip"], icon="share"
        )
        self.share_button.on_click(lambda _button: self.share())
        self.status = widgets.HTML(value=self._status(""), layout=widgets.Layout(min_height="1.5em"))
        self.profile = widgets.HTML(value="")
        rows += [widgets.HBox([self.profile_button, self.save_button, self.share_button]), self.status, self.profile]
        super().__init__(rows)

    @staticmethod
    def _status(message: str) -> str:
        return f"<div role='status'>{message}</div>"

    def ratings(self) -> dict[str, int]:
        """The ratings chosen so far, item id -> rating (unrated items are left out)."""
        return {item_id: c.value for item_id, c in self.controls.items() if c.value is not None}

    def _result(self) -> AuditResult | None:
        if not self.ratings():
            self.status.value = self._status(f"<p>○ {_e(self.audit.words['nothing_rated'])}</p>")
            return None
        return score_audit(self.ratings(), self.module)

    def show_profile(self) -> None:
        """Draw the profile chart and the questions for the team (the button's handler).

        Example:
            >>> audit = StructureAudit()
            >>> audit.show_profile()
            >>> audit.profile.value, "○" in audit.status.value
            ('', True)
        """
        result = self._result()
        if result is None:
            self.profile.value = ""
            return
        audit, words = self.audit, self.audit.words
        values = {audit.conditions[c][0]: m for c, m in result.means.items() if m is not None}
        alt = profile_alt(result)
        title = fill(words["chart_title"], high=audit.high)
        svg = bar_chart(values, title=title, alt=alt, maximum=audit.high, unit=f" of {audit.high}")
        figure = figure_html(svg, alt, caption=words["chart_caption"])
        questions = "".join(
            f"<li>❓ {_e(item.question)} <small>(item {item.number}, rated "
            f"{result.ratings[item.id]}, “{_e(audit.label(result.ratings[item.id]))}”)</small></li>"
            for item in result.question_items
        )
        note = f"<p>ℹ {_e(result.summary())}</p>" if result.missing else ""
        rated = sorted(((m, c) for c, m in result.means.items() if m is not None), reverse=True)
        if len(rated) > 1 and rated[0][0] > rated[1][0]:
            best = f"<strong>{_e(audit.conditions[rated[0][1]][0])}</strong>"
            note += f"<p>✔ {fill(words['highest'], markup=True, condition=best)}</p>"
        self.profile.value = (
            f"{figure}{note}<p style='margin:1em 0 0.2em 0'><strong>{_e(words['questions_heading'])}</strong></p>"
            f"<p>{_e(words['questions_note'])}</p><ol>{questions}</ol>"
        )
        count = len(result.questions)
        ready = fill(words["profile_ready"], questions=f"{count} question{'s' if count != 1 else ''}")
        self.status.value = self._status(f"<p>✔ {_e(ready)}</p>")

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
        result = self._result()
        if result is None:
            return
        try:
            entry = save_reflection(
                self.module, self.audit.words["journal_prompt_id"], journal_text(result), journal=self.journal
            )
        except (JournalError, OSError) as exc:
            self.status.value = self._status(f"<p>⚠ Not saved yet. {_e(str(exc))}</p>")
            return
        self.status.value = self._status(
            f"<p>✔ Saved to your journal ({_e(str(self.journal.path))}) at "
            f"{_e(entry.saved_local)}: {result.answered} rating"
            f"{'s' if result.answered != 1 else ''} and {len(result.questions)} "
            f"question{'s' if len(result.questions) != 1 else ''}.</p>"
        )

    def share(self) -> None:
        """Share the profile without a name (:func:`coownership.cohort_share.share_profile`; the button's handler).

        Example:
            >>> import tempfile, os
            >>> os.environ["COOWNERSHIP_SHARE_DIR"] = tempfile.mkdtemp()
            >>> audit = StructureAudit()
            >>> audit.controls["agency-say-no"].value = 2
            >>> audit.share()
            >>> "Shared" in audit.status.value, len(os.listdir(os.environ.pop("COOWNERSHIP_SHARE_DIR")))
            (True, 1)
        """
        result = self._result()
        if result is None:
            return
        try:
            path = share_profile(result)
        except OSError as exc:
            self.status.value = self._status(f"<p>⚠ {_e(SHARE_WORDS['failed'].format(why=exc))}</p>")
            return
        if path is None:
            self.status.value = self._status(f"<p>○ {_e(SHARE_WORDS['grading'])}</p>")
            return
        shared = SHARE_WORDS["shared"].format(name=_e(path.name), folder=_e(str(path.parent)))
        self.status.value = self._status(f"<p>✔ {shared}</p>")
