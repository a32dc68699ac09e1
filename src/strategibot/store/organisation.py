"""The organisation in the database: import (all or nothing) and who leads what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.domain.organisation import CentreInfo, Directory, Organisation, UnitInfo
from strategibot.store.proposals import supersede_proposals
from strategibot.store.tables import Centre, Unit

__all__ = ["ImportResult", "apply_organisation", "load_directory"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    centres: int
    units: int
    deactivated: int


async def load_directory(session: AsyncSession) -> Directory:
    centres = (await session.execute(
        select(Centre.id, Centre.code, Centre.name, Centre.chief_email)
        .where(Centre.active.is_(True)).order_by(Centre.code))).all()
    units = (await session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.centre_id, Unit.leader_email, Unit.fte)
        .where(Unit.active.is_(True)).order_by(Unit.code))).all()
    return Directory(
        tuple(CentreInfo(c.id, c.code, c.name, c.chief_email) for c in centres),
        tuple(UnitInfo(u.id, u.code, u.name, u.centre_id, u.leader_email, u.fte) for u in units),
    )


async def apply_organisation(session: AsyncSession, organisation: Organisation) -> ImportResult:
    """Make the database's organisation ``organisation``: centres and units are matched by
    code (updated or added); those no longer listed are deactivated, never deleted, so their
    reports stay. The caller's transaction makes it all or nothing. Pending FTE proposals
    of the listed units are superseded (the import's FTE is the registered one)."""
    centres = {c.code: c for c in (await session.scalars(select(Centre))).all()}
    units = {u.code: u for u in (await session.scalars(select(Unit))).all()}
    seen_centres: set[str] = set()
    seen_units: set[str] = set()
    for spec in organisation.centres:
        centre = centres.get(spec.code)
        if centre is None:
            centre = Centre(code=spec.code, name=spec.name, chief_email=spec.chief_email)
            session.add(centre)
            centres[spec.code] = centre
        centre.name, centre.chief_email, centre.active = spec.name, spec.chief_email, True
        seen_centres.add(spec.code)
        await session.flush()
        for unit_spec in spec.units:
            unit = units.get(unit_spec.code)
            if unit is None:
                unit = Unit(code=unit_spec.code, name=unit_spec.name, centre_id=centre.id,
                            leader_email=unit_spec.leader_email, fte=unit_spec.fte)
                session.add(unit)
                units[unit_spec.code] = unit
            unit.name, unit.centre_id = unit_spec.name, centre.id
            unit.leader_email, unit.fte, unit.active = unit_spec.leader_email, unit_spec.fte, True
            seen_units.add(unit_spec.code)
    deactivated = 0
    for code, unit in units.items():
        if code not in seen_units and unit.active:
            unit.active = False
            deactivated += 1
    for code, centre in centres.items():
        if code not in seen_centres:
            centre.active = False
    await session.flush()
    # the import sets every listed unit's FTE: leaders' pending FTE proposals are moot
    await supersede_proposals(session, [units[code].id for code in seen_units],
                              dt.datetime.now(dt.UTC))
    return ImportResult(len(seen_centres), len(seen_units), deactivated)
