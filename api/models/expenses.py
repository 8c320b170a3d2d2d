"""Expense claims."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.domain.expenses import reference
from api.models.base import Base, Money, UtcDateTime
from api.models.employees import Employee


class ExpenseClaim(Base):
    """A claim for money spent on official business."""

    __tablename__ = "expense_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    claim_type: Mapped[str] = mapped_column(String(16))
    spent_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    receipt_attached: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))

    approver: Mapped[Employee | None] = relationship(foreign_keys=[approver_id], lazy="joined")

    @property
    def reference(self) -> str:
        """The reference people quote, e.g. `EXP-10023`."""
        return reference(self.id)
