"""Custom Rasa components, imported by Rasa when it loads `config.yml`'s pipeline.

Importing the package also installs `action_validation`'s faster check of action-server
responses, `action_http`'s kept-alive connections to the action server, `event_types`' table
of event classes, `model_loading`'s start-up without a training step, `faq_selector`'s
ResponseSelector that only runs for questions and `session_rollover`'s bounded sessions, so
every `rasa run` that loads our model gets them.
"""

from bot.components import (
    action_http,
    action_validation,
    event_types,
    faq_selector,
    model_loading,
    session_rollover,
)

action_validation.install()
action_http.install()
event_types.install()
model_loading.install()
faq_selector.install()
session_rollover.install()
