"""The knowledge base: answers in plain English, from the database, editable."""

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from api import cli
from api.bootstrap import load_knowledge, prepare_database
from api.core.db import make_engine, make_session_factory
from api.domain.leave import BASE_ENTITLEMENT, CARRY_OVER_CAP, MAX_ENTITLEMENT, pro_rata
from api.knowledge import TOPICS, load_all, parse, plain_text
from api.models import KnowledgeArticle
from tests.api.conftest import sign_in
from tests.conftest import make_test_settings

GARETH = "100004"
SERVICE_DESK = "0300 123 4567"


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_every_topic_has_an_answer(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)

    listed = await get_json(client, "/v1/knowledge", headers)

    assert [item["topic"] for item in listed] == sorted(TOPICS)
    for item in listed:
        answer = await get_json(client, f"/v1/knowledge/{item['topic']}", headers)
        assert answer["title"] == item["title"]
        assert len(answer["body"]) > 300
        assert answer["updated_on"]


async def test_an_unknown_topic_is_not_found(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)

    response = await client.get("/v1/knowledge/time_travel", headers=headers)

    assert response.status_code == 404
    assert response.json()["detail"] == {
        "code": "not_found",
        "message": "We don't have an answer about that yet.",
    }
    assert (await client.get("/v1/knowledge")).status_code == 401


def test_answers_are_in_plain_gov_uk_style() -> None:
    articles = load_all()

    assert sorted(a.topic for a in articles) == sorted(TOPICS)
    for article in articles:
        for paragraph in article.body.split("\n\n"):
            if not paragraph.startswith(("-", "1.", "#")):
                assert len(paragraph) < 450, (article.topic, paragraph)
        phones = re.findall(r"\b0\d{3} \d{3} \d{4}\b", article.body)
        assert set(phones) <= {SERVICE_DESK}, article.topic
        for word in ("e.g.", "i.e.", "etc", "click here", "please note"):
            assert word not in article.body.lower(), (article.topic, word)


def test_details_that_vary_say_so() -> None:
    vary = [a.topic for a in load_all() if "var" in a.body and "department" in a.body]

    assert {"laptop", "flexible_working", "hybrid_working", "email_on_phone"} <= set(vary)


def test_a_malformed_answer_is_refused() -> None:
    with pytest.raises(ValueError, match="Title"):
        parse("laptop", "No title here")


def test_edited_answers_reload_without_retraining(tmp_path: Path) -> None:
    settings = make_test_settings(f"sqlite:///{tmp_path / 'kb.db'}")
    prepare_database(settings)
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        row = session.scalar(select(KnowledgeArticle).where(KnowledgeArticle.topic == "laptop"))
        assert row is not None
        row.body = "An old answer."
        session.commit()

    assert load_knowledge(settings) == 1
    assert load_knowledge(settings) == 0

    with make_session_factory(engine)() as session:
        row = session.scalar(select(KnowledgeArticle).where(KnowledgeArticle.topic == "laptop"))
        assert row is not None and row.body.startswith("You'll collect your laptop")
    engine.dispose()


def test_the_cli_loads_knowledge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    prepare_database(make_test_settings(url))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)

    assert cli.main(["load-knowledge"]) == 0
    assert "Knowledge base: 0 answers added or updated." in capsys.readouterr().err


async def test_answers_come_as_plain_text_too(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, GARETH)

    answer = await get_json(client, "/v1/knowledge/flexible_working", headers)

    assert "## Flexi-time" in answer["body"]
    assert "#" not in answer["text"]
    assert "\nFlexi-time\n" in answer["text"]
    assert "• working part time" in answer["text"]
    assert answer["yes_no"] is None


def test_plain_text_removes_every_kind_of_markdown() -> None:
    markdown = (
        "## Heading\n\nSome **bold** and _light_ words, [GOV.UK](https://www.gov.uk).\n\n"
        "- one\n* two"
    )

    assert plain_text(markdown) == (
        "Heading\n\nSome bold and light words, GOV.UK (https://www.gov.uk).\n\n• one\n• two"
    )


async def test_leave_policy_answers_take_their_figures_from_the_rules(
    client: httpx.AsyncClient,
) -> None:
    headers = await sign_in(client, GARETH)

    carry = await get_json(client, "/v1/knowledge/carry_over", headers)
    entitlement = await get_json(client, "/v1/knowledge/annual_leave", headers)
    part_time = await get_json(client, "/v1/knowledge/part_time_leave", headers)

    assert carry["yes_no"] == (
        f"Yes. You can carry up to {CARRY_OVER_CAP} days of unused annual leave into the next "
        "leave year, pro rata if you work part time."
    )
    assert f"{BASE_ENTITLEMENT} days of annual leave a year" in entitlement["text"]
    assert f"up to {MAX_ENTITLEMENT} days after 5 years" in entitlement["text"]
    assert "from 1 April to 31 March" in entitlement["text"]
    assert f"you get {pro_rata(BASE_ENTITLEMENT, 3):g} days" in part_time["text"]
    for article in load_all():
        assert "{{" not in article.body and "{{" not in (article.yes_no or ""), article.topic


def test_an_unknown_figure_or_front_matter_is_refused() -> None:
    with pytest.raises(ValueError, match="no figure called 'holidays'"):
        parse("carry_over", "# Title\n\n{{holidays}} days")
    with pytest.raises(ValueError, match="unknown front matter"):
        parse("carry_over", "---\nsummary: Yes\n---\n# Title\n\nBody")


def test_yes_no_answers_start_with_yes_or_no() -> None:
    answered = {a.topic: a.yes_no for a in load_all() if a.yes_no}

    assert {"carry_over", "bank_holiday_rules", "part_time_leave", "grievance", "pension"} <= set(
        answered
    )
    for topic, text in answered.items():
        assert text.startswith(("Yes. ", "No. ")), topic
