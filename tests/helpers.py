"""Small helpers shared by tests: editing the example deal and running the CLI."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from click.testing import CliRunner, Result

from agreement_builder.answers import dump_yaml, parse_yaml, read_text
from agreement_builder.cli import main


def run(*args: str | Path, input: str | None = None) -> Result:
    """Run the CLI in-process; exceptions propagate only if the CLI failed to report them."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=True)


def assert_reported(result: Result, code: int = 1) -> None:
    """The command failed the way a user should see it: an exit code, a message, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert not (result.exception and not isinstance(result.exception, SystemExit)), repr(result.exception)


def edit_answers(file: Path, change: Callable[[Any], None]) -> Path:
    """Apply `change` to the parsed answers file and write it back (comments kept)."""
    data = parse_yaml(read_text(file), file)
    change(data)
    file.write_text(dump_yaml(data), encoding="utf-8")
    return file
