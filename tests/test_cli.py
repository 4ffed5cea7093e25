import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from helpers import assert_reported, run

from agreement_builder import __version__
from agreement_builder.answers import load_terms
from agreement_builder.terms.model import Terms


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_example_writes_a_valid_file(tmp_path):
    target = tmp_path / "a.yaml"
    result = run("example", "-o", target)
    assert result.exit_code == 0, result.output
    assert isinstance(load_terms(target), Terms)
    assert run("check", target).exit_code == 0


def test_example_explains_each_section_in_comments(tmp_path):
    text = run("example").output
    for section in Terms.model_fields:
        if f"\n{section}:" not in text:  # a section of another kind of alliance: a comment says it exists
            assert f"\n# {section}:" in text, f"the example does not mention {section}"
            continue
        line = text.index(f"\n{section}:")
        assert text[:line].rstrip().splitlines()[-1].startswith("#"), f"no comment above {section}"


def test_example_refuses_to_overwrite(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text("my: precious work\n")
    result = run("example", "-o", target)
    assert_reported(result)
    assert "already exists" in result.output and "--force" in result.output
    assert target.read_text() == "my: precious work\n"
    assert run("example", "-o", target, "--force").exit_code == 0
    load_terms(target)


def test_check_reports_ok(example_file):
    result = run("check", example_file)
    assert result.exit_code == 0
    assert "OK" in result.output


def test_check_missing_file(tmp_path):
    result = run("check", tmp_path / "nope.yaml")
    assert_reported(result)
    assert "nope.yaml" in result.output and "not found" in result.output


def test_check_refuses_a_draft(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("alliance:\n  name: Half-done Alliance\n")
    result = run("check", draft)
    assert_reported(result)
    assert "draft" in result.output
    assert "alliance.kind" in result.output and "partners" in result.output
    assert "interview" in result.output


def test_schema_is_json_schema_of_the_model():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == set(Terms.model_fields)
    assert schema["additionalProperties"] is False


def test_usage_error_exits_2():
    assert run("check").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_python_dash_m(example_file):
    done = subprocess.run([sys.executable, "-m", "agreement_builder", "check", str(example_file)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    bad = example_file.with_name("bad.yaml")
    bad.write_text("partners: [\n")
    done = subprocess.run([sys.executable, "-m", "agreement_builder", "check", str(bad)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "bad.yaml" in done.stderr


HEAVY = ("docx", "docxtpl", "lxml", "jinja2", "babel", "ruamel.yaml", "questionary", "prompt_toolkit", "pydantic")


def test_help_loads_none_of_the_heavy_libraries():
    probe = ("import sys; from agreement_builder.cli import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_failed_check_and_an_interrupt_end_through_the_one_exit_map(tmp_path, monkeypatch):
    from agreement_builder.cli.reporting import exit_code
    from agreement_builder.errors import AgreementBuilderError, ProblemsFound

    assert exit_code(ProblemsFound("2 problems")) == 1
    assert exit_code(AgreementBuilderError("bad")) == 1
    assert exit_code(KeyboardInterrupt()) == 130
    draft = tmp_path / "draft.yaml"
    draft.write_text("alliance:\n  name: Half-done Alliance\n")
    assert run("check", draft).exit_code == 1


@pytest.mark.parametrize("delay", [0.02, 0.04, 0.06, 0.09, 0.12])
def test_ctrl_c_while_the_command_loads_ends_without_a_traceback(example_file, tmp_path, delay):
    started = subprocess.Popen([sys.executable, "-m", "agreement_builder", "build", str(example_file), "-o",
                                str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    started.send_signal(signal.SIGINT)
    _, err = started.communicate(timeout=60)
    if started.returncode == 0:
        pytest.skip("the build finished before the interrupt arrived")
    frames = re.findall(r'File "([^"]+)"', err)
    tool = [frame for frame in frames if "agreement_builder" in frame]
    if "Traceback" in err and frames[-1:] and frames[-1].startswith("<frozen") and \
            all(frame.endswith(f"agreement_builder{os.sep}__init__.py") for frame in tool):
        # On a loaded machine 20 ms can still be inside Python's own start-up (runpy, importlib compiling the
        # package's first file), before a line of the tool has run: nothing the tool can catch. An interrupt in
        # the tool's code ends in one of its own frames.
        pytest.skip("the interrupt arrived while Python itself was starting, before the tool's code ran")
    # 130, or death by SIGINT, which a shell reports as 130 too: CPython ends that way when the
    # interrupt struck inside code it was exec()-ing (dataclasses build their methods so).
    assert started.returncode in (130, -signal.SIGINT), err
    assert "Traceback" not in err and "Interrupted." in err
