"""Rebuilding what the person saw from Rasa's tracker events."""

from datetime import UTC, datetime

from integrations.transcript import from_events

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def test_messages_keep_their_order_times_and_buttons():
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 1.0},
        {
            "event": "user",
            "text": "book Friday off",
            "timestamp": 1_800_000_000.5,
            "metadata": {"token": "secret-obo-token"},
            "parse_data": {"intent": {"name": "x"}},
        },
        {"event": "slot", "name": "start_date", "value": "2027-01-15", "timestamp": 2.0},
        {
            "event": "bot",
            "text": "Book Friday 15 January 2027?",
            "timestamp": 1_800_000_001.0,
            "data": {"buttons": YES_NO},
        },
    ]

    history = [m.model_dump() for m in from_events(events)]

    assert history == [
        {
            "speaker": "user",
            "text": "book Friday off",
            "buttons": [],
            "at": datetime(2027, 1, 15, 8, 0, 0, 500000, tzinfo=UTC),
            "answered": False,
        },
        {
            "speaker": "assistant",
            "text": "Book Friday 15 January 2027?",
            "buttons": YES_NO,
            "at": datetime(2027, 1, 15, 8, 0, 1, tzinfo=UTC),
            "answered": False,
        },
    ]


def test_a_chosen_button_shows_as_its_title_and_marks_its_message_answered():
    events = [
        {"event": "bot", "text": "Book it?", "data": {"buttons": YES_NO}},
        {"event": "user", "text": "/affirm"},
        {"event": "bot", "text": "Booked."},
    ]

    history = from_events(events)

    assert [(m.speaker, m.text, m.answered) for m in history] == [
        ("assistant", "Book it?", True),
        ("user", "Yes", False),
        ("assistant", "Booked.", False),
    ]


def test_a_payload_typed_later_does_not_answer_buttons_of_an_older_turn():
    events = [
        {"event": "bot", "text": "Book it?", "data": {"buttons": YES_NO}},
        {"event": "user", "text": "no thanks"},
        {"event": "bot", "text": "OK, nothing booked."},
        {"event": "user", "text": "/affirm"},
    ]

    history = from_events(events)

    assert history[0].answered is False
    assert history[-1].text == "/affirm"


def test_nothing_but_what_was_said_leaves_the_tracker():
    events = [
        {"event": "user", "text": "hello", "metadata": {"token": "secret-obo-token"}},
        {"event": "bot", "text": None, "data": {}},
        {"event": "bot", "data": {"custom": {"text": "From a custom payload"}}},
        {"event": "bot", "text": "Here it is", "data": {"image": "https://example.test/a.png"}},
        "not an event",
        {"event": "user", "text": 42},
        {"event": "user", "text": "odd time", "timestamp": "yesterday"},
    ]

    history = from_events(events)

    assert [(m.speaker, m.text) for m in history] == [
        ("user", "hello"),
        ("assistant", "From a custom payload"),
        ("assistant", "Here it is\nImage: https://example.test/a.png"),
        ("user", "odd time"),
    ]
    assert history[-1].at is None
    assert "secret-obo-token" not in str([m.model_dump() for m in history])
