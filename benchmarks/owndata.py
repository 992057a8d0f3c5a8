"""Time reading and summarising an appointment export: 100,000 and 1,000,000 appointments.

Each size runs in a fresh Python process (so its peak memory is its own), on a SIMULATED export
written beforehand: semicolon-separated, day-first dates with times, Yes/No attendance, words
such as DNA and cancelled, a reminder column, a few bad rows. Prints the median of three runs of
``load_appointments`` + ``summarise`` and the process's peak memory.
Targets: 100,000 under 1 s; 1,000,000 under 10 s.

    .venv/bin/python benchmarks/owndata.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

TARGETS = {100_000: 1.0, 1_000_000: 10.0}


def write_export(path: Path, rows: int, seed: int = 1) -> None:
    """A SIMULATED messy export with ``rows`` appointments of about rows/8 clients."""
    rng = np.random.default_rng(seed)
    booked = np.datetime64("2023-01-01") + rng.integers(0, 365, rows).astype("timedelta64[D]")
    lead = rng.choice([0, 1, 2, 5, 10, 20, 45], rows)
    visit = booked + lead.astype("timedelta64[D]")
    outcome = rng.choice(
        ["Yes", "No", "DNA", "Cancelled by client", "yes", "No-show"], rows, p=[0.6, 0.1, 0.1, 0.05, 0.1, 0.05]
    )
    frame = pd.DataFrame(
        {
            "Client ID": np.char.add("MRN-", rng.integers(0, rows // 8 + 1, rows).astype(str)),
            "Visit": pd.Series(visit).dt.strftime("%d/%m/%Y 10:30"),
            "Booked": pd.Series(booked).dt.strftime("%d/%m/%Y"),
            "Attended": outcome,
            "Reminder": rng.choice(["SMS", "none", ""], rows),
            "Worker": rng.choice(["A. Smith", "B. Jones"], rows),
        }
    )
    frame.loc[::997, "Visit"] = ""  # bad rows: no appointment date
    frame.to_csv(path, sep=";", index=False)


def run_once(path: Path) -> None:
    """Read and summarise ``path`` three times in this process; print the median seconds and peak memory."""
    import resource  # POSIX only; the benchmark, not the package

    from coownership.owndata import load_appointments, summarise

    times = []
    for _ in range(3):
        start = time.perf_counter()
        frame = load_appointments(
            path, client="Client ID", appointment_date="Visit", booked_date="Booked", attended="Attended",
            reminder="Reminder", dayfirst=True, quiet=True,
        )  # fmt: skip
        summarise(frame)
        times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{statistics.median(times):.3f} {peak_mb:.0f} {len(frame)}")


def main() -> None:
    over = False
    with tempfile.TemporaryDirectory() as folder:
        for rows, target in TARGETS.items():
            path = Path(folder) / f"export-{rows}.csv"
            write_export(path, rows)
            size_mb = path.stat().st_size / 1e6
            done = subprocess.run(
                [sys.executable, __file__, "--once", str(path)], capture_output=True, text=True, check=True
            )
            seconds, peak, used = done.stdout.split()
            over |= float(seconds) >= target
            print(
                f"{rows:>9,} rows ({size_mb:5.1f} MB CSV, {int(used):,} used): read + summarise "
                f"{float(seconds):6.2f} s (target {target:g} s), peak memory {peak} MB"
            )
    print("OVER TARGET" if over else "within targets")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--once"]:
        run_once(Path(sys.argv[2]))
    else:
        main()
