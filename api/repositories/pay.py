"""Queries about payslips and taxable benefits."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Payslip, TaxableBenefit


def payslips_of(session: Session, employee_id: int) -> list[Payslip]:
    """The employee's payslips, oldest first."""
    query = select(Payslip).where(Payslip.employee_id == employee_id).order_by(Payslip.period)
    return list(session.scalars(query))


def benefits_of(session: Session, employee_id: int) -> list[TaxableBenefit]:
    """The employee's taxable benefits, by tax year."""
    query = (
        select(TaxableBenefit)
        .where(TaxableBenefit.employee_id == employee_id)
        .order_by(TaxableBenefit.tax_year, TaxableBenefit.id)
    )
    return list(session.scalars(query))
