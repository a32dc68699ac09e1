"""Unanswered and low-confidence questions are kept for review, on SQLite and PostgreSQL."""

from __future__ import annotations

from strategibot.domain.messages import Outcome
from strategibot.services.content import Content
from strategibot.store.db import create_engine, session_scope, sessionmaker, upgrade
from strategibot.store.questions import log_question, logged_questions


async def test_logged_questions_survive_a_new_engine(
    content: Content, clean_postgres: str
) -> None:
    url = clean_postgres
    await upgrade(url)
    unknown = content.engine.answer("hvem vinder superligaen i år?")
    assert unknown.outcome is Outcome.UNKNOWN
    engine = create_engine(url)
    async with session_scope(sessionmaker(engine)) as session:
        await log_question(session, unknown, channel="msteams")
    await engine.dispose()

    engine = create_engine(url)
    async with session_scope(sessionmaker(engine)) as session:
        rows = await logged_questions(session)
    await engine.dispose()
    assert [(r.question, r.outcome, r.lang, r.channel) for r in rows] == [
        ("hvem vinder superligaen i år?", "unknown", "da", "msteams")]


async def test_upgrade_is_idempotent(clean_postgres: str) -> None:
    await upgrade(clean_postgres)
    await upgrade(clean_postgres)


async def test_migrations_match_the_models(clean_postgres: str) -> None:
    """Alembic's autogenerate finds nothing to add: the migrations build the models' schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from strategibot.store.tables import Base

    await upgrade(clean_postgres)
    engine = create_engine(clean_postgres)

    def diff(connection):  # type: ignore[no-untyped-def]
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
    await engine.dispose()
    assert changes == []
