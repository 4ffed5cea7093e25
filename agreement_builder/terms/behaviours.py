"""The relationship-health part of the terms: the behaviours the partners agreed and their survey.

Optional: an answers file without a `health` section builds as before, with no
health clause and no surveys. With one, each partner's people rate the agreed
behaviours (and a few standard items, data/vocabulary.yaml `health.items`)
from 1 to 5 in a survey every `survey_cadence`; `report` reads the surveys back
and shows where the two partners' views differ.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .values import ExecutiveReviewCadence, StrictModel, Text

# The survey runs on the same choices of rhythm as the executive reviews (and has the same words for them).
SurveyCadence = ExecutiveReviewCadence
SURVEY_MONTHS = {SurveyCadence.QUARTERLY: 3, SurveyCadence.SEMI_ANNUAL: 6, SurveyCadence.ANNUAL: 12}


class Health(StrictModel):
    behaviours: Annotated[list[Text], Field(min_length=1, max_length=40)] = Field(
        description="The behaviours both partners agree show a healthy relationship, one per line, e.g. "
        "`We raise a problem with the other partner before we raise it with anyone else.`")
    survey_cadence: SurveyCadence = Field(
        default=SurveyCadence.SEMI_ANNUAL, description="How often each partner's people rate the behaviours "
        "in the health survey.")
    by_department: bool = Field(
        default=True, description="Does each department that sends its own review form also answer its own "
        "health survey?")
    internal_alignment: bool = Field(
        default=True, description="Does each partner meet internally before every joint governance meeting, "
        "to settle its own differences before the partners meet?")
