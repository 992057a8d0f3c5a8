"""nbgrader settings for `make instructor` only (the coownership command puts this folder on
JUPYTER_CONFIG_PATH; the course's own settings are in grading/nbgrader_config.py).

The course collects submissions from a folder or a .zip (`coownership collect`), not through
nbgrader's exchange. nbgrader's default exchange, /usr/local/share/nbgrader/exchange, does not
exist on a personal computer, so the Assignments panel logged "Unwritable directory" at every
look. A course-local exchange (created by `coownership instructor`) keeps that panel working and
quiet; COOWNERSHIP_EXCHANGE moves it.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
c.Exchange.root = os.environ.get("COOWNERSHIP_EXCHANGE") or os.path.join(REPO, "build", "nbgrader-exchange")
