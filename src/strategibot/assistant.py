"""The bot's brain, loaded once: the strategy's knowledge, the bot's texts and the engine.

Channel-independent: the Teams and Slack handlers, the terminal chat and the CLI all ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from strategibot.domain.engine import AnswerEngine
from strategibot.domain.knowledge import KnowledgeBase, load_knowledge, load_synonyms
from strategibot.domain.texts import Texts, load_texts
from strategibot.resources import data_dir
from strategibot.settings import Settings

__all__ = ["Assistant", "knowledge_folder"]


def knowledge_folder(settings: Settings) -> Path:
    """The strategy folder the settings select (e.g. knowledge/koncernstrategi-2019)."""
    return data_dir("knowledge", settings.knowledge_dir) / settings.strategy


@dataclass(frozen=True, slots=True)
class Assistant:
    """Knowledge, texts and the answer engine built on them."""

    kb: KnowledgeBase
    texts: Texts
    engine: AnswerEngine

    @classmethod
    def load(cls, settings: Settings) -> Assistant:
        """Load and validate everything; raises KnowledgeFileInvalid / DialogScriptError."""
        kb = load_knowledge(knowledge_folder(settings))
        texts = load_texts(data_dir("dialogs", settings.dialogs_dir) / "texts.yaml")
        synonyms = load_synonyms(data_dir("knowledge", settings.knowledge_dir) / "synonyms.yaml")
        engine = AnswerEngine(kb, texts, default_language=settings.default_language,
                              synonyms=synonyms)
        return cls(kb=kb, texts=texts, engine=engine)
