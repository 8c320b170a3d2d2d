"""The gateway's side of the API: channel accounts, delivering notifications, and events the
gateway has already handled. Every call is the gateway's, proven by its key."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from api.domain.errors import Conflict, NotFound
from api.models import Employee, Notification
from api.repositories import channel_accounts, employees, notifications
from api.schemas.channels import ClaimIn, EventIn, LinkIn, UsedIn

CLAIM_SCAN = 1000
"""How many of the oldest undelivered notifications one claim looks at."""


@dataclass(frozen=True)
class Claimed:
    """A notification leased to a gateway, and where to deliver it."""

    notification: Notification
    staff_number: str
    channel: str
    channel_user_id: str
    address: dict[str, Any] | None


def link(session: Session, body: LinkIn) -> Employee:
    """Link a channel user to the employee whose work email the platform gives (idempotent: an
    account already linked stays with its employee).

    Raises:
        NotFound: `unknown_person` when no one in the department has that email.
    """
    account = channel_accounts.get(session, body.channel, body.channel_user_id)
    if account is not None:
        return account.employee
    employee = channel_accounts.by_email(session, body.email)
    if employee is None:
        raise NotFound(f"Nobody in the department has the email {body.email}.", "unknown_person")
    channel_accounts.add(session, employee, body.channel, body.channel_user_id)
    session.commit()
    return employee


def used(session: Session, body: UsedIn, now: datetime) -> None:
    """Record that the person used this account now, and where to reach them on it.

    Raises:
        NotFound: an unknown staff number.
        Conflict: the account is someone else's.
    """
    employee = employees.by_staff_number(session, body.staff_number)
    if employee is None:
        raise NotFound(f"There is nobody with staff number {body.staff_number}.")
    account = channel_accounts.get(session, body.channel, body.channel_user_id)
    if account is None:
        account = channel_accounts.add(session, employee, body.channel, body.channel_user_id)
    elif account.employee_id != employee.id:
        raise Conflict("account_of_someone_else", "That account is linked to someone else.")
    account.last_used_at = now
    if body.address is not None:
        account.address = body.address
    session.commit()


def claim(session: Session, body: ClaimIn, now: datetime) -> list[Claimed]:
    """Lease undelivered notifications to the calling gateway, each with where to deliver it:
    the account the person used last. Someone whose last channel was the web chat (or who
    never used one) is only claimed by a gateway that has their web chat open; until then the
    notification waits, and `GET /v1/me/notifications` still shows it.
    """
    candidates = notifications.claimable(session, now, CLAIM_SCAN)
    owners = {n.employee_id for n in candidates}
    accounts = channel_accounts.last_used(session, owners)
    staff = employees.staff_numbers(session, owners)
    present = set(body.web_present)
    lease_end = now + timedelta(seconds=body.lease_seconds)
    claimed: list[Claimed] = []
    for notification in candidates:
        staff_number = staff[notification.employee_id]
        account = accounts.get(notification.employee_id)
        if account is None or account.channel == "web":
            if staff_number not in present:
                continue
            channel, user_id, address = "web", staff_number, None
        else:
            channel, user_id, address = account.channel, account.channel_user_id, account.address
        notification.claimed_until = lease_end
        claimed.append(Claimed(notification, staff_number, channel, user_id, address))
        if len(claimed) >= body.limit:
            break
    session.commit()
    return claimed


def delivered(session: Session, notification_id: int, channel: str, now: datetime) -> None:
    """Mark a notification delivered through `channel` (idempotent).

    Raises:
        NotFound: there is no such notification.
    """
    notification = notifications.get(session, notification_id)
    if notification is None:
        raise NotFound("There is no notification with that number.")
    if notification.acknowledged_at is None:
        notification.acknowledged_at = now
        notification.delivered_via = channel
    notification.claimed_until = None
    session.commit()


def release(session: Session, notification_id: int) -> None:
    """Give a claimed notification back (its delivery failed), for the next claim.

    Raises:
        NotFound: there is no such notification.
    """
    notification = notifications.get(session, notification_id)
    if notification is None:
        raise NotFound("There is no notification with that number.")
    notification.claimed_until = None
    session.commit()


def first_sight(session: Session, body: EventIn, now: datetime) -> bool:
    """Whether the gateway sees this platform event for the first time."""
    return channel_accounts.first_sight_of_event(session, body.channel, body.event_id, now)
