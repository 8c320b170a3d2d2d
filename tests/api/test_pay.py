"""Pay dates, payslips, year-to-date totals and comparisons, for the signed-in employee only."""

from datetime import date
from decimal import Decimal
from typing import Any

import httpx

from api.domain.pay import add_months, latest_paid_period, tax_year_of
from tests.api.conftest import sign_in
from tests.conftest import TODAY

PRIYA, TOM, AISHA, GARETH, SAM = "100001", "100002", "100003", "100004", "100005"
EVERYONE = (PRIYA, TOM, AISHA, GARETH, SAM, "100006", "100010")


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def month(period: str) -> int:
    return int(period[5:])


async def test_pay_dates_give_the_rule_and_this_month_first(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    answer = await get_json(client, "/v1/pay/dates?count=4", headers)

    assert "last working day" in answer["rule"]
    assert "20 December" in answer["rule"]
    periods = [item["period"] for item in answer["dates"]]
    today = TODAY
    assert periods[0] == f"{today.year:04d}-{today.month:02d}"
    assert periods == [add_months(periods[0], n) for n in range(4)]
    for item in answer["dates"]:
        day = date.fromisoformat(item["pay_date"])
        assert day.weekday() < 5
        assert item["period"] == f"{day.year:04d}-{day.month:02d}"
        if day.month == 12:
            assert day.day <= 20


async def test_pay_dates_refuse_a_silly_count(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    response = await client.get("/v1/pay/dates?count=0", headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "invalid_request"


async def test_everyone_has_a_year_of_payslips_that_add_up(client: httpx.AsyncClient) -> None:
    latest = latest_paid_period(TODAY)
    for staff_number in EVERYONE:
        headers = await sign_in(client, staff_number)
        me = await get_json(client, "/v1/me", headers)
        slips = await get_json(client, "/v1/me/payslips", headers)

        periods = [slip["period"] for slip in slips]
        assert periods == sorted(periods, reverse=True)
        for slip in slips:
            assert Decimal(slip["gross"]) - Decimal(slip["deductions"]) == Decimal(slip["net"])
            assert slip["pay_date"] >= me["start_date"]
        if staff_number != GARETH:  # Gareth joined this week
            assert len(slips) >= 12
            assert periods[0] == latest


async def test_a_payslip_has_lines_and_year_to_date_totals(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    slips = await get_json(client, "/v1/me/payslips", headers)
    latest = slips[0]["period"]

    slip = await get_json(client, f"/v1/me/payslips/{latest}", headers)

    earnings = sum(Decimal(line["amount"]) for line in slip["lines"] if line["kind"] == "earning")
    taken = sum(Decimal(line["amount"]) for line in slip["lines"] if line["kind"] == "deduction")
    assert Decimal(slip["gross"]) == earnings
    assert Decimal(slip["deductions"]) == taken
    assert {line["code"] for line in slip["lines"]} >= {"BASIC", "TAX", "NI", "PENSION"}
    assert "STUDENT_LOAN" in {line["code"] for line in slip["lines"]}
    assert slip["ni_category"] == "A"
    same_year = [s for s in slips if tax_year_of(s["period"]) == tax_year_of(latest)]
    assert Decimal(slip["year_to_date"]["gross"]) == sum(Decimal(s["gross"]) for s in same_year)
    assert all(len(value.split(".")[1]) == 2 for value in slip["year_to_date"].values())


async def test_an_unknown_or_malformed_month_is_not_found(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)

    for period in ("1999-01", "october", "2026-13"):
        response = await client.get(f"/v1/me/payslips/{period}", headers=headers)

        assert response.status_code == 404
        assert response.json()["detail"] == {
            "code": "not_found",
            "message": "We couldn't find a payslip for that month.",
        }


async def test_the_pay_award_and_its_arrears_are_explained(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    slips = await get_json(client, "/v1/me/payslips", headers)
    # The award took effect in the most recent August followed by two paydays, so its
    # September is the newest one before the latest payslip.
    september = next(s["period"] for s in slips[1:] if month(s["period"]) == 9)
    august = add_months(september, -1)

    answer = await get_json(
        client, f"/v1/me/payslips/compare?from={august}&to={september}", headers
    )

    changes = {change["code"]: change for change in answer["changes"]}
    assert changes["BASIC"]["change"] == "150.00"
    assert changes["ARREARS"] == {
        "code": "ARREARS",
        "label": "Pay award arrears",
        "from_amount": "0.00",
        "to_amount": "150.00",
        "change": "150.00",
    }
    assert answer["explanation"][0] == (
        "Your pay award of 5% started in August: basic pay went up by £150.00."
    )
    assert any("backdated pay award" in sentence for sentence in answer["explanation"])
    assert answer["explanation"][-1].startswith("Overall your take-home pay went up by £")
    assert Decimal(answer["net_change"]) == sum(
        Decimal(c["change"]) * (1 if c["code"] in ("BASIC", "ARREARS") else -1)
        for c in answer["changes"]
    )
    assert answer["tax_code_change"] is None


async def test_priyas_tax_code_changed_between_her_last_two_payslips(
    client: httpx.AsyncClient,
) -> None:
    headers = await sign_in(client, PRIYA)
    slips = await get_json(client, "/v1/me/payslips", headers)
    latest, before = slips[0]["period"], slips[1]["period"]

    answer = await get_json(client, f"/v1/me/payslips/compare?from={before}&to={latest}", headers)

    assert [s["tax_code"] for s in slips[:2]] == ["1185L", "1257L"]
    assert {s["tax_code"] for s in slips[1:]} == {"1257L"}
    assert answer["tax_code_change"] == {"from": "1257L", "to": "1185L"}
    assert any(
        sentence.startswith("Your tax code changed from 1257L to 1185L")
        for sentence in answer["explanation"]
    )
    assert (answer["from"], answer["to"]) == (before, latest)


async def test_compare_defaults_to_the_latest_two(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, TOM)
    slips = await get_json(client, "/v1/me/payslips", headers)

    answer = await get_json(client, "/v1/me/payslips/compare", headers)

    assert (answer["from"], answer["to"]) == (slips[1]["period"], slips[0]["period"])
    assert Decimal(answer["net_change"]) == Decimal(slips[0]["net"]) - Decimal(slips[1]["net"])
    assert answer["explanation"]


async def test_compare_refusals(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, PRIYA)
    slips = await get_json(client, "/v1/me/payslips", headers)
    newest, older = slips[0]["period"], slips[1]["period"]

    backwards = await client.get(
        f"/v1/me/payslips/compare?from={newest}&to={older}", headers=headers
    )
    malformed = await client.get("/v1/me/payslips/compare?from=last-month", headers=headers)
    missing = await client.get(f"/v1/me/payslips/compare?from=1999-01&to={newest}", headers=headers)

    assert backwards.status_code == 422
    assert malformed.status_code == 422
    assert malformed.json()["detail"]["code"] == "invalid_request"
    assert missing.status_code == 404


async def test_each_person_sees_only_their_own_payslips(client: httpx.AsyncClient) -> None:
    priya = await get_json(client, "/v1/me/payslips", await sign_in(client, PRIYA))
    tom = await get_json(client, "/v1/me/payslips", await sign_in(client, TOM))

    assert priya[0]["period"] == tom[0]["period"]
    assert priya[0]["gross"] != tom[0]["gross"]
    assert (await client.get("/v1/me/payslips")).status_code == 401


async def test_one_off_lines_for_sam_and_aisha(client: httpx.AsyncClient) -> None:
    for staff_number, code in ((SAM, "OVERTIME"), (AISHA, "UNPAID_LEAVE")):
        headers = await sign_in(client, staff_number)
        slips = await get_json(client, "/v1/me/payslips", headers)
        found = []
        for summary in slips[:12]:
            slip = await get_json(client, f"/v1/me/payslips/{summary['period']}", headers)
            found += [line for line in slip["lines"] if line["code"] == code]

        assert len(found) == 1
