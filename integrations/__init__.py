"""The channel gateway: web chat today, Slack and Teams adapters later.

Each channel lives in its own package (`web/`, later `slack/`, `teams/`) and does three things:
translate the platform's event into a neutral message, post it to Rasa through the one client in
`rasa_gateway.py`, and render Rasa's replies in the channel's own idiom.
"""
