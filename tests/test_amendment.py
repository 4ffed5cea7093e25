"""After a signed baseline: a change of terms gives an amendment citing the signed clause numbers, beside the
conformed copy; several amendments are numbered in turn; a change that cannot go clause by clause gives an
amended and restated agreement instead."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph
from helpers import edit_answers, run

from agreement_builder.document.docx_text import document_text
from agreement_builder.pipeline import build
from agreement_builder.resources import data_folder
from agreement_builder.versions.manifest import read_manifest

NEW_GOAL = {"owner": "tidewater", "description": "Bring Retail Insight to UK convenience stores",
            "metric": "signed UK convenience-store customers", "target": "5", "timeframe": "first 18 months"}


COVER_SUMMARY = ("The summary of key terms on the cover page of the Agreement (“Key terms at a glance”) is amended "
                 "to match the clauses and Schedules as amended by this Amendment.")


pytestmark = pytest.mark.usefixtures("no_redlines")


@pytest.fixture
def signed_packet(example_file, tmp_path) -> Path:
    out = tmp_path / "out"
    build(example_file, out)
    assert run("signed", out, "--date", "2026-11-20").exit_code == 0
    return out


def _add_goal(goal: dict):
    return lambda data: data["goals"].append(goal)


def _text(path: Path) -> str:
    return document_text(path)


def _number_of(text: str, words: str) -> str:
    """The clause number of the paragraph of an agreement's text that holds `words`."""
    line = next(line for line in text.splitlines() if words in line and "\t" in line)
    return line.split("\t")[0]


def _clause_of_item(text: str, words: str) -> str:
    """"14.2(a)": an item's number with the number of the paragraph it belongs to."""
    paragraph = ""
    for line in text.splitlines():
        number = line.split("\t")[0] if "\t" in line else ""
        if re.fullmatch(r"\d+\.\d+", number):
            paragraph = number
        if words in line and number:
            return paragraph + number if number.startswith("(") else number
    raise AssertionError(words)


def test_a_change_before_signing_is_a_new_version_without_an_amendment(example_file, tmp_path):
    out = tmp_path / "out"
    build(example_file, out)
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    result = build(example_file, out)
    assert result.version == 2
    assert not list(out.glob("amendment-*.docx"))
    assert read_manifest(out).amended is None
    assert "Draft v2 for discussion" in _text(out / "agreement.docx")


