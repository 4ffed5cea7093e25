"""Property tests: whatever an answers file holds, `check` and `build` end in 0 or 1, never a traceback,
write nothing outside the output folder and never damage the version already there."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from helpers import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_builder.resources import example_text
from agreement_builder.versions.manifest import sha256_file

EXAMPLE = yaml.safe_load(example_text())

# Keys the model knows, so generated documents reach the validation of real fields, not only "unknown key".
KEYS = sorted({key for section in EXAMPLE.values() if isinstance(section, dict) for key in section}
              | set(EXAMPLE) | {"key", "name", "owner", "percentage", "deadline"})
scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**12) | st.floats(allow_nan=True)
           | st.text(max_size=30) | st.sampled_from(["2027-02-30", "9999-12-31", "-0.0", "{{ 7*7 }}", "EUR", "both"]))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5),
                         max_leaves=25)


def _mutated(path: list, value) -> str:
    """The example with the value at `path` (as far as it leads) replaced."""
    data = yaml.safe_load(example_text())
    node = data
    for part in path[:-1]:
        child = node.get(part) if isinstance(node, dict) else None
        if not isinstance(child, (dict, list)):
            break
        node = child if isinstance(child, dict) else (child[0] if child and isinstance(child[0], dict) else {})
    if isinstance(node, dict):
        node[path[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def previous_version(tmp_path_factory):
    """A packet of the example, built once; each example works on a copy of it."""
    base = tmp_path_factory.mktemp("base")
    (base / "deal.yaml").write_text(example_text(), encoding="utf-8")
    assert run("build", base / "deal.yaml", "-o", base / "out").exit_code == 0
    return base


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def _try(previous: Path, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        shutil.copytree(previous, work)
        answers = work / "deal.yaml"
        answers.write_bytes(content)
        before = _files(work / "out")
        checked = run("check", answers)
        assert checked.exit_code in (0, 1), checked.output
        built = run("build", answers, "-o", work / "out")
        for result in (checked, built):
            assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert sorted(p.name for p in work.iterdir()) == ["deal.yaml", "out"], "written outside the folder"
        after = _files(work / "out")
        if built.exit_code == 1:
            assert after == before, "a refused build changed the folder"
        else:  # a new version: the previous one is kept whole in history
            kept = {name.removeprefix("history/v1/"): digest for name, digest in after.items()
                    if name.startswith("history/v1/")}
            assert kept == before or after == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600))
def test_any_bytes(previous_version, content):
    _try(previous_version, content)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_any_yaml_document(previous_version, document):
    _try(previous_version, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3), scalars | documents)
def test_the_example_with_any_field_replaced(previous_version, path, value):
    _try(previous_version, _mutated(path, value).encode("utf-8"))
