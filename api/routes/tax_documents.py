"""The signed-in employee's P60s and P11Ds."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.deps import CurrentEmployee, SessionDep, TodayDep
from api.schemas import ErrorBody
from api.schemas.pay import TaxDocumentOut
from api.services import tax_documents

router = APIRouter(
    prefix="/v1/me/tax-documents", tags=["pay"], responses={401: {"model": ErrorBody}}
)


@router.get("")
def list_documents(
    employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> list[TaxDocumentOut]:
    """Your P60 for each complete tax year you were paid in, and a P11D if you had a taxable
    benefit; newest first."""
    return [
        TaxDocumentOut(
            kind=kind,
            tax_year=year,
            available=True,
            url=f"/v1/me/tax-documents/{kind}/{year}",
        )
        for kind, year in tax_documents.documents(session, employee, today)
    ]


@router.get(
    "/{kind}/{tax_year}",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, 404: {"model": ErrorBody}},
)
def document(
    kind: str, tax_year: str, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> HTMLResponse:
    """The document, generated from your payslips as a printable web page. Only yours: anything
    else is 404."""
    html = tax_documents.render(session, employee, kind.upper(), tax_year, today)
    return HTMLResponse(html)
