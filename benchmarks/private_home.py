"""A throwaway HOME for a benchmark: Jupyter, IPython and matplotlib keep their settings and caches
there, never in the user's own, and a stray NBGRADER_EXECUTION is dropped (tests/conftest.py does
the same for the tests). Import it before anything that starts a kernel or imports matplotlib:

    from private_home import HOME
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

HOME = Path(tempfile.mkdtemp(prefix="coownership-bench-"))
os.environ.update(
    HOME=str(HOME),
    JUPYTER_CONFIG_DIR=str(HOME / ".jupyter"),
    IPYTHONDIR=str(HOME / ".ipython"),
    MPLCONFIGDIR=str(HOME / ".mpl"),
    JUPYTER_PLATFORM_DIRS="1",
)
os.environ.pop("NBGRADER_EXECUTION", None)
atexit.register(shutil.rmtree, HOME, ignore_errors=True)
