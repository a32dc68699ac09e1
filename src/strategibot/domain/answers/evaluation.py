"""Measures the answer engine against a question set (``strategibot kb eval``): the curated
entries' sets (the expected entry) and the sets written from the document (the expected
content, honest near misses, refused out-of-scope questions)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from strategibot.domain.answers.engine import Answer, AnswerEngine
from strategibot.domain.evalsets import DocumentQuestionsFile, EvalSetModel
from strategibot.domain.messages import Outcome
from strategibot.domain.normalise import fold_text

__all__ = [
    "DocumentMiss",
    "DocumentReport",
    "EvalReport",
    "Miss",
    "evaluate",
    "evaluate_document",
    "has_evidence",
    "reply_text",
]

_SPECIAL = {"unknown": Outcome.UNKNOWN, "greeting": Outcome.GREETING, "help": Outcome.HELP}


@dataclass(frozen=True, slots=True)
class Miss:
    question: str
    expect: str
    outcome: str
    got: str | None
    score: float
    lang_expected: str
    lang_got: str


@dataclass(slots=True)
class EvalReport:
    """Counts from one evaluation run.

    ``in_scope_ranked_first`` (top-1 accuracy) counts in-scope questions whose reply leads
    with the expected entry: a direct answer with it, or a "did you mean" whose first
    candidate it is. ``in_scope_correct`` counts only direct answers with the expected entry.
    ``wrong_answers`` are direct answers with another entry — the failure that matters most.
    """

    in_scope: int = 0
    in_scope_correct: int = 0
    in_scope_ranked_first: int = 0
    in_scope_clarified: int = 0
    wrong_answers: int = 0
    out_of_scope: int = 0
    refused: int = 0
    small_talk: int = 0
    small_talk_correct: int = 0
    language_correct: int = 0
    total: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Top-1 accuracy: the reply leads with the expected entry."""
        return self.in_scope_ranked_first / self.in_scope if self.in_scope else 0.0

    @property
    def in_scope_refused(self) -> int:
        return (self.in_scope - self.in_scope_correct - self.wrong_answers
                - self.in_scope_clarified)

    @property
    def answered(self) -> float:
        """Share of in-scope questions answered directly and rightly."""
        return self.in_scope_correct / self.in_scope if self.in_scope else 0.0

    @property
    def refusal_rate(self) -> float:
        return self.refused / self.out_of_scope if self.out_of_scope else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "questions": self.total,
            "in_scope": self.in_scope,
            "top1_accuracy": round(self.accuracy, 4),
            "answered_directly": round(self.answered, 4),
            "clarified": self.in_scope_clarified,
            "wrong_answers": self.wrong_answers,
            "out_of_scope": self.out_of_scope,
            "correct_refusal_rate": round(self.refusal_rate, 4),
            "small_talk_correct": self.small_talk_correct,
            "small_talk": self.small_talk,
            "language_correct": self.language_correct,
        }


def _miss(answer: Answer, expect: str, lang: str) -> Miss:
    return Miss(answer.question, expect, str(answer.outcome), answer.entry_id,
                round(answer.score, 3), lang, answer.lang)


def evaluate(engine: AnswerEngine, questions: EvalSetModel) -> EvalReport:
    """Ask every question; count what was answered right, refused right and wrong."""
    report = EvalReport()
    owner = {p.id: p.entry for p in engine.kb.passages}
    for item in questions.questions:
        answer = engine.answer(item.q)
        report.total += 1
        if answer.outcome is Outcome.ANSWER and answer.entry_id is None and answer.passages:
            # a quote that starts in an entry's own passages (titled by it, with a button to
            # it: "er digitalisering et kulturprojekt?" → tema 4's sentence) answers from it
            answer = dataclasses.replace(answer, entry_id=owner.get(answer.passages[0]))
        if answer.lang == item.lang:
            report.language_correct += 1
        special = _SPECIAL.get(item.expect)
        if special is Outcome.UNKNOWN:
            report.out_of_scope += 1
            if answer.outcome is Outcome.UNKNOWN:
                report.refused += 1
            else:
                report.misses.append(_miss(answer, item.expect, item.lang))
        elif special is not None:
            report.small_talk += 1
            if answer.outcome is special:
                report.small_talk_correct += 1
            else:
                report.misses.append(_miss(answer, item.expect, item.lang))
        else:
            report.in_scope += 1
            leads = answer.entry_id if answer.outcome is Outcome.ANSWER else (
                answer.candidates[0][0]
                if answer.outcome is Outcome.CLARIFY and answer.candidates else None)
            if leads == item.expect:
                report.in_scope_ranked_first += 1
            if answer.outcome is Outcome.ANSWER and answer.entry_id == item.expect:
                report.in_scope_correct += 1
                continue
            if answer.outcome is Outcome.ANSWER:
                report.wrong_answers += 1
            elif answer.outcome is Outcome.CLARIFY:
                report.in_scope_clarified += 1
            report.misses.append(_miss(answer, item.expect, item.lang))
    return report


