"""P60 and P11D: listed and generated from the payslips, and only ever for their employee."""

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import httpx

from api.domain.pay import tax_year_of, tax_year_of_date
from tests.api.conftest import sign_in
from tests.conftest import TODAY

PRIYA, TOM, GARETH = "100001", "100002", "100004"


def last_complete_tax_year() -> str:
    start = int(tax_year_of_date(TODAY)[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


class _Cells(HTMLParser):
    """Collects the rows of the document's tables as (header, cell) text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        self._tag = ""
        self._header = ""
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""

    def handle_data(self, data: str) -> None:
        if self._tag == "th" and data.strip():
            self._header = data.strip()
        elif self._tag == "td" and data.strip():
            self.rows[self._header] = data.strip()


def cells(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_priya_has_a_p60_and_a_p11d(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    year = last_complete_tax_year()

    documents = await get_json(client, "/v1/me/tax-documents", headers)

    signed = [(d.pop("link"), d.pop("link_expires_at")) for d in documents]
    assert documents == [
        {
            "kind": "P60",
            "tax_year": year,
            "available": True,
            "url": f"/v1/me/tax-documents/P60/{year}",
        },
        {
            "kind": "P11D",
            "tax_year": year,
            "available": True,
            "url": f"/v1/me/tax-documents/P11D/{year}",
        },
    ]
    assert signed[0][0].startswith(f"/v1/documents/tax/P60/{year}?staff={PRIYA}&expires=")
    assert signed[1][0].startswith(f"/v1/documents/tax/P11D/{year}?staff={PRIYA}&expires=")


async def test_tom_has_no_p11d_and_gareth_nothing(client: httpx.AsyncClient) -> None:
    tom = await get_json(client, "/v1/me/tax-documents", await sign_in(client, TOM))
    gareth = await get_json(client, "/v1/me/tax-documents", await sign_in(client, GARETH))

    assert [item["kind"] for item in tom] == ["P60"]
    assert gareth == []


async def test_the_p60_adds_up_the_years_payslips(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    year = last_complete_tax_year()
    slips = await get_json(client, "/v1/me/payslips", headers)
    in_year = [slip for slip in slips if tax_year_of(slip["period"]) == year]
    last = await get_json(client, f"/v1/me/payslips/{in_year[0]['period']}", headers)

    response = await client.get(f"/v1/me/tax-documents/P60/{year}", headers=headers)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = cells(response.text)
    assert page.lang == "en-GB"
    assert len(in_year) == 12
    gross = sum(Decimal(slip["gross"]) for slip in in_year)
    assert page.rows["Pay before deductions"] == f"£{gross:,.2f}"
    assert page.rows["Income tax deducted"] == f"£{Decimal(last['year_to_date']['tax']):,.2f}"
    assert page.rows["Employee"] == "Priya Shah"
    assert "<caption>" in response.text
    assert "@media print" in response.text


async def test_the_p11d_lists_the_benefit(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    response = await client.get(
        f"/v1/me/tax-documents/p11d/{last_complete_tax_year()}", headers=headers
    )

    assert response.status_code == 200
    assert cells(response.text).rows["Private medical insurance"] == "£720.00"


async def test_nobody_gets_a_document_that_isnt_theirs(client: httpx.AsyncClient) -> None:
    year = last_complete_tax_year()
    tom = await sign_in(client, TOM)
    gareth = await sign_in(client, GARETH)

    for headers, url in (
        (tom, f"/v1/me/tax-documents/P11D/{year}"),
        (gareth, f"/v1/me/tax-documents/P60/{year}"),
        (tom, "/v1/me/tax-documents/P60/1999-00"),
        (tom, f"/v1/me/tax-documents/P45/{year}"),
        (tom, f"/v1/me/tax-documents/P60/{tax_year_of_date(TODAY)}"),
    ):
        response = await client.get(url, headers=headers)

        assert response.status_code == 404, url
        assert response.json()["detail"] == {
            "code": "not_found",
            "message": "We couldn't find that tax document for you.",
        }
    assert (await client.get(f"/v1/me/tax-documents/P60/{year}")).status_code == 401
