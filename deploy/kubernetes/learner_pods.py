"""Hub settings: every learner's pod runs as that learner's own user id.

values.yaml mounts this file into the hub's ``jupyterhub_config.d`` folder
(``hub.extraFiles.coownership-learner-pods``), and the install command gives its text with
``--set-file hub.extraFiles.coownership-learner-pods.stringData=deploy/kubernetes/learner_pods.py``
(README.md, "Install"). Without that flag the chart refuses to install: an extra file needs its
content. The chart runs this file inside its own ``jupyterhub_config.py``, where ``c`` is the hub's
configuration. tests/test_deploy_kubernetes.py runs it the same way against fake users.

Why: nbgrader's exchange is one shared volume. If every learner's pod ran as the same user id, a
learner who learnt the folder name of another's submission could read it. With a user id each,
the exchange keeps submissions private as on the one-machine hub (deploy/jupyterhub/): the
``inbound`` folder is set-group-id to the graders' group (formgrader's pod lays it out at each
start, deploy/image/exchange_layout.py), and ``coownership.hub_exchange`` makes each submission
0770/0640 in that group.

What each learner's pod gets (KubeSpawner turns these into the pod's securityContext):

- ``uid`` and ``gid``: ``LEARNER_UID_BASE`` + the learner's user id in the hub's database. The id
  never changes while the hub's database lasts (it is kept on PostgreSQL), so a learner gets the
  same user id at every start, and no two learners share one. Each learner is also their own group.
- ``fs_gid`` (fsGroup): ``LEARNERS_FS_GID``, the image's own group. Kubernetes gives the learner's
  home disk to this group, writable, at every start, so the home disk works whatever the user id,
  also for a disk written under an earlier user id. Every learner has their own home disk, so a
  group they share gives no one another's files. The exchange's storage must not apply fsGroup
  (README.md, "Storage for the exchange").
- ``supplemental_gids``: ``GRADERS_GID`` only for members of the hub group ``GRADERS_GROUP`` (as on
  the one-machine hub, where graders are in the graders' system group); nothing for learners.
- a container that can never gain privileges: not root, every capability dropped.

The image has no account for these user ids. Nothing needs one: the image sets HOME, the start
command sets USER and LOGNAME to the hub user name and tells nbgrader the learner's name
(deploy/image/start-singleuser.sh, deploy/image/nbgrader_config.py).
"""

from __future__ import annotations

from typing import Any

COURSE_ID = "coownership"
GRADERS_GROUP = f"formgrade-{COURSE_ID}"  # the hub group of graders (values.yaml)
LEARNER_UID_BASE = 200000  # far above the image's own ids and the usual system and login ids
LEARNERS_FS_GID = 57439  # the image's user and group, mambauser (deploy/image/Dockerfile)
GRADERS_GID = 57440  # the graders' group: formgrader's pod runs in it (formgrader.yaml)
MAX_ID = 2**31 - 1  # Kubernetes takes user and group ids up to this


def learner_uid(spawner: Any) -> int:
    """The user id (and group id) of ``spawner.user``'s pod: ``LEARNER_UID_BASE`` + their hub id."""
    user_id = spawner.user.id
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id < 1:
        raise ValueError(f"hub user {spawner.user.name!r} has no numeric id: {user_id!r}")
    uid = LEARNER_UID_BASE + user_id
    if uid > MAX_ID:
        raise ValueError(f"hub user {spawner.user.name!r}: user id {uid} is too large for Kubernetes")
    return uid


def learner_supplemental_gids(spawner: Any) -> list[int]:
    """The graders' group for a grader's own server; no extra group for anyone else."""
    groups = {group.name for group in spawner.user.groups}
    return [GRADERS_GID] if GRADERS_GROUP in groups else []


c: Any = globals()["c"]  # the hub's configuration, in the chart's jupyterhub_config.py
c.KubeSpawner.uid = learner_uid
c.KubeSpawner.gid = learner_uid
c.KubeSpawner.fs_gid = LEARNERS_FS_GID
c.KubeSpawner.supplemental_gids = learner_supplemental_gids
c.KubeSpawner.container_security_context = {"runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
