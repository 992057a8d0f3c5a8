"""coownership: the Python package behind the course "From Compliance to Co-Ownership".

The course (the notebooks under ``notebooks/``) is made of *modules*; this package holds the code
those notebooks import. Its parts:

- :mod:`coownership.checks`: instant, kind feedback on exercises (correct / not yet / not
  attempted, hints in tiers, never the answer).
- :mod:`coownership.exercises`: the exercises of every module, by id.
- :mod:`coownership.widgets`: the interactive pieces (statement sorter, ...).
- :mod:`coownership.caseload`: the caseload simulator (SIMULATED data; see docs/model-card.md).
- :mod:`coownership.datasets`: checked loaders for the data the course ships (the real DC TANF
  trial; the SIMULATED agency).
- :mod:`coownership.agency`: builds the SIMULATED agency datasets (``make datasets``).
- :mod:`coownership.journal`: the learner's reflection journal (append-only, never loses a word).
- :mod:`coownership.files`: atomic file writing shared by the rest.
- :mod:`coownership.course`: finds the course modules, reads their objectives, minutes and key
  points, and builds a learner workspace without ever overwriting a learner's file.
- :mod:`coownership.cli`: the ``coownership`` command used by ``make lab``.

Example:
    >>> from coownership.checks import exercise
    >>> exercise("00-try-it").check("case manager").outcome.value
    'correct'
"""

__version__ = "0.1.0"
