"""The schemas of the evaluation sets: the curated-entry question sets, the held-out set
written from the document, and the one-liner check-ins."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from strategibot.core.strict import Strict

__all__ = [
    "DocumentQuestion",
    "DocumentQuestionsFile",
    "EvalQuestionModel",
    "EvalSetModel",
    "OnelinerCase",
    "OnelinerCasesFile",
]


class EvalQuestionModel(Strict):
    """A question and the entry (or ``unknown``, ``greeting``, ``help``) it should get."""

    q: str = Field(min_length=1)
    lang: Literal["da", "en"]
    expect: str


class EvalSetModel(Strict):
    """``eval/questions.yaml`` and ``eval/dev.yaml``."""

    questions: list[EvalQuestionModel] = Field(min_length=1)


class DocumentQuestion(Strict):
    """A question written from the document only; ``evidence`` groups say what a right answer
    contains (every group matched, a group by any of its phrases); a near miss names what the
    document does not say (``missing``)."""

    q: str = Field(min_length=1)
    lang: Literal["da", "en"]
    kind: Literal["detail", "two-part", "near-miss", "out-of-scope"]
    pages: list[int] = Field(default_factory=list)
    evidence: list[list[str]] = Field(default_factory=list)
    missing: str | None = None

    @field_validator("evidence")
    @classmethod
    def _groups(cls, groups: list[list[str]]) -> list[list[str]]:
        if any(not group or any(not str(p).strip() for p in group) for group in groups):
            raise ValueError("every evidence group lists one or more phrases")
        return groups


class DocumentQuestionsFile(Strict):
    """``eval/document.yaml``: held out; never added to entries or phrasings."""

    match: Literal["words", "substring"] = "words"
    """How evidence phrases are found in an answer: as whole words (the project's sets), or
    anywhere in a word (a set whose writer was briefed so and wrote stems: "kerneopgave")."""
    questions: list[DocumentQuestion] = Field(min_length=1)


class OnelinerCase(Strict):
    """One message a leader might write, and what the bot should make of it."""

    text: str = Field(min_length=1)
    lang: Literal["da", "en"]
    expect: Literal["report", "bad-value", "progress", "not-report"]
    goal: str | None = None
    value: dict[str, Any] | None = None


class OnelinerCasesFile(Strict):
    """``dialogs/eval/oneliners.yaml``."""

    cases: list[OnelinerCase] = Field(min_length=1)
