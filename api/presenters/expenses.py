"""Expense claims, as the API shows them."""

from api.core.clock import UK
from api.domain.expenses import receipt_required
from api.domain.pay import period_of
from api.models import ExpenseClaim
from api.presenters import fill
from api.schemas.expenses import ExpenseClaimOut


def claim_out(claim: ExpenseClaim) -> ExpenseClaimOut:
    """A claim and where it has got to; `paid_in_period` is the UK month it was paid in."""
    paid = claim.paid_at
    return fill(
        ExpenseClaimOut,
        claim,
        paid_in_period=period_of(paid.astimezone(UK).date()) if paid else None,
        receipt_required=receipt_required(claim.amount),
    )
