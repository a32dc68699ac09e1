"""current_reports: each subject's latest standing report, for fast live progress

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "current_reports",
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id"), nullable=False),
    )
    # backfill from the append-only history (empty on a new database)
    op.execute("""
        INSERT INTO current_reports (subject, report_id)
        SELECT r.goal_id || '|' || r.centre_id || '|' || COALESCE(CAST(r.unit_id AS VARCHAR), '')
               || '|' || COALESCE(CAST(r.theme AS VARCHAR), ''), max(r.id)
        FROM reports r
        WHERE r.undoes_id IS NULL
          AND r.id NOT IN (SELECT undoes_id FROM reports WHERE undoes_id IS NOT NULL)
        GROUP BY r.goal_id, r.centre_id, r.unit_id, r.theme
    """)


def downgrade() -> None:
    op.drop_table("current_reports")
