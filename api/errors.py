"""One error shape for every answer: `{"detail": {"code": ..., "message": ...}}`."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.domain.errors import (
    DEFAULT_NOT_FOUND,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    RuleBroken,
    Unauthorised,
)

# The one place a refusal becomes an HTTP status.
STATUS_OF: dict[type[DomainError], int] = {
    NotFound: 404,
    Conflict: 409,
    RuleBroken: 422,
    Forbidden: 403,
    Unauthorised: 401,
}
_STATUS_CODES = {401: "unauthorised", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


def status_of(error: DomainError) -> int:
    """The HTTP status of a refusal: that of the nearest kind it is (422 for a bare one)."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 422


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


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return JSONResponse(_body(error.code, error.message), status_code=status_of(error))


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse(_body("invalid_request", describe_validation_error(error)), status_code=422)


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = _STATUS_CODES.get(error.status_code, "error")
    message = error.detail if isinstance(error.detail, str) else "Something went wrong."
    if error.status_code == 404:
        message = DEFAULT_NOT_FOUND
    return JSONResponse(_body(code, message), status_code=error.status_code, headers=error.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Reshape every error the app can raise to the shared error shape."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
