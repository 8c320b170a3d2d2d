"""Signed links open one employee's tax document in a browser, briefly, and nothing else."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx

from api.core.config import ApiSettings
from api.core.signed_links import sign_tax_document, verify_tax_document
from tests.api.conftest import sign_in
from tests.conftest import make_test_settings

PRIYA, TOM = "100001", "100002"


async def _p60_link(client: httpx.AsyncClient, staff_number: str) -> str:
    headers = await sign_in(client, staff_number)
    documents = (await client.get("/v1/me/tax-documents", headers=headers)).json()
    return next(d["link"] for d in documents if d["kind"] == "P60")


async def test_a_signed_link_opens_the_document_without_a_token(client: httpx.AsyncClient) -> None:
    link = await _p60_link(client, PRIYA)

    response = await client.get(link)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Priya Shah" in response.text
    assert response.headers["cache-control"] == "no-store"


async def test_an_altered_link_opens_nothing(client: httpx.AsyncClient) -> None:
    link = await _p60_link(client, PRIYA)
    someone_else = link.replace(f"staff={PRIYA}", f"staff={TOM}")
    later = link.replace("expires=", "expires=9")
    other_document = link.replace("/P60/", "/P11D/")

    for altered in (someone_else, later, other_document):
        response = await client.get(altered)
        assert response.status_code == 404, altered
        assert "expired or isn't valid" in response.text
        assert "Priya" not in response.text and "Tom" not in response.text


async def test_a_link_without_its_signature_is_refused(client: httpx.AsyncClient) -> None:
    link = await _p60_link(client, PRIYA)
    bare = link.split("&signature=")[0]

    response = await client.get(bare)

    assert response.status_code == 422


def test_a_link_expires_after_ten_minutes() -> None:
    settings: ApiSettings = make_test_settings("sqlite:///unused.db")
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    link, expires_at = sign_tax_document(
        settings, staff=PRIYA, kind="P60", tax_year="2025-26", now=now
    )
    query = parse_qs(urlsplit(link).query)
    check = {
        "staff": PRIYA,
        "kind": "P60",
        "tax_year": "2025-26",
        "expires": int(query["expires"][0]),
        "signature": query["signature"][0],
    }

    assert expires_at == now + timedelta(minutes=10)
    assert verify_tax_document(settings, **check, now=now + timedelta(minutes=9, seconds=59))
    assert not verify_tax_document(settings, **check, now=now + timedelta(minutes=10, seconds=1))


def test_a_link_signed_with_another_secret_is_refused() -> None:
    ours = make_test_settings("sqlite:///unused.db")
    theirs = ours.model_copy(update={"jwt_secret": ours.jwt_secret.__class__("x" * 40)})
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    link, _ = sign_tax_document(theirs, staff=PRIYA, kind="P60", tax_year="2025-26", now=now)
    query = parse_qs(urlsplit(link).query)

    assert not verify_tax_document(
        ours,
        staff=PRIYA,
        kind="P60",
        tax_year="2025-26",
        expires=int(query["expires"][0]),
        signature=query["signature"][0],
        now=now,
    )
