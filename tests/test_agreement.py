"""The agreement .docx: packet, golden text, conditions, numbering, cross-references, styling."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from agreement_builder.document.agreement import default_style, plan_agreement
from agreement_builder.document.docx_text import document_text, paragraph_numbers
from agreement_builder.errors import ClauseError, RenderError
from agreement_builder.pipeline import agreement_bytes, render_packet
from agreement_builder.terms.model import Terms

TODAY = dt.date(2026, 12, 1)


def variant(terms: Terms, **changes) -> Terms:
    data = terms.model_dump()
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = data
        for part in parents:
            target = target[part]
        target[last] = value
    return Terms.model_validate(data)


def build(terms: Terms, **options) -> Document:
    data, warnings = agreement_bytes(terms, today=TODAY, **options)
    assert warnings == [], warnings
    import io
    return Document(io.BytesIO(data))


def headings(document) -> dict[str, str]:
    """Clause title -> number, as Word numbers the "Heading 1" paragraphs."""
    numbers = {}
    for line in document_text(document).splitlines():
        match = re.match(r"^(\d+)\t(.+)$", line)
        if match:
            numbers[match[2]] = match[1]
    return numbers


def references(document) -> list[tuple[str, str, str | None]]:
    """Every REF field: (bookmark, cached result, number Word gives the bookmarked paragraph)."""
    targets = {}
    for paragraph, number in paragraph_numbers(document):
        for mark in paragraph._p.findall(qn("w:bookmarkStart")):
            targets[mark.get(qn("w:name"))] = number
    found = []
    for p in document.element.body.iter(qn("w:p")):
        runs = list(p.iter(qn("w:r")))
        for i, run in enumerate(runs):
            instr = run.find(qn("w:instrText"))
            if instr is not None and instr.text.strip().startswith("REF "):
                name = instr.text.split()[1]
                result = runs[i + 2].find(qn("w:t")).text  # begin, instr, separate, RESULT, end
                found.append((name, result, targets.get(name)))
    return found


# --------------------------------------------------------------------------- the packet


def test_render_packet_writes_agreement_libreoffice_opens(example_terms, tmp_path, to_pdf, pdf_text):
    out = tmp_path / "out"
    packet = render_packet(example_terms, out, today=TODAY)
    assert Path("agreement.docx") in packet.files
    assert all(not f.is_absolute() and (out / f).is_file() for f in packet.files)
    assert packet.warnings == []
    pdf = to_pdf(out / "agreement.docx")
    text = pdf_text(pdf)
    assert "Larkspur–Tidewater Retail Insight Alliance" in text
    assert re.search(r"Page 2 of \d+", text)


def test_golden_text(example_terms, golden):
    data, _ = agreement_bytes(example_terms, today=TODAY, version="v1")
    golden("agreement.txt", document_text(data))


def test_existing_agreement_survives_a_failed_build(example_terms, tmp_path):
    out = tmp_path / "out"
    render_packet(example_terms, out, today=TODAY)
    before = (out / "agreement.docx").read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "parties.md").write_text("---\nid: parties\ntitle: P\norder: 1\n---\n{{ nope }}\n", encoding="utf-8")
    with pytest.raises(ClauseError):
        render_packet(example_terms, out, clauses_dir=broken, today=TODAY)
    assert (out / "agreement.docx").read_bytes() == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


# --------------------------------------------------------------------------- conditions


CONDITIONS = [
    ({"trust__confidentiality_level": "light"}, {"confidentiality-light"}, {"confidentiality-strict"}),
    ({"trust__partners_compete": False, "trust__competitor_safeguards": []}, set(), {"competing-partners"}),
    ({"trust__customer_data_shared": False, "trust__customer_data_rules": None}, set(), {"customer-data"}),
    ({"accounts__non_solicitation_months": 0}, set(), {"non-solicitation"}),
    ({"money__revenue_splits": []}, set(), {"revenue-sharing"}),
    ({"money__pay_every_supplier": False}, set(), {"paying-every-supplier"}),
    ({"code_of_conduct": None}, set(), {"code-of-conduct"}),
    ({"termination__convenience_notice_days": None}, set(), {"termination-for-convenience"}),
    ({"disputes__mediation": False}, set(), {"mediation"}),
    ({"disputes__final_forum": "courts", "disputes__arbitration_rules": None},
     {"disputes-courts"}, {"disputes-arbitration"}),
]


@pytest.mark.parametrize("changes, added, removed", CONDITIONS, ids=[next(iter(c[0])) for c in CONDITIONS])
def test_switching_a_condition_changes_exactly_its_clauses(example_terms, changes, added, removed):
    before = {c.id for c in plan_agreement(example_terms).clauses}
    terms = variant(example_terms, **changes)
    after = {c.id for c in plan_agreement(terms).clauses}
    assert after - before == added
    assert before - after == removed
    # Numbering and cross-references stay right in the document itself.
    document = build(terms)
    plan = plan_agreement(terms)
    numbers = headings(document)
    for clause in plan.clauses:
        if clause.numbered:
            assert numbers[clause.meta.title] == plan.numbers[clause.id], clause.id
    refs = references(document)
    assert refs, "the agreement has cross-references"
    for name, shown, target in refs:
        assert target is not None, f"REF {name} points to no bookmark"
        assert shown == target, f"REF {name} shows {shown}, heading is numbered {target}"


NEGOTIATED_FIGURES = [
    ({"money__audit_interval_months": 24}, "once in any period of 24 months", "period of 12 months"),
    ({"money__audit_cost_threshold_percent": "2.5"}, "by more than 2.5% of what", "by more than 5% of what"),
    ({"disputes__mediation_days": 30}, "settled within 30 days after the mediation notice", "within 45 days"),
    ({"disputes__arbitrators": "three"}, "three arbitrators. Each Partner nominates one", "a sole arbitrator"),
    ({"termination__change_of_control_months": 6}, "within 6 months after that Partner learns", "within 3 months"),
]


@pytest.mark.parametrize("changes, now, before", NEGOTIATED_FIGURES, ids=[next(iter(c[0])) for c in NEGOTIATED_FIGURES])
def test_figures_lawyers_negotiate_come_from_the_terms(example_terms, changes, now, before):
    assert before in document_text(build(example_terms))
    text = document_text(build(variant(example_terms, **changes)))
    assert now in text and before not in text


def test_example_numbering_and_references(example_terms):
    document = build(example_terms)
    plan = plan_agreement(example_terms)
    numbered = [c for c in plan.clauses if c.numbered]
    assert [plan.numbers[c.id] for c in numbered] == [str(i) for i in range(1, len(numbered) + 1)]
    assert headings(document) == {c.meta.title: plan.numbers[c.id] for c in numbered}
    refs = references(document)
    assert len(refs) > 10
    assert all(shown == target for _, shown, target in refs)


# --------------------------------------------------------------------------- the Word structure


def test_numbering_is_words_own_list_linked_to_styles(example_terms):
    document = build(example_terms)
    styles = {s.name: s for s in document.styles}
    for name, level in (("Heading 1", 0), ("Clause Level 2", 1), ("Clause Level 3", 2)):
        numpr = styles[name].element.pPr.find(qn("w:numPr"))
        assert numpr is not None, f"{name} is not linked to the clause list"
        ilvl = numpr.find(qn("w:ilvl"))
        assert (int(ilvl.get(qn("w:val"))) if ilvl is not None else 0) == level
    numbering = document.part.numbering_part.element
    levels = {lvl.find(qn("w:pStyle")).get(qn("w:val")): lvl.find(qn("w:lvlText")).get(qn("w:val"))
              for lvl in numbering.iter(qn("w:lvl")) if lvl.find(qn("w:pStyle")) is not None}
    assert levels == {"Heading1": "%1", "ClauseLevel2": "%1.%2", "ClauseLevel3": "(%3)"}
    # No paragraph carries a hand-typed number.
    assert not any(re.match(r"^\d+(\.\d+)*\s", p.text) for p in document.paragraphs
                   if p.style.name.startswith(("Heading 1", "Clause Level")))


def test_defined_terms_are_bold_and_quoted_where_defined(example_terms):
    document = build(example_terms)
    bold = {r.text for p in document.paragraphs for r in p.runs if r.bold}
    assert "“Effective Date”" in bold and "“Partner”" in bold and "“Larkspur”" in bold
    uses = [r for p in document.paragraphs for r in p.runs if r.text == "Effective Date"]
    assert uses and not any(r.bold for r in uses)


def test_header_footer_and_cover(example_terms, tmp_path):
    data, _ = agreement_bytes(example_terms, today=TODAY, version="v3")
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as package:
        xml = {name: package.read(name).decode() for name in package.namelist() if name.endswith(".xml")}
    headers = "".join(v for k, v in xml.items() if k.startswith("word/header"))
    footers = "".join(v for k, v in xml.items() if k.startswith("word/footer"))
    assert "Larkspur–Tidewater Retail Insight Alliance" in headers
    assert "Draft v3 · 1 December 2026" in headers
    assert "{{" not in headers and "{%" not in headers
    assert " PAGE " in footers and " NUMPAGES " in footers
    text = document_text(data)
    cover = text.split("\nParties\n")[0]
    for expected in ("Alliance Agreement", "Co-selling / joint offering", "1 January 2027",
                     "Existing Tidewater customers | Tidewater | Tidewater account executive",
                     "Tidewater | Larkspur | Retail Insight subscriptions"):
        assert expected in cover


def test_schedules_are_tables(example_terms):
    document = build(example_terms)
    text = document_text(document)
    for number, title in enumerate(["Goals", "Commitments and deliverables", "Payment schedule",
                                    "Account ownership", "Review calendar"], 1):
        assert f"Schedule {number}\n{title}\n" in text
    review_rows = [line for line in text.splitlines() if line.startswith("Y")]
    assert len(review_rows) == 8  # quarterly over a 24-month term
    assert review_rows[0].startswith("Y1-Q1 | 1 January 2027 | 31 March 2027 | 15 April 2027")
    assert "Y1-Q4\nAnnual strategic review | 1 October 2027 | 31 December 2027 | 15 January 2028" in text
    assert not re.search(r"\b\d+ (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec) \d{4}", text)  # in full, as the clauses


def test_own_style_template(example_terms, tmp_path):
    style = tmp_path / "firm.docx"
    shutil.copyfile(default_style(), style)
    document = Document(str(style))
    document.styles["Normal"].font.name = "Liberation Serif"
    document.save(str(style))
    built = build(example_terms, style=style)
    assert built.styles["Normal"].font.name == "Liberation Serif"

    bare = tmp_path / "bare.docx"
    Document().save(str(bare))
    with pytest.raises(RenderError) as caught:
        agreement_bytes(example_terms, style=bare)
    assert caught.value.field == "--style" and "Clause Level 2" in caught.value.message
    with pytest.raises(RenderError):
        agreement_bytes(example_terms, style=tmp_path / "missing.docx")


def test_a_style_file_that_is_not_word_or_has_broken_tags_is_reported(example_file, tmp_path):
    from helpers import assert_reported, run

    not_word = tmp_path / "notes.docx"
    not_word.write_text("not a Word file")
    result = run("build", example_file, "-o", tmp_path / "out", "--style", not_word)
    assert_reported(result)
    assert "notes.docx" in result.output and "--style" in result.output

    broken = tmp_path / "broken.docx"
    document = Document(str(default_style()))
    document.sections[0].header.paragraphs[0].add_run(" {{ firm_logo ")
    document.save(str(broken))
    result = run("build", example_file, "-o", tmp_path / "out", "--style", broken)
    assert_reported(result)
    assert "broken.docx" in result.output and "tags" in result.output
    assert not (tmp_path / "out" / "agreement.docx").exists()


def test_schedule_tables_are_filled_in_one_pass_over_their_rows(example_terms, monkeypatch):
    # python-docx's rows[i] lists every row of the table on each call: used per row, a
    # schedule of n goals cost n² (2,000 goals: 4 million row objects). No timing here:
    # the number of such look-ups must not grow with the number of goals.
    from docx.table import _Rows

    lookups = []
    original = _Rows.__getitem__

    def counting(self, index):
        lookups.append(index)
        return original(self, index)

    monkeypatch.setattr(_Rows, "__getitem__", counting)
    goal = example_terms.goals[0].model_dump()
    counts = []
    for count in (3, 60):
        lookups.clear()
        many = example_terms.model_copy(update={"goals": [type(example_terms.goals[0])(**goal)] * count})
        text = document_text(build(many))
        assert text.count(goal["description"]) == count
        counts.append(len(lookups))
    assert counts[0] == counts[1]
