"""Tables a notebook shows: a caption that says where the numbers come from, readable numbers.

One helper for every module, so no notebook's start-up has to define its own.

Example:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"visits missed": [0.281]}, index=["as it is"])
    >>> "28%" in table(frame, "Real data. Missed visits.", percent=["visits missed"]).to_html()
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from coownership.errors import ArgumentError
from coownership.validation import check_int, check_text

__all__ = ["table"]


def table(frame: pd.DataFrame, caption: str, *, percent: Sequence[str] | None = None, decimals: int = 2) -> Any:
    """``frame`` styled for a learner: ``caption`` above it, ``percent`` columns as whole
    percentages, other numbers with ``decimals`` places and a thousands comma, empty cells blank.

    ``percent`` defaults to ``frame.attrs["percent_columns"]`` (set by
    :func:`coownership.caseload.compare`). A frame marked SIMULATED needs a caption that says so.

    Example:
        >>> from coownership.caseload import compare
        >>> table(compare(["compliance"], n_clients=200), "Missed visits.")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: caption must say SIMULATED: these numbers come from the simulator
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
    check_text("caption", caption)
    check_int("decimals", decimals, low=0, high=6)
    if frame.attrs.get("simulated") and "SIMULATED" not in caption:
        raise ArgumentError("caption must say SIMULATED: these numbers come from the simulator")
    shares = list(frame.attrs.get("percent_columns", []) if percent is None else percent)
    unknown = [c for c in shares if c not in frame.columns]
    if unknown:
        raise ArgumentError(f"percent names columns the table does not have: {unknown}")
    style = frame.style.format(precision=decimals, thousands=",", na_rep="")
    if shares:
        style = style.format("{:.0%}", subset=shares, na_rep="")
    return style.set_caption(caption)
