"""Balance, quotes, bookings, refusals, idempotency, concurrency and cancelling."""

import asyncio
import math
import threading
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.domain.leave import completed_years, leave_year_end, leave_year_start, pro_rata
from tests.api.conftest import next_monday, sign_in, working_day_from
from tests.conftest import TODAY

PRIYA, TOM, AISHA, GARETH = "100001", "100002", "100003", "100004"


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_balances_add_up_for_everyone(client: httpx.AsyncClient) -> None:
    for staff_number in (PRIYA, TOM, AISHA, GARETH, "100005", "100006", "100010"):
        headers = await sign_in(client, staff_number)

        b = await get_json(client, "/v1/me/leave/balance", headers)

        assert b["remaining"] == (
            b["entitlement"] + b["carried_over"] - b["taken"] - b["booked"] - b["pending"]
        )
        assert b["leave_year_start"] == leave_year_start(TODAY).isoformat()
        assert b["remaining"] > 0


async def test_aishas_entitlement_is_pro_rata(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, AISHA)
    me = await get_json(client, "/v1/me", headers)
    year = leave_year_start(TODAY)

    b = await get_json(client, "/v1/me/leave/balance", headers)

    full_time = min(25 + completed_years(date.fromisoformat(me["start_date"]), year), 30)
    assert b["entitlement"] == pro_rata(full_time, 3)
    assert b["entitlement"] < full_time
    assert b["entitlement"] * 2 == int(b["entitlement"] * 2)


async def test_garets_balance_is_a_new_joiners(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)
    me = await get_json(client, "/v1/me", headers)
    started = date.fromisoformat(me["start_date"])
    [waiting] = await get_json(client, "/v1/me/leave/requests?status=pending", headers)

    this_year = await get_json(client, "/v1/me/leave/balance", headers)
    its_year = await get_json(client, f"/v1/me/leave/balance?on={waiting['start_date']}", headers)

    for b in (this_year, its_year):
        year_start = date.fromisoformat(b["leave_year_start"])
        year_end = date.fromisoformat(b["leave_year_end"])
        first_day = max(started, year_start)
        share = ((year_end - first_day).days + 1) / ((year_end - year_start).days + 1)
        # The leave year someone joins in is pro rata to the part of it left; later ones whole.
        assert b["entitlement"] == math.ceil(25 * share * 2) / 2
        assert (b["carried_over"], b["taken"], b["booked"]) == (0, 0, 0)
    assert started == TODAY - timedelta(days=TODAY.weekday())  # joined this week, on Monday
    assert its_year["pending"] == waiting["days"] > 0


async def test_next_years_balance_has_no_carry_over_and_only_what_is_booked_in_it(
    client: httpx.AsyncClient,
) -> None:
    headers = await sign_in(client, PRIYA)
    next_year = leave_year_start(TODAY).replace(year=leave_year_start(TODAY).year + 1)
    mine = await get_json(client, "/v1/me/leave/requests", headers)
    # Late in a leave year, leave booked 8 to 11 weeks ahead is already in the next one.
    in_it = [r for r in mine if leave_year_start(date.fromisoformat(r["start_date"])) == next_year]

    b = await get_json(client, f"/v1/me/leave/balance?on={next_year.isoformat()}", headers)

    assert b["leave_year_start"] == next_year.isoformat()
    assert (b["carried_over"], b["taken"]) == (0, 0)
    assert b["booked"] == sum(r["days"] for r in in_it if r["status"] == "approved")
    assert b["pending"] == sum(r["days"] for r in in_it if r["status"] == "pending")
    assert b["remaining"] == b["entitlement"] - b["booked"] - b["pending"]


async def test_a_quote_counts_working_days_and_writes_nothing(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, AISHA)
    monday = next_monday(TODAY, weeks=2)
    before = await get_json(client, "/v1/me/leave/requests", headers)
    balance = await get_json(client, f"/v1/me/leave/balance?on={monday}", headers)

    response = await client.post(
        "/v1/me/leave/quote",
        headers=headers,
        json={
            "start_date": monday.isoformat(),
            "end_date": (monday + timedelta(days=4)).isoformat(),
        },
    )

    assert response.status_code == 200, response.text
    quote = response.json()
    assert 1 <= quote["days"] <= 3  # Aisha works Monday to Wednesday
    assert quote["balance_before"] == balance["remaining"]
    assert quote["balance_after"] == balance["remaining"] - quote["days"]
    assert quote["approver"] == {"staff_number": TOM, "name": "Tom Evans"}
    assert await get_json(client, "/v1/me/leave/requests", headers) == before


