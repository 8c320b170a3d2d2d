"""A line manager's pending approvals and decisions."""

from datetime import datetime

from sqlalchemy.orm import Session

from api.domain import calendar, leave
from api.domain.errors import NotFound
from api.models import Employee, LeaveRequest
from api.repositories import leave as leave_repo
from api.repositories import notifications

_VERBS = {"approved": "approved", "rejected": "rejected"}


def pending(session: Session, manager: Employee) -> list[LeaveRequest]:
    """Pending requests from the manager's direct reports, oldest first."""
    return leave_repo.pending_for_manager(session, manager.id)


def decision_text(manager: Employee, request: LeaveRequest, note: str | None) -> str:
    """The requester's notification: "Tom Evans approved your annual leave from ... (1 day)."."""
    text = (
        f"{manager.name} {_VERBS[request.status]} your {request.leave_type} leave from "
        f"{calendar.format_date(request.start_date)} to {calendar.format_date(request.end_date)} "
        f"({calendar.format_days(request.days)})."
    )
    if note:
        text += f' Their note: "{note}"'
    return text


def decide(
    session: Session,
    manager: Employee,
    request_id: int,
    decision: leave.Decision,
    note: str | None,
    now: datetime,
) -> LeaveRequest:
    """Approve or reject a direct report's request as of `now`; the same decision again changes
    nothing.

    Raises:
        NotFound: when the request isn't from one of the manager's direct reports.
        Conflict: `already_decided` for the other decision or a cancelled request.
    """
    request = leave_repo.get(session, request_id, for_update=True)
    if request is None or request.employee.line_manager_id != manager.id:
        raise NotFound("There is no leave request with that number for you.")
    new_status = leave.decide(request.status, decision)
    if new_status is not None:
        request.status = new_status
        request.decided_at = now
        request.decided_by_id = manager.id
        request.decided_by = manager
        request.decision_note = note
        notifications.add(
            session,
            employee_id=request.employee_id,
            kind=f"leave_{new_status}",
            text=decision_text(manager, request, note),
            leave_request_id=request.id,
            at=now,
        )
    session.commit()
    return request
