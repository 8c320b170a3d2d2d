"""The declarative base and the column types every table shares."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Numeric, TypeDecorator
from sqlalchemy.orm import DeclarativeBase


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store UTC."""
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Read back an aware UTC datetime."""
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """Pounds and pence: `Decimal` in Python, NUMERIC(12, 2) in the database.

    SQLite has no decimal type, so values travel as floats and are rounded back to the penny
    (exact for any amount below ten billion pounds).
    """

    impl = Numeric(12, 2, asdecimal=False)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> float | None:
        """Store the amount."""
        return None if value is None else float(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Read back a `Decimal` with two places."""
        if value is None:
            return None
        return Decimal(f"{float(value):.2f}")


class Base(DeclarativeBase):
    """Base of every model."""
