"""Channel accounts (address, last used), notification leases, handled channel events

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("channel_identities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_channel_identities_employee_id"), ["employee_id"], unique=False
        )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("delivered_via", sa.String(length=16), nullable=True))
    op.create_table(
        "channel_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "event_id"),
    )
    with op.batch_alter_table("channel_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channel_events_seen_at"), ["seen_at"], unique=False)


def downgrade() -> None:
    """Undo this migration."""
    with op.batch_alter_table("channel_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_events_seen_at"))
    op.drop_table("channel_events")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_column("delivered_via")
        batch_op.drop_column("claimed_until")
    with op.batch_alter_table("channel_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_identities_employee_id"))
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("address")
