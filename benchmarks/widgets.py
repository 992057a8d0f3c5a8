"""Time the widgets' update paths, called directly (no browser).

Targets (issue 3): the simulator explorer, from a control change to redrawn charts (500 clients x
26 weeks, two designs), median at most 100 ms; saving a journal entry, median at most 20 ms.

    .venv/bin/python benchmarks/widgets.py
"""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coownership.journal import Journal
from coownership.widgets import SimulatorExplorer
from coownership.widgets.explorer import _run


def explorer_update_ms(repeats: int = 40) -> float:
    ex = SimulatorExplorer(n_clients=500, weeks=26, seed=0)
    settings = itertools.cycle([("outreach_effort", v / 10) for v in range(11)])
    times = []
    for _ in range(repeats):
        _run.cache_clear()  # every change re-runs both designs: no help from the cache
        name, value = next(settings)
        start = time.perf_counter()
        ex.controls[name].value = value  # the observer calls update()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def journal_save_ms(repeats: int = 200) -> float:
    j = Journal(Path(tempfile.mkdtemp()) / "bench.jsonl")
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        j.add("01", "bench", f"An entry of ordinary length, number {i}. " * 8)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    explorer = explorer_update_ms()
    journal = journal_save_ms()
    print(f"simulator explorer update (two designs, 500 x 26), median: {explorer:.1f} ms (target 100 ms)")
    print(f"journal save (append + fsync), median: {journal:.2f} ms (target 20 ms)")
    ok = explorer <= 100 and journal <= 20
    print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
