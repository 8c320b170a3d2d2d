"""A Hypothesis state machine over the leave ledger, through the real API (SQLite, in process).

Several people book, cancel and re-book leave (overlapping on purpose at times); their line
managers approve and reject. After every step, for each person and each leave year touched:
the balance is never negative, approved leave never overlaps, and what is left is the
entitlement (with what was carried over) less the approved and pending days. No step ever
gets a 5xx.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from api.main import create_app
from tests.conftest import TEST_CLOCK, TODAY, make_test_settings

PEOPLE = ["100001", "100003", "100004"]  # Priya, Aisha (part time), Gareth: Tom's reports
MANAGER_OF = {"100001": "100002", "100003": "100002", "100004": "100002"}
_keys = itertools.count()


class LeaveLedger(RuleBasedStateMachine):
    """The ledger as three people and their manager use it."""

    template: Path

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        shutil.copyfile(self.template, self.folder / "api.db")
        app = create_app(
            make_test_settings(f"sqlite:///{self.folder / 'api.db'}"), clock=TEST_CLOCK
        )
        self.engine = app.state.engine
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://api.test"
        )
        self.headers = {staff: self._sign_in(staff) for staff in {*PEOPLE, *MANAGER_OF.values()}}
        self.days_seen: set[dt.date] = {TODAY}

    def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kwargs))

    def _sign_in(self, staff: str) -> dict[str, str]:
        answer = self._call("POST", "/auth/dev-login", json={"staff_number": staff})
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def _requests(self, staff: str) -> list[dict[str, Any]]:
        answer = self._call("GET", "/v1/me/leave/requests", headers=self.headers[staff])
        assert answer.status_code == 200, answer.text
        requests: list[dict[str, Any]] = answer.json()
        return requests

    def teardown(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()
        self.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- steps -----------------------------------------------------------------------------------

    @rule(
        staff=st.sampled_from(PEOPLE),
        weeks=st.integers(min_value=3, max_value=40),
        weekday=st.integers(min_value=0, max_value=4),
        length=st.integers(min_value=0, max_value=9),
        portion=st.sampled_from(["full", "full", "full", "am", "pm"]),
    )
    def book(self, staff: str, weeks: int, weekday: int, length: int, portion: str) -> None:
        start = TODAY + dt.timedelta(weeks=weeks, days=weekday - TODAY.weekday())
        end = start if portion != "full" else start + dt.timedelta(days=length)
        self.days_seen |= {start, end}
        answer = self._call(
            "POST",
            "/v1/me/leave/requests",
            headers={**self.headers[staff], "Idempotency-Key": f"ledger-{next(_keys)}"},
            json={"start_date": str(start), "end_date": str(end), "portion": portion},
        )
        assert answer.status_code in (201, 409, 422), answer.text

    @rule(staff=st.sampled_from(PEOPLE), pick=st.integers(min_value=0, max_value=50))
    def cancel(self, staff: str, pick: int) -> None:
        live = [r for r in self._requests(staff) if r["status"] in ("pending", "approved")]
        if not live:
            return
        request = live[pick % len(live)]
        answer = self._call(
            "POST", f"/v1/me/leave/requests/{request['id']}/cancel", headers=self.headers[staff]
        )
        assert answer.status_code in (200, 409), answer.text

    @rule(
        staff=st.sampled_from(PEOPLE),
        pick=st.integers(min_value=0, max_value=50),
        decision=st.sampled_from(["approve", "approve", "reject"]),
    )
    def decide(self, staff: str, pick: int, decision: str) -> None:
        pending = [r for r in self._requests(staff) if r["status"] == "pending"]
        if not pending:
            return
        request = pending[pick % len(pending)]
        manager = MANAGER_OF[staff]
        answer = self._call(
            "POST",
            f"/v1/leave/requests/{request['id']}/decision",
            headers=self.headers[manager],
            json={"decision": decision},
        )
        assert answer.status_code in (200, 409), answer.text

    # -- what must always hold -------------------------------------------------------------------

    @invariant()
    def balances_add_up_and_never_go_negative(self) -> None:
        for staff in PEOPLE:
            checked: list[tuple[str, str]] = []  # leave years already checked
            for day in sorted(self.days_seen):
                if any(start <= str(day) <= end for start, end in checked):
                    continue
                answer = self._call(
                    "GET",
                    "/v1/me/leave/balance",
                    params={"on": str(day)},
                    headers=self.headers[staff],
                )
                assert answer.status_code == 200, answer.text
                b = answer.json()
                checked.append((b["leave_year_start"], b["leave_year_end"]))
                assert b["remaining"] >= 0, b
                spent = b["taken"] + b["booked"] + b["pending"]
                assert b["remaining"] == pytest.approx(b["entitlement"] + b["carried_over"] - spent)

    @invariant()
    def approved_leave_never_overlaps(self) -> None:
        for staff in PEOPLE:
            approved = [r for r in self._requests(staff) if r["status"] == "approved"]
            for first, second in itertools.combinations(approved, 2):
                apart = first["end_date"] < second["start_date"] or (
                    second["end_date"] < first["start_date"]
                )
                half_days = {first["portion"], second["portion"]} == {"am", "pm"}
                assert apart or half_days, (first, second)


def test_the_leave_ledger_holds_whatever_people_do(_seeded_sqlite_template: Path) -> None:
    LeaveLedger.template = _seeded_sqlite_template
    run_state_machine_as_test(
        LeaveLedger,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
