"""Try Slack and Teams locally against the fakes.

    python -m scripts.fake_platforms serve                 # fake Slack and Bot Framework
    python -m scripts.fake_platforms slack 100001 "hello"  # write as that persona, print replies
    python -m scripts.fake_platforms teams 100001 "hello"

`serve` knows every seeded persona: Slack user `U<staff number>` and Entra object id
`aad-<staff number>`, each with the persona's work email. The other two commands read the
gateway's address and the Slack signing secret from `.env`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from typing import Any

import httpx

from api.seed import EMAIL_DOMAIN, PERSONAS
from scripts.fake_platforms.bot_framework import FakeBotFramework
from scripts.fake_platforms.serving import serve
from scripts.fake_platforms.slack import FakeSlack, message_event, signed_headers
from scripts.stack import ROOT, read_env_file

SLACK_PORT = 8091
TEAMS_PORT = 8092
DEV_SLACK_SECRET = "dev-slack-signing-secret"


def _emails() -> dict[str, str]:
    emails = {}
    for persona in PERSONAS:
        first, last = persona.name.lower().split()
        emails[persona.staff_number] = f"{first}.{last}@{EMAIL_DOMAIN}"
    return emails


def run_serve() -> None:
    """Serves both fakes until Ctrl-C, and prints the settings that point the gateway at them."""
    emails = _emails()
    slack = FakeSlack(users={f"U{staff}": email for staff, email in emails.items()})
    teams = FakeBotFramework(members={f"aad-{staff}": email for staff, email in emails.items()})
    slack_served = serve(slack.app(), SLACK_PORT)
    teams_served = serve(teams.app(), TEAMS_PORT)
    teams.url = teams_served.url
    print("Fake Slack and Bot Framework are running. Add to .env, then `make run`:\n")
    print(f"SLACK_BOT_TOKEN=xoxb-fake\nSLACK_SIGNING_SECRET={DEV_SLACK_SECRET}")
    print(f"SLACK_API_URL={slack_served.url}/api/")
    print(f"TEAMS_APP_ID={teams.app_id}\nTEAMS_OPENID_METADATA_URL={teams.metadata_url}")
    print("\nCtrl-C stops them.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        slack_served.stop()
        teams_served.stop()


def _gateway() -> str:
    env = read_env_file(ROOT / ".env")
    return f"http://127.0.0.1:{env.get('GATEWAY_PORT') or 8080}"


def _show(messages: list[dict[str, Any]]) -> None:
    for message in messages:
        print(f"assistant: {message['text']}")
        for button in message.get("buttons", []):
            print(f"   [{button['title']}] → {button['payload']}")


def run_slack(staff: str, text: str) -> None:
    """Sends a signed direct message as the persona's Slack user; prints what the bot posted."""
    secret = read_env_file(ROOT / ".env").get("SLACK_SIGNING_SECRET") or DEV_SLACK_SECRET
    fake = f"http://127.0.0.1:{SLACK_PORT}"
    user = f"U{staff}"
    before = len(httpx.get(f"{fake}/_recorded", params={"channel": f"D{user}"}).json())
    body = json.dumps(message_event(user, text, event_id=f"Ev{uuid.uuid4().hex}"))
    headers = signed_headers(secret, body) | {"Content-Type": "application/json"}
    response = httpx.post(f"{_gateway()}/slack/events", content=body, headers=headers)
    if response.status_code != 200:
        sys.exit(f"The gateway answered {response.status_code}: {response.text}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        health = httpx.get(f"{_gateway()}/health").json()
        if not health.get("turns_in_flight", {}).get("slack"):
            break
        time.sleep(0.1)
    posted = httpx.get(f"{fake}/_recorded", params={"channel": f"D{user}"}).json()
    _show(posted[before:])


def run_teams(staff: str, text: str) -> None:
    """Sends a message (or, for a payload, a card submit) as the persona's Teams user."""
    fake = f"http://127.0.0.1:{TEAMS_PORT}"
    aad = f"aad-{staff}"
    conversation = f"a:{aad}"
    before = len(httpx.get(f"{fake}/_recorded", params={"conversation": conversation}).json())
    activity = httpx.get(f"{fake}/_activity", params={"aad": aad, "text": text}).json()
    token = httpx.get(f"{fake}/_token").json()["token"]
    response = httpx.post(
        f"{_gateway()}/teams/messages",
        json=activity,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    if response.status_code not in (200, 202):
        sys.exit(f"The gateway answered {response.status_code}: {response.text}")
    sent = httpx.get(f"{fake}/_recorded", params={"conversation": conversation}).json()
    _show(sent[before:])


def main() -> None:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m scripts.fake_platforms")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the fake Slack and Bot Framework")
    for name in ("slack", "teams"):
        say = commands.add_parser(name, help=f"write to the assistant in {name} as a persona")
        say.add_argument("staff_number")
        say.add_argument("text")
    args = parser.parse_args()
    if args.command == "serve":
        run_serve()
    elif args.command == "slack":
        run_slack(args.staff_number, args.text)
    else:
        run_teams(args.staff_number, args.text)


if __name__ == "__main__":
    main()
