"""The typed async client of the Shared Services API."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from actions._correlation import send_correlation_id
from actions._metrics import api_call_started, observe_api_call
from actions.api_client._errors import (
    ApiRefusal,
    ApiTimedOut,
    ApiUnavailable,
    NotAuthorised,
    NotFound,
)
from actions.api_client._models import (
    BankHolidays,
    Decision,
    ExpenseClaim,
    ExpenseClaimIn,
    ExpenseStatus,
    Invoice,
    KnowledgeArticle,
    LeaveBalance,
    LeaveQuote,
    LeaveRequest,
    LeaveRequestIn,
    LeaveStatus,
    Me,
    OnboardingChecklist,
    OnboardingItem,
    PayComparison,
    PayDates,
    Payslip,
    PayslipSummary,
    PurchaseOrder,
    TaxDocument,
)

_LEAVE_REQUESTS = TypeAdapter(list[LeaveRequest])
_PURCHASE_ORDERS = TypeAdapter(list[PurchaseOrder])
_PAYSLIPS = TypeAdapter(list[PayslipSummary])
_TAX_DOCUMENTS = TypeAdapter(list[TaxDocument])
_EXPENSE_CLAIMS = TypeAdapter(list[ExpenseClaim])


KEPT_ALIVE = httpx.Limits(max_connections=200, max_keepalive_connections=200, keepalive_expiry=2.0)
"""A pool for every action in flight (httpx keeps only 20 idle connections by default), with
idle connections dropped after 2 s, before uvicorn (5 s) closes them on the API's side."""


