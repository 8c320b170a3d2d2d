"""One error shape for every answer: `{"detail": {"code": ..., "message": ...}}`."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.domain.errors import LeaveRuleError

CONFLICT_CODES = frozenset(
    {"already_decided", "not_cancellable", "idempotency_key_reused", "not_self_service"}
)
_STATUS_CODES = {401: "unauthorised", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


class ApiError(Exception):
    """An error answer: HTTP status, snake_case code and a plain-English message."""

    def __init__(self, status_code: int, code: str, message: str) -> None:
        """Keep the three parts of the answer."""
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message


def not_found(message: str = "We couldn't find that.") -> ApiError:
    """A 404 that never says whether the thing exists for someone else."""
    return ApiError(404, "not_found", message)


def _body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"detail": {"code": code, "message": message}}


def _field_name(location: tuple[object, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "the request body"


def describe_validation_error(error: RequestValidationError) -> str:
    """Turn FastAPI's validation errors into one readable sentence naming the bad field."""
    problems = []
    for item in error.errors():
        field = _field_name(tuple(item.get("loc", ())))
        reason = str(item.get("msg", "is not valid")).rstrip(".")
        if reason.startswith("Value error, "):
            reason = reason.removeprefix("Value error, ")
        problems.append(f"{field}: {reason}")
    return "Please check the request. " + "; ".join(problems) + "."


async def _api_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return JSONResponse(_body(error.code, error.message), status_code=error.status_code)


async def _rule_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, LeaveRuleError)
    status = 409 if error.code in CONFLICT_CODES else 422
    return JSONResponse(_body(error.code, error.message), status_code=status)


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse(_body("invalid_request", describe_validation_error(error)), status_code=422)


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = _STATUS_CODES.get(error.status_code, "error")
    message = error.detail if isinstance(error.detail, str) else "Something went wrong."
    if error.status_code == 404:
        message = "We couldn't find that."
    return JSONResponse(_body(code, message), status_code=error.status_code, headers=error.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Reshape every error the app can raise to the shared error shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(LeaveRuleError, _rule_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
