"""Commands about the answers file itself: example, check, schema."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import OutputError, ProblemsFound


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the example here instead of printing it.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def example(output: Path | None, force: bool) -> None:
    """Write a complete, valid sample answers file for two fictional partners."""
    from ..atomic import write_text_atomically
    from ..resources import example_text

    text = example_text()
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise OutputError("already exists; not overwritten", file=output,
                          hint="choose another file name, or add --force to replace it")
    write_text_atomically(output, text)
    click.echo(f"Wrote {output}. Check it with: agreement-builder check {output}", err=True)


_LABELS = {"error": ("error", "red"), "missing": ("missing", "yellow"), "warning": ("warning", "yellow")}


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
def check(answers: Path) -> None:
    """Validate ANSWERS and lint the deal; list every problem with its field path.

    Exits 0 when the terms are complete and valid (warnings allowed), 1 when
    there are errors or the file is still a draft.
    """
    from ..answers import load_answers

    loaded = load_answers(answers)
    for problem in loaded.errors + loaded.missing + loaded.warnings:
        label, colour = _LABELS[problem.severity.value]
        click.echo(f"{click.style(f'{label:<8}', fg=colour)} {problem.render(answers)}")
    counts = f"{len(loaded.errors)} error(s), {len(loaded.missing)} missing, {len(loaded.warnings)} warning(s)"
    if loaded.errors:
        raise ProblemsFound(f"{answers}: {counts}. Fix the errors above and run check again.")
    if loaded.missing:
        raise ProblemsFound(f"{answers}: a draft ({counts}). Finish it with: agreement-builder interview {answers}")
    click.echo(f"{answers}: OK ({counts}).", err=True)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the answers file."""
    import json

    from ..terms.model import answers_schema

    click.echo(json.dumps(answers_schema(), indent=2, ensure_ascii=False))


COMMANDS = [example, check, schema]
