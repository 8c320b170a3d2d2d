"""Custom Rasa components, imported by Rasa when it loads `config.yml`'s pipeline.

Importing the package also installs `action_validation`'s faster check of action-server
responses and `action_http`'s kept-alive connections to the action server, so every
`rasa run` that loads our model gets them.
"""

from bot.components import action_http, action_validation

action_validation.install()
action_http.install()
