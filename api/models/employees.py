"""Employees of the department."""

from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base


class Employee(Base):
    """A civil servant of the department."""

    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    grade: Mapped[str] = mapped_column(String(20))
    job_title: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(32))
    working_days: Mapped[list[int]] = mapped_column(JSON)
    roles: Mapped[list[str]] = mapped_column(JSON)
    line_manager_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    fte: Mapped[float] = mapped_column(Float)

    line_manager: Mapped["Employee | None"] = relationship(remote_side=[id], lazy="joined")
