"""Several designs on the same SIMULATED clients, side by side: the table modules show.

Example:
    >>> from coownership.caseload import Design
    >>> base = Design.preset("compliance")
    >>> frame = compare([base, base.vary(reminders=True, name="reminders")], n_clients=300)
    >>> list(frame.index), list(frame.columns)[:2]
    (['compliance', 'reminders'], ['visits missed', 'dropped out'])
    >>> frame.attrs["simulated"], frame.attrs["percent_columns"][:1]
    (True, ['visits missed'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from coownership.caseload.design import Design
from coownership.caseload.simulation import simulate
from coownership.content import course_content
from coownership.validation import check_choice

__all__ = ["MEASURES", "compare"]

MEASURES = (
    "missed_share",
    "early_exit_share",
    "dropped_out_share",
    "discharged_share",
    "completed_share",
    "mean_burnout",
)
"""The :meth:`Caseload.summary` numbers a comparison can show; their labels are in ``course.toml`` ``[measures]``."""

_DEFAULT = ("missed_share", "dropped_out_share", "discharged_share", "mean_burnout")


def compare(
    designs: Iterable[Design | str],
    *,
    n_clients: int = 2000,
    weeks: int = 26,
    seed: int = 0,
    effect_scale: float = 1.0,
    measures: Sequence[str] = _DEFAULT,
) -> pd.DataFrame:
    """Run each design on the same clients with the same luck and return one row per design.

    Columns are the chosen :data:`MEASURES`, labelled in plain words from ``course.toml``; shares
    stay as fractions (0.28), and ``frame.attrs["percent_columns"]`` names the columns to show as
    percentages. The frame is marked SIMULATED (``frame.attrs["simulated"]``).

    Example:
        >>> compare(["compliance"], n_clients=200, measures=["mean_burnout"]).columns.tolist()
        ['staff burnout (0 to 1)']
    """
    labels = course_content().section("measures")
    chosen = [check_choice("each of measures", m, MEASURES) for m in measures]
    rows = {}
    for design in designs:
        design = Design.preset(design)
        summary = simulate(design, n_clients=n_clients, weeks=weeks, seed=seed, effect_scale=effect_scale).summary()
        rows[design.name] = {labels.text(m): summary[m] for m in chosen}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[labels.text(m) for m in chosen])
    frame.attrs.update(
        simulated=True,
        effect_scale=effect_scale,
        percent_columns=[labels.text(m) for m in chosen if m.endswith("_share")],
    )
    return frame
