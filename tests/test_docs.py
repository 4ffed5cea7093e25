"""The README stays true: its field reference, its commands, and what CI runs."""
import re
from pathlib import Path

import click
import pytest

from agreement_builder.cli import main
from agreement_builder.terms.reference import END, START, reference_markdown, splice

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

pytestmark = pytest.mark.skipif(not README.exists(), reason="README.md is not beside the tests")


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def test_field_reference_matches_the_model():
    text = _readme()
    assert START in text and END in text
    assert splice(text, reference_markdown()) == text, (
        "README's answers-file reference is out of date: run `python -m agreement_builder.terms.reference README.md`")


def test_every_command_is_documented():
    text = _readme()
    for name, command in main.commands.items():
        assert re.search(rf"agreement-builder {name}\b", text), f"README does not mention `agreement-builder {name}`"
        if isinstance(command, click.Group):
            for sub in command.commands:
                # On a line of its own group's usage: "agreement-builder clauses list | show ID | lint".
                usage = rf"agreement-builder {name}\b[^\n]*(?<![\w-]){sub}(?![\w-])"
                assert re.search(usage, text), f"README does not show `agreement-builder {name} {sub}`"


def _setup_commands() -> list[str]:
    """The indented command lines at the top of the README, before its first heading."""
    top = _readme().split("\n## ", 1)[0]
    return [line.strip() for line in top.splitlines() if line.startswith("    ")]


def test_readme_opens_with_the_two_setup_commands():
    main_job, tests = _setup_commands()
    assert "pip install ." in main_job and "agreement-builder build" in main_job
    assert "agreement-builder example" in main_job, "the main job falls back on the built-in example"
    assert "pip install '.[test]'" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, tests = _setup_commands()
    assert tests in ci.splitlines(), ".ci/run must run the README's test command verbatim"
