"""The tables of the agreement (cover page and schedules) as rows of text.

Kept apart from the Word code so the content can be read and tested as plain
data. The wording around the values comes from data/agreement_layout.yaml,
the words for the terms' enumerated values from data/vocabulary.yaml;
values are inserted with str.format, which never interprets them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import articles, formatting, vocabulary
from ..library.render import schedules_for
from ..terms.accounts import ACCOUNT_KINDS
from ..terms.governing_law import conventions_for, law_named
from ..terms.jurisdictions import registered_address
from ..terms.model import BOTH, Partner, PaymentBasis, Terms
from ..terms.periods import annual_review_periods, review_periods
from ..terms.values import CampaignCosts, JointOwnership, LicensedUse
from .data_sharing_table import data_sharing_rows
from .layout import layout


@dataclass
class TableRows:
    rows: list[list[str]]
    header: bool = True  # first row is a column heading row
    widths: list[float] | None = None  # relative column widths
    intro: str | None = None  # the words above the table, where these rows need other words than the usual


def cover_tables(terms: Terms, text: dict) -> list[tuple[str, TableRows]]:
    labels = text["labels"]
    alliance = terms.alliance
    renewal = alliance.renewal
    notice = formatting.days(renewal.non_renewal_notice_days)
    if renewal.automatic:
        renewal_text = text["renewal_automatic"].format(months=formatting.months(renewal.renewal_term_months), days=notice)
    else:
        renewal_text = text["renewal_manual"].format(days=notice)
    key_terms = [
        [labels["parties"], "\n".join(party_row(p, text) for p in terms.partners)],
        [labels["kind"], vocabulary.word(alliance.kind, "title")],
        [labels["effective_date"], formatting.date(alliance.effective_date)],
        [labels["term"], text["term"].format(months=formatting.months(alliance.initial_term_months),
                                             start=formatting.date(alliance.effective_date),
                                             end=formatting.date(alliance.end_of_initial_term))],
        [labels["renewal"], renewal_text],
        [labels["territory"], alliance.territory],
    ]
    referrals = terms.referrals
    if referrals is not None and referrals.direction:
        way = (text["referrals_both"] if referrals.direction == BOTH else text["referrals_one_way"].format(
            referrer=terms.partner(referrals.direction).short_name, receiver=terms.other(referrals.direction).short_name))
        key_terms.append([labels["referrals"], way])
    if terms.marketing is not None:
        key_terms.append([labels["campaign_costs"], _campaign_costs(terms, text)])
    supply = terms.supply
    if supply is not None and supply.supplier:
        parties = {"supplier": terms.partner(supply.supplier).short_name,
                   "buyer": terms.other(supply.supplier).short_name, "products": supply.products}
        key_terms.append([labels["supply"], text["supply_with_products" if supply.products else "supply"].format(
            **parties)])
    if terms.technology is not None:
        key_terms += technology_rows(terms, text)
    if alliance.first_opportunity:
        label = labels["first_referral" if referrals is not None
                       else "first_campaign" if terms.marketing is not None
                       else "first_programme" if supply is not None else "first_opportunity"]
        key_terms.append([label, alliance.first_opportunity.description])
    disputes = terms.disputes
    key_terms.append([labels["law"], forum_line(disputes, text)])
    tables = [(text["key_terms"], TableRows(key_terms, header=False, widths=text["key_terms_widths"]))]
    if alliance.kind in ACCOUNT_KINDS:  # the other kinds share out no customers
        tables.append((text["accounts_heading"], account_rows(terms)))
    return tables + [(text["money_heading"], payment_rows(terms, None))]


def forum_line(disputes, text: dict) -> str:
    """The law and where disputes finally go, in the words the clauses use for the courts."""
    law = law_named(disputes.governing_law)
    if disputes.final_forum == "courts":
        courts = conventions_for(disputes.governing_law).courts_for(disputes.venue)
        return text["law_courts"].format(law=law, courts=courts)
    named = disputes.arbitration_rules
    if named and not named.casefold().startswith("the "):
        named = f"the {named}"
    rules = text["law_arbitration_rules"].format(rules=named) if named else ""
    return text["law_arbitration"].format(law=law, venue=disputes.venue, rules=rules)


def party_row(partner: Partner, text: dict) -> str:
    """A partner as the cover names it: its form, where it is registered, and its number where given."""
    fields = partner.model_dump()
    office = "" if registered_address(partner.jurisdiction, partner.address) else "_principal_office"
    described = f"{partner.jurisdiction} {partner.entity_type}" if office else partner.entity_type
    row = text["party_row" + office].format(article=articles.indefinite(described),
                                             the=articles.definite(partner.jurisdiction), **fields)
    register = text["party_register"].format(register=partner.registry) if partner.registry else ""
    number = text["party_number" + office].format(**(fields | {"register": register}))
    return row + (number if partner.registration_number else "")


def technology_rows(terms: Terms, text: dict) -> list[list[str]]:
    """A technology deal's key terms: who owns joint developments, and each licence with whether it bears a royalty."""
    technology, labels = terms.technology, text["labels"]
    if technology.joint_owner and technology.joint_developments is JointOwnership.ONE_PARTNER:
        owned = text["joint_developments_owner"].format(owner=terms.partner(technology.joint_owner).short_name,
                                                        other=terms.other(technology.joint_owner).short_name)
    else:
        owned = text["joint_developments_joint"]
    rows = [[labels["joint_developments"], owned]]
    royalty_payees = {f.payee for f in terms.money.flows if f.basis is PaymentBasis.ROYALTY}
    licences = [text["licence_line"].format(
        licensor=terms.partner(lic.licensor).short_name, licensee=terms.other(lic.licensor).short_name,
        technology=lic.technology, use=vocabulary.word(lic.use),
        paid=text["royalty_bearing" if lic.licensor in royalty_payees and lic.use is not LicensedUse.INTERNAL
                  else "royalty_free"]) for lic in technology.licences]
    if licences:
        rows.append([labels["licences"], "\n".join(licences)])
    return rows


