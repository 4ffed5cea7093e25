"""`agreement-builder clauses list | show ID | lint`: the clause library."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import ProblemsFound

_CLAUSES_OPTION = click.option(
    "--clauses", "clauses_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Your own clause folder, layered over the built-in library (same id replaces, new id adds).")


@click.group()
def clauses() -> None:
    """The clause library the agreement is assembled from."""


@clauses.command("list")
@_CLAUSES_OPTION
def list_clauses(clauses_dir: Path | None) -> None:
    """List every clause: order, id, title, and when it is included."""
    from ..library.clauses import load_library

    for clause in load_library(clauses_dir).clauses.values():
        meta = clause.meta
        condition = f"when {meta.when}" if meta.when else "always"
        alternative = f" [alternative: {meta.alternative}]" if meta.alternative else ""
        click.echo(f"{meta.order:>7g}  {meta.id:<32} {meta.title}  ({condition}){alternative}")


@clauses.command()
@click.argument("clause_id")
@_CLAUSES_OPTION
def show(clause_id: str, clauses_dir: Path | None) -> None:
    """Show the file and source of clause CLAUSE_ID."""
    from ..library.clauses import load_library

    clause = load_library(clauses_dir).get(clause_id)
    click.echo(f"# {clause.file}")
    click.echo(clause.file.read_text(encoding="utf-8"), nl=False)


@clauses.command("lint")
@_CLAUSES_OPTION
def lint_command(clauses_dir: Path | None) -> None:
    """Check the library: unknown fields, broken references, defined terms.

    Every clause is also rendered against the example deal. Exits 1 when
    there is any problem, listing each with its file and field.
    """
    from ..answers import load_terms
    from ..isolation import run_limited
    from ..library.lint import lint
    from ..resources import package_file

    example = load_terms(package_file("example.yaml"))
    # Your own clauses render under a ceiling on memory and time (isolation.py).
    problems = run_limited("your clause folder", lint, clauses_dir, example) if clauses_dir else lint(None, example)
    for problem in problems:
        click.echo(problem.render())
    if problems:
        raise ProblemsFound(f"{len(problems)} problem(s) in the clause library.")
    click.echo("The clause library is clean.", err=True)


COMMANDS = [clauses]
