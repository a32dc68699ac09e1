"""review_decisions: a decision's number is never given again after an undo (SQLite)

An undo deletes the decision; SQLite without ``AUTOINCREMENT`` gives the highest number it
deleted to the next row, so a repeated "undo 5" (a double click, a redelivered request) undid
the next decision made. ``AUTOINCREMENT`` keeps the highest number ever used; PostgreSQL's
sequence already never goes back.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("review_decisions", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("review_decisions", recreate="always",
                              table_kwargs={"sqlite_autoincrement": False}):
        pass
