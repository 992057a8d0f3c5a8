"""The beliefs measure: score it, show a learner their own shift, pool a cohort's shift safely.

The measure is a short scale written for this course (**not a validated instrument**): eight
statements rated 1-5, from "engagement is a trait clients bring" to "engagement is produced by
services". Its statements, their keys and the scale's labels are course content, the
``[beliefs]`` table of ``notebooks/00-start-here/content.toml`` (:func:`measure`); module 00's
survey (``00-pre-survey``) shows the same statements, in the same order (a test checks), and the
end of the course asks them again.

Scoring (:func:`score`)
    A statement with ``reverse = true`` puts engagement in the client; its rating is flipped
    (``scale + 1 - rating``). The score is the mean of the answered statements on the "services
    shape engagement" lens: 1 = engagement is a trait clients bring, 5 = it is produced by
    services, rounded to two decimals. Up to a quarter of the statements may be skipped
    (:func:`max_missing`: 2 of 8); with more, there is no score, and the result says why. A rating
    that is not a whole number on the scale is an error naming the statement. The score is for the
    learner's own reflection: it is never a grade and never a judgement of a person.

Who sees the ratings
    Module 00 grades the survey for completion only. At autograde, once the completion test has
    run, :class:`coownership.grading.PrivateRatings` replaces the survey's answer line with
    ``answer = "(answered: ratings kept private)"`` (:data:`PRIVATE_ANSWER`), so formgrader and
    feedback never show the numbers. The notebook as handed in (the coordinator's ``submitted/``
    folder) still holds them: autograde re-runs from it.

Sharing (the learner's choice)
    :func:`share_button` (or :func:`share_ratings`) writes one small JSON file with the ratings
    and nothing else: no name, no learner id, no time inside, a random file name. It goes to
    :func:`share_folder`: ``COOWNERSHIP_SHARE_DIR`` when the coordinator sets it (a drop folder on
    the hub), else ``shared-ratings/`` in the learner's course folder, from where the learner sends
    it the way the coordinator says. (An email shows who sent it; a file system may record a
    file's owner and time. The file itself names no one.) Nothing is written while nbgrader grades.

Pooling (:func:`cohort`, :func:`cohort_from_folder`)
    Shared files carry no name, so before and after cannot be paired: the cohort's shift is the
    mean after minus the mean before, and a change in who shares changes it too. No group smaller
    than five (:data:`MIN_GROUP`) is ever shown; ``min_group`` can be raised, never lowered.

Example:
    >>> s = score("4 2 5 3 1 4 2 5")
    >>> s.value, s.answered
    (2.5, 8)
    >>> shift(s, score("2 4 3 4 2 5 4 3")).change
    1.38
"""

from __future__ import annotations

from coownership.survey.notebooks import answer_in_notebook, survey_answer_cells
from coownership.survey.scoring import (
    MIN_GROUP,
    PRIVATE_ANSWER,
    Cohort,
    Item,
    Measure,
    Score,
    Shift,
    cohort,
    max_missing,
    measure,
    parse_ratings,
    score,
    shift,
)
from coownership.survey.sharing import (
    cohort_from_folder,
    read_shared,
    share_button,
    share_folder,
    share_ratings,
    write_shared,
)

__all__ = [
    "Item",
    "Measure",
    "Score",
    "Shift",
    "Cohort",
    "MIN_GROUP",
    "PRIVATE_ANSWER",
    "measure",
    "max_missing",
    "parse_ratings",
    "score",
    "shift",
    "cohort",
    "share_folder",
    "share_ratings",
    "write_shared",
    "read_shared",
    "cohort_from_folder",
    "share_button",
    "survey_answer_cells",
    "answer_in_notebook",
]
