"""After step-down: who stays stable, split by plan ownership and by service hours (module 06).

Two SIMULATED programs (the ``compliance`` and ``co-ownership`` designs) run for a year; the
clients who finished and stepped down are followed for 52 weeks more. How long each stays stable
is the model's assumption that owning the plan protects after help ends (``docs/model-card.md``),
never a finding. The group labels are in ``course.toml`` ``[still_stable]``.

Example:
    >>> people = stepped_down(n_clients=200)
    >>> curves = still_stable(people)
    >>> curves.index.name, len(curves), curves.attrs["simulated"]
    ('weeks since step-down', 53, True)
"""

from __future__ import annotations

import pandas as pd

from coownership.caseload.simulation import simulate
from coownership.content import course_content
from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.validation import check_int
from coownership.wording import fill, read_words

__all__ = ["stable_at", "stable_gaps", "stepped_down", "still_stable"]

_NEEDED = ("weeks_to_relapse", "plan_ownership", "service_hours_per_week")


def stepped_down(*, effect_scale: float = 1.0, n_clients: int = 1000, weeks: int = 52) -> pd.DataFrame:
    """The episodes of every client who finished and stepped down, from a compliance program (seed 0)
    and a co-ownership program (seed 1) of ``n_clients`` each, run for ``weeks``; marked SIMULATED.

    Example:
        >>> stepped_down(n_clients=0)
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: n_clients must be from 1 to 1000000; got 0
    """
    check_int("n_clients", n_clients, low=1, high=1_000_000)
    runs = []
    for seed, design in enumerate(["compliance", "co-ownership"]):
        run = simulate(design, n_clients=n_clients, weeks=weeks, seed=seed, effect_scale=effect_scale)
        runs.append(run.episodes[run.episodes["stepped_down"]])
    people = pd.concat(runs, ignore_index=True)
    people.attrs.update(simulated=True, effect_scale=effect_scale)
    return people


def still_stable(people: pd.DataFrame) -> pd.DataFrame:
    """For each week since step-down (0 to 52), the share not yet relapsed in four groups: owning the
    plan more or less than the middle (median), and more or fewer service hours than the middle.

    Example:
        >>> still_stable("people")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentTypeError: people must be the DataFrame stepped_down() returns; got str
    """
    if not isinstance(people, pd.DataFrame):
        raise ArgumentTypeError(f"people must be the DataFrame stepped_down() returns; got {type(people).__name__}")
    missing = [c for c in _NEEDED if c not in people.columns]
    if missing:
        raise ArgumentError(f"people must come from stepped_down(); it has no column(s) {', '.join(missing)}")
    labels = course_content().section("still_stable")
    relapse_week = people["weeks_to_relapse"].astype("float").fillna(999)
    own = people["plan_ownership"] >= people["plan_ownership"].median()
    hours = people["service_hours_per_week"] >= people["service_hours_per_week"].median()
    groups = {
        labels.text("owned_more"): own,
        labels.text("owned_less"): ~own,
        labels.text("more_hours"): hours,
        labels.text("fewer_hours"): ~hours,
    }
    weeks = pd.RangeIndex(0, 53, name="weeks since step-down")
    curves = pd.DataFrame(
        {name: [(relapse_week[group] > week).mean() for week in weeks] for name, group in groups.items()},
        index=weeks,
    )
    curves.attrs.update(simulated=True)
    return curves


def stable_at(curves: pd.DataFrame, weeks: tuple[int, ...] = (13, 26, 52)) -> pd.DataFrame:
    """:func:`still_stable`'s curves read at ``weeks`` as whole numbers "out of 100 people", one row
    per group, columns such as "26 weeks (6 months)".

    Example:
        >>> stable_at(still_stable(stepped_down(n_clients=200))).columns.tolist()
        ['13 weeks (3 months)', '26 weeks (6 months)', '52 weeks (12 months)']
    """
    if not isinstance(curves, pd.DataFrame):
        raise ArgumentTypeError(f"curves must be the DataFrame still_stable() returns; got {type(curves).__name__}")
    outside = [w for w in weeks if w not in curves.index]
    if outside:
        raise ArgumentError(f"weeks must be between 0 and {curves.index.max()}; got {outside}")
    picked = (curves.loc[list(weeks)] * 100).round().T
    picked.columns = [f"{w} weeks ({round(w * 12 / 52)} months)" for w in weeks]
    picked.attrs.update(simulated=True)
    return picked


def stable_gaps(curves: pd.DataFrame, weeks: tuple[int, ...] = (26, 52)) -> pd.Series:
    """The gaps module 06 compares: at each of ``weeks``, how many more of every 100 people were
    still stable with more plan ownership than with less, and with more service hours than with
    fewer; read from :func:`stable_at`'s rounded numbers, so a gap matches the table beside it.

    Example:
        >>> gaps = stable_gaps(still_stable(stepped_down(n_clients=200)))
        >>> gaps.index.tolist()
        ['plan ownership, 26 weeks', 'service hours, 26 weeks', 'plan ownership, 52 weeks', 'service hours, 52 weeks']
    """
    if len(set(weeks)) != len(weeks):
        raise ArgumentError(f"weeks must not repeat; got {tuple(weeks)}")
    table = stable_at(curves, weeks)
    section = course_content().section("still_stable")
    words = read_words(
        section,
        ("owned_more", "owned_less", "more_hours", "fewer_hours", "gaps_name"),
        {"ownership_gap": ("week",), "hours_gap": ("week",)},
    )
    ownership = table.loc[words["owned_more"]] - table.loc[words["owned_less"]]
    hours = table.loc[words["more_hours"]] - table.loc[words["fewer_hours"]]
    gaps: dict[str, float] = {}
    for week, column in zip(weeks, table.columns, strict=True):
        gaps[fill(words["ownership_gap"], week=week)] = float(ownership[column])
        gaps[fill(words["hours_gap"], week=week)] = float(hours[column])
    result = pd.Series(gaps, name=words["gaps_name"])
    result.attrs.update(simulated=True)
    return result
