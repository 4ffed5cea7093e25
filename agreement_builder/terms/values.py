"""The value types and enumerations the terms are made of: partner keys, money, percentages,
periods, dates, and the choices a deal makes (kind, cadences, bases...).

Apart from the model (model.py) so that one reads as the deal's sections.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated

from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# --------------------------------------------------------------------------- types

PARTNER_KEY_PATTERN = r"^[a-z][a-z0-9_-]{0,23}$"
BOTH = "both"  # goal owner meaning "the two partners together"

PartnerKey = Annotated[
    str,
    StringConstraints(pattern=PARTNER_KEY_PATTERN),
    Field(description="Short lowercase key of a partner (letters, digits, - or _), e.g. `acme`."),
]
"""A reference to one of the two partners, by key."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Free text typed by a user. Kept exactly as typed: never stripped or rewritten."""

_ISO_CURRENCIES = frozenset(list_currencies())


def _known_currency(code: str) -> str:
    if code not in _ISO_CURRENCIES:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code (e.g. EUR, USD, GBP)")
    return code


Currency = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    AfterValidator(_known_currency),
    Field(description="ISO 4217 currency code, e.g. `EUR`."),
]
def _no_negative_zero(value: Decimal) -> Decimal:
    # "-0.0" passes ge=0 and would print as "-EUR 0.00".
    return abs(value) if value.is_zero() else value


def _not_a_truth_value(value: object) -> object:
    # YAML reads `true` as a boolean, which Python would take for the number 1.
    if isinstance(value, bool):
        raise ValueError("write a number here, not true or false")
    return value


Amount = Annotated[
    Decimal,
    AfterValidator(_no_negative_zero),
    Field(ge=0, max_digits=15, decimal_places=4, allow_inf_nan=False,
          description="Amount of money, e.g. `25000` or `1999.99`."),
]
Percentage = Annotated[
    Decimal,
    AfterValidator(_no_negative_zero),
    Field(ge=0, le=100, max_digits=7, decimal_places=4, allow_inf_nan=False,
          description="Percentage from 0 to 100, e.g. `12.5`."),
]
def _plausible_email(text: str) -> str:
    # Not a full RFC 5322 check: enough that a notice sent to it can arrive (a name, an @, a domain with a dot).
    if not _EMAIL.match(text):
        raise ValueError(f"{text!r} is not an email address; write it as name@company.com")
    return text


_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
Email = Annotated[str, AfterValidator(_plausible_email)]
WholeNumber = Annotated[int, BeforeValidator(_not_a_truth_value)]
PositiveDays = Annotated[WholeNumber, Field(gt=0, le=3650)]
PositiveMonths = Annotated[WholeNumber, Field(gt=0, le=600)]
# Dates far enough apart from today's that every date the terms derive (the end of a term, a review
# due date) is still a date: 9999-12-31 plus a term would not be.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


class StrictModel(BaseModel):
    """Unknown keys are errors (a typo must never be silently ignored)."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


# --------------------------------------------------------------------------- enumerations


class AllianceKind(str, Enum):
    REFERRAL = "referral"
    CO_MARKETING = "co_marketing"
    CO_SELLING = "co_selling"
    SUPPLIER = "supplier"
    TECHNOLOGY = "technology"
    OTHER = "other"


class MeetingCadence(str, Enum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class ReviewCadence(str, Enum):
    QUARTERLY = "quarterly"
    SEMI_ANNUAL = "semi_annual"

    @property
    def months(self) -> int:
        return 3 if self is ReviewCadence.QUARTERLY else 6


class ExecutiveReviewCadence(str, Enum):
    QUARTERLY = "quarterly"
    SEMI_ANNUAL = "semi_annual"
    ANNUAL = "annual"


class FormLength(str, Enum):
    SHORT = "short"
    LONG = "long"
    BOTH = "both"


class ContributionKind(str, Enum):
    PEOPLE = "people"
    REFERRALS = "referrals"  # introductions: what a referring partner mainly brings
    TECHNOLOGY = "technology"
    MARKETING = "marketing"
    FUNDING = "funding"
    OTHER = "other"


class PaymentBasis(str, Enum):
    REFERRAL_FEE = "referral_fee"
    RESALE_MARGIN = "resale_margin"
    FIXED_FEE = "fixed_fee"
    ROYALTY = "royalty"  # paid for a licence to resell or embed the payee's technology
    OTHER = "other"


class CapBasis(str, Enum):
    FEES_12_MONTHS = "fees_12_months"  # the amounts paid or payable in the 12 months before the claim
    FIXED = "fixed"


class Withholding(str, Enum):
    """Who bears a tax the law makes the payer withhold from a payment between the partners."""

    GROSS_UP = "gross_up"  # the payer pays more, so the payee receives what it would have without the withholding
    DEDUCT_WITH_CERTIFICATES = "deduct_with_certificates"  # the payer pays the net and sends the tax receipts


class CampaignCosts(str, Enum):
    EACH_OWN = "each_own"  # each partner bears its own costs of the joint campaigns
    SHARED = "shared"  # the costs of joint campaigns are split in agreed shares


class ConfidentialityLevel(str, Enum):
    STRICT = "strict"  # mutual, marked or not, with named people only
    LIGHT = "light"  # mutual, marked information, reasonable care


class FinalForum(str, Enum):
    COURTS = "courts"
    ARBITRATION = "arbitration"


class Arbitrators(str, Enum):
    ONE = "one"
    THREE = "three"


class JointOwnership(str, Enum):
    """Who owns what the partners develop together for the alliance."""

    JOINT = "joint"  # owned by both, each free to use and license it without accounting to the other
    ONE_PARTNER = "one_partner"  # owned by one named partner, which licenses it to the other


class LicensedUse(str, Enum):
    """What a partner may do with the other's technology beyond working on the alliance."""

    RESELL = "resell"  # resell or distribute it, as it is, to customers
    EMBED = "embed"  # build it into its own products and supply them to customers
    INTERNAL = "internal"  # use it internally for the alliance only (development, testing, demonstration, support)


class ReleaseEvent(str, Enum):
    """What releases the deposited source code to the partner that relies on it."""

    INSOLVENCY = "insolvency"
    END_OF_SUPPORT = "end_of_support"
    UNCURED_BREACH = "uncured_breach"
