"""Small local fakes of the platforms' own services, for tests and for trying the channels
locally: Slack's Web API, and Microsoft's Bot Framework (OpenID metadata, signing keys and the
connector at `serviceUrl`). They record what the bot sent; they hold no rules of ours.

Run them with `python -m scripts.fake_platforms` (README: "Try it locally").
"""

from scripts.fake_platforms.bot_framework import FakeBotFramework
from scripts.fake_platforms.serving import Served, serve
from scripts.fake_platforms.slack import FakeSlack

__all__ = ["FakeBotFramework", "FakeSlack", "Served", "serve"]
