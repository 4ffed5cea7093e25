"""Start-up and build time against their floors, measured side by side in one run.

    python benchmarks/bench_startup.py [--runs 7] [--big-runs 3] [--no-scaling]

Three ratios, each the median of several fresh Python processes, the runs
interleaved (one of each in turn) so a busy moment of the machine falls on
both sides of a ratio alike:

  --help    `python -m agreement_builder --help`  against  `python -c "import click"`
            (target <= 1.2x, must be <= 1.5x)
  build     `python -m agreement_builder build deal.yaml -o NEW` of the example against
            the import+save floor: a process that imports the libraries a build needs
            (docx, docxtpl, jinja2, pydantic, ruamel.yaml, babel, lxml, click) and saves
            a one-paragraph .docx (target <= 2x, must be <= 3x)
  goals     the same build of the example with 2,000 goals against the example
            (must be <= 4x)

Every build goes into a new folder, so it really builds. The package's bytecode is written
first, as `pip install` writes it. The user's cache (the
compiled clause library) is warm, as it is for every build after the first;
the first build with an empty cache is shown too, for information, and so is
the same build with the library called directly (what the command costs
beyond the CLI's own imports).

Then, unless --no-scaling: in-process render_packet() times for 1,000, 2,000
and 4,000 goals. Linear cost doubles with the goals (4,000/2,000 about 2x);
a quadratic step shows as about 4x.
"""
from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FLOOR = """
import click, docx, docxtpl, jinja2, pydantic, ruamel.yaml, babel, lxml.etree, sys
document = docx.Document()
document.add_paragraph("The floor.")
document.save(sys.argv[1])
"""


def with_goals(example: str, count: int) -> str:
    """The example answers file with `count` goals instead of its own."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    data = yaml.load(example)
    owners = [p["key"] for p in data["partners"]] + ["both"]
    data["goals"] = [{"owner": owners[i % len(owners)], "description": f"Goal {i + 1}: grow the joint pipeline",
                      "metric": f"qualified opportunities in segment {i % 17}", "target": str(10 + i % 90),
                      "timeframe": "first 12 months"} for i in range(count)]
    import io
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


class Timer:
    """Runs commands in fresh processes and keeps every duration by name."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.times: dict[str, list[float]] = {}

    def run(self, name: str, command: list[str], env: dict[str, str] | None = None) -> float:
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env or self.env, cwd=REPO)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"{name} failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-3000:]}")
        self.times.setdefault(name, []).append(elapsed)
        return elapsed

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])


def verdict(ratio: float, target: float | None, must: float) -> str:
    if ratio > must:
        return f"FAIL (must be <= {must}x)"
    if target is not None and ratio > target:
        return f"pass (over the {target}x target)"
    return "pass" + (f" (target {target}x met)" if target is not None else "")


def scaling(sizes: list[int], example: str) -> list[tuple[int, float]]:
    from agreement_builder.answers import load_terms
    from agreement_builder.pipeline import render_packet

    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        for size in sizes:
            answers = Path(tmp) / f"deal-{size}.yaml"
            answers.write_text(with_goals(example, size), encoding="utf-8")
            terms = load_terms(answers)
            started = time.perf_counter()
            render_packet(terms, Path(tmp) / f"out-{size}", today=dt.date(2026, 12, 1))
            figures.append((size, time.perf_counter() - started))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repetitions of the quick commands (median)")
    parser.add_argument("--big-runs", type=int, default=3, help="repetitions of the 2,000-goal build (median)")
    parser.add_argument("--goals", type=int, default=2000)
    parser.add_argument("--no-scaling", action="store_true", help="skip the in-process 1k/2k/4k goals figures")
    args = parser.parse_args()

    from agreement_builder.resources import example_text

    # Bytecode for the package, as `pip install` writes it: without it (PYTHONDONTWRITEBYTECODE is set
    # on some machines, and an editable install never compiles) every run would compile the package's
    # modules from source, which the floor, importing installed libraries, never does.
    compileall.compile_dir(str(REPO / "agreement_builder"), quiet=1)

    python = sys.executable
    example = example_text()
    print(f"{os.cpu_count()} CPU(s); load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        tmp_path = Path(tmp)
        deal = tmp_path / "deal.yaml"
        deal.write_text(example, encoding="utf-8")
        big = tmp_path / f"deal-{args.goals}.yaml"
        big.write_text(with_goals(example, args.goals), encoding="utf-8")
        timer = Timer(dict(os.environ))
        counter = iter(range(10**6))

        def build(name: str, answers: Path, env: dict[str, str] | None = None) -> None:
            out = tmp_path / f"out-{next(counter)}"
            timer.run(name, [python, "-m", "agreement_builder", "build", str(answers), "-o", str(out)], env)

        # The first build with an empty cache (information), then warm everything up once.
        cold_env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "empty-cache"))
        build("build, empty cache", deal, cold_env)
        timer.run("warm-up", [python, "-c", "import click"])
        build("warm-up", deal)

        library_only = "import sys\nfrom agreement_builder.pipeline import build\nbuild(sys.argv[1], sys.argv[2])"
        for _ in range(args.runs):
            timer.run("import click", [python, "-c", "import click"])
            timer.run("--help", [python, "-m", "agreement_builder", "--help"])
            timer.run("import+save floor", [python, "-c", FLOOR, str(tmp_path / "floor.docx")])
            build("build example", deal)
            timer.run("build, library only", [python, "-c", library_only, str(deal), str(tmp_path / f"lib-{next(counter)}")])
        for _ in range(args.big_runs):
            build("build example (beside goals)", deal)
            build(f"build {args.goals} goals", big)

    rows = [
        ("--help vs import click", "--help", "import click", 1.2, 1.5),
        ("build vs import+save floor", "build example", "import+save floor", 2.0, 3.0),
        (f"{args.goals} goals vs example", f"build {args.goals} goals", "build example (beside goals)", None, 4.0),
    ]
    print()
    print(f"{'what':<30} {'measured':>10} {'against':>10} {'ratio':>7}  verdict")
    failed = False
    for label, name, base, target, must in rows:
        measured, against = timer.median(name), timer.median(base)
        ratio = measured / against
        failed |= ratio > must
        print(f"{label:<30} {measured * 1000:8.0f}ms {against * 1000:8.0f}ms {ratio:6.2f}x  "
              f"{verdict(ratio, target, must)}")
    print()
    print(f"medians of {args.runs} runs ({args.big_runs} for the {args.goals}-goal builds); for information:")
    print(f"  build with an empty cache (first ever): {timer.median('build, empty cache') * 1000:6.0f} ms")
    library = timer.median("build, library only")
    print(f"  the same build without the CLI (pipeline.build called directly): {library * 1000:6.0f} ms, "
          f"{library / timer.median('import+save floor'):.2f}x the floor")

    if not args.no_scaling:
        print()
        print("in-process render_packet() (agreement + RVU forms), by number of goals:")
        figures = scaling([1000, 2000, 4000], example)
        for size, seconds in figures:
            print(f"  {size:>5} goals: {seconds * 1000:7.0f} ms")
        growth = figures[-1][1] / figures[-2][1]
        print(f"  4000/2000 goals: {growth:.2f}x  ({'linear' if growth < 2.6 else 'worse than linear'}; "
              "linear is about 2x, quadratic about 4x)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
