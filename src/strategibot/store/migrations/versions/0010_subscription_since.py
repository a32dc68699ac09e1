"""subscriptions.since: when the current schedule took effect (by the bot's clock)

A digest due before a conversation subscribed (or changed its schedule) is not one it
missed: at start the bot no longer makes it up ("abonnér ugentlig fredag 14:30" written at
14:43 sent last Friday's digest after the next restart). Rows from before this migration have
none and are caught up as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("subscriptions", sa.Column("since", sa.DateTime(timezone=True),
                                             nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("since")
