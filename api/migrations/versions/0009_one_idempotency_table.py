"""One table of idempotency keys for every retried write (leave bookings and expense claims)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What each old table's keys made, and the scope they keep in the one table.
_OLD = (
    ("idempotency_keys", "leave_request_id", "leave_requests", "leave_request"),
    ("expense_idempotency_keys", "expense_claim_id", "expense_claims", "expense_claim"),
)


def upgrade() -> None:
    """Build the one table beside the two old ones, copy their keys in, then take their name."""
    op.create_table(
        "idempotency_keys_all",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("employee_id", "scope", "key", name="uq_idempotency_keys_scope_key"),
    )
    for table, made, _target, scope in _OLD:
        op.execute(
            "INSERT INTO idempotency_keys_all "
            "(employee_id, scope, key, body_hash, resource_id, created_at) "
            f"SELECT employee_id, '{scope}', key, body_hash, {made}, created_at FROM {table}"
        )
        op.drop_table(table)
    op.rename_table("idempotency_keys_all", "idempotency_keys")


def downgrade() -> None:
    """Give each kind of write its own table again."""
    op.rename_table("idempotency_keys", "idempotency_keys_all")
    for table, made, target, scope in _OLD:
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("employee_id", sa.Integer(), nullable=False),
            sa.Column("key", sa.String(length=200), nullable=False),
            sa.Column("body_hash", sa.String(length=64), nullable=False),
            sa.Column(made, sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["employee_id"], ["employees.id"], ondelete="CASCADE"),
            sa.ForeignKeyConstraint([made], [f"{target}.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("employee_id", "key"),
        )
        op.execute(
            f"INSERT INTO {table} (employee_id, key, body_hash, {made}, created_at) "
            "SELECT employee_id, key, body_hash, resource_id, created_at "
            f"FROM idempotency_keys_all WHERE scope = '{scope}'"
        )
    op.drop_table("idempotency_keys_all")
