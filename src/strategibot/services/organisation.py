"""The organisation as the application sees it: the example organisation on first start, an
import from a file, and the directory (centres, units, leaders) for a turn or a computation."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.resources import data_dir
from strategibot.domain.organisation import Directory, Organisation, load_organisation_yaml
from strategibot.errors import StorageError
from strategibot.store.db import session_scope
from strategibot.store.organisation import ImportResult, apply_organisation, load_directory
from strategibot.store.tables import Centre, Unit

__all__ = ["DIRECTORY_CACHED_FOR", "OrganisationService"]

DIRECTORY_CACHED_FOR = 30.0
"""Seconds a read of the organisation is used before it is read again."""

log = logging.getLogger(__name__)


class OrganisationService:
    """Centres and units in one database."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], *,
                 reader: async_sessionmaker[AsyncSession] | None = None,
                 cache_for: float = DIRECTORY_CACHED_FOR) -> None:
        self.factory = factory
        self.reader = reader or factory
        self.cache_for = cache_for
        self._cached: tuple[float, Directory] | None = None

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
        self.forget()
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
            result = await apply_organisation(session, organisation)
        self.forget()
        return result

    async def directory(self) -> Directory:
        """Centres, units and leaders — read at most every :data:`DIRECTORY_CACHED_FOR`
        seconds (an import here is seen at once, one on another replica within that)."""
        now = time.monotonic()
        if self._cached is not None and now - self._cached[0] < self.cache_for:
            return self._cached[1]
        async with session_scope(self.reader) as session:
            directory = await load_directory(session)
        self._cached = (now, directory)
        return directory

    def forget(self) -> None:
        """The organisation changed here (an import, an approved FTE): read it again."""
        self._cached = None


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
