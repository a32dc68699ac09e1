"""flow_states: the step-by-step flows' state as plain JSON (was the Bot Framework SDK's bot_state);
conversations.lang: the language last written in a conversation

The table keeps its columns and is renamed. A check-in in progress (the Bot Framework SDK's
DialogState: a waterfall "checkin" with its options and a "checkin-field" prompt) is carried
over into the new form, ``{"flow": "checkin", "v": 1, …options, "prompt": …}``, so a leader in
the middle of a check-in during the upgrade goes on where they were. Any other row is SDK state
the bot no longer keeps and is removed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _flow(data: Any) -> dict[str, Any] | None:
    """The check-in flow state inside an SDK ConversationState row, if there is one."""
    stack = ((data or {}).get("DialogState") or {}).get("_dialog_stack") if isinstance(
        data, dict) else None
    if not isinstance(stack, list):
        return None
    options = prompt = None
    for instance in stack:
        if not isinstance(instance, dict) or not isinstance(instance.get("state"), dict):
            continue
        if instance.get("id") == "checkin":
            options = instance["state"].get("options")
        elif instance.get("id") == "checkin-field":
            prompt = instance["state"].get("prompt")
    if not isinstance(options, dict) or not isinstance(prompt, dict):
        return None
    if "py/id" in json.dumps(options) or "py/id" in json.dumps(prompt):
        return None  # shared references we cannot resolve without jsonpickle
    return {"flow": "checkin", "v": 1, **options, "prompt": prompt}


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("lang", sa.String(2), nullable=True))
    op.rename_table("bot_state", "flow_states")
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT key, data FROM flow_states")).all()
    for key, raw in rows:
        try:
            flow = _flow(json.loads(raw))
        except ValueError:
            flow = None
        if flow is None:
            connection.execute(sa.text("DELETE FROM flow_states WHERE key = :key"),
                               {"key": key})
        else:
            connection.execute(sa.text("UPDATE flow_states SET data = :data WHERE key = :key"),
                               {"key": key, "data": json.dumps(flow, separators=(",", ":"))})


def downgrade() -> None:
    op.execute("DELETE FROM flow_states")  # our JSON is not the SDK's state
    op.rename_table("flow_states", "bot_state")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("lang")
