"""An output folder's own files are input from someone else: crafted ones never reach outside it.

Each test is an attack a user could meet (a folder shared on a drive, sent back
by email), run through the CLI: a message and exit 1, nothing outside the
folder touched, the version in the folder intact.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import assert_reported, edit_answers, run

from agreement_builder.versions.manifest import sha256_file


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != ".lock"}


@pytest.fixture
def built(example_file, tmp_path):
    """A packet built into out/, a victim folder and file beside it, and the terms changed since."""
    out = tmp_path / "out"
    assert run("build", example_file, "-o", out).exit_code == 0
    victim = tmp_path / "victim"
    (victim / "sub").mkdir(parents=True)
    (victim / "sub" / "precious.txt").write_text("keep me")
    (tmp_path / "victimfile").write_text("keep me too")
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    return out


def _outside_intact(tmp_path: Path) -> None:
    assert (tmp_path / "victim" / "sub" / "precious.txt").read_text() == "keep me"
    assert (tmp_path / "victimfile").read_text() == "keep me too"


def _rebuild_refused(example_file: Path, out: Path, *words: str) -> str:
    before = _snapshot(out)
    result = run("build", example_file, "-o", out)
    assert_reported(result)
    for word in words:
        assert word in result.output, result.output
    assert _snapshot(out) == before
    return result.output


def test_a_journal_naming_a_folder_outside_deletes_nothing(built, example_file, tmp_path):
    journal = {"staging": str(tmp_path / "victim"), "history": None, "retire": [], "install": []}
    (built / ".publish.json").write_text(json.dumps(journal))
    _rebuild_refused(example_file, built, ".publish.json", "staging")
    _outside_intact(tmp_path)


def test_a_journal_retiring_a_file_outside_moves_nothing(built, example_file, tmp_path):
    journal = {"staging": ".staging-0123456789ab", "history": "history/v1", "retire": ["../../victimfile"],
               "install": []}
    (built / ".publish.json").write_text(json.dumps(journal))
    _rebuild_refused(example_file, built, ".publish.json", "retire")
    _outside_intact(tmp_path)


@pytest.mark.parametrize("journal", [{"staging": 5}, [], "x", {"staging": ".staging-0123456789ab", "history": None,
                                                                 "retire": [], "install": [], "more": 1}],
                         ids=["staging-number", "list", "string", "unknown-key"])
def test_a_journal_of_the_wrong_shape_is_named(built, example_file, journal):
    (built / ".publish.json").write_text(json.dumps(journal))
    _rebuild_refused(example_file, built, ".publish.json")


def test_manifest_output_names_outside_the_folder_are_refused(built, example_file, tmp_path):
    manifest = json.loads((built / "manifest.json").read_text())
    manifest["outputs"]["../../victimfile"] = sha256_file(tmp_path / "victimfile")
    (built / "manifest.json").write_text(json.dumps(manifest))
    _rebuild_refused(example_file, built, "manifest.json", "victimfile")
    _outside_intact(tmp_path)


@pytest.mark.parametrize("edit", [
    lambda m: m["terms"]["alliance"].update(effective_date="x"),
    lambda m: m.update(outputs=list(m["outputs"])),
    lambda m: m.update(version="1"),
    lambda m: m.update(inputs=None),
], ids=["terms-date", "outputs-list", "version-text", "inputs-null"])
def test_a_manifest_of_the_wrong_shape_is_named(built, example_file, edit):
    manifest = json.loads((built / "manifest.json").read_text())
    edit(manifest)
    (built / "manifest.json").write_text(json.dumps(manifest))
    _rebuild_refused(example_file, built, "manifest.json")


def test_diff_of_a_manifest_with_invalid_terms_is_named(built, example_file):
    manifest = json.loads((built / "manifest.json").read_text())
    manifest["terms"]["alliance"]["effective_date"] = "x"
    (built / "manifest.json").write_text(json.dumps(manifest))
    result = run("diff", built / "manifest.json", example_file)
    assert_reported(result)
    assert "manifest.json" in result.output and "effective_date" in result.output


@pytest.mark.parametrize("link", ["rvu", "history"])
def test_a_subfolder_replaced_by_a_link_is_never_written_through(built, example_file, tmp_path, link):
    if link == "history":  # a second version first, so history/ exists and has something to move into
        assert run("build", example_file, "-o", built).exit_code == 0
        edit_answers(example_file, {"money.flows.0.percentage": 14})
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(built / link, elsewhere)
    shutil.rmtree(built / link)
    (built / link).symlink_to(elsewhere, target_is_directory=True)
    before = _snapshot(elsewhere)
    result = run("build", example_file, "-o", built)
    assert_reported(result)
    assert "link" in result.output and link in result.output
    assert _snapshot(elsewhere) == before


def test_a_lock_file_replaced_by_a_link_creates_nothing_elsewhere(built, example_file, tmp_path):
    (built / ".lock").unlink()
    (built / ".lock").symlink_to(tmp_path / "created-elsewhere")
    result = run("build", example_file, "-o", built)
    assert_reported(result)
    assert not (tmp_path / "created-elsewhere").exists()


def test_a_failed_first_build_leaves_no_folder_behind(tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text("alliance:\n  name: Half-done Alliance\n")
    result = run("build", draft, "-o", tmp_path / "new")
    assert_reported(result)
    assert not (tmp_path / "new").exists()


# --------------------------------------------------------------------------- writes that fail half-way


def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("target", ["agreement_builder.versions.manifest.Manifest.write",
                                    "agreement_builder.versions.publish.write_text_atomically"],
                         ids=["manifest", "journal"])
def test_a_full_disk_before_the_swap_leaves_the_old_version(built, example_file, monkeypatch, target):
    monkeypatch.setattr(target, _enospc)
    output = _rebuild_refused(example_file, built, "No space left on device", "previous version")
    assert "Traceback" not in output
    assert not list(built.glob(".staging-*"))


def test_a_failure_in_the_middle_of_the_swap_puts_the_old_version_back(built, example_file, monkeypatch):
    real_replace, calls = os.replace, []

    def flaky(source, target):
        if Path(source).name.startswith("."):  # an atomic write's temporary file, not a move of the swap
            return real_replace(source, target)
        calls.append(source)
        if len(calls) == 4:  # some old files already in history/, no new one in place yet
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        real_replace(source, target)

    monkeypatch.setattr("agreement_builder.versions.publish.os.replace", flaky)
    _rebuild_refused(example_file, built, "previous version")
    assert len(calls) == 4 + 3  # three moves made, the fourth failed, the three undone
    assert not (built / ".publish.json").exists() and not list(built.glob(".staging-*"))
    monkeypatch.undo()
    assert run("build", example_file, "-o", built).exit_code == 0, "the next build goes through"


def _as_nobody() -> list[str] | None:
    """The command prefix that runs a program as an unprivileged user, or None where that cannot be done."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import agreement_builder.cli"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_a_folder_made_read_only_stops_the_build_with_the_old_version_intact(example_file):
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("needs root and setpriv, and the checkout readable by an unprivileged user")
    work = Path(tempfile.mkdtemp(prefix="ab-unprivileged-"))
    try:
        work.chmod(0o777)
        deal = work / "deal.yaml"
        shutil.copyfile(example_file, deal)
        deal.chmod(0o666)

        def build() -> subprocess.CompletedProcess:
            return subprocess.run([*prefix, sys.executable, "-m", "agreement_builder", "build", str(deal), "-o",
                                   str(work / "r4")], capture_output=True, text=True, env={**os.environ, "HOME": str(work)})

        assert build().returncode == 0
        edit_answers(deal, {"money.flows.0.percentage": 12})
        (work / "r4" / "rvu").chmod(0o555)
        before = _snapshot(work / "r4")
        done = build()
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and "rvu" in done.stderr
        assert _snapshot(work / "r4") == before
        assert not (work / "r4" / "history").exists(), "nothing was made for a swap that never started"
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(work)])
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- review forms edited in Word


