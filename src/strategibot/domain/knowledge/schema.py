"""The knowledge files' schema (pydantic), kept apart from the loader that reports problems."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "DeadlineModel",
    "DeadlinesFileModel",
    "EntryModel",
    "EvalQuestionModel",
    "EvalSetModel",
    "GoalModel",
    "GoalsFileModel",
    "LangList",
    "LangText",
    "StrategyModel",
    "ThemeModel",
    "TopicModel",
]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LangText(_Strict):
    """A text in Danish and English."""

    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class LangList(_Strict):
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


class EntryModel(_Strict):
    """One question-and-answer entry."""

    id: str
    title: LangText
    answer: LangText
    questions: LangList
    keywords: LangList
    source_pages: list[int] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)

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


class TopicModel(_Strict):
    entry: str
    da: str
    en: str


class ThemeModel(_Strict):
    """One of the strategy's themes: its number, the entry that explains it, its name."""

    number: int = Field(ge=1, le=20)
    entry: str
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


class StrategyModel(_Strict):
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
    topics: list[TopicModel] = Field(min_length=1)
    themes: list[ThemeModel] = Field(default_factory=list)


class GoalModel(_Strict):
    """One shared goal, machine-readable."""

    id: str
    entry: str
    theme: int | None = None
    title: LangText
    text: LangText
    metric: Literal["count-done", "distinct-forms", "weighted-mean", "share", "matrix"]
    reported_by: Literal["unit", "centre"]
    target: float
    baseline: float | None = None
    baseline_date: dt.date | None = None
    unit: LangText
    direction: Literal["increase", "decrease"]
    deadline: dt.date
    owner: LangText | None = None
    source_pages: list[int] = Field(min_length=1)


class GoalsFileModel(_Strict):
    goals: list[GoalModel] = Field(min_length=1)


class DeadlineModel(_Strict):
    """A dated milestone of the strategy (deadline reminders, digests' next deadlines)."""

    id: str
    date: dt.date
    entry: str
    title: LangText


class DeadlinesFileModel(_Strict):
    deadlines: list[DeadlineModel] = Field(default_factory=list)


class EvalQuestionModel(_Strict):
    q: str = Field(min_length=1)
    lang: Literal["da", "en"]
    expect: str


class EvalSetModel(_Strict):
    questions: list[EvalQuestionModel] = Field(min_length=1)
