"""Clause bodies rendered into a neutral structure: blocks of runs.

A clause body is a Jinja template (clauses/README.md). It runs in a sandbox
with StrictUndefined, and every value it prints is kept *out of band*: the
`finalize` hook swaps the value for an opaque token (two control characters
XML cannot hold, so no cleaned answer can contain them) and the token is
turned back into a run of plain text after the markup of the clause itself
(`((Term))`, `[[Term]]`, blank lines, "- " items) has been read. So an answer
is never rendered as a template, never read as markup, and its newlines stay
line breaks instead of splitting paragraphs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from types import CodeType
from typing import Any, Callable

from jinja2 import Template, TemplateSyntaxError, nodes, pass_context
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from .. import articles, formatting, vocabulary
from ..spelling import conform
from ..terms import jurisdictions
from ..terms.accounts import ACCOUNT_KINDS
from ..terms.competition_law import competition_laws
from ..terms.covenants import Covenants
from ..terms.customer_terms import applies as has_customer_terms
from ..terms.customer_terms import completed as completed_customer_terms
from ..terms.data_protection import data_protection
from ..terms.data_sharing import DataSharing
from ..terms.governing_law import drafted_law
from ..terms.liability import completed as completed_liability
from ..terms.marketing import Marketing
from ..terms.model import Alliance, MoneyTrail, PaymentFlow, Referrals, Terms
from ..terms.supply import Supply
from ..terms.technology import Technology
from ..terms.values import AllianceKind, CampaignCosts
from . import anchors
from .sandbox import sandboxed

# Token delimiters: XML-invalid, so safe_text.clean_terms has removed them from every answer.
_OPEN, _CLOSE = "\x01", "\x02"
_TOKEN = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_MARKUP = re.compile(r"\(\((?P<define>[^()\n]+?)\)\)|\[\[(?P<use>[^\[\]\n]+?)\]\]|" + _TOKEN.pattern)
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")

# Parts of the terms filled in when they are left out, by the renderer (Renderer below) or the model (a referral's
# direction), so a clause may read them without testing them first.
COMPLETED = frozenset({"referrals", "marketing", "supply", "data_sharing", "technology", "liability", "covenants",
                       "referrals.direction", "accounts.customer_terms", *(f"accounts.customer_terms.{name}" for name in (
                           "contract_by", "service_levels_by", "first_line_support_by", "second_line_support_by"))})

SCHEDULES = ("goals", "commitments", "payments", "accounts", "reviews", "data_sharing")


def schedules_for(terms: Terms) -> tuple[str, ...]:
    """The schedules these terms have, in order: the data-sharing one only when customer data is shared, the
    accounts one only in a kind of alliance that shares out customer segments, the payments one only when
    something is paid (an empty table would be a leftover)."""
    marketing = terms.marketing
    shared_costs = marketing is not None and marketing.campaign_costs is CampaignCosts.SHARED
    left_out = {"data_sharing": not terms.trust.customer_data_shared,
                "accounts": terms.alliance.kind not in ACCOUNT_KINDS,
                "payments": not (terms.money.flows or terms.money.revenue_splits or shared_costs)}
    return tuple(name for name in SCHEDULES if not left_out.get(name))


# --------------------------------------------------------------------------- the neutral structure


@dataclass(frozen=True)
class Text:
    text: str
    answer: bool = False  # came from the terms: newlines in it are line breaks


@dataclass(frozen=True)
class Definition:
    term: str  # where a defined term is defined: shown bold and quoted


@dataclass(frozen=True)
class TermUse:
    term: str  # a use of a defined term: shown as plain text


@dataclass(frozen=True)
class ClauseRef:
    clause_id: str  # resolved to the clause's number (a REF field in Word)
    anchor: str | None = None  # a sub-clause marked <<anchor>> in that clause: "25.1(c)"

    @property
    def key(self) -> str:
        return anchors.key(self.clause_id, self.anchor)


@dataclass(frozen=True)
class ScheduleRef:
    name: str  # one of SCHEDULES


Run = Text | Definition | TermUse | ClauseRef | ScheduleRef


@dataclass
class Block:
    kind: str  # "para" (numbered sub-clause) or "item" ((a), (b) under the paragraph before)
    runs: list[Run] = field(default_factory=list)
    anchor: str | None = None  # marked <<anchor>> in the body: other clauses may cite it with ref(id, anchor)

    @property
    def plain(self) -> str:
        return "".join(run_text(r) for r in self.runs)


def run_text(run: Run, numbers: dict[str, str] | None = None, schedules: dict[str, str] | None = None) -> str:
    """A run as plain text (numbers of clauses/schedules filled in when known)."""
    if isinstance(run, Text):
        return run.text
    if isinstance(run, (Definition, TermUse)):
        return run.term
    if isinstance(run, ClauseRef):
        return (numbers or {}).get(run.key, "?")
    return (schedules or {}).get(run.name, "?")


# --------------------------------------------------------------------------- the environment


class RefRequest:
    """What ref()/schedule() return: printed, it becomes a reference run, not text."""

    def __init__(self, run: Run, prefix: str):
        self.run, self.prefix = run, prefix

    def __str__(self) -> str:  # only reached if a template concatenates it with ~
        raise TypeError("ref() and schedule() must be printed on their own: {{ ref('id') }}")


def make_environment() -> SandboxedEnvironment:
    """The sandboxed Jinja environment clause bodies and `when` conditions run in."""
    env = sandboxed(autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.finalize = _finalize
    env.globals.update(date=formatting.date, money=formatting.money, percent=formatting.percent,
                       hours=formatting.hours, days=formatting.days, months=formatting.months,
                       years=formatting.years, competition_laws=competition_laws,
                       anti_corruption_laws=jurisdictions.anti_corruption_laws,
                       sanctions_authorities=jurisdictions.sanctions_authorities,
                       insolvency_proceedings=jurisdictions.insolvency_proceedings,
                       registered_address=jurisdictions.registered_address, article=articles.indefinite,
                       the=articles.definite, everywhere=articles.everywhere,
                       # a value's word as the schedules show it (data/vocabulary.yaml), so clause and schedule agree
                       word=vocabulary.word)
    return env


@pass_context
def _finalize(context, value: Any) -> Any:
    # Every printed value goes to the renderer's token hook; outside a Renderer
    # (lint's static checks, `when` conditions) values print as they are.
    hook = context.get("_finalize")
    return hook(value) if hook is not None else value


ENVIRONMENT = make_environment()


def _display(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return formatting.date(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if value is None:
        return ""
    return str(value)


class Answer(str):
    """Text that came from the terms: printed as a literal run, never read as markup."""


class Record:
    """A part of the terms as the templates see it: plain attributes, text tagged as Answer."""

    def __init__(self, **fields: Any):
        self.__dict__.update(fields)

    def __repr__(self) -> str:
        return f"Record({', '.join(self.__dict__)})"


class MoneyRecord(Record):
    """`money` is both a section of the terms (money.currency) and the helper money(amount, currency)."""

    def __call__(self, amount: Any, currency: str | None = None) -> str:
        return formatting.money(amount, currency or self.currency)


def as_records(value: Any) -> Any:
    if isinstance(value, BaseModel):
        fields = {name: as_records(getattr(value, name)) for name in type(value).model_fields}
        if isinstance(value, Alliance):  # derived, but clauses need it
            fields["end_of_initial_term"] = value.end_of_initial_term
        if isinstance(value, PaymentFlow):  # derived: a yearly fee is earned at the end of each contract year
            fields["yearly"] = value.yearly
        return (MoneyRecord if isinstance(value, MoneyTrail) else Record)(**fields)
    if isinstance(value, list):
        return [as_records(v) for v in value]
    if isinstance(value, str) and not isinstance(value, Enum):
        return Answer(value)
    return value


class Renderer:
    """Renders clause bodies for one set of terms, collecting tokens as it goes."""

    def __init__(self, terms: Terms, defined_terms: list[tuple[str, str | None]] | None = None):
        self.terms = terms
        self._defined_terms = defined_terms or []  # the definitions index, once the whole agreement is known
        self._values: list[Any] = []
        self._records = {name: as_records(getattr(terms, name)) for name in type(terms).model_fields}
        if terms.referrals is None:  # only a referral deal has them, but any clause may read them behind a condition
            self._records["referrals"] = as_records(Referrals())
        if terms.marketing is None:  # likewise the co-marketing terms
            self._records["marketing"] = as_records(Marketing())
        if terms.supply is None:  # likewise a supplier deal's supply terms
            self._records["supply"] = as_records(Supply())
        if terms.data_sharing is None:  # likewise only a deal sharing customer data
            self._records["data_sharing"] = as_records(DataSharing())
        # Derived: the laws named follow where the partners are. A technology deal names them for the
        # personal data in what the partners exchange to develop and test, even with no customer data shared.
        if terms.trust.customer_data_shared or terms.alliance.kind is AllianceKind.TECHNOLOGY:
            transfers = terms.data_sharing.transfers_outside_europe if terms.data_sharing else None
            self._records["data_sharing"].law = as_records(data_protection(terms.partners, transfers))
        if terms.technology is None:  # likewise a technology deal's terms
            self._records["technology"] = as_records(Technology())
        # The law's conventions: its name, courts, jury waiver, taxes and interest (data/governing_laws.yaml).
        disputes = terms.disputes
        self._records["law"] = as_records(drafted_law(disputes.governing_law, disputes.venue, [
            jurisdictions.country(p.jurisdiction, p.address) for p in terms.partners]))
        if terms.covenants is None:  # none of the optional promises: the clauses read the empty ones
            self._records["covenants"] = as_records(Covenants())
        # The cap's floor follows the currency of payments when the terms name none.
        self._records["liability"] = as_records(completed_liability(terms.liability, terms.money.currency))
        if has_customer_terms(terms):  # who contracts with and supports the customer, read from the deal if not given
            self._records["accounts"].customer_terms = as_records(completed_customer_terms(terms))
        self._by_key = {p.key: p for p in self._records["partners"]}

    def context(self, refs_allowed: Callable[[str], None] | None = None) -> dict[str, Any]:
        terms = self.terms
        by_key = self._by_key

        def party(key: str) -> Record:
            try:
                return by_key[key]
            except KeyError:
                raise ValueError(f"no partner has the key {key!r}") from None

        def other(key: str) -> Record:
            party(key)
            return next(p for k, p in by_key.items() if k != key)

        def owner(key: str) -> Answer:
            try:
                return Answer(terms.owner_name(key))
            except KeyError:
                raise ValueError(f"no partner has the key {key!r}") from None

        def ref(clause_id: str, anchor: str | None = None) -> RefRequest:
            if refs_allowed is not None:
                refs_allowed(clause_id)
            return RefRequest(ClauseRef(clause_id, anchor), vocabulary.reference_prefix("clause"))

        def schedule(name: str) -> RefRequest:
            if name not in SCHEDULES:
                raise ValueError(f"there is no schedule {name!r}; schedules are {', '.join(SCHEDULES)}")
            return RefRequest(ScheduleRef(name), vocabulary.reference_prefix("schedule"))

        values = dict(self._records)
        # Each entry's reference is made here, not by ref(): the index refers to whichever clauses define terms.
        values["defined_terms"] = [Record(term=Answer(term), ref=clause_id and RefRequest(
            ClauseRef(clause_id), vocabulary.reference_prefix("clause"))) for term, clause_id in self._defined_terms]
        values.update(party=party, other=other, owner=owner, ref=ref, schedule=schedule,
                      end_of_initial_term=terms.end_of_initial_term, _finalize=self._token)
        return values

    def _token(self, value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, (Answer, Enum)):
            # Text the template made itself (literals, macros, filters): read as clause markup.
            return value
        self._values.append(value)
        return f"{_OPEN}{len(self._values) - 1}{_CLOSE}"

    def render(self, template, refs_allowed: Callable[[str], None] | None = None, **extra: Any) -> list[Block]:
        """The blocks of one clause body (a compiled template from ENVIRONMENT)."""
        self._values = []
        # Extra names (a signature block's `signer`) are terms too: tagged as answers like the rest.
        text = template.render({**self.context(refs_allowed), **{k: as_records(v) for k, v in extra.items()}})
        return self._blocks(text)

    # ---- reading the rendered text

    def _runs(self, text: str) -> list[Run]:
        runs: list[Run] = []
        pos = 0
        for match in _MARKUP.finditer(text):
            if match.start() > pos:
                runs.append(Text(conform(text[pos:match.start()])))
            if match["define"]:
                runs.append(Definition(self._term(match["define"])))
            elif match["use"]:
                runs.append(TermUse(self._term(match["use"])))
            else:
                value = self._values[int(match.group(3))]
                if isinstance(value, RefRequest):
                    runs.extend([Text(value.prefix), value.run])
                else:
                    runs.append(Text(_display(value), answer=True))
            pos = match.end()
        if pos < len(text):
            runs.append(Text(conform(text[pos:])))
        return _merge(runs)

    def _term(self, text: str) -> str:
        """A defined term in the spelling in force, unless an answer is part of it (a partner's name)."""
        return (self._resolve(text) if _TOKEN.search(text) else conform(text)).strip()

    def _resolve(self, text: str) -> str:
        """A defined term may be built from values: (({{ p.short_name }}))."""
        return _TOKEN.sub(lambda m: _display(self._values[int(m.group(1))]), text)

    def _blocks(self, text: str) -> list[Block]:
        blocks: list[Block] = []
        for chunk in _BLANK_LINE.split(text.replace("\r\n", "\n").strip()):
            current: list[str] | None = None
            kinds: list[tuple[str, list[str]]] = []
            for line in chunk.split("\n"):
                stripped = line.strip()
                if not stripped:
                    continue
                if stripped.startswith("- "):
                    current = [stripped[2:]]
                    kinds.append(("item", current))
                elif current is None:
                    current = [stripped]
                    kinds.append(("para", current))
                else:
                    current.append(stripped)  # a wrapped line continues the paragraph or item
            for kind, lines in kinds:
                text = " ".join(lines)
                mark = anchors.ANCHOR.match(text)
                runs = self._runs(text[mark.end():] if mark else text)
                if any(not isinstance(r, Text) or r.text.strip() for r in runs):
                    blocks.append(Block(kind, runs, mark["name"] if mark else None))
        return blocks


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent template-text runs joined (fewer, cleaner Word runs)."""
    merged: list[Run] = []
    for run in runs:
        if (merged and isinstance(run, Text) and isinstance(merged[-1], Text)
                and not run.answer and not merged[-1].answer):
            merged[-1] = Text(merged[-1].text + run.text)
        else:
            merged.append(run)
    return merged


# Compiling is split in two, source -> code -> template, so that the code of the built-in
# library can be kept between runs (compiled.py) and made a template again without Jinja's
# lexer, parser and code generator.


def body_code(source: str) -> CodeType:
    """A clause body compiled in the sandbox's environment; raises TemplateSyntaxError."""
    return ENVIRONMENT.compile(source)


def body_from_code(code: CodeType) -> Template:
    """The template of compiled body code (what ENVIRONMENT.from_string returns)."""
    return ENVIRONMENT.template_class.from_code(ENVIRONMENT, code, ENVIRONMENT.make_globals(None), None)


def compile_body(source: str) -> Template:
    """Compile a clause body or other clause template in the sandbox."""
    return body_from_code(body_code(source))


def condition_code(source: str) -> CodeType:
    """A `when` condition compiled as Environment.compile_expression compiles it; raises TemplateSyntaxError."""
    parser = Parser(ENVIRONMENT, source, state="variable")
    expression = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
    expression.set_environment(ENVIRONMENT)
    body = [nodes.Assign(nodes.Name("result", "store"), expression, lineno=1)]
    return ENVIRONMENT.compile(nodes.Template(body, lineno=1))


def condition_from_code(code: CodeType) -> TemplateExpression:
    """The callable condition (undefined names raise, as StrictUndefined wants) of compiled condition code."""
    return TemplateExpression(body_from_code(code), undefined_to_none=False)


def compile_condition(source: str) -> TemplateExpression:
    return condition_from_code(condition_code(source))
