"""coownership: the Python package behind the course "From Compliance to Co-Ownership".

The course (the notebooks under ``notebooks/``) is made of *modules*; this package holds the code
those notebooks import. README.md's "Layout" names every part; the ones a notebook meets first:

- :mod:`coownership.checks`: instant, kind feedback on exercises (correct / not yet / not
  attempted, hints in tiers, never the answer), built from each module's ``content.toml``.
- :mod:`coownership.widgets`: the interactive pieces, each loaded when first used.
- :mod:`coownership.caseload`: the caseload simulator (SIMULATED data; see docs/model-card.md).
- :mod:`coownership.datasets`: checked loaders for the real DC TANF trial and the SIMULATED agency.
- :mod:`coownership.figures`: house-style figures with alt text.
- :mod:`coownership.journal`: the learner's reflection journal (append-only, never loses a word).
- :mod:`coownership.cli`: the ``coownership`` command behind ``make lab`` and the coordinator's steps.

Example:
    >>> from coownership.checks import exercise
    >>> exercise("00-try-it").check("case manager").outcome.value
    'correct'
"""

__version__ = "0.1.0"