class ApiClient:
    """Typed client of the Shared Services API.

    One instance (and so one pooled `httpx.AsyncClient`) serves the whole process; the caller's
    bearer token is passed to every call, never stored.

    Args:
        base_url: Where the API is, e.g. `http://127.0.0.1:8000`.
        timeout: Time limit of one call, in seconds.
        transport: An httpx transport to use instead of the network (tests pass
            `httpx.ASGITransport(app=api_app)`).
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            limits=KEPT_ALIVE,
            event_hooks={"request": [send_correlation_id]},
        )

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()

    async def me(self, token: str) -> Me:
        """Return the caller (`GET /v1/me`)."""
        return await self._get(token, "/v1/me", Me)

    async def leave_balance(self, token: str, on: dt.date | None = None) -> LeaveBalance:
        """Return the caller's leave balance on a day (default today)."""
        params = {"on": on.isoformat()} if on else None
        return await self._get(token, "/v1/me/leave/balance", LeaveBalance, params=params)

    async def leave_requests(
        self, token: str, *, status: LeaveStatus | None = None, upcoming: bool | None = None
    ) -> list[LeaveRequest]:
        """Return the caller's leave requests, newest start first."""
        params: dict[str, str] = {}
        if status is not None:
            params["status"] = status
        if upcoming is not None:
            params["upcoming"] = "true" if upcoming else "false"
        response = await self._send(token, "GET", "/v1/me/leave/requests", params=params)
        return _parse(_LEAVE_REQUESTS, response)

    async def quote_leave(self, token: str, request: LeaveRequestIn) -> LeaveQuote:
        """Ask what a leave request would cost; writes nothing.

        Raises:
            ApiRefusal: 422 with the rule it breaks (e.g. `insufficient_balance`).
        """
        return await self._post(token, "/v1/me/leave/quote", LeaveQuote, json=_body(request))

    async def book_leave(
        self, token: str, request: LeaveRequestIn, *, idempotency_key: str
    ) -> LeaveRequest:
        """Book leave. Sending the same key and body again returns the same request.

        Args:
            token: The caller's bearer token.
            request: The leave asked for, with an `end_date`.
            idempotency_key: Identifies this booking attempt across retries.

        Returns:
            The pending leave request.
        """
        return await self._post(
            token,
            "/v1/me/leave/requests",
            LeaveRequest,
            json=_body(request),
            headers={"Idempotency-Key": idempotency_key},
        )

    async def cancel_leave(self, token: str, request_id: str) -> LeaveRequest:
        """Cancel one of the caller's leave requests (idempotent)."""
        return await self._post(token, f"/v1/me/leave/requests/{request_id}/cancel", LeaveRequest)

    async def approvals(self, token: str) -> list[LeaveRequest]:
        """Return the leave requests waiting for the caller's decision, oldest first."""
        response = await self._send(token, "GET", "/v1/me/approvals")
        return _parse(_LEAVE_REQUESTS, response)

    async def decide_leave(
        self, token: str, request_id: str, decision: Decision, note: str | None = None
    ) -> LeaveRequest:
        """Approve or reject a direct report's leave request."""
        body: dict[str, Any] = {"decision": decision}
        if note:
            body["note"] = note
        return await self._post(
            token, f"/v1/leave/requests/{request_id}/decision", LeaveRequest, json=body
        )

    async def bank_holidays(self, token: str, count: int = 5) -> BankHolidays:
        """Return the next bank holidays where the caller works."""
        return await self._get(
            token, "/v1/me/bank-holidays", BankHolidays, params={"count": str(count)}
        )

    # --- Purchase orders, invoices, onboarding and the knowledge base

    async def purchase_orders(self, token: str, *, open_only: bool = False) -> list[PurchaseOrder]:
        """Return the purchase orders the caller raised, newest first (`open_only`: not closed)."""
        params = {"open": "true"} if open_only else None
        response = await self._send(token, "GET", "/v1/me/purchase-orders", params=params)
        return _parse(_PURCHASE_ORDERS, response)

    async def purchase_order(self, token: str, number: str) -> PurchaseOrder:
        """Return one purchase order the caller may see.

        Raises:
            NotFound: A wrong number and someone else's order alike.
        """
        return await self._get(token, f"/v1/purchase-orders/{_segment(number)}", PurchaseOrder)

    async def po_approvals(self, token: str) -> list[PurchaseOrder]:
        """Return the purchase orders waiting for the caller's decision, oldest first."""
        response = await self._send(token, "GET", "/v1/me/po-approvals")
        return _parse(_PURCHASE_ORDERS, response)

    async def decide_po(
        self, token: str, number: str, decision: Decision, note: str | None = None
    ) -> PurchaseOrder:
        """Approve or reject a purchase order waiting on the caller (same decision again: 200).

        Raises:
            NotAuthorised: 403 `over_delegated_limit`, naming who must approve.
            ApiRefusal: 409 when the other decision was already made.
        """
        body: dict[str, Any] = {"decision": decision}
        if note:
            body["note"] = note
        path = f"/v1/purchase-orders/{_segment(number)}/decision"
        return await self._post(token, path, PurchaseOrder, json=body)

    async def invoice(self, token: str, number: str) -> Invoice:
        """Return an invoice against a purchase order the caller may see."""
        return await self._get(token, f"/v1/invoices/{_segment(number)}", Invoice)

    async def onboarding(self, token: str) -> OnboardingChecklist:
        """Return the caller's onboarding checklist (404 for someone without one)."""
        return await self._get(token, "/v1/me/onboarding", OnboardingChecklist)

    async def complete_onboarding_item(self, token: str, code: str) -> OnboardingItem:
        """Tick off one of the caller's self-service onboarding items (idempotent).

        Raises:
            ApiRefusal: 409 `not_self_service` for items only HR can tick.
        """
        path = f"/v1/me/onboarding/{_segment(code)}/complete"
        return await self._post(token, path, OnboardingItem)

    async def knowledge_article(self, token: str, topic: str) -> KnowledgeArticle:
        """Return the knowledge base's answer on a topic (404 for an unknown topic)."""
        return await self._get(token, f"/v1/knowledge/{_segment(topic)}", KnowledgeArticle)

    # --- Pay, tax documents and expenses

    async def pay_dates(self, token: str, count: int = 3) -> PayDates:
        """Return the pay-date rule and this month's and the next pay dates (`count` in all)."""
        return await self._get(token, "/v1/pay/dates", PayDates, params={"count": str(count)})

    async def payslips(self, token: str) -> list[PayslipSummary]:
        """Return the caller's payslips, newest first."""
        response = await self._send(token, "GET", "/v1/me/payslips")
        return _parse(_PAYSLIPS, response)

    async def payslip(self, token: str, period: str) -> Payslip:
        """Return one of the caller's payslips (`YYYY-MM`) with its lines.

        Raises:
            NotFound: There is no payslip for that month.
        """
        return await self._get(token, f"/v1/me/payslips/{period}", Payslip)

    async def compare_payslips(
        self, token: str, from_period: str | None = None, to_period: str | None = None
    ) -> PayComparison:
        """Compare two of the caller's payslips line by line (default: the latest two)."""
        params: dict[str, str] = {}
        if from_period is not None:
            params["from"] = from_period
        if to_period is not None:
            params["to"] = to_period
        return await self._get(token, "/v1/me/payslips/compare", PayComparison, params=params)

    async def tax_documents(self, token: str) -> list[TaxDocument]:
        """Return the caller's P60s and P11Ds, newest tax year first."""
        response = await self._send(token, "GET", "/v1/me/tax-documents")
        return _parse(_TAX_DOCUMENTS, response)

    async def expense_claims(
        self, token: str, *, status: ExpenseStatus | None = None
    ) -> list[ExpenseClaim]:
        """Return the caller's expense claims, newest first."""
        params: dict[str, str] | None = {"status": status} if status is not None else None
        response = await self._send(token, "GET", "/v1/me/expenses", params=params)
        return _parse(_EXPENSE_CLAIMS, response)

    async def submit_expense(
        self, token: str, claim: ExpenseClaimIn, *, idempotency_key: str
    ) -> ExpenseClaim:
        """Submit an expense claim. Sending the same key and body again returns the same claim.

        Raises:
            ApiRefusal: 422 with the policy it breaks (`over_limit`, `receipt_required`,
                `date_in_future`, `too_old`, `invalid_request`).
        """
        return await self._post(
            token,
            "/v1/me/expenses",
            ExpenseClaim,
            json=claim.model_dump(mode="json"),
            headers={"Idempotency-Key": idempotency_key},
        )

    async def _get[M: BaseModel](
        self, token: str, path: str, model: type[M], params: dict[str, str] | None = None
    ) -> M:
        response = await self._send(token, "GET", path, params=params)
        return _parse(TypeAdapter(model), response)

    async def _post[M: BaseModel](
        self,
        token: str,
        path: str,
        model: type[M],
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> M:
        response = await self._send(token, "POST", path, json=json, headers=headers)
        return _parse(TypeAdapter(model), response)

    async def _send(
        self,
        token: str,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        all_headers = {"Authorization": f"Bearer {token}", **(headers or {})}
        started = api_call_started()
        try:
            response = await self._http.request(
                method, path, params=params, json=json, headers=all_headers
            )
        except (httpx.ReadTimeout, httpx.WriteTimeout) as exc:
            observe_api_call("unavailable", started)
            raise ApiTimedOut(f"{method} {path}: {exc!r}") from exc
        except httpx.TransportError as exc:
            observe_api_call("unavailable", started)
            raise ApiUnavailable(f"{method} {path}: {exc!r}") from exc
        outcome = "ok" if response.status_code < 400 else "refused"
        observe_api_call("unavailable" if response.status_code >= 500 else outcome, started)
        _raise_for_error(response)
        return response


def _segment(value: str) -> str:
    """One path segment, quoted so a typed or button-sent value can't reach another path."""
    return quote(value.strip(), safe="")


def _body(request: LeaveRequestIn) -> dict[str, Any]:
    return request.model_dump(mode="json", exclude_none=True)


def _parse[T](adapter: TypeAdapter[T], response: httpx.Response) -> T:
    try:
        return adapter.validate_json(response.content)
    except ValidationError as exc:
        raise ApiUnavailable(f"unreadable answer from {response.request.url}") from exc


def _raise_for_error(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    if status >= 500:
        raise ApiUnavailable(f"{status} from {response.request.url}")
    code, message = _error_detail(response)
    if status in (401, 403):
        raise NotAuthorised(status, code, message)
    if status == 404:
        raise NotFound(status, code, message)
    raise ApiRefusal(status, code, message)


def _error_detail(response: httpx.Response) -> tuple[str, str]:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, dict) and isinstance(detail.get("message"), str):
        return str(detail.get("code", "error")), detail["message"]
    return "error", "The HR system couldn't do that."
