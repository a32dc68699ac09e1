"""Queries of the review loop (``review_decisions``). Each function takes an
:class:`AsyncSession` inside a transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.store.tables import QuestionLog, ReviewDecision

__all__ = ["all_decisions", "decision", "decisions_by_key", "fingerprint", "recent_questions"]


async def fingerprint(session: AsyncSession) -> tuple[int, int]:
    """(how many decisions, the newest id): changes with every decision made or undone —
    what a replica compares to know that its overlay is stale."""
    count, newest = (await session.execute(
        select(func.count(ReviewDecision.id), func.max(ReviewDecision.id)))).one()
    return int(count or 0), int(newest or 0)


async def all_decisions(session: AsyncSession, *, newest_first: bool = False,
                        limit: int | None = None) -> Sequence[ReviewDecision]:
    """Every decision, in the order made (or the newest first)."""
    order = ReviewDecision.id.desc() if newest_first else ReviewDecision.id
    query = select(ReviewDecision).order_by(order)
    if limit is not None:
        query = query.limit(limit)
    return (await session.scalars(query)).all()


async def decisions_by_key(session: AsyncSession,
                           keys: Sequence[str]) -> dict[str, ReviewDecision]:
    """The decisions already made on any of ``keys``."""
    if not keys:
        return {}
    rows = (await session.scalars(select(ReviewDecision).where(
        ReviewDecision.key.in_(list(keys))))).all()
    return {row.key: row for row in rows}


async def decision(session: AsyncSession, number: int) -> ReviewDecision | None:
    return await session.get(ReviewDecision, number)


async def recent_questions(session: AsyncSession, *, since: dt.datetime | None = None,
                           limit: int = 10_000) -> Sequence[QuestionLog]:
    """The logged questions, newest first (at most ``limit``)."""
    query = select(QuestionLog).order_by(QuestionLog.id.desc()).limit(limit)
    if since is not None:
        query = query.where(QuestionLog.asked_at >= since)
    return (await session.scalars(query)).all()

