"""Lay out nbgrader's exchange so that submissions stay private on Kubernetes.

formgrader's pod runs it before formgrader starts, at every start (deploy/kubernetes/formgrader.yaml,
the init container ``exchange-layout``), as formgrader's user and in the graders' group; the image
carries it as /usr/local/bin/exchange_layout.py. Safe to run again.

    python exchange_layout.py EXCHANGE COURSE_ID GRADERS_GID

It makes, owned by the user running it and in the group GRADERS_GID (the modes
``coownership.hub.setup`` gives on the one-machine hub):

    EXCHANGE/                1777 when this user owns it: anyone may enter and add, nobody removes
                             another's (otherwise it must already let everyone in and write)
    EXCHANGE/COURSE_ID/      0755
        outbound/            0755  released modules: every learner reads them
        inbound/             3733  a learner may add a submission but not list the folder;
                                   set-group-id, so each submission is in the graders' group, and
                                   sticky, so no learner removes or renames another's.
                                   coownership.hub_exchange then makes each submission 0770/0640:
                                   the learner who submitted and the graders read it, nobody else
        feedback/            0711  a learner opens only the feedback whose name they know

A submission in ``inbound`` that others could read is made private when this user owns it (one
made before this layout, when every learner's pod ran as this user); one it cannot change is named
in a warning. It stops with an error, and formgrader does not start, when a folder of the layout
belongs to someone else (a learner could have made it first) or cannot be made.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

COURSE_MODE = 0o755
LAYOUT = (("outbound", 0o755), ("inbound", 0o3733), ("feedback", 0o711))
SUBMISSION_DIR, SUBMISSION_FILE = 0o770, 0o640  # as coownership.hub_exchange.tighten


class LayoutError(RuntimeError):
    """The exchange cannot be laid out safely."""


def _own(path: Path, gid: int, mode: int) -> None:
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise LayoutError(f"{path} is not a folder")
    if info.st_uid != os.geteuid():
        raise LayoutError(
            f"{path} belongs to user id {info.st_uid}, not formgrader's ({os.geteuid()}): someone else made it; "
            "check what is in it, remove it, and restart formgrader"
        )
    os.chown(path, -1, gid)
    os.chmod(path, mode)


def _private(submission: Path, gid: int) -> bool:
    """Make a submission this user owns 0770/0640 in the graders' group; False when it cannot."""
    items = [submission, *submission.rglob("*")]
    if any(item.lstat().st_uid != os.geteuid() for item in items):
        return False
    for item in items:
        if item.is_symlink():
            item.unlink()
            continue
        os.chown(item, -1, gid)
        os.chmod(item, SUBMISSION_DIR if item.is_dir() else SUBMISSION_FILE)
    return True


def _open_to_others(submission: Path, gid: int) -> bool:
    items = [submission, *submission.rglob("*")]
    return any(item.lstat().st_gid != gid or item.lstat().st_mode & 0o007 for item in items)


def lay_out(exchange: Path, course_id: str, graders_gid: int) -> list[str]:
    """Lay out the exchange (see the module's docstring); returns what it did and warnings."""
    if graders_gid != os.getegid() and graders_gid not in os.getgroups():
        raise LayoutError(f"run this in the graders' group {graders_gid} (formgrader.yaml: runAsGroup)")
    if not exchange.is_dir():
        raise LayoutError(f"{exchange} is not a folder: is the exchange volume mounted?")
    notes = []
    if exchange.stat().st_uid == os.geteuid():
        os.chmod(exchange, 0o1777)
    elif exchange.stat().st_mode & 0o003 != 0o003:
        raise LayoutError(f"{exchange}: learners cannot enter and write it; make the volume's top folder mode 1777")
    course = exchange / course_id
    if not course.exists():
        course.mkdir()
    _own(course, graders_gid, COURSE_MODE)
    for name, mode in LAYOUT:
        if not (course / name).exists():
            (course / name).mkdir()
        _own(course / name, graders_gid, mode)
    notes.append(f"exchange: {course} (inbound set-group-id to {graders_gid}, sticky, not listable)")
    inbound = course / "inbound"
    for submission in sorted(inbound.iterdir()):
        if not submission.is_dir() or submission.is_symlink() or not _open_to_others(submission, graders_gid):
            continue
        if _private(submission, graders_gid):
            notes.append(f"made private: {submission.name}")
        else:
            notes.append(f"WARNING: others can read {submission.name}; its owner can resubmit, or remove it")
    return notes


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[2].isdigit():
        print("usage: python exchange_layout.py EXCHANGE COURSE_ID GRADERS_GID", file=sys.stderr)
        return 2
    try:
        notes = lay_out(Path(argv[0]), argv[1], int(argv[2]))
    except (LayoutError, OSError) as error:
        print(f"exchange_layout: {error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"exchange_layout: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
