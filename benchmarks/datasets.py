"""Time the checked data loaders (the real TANF trial and the largest SIMULATED table).

Prints medians of five runs after a warm-up; targets: each under 0.5 s.
"""

from __future__ import annotations

import statistics
import time

from coownership.datasets import load_agency, load_tanf


def _median(fn, runs: int = 5) -> float:
    fn()  # warm up imports and caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    tanf = _median(load_tanf)
    appts = _median(lambda: load_agency("appointments"))
    print(f"load_tanf() with its checks:               {tanf * 1000:7.1f} ms (target 500 ms)")
    print(f"load_agency('appointments') with checks:  {appts * 1000:7.1f} ms (target 500 ms)")
    print("within targets" if max(tanf, appts) < 0.5 else "OVER TARGET")


if __name__ == "__main__":
    main()
