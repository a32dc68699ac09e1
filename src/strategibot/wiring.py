"""The bot's brain, loaded once: the strategy's knowledge, the bot's texts and the engine.

Channel-independent: the Teams and Slack handlers, the terminal chat and the CLI all ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from strategibot.conversation.commands import (
    Commands,
    ProgressTexts,
    load_commands,
    load_progress_texts,
)
from strategibot.core.resources import data_dir
from strategibot.core.texts import Texts, load_texts
from strategibot.domain.answers.engine import AnswerEngine
from strategibot.domain.checkins.flows import Flows, load_flows
from strategibot.domain.knowledge.load import KnowledgeBase, load_knowledge, load_synonyms
from strategibot.settings import Settings

__all__ = ["Assistant", "knowledge_folder"]


def knowledge_folder(settings: Settings) -> Path:
    """The strategy folder the settings select (e.g. knowledge/koncernstrategi-2019)."""
    return data_dir("knowledge", settings.knowledge_dir) / settings.strategy


@dataclass(frozen=True, slots=True)
class Assistant:
    """Knowledge, texts, the answer engine built on them, and the check-in flows."""

    kb: KnowledgeBase
    texts: Texts
    engine: AnswerEngine
    flows: Flows
    commands: Commands
    progress_texts: ProgressTexts

    @classmethod
    def load(cls, settings: Settings) -> Assistant:
        """Load and validate everything; raises KnowledgeFileInvalid / DialogScriptError."""
        kb = load_knowledge(knowledge_folder(settings))
        dialogs = data_dir("dialogs", settings.dialogs_dir)
        texts = load_texts(dialogs / "texts.yaml")
        synonyms = load_synonyms(data_dir("knowledge", settings.knowledge_dir) / "synonyms.yaml")
        engine = AnswerEngine(kb, texts, default_language=settings.default_language,
                              synonyms=synonyms)
        flows = load_flows(dialogs / "checkin.yaml")
        unknown = set(flows.goals) - {goal.id for goal in kb.goals}
        if unknown:
            from strategibot.errors import DialogScriptError

            raise DialogScriptError(f"checkin.yaml: goals not in goals.yaml: {sorted(unknown)}")
        return cls(kb=kb, texts=texts, engine=engine, flows=flows,
                   commands=load_commands(dialogs / "commands.yaml"),
                   progress_texts=load_progress_texts(dialogs / "progress.yaml"))
