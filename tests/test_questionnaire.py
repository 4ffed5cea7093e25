"""The question files: every question fills a real field, every required field is asked, conditions look back."""
from __future__ import annotations

import shutil
import typing
from collections import Counter

import pytest
from pydantic import BaseModel

from agreement_builder.interview.checks import question_paths
from agreement_builder.interview.loading import load_questionnaire
from agreement_builder.interview.questionnaire import QuestionnaireError
from agreement_builder.resources import data_folder
from agreement_builder.terms.model import Terms
from agreement_builder.terms.walk import field_at, inner_model, is_required


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire()


def _walk(questionnaire):
    """(absolute pattern, question, prefix of its scope) for every question, in the order they are asked."""
    def walk(questions, prefix, section):
        for q in questions:
            yield prefix + q.field, q, prefix
            if q.kind in ("records", "optional"):
                yield from walk(q.questions, f"{prefix}{q.field}{'[]' if q.kind == 'records' else ''}.", section)

    for section in questionnaire.sections:
        yield from walk(section.questions, "partners[]." if section.for_each_partner else "", section)


def _resolve(pattern: str):
    model, info = Terms, None
    for part in pattern.replace("[]", "").split("."):
        info = field_at(model, part)
        model = inner_model(info)
    return info


def test_every_question_names_a_real_field(questionnaire):
    for pattern, _, _ in _walk(questionnaire):
        _resolve(pattern)  # raises KeyError for a field the terms do not have


