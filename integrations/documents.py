"""Signed document links served through the gateway's public address.

The assistant's P60 and P11D links are the API's signed paths on `PUBLIC_BASE_URL`, so the
person's browser never needs to reach the API itself. The gateway relays the request as it is:
the link's signature and expiry remain the API's to check.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from integrations.state import Gateway, get_gateway

router = APIRouter()

_KEPT_HEADERS = ("cache-control", "referrer-policy", "content-type")


@router.get("/v1/documents/tax/{kind}/{tax_year}", include_in_schema=False)
async def tax_document(
    kind: str, tax_year: str, request: Request, gateway: Annotated[Gateway, Depends(get_gateway)]
) -> HTMLResponse:
    """Relays a signed tax-document link to the API (any answer but a 5xx is passed on)."""
    response = await gateway.api.fetch_document(
        f"/v1/documents/tax/{kind}/{tax_year}", request.url.query
    )
    headers = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
    headers.setdefault("cache-control", "no-store")
    headers["referrer-policy"] = "no-referrer"
    return HTMLResponse(response.text, status_code=response.status_code, headers=headers)
