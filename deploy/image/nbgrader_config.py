"""nbgrader settings for every server started from the learner image (the Dockerfile copies this
file to the environment's etc/jupyter/). The hub's learner settings (deploy/jupyterhub/learner/,
first on JUPYTER_CONFIG_PATH in the image) set the same course id and exchange and come first; the
coordinator's settings are grading/nbgrader_config.py.

The exchange is the shared read-write-many volume that deploy/kubernetes/values.yaml mounts at this
path in every user pod and in the formgrader pod (tests/test_deploy_kubernetes.py checks they agree).
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "coownership"
c.Exchange.root = "/srv/coownership/exchange"  # as deploy/jupyterhub/ (coownership.hub: COOWNERSHIP_HUB_HOME/exchange)

# The learner's id in the exchange (the first part of a submission's name, and whose feedback to
# fetch). nbgrader takes the name of the system account the server runs as; a learner's pod runs as
# a numeric user id with no account (deploy/kubernetes/learner_pods.py), so the image's start
# command passes the hub's user name instead (start-singleuser.sh). Only a learner's server sets it:
# in formgrader's pod the id stays "*", every learner.
if os.environ.get("COOWNERSHIP_STUDENT"):
    c.CourseDirectory.student_id = os.environ["COOWNERSHIP_STUDENT"]
else:
    # formgrader's pod: nbgrader's collect compares each submission's owner with the learner's name
    # through /etc/passwd, where no learner's user id is; it would warn about every submission. The
    # owner of a submission in inbound is 200000 + the learner's id in the hub (ls -n shows it).
    c.CollectApp.check_owner = False

# Only formgrader's pod sets COOWNERSHIP_GRADEBOOK_URL (deploy/kubernetes/formgrader.yaml): there the
# gradebook is on PostgreSQL; the course's own commands read the same variable
# (coownership.course.gradebook_url).
if os.environ.get("COOWNERSHIP_GRADEBOOK_URL"):
    c.CourseDirectory.db_url = os.environ["COOWNERSHIP_GRADEBOOK_URL"]
