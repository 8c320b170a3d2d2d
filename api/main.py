"""The FastAPI application. Run with `uvicorn --factory api.main:create_app`."""

from fastapi import FastAPI

from api.core.clock import Clock
from api.core.config import ApiSettings
from api.core.db import make_engine, make_read_session_factory, make_session_factory
from api.core.observability import install_observability
from api.errors import install_error_handlers
from api.routes import (
    approvals,
    auth,
    channels,
    conversation_events,
    expenses,
    health,
    knowledge,
    leave,
    me,
    notifications,
    onboarding,
    pay,
    procurement,
    tax_documents,
)

__all__ = ["create_app"]


def create_app(settings: ApiSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the API. Nothing touches the database until a request arrives.

    Args:
        settings: Defaults to `ApiSettings()` (environment and `.env`).
        clock: Says what day and time it is; defaults to the settings' (`CLOCK_PINNED_AT`, or
            the system clock).

    Returns:
        The app; its schema must already be migrated (`python -m api.cli init-db`).
    """
    settings = settings or ApiSettings()
    app = FastAPI(
        title="Ask Shared Services API",
        version="0.1.0",
        description="HR, payroll, finance and procurement for civil servants, behind one API.",
    )
    engine = make_engine(settings.database_url)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.read_session_factory = make_read_session_factory(engine)
    app.state.clock = clock or settings.clock()
    install_error_handlers(app)
    install_observability(app, json_logs=settings.log_format == "json")
    for module in (
        health,
        auth,
        channels,
        conversation_events,
        me,
        leave,
        approvals,
        notifications,
        pay,
        tax_documents,
        expenses,
        procurement,
        onboarding,
        knowledge,
    ):
        app.include_router(module.router)
    return app
