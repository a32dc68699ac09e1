"""A small organisation on a real SQLite database, for checking each goal's figure by hand:
report through the check-in service, undo, let a unit leave, and read the live progress.

====  ======================  =====  =========================
code  unit                    FTE    centre
====  ======================  =====  =========================
A1    Alfa Ét                 10     A (chief: a@x.dk)
A2    Alfa To                 30     A
B1    Beta Ét                 20     B (chief: b@x.dk)
B2    Beta To                 40     B
C1    Gamma Ét                50     C (chief: c@x.dk)
====  ======================  =====  =========================
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from strategibot.core.clock import Clock
from strategibot.domain.organisation import CentreSpec, Organisation, UnitSpec
from strategibot.domain.progress.compute import GoalProgress
from strategibot.services.checkins import Checkins, Reporter
from strategibot.services.content import Content
from strategibot.services.organisation import OrganisationService
from strategibot.store.db import create_engine, sessionmaker, upgrade

__all__ = ["ADMIN", "ORGANISATION", "Board", "board"]

ADMIN = "admin@x.dk"

ORGANISATION = Organisation((
    CentreSpec("A", "Center A", "a@x.dk", (UnitSpec("A1", "Alfa Ét", "a1@x.dk", 10.0),
                                           UnitSpec("A2", "Alfa To", "a2@x.dk", 30.0))),
    CentreSpec("B", "Center B", "b@x.dk", (UnitSpec("B1", "Beta Ét", "b1@x.dk", 20.0),
                                           UnitSpec("B2", "Beta To", "b2@x.dk", 40.0))),
    CentreSpec("C", "Center C", "c@x.dk", (UnitSpec("C1", "Gamma Ét", "c1@x.dk", 50.0),)),
))


class Board:
    """Check-ins and progress over the small organisation."""

    def __init__(self, checkins: Checkins, organisation: OrganisationService) -> None:
        self.checkins = checkins
        self.organisation = organisation
        self._reporter: Reporter | None = None

    async def admin(self) -> Reporter:
        if self._reporter is None:
            self._reporter = await self.checkins.reporter(ADMIN)
        return self._reporter

    async def report(self, goal: str, code: str, value: dict[str, Any],
                     theme: int | None = None) -> int:
        """Store ``value`` for the unit or centre ``code``; the report's id."""
        reporter = await self.admin()
        subject = await self.checkins.subject(reporter, code)
        assert subject is not None, code
        [report_id] = await self.checkins.save(reporter, subject, [(goal, theme, value)],
                                               channel="test", activity_id=None)
        return report_id

    async def undo(self, report_id: int) -> str:
        result = await self.checkins.undo(await self.admin(), report_id, channel="test",
                                          activity_id=None)
        return result.status

    async def leave(self, *codes: str) -> None:
        """The units ``codes`` leave the organisation (a new import without them)."""
        centres = tuple(
            CentreSpec(c.code, c.name, c.chief_email,
                       tuple(u for u in c.units if u.code not in codes))
            for c in ORGANISATION.centres)
        await self.organisation.load(Organisation(tuple(c for c in centres if c.units)))

    async def progress(self, goal: str) -> GoalProgress:
        progress, _ = await self.checkins.progress()
        return progress[goal]

    async def status(self, goal: str) -> str:
        """The goal's status ("on-track", "too-few", …)."""
        return str((await self.progress(goal)).status)


@asynccontextmanager
async def board(tmp_path: Path, content: Content, *, today: dt.date | None = None,
                min_units: int = 1) -> AsyncIterator[Board]:
    """A board on a new SQLite file in ``tmp_path``, its clock on ``today`` (default: the
    real date), per-centre figures shown from ``min_units`` units."""
    await asyncio.to_thread(tmp_path.mkdir, parents=True, exist_ok=True)
    url = f"sqlite+aiosqlite:///{tmp_path / 'progress.db'}"
    await upgrade(url)
    engine = create_engine(url)
    factory = sessionmaker(engine)
    organisation = OrganisationService(factory)
    await organisation.load(ORGANISATION)
    checkins = Checkins(factory=factory, kb=content.kb, flows=content.flows,
                        organisation=organisation, clock=Clock(today=today),
                        admins=frozenset({ADMIN}), forms=content.forms, min_units=min_units)
    try:
        yield Board(checkins, organisation)
    finally:
        await engine.dispose()
