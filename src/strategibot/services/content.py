"""What the bot knows and says, loaded once: the strategy's knowledge, the text catalogue, the
answer engine and the check-in flows — and the log of questions it could not answer.

Channel-independent: the conversation, the CLI and the scheduler all use it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.i18n import I18n, load_i18n, read_dialog_file
from strategibot.core.resources import data_dir
from strategibot.domain.answers.engine import Answer, AnswerEngine
from strategibot.domain.checkins.flows import Flows, load_flows
from strategibot.domain.checkins.oneliners import OneLiners
from strategibot.domain.knowledge.load import KnowledgeBase, load_knowledge, load_synonyms
from strategibot.domain.knowledge.schema import WeightedMeanMetric
from strategibot.domain.messages import Outcome
from strategibot.domain.progress.forms import FormRules, FormsFile
from strategibot.domain.progress.metrics import field_problems
from strategibot.errors import DialogScriptError, Problem
from strategibot.settings import Settings
from strategibot.store.background import BackgroundWriter
from strategibot.store.db import session_scope
from strategibot.store.questions import log_question

__all__ = ["Content", "QuestionLog", "knowledge_folder", "load_content"]


def knowledge_folder(settings: Settings) -> Path:
    """The strategy folder the settings select (e.g. knowledge/koncernstrategi-2019)."""
    return data_dir("knowledge", settings.knowledge_dir) / settings.strategy


@dataclass(frozen=True, slots=True)
class Content:
    """Knowledge, texts, the answer engine built on them, and the check-in flows."""

    kb: KnowledgeBase
    i18n: I18n
    engine: AnswerEngine
    flows: Flows
    forms: FormRules
    """which citizen-involvement forms are the same (``forms.yaml``, and the rule)"""
    oneliners: OneLiners
    """the reader of one-line check-ins and progress questions (``dialogs/oneliners.yaml``)"""


def load_content(settings: Settings) -> Content:
    """Load and validate everything; raises KnowledgeFileInvalid / DialogScriptError."""
    kb = load_knowledge(knowledge_folder(settings))
    dialogs = data_dir("dialogs", settings.dialogs_dir)
    i18n = load_i18n(dialogs)
    synonyms = load_synonyms(data_dir("knowledge", settings.knowledge_dir) / "synonyms.yaml")
    reranker = None
    if settings.reranker == "e5":
        from strategibot.domain.answers.embeddings import load_reranker

        reranker = load_reranker(knowledge_folder(settings) / "passages", kb.passages)
    engine = AnswerEngine(kb, i18n, default_language=settings.default_language,
                          synonyms=synonyms, reranker=reranker)
    flows = _with_plausible_ranges(load_flows(dialogs / "checkin.yaml", i18n), kb)
    problems = [Problem("dialogs/checkin.yaml", f"goals.{goal}", None,
                        "is not a goal of the strategy's goals.yaml")
                for goal in sorted(set(flows.goals) - {goal.id for goal in kb.goals})]
    goals_file = f"knowledge/{settings.strategy}/goals.yaml"
    for goal in kb.goals:
        problems += [Problem(goals_file, goal.id, where, what)
                     for where, what in field_problems(goal, flows.goals.get(goal.id))]
    forms_path = knowledge_folder(settings) / "forms.yaml"
    forms = FormRules()
    if forms_path.exists():
        model = read_dialog_file(forms_path, FormsFile, problems,
                                 f"knowledge/{settings.strategy}/forms.yaml")
        forms = FormRules.from_file(model)
    if problems:
        raise DialogScriptError.with_problems(problems)
    period = kb.strategy.period
    oneliners = dataclasses.replace(
        OneLiners.load(dialogs / "oneliners.yaml", flows, kb.strategy.themes),
        years=frozenset(range(period.start.year, period.end.year + 1)))
    return Content(kb=kb, i18n=i18n, engine=engine, flows=flows, forms=forms,
                   oneliners=oneliners)


def _with_plausible_ranges(flows: Flows, kb: KnowledgeBase) -> Flows:
    """The flows with each goal's plausible range (``goals.yaml``) on the number field its
    metric reads, so an implausible figure is refused where it is typed, with the range."""
    goals = dict(flows.goals)
    for goal in kb.goals:
        flow = goals.get(goal.id)
        if goal.plausible is None or flow is None or not isinstance(goal.metric,
                                                                     WeightedMeanMetric):
            continue
        name = goal.metric.value
        fields = [f.model_copy(update={"min": goal.plausible.min, "max": goal.plausible.max})
                  if f.id == name else f for f in flow.fields]
        goals[goal.id] = flow.model_copy(update={"fields": fields})
    return dataclasses.replace(flows, goals=goals)


class QuestionLog:
    """Keeps the questions the bot could not answer with confidence, for the strategy office
    to review (no user identity: a question is about the strategy, not about who asked)."""

    def __init__(self, factory: async_sessionmaker[AsyncSession],
                 writer: BackgroundWriter | None = None,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self._factory = factory
        self._writer = writer
        """with a writer, a question is logged off the turn's path (README, "Speed")"""
        self._now = now
        """the bot's clock: a question is dated as a check-in is (``STRATEGIBOT_TODAY``)"""

    @staticmethod
    def worth_keeping(answer: Answer) -> bool:
        return answer.outcome in (Outcome.UNKNOWN, Outcome.CLARIFY)

    async def record(self, answers: Sequence[Answer], channel: str) -> int:
        """Log those of ``answers`` worth keeping (in one transaction, or handed to the
        background writer); how many."""
        kept = [a for a in answers if self.worth_keeping(a)]
        if not kept:
            return 0

        asked_at = self._now() if self._now is not None else None

        async def write(session: AsyncSession) -> None:
            for answer in kept:
                await log_question(session, answer, channel=channel, asked_at=asked_at)

        if self._writer is not None:
            await self._writer.submit(write)
        else:
            async with session_scope(self._factory) as session:
                await write(session)
        return len(kept)
