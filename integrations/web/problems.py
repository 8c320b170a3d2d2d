"""The web channel's error answers, worded for the person reading them."""

from fastapi.responses import JSONResponse

RASA_DOWN = (
    "Sorry, the assistant isn't answering right now. Nothing has been changed. "
    "Please try again in a minute."
)
API_DOWN = (
    "Sorry, we can't check who you are right now because the Shared Services system isn't "
    "answering. Nothing has been changed. Please try again in a minute."
)
SIGN_IN_EXPIRED = "Your sign-in has expired. Please sign in again."
NOT_SIGNED_IN = "Please sign in first."
DEV_SIGN_IN_OFF = "Signing in as a test persona is turned off on this service."
UNKNOWN_PERSON = (
    "We can't find you in the department's records, so the assistant can't act for you. "
    "Please contact the service desk."
)
IDENTITY_PROVIDER_DOWN = (
    "Sorry, we can't check your intranet sign-in right now. Nothing has been changed. "
    "Please try again in a minute."
)
WIDGET_NOT_BUILT = (
    "The chat widget has not been built on this server. Run `make widget`, then reload the page."
)


def problem(status_code: int, code: str, message: str) -> JSONResponse:
    """Answers an error in the API's shape: `{"detail": {"code", "message"}}`."""
    return JSONResponse(
        status_code=status_code, content={"detail": {"code": code, "message": message}}
    )


def assistant_unavailable(message: str) -> JSONResponse:
    """Answers 503 with one chat message, so the page can show it like any other reply."""
    return JSONResponse(status_code=503, content={"messages": [{"text": message, "buttons": []}]})
