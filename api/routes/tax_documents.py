"""The signed-in employee's P60s and P11Ds, and the signed links that open them in a browser."""

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import CurrentEmployee, SessionDep, SettingsDep, TodayDep
from api.presenters.pay import tax_document_out
from api.schemas.common import ErrorBody
from api.schemas.pay import TaxDocumentOut
from api.services import tax_documents

router = APIRouter(tags=["pay"])

LINK_NOT_VALID = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
    "<title>This link has expired - Ask Shared Services</title></head><body><main>"
    "<h1>This link has expired or isn't valid</h1>"
    "<p>Links to tax documents work for 10 minutes. Ask the assistant for the document again "
    "to get a new link.</p></main></body></html>"
)


@router.get("/v1/me/tax-documents", responses={401: {"model": ErrorBody}})
def list_documents(
    employee: CurrentEmployee, session: SessionDep, today: TodayDep, settings: SettingsDep
) -> list[TaxDocumentOut]:
    """Your P60 for each complete tax year you were paid in, and a P11D if you had a taxable
    benefit; newest first. Each comes with a short-lived signed `link` for a browser."""
    found = tax_documents.listed(session, settings, employee, today)
    return [tax_document_out(document) for document in found]


@router.get(
    "/v1/me/tax-documents/{kind}/{tax_year}",
    response_class=HTMLResponse,
    responses={
        200: {"content": {"text/html": {}}},
        401: {"model": ErrorBody},
        404: {"model": ErrorBody},
    },
)
def document(
    kind: str, tax_year: str, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> HTMLResponse:
    """The document, generated from your payslips as a printable web page. Only yours: anything
    else is 404."""
    html = tax_documents.render(session, employee, kind.upper(), tax_year, today)
    return HTMLResponse(html)


@router.get(
    "/v1/documents/tax/{kind}/{tax_year}",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, 404: {"content": {"text/html": {}}}},
)
def signed_document(
    kind: str,
    tax_year: str,
    session: SessionDep,
    today: TodayDep,
    settings: SettingsDep,
    staff: str = Query(max_length=32),
    expires: int = Query(),
    signature: str = Query(max_length=128),
) -> HTMLResponse:
    """A tax document opened from a signed link (no token): the link's signature and expiry are
    its authority. An expired, altered or foreign link is 404 with a page saying what to do."""
    html = tax_documents.render_from_link(
        session,
        settings,
        today,
        staff=staff,
        kind=kind,
        tax_year=tax_year,
        expires=expires,
        signature=signature,
    )
    if html is None:
        return HTMLResponse(LINK_NOT_VALID, status_code=404)
    return HTMLResponse(
        html, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    )
