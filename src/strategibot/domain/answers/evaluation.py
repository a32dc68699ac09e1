"""Measures the answer engine against a question set (``strategibot kb eval``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from strategibot.domain.answers.engine import Answer, AnswerEngine
from strategibot.domain.evalsets import EvalSetModel
from strategibot.domain.messages import Outcome

__all__ = ["EvalReport", "Miss", "evaluate"]

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
    for item in questions.questions:
        answer = engine.answer(item.q)
        report.total += 1
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
