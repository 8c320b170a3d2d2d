"""Keyword-only factories that write real rows (after notifications-api's `create_*`).

Each takes the session first, fills sensible defaults, flushes and returns the row; the caller
commits if other sessions need to see it.
"""

import itertools
from datetime import date, datetime

from sqlalchemy.orm import Session

from api.models import ChannelIdentity, Employee, LeaveRequest
from tests.conftest import TEST_MOMENT

_numbers = itertools.count(200001)


def create_employee(
    session: Session,
    *,
    name: str = "Test Civil Servant",
    staff_number: str | None = None,
    grade: str = "HEO",
    job_title: str = "Policy adviser",
    region: str = "england",
    working_days: list[int] | None = None,
    roles: list[str] | None = None,
    line_manager: Employee | None = None,
    start_date: date = date(2020, 6, 1),
) -> Employee:
    """Add an employee (full time in England unless told otherwise)."""
    pattern = working_days if working_days is not None else [0, 1, 2, 3, 4]
    number = staff_number or str(next(_numbers))
    employee = Employee(
        staff_number=number,
        name=name,
        email=f"{number}@shared-services.example.gov.uk",
        grade=grade,
        job_title=job_title,
        region=region,
        working_days=pattern,
        roles=roles or [],
        line_manager_id=line_manager.id if line_manager else None,
        start_date=start_date,
        fte=len(pattern) / 5,
    )
    session.add(employee)
    session.flush()
    return employee


def create_leave_request(
    session: Session,
    *,
    employee: Employee,
    start: date,
    end: date | None = None,
    days: float = 1,
    status: str = "pending",
    leave_type: str = "annual",
    portion: str = "full",
    created_at: datetime = TEST_MOMENT,
) -> LeaveRequest:
    """Add a leave request (one pending day of annual leave unless told otherwise)."""
    request = LeaveRequest(
        employee_id=employee.id,
        start_date=start,
        end_date=end or start,
        portion=portion,
        leave_type=leave_type,
        days=days,
        status=status,
        created_at=created_at,
    )
    session.add(request)
    session.flush()
    return request


def create_channel_identity(
    session: Session, *, employee: Employee, channel: str = "slack", channel_user_id: str = "U0TEST"
) -> ChannelIdentity:
    """Link a Slack or Teams user to an employee."""
    identity = ChannelIdentity(
        channel=channel, channel_user_id=channel_user_id, employee_id=employee.id
    )
    session.add(identity)
    session.flush()
    return identity
