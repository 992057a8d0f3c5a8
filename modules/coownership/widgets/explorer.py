"""The simulator explorer: set the design levers, see what the SIMULATED agency does.

Two designs side by side: a fixed comparison (by default "compliance") and the learner's own
design, whose levers are labelled controls. Every change re-runs :func:`coownership.caseload.simulate`
for real (nothing is faked) and redraws three charts over the weeks: missed visits, clients who
have left early, and staff burnout. The numbers are SIMULATED and the widget says so. An
effect-size control (half, as published, 1.5 times) shows which differences survive smaller
effects; it is labelled as the assumption it is (see ``docs/model-card.md``).

Example:
    >>> ex = SimulatorExplorer(n_clients=200)
    >>> ex.controls["reminders"].value = True
    >>> ex.update()
    >>> "SIMULATED" in ex.summary.value and 'role="img"' in ex.charts.value
    True
    >>> ex.effect_size.value = 0.5
    >>> "half the strength" in ex.summary.value
    True
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets

from coownership.caseload import LEVER_CHOICES, Caseload, Design, simulate
from coownership.content import course_content, design_words
from coownership.errors import ArgumentError
from coownership.validation import check_number
from coownership.widgets.charts import figure_html, line_chart
from coownership.widgets.controls import labelled_button
from coownership.wording import fill, read_words

__all__ = ["SimulatorExplorer"]


def _lever_labels() -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Each lever's control label and (option label, value) pairs, from ``notebooks/course.toml``."""
    out = {}
    for lever, allowed in LEVER_CHOICES.items():
        label, options = design_words(lever, allowed)
        out[lever] = (label, [(words.text("label"), value) for value, words in options.items()])
    return out


@lru_cache(maxsize=64)
def _run(design: Design, n_clients: int, weeks: int, seed: int, effect_scale: float = 1.0) -> Caseload:
    return simulate(design, n_clients=n_clients, weeks=weeks, seed=seed, effect_scale=effect_scale)


EFFECT_SIZES = (
    ("Smaller than published (half)", 0.5),
    ("As published studies suggest", 1.0),
    ("Larger than published (1.5 times)", 1.5),
)
"""The explorer's effect-size choices (``effect_scale``): an assumption to vary, not a fact."""
_STRENGTH = {
    0.5: "half the strength published studies suggest",
    1.0: "the strength published studies suggest",
    1.5: "1.5 times the strength published studies suggest",
}


def _start_scale(value: object) -> float:
    scale = check_number("effect_scale", value, low=0.0, high=2.0)
    allowed = [k for _, k in EFFECT_SIZES]
    if scale not in allowed:
        raise ArgumentError(f"effect_scale must be one of {', '.join(map(str, allowed))}; got {value!r}")
    return scale


def _trend(name: str, values: list[float]) -> str:
    weeks = [(week, v) for week, v in enumerate(values) if v == v]  # nan: nobody left that week
    if not weeks:
        return f"{name}: no data"
    (first_week, first), (last_week, last) = weeks[0], weeks[-1]
    return f"{name}: from {first:.0%} in week {first_week} to {last:.0%} in week {last_week}"


