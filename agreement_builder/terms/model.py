"""The terms of an alliance: the data model every document is derived from.

Field validation lives here (types, ranges, enumerations). Rules that look at
more than one field at a time (partner references, sums, dates against the
term) live in `rules.py`, so a draft can be validated field by field before
the deal as a whole makes sense.

Every field has a description: it feeds `agreement-builder schema`, the
answers-file reference in the README, and the interview's help text.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from dateutil.relativedelta import relativedelta
from pydantic import Field, StringConstraints, model_validator

from .. import vocabulary
from .accounts import Accounts
from .behaviours import Health
from .clean_team import CleanTeamMember
from .covenants import Covenants
from .data_sharing import DataSharing, completed
from .disputes import Disputes
from .liability import Liability
from .marketing import Marketing
from .referrals import Referrals, inferred_referrer
from .supply import Supply, completed_supply
from .technology import Technology
from .values import (
    BOTH,
    EARLIEST,
    LATEST,
    PARTNER_KEY_PATTERN,
    AllianceKind,
    Amount,
    ConfidentialityLevel,
    ContributionKind,
    Currency,
    Email,
    ExecutiveReviewCadence,
    FormLength,
    MeetingCadence,
    PartnerKey,
    PaymentBasis,
    Percentage,
    PositiveDays,
    PositiveMonths,
    ReviewCadence,
    StrictModel,
    Text,
    WholeNumber,
    Withholding,
)

# --------------------------------------------------------------------------- parties


class Person(StrictModel):
    name: Text = Field(description="Full name.")
    title: Text = Field(description="Job title, e.g. `Head of Partnerships`.")
    email: Email | None = Field(default=None, description="Email address (optional).")
    phone: str | None = Field(default=None, description="Phone number (optional).")


class Department(StrictModel):
    key: Annotated[str, StringConstraints(pattern=PARTNER_KEY_PATTERN)] = Field(
        description="Short lowercase key used in file names, e.g. `sales`.")
    name: Text = Field(description="Department name as the partner calls it.")
    contact: Person | None = Field(default=None, description="Who completes this department's review form.")


class Partner(StrictModel):
    key: PartnerKey = Field(description="Short lowercase key used in references and file names, e.g. `acme`.")
    legal_name: Text = Field(description="Registered legal name, e.g. `Acme Analytics GmbH`.")
    short_name: Text = Field(description="Name used in the agreement's text, e.g. `Acme`.")
    entity_type: Text = Field(description="Kind of legal entity, e.g. `limited liability company`.")
    jurisdiction: Text = Field(description="Where the entity is registered, e.g. `Germany`.")
    address: Text = Field(description="Registered address (newlines allowed).")
    registration_number: str | None = Field(default=None, description="Company registration number (optional).")
    registry: Text | None = Field(
        default=None, description="The register that holds the number, where the country has more than one, e.g. "
        "`the commercial register of the Amtsgericht Charlottenburg` for a German HRB number (optional).")
    signatory: Person = Field(description="Who signs the agreement for this partner.")
    alliance_manager: Person = Field(description="Day-to-day owner of the alliance at this partner.")
    backup_contact: Person | None = Field(
        default=None, description="Who takes over when the alliance manager is away or leaves.")
    executive_sponsor: Person = Field(description="Senior executive accountable for the alliance.")
    departments: list[Department] = Field(
        default_factory=list, description="Departments involved (larger partners); each sends its own review form.")


# --------------------------------------------------------------------------- the alliance


class Renewal(StrictModel):
    automatic: bool = Field(description="Does the term renew automatically unless a partner gives notice?")
    renewal_term_months: PositiveMonths | None = Field(
        default=None, description="Length of each renewal term, in months (required when renewal is automatic; "
        "otherwise the partners agree the length when they renew).")
    non_renewal_notice_days: PositiveDays = Field(
        description="Days before the end of a term by which a partner must say it will not renew (or, when "
        "renewal is not automatic, must propose renewing).")


class Opportunity(StrictModel):
    description: Text = Field(description="The concrete deal the alliance starts with.")
    customer: str | None = Field(default=None, description="Prospective customer, if known.")
    estimated_value: Amount | None = Field(default=None, description="Estimated value of the deal.")
    currency: Currency | None = Field(default=None, description="Currency of the estimated value.")
    target_date: dt.date | None = Field(default=None, description="When the partners aim to close it.")


class Alliance(StrictModel):
    name: Text = Field(description="Name of the alliance, e.g. `Acme–Borealis Data Alliance`.")
    kind: AllianceKind = Field(description="Kind of alliance.")
    purpose: Text = Field(description="Why the two partners are working together, in a few sentences.")
    effective_date: Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)] = Field(
        description="Date the agreement takes effect (YYYY-MM-DD).")
    initial_term_months: PositiveMonths = Field(description="Length of the initial term, in months.")
    renewal: Renewal = Field(description="How the term renews.")
    territory: Text = Field(description="Where the alliance operates, e.g. `European Union and Switzerland`.")
    first_opportunity: Opportunity | None = Field(
        default=None, description="The first joint opportunity the alliance is built on.")

    @property
    def end_of_initial_term(self) -> dt.date:
        """Last day of the initial term."""
        return self.effective_date + relativedelta(months=self.initial_term_months, days=-1)


# --------------------------------------------------------------------------- goals and commitments


class Goal(StrictModel):
    owner: str = Field(description="Key of the partner who owns the goal, or `both` for a joint goal.")
    description: Text = Field(description="What the owner wants from the alliance.")
    metric: str = Field(description="How progress is measured, e.g. `qualified referrals`.")
    target: str = Field(description="The number to reach, e.g. `40 per year`.")
    timeframe: str = Field(description="By when, e.g. `first 12 months`.")


class Deliverable(StrictModel):
    description: Text = Field(description="What is delivered.")
    deadline: dt.date = Field(description="Date it is due (YYYY-MM-DD).")


class Commitment(StrictModel):
    partner: PartnerKey = Field(description="Key of the partner who contributes.")
    contribution: ContributionKind = Field(description="Kind of contribution.")
    description: Text = Field(description="What the partner contributes.")
    deliverables: list[Deliverable] = Field(default_factory=list, description="Concrete deliverables with deadlines.")
    funding_amount: Amount | None = Field(default=None, description="Funding the partner puts in, if any.")
    funding_currency: Currency | None = Field(default=None, description="Currency of the funding amount.")


# --------------------------------------------------------------------------- governance


class EscalationStep(StrictModel):
    level: Text = Field(description="Who handles the issue at this step, e.g. `alliance managers`.")
    days_to_resolve: PositiveDays = Field(description="Days this level has before the issue moves up.")


class Governance(StrictModel):
    launch_meeting_cadence: MeetingCadence = Field(description="How often the alliance managers meet during launch.")
    launch_period_months: PositiveMonths = Field(description="How long the launch period lasts, in months.")
    steady_meeting_cadence: MeetingCadence = Field(description="How often they meet after launch.")
    executive_review_cadence: ExecutiveReviewCadence = Field(description="How often the executive sponsors review the alliance.")
    channels: list[Text] = Field(min_length=1, description="Agreed communication channels, e.g. `shared Slack channel`.")
    bad_news_notice_days: PositiveDays = Field(
        description="Days within which a partner must tell the other about a problem it has become aware of.")
    problem_solving_protocols: list[Text] = Field(
        default_factory=list, description="Protocols the partners agree on, e.g. `bring a proposed solution with every problem`.")
    escalation_path: list[EscalationStep] = Field(
        min_length=1, description="Who an unresolved issue goes to, in order.")
    celebrate_successes: str | None = Field(
        default=None, description="How the partners mark shared successes (optional).")


# --------------------------------------------------------------------------- trust boundaries


class TrustBoundaries(StrictModel):
    shared_information: list[Text] = Field(min_length=1, description="Information the partners share with each other.")
    withheld_information: list[Text] = Field(default_factory=list, description="Information each partner keeps to itself.")
    confidentiality_level: ConfidentialityLevel = Field(description="`strict` or `light` confidentiality.")
    confidentiality_years: Annotated[WholeNumber, Field(gt=0, le=50)] = Field(
        description="Years confidentiality lasts after the alliance ends.")
    partners_compete: bool = Field(description="Do the partners also compete in some markets?")
    competitor_safeguards: list[Text] = Field(
        default_factory=list, description="Rules that apply because the partners compete (clean teams, no pricing talk...).")
    clean_team: list[CleanTeamMember] = Field(
        default_factory=list, description="Who may see the other partner's competitively sensitive information, when "
        "the partners compete. Left empty, each partner's alliance manager and backup contact.")
    customer_data_shared: bool = Field(description="Will the partners exchange personal data about customers?")
    customer_data_rules: str | None = Field(
        default=None, description="Any further rules for handling shared customer data (optional).")


# --------------------------------------------------------------------------- money


class PaymentFlow(StrictModel):
    payer: PartnerKey = Field(description="Key of the partner who pays.")
    payee: PartnerKey = Field(description="Key of the partner who is paid.")
    basis: PaymentBasis = Field(description="What kind of payment this is.")
    description: Text = Field(description="What the payment is for.")
    trigger: Text = Field(description="The event that makes it payable, e.g. `referred customer signs`.")
    percentage: Percentage | None = Field(default=None, description="Percentage, for fees or margins set as a share.")
    amount: Amount | None = Field(default=None, description="Fixed amount, for fees set as a sum.")
    of_what: str | None = Field(default=None, description="What the percentage is taken of, e.g. `first-year contract value`.")

    @property
    def yearly(self) -> bool:
        """A fixed fee triggered by an anniversary: earned for each contract year at its end, the last when the term ends."""
        return self.basis is PaymentBasis.FIXED_FEE and "anniversary" in self.trigger.lower()


class RevenueShare(StrictModel):
    partner: PartnerKey = Field(description="Key of the partner receiving this share.")
    percentage: Percentage = Field(description="This partner's share of the revenue.")


class RevenueSplit(StrictModel):
    description: Text = Field(description="Which revenue is split, e.g. `joint offering subscriptions`.")
    trigger: Text = Field(description="The event that makes the shares payable, e.g. `customer pays an invoice`.")
    collected_by: PartnerKey = Field(description="Key of the partner who collects the revenue and pays out the other's share.")
    shares: list[RevenueShare] = Field(min_length=1, description="Each partner's share; together they make 100%.")


class MoneyTrail(StrictModel):
    currency: Currency = Field(description="Currency payments are made in.")
    customer_invoiced_by: PartnerKey | None = Field(
        default=None, description="Key of the partner who invoices the customer (required except in a referral "
        "alliance, where the partner receiving a referral contracts with and invoices its own customer, and in a "
        "co-marketing alliance, where each partner sells its own products and invoices its own customers).")
    flows: list[PaymentFlow] = Field(default_factory=list, description="Payments between the partners.")
    revenue_splits: list[RevenueSplit] = Field(default_factory=list, description="Revenue the partners share.")
    payment_terms_days: PositiveDays = Field(description="Days after an invoice within which it must be paid.")
    late_interest_percent: Percentage | None = Field(
        default=None, description="Interest a year on a late payment, as a percentage; 0 for none. Left out, the "
        "rate usual under the governing law (its statutory rate where it has one).")
    withholding: Withholding = Field(
        default=Withholding.DEDUCT_WITH_CERTIFICATES, description="Where the law makes the payer withhold tax from a "
        "payment: `deduct_with_certificates` (it pays the net and sends the tax receipts) or `gross_up` (it pays more, "
        "so the payee receives the full amount).")
    reporting: Text = Field(description="What the partners report to each other about money, and how often.")
    audit_notice_days: PositiveDays = Field(description="Days' notice before a partner may audit the other's records.")
    audit_interval_months: PositiveMonths = Field(
        default=12, description="A partner's records may be audited at most once in this many months.")
    audit_cost_threshold_percent: Percentage = Field(
        default=Decimal(5),
        description="An audit finding underpayment above this percentage makes the audited partner pay for it.")
    pay_every_supplier: bool = Field(
        default=False, description="Does each partner undertake that every supplier on a joint project is paid? "
        "(Not used in a referral or co-marketing alliance, which has no joint projects.)")


# --------------------------------------------------------------------------- reviews, conduct, ending it


class Reviews(StrictModel):
    cadence: ReviewCadence = Field(description="How often the partners exchange Relationship Value Updates.")
    form_length: FormLength = Field(description="Which RVU form the partners use.")
    due_days_after_period: Annotated[WholeNumber, Field(ge=0, le=90)] = Field(
        default=15, description="Days after a review period ends by which each partner's form is due.")
    per_department: bool = Field(
        default=True, description="Does each listed department send its own form?")
    annual_strategic_review: bool = Field(description="Do the partners hold a yearly strategic review?")
    success_metrics: list[Text] = Field(default_factory=list, description="Metrics reported in every review.")


class CodeOfConduct(StrictModel):
    principles: list[Text] = Field(min_length=1, description="The principles both partners agree to work by.")


class Underperformance(StrictModel):
    review_after_months: PositiveMonths = Field(
        description="Months after which the partners check whether the alliance delivers its expected benefits.")
    cure_period_days: PositiveDays = Field(description="Days the partners have to agree a recovery plan.")


class Termination(StrictModel):
    convenience_notice_days: PositiveDays | None = Field(
        default=None, description="Notice to end the alliance without cause (leave out if not allowed).")
    cause_cure_days: PositiveDays = Field(description="Days a partner in breach has to cure it before the other may terminate.")
    underperformance: Underperformance = Field(description="What happens when the alliance does not deliver.")
    transition_days: PositiveDays = Field(description="Days to transition accounts after the end.")
    return_information_days: PositiveDays = Field(description="Days to return or destroy the other's information after the end.")
    # Only a right the terms choose is drafted: an answers file without this field (older files relied on a
    # default of 3 months they never saw) has no change-of-control right.
    change_of_control_months: PositiveMonths | None = Field(
        default=None, description="Months a partner has to end the agreement after learning that a competitor took "
        "control of the other; leave out for no such right.")


# --------------------------------------------------------------------------- the whole deal


class Terms(StrictModel):
    """Everything the two partners agreed: the single source of truth for a deal."""

    partners: Annotated[list[Partner], Field(min_length=2, max_length=2)] = Field(
        description="Exactly two partners.")
    alliance: Alliance = Field(description="The alliance: name, kind, purpose, dates, territory, first deal.")
    goals: list[Goal] = Field(min_length=1, description="What each partner wants, and what they want together.")
    commitments: list[Commitment] = Field(min_length=1, description="What each partner contributes.")
    governance: Governance = Field(description="How the alliance is run and how problems are raised and escalated.")
    trust: TrustBoundaries = Field(description="What information is shared, what is held back, and confidentiality.")
    accounts: Accounts = Field(
        default_factory=Accounts, description="Who owns which customer accounts, and how leads are registered.")
    money: MoneyTrail = Field(description="Who invoices, who pays whom, for what and when.")
    referrals: Referrals | None = Field(
        default=None, description="How referrals work (a referral alliance, or the referral fees of a co-selling "
        "alliance: registration, tail and fee base). Left out of a referral "
        "alliance, the usual terms apply and the direction is read from the referral fees.")
    marketing: Marketing | None = Field(
        default=None, description="Joint campaigns: approval of materials, campaign costs and leads (a "
        "co-marketing alliance only). Left out of a co-marketing alliance, the usual terms apply.")
    supply: Supply | None = Field(
        default=None, description="What one partner supplies the other and on which terms (a supplier alliance "
        "only). Left out of a supplier alliance, the usual supply terms apply and the supplier is read from the "
        "payments.")
    data_sharing: DataSharing | None = Field(
        default=None, description="The data-sharing schedule, when customer data is shared. Left out, the usual "
        "terms apply, with transfers read from where the partners are registered.")
    technology: Technology | None = Field(
        default=None, description="Who owns what is developed, the licences, security and escrow (a technology "
        "alliance only). Left out of a technology alliance, the usual terms apply.")
    liability: Liability | None = Field(default=None, description="The cap on each partner's liability (optional; "
                                       "left out, the fees of the last 12 months, with the currency's usual floor).")
    covenants: Covenants | None = Field(default=None, description="Insurance, non-solicitation of employees, "
                                        "exclusivity and a non-compete (optional; left out, none of them).")
    reviews: Reviews = Field(description="Relationship Value Updates: the review forms the partners exchange.")
    code_of_conduct: CodeOfConduct | None = Field(default=None, description="Optional partnering code of conduct.")
    health: Health | None = Field(
        default=None, description="Relationship health: the behaviours the partners agree on and the survey "
        "that rates them (optional; left out, no health clause and no surveys).")
    termination: Termination = Field(description="How the alliance can end and what happens then.")
    disputes: Disputes = Field(description="Dispute resolution and governing law.")

    @model_validator(mode="after")
    def _terms_of_the_kind(self) -> "Terms":
        # A referral deal always has referral terms for the clauses to read: answers files written before
        # the section existed get the usual ones, with the direction read from who is paid referral fees.
        if self.alliance.kind is AllianceKind.REFERRAL:
            referrals = self.referrals or Referrals()
            if referrals.direction is None:
                referrals = referrals.model_copy(update={"direction": inferred_referrer(self.money)})
            self.referrals = referrals
        if self.alliance.kind is AllianceKind.SUPPLIER:  # the same for a supplier deal's supply terms
            self.supply = completed_supply(
                self.supply or Supply(), [(c.partner, d.description, d.deadline) for c in self.commitments
                                          for d in c.deliverables], self.money.flows, self.money.customer_invoiced_by)
        if self.alliance.kind is AllianceKind.TECHNOLOGY and self.technology is None:
            self.technology = Technology()  # the usual technology terms, for files written before the section
        return self

    @model_validator(mode="after")
    def _co_marketing_terms(self) -> "Terms":
        # Likewise a co-marketing deal: an answers file written before the section existed gets the usual terms.
        if self.alliance.kind is AllianceKind.CO_MARKETING and self.marketing is None:
            self.marketing = Marketing()
        return self

    @model_validator(mode="after")
    def _data_sharing_terms(self) -> "Terms":
        # Sharing customer data always has a data-sharing schedule: the usual terms where none are given.
        if self.trust.customer_data_shared:
            self.data_sharing = completed(self.data_sharing, [p.jurisdiction for p in self.partners])
        return self

    # ---- helpers for the documents; derived, never stored

    def partner(self, key: str) -> Partner:
        for p in self.partners:
            if p.key == key:
                return p
        raise KeyError(key)

    def other(self, key: str) -> Partner:
        """The partner that is not `key`."""
        return next(p for p in self.partners if p.key != key)

    def owner_name(self, key: str, joint: str | None = None) -> str:
        """A partner's short name from its key. `both` (a joint goal) reads as `joint`, a format with
        {first} and {second}, by default the vocabulary's joint owner. KeyError for an unknown key."""
        if key == BOTH:
            first, second = (p.short_name for p in self.partners)
            return (joint or vocabulary.words("partners", "joint_owner")).format(first=first, second=second)
        return self.partner(key).short_name

    @property
    def end_of_initial_term(self) -> dt.date:
        return self.alliance.end_of_initial_term


def answers_schema() -> dict:
    """The JSON Schema of an answers file (`agreement-builder schema`)."""
    document = Terms.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "agreement-builder answers file"
    return document
