"""coownership: the Python package behind the course "From Compliance to Co-Ownership".

The course (the notebooks under ``notebooks/``) is made of *modules*; this package holds the code
those notebooks import. Its parts:

- :mod:`coownership.checks`: instant, kind feedback on exercises (correct / not yet / not
  attempted, hints in tiers, never the answer).
- :mod:`coownership.exercises`: the exercises of every module, by id.
- :mod:`coownership.widgets`: the interactive pieces (statement sorter, ...).
- :mod:`coownership.course`: finds the course modules, reads their objectives, minutes and key
  points, and builds a learner workspace without ever overwriting a learner's file.
- :mod:`coownership.cli`: the ``coownership`` command used by ``make lab``.

Example:
    >>> from coownership.checks import exercise
    >>> exercise("00-try-it").check("case manager").outcome.value
    'correct'
"""

__version__ = "0.1.0"
