"""Suggested answers read off earlier ones: countries, legal forms, lookups."""
from __future__ import annotations

import pytest

from agreement_builder.interview import suggest


@pytest.mark.parametrize("text, country", [
    ("Schützenstraße 14\n10117 Berlin\nGermany", "Germany"),
    ("22 Grand Canal Quay\nDublin 2, D02 XY45\nIreland\n", "Ireland"),
    ("Zurich, Switzerland", "Switzerland"),
    ("london, united kingdom.", "United Kingdom"),
    ("1 Main St\nSpringfield, IL 62701\nUSA", "United States"),
    ("Singapore", "Singapore"),
    ("Zurich", None),  # a city alone says nothing about the country
    ("Berlin, Europe", None),  # a region is not a country
    ("", None),
])
def test_the_country_an_address_or_place_ends_with(text, country):
    assert suggest.country(text) == country


LEGAL_FORMS = {"GmbH": "limited liability company (GmbH)", "KG": "limited partnership (KG)",
               "GmbH & Co. KG": "GmbH & Co. KG", "S.p.A.": "joint-stock company (S.p.A.)", "Ltd": "company"}


@pytest.mark.parametrize("name, form", [
    ("Larkspur Analytics GmbH", "limited liability company (GmbH)"),
    ("Larkspur Analytics gmbh", "limited liability company (GmbH)"),  # case does not matter
    ("Acme GmbH & Co. KG", "GmbH & Co. KG"),  # the longest ending wins over "KG"
    ("Acme KG", "limited partnership (KG)"),
    ("Rossi SpA", "joint-stock company (S.p.A.)"),  # dots do not matter
    ("Tidewater Software Ltd.", "company"),
    ("Tidewater Software", None),
    ("GmbH Holdings Inc", None),  # only the end of the name is the legal form
])
def test_a_legal_form_is_found_at_the_end_of_the_name(name, form):
    assert suggest.pick(LEGAL_FORMS, name, suffix=True) == form


def test_a_lookup_falls_back_to_its_star_entry():
    table = {"Switzerland": "Swiss Rules", "*": "ICC Rules"}
    assert suggest.pick(table, "switzerland") == "Swiss Rules"
    assert suggest.pick(table, "France") == "ICC Rules"
    assert suggest.pick({"Switzerland": "Swiss Rules"}, "France") is None


@pytest.mark.parametrize("name, short", [
    ("Larkspur Analytics GmbH", "Larkspur"),
    ("Harbour & Pine Consulting Ltd", "Harbour & Pine"),
    ("Smith and Jones LLP", "Smith and Jones"),
    ("Ernst & Young & Partners AG", "Ernst & Young & Partners"),
    ("Acme &", "Acme"),  # nothing after the "&" to join
    ("", None),
])
def test_the_short_name_people_say(name, short):
    assert suggest.short_name(name) == short


@pytest.mark.parametrize("known, name, address", [
    ([("Jonas Weber", "jonas.weber@larkspur.example")], "Aylin Demir", "aylin.demir@larkspur.example"),
    ([("Marcus Hale", "marcus@brightwater.media")], "Priya Natarajan", "priya@brightwater.media"),
    ([("Marcus Hale", "mhale@bw.com")], "Priya Natarajan", "pnatarajan@bw.com"),
    ([("Marcus Hale", "M.Hale@bw.com")], "Dr. Zoë Müller", "z.muller@bw.com"),  # honorific and accents dropped
    ([("", "info@bw.com")], "Priya Natarajan", "priya.natarajan@bw.com"),  # no shape to go by
    ([("Marcus Hale", "sales-team@bw.com")], "Priya Natarajan", "priya.natarajan@bw.com"),
    ([], "Priya Natarajan", None),  # no domain known yet: nothing is guessed
])
def test_an_email_is_suggested_in_the_shape_the_organisation_uses(known, name, address):
    assert suggest.email(name, known) == address


@pytest.mark.parametrize("countries, usual", [
    (["United States", "Canada"], "USD"),  # different currencies: the one deals are most often priced in
    (["Canada", "Canada"], "CAD"),
    (["Germany", "Ireland"], "EUR"),
    (["Germany", "Switzerland"], "EUR"),
    (["Switzerland", "Sweden"], "CHF"),
    ([], None),
])
def test_the_currency_offered_for_partners_in_these_countries(countries, usual):
    assert suggest.usual_currency(suggest.currencies(countries)) == usual


@pytest.mark.parametrize("typed, countries, currency", [
    ("$12,500", ["United States", "Canada"], "USD"),
    ("$12,500", ["Canada", "Canada"], "CAD"),
    ("$12,500", ["Australia", "Germany"], "AUD"),
    ("$12,500", ["Germany", "France"], "USD"),  # no dollar at home: the US dollar
    ("12.500,00 €", ["United States", "Canada"], "EUR"),
    ("£250,000", [], "GBP"),
    ("12,500 cad", ["United States"], "CAD"),  # a code typed wins over the sign's reading
    ("40 000", ["Canada"], None),  # nothing typed says which currency
    ("5 million", ["Canada"], None),  # no three-letter word inside another word counts
])
def test_the_currency_an_amount_was_typed_in(typed, countries, currency):
    assert suggest.currency_typed(typed, suggest.currencies(countries)) == currency


@pytest.mark.parametrize("address, registered", [
    ("200 King Street West, Floor 12\nToronto, ON M5H 3T4\nCanada", "Ontario, Canada"),
    ("1 Rue Notre-Dame\nMontréal (Québec) H2Y 1C6\nCanada", "Quebec, Canada"),
    ("1 George Street\nSydney NSW 2000\nAustralia", "New South Wales, Australia"),
    ("10 Main Street\nToronto\nCanada", "Canada"),  # no province named: the country, which suggests nothing
    ("410 Park Avenue South\nNew York, NY 10016\nUnited States", "United States"),  # mostly Delaware
    ("Schützenstraße 14\n10117 Berlin\nGermany", "Germany"),
])
def test_where_a_company_at_an_address_is_likely_registered(address, registered):
    assert suggest.region(address) == registered
