"""`api.presenters.fill`: the one way a row or a rule result becomes a response body."""

from dataclasses import dataclass

from pydantic import BaseModel

from api.presenters import fill


class PersonOut(BaseModel):
    name: str


class AnswerOut(BaseModel):
    title: str
    owner: PersonOut
    extra: str
    note: str | None = None


@dataclass
class Person:
    name: str
    secret: str


@dataclass
class Row:
    title: str
    owner: Person
    unrelated: int


def test_fields_come_from_the_source_nested_too_and_computed_ones_win() -> None:
    row = Row("Laptop", Person("Priya Shah", "not shown"), 7)

    answer = fill(AnswerOut, row, extra="worked out", title="Renamed")

    assert answer == AnswerOut(
        title="Renamed", owner=PersonOut(name="Priya Shah"), extra="worked out", note=None
    )
