"""Comparing two payslips: only changed lines, one true sentence each, and the net effect."""

from decimal import Decimal

from api.domain.pay import PayInputs, calculate_payslip
from api.domain.pay_compare import SlipView, compare

D = Decimal


def view(period: str, inputs: PayInputs) -> SlipView:
    slip = calculate_payslip(inputs)
    return SlipView(period, slip.tax_code, inputs.annual_salary, slip.lines, slip.net)


def test_nothing_changed():
    same = PayInputs(D(36000))

    result = compare(view("2026-01", same), view("2026-02", same))

    assert result.changes == ()
    assert result.net_change == 0
    assert result.explanation == (
        "Nothing changed between your January 2026 and February 2026 payslips.",
    )


def test_a_pay_award_with_arrears():
    older = view("2026-08", PayInputs(D(36000)))
    newer = view("2026-09", PayInputs(D(37800), arrears=D(150)))

    result = compare(older, newer, award_start="2026-08")

    codes = [change.code for change in result.changes]
    assert codes[:2] == ["BASIC", "ARREARS"]
    assert (
        result.explanation[0]
        == "Your pay award of 5% started in August: basic pay went up by £150.00."
    )
    assert (
        result.explanation[1]
        == "In September 2026 you were paid £150.00 of backdated pay award (arrears)."
    )
    assert result.net_change == newer.net - older.net > 0


def test_a_tax_code_change_and_the_end_of_arrears():
    older = view("2026-09", PayInputs(D(37800), arrears=D(150)))
    newer = view("2026-10", PayInputs(D(37800), tax_code="1185L"))

    result = compare(older, newer)

    assert result.tax_code_change == ("1257L", "1185L")
    assert "a one-off that isn't in October 2026" in result.explanation[0]
    assert any(
        s.startswith("Your tax code changed from 1257L to 1185L") for s in result.explanation
    )
    assert result.explanation[-1].startswith("Overall your take-home pay went down by £")


def test_overtime_and_unpaid_leave_come_and_go():
    plain = view("2026-02", PayInputs(D(29000)))
    extra = view("2026-03", PayInputs(D(29000), overtime=D("100"), unpaid_leave=D("50")))

    forward = compare(plain, extra)
    back = compare(extra, view("2026-04", PayInputs(D(29000))))

    assert "You were paid £100.00 overtime in March 2026." in forward.explanation
    assert "£50.00 was taken off your pay in March 2026 for unpaid leave." in forward.explanation
    assert "You were paid £100.00 overtime in March 2026, none in April 2026." in back.explanation
    for change in forward.changes:
        assert change.change == change.to_amount - change.from_amount != 0
