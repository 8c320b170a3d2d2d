"""The platforms' own endpoints: `POST /slack/events` (Slack's Events API and button clicks) and
`POST /teams/messages` (Teams activities)."""

from fastapi import APIRouter, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler

router = APIRouter()


@router.post("/slack/events", include_in_schema=False)
async def slack_events(request: Request) -> Response:
    """Hands the request to bolt: it checks the signature (401 if it fails), acknowledges at
    once and runs the turn afterwards. 404 when Slack is not configured."""
    slack = request.app.state.gateway.slack
    if slack is None:
        return Response(status_code=404)
    handler: AsyncSlackRequestHandler = AsyncSlackRequestHandler(slack.app)
    return await handler.handle(request)


@router.post("/teams/messages", include_in_schema=False)
async def teams_messages(request: Request) -> Response:
    """Hands a Teams activity to the Agents SDK once its token is verified (401 otherwise).
    404 when Teams is not configured."""
    teams = request.app.state.gateway.teams
    if teams is None:
        return Response(status_code=404)
    response: Response = await teams.handle(request)
    return response
