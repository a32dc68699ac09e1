"""reports.item: several values per unit and goal (citizen-involvement forms);
fte_proposals: a leader's proposed FTE, used only when an admin confirms it;
form_groups: an admin's merges and splits of form names;
one conversation per Teams channel (threads were stored as conversations of their own)

Existing reports keep their subject (no item); ``current_reports`` keys are unchanged for them.
A Teams channel stored once per thread (``…;messageid=…``) becomes one conversation: its
subscriptions, deliveries and who installed the bot move to the channel's row.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_THREAD = ";messageid="


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("item", sa.String(120), nullable=True))
        batch.drop_index("ix_reports_subject")
        batch.create_index("ix_reports_subject",
                           ["goal_id", "centre_id", "unit_id", "theme", "item", "id"])
        batch.create_index("ix_reports_reported_at", ["reported_at"])
    op.create_table(
        "fte_proposals",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("proposed_by", sa.String(320), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(320), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_fte_proposals_unit_id", "fte_proposals", ["unit_id"])
    op.create_table(
        "form_groups",
        sa.Column("name_key", sa.String(200), primary_key=True),
        sa.Column("group_key", sa.String(200), nullable=False),
        sa.Column("decided_by", sa.String(320), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    _one_conversation_per_channel()


def _one_conversation_per_channel() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, channel, conversation_id, installed_by FROM conversations "
        "ORDER BY id")).all()
    by_key = {(r.channel, r.conversation_id): r for r in rows}
    for row in rows:
        if _THREAD not in row.conversation_id:
            continue
        base_id = row.conversation_id.split(_THREAD)[0]
        base = by_key.get((row.channel, base_id))
        if base is None:  # the channel itself was never stored: this row becomes it
            connection.execute(sa.text(
                "UPDATE conversations SET conversation_id = :base WHERE id = :id"),
                {"base": base_id, "id": row.id})
            by_key[(row.channel, base_id)] = row
            continue
        if base.installed_by is None and row.installed_by is not None:
            connection.execute(sa.text(
                "UPDATE conversations SET installed_by = :who WHERE id = :id"),
                {"who": row.installed_by, "id": base.id})
        for table in ("subscriptions", "deliveries"):
            clash = "" if table == "subscriptions" else (
                " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.conversation_id = :base"
                " AND d.kind = deliveries.kind AND d.period = deliveries.period)")
            connection.execute(sa.text(
                f"UPDATE {table} SET conversation_id = :base WHERE conversation_id = :id"
                + clash), {"base": base.id, "id": row.id})
        connection.execute(sa.text("DELETE FROM deliveries WHERE conversation_id = :id"),
                           {"id": row.id})
        connection.execute(sa.text("DELETE FROM conversations WHERE id = :id"),
                           {"id": row.id})


def downgrade() -> None:
    op.drop_table("form_groups")
    op.drop_index("ix_fte_proposals_unit_id", table_name="fte_proposals")
    op.drop_table("fte_proposals")
    with op.batch_alter_table("reports") as batch:
        batch.drop_index("ix_reports_reported_at")
        batch.drop_index("ix_reports_subject")
        batch.create_index("ix_reports_subject", ["goal_id", "centre_id", "unit_id", "theme",
                                                  "id"])
        batch.drop_column("item")
