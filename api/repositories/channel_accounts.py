"""Queries about channel accounts (who a channel user is, where to reach them) and the
platform events the gateway has already handled."""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import ChannelEvent, ChannelIdentity, Employee

EVENTS_KEPT_FOR = timedelta(days=1)
"""Slack retries for about an hour and Teams for less; a day of event ids is plenty."""


def get(session: Session, channel: str, channel_user_id: str) -> ChannelIdentity | None:
    """The account of one channel user, if linked."""
    query = select(ChannelIdentity).where(
        ChannelIdentity.channel == channel, ChannelIdentity.channel_user_id == channel_user_id
    )
    return session.scalars(query).first()


def add(
    session: Session, employee: Employee, channel: str, channel_user_id: str
) -> ChannelIdentity:
    """Link a channel user to an employee (the caller commits)."""
    account = ChannelIdentity(
        channel=channel, channel_user_id=channel_user_id, employee_id=employee.id
    )
    account.employee = employee
    session.add(account)
    return account


def by_email(session: Session, email: str) -> Employee | None:
    """The employee with this work email (case-insensitive), if exactly one has it."""
    query = select(Employee).where(func.lower(Employee.email) == email.strip().lower()).limit(2)
    found = list(session.scalars(query))
    return found[0] if len(found) == 1 else None


def last_used(session: Session, employee_ids: set[int]) -> dict[int, ChannelIdentity]:
    """For each employee, the account they used most recently (none if they never used one)."""
    if not employee_ids:
        return {}
    query = (
        select(ChannelIdentity)
        .where(
            ChannelIdentity.employee_id.in_(employee_ids),
            ChannelIdentity.last_used_at.is_not(None),
        )
        .order_by(ChannelIdentity.last_used_at, ChannelIdentity.id)
    )
    latest: dict[int, ChannelIdentity] = {}
    for account in session.scalars(query):
        latest[account.employee_id] = account  # later rows are more recent
    return latest


def first_sight_of_event(session: Session, channel: str, event_id: str, now: datetime) -> bool:
    """Record a platform event; False when it was recorded before (commits either way)."""
    session.execute(delete(ChannelEvent).where(ChannelEvent.seen_at < now - EVENTS_KEPT_FOR))
    session.add(ChannelEvent(channel=channel, event_id=event_id, seen_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True
