"""The answers file: one YAML file per deal, the single source of truth."""
from .reading import parse_yaml, plain_data, read_text
from .validation import Answers, load_answers, load_terms, validate_data
from .writing import dump_yaml, merge_into, save_answers, terms_to_yaml, to_plain

__all__ = ["Answers", "dump_yaml", "load_answers", "load_terms", "merge_into", "parse_yaml", "plain_data",
           "read_text", "save_answers", "terms_to_yaml", "to_plain", "validate_data"]