def _campaign_costs(terms: Terms, text: dict) -> str:
    """Who bears a co-marketing deal's campaign costs, in a few words for the cover."""
    marketing = terms.marketing
    if marketing.campaign_costs is not CampaignCosts.SHARED:
        return text["campaign_costs_own"]
    shares = ", ".join(f"{terms.partner(s.partner).short_name} {formatting.percent(s.percentage)}"
                       for s in marketing.cost_shares)
    if marketing.yearly_budget is None:
        return text["campaign_costs_shared"].format(shares=shares)
    return text["campaign_costs_budget"].format(shares=shares,
                                                budget=formatting.money(marketing.yearly_budget, terms.money.currency))


def money_line(terms: Terms, text: dict) -> str:
    """The line under the cover's money trail: who invoices whom, then when payments between the partners
    are due, or that none are made."""
    money, supply = terms.money, terms.supply
    if terms.referrals is not None:  # the partner receiving a referral invoices its own customer
        invoicing = text["invoicing_line_referral"]
    elif terms.marketing is not None:  # each partner sells its own products
        invoicing = text["invoicing_line_co_marketing"]
    elif terms.technology is not None and money.customer_invoiced_by is None:  # each sells its own products
        invoicing = text["invoicing_line_own"]
    elif supply is not None and supply.supplier:  # the buyer is a partner, invoiced by the supplier
        invoicing = text["invoicing_line_supply_agreement" if supply.agreement else "invoicing_line_supplier"].format(
            supplier=terms.partner(supply.supplier).short_name, buyer=terms.other(supply.supplier).short_name,
            agreement=supply.agreement.name if supply.agreement else "")
    else:
        invoicing = text["invoicing_line"].format(invoicer=terms.partner(money.customer_invoiced_by).short_name)
    paid = len(payment_rows(terms, None).rows) > 1 or (supply is not None and not supply.agreement)
    due = text["other_payments_due" if supply is not None and supply.agreement else "payments_due"]
    after = due.format(days=formatting.days(money.payment_terms_days), currency=money.currency) if paid \
        else text["no_payments"]
    return f"{invoicing} {after}"


def _schedule_text(name: str) -> dict:
    return layout()["schedules"][name]


def account_rows(terms: Terms) -> TableRows:
    text = _schedule_text("accounts")
    rows = [list(text["columns"])]
    rows += [[s.segment, terms.partner(s.owner).short_name, s.point_of_contact] for s in terms.accounts.segments]
    return TableRows(rows, widths=text["widths"])


def payment_rows(terms: Terms, text: dict | None) -> TableRows:
    text = text or _schedule_text("payments")
    money = terms.money
    rows = [list(text["columns"])]
    for flow in money.flows:
        payer, payee = terms.partner(flow.payer).short_name, terms.partner(flow.payee).short_name
        if flow.basis is PaymentBasis.RESALE_MARGIN:  # the reseller keeps the margin and pays the rest
            payer, payee = payee, payer
        earned = text["yearly"] if flow.yearly else flow.trigger
        rows.append([payer, payee, flow.description, earned, _flow_amount(flow, money.currency, text)])
    for split in money.revenue_splits:
        collector = split.collected_by
        for share in split.shares:
            if share.partner == collector:
                continue
            rows.append([terms.partner(collector).short_name, terms.partner(share.partner).short_name,
                         split.description, split.trigger,
                         text["share"].format(share=formatting.percent(share.percentage), what=split.description)])
    rows += _shared_cost_rows(terms, text)
    return TableRows(rows, widths=text["widths"])


