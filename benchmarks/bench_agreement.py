"""How long building the example agreement takes.

    python benchmarks/bench_agreement.py [--runs N]

Reports the in-process time of agreement_bytes() on the example (warm: the
clause library and template already loaded; and the first, cold build), and
the whole-process time of `agreement-builder build` on the example, which
includes starting Python, imports and the RVU forms. Target: in-process
build under 300 ms on a 2-core machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    from agreement_builder.answers import load_terms
    from agreement_builder.pipeline import agreement_bytes
    from agreement_builder.resources import package_file
    imported = time.perf_counter() - started

    terms = load_terms(package_file("example.yaml"))
    today = dt.date(2026, 12, 1)
    started = time.perf_counter()
    agreement_bytes(terms, today=today)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(args.runs):
        started = time.perf_counter()
        agreement_bytes(terms, today=today)
        warm.append(time.perf_counter() - started)
    print(f"imports:                  {imported * 1000:7.0f} ms")
    print(f"in-process, first build:  {cold * 1000:7.0f} ms")
    print(f"in-process, warm median:  {statistics.median(warm) * 1000:7.0f} ms  (of {args.runs}; target < 300 ms)")

    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "deal.yaml"
        answers.write_text(package_file("example.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        command = [sys.executable, "-m", "agreement_builder", "build", str(answers), "-o", str(Path(tmp) / "out")]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        whole = time.perf_counter() - started
        if result.returncode != 0:
            print(f"whole process: `agreement-builder build` failed ({result.returncode}): {result.stderr.strip()}")
        else:
            print(f"whole process, build:     {whole * 1000:7.0f} ms  (python -m agreement_builder build, with RVU forms)")


if __name__ == "__main__":
    main()
