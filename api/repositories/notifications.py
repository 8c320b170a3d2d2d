"""Queries about notifications."""

from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
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


def unacknowledged(
    session: Session, employee_id: int, now: datetime | None = None
) -> list[Notification]:
    """The employee's notifications not yet acknowledged, oldest first; given `now`, without
    those a gateway has claimed for delivery until after `now`."""
    query = (
        select(Notification)
        .where(Notification.employee_id == employee_id, Notification.acknowledged_at.is_(None))
        .order_by(Notification.created_at, Notification.id)
    )
    if now is not None:
        query = query.where(_unclaimed(now))
    return list(session.scalars(query))


def claimable(session: Session, now: datetime, scan: int) -> list[Notification]:
    """Up to `scan` undelivered notifications no gateway holds a lease on, oldest first, locked
    until the transaction ends (PostgreSQL skips rows another gateway is claiming; SQLite's
    write lock serialises claims)."""
    query = (
        select(Notification)
        .where(Notification.acknowledged_at.is_(None), _unclaimed(now))
        .order_by(Notification.created_at, Notification.id)
        .limit(scan)
        .with_for_update(skip_locked=True, of=Notification)
    )
    return list(session.scalars(query))


def get(session: Session, notification_id: int) -> Notification | None:
    """One notification, whoever it is for."""
    return session.get(Notification, notification_id)


def _unclaimed(now: datetime) -> ColumnElement[bool]:
    return or_(Notification.claimed_until.is_(None), Notification.claimed_until <= now)


def get_for(session: Session, employee_id: int, notification_id: int) -> Notification | None:
    """One of the employee's notifications."""
    query = select(Notification).where(
        Notification.id == notification_id, Notification.employee_id == employee_id
    )
    return session.scalars(query).first()
