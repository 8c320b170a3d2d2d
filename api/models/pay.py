"""Payslips, their lines, and taxable benefits (for the P11D)."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, Money
from api.models.employees import Employee


class Payslip(Base):
    """One month's pay for one employee."""

    __tablename__ = "payslips"
    __table_args__ = (UniqueConstraint("employee_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(7))
    pay_date: Mapped[date] = mapped_column(Date)
    tax_code: Mapped[str] = mapped_column(String(10))
    ni_category: Mapped[str] = mapped_column(String(1))
    annual_salary: Mapped[Decimal] = mapped_column(Money)
    gross: Mapped[Decimal] = mapped_column(Money)
    deductions: Mapped[Decimal] = mapped_column(Money)
    net: Mapped[Decimal] = mapped_column(Money)

    employee: Mapped[Employee] = relationship(lazy="joined")
    lines: Mapped[list["PayslipLine"]] = relationship(
        order_by="PayslipLine.position", cascade="all, delete-orphan", lazy="selectin"
    )


class PayslipLine(Base):
    """An earning or a deduction on a payslip."""

    __tablename__ = "payslip_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    payslip_id: Mapped[int] = mapped_column(
        ForeignKey("payslips.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Money)


class TaxableBenefit(Base):
    """A benefit in kind reported on a P11D for one tax year."""

    __tablename__ = "taxable_benefits"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    tax_year: Mapped[str] = mapped_column(String(7))
    description: Mapped[str] = mapped_column(String(200))
    cash_equivalent: Mapped[Decimal] = mapped_column(Money)
