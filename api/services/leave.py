"""Leave balance, quotes and bookings for the signed-in employee.

Each function loads what the rules need, asks `api.domain.leave` once, and writes (if at all)
once at the end.
"""

from dataclasses import asdict, fields
from datetime import date, datetime

from sqlalchemy.orm import Session

from api.domain import calendar, leave
from api.domain.errors import NotFound
from api.models import Employee, LeaveRequest
from api.repositories import leave as leave_repo
from api.repositories import notifications
from api.schemas.leave import LeaveRequestIn
from api.services import idempotency

BOOKINGS = idempotency.Kind("leave_request", "request", leave_repo.get)


def worker(employee: Employee) -> leave.Worker:
    """The employee as the leave rules see them."""
    return leave.Worker(frozenset(employee.working_days), employee.region, employee.start_date)


def as_booked(request: LeaveRequest) -> leave.BookedLeave:
    """A stored request as the leave rules see it (they work out `days_before` themselves)."""
    names = (field.name for field in fields(leave.BookedLeave) if field.name != "days_before")
    return leave.BookedLeave(**{name: getattr(request, name) for name in names})


def _year_of(
    session: Session, employee: Employee, day: date
) -> tuple[float, list[leave.BookedLeave]]:
    """Days carried into the leave year containing `day`, and the requests touching that year."""
    year_start = leave.leave_year_start(day)
    carried_over = leave_repo.carried_over(session, employee.id, year_start)
    requests = leave_repo.in_range(session, employee.id, year_start, leave.leave_year_end(day))
    return carried_over, [as_booked(request) for request in requests]


def balance_for(session: Session, employee: Employee, on: date) -> leave.Balance:
    """The employee's annual leave for the leave year containing `on`, split at `on`."""
    carried_over, requests = _year_of(session, employee, on)
    return leave.year_balance(worker(employee), on, carried_over, requests)


def _decide(session: Session, employee: Employee, ask: leave.Ask, today: date) -> leave.Quote:
    carried_over, requests = _year_of(session, employee, ask.start_date)
    return leave.quote(
        ask, worker(employee), today, carried_over=carried_over, year_requests=requests
    )


def quote(session: Session, employee: Employee, ask: leave.Ask, today: date) -> leave.Quote:
    """What `ask` would cost and leave, or the refusal it would get. Writes nothing.

    Raises:
        RuleBroken: The request breaks a rule (the code says which).
    """
    result = _decide(session, employee, ask, today)
    # It only read: end the transaction (and SQLite's write lock) now. A commit of nothing keeps
    # the loaded rows, where a rollback would expire them and reload them in a new transaction.
    session.commit()
    return result


def requests_of(
    session: Session, employee: Employee, status: str | None, not_over_on: date | None
) -> list[LeaveRequest]:
    """The employee's requests, newest start first: of one `status`, not over by `not_over_on`."""
    return leave_repo.of_employee(session, employee.id, status=status, ending_from=not_over_on)


def next_bank_holidays(employee: Employee, today: date, count: int) -> list[tuple[date, str]]:
    """The next `count` bank holidays where the employee works, from `today`."""
    return calendar.next_bank_holidays(employee.region, today, count)


def _approval_needed(employee: Employee, decided: leave.Quote, reference: str) -> str:
    """The line manager's notification: "Priya Shah asked for annual leave from ... , LR-..."."""
    return (
        f"{employee.name} asked for {decided.leave_type} leave from "
        f"{calendar.format_date(decided.start_date)} to {calendar.format_date(decided.end_date)} "
        f"({calendar.format_days(decided.days)}), {reference}."
    )


def book(
    session: Session,
    employee: Employee,
    body: LeaveRequestIn,
    key: str,
    today: date,
    now: datetime,
) -> tuple[LeaveRequest, bool]:
    """Book leave once per idempotency key, serialised per employee.

    The rules see `today` (the UK date); the rows are stamped `now`. The line manager is told.

    Returns:
        The request and whether it was created now (False: a replay of the same key and body).

    Raises:
        Conflict: `idempotency_key_reused` when the key was used with another body.
        RuleBroken: The request breaks a rule; nothing is written.
    """

    def make() -> LeaveRequest:
        ask = leave.Ask(body.start_date, body.end_date, None, body.portion, body.leave_type)
        decided = _decide(session, employee, ask, today)
        priced = {
            name: value for name, value in asdict(decided).items() if name != "balance_before"
        }
        request = LeaveRequest(
            employee_id=employee.id, status="pending", note=body.note, created_at=now, **priced
        )
        session.add(request)
        session.flush()
        if employee.line_manager_id is not None:
            notifications.add(
                session,
                employee_id=employee.line_manager_id,
                kind="approval_needed",
                text=_approval_needed(employee, decided, request.reference),
                leave_request_id=request.id,
                at=now,
            )
        return request

    return idempotency.once(session, employee.id, BOOKINGS, key, body, make, now)


def cancel(session: Session, employee: Employee, request_id: int, today: date) -> LeaveRequest:
    """Cancel the employee's own request (idempotent).

    Raises:
        NotFound: when it isn't theirs.
        Conflict: `not_cancellable`.
    """
    request = leave_repo.get(session, request_id, for_update=True)
    if request is None or request.employee_id != employee.id:
        raise NotFound("You have no leave request with that number.")
    new_status = leave.cancel(request.status, request.start_date, today)
    if new_status is not None:
        request.status = new_status
    session.commit()
    return request
