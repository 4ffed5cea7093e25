"""Versions of a packet: up to date, new versions with redlines, edited drafts, crash safety."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import edit_answers

from agreement_builder.cli import main
from agreement_builder.pipeline import build
from agreement_builder.versions.manifest import read_manifest, sha256_file
from agreement_builder.versions.swap import FAILPOINT_ENV, JOURNAL, STAGING_PREFIX, recover

HAS_REDLINES = bool(__import__("importlib").util.find_spec("python_redlines_docxodus"))


@pytest.fixture(autouse=True)
def shared_engine_cache(monkeypatch, tmp_path_factory):
    # The redline engine unpacks ~100 MB on first use into the user cache; share one across tests.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def _snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, sha256_file(p))
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_consistent(folder: Path) -> int:
    """The folder holds one whole version (and whole earlier ones); returns its number."""
    assert not (folder / JOURNAL).exists()
    assert not list(folder.glob(f"{STAGING_PREFIX}*"))
    manifest = read_manifest(folder)
    for name in [*manifest.outputs, *manifest.extras]:
        assert sha256_file(folder / name) == {**manifest.outputs, **manifest.extras}[name], name
    for old in range(1, manifest.version):
        earlier = read_manifest(folder / "history" / f"v{old}")
        assert earlier.version == old
        for name, digest in earlier.outputs.items():
            assert sha256_file(folder / "history" / f"v{old}" / name) == digest, (old, name)
    return manifest.version


def test_first_build_writes_packet_and_manifest(example_file, tmp_path):
    out = tmp_path / "out"
    result = build(example_file, out)
    assert (result.status, result.version) == ("created", 1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["version"] == 1 and manifest["answers_file"] == "deal.yaml"
    assert manifest["answers_sha256"] == sha256_file(example_file)
    assert manifest["tool_version"] and manifest["clause_library"]
    assert "agreement.docx" in manifest["outputs"]
    assert any(name.startswith("rvu/") for name in manifest["outputs"])
    for name, digest in manifest["outputs"].items():
        assert sha256_file(out / name) == digest
    assert str(tmp_path) not in (out / "manifest.json").read_text()  # no machine paths


def test_rebuild_with_nothing_changed_rewrites_nothing(example_file, tmp_path):
    out = tmp_path / "out"
    build(example_file, out)
    before = _snapshot(out)
    # A comment-only edit of the answers file changes no term.
    example_file.write_text(example_file.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(example_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    assert _snapshot(out) == before


def test_a_changed_drafting_table_rebuilds_like_a_changed_clause(example_file, tmp_path, monkeypatch, no_redlines):
    """The laws, jurisdictions and layout wording in the package's data tables are drafting, as the clauses are."""
    from agreement_builder.resources import package_file
    from agreement_builder.versions import publish

    out = tmp_path / "out"
    build(example_file, out)
    tables = tmp_path / "data"
    shutil.copytree(package_file(), tables)
    laws = tables / "governing_laws.yaml"
    laws.write_text(laws.read_text(encoding="utf-8").replace("5% a year", "6% a year"), encoding="utf-8")
    monkeypatch.setattr(publish, "package_file", lambda *parts: tables.joinpath(*parts))
    result = CliRunner().invoke(main, ["build", str(example_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "rebuilt for: a changed clause library" in result.output and "version 2" in result.output


@pytest.mark.skipif(not HAS_REDLINES, reason='redlines are an extra: pip install ".[redlines]"')
def test_changed_term_makes_new_version_with_redline_and_summary(example_file, tmp_path):
    out = tmp_path / "out"
    build(example_file, out)
    v1_agreement = (out / "agreement.docx").read_bytes()
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    result = CliRunner().invoke(main, ["build", str(example_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Payment: Tidewater's referral fee to Larkspur 10% → 12%" in result.output
    assert _assert_consistent(out) == 2
    assert (out / "history" / "v1" / "agreement.docx").read_bytes() == v1_agreement
    assert "10% → 12%" in (out / "changes-v1-to-v2.txt").read_text(encoding="utf-8")
    xml = zipfile.ZipFile(out / "redline-v1-to-v2.docx").read("word/document.xml").decode()
    insertions = re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml)
    deletions = re.findall(r"<w:del [^>]*>(.*?)</w:del>", xml)
    assert any("<w:t>12%</w:t>" in x for x in insertions)
    assert any("<w:delText>10%</w:delText>" in x for x in deletions)
    assert 'w:author="agreement-builder"' in xml and re.search(r'w:date="\d{4}-\d\d-\d\dT', xml)
    # The RVU forms were regenerated for version 2 (and version 1's moved to history).
    manifest = read_manifest(out)
    assert any(name.startswith("rvu/") for name in manifest.outputs)
    assert list((out / "history" / "v1" / "rvu").glob("*.docx"))


def test_edited_output_blocks_the_build_and_force_keeps_it(example_file, tmp_path):
    out = tmp_path / "out"
    build(example_file, out)
    agreement = out / "agreement.docx"
    with zipfile.ZipFile(agreement, "a") as docx:  # what a lawyer's save looks like to us: other bytes
        docx.writestr("customXml/lawyer-note.xml", "<note>clause 4 reworded</note>")
    edited = agreement.read_bytes()
    edit_answers(example_file, {"money.flows.0.percentage": 12})

    blocked = CliRunner().invoke(main, ["build", str(example_file), "-o", str(out)])
    assert blocked.exit_code == 1
    assert "agreement.docx" in blocked.output and "--force" in blocked.output
    assert "Traceback" not in blocked.output
    assert agreement.read_bytes() == edited and read_manifest(out).version == 1

    forced = CliRunner().invoke(main, ["build", str(example_file), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert (out / "history" / "v1" / "agreement.docx").read_bytes() == edited
    manifest = read_manifest(out)
    assert manifest.version == 2 and manifest.previous == {"version": 1, "edited": ["agreement.docx"]}
    if HAS_REDLINES:
        assert (out / "redline-v1-edited-to-v2.docx").exists()
    assert "edited" in (out / "changes-v1-to-v2.txt").read_text(encoding="utf-8")


def test_draft_answers_file_is_refused_with_every_problem(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("alliance:\n  name: Half a deal\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(draft), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "draft" in result.output and "partners" in result.output and "Traceback" not in result.output


def test_folder_with_foreign_documents_is_not_overwritten(example_file, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "agreement.docx").write_bytes(b"someone else's file")
    result = CliRunner().invoke(main, ["build", str(example_file), "-o", str(out)])
    assert result.exit_code == 1 and "manifest.json" in result.output
    assert (out / "agreement.docx").read_bytes() == b"someone else's file"


def test_diff_names_each_changed_field(example_file, tmp_path):
    new = tmp_path / "new.yaml"
    text = example_file.read_text(encoding="utf-8")
    text = text.replace("payment_terms_days: 30", "payment_terms_days: 45")
    text = text.replace("name: Dr. Miriam Okafor\n      title: Managing Director\n    alliance_manager",
                        "name: Hanna Schulz\n      title: Managing Director\n    alliance_manager")
    new.write_text(text, encoding="utf-8")
    edit_answers(new, {"money.flows.0.percentage": 12})
    result = CliRunner().invoke(main, ["diff", str(example_file), str(new)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "- Larkspur's signatory: Dr. Miriam Okafor → Hanna Schulz",
        "- Payment: Tidewater's referral fee to Larkspur 10% → 12%",
        "- Money: payment terms 30 days → 45 days",
    ]


# --------------------------------------------------------------------------- killed mid-way

# Before the commit point, just after it, while retiring the old files, while installing the new
# (the last install step is the manifest).
KILL_POINTS = ["staged", "journaled", "retire:middle", "install:middle", "install:last"]


def _failpoint(point: str, v1) -> str:
    if ":" not in point:
        return point
    step, where = point.split(":")
    count = len(v1.files()) if step == "retire" else len(v1.outputs) + (2 if HAS_REDLINES else 1) + 1
    return f"{step}:{ {'first': 0, 'middle': count // 2, 'last': count - 1}[where] }"


@pytest.fixture(scope="module")
def built_v1(tmp_path_factory):
    home = tmp_path_factory.mktemp("v1")
    answers = home / "deal.yaml"
    shutil.copyfile(Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml", answers)
    build(answers, home / "out")
    return home


@pytest.mark.parametrize("point", KILL_POINTS)
def test_build_killed_mid_way_leaves_old_or_new_version(point, built_v1, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built_v1 / "out", out)
    answers = tmp_path / "deal.yaml"
    shutil.copyfile(built_v1 / "deal.yaml", answers)
    v1 = read_manifest(out)
    edit_answers(answers, {"money.flows.0.percentage": 12})
    env = {**os.environ, FAILPOINT_ENV: _failpoint(point, v1)}
    killed = subprocess.run([sys.executable, "-m", "agreement_builder", "build", str(answers), "-o", str(out)],
                            env=env, capture_output=True, timeout=120)
    assert killed.returncode == -9, killed.stderr.decode()
    journaled = (out / JOURNAL).exists()
    if not journaled:
        # Before the commit point the folder still is version 1, untouched, as it stands.
        assert read_manifest(out) == v1
        assert sha256_file(out / "agreement.docx") == v1.outputs["agreement.docx"]
    recover(out)  # what the next run does first
    version = _assert_consistent(out)
    assert version == (2 if journaled else 1)
    # And the next build completes the job either way.
    again = build(answers, out)
    assert again.version == 2, again.notes
    assert _assert_consistent(out) == 2


def test_without_the_redline_engine_the_build_succeeds_and_says_how_to_get_it(example_file, tmp_path, monkeypatch):
    from agreement_builder.versions import publish
    from agreement_builder.versions.redline import INSTALL_HINT, RedlineUnavailable

    def unavailable(*args, **kwargs):
        raise RedlineUnavailable("python-redlines is not installed", hint=INSTALL_HINT)

    out = tmp_path / "out"
    build(example_file, out)
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    monkeypatch.setattr(publish, "make_redline", unavailable)
    result = CliRunner().invoke(main, ["build", str(example_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert 'pip install "python-redlines[docxodus]"' in result.output
    assert _assert_consistent(out) == 2
    assert not list(out.glob("redline-*")) and (out / "changes-v1-to-v2.txt").exists()
