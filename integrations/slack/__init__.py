"""The Slack channel (slack-bolt): `POST /slack/events`, or Socket Mode."""
