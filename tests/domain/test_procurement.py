"""Approval within delegated limits, decisions, and the 30-day invoice target."""

from datetime import date
from decimal import Decimal

import pytest

from api.domain.errors import Conflict
from api.domain.procurement import (
    Approver,
    approver_for,
    days_to_pay,
    decide,
    due_on,
    is_open,
    on_time,
)

FIONA, HELEN = Approver(6, Decimal(25000)), Approver(10, Decimal(100000))


def test_the_first_approver_whose_limit_covers_the_value():
    assert approver_for(Decimal(4800), [FIONA, HELEN]) == FIONA
    assert approver_for(Decimal(25000), [FIONA, HELEN]) == FIONA
    assert approver_for(Decimal("25000.01"), [FIONA, HELEN]) == HELEN
    assert approver_for(Decimal(100001), [FIONA, HELEN]) is None


@pytest.mark.parametrize(
    ("status", "decision", "expected"),
    [
        ("awaiting_approval", "approve", "approved"),
        ("awaiting_approval", "reject", "rejected"),
        ("approved", "approve", None),
        ("ordered", "approve", None),
        ("rejected", "reject", None),
    ],
)
def test_decisions(status, decision, expected):
    assert decide(status, decision) == expected


@pytest.mark.parametrize(("status", "decision"), [("approved", "reject"), ("rejected", "approve")])
def test_a_decision_cannot_be_changed(status, decision):
    with pytest.raises(Conflict) as caught:
        decide(status, decision)

    assert caught.value.code == "already_decided"


def test_open_orders():
    assert is_open("ordered")
    assert not is_open("rejected")
    assert not is_open("closed")


def test_invoice_payment_against_30_days():
    received = date(2026, 10, 1)

    assert due_on(received) == date(2026, 10, 31)
    assert days_to_pay(received, date(2026, 10, 22)) == 21
    assert days_to_pay(received, None) is None
    assert on_time(received, date(2026, 10, 31), date(2026, 11, 25)) is True
    assert on_time(received, date(2026, 11, 1), date(2026, 11, 25)) is False
    assert on_time(received, None, date(2026, 11, 25)) is False
    assert on_time(received, None, date(2026, 10, 20)) is None
