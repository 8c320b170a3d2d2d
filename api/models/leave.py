"""Leave requests and the days carried into each leave year."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, UtcDateTime
from api.models.employees import Employee


class LeaveYear(Base):
    """Per employee and leave year: the days carried over from the year before."""

    __tablename__ = "leave_years"
    __table_args__ = (UniqueConstraint("employee_id", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date)
    carried_over: Mapped[float] = mapped_column(Numeric(5, 1, asdecimal=False))


class LeaveRequest(Base):
    """A request for leave and its decision."""

    __tablename__ = "leave_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    portion: Mapped[str] = mapped_column(String(8))
    leave_type: Mapped[str] = mapped_column(String(16))
    days: Mapped[float] = mapped_column(Numeric(5, 1, asdecimal=False))
    status: Mapped[str] = mapped_column(String(16), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id], lazy="joined")
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")

    @property
    def reference(self) -> str:
        """The reference people quote, e.g. `LR-000123`."""
        return f"LR-{self.id:06d}"
