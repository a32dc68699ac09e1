"""Persistence on SQLAlchemy 2 (async): SQLite by default, PostgreSQL through DATABASE_URL."""
