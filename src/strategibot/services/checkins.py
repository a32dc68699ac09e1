"""Check-ins as the application sees them: who may report for what, saving (committed before
anyone is told "saved"), undo, history and live progress. Channel-independent: the
conversation, the CLI and the scheduler use it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.domain.checkins.flows import Flows
from strategibot.domain.knowledge.load import KnowledgeBase
from strategibot.domain.knowledge.schema import WeightedMeanMetric
from strategibot.domain.organisation import CentreInfo, Directory, UnitInfo
from strategibot.domain.progress.compute import GoalProgress, ReportView, compute_progress
from strategibot.errors import StorageError
from strategibot.services.organisation import OrganisationService
from strategibot.store.db import session_scope
from strategibot.store.organisation import load_directory
from strategibot.store.reports import (
    LatestReport,
    NewReport,
    history,
    latest_reports,
    latest_values,
    report_by_id,
    save_reports,
    saved_ids,
    undo_report,
)

__all__ = ["Checkins", "Reporter", "Subject", "UndoResult"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Subject:
    """What a check-in is about: a unit (unit goals) or a centre (centre goals)."""

    kind: str  # "unit" | "centre"
    id: int
    code: str
    name: str
    centre_id: int
    fte: float | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.code}"


@dataclass(frozen=True, slots=True)
class Reporter:
    """The person checking in and what they may report for."""

    email: str | None
    subjects: tuple[Subject, ...] = ()
    admin: bool = False

    @property
    def may_report(self) -> bool:
        return bool(self.subjects) or self.admin


@dataclass(frozen=True, slots=True)
class UndoResult:
    status: str  # "undone" | "not-latest" | "not-allowed" | "not-found"
    report: LatestReport | None = None
    subject: Subject | None = None


def _unit_subject(unit: UnitInfo) -> Subject:
    return Subject("unit", unit.id, unit.code, unit.name, unit.centre_id, unit.fte)


def _centre_subject(centre: CentreInfo) -> Subject:
    return Subject("centre", centre.id, centre.code, centre.name, centre.id)


class Checkins:
    """Check-in operations over one database."""

    def __init__(self, *, factory: async_sessionmaker[AsyncSession], kb: KnowledgeBase,
                 flows: Flows, organisation: OrganisationService, clock: Clock,
                 admins: frozenset[str] = frozenset()) -> None:
        self.factory = factory
        self.kb = kb
        self.flows = flows
        self.organisation = organisation
        self.clock = clock
        self.admins = admins

    async def directory(self) -> Directory:
        return await self.organisation.directory()

    async def reporter(self, email: str | None) -> Reporter:
        if not email:
            return Reporter(None)
        email = email.strip().casefold()
        directory = await self.directory()
        subjects = [_unit_subject(u) for u in directory.units_led_by(email)]
        subjects += [_centre_subject(c) for c in directory.centres_led_by(email)]
        return Reporter(email, tuple(subjects), admin=email in self.admins)

    async def subject(self, reporter: Reporter, code: str) -> Subject | None:
        """The unit or centre ``code`` if ``reporter`` may report for it."""
        for subject in reporter.subjects:
            if subject.code.casefold() == code.casefold():
                return subject
        if not reporter.admin:
            return None
        directory = await self.directory()
        unit = directory.unit_by_code(code)
        if unit is not None:
            return _unit_subject(unit)
        centre = next((c for c in directory.centres if c.code.casefold() == code.casefold()),
                      None)
        return _centre_subject(centre) if centre else None

    # ------------------------------------------------------------------ reports
    def goals_for(self, subject: Subject) -> list[str]:
        known = {g.id for g in self.kb.goals}
        return [g for g in self.flows.goals_for(subject.kind) if g in known]

    async def latest_for(self, subject: Subject) -> dict[tuple[str, int | None], LatestReport]:
        """The subject's latest standing report per (goal, theme)."""
        async with session_scope(self.factory) as session:
            if subject.kind == "unit":
                rows = await latest_reports(session, unit_id=subject.id)
            else:
                rows = await latest_reports(session, centre_id=subject.id)
        return {(row.goal_id, row.theme): row for row in rows}

    def number_of(self, goal_id: str, value: Mapping[str, Any]) -> float | None:
        """The figure a report carries, if its goal's metric reads one (kept in its own
        column for queries)."""
        metric = self.kb.goal(goal_id).metric
        if isinstance(metric, WeightedMeanMetric):
            number = value.get(metric.value)
            if isinstance(number, int | float) and not isinstance(number, bool):
                return float(number)
        return None

    async def save(self, reporter: Reporter, subject: Subject,
                   values: Sequence[tuple[str, int | None, dict[str, Any]]], *, channel: str,
                   activity_id: str | None) -> list[int]:
        """Store the values (goal, theme, value) for ``subject``; committed on return.

        A redelivered activity is stored once: its first rows' ids come back again.
        """
        reports = [NewReport(goal, subject.centre_id,
                             subject.id if subject.kind == "unit" else None, theme, value,
                             self.number_of(goal, value))
                   for goal, theme, value in values]
        by = reporter.email or "unknown"
        try:
            async with session_scope(self.factory) as session:
                return await save_reports(session, reports, by=by, channel=channel,
                                          activity_id=activity_id, at=self.clock.now())
        except StorageError:
            if not activity_id:
                raise
            async with session_scope(self.factory) as session:  # lost a race to a replica
                ids = await saved_ids(session, activity_id, len(reports))
            if not ids:
                raise
            return ids

    async def undo(self, reporter: Reporter, report_id: int, *, channel: str,
                   activity_id: str | None) -> UndoResult:
        async with session_scope(self.factory) as session:
            rows = await report_by_id(session, report_id)
            if rows is None:
                return UndoResult("not-found")
            subject = next((s for s in reporter.subjects if
                            (s.kind == "unit" and s.id == rows.unit_id) or
                            (s.kind == "centre" and rows.unit_id is None
                             and s.id == rows.centre_id)), None)
            if subject is None and not reporter.admin:
                return UndoResult("not-allowed", rows)
            if subject is None:
                directory = await load_directory(session)
                unit = next((u for u in directory.units if u.id == rows.unit_id), None)
                subject = _unit_subject(unit) if unit else _centre_subject(
                    directory.centre(rows.centre_id))
            try:
                undone = await undo_report(session, report_id, by=reporter.email or "unknown",
                                           channel=channel, activity_id=activity_id,
                                           at=self.clock.now())
            except LookupError:
                return UndoResult("not-found")
            return UndoResult("undone" if undone else "not-latest", rows, subject)

    async def history(self, reporter: Reporter, limit: int = 10) -> list[LatestReport]:
        unit_ids = [s.id for s in reporter.subjects if s.kind == "unit"]
        centre_ids = [s.id for s in reporter.subjects if s.kind == "centre"]
        async with session_scope(self.factory) as session:
            return await history(session, unit_ids=unit_ids, centre_ids=centre_ids, limit=limit)

    async def progress(self, today: dt.date | None = None) -> tuple[
            dict[str, GoalProgress], Directory]:
        """Live progress per goal, and the organisation it was computed over."""
        async with session_scope(self.factory) as session:
            directory = await load_directory(session)
            rows = await latest_values(session)
        views = [ReportView(*row) for row in rows]
        day = today or self.clock.today()
        return compute_progress(self.kb.goals, directory, views, today=day), directory

