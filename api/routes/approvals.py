"""A line manager's approvals."""

from fastapi import APIRouter

from api.deps import CurrentEmployee, NowDep, SessionDep, TodayDep
from api.presenters.leave import request_out
from api.schemas.common import DecisionIn, ErrorBody
from api.schemas.leave import LeaveRequestOut
from api.services import approvals

router = APIRouter(prefix="/v1", tags=["approvals"], responses={401: {"model": ErrorBody}})


@router.get("/me/approvals")
def pending_approvals(
    employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> list[LeaveRequestOut]:
    """Pending leave requests from your direct reports, oldest first."""
    return [request_out(request, today) for request in approvals.pending(session, employee)]


@router.post(
    "/leave/requests/{request_id}/decision",
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def decide(
    request_id: int,
    body: DecisionIn,
    employee: CurrentEmployee,
    session: SessionDep,
    now: NowDep,
    today: TodayDep,
) -> LeaveRequestOut:
    """Approve or reject a direct report's request; the requester is notified.

    The same decision again answers 200; the other one is 409 `already_decided`. A request that
    isn't from your direct report is 404, whether or not it exists.
    """
    decided = approvals.decide(session, employee, request_id, body.decision, body.note, now)
    return request_out(decided, today)
