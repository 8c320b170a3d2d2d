"""Whether the API's database answers."""

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError


def database_answers(engine: Engine) -> bool:
    """Whether the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True
