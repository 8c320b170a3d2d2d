"""Queries about leave requests and carry-overs."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Employee, LeaveRequest, LeaveYear

ACTIVE = ("pending", "approved")


def carried_over(session: Session, employee_id: int, year_start: date) -> float:
    """Days the employee carried into the leave year starting `year_start` (0 if none)."""
    query = select(LeaveYear.carried_over).where(
        LeaveYear.employee_id == employee_id, LeaveYear.start_date == year_start
    )
    return float(session.scalar(query) or 0)


def of_employee(
    session: Session,
    employee_id: int,
    *,
    status: str | None = None,
    ending_from: date | None = None,
) -> list[LeaveRequest]:
    """The employee's requests, newest start first, optionally by status or still to come."""
    query = select(LeaveRequest).where(LeaveRequest.employee_id == employee_id)
    if status is not None:
        query = query.where(LeaveRequest.status == status)
    if ending_from is not None:
        query = query.where(LeaveRequest.end_date >= ending_from)
    query = query.order_by(LeaveRequest.start_date.desc(), LeaveRequest.id.desc())
    return list(session.scalars(query))


def in_range(session: Session, employee_id: int, start: date, end: date) -> list[LeaveRequest]:
    """The employee's requests that touch `start`..`end`, any status."""
    query = select(LeaveRequest).where(
        LeaveRequest.employee_id == employee_id,
        LeaveRequest.start_date <= end,
        LeaveRequest.end_date >= start,
    )
    return list(session.scalars(query.order_by(LeaveRequest.start_date)))


def get(session: Session, request_id: int, *, for_update: bool = False) -> LeaveRequest | None:
    """One request by id (locked until commit when `for_update`)."""
    query = select(LeaveRequest).where(LeaveRequest.id == request_id)
    if for_update:
        query = query.with_for_update(of=LeaveRequest)
    return session.scalars(query).first()


def pending_for_manager(session: Session, manager_id: int) -> list[LeaveRequest]:
    """Pending requests of the manager's direct reports, oldest first."""
    query = (
        select(LeaveRequest)
        .join(Employee, LeaveRequest.employee_id == Employee.id)
        .where(Employee.line_manager_id == manager_id, LeaveRequest.status == "pending")
        .order_by(LeaveRequest.created_at, LeaveRequest.id)
    )
    return list(session.scalars(query))
