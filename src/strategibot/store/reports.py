"""Check-in reports: append-only rows, their latest standing values, history and undo."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.store.db import upsert_into
from strategibot.store.tables import CurrentReport, Report

__all__ = [
    "LatestReport",
    "NewReport",
    "history",
    "is_undone",
    "last_by",
    "latest_reports",
    "latest_values",
    "rebuild_current",
    "recent_numbers",
    "report_by_id",
    "save_reports",
    "saved_ids",
    "standing_report",
    "undo_report",
]


@dataclass(frozen=True, slots=True)
class NewReport:
    goal_id: str
    centre_id: int
    unit_id: int | None
    theme: int | None
    value: dict[str, Any]
    number: float | None
    item: str | None = None


@dataclass(frozen=True, slots=True)
class LatestReport:
    id: int
    goal_id: str
    centre_id: int
    unit_id: int | None
    theme: int | None
    value: dict[str, Any]
    number: float | None
    reported_by: str
    reported_at: dt.datetime
    item: str | None = None


def _latest(row: Any) -> LatestReport:
    """A report row (ORM object or plain columns) as a LatestReport."""
    return LatestReport(row.id, row.goal_id, row.centre_id, row.unit_id, row.theme,
                        json.loads(row.value), row.number, row.reported_by, row.reported_at,
                        row.item)


def subject_key(goal_id: str, centre_id: int, unit_id: int | None, theme: int | None,
                item: str | None = None) -> str:
    """The key of a report's subject in ``current_reports`` (an item only when there is one,
    so the keys of reports without items never changed)."""
    key = f"{goal_id}|{centre_id}|{'' if unit_id is None else unit_id}|{theme or ''}"
    return f"{key}|{item}" if item else key


async def _set_current(session: AsyncSession, subject: str, report_id: int | None) -> None:
    """Point ``subject`` at ``report_id`` (or forget it) — an upsert on either database."""
    if report_id is None:
        await session.execute(delete(CurrentReport).where(CurrentReport.subject == subject))
        return
    statement = upsert_into(session, CurrentReport).values(subject=subject,
                                                           report_id=report_id)
    await session.execute(statement.on_conflict_do_update(
        index_elements=[CurrentReport.subject], set_={"report_id": report_id}))


def _same(column: Any, value: int | str | None) -> Any:
    return column.is_(None) if value is None else column == value


def _standing() -> Any:
    """Reports that count: not an undo row, and not undone."""
    undone = select(Report.undoes_id).where(Report.undoes_id.is_not(None))
    return (Report.undoes_id.is_(None)) & (Report.id.not_in(undone))


async def lock_subject(session: AsyncSession, centre_id: int, unit_id: int | None) -> None:
    """Hold the subject's report writes to one at a time until this transaction ends, so a
    write that first reads the standing value (is it the same? a jump?) reads the one committed
    by a write of the same moment (a double click, two chats of one leader). SQLite's single
    writer (``BEGIN IMMEDIATE``) already does this; PostgreSQL takes a transaction-level
    advisory lock on the subject."""
    if session.get_bind().dialect.name != "postgresql":
        return
    name = f"strategibot.reports|{centre_id}|{'' if unit_id is None else unit_id}".encode()
    key = int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "big", signed=True)
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


async def save_reports(
    session: AsyncSession, reports: Sequence[NewReport], *, by: str, channel: str,
    activity_id: str | None, at: dt.datetime,
) -> list[int]:
    """Append ``reports`` (one transaction, the caller commits). A redelivered activity —
    the same ``activity_id`` — is stored once: its rows' ids are returned again. If another
    replica stores the same activity at the same moment, the unique ``source_activity_id``
    makes this transaction fail with IntegrityError; :func:`saved_ids` then finds its rows."""
    if activity_id:
        existing = await saved_ids(session, activity_id, len(reports))
        if existing:
            return existing
    rows = [
        Report(goal_id=r.goal_id, centre_id=r.centre_id, unit_id=r.unit_id, theme=r.theme,
               item=r.item, value=json.dumps(r.value, ensure_ascii=False), number=r.number,
               reported_by=by, reported_at=at, channel=channel,
               source_activity_id=f"{activity_id}#{n}" if activity_id else None)
        for n, r in enumerate(reports)
    ]
    session.add_all(rows)
    await session.flush()
    for row in rows:
        await _set_current(session, subject_key(row.goal_id, row.centre_id, row.unit_id,
                                                row.theme, row.item), row.id)
    return [row.id for row in rows]


async def saved_ids(session: AsyncSession, activity_id: str, count: int) -> list[int]:
    """The ids of the rows already stored from ``activity_id`` (empty if none)."""
    keys = [f"{activity_id}#{n}" for n in range(count)]
    return list((await session.scalars(
        select(Report.id).where(Report.source_activity_id.in_(keys)).order_by(Report.id)
    )).all())


async def latest_reports(session: AsyncSession, *, unit_id: int | None = None,
                         centre_id: int | None = None) -> list[LatestReport]:
    """Each subject's (goal, centre, unit, theme) latest standing report — of one unit, or
    of one centre's centre-level goals, when asked."""
    query = select(  # plain columns: no ORM objects on this hot path
        Report.id, Report.goal_id, Report.centre_id, Report.unit_id, Report.theme,
        Report.value, Report.number, Report.reported_by, Report.reported_at, Report.item,
    ).join(CurrentReport, CurrentReport.report_id == Report.id)
    if unit_id is not None:
        query = query.where(Report.unit_id == unit_id)
    if centre_id is not None:
        query = query.where(Report.centre_id == centre_id, Report.unit_id.is_(None))
    rows = (await session.execute(query)).all()
    return [_latest(row) for row in rows]


