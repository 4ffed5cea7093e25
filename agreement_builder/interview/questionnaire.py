"""The interview's questions, loaded from `questionnaires/*.yaml` and checked against the terms model.

Question text is data (like copier's `copier.yml`): each YAML file holds one
section, each question names the field of the terms it fills. Loading parses
every question into the model of its kind (`questions.py`, `groups.py`) and
checks it against the pydantic model (`checks.py`), so a typo in a question file is an `AgreementBuilderError`
naming the file and the question, never a crash halfway through an interview.

Field paths are dotted and relative to where the question sits: a section's
questions start at the terms (or at one partner, for a per-partner section); a
record's questions start at the record. In `when` conditions and
`choices_from`, a leading `/` means "from the top of the terms", and `[]`
means "every item of this list".
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args

from pydantic import Discriminator, Field, Tag

from ..errors import AgreementBuilderError
from .group_questions import OptionalQuestion, RecordsQuestion
from .picked_questions import ConfirmQuestion, MultiselectQuestion, PartnerQuestion, SelectQuestion
from .questions import Strict
from .typed_questions import (
    CurrencyQuestion,
    DatedLinesQuestion,
    DateQuestion,
    IntegerQuestion,
    LinesQuestion,
    MoneyQuestion,
    MultilineQuestion,
    PercentageQuestion,
    TextQuestion,
)

KINDS = {get_args(model.model_fields["kind"].annotation)[0]: model for model in (
    TextQuestion, MultilineQuestion, CurrencyQuestion, SelectQuestion, MultiselectQuestion, ConfirmQuestion,
    DateQuestion, IntegerQuestion, MoneyQuestion, PercentageQuestion, PartnerQuestion, LinesQuestion,
    DatedLinesQuestion, RecordsQuestion, OptionalQuestion)}


def _kind_of(data: Any) -> str | None:
    kind = data.get("kind") if isinstance(data, dict) else getattr(data, "kind", None)
    return kind if kind in KINDS else None


# One model per kind, picked by `kind`; an unknown kind is refused with the kinds there are.
Question = Annotated[
    Union[tuple(Annotated[model, Tag(kind)] for kind, model in KINDS.items())],
    Discriminator(_kind_of, custom_error_type="unknown_kind",
                  custom_error_message="Input should be one of the kinds " + ", ".join(KINDS),
                  custom_error_context={}),
]
for _group in (OptionalQuestion, RecordsQuestion):
    _group.model_rebuild(_types_namespace={"Question": Question})


class QuestionnaireError(AgreementBuilderError):
    """A question file is broken: the message names the file and the question."""


class Usual(Strict):
    """Questions whose defaults most alliances keep: offered together with one yes/no, walked only on a no."""

    ask: str
    help: str = Field(min_length=1)
    summary: str  # shows the values being accepted, so nobody agrees to numbers they have not seen
    fields: list[str] = Field(min_length=2)


class Section(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    intro: str
    for_each_partner: bool = False
    partner_titles: list[str] | None = None  # "the first partner", before its name is known
    summary: list[str] = Field(default_factory=list)
    usual: Usual | None = None
    questions: list[Question] = Field(min_length=1)

    def usual_questions(self) -> list:
        wanted = set(self.usual.fields) if self.usual else set()
        return [q for q in self.questions if q.field in wanted]


@dataclass(frozen=True)
class Questionnaire:
    sections: list[Section]
    files: dict[str, Path]

    def section(self, name: str) -> Section:
        for section in self.sections:
            if section.name == name:
                return section
        raise KeyError(name)
