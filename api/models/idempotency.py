"""The keys of retried writes (`api.services.idempotency`)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, UtcDateTime


class IdempotencyKey(Base):
    """An `Idempotency-Key` a retried write came with, so it happens once.

    `scope` says what kind of write it was (`leave_request`, `expense_claim`): each kind has its
    own keys. `resource_id` is the id of the row the first write made.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("employee_id", "scope", "key", name="uq_idempotency_keys_scope_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    body_hash: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
