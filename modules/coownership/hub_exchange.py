"""nbgrader's submit, with each submission readable by the graders only (on a JupyterHub).

nbgrader's own submit leaves a submission in the exchange's ``inbound`` folder as a folder anyone
may enter (mode 0777) holding files anyone may read (0644). What keeps learners apart is only that
``inbound`` cannot be listed and the folder's name ends in a random string. A learner who learns
that name (a shared screen, a log line) could read, and change, another's work. This submit closes
that: after nbgrader's copy, the submission's folders become 0770 and its files 0640, in the
graders' group (``inbound`` is set-group-id to that group, see ``coownership.hub.setup``), so the
learner who submitted and the graders can read it, and nobody else (:func:`tighten`). The setup
also gives ``inbound`` the sticky bit, so a learner cannot remove or rename another's submission.

The hub's learner configuration selects it (``deploy/jupyterhub/learner/nbgrader_config.py``)::

    c.ExchangeFactory.submit = "coownership.hub_exchange.ExchangeSubmit"

Example:
    >>> ExchangeSubmit.__mro__[1].__name__
    'ExchangeSubmit'
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat

from nbgrader.exchange.default.submit import ExchangeSubmit as _NbgraderSubmit

__all__ = ["ExchangeSubmit", "tighten"]

FOLDER_MODE = 0o770
FILE_MODE = 0o640


def tighten(path: str | os.PathLike[str]) -> int:
    """Make the submission folder ``path`` readable by its owner and the graders only; returns
    how many files it holds.

    Its files are copied into a new folder made inside ``inbound`` (so folder and files take the
    group of ``inbound``, which is set-group-id to the graders' group), made 0640 (folders 0770),
    and the new folder replaces the old one under the same name. Copying is needed because a learner
    may not give a file to a group they are not in, and nbgrader writes ``timestamp.txt`` after its
    copy has already cleared the folder's set-group-id bit. Symbolic links are not copied.

    Example:
        >>> import tempfile
        >>> inbound = tempfile.mkdtemp()
        >>> os.mkdir(os.path.join(inbound, "ana+m+1"))
        >>> _ = open(os.path.join(inbound, "ana+m+1", "m.ipynb"), "w").close()
        >>> tighten(os.path.join(inbound, "ana+m+1")), os.listdir(inbound)
        (1, ['ana+m+1'])
        >>> oct(os.stat(os.path.join(inbound, "ana+m+1", "m.ipynb")).st_mode & 0o777)
        '0o640'
    """
    top = os.path.abspath(os.fspath(path))
    if not os.path.isdir(top) or os.path.islink(top):
        raise NotADirectoryError(f"a submission folder was expected, got {top!r}")
    parent, name = os.path.split(top)
    fresh = os.path.join(parent, f".{secrets.token_hex(8)}")
    os.mkdir(fresh, FOLDER_MODE)
    count = 0
    try:
        for dirname, dirs, files in os.walk(top):
            rel = os.path.relpath(dirname, top)
            target = fresh if rel == "." else os.path.join(fresh, rel)
            for sub in dirs:
                if not os.path.islink(os.path.join(dirname, sub)):
                    os.mkdir(os.path.join(target, sub), FOLDER_MODE)
            for file in files:
                src = os.path.join(dirname, file)
                if os.path.islink(src):
                    continue
                dest = os.path.join(target, file)
                shutil.copyfile(src, dest)
                os.chmod(dest, FILE_MODE)
                count += 1
        for dirname, _, _ in os.walk(fresh):
            os.chmod(dirname, FOLDER_MODE)
        shutil.rmtree(top)
        os.rename(fresh, top)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return count


class ExchangeSubmit(_NbgraderSubmit):
    """nbgrader's ``ExchangeSubmit``; then the submission in ``inbound`` is made private
    (:func:`tighten`)."""

    def copy_files(self) -> None:
        """Submit as nbgrader does, then tighten the permissions of what was submitted, when
        ``inbound`` is laid out for it (set-group-id to the graders' group, as
        ``coownership.hub.setup`` makes it; otherwise the graders could not read a tightened
        submission, and nbgrader's modes are kept)."""
        super().copy_files()
        if os.stat(self.inbound_path).st_mode & stat.S_ISGID:
            tighten(os.path.join(self.inbound_path, self.assignment_filename))
        else:
            self.log.warning("%s is not set-group-id: the submission keeps nbgrader's permissions", self.inbound_path)
