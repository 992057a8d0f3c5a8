"""Safe file writing shared by the workspace build, the journal export and the datasets.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(p, b"one", overwrite=False), write_atomic(p, b"two", overwrite=False)
    (True, False)
    >>> p.read_bytes()
    b'one'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from coownership.errors import ArgumentTypeError

__all__ = ["write_atomic"]


def write_atomic(path: Path | str, data: bytes, *, overwrite: bool = True, mode: int = 0o644) -> bool:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, fsync, then rename or link.

    With ``overwrite=False`` the file is created only if absent, even against a race (``os.link``
    fails on an existing name; on Windows ``os.rename`` does, and needs no hard links, which some
    drives lack), so a learner's file is never replaced. Returns True if written.
    The file gets ``mode`` (less the umask), not the private mode of a temporary file.
    Readers never see a half-written file.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "b.txt"
        >>> write_atomic(p, b"x")
        True
    """
    path = Path(path)
    if not isinstance(data, (bytes, bytearray)):
        raise ArgumentTypeError(f"data must be bytes; got {type(data).__name__}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode & ~umask)
        else:  # Windows (Python 3.11 has no os.fchmod there): only the read-only flag exists
            os.chmod(tmp, mode & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
            return True
        try:
            if os.name == "nt":
                os.rename(tmp, path)  # on Windows, rename never replaces an existing file
            else:
                os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