def test_a_change_after_signing_gives_an_amendment_citing_the_signed_clauses(signed_packet, example_file):
    signed_text = _text(signed_packet / "history" / "signed-v1" / "agreement.docx")
    fee = _clause_of_item(signed_text, "referral fee of 10%")
    edit_answers(example_file, lambda data: (data["money"]["flows"][0].update(percentage=12.5),
                                             _add_goal(NEW_GOAL)(data)))
    result = run("build", example_file, "-o", signed_packet)
    assert result.exit_code == 0, result.output
    assert "Amendment No. 1 (amendment-1.docx)" in result.output

    amendment = _text(signed_packet / "amendment-1.docx")
    assert amendment.startswith("Amendment No. 1\nto the Larkspur–Tidewater Retail Insight Alliance agreement "
                                "dated 20 November 2026\n")
    provisions = [line.split("\t", 1)[1] for line in amendment.splitlines() if re.match(r"2\.\d+\t", line)]
    assert provisions == [
        f"Clause {fee} is deleted and replaced with:",
        "In Schedule 1, the following row is added after the row for the goal “Make Retail Insight a "
        "self-sustaining offering”:",
        "In Schedule 3, in the row for the payment “Referral fee for customers Larkspur introduces…”, the amount "
        "“10% of first-year net contract value” is replaced with “12.5% of first-year net contract value”.",
        COVER_SUMMARY,
    ]
    assert "referral fee of 12.5% of first-year net contract value" in amendment
    assert "Tidewater | Bring Retail Insight to UK convenience stores | signed UK convenience-store customers | 5" \
        in amendment
    assert "goal 4" not in amendment and "payment 1" not in amendment  # the Schedules do not number their rows
    for unchanged in ("Confidential Information", "referral fee of 10%", "Win deals against suites", "Alliance Manager"):
        assert unchanged not in amendment  # only what changed is restated
    assert ("The amendments in clause 2 take effect on the date of the last signature below (the “Amendment "
            "Effective Date”).") in amendment
    assert "Each counterpart is an original, and together they form one instrument." in amendment
    changes = _number_of(signed_text, "A change to this Agreement is valid only if")
    assert "." in changes  # the paragraph of the general provisions, not the whole clause
    assert f"which is made in writing and signed for each of them as clause {changes} of the Agreement requires." \
        in amendment
    law = _number_of(signed_text, "is governed by the substantive law of Switzerland").split(".")[0]
    assert ("This Amendment, and any non-contractual obligation arising out of or in connection with it, is "
            f"governed by the substantive law of Switzerland (clause {law} of the Agreement).") in amendment
    assert "Signed for and on behalf of" in amendment and "Name: Ciarán Walsh" in amendment
    assert amendment.count("who confirms that they are authorised to sign this Amendment for it.") == 2
    assert "authorised to sign this Agreement" not in amendment

    conformed = _text(signed_packet / "agreement.docx")
    assert "As signed on 20 November 2026, and as amended by Amendment No. 1" in conformed
    assert "Conformed copy v2" in conformed and "referral fee of 12.5%" in conformed
    header = Document(str(signed_packet / "agreement.docx")).sections[0].header.paragraphs[0].text
    assert "Conformed copy v2, as amended by Amendment No. 1" in header
    summary = (signed_packet / "changes-v1-to-v2.txt").read_text()
    assert "Amendment No. 1 (amendment-1.docx) sets out the changes" in summary
    manifest = read_manifest(signed_packet)
    assert (manifest.amended.number, manifest.amended.file) == (1, "amendment-1.docx")
    assert "amendment-1.docx" in manifest.extras


def test_several_changes_since_the_baseline_go_into_one_amendment(signed_packet, example_file):
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    build(example_file, signed_packet)
    edit_answers(example_file, _add_goal(NEW_GOAL))
    build(example_file, signed_packet)
    assert [p.name for p in signed_packet.glob("amendment-*.docx")] == ["amendment-1.docx"]
    amendment = _text(signed_packet / "amendment-1.docx")
    assert "12%" in amendment and "row is added after the row for the goal" in amendment


def test_two_amendments_in_a_row_cite_the_agreement_as_amended_by_the_first(signed_packet, example_file):
    # Amendment 1 puts a new channel first, so the monthly call moves from (b) to (c).
    edit_answers(example_file, lambda data: data["governance"]["channels"].insert(
        0, "a shared Retail Insight deal room"))
    build(example_file, signed_packet, effective=__import__("datetime").date(2027, 2, 1))
    first = _text(signed_packet / "amendment-1.docx")
    signed_text = _text(signed_packet / "history" / "signed-v1" / "agreement.docx")
    channels = _number_of(signed_text, "The Partners shall communicate about the running")
    assert f"A new clause {channels}(a) is inserted after clause {channels}:" in first
    assert "renumbered accordingly" in first and "take effect on 1 February 2027" in first
    assert run("signed", signed_packet, "--date", "2026-11-25").exit_code == 0  # signed before it takes effect

    edit_answers(example_file, lambda data: data["governance"]["channels"].__setitem__(
        2, "fortnightly alliance call"))
    result = run("build", example_file, "-o", signed_packet)
    assert result.exit_code == 0, result.output
    second = _text(signed_packet / "amendment-2.docx")
    assert second.startswith("Amendment No. 2\n")
    assert f"Clause {channels}(c) is deleted and replaced with:" in second  # (b) in the agreement as signed
    assert "“(c)\tfortnightly alliance call”" in second
    assert "as amended by Amendment No. 1 dated 25 November 2026" in second
    assert "deal room" not in second
    conformed = _text(signed_packet / "agreement.docx")
    assert "as amended by Amendments No. 1 and 2" in conformed
    assert (signed_packet / "history" / "v2" / "amendment-1.docx").is_file()


