"""What moved between two versions of a deal, field by field, in the partners' words.

The summary goes to the people who negotiate, so it names partners by their
short names ("Tidewater", not `tidewater`), formats values the way the
agreement does (EUR 5,000.00, 12%, 1 January 2027) and matches list entries
by what they are (a payment by payer, payee and kind; a goal by its owner and
description) rather than by position, so inserting a goal at the top does not
read as every goal having changed.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Sequence

from pydantic import BaseModel

from .. import formatting
from ..terms.model import BOTH, Person, Terms


@dataclass(frozen=True)
class Change:
    path: str  # field path in the newer terms (or the older one, for a removal)
    text: str  # one line a partner can read


def summarize_changes(old: Terms, new: Terms) -> list[Change]:
    """Every difference between `old` and `new`, in document order."""
    differ = _Differ(old, new)
    changes: list[Change] = []
    for name in Terms.model_fields:
        changes += differ.field(getattr(old, name), getattr(new, name), name, _SECTIONS[name], top=True)
    return changes


def summary_text(changes: Sequence[Change]) -> str:
    """The summary as plain text, one change per line."""
    if not changes:
        return "No changes to the terms.\n"
    return "".join(f"- {c.text}\n" for c in changes)


# --------------------------------------------------------------------------- words

_SECTIONS = {
    "partners": "Partners", "alliance": "Alliance", "goals": "Goals", "commitments": "Commitments",
    "governance": "Governance", "trust": "Trust", "accounts": "Accounts", "money": "Money",
    "reviews": "Reviews", "code_of_conduct": "Code of conduct", "termination": "Termination",
    "disputes": "Disputes",
}

# Field labels, by field path without list positions. Fields not listed read as their name.
_LABELS = {
    "alliance.kind": "kind of alliance",
    "alliance.renewal": "",
    "termination.underperformance": "",
    "partners.departments.contact": "contact",
    "money.revenue_splits.shares.percentage": "",
    "alliance.initial_term_months": "initial term",
    "alliance.renewal.automatic": "automatic renewal",
    "alliance.renewal.renewal_term_months": "renewal term",
    "alliance.renewal.non_renewal_notice_days": "notice of non-renewal",
    "alliance.first_opportunity": "first joint opportunity",
    "alliance.first_opportunity.description": "first joint opportunity",
    "alliance.first_opportunity.customer": "first opportunity's customer",
    "alliance.first_opportunity.estimated_value": "first opportunity's estimated value",
    "alliance.first_opportunity.target_date": "first opportunity's target date",
    "governance.launch_meeting_cadence": "meetings during launch",
    "governance.launch_period_months": "launch period",
    "governance.steady_meeting_cadence": "meetings after launch",
    "governance.executive_review_cadence": "executive reviews",
    "governance.channels": "communication channel",
    "governance.bad_news_notice_days": "notice of bad news",
    "governance.problem_solving_protocols": "problem-solving protocol",
    "governance.escalation_path": "escalation step",
    "governance.celebrate_successes": "celebrating successes",
    "trust.shared_information": "shared information",
    "trust.withheld_information": "withheld information",
    "trust.confidentiality_years": "confidentiality period",
    "trust.partners_compete": "partners compete",
    "trust.competitor_safeguards": "safeguard between competitors",
    "trust.customer_data_shared": "customer data shared",
    "trust.customer_data_rules": "customer data rules",
    "accounts.segments": "account segment",
    "accounts.registration": "account registration",
    "accounts.handover": "account handover",
    "accounts.non_solicitation_months": "non-solicitation period",
    "money.customer_invoiced_by": "customer invoiced by",
    "money.flows": "payment",
    "money.revenue_splits": "revenue split",
    "money.payment_terms_days": "payment terms",
    "money.audit_notice_days": "notice before an audit",
    "money.audit_interval_months": "time between audits",
    "money.audit_cost_threshold_percent": "underpayment that shifts audit costs",
    "money.pay_every_supplier": "every supplier paid",
    "reviews.cadence": "review cadence",
    "reviews.form_length": "review form",
    "reviews.due_days_after_period": "forms due after each period",
    "reviews.per_department": "one form per department",
    "reviews.success_metrics": "success metric",
    "code_of_conduct.principles": "principle",
    "termination.convenience_notice_days": "notice to end without cause",
    "termination.cause_cure_days": "time to cure a breach",
    "termination.underperformance.review_after_months": "benefits review after",
    "termination.underperformance.cure_period_days": "time to agree a recovery plan",
    "termination.transition_days": "account transition period",
    "termination.return_information_days": "time to return information",
    "termination.change_of_control_months": "time to end after a competitor's takeover",
    "disputes.executive_escalation_days": "executive escalation period",
    "disputes.mediation_days": "mediation period",
    "disputes.final_forum": "final forum",
    "disputes.arbitrators": "arbitrators",
    "partners.signatory": "signatory",
    "partners.alliance_manager": "alliance manager",
    "partners.backup_contact": "backup contact",
    "partners.executive_sponsor": "executive sponsor",
    "partners.departments": "department",
    "commitments.funding_amount": "funding",
    "commitments.deliverables": "deliverable",
    "money.flows.percentage": "",  # "Payment: ...'s referral fee to ... 10% → 12%"
    "money.flows.amount": "",
    "money.revenue_splits.shares": "share",
}

_ENUM_WORDS = {
    "co_marketing": "co-marketing", "co_selling": "co-selling / joint offering",
    "semi_annual": "semi-annual", "referral_fee": "referral fee", "resale_margin": "resale margin",
    "fixed_fee": "fixed fee",
}

_PARTNER_KEY_FIELDS = {"owner", "payer", "payee", "partner", "collected_by", "customer_invoiced_by"}
_MONEY_FIELDS = {"amount", "funding_amount", "estimated_value"}


def _human(name: str) -> str:
    return name.replace("_", " ")


def _generic(path: str) -> str:
    """goals[2].target -> goals.target: the key of the label table."""
    out, depth = [], 0
    for ch in path:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _label(path: str) -> str:
    generic = _generic(path)
    if generic in _LABELS:
        return _LABELS[generic]
    return _human(generic.rsplit(".", 1)[-1])


def _line(where: str, old: str, new: str) -> str:
    # "Larkspur's signatory: A → B", but "Payment: Tidewater's referral fee to Larkspur 10% → 12%".
    return f"{where}{' ' if ': ' in where else ': '}{old} → {new}"


def _join(where: str, label: str) -> str:
    if not label:
        return where
    if where.endswith("'s"):
        return f"{where} {label}"
    return f"{where}: {label}" if ": " not in where and where in _SECTIONS.values() else f"{where}, {label}"


# --------------------------------------------------------------------------- the comparison


class _Differ:
    def __init__(self, old: Terms, new: Terms):
        self.old, self.new = old, new

    # ---- values as text

    def partner_name(self, key: str) -> str:
        if key == BOTH:
            return "both partners"
        for terms in (self.new, self.old):
            for p in terms.partners:
                if p.key == key:
                    return p.short_name
        return key

    def value(self, value: Any, name: str, parent: Any = None) -> str:
        if value is None:
            return "(none)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, Enum):
            return _ENUM_WORDS.get(value.value, _human(value.value))
        if isinstance(value, dt.date):
            return formatting.date(value)
        if isinstance(value, Decimal) or isinstance(value, int):
            if name == "percentage":
                return formatting.percent(value)
            if name in _MONEY_FIELDS:
                return formatting.money(value, self._currency(name, parent))
            for suffix, unit in (("_days", formatting.days), ("_months", formatting.months),
                                 ("_years", formatting.years)):
                if name.endswith(suffix):
                    return unit(int(value))
            return str(value)
        if isinstance(value, str):
            if name in _PARTNER_KEY_FIELDS:
                return self.partner_name(value)
            return f"“{value}”" if " " in value.strip() and len(value) > 40 else value
        if isinstance(value, Person):
            return f"{value.name}, {value.title}"
        if isinstance(value, BaseModel):
            return self.summary(value)
        return str(value)

    def _currency(self, name: str, parent: Any) -> str:
        if name == "funding_amount" and getattr(parent, "funding_currency", None):
            return parent.funding_currency
        if name == "estimated_value" and getattr(parent, "currency", None):
            return parent.currency
        return self.new.money.currency

    def summary(self, item: BaseModel) -> str:
        """One line naming an added or removed list entry."""
        words = _ITEM_SUMMARY.get(type(item).__name__)
        if words:
            return words(self, item)
        first = next(iter(type(item).model_fields))
        return self.value(getattr(item, first), first, item)

    # ---- walking the two trees

    def field(self, old: Any, new: Any, path: str, parent_where: str,
              parents: tuple[Any, Any] = (None, None), top: bool = False) -> list[Change]:
        """Differences in one field; `parent_where` names what holds it ("Larkspur's", "Money")."""
        if old == new:
            return []
        if isinstance(old, list) or isinstance(new, list):
            return self.list(old or [], new or [], path, "" if top else parent_where)
        where = parent_where if top else _join(parent_where, _label(path))
        if isinstance(old, Person) or isinstance(new, Person):
            return [Change(path, _line(where, *self.people(old, new)))]
        if isinstance(old, BaseModel) and isinstance(new, BaseModel):
            return self.fields(old, new, path, where)
        name = path.rsplit(".", 1)[-1]
        if old is None:
            return [Change(path, f"{where} added: {self.value(new, name, parents[1])}")]
        if new is None:
            return [Change(path, f"{where} removed (was {self.value(old, name, parents[0])})")]
        return [Change(path, _line(where, self.value(old, name, parents[0]), self.value(new, name, parents[1])))]

    def fields(self, old: BaseModel, new: BaseModel, path: str, where: str) -> list[Change]:
        changes = []
        for name in type(new).model_fields:
            changes += self.field(getattr(old, name), getattr(new, name), f"{path}.{name}", where, (old, new))
        return changes

    def people(self, old: Person | None, new: Person | None) -> tuple[str, str]:
        """Names, plus whichever of title, email and phone changed."""
        differing = [name for name in ("title", "email", "phone")
                     if old is None or new is None or getattr(old, name) != getattr(new, name)]

        def show(person: Person | None) -> str:
            if person is None:
                return "(none)"
            return ", ".join([person.name] + [getattr(person, n) for n in differing if getattr(person, n)])
        return show(old), show(new)

    def list(self, old: list, new: list, path: str, parent_where: str) -> list[Change]:
        generic = _generic(path)
        where = _join(parent_where, _label(path)) if parent_where else _SECTIONS[path]
        word = _ENTRY_WORDS.get(generic, where)
        pairs, removed, added = _match(old, new, _MATCH_KEYS.get(generic))
        changes: list[Change] = []
        for i in removed:
            changes.append(Change(f"{path}[{i}]", f"{word} removed: {self.entry(old[i])}"))
        for i, j in pairs:
            a, b = old[i], new[j]
            if a == b:
                continue
            if isinstance(b, BaseModel):
                changes += self.fields(a, b, f"{path}[{j}]", self.item_where(b, generic, parent_where))
            else:
                changes.append(Change(f"{path}[{j}]", _line(f"{word} changed", f"“{a}”", f"“{b}”")))
        for j in added:
            changes.append(Change(f"{path}[{j}]", f"{word} added: {self.entry(new[j])}"))
        return changes

    def entry(self, item: Any) -> str:
        return self.summary(item) if isinstance(item, BaseModel) else f"“{item}”"

    def item_where(self, item: BaseModel, generic: str, where: str) -> str:
        describe = _ITEM_WHERE.get(generic)
        return describe(self, item, where) if describe else where


def _quote(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


# What an added or removed entry is called, where the field label alone reads badly.
_ENTRY_WORDS = {
    "partners": "Partner", "goals": "Goal", "commitments": "Commitment", "money.flows": "Payment",
    "money.revenue_splits": "Revenue split", "accounts.segments": "Account segment",
    "governance.escalation_path": "Escalation step",
}

# How list entries are matched between versions: the fields that say which entry it is.
_MATCH_KEYS: dict[str, Callable[[Any], Any]] = {
    "partners": lambda p: p.key,
    "partners.departments": lambda d: d.key,
    "goals": lambda g: (g.owner, g.description),
    "commitments": lambda c: (c.partner, c.contribution, c.description),
    "commitments.deliverables": lambda d: d.description,
    "governance.escalation_path": lambda s: s.level,
    "accounts.segments": lambda s: s.segment,
    "money.flows": lambda f: (f.payer, f.payee, f.basis),
    "money.revenue_splits": lambda s: s.description,
    "money.revenue_splits.shares": lambda s: s.partner,
}


def _match(old: list, new: list, key: Callable[[Any], Any] | None):
    """Pairs (old index, new index), removed old indices, added new indices.

    Entries with the same identity pair first; what is left pairs by
    similarity (an edited goal description is still the same goal), the rest
    was removed or added.
    """
    key = key or (lambda x: x)
    pairs: list[tuple[int, int]] = []
    free_new = list(range(len(new)))
    left_old = []
    for i, item in enumerate(old):
        j = next((j for j in free_new if key(new[j]) == key(item)), None)
        if j is None:
            left_old.append(i)
        else:
            pairs.append((i, j))
            free_new.remove(j)
    removed = []
    for i in left_old:
        scored = [(difflib.SequenceMatcher(None, _flat(old[i]), _flat(new[j])).ratio(), j) for j in free_new]
        best = max(scored, default=(0.0, None))
        if best[1] is not None and best[0] >= 0.6:
            pairs.append((i, best[1]))
            free_new.remove(best[1])
        else:
            removed.append(i)
    pairs.sort(key=lambda p: p[1])
    return pairs, removed, free_new


def _flat(item: Any) -> str:
    if isinstance(item, BaseModel):
        return json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return str(item)


def _basis(d: _Differ, flow) -> str:
    return d.value(flow.basis, "basis")


_ITEM_WHERE: dict[str, Callable[[_Differ, Any, str], str]] = {
    "partners": lambda d, p, w: f"{p.short_name}'s",
    "partners.departments": lambda d, dep, w: f"{w} {dep.name} department",
    "goals": lambda d, g, w: f"Goal {_quote(g.description)} ({d.partner_name(g.owner)})",
    "commitments": lambda d, c, w: f"{d.partner_name(c.partner)}'s {d.value(c.contribution, 'contribution')} commitment",
    "commitments.deliverables": lambda d, x, w: f"{w}, deliverable {_quote(x.description)}",
    "governance.escalation_path": lambda d, s, w: f"Escalation step {_quote(s.level)}",
    "accounts.segments": lambda d, s, w: f"Accounts {_quote(s.segment)}",
    "money.flows": lambda d, f, w: (f"Payment: {d.partner_name(f.payer)}'s {_basis(d, f)} "
                                    f"to {d.partner_name(f.payee)}"),
    "money.revenue_splits": lambda d, s, w: f"Revenue split {_quote(s.description)}",
    "money.revenue_splits.shares": lambda d, s, w: f"{w}, {d.partner_name(s.partner)}'s share",
}

_ITEM_SUMMARY: dict[str, Callable[[_Differ, Any], str]] = {
    "Partner": lambda d, p: f"{p.short_name} ({p.legal_name})",
    "Department": lambda d, x: x.name,
    "Goal": lambda d, g: (f"{d.partner_name(g.owner)}: {g.description} "
                          f"(metric: {g.metric}; target: {g.target}; {g.timeframe})"),
    "Commitment": lambda d, c: f"{d.partner_name(c.partner)} ({d.value(c.contribution, 'contribution')}): {c.description}",
    "Deliverable": lambda d, x: f"{x.description}, due {formatting.date(x.deadline)}",
    "EscalationStep": lambda d, s: f"{s.level} ({formatting.days(s.days_to_resolve)})",
    "AccountSegment": lambda d, s: f"{s.segment}, owned by {d.partner_name(s.owner)}",
    "PaymentFlow": lambda d, f: (f"{d.partner_name(f.payer)}'s {_basis(d, f)} to {d.partner_name(f.payee)}"
                                 + (f", {formatting.percent(f.percentage)}" if f.percentage is not None else "")
                                 + (f" of {f.of_what}" if f.percentage is not None and f.of_what else "")
                                 + (f", {formatting.money(f.amount, d.new.money.currency)}" if f.amount is not None else "")
                                 + f" ({f.description})"),
    "RevenueSplit": lambda d, s: f"{s.description}: " + ", ".join(
        f"{d.partner_name(x.partner)} {formatting.percent(x.percentage)}" for x in s.shares),
    "RevenueShare": lambda d, x: f"{d.partner_name(x.partner)} {formatting.percent(x.percentage)}",
    "Opportunity": lambda d, o: o.description,
    "CodeOfConduct": lambda d, c: f"{len(c.principles)} principle(s)",
}
