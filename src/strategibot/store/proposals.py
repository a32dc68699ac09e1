"""FTE proposals and admins' form-grouping decisions: the two things a user may ask to change
about how a shared figure is computed, kept apart until an admin agrees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from strategibot.store.tables import FormGroup, FteProposal, Unit

__all__ = ["Proposal", "decide_proposal", "form_overrides", "last_proposal_at",
           "pending_fte", "pending_proposals", "propose_fte", "set_form_group",
           "supersede_proposals"]


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    unit_id: int
    fte: float
    proposed_by: str
    proposed_at: dt.datetime
    status: str


def _proposal(row: FteProposal) -> Proposal:
    return Proposal(row.id, row.unit_id, row.fte, row.proposed_by, row.proposed_at, row.status)


async def propose_fte(session: AsyncSession, unit_id: int, fte: float, *, by: str,
                      at: dt.datetime) -> Proposal:
    """Store a proposal; an earlier pending one for the unit is superseded."""
    await session.execute(update(FteProposal).where(
        FteProposal.unit_id == unit_id, FteProposal.status == "pending").values(
        status="superseded", decided_at=at))
    row = FteProposal(unit_id=unit_id, fte=fte, proposed_by=by, proposed_at=at,
                      status="pending")
    session.add(row)
    await session.flush()
    return _proposal(row)


async def withdraw_proposal(session: AsyncSession, proposal_id: int, *,
                            at: dt.datetime) -> bool:
    """A pending proposal taken back by its leader ("nej vent, det var kom" right after it);
    False when it is no longer pending."""
    result = await session.execute(update(FteProposal).where(
        FteProposal.id == proposal_id, FteProposal.status == "pending").values(
        status="withdrawn", decided_at=at))
    return bool(getattr(result, "rowcount", 0))


async def pending_fte(session: AsyncSession, unit_id: int) -> float | None:
    """The FTE a unit's pending proposal names, if one waits."""
    return await session.scalar(select(FteProposal.fte).where(
        FteProposal.unit_id == unit_id, FteProposal.status == "pending")
        .order_by(FteProposal.id.desc()).limit(1))


async def last_proposal_at(session: AsyncSession, by: str) -> dt.datetime | None:
    """When ``by`` last proposed an FTE, if ever."""
    return await session.scalar(select(FteProposal.proposed_at).where(
        FteProposal.proposed_by == by).order_by(FteProposal.proposed_at.desc()).limit(1))


async def pending_proposals(session: AsyncSession) -> list[Proposal]:
    rows = (await session.scalars(select(FteProposal).where(
        FteProposal.status == "pending").order_by(FteProposal.id))).all()
    return [_proposal(r) for r in rows]


async def decide_proposal(session: AsyncSession, proposal_id: int, *, confirm: bool, by: str,
                          at: dt.datetime) -> tuple[Proposal, float] | None:
    """Confirm (the unit's registered FTE becomes the proposed one) or reject a pending
    proposal; (the proposal, the FTE before) — None when there is no such pending proposal."""
    row = await session.get(FteProposal, proposal_id, with_for_update=True)
    if row is None or row.status != "pending":
        return None
    unit = await session.get(Unit, row.unit_id)
    if unit is None:
        return None
    before = unit.fte
    row.status = "confirmed" if confirm else "rejected"
    row.decided_by = by
    row.decided_at = at
    if confirm:
        unit.fte = row.fte
    await session.flush()
    return _proposal(row), before


async def supersede_proposals(session: AsyncSession, unit_ids: Iterable[int],
                              at: dt.datetime) -> int:
    """An organisation import set these units' FTE: their pending proposals are moot."""
    ids = list(unit_ids)
    if not ids:
        return 0
    result = await session.execute(update(FteProposal).where(
        FteProposal.unit_id.in_(ids), FteProposal.status == "pending").values(
        status="superseded", decided_at=at))
    return int(getattr(result, "rowcount", 0) or 0)


async def form_overrides(session: AsyncSession) -> list[tuple[str, str]]:
    """(form key, group key) of every admin decision."""
    rows = (await session.execute(select(FormGroup.name_key, FormGroup.group_key))).all()
    return [(r[0], r[1]) for r in rows]


async def set_form_group(session: AsyncSession, name_key: str, group_key: str, *, by: str,
                         at: dt.datetime) -> None:
    if name_key == group_key:  # a split: what an admin merged into it goes back to the
        # rules' grouping (it stood alone, apart from the forms the rules join it to), and a
        # later merge into it joins it again
        joined = await session.scalars(select(FormGroup).where(
            FormGroup.group_key == name_key, FormGroup.name_key != name_key))
        for other in joined:
            await session.delete(other)
    row = await session.get(FormGroup, name_key)
    if row is None:
        session.add(FormGroup(name_key=name_key, group_key=group_key, decided_by=by,
                              decided_at=at))
    else:
        row.group_key = group_key
        row.decided_by = by
        row.decided_at = at
    await session.flush()
