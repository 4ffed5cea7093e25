"""Small helpers shared by tests: editing the example deal and running the CLI."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from click.testing import CliRunner, Result

from agreement_builder.answers import dump_yaml, parse_yaml, read_text
from agreement_builder.cli import main
from agreement_builder.document.docx_text import document_text
from agreement_builder.library.clauses import load_library, select_clauses
from agreement_builder.library.render import ClauseRef, Definition, Renderer, TermUse
from agreement_builder.resources import package_file
from agreement_builder.terms.model import Terms

# The built-in example and every test deal, by name: the deals each kind and law is drafted for.
ALL_DEALS: dict[str, Path] = {deal.stem: deal for deal in
                              [package_file("example.yaml"), *sorted((Path(__file__).parent / "deals").glob("*.yaml"))]}


def run(*args: str | Path, input: str | None = None) -> Result:
    """Run the CLI in-process; exceptions propagate only if the CLI failed to report them."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=True)


def assert_reported(result: Result, code: int = 1) -> None:
    """The command failed the way a user should see it: an exit code, a message, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert not (result.exception and not isinstance(result.exception, SystemExit)), repr(result.exception)


DELETE = object()  # as a value in `changes`: remove the key
# The example moved to German law and the Frankfurt courts, as the lawyers' reads of issue 12 read it.
GERMAN = {"disputes.final_forum": "courts", "disputes.venue": "Frankfurt am Main, Germany",
          "disputes.governing_law": "germany", "disputes.arbitration_rules": DELETE, "disputes.arbitrators": DELETE}


def set_fields(data: Any, changes: dict[str, Any]) -> Any:
    """Change plain or round-trip answers data in place: {"goals.0.owner": "acme"}; digits index lists."""
    for path, value in changes.items():
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node = data
        for part in parents:
            node = node[part]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return data


def edit_answers(file: Path, change: dict[str, Any] | Callable[[Any], None]) -> Path:
    """The answers file with these fields changed (`set_fields`) or `change` applied; comments kept."""
    data = parse_yaml(read_text(file), file)
    set_fields(data, change) if isinstance(change, dict) else change(data)
    file.write_text(dump_yaml(data), encoding="utf-8")
    return file


def build_text(folder: Path, deal: Path, changes: dict[str, Any] | None = None, *,
               sections_as_clauses: bool = True) -> str:
    """The text of the agreement built in `folder` (its answers at `folder`/deal.yaml) from a copy of `deal` with
    these fields changed; a US agreement's Sections read as clauses (`as_clauses`) unless told otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "deal.yaml"
    file.write_text(deal.read_text(encoding="utf-8"), encoding="utf-8")
    if changes:
        edit_answers(file, changes)
    result = run("build", file, "-o", folder / "out")
    assert result.exit_code == 0, result.output
    text = document_text(folder / "out" / "agreement.docx")
    return as_clauses(text) if sections_as_clauses else text


# A clause runs from its heading ("7<tab>Title") to the next clause's heading, the signatures or the end.
_CLAUSE_END = r"(?=^\d+\t\S|^Signatures$|\Z)"


def clause(text: str, title: str) -> tuple[str, str]:
    """The number and the text of the clause headed `title` in an agreement's text."""
    match = re.search(rf"^(\d+)\t{re.escape(title)}\n(.*?){_CLAUSE_END}", text, re.M | re.S)
    assert match, f"no clause headed {title!r}"
    return match[1], match[2]


def clause_text(text: str, number: str) -> str:
    """The text of clause `number` in an agreement's text."""
    match = re.search(rf"^{number}\t[^\n]*\n(.*?){_CLAUSE_END}", text, re.M | re.S)
    assert match, f"no clause {number}"
    return match[1]


def terms_with(terms: Terms, change: dict[str, Any] | Callable[[dict], None]) -> Terms:
    """A validated copy of `terms` with these fields changed (`set_fields`) or `change` applied to its data."""
    data = terms.model_dump()
    set_fields(data, change) if isinstance(change, dict) else change(data)
    return Terms.model_validate(data)


def assert_terms_defined_and_clauses_present(terms: Terms) -> None:
    """Every defined term the chosen clauses use is defined in them (a plural counts), and every clause they
    refer to is among them."""
    chosen = select_clauses(load_library(), terms)
    renderer = Renderer(terms)
    rendered = {c.id: c.render(renderer, signer=terms.partners[0]) if c.meta.layout == "signatures"
                else c.render(renderer) for c in chosen}
    runs = [run for blocks in rendered.values() for block in blocks for run in block.runs]
    defined = {r.term for r in runs if isinstance(r, Definition)}
    for r in runs:
        if isinstance(r, TermUse):
            assert r.term in defined or r.term.rstrip("s") in defined, r.term
        if isinstance(r, ClauseRef):
            assert r.clause_id in rendered, r.clause_id


def as_clauses(text: str) -> str:
    """An agreement's text with a US agreement's "Section" read as "clause", for tests of its structure that
    hold under every law (tests/test_law_drafting.py checks the US word itself)."""
    return re.sub(r"\bSection(s?)\b", lambda match: "clause" + match[1], text)