def test_a_change_of_kind_gives_an_amended_and_restated_agreement(signed_packet, example_file):
    edit_answers(example_file, {"alliance.kind": "other"})
    result = run("build", example_file, "-o", signed_packet)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "cannot be made clause by clause by an amendment: the kind of alliance changed" in said
    assert not list(signed_packet.glob("amendment-*.docx"))
    conformed = _text(signed_packet / "agreement.docx")
    assert conformed.startswith("Amended and Restated Alliance Agreement\n")
    assert "Amending and restating the agreement signed on 20 November 2026" in conformed
    assert "amended and restated agreement" in (signed_packet / "changes-v1-to-v2.txt").read_text()
    assert read_manifest(signed_packet).amended.restated
    assert run("signed", signed_packet, "--date", "2026-12-01").exit_code == 0
    assert "the amended and restated agreement" in run("signed", signed_packet, "--list").output


def test_typed_text_in_an_amendment_comes_out_exactly_as_typed(signed_packet, example_file):
    typed = "Win {{ 7*7 }} & <b>((Term))</b> “quoted” 🚀"
    edit_answers(example_file, _add_goal({**NEW_GOAL, "description": typed}))
    build(example_file, signed_packet)
    assert typed in _text(signed_packet / "amendment-1.docx")


def test_a_rebuild_with_the_signed_terms_needs_no_amendment(signed_packet, example_file):
    original = example_file.read_text()
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    build(example_file, signed_packet)
    example_file.write_text(original)
    result = build(example_file, signed_packet)
    assert not (signed_packet / "amendment-1.docx").exists()
    assert any("no amendment is needed" in note for note in result.notes)
    assert "Draft v3 for discussion" in _text(signed_packet / "agreement.docx")


def _provisions(path: Path) -> list[str]:
    return [line.split("\t", 1)[1] for line in _text(path).splitlines() if re.match(r"2\.\d+\t", line)]


def test_deletions_and_insertions_elsewhere_are_separate_provisions(signed_packet, example_file):
    """A segment deleted in one clause and a payment added in another are two changes, not one replacement;
    a deleted paragraph says the ones after it are renumbered, an added schedule row names its place."""
    signed_text = _text(signed_packet / "history" / "signed-v1" / "agreement.docx")
    segment = _clause_of_item(signed_text, "New retailers in Germany, Austria and Switzerland")
    last_fee = _clause_of_item(signed_text, "Share of the launch webinar production costs:")
    edit_answers(example_file, lambda data: (
        data["accounts"]["segments"].pop(1),
        data["money"]["flows"].append({"payer": "larkspur", "payee": "tidewater", "basis": "fixed_fee",
                                       "description": "Share of the trade show stand",
                                       "trigger": "the trade show takes place", "amount": 3000})))
    build(example_file, signed_packet)
    provisions = _provisions(signed_packet / "amendment-1.docx")
    new_fee = last_fee[:-2] + chr(ord(last_fee[-2]) + 1) + ")"
    assert provisions[0] == (f"Clause {segment} is deleted. The paragraphs after it are renumbered accordingly, "
                             "and every reference to them is read accordingly.")
    assert provisions[1] == f"A new clause {new_fee} is inserted after clause {last_fee}:"
    assert ("In Schedule 3, the following row is added after the row for the payment “Share of the "
            "launch webinar production costs”:") in provisions
    assert ("In Schedule 4, the row for the segment or territory “New retailers in Germany, Austria and "
            "Switzerland” is deleted.") in provisions


def test_the_cover_summary_is_amended_only_when_its_words_changed(signed_packet, example_file):
    edit_answers(example_file, _add_goal(NEW_GOAL))  # the goals are not on the cover
    build(example_file, signed_packet)
    provisions = _provisions(signed_packet / "amendment-1.docx")
    assert provisions and COVER_SUMMARY not in provisions
    assert "cover page" not in _text(signed_packet / "amendment-1.docx")

    edit_answers(example_file, {"money.flows.0.percentage": 12})  # the money trail on the cover shows it
    build(example_file, signed_packet)
    assert _provisions(signed_packet / "amendment-1.docx")[-1] == COVER_SUMMARY


