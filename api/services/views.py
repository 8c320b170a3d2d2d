"""Turning stored rows into the API's answers."""

from datetime import date

from api.domain import leave
from api.models import Employee, LeaveRequest
from api.schemas import LeaveRequestOut, PersonRef


def person_ref(employee: Employee | None) -> PersonRef | None:
    """A short reference to someone, or None."""
    if employee is None:
        return None
    return PersonRef(staff_number=employee.staff_number, name=employee.name)


def leave_request_out(request: LeaveRequest, today: date) -> LeaveRequestOut:
    """A leave request as the API shows it, as of `today` (for whether it can be cancelled)."""
    return LeaveRequestOut(
        id=request.id,
        reference=request.reference,
        staff_number=request.employee.staff_number,
        employee_name=request.employee.name,
        start_date=request.start_date,
        end_date=request.end_date,
        portion=request.portion,
        leave_type=request.leave_type,
        days=request.days,
        status=request.status,
        cancellable=leave.can_cancel(request.status, request.start_date, today),
        created_at=request.created_at,
        decided_at=request.decided_at,
        decided_by=person_ref(request.decided_by),
        note=request.note,
    )
