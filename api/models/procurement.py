"""Purchase orders, their history, delegated limits and supplier invoices."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, Money, UtcDateTime
from api.models.employees import Employee


class DelegatedLimit(Base):
    """The most an employee may approve on one purchase order, and for which cost centre."""

    __tablename__ = "delegated_limits"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), unique=True
    )
    limit: Mapped[Decimal] = mapped_column(Money)
    cost_centre: Mapped[str | None] = mapped_column(String(16))


class PurchaseOrder(Base):
    """A purchase order raised by a member of staff."""

    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10), unique=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    cost_centre: Mapped[str] = mapped_column(String(16))
    supplier: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    requester: Mapped[Employee] = relationship(foreign_keys=[requester_id], lazy="joined")
    approver: Mapped[Employee | None] = relationship(foreign_keys=[approver_id], lazy="joined")
    history: Mapped[list["PurchaseOrderEvent"]] = relationship(
        order_by="PurchaseOrderEvent.at, PurchaseOrderEvent.id",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class PurchaseOrderEvent(Base):
    """A status a purchase order reached, when and by whom."""

    __tablename__ = "purchase_order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    note: Mapped[str | None] = mapped_column(Text)

    by: Mapped[Employee | None] = relationship(lazy="joined")


class Invoice(Base):
    """A supplier's invoice against a purchase order."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    purchase_order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[date] = mapped_column(Date)
    matched_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)

    purchase_order: Mapped[PurchaseOrder] = relationship(lazy="joined")