class SimulatorExplorer(widgets.VBox):
    """Compare a fixed design with the learner's own, on the SIMULATED agency.

    Args:
        compare_with: the fixed design on the left (a preset name or a :class:`Design`).
        start_from: the design the learner's controls start at.
        n_clients, weeks, seed: passed to :func:`~coownership.caseload.simulate`.
        effect_scale: the effect size the control starts at: 0.5, 1 or 1.5 (see :data:`EFFECT_SIZES`).
    """

    def __init__(
        self,
        compare_with: Design | str = "compliance",
        start_from: Design | str = "compliance",
        n_clients: int = 500,
        weeks: int = 26,
        seed: int = 0,
        effect_scale: float = 1.0,
    ) -> None:
        self.base, start = Design.preset(compare_with), Design.preset(start_from)
        simulate(self.base, n_clients=n_clients, weeks=4, seed=seed)  # validates the arguments early
        self.n_clients, self.weeks, self.seed = n_clients, weeks, seed
        style = {"description_width": "initial"}
        self.controls: dict[str, widgets.Widget] = {}
        for lever, (label, options) in _lever_labels().items():
            self.controls[lever] = widgets.Dropdown(
                options=options,
                value=getattr(start, lever),
                description=label,
                style=style,
                tooltip=f"{label}: choose how your design handles this",
                layout=widgets.Layout(width="430px"),
            )
        self.controls["reminders"] = widgets.Checkbox(
            value=start.reminders,
            description=course_content().section("design").table("reminders").text("label"),
            indent=False,
            tooltip="Send a text reminder before each visit",
        )
        # Dropdowns rather than sliders: ipywidgets' slider handles have no accessible name
        # (axe-core flags them), while a labelled <select> reads well with a screen reader.
        design_words_ = course_content().section("design")
        caseload_words, effort_words = (
            read_words(design_words_.table("caseload_per_worker"), ("label", "tooltip"), {"option": ("n",)}),
            read_words(design_words_.table("outreach_effort"), ("label", "tooltip"), {"option": ("share",)}),
        )
        caseloads = sorted(set(range(5, 61, 5)) | {start.caseload_per_worker})
        self.controls["caseload_per_worker"] = widgets.Dropdown(
            options=[(fill(caseload_words["option"], n=n), n) for n in caseloads],
            value=start.caseload_per_worker,
            description=caseload_words["label"],
            style=style,
            tooltip=caseload_words["tooltip"],
        )
        efforts = sorted(set(round(e / 10, 1) for e in range(0, 11)) | {float(start.outreach_effort)})
        self.controls["outreach_effort"] = widgets.Dropdown(
            options=[(fill(effort_words["option"], share=f"{e:.0%}"), e) for e in efforts],
            value=float(start.outreach_effort),
            description=effort_words["label"],
            style=style,
            tooltip=effort_words["tooltip"],
        )
        self.effect_size = widgets.Dropdown(
            options=EFFECT_SIZES,
            value=_start_scale(effect_scale),
            description="How strong the changes are (an assumption)",
            style=style,
            tooltip="Every change you make works at this strength; try half to see which differences survive",
            layout=widgets.Layout(width="430px"),
        )
        self.effect_size.observe(lambda _change: self.update(), names="value")
        self.reset_button = labelled_button(
            description="Start again", icon="undo", tooltip="Set your design back to where it started"
        )
        self._start = start
        self.summary = widgets.HTML()
        self.charts = widgets.HTML()
        for control in self.controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.reset_button.on_click(lambda _b: self.reset())
        heading = widgets.HTML(
            f"<p><strong>Your design</strong> (right) against <strong>{html.escape(self.base.name)}</strong> "
            "(left). Change a control and the SIMULATED agency runs again. Illustrative, not evidence: "
            "how strong each change is, and how several changes add up, are the model's assumptions "
            "(no study has tested these changes together).</p>"
        )
        super().__init__(
            [heading, *self.controls.values(), self.effect_size, self.reset_button, self.summary, self.charts]
        )
        self.update()

    def design(self) -> Design:
        """The learner's design, as the controls set it."""
        levers = {name: control.value for name, control in self.controls.items()}
        return Design(name="your design", **levers)

    def reset(self) -> None:
        """Put every control back to the starting design."""
        for name, control in self.controls.items():
            control.value = getattr(self._start, name)

    def update(self) -> None:
        """Re-run both designs and redraw (every control's handler)."""
        mine = self.design()
        k = float(self.effect_size.value)
        left = _run(self.base, self.n_clients, self.weeks, self.seed, k)
        right = _run(mine, self.n_clients, self.weeks, self.seed, k)
        lw, rw = left.weekly(), right.weekly()
        names = (self.base.name, "your design")
        charts = []
        for column, title, percent in (
            ("missed_share", "Visits missed", True),
            ("early_exits_so_far", "Clients who left early", True),
            ("burnout", "Staff burnout (0 to 1)", False),
        ):
            a, b = lw[column].tolist(), rw[column].tolist()
            if percent:
                alt = f"SIMULATED. {title}, week by week. {_trend(names[0], a)}. {_trend(names[1], b)}."
            else:
                alt = (
                    f"SIMULATED. {title}, week by week. {names[0]}: from {a[0]:.2f} to {a[-1]:.2f}. "
                    f"{names[1]}: from {b[0]:.2f} to {b[-1]:.2f}."
                )
            svg = line_chart(
                {names[0]: a, names[1]: b}, title=title, alt=alt, y_max=None if percent else 1.0, percent=percent
            )
            charts.append(figure_html(svg, alt))
        self.charts.value = "<div style='display:flex;flex-wrap:wrap;gap:8px'>" + "".join(charts) + "</div>"
        ls, rs = left.summary(), right.summary()
        rows = [
            ("Visits missed", f"{ls['missed_share']:.0%}", f"{rs['missed_share']:.0%}"),
            ("Left early, all", f"{ls['early_exit_share']:.0%}", f"{rs['early_exit_share']:.0%}"),
            ("of whom dropped out", f"{ls['dropped_out_share']:.0%}", f"{rs['dropped_out_share']:.0%}"),
            ("of whom discharged by the rule", f"{ls['discharged_share']:.0%}", f"{rs['discharged_share']:.0%}"),
            ("Completed", f"{ls['completed_share']:.0%}", f"{rs['completed_share']:.0%}"),
            ("Average staff burnout (0 to 1)", f"{ls['mean_burnout']:.2f}", f"{rs['mean_burnout']:.2f}"),
        ]
        body = "".join(
            f"<tr><th scope='row' style='text-align:left'>{html.escape(r[0])}</th><td>{r[1]}</td><td>{r[2]}</td></tr>"
            for r in rows
        )
        self.summary.value = (
            "<table role='table' style='border-collapse:collapse'><caption style='text-align:left'>"
            f"<strong>SIMULATED</strong>: {self.n_clients} made-up clients over {self.weeks} weeks, the same clients in every run; "
            f"your changes work at {_STRENGTH[k]} (an assumption). "
            "Illustrative, not evidence.</caption><thead><tr><th scope='col'></th>"
            f"<th scope='col'>{html.escape(names[0])}</th><th scope='col'>{names[1]}</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
