"""`build --merge` with a lawyer's edits made in a real LibreOffice: opened, edited through its own
API (tests/libreoffice_edit.py), saved as .docx. LibreOffice rewrites every run and style of the
document on the way; the paragraph identities and the merge must survive that."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from helpers import DELETE, edit_answers, run

from agreement_builder.document.docx_text import document_text

EDITOR = Path(__file__).with_name("libreoffice_edit.py")


def _uno_python() -> str:
    for python in ("/usr/bin/python3", shutil.which("python3")):
        if python and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
            return python
    if os.environ.get("CI"):  # Debian's libreoffice-common, which .ci/run installs, brings it
        pytest.fail("LibreOffice's Python bridge (python3-uno) is required in CI")
    pytest.skip("LibreOffice's Python bridge is not installed: apt-get install python3-uno")


@pytest.fixture
def edit_in_libreoffice(soffice, tmp_path):
    python = _uno_python()

    def edit(path: Path, edits: list[dict]) -> None:
        spec = tmp_path / "edits.json"
        spec.write_text(json.dumps(edits), encoding="utf-8")
        saved = tmp_path / "saved.docx"
        done = subprocess.run([python, str(EDITOR), soffice, str(path), str(saved), str(spec)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and saved.is_file(), done.stderr
        shutil.copyfile(saved, path)

    return edit


def test_edits_made_in_libreoffice_survive_a_change_of_terms(example_file, tmp_path, edit_in_libreoffice):
    out = tmp_path / "out"
    assert run("build", example_file, "-o", out).exit_code == 0
    edit_in_libreoffice(out / "agreement.docx", [
        {"paragraph": "bears its own costs", "replace": ["its own costs", "its own reasonable costs"]},
        {"paragraph": "What happens to Confidential Information", "append": " Copies are destroyed."},
        {"paragraph": "When in doubt, ask before acting.", "insert_after": "Share credit generously."},
        {"paragraph": "Problems are discussed between the alliance managers", "delete": True},
        {"paragraph": "A payment is payable", "append": " Invoices go to accounts only."},
        {"paragraph": "know these principles", "append": " And our contractors."},
    ])
    edit_answers(example_file, {"code_of_conduct": DELETE, "money.payment_terms_days": 45})
    result = run("build", example_file, "-o", out, "--merge")
    assert result.exit_code == 0, result.output
    merged = document_text(out / "agreement.docx")
    assert "4.5\tEach Partner bears its own reasonable costs" in merged  # the lawyer's change, in place
    # kept, and its reference renumbered to the return-of-information sub-clause as the exit clause now stands
    assert f"is set out in clause {_number(merged, 'Consequences of termination')}.3. Copies are destroyed." in merged
    assert "Share credit generously." in merged  # added after a paragraph the terms removed: moved, reported
    assert "now follows clause 21.7" in result.output
    assert "Problems are discussed between the alliance managers" not in merged  # stays deleted
    assert "Partnering code of conduct" not in merged  # removed by the terms
    invoice = next(x for x in merged.splitlines() if "A payment is payable" in x)
    assert "payable 45 days after" in invoice and "conflict in clause 16.5" in result.output
    notes = [c.text for c in docx.Document(str(out / "agreement.docx")).comments]
    assert "Invoices go to accounts only." in notes[0]
    # edited in a clause the terms remove: kept, with a comment saying so
    assert "Relationship Value Updates under clause 20. And our contractors." in merged
    assert "The new terms remove this paragraph" in notes[1]
    assert "conflict in clause 22.2: you changed it and the new terms remove it" in result.output


def test_libreoffice_edits_meet_a_clause_the_terms_add_and_a_table_row_they_change(example_file, tmp_path,
                                                                                     edit_in_libreoffice):
    out = tmp_path / "out"
    edit_answers(example_file, {"code_of_conduct": DELETE})
    assert run("build", example_file, "-o", out).exit_code == 0
    edit_in_libreoffice(out / "agreement.docx", [
        {"paragraph": "A payment is payable", "delete": True},
        {"paragraph": "What happens to Confidential Information", "append": " Copies are destroyed."},
        {"find": "Reach retailers that buy through store-operations vendors", "append": " (online and in store)"},
    ])
    edit_answers(example_file, {"code_of_conduct": {"principles": ["Be the partner we would want to have."]},
                                "money.payment_terms_days": 45, "goals.0.target": "15"})
    result = run("build", example_file, "-o", out, "--merge")
    assert result.exit_code == 0, result.output
    merged = document_text(out / "agreement.docx")
    assert _number(merged, "Partnering code of conduct")  # added by the terms, numbered
    # its reference follows the new numbering
    assert f"is set out in clause {_number(merged, 'Consequences of termination')}.3. Copies are destroyed." in merged
    row = next(x for x in merged.splitlines() if "Reach retailers" in x)
    assert "store-operations vendors (online and in store) | " in row and " | 15 | " in row  # cell by cell
    invoice = next(x for x in merged.splitlines() if "A payment is payable" in x)  # deleted, but the terms
    assert "payable 45 days after" in invoice and "conflict in clause 16.5: you deleted it" in result.output  # changed it
    (note,) = [c.text for c in docx.Document(str(out / "agreement.docx")).comments]
    assert "You deleted this paragraph" in note


def test_a_merged_agreement_opens_in_libreoffice(example_file, tmp_path, to_pdf, pdf_text):
    out = tmp_path / "out"
    assert run("build", example_file, "-o", out).exit_code == 0
    document = docx.Document(str(out / "agreement.docx"))
    next(p for p in document.paragraphs if "A payment is payable" in p.text).add_run(" Ours.")
    document.save(str(out / "agreement.docx"))
    edit_answers(example_file, {"money.payment_terms_days": 45})
    assert run("build", example_file, "-o", out, "--merge").exit_code == 0
    text = " ".join(pdf_text(to_pdf(out / "agreement.docx")).split())
    assert "payable 45 days after" in text


def _number(text: str, title: str) -> str:
    """The number of the clause headed `title` in a document's text."""
    found = re.search(rf"^(\d+)\t{re.escape(title)}$", text, re.MULTILINE)
    assert found, title
    return found.group(1)
