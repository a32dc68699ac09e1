"""A person's data: what is stored about them (export), and removing their identity (erase).

A person is named by their e-mail address. What the bot keeps about them (README, "Privacy and
data"): the identity mapping (``people``: channel, user id, address), their personal chat with
the bot (``conversations``: its address, whose it is) and what was sent there
(``deliveries``), who installed the bot in a team (``installed_by``), who created a digest
subscription (``created_by``), who asked not to be reminded (``reminder_stops``), who sent each
check-in (``reports.reported_by`` and the id of the message it came in), a step-by-step
check-in in progress (``flow_states``), and the organisation's own record of who leads a unit
or centre (``units.leader_email``, ``centres.chief_email``).

:meth:`Privacy.erase` removes all of it in one transaction. Check-ins stay, attributed to their
unit or centre only (``reported_by`` becomes :data:`ERASED`), so no figure changes. Afterwards
every text column of every table is searched for the address (:meth:`Privacy.mentions`); what
is still found is reported, never hidden.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, Text, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.store.db import session_scope
from strategibot.store.tables import (
    Base,
    Centre,
    Conversation,
    Delivery,
    FlowState,
    FormGroup,
    FteProposal,
    Person,
    QuestionLog,
    ReminderStop,
    Report,
    ReviewDecision,
    Subscription,
    Unit,
)

__all__ = ["ERASED", "Erasure", "Mention", "MyData", "Privacy"]

ERASED = "erased"
"""What ``reported_by`` and ``created_by`` say after their person was erased."""


class _DryRun(Exception):
    """Raised to roll an erasure back after counting."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A place the address is still written: table, column and the row's key."""

    table: str
    column: str
    key: str


@dataclass(slots=True)
class Erasure:
    """What :meth:`Privacy.erase` removed or changed, by what; and what still mentions the
    address afterwards (should be nothing)."""

    email: str
    changed: dict[str, int] = field(default_factory=dict)
    remaining: list[Mention] = field(default_factory=list)
    dry_run: bool = False

    def add(self, what: str, count: int) -> None:
        if count:
            self.changed[what] = self.changed.get(what, 0) + count


@dataclass(frozen=True, slots=True)
class MyData:
    """What a user is told about themself in chat ("slet mine data")."""

    email: str | None
    identities: int
    own_chat: bool
    reports: int
    subscriptions: int
    reminders_stopped: bool
    units: tuple[str, ...]
    centres: tuple[str, ...]


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).isoformat()


def _reference(row: Conversation) -> dict[str, Any]:
    try:
        data = json.loads(row.reference)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _user_id(reference: dict[str, Any]) -> str | None:
    user = reference.get("user")
    found = user.get("id") if isinstance(user, dict) else None
    return found if isinstance(found, str) and found else None


def _flow_prefix(row: Conversation) -> str:
    """The start of the flow-state keys of a conversation (conversation/checkin.flow_key)."""
    return f"{row.channel}/conversations/{row.conversation_id}"


