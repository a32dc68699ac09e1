"""seen_events: Slack event ids answered, so a retry or replay is answered once across restarts;
readiness: the row /readyz rewrites to prove the database takes a write;
conversations.reference: stored addresses keep only what posting needs

Both tables are new. In ``conversations.reference`` (a Bot Framework ConversationReference as
JSON) display names, Entra object ids and chat titles are removed, and the user is removed
from the address of a group chat or channel (it named whoever last wrote there) — the bot
stores such addresses this way from now on (README, "Privacy and data"). Nothing else changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seen_events",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_seen_events_seen_at", "seen_events", ["seen_at"])
    readiness = op.create_table(
        "readiness",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
    )
    op.bulk_insert(readiness, [{"id": 1}])
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, kind, reference FROM conversations")).all()
    for row_id, kind, raw in rows:
        try:
            reference = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(reference, dict):
            continue
        minimal = _minimal(reference, kind)
        if minimal != reference:
            connection.execute(
                sa.text("UPDATE conversations SET reference = :reference WHERE id = :id"),
                {"id": row_id, "reference": json.dumps(minimal, ensure_ascii=False)})


def _minimal(reference: dict[str, Any], kind: str) -> dict[str, Any]:
    """The address without names, Entra object ids and titles; a user only in a personal chat."""
    result = dict(reference)
    user = result.get("user")
    if kind == "personal" and isinstance(user, dict) and isinstance(user.get("id"), str):
        result["user"] = {"id": user["id"]}
    elif "user" in result:
        result["user"] = None
    conversation = result.get("conversation")
    if isinstance(conversation, dict):
        result["conversation"] = {key: value for key, value in conversation.items()
                                  if key not in ("name", "aadObjectId", "role")}
    return result


def downgrade() -> None:
    op.drop_table("readiness")
    op.drop_index("ix_seen_events_seen_at", table_name="seen_events")
    op.drop_table("seen_events")
