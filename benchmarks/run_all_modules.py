"""Time each module's headless "Run All" against the floor (kernel start + an empty notebook).

Runs the learner copy of every module (what a learner presses Run All on) with nbclient, three
times each, and prints the medians. Target: every module within 2 x floor + 1 s.

    .venv/bin/python benchmarks/run_all_modules.py        (or: make bench)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from private_home import HOME  # first: a throwaway HOME before anything below reads it

# isort: split

import nbformat
from nbclient import NotebookClient

from coownership import course

REPEATS = 3


def run_all(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def median_time(path: Path | None) -> float:
    times = []
    for _ in range(REPEATS):
        nb = (
            nbformat.read(path, as_version=4)
            if path
            else nbformat.v4.new_notebook(
                cells=[nbformat.v4.new_code_cell("")],
                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            )
        )
        times.append(run_all(nb, HOME))
    return statistics.median(times)


def main() -> int:
    root = HOME / "course"
    course.release(root)
    floor = median_time(None)
    target = 2 * floor + 1
    print(
        f"floor (kernel start + empty notebook): {floor:.2f} s; target per module: {target:.2f} s "
        f"(median of {REPEATS}, {os.cpu_count()} cores, Python {sys.version.split()[0]})"
    )
    print(f"{'module':32} {'run-all s':>9} {'x floor':>8}  verdict")
    worst = 0.0
    for module in course.module_ids():
        t = median_time(root / "release" / module / f"{module}.ipynb")
        worst = max(worst, t - target)
        print(f"{module:32} {t:9.2f} {t / floor:8.2f}  {'ok' if t <= target else 'OVER TARGET'}")
    return 0 if worst <= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