def _edit_form(form: Path) -> None:
    with open(form, "ab") as handle:
        handle.write(b"\0")  # what matters is that the bytes differ from what the tool wrote


def test_rvu_refuses_to_overwrite_a_form_edited_since_a_build(example_file, tmp_path):
    out = tmp_path / "rv"
    assert run("build", example_file, "-o", out).exit_code == 0
    form = sorted((out / "rvu").glob("*.docx"))[0]
    _edit_form(form)
    edited = form.read_bytes()
    result = run("rvu", example_file, "-o", out)
    assert_reported(result)
    assert form.name in result.output and "--force" in result.output
    assert form.read_bytes() == edited
    forced = run("rvu", example_file, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    (kept,) = (out / "history").glob(f"edited-*/rvu/{form.name}")
    assert kept.read_bytes() == edited and form.read_bytes() != edited
    assert "up to date" in run("build", example_file, "-o", out).output, "fresh forms are not 'edited by hand'"


def test_rvu_into_a_folder_of_its_own_remembers_what_it_wrote(example_file, tmp_path):
    out = tmp_path / "forms"
    assert run("rvu", example_file, "-o", out).exit_code == 0
    assert run("rvu", example_file, "-o", out).exit_code == 0, "its own forms are replaced without fuss"
    form = sorted((out / "rvu").glob("*.docx"))[0]
    _edit_form(form)
    result = run("rvu", example_file, "-o", out)
    assert_reported(result)
    assert form.name in result.output
