"""Queries about the idempotency keys of retried writes."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import IdempotencyKey


def find(session: Session, employee_id: int, scope: str, key: str) -> IdempotencyKey | None:
    """The employee's earlier use of `key` for that kind of write, if any."""
    query = select(IdempotencyKey).where(
        IdempotencyKey.employee_id == employee_id,
        IdempotencyKey.scope == scope,
        IdempotencyKey.key == key,
    )
    return session.scalars(query).first()
