"""Time the caseload simulator and print its peak memory.

Targets (issue 2): 10,000 clients x 52 weeks at most 1 s on one core; 500 clients x 26 weeks (the
explorer widget's size) at most 50 ms.

    .venv/bin/python benchmarks/simulate.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the target says
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from coownership.caseload import simulate  # noqa: E402


def timed(repeats: int, **kwargs) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        simulate(seed=i, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    simulate("compliance", n_clients=100, weeks=8)  # warm imports
    rows = []
    for design in ("compliance", "co-ownership"):
        big = timed(5, design=design, n_clients=10_000, weeks=52)
        small = timed(30, design=design, n_clients=500, weeks=26)
        rows.append((design, big, small))
    tracemalloc.start()
    simulate("compliance", n_clients=10_000, weeks=52, seed=0)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{'design':14} {'10,000 x 52 (s)':>16} {'500 x 26 (ms)':>14}   (medians; targets 1 s and 50 ms)")
    ok = True
    for design, big, small in rows:
        ok &= big <= 1.0 and small <= 0.05
        print(f"{design:14} {big:16.3f} {small * 1000:14.1f}")
    print(f"peak traced memory, compliance 10,000 x 52: {peak:.1f} MiB")
    print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
