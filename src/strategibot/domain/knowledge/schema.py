"""The knowledge files' schema (pydantic), kept apart from the loader that reports problems."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from strategibot.core.strict import Strict

__all__ = [
    "REGISTERED_FTE",
    "CountDoneMetric",
    "DeadlineModel",
    "DeadlinesFileModel",
    "DistinctFormsMetric",
    "EntryModel",
    "GoalModel",
    "GoalsFileModel",
    "LangList",
    "LangText",
    "MatrixMetric",
    "Metric",
    "OrganisationFile",
    "PassageModel",
    "PassageSectionModel",
    "PassagesFileModel",
    "PassagesSourceModel",
    "PeriodModel",
    "PhrasingsFile",
    "RangeModel",
    "ShareMetric",
    "StrategyModel",
    "SynonymsFile",
    "ThemeModel",
    "TopicModel",
    "WeightedMeanMetric",
]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class LangText(Strict):
    """A text in Danish and English."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class LangList(Strict):
    """A list of texts per language."""

    da: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)

    def get(self, lang: str) -> list[str]:
        return self.en if lang == "en" else self.da

    @field_validator("da", "en")
    @classmethod
    def _non_empty_items(cls, items: list[str]) -> list[str]:
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise ValueError("every item must be a non-empty text")
        return items


class EntryModel(Strict):
    """One question-and-answer entry."""

    id: str
    title: LangText
    answer: LangText
    questions: LangList
    keywords: LangList
    source_pages: list[int] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)
    """of an entry about a group (the four themes, the five bearings): the entries of its
    members, one each — "which of the bearings is about mistakes?" asks for one of them"""

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("an id is lower-case a-z, 0-9 and single '-'")
        return value

    @field_validator("questions")
    @classmethod
    def _enough_questions(cls, value: LangList) -> LangList:
        for lang in ("da", "en"):
            if len(value.get(lang)) < 3:
                raise ValueError(f"at least 3 questions in '{lang}'")
        return value


class TopicModel(Strict):
    entry: str
    da: str
    en: str


class ThemeModel(Strict):
    """One of the strategy's themes: its number, the entry that explains it, its name."""

    number: int = Field(ge=1, le=20)
    entry: str
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class PeriodModel(Strict):
    """The strategy's period: check-ins are taken from ``start`` until ``reporting_closes``;
    after ``end`` the figures are final."""

    start: dt.date
    end: dt.date
    reporting_closes: dt.date | None = None
    """the last day a unit leader may report for the period (default: ``end``)"""

    @model_validator(mode="after")
    def _order(self) -> PeriodModel:
        if not self.start <= self.end <= self.closes:
            raise ValueError("the period needs start ≤ end ≤ reporting_closes")
        return self

    @property
    def closes(self) -> dt.date:
        return self.reporting_closes or self.end

    def elapsed(self, today: dt.date) -> float:
        """The share of the period gone by ``today`` (0–1)."""
        total = (self.end - self.start).days or 1
        return min(1.0, max(0.0, (today - self.start).days / total))


class StrategyModel(Strict):
    """strategy.yaml: the document's metadata."""

    id: str
    title: LangText
    subtitle: LangText
    issuer: LangText
    issued: str
    year: int
    municipality: str
    document: LangText
    pages: int = Field(gt=0)
    period: PeriodModel
    topics: list[TopicModel] = Field(min_length=1)
    themes: list[ThemeModel] = Field(default_factory=list)
    unexplained: list[str] = Field(default_factory=list)
    """terms the document uses without saying what they are ("årsværk", "omegnskommunerne"):
    "hvad er et årsværk?" is told so before what the document does say"""


class CountDoneMetric(Strict):
    """The number of units (or centres) whose report is "done": the first field of ``done``
    that the report has decides (a choice's value or a yes/no)."""

    kind: Literal["count-done"]
    done: dict[str, str | bool] = Field(min_length=1)
    """field → the value that means done, e.g. ``{status: done}`` or ``{has_goal: true}``."""
    in_progress: dict[str, str | bool] = Field(default_factory=dict)
    """field → the value that means in progress (shown beside the figure)."""


class DistinctFormsMetric(Strict):
    """The number of distinct forms (by name, across units) tried and evaluated."""

    kind: Literal["distinct-forms"]
    name: str
    """the text field naming the form"""
    tried: str
    """the yes/no field: tried"""
    evaluated: str
    """the yes/no field: evaluated"""
    across: int = 1
    """the forms reached count only when units of at least this many centres tried and
    evaluated them ("… på tværs af organisationen": forms from one unit, or from the units
    of one centre, are not across it)"""


REGISTERED_FTE = "registered-fte"
"""A weight that is not a check-in field: the unit's FTE as registered in the organisation."""