class Privacy:
    """Export and erase a person's data; tell a user what is stored about them."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self.factory = factory
        self.clock = clock

    # ------------------------------------------------------------------ finding
    async def _user_ids(self, session: AsyncSession, email: str) -> set[tuple[str, str]]:
        """(channel, user id) of every identity of ``email``, from people and own chats."""
        found = {(p.channel, p.user_id) for p in (await session.scalars(
            select(Person).where(func.lower(Person.email) == email))).all()}
        for row in (await session.scalars(select(Conversation).where(
                func.lower(Conversation.user_email) == email))).all():
            user = _user_id(_reference(row))
            if user:
                found.add((row.channel, user))
        return found

    async def _own_chats(self, session: AsyncSession, email: str,
                         users: set[tuple[str, str]]) -> list[Conversation]:
        """The person's personal chats with the bot."""
        rows = (await session.scalars(select(Conversation).where(
            Conversation.kind == "personal"))).all()
        return [row for row in rows
                if (row.user_email or "").lower() == email
                or (row.channel, _user_id(_reference(row)) or "") in users]

    async def mentions(self, needles: Iterable[str],
                       session: AsyncSession | None = None) -> list[Mention]:
        """Every row of every table with a text column that contains one of ``needles``
        (case-insensitive)."""
        wanted = [n.lower() for n in needles if n]
        if not wanted:
            return []
        if session is None:
            async with session_scope(self.factory) as own:
                return await self.mentions(wanted, own)
        found: list[Mention] = []
        for table in Base.metadata.sorted_tables:
            key_columns = list(table.primary_key.columns)
            for column in table.columns:
                if not isinstance(column.type, String | Text):
                    continue
                condition = or_(*(func.lower(column).contains(n, autoescape=True)
                                  for n in wanted))
                rows = (await session.execute(
                    select(*key_columns).where(condition))).all()
                found.extend(Mention(table.name, column.name,
                                     "/".join(str(v) for v in row)) for row in rows)
        return found

    # ------------------------------------------------------------------ export
    async def export(self, email: str) -> dict[str, Any]:
        """Everything stored about ``email``, as JSON-ready data."""
        email = email.strip().lower()
        async with session_scope(self.factory) as session:
            users = await self._user_ids(session, email)
            people = (await session.scalars(select(Person).where(
                func.lower(Person.email) == email).order_by(Person.id))).all()
            chats = await self._own_chats(session, email, users)
            chat_ids = [c.id for c in chats]
            installed = (await session.scalars(select(Conversation).where(
                func.lower(Conversation.installed_by) == email))).all()
            subscriptions = (await session.scalars(select(Subscription).where(
                func.lower(Subscription.created_by) == email))).all()
            stop = await session.scalar(select(ReminderStop).where(
                func.lower(ReminderStop.email) == email))
            units = {u.id: u.code for u in (await session.scalars(select(Unit))).all()}
            centres = {c.id: c.code for c in (await session.scalars(select(Centre))).all()}
            reports = (await session.scalars(select(Report).where(
                func.lower(Report.reported_by) == email).order_by(Report.id))).all()
            deliveries = (await session.scalars(select(Delivery).where(
                Delivery.conversation_id.in_(chat_ids)).order_by(Delivery.id))).all() \
                if chat_ids else []
            flows = await self._flows(session, email, chats)
            questions = (await session.scalars(select(QuestionLog).where(
                func.lower(QuestionLog.question).contains(email, autoescape=True)))).all()
            led_units = (await session.scalars(select(Unit).where(
                func.lower(Unit.leader_email) == email))).all()
            led_centres = (await session.scalars(select(Centre).where(
                func.lower(Centre.chief_email) == email))).all()
            known = {("people", str(p.id)) for p in people}
            mentions = [m for m in await self.mentions(
                [email, *(user for _, user in users)], session)
                if m.table not in {"people", "conversations", "subscriptions", "reports",
                                   "reminder_stops", "flow_states", "question_log", "units",
                                   "centres"} and (m.table, m.key) not in known]
            return {
                "email": email,
                "exported_at": self.clock.now().isoformat(),
                "identities": [{"channel": p.channel, "user_id": p.user_id,
                                "name": p.name, "confirmed_at": _iso(p.updated_at)}
                               for p in people],
                "leads": {"units": [{"code": u.code, "name": u.name} for u in led_units],
                          "centres": [{"code": c.code, "name": c.name} for c in led_centres]},
                "own_chats": [self._conversation(c) for c in chats],
                "installed_the_bot_in": [self._conversation(c) for c in installed],
                "subscriptions_created": [
                    {"id": s.id, "conversation": s.conversation_id, "active": s.active,
                     "schedule": s.schedule, "created_at": _iso(s.created_at)}
                    for s in subscriptions],
                "reminders_stopped_at": _iso(stop.stopped_at) if stop else None,
                "reports": [
                    {"id": r.id, "goal": r.goal_id, "unit": units.get(r.unit_id or -1),
                     "centre": centres.get(r.centre_id), "theme": r.theme,
                     "value": json.loads(r.value) if r.value else None,
                     "reported_at": _iso(r.reported_at), "channel": r.channel,
                     "message": r.source_activity_id, "undoes": r.undoes_id}
                    for r in reports],
                "messages_sent_to_own_chat": [
                    {"kind": d.kind, "period": d.period, "status": d.status,
                     "sent_at": _iso(d.finished_at or d.claimed_at)} for d in deliveries],
                "checkin_in_progress": [{"key": f.key, "data": json.loads(f.data),
                                         "updated_at": _iso(f.updated_at)} for f in flows],
                "unanswered_questions_mentioning_the_address": [
                    {"asked_at": _iso(q.asked_at), "question": q.question} for q in questions],
                "other_mentions": [{"table": m.table, "column": m.column, "row": m.key}
                                   for m in mentions],
            }

    @staticmethod
    def _conversation(row: Conversation) -> dict[str, Any]:
        return {"id": row.id, "channel": row.channel, "conversation_id": row.conversation_id,
                "kind": row.kind, "tenant": row.tenant_id, "address": _reference(row),
                "user_email": row.user_email, "installed_by": row.installed_by,
                "updated_at": _iso(row.updated_at)}

    async def _flows(self, session: AsyncSession, email: str,
                     chats: Sequence[Conversation]) -> list[FlowState]:
        conditions = [func.lower(FlowState.data).contains(email, autoescape=True)]
        conditions += [FlowState.key.startswith(_flow_prefix(c), autoescape=True)
                       for c in chats]
        return list((await session.scalars(select(FlowState).where(or_(*conditions)))).all())

    # ------------------------------------------------------------------ erase
    async def erase(self, email: str, *, dry_run: bool = False) -> Erasure:
        """Remove ``email``'s identity everywhere, in one transaction (see the module
        docstring). ``dry_run``: count, change nothing."""
        email = email.strip().lower()
        result = Erasure(email=email, dry_run=dry_run)
        with contextlib.suppress(_DryRun):
            await self._erase(email, result)
        if not dry_run:
            await self._checkpoint()
        return result

    async def _checkpoint(self) -> None:
        """SQLite: write the write-ahead log into the database file and empty it, so the
        erased values are not left in ``*.db-wal`` until SQLite's own checkpoint."""
        engine = self.factory.kw.get("bind")
        if engine is None or engine.dialect.name != "sqlite":
            return
        for mode in ("TRUNCATE", "PASSIVE"):  # TRUNCATE needs the file to itself
            try:
                async with engine.connect() as connection:
                    auto = await connection.execution_options(isolation_level="AUTOCOMMIT")
                    await auto.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})")
                return
            except SQLAlchemyError:  # the running service holds it: SQLite's own checkpoint
                continue  # folds the log in soon (at the latest every 1,000 pages)

    async def _erase(self, email: str, result: Erasure) -> None:
        async with session_scope(self.factory) as session:
            users = await self._user_ids(session, email)
            user_ids = {user for _, user in users}
            chats = await self._own_chats(session, email, users)
            chat_ids = [c.id for c in chats]
            flows = await self._flows(session, email, chats)
            result.add("check-ins in progress (flow_states)", len(flows))
            for flow in flows:
                await session.delete(flow)
            if chat_ids:
                subscriptions = list((await session.scalars(select(Subscription.id).where(
                    Subscription.conversation_id.in_(chat_ids)))).all())
                result.add("messages sent to the own chat (deliveries)", await self._count(
                    session, delete(Delivery).where(or_(
                        Delivery.conversation_id.in_(chat_ids),
                        Delivery.subscription_id.in_(subscriptions or [-1])))))
                result.add("subscriptions in the own chat", await self._count(
                    session, delete(Subscription).where(Subscription.id.in_(
                        subscriptions or [-1]))))
                result.add("own chats with the bot (conversations)", await self._count(
                    session, delete(Conversation).where(Conversation.id.in_(chat_ids))))
            result.add("bot installations (conversations.installed_by)", await self._count(
                session, update(Conversation).where(
                    func.lower(Conversation.installed_by) == email).values(installed_by=None)))
            result.add("addresses of other chats (conversations.reference)",
                       await self._scrub_references(session, email, user_ids))
            result.add("subscriptions created (subscriptions.created_by)", await self._count(
                session, update(Subscription).where(
                    func.lower(Subscription.created_by) == email).values(created_by=ERASED)))
            result.add("'stop reminding me' (reminder_stops)", await self._count(
                session, delete(ReminderStop).where(func.lower(ReminderStop.email) == email)))
            result.add("check-ins sent (reports.reported_by; the figures stay with the unit)",
                       await self._count(session, update(Report).where(
                           func.lower(Report.reported_by) == email).values(
                           reported_by=ERASED, source_activity_id=None)))
            if chats:
                result.add("message ids of check-ins from the own chat", await self._count(
                    session, update(Report).where(or_(*(
                        Report.source_activity_id.startswith(
                            f"{c.channel}|{c.conversation_id}|", autoescape=True)
                        for c in chats))).values(source_activity_id=None)))
            result.add("unanswered questions mentioning the address (question_log)",
                       await self._count(session, delete(QuestionLog).where(
                           func.lower(QuestionLog.question).contains(email, autoescape=True))))
            result.add("units led (units.leader_email)", await self._count(
                session, update(Unit).where(func.lower(Unit.leader_email) == email).values(
                    leader_email=None)))
            result.add("centres led (centres.chief_email)", await self._count(
                session, update(Centre).where(func.lower(Centre.chief_email) == email).values(
                    chief_email=None)))
            result.add("identities (people)", await self._count(
                session, delete(Person).where(func.lower(Person.email) == email)))
            result.add("FTE proposals made (fte_proposals.proposed_by)", await self._count(
                session, update(FteProposal).where(
                    func.lower(FteProposal.proposed_by) == email).values(
                    proposed_by=ERASED)))
            result.add("FTE proposals decided (fte_proposals.decided_by)", await self._count(
                session, update(FteProposal).where(
                    func.lower(FteProposal.decided_by) == email).values(decided_by=ERASED)))
            result.add("form groupings decided (form_groups.decided_by)", await self._count(
                session, update(FormGroup).where(
                    func.lower(FormGroup.decided_by) == email).values(decided_by=ERASED)))
            result.add("review decisions made (review_decisions.decided_by)",
                       await self._count(session, update(ReviewDecision).where(
                           func.lower(ReviewDecision.decided_by) == email).values(
                           decided_by=ERASED)))
            result.add("the address written into a check-in's text (reports.value)",
                       await self._scrub_values(session, email))
            await session.flush()
            result.remaining = await self.mentions([email], session)
            if result.dry_run:
                raise _DryRun  # leaves the transaction uncommitted: rolled back

    @staticmethod
    async def _scrub_values(session: AsyncSession, email: str) -> int:
        """Replace the address where someone typed it into a check-in (a form's name): the
        report stays, the address goes."""
        changed = 0
        rows = (await session.scalars(select(Report).where(
            func.lower(Report.value).contains(email, autoescape=True)))).all()
        for row in rows:
            row.value = _replace_ci(row.value, email, ERASED)
            changed += 1
        return changed

    @staticmethod
    async def _count(session: AsyncSession, statement: Any) -> int:
        done = await session.execute(statement.execution_options(synchronize_session=False))
        return int(getattr(done, "rowcount", 0) or 0)

    @staticmethod
    async def _scrub_references(session: AsyncSession, email: str, user_ids: set[str]) -> int:
        """Remove the person from the stored addresses of group chats and channels (the user
        an address was made from)."""
        changed = 0
        for row in (await session.scalars(select(Conversation))).all():
            reference = _reference(row)
            user = _user_id(reference)
            if (user and user in user_ids) or email in row.reference.lower():
                reference["user"] = None
                text = json.dumps(reference, ensure_ascii=False)
                if email not in text.lower():
                    row.reference = text
                    changed += 1
        return changed

    # ------------------------------------------------------------------ in chat
    async def about(self, email: str | None, channel: str, user_id: str) -> MyData:
        """What is stored about the user of a chat turn."""
        async with session_scope(self.factory) as session:
            identities = int(await session.scalar(select(func.count()).select_from(
                Person).where(Person.channel == channel, Person.user_id == user_id)) or 0)
            if not email:
                return MyData(None, identities, False, 0, 0, False, (), ())
            email = email.lower()
            users = await self._user_ids(session, email)
            chats = await self._own_chats(session, email, users)
            reports = int(await session.scalar(select(func.count()).select_from(Report).where(
                func.lower(Report.reported_by) == email)) or 0)
            subscriptions = int(await session.scalar(select(func.count()).select_from(
                Subscription).where(func.lower(Subscription.created_by) == email)) or 0)
            stopped = await session.scalar(select(func.count()).select_from(ReminderStop).where(
                func.lower(ReminderStop.email) == email))
            units = tuple((await session.scalars(select(Unit.code).where(
                func.lower(Unit.leader_email) == email, Unit.active.is_(True))
                .order_by(Unit.code))).all())
            centres = tuple((await session.scalars(select(Centre.code).where(
                func.lower(Centre.chief_email) == email, Centre.active.is_(True))
                .order_by(Centre.code))).all())
            return MyData(email, max(identities, len(users)), bool(chats), reports,
                          subscriptions, bool(stopped), units, centres)


def _replace_ci(text: str, needle: str, replacement: str) -> str:
    """``text`` with every case-insensitive occurrence of ``needle`` replaced."""
    return re.sub(re.escape(needle), replacement, text, flags=re.IGNORECASE)
