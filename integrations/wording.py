"""What the gateway itself says to people on every channel (everything else is the bot's)."""

from integrations.web.problems import API_DOWN, RASA_DOWN

UNKNOWN_PERSON = (
    "Sorry, I can't match your account to anyone in the department, so I can't help you here. "
    "Please contact the IT and HR service desk on 0300 123 4567 to have it linked."
)
SENT_YOU_A_DIRECT_MESSAGE = "I've sent you a direct message."
YOU_CHOSE = "You chose: {title}"
NOT_UNDERSTOOD_ATTACHMENT = "Sorry, I can only read text messages."

__all__ = [
    "API_DOWN",
    "NOT_UNDERSTOOD_ATTACHMENT",
    "RASA_DOWN",
    "SENT_YOU_A_DIRECT_MESSAGE",
    "UNKNOWN_PERSON",
    "YOU_CHOSE",
]
