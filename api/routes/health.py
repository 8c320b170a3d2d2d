"""Liveness and database check."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.schemas.common import HealthOut
from api.services.health import database_answers

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health(request: Request) -> HealthOut | JSONResponse:
    """`{"status": "ok", "database": "ok"}`, or 503 when the database doesn't answer."""
    if not database_answers(request.app.state.engine):
        return JSONResponse({"status": "degraded", "database": "unavailable"}, status_code=503)
    return HealthOut(status="ok", database="ok")
