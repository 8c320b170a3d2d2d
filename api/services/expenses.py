"""Expense claims of the signed-in employee: listing and submitting once per key."""

import hashlib
import json
from datetime import date, datetime

from sqlalchemy.orm import Session

from api.core.clock import UK
from api.domain.errors import Conflict, RuleBroken
from api.domain.expenses import check_claim, receipt_required
from api.domain.pay import period_of
from api.models import Employee, ExpenseClaim, ExpenseIdempotencyKey
from api.repositories import employees
from api.repositories import expenses as expenses_repo
from api.schemas.expenses import ExpenseClaimIn, ExpenseClaimOut
from api.services.views import person_ref


def claim_out(claim: ExpenseClaim) -> ExpenseClaimOut:
    """A claim as the API shows it."""
    return ExpenseClaimOut(
        reference=claim.reference,
        claim_type=claim.claim_type,
        spent_on=claim.spent_on,
        amount=claim.amount,
        description=claim.description,
        status=claim.status,
        submitted_at=claim.submitted_at,
        approved_at=claim.approved_at,
        paid_at=claim.paid_at,
        paid_in_period=period_of(claim.paid_at.astimezone(UK).date()) if claim.paid_at else None,
        approver=person_ref(claim.approver),
        receipt_required=receipt_required(claim.amount),
        receipt_attached=claim.receipt_attached,
    )


def _body_hash(body: ExpenseClaimIn) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


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
    employees.lock(session, employee.id)
    body_hash = _body_hash(body)
    used = expenses_repo.idempotency_key(session, employee.id, key)
    if used is not None:
        if used.body_hash != body_hash:
            session.rollback()
            raise Conflict(
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different claim. "
                "Nothing was changed; use a new key for a new claim.",
            )
        existing = session.get(ExpenseClaim, used.expense_claim_id)
        session.commit()
        assert existing is not None
        return existing, False
    try:
        check_claim(body.claim_type, body.spent_on, body.amount, body.receipt_attached, today)
    except RuleBroken:
        session.rollback()
        raise
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
    session.add(
        ExpenseIdempotencyKey(
            employee_id=employee.id,
            key=key,
            body_hash=body_hash,
            expense_claim_id=claim.id,
            created_at=now,
        )
    )
    session.commit()
    return claim, True