def test_a_row_whose_key_text_is_shared_is_named_by_the_cell_that_sets_it_apart(example_file, tmp_path):
    out = tmp_path / "out"
    edit_answers(example_file, _add_goal({**NEW_GOAL, "owner": "larkspur",
                                          "description": "Win deals against suites that bundle forecasting"}))
    build(example_file, out)
    assert run("signed", out, "--date", "2026-11-20").exit_code == 0
    edit_answers(example_file, {"goals.1.target": "10"})
    build(example_file, out)
    assert _provisions(out / "amendment-1.docx") == [
        "In Schedule 1, in the row with “Tidewater” under “Owner”, the target “8” is replaced with “10”."]


def test_a_firms_own_rule_on_changes_is_cited_by_its_clause(example_file, tmp_path):
    """Where no paragraph of the general provisions opens as the library's rule on changes does, recital (B)
    cites the clause: the paragraph cannot be told."""
    own = tmp_path / "clauses"
    own.mkdir()
    library = data_folder("clauses") / "general-provisions.md"
    (own / "general-provisions.md").write_text(library.read_text(encoding="utf-8").replace(
        "A change to this [[Agreement]] is valid only if", "No variation of this [[Agreement]] is effective unless"))
    out = tmp_path / "out"
    build(example_file, out, clauses_dir=own)
    assert run("signed", out, "--date", "2026-11-20").exit_code == 0
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    build(example_file, out, clauses_dir=own)
    signed_text = _text(out / "history" / "signed-v1" / "agreement.docx")
    clause = _number_of(signed_text, "No variation of this Agreement").split(".")[0]
    assert f"signed for each of them as clause {clause} of the Agreement requires." in _text(out / "amendment-1.docx")


def test_a_removed_clause_is_deleted_by_number_and_heading(signed_packet, example_file):
    signed_text = _text(signed_packet / "history" / "signed-v1" / "agreement.docx")
    number = _number_of(signed_text, "Partnering code of conduct")
    edit_answers(example_file, lambda data: data.pop("code_of_conduct"))
    build(example_file, signed_packet)
    assert _provisions(signed_packet / "amendment-1.docx") == [
        f"Clause {number} (Partnering code of conduct) is deleted. The clauses after it are renumbered "
        "accordingly, and every reference to them is read accordingly."]


def test_an_edited_amendment_is_not_recorded_as_signed(signed_packet, example_file):
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    build(example_file, signed_packet)
    amendment = Document(str(signed_packet / "amendment-1.docx"))
    amendment.paragraphs[-1].add_run(" Edited.")
    amendment.save(str(signed_packet / "amendment-1.docx"))
    result = run("signed", signed_packet, "--date", "2026-12-01")
    assert result.exit_code == 1
    assert "edited since version 2 was built: amendment-1.docx" in " ".join(result.output.split())
    assert len(read_manifest(signed_packet).signed) == 1


def test_a_bad_effective_date_is_refused(signed_packet, example_file):
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    result = run("build", example_file, "-o", signed_packet, "--effective", "2027-13-01")
    assert result.exit_code == 1 and "--effective" in result.output and "Traceback" not in result.output
    assert read_manifest(signed_packet).version == 1


def test_a_paragraph_a_lawyer_added_before_signing_is_not_amended(example_file, tmp_path):
    out = tmp_path / "out"
    build(example_file, out)
    edited = Document(str(out / "agreement.docx"))
    anchor = next(p for p in edited.paragraphs if p.text.startswith("Each Partner bears its own costs of negotiating"))
    added = anchor._p.makeelement(anchor._p.tag, {})
    anchor._p.addnext(added)
    Paragraph(added, anchor._parent).add_run("The Partners shall meet the press together.")
    edited.save(str(out / "agreement.docx"))
    edit_answers(example_file, {"money.payment_terms_days": 45})
    build(example_file, out, merge=True)
    assert run("signed", out, "--date", "2026-11-20").exit_code == 0
    edit_answers(example_file, {"money.flows.0.percentage": 12})
    build(example_file, out, merge=True)
    amendment = _text(out / "amendment-1.docx")
    assert "12%" in amendment and "meet the press" not in amendment
    assert "meet the press" in _text(out / "agreement.docx")
