"""review_decisions: the strategy office's decisions on unanswered questions (the review loop)

A logged question attached to an entry as a new phrasing (answered with that entry at once, as
an overlay over knowledge/, until ``kb export-phrasings`` writes it into phrasings.yaml) or
marked out of the strategy's scope. One row per question (``key``, a digest of its normalised
words); who decided and when, nothing of who asked.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("entry_id", sa.String(100), nullable=True),
        sa.Column("decided_by", sa.String(320), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("key", name="uq_review_decisions_key"),
    )


def downgrade() -> None:
    op.drop_table("review_decisions")
