"""The signed-in employee's expense claims."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Response, status

from api.deps import CurrentEmployee, NowDep, SessionDep, TodayDep
from api.repositories import expenses as expenses_repo
from api.schemas import ErrorBody
from api.schemas.expenses import ExpenseClaimIn, ExpenseClaimOut
from api.services import expenses as expenses_service

router = APIRouter(prefix="/v1/me", tags=["expenses"], responses={401: {"model": ErrorBody}})
REFUSAL: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "A refusal: the code says which rule."},
    409: {"model": ErrorBody},
    200: {"model": ExpenseClaimOut},
}


@router.get("/expenses")
def list_claims(
    employee: CurrentEmployee,
    session: SessionDep,
    status: Literal["submitted", "approved", "rejected", "paid"] | None = None,
) -> list[ExpenseClaimOut]:
    """Your claims, newest first (`status` to keep one kind)."""
    claims = expenses_repo.of_employee(session, employee.id, status)
    return [expenses_service.claim_out(claim) for claim in claims]


@router.post("/expenses", status_code=status.HTTP_201_CREATED, responses=REFUSAL)
def submit_claim(
    body: ExpenseClaimIn,
    employee: CurrentEmployee,
    session: SessionDep,
    today: TodayDep,
    now: NowDep,
    response: Response,
    idempotency_key: Annotated[str, Header(min_length=1, max_length=200)],
) -> ExpenseClaimOut:
    """Submit a claim; it goes to your line manager.

    Refusals (422): `over_limit` (subsistence £25 a day, accommodation £150 a night, other
    £250), `receipt_required` (over £10), `date_in_future`, `too_old` (over 3 months). The same
    `Idempotency-Key` and body again answers 200 with the same claim.
    """
    claim, created = expenses_service.submit(session, employee, body, idempotency_key, today, now)
    if not created:
        response.status_code = status.HTTP_200_OK
    return expenses_service.claim_out(claim)
