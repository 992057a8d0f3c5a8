"""nbgrader configuration for the course (the coordinator's course directory is this folder).

Run nbgrader from this folder (``cd grading && nbgrader ...``) or use the ``coownership`` command,
which does that for you. Paths are computed from this file, so the course works wherever it is
cloned.

- Source notebooks are read from ``../notebooks/<module>/`` (one nbgrader assignment a module);
  the release, submitted, autograded and feedback folders and ``gradebook.db`` are written here and
  are git-ignored.
- ``COOWNERSHIP_COURSE_ROOT`` moves the writable course directory elsewhere (tests and the learner
  workspace build use a private one, so they never touch a coordinator's gradebook).
- Facilitator guides (``facilitator*``) and content files (``content.toml``) never go into a release.
- An exercise's placeholder is ``answer = "..."`` rather than nbgrader's ``raise
  NotImplementedError()``, so a fresh learner copy runs top to bottom without a traceback; the
  course's check helpers report it as "not attempted". The variable's name and the placeholder are
  defined once, in the package (``coownership.grading.ANSWER_NAME``, ``coownership.feedback.PLACEHOLDER``),
  and this file builds the stub and the grader's settings from them.
"""

import os

from coownership.feedback import PLACEHOLDER  # the same object as coownership.checks.PLACEHOLDER
from coownership.grading.answers import ANSWER_NAME

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# COOWNERSHIP_COURSE_ID: a second cohort on the same JupyterHub gets its own course id (deploy/jupyterhub/).
c.CourseDirectory.course_id = os.environ.get("COOWNERSHIP_COURSE_ID", "coownership")
c.CourseDirectory.root = os.environ.get("COOWNERSHIP_COURSE_ROOT", HERE)
# An absolute path: nbgrader joins it onto the root, which leaves it unchanged.
c.CourseDirectory.source_directory = os.environ.get("COOWNERSHIP_NOTEBOOKS", os.path.join(REPO, "notebooks"))
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    "facilitator*",
    "FACILITATOR*",
    "content.toml",  # the module's content file: read by the package, never part of a learner copy
]

# A learner who deletes a test cell gets it back at autograde (and fails it).
c.OverwriteCells.add_missing_cells = True

# The placeholder every exercise starts with (one marked line): answer = "..."; see coownership.checks.
c.ClearSolutions.code_stub = {
    "python": f'{ANSWER_NAME} = "{PLACEHOLDER}"  # <- ✏️ type your answer between the quotes',
}
c.ClearSolutions.text_stub = "✏️ *Double-click this box and write your answer here.*"

# Autograding: first the course's grading settings are put back on every known cell
# (coownership.grading.RestoreCellMetadata). Learners change one line per exercise, so before
# anything runs every code cell is put back to the course's version and each answer cell keeps only a plain `answer = "..."`
# (coownership.grading.StrictAnswerCells, after nbgrader restores deleted or edited test cells).
# What was removed is kept in the graded notebook's metadata for the batch report.
#
# The course's preprocessors take their settings as traits, like nbgrader's own:
#   StrictAnswerCells.answer_name  the variable an answer cell may set; a learner's answer cell is
#                                  kept only when it is comments and one line `<answer_name> = "<text>"`
#                                  (default "answer", coownership.grading.ANSWER_NAME; keep it equal
#                                  to the name in ClearSolutions.code_stub above)
#   SafeFeedback.learner_marks     an error message starting with one of these characters is a check's
#                                  own message for learners and is kept (first line only); default ➜ ○ ✔
#   SafeFeedback.fallback          what any other error output becomes in feedback; default
#                                  "This check did not pass yet."
# RestoreCellMetadata has no settings of its own.
c.StrictAnswerCells.answer_name = ANSWER_NAME
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "coownership.grading.RestoreCellMetadata",
    "nbgrader.preprocessors.OverwriteCells",
    "coownership.grading.StrictAnswerCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Survey ratings are for learning, not for judging a person: a survey is graded for completion
# only, and once its completion test has run and been scored (after SaveAutoGrades), its answer
# line in the graded copy becomes answer = "(answered: ratings kept private)", so formgrader and
# feedback never show the ratings (coownership.grading.PrivateRatings; traits: kinds, replacement).
# The rest is nbgrader's own autograde list, unchanged.
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "coownership.grading.PrivateRatings",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = [("language_info", "name"), ("coownership",)]

# Defence in depth: bound each cell's time and the output it may keep.
c.Execute.timeout = int(os.environ.get("COOWNERSHIP_CELL_TIMEOUT", "60"))
# A kernel may take long to start on a busy machine (seen: more than 60 s, nbclient's default, with
# three test workers and a browser on 2 cores); waiting longer to start weakens no check.
c.Execute.startup_timeout = int(os.environ.get("COOWNERSHIP_KERNEL_STARTUP_TIMEOUT", "180"))
c.LimitOutput.max_lines = 200

# Learners' markdown is shown in formgrader (inside the instructor's logged-in JupyterLab) and in
# feedback. nbgrader's own templates do not sanitise it, so StrictAnswerCells escapes the HTML of
# learners' markdown at autograde; standard HTML exports are sanitised as well.
c.HTMLExporter.sanitize_html = True

# Feedback returned to learners must not show hidden tests or mark schemes.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "coownership.grading.SafeFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
