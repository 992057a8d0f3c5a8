"""The coordinator's grading pipeline: collect, autograde (in parallel), feedback, export, status.

Built on nbgrader: its gradebook, its autograder and its feedback converter, extended through its
own configuration (``grading/nbgrader_config.py``) with four small preprocessors. By what each
file holds:

- :mod:`~coownership.grading.answers`: the one rule for an answer cell grading keeps
  (:func:`is_plain_answer`, :data:`ANSWER_NAME`); no nbgrader, so a learner's kernel can share it;
- :mod:`~coownership.grading.preprocessors`: :class:`RestoreCellMetadata`,
  :class:`StrictAnswerCells`, :class:`PrivateRatings` (survey ratings kept from graders) and
  :class:`SafeFeedback`, configurable traits like nbgrader's own;
- :mod:`~coownership.grading.submissions`: :func:`collect` (a folder or .zip into ``submitted/``);
- :mod:`~coownership.grading.autograding`: :func:`autograde`, in parallel worker processes;
- :mod:`~coownership.grading.reports`: :func:`feedback`, :func:`export`, :func:`status`;
- :mod:`~coownership.grading.workers`: the nbgrader API inside a worker process.

Everything a command does is reported per learner: one broken submission never stops the rest.
Every name here is loaded when first used, so importing this package does not import nbgrader
(about 1.4 s) until a preprocessor is needed.

Example:
    >>> from coownership import grading
    >>> grading.is_plain_answer('# ✏️ Type one letter\\nanswer = "C"')
    True
    >>> grading.is_plain_answer('import builtins\\nanswer = "C"')
    False
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from coownership.errors import GradingError

if TYPE_CHECKING:  # the names below, for type checkers; at run time they load on first use
    from coownership.grading.answers import ANSWER_NAME, is_plain_answer
    from coownership.grading.autograding import GradeResult, autograde
    from coownership.grading.preprocessors import (
        PrivateRatings,
        RestoreCellMetadata,
        SafeFeedback,
        StrictAnswerCells,
    )
    from coownership.grading.reports import PASS_MARK, export, feedback, status
    from coownership.grading.submissions import LEARNER_ID, MAX_NOTEBOOK_BYTES, CollectReport, collect

__all__ = [
    "LEARNER_ID",
    "GradingError",
    "RestoreCellMetadata",
    "StrictAnswerCells",
    "PrivateRatings",
    "SafeFeedback",
    "ANSWER_NAME",
    "is_plain_answer",
    "collect",
    "autograde",
    "feedback",
    "export",
    "status",
    "CollectReport",
    "GradeResult",
    "PASS_MARK",
    "MAX_NOTEBOOK_BYTES",
]

_WHERE = {
    "ANSWER_NAME": "answers",
    "is_plain_answer": "answers",
    "RestoreCellMetadata": "preprocessors",
    "StrictAnswerCells": "preprocessors",
    "PrivateRatings": "preprocessors",
    "SafeFeedback": "preprocessors",
    "LEARNER_ID": "submissions",
    "MAX_NOTEBOOK_BYTES": "submissions",
    "CollectReport": "submissions",
    "collect": "submissions",
    "GradeResult": "autograding",
    "autograde": "autograding",
    "PASS_MARK": "reports",
    "feedback": "reports",
    "export": "reports",
    "status": "reports",
}
"""Which submodule holds each public name (nbgrader's configuration names the preprocessors as
``coownership.grading.StrictAnswerCells`` and so on)."""


def __getattr__(name: str) -> Any:
    """Load a public name from its submodule on first use (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
