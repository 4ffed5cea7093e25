"""The `agreement-builder` command: thin wrappers that parse, call the library, report.

Every command module registers itself on `main`. Errors from the library
(`AgreementBuilderError`) are caught once, here, and reported as a message
with exit code 1; Ctrl-C exits 130; click's own usage errors exit 2.
"""
from __future__ import annotations

import click

from .. import __version__
from ..errors import AgreementBuilderError


class ReportingGroup(click.Group):
    """A click group that turns library errors into messages, never tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AgreementBuilderError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            ctx.exit(130)


@click.group(cls=ReportingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="agreement-builder")
def main() -> None:
    """Turn a strategic alliance's terms into an agreement and review forms.

    The answers file (YAML) is the single source of truth for a deal; every
    document is generated from it. Start with `agreement-builder example -o deal.yaml`
    or `agreement-builder interview deal.yaml`.
    """


# Each module adds its commands to `main` when imported.
from . import (
    answers_commands,  # noqa: E402,F401
    build_commands,  # noqa: E402,F401
    clauses_commands,  # noqa: E402,F401
    interview_commands,  # noqa: E402,F401
    rvu_commands,  # noqa: E402,F401
)
