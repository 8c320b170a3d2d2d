"""Expense claims of the signed-in employee: listing and submitting once per key."""

from datetime import date, datetime

from sqlalchemy.orm import Session

from api.domain.expenses import check_claim
from api.models import Employee, ExpenseClaim
from api.repositories import expenses as expenses_repo
from api.schemas.expenses import ExpenseClaimIn
from api.services import idempotency

CLAIMS = idempotency.Kind("expense_claim", "claim", expenses_repo.get)


def claims_of(session: Session, employee: Employee, status: str | None) -> list[ExpenseClaim]:
    """The employee's claims, newest first, optionally of one status."""
    return expenses_repo.of_employee(session, employee.id, status)


def submit(
    session: Session,
    employee: Employee,
    body: ExpenseClaimIn,
    key: str,
    today: date,
    now: datetime,
) -> tuple[ExpenseClaim, bool]:
    """Submit a claim once per idempotency key, serialised per employee, as of `today` (the UK
    date the policy checks see; the claim is stamped `now`).

    Returns:
        The claim and whether it was created now (False: a replay of the same key and body).

    Raises:
        Conflict: `idempotency_key_reused` when the key was used with another body.
        RuleBroken: The claim breaks the expenses policy; nothing is written.
    """

    def make() -> ExpenseClaim:
        check_claim(body.claim_type, body.spent_on, body.amount, body.receipt_attached, today)
        claim = ExpenseClaim(
            employee_id=employee.id,
            claim_type=body.claim_type,
            spent_on=body.spent_on,
            amount=body.amount,
            description=body.description.strip(),
            status="submitted",
            receipt_attached=body.receipt_attached,
            approver_id=employee.line_manager_id,
            submitted_at=now,
        )
        session.add(claim)
        session.flush()
        return claim

    return idempotency.once(session, employee.id, CLAIMS, key, body, make, now)
