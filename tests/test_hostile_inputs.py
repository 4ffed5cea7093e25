"""Answers files, clause folders and templates made to hurt: each ends in a message and exit 1, in bounded time.

The ones that used to hang run in a subprocess with a timeout, so a regression
fails the test instead of stalling the suite.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import assert_reported, edit_answers, run

from agreement_builder.document.agreement import default_style

TIMEOUT = 120  # seconds; every case below ends in a few


def _cli(*args: str | Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "agreement_builder", *map(str, args)], capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert "Traceback" not in done.stderr, done.stderr
    return done


# --------------------------------------------------------------------------- answers files


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    done = _cli("check", bomb)
    assert done.returncode == 1 and "aliases" in done.stderr


def test_an_answers_file_too_large_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "w") as handle:
        handle.write("# a comment\n" * (17 * 1024 * 1024 // 12 + 1))
    result = run("check", big)
    assert_reported(result)
    assert "larger than 16 MB" in result.output


@pytest.mark.parametrize("text, words", [
    ("a: " + "[" * 300 + "]" * 300 + "\n", "nested more than"),
    ("alliance:\n  initial_term_months: " + "9" * 5000 + "\n", "digits"),
], ids=["nested-300-deep", "5000-digit-integer"])
def test_answers_that_python_cannot_hold_are_named(tmp_path, text, words):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    result = run("check", bad)
    assert_reported(result)
    assert words in result.output and "bad.yaml" in result.output


@pytest.mark.parametrize("changes, words", [
    ({"alliance.effective_date": "9999-01-01"}, "alliance.effective_date"),
    ({"alliance.initial_term_months": True}, "not true or false"),
], ids=["year-9999", "true-as-a-number"])
def test_values_out_of_range_are_errors_not_tracebacks(example_file, changes, words):
    edit_answers(example_file, changes)
    result = run("check", example_file)
    assert_reported(result)
    assert words in result.output


def test_minus_zero_is_zero(example_file, tmp_path):
    edit_answers(example_file, {"alliance.first_opportunity.estimated_value": -0.0})
    from agreement_builder.answers import load_terms

    assert str(load_terms(example_file).alliance.first_opportunity.estimated_value) == "0.0"


def test_an_answers_file_that_is_a_pipe_is_refused(tmp_path):
    pipe = tmp_path / "deal.yaml"
    os.mkfifo(pipe)
    done = _cli("check", pipe)
    assert done.returncode == 1 and "not a plain file" in done.stderr


# --------------------------------------------------------------------------- clause folders


def _clause(folder: Path, body: str, name: str = "extra") -> Path:
    folder.mkdir(exist_ok=True)
    file = folder / f"{name}.md"
    file.write_text(f"---\nid: {name}\ntitle: Extra\norder: 99\n---\n{body}\n")
    return file


@pytest.mark.parametrize("body", [
    "{% for x in range(10**9) %}x{% endfor %}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 'x' * 10**9 }}",
    "{{ 1 / 0 }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    '{% set ns = namespace(s="xy") %}{% for i in range(45) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}',
    '{% set s = range(100000)|join("xxxxxxxxxx") %}{{ s|replace("x", s) }}',
], ids=["huge-range", "nested-loops", "huge-string", "division-by-zero", "endless-recursion", "doubling",
        "replace-explosion"])
def test_a_clause_made_to_hurt_ends_in_a_message(example_file, tmp_path, body):
    _clause(tmp_path / "mine", body)
    done = _cli("build", example_file, "-o", tmp_path / "out", "--clauses", tmp_path / "mine")
    assert done.returncode == 1, done.stderr
    assert "extra.md" in done.stderr or "your clause folder" in done.stderr  # the memory ceiling names the folder


@pytest.mark.parametrize("kind", ["fifo", "device-link", "folder"])
def test_a_clause_file_that_is_not_a_file_is_refused(example_file, tmp_path, kind):
    mine = tmp_path / "mine"
    mine.mkdir()
    if kind == "fifo":
        os.mkfifo(mine / "x.md")
    elif kind == "device-link":
        (mine / "x.md").symlink_to("/dev/zero")
    else:
        (mine / "x.md").mkdir()
    done = _cli("build", example_file, "-o", tmp_path / "out", "--clauses", mine)
    assert done.returncode == 1 and "x.md" in done.stderr and "not a plain file" in done.stderr


# --------------------------------------------------------------------------- style templates


def _style_with(tmp_path: Path, part: str, data: bytes, extra: bool = False) -> Path:
    """A copy of the built-in agreement template with `part` replaced (or added, with `extra`)."""
    target = tmp_path / "style.docx"
    with zipfile.ZipFile(default_style()) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, data if item.filename == part and not extra else source.read(item.filename))
        if extra:
            out.writestr(part, data)
    return target


def test_a_style_template_that_expands_to_gigabytes_is_refused(example_file, tmp_path):
    style = _style_with(tmp_path, "docProps/bomb.bin", b"\0" * (64 * 1024 * 1024), extra=True)
    assert style.stat().st_size < 1024 * 1024
    result = run("build", example_file, "-o", tmp_path / "out", "--style", style)
    assert_reported(result)
    assert "style.docx" in result.output and "expand" in result.output


def test_a_style_template_with_broken_styles_is_named(example_file, tmp_path):
    style = _style_with(tmp_path, "word/styles.xml", b"<w:styles><unclosed>")
    result = run("build", example_file, "-o", tmp_path / "out", "--style", style)
    assert_reported(result)
    assert "style.docx" in result.output


def test_a_style_header_made_to_loop_forever_ends_in_a_message(example_file, tmp_path):
    with zipfile.ZipFile(default_style()) as source:
        header = source.read("word/header1.xml").decode()
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    style = _style_with(tmp_path, "word/header1.xml", header.replace("{{ alliance_name }}", loop).encode())
    done = _cli("build", example_file, "-o", tmp_path / "out", "--style", style)
    assert done.returncode == 1 and "style.docx" in done.stderr


# --------------------------------------------------------------------------- small things


def test_an_empty_output_folder_name_is_a_usage_error(example_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", example_file, "-o", "")
    assert result.exit_code == 2 and "empty name" in result.output
    assert not (tmp_path / "agreement.docx").exists() and not (tmp_path / "manifest.json").exists()


def test_keys_whose_form_names_collide_are_found_by_check(example_file):
    edit_answers(example_file, {"partners.0.key": "tide_water", "partners.1.key": "tide-water"})
    result = run("check", example_file)
    assert_reported(result)
    assert "partners[1].key" in result.output and "same file names" in result.output
