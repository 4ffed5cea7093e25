"""`build --merge`: a lawyer's edits to the agreement survive a change of terms.

Each case of the merge on the example deal, with the lawyer's edits made by python-docx;
tests/test_merge_libreoffice.py makes them in LibreOffice, and test_merge_property.py
tries random edits against random changes of terms.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from helpers import DELETE, assert_reported, edit_answers, run

from agreement_builder.document.docx_text import document_text
from agreement_builder.resources import package_file
from agreement_builder.versions.identity import units
from agreement_builder.versions.manifest import read_manifest

COSTS = "bears its own costs of performing its Commitments"  # clause 4.5: no term changes it
INVOICE = "A payment is payable"  # 16.5: payment days
AFTER_TERM = "What happens to Confidential Information when the Alliance ends"  # 9.8: refers to clause 25
CONDUCT_ITEM = "When in doubt, ask before acting."  # 19.1(d): gone with the code of conduct
CONDUCT_TEXT = "know these principles"  # 19.2


@pytest.fixture
def packet(example_file: Path, tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    assert run("build", example_file, "-o", out).exit_code == 0
    return example_file, out


def edit(path: Path, change: Callable[[docx.document.Document], None]) -> None:
    document = docx.Document(str(path))
    change(document)
    document.save(str(path))


def find(document, words: str) -> Paragraph:
    return next(p for p in document.paragraphs if words in p.text)


def merge(answers: Path, out: Path):
    result = run("build", answers, "-o", out, "--merge")
    assert result.exit_code == 0, result.output
    return result


def text(path: Path) -> str:
    return document_text(path)


def comments(path: Path) -> list[str]:
    return [c.text for c in docx.Document(str(path)).comments]


def line(path: Path, words: str) -> str:
    return next(x for x in text(path).splitlines() if words in x)


def test_a_paragraph_only_the_lawyer_changed_keeps_their_words_and_formatting(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: setattr(find(d, COSTS).add_run(" Travel needs approval."), "bold", True))
    edit_answers(answers, {"money.payment_terms_days": 45})
    result = merge(answers, out)
    merged = docx.Document(str(out / "agreement.docx"))
    kept = find(merged, COSTS)
    assert kept.text.endswith("Travel needs approval.") and kept.runs[-1].bold
    assert "payable 45 days after" in line(out / "agreement.docx", INVOICE)  # changed by the terms only: the new text
    assert "kept 1 paragraph(s) you changed" in result.output
    assert not comments(out / "agreement.docx")


def test_a_paragraph_both_changed_is_a_conflict_listed_by_clause_with_the_lawyers_text_in_a_comment(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: find(d, INVOICE).add_run(" Invoices go to accounts@ only."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    result = merge(answers, out)
    assert line(out / "agreement.docx", INVOICE).startswith("16.5\t")
    assert "payable 45 days after" in line(out / "agreement.docx", INVOICE)
    (note,) = comments(out / "agreement.docx")
    assert "Invoices go to accounts@ only." in note and "payable 30 days after" in note
    assert "conflict in clause 16.5" in result.output
    summary = next(out.glob("changes-v1-to-v2.txt")).read_text(encoding="utf-8")
    assert "conflict in clause 16.5" in summary


def test_a_paragraph_the_lawyer_added_follows_the_paragraph_it_followed(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: find(d, COSTS).insert_paragraph_before("Our own opening words."))
    edit(out / "agreement.docx", lambda d: _add_after(find(d, COSTS), "Our own closing words."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    merge(answers, out)
    lines = text(out / "agreement.docx").splitlines()
    at = next(i for i, x in enumerate(lines) if COSTS in x)
    assert "Our own opening words." in lines[at - 1] and "Our own closing words." in lines[at + 1]


def _add_after(paragraph: Paragraph, words: str) -> None:
    new = paragraph._p.makeelement(paragraph._p.tag)
    paragraph._p.addnext(new)
    Paragraph(new, paragraph._parent).add_run(words)


def test_a_paragraph_the_lawyer_deleted_stays_deleted_unless_the_terms_changed_it(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: [_delete(find(d, words)) for words in (COSTS, INVOICE)])
    edit_answers(answers, {"money.payment_terms_days": 45})
    result = merge(answers, out)
    merged = text(out / "agreement.docx")
    assert COSTS not in merged
    assert "payable 45 days after" in line(out / "agreement.docx", INVOICE)  # the terms changed it: back, a conflict
    (note,) = comments(out / "agreement.docx")
    assert "You deleted this paragraph" in note
    assert "conflict in clause 16.5: you deleted it" in result.output


def _delete(paragraph: Paragraph) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def test_a_clause_the_terms_add_arrives_numbered_and_references_follow(packet):
    answers, out = packet
    conduct = edit_answers(answers, {"code_of_conduct": DELETE})
    shutil.rmtree(out)
    assert run("build", conduct, "-o", out).exit_code == 0
    assert "clause 29" in line(out / "agreement.docx", AFTER_TERM)
    edit(out / "agreement.docx", lambda d: find(d, AFTER_TERM).add_run(" Return it within a week."))
    shutil.copyfile(package_file("example.yaml"), answers)
    merge(answers, out)
    merged = text(out / "agreement.docx")
    assert "22\tPartnering code of conduct" in merged and CONDUCT_ITEM in merged
    kept = line(out / "agreement.docx", AFTER_TERM)  # the lawyer's paragraph, its reference renumbered
    assert "clause 30" in kept and kept.endswith("Return it within a week.")


def test_a_clause_the_terms_remove_goes_but_the_lawyers_edits_in_it_stay_visible(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: find(d, CONDUCT_TEXT).add_run(" And our contractors."))
    edit(out / "agreement.docx", lambda d: _add_after(find(d, CONDUCT_ITEM), "Our own principle."))
    edit_answers(answers, {"code_of_conduct": DELETE})
    result = merge(answers, out)
    merged = text(out / "agreement.docx")
    assert "Partnering code of conduct" not in merged and CONDUCT_ITEM not in merged
    assert "And our contractors." in merged and "Our own principle." in merged
    (note,) = comments(out / "agreement.docx")
    assert "The new terms remove this paragraph" in note
    assert "conflict in clause 22.2: you changed it and the new terms remove it" in result.output
    assert "a paragraph you added after a paragraph the new terms removed now follows clause 21.7" in result.output


def test_a_table_row_the_lawyer_edited_is_kept_beside_rows_the_terms_changed(packet):
    answers, out = packet
    rows = []

    def edit_row(document):
        table = next(t for t in document.tables if "Metric" in t.rows[0].cells[0].text or len(t.rows) > 3)
        rows.append(table.rows[1].cells[-1].text)
        table.rows[1].cells[-1].paragraphs[0].add_run(" (as agreed)")

    edit(out / "agreement.docx", edit_row)
    edit_answers(answers, {"money.payment_terms_days": 45})
    merge(answers, out)
    assert rows[0] + " (as agreed)" in text(out / "agreement.docx")


def test_every_paragraph_and_row_has_an_identity_that_the_next_version_keeps(packet, example_file):
    answers, out = packet
    first = {u.id: u.text for u in units(docx.Document(str(out / "agreement.docx")).element.body)}
    assert None not in first and len(first) > 300
    edit_answers(answers, {"money.payment_terms_days": 45})
    assert run("build", answers, "-o", out).exit_code == 0
    second = {u.id: u.text for u in units(docx.Document(str(out / "agreement.docx")).element.body)}
    assert set(first) == set(second)  # same paragraphs, same identities
    assert sum(first[k] != second[k] for k in first) == sum("45 days" in t for t in second.values())


def test_an_edited_agreement_stops_a_plain_build_offering_merge_first(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: find(d, COSTS).add_run(" Edited."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    result = run("build", answers, "-o", out)
    assert_reported(result)
    assert result.output.index("--merge") < result.output.index("--force")
    assert_reported(run("build", answers, "-o", out, "--merge", "--force"), code=2)


def test_merged_edits_survive_the_next_change_of_terms_too(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: find(d, COSTS).add_run(" Edited in version 1."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    merge(answers, out)
    manifest = read_manifest(out)
    assert manifest.outputs["agreement.docx"] != manifest.extras["generated/agreement.docx"]
    edit_answers(answers, {"money.payment_terms_days": 60})
    assert_reported(run("build", answers, "-o", out))  # the merged edits count as edits: never overwritten
    merge(answers, out)
    assert line(out / "agreement.docx", COSTS).endswith("Edited in version 1.")
    assert "payable 60 days after" in line(out / "agreement.docx", INVOICE)
    assert (out / "history" / "v2" / "generated" / "agreement.docx").is_file()


def test_the_redline_shows_only_what_the_new_terms_changed(packet):
    pytest.importorskip("python_redlines")
    answers, out = packet
    edit(out / "agreement.docx", lambda d: find(d, COSTS).add_run(" Edited."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    merge(answers, out)
    (redline,) = out.glob("redline-v1-edited-to-v2.docx")
    body = docx.Document(str(redline)).element.body
    deleted = "".join(t.text or "" for t in body.iter("{*}delText"))
    inserted = "".join(t.text or "" for ins in body.iter("{*}ins") for t in ins.iter("{*}t"))
    assert "Edited." not in deleted and "Edited." not in inserted  # the lawyer's own work is no change
    assert "30" in deleted and "45" in inserted


def test_a_folder_built_before_generated_copies_were_kept_says_to_use_force(packet):
    answers, out = packet
    shutil.rmtree(out / "generated")
    manifest = read_manifest(out)
    manifest.extras.pop("generated/agreement.docx")
    manifest.write(out)
    edit(out / "agreement.docx", lambda d: find(d, COSTS).add_run(" Edited."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    result = run("build", answers, "-o", out, "--merge")
    assert_reported(result)
    assert "--force" in result.output and "kept a copy" in result.output


def test_a_generated_copy_that_does_not_match_the_manifest_is_not_trusted(packet):
    answers, out = packet
    edit(out / "generated" / "agreement.docx", lambda d: find(d, COSTS).add_run(" Planted."))
    edit(out / "agreement.docx", lambda d: find(d, COSTS).add_run(" Edited."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    result = run("build", answers, "-o", out, "--merge")
    assert_reported(result)
    assert "kept a copy" in result.output  # the planted copy is ignored: there is no base to merge from
    assert line(out / "agreement.docx", COSTS).endswith("Edited.")


def test_diff_names_the_clauses_where_a_merge_met_the_new_terms(packet):
    answers, out = packet
    edit(out / "agreement.docx", lambda d: find(d, INVOICE).add_run(" Ours."))
    edit_answers(answers, {"money.payment_terms_days": 45})
    merge(answers, out)
    result = run("diff", out / "history" / "v1", out)
    assert result.exit_code == 0, result.output
    assert "payment terms 30 days → 45 days" in result.output
    assert "Version 2 merged the edited agreement: conflicts in clause 16.5." in result.output


def test_redlines_are_a_default_dependency_where_the_engine_ships():
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (engine,) = [Requirement(r) for r in project["dependencies"] if r.startswith("python-redlines")]
    assert engine.extras == {"docxodus"}
    linux_x86 = {"sys_platform": "linux", "platform_machine": "x86_64"}
    assert engine.marker.evaluate(linux_x86) and engine.marker.evaluate({"sys_platform": "darwin",
                                                                         "platform_machine": "arm64"})
    assert not engine.marker.evaluate({"sys_platform": "linux", "platform_machine": "s390x"})
    assert not engine.marker.evaluate({"sys_platform": "freebsd14", "platform_machine": "amd64"})
    assert project["optional-dependencies"]["redlines"] == ["python-redlines[docxodus]>=2.0"]


FORM = "rvu/Y1-Q1-larkspur-short.docx"


def test_a_review_form_keeps_a_partners_answers_where_its_pre_filled_parts_change(packet):
    answers, out = packet

    def fill(document):
        goals = next(t for t in document.tables if t.rows[0].cells[0].text == "Goal")
        goals.rows[1].cells[5].paragraphs[0].add_run("Nine signed, three in pilot")
        steps = next(t for t in document.tables if t.rows[0].cells[0].text == "Step")
        steps.rows[1].cells[0].paragraphs[0].add_run("Train two more sales engineers")
        value = next(t for t in document.tables if "what has the alliance brought" in t.rows[0].cells[0].text)
        value.rows[0].cells[0].add_paragraph("Four new retailers.")

    answers_period = ("--period", "Y1-Q1")
    shutil.rmtree(out)
    assert run("build", answers, "-o", out, *answers_period).exit_code == 0
    edit(out / FORM, fill)
    edit_answers(answers, {"goals.0.target": "15"})
    assert_reported(run("build", answers, "-o", out, *answers_period))  # a filled-in form is never overwritten
    result = run("build", answers, "-o", out, "--merge", *answers_period)
    assert result.exit_code == 0, result.output
    form = docx.Document(str(out / FORM))
    goals = next(t for t in form.tables if t.rows[0].cells[0].text == "Goal")
    assert goals.rows[1].cells[3].text == "15" and goals.rows[1].cells[5].text == "Nine signed, three in pilot"
    assert "Train two more sales engineers" in text(out / FORM) and "Four new retailers." in text(out / FORM)
    assert not form.comments
    assert f"The edits to {FORM}, merged into version 2:" in result.output


def test_a_copy_that_lost_every_identity_is_merged_by_wording_and_says_so(packet):
    answers, out = packet

    def strip(document):
        for start in list(document.element.body.iter("{*}bookmarkStart")):
            if start.get(qn("w:name")).startswith("_AB"):
                start.getparent().remove(start)
        find(document, COSTS).add_run(" Edited.")

    edit(out / "agreement.docx", strip)
    edit_answers(answers, {"money.payment_terms_days": 45})
    result = merge(answers, out)
    assert line(out / "agreement.docx", COSTS).endswith("Edited.")
    assert "payable 45 days after" in line(out / "agreement.docx", INVOICE)
    assert "matched by their wording alone" in result.output
    assert text(out / "agreement.docx").count(INVOICE) == 1


def test_forms_rewritten_by_the_rvu_command_are_not_taken_for_edited_ones(packet):
    answers, out = packet
    edit_answers(answers, {"goals.0.target": "15"})
    assert (out / "generated" / FORM).exists()
    assert run("rvu", answers, "-o", out, "--period", "Y1-Q1").exit_code == 0
    assert not (out / "generated" / FORM).exists()  # it no longer says what the form was generated as
    result = run("build", answers, "-o", out, "--period", "Y1-Q1")
    assert result.exit_code == 0, result.output
