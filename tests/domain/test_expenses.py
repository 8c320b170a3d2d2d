"""The expenses policy: limits, receipts and dates."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.errors import RuleBroken
from api.domain.expenses import check_claim, months_before, receipt_required, reference

TODAY = date(2026, 11, 25)
D = Decimal


def code_of(*args: object) -> str:
    with pytest.raises(RuleBroken) as caught:
        check_claim(*args)  # type: ignore[arg-type]
    return caught.value.code


@pytest.mark.parametrize(
    ("claim_type", "amount", "code"),
    [
        ("subsistence", "25.01", "over_limit"),
        ("accommodation", "150.01", "over_limit"),
        ("other", "250.01", "over_limit"),
    ],
)
def test_limits(claim_type, amount, code):
    assert code_of(claim_type, TODAY, D(amount), True, TODAY) == code


def test_limits_are_inclusive_and_travel_has_none():
    check_claim("subsistence", TODAY, D("25.00"), True, TODAY)
    check_claim("accommodation", TODAY, D("150.00"), True, TODAY)
    check_claim("other", TODAY, D("250.00"), True, TODAY)
    check_claim("travel", TODAY, D("1250.00"), True, TODAY)


def test_a_receipt_is_needed_over_ten_pounds():
    check_claim("subsistence", TODAY, D("10.00"), False, TODAY)
    assert code_of("subsistence", TODAY, D("10.01"), False, TODAY) == "receipt_required"
    assert receipt_required(D("10.01"))
    assert not receipt_required(D("10.00"))


def test_dates():
    assert code_of("travel", date(2026, 11, 26), D(5), True, TODAY) == "date_in_future"
    assert code_of("travel", date(2026, 8, 24), D(5), True, TODAY) == "too_old"
    check_claim("travel", date(2026, 8, 25), D(5), True, TODAY)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)


def test_the_over_limit_message_gives_both_amounts():
    with pytest.raises(RuleBroken) as caught:
        check_claim("subsistence", TODAY, D("31.50"), True, TODAY)

    assert caught.value.message == (
        "The most you can claim is £25.00 a day for subsistence; you asked for £31.50."
    )


def test_references():
    assert reference(23) == "EXP-10023"


@given(amount=st.decimals(min_value=D("0.01"), max_value=D("25"), places=2))
def test_any_subsistence_claim_within_the_rules_is_accepted(amount):
    check_claim("subsistence", TODAY, amount, True, TODAY)
