"""Interactive pieces the notebooks show (ipywidgets 8, one small file each).

Every control has a visible label and a description a screen reader can announce; feedback uses
icons and words, never colour alone. Each widget builds without a browser, so a notebook that
shows one still runs headless (nbval, nbgrader), where nobody clicks.

Example:
    >>> from coownership.widgets import StatementSorter
    >>> StatementSorter("01-practice-sort").letters()
    '????????'
"""

from importlib import import_module
from typing import Any

# Each widget is loaded when a notebook first asks for it, so a module that shows only a hint
# button and a journal box does not pay for the simulator and pandas at start-up.
_WHERE = {
    "CaseWalk": "casewalk",
    "GoalCoach": "goal_coach",
    "HintButton": "hints",
    "JournalBox": "journal_box",
    "SimulatorExplorer": "explorer",
    "StatementSorter": "sorter",
    "StructureAudit": "structure_audit",
    "assess_goal": "goal_assessment",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'coownership.widgets' has no attribute {name!r}")
    value = getattr(import_module(f"coownership.widgets.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = [
    "CaseWalk",
    "GoalCoach",
    "HintButton",
    "JournalBox",
    "SimulatorExplorer",
    "StatementSorter",
    "StructureAudit",
    "assess_goal",
]
