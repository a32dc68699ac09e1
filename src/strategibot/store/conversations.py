"""Conversations the bot is in, subscriptions to the digest, and the delivery ledger."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.store.db import upsert_into
from strategibot.store.tables import Conversation, Delivery, ReminderStop, Subscription

__all__ = [
    "active_subscriptions",
    "claim_delivery",
    "finish_delivery",
    "last_digest_period",
    "open_claims",
    "previous_figures",
    "remember_conversation",
    "reminders_stopped",
]


_REMEMBERED = ("channel", "conversation_id", "kind", "tenant_id", "reference", "user_email",
               "installed_by", "lang", "updated_at")
_remember_statements: dict[str, Any] = {}


def _remember_statement(session: AsyncSession) -> Any:
    """The upsert of :func:`remember_conversation`, built once per dialect with bound
    parameters (building it is most of its cost: it runs for every new conversation)."""
    dialect = session.get_bind().dialect.name
    statement = _remember_statements.get(dialect)
    if statement is None:
        columns = Conversation.__table__.c
        insert = upsert_into(session, Conversation).values(
            {name: bindparam(name, type_=columns[name].type) for name in _REMEMBERED})
        new = insert.excluded
        statement = insert.on_conflict_do_update(
            index_elements=[Conversation.channel, Conversation.conversation_id],
            set_={"reference": new.reference, "kind": new.kind, "tenant_id": new.tenant_id,
                  "updated_at": new.updated_at,
                  "user_email": func.coalesce(new.user_email, Conversation.user_email),
                  "installed_by": func.coalesce(new.installed_by, Conversation.installed_by),
                  "lang": func.coalesce(new.lang, Conversation.lang)},
        ).returning(Conversation.id)
        _remember_statements[dialect] = statement
    return statement


async def remember_conversation(
    session: AsyncSession, *, channel: str, conversation_id: str, kind: str,
    tenant_id: str | None, reference: dict[str, Any], user_email: str | None = None,
    installed_by: str | None = None, lang: str | None = None, at: dt.datetime,
) -> int:
    """Store (or refresh) a conversation's reference in one statement; its row id. An address,
    installer or language not given keeps the stored one. Two first turns of one conversation
    at once (two replicas, two people in a new channel) meet in the unique key, not in an
    error."""
    values = {
        "channel": channel, "conversation_id": conversation_id, "kind": kind,
        "tenant_id": tenant_id, "reference": json.dumps(reference, ensure_ascii=False,
                                                        default=str),
        "user_email": user_email or None, "installed_by": installed_by or None,
        "lang": lang or None, "updated_at": at}
    # through the session's connection: the ORM's bulk-insert path would cost as much again
    connection = await session.connection()
    row_id: int = (await connection.execute(_remember_statement(session), values)).scalar_one()
    return row_id


async def claim_delivery(
    session: AsyncSession, *, kind: str, conversation_id: int, period: str,
    subscription_id: int | None, replica: str, at: dt.datetime,
    stale_after: dt.timedelta = dt.timedelta(minutes=10),
) -> Delivery | None:
    """Claim (kind, conversation, period) for sending; None if it was sent, paused or is being
    sent by someone else right now. A claim older than ``stale_after`` whose sender never
    finished is taken over (the process died between claim and confirmation).

    Raises:
        IntegrityError: another replica inserted the same claim at this instant (the unique
            constraint decides); the caller's transaction is then void — treat it as taken.
    """
    existing = await session.scalar(select(Delivery).where(
        Delivery.kind == kind, Delivery.conversation_id == conversation_id,
        Delivery.period == period))
    if existing is None:
        row = Delivery(kind=kind, conversation_id=conversation_id, period=period,
                       subscription_id=subscription_id, status="claimed", attempts=0,
                       claimed_by=replica, claimed_at=at)
        session.add(row)
        await session.flush()
        return row
    if existing.status != "claimed":
        return None
    if at - _aware(existing.claimed_at) < stale_after:
        # being sent right now, by another replica or by this one (two runs of one period at
        # once, e.g. a late scheduled run and an admin's "send now": it went out twice)
        return None
    taken = await session.execute(
        update(Delivery)
        .where(Delivery.id == existing.id, Delivery.status == "claimed",
               Delivery.claimed_by == existing.claimed_by,
               Delivery.claimed_at == existing.claimed_at)
        .values(claimed_by=replica, claimed_at=at)
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None
    await session.refresh(existing)
    return existing


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


async def finish_delivery(
    session: AsyncSession, delivery_id: int, *, status: str, attempts: int,
    http_status: int | None, error: str | None, figures: dict[str, Any] | None,
    at: dt.datetime,
) -> None:
    await session.execute(update(Delivery).where(Delivery.id == delivery_id).values(
        status=status, attempts=attempts, http_status=http_status,
        error=(error or None) and error[:500], finished_at=at,
        figures=json.dumps(figures) if figures is not None else None))


async def open_claims(session: AsyncSession) -> Sequence[Delivery]:
    """Deliveries claimed but never confirmed (a crash between claim and send)."""
    return (await session.scalars(
        select(Delivery).where(Delivery.status == "claimed").order_by(Delivery.id))).all()


async def previous_figures(session: AsyncSession, subscription_id: int,
                           before_period: str) -> dict[str, Any] | None:
    figures = await session.scalar(
        select(Delivery.figures).where(
            Delivery.subscription_id == subscription_id, Delivery.status == "sent",
            Delivery.period != before_period, Delivery.figures.is_not(None))
        .order_by(Delivery.id.desc()).limit(1))
    return json.loads(figures) if figures else None


async def reminders_stopped(session: AsyncSession, email: str) -> bool:
    return await session.get(ReminderStop, email) is not None


async def active_subscriptions(session: AsyncSession) -> Sequence[Subscription]:
    return (await session.scalars(
        select(Subscription).where(Subscription.active.is_(True)).order_by(Subscription.id)
    )).all()


async def last_digest_period(session: AsyncSession, subscription_id: int) -> str | None:
    """The period of a subscription's latest scheduled digest (by time, not by name)."""
    period: str | None = await session.scalar(
        select(Delivery.period).where(Delivery.subscription_id == subscription_id,
                                      Delivery.kind == "digest",
                                      ~Delivery.period.startswith("now-"))
        .order_by(Delivery.id.desc()).limit(1))
    return period
