"""How the command ends: the one place that turns what went wrong into a message and an exit code.

0 success; 1 bad input or a refused action (the library's `AgreementBuilderError`,
including a check that found problems); 2 usage errors (click's own);
130 interrupted. Nothing here imports the library's heavy parts: `--help`
stays as quick as click itself.
"""
from __future__ import annotations

import click

from ..errors import AgreementBuilderError, ProblemsFound

EXIT_BAD_INPUT = 1
EXIT_INTERRUPTED = 130


def exit_code(exc: BaseException) -> int:
    """The exit code for an exception the library or a command raised; re-raises what is a bug."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, AgreementBuilderError):
        return EXIT_BAD_INPUT
    raise exc


def report(exc: BaseException) -> None:
    if isinstance(exc, KeyboardInterrupt):
        # A command that knows how to resume says so in the interrupt's message.
        click.echo(f"\n{exc.args[0] if exc.args else 'Interrupted.'}", err=True)
    elif isinstance(exc, ProblemsFound):
        click.echo(str(exc), err=True)  # the problems are listed above; this sums them up
    else:
        click.secho(f"Error: {exc}", fg="red", err=True)


class ReportingGroup(click.Group):
    """A click group that ends every command through `exit_code`: messages, never tracebacks."""

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt as exc:  # Ctrl-C while the command line is read: click would exit 1
            report(exc)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (AgreementBuilderError, KeyboardInterrupt) as exc:
            report(exc)
            ctx.exit(exit_code(exc))


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .. import __version__  # read from the installed package's metadata only when asked

    click.echo(f"agreement-builder, version {__version__}")
    ctx.exit()
