"""Autograde a synthetic cohort of 30 learners x every module, sequentially and with --jobs 2.

The cohort mixes complete, partial, blank and tampered submissions (a quarter each). Prints both
times and the speedup; target at least 1.7x on 2 cores. Also checks the scores are identical.

    .venv/bin/python benchmarks/grading.py [LEARNERS]
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from private_home import HOME  # first: a throwaway HOME before anything below reads it

# isort: split

import nbformat

from coownership import course, grading


def cohort(root: Path, learners: int) -> Path:
    inbox = root.parent / "inbox"
    for i in range(learners):
        kind = ("complete", "partial", "blank", "tampered")[i % 4]
        for module in course.module_ids():
            source = course.NOTEBOOKS / module / f"{module}.ipynb"
            release = root / "release" / module / f"{module}.ipynb"
            nb = nbformat.read(source if kind in ("complete", "partial") else release, as_version=4)
            answers = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
            if kind == "partial" and answers:
                answers[-1].source = 'answer = "..."'
            if kind == "tampered":
                nb.cells.insert(1, nbformat.v4.new_code_cell("import builtins\nbuiltins.len = lambda x: 6"))
            path = inbox / f"learner{i:02d}-{kind}" / f"{module}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, path)
    return inbox


def main() -> int:
    learners = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    root = HOME / "course"
    course.release(root)
    grading.collect(cohort(root, learners), course_root=root)
    times, scores = {}, {}
    for jobs in (1, 2):
        shutil.rmtree(root / "autograded", ignore_errors=True)
        start = time.perf_counter()
        results = grading.autograde(root, jobs=jobs, everything=True)
        times[jobs] = time.perf_counter() - start
        scores[jobs] = {(r.learner, r.module): (r.ok, r.score) for r in results}
    n = len(scores[1])
    print(f"{learners} learners x {len(course.module_ids())} modules = {n} submissions ({os.cpu_count()} cores)")
    print(f"sequential (--jobs 1): {times[1]:.1f} s  ({times[1] / n:.2f} s each)")
    print(f"parallel   (--jobs 2): {times[2]:.1f} s  ({times[2] / n:.2f} s each)")
    print(f"speedup: {times[1] / times[2]:.2f}x (target 1.7x); scores identical: {scores[1] == scores[2]}")
    return 0 if scores[1] == scores[2] else 1


if __name__ == "__main__":
    sys.exit(main())
