"""Property tests: terms survive the trip through an answers file unchanged."""
import datetime as dt
import typing
from decimal import Decimal
from enum import Enum

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from agreement_builder.answers import load_answers, load_terms, parse_yaml, save_answers, terms_to_yaml, validate_data
from agreement_builder.answers.reading import parse_plain, plain_data
from agreement_builder.errors import AgreementBuilderError
from agreement_builder.resources import package_file
from agreement_builder.terms.model import Terms

EXAMPLE = load_terms(package_file("example.yaml"))
# Fields that refer to partners or are codes: varying them only makes invalid deals.
FIXED = {"key", "owner", "partner", "payer", "payee", "collected_by", "customer_invoiced_by",
         "currency", "funding_currency", "shares", "contract_by", "service_levels_by", "first_line_support_by",
         "second_line_support_by"}

text = st.text(min_size=1, max_size=40)


def _metadata(annotation) -> list:
    found = []
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in annotation.__metadata__:
            found.extend([meta, *getattr(meta, "metadata", [])])
    for arg in typing.get_args(annotation):
        found.extend(_metadata(arg))
    return found


def _bounds(info) -> dict:
    bounds = {}
    for meta in [*info.metadata, *_metadata(info.annotation)]:
        for name in ("gt", "ge", "lt", "le"):
            if getattr(meta, name, None) is not None:
                bounds[name] = getattr(meta, name)
    return bounds


def _unwrap(annotation):
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin in (typing.Union, __import__("types").UnionType) and len(args) == 1:
        return _unwrap(args[0])
    return annotation


def _leaf(annotation, value, info):
    kind = _unwrap(annotation)
    if isinstance(value, BaseModel):
        return _model(type(value), value)
    if isinstance(value, list):
        if not value:
            return st.just([])
        if isinstance(value[0], BaseModel):
            return st.tuples(*(_model(type(v), v) for v in value)).map(list)
        return st.lists(text, min_size=1, max_size=3)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from(list(kind))
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        bounds = _bounds(info)
        low = bounds.get("ge", bounds.get("gt", -1) + 1)
        return st.integers(low, min(bounds.get("le", 3650), 3650))
    if isinstance(value, Decimal):
        top = 100 if _bounds(info).get("le") == 100 else 10**9
        return st.decimals(min_value=0, max_value=top, places=2, allow_nan=False, allow_infinity=False)
    if isinstance(value, dt.date):
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    if info.description and info.description.startswith("Email"):
        return st.from_regex(r"[a-z0-9._+-]{1,12}@[a-z0-9-]{1,12}(\.[a-z]{2,6}){1,2}", fullmatch=True)
    return text


def _model(cls: type[BaseModel], base: BaseModel):
    fields = {}
    for name, info in cls.model_fields.items():
        value = getattr(base, name)
        if value is None:
            continue
        fields[name] = st.just(value) if name in FIXED else _leaf(info.annotation, value, info)
    return st.fixed_dictionaries(fields).map(lambda values: cls.model_validate(values))


valid_terms = _model(Terms, EXAMPLE)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_terms)
def test_terms_to_yaml_and_back_is_identity(terms):
    text = terms_to_yaml(terms)
    loaded = validate_data(parse_yaml(text, "roundtrip.yaml"), "roundtrip.yaml")
    # Random terms may well break deal rules; what matters here is that every field comes back.
    assert loaded.terms is not None, [p.render() for p in loaded.problems]
    assert loaded.terms == terms
    # A build reads answers with the fast reader; it must see exactly what the round-trip parser sees.
    assert parse_plain(text, "roundtrip.yaml") == plain_data(parse_yaml(text, "roundtrip.yaml"))


YAML_SCALARS = ["yes", "no", "on", "off", "010", "0o10", "0x1F", "1_000", "1e3", ".5", "-.inf", ".nan", "~",
                "null", "2027-02-30", "2027-01-01 10:00:00", "12:30", "+12", "0b101", "'quoted'", '"a\\tb"',
                "=", "<<", "- a", "[1, 2]", "{a: 1}", "|\n  two\n  lines", ">\n  folded\n  text"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(YAML_SCALARS) | st.text(max_size=12), min_size=1, max_size=4))
def test_the_fast_reader_reads_every_scalar_as_the_round_trip_parser_does(values):
    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(values))
    try:
        expected = plain_data(parse_yaml(text, "x.yaml"))
    except AgreementBuilderError:
        return  # not YAML at all: the reader hands such text to the round-trip parser to say why
    fast = parse_plain(text, "x.yaml")
    assert fast is None or repr(fast) == repr(expected)  # repr: nan is not equal to itself


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_terms)
def test_rewriting_a_file_keeps_the_users_comments(example_file, terms):
    example_file.write_text(package_file("example.yaml").read_text()
                            .replace("effective_date: 2027-01-01", "effective_date: 2027-01-01  # signed in Dublin")
                            + "# a note at the very end\n")
    original_comments = [l.strip() for l in example_file.read_text().splitlines() if l.strip().startswith("#")]
    save_answers(example_file, terms)
    text = example_file.read_text()
    assert [c for c in original_comments if c not in text] == []
    assert "# signed in Dublin" in text
    assert load_answers(example_file).terms == terms
