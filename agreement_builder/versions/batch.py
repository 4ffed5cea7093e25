"""Building many deals at once: each into its own folder, in parallel worker processes.

Rendering a packet is CPU-bound Python, so threads would queue behind the
GIL; each deal goes to a worker process instead. One bad deal never stops
the others: its error is reported in its outcome.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import AgreementBuilderError, AnswersFileError
from ..safe_text import safe_filename

ANSWERS_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Job:
    answers: Path
    folder: Path


@dataclass
class Outcome:
    job: Job
    ok: bool
    status: str = ""  # "created", "updated", "up to date"; empty on failure
    version: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def answers_files(paths: list[Path]) -> list[Path]:
    """The answers files named, with each folder replaced by the *.yaml / *.yml files in it."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ANSWERS_SUFFIXES)
            if not found:
                raise AnswersFileError("is a folder with no answers files (*.yaml, *.yml) in it", file=path,
                                       hint="name the answers files, or a folder that holds them")
            files += found
        else:
            files.append(path)
    return files


def plan_jobs(paths: list[Path], out_dir: Path) -> list[Job]:
    """One job per answers file. A single file builds into OUT itself; several into OUT/<name>/."""
    files = answers_files(paths)
    if len(files) == 1 and not Path(paths[0]).is_dir():
        return [Job(files[0], Path(out_dir))]
    # A deal's folder is named after its file, and made safe. Files of the same name (x/a.yaml, y/a.yaml)
    # each add a short hash of where they are, so a deal keeps its folder whatever the order of the
    # arguments, and no two deals of a batch ever share one.
    names = [safe_filename(file.stem, fallback="deal") for file in files]
    shared = {name for name in names if names.count(name) > 1}
    return [Job(file, Path(out_dir) / (f"{name}-{_place(file)}" if name in shared else name))
            for file, name in zip(files, names)]


def _place(file: Path) -> str:
    return hashlib.sha256(str(Path(file).resolve()).encode()).hexdigest()[:8]


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def run_job(job: Job, options: dict[str, Any]) -> Outcome:
    """Build one deal; never raises for a problem with the deal itself."""
    from ..pipeline import build  # imported in the worker, after fork or spawn
    try:
        result = build(job.answers, job.folder, **options)
    except AgreementBuilderError as exc:
        return Outcome(job, False, error=str(exc))
    except Exception as exc:  # a bug must not take the other deals down with it
        return Outcome(job, False, error=f"unexpected {type(exc).__name__}: {exc}")
    return Outcome(job, True, result.status, result.version,
                   warnings=[w.render(job.answers) for w in result.warnings],
                   notes=result.notes + [f"merge of {name}: {line}" for name, merged in result.merged.items()
                                         for line in merged.lines()],
                   changes=[c.text for c in result.changes])


def run_batch(jobs: list[Job], options: dict[str, Any], workers: int | None = None) -> Iterator[Outcome]:
    """Build every job, yielding outcomes as they finish (in completion order)."""
    workers = max(1, min(workers or default_workers(), len(jobs)))
    # multiprocessing costs a single build 70 ms to import; only a batch loads it
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_job, job, options): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield Outcome(futures[future], False, error="its worker process died (out of memory, or killed)")
            except Exception as exc:
                yield Outcome(futures[future], False, error=f"unexpected {type(exc).__name__}: {exc}")