def _shared_cost_rows(terms: Terms, text: dict) -> list[list[str]]:
    """A co-marketing deal's shared campaign costs: each partner pays its share of what the other paid."""
    marketing = terms.marketing
    if marketing is None or marketing.campaign_costs is not CampaignCosts.SHARED:
        return []
    rows = []
    for share in marketing.cost_shares:
        payer, payee = terms.partner(share.partner).short_name, terms.other(share.partner).short_name
        rows.append([payer, payee, text["shared_costs_for"].format(payee=payee),
                     text["shared_costs_when"].format(payee=payee),
                     text["shared_costs_share"].format(share=formatting.percent(share.percentage))])
    return rows


def _flow_amount(flow, currency: str, text: dict) -> str:
    if flow.basis is PaymentBasis.RESALE_MARGIN:
        margin = (formatting.percent(flow.percentage) if flow.percentage is not None
                  else formatting.money(flow.amount, currency) if flow.amount is not None else "")
        if margin:
            form = "margin_of" if flow.percentage is not None and flow.of_what else "margin"
            return text[form].format(margin=margin, what=flow.of_what or "")
    parts = []
    if flow.amount is not None:
        parts.append(formatting.money(flow.amount, currency))
    if flow.percentage is not None:
        parts.append(text["share"].format(share=formatting.percent(flow.percentage), what=flow.of_what or "")
                     if flow.of_what else formatting.percent(flow.percentage))
    return "; ".join(parts) or vocabulary.word(flow.basis)


def _without_empty_funding(rows: list[list[str]], text: dict) -> TableRows:
    """The commitments, without the funding column (and its mention above the table) when nobody funds anything."""
    if any(row[-1] for row in rows[1:]):
        return TableRows(rows, widths=text["widths"])
    return TableRows([row[:-1] for row in rows], widths=text["widths"][:-1], intro=text["intro_unfunded"])


def schedule_tables(terms: Terms, text: dict, numbers: Mapping[str, str] | None = None
                    ) -> list[tuple[str, TableRows]]:
    """(schedule name, rows) for every schedule these terms have (render.schedules_for), in order; `numbers`
    are the agreement's clause and sub-clause numbers, for the schedules that refer to a clause."""
    goals = [list(text["goals"]["columns"])] + [
        [terms.owner_name(g.owner), g.description, g.metric, g.target, g.timeframe] for g in terms.goals]
    commitments = [list(text["commitments"]["columns"])]
    for c in terms.commitments:
        deliverables = "\n".join(text["commitments"]["deliverable"].format(
            description=d.description, deadline=formatting.date(d.deadline)) for d in c.deliverables)
        funding = (formatting.money(c.funding_amount, c.funding_currency or terms.money.currency)
                   if c.funding_amount is not None else "")
        commitments.append([terms.partner(c.partner).short_name, vocabulary.cell(c.contribution),
                            c.description, deliverables, funding])
    reviews = [list(text["reviews"]["columns"])]
    senders = _senders(terms, text["reviews"])
    annual = annual_review_periods(terms) if terms.reviews.annual_strategic_review else []
    for period in review_periods(terms):
        label = period.label
        if period in annual:
            label += "\n" + text["reviews"]["annual"]
        reviews.append([label, formatting.date(period.start), formatting.date(period.end),
                        formatting.date(period.due), senders])
    tables = {
        "goals": TableRows(goals, widths=text["goals"]["widths"],
                           intro=None if any(g.owner == "both" for g in terms.goals) else text["goals"]["intro_own"]),
        "commitments": _without_empty_funding(commitments, text["commitments"]),
        "payments": payment_rows(terms, text["payments"]),
        "accounts": account_rows(terms),
        "reviews": TableRows(reviews, widths=text["reviews"]["widths"]),
    }
    for name in list(tables):
        if name not in schedules_for(terms):  # left out, as the clauses know (schedules_for)
            del tables[name]
    if terms.data_sharing is not None and terms.trust.customer_data_shared:
        tables["data_sharing"] = TableRows(data_sharing_rows(terms, text["data_sharing"], numbers or {}), header=False,
                                           widths=text["data_sharing"]["widths"])
    for name, table in tables.items():
        if len(table.rows) == 1:
            table.rows.append([text["none"]] + [""] * (len(table.rows[0]) - 1))
    return list(tables.items())


def _senders(terms: Terms, text: dict) -> str:
    lines = []
    for partner in terms.partners:
        if terms.reviews.per_department and partner.departments:
            lines.append(text["sender_with_departments"].format(
                partner=partner.short_name, departments=", ".join(d.name for d in partner.departments)))
        else:
            lines.append(partner.short_name)
    return "\n".join(lines)

