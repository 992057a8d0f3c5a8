#!/bin/bash
# The learner image's command (Zero to JupyterHub: singleuser.cmd in deploy/kubernetes/values.yaml).
#
# First the learner's course folder: `coownership workspace` copies each module's learner copy
# (made when the image was built; COOWNERSHIP_RELEASED) into the learner's home, which is their own
# persistent volume. It never overwrites a file already there: that file is the learner's work. When
# the course has changed since their copy was made, the new version is saved beside theirs as
# "NN-slug (updated).ipynb". If the folder cannot be brought up to date, the learner still gets in
# to the work they already have, and the reason is in the server's log.
#
# Then the single-user server the hub expects, with any arguments the hub passed.
set -u
# Each learner's pod runs as their own numeric user id, which has no account in the image
# (deploy/kubernetes/learner_pods.py). Their name is the hub's user name: USER and LOGNAME (what
# getpass and the shell read), and COOWNERSHIP_STUDENT, which deploy/image/nbgrader_config.py gives
# nbgrader as the learner's id (nbgrader would otherwise look the user id up in /etc/passwd and
# stop). formgrader's pod does not run this script, so it never has a learner's name.
export USER="${JUPYTERHUB_USER:-${USER:-mambauser}}" LOGNAME="${JUPYTERHUB_USER:-${LOGNAME:-mambauser}}"
if [ -n "${JUPYTERHUB_USER:-}" ]; then
    export COOWNERSHIP_STUDENT="${JUPYTERHUB_USER}"
fi
cd "${HOME}" || exit 1
if ! coownership workspace --workspace "${HOME}"; then
    echo "start-singleuser: the course folder in ${HOME} could not be brought up to date (see above); starting anyway" >&2
fi
exec jupyterhub-singleuser "$@"
