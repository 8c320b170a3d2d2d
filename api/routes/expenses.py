"""The signed-in employee's expense claims."""

from typing import Any, Literal

from fastapi import APIRouter, status

from api.deps import CurrentEmployee, NowDep, RetriedWriteDep, SessionDep, TodayDep
from api.presenters.expenses import claim_out
from api.schemas.common import ErrorBody
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
    return [claim_out(claim) for claim in expenses_service.claims_of(session, employee, status)]


@router.post("/expenses", status_code=status.HTTP_201_CREATED, responses=REFUSAL)
def submit_claim(
    body: ExpenseClaimIn,
    employee: CurrentEmployee,
    session: SessionDep,
    today: TodayDep,
    now: NowDep,
    write: RetriedWriteDep,
) -> ExpenseClaimOut:
    """Submit a claim; it goes to your line manager.

    Refusals (422): `over_limit` (subsistence £25 a day, accommodation £150 a night, other
    £250), `receipt_required` (over £10), `date_in_future`, `too_old` (over 3 months). The same
    `Idempotency-Key` and body again answers 200 with the same claim.
    """
    claim, created = expenses_service.submit(session, employee, body, write.key, today, now)
    write.answer(created)
    return claim_out(claim)
