"""The `agreement-builder` command: thin wrappers that parse, call the library, report.

Each command imports the library inside its body (as sqlite-utils does), so
`agreement-builder --help` loads click and little else. What goes wrong is
reported in one place, `reporting.py`, with the exit code it maps to.
"""
from __future__ import annotations

import click

from . import (
    answers_commands,
    build_commands,
    calendar_commands,
    clauses_commands,
    health_commands,
    interview_commands,
    rvu_commands,
    signing_commands,
)
from .reporting import ReportingGroup, show_version


@click.group(cls=ReportingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show_version,
              help="Show the version and exit.")
def main() -> None:
    """Turn a strategic alliance's terms into an agreement and review forms.

    The answers file (YAML) is the single source of truth for a deal; every
    document is generated from it. Start with `agreement-builder example -o deal.yaml`
    or `agreement-builder interview deal.yaml`.
    """


for _module in (answers_commands, build_commands, rvu_commands, health_commands, calendar_commands, clauses_commands,
                interview_commands, signing_commands):
    for _command in _module.COMMANDS:
        main.add_command(_command)
