"""Async queries. Each function takes an :class:`AsyncSession` inside a transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.domain.answers.engine import Answer
from strategibot.store.tables import QuestionLog

__all__ = ["log_question", "logged_questions"]


async def log_question(session: AsyncSession, answer: Answer, *, channel: str,
                       asked_at: dt.datetime | None = None) -> None:
    """Keep a question that was not answered with confidence (clarify or unknown);
    ``asked_at``: the bot's clock (``STRATEGIBOT_TODAY``), else the database's."""
    candidates = ",".join(f"{entry}:{score:.2f}" for entry, score in answer.candidates)
    session.add(QuestionLog(
        **({"asked_at": asked_at} if asked_at is not None else {}),
        channel=channel[:32],
        lang=answer.lang,
        outcome=str(answer.outcome),
        question=answer.question[:2000],
        score=round(answer.score, 4),
        candidates=candidates[:300],
    ))


async def logged_questions(
    session: AsyncSession, *, since: dt.datetime | None = None, limit: int = 200
) -> Sequence[QuestionLog]:
    """Logged questions, newest first."""
    query = select(QuestionLog).order_by(QuestionLog.id.desc()).limit(limit)
    if since is not None:
        query = query.where(QuestionLog.asked_at >= since)
    return (await session.scalars(query)).all()