class WeightedMeanMetric(Strict):
    """The mean of a number field over units, weighted by another number field or by the
    units' registered FTE."""

    kind: Literal["weighted-mean"]
    value: str
    """the number field with each unit's figure"""
    weight: str
    """``registered-fte`` (the organisation's FTE of each unit), or a number field"""


class ShareMetric(Strict):
    """The percentage of the units that answered yes to ``of`` that also answered yes to
    ``hit``."""

    kind: Literal["share"]
    of: str
    hit: str


class MatrixMetric(Strict):
    """Cells of the centres × themes matrix with a filled ``cell`` (a text field asked per
    theme; a "none" answer fills nothing)."""

    kind: Literal["matrix"]
    cell: str


Metric = Annotated[
    CountDoneMetric | DistinctFormsMetric | WeightedMeanMetric | ShareMetric | MatrixMetric,
    Field(discriminator="kind"),
]


class RangeModel(Strict):
    """The plausible values of a goal's figure; others are refused with the range."""

    min: float
    max: float

    @model_validator(mode="after")
    def _order(self) -> RangeModel:
        if not self.min <= self.max:
            raise ValueError("min must not be above max")
        return self


class GoalModel(Strict):
    """One shared goal, machine-readable."""

    id: str
    entry: str
    theme: int | None = None
    title: LangText
    text: LangText
    metric: Metric
    """how the organisation-wide figure is computed, and from which check-in fields"""
    scope: Literal["count", "organisation"]
    """``count``: achieved when the count is reached, whatever the coverage;
    ``organisation``: a claim about the whole organisation, made only from ``min_coverage``"""
    min_coverage: float = Field(0.6, gt=0, le=1)
    """the share of units (centres; FTE for an FTE-weighted figure) below which an
    organisation goal has no status but "too few reports"
    """
    plausible: RangeModel | None = None
    """the range a reported figure must be in (the metric's number field)"""
    jump: float | None = Field(None, gt=0)
    """a figure this much above or below the unit's last one is confirmed before it is saved"""
    reported_by: Literal["unit", "centre"]
    target: float
    baseline: float | None = None
    baseline_date: dt.date | None = None
    unit: LangText
    unit_one: LangText | None = None
    """the unit for one ("enhed" beside "enheder"): "1 enhed" in a centre's view, not a bare
    "1" (nor "1 enheder")"""
    direction: Literal["increase", "decrease"]
    deadline: dt.date
    owner: LangText | None = None
    source_pages: list[int] = Field(min_length=1)


class GoalsFileModel(Strict):
    goals: list[GoalModel] = Field(min_length=1)


class DeadlineModel(Strict):
    """A dated milestone of the strategy (deadline reminders, digests' next deadlines)."""

    id: str
    date: dt.date
    entry: str
    title: LangText


class DeadlinesFileModel(Strict):
    deadlines: list[DeadlineModel] = Field(default_factory=list)


class PhrasingsFile(Strict):
    """``phrasings.yaml``: more alternative questions per entry, collected from real use."""

    phrasings: dict[str, dict[Literal["da", "en"], list[str]]]


class SynonymsFile(Strict):
    """``knowledge/synonyms.yaml``: words and phrases that mean the same to the bot."""

    groups: list[list[str]] = Field(min_length=1)


class OrganisationUnitModel(Strict):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    leader: str | None = None
    fte: float = Field(gt=0)


class OrganisationCentreModel(Strict):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    chief: str | None = None
    units: list[OrganisationUnitModel] = Field(min_length=1)


class OrganisationFile(Strict):
    """``knowledge/organisation.example.yaml``: centres, units, leaders, FTE."""

    example: bool = False
    centres: list[OrganisationCentreModel] = Field(min_length=1)


class PassageModel(Strict):
    """One passage (a sentence, or a list the document writes as one) and its page(s)."""

    text: str = Field(min_length=1)
    """the document's own words (Danish); what the bot quotes"""
    en: str = Field(min_length=1)
    """an English gloss: a faithful translation, used only to match English questions (the
    bot quotes ``text`` and says it is Danish)"""
    pages: list[int] = Field(min_length=1)
    entry: str | None = None
    """the curated entry that explains it (a button under a quote); default: the section's"""


class PassageSectionModel(Strict):
    """A section of the document: its heading, the entry that explains it, its passages."""

    id: str
    title: LangText
    entry: str | None = None
    passages: list[PassageModel] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("an id is lower-case a-z, 0-9 and single '-'")
        return value


class PassagesSourceModel(Strict):
    """Where the text comes from and how it was made (provenance)."""

    document: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    transcript: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    pages: str = Field(min_length=1)
    """how page numbers were read"""
    edits: str = Field(min_length=1)
    """every change made to the transcript's text"""


class PassagesFileModel(Strict):
    """``passages/*.yaml``: the document's full text, section by section, with pages."""

    source: PassagesSourceModel
    sections: list[PassageSectionModel] = Field(min_length=1)
