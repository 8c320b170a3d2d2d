"""The signed-in employee's notifications."""

from datetime import datetime

from sqlalchemy.orm import Session

from api.domain.errors import NotFound
from api.models import Employee, Notification
from api.repositories import notifications


def waiting(session: Session, employee: Employee, now: datetime) -> list[Notification]:
    """Notifications not yet acknowledged, oldest first, but for those a gateway is
    delivering right now (claimed until after `now`)."""
    return notifications.unacknowledged(session, employee.id, now)


def acknowledge(session: Session, employee: Employee, notification_id: int, now: datetime) -> None:
    """Mark one of the employee's notifications as seen at `now` (idempotent).

    Raises:
        NotFound: when it isn't theirs.
    """
    notification = notifications.get_for(session, employee.id, notification_id)
    if notification is None:
        raise NotFound("You have no notification with that number.")
    if notification.acknowledged_at is None:
        notification.acknowledged_at = now
    session.commit()
