"""The organisation as the application sees it: the example organisation on first start, an
import from a file, and the directory (centres, units, leaders) for a turn or a computation."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.resources import data_dir
from strategibot.domain.organisation import Directory, Organisation, load_organisation_yaml
from strategibot.errors import StorageError
from strategibot.store.db import session_scope
from strategibot.store.organisation import ImportResult, apply_organisation, load_directory
from strategibot.store.tables import Centre, Unit

__all__ = ["OrganisationService"]

log = logging.getLogger(__name__)


class OrganisationService:
    """Centres and units in one database."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    async def ensure_example(self) -> bool:
        """Load the shipped example organisation into an empty database; False when there is
        one already. Replicas starting together race for it: the loser finds it loaded."""
        try:
            async with session_scope(self.factory) as session:
                if await session.scalar(select(func.count()).select_from(Centre)):
                    return False
                example = load_organisation_yaml(
                    data_dir("knowledge") / "organisation.example.yaml")
                await apply_organisation(session, example)
        except StorageError:
            async with session_scope(self.factory) as session:
                if await session.scalar(select(func.count()).select_from(Centre)):
                    log.info("example organisation loaded by another replica")
                    return False
            raise
        log.info("example organisation loaded", extra={"units": example.unit_count})
        return True

    async def load(self, organisation: Organisation) -> ImportResult:
        """Make the database's organisation ``organisation`` (all or nothing).

        Codes are matched without regard to case: a unit stored as ``CPKS-01`` and listed as
        ``cpks-01`` is the same unit (renamed to the file's spelling), never a second one.
        """
        async with session_scope(self.factory) as session:
            await _respell_codes(session, Centre, [c.code for c in organisation.centres])
            await _respell_codes(session, Unit, [u.code for c in organisation.centres
                                                 for u in c.units])
            return await apply_organisation(session, organisation)

    async def directory(self) -> Directory:
        async with session_scope(self.factory) as session:
            return await load_directory(session)


async def _respell_codes(session: AsyncSession, table: type[Centre] | type[Unit],
                         codes: Sequence[str]) -> None:
    """Give stored rows the file's spelling of their code when it differs only in case (a
    stored row with exactly the file's code is left alone)."""
    rows: list[Centre | Unit] = list((await session.scalars(select(table))).all())  # type: ignore[arg-type]
    exact = {row.code for row in rows}
    by_folded: dict[str, list[Centre | Unit]] = {}
    for row in rows:
        by_folded.setdefault(row.code.casefold(), []).append(row)
    for code in codes:
        if code in exact:
            continue
        matches = by_folded.get(code.casefold(), [])
        if matches:
            matches[0].code = code
            exact.add(code)
    await session.flush()
