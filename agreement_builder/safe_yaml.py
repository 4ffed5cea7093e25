"""A fast, safe YAML loader: libyaml's parser, with scalars read as YAML 1.2.

For the clause files' front matter and the agreement's layout file. Composing
the front matter of every clause with ruamel's pure-Python parser cost about
0.2 s a build; PyYAML's C loader reads the same in a few milliseconds. Scalars
are resolved the way ruamel's safe loader resolves them (YAML 1.2: `yes`,
`no`, `on` and `off` are text, `010` is ten), and a key given twice is an
error, as it is with ruamel. Safe: plain data only, a `!!python/...` tag is
refused. PyYAML is imported on first use: a build whose clauses come from the
cache (compiled.py) never needs it.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any


class YAMLSyntaxError(ValueError):
    """The text is not YAML this loader accepts; the message says what is wrong."""


def load_yaml(text: str) -> Any:
    """The data of a YAML document (plain dicts, lists, text, numbers, dates); raises YAMLSyntaxError."""
    yaml, loader = _loader()
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader: see _loader)
    except yaml.YAMLError as exc:
        raise YAMLSyntaxError(str(getattr(exc, "problem", None) or exc)) from None
    except (ValueError, IndexError) as exc:  # a scalar that looks like a number and is none ("_")
        raise YAMLSyntaxError(f"not a number: {exc}") from None


@cache
def _loader() -> tuple[Any, type]:
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # without libyaml: the same, in Python

    class _Loader(base):
        """The safe loader with YAML 1.2 core-schema scalars and duplicate keys refused."""

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                self.flatten_mapping(node)  # `<<` merges first, as the safe loader does
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=True)
                    try:
                        duplicate = key in seen
                        seen.add(key)
                    except TypeError:  # an unhashable key: the safe loader reports it
                        break
                    if duplicate:
                        raise yaml.constructor.ConstructorError(
                            "while constructing a mapping", node.start_mark,
                            f"found duplicate key {key!r}", key_node.start_mark)
            return super().construct_mapping(node, deep)

        def construct_yaml_int(self, node) -> int:
            # YAML 1.2: a leading 0 is no octal sign (ruamel reads 010 as 10); 0o, 0x, 0b are.
            text = self.construct_scalar(node).replace("_", "")
            sign = -1 if text[0] == "-" else 1
            text = text.lstrip("+-")
            bases = {"0b": 2, "0o": 8, "0x": 16}
            if text[:2] in bases:
                return sign * int(text[2:], bases[text[:2]])
            return sign * int(text)

        def construct_yaml_float(self, node) -> float:
            text = self.construct_scalar(node).replace("_", "").lower()
            sign = -1.0 if text[0] == "-" else 1.0
            text = text.lstrip("+-")
            if text == ".inf":
                return sign * float("inf")
            if text == ".nan":
                return float("nan")
            return sign * float(text)

    _Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
    _Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)

    # ruamel's YAML 1.2 resolvers (ruamel/yaml/resolver.py), in its order.
    _Loader.yaml_implicit_resolvers = {}
    for _tag, _pattern, _first in [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("float", r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                      |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                      |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
                      |[-+]?\.(?:inf|Inf|INF)
                      |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
        ("int", r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0o?[0-7_]+
                    |[-+]?[0-9_]+
                    |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
        ("merge", r"^(?:<<)$", "<"),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                          |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                          (?:[Tt]|[ \t]+)[0-9][0-9]?
                          :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                          (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
        ("value", r"^(?:=)$", "="),  # no constructor: refused, as ruamel refuses it
    ]:
        _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern, re.X), list(_first))
    return yaml, _Loader


@cache
def answers_loader() -> type:
    """The same loader for answers files, with dates left as text: the terms model reads them, so a
    date that does not exist (2027-02-30) is reported against its field like any other mistake."""
    _yaml, base = _loader()

    class _AnswersLoader(base):
        pass

    _AnswersLoader.add_constructor("tag:yaml.org,2002:timestamp", _AnswersLoader.construct_yaml_str)
    return _AnswersLoader
