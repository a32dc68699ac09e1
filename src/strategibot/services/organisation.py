"""The organisation as the application sees it: the example organisation on first start, an
import from a file, and the directory (centres, units, leaders) for a turn or a computation."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from strategibot.core.resources import data_dir
from strategibot.domain.organisation import Directory, Organisation, load_organisation_yaml
from strategibot.errors import StorageError
from strategibot.store.db import session_scope
from strategibot.store.organisation import ImportResult, apply_organisation, load_directory
from strategibot.store.tables import Centre

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
        """Make the database's organisation ``organisation`` (all or nothing)."""
        async with session_scope(self.factory) as session:
            return await apply_organisation(session, organisation)

    async def directory(self) -> Directory:
        async with session_scope(self.factory) as session:
            return await load_directory(session)
