"""Who am I."""

from fastapi import APIRouter

from api.deps import CurrentEmployee, SessionDep
from api.presenters.identity import me_out
from api.schemas.common import ErrorBody
from api.schemas.identity import MeOut
from api.services import identity

router = APIRouter(prefix="/v1", tags=["me"], responses={401: {"model": ErrorBody}})


@router.get("/me")
def me(employee: CurrentEmployee, session: SessionDep) -> MeOut:
    """The signed-in employee: profile, working pattern, roles and line manager."""
    return me_out(identity.person(session, employee))
