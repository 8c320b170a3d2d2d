"""Messages waiting for the employee (decisions, approvals needed)."""

from fastapi import APIRouter, Response, status

from api.deps import CurrentEmployee, NowDep, SessionDep
from api.presenters.notifications import notification_out
from api.schemas.common import ErrorBody
from api.schemas.notifications import NotificationOut
from api.services import notifications

router = APIRouter(prefix="/v1/me", tags=["notifications"], responses={401: {"model": ErrorBody}})


@router.get("/notifications")
def waiting(employee: CurrentEmployee, session: SessionDep, now: NowDep) -> list[NotificationOut]:
    """Notifications not yet acknowledged, oldest first (but for those a gateway is
    delivering at this moment)."""
    return [notification_out(note) for note in notifications.waiting(session, employee, now)]


@router.post(
    "/notifications/{notification_id}/ack",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorBody}},
)
def acknowledge(
    notification_id: int, employee: CurrentEmployee, session: SessionDep, now: NowDep
) -> Response:
    """Mark a notification as seen (idempotent)."""
    notifications.acknowledge(session, employee, notification_id, now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
