"""Messages waiting for an employee, as the API shows them."""

from api.models import Notification
from api.presenters import fill
from api.schemas.notifications import NotificationOut


def notification_out(notification: Notification) -> NotificationOut:
    """A message waiting for the employee."""
    return fill(NotificationOut, notification)
