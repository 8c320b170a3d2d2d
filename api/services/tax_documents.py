"""P60s and P11Ds, generated as printable, accessible HTML from the employee's own records."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from api.core.clock import real_now
from api.core.config import ApiSettings
from api.core.signed_links import sign_tax_document, verify_tax_document
from api.domain.calendar import format_date
from api.domain.errors import NotFound
from api.domain.money import ZERO, format_money
from api.domain.tax_documents import (
    SlipTotals,
    available_documents,
    p60_figures,
    tax_year_text,
)
from api.models import Employee
from api.repositories import employees
from api.repositories import pay as pay_repo
from api.services.pay import lines_of

EMPLOYER = "Shared Services (example government department)"
NO_DOCUMENT = "We couldn't find that tax document for you."
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def documents(session: Session, employee: Employee, today: date) -> list[tuple[str, str]]:
    """(kind, tax year) of the employee's documents, newest first."""
    periods = [slip.period for slip in pay_repo.payslips_of(session, employee.id)]
    years = [benefit.tax_year for benefit in pay_repo.benefits_of(session, employee.id)]
    return available_documents(periods, years, today)


@dataclass(frozen=True)
class Listed:
    """A document the employee has, with a signed link that opens it until `expires_at`."""

    kind: str
    tax_year: str
    link: str
    expires_at: datetime


def listed(
    session: Session, settings: ApiSettings, employee: Employee, today: date
) -> list[Listed]:
    """The employee's documents, newest first, each with a freshly signed link."""
    now = real_now()  # a link's life is security: real time, whatever the clock says
    found = []
    for kind, year in documents(session, employee, today):
        link, expires_at = sign_tax_document(
            settings, staff=employee.staff_number, kind=kind, tax_year=year, now=now
        )
        found.append(Listed(kind, year, link, expires_at))
    return found


def render_from_link(
    session: Session,
    settings: ApiSettings,
    today: date,
    *,
    staff: str,
    kind: str,
    tax_year: str,
    expires: int,
    signature: str,
) -> str | None:
    """The document a signed link opens, or None when the link is expired, altered or foreign.

    Raises:
        NotFound: when the employee the link names has no such document.
    """
    genuine = verify_tax_document(
        settings,
        staff=staff,
        kind=kind,
        tax_year=tax_year,
        expires=expires,
        signature=signature,
        now=real_now(),
    )
    employee = employees.by_staff_number(session, staff) if genuine else None
    if employee is None:
        return None
    return render(session, employee, kind.upper(), tax_year, today)


def render(session: Session, employee: Employee, kind: str, tax_year: str, today: date) -> str:
    """The document as HTML.

    Raises:
        NotFound: when the employee has no such document.
    """
    if (kind, tax_year) not in documents(session, employee, today):
        raise NotFound(NO_DOCUMENT)
    common = {
        "employee": employee,
        "employer": EMPLOYER,
        "tax_year_text": tax_year_text(tax_year),
        "generated_on": format_date(today),
    }
    if kind == "P11D":
        benefits = [b for b in pay_repo.benefits_of(session, employee.id) if b.tax_year == tax_year]
        total = sum((benefit.cash_equivalent for benefit in benefits), ZERO)
        return _templates.get_template("p11d.html").render(
            **common,
            title="P11D: expenses and benefits",
            rows=[(b.description, format_money(b.cash_equivalent)) for b in benefits],
            total=format_money(total),
            note="Tax on these benefits is usually collected through your tax code. Keep this "
            "for your records: you may need it for a Self Assessment tax return.",
        )
    slips = [
        SlipTotals(slip.period, slip.tax_code, slip.gross, lines_of(slip))
        for slip in pay_repo.payslips_of(session, employee.id)
    ]
    figures = p60_figures(tax_year, slips)
    if figures is None:  # pragma: no cover - documents() only lists years with pay
        raise NotFound(NO_DOCUMENT)
    rows: list[tuple[str, Decimal]] = [
        ("Pay before deductions", figures.gross),
        ("Pension contributions (alpha, taken before tax)", figures.pension),
        ("Pay for tax purposes", figures.taxable_pay),
        ("Income tax deducted", figures.tax),
        ("Employee National Insurance contributions", figures.ni),
        ("Student loan deductions", figures.student_loan),
    ]
    return _templates.get_template("p60.html").render(
        **common,
        title="P60: end of year certificate",
        final_tax_code=figures.final_tax_code,
        ni_category="A",
        rows=[(label, format_money(amount)) for label, amount in rows],
        note="Keep your P60: you may need it to claim tax back, apply for tax credits or a "
        "mortgage, or check you've paid the right tax.",
    )
