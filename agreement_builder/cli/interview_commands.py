"""The `interview` command: the guided questionnaire on a terminal."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from ..errors import AgreementBuilderError
from .params import FolderPath


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@click.command()
@click.argument("answers", required=False, default="deal.yaml",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=FolderPath(),
              help="Folder to build the documents into. Default: beside ANSWERS, named after it "
                   "(deal.yaml -> deal-packet/).")
@click.option("--section", metavar="NAME",
              help="Ask one section again (e.g. money, partner-2), then show the review.")
def interview(answers: Path, output: Path | None, section: str | None) -> None:
    """Ask the questions that fill ANSWERS (default: deal.yaml), review them, and build.

    On an existing file only what is missing is asked. Answers are saved after
    every section, so Ctrl-C leaves a draft to resume with the same command.
    """
    from ..interview.walker import default_output, run_interview

    if not _stdin_is_terminal():
        raise AgreementBuilderError(
            "the interview needs a terminal, and standard input is not one",
            hint=f"run it in a terminal, or work without it: `agreement-builder example -o {answers}`, "
                 f"edit the file, then `agreement-builder check {answers}` and "
                 f"`agreement-builder build {answers} -o {output or default_output(answers)}`")
    try:
        outcome = run_interview(answers, output=output, section=section)
    except KeyboardInterrupt:
        command = f"agreement-builder interview {shlex.quote(str(answers))}"
        if output is not None:
            command += f" -o {shlex.quote(str(output))}"
        saved = (f"Your answers so far are saved in {answers}." if answers.exists()
                 else "No section was finished, so nothing was saved yet.")
        raise KeyboardInterrupt(f"Interview interrupted. {saved}\nResume with: {command}") from None
    if outcome.built is None:
        click.echo(f"Saved {answers}. Continue with: agreement-builder interview {shlex.quote(str(answers))}",
                   err=True)


COMMANDS = [interview]
