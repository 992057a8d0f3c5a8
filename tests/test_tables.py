"""One table helper for every module (coownership.tables) and the comparison it shows most."""

import pandas as pd
import pytest

from coownership.caseload import Design, compare, simulate
from coownership.errors import ArgumentError, ArgumentTypeError
from coownership.tables import table


def test_compare_runs_each_design_on_the_same_clients_and_labels_the_columns():
    base = Design.preset("compliance")
    frame = compare([base, "co-ownership"], n_clients=300, seed=4, effect_scale=0.5)
    assert list(frame.index) == ["compliance", "co-ownership"]
    assert list(frame.columns) == ["visits missed", "dropped out", "discharged by the rule", "staff burnout (0 to 1)"]
    one = simulate("co-ownership", n_clients=300, seed=4, effect_scale=0.5).summary()
    assert frame.loc["co-ownership", "visits missed"] == one["missed_share"]
    assert frame.attrs["simulated"] and frame.attrs["effect_scale"] == 0.5
    assert frame.attrs["percent_columns"] == ["visits missed", "dropped out", "discharged by the rule"]


def test_compare_names_a_wrong_measure_and_a_wrong_design():
    with pytest.raises(ArgumentError, match="each of measures must be one of"):
        compare(["compliance"], n_clients=100, measures=["missed"])
    with pytest.raises(ArgumentTypeError, match="design"):
        compare([3], n_clients=100)


def test_table_formats_shares_as_percentages_and_needs_simulated_in_the_caption():
    frame = compare(["compliance"], n_clients=200, seed=1)
    html = table(frame, "SIMULATED. One design.").to_html()
    assert "SIMULATED. One design." in html and "%" in html
    with pytest.raises(ArgumentError, match="caption must say SIMULATED"):
        table(frame, "One design.")
    real = pd.DataFrame({"cases": [1181, None], "share": [0.462, 0.445]}, index=["chosen", "assigned"])
    html = table(real, "Real data.", percent=["share"], decimals=0).to_html()
    assert "1,181" in html and "46%" in html and "nan" not in html.lower()
    with pytest.raises(ArgumentError, match="percent names columns"):
        table(real, "Real data.", percent=["missing"])
    with pytest.raises(ArgumentError, match="frame must be a pandas DataFrame"):
        table([1, 2], "Real data.")
