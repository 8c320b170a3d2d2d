"""Leave balance, quotes and bookings for the signed-in employee."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from api.domain import calendar, leave
from api.domain.errors import Conflict, NotFound, RuleBroken
from api.models import Employee, IdempotencyKey, LeaveRequest
from api.repositories import employees, notifications
from api.repositories import leave as leave_repo
from api.schemas import LeaveRequestIn


@dataclass(frozen=True)
class Quote:
    """A checked request: its dates, its cost and the balance around it."""

    start_date: date
    end_date: date
    portion: str
    leave_type: str
    days: float
    balance_before: float


def closed_days(employee: Employee, start: date, end: date) -> dict[date, str]:
    """The bank holidays of the employee's region from `start` to `end`."""
    return calendar.bank_holidays(employee.region, start, end)


def booked_leave(employee: Employee, request: LeaveRequest, on: date) -> leave.BookedLeave:
    """A request as the rules see it; `days_before` counts its working days before `on`."""
    before = 0.0
    if request.start_date < on:
        if request.portion != "full":
            before = request.days
        else:
            last = min(request.end_date, on - timedelta(days=1))
            closed = closed_days(employee, request.start_date, last)
            pattern = employee.working_days
            before = float(calendar.count_working_days(request.start_date, last, pattern, closed))
    return leave.BookedLeave(
        reference=request.reference,
        start_date=request.start_date,
        end_date=request.end_date,
        leave_type=request.leave_type,
        status=request.status,
        days=request.days,
        days_before=min(before, request.days),
    )


def balance_for(session: Session, employee: Employee, on: date) -> leave.Balance:
    """The employee's annual leave for the leave year containing `on`, split at `on`."""
    year_start = leave.leave_year_start(on)
    year_end = leave.leave_year_end(on)
    requests = [
        booked_leave(employee, request, on)
        for request in leave_repo.in_range(session, employee.id, year_start, year_end)
    ]
    return leave.balance(
        year_start=year_start,
        entitlement_days=leave.entitlement(
            employee.start_date, len(employee.working_days), year_start
        ),
        carried_over=leave_repo.carried_over(session, employee.id, year_start),
        requests=requests,
    )


def check_request(session: Session, employee: Employee, ask: leave.Ask, today: date) -> Quote:
    """Apply every rule to a request, without writing anything.

    Raises:
        RuleBroken: The request breaks a rule (the code says which).
    """
    start = ask.start_date
    end = leave.resolve_end(ask, employee.working_days, employee.region)
    leave.check_dates(start, end, ask.portion, today)
    closed = closed_days(employee, start, end)
    days = leave.requested_days(start, end, ask.portion, employee.working_days, closed)
    existing = [
        booked_leave(employee, request, today)
        for request in leave_repo.in_range(session, employee.id, start, end)
    ]
    leave.check_overlap(start, end, existing)
    remaining = balance_for(session, employee, start).remaining
    this_year = leave.leave_year_start(start) == leave.leave_year_start(today)
    which = "this leave year" if this_year else "in next leave year"
    leave.check_balance(days, ask.leave_type, remaining, which_year=which)
    return Quote(start, end, ask.portion, ask.leave_type, days, remaining)


def _body_hash(body: LeaveRequestIn) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def book(
    session: Session,
    employee: Employee,
    body: LeaveRequestIn,
    key: str,
    today: date,
    now: datetime,
) -> tuple[LeaveRequest, bool]:
    """Book leave once per idempotency key, serialised per employee.

    The rules see `today` (the UK date); the rows are stamped `now`.

    Returns:
        The request and whether it was created now (False: a replay of the same key and body).

    Raises:
        Conflict: `idempotency_key_reused` when the key was used with another body.
        RuleBroken: The request breaks a rule; nothing is written.
    """
    employees.lock(session, employee.id)
    body_hash = _body_hash(body)
    used = leave_repo.idempotency_key(session, employee.id, key)
    if used is not None:
        if used.body_hash != body_hash:
            session.rollback()
            raise Conflict(
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request. "
                "Nothing was changed; use a new key for a new request.",
            )
        existing = leave_repo.get(session, used.leave_request_id)
        session.commit()  # nothing was written; this just ends the transaction and its lock
        assert existing is not None
        return existing, False
    try:
        ask = leave.Ask(body.start_date, body.end_date, None, body.portion, body.leave_type)
        quote = check_request(session, employee, ask, today)
    except RuleBroken:
        session.rollback()
        raise
    request = LeaveRequest(
        employee_id=employee.id,
        start_date=quote.start_date,
        end_date=quote.end_date,
        portion=quote.portion,
        leave_type=quote.leave_type,
        days=quote.days,
        status="pending",
        note=body.note,
        created_at=now,
    )
    session.add(request)
    session.flush()
    session.add(
        IdempotencyKey(
            employee_id=employee.id,
            key=key,
            body_hash=body_hash,
            leave_request_id=request.id,
            created_at=now,
        )
    )
    if employee.line_manager_id is not None:
        notifications.add(
            session,
            employee_id=employee.line_manager_id,
            kind="approval_needed",
            text=f"{employee.name} asked for {quote.leave_type} leave from "
            f"{calendar.format_date(quote.start_date)} to {calendar.format_date(quote.end_date)} "
            f"({calendar.format_days(quote.days)}), {request.reference}.",
            leave_request_id=request.id,
            at=now,
        )
    session.commit()
    return request, True


def cancel(session: Session, employee: Employee, request_id: int, today: date) -> LeaveRequest:
    """Cancel the employee's own request (idempotent).

    Raises:
        NotFound: when it isn't theirs.
        Conflict: `not_cancellable`.
    """
    request = leave_repo.get(session, request_id, for_update=True)
    if request is None or request.employee_id != employee.id:
        session.rollback()
        raise NotFound("You have no leave request with that number.")
    try:
        new_status = leave.cancel(request.status, request.start_date, today)
    except Conflict:
        session.rollback()
        raise
    if new_status is not None:
        request.status = new_status
    session.commit()
    return request
