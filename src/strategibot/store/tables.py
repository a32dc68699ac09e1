"""Database tables (SQLAlchemy 2 declarative, ``Mapped[]``).

Schema changes go through Alembic migrations in ``strategibot/store/migrations``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "Centre",
    "Conversation",
    "CurrentReport",
    "Delivery",
    "FlowState",
    "FormGroup",
    "FteProposal",
    "Person",
    "QuestionLog",
    "Readiness",
    "ReminderStop",
    "Report",
    "SeenEvent",
    "Subscription",
    "Unit",
]


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


class Centre(Base):
    """One of the municipality's centres (ten in Koncernstrategi 2019)."""

    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    chief_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Unit(Base):
    """A department or unit (afdeling/enhed) and its leader."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), nullable=False, index=True)
    leader_email: Mapped[str | None] = mapped_column(String(320), nullable=True, index=True)
    fte: Mapped[float] = mapped_column(Float, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Person(Base):
    """Who a chat user is: the e-mail that matches them to units. Nothing more is kept."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("channel", "user_id", name="uq_people_channel_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    user_id: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True, index=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class Report(Base):
    """One check-in value, append-only. A correction is a newer row; an undo is a row that
    names the row it undoes (``undoes_id``). A unit's figure is its latest standing row."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_subject", "goal_id", "centre_id", "unit_id", "theme", "item", "id"),
        Index("ix_reports_reported_at", "reported_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[str] = mapped_column(String(64), nullable=False)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id"), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    theme: Mapped[int | None] = mapped_column(Integer, nullable=True)
    item: Mapped[str | None] = mapped_column(String(120), nullable=True)
    """One of several values a unit reports for a goal (a citizen-involvement form's key)."""
    value: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    number: Mapped[float | None] = mapped_column(Float, nullable=True)
    reported_by: Mapped[str] = mapped_column(String(320), nullable=False)
    reported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    source_activity_id: Mapped[str | None] = mapped_column(String(300), nullable=True,
                                                           unique=True)
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), nullable=True,
                                                  unique=True)


class CurrentReport(Base):
    """Each subject's latest standing report — an index over ``reports`` kept in the same
    transaction as every save and undo, so live progress reads one row per unit and goal
    instead of scanning the whole history. ``rebuild_current`` recreates it from ``reports``.
    """

    __tablename__ = "current_reports"

    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    """``goal|centre id|unit id|theme`` (empty for none)."""
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), nullable=False)


class Conversation(Base):
    """A chat or channel the bot is in and what a channel needs to post there on its own
    (digests, reminders): a Bot Framework ConversationReference, or a Slack channel. Stored
    when the bot is installed or first addressed."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "conversation_id", name="uq_conversation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(32), nullable=False)
    conversation_id: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)  # personal, channel, groupChat
    tenant_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    reference: Mapped[str] = mapped_column(Text, nullable=False)
    user_email: Mapped[str | None] = mapped_column(String(320), nullable=True, index=True)
    """For a personal chat: whose it is (reminders go there)."""
    installed_by: Mapped[str | None] = mapped_column(String(320), nullable=True)
    """Who installed the bot here: may manage its subscriptions."""
    lang: Mapped[str | None] = mapped_column(String(2), nullable=True)
    """The language last written here (reminders and notices use it)."""
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class Subscription(Base):
    """A conversation that gets the progress digest on a schedule."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), nullable=False,
                                                 index=True)
    schedule: Mapped[str] = mapped_column(String(200), nullable=False)
    """The schedule as JSON (strategibot.domain.schedule.Schedule)."""
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    paused_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_by: Mapped[str] = mapped_column(String(320), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    """When the current schedule took effect, by the bot's clock: a digest due before it was
    not missed (None: a row from before this was kept; caught up as before)."""


class Delivery(Base):
    """The ledger of proactive sends: each (kind, conversation, period) is claimed here
    before it is sent, so it goes out once and is finished after a crash."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("kind", "conversation_id", "period", name="uq_delivery"),
        Index("ix_deliveries_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)  # digest, reminder, deadline
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), nullable=False)
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("subscriptions.id"),
                                                        nullable=True)
    period: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # claimed sent paused failed
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    claimed_by: Mapped[str] = mapped_column(String(100), nullable=False)
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                             nullable=True)
    http_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    figures: Mapped[str | None] = mapped_column(Text, nullable=True)
    """For a digest: the figures it showed (the next digest tells the change since)."""


class ReminderStop(Base):
    """A leader who asked not to be reminded ("stop påmindelser")."""

    __tablename__ = "reminder_stops"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    stopped_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class FlowState(Base):
    """A conversation's step-by-step flow (a check-in in Slack or the terminal) as plain JSON,
    with a version token (``etag``) for optimistic concurrency."""

    __tablename__ = "flow_states"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    etag: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class SeenEvent(Base):
    """A delivery a channel may send again (a Slack event id), kept for an hour so a retry or
    a replay is answered once — across restarts and replicas."""

    __tablename__ = "seen_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False,
                                                 index=True)


class Readiness(Base):
    """One row that ``/readyz`` rewrites: proof that the database takes a write."""

    __tablename__ = "readiness"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    checked_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class FteProposal(Base):
    """A unit leader's proposed FTE count. The figure a unit weighs in with is the registered
    FTE (``units.fte``); a proposal changes it only when an admin confirms it (or the next
    organisation import sets it)."""

    __tablename__ = "fte_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), nullable=False, index=True)
    fte: Mapped[float] = mapped_column(Float, nullable=False)
    proposed_by: Mapped[str] = mapped_column(String(320), nullable=False)
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="pending")
    """pending, confirmed, rejected, superseded (by a later proposal or an import) or
    withdrawn (by its leader, right after it)"""
    decided_by: Mapped[str | None] = mapped_column(String(320), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True),
                                                           nullable=True)


class FormGroup(Base):
    """An admin's decision on grouping citizen-involvement forms: the form named ``name_key``
    is the group ``group_key`` (a merge), or only itself (a split, ``group_key`` =
    ``name_key``), whatever the automatic rule says."""

    __tablename__ = "form_groups"

    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    group_key: Mapped[str] = mapped_column(String(200), nullable=False)
    decided_by: Mapped[str] = mapped_column(String(320), nullable=False)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ReviewDecision(Base):
    """The strategy office's decision on a question the bot could not answer (the review
    loop): a phrasing of entry ``entry_id`` — answered with it at once, over ``knowledge/``,
    and exported to ``phrasings.yaml`` — or, with no entry, out of the strategy's scope. One
    decision per question (``key``: a digest of its normalised words, see
    ``domain/answers/review.py``); nothing of who asked it."""

    __tablename__ = "review_decisions"
    __table_args__ = ({"sqlite_autoincrement": True},)  # an undone number is never given again

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    question: Mapped[str] = mapped_column(Text, nullable=False)
    """the phrasing; for a question out of scope its wording with personal data masked"""
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    entry_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    """None: out of scope"""
    decided_by: Mapped[str] = mapped_column(String(320), nullable=False)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
