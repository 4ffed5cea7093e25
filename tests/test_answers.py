"""Reading and writing answers files: safe, precise about errors, kind to comments."""
import datetime as dt
import os
from decimal import Decimal

import pytest
from helpers import assert_reported, run

from agreement_builder.answers import load_answers, load_terms, save_answers, to_plain
from agreement_builder.errors import AnswersFileError, DraftIncomplete, InvalidTerms


def test_object_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "pwned"
    file = tmp_path / "evil.yaml"
    file.write_text(f'alliance: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(AnswersFileError, match="line 1.*not allowed"):
        load_answers(file)
    result = run("check", file)
    assert_reported(result)
    assert not marker.exists()


@pytest.mark.parametrize("text, expected", [
    ("partners: [\n", "line 2"),
    ("alliance:\n  name: a\n  name: b\n", "line 3"),
    ("- just\n- a list\n", "mapping of sections"),
    ("alliance:\n\tname: tab\n", "line 2"),
])
def test_unreadable_yaml_names_the_line(tmp_path, text, expected):
    file = tmp_path / "broken.yaml"
    file.write_text(text)
    result = run("check", file)
    assert_reported(result)
    assert "broken.yaml" in result.output and expected in result.output


def test_not_utf8(tmp_path):
    file = tmp_path / "latin1.yaml"
    file.write_bytes("alliance:\n  name: Caf\xe9\n".encode("latin-1"))
    result = run("check", file)
    assert_reported(result)
    assert "UTF-8" in result.output


def test_empty_file_is_an_empty_draft(tmp_path):
    file = tmp_path / "new.yaml"
    file.write_text("")
    loaded = load_answers(file)
    assert loaded.is_draft
    assert {p.path for p in loaded.missing} >= {"partners", "alliance", "goals", "money"}
    with pytest.raises(DraftIncomplete, match="still missing"):
        loaded.require_terms()


def test_invalid_terms_raise_with_every_problem(example_file):
    text = example_file.read_text().replace("initial_term_months: 24", "initial_term_months: two years")
    example_file.write_text(text)
    with pytest.raises(InvalidTerms) as caught:
        load_terms(example_file)
    assert [p.path for p in caught.value.problems] == ["alliance.initial_term_months"]
    assert "whole number" in str(caught.value)


def test_types_are_the_right_ones(example_terms):
    assert isinstance(example_terms.alliance.effective_date, dt.date)
    assert example_terms.money.flows[0].percentage == Decimal("10")
    assert isinstance(example_terms.money.flows[0].percentage, Decimal)
    assert example_terms.alliance.end_of_initial_term == dt.date(2028, 12, 31)


def test_rewriting_keeps_comments_and_order(example_file):
    before = example_file.read_text()
    terms = load_terms(example_file)
    changed = terms.model_copy(deep=True)
    changed.money.flows[0].percentage = Decimal("12.5")
    changed.goals[0].target = "15"
    save_answers(example_file, changed)
    after = example_file.read_text()
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    assert comments and all(c in after for c in comments)
    assert "  # referral_fee, resale_margin, fixed_fee, royalty or other" in after
    assert [line.split(":")[0] for line in after.splitlines() if line and not line[0].isspace()] == \
        [line.split(":")[0] for line in before.splitlines() if line and not line[0].isspace()]
    assert load_terms(example_file) == changed
    # Only the two changed lines differ.
    changed_lines = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert len(changed_lines) == 2, changed_lines


def test_rewrite_is_atomic_and_leaves_no_temporary_files(example_file):
    save_answers(example_file, load_terms(example_file))
    assert sorted(p.name for p in example_file.parent.iterdir() if p.is_file()) == ["deal.yaml"]


def test_to_plain_leaves_out_unset_optionals(example_terms):
    plain = to_plain(example_terms)
    assert "phone" not in plain["partners"][1]["alliance_manager"]
    assert plain["alliance"]["kind"] == "co_selling"


def test_written_files_get_ordinary_permissions(tmp_path):
    fresh = tmp_path / "fresh.yaml"
    assert run("example", "-o", fresh).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    fresh.chmod(0o640)
    save_answers(fresh, load_terms(fresh))
    assert fresh.stat().st_mode & 0o777 == 0o640, "rewriting keeps the file's own mode"


def test_sections_added_later_go_in_their_place_under_their_own_comments(example_file):
    full = load_terms(example_file)
    text = example_file.read_text()
    # A draft without the goals and governance sections, as an interview might leave it.
    draft = text.replace(text[text.index("\ngoals:"):text.index("\n# Commitments")], "\n")
    draft = draft.replace(draft[draft.index("\ngovernance:"):draft.index("\n# Trust boundaries")], "\n")
    example_file.write_text(draft)
    save_answers(example_file, full)
    after = example_file.read_text()
    sections = [line.split(":")[0] for line in after.splitlines() if line and line[0].isalpha()]
    assert sections == list(full.model_dump(exclude_none=True))
    # Each surviving section comment still sits right above its own section.
    for comment, section in [("# Commitments:", "commitments:"), ("# Trust boundaries:", "trust:")]:
        lines = after.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith(comment))
        assert lines[at + 1] == section, lines[at - 2:at + 2]
    assert load_terms(example_file) == full


@pytest.mark.parametrize("text", ["\n", "\n\n", "a\n", " a\nb", "a \nb"])
def test_text_with_edge_spaces_or_line_breaks_written_over_a_folded_value_comes_back_exactly(example_file, text):
    # found by hypothesis: "\n" written where the example has a folded (>-) paragraph came back as "\n\n"
    terms = load_terms(example_file)
    data = terms.model_dump()
    data["trust"]["customer_data_rules"] = text
    save_answers(example_file, type(terms).model_validate(data))
    assert load_answers(example_file).data["trust"]["customer_data_rules"] == text  # (blank text breaks a rule)
