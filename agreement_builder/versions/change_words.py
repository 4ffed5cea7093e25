"""The words of the change summary: how a value, a field and a list entry read.

The words are data (`changes:` in data/vocabulary.yaml). This module computes
what fills them: partners by their short names, dates, sums and percentages
formatted the way the agreement formats them (EUR 5,000.00, 12%, 1 January
2027), enumerated values in the vocabulary's words, and the user's text
exactly as typed. Values are inserted with str.format, which never reads them.
"""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .. import formatting, vocabulary
from ..terms.model import Person, Terms

PARTNER_KEY_FIELDS = {"owner", "payer", "payee", "partner", "collected_by", "customer_invoiced_by", "joint_owner",
                      "licensor", "depositor"}
_MONEY_FIELDS = {"amount", "funding_amount", "estimated_value", "cap_amount", "floor_amount"}
_UNITS = (("_days", formatting.days), ("_months", formatting.months), ("_years", formatting.years),
          ("_percent", formatting.percent))
_UNIT_FIELDS = {"days_to_resolve": formatting.days}  # numbers with a unit their name does not end in
_QUOTE_ALONE = 40  # free text longer than this, with spaces, is quoted when it is a changed value
_QUOTE_LIMIT = 70  # free text that names an entry is cut to this length


def words(*keys: str) -> Any:
    """An entry of the change summary's vocabulary."""
    return vocabulary.words("changes", *keys)


def generic_path(path: str) -> str:
    """goals[2].target -> goals.target: the key of the vocabulary's tables."""
    out, depth = [], 0
    for ch in path:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def label(path: str) -> str:
    """A field's label; a field the vocabulary does not list reads as its name with spaces."""
    generic = generic_path(path)
    labels = words("labels")
    return labels[generic] if generic in labels else generic.rsplit(".", 1)[-1].replace("_", " ")


