"""Custom actions of the Ask Shared Services bot (rasa-sdk action server).

Run with ``python -m rasa_sdk --actions actions -p 5055``. One module per skill; every action
talks to the Shared Services API through :mod:`actions.api_client` with the per-turn token.
"""

from actions import _correlation, _metrics

_correlation.install()
_metrics.install()
