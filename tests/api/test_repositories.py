"""Repository queries against the real, migrated database."""

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.config import ApiSettings
from api.core.db import make_engine, make_session_factory
from api.repositories import employees
from api.repositories import leave as leave_repo
from tests.factories import create_channel_identity, create_employee, create_leave_request


@pytest.fixture
def session(db_settings: ApiSettings) -> Iterator[Session]:
    engine = make_engine(db_settings.database_url)
    with make_session_factory(engine)() as db:
        yield db
    engine.dispose()


def test_channel_identities_map_users_per_channel(session: Session) -> None:
    person = create_employee(session, name="Nia Morgan")
    create_channel_identity(session, employee=person, channel="slack", channel_user_id="U123")

    assert employees.by_channel_identity(session, "slack", "U123") == person
    assert employees.by_channel_identity(session, "teams", "U123") is None
    assert employees.by_channel_identity(session, "slack", "U999") is None


def test_a_channel_user_maps_to_one_employee_only(session: Session) -> None:
    first, second = create_employee(session), create_employee(session)
    create_channel_identity(session, employee=first, channel_user_id="U1")

    with pytest.raises(IntegrityError):
        create_channel_identity(session, employee=second, channel_user_id="U1")


def test_the_line_manager_role_is_derived_from_reports(session: Session) -> None:
    manager = create_employee(session, roles=["hr"])
    assert employees.roles_of(session, manager) == ["staff", "hr"]

    create_employee(session, line_manager=manager)

    assert employees.roles_of(session, manager) == ["staff", "line_manager", "hr"]


def test_pending_for_manager_is_only_their_reports_pending_requests(session: Session) -> None:
    manager, elsewhere = create_employee(session), create_employee(session)
    report = create_employee(session, line_manager=manager)
    other = create_employee(session, line_manager=elsewhere)
    first = create_leave_request(session, employee=report, start=date(2031, 6, 2))
    second = create_leave_request(session, employee=report, start=date(2031, 5, 5))
    create_leave_request(session, employee=report, start=date(2031, 7, 7), status="approved")
    create_leave_request(session, employee=other, start=date(2031, 6, 2))

    pending = leave_repo.pending_for_manager(session, manager.id)

    assert [r.id for r in pending] == [first.id, second.id]  # oldest request first


def test_requests_in_a_range_touch_it(session: Session) -> None:
    person = create_employee(session)
    inside = create_leave_request(
        session, employee=person, start=date(2031, 6, 1), end=date(2031, 6, 10), days=8
    )
    create_leave_request(session, employee=person, start=date(2031, 6, 11))

    found = leave_repo.in_range(session, person.id, date(2031, 6, 10), date(2031, 6, 10))

    assert found == [inside]
    assert inside.reference == f"LR-{inside.id:06d}"
