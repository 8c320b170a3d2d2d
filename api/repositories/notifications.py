"""Queries about notifications."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Notification


def add(
    session: Session,
    *,
    employee_id: int,
    kind: str,
    text: str,
    leave_request_id: int | None,
    at: datetime,
) -> Notification:
    """Queue a notification written `at` (the caller commits)."""
    notification = Notification(
        employee_id=employee_id,
        kind=kind,
        text=text,
        leave_request_id=leave_request_id,
        created_at=at,
    )
    session.add(notification)
    return notification


def unacknowledged(session: Session, employee_id: int) -> list[Notification]:
    """The employee's notifications not yet acknowledged, oldest first."""
    query = (
        select(Notification)
        .where(Notification.employee_id == employee_id, Notification.acknowledged_at.is_(None))
        .order_by(Notification.created_at, Notification.id)
    )
    return list(session.scalars(query))


def get_for(session: Session, employee_id: int, notification_id: int) -> Notification | None:
    """One of the employee's notifications."""
    query = select(Notification).where(
        Notification.id == notification_id, Notification.employee_id == employee_id
    )
    return session.scalars(query).first()
