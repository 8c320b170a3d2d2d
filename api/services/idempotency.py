"""One way for every retried write to happen once: its `Idempotency-Key`, remembered.

A write that may be retried (a booking, a claim) comes with a key chosen by the client. `once`
serialises the employee's writes, and the first time makes the row and remembers the key with a
hash of the body and the row's id, in one commit. A retry with the same key and body gets the
same row back and writes nothing; the same key with another body is refused. Each `Kind` of
write has its own keys. A new retried write declares its `Kind` and calls `once`; its route takes
`api.deps.RetriedWriteDep`.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.domain.errors import Conflict
from api.models import IdempotencyKey
from api.repositories import employees
from api.repositories import idempotency as keys


class Made(Protocol):
    """A row a write made: all `once` needs of it is its id."""

    @property
    def id(self) -> int:
        """The row's id."""
        ...


@dataclass(frozen=True)
class Kind[Row: Made]:
    """A kind of retried write."""

    scope: str
    """What its keys are remembered under (`leave_request`): each kind has its own keys."""
    noun: str
    """What it makes, for the refusal of a reused key ("request", "claim")."""
    load: Callable[[Session, int], Row | None]
    """Finds the row an earlier write made, by id."""


def once[Row: Made](
    session: Session,
    employee_id: int,
    kind: Kind[Row],
    key: str,
    body: BaseModel,
    make: Callable[[], Row],
    now: datetime,
) -> tuple[Row, bool]:
    """Make a row once per key: the first call `make`s it, a retry loads it again.

    Args:
        session: The request's session; `once` commits it (or, on a retry, ends its transaction).
        employee_id: Whose write it is; their writes are serialised until the commit.
        kind: The kind of write.
        key: The `Idempotency-Key`.
        body: The request body; a retry must send the same.
        make: Checks the rules and adds the row (and anything beside it) to the session, flushed
            so it has an id; raises a refusal before adding anything when a rule is broken.
        now: When the key is remembered.

    Returns:
        The row, and whether it was made now (False: a retry of the same key and body).

    Raises:
        Conflict: `idempotency_key_reused` when the key came with another body.
        DomainError: Whatever `make` refuses with; nothing is committed.
    """
    employees.lock(session, employee_id)
    body_hash = _hash(body)
    used = keys.find(session, employee_id, kind.scope, key)
    if used is not None:
        if used.body_hash != body_hash:
            raise Conflict(
                "idempotency_key_reused",
                f"This Idempotency-Key was already used for a different {kind.noun}. "
                f"Nothing was changed; use a new key for a new {kind.noun}.",
            )
        row = kind.load(session, used.resource_id)
        assert row is not None, f"{kind.scope} {used.resource_id} has gone but its key remains"
        session.commit()  # nothing was written; this ends the transaction and its lock
        return row, False
    row = make()
    session.add(
        IdempotencyKey(
            employee_id=employee_id,
            scope=kind.scope,
            key=key,
            body_hash=body_hash,
            resource_id=row.id,
            created_at=now,
        )
    )
    session.commit()
    return row, True


def _hash(body: BaseModel) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
