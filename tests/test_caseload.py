"""The caseload simulator: API, validation, reproducibility, and the behaviour the course relies on.

Behaviour is checked over several seeds against the ranges in ../shared/CALIBRATION.md (as
restated in issue 2 and docs/model-card.md).
"""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from coownership.caseload import (
    ACTUAL_REASONS,
    EXIT_KINDS,
    LABELS,
    PRESETS,
    Caseload,
    Design,
    ModelParameters,
    simulate,
)

SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def runs():
    """2,000 clients x 26 weeks under each preset, three seeds each."""
    return {
        name: [simulate(name, n_clients=2000, weeks=26, seed=s) for s in SEEDS]
        for name in ("compliance", "co-ownership")
    }


def _early(run: Caseload) -> float:
    return run.episodes["exit_kind"].isin(["dropped_out", "administrative_discharge"]).mean()


def _missed(run: Caseload) -> float:
    return 1 - run.appointments["attended"].mean()


# -- API and validation ---------------------------------------------------------------------------


def test_presets_and_variants():
    assert {"compliance", "co-ownership"} <= set(PRESETS)
    c = Design.preset("compliance")
    v = c.vary(reminders=True, caseload_per_worker=15)
    assert v.reminders and v.caseload_per_worker == 15 and c.reminders is False  # immutable
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.reminders = True  # frozen
    assert "warning" in c.describe()
    assert Design.preset(c) is c


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"scheduling": "sometimes"}, ValueError, "scheduling must be one of"),
        ({"goal_authorship": "staf"}, ValueError, "Did you mean 'staff'"),
        ({"reminders": "yes"}, TypeError, "reminders must be True or False"),
        ({"caseload_per_worker": 100}, ValueError, "caseload_per_worker must be from 5 to 60"),
        ({"caseload_per_worker": 2.5}, TypeError, "caseload_per_worker must be a whole number"),
        ({"outreach_effort": 1.5}, ValueError, "outreach_effort must be from 0.0 to 1.0"),
        ({"outreach_effort": float("nan")}, ValueError, "outreach_effort"),
        ({"name": ""}, ValueError, "name"),
    ],
)
def test_design_rejects_bad_levers_with_named_messages(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        Design(**kwargs)


def test_vary_rejects_unknown_levers():
    with pytest.raises(ValueError, match="unknown design lever.*remind"):
        Design().vary(remind=True)


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"design": "complience"}, ValueError, "Did you mean 'compliance'"),
        ({"design": 3}, TypeError, "design must be a Design or a preset name"),
        ({"n_clients": 5}, ValueError, "n_clients must be from 10"),
        ({"n_clients": True}, TypeError, "n_clients must be a whole number"),
        ({"n_clients": "500"}, TypeError, "n_clients"),
        ({"weeks": 200}, ValueError, "weeks must be from 4 to 156"),
        ({"seed": -1}, ValueError, "seed must be from 0"),
        ({"seed": 1.5}, TypeError, "seed must be a whole number"),
        ({"parameters": {}}, TypeError, "parameters must be a ModelParameters"),
        ({"effect_scale": "half"}, TypeError, "effect_scale must be a number from 0.0 to 2.0"),
        ({"effect_scale": -0.5}, ValueError, "effect_scale must be from 0.0 to 2.0"),
        ({"effect_scale": 2.5}, ValueError, "effect_scale must be from 0.0 to 2.0"),
        ({"effect_scale": float("nan")}, ValueError, "effect_scale must be from 0.0 to 2.0"),
        ({"effect_scale": True}, TypeError, "effect_scale"),
    ],
)
def test_simulate_validates_every_argument(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        simulate(**kwargs)


def test_same_arguments_same_frames_and_other_seeds_differ():
    a = simulate("compliance", n_clients=300, weeks=20, seed=7)
    b = simulate("compliance", n_clients=300, weeks=20, seed=7)
    for table in Caseload.TABLES:
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
    c = simulate("compliance", n_clients=300, weeks=20, seed=8)
    assert not a.appointments.equals(c.appointments)


def test_tables_are_tidy_typed_and_labelled_simulated():
    run = simulate("compliance", n_clients=400, weeks=26, seed=0)
    c, a, e = run.clients, run.appointments, run.episodes
    assert len(c) == 400 and c["client_id"].is_unique
    assert {
        "client_id",
        "worker_id",
        "readiness",
        "referral",
        "barrier_transport",
        "barrier_work_hours",
        "barrier_caregiving",
    } <= set(c.columns)
    assert {"worker_id", "week", "burnout"} <= set(run.staff.columns)
    assert list(a.columns[:4]) == ["client_id", "worker_id", "week", "attended"]
    assert a["attended"].dtype == bool
    assert isinstance(a["recorded_reason"].dtype, pd.CategoricalDtype)
    assert a.loc[a["attended"], "actual_reason"].isna().all()
    assert a.loc[~a["attended"], "actual_reason"].notna().all()
    assert a.loc[~a["attended"], "recorded_reason"].notna().all()
    assert list(run.labels["label"].cat.categories) == list(LABELS)
    assert list(e["exit_kind"].cat.categories) == list(EXIT_KINDS)
    assert str(e["exit_week"].dtype) == "Int16"
    assert e.loc[e["exit_kind"] == "open", "exit_week"].isna().all()
    assert e.loc[e["exit_kind"] != "open", "exit_week"].notna().all()
    assert e.loc[~e["stepped_down"], "relapsed"].isna().all()
    assert {"text", "author"} <= set(run.goals.columns) and run.goals["text"].str.len().min() > 10
    assert set(run.exit_interviews["reason_given"].dropna()) <= set(ACTUAL_REASONS)
    # each client's visits stop at their exit
    last = a.groupby("client_id")["week"].max()
    exited = e.dropna(subset=["exit_week"]).set_index("client_id")["exit_week"].astype(int)
    assert (last.reindex(exited.index) <= exited).all()
    for table in Caseload.TABLES:
        assert getattr(run, table).attrs["simulated"] is True
    assert "SIMULATED" in run._repr_html_() and "SIMULATED" in repr(run)


def test_weekly_view_for_charts():
    w = simulate("co-ownership", n_clients=300, weeks=26, seed=0).weekly()
    assert list(w.columns) == ["visits", "missed_share", "early_exits_so_far", "burnout"]
    assert len(w) == 26 and w["early_exits_so_far"].is_monotonic_increasing


# -- behaviour (several seeds) ---------------------------------------------------------------------


@pytest.mark.parametrize("seed_index", range(len(SEEDS)))
def test_compliance_lands_in_the_published_ranges(runs, seed_index):
    run = runs["compliance"][seed_index]
    assert 0.20 <= _missed(run) <= 0.35
    assert 0.35 <= _early(run) <= 0.55


@pytest.mark.parametrize("seed_index", range(len(SEEDS)))
def test_co_ownership_is_better_by_realistic_margins(runs, seed_index):
    run = runs["co-ownership"][seed_index]
    assert 0.10 <= _missed(run) <= 0.22
    assert 0.15 <= _early(run) <= 0.35
    assert _missed(run) < _missed(runs["compliance"][seed_index])


@pytest.mark.parametrize("seed_index", range(len(SEEDS)))
def test_readiness_matters_but_less_than_structure(runs, seed_index):
    run = runs["compliance"][seed_index]
    quartile = pd.qcut(run.clients.set_index("client_id")["readiness"], 4, labels=False)
    missed = 1 - run.appointments.groupby(run.appointments["client_id"].map(quartile))["attended"].mean()
    readiness_gap = missed[0] - missed[3]
    preset_gap = _missed(run) - _missed(runs["co-ownership"][seed_index])
    assert readiness_gap > 0.02, "readiness should matter a little"
    assert readiness_gap < preset_gap, "structure should matter more than readiness"


# -- lessons the modules rest on, at published effects and at half of them ------------------------
# (docs/model-card.md, "Effect size: a setting, not a fact": the course teaches a lesson from the
# simulator only if it holds at effect_scale=0.5.)

SCALES = (1.0, 0.5)


@pytest.mark.parametrize("effect_scale", SCALES)
def test_labels_follow_misses(runs, effect_scale):
    half = [simulate("co-ownership", n_clients=2000, weeks=26, seed=s, effect_scale=effect_scale) for s in SEEDS]
    for run in [*runs["compliance"], *half]:
        a, labels = run.appointments, run.labels
        misses = a[~a["attended"]].groupby("client_id")["week"].apply(set)
        for row in labels[labels["label"] != "engaged"].itertuples():
            window = set(range(row.week - 3, row.week + 1))
            assert misses.get(row.client_id, set()) & window, "a label without a miss before it"
        negative = labels["label"] != "engaged"
        assert 0.2 < negative.mean() < 0.8, "labels should be common but not universal"


def test_recorded_reasons_rarely_capture_the_actual_reason_under_compliance(runs):
    a = runs["compliance"][0].appointments
    missed = a[~a["attended"]]
    assert missed["recorded_reason"].isin(["no show", "non-compliance"]).all()
    assert missed["actual_reason"].nunique() >= 5
    co = runs["co-ownership"][0].appointments
    co_missed = co[~co["attended"]]
    same = (co_missed["recorded_reason"].astype(str) == co_missed["actual_reason"].astype(str)).mean()
    assert same > 0.5, "asking about a miss should record the client's actual reason most of the time"


@pytest.mark.parametrize("effect_scale", SCALES)
def test_trying_harder_helps_a_little_and_costs_staff_but_structure_helps_more(effect_scale):
    compliance = Design.preset("compliance")
    harder = compliance.vary(outreach_effort=0.8, name="more outreach")
    structural = compliance.vary(scheduling="flexible", reminders=True, name="flexible times")

    def mean(design, key):
        return np.mean(
            [
                simulate(design, n_clients=2000, weeks=26, seed=s, effect_scale=effect_scale).summary()[key]
                for s in SEEDS
            ]
        )

    base_missed, base_burn = mean(compliance, "missed_share"), mean(compliance, "mean_burnout")
    harder_missed, harder_burn = mean(harder, "missed_share"), mean(harder, "mean_burnout")
    struct_missed, struct_burn = mean(structural, "missed_share"), mean(structural, "mean_burnout")
    assert 0 < base_missed - harder_missed < 0.04, "more outreach should lift attendance a little"
    assert harder_burn > base_burn + 0.04, "more outreach should raise staff burnout"
    assert base_missed - struct_missed > 2 * (base_missed - harder_missed)
    assert struct_burn < base_burn


@pytest.mark.parametrize("effect_scale", SCALES)
def test_relapse_after_step_down_depends_more_on_ownership_than_hours(effect_scale):
    designs = [
        "compliance",
        "co-ownership",
        Design.preset("compliance").vary(goal_authorship="shared"),
        Design.preset("compliance").vary(goal_authorship="client", client_in_meetings="leads"),
    ]
    frames = [
        simulate(d, n_clients=2500, weeks=52, seed=i, effect_scale=effect_scale).episodes for i, d in enumerate(designs)
    ]
    e = pd.concat(frames)
    e = e[e["stepped_down"]].copy()
    assert len(e) > 1000
    e["relapsed"] = e["relapsed"].astype(float)
    own = e["plan_ownership"] >= e["plan_ownership"].median()
    hours = e["service_hours_per_week"] >= e["service_hours_per_week"].median()
    own_gap = e.loc[~own, "relapsed"].mean() - e.loc[own, "relapsed"].mean()
    hours_gap = e.loc[~hours, "relapsed"].mean() - e.loc[hours, "relapsed"].mean()
    assert own_gap > 0.1 and own_gap > 2 * abs(hours_gap)


def test_model_parameters_carry_their_reasons():
    for f in dataclasses.fields(ModelParameters):
        assert len(f.metadata.get("why", "")) > 15, f"{f.name} needs its reasoning"
        assert f.metadata.get("basis") in ("calibrated", "bounded", "assumption"), f.name
        assert "DESIGN.md" not in f.metadata["why"], f"{f.name}: a design choice is an assumption"
    with pytest.raises(TypeError):
        simulate(parameters=ModelParameters(readiness=0.1).__dict__)


def test_model_card_lists_every_parameter_with_its_default_and_basis():
    from conftest import REPO

    card = (REPO / "docs" / "model-card.md").read_text()
    assert "not evidence" in card and "SIMULATED" in card
    for f in dataclasses.fields(ModelParameters):
        row = f"| `{f.name}` | {f.default} | {f.metadata['basis']} |"
        assert row in card, f"docs/model-card.md: run `make evidence` (the row for {f.name})"
    assert "DESIGN.md" not in card, "a parameter justified by the design document is an assumption: say so"


def test_data_dictionary_covers_every_column():
    from coownership.caseload import DATA_DICTIONARY

    run = simulate("compliance", n_clients=50, weeks=8, seed=0)
    for table in Caseload.TABLES:
        assert list(DATA_DICTIONARY[table]) == list(getattr(run, table).columns), table


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"base_attendance": "high"}, "base_attendance must be a number"),
        ({"progress_needed": (30,)}, "progress_needed must be a tuple of 2 numbers"),
        ({"readiness": float("nan")}, "readiness must be a number"),
    ],
)
def test_model_parameters_are_validated(kwargs, words):
    with pytest.raises(TypeError, match=words):
        ModelParameters(**kwargs)


