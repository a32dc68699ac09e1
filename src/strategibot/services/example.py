"""The example deployment's check-ins (``knowledge/checkins.example.yaml``): loaded once into an
empty database beside the example organisation, stamped with their dates in 2019, so that the
bot run on a date inside the strategy's period (``STRATEGIBOT_TODAY``) shows the year as it
could have been lived."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import Any

from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.clock import Clock
from strategibot.core.strict import Strict
from strategibot.core.yamlfiles import load_yaml
from strategibot.domain.organisation import Directory
from strategibot.services.checkins import Checkins
from strategibot.store.db import session_scope
from strategibot.store.organisation import load_directory
from strategibot.store.reports import NewReport, save_reports
from strategibot.store.tables import Report

__all__ = ["ExampleCheckinsFile", "load_example_checkins"]

log = logging.getLogger(__name__)

Row = (tuple[dt.date, str, str, dict[str, Any]]
       | tuple[dt.date, str, str, dict[str, Any], int])


class ExampleCheckinsFile(Strict):
    """``checkins.example.yaml``: [date, unit or centre code, goal, value (, theme)] rows."""

    checkins: list[Row] = Field(min_length=1)


def _subject(directory: Directory, code: str) -> tuple[int, int | None]:
    unit = directory.unit_by_code(code)
    if unit is not None:
        return unit.centre_id, unit.id
    centre = next((c for c in directory.centres if c.code == code), None)
    if centre is None:
        raise ValueError(f"checkins.example.yaml: no unit or centre '{code}'")
    return centre.id, None


async def load_example_checkins(factory: async_sessionmaker[AsyncSession], path: Path,
                                checkins: Checkins, clock: Clock) -> int:
    """Store the example check-ins if no report is stored yet; how many were stored."""
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    model = ExampleCheckinsFile.model_validate(load_yaml(text))
    async with session_scope(factory) as session:
        if await session.scalar(select(func.count()).select_from(Report)):
            return 0
        directory = await load_directory(session)
        for row in model.checkins:
            day, code, goal, value = row[:4]
            theme = row[4] if len(row) == 5 else None
            centre_id, unit_id = _subject(directory, code)
            report = NewReport(goal, centre_id, unit_id, theme, value,
                               checkins.number_of(goal, value), checkins.item_of(goal, value))
            at = dt.datetime.combine(day, dt.time(10), tzinfo=clock.tz)
            await save_reports(session, [report], by="example", channel="example",
                               activity_id=None, at=at)
    log.info("example check-ins loaded", extra={"reports": len(model.checkins)})
    return len(model.checkins)
