"""Pay dates and payslip arithmetic: worked examples and properties to the penny."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.money import format_money
from api.domain.pay import (
    PayInputs,
    add_months,
    alpha_rate,
    calculate_payslip,
    income_tax,
    latest_paid_period,
    monthly_allowance,
    national_insurance,
    pay_date,
    pay_dates,
    student_loan,
    tax_year_bounds,
    tax_year_of,
    tax_year_of_date,
)

D = Decimal
money = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False)
codes = st.one_of(st.just("BR"), st.integers(min_value=0, max_value=2000).map(lambda n: f"{n}L"))


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2026-10", date(2026, 10, 30)),  # Saturday 31st → Friday
        ("2026-08", date(2026, 8, 28)),  # Monday 31st is the summer bank holiday
        ("2026-12", date(2026, 12, 18)),  # 20 December is a Sunday
        ("2025-12", date(2025, 12, 19)),  # 20 December is a Saturday
        ("2027-12", date(2027, 12, 20)),  # a Monday
        ("2026-03", date(2026, 3, 31)),
    ],
)
def test_pay_date_is_the_last_working_day_or_by_20_december(period, expected):
    assert pay_date(period) == expected


def test_pay_dates_start_with_this_month():
    assert pay_dates(date(2026, 11, 25), 3) == [
        ("2026-11", date(2026, 11, 30)),
        ("2026-12", date(2026, 12, 18)),
        ("2027-01", date(2027, 1, 29)),
    ]


def test_the_latest_paid_period_turns_over_on_payday():
    assert latest_paid_period(date(2026, 11, 29)) == "2026-10"
    assert latest_paid_period(date(2026, 11, 30)) == "2026-11"
    assert add_months("2026-11", 3) == "2027-02"
    assert add_months("2026-01", -1) == "2025-12"


def test_tax_years():
    assert tax_year_of("2026-03") == "2025-26"
    assert tax_year_of("2026-04") == "2026-27"
    assert tax_year_of_date(date(2026, 4, 5)) == "2025-26"
    assert tax_year_of_date(date(2026, 4, 6)) == "2026-27"
    assert tax_year_bounds("2025-26") == (date(2025, 4, 6), date(2026, 4, 5))
    with pytest.raises(ValueError, match="tax year"):
        tax_year_bounds("2025-27")


def test_a_worked_payslip():
    slip = calculate_payslip(PayInputs(D(36000), student_loan=True))

    lines = {line.code: line.amount for line in slip.lines}
    assert lines == {
        "BASIC": D("3000.00"),
        "TAX": D("357.80"),  # (3000 − 163.50 − 1047.50) × 20%
        "NI": D("156.16"),  # (3000 − 1048) × 8%
        "PENSION": D("163.50"),  # 5.45%
        "STUDENT_LOAN": D("56.00"),  # 9% of 627.50, whole pounds
    }
    assert (slip.gross, slip.deductions, slip.net) == (D("3000.00"), D("733.46"), D("2266.54"))


def test_higher_rate_tax_and_the_upper_ni_rate():
    assert income_tax(D(6000), "1257L") == D("1352.67")  # 628.33 basic + 724.33 higher
    assert national_insurance(D(6000)) == D("287.50")  # 251.28 + 36.22
    assert income_tax(D(1000), "BR") == D("200.00")
    assert monthly_allowance("1185L") == D(11850) / 12
    with pytest.raises(ValueError, match="unsupported"):
        monthly_allowance("K475")


@pytest.mark.parametrize(
    ("salary", "rate"),
    [
        (32000, "0.046"),
        (32001, "0.0545"),
        (56000, "0.0545"),
        (150000, "0.0735"),
        (150001, "0.0805"),
    ],
)
def test_alpha_tiers(salary, rate):
    assert alpha_rate(D(salary)) == D(rate)


def test_student_loan_below_the_threshold_is_nothing():
    assert student_loan(D("2372.50")) == D("0.00")
    assert student_loan(D("2400")) == D("2.00")


def test_unpaid_leave_and_overtime_lines():
    slip = calculate_payslip(PayInputs(D(29000), overtime=D("100"), unpaid_leave=D("50")))

    lines = {line.code: (line.kind, line.amount) for line in slip.lines}
    assert lines["OVERTIME"] == ("earning", D("100.00"))
    assert lines["UNPAID_LEAVE"] == ("earning", D("-50.00"))
    assert slip.gross == D("2466.67")


def test_money_for_people():
    assert format_money(D("1234.5")) == "£1,234.50"
    assert format_money(D("-3")) == "-£3.00"


@given(
    salary=st.decimals(min_value=0, max_value=250000, places=2),
    code=codes,
    loan=st.booleans(),
    arrears=money,
    overtime=money,
    unpaid=money,
)
def test_every_payslip_adds_up_to_the_penny(salary, code, loan, arrears, overtime, unpaid):
    inputs = PayInputs(salary, code, loan, arrears, overtime, min(unpaid, salary / 12))

    slip = calculate_payslip(inputs)

    earnings = sum(line.amount for line in slip.lines if line.kind == "earning")
    deductions = sum(line.amount for line in slip.lines if line.kind == "deduction")
    assert slip.gross == earnings
    assert slip.deductions == deductions
    assert slip.gross - slip.deductions == slip.net
    for line in slip.lines:
        assert line.amount == line.amount.quantize(D("0.01"))
        assert line.amount != 0
        if line.kind == "deduction":
            assert line.amount > 0


@given(pay=money, more=money)
def test_more_pay_never_means_less_tax_or_ni(pay, more):
    assert income_tax(pay + more, "1257L") >= income_tax(pay, "1257L")
    assert national_insurance(pay + more) >= national_insurance(pay)
    assert student_loan(pay + more) >= student_loan(pay)


@given(salary=st.decimals(min_value=13000, max_value=200000, places=2))
def test_deductions_never_exceed_pay_for_ordinary_salaries(salary):
    slip = calculate_payslip(PayInputs(salary, student_loan=True))

    assert D(0) < slip.net < slip.gross
