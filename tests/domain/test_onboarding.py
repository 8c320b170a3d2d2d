"""The new joiner's checklist rules."""

from datetime import date

import pytest

from api.domain.errors import Conflict
from api.domain.onboarding import BY_CODE, CHECKLIST, check_can_complete, due_on, is_overdue


def test_the_checklist_has_the_seven_items_in_order():
    assert [item.code for item in CHECKLIST] == [
        "bpss_check",
        "collect_laptop",
        "meet_line_manager",
        "bank_details",
        "building_pass",
        "mandatory_learning",
        "pension_choice",
    ]
    assert [item.code for item in CHECKLIST if not item.self_service] == ["bpss_check"]


def test_due_dates_and_overdue():
    start = date(2026, 11, 23)
    due = due_on(BY_CODE["building_pass"], start)

    assert due == date(2026, 11, 27)
    assert not is_overdue(due, None, date(2026, 11, 27))
    assert is_overdue(due, None, date(2026, 11, 28))
    assert not is_overdue(due, date(2026, 11, 30), date(2026, 12, 1))


def test_only_hr_can_tick_the_bpss_check():
    check_can_complete(True, "Collect your laptop")
    with pytest.raises(Conflict) as caught:
        check_can_complete(False, "BPSS security check")

    assert caught.value.code == "not_self_service"
    assert caught.value.message.startswith("BPSS security check is ticked off by HR")
