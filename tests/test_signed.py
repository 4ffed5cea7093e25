"""`signed DIR --date D`: the version a folder holds recorded as signed, listed, and refused when it should be."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from docx import Document
from helpers import assert_reported, edit_answers, run

from agreement_builder.pipeline import build
from agreement_builder.versions.manifest import read_manifest, sha256_file
from agreement_builder.versions.swap import JOURNAL

pytestmark = pytest.mark.usefixtures("no_redlines")


@pytest.fixture
def packet(example_file, tmp_path) -> Path:
    out = tmp_path / "out"
    build(example_file, out)
    return out


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def test_signing_keeps_the_files_and_records_the_day(packet):
    result = run("signed", packet, "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "version 1 recorded as signed on 2026-11-20 (the agreement)" in result.output
    entry = read_manifest(packet).signed[0]
    assert (entry.version, entry.date, entry.amendment, entry.folder) == (1, "2026-11-20", 0, "history/signed-v1")
    kept = packet / "history" / "signed-v1"
    assert sha256_file(kept / "agreement.docx") == sha256_file(packet / "agreement.docx")
    assert sha256_file(kept / "generated" / "agreement.docx") == entry.files["generated/agreement.docx"]
    assert json.loads((kept / "manifest.json").read_text())["version"] == 1
    assert set(entry.files) >= {"agreement.docx", "manifest.json"}


def test_the_list_shows_what_was_signed_when(packet, example_file):
    assert "no version has been recorded as signed" in run("signed", packet, "--list").output
    run("signed", packet, "--date", "2026-11-20")
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    build(example_file, packet)
    assert run("signed", packet, "--date", "2026-12-01").exit_code == 0
    lines = run("signed", packet, "--list").output.splitlines()
    assert lines[0].startswith("version 1  signed 2026-11-20  the agreement")
    assert lines[1].startswith("version 2  signed 2026-12-01  Amendment No. 1")
    assert read_manifest(packet).signed[1].amendment == 1


def test_the_signed_record_survives_later_builds(packet, example_file):
    run("signed", packet, "--date", "2026-11-20")
    edit_answers(example_file, {"money.payment_terms_days": 45})
    build(example_file, packet)
    edit_answers(example_file, {"money.payment_terms_days": 60})
    build(example_file, packet)
    assert [s.version for s in read_manifest(packet).signed] == [1]
    assert (packet / "history" / "signed-v1" / "agreement.docx").is_file()


def _edit_agreement(folder: Path, _answers: Path) -> None:
    document = Document(str(folder / "agreement.docx"))
    document.paragraphs[-1].add_run(" A lawyer's words.")
    document.save(str(folder / "agreement.docx"))


def _pending(_folder: Path, answers: Path) -> None:
    edit_answers(answers, {"money.payment_terms_days": 45})


def _interrupted(folder: Path, _answers: Path) -> None:
    (folder / JOURNAL).write_text("{}")


@pytest.mark.parametrize("spoil, says", [
    (_edit_agreement, "edited since version 1 was built: agreement.docx"),
    (_pending, "changed since version 1 was built, so a build is pending"),
    (_interrupted, "interrupted"),
])
def test_a_folder_that_is_not_what_was_built_is_refused(packet, example_file, spoil, says):
    spoil(packet, example_file)
    before = _snapshot(packet)
    result = run("signed", packet, "--date", "2026-11-20")
    assert_reported(result)
    assert says in " ".join(result.output.split())
    assert _snapshot(packet) == before
    assert not (packet / "history").exists()


@pytest.mark.parametrize("date, says", [("2027-02-30", "there is no day 2027-02-30"),
                                        ("20/11/2026", "is not a date"), ("", "is not a date")])
def test_a_bad_date_is_refused(packet, date, says):
    before = _snapshot(packet)
    result = run("signed", packet, "--date", date)
    assert_reported(result)
    assert says in result.output and "--date" in result.output and "YYYY-MM-DD" in result.output
    assert _snapshot(packet) == before


def test_a_day_after_today_is_refused(packet):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    before = _snapshot(packet)
    result = run("signed", packet, "--date", tomorrow)
    assert_reported(result)
    said = " ".join(result.output.split())
    assert f"--date {tomorrow} is after today ({dt.date.today().isoformat()})" in said
    assert _snapshot(packet) == before
    assert not (packet / "history").exists() and not read_manifest(packet).signed
    assert run("signed", packet, "--date", dt.date.today().isoformat()).exit_code == 0  # today is fine


def test_signing_the_same_version_twice_or_going_back_in_time_is_refused(packet, example_file):
    run("signed", packet, "--date", "2026-11-20")
    result = run("signed", packet, "--date", "2026-11-21")
    assert_reported(result)
    assert "already recorded as signed on 2026-11-20" in result.output
    edit_answers(example_file, {"money.payment_terms_days": 45})
    build(example_file, packet)
    result = run("signed", packet, "--date", "2026-11-01")
    assert_reported(result)
    assert "before 2026-11-20" in result.output
    assert len(read_manifest(packet).signed) == 1


def test_list_or_date_must_be_given_but_not_both(packet):
    assert run("signed", packet).exit_code == 2
    assert run("signed", packet, "--list", "--date", "2026-11-20").exit_code == 2


def test_a_folder_with_no_packet_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("signed", tmp_path / "empty", "--date", "2026-11-20")
    assert_reported(result)
    assert "no manifest.json" in result.output


def test_the_answers_file_can_be_named_and_is_noted_when_missing(packet, example_file, tmp_path):
    moved = tmp_path / "elsewhere.yaml"
    example_file.rename(moved)
    result = run("signed", packet, "--date", "2026-11-20")
    assert result.exit_code == 0 and "was not checked" in result.output
    edit_answers(moved, {"money.payment_terms_days": 45})
    result = run("signed", packet, "--date", "2026-11-20", "--answers", moved)  # still version 1: refused anyway
    assert_reported(result)


# --------------------------------------------------------------------------- a hostile manifest


def _sign_then_change(packet: Path, example_file: Path) -> None:
    run("signed", packet, "--date", "2026-11-20")
    edit_answers(example_file, {"money.flows.0.percentage": 12})


def _set_signed(packet: Path, change) -> None:
    data = json.loads((packet / "manifest.json").read_text())
    change(data["signed"][0])
    (packet / "manifest.json").write_text(json.dumps(data))


@pytest.mark.parametrize("change, says", [
    (lambda e: e.update(folder="../outside"), "signed.0.folder"),
    (lambda e: e.update(folder="history/signed-v7"), "is not history/signed-v1"),
    (lambda e: e["files"].update({"../../etc/passwd": "0" * 64}), "signed.0.files"),
    (lambda e: e.update(date="2027-02-30"), "signed.0.date"),
    (lambda e: e.update(amendment=-1), "signed.0.amendment"),
])
def test_a_hostile_signed_entry_is_refused_like_any_other_manifest_field(packet, example_file, change, says):
    _sign_then_change(packet, example_file)
    _set_signed(packet, change)
    for result in (run("build", example_file, "-o", packet), run("signed", packet, "--list")):
        assert_reported(result)
        assert says in result.output and "manifest.json" in result.output
    assert read_manifest(packet.parent / "out" / "history" / "signed-v1").version == 1  # untouched


def test_a_huge_or_swapped_signed_file_is_refused(packet, example_file, tmp_path):
    _sign_then_change(packet, example_file)
    kept = packet / "history" / "signed-v1" / "agreement.docx"
    with open(kept, "r+b") as handle:  # a sparse 60 MB file: more than any Word file the tool reads
        handle.truncate(60 * 1024 * 1024)
    result = run("build", example_file, "-o", packet)
    assert_reported(result)
    assert "larger than 50 MB" in result.output and "signed-v1/agreement.docx" in result.output
    assert read_manifest(packet).version == 1

    outside = tmp_path / "outside.docx"
    outside.write_bytes(b"x")
    kept.unlink()
    os.symlink(outside, kept)
    result = run("build", example_file, "-o", packet)
    assert_reported(result)
    assert "is a link" in result.output
    assert outside.read_bytes() == b"x"


def test_a_signed_copy_that_was_changed_is_refused(packet, example_file):
    _sign_then_change(packet, example_file)
    kept = packet / "history" / "signed-v1" / "agreement.docx"
    kept.write_bytes((packet / "generated" / "rvu").joinpath(
        next(p.name for p in (packet / "generated" / "rvu").iterdir())).read_bytes())
    result = run("build", example_file, "-o", packet)
    assert_reported(result)
    assert "is not the file that was signed" in result.output