async def test_a_quote_by_working_days_finds_the_end_date(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, AISHA)
    start = working_day_from("scotland", [0, 1, 2], next_monday(TODAY, weeks=2))

    response = await client.post(
        "/v1/me/leave/quote",
        headers=headers,
        json={"start_date": start.isoformat(), "working_days": 4},
    )

    assert response.status_code == 200, response.text
    quote = response.json()
    assert quote["days"] == 4
    end = date.fromisoformat(quote["end_date"])
    assert end.weekday() in (0, 1, 2)
    assert end >= start + timedelta(days=7)


async def test_booking_leave(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    start = working_day_from("england", [0, 1, 2, 3, 4], next_monday(TODAY, weeks=2))
    before = await get_json(client, f"/v1/me/leave/balance?on={start}", headers)

    response = await client.post(
        "/v1/me/leave/requests",
        headers=headers | key(),
        json={"start_date": start.isoformat(), "end_date": start.isoformat(), "note": "Dentist"},
    )

    assert response.status_code == 201, response.text
    request = response.json()
    assert request["status"] == "pending"
    assert request["reference"] == f"LR-{request['id']:06d}"
    assert (request["staff_number"], request["employee_name"]) == (PRIYA, "Priya Shah")
    assert (request["days"], request["portion"], request["leave_type"]) == (1, "full", "annual")
    assert request["note"] == "Dentist"
    assert request["decided_by"] is None
    after = await get_json(client, f"/v1/me/leave/balance?on={start}", headers)
    assert after["pending"] == before["pending"] + 1
    assert after["remaining"] == before["remaining"] - 1
    tom = await sign_in(client, TOM)
    waiting = await get_json(client, "/v1/me/notifications", tom)
    assert [n["kind"] for n in waiting] == ["approval_needed"]
    assert "Priya Shah asked for annual leave" in waiting[0]["text"]


async def test_a_half_day(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    day = working_day_from("england", [0, 1, 2, 3, 4], next_monday(TODAY, weeks=3))

    response = await client.post(
        "/v1/me/leave/requests",
        headers=headers | key(),
        json={"start_date": day.isoformat(), "end_date": day.isoformat(), "portion": "pm"},
    )

    assert response.status_code == 201, response.text
    assert response.json()["days"] == 0.5


def span(start: date, end: date, **extra: str) -> dict[str, str]:
    return {"start_date": str(start), "end_date": str(end), **extra}


def _refusals(today: date) -> list[tuple[str, dict[str, str]]]:
    monday = next_monday(today, weeks=2)
    saturday = monday + timedelta(days=5)
    year_end = leave_year_end(today)
    next_year = year_end.year
    last_day = date(next_year + 1, 3, 31)  # the last day one can book
    return [
        ("date_in_past", span(today - timedelta(days=1), today)),
        ("end_before_start", span(monday + timedelta(days=2), monday)),
        ("half_day_range", span(monday, monday + timedelta(days=1), portion="am")),
        ("no_working_days", span(saturday, saturday + timedelta(days=1))),
        (
            "spans_leave_years",
            span(max(today, year_end - timedelta(days=2)), year_end + timedelta(days=3)),
        ),
        ("too_far_ahead", span(last_day + timedelta(days=3), last_day + timedelta(days=3))),
        ("insufficient_balance", span(_clear_of_seeded_leave(today), last_day)),
        ("invalid_request", span(monday, monday, leave_type="holiday")),
        ("invalid_request", {"start_date": "next tuesday", "end_date": str(monday)}),
    ]


def _clear_of_seeded_leave(today: date) -> date:
    """The first day of next leave year that comes after the seed's future leave (which sits 8
    to 11 weeks ahead): from there to its end is far more than anyone's balance."""
    return max(leave_year_end(today) + timedelta(days=1), today + timedelta(weeks=12))


@pytest.mark.parametrize("case", range(len(_refusals(TODAY))))
@pytest.mark.parametrize("path", ["/v1/me/leave/requests", "/v1/me/leave/quote"])
async def test_refusals_explain_and_change_nothing(
    client: httpx.AsyncClient, case: int, path: str
) -> None:
    code, body = _refusals(TODAY)[case]
    headers = await sign_in(client, PRIYA)
    before = await get_json(client, "/v1/me/leave/requests", headers)

    response = await client.post(path, headers=headers | key(), json=body)

    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail["code"] == code
    assert detail["message"].endswith(".")
    assert await get_json(client, "/v1/me/leave/requests", headers) == before


async def test_the_insufficient_balance_message_gives_both_numbers(
    client: httpx.AsyncClient,
) -> None:
    headers = await sign_in(client, PRIYA)
    start = _clear_of_seeded_leave(TODAY)
    end = date(leave_year_end(TODAY).year + 1, 3, 31)  # the end of next leave year
    balance = await get_json(client, f"/v1/me/leave/balance?on={start}", headers)

    quote = await client.post(
        "/v1/me/leave/quote", headers=headers, json={"start_date": str(start), "end_date": str(end)}
    )

    message = quote.json()["detail"]["message"]
    assert message.startswith("You've asked for ")
    assert message.endswith(f"but have {balance['remaining']:g} days left in next leave year.")


async def test_an_overlap_names_the_existing_request(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    monday = working_day_from("england", [0, 1, 2, 3, 4], next_monday(TODAY, weeks=2))
    first = {"start_date": str(monday), "end_date": str(monday + timedelta(days=2))}
    booked = await client.post("/v1/me/leave/requests", headers=headers | key(), json=first)
    assert booked.status_code == 201

    second = {
        "start_date": str(monday + timedelta(days=2)),
        "end_date": str(monday + timedelta(days=3)),
    }
    response = await client.post("/v1/me/leave/requests", headers=headers | key(), json=second)

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "overlaps_existing"
    assert "(pending approval, " in response.json()["detail"]["message"]
    assert f"{monday.day} {monday:%B}" in response.json()["detail"]["message"]


async def test_a_missing_idempotency_key_is_an_invalid_request(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    monday = next_monday(TODAY, weeks=2)

    response = await client.post(
        "/v1/me/leave/requests",
        headers=headers,
        json={"start_date": str(monday), "end_date": str(monday)},
    )

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "invalid_request"
    assert "idempotency-key" in response.json()["detail"]["message"].lower()


async def test_idempotent_replay_and_key_reuse(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA) | key()
    day = working_day_from("england", [0, 1, 2, 3, 4], next_monday(TODAY, weeks=2))
    body = {"start_date": str(day), "end_date": str(day)}

    first = await client.post("/v1/me/leave/requests", headers=headers, json=body)
    again = await client.post("/v1/me/leave/requests", headers=headers, json=body)
    other = await client.post(
        "/v1/me/leave/requests", headers=headers, json=body | {"note": "something else"}
    )

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert other.status_code == 409
    assert other.json()["detail"]["code"] == "idempotency_key_reused"
    mine = await get_json(client, "/v1/me/leave/requests?status=pending", headers)
    assert [r["id"] for r in mine].count(first.json()["id"]) == 1
    assert len([r for r in mine if r["start_date"] == str(day)]) == 1


async def test_the_same_key_from_another_person_is_a_separate_request(
    client: httpx.AsyncClient,
) -> None:
    shared = key()
    day = working_day_from("england", [0, 1, 2, 3, 4], next_monday(TODAY, weeks=2))
    body = {"start_date": str(day), "end_date": str(day)}

    priya = await client.post(
        "/v1/me/leave/requests", headers=await sign_in(client, PRIYA) | shared, json=body
    )
    sam = await client.post(
        "/v1/me/leave/requests", headers=await sign_in(client, "100005") | shared, json=body
    )

    assert (priya.status_code, sam.status_code) == (201, 201)
    assert priya.json()["id"] != sam.json()["id"]


async def test_two_concurrent_bookings_never_overdraw(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = await sign_in(client, PRIYA)
    year = leave_year_start(TODAY).year + 1
    before = await get_json(client, f"/v1/me/leave/balance?on={year}-04-01", headers)
    remaining = before["remaining"]
    size = int(remaining // 2) + 1  # either fits, both don't
    first_start = working_day_from("england", [0, 1, 2, 3, 4], date(year, 9, 1))
    quote = await client.post(
        "/v1/me/leave/quote",
        headers=headers,
        json={"start_date": str(first_start), "working_days": size},
    )
    first_end = date.fromisoformat(quote.json()["end_date"])
    second_start = working_day_from("england", [0, 1, 2, 3, 4], first_end + timedelta(days=7))
    quote = await client.post(
        "/v1/me/leave/quote",
        headers=headers,
        json={"start_date": str(second_start), "working_days": size},
    )
    second_end = date.fromisoformat(quote.json()["end_date"])
    bodies = [
        {"start_date": str(first_start), "end_date": str(first_end)},
        {"start_date": str(second_start), "end_date": str(second_end)},
    ]
    barrier = threading.Barrier(2)
    results: list[httpx.Response] = []

    def book(body: dict[str, str]) -> None:
        async def post() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as c:
                barrier.wait()
                return await c.post("/v1/me/leave/requests", headers=headers | key(), json=body)

        results.append(asyncio.run(post()))

    threads = [threading.Thread(target=book, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in results) == [201, 422]
    refused = next(r for r in results if r.status_code == 422)
    assert refused.json()["detail"]["code"] == "insufficient_balance"
    after = await get_json(client, f"/v1/me/leave/balance?on={year}-04-01", headers)
    assert after["pending"] == before["pending"] + size
    assert after["remaining"] >= 0
