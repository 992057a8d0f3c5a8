"""Interactive pieces the notebooks show (ipywidgets 8, one small file each).

Every control has a visible label and a description a screen reader can announce; feedback uses
icons and words, never colour alone. Each widget builds without a browser, so a notebook that
shows one still runs headless (nbval, nbgrader), where nobody clicks.

Example:
    >>> from coownership.widgets import StatementSorter
    >>> StatementSorter("01-practice-sort").letters()
    '????????'
"""

from coownership.widgets.casewalk import CaseWalk
from coownership.widgets.explorer import SimulatorExplorer
from coownership.widgets.goal_assessment import assess_goal
from coownership.widgets.goal_coach import GoalCoach
from coownership.widgets.hints import HintButton
from coownership.widgets.journal_box import JournalBox
from coownership.widgets.sorter import StatementSorter
from coownership.widgets.structure_audit import StructureAudit

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
