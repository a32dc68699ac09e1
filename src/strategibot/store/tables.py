"""Database tables (SQLAlchemy 2 declarative, ``Mapped[]``).

Schema changes go through Alembic migrations in ``strategibot/store/migrations``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, Index, Integer, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "QuestionLog"]


class Base(DeclarativeBase):
    """Declarative base of every table."""


class QuestionLog(Base):
    """A question the bot could not answer with confidence, kept for review.

    Only what the review needs: no user id, no name — a question is about the strategy,
    not about who asked it.
    """

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asked_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    question: Mapped[str] = mapped_column(Text, nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    candidates: Mapped[str] = mapped_column(String(300), nullable=False, default="")

    __table_args__ = (Index("ix_question_log_asked_at", "asked_at"),)
