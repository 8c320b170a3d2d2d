"""Cancelling, listing, approvals, decisions, notifications and bank holidays."""

import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from api.domain.calendar import format_date, next_bank_holidays
from api.domain.leave import leave_year_end
from tests.api.conftest import next_monday, sign_in, working_day_from
from tests.conftest import TODAY

PRIYA, TOM, AISHA, GARETH, HELEN = "100001", "100002", "100003", "100004", "100010"


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def book_one_day(client: httpx.AsyncClient, headers: dict[str, str], weeks: int = 2) -> Any:
    day = working_day_from("england", [0, 1, 2, 3, 4], next_monday(TODAY, weeks=weeks))
    response = await client.post(
        "/v1/me/leave/requests",
        headers=headers | {"Idempotency-Key": uuid.uuid4().hex},
        json={"start_date": str(day), "end_date": str(day)},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_listing_requests_newest_start_first_and_filtered(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, TOM)

    everything = await get_json(client, "/v1/me/leave/requests", headers)
    pending = await get_json(client, "/v1/me/leave/requests?status=pending", headers)
    upcoming = await get_json(client, "/v1/me/leave/requests?upcoming=true", headers)

    starts = [r["start_date"] for r in everything]
    assert starts == sorted(starts, reverse=True)
    assert {r["status"] for r in everything} == {"approved", "pending"}
    assert pending and all(r["status"] == "pending" for r in pending)
    assert upcoming and all(r["end_date"] >= str(TODAY) for r in upcoming)
    assert len(upcoming) < len(everything)  # Tom has leave already taken this year
    assert all(r["staff_number"] == TOM for r in everything)


async def test_cancelling_a_pending_request_is_idempotent(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    before = await get_json(client, "/v1/me/leave/balance", headers)
    request = await book_one_day(client, headers)
    url = f"/v1/me/leave/requests/{request['id']}/cancel"

    assert request["cancellable"] is True
    first = await client.post(url, headers=headers)
    again = await client.post(url, headers=headers)

    assert first.status_code == 200
    assert first.json()["status"] == "cancelled"
    assert first.json()["cancellable"] is False
    assert again.status_code == 200
    assert again.json() == first.json()
    assert await get_json(client, "/v1/me/leave/balance", headers) == before


async def test_cancelling_approved_future_leave(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    mine = await get_json(client, "/v1/me/leave/requests?status=approved&upcoming=true", headers)
    future = next(r for r in mine if r["start_date"] > str(TODAY))
    assert future["cancellable"] is True

    response = await client.post(f"/v1/me/leave/requests/{future['id']}/cancel", headers=headers)

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


async def test_leave_already_taken_cannot_be_cancelled(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    today = TODAY
    mine = await get_json(client, "/v1/me/leave/requests?status=approved", headers)
    started = [r["id"] for r in mine if r["start_date"] < str(today)]
    if not started:  # early in the leave year nothing is taken yet: book from today, approve
        end = min(today + timedelta(days=6), leave_year_end(today))
        booked = await client.post(
            "/v1/me/leave/requests",
            headers=headers | {"Idempotency-Key": uuid.uuid4().hex},
            json={"start_date": str(today), "end_date": str(end)},
        )
        assert booked.status_code == 201, booked.text
        started = [booked.json()["id"]]
        await client.post(
            f"/v1/leave/requests/{started[0]}/decision",
            headers=await sign_in(client, TOM),
            json={"decision": "approve"},
        )

    listed = await get_json(client, "/v1/me/leave/requests", headers)
    assert next(r for r in listed if r["id"] == started[0])["cancellable"] is False
    response = await client.post(f"/v1/me/leave/requests/{started[0]}/cancel", headers=headers)

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "not_cancellable"


async def test_a_rejected_request_cannot_be_cancelled(client: httpx.AsyncClient) -> None:
    priya, tom = await sign_in(client, PRIYA), await sign_in(client, TOM)
    request = await book_one_day(client, priya)
    decided = await client.post(
        f"/v1/leave/requests/{request['id']}/decision", headers=tom, json={"decision": "reject"}
    )
    assert decided.status_code == 200

    response = await client.post(f"/v1/me/leave/requests/{request['id']}/cancel", headers=priya)

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "not_cancellable"


async def test_nobody_can_cancel_someone_elses_request(client: httpx.AsyncClient) -> None:
    request = await book_one_day(client, await sign_in(client, PRIYA))

    for other in (TOM, AISHA):
        response = await client.post(
            f"/v1/me/leave/requests/{request['id']}/cancel", headers=await sign_in(client, other)
        )
        assert response.status_code == 404
        assert response.json()["detail"]["code"] == "not_found"


async def test_approvals_list_the_direct_reports_pending_requests(
    client: httpx.AsyncClient,
) -> None:
    tom, helen, priya = [await sign_in(client, n) for n in (TOM, HELEN, PRIYA)]

    toms = await get_json(client, "/v1/me/approvals", tom)
    helens = await get_json(client, "/v1/me/approvals", helen)
    priyas = await get_json(client, "/v1/me/approvals", priya)

    assert sorted(r["staff_number"] for r in toms) == [AISHA, GARETH]
    assert [r["created_at"] for r in toms] == sorted(r["created_at"] for r in toms)
    assert all(r["status"] == "pending" for r in toms)
    assert [r["staff_number"] for r in helens] == [TOM]
    assert priyas == []


async def test_a_decision_by_the_line_manager_notifies_the_requester(
    client: httpx.AsyncClient,
) -> None:
    tom, priya = await sign_in(client, TOM), await sign_in(client, PRIYA)
    request = await book_one_day(client, priya)
    url = f"/v1/leave/requests/{request['id']}/decision"

    approved = await client.post(url, headers=tom, json={"decision": "approve"})
    again = await client.post(url, headers=tom, json={"decision": "approve"})
    changed = await client.post(url, headers=tom, json={"decision": "reject"})

    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_by"] == {"staff_number": TOM, "name": "Tom Evans"}
    assert approved.json()["decided_at"] is not None
    assert again.status_code == 200
    assert again.json()["decided_at"] == approved.json()["decided_at"]
    assert changed.status_code == 409
    assert changed.json()["detail"]["code"] == "already_decided"
    day = format_date(date.fromisoformat(request["start_date"]))
    notes = await get_json(client, "/v1/me/notifications", priya)
    assert [(n["kind"], n["text"]) for n in notes] == [
        ("leave_approved", f"Tom Evans approved your annual leave from {day} to {day} (1 day).")
    ]
    assert request["id"] not in [r["id"] for r in await get_json(client, "/v1/me/approvals", tom)]


async def test_only_the_line_manager_can_decide(client: httpx.AsyncClient) -> None:
    request = await book_one_day(client, await sign_in(client, PRIYA))
    url = f"/v1/leave/requests/{request['id']}/decision"
    missing = "/v1/leave/requests/999999/decision"

    for other in (HELEN, AISHA, PRIYA):
        headers = await sign_in(client, other)
        response = await client.post(url, headers=headers, json={"decision": "approve"})
        nowhere = await client.post(missing, headers=headers, json={"decision": "approve"})
        assert response.status_code == 404
        assert response.json() == nowhere.json()  # never reveal that it exists

    mine = await get_json(client, "/v1/me/leave/requests", await sign_in(client, PRIYA))
    assert next(r for r in mine if r["id"] == request["id"])["status"] == "pending"


async def test_a_cancelled_request_cannot_be_decided(client: httpx.AsyncClient) -> None:
    priya = await sign_in(client, PRIYA)
    request = await book_one_day(client, priya)
    await client.post(f"/v1/me/leave/requests/{request['id']}/cancel", headers=priya)

    response = await client.post(
        f"/v1/leave/requests/{request['id']}/decision",
        headers=await sign_in(client, TOM),
        json={"decision": "approve"},
    )

    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "already_decided"


async def test_a_rejection_note_reaches_the_requester(client: httpx.AsyncClient) -> None:
    tom, aisha = await sign_in(client, TOM), await sign_in(client, AISHA)
    pending = (await get_json(client, "/v1/me/approvals", tom))[0]

    response = await client.post(
        f"/v1/leave/requests/{pending['id']}/decision",
        headers=tom,
        json={"decision": "reject", "note": "We are short-staffed that week."},
    )

    assert response.status_code == 200
    requester = aisha if pending["staff_number"] == AISHA else await sign_in(client, GARETH)
    notes = await get_json(client, "/v1/me/notifications", requester)
    assert notes[-1]["kind"] == "leave_rejected"
    assert notes[-1]["text"].startswith("Tom Evans rejected your annual leave from ")
    assert notes[-1]["text"].endswith('Their note: "We are short-staffed that week."')


async def test_acknowledging_notifications(client: httpx.AsyncClient) -> None:
    priya, tom = await sign_in(client, PRIYA), await sign_in(client, TOM)
    await book_one_day(client, priya, weeks=2)
    await book_one_day(client, priya, weeks=3)
    waiting = await get_json(client, "/v1/me/notifications", tom)
    assert len(waiting) == 2
    assert waiting[0]["id"] < waiting[1]["id"]

    first = await client.post(f"/v1/me/notifications/{waiting[0]['id']}/ack", headers=tom)
    again = await client.post(f"/v1/me/notifications/{waiting[0]['id']}/ack", headers=tom)
    not_hers = await client.post(f"/v1/me/notifications/{waiting[1]['id']}/ack", headers=priya)

    assert (first.status_code, again.status_code) == (204, 204)
    assert not_hers.status_code == 404
    assert [n["id"] for n in await get_json(client, "/v1/me/notifications", tom)] == [
        waiting[1]["id"]
    ]


async def test_bank_holidays_where_each_person_works(client: httpx.AsyncClient) -> None:
    expected_regions = {
        PRIYA: "england",
        TOM: "wales",
        AISHA: "scotland",
        "100006": "northern_ireland",
    }
    for staff_number, region in expected_regions.items():
        headers = await sign_in(client, staff_number)

        answer = await get_json(client, "/v1/me/bank-holidays?count=12", headers)

        assert answer["region"] == region
        assert [(h["date"], h["name"]) for h in answer["holidays"]] == [
            (str(day), name) for day, name in next_bank_holidays(region, TODAY, 12)
        ]
        assert len(answer["holidays"]) == 12
        assert answer["holidays"][0]["date"] >= str(TODAY)
    scottish = await get_json(client, "/v1/me/bank-holidays?count=20", await sign_in(client, AISHA))
    english = await get_json(client, "/v1/me/bank-holidays?count=20", await sign_in(client, PRIYA))
    assert any("Andrew" in h["name"] for h in scottish["holidays"])
    assert not any("Andrew" in h["name"] for h in english["holidays"])


async def test_the_default_is_five_bank_holidays_and_count_is_checked(
    client: httpx.AsyncClient,
) -> None:
    headers = await sign_in(client, PRIYA)

    default = await get_json(client, "/v1/me/bank-holidays", headers)
    too_many = await client.get("/v1/me/bank-holidays?count=0", headers=headers)

    assert len(default["holidays"]) == 5
    assert too_many.status_code == 422
    assert too_many.json()["detail"]["code"] == "invalid_request"
    assert "count" in too_many.json()["detail"]["message"]


async def test_seeded_future_leave_sits_eight_to_eleven_weeks_ahead(
    client: httpx.AsyncClient,
) -> None:
    today = TODAY
    for staff_number in (PRIYA, TOM, AISHA, GARETH, "100005", "100006", HELEN):
        mine = await get_json(client, "/v1/me/leave/requests", await sign_in(client, staff_number))
        for request in mine:
            start = date.fromisoformat(request["start_date"])
            end = date.fromisoformat(request["end_date"])
            assert leave_year_end(start) == leave_year_end(end)
            if start >= today:
                assert today + timedelta(weeks=8) <= start <= today + timedelta(weeks=11)
            else:
                assert request["status"] == "approved"
                assert end < today
