"""The data the course ships, read through one checked loader.

Every data file under ``datasets/`` is described in ``datasets/datapackage.json`` (a Frictionless
Data Package: path, size, sha256, licence, sources, rows and a Table Schema). :func:`read_resource`
reads any of these files and checks it against its entry before anyone sees a number (what is
checked, and how each failure is reported: :mod:`coownership._datapackage`). Each failure raises
:class:`DatasetError` naming the file, the column where there is one, what was expected, and how
to fix it.

The course's real data is the DC TANF recertification trial (:func:`load_tanf`,
:func:`tanf_rates`); see ``datasets/tanf/PROVENANCE.md``. The SIMULATED agency's tables are read
with :func:`load_agency`.

Example:
    >>> df = read_resource("tanf-recertification")
    >>> df.shape
    (3539, 20)
    >>> str(df["appt_date"].dtype), str(df["recert_id"].dtype), str(df["condition"].dtype)
    ('datetime64[us]', 'Int64', 'category')
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from coownership._datapackage import PACKAGE_FILE, PACKAGE_FIX, read_checked
from coownership.caseload import Caseload
from coownership.errors import ArgumentTypeError, DatasetError
from coownership.validation import check_choice

__all__ = [
    "DATASETS_DIR",
    "DatasetError",
    "read_resource",
    "load_tanf",
    "tanf_rates",
    "TANF_CONDITIONS",
    "load_agency",
]

DATASETS_DIR = Path(os.environ.get("COOWNERSHIP_DATASETS") or Path(__file__).resolve().parents[2] / "datasets")
"""The course checkout's ``datasets/`` folder (the package is installed editable from ``modules/``),
or ``COOWNERSHIP_DATASETS`` (a JupyterHub image, where the package is installed as a wheel)."""

TANF = "tanf-recertification"

TANF_CONDITIONS = {
    "No_Letter": "No letter",
    "Specific_Appt": "Letter with an assigned appointment",
    "Open_Appt": "Letter inviting the client to choose a time",
}
"""The trial's three conditions, in the order the course shows them, with plain-language labels."""


def _folder(directory: Path | str | os.PathLike[str] | None) -> Path:
    if directory is None:
        folder = DATASETS_DIR
    elif isinstance(directory, (str, os.PathLike)):
        folder = Path(directory)
    else:
        raise ArgumentTypeError(
            f"directory must be a folder path (str or pathlib.Path), got {type(directory).__name__}"
        )
    if not folder.is_dir():
        raise DatasetError(
            f"the datasets folder {folder} was not found. Run this from a course checkout, or pass "
            "directory= the folder that holds datapackage.json."
        )
    return folder


def read_resource(name: str, *, directory: Path | str | None = None) -> pd.DataFrame:
    """Read one dataset listed in ``datapackage.json`` as a typed DataFrame, after checking it.

    ``name`` is the resource's name in ``datapackage.json`` (for example
    ``"tanf-recertification"``); ``directory`` is the folder holding ``datapackage.json``
    (default :data:`DATASETS_DIR`). See the module docstring for what is checked. Raises
    :class:`DatasetError` naming the file, the column and what was expected.

    Example:
        >>> df = read_resource("tanf-recertification")
        >>> len(df), list(df.columns[:4])
        (3539, ['ic_case_id', 'service_center', 'appt_date', 'condition'])
        >>> try:
        ...     read_resource("no-such-data")
        ... except DatasetError as err:
        ...     print("Known datasets: tanf-recertification," in str(err))
        True
    """
    if not isinstance(name, str):
        raise ArgumentTypeError(f"name must be a string such as {TANF!r}, got {type(name).__name__}")
    folder = _folder(directory)
    return read_checked(folder, name)


# -- the TANF recertification trial --------------------------------------------------------------


