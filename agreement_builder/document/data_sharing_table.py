"""The data-sharing schedule as rows of text: the particulars the customer-data clause refers to.

A two-column table (what, and the terms agreed), built from `terms.data_sharing`; the wording around
the values, and the standard terms that apply where the answers leave a part out, come from
data/agreement_layout.yaml.
"""
from __future__ import annotations

from collections.abc import Mapping

from .. import formatting
from ..terms.data_protection import data_protection
from ..terms.model import Terms

# The exit clause's sub-clause on returning information: its deadline is the schedule's standard retention.
RETURN_INFORMATION = "exit#return-information"


def data_sharing_rows(terms: Terms, text: dict, numbers: Mapping[str, str]) -> list[list[str]]:
    """(what, the terms agreed) rows, with no heading row; `numbers` are the agreement's clause numbers."""
    sharing = terms.data_sharing
    labels = text["labels"]
    roles = [text["controllers_except" if sharing.processing else "controllers"]] + [
        text["processor"].format(processor=terms.partner(role.partner).short_name, activity=role.activity,
                                 controller=terms.other(role.partner).short_name)
        for role in sharing.processing]
    # The European transfer rules only where European law applies; elsewhere, transfers in general.
    european = data_protection(terms.partners, sharing.transfers_outside_europe).european
    if not european:
        transfers = text["transfers_between_countries"]
        if sharing.transfer_safeguards:
            transfers += "\n" + text["safeguards_agreed"].format(safeguards=sharing.transfer_safeguards)
    elif sharing.transfers_outside_europe:
        transfers = text["transfers"].format(safeguards=sharing.transfer_safeguards or text["standard_safeguards"])
    else:
        transfers = text["no_transfers"]
    retention = sharing.retention or text["standard_retention"].format(
        return_clause=numbers.get(RETURN_INFORMATION, "{" + RETURN_INFORMATION + "}"))
    if terms.alliance.kind in text["retention_of_kind"]:  # what the kind's own clauses let a partner keep
        retention += "\n" + text["retention_of_kind"][terms.alliance.kind]
    further = terms.trust.customer_data_rules and terms.trust.customer_data_rules.strip()
    if further:  # the partners' own rules may delete some data sooner: one answer to "how long"
        retention += "\n" + text["shorter_further_rules"]
    if terms.alliance.kind in text["record_of_kind"]:
        cited = [numbers[c] for c in text["record_clauses_of_kind"][terms.alliance.kind] if c in numbers]
        if cited:
            retention += "\n" + text["record_of_kind"][terms.alliance.kind].format(clauses=_series(cited, text))
    rows = [
        [labels["categories"], _items(sharing.categories or text["standard_categories"], text)],
        [labels["purposes"], _items(sharing.purposes or text["standard_purposes"], text)],
        [labels["roles"], "\n".join(roles)],
        [labels["retention"], retention],
        [labels["transfers" if european else "transfers_between_countries"], transfers],
        [labels["security"], _items(sharing.security or text["standard_security"], text)],
        [labels["breach"], text["breach"].format(hours=formatting.hours(sharing.breach_notice_hours))],
    ]
    if further:
        rows.append([labels["further"], terms.trust.customer_data_rules])
    return rows


def _items(values: list[str], text: dict) -> str:
    return "\n".join(text["item"].format(text=value) for value in values)


def _series(values: list[str], text: dict) -> str:
    """'12', '12 and 13', '12, 13 and 15'."""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + text["and"] + values[-1]