def field_names(template: str) -> list[str]:
    """The `{name}` fields a format string fills."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass(frozen=True)
class Where:
    """What a change is said of ("Larkspur's", "Money: payment terms") and which kind of words that is.

    The kind (section, owner, entry, labelled) chooses the punctuation before
    the next label and before the values (`joins` and `changed` in the vocabulary).
    """

    text: str
    kind: str = "entry"

    def join(self, label: str) -> Where:
        if not label:
            return self
        text = words("joins", self.kind).format(where=self.text, label=label)
        # A section's field carries its colon ("Money: payment terms"); anything below is an entry's detail.
        return Where(text, "labelled" if self.kind == "section" else "entry")

    def changed(self, old: str, new: str) -> str:
        return words("changed", self.kind).format(where=self.text, old=old, new=new)

    def added(self, value: str) -> str:
        return words("added").format(where=self.text, value=value)

    def removed(self, value: str) -> str:
        return words("removed").format(where=self.text, value=value)


def section(name: str) -> Where:
    return Where(words("sections", name), "section")


def entry_line(event: str, word: str, **values: str) -> str:
    """A list entry added, removed or changed: `event` is entry_added, entry_removed or entry_changed."""
    return words(event).format(word=word, **values)


def _entry_words(path: str) -> dict:
    return words("entries").get(generic_path(path), {})


def _fill(template: str, values: dict[str, str | None], optional: dict[str, list[str]]) -> str:
    """`template` filled; each optional part takes its first form whose fields are all set, else nothing."""
    filled = dict(values)
    for part, forms in optional.items():
        filled[part] = next((form.format_map(values) for form in forms
                             if all(values.get(name) is not None for name in field_names(form))), "")
    none = words("values", "none")
    return template.format_map({name: none if value is None else value for name, value in filled.items()})


class Describer:
    """Values and list entries of two versions of the terms, in the partners' words."""

    def __init__(self, old: Terms, new: Terms, *, side: Terms | None = None):
        self.old, self.new = old, new
        self.side = side or new  # the version whose values are being described: its currency counts

    def of_old(self) -> "Describer":
        """The same words for values of the older version (a removed payment was in the old currency)."""
        return Describer(self.old, self.new, side=self.old)

    def partner_name(self, key: str) -> str:
        # The newer version's name first; a partner that is gone still has its old one.
        for terms in (self.new, self.old):
            try:
                return terms.owner_name(key, joint=words("joint_owner"))
            except KeyError:
                continue
        return key

    def quote(self, text: str) -> str:
        return words("values", "quoted").format(text=text)

    def short_quote(self, text: str) -> str:
        text = " ".join(text.split())
        if len(text) > _QUOTE_LIMIT:
            text = words("values", "shortened").format(text=text[:_QUOTE_LIMIT - 1])
        return self.quote(text)

    def value(self, value: Any, path: str, parent: Any = None) -> str:
        """One value of the field at `path` (`parent` holds it: it knows a sum's currency)."""
        name = path.rsplit(".", 1)[-1]
        if value is None:
            return words("values", "none")
        if isinstance(value, bool):
            return words("values", "yes" if value else "no")
        if isinstance(value, Enum):
            return vocabulary.word(value)
        if isinstance(value, dt.date):
            return formatting.date(value)
        if isinstance(value, (Decimal, int)):
            if name == "percentage":
                return formatting.percent(value)
            if name in _MONEY_FIELDS:
                return formatting.money(value, self._currency(name, parent))
            if name in _UNIT_FIELDS:
                return _UNIT_FIELDS[name](value)
            for suffix, unit in _UNITS:
                if name.endswith(suffix):
                    return unit(value)
            return str(value)
        if isinstance(value, str):
            if name in PARTNER_KEY_FIELDS:
                return self.partner_name(value)
            return self.quote(value) if " " in value.strip() and len(value) > _QUOTE_ALONE else value
        if isinstance(value, Person):
            return words("values", "person").format(name=value.name, title=value.title)
        if isinstance(value, BaseModel):
            return self.names(value, path)
        return str(value)

    def _currency(self, name: str, parent: Any) -> str:
        if name == "funding_amount" and getattr(parent, "funding_currency", None):
            return parent.funding_currency
        if name == "estimated_value" and getattr(parent, "currency", None):
            return parent.currency
        return self.side.money.currency

    def people(self, old: Person | None, new: Person | None) -> tuple[str, str]:
        """Names, plus whichever of title, email and phone changed."""
        differing = [name for name in ("title", "email", "phone")
                     if old is None or new is None or getattr(old, name) != getattr(new, name)]

        def show(person: Person | None) -> str:
            if person is None:
                return words("values", "none")
            details = [getattr(person, name) for name in differing if getattr(person, name)]
            return words("values", "separator").join([person.name] + details)
        return show(old), show(new)

    # ---- list entries

    def fields(self, item: BaseModel, path: str) -> dict[str, str | None]:
        """What an entry's words may name: its fields in words, `_quoted` text, `_count` of lists."""
        values: dict[str, str | None] = {}
        for name in type(item).model_fields:
            raw, field_path = getattr(item, name), f"{path}.{name}"
            if raw is None:
                values[name] = None
            elif isinstance(raw, list):
                values[name] = words("values", "separator").join(self.entry(x, field_path) for x in raw)
                values[f"{name}_count"] = str(len(raw))
            elif isinstance(raw, str) and not isinstance(raw, Enum) and name not in PARTNER_KEY_FIELDS:
                values[name] = raw
                values[f"{name}_quoted"] = self.short_quote(raw)
            else:
                values[name] = self.value(raw, field_path, item)
        return values

    def names(self, item: BaseModel, path: str) -> str:
        """An entry added or removed, in one line; without words of its own, its first field."""
        entry = _entry_words(path)
        if "names" not in entry:
            first = next(iter(type(item).model_fields))
            return self.value(getattr(item, first), f"{path}.{first}", item)
        return _fill(entry["names"], self.fields(item, path), entry.get("optional", {}))

    def entry(self, item: Any, path: str) -> str:
        if isinstance(item, Enum):  # a value picked from a list of choices (an escrow's release events)
            return vocabulary.word(item)
        return self.names(item, path) if isinstance(item, BaseModel) else self.quote(item)

    def entry_word(self, path: str, where: Where) -> str:
        """What an added or removed entry of the list at `path` is called."""
        return _entry_words(path).get("word", where.text)

    def where(self, item: BaseModel, path: str, holder: Where) -> Where:
        """What the fields of a changed entry are said of; `holder` is what holds the list."""
        entry = _entry_words(path)
        if "where" not in entry:
            return holder
        text = _fill(entry["where"], {**self.fields(item, path), "where": holder.text}, {})
        return Where(text, entry.get("where_is", "entry"))