def load_tanf(*, directory: Path | str | None = None) -> pd.DataFrame:
    """The DC TANF recertification trial (2017) as a tidy, typed DataFrame: one row per case.

    Real, public data: a randomized trial run by The Lab @ DC with the District of Columbia
    Department of Human Services. Each TANF case due to recertify (renew its benefits) from July
    to November 2017 was randomly given one of three conditions: no extra letter, a letter with an
    appointment the agency assigned, or a letter inviting the client to come in at a time they
    chose. Source: ``thelabdc/DHS-TANFRecertification-Public`` (commit 20f1a29), file
    ``data/df_replication_anonymized.csv``; licence CC0 1.0 (public domain in the US); using it
    implies no endorsement by the District of Columbia. Details: ``datasets/tanf/PROVENANCE.md``;
    every column is described in ``datasets/README.md``.

    Shape: 3,539 rows x 22 columns. The 20 original columns, typed (dates as ``datetime64``,
    whole numbers as ``Int64``, columns with a fixed set of values as ``category``, other text as
    ``string``), then:

    - ``condition_label``: ordered category, "No letter" < "Letter with an assigned appointment"
      < "Letter inviting the client to choose a time" (``No_Letter``, ``Specific_Appt``,
      ``Open_Appt``);
    - ``recertified``: ``True`` where ``recert_status == "Processed"``, the study's own outcome.
      The 19 cases with no recorded status count as not recertified, so the shares here use every
      case as the denominator (the study's analysis left those 19 out; its shares are 0.2 to
      0.3 points higher).

    3 cases were due in two different months and appear twice (as in the study's analysis).
    ``directory`` is the folder holding ``datapackage.json`` (default :data:`DATASETS_DIR`).
    Raises :class:`DatasetError` if the file is missing, damaged or not as described.

    Example:
        >>> tanf = load_tanf()
        >>> tanf.shape
        (3539, 22)
        >>> tanf["condition_label"].cat.categories.tolist()[0], tanf["recertified"].dtype
        ('No letter', dtype('bool'))
        >>> int(tanf["recertified"].sum())
        1541
    """
    frame = read_resource(TANF, directory=directory)
    expected = list(TANF_CONDITIONS)
    condition = frame.get("condition")
    if (
        condition is None
        or "recert_status" not in frame
        or not isinstance(condition.dtype, pd.CategoricalDtype)
        or condition.cat.categories.tolist() != expected
    ):
        folder = _folder(directory)
        raise DatasetError(
            f"{folder / PACKAGE_FILE}: the {TANF!r} schema must keep the columns 'condition' "
            f"(with enum {expected}) and 'recert_status'. To fix it, {PACKAGE_FIX}"
        )
    labels = pd.CategoricalDtype(list(TANF_CONDITIONS.values()), ordered=True)
    frame["condition_label"] = condition.cat.rename_categories(TANF_CONDITIONS).astype(labels)
    frame["recertified"] = (frame["recert_status"] == "Processed").to_numpy(dtype=bool)
    return frame


def tanf_rates(*, directory: Path | str | None = None) -> pd.DataFrame:
    """Recertification by condition in the TANF trial: cases, recertified, share.

    One row per condition, in the order No_Letter, Specific_Appt, Open_Appt (indexed by the code
    in ``condition``), with ``condition_label``, ``cases``, ``recertified`` (cases with
    ``recert_status == "Processed"``) and ``share`` (recertified / cases, rounded to 3 places).
    ``directory`` is passed to :func:`load_tanf`.

    Example:
        >>> rates = tanf_rates()
        >>> rates[["cases", "recertified", "share"]]  # doctest: +NORMALIZE_WHITESPACE
                       cases  recertified  share
        condition
        No_Letter       1177          470  0.399
        Specific_Appt   1181          525  0.445
        Open_Appt       1181          546  0.462
        >>> rates["share"].tolist()
        [0.399, 0.445, 0.462]
    """
    tanf = load_tanf(directory=directory)
    grouped = tanf.groupby("condition", observed=False, sort=True)["recertified"]
    rates = pd.DataFrame({"cases": grouped.size(), "recertified": grouped.sum()})
    rates.index = pd.Index(rates.index.astype(str), name="condition")
    rates = rates.loc[list(TANF_CONDITIONS)].astype("int64")
    rates.insert(0, "condition_label", [TANF_CONDITIONS[c] for c in rates.index])
    rates["share"] = (rates["recertified"] / rates["cases"]).round(3)
    return rates


def load_agency(table: str = "appointments", *, directory: Path | str | None = None) -> pd.DataFrame:
    """One table of the SIMULATED agency, Maple Street Family Services (fictional), checked first.

    ``table`` is one of ``clients``, ``staff``, ``appointments``, ``goals``, ``labels``,
    ``episodes``, ``exit_interviews``. Each has a ``program`` column: ``standard`` (the
    compliance design) or ``pilot`` (the co-ownership design). The frame's ``attrs`` say
    ``simulated: True``. See ``datasets/README.md`` for every column.

    Example:
        >>> a = load_agency("appointments")
        >>> a.attrs["simulated"], sorted(a["program"].unique())
        (True, ['pilot', 'standard'])
        >>> load_agency("visits")
        Traceback (most recent call last):
        ...
        coownership.errors.ArgumentError: table must be one of 'clients', 'staff', 'appointments', 'goals', 'labels', 'episodes', 'exit_interviews'; got 'visits'.
    """
    check_choice("table", table, Caseload.TABLES)  # the SIMULATED agency holds every table of a caseload
    frame = read_resource(f"agency-{table.replace('_', '-')}", directory=directory)
    frame.attrs.update(
        simulated=True,
        table=table,
        note="SIMULATED: Maple Street Family Services is fictional; illustrative, not evidence",
    )
    return frame