# ---------------------------------------------------------------- the document set
_IN_SCOPE_KINDS = ("detail", "two-part")


def reply_text(answer: Answer) -> str:
    """Everything a user reads of an answer's reply (title, text, list lines)."""
    reply = answer.reply
    return "\n".join(part for part in (reply.title or "", reply.text, *reply.lines) if part)


def has_evidence(text: str, evidence: list[list[str]], *, whole_words: bool = True) -> bool:
    """Every evidence group has a phrase in ``text`` (folded; whole words, or anywhere)."""
    folded = f" {fold_text(text)} "
    pad = " " if whole_words else ""
    return all(any(f"{pad}{fold_text(phrase)}{pad}" in folded for phrase in group)
               for group in evidence)


@dataclass(frozen=True, slots=True)
class DocumentMiss:
    question: str
    kind: str
    outcome: str
    how: str
    """how the engine answered: entry, passage, parts, partial or ""."""
    shown: str


@dataclass(slots=True)
class DocumentReport:
    """Counts from one run over a question set written from the document.

    In scope (detail, two-part): ``right`` answers contain every evidence group; ``wrong``
    answers are answers that do not. Near misses: ``honest`` replies present no strategy fact
    as the answer (a partial answer, a refusal or "did you mean"). Out of scope: ``refused``.
    """

    in_scope: int = 0
    right: int = 0
    right_by: dict[str, int] = field(default_factory=dict)
    wrong: int = 0
    clarified: int = 0
    not_answered: int = 0
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    near_miss: int = 0
    honest: int = 0
    partial: int = 0
    near_clarified: int = 0
    out_of_scope: int = 0
    refused: int = 0
    total: int = 0
    misses: list[DocumentMiss] = field(default_factory=list)

    @property
    def right_rate(self) -> float:
        return self.right / self.in_scope if self.in_scope else 0.0

    @property
    def honest_rate(self) -> float:
        return self.honest / self.near_miss if self.near_miss else 1.0

    @property
    def refusal_rate(self) -> float:
        return self.refused / self.out_of_scope if self.out_of_scope else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "questions": self.total,
            "in_scope": self.in_scope,
            "right_content": round(self.right_rate, 4),
            "right_by": dict(self.right_by),
            "wrong_content": self.wrong,
            "clarified": self.clarified,
            "not_answered": self.not_answered,
            "by_kind": {k: {"right": r, "of": n} for k, (r, n) in self.by_kind.items()},
            "near_miss": self.near_miss,
            "near_miss_honest": round(self.honest_rate, 4),
            "near_miss_partial": self.partial,
            "near_miss_clarified": self.near_clarified,
            "out_of_scope": self.out_of_scope,
            "out_of_scope_refused": round(self.refusal_rate, 4),
        }


def evaluate_document(engine: AnswerEngine, questions: DocumentQuestionsFile) -> DocumentReport:
    """Ask every question of a document set; count right content and honest replies."""
    report = DocumentReport()
    for item in questions.questions:
        answer = engine.answer(item.q)
        report.total += 1
        shown = reply_text(answer)
        ok: bool
        if item.kind in _IN_SCOPE_KINDS:
            report.in_scope += 1
            ok = answer.outcome is Outcome.ANSWER and has_evidence(
                shown, item.evidence, whole_words=questions.match == "words")
            right, count = report.by_kind.get(item.kind, (0, 0))
            report.by_kind[item.kind] = (right + ok, count + 1)
            if ok:
                report.right += 1
                report.right_by[answer.kind] = report.right_by.get(answer.kind, 0) + 1
            elif answer.outcome is Outcome.ANSWER:
                report.wrong += 1
            elif answer.outcome is Outcome.CLARIFY:
                report.clarified += 1
            else:
                report.not_answered += 1
        elif item.kind == "near-miss":
            report.near_miss += 1
            ok = answer.outcome is not Outcome.ANSWER
            report.honest += ok
            report.partial += answer.kind == "partial"
            report.near_clarified += answer.outcome is Outcome.CLARIFY
        else:
            report.out_of_scope += 1
            ok = answer.outcome is Outcome.UNKNOWN
            report.refused += ok
        if not ok:
            report.misses.append(DocumentMiss(item.q, item.kind, str(answer.outcome),
                                              answer.kind, shown))
    return report
