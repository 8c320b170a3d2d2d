"""Pay: payslips, payslip lines and taxable benefits

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=12, scale=2, asdecimal=False)


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "payslips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("pay_date", sa.Date(), nullable=False),
        sa.Column("tax_code", sa.String(length=10), nullable=False),
        sa.Column("ni_category", sa.String(length=1), nullable=False),
        sa.Column("annual_salary", MONEY, nullable=False),
        sa.Column("gross", MONEY, nullable=False),
        sa.Column("deductions", MONEY, nullable=False),
        sa.Column("net", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("employee_id", "period"),
    )
    with op.batch_alter_table("payslips", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payslips_employee_id"), ["employee_id"], unique=False)

    op.create_table(
        "payslip_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payslip_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["payslip_id"], ["payslips.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("payslip_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payslip_lines_payslip_id"), ["payslip_id"], unique=False
        )

    op.create_table(
        "taxable_benefits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("tax_year", sa.String(length=7), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("cash_equivalent", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("taxable_benefits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_taxable_benefits_employee_id"), ["employee_id"], unique=False
        )


def downgrade() -> None:
    """Undo this migration."""
    op.drop_table("taxable_benefits")
    op.drop_table("payslip_lines")
    op.drop_table("payslips")