def test_step_down_curves_start_at_everyone_and_only_fall():
    from coownership.caseload import stable_at, stepped_down, still_stable
    from coownership.errors import ArgumentError

    people = stepped_down(n_clients=300)
    assert people.attrs["simulated"] and people["stepped_down"].all()
    curves = still_stable(people)
    assert list(curves.columns) == [
        "owned the plan more",
        "owned the plan less",
        "more service hours",
        "fewer service hours",
    ]
    assert (curves.iloc[0] == 1.0).all() and (curves.diff().iloc[1:] <= 0).all().all()
    table = stable_at(curves)
    assert table.loc["owned the plan more", "52 weeks (12 months)"] == round(
        100 * curves.loc[52, "owned the plan more"]
    )
    with pytest.raises(ArgumentError, match="weeks must be between 0 and 52"):
        stable_at(curves, weeks=(60,))
    with pytest.raises(ArgumentError, match="no column"):
        still_stable(people.drop(columns="plan_ownership"))


def test_step_down_gaps_are_read_from_the_rounded_table():
    """Module 06 compares these gaps with the table beside them, so they must match it exactly."""
    from coownership.caseload import stable_at, stable_gaps, stepped_down, still_stable
    from coownership.errors import ArgumentError, ArgumentTypeError

    curves = still_stable(stepped_down(n_clients=300))
    table, gaps = stable_at(curves, (13, 52)), stable_gaps(curves, (13, 52))
    assert gaps.attrs["simulated"]
    assert gaps["plan ownership, 13 weeks"] == (
        table.loc["owned the plan more", "13 weeks (3 months)"]
        - table.loc["owned the plan less", "13 weeks (3 months)"]
    )
    assert gaps["service hours, 52 weeks"] == (
        table.loc["more service hours", "52 weeks (12 months)"]
        - table.loc["fewer service hours", "52 weeks (12 months)"]
    )
    assert len(gaps) == 4
    with pytest.raises(ArgumentError, match="weeks must be between 0 and 52"):
        stable_gaps(curves, (26, 53))
    with pytest.raises(ArgumentError, match=r"weeks must not repeat; got \(26, 26\)"):
        stable_gaps(curves, (26, 26))
    with pytest.raises(ArgumentTypeError, match="curves must be the DataFrame still_stable"):
        stable_gaps([0.5, 0.4])
