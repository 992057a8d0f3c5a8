"""nbgrader settings for a learner's server on the hub (deploy/jupyterhub/jupyterhub_config.py puts
this folder first on JUPYTER_CONFIG_PATH, before jupyter-config/learner and jupyter-config/common).

On the hub learners fetch and submit through nbgrader's exchange, in the Assignment List
(the Nbgrader menu): this folder's jupyter_server_config.json and labconfig/page_config.json turn
that one nbgrader tool back on; every instructor tool stays off (jupyter-config/learner).
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = os.environ.get("COOWNERSHIP_COURSE_ID", "coownership")
c.Exchange.root = os.environ.get("COOWNERSHIP_EXCHANGE", "/srv/coownership/exchange")
# Fetch into, and submit from, the learner's course folder (~/course), whatever the server's
# working folder: nbgrader reads a relative folder from where the server was started.
c.Exchange.assignment_dir = os.environ.get("COOWNERSHIP_WORKSPACE") or os.path.expanduser("~/course")
# The learner's course folder is built at their first start with every module in it. Fetching a
# module then only adds files that are missing: it never replaces the learner's own copy.
c.ExchangeFetchAssignment.replace_missing_files = True
# A submission is readable by the learner and the graders only (nbgrader's own leaves it readable
# by anyone who knows its folder's name); see coownership.hub_exchange.
c.ExchangeFactory.submit = "coownership.hub_exchange.ExchangeSubmit"