def _required_fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Required leaf fields, also inside optional parts (a backup contact, once given, needs a name)."""
    found = []
    for name, info in model.model_fields.items():
        inner = inner_model(info)
        is_list = typing.get_origin(typing.get_args(info.annotation)[0] if typing.get_origin(info.annotation)
                                    is typing.Annotated else info.annotation) is list
        if inner is not None:
            path = f"{prefix}{name}{'[]' if is_list else ''}"
            if is_list and is_required(info):
                found.append(prefix + name)
            found += _required_fields(inner, path + ".")
        elif is_required(info):
            found.append(prefix + name)
    return found


def test_every_required_field_is_asked_somewhere(questionnaire):
    asked = set(question_paths(questionnaire))
    required = _required_fields(Terms)
    assert "partners[].signatory.name" in required and "money.revenue_splits[].shares[].percentage" in required
    assert "goals[].owner" in required
    # the two partners are asked as two sections of their own, not as a list
    missing = [path for path in required if path not in asked and path != "partners"]
    assert missing == []


def test_nothing_is_asked_twice(questionnaire):
    counts = Counter(question_paths(questionnaire))
    assert [path for path, n in counts.items() if n > 1] == []
    prompts = Counter(q.prompt for _, q, _ in _walk(questionnaire) if q.prompt and q.kind not in ("records", "optional"))
    assert [p for p, n in prompts.items() if n > 1] == []


def test_each_question_says_why_it_matters_in_one_line(questionnaire):
    for pattern, q, _ in _walk(questionnaire):
        assert q.help.strip() and "\n" not in q.help.strip(), pattern
        assert len(q.help) <= 110, f"{pattern}: help is {len(q.help)} characters; keep it to one line"


def test_conditions_look_only_at_earlier_questions(questionnaire):
    seen: list[str] = []
    for pattern, q, scope in _walk(questionnaire):
        for condition in q.when:
            target = condition.field[1:] if condition.field.startswith("/") else scope + condition.field
            assert target in seen, f"{pattern} depends on {target}, which is not asked before it"
        seen.append(pattern)
    conditional = {p for p, q, _ in _walk(questionnaire) if q.when}
    assert {"trust.competitor_safeguards", "trust.customer_data_rules", "disputes.arbitration_rules",
            "money.flows[].percentage", "money.flows[].amount"} <= conditional


def test_choices_are_exactly_the_fields_values(questionnaire):
    for pattern, q, _ in _walk(questionnaire):
        if q.kind == "select":
            enum = _resolve(pattern).annotation
            assert sorted(c.value for c in q.choices) == sorted(m.value for m in enum), pattern


# --------------------------------------------------------------------------- broken question files


@pytest.fixture
def copy_of_questions(tmp_path):
    folder = tmp_path / "questionnaires"
    shutil.copytree(data_folder("questionnaires"), folder)
    return folder


def _edit(folder, name, old, new):
    file = folder / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, expected", [
    ("60-trust.yaml", "field: trust.partners_compete", "field: trust.partners_compete_often",
     "'trust.partners_compete_often' is not a field of Terms"),
    ("60-trust.yaml", "when: {field: trust.partners_compete, is: true}", "when: {field: trust.nope, is: true}",
     "no earlier question answers"),
    ("93-disputes.yaml", "{value: courts, label: The courts}", "{value: tribunal, label: A tribunal}",
     "must be exactly the field's values"),
    ("50-governance.yaml", "field: governance.channels\n    kind: lines", "field: governance.channels\n    kind: text",
     "does not fit this field"),
    ("20-alliance.yaml", "kind: date", "kind: calendar", "Input should be"),
    ("20-alliance.yaml", "name: alliance\n", "name: trust\n", "section name 'trust' is also used"),
    ("30-goals.yaml", "prompt: What does {partner} want", "prompt: What does {owner_nickname} want",
     "placeholder {owner_nickname}"),
    # a usual-terms block must show every value a yes accepts, and only questions with a default
    ("92-termination.yaml", "{termination.transition_days} days to wind down the alliance;", "",
     "the usual summary does not show {termination.transition_days}"),
    ("93-disputes.yaml", "    - disputes.mediation\n", "    - disputes.mediation\n    - disputes.venue\n",
     "usual field 'disputes.venue' has no default to accept"),
    ("93-disputes.yaml", "    default: 45\n    when: {field: disputes.mediation, is: true}",
     "    default: 45\n    when: {field: disputes.mediation, is: false}",
     "usual field 'disputes.mediation_days' is asked only under a condition the usual values do not settle"),
    ("80-money.yaml", "default: the customer pays an invoice\n",
     "default: the customer pays an invoice\n        transform: remainder\n", "transform remainder suggests"),
    # suggestions: a lookup needs its table, a table needs something to look up, and names must be known
    ("10-partner.yaml", "    default_from: legal_name\n    transform: short_name\n",
     "    default_from: legal_name\n    transform: suffix\n", "transform suffix needs suggestions"),
    ("80-money.yaml", "        default_from: basis\n        suggestions:\n          referral_fee: Referral",
     "        suggestions:\n          referral_fee: Referral", "suggestions need default_from"),
    ("80-money.yaml", "signs a contract with {payer}", "signs a contract with {payer_nickname}",
     "the suggested answer names {payer_nickname}"),
    ("80-money.yaml", "        default_from: payer\n        transform: other_partner\n", "",
     "an implied answer needs default_from or a transform"),
    ("93-disputes.yaml", "    prompt_by: disputes.final_forum\n", "", "prompt_by and prompts go together"),
    ("93-disputes.yaml", "    prompt_by: disputes.final_forum\n", "    prompt_by: disputes.governing_law\n",
     "prompt_by 'disputes.governing_law' is not answered by an earlier question"),
    # a kind's own default is for a real kind, and is an answer the question could give
    ("60-trust.yaml", "kind_defaults: {referral: light,", "kind_defaults: {referal: light,",
     "kind_defaults names 'referal', which is not a kind of alliance"),
    ("60-trust.yaml", "kind_defaults: {referral: light,", "kind_defaults: {referral: lite,",
     "kind_defaults.referral 'lite' is not one of the choices"),
    ("70-accounts.yaml", "    default: 12\n", "    default: 12\n    kind_defaults: {referral: none}\n",
     "kind_defaults.referral 'none' is not the same kind of answer as the default 12"),
    # one line per deliverable: a date and a text, and nothing else the record requires
    ("40-commitments.yaml", "date_field: deadline", "date_field: description",
     "date_field 'description' does not hold a date"),
    ("40-commitments.yaml", "text_field: description", "text_field: summary",
     "text_field 'summary' is not a field of Deliverable"),
    ("40-commitments.yaml", "      - field: deliverables\n        kind: dated_lines",
     "      - field: description\n        kind: dated_lines", "kind dated_lines fills a list of records"),
])
def test_a_broken_question_file_names_the_file_and_question(copy_of_questions, file, old, new, expected):
    _edit(copy_of_questions, file, old, new)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(copy_of_questions)
    message = str(caught.value)
    assert expected in message
    assert file in message or "trust" in file or "also used" in message


def test_a_forward_condition_is_refused(copy_of_questions):
    # customer_data_rules moved before the question it depends on
    file = copy_of_questions / "60-trust.yaml"
    text = file.read_text(encoding="utf-8")
    head, rules = text.split("  - field: trust.customer_data_rules")
    text = head.replace("  - field: trust.shared_information", "  - field: trust.customer_data_rules" + rules
                        + "  - field: trust.shared_information")
    file.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="60-trust.yaml: question trust.customer_data_rules: the condition"):
        load_questionnaire(copy_of_questions)


def test_not_yaml_at_all(copy_of_questions):
    (copy_of_questions / "99-bad.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="99-bad.yaml: cannot be read as YAML"):
        load_questionnaire(copy_of_questions)


# --------------------------------------------------------------------------- placeholders in every text


def test_a_typo_in_a_section_summary_is_refused_naming_the_file_and_the_line(copy_of_questions):
    _edit(copy_of_questions, "10-partner.yaml", "signs: {signatory.name}", "signs: {signatry.name}")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(copy_of_questions)
    message = str(caught.value)
    assert "10-partner.yaml" in message and "summary[0]" in message and "{signatry.name}" in message


def test_a_typo_in_a_records_summary_is_refused_naming_the_file_and_the_question(copy_of_questions):
    _edit(copy_of_questions, "30-goals.yaml", 'summary: "{description} (', 'summary: "{descripton} (')
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(copy_of_questions)
    message = str(caught.value)
    assert "30-goals.yaml" in message and "question goals" in message
    assert "{descripton} in summary" in message


@pytest.mark.parametrize("file, old, new, where", [
    ("10-partner.yaml", 'title: "Partner: {partner}"', 'title: "Partner: {partnr}"', "title"),
    ("10-partner.yaml", "ask: Does {partner} name a backup", "ask: Does {partnr} name a backup", "ask"),
    ("10-partner.yaml", "heading: Departments of {partner}", "heading: Departments of {partnr}", "heading"),
    ("30-goals.yaml", "add_first: Do {partner} also share", "add_first: Do {partnr} also share", "joint.add_first"),
    ("30-goals.yaml", "prompt_joint: What do {partner} want", "prompt_joint: What do {partnr} want", "prompt_joint"),
    ("93-disputes.yaml", "courts: Which city's courts decide?", "courts: Which {city}'s courts decide?",
     "prompts.courts"),
    ("80-money.yaml", 'label: "{partner}\'s share', 'label: "{partnr}\'s share', "label"),
    ("90-reviews.yaml", "other_prompt: Any other metrics", "other_prompt: Any {other_metrics}", "other_prompt"),
    ("60-trust.yaml", "ask: Keep this usual confidentiality?", "ask: Keep this usual {confidentiality}?",
     "usual.ask"),
    ("10-partner.yaml", "help: The agreement binds", "help: The {agreement} binds", "in help"),
])
def test_every_text_names_only_what_is_known_where_it_is_shown(copy_of_questions, file, old, new, where):
    _edit(copy_of_questions, file, old, new)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(copy_of_questions)
    message = str(caught.value)
    assert file in message and where in message, message
