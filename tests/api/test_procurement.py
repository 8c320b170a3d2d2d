"""Purchase orders, approvals within delegated limits and invoices; never another person's."""

from datetime import date, timedelta
from typing import Any

import httpx

from api.seed.procurement import working_days_before
from tests.api.conftest import sign_in
from tests.conftest import TODAY

PRIYA, TOM, AISHA, SAM, FIONA, HELEN = "100001", "100002", "100003", "100005", "100006", "100010"
PO_NOT_FOUND = "I can't find a purchase order with that number that you can see."
INVOICE_NOT_FOUND = "I can't find an invoice with that number that you can see."


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_status_of_priyas_po(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    po = await get_json(client, "/v1/purchase-orders/4500012345", headers)

    assert po["status"] == "awaiting_approval"
    assert po["supplier"] == "Bright Ideas Training Ltd"
    assert po["value"] == "4800.00"
    assert po["requester"] == {"staff_number": PRIYA, "name": "Priya Shah"}
    assert po["waiting_on"] == {"staff_number": FIONA, "name": "Fiona Clark"}
    assert po["approver"] == po["waiting_on"]
    since = date.fromisoformat(po["waiting_since"][:10])
    assert since == working_days_before(TODAY, 6)
    assert [event["status"] for event in po["history"]] == ["awaiting_approval"]
    assert po["within_limit"] is False


async def test_the_big_one_waits_on_helen(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    po = await get_json(client, "/v1/purchase-orders/4500012347", headers)

    assert po["value"] == "38000.00"
    assert po["waiting_on"] == {"staff_number": HELEN, "name": "Helen Ward"}


async def test_list_my_open_pos(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    open_orders = await get_json(client, "/v1/me/purchase-orders?open=true", headers)
    toms = await get_json(client, "/v1/me/purchase-orders", await sign_in(client, TOM))

    assert {po["number"] for po in open_orders} == {"4500012345", "4500012346", "4500012347"}
    ordered = next(po for po in open_orders if po["number"] == "4500012346")
    assert ordered["status"] == "ordered"
    assert ordered["waiting_on"] is None and ordered["waiting_since"] is None
    assert [e["status"] for e in ordered["history"]] == ["awaiting_approval", "approved", "ordered"]
    assert {po["number"] for po in toms} == {"4500012340", "4500012348"}


async def test_wrong_or_unseeable_numbers_get_the_same_answer(client: httpx.AsyncClient) -> None:
    aisha = await sign_in(client, AISHA)
    priya = await sign_in(client, PRIYA)
    helen = await sign_in(client, HELEN)

    for headers, number in (
        (aisha, "4500012345"),
        (priya, "4500012348"),
        (priya, "4599999999"),
        (priya, "hello"),
        (helen, "4500012345"),
    ):
        response = await client.get(f"/v1/purchase-orders/{number}", headers=headers)

        assert response.status_code == 404, number
        assert response.json()["detail"] == {"code": "not_found", "message": PO_NOT_FOUND}


async def test_fiona_sees_her_cost_centre_and_her_queue(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, FIONA)

    queue = await get_json(client, "/v1/me/po-approvals", headers)
    big = await get_json(client, "/v1/purchase-orders/4500012347", headers)

    assert [po["number"] for po in queue] == ["4500012349", "4500012345", "4500012348"]
    assert all(po["within_limit"] for po in queue)
    assert big["within_limit"] is False
    helens = await get_json(client, "/v1/me/po-approvals", await sign_in(client, HELEN))
    assert [po["number"] for po in helens] == ["4500012347"]


async def test_fiona_approves_and_priya_is_told(client: httpx.AsyncClient) -> None:
    fiona = await sign_in(client, FIONA)
    url = "/v1/purchase-orders/4500012345/decision"

    first = await client.post(url, json={"decision": "approve"}, headers=fiona)
    again = await client.post(url, json={"decision": "approve"}, headers=fiona)
    other = await client.post(url, json={"decision": "reject"}, headers=fiona)
    queue = await get_json(client, "/v1/me/po-approvals", fiona)
    told = await get_json(client, "/v1/me/notifications", await sign_in(client, PRIYA))

    assert first.status_code == 200
    assert first.json()["status"] == "approved"
    assert first.json()["waiting_on"] is None
    assert first.json()["history"][-1]["by"] == {"staff_number": FIONA, "name": "Fiona Clark"}
    assert again.status_code == 200
    assert len(again.json()["history"]) == 2
    assert other.status_code == 409
    assert other.json()["detail"]["code"] == "already_decided"
    assert "4500012345" not in [po["number"] for po in queue]
    assert any(
        n["kind"] == "po_approved" and "Fiona Clark approved purchase order 4500012345" in n["text"]
        for n in told
    )


async def test_over_the_limit_names_who_must_approve(client: httpx.AsyncClient) -> None:
    fiona = await sign_in(client, FIONA)

    response = await client.post(
        "/v1/purchase-orders/4500012347/decision", json={"decision": "approve"}, headers=fiona
    )
    still = await get_json(client, "/v1/purchase-orders/4500012347", fiona)

    assert response.status_code == 403
    detail = response.json()["detail"]
    assert detail["code"] == "over_delegated_limit"
    assert "£38,000.00" in detail["message"]
    assert "£25,000.00" in detail["message"]
    assert "Helen Ward needs to approve it" in detail["message"]
    assert still["status"] == "awaiting_approval"


async def test_helen_rejects_with_a_note(client: httpx.AsyncClient) -> None:
    helen = await sign_in(client, HELEN)

    response = await client.post(
        "/v1/purchase-orders/4500012347/decision",
        json={"decision": "reject", "note": "Use the framework contract"},
        headers=helen,
    )

    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    mine = await get_json(client, "/v1/me/purchase-orders?open=true", await sign_in(client, PRIYA))
    assert "4500012347" not in [po["number"] for po in mine]


async def test_requesters_and_strangers_cannot_decide(client: httpx.AsyncClient) -> None:
    url = "/v1/purchase-orders/4500012345/decision"

    own = await client.post(url, json={"decision": "approve"}, headers=await sign_in(client, PRIYA))
    stranger = await client.post(
        url, json={"decision": "approve"}, headers=await sign_in(client, SAM)
    )
    silly = await client.post(url, json={"decision": "maybe"}, headers=await sign_in(client, FIONA))

    assert own.status_code == 403
    assert own.json()["detail"]["code"] == "not_the_approver"
    assert stranger.status_code == 404
    assert stranger.json()["detail"]["message"] == PO_NOT_FOUND
    assert silly.status_code == 422


async def test_invoices_against_the_30_day_target(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    today = TODAY

    paid = await get_json(client, "/v1/invoices/INV-20931", headers)
    late = await get_json(client, "/v1/invoices/inv-20932", headers)

    assert paid["status"] == "paid"
    assert paid["days_to_pay"] == 21
    assert paid["on_time"] is True
    assert paid["po_number"] == "4500012346"
    assert paid["supplier"] == "Northern Print Services Ltd"
    assert paid["amount"] == "2150.00"
    received = date.fromisoformat(late["received_on"])
    assert received == today - timedelta(days=35)
    assert late["due_on"] == (received + timedelta(days=30)).isoformat()
    assert late["status"] == "matched"
    assert (late["paid_on"], late["days_to_pay"], late["on_time"]) == (None, None, False)


async def test_invoices_follow_their_purchase_order(client: httpx.AsyncClient) -> None:
    priya = await sign_in(client, PRIYA)
    fiona = await sign_in(client, FIONA)

    hidden = await client.get("/v1/invoices/INV-20933", headers=priya)
    unknown = await client.get("/v1/invoices/INV-99999", headers=priya)
    seen = await get_json(client, "/v1/invoices/INV-20933", fiona)

    for response in (hidden, unknown):
        assert response.status_code == 404
        assert response.json()["detail"] == {"code": "not_found", "message": INVOICE_NOT_FOUND}
    assert seen["status"] == "received"
    assert seen["on_time"] is None
    assert date.fromisoformat(seen["received_on"]) <= TODAY
