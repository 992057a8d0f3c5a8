"""Every error the package raises, under one base class.

A learner, a supervisor or a coordinator who catches :class:`CoownershipError` catches every
problem the course can explain; each message names what was wrong (the argument, the file, the
key) and what was expected. Errors about an argument also derive from Python's own
``ValueError`` or ``TypeError``, so code that already catches those keeps working.

Example:
    >>> from coownership.errors import ArgumentError, CoownershipError
    >>> issubclass(ArgumentError, CoownershipError) and issubclass(ArgumentError, ValueError)
    True
"""

from __future__ import annotations

__all__ = [
    "CoownershipError",
    "ArgumentError",
    "ArgumentTypeError",
    "ContentError",
    "CourseError",
    "DatasetError",
    "GradingError",
    "JournalError",
    "OwnDataError",
]


class CoownershipError(Exception):
    """The base of every error the course's package raises."""


class ArgumentError(CoownershipError, ValueError):
    """An argument has a value outside what is allowed; the message names it and the range."""


class ArgumentTypeError(CoownershipError, TypeError):
    """An argument is of the wrong kind (a word where a number belongs, for example)."""


class ContentError(CoownershipError, ValueError):
    """A module's content file is missing or malformed; the message names the file and the key."""


class CourseError(CoownershipError, RuntimeError):
    """Something about the course files or a command is wrong; the message says what to do."""


class DatasetError(CoownershipError, ValueError):
    """A course data file (or its entry in ``datapackage.json``) is missing, damaged or does not
    match its description. The message names the file and says how to fix it."""


class GradingError(CoownershipError, RuntimeError):
    """A problem the coordinator can fix; the message names it and says what to do."""


class JournalError(CoownershipError, ValueError):
    """A journal problem a learner can act on; the message says what happened and what to do."""


class OwnDataError(CoownershipError, ValueError):
    """An agency's own appointment export cannot be read as asked; the message names the file or column
    and says what was found (column names and counts only, never a client's id).

    ``problem`` names the kind where a caller may word it differently (a notebook speaks of its cell,
    the command line of its options): ``"date_order"`` (``details``: role, count, first), ``"no_file"``,
    ``"not_a_table"``, ``"format"`` (a file of another kind, or empty), ``"columns"`` (``details``:
    untitled, when most columns have no name), ``"no_header"`` (no row of column names),
    ``"duplicate_columns"`` (an asked-for name on two columns), ``"shortened_ids"`` (``details``:
    count; ids Excel shortened to a number); else "".

    Example:
        >>> OwnDataError("x.csv: no column named 'id'", problem="columns", untitled=False).details
        {'untitled': False}
    """

    def __init__(self, message: str, *, problem: str = "", **details: object) -> None:
        super().__init__(message)
        self.problem = problem
        self.details = details
