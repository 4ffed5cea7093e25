"""Deals per second of a batch build, with 1 and 2 worker processes.

    python benchmarks/bench_batch.py [--deals 50] [--workers 1 2]

Writes DEALS variants of the built-in example into a temporary folder and
times `agreement-builder build FOLDER -o OUT --jobs N` for each N (a fresh
output folder each time, so every deal is really built). The machine's other
load counts: on a shared machine run it twice and read the better figure.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agreement_builder.resources import example_text


def make_deals(folder: Path, count: int) -> None:
    text = example_text()
    for i in range(count):
        variant = (text.replace("Larkspur–Tidewater Retail Insight Alliance", f"Retail Insight Alliance {i:03d}")
                   .replace("      percentage: 10\n", f"      percentage: {5 + i % 20}\n", 1))
        (folder / f"deal-{i:03d}.yaml").write_text(variant, encoding="utf-8")


def run(deals: Path, out: Path, workers: int) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "agreement_builder", "build", str(deals), "-o", str(out),
                           "--jobs", str(workers)], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed with {workers} worker(s):\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=50)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"{args.deals} deals, {os.cpu_count()} CPU(s); load average before: "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        deals = Path(tmp) / "deals"
        deals.mkdir()
        make_deals(deals, args.deals)
        rates = {}
        for workers in args.workers:
            seconds = run(deals, Path(tmp) / f"out-{workers}", workers)
            rates[workers] = args.deals / seconds
            print(f"{workers} worker(s): {seconds:6.1f} s  {rates[workers]:5.2f} deals/s")
        base = rates[args.workers[0]]
        for workers in args.workers[1:]:
            print(f"speed-up with {workers} workers: {rates[workers] / base:.2f}x")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
