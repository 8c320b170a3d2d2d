"""Rows and rule results turned into the API's answers: one module per skill, nothing else does it.

A presenter is a pure function: it reads what a service returned and builds a response schema.
It queries nothing; anything it needs (the caller's delegated limit, someone's roles) the
service loads and hands over.
"""

from pydantic import BaseModel


def fill[Schema: BaseModel](schema: type[Schema], source: object, **computed: object) -> Schema:
    """`schema` with each field taken from `computed`, or else from `source`'s attribute of that
    name (a field `source` hasn't got keeps its default).

    Nested schemas are read the same way, so a relationship (an `Employee` where the schema has
    a `PersonRef`, a list of rows where it has a list of answers) needs no code.
    """
    values = {name: getattr(source, name) for name in schema.model_fields if hasattr(source, name)}
    return schema.model_validate(values | computed, from_attributes=True)