ValueRow = tuple[str, int, int | None, int | None, dict[str, Any], str | None]
"""(goal, centre, unit, theme, value, item) of a subject's latest standing report."""


async def latest_values(session: AsyncSession, *,
                        as_of: dt.datetime | None = None) -> list[ValueRow]:
    """Every subject's latest standing report, oldest first — only what progress needs, as
    plain columns.

    Now (``as_of`` None): read through ``current_reports`` (the hot path of live progress).
    As of a moment: the latest report made by then that was not undone by then, from the
    append-only history (a figure over time, or a clock set back to the strategy's year).
    """
    if as_of is None:
        rows = (await session.execute(
            select(Report.goal_id, Report.centre_id, Report.unit_id, Report.theme,
                   Report.value, Report.item)
            .join(CurrentReport, CurrentReport.report_id == Report.id)
            .order_by(Report.id))).all()
    else:
        undone = select(Report.undoes_id).where(Report.undoes_id.is_not(None),
                                                Report.reported_at <= as_of)
        newest = (
            select(func.max(Report.id).label("id"))
            .where(Report.undoes_id.is_(None), Report.reported_at <= as_of,
                   Report.id.not_in(undone))
            .group_by(Report.goal_id, Report.centre_id, Report.unit_id, Report.theme,
                      Report.item)
            .subquery())
        rows = (await session.execute(
            select(Report.goal_id, Report.centre_id, Report.unit_id, Report.theme,
                   Report.value, Report.item)
            .join(newest, newest.c.id == Report.id).order_by(Report.id))).all()
    return [(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows]


async def newest_report(session: AsyncSession) -> int | None:
    """The newest report's id. Reports are only ever added (an undo is a report too), so an
    unchanged id means unchanged figures."""
    newest: int | None = await session.scalar(select(func.max(Report.id)))
    return newest


async def newest_report_at(session: AsyncSession) -> dt.datetime | None:
    """When the newest report was made (an undo too), if any."""
    newest: dt.datetime | None = await session.scalar(select(func.max(Report.reported_at)))
    if newest is not None and newest.tzinfo is None:  # (SQLite keeps no zone: UTC)
        newest = newest.replace(tzinfo=dt.UTC)
    return newest


async def rebuild_current(session: AsyncSession) -> int:
    """Recreate ``current_reports`` from the append-only history; returns its row count."""
    newest = (
        select(func.max(Report.id).label("id"))
        .where(_standing())
        .group_by(Report.goal_id, Report.centre_id, Report.unit_id, Report.theme,
                  Report.item)
        .subquery()
    )
    rows = (await session.execute(
        select(Report.id, Report.goal_id, Report.centre_id, Report.unit_id, Report.theme,
               Report.item)
        .join(newest, newest.c.id == Report.id))).all()
    await session.execute(delete(CurrentReport))
    if rows:
        await session.execute(insert(CurrentReport), [
            {"subject": subject_key(r.goal_id, r.centre_id, r.unit_id, r.theme, r.item),
             "report_id": r.id} for r in rows])
    return len(rows)


async def history(session: AsyncSession, *, unit_ids: Sequence[int] = (),
                  centre_ids: Sequence[int] = (), by: str | None = None,
                  limit: int = 20) -> list[LatestReport]:
    """Standing reports for these units (and centre-level ones for these centres), and those
    ``by`` made (an admin's corrections), newest first."""
    conditions: list[Any] = []
    if by:
        conditions.append(Report.reported_by == by)
    if unit_ids:
        conditions.append(Report.unit_id.in_(unit_ids))
    if centre_ids:
        conditions.append(Report.centre_id.in_(centre_ids) & Report.unit_id.is_(None))
    if not conditions:
        return []
    condition = or_(*conditions)
    rows = (await session.scalars(
        select(Report).where(_standing() & condition).order_by(Report.id.desc()).limit(limit)
    )).all()
    return [_latest(row) for row in rows]


async def last_by(session: AsyncSession, by: str) -> tuple[int, bool, dt.datetime] | None:
    """The latest row ``by`` wrote: its id, whether it is an undo, and when."""
    row = (await session.execute(
        select(Report.id, Report.undoes_id, Report.reported_at)
        .where(Report.reported_by == by).order_by(Report.id.desc()).limit(1))).first()
    return (row.id, row.undoes_id is not None, row.reported_at) if row is not None else None


async def same_message(session: AsyncSession, report_id: int) -> list[int]:
    """The standing reports written by the one message that wrote ``report_id`` (a line
    saved for two units, a whole step-by-step check-in), newest first; just ``report_id``
    when the message is not known."""
    target = await session.get(Report, report_id)
    if target is None or not target.source_activity_id or target.undoes_id is not None:
        return [report_id]
    # "<channel>|<conversation>|<message>[@<unit code>]#<n>" (a conversation's id may hold
    # an "@" of its own)
    head, bar, message = target.source_activity_id.split("#")[0].rpartition("|")
    base = head + bar + message.split("@")[0]
    undone = select(Report.undoes_id).where(Report.undoes_id.is_not(None))
    rows = await session.scalars(
        select(Report.id).where(
            Report.reported_by == target.reported_by, Report.undoes_id.is_(None),
            Report.id.not_in(undone),
            Report.source_activity_id.startswith(f"{base}#", autoescape=True)
            | Report.source_activity_id.startswith(f"{base}@", autoescape=True))
        .order_by(Report.id.desc()))
    return list(rows) or [report_id]


async def is_undone(session: AsyncSession, report_id: int) -> bool:
    """Whether the report has been undone."""
    return await session.scalar(select(Report.id).where(
        Report.undoes_id == report_id).limit(1)) is not None


async def undo_report(session: AsyncSession, report_id: int, *, by: str, channel: str,
                      activity_id: str | None, at: dt.datetime) -> Report | None:
    """Undo a standing report if it is its subject's latest; returns the undone row, or None
    if it is not the latest (or already undone). Raises LookupError if it does not exist."""
    target = await session.get(Report, report_id)
    if target is None or target.undoes_id is not None:
        raise LookupError(report_id)
    if activity_id:
        done = await session.scalar(select(Report.id).where(
            Report.source_activity_id == f"{activity_id}#undo"))
        if done is not None:
            return target
    newest = await session.scalar(
        select(func.max(Report.id)).where(
            _standing(), Report.goal_id == target.goal_id, Report.centre_id == target.centre_id,
            _same(Report.unit_id, target.unit_id), _same(Report.theme, target.theme),
            _same(Report.item, target.item),
        )
    )
    if newest != target.id:
        return None
    session.add(Report(goal_id=target.goal_id, centre_id=target.centre_id,
                       unit_id=target.unit_id, theme=target.theme, item=target.item,
                       value="{}", number=None,
                       reported_by=by, reported_at=at, channel=channel,
                       source_activity_id=f"{activity_id}#undo" if activity_id else None,
                       undoes_id=target.id))
    await session.flush()
    previous = await session.scalar(
        select(func.max(Report.id)).where(
            _standing(), Report.goal_id == target.goal_id, Report.centre_id == target.centre_id,
            _same(Report.unit_id, target.unit_id), _same(Report.theme, target.theme),
            _same(Report.item, target.item),
        )
    )
    await _set_current(session, subject_key(target.goal_id, target.centre_id, target.unit_id,
                                            target.theme, target.item), previous)
    return target


async def standing_report(session: AsyncSession, goal_id: str, centre_id: int,
                          unit_id: int | None, theme: int | None,
                          item: str | None) -> LatestReport | None:
    """The subject's standing report now (after an undo: the one that applies again)."""
    row = await session.scalar(
        select(Report).join(CurrentReport, CurrentReport.report_id == Report.id).where(
            CurrentReport.subject == subject_key(goal_id, centre_id, unit_id, theme, item)))
    return _latest(row) if row is not None else None


async def recent_numbers(session: AsyncSession, goal_id: str, centre_id: int,
                         unit_id: int | None, since: dt.datetime) -> list[float]:
    """The figures the subject reported for ``goal_id`` since ``since`` and did not undo."""
    undone = select(Report.undoes_id).where(Report.undoes_id.is_not(None))
    rows = (await session.scalars(select(Report.number).where(
        Report.goal_id == goal_id, Report.centre_id == centre_id, _same(Report.unit_id, unit_id),
        Report.reported_at >= since, Report.number.is_not(None), Report.undoes_id.is_(None),
        Report.id.not_in(undone)))).all()
    return [float(n) for n in rows if n is not None]


async def report_by_id(session: AsyncSession, report_id: int) -> LatestReport | None:
    """A report that is not itself an undo row, or None."""
    row = await session.get(Report, report_id)
    if row is None or row.undoes_id is not None:
        return None
    return _latest(row)
