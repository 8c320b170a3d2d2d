"""Custom Rasa components, imported by Rasa when it loads `config.yml`'s pipeline.

Importing the package also installs `action_validation`'s faster check of action-server
responses, so every `rasa run` that loads our model gets it.
"""

from bot.components import action_validation

action_validation.install()
