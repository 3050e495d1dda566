"""1C-Connect events: reading one event and rebuilding a request from a treatment's events."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from core.connect import EventError, event_from_raw, rebuild_request
from core.imports import BAD_DATE, BAD_RATING, MISSING_VALUE, UNKNOWN_EVENT

T, USER, SPEC, SPEC2, LINE, LINE2 = "t-1", "user-1", "spec-1", "spec-2", "line-1", "line-2"


def raw(kind: int, at: str, **extra: object) -> dict:
    event = {
        "message_id": f"{kind}-{at}",
        "message_type": kind,
        "treatment_id": T,
        "user_id": USER,
        "line_id": LINE,
        "message_time": at,
    }
    event.update(extra)
    return event


def conversation() -> list[dict]:
    """Client starts, waits in the queue, gets a specialist, is answered, closes and rates."""
    return [
        raw(80, "2024-03-01T09:00:00.123456789Z", author_id=USER, text="Не проводится документ"),
        raw(83, "2024-03-01T09:00:01Z"),
        raw(1, "2024-03-01T09:01:00Z", author_id=USER, text="Помогите"),
        raw(84, "2024-03-01T09:07:00Z", specialist_id=SPEC),
        raw(1, "2024-03-01T09:09:30Z", author_id=SPEC, text="Добрый день"),
        raw(82, "2024-03-01T10:30:00Z", author_id=SPEC),
        {
            "message_type": 17,
            "message_time": "2024-03-01T10:31:00Z",
            "treatment": {"treatment_id": T, "quality": 4, "quality_comment": "Спасибо"},
        },
    ]


def events(raws: list[dict]) -> list:
    return [event_from_raw(r, "Europe/Moscow") for r in raws]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_conversation_becomes_one_closed_request_with_every_time():
    record = rebuild_request(T, events(conversation()))
    assert record.id == T
    assert record.source == "connect"
    assert record.status == "closed"
    assert record.created_at == datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)
    assert record.assigned_at == utc("2024-03-01 09:07:00")
    assert record.first_reply_at == utc("2024-03-01 09:09:30")
    assert record.closed_at == utc("2024-03-01 10:30:00")
    assert (record.rating, record.rating_comment) == (4, "Спасибо")
    assert (record.line, record.client, record.specialist) == (LINE, USER, SPEC)


def test_shuffled_and_repeated_events_rebuild_the_same_request():
    expected = rebuild_request(T, events(conversation()))
    rng = random.Random(4)
    for _ in range(20):
        mixed = conversation() + rng.sample(conversation(), 3)
        rng.shuffle(mixed)
        assert rebuild_request(T, events(mixed)) == expected


def test_the_clients_own_messages_are_not_the_specialists_first_reply():
    raws = [
        raw(80, "2024-03-01T09:00:00Z", author_id=USER),
        raw(84, "2024-03-01T09:02:00Z", specialist_id=SPEC),
        raw(1, "2024-03-01T09:03:00Z", author_id=USER, text="Жду"),
    ]
    record = rebuild_request(T, events(raws))
    assert record.first_reply_at is None
    assert record.status == "open"


def test_a_reply_before_assignment_does_not_count_as_the_reaction():
    raws = [
        raw(80, "2024-03-01T09:00:00Z", author_id=USER),
        raw(1, "2024-03-01T09:00:05Z", author_id="bot-1", text="Вы в очереди"),
        raw(84, "2024-03-01T09:10:00Z", specialist_id=SPEC),
        raw(1, "2024-03-01T09:12:00Z", author_id=SPEC),
    ]
    assert rebuild_request(T, events(raws)).first_reply_at == utc("2024-03-01 09:12:00")


def test_the_latest_rating_wins_and_the_latest_assignment_names_the_specialist():
    raws = [
        *conversation(),
        raw(84, "2024-03-01T09:20:00Z", specialist_id=SPEC2),
        {
            "message_type": 17,
            "message_time": "2024-03-01T11:00:00Z",
            "treatment": {"treatment_id": T, "quality": 2},
        },
    ]
    record = rebuild_request(T, events(raws))
    assert record.rating == 2
    assert record.specialist == SPEC2
    assert record.assigned_at == utc("2024-03-01 09:07:00")  # the first assignment


def test_a_move_to_another_line_puts_the_request_on_the_target_line():
    raws = [*conversation(), raw(89, "2024-03-01T09:05:00Z", to_line_id=LINE2)]
    assert rebuild_request(T, events(raws)).line == LINE2


def test_an_automatic_close_closes_the_request():
    raws = [raw(80, "2024-03-01T09:00:00Z"), raw(91, "2024-03-02T09:00:00Z")]
    record = rebuild_request(T, events(raws))
    assert record.status == "closed"
    assert record.closed_at == utc("2024-03-02 09:00:00")


def test_a_request_started_by_a_specialist_has_no_wait():
    raws = [
        raw(81, "2024-03-01T09:00:00Z", author_id=SPEC),
        raw(1, "2024-03-01T09:00:30Z", author_id=SPEC),
    ]
    record = rebuild_request(T, events(raws))
    assert record.assigned_at == record.created_at
    assert record.specialist == SPEC


def test_without_a_start_event_the_earliest_event_is_the_creation():
    raws = [raw(84, "2024-03-01T09:07:00Z", specialist_id=SPEC), raw(1, "2024-03-01T09:05:00Z")]
    assert rebuild_request(T, events(raws)).created_at == utc("2024-03-01 09:05:00")


def test_unknown_event_types_are_kept_but_change_nothing():
    known = rebuild_request(T, events(conversation()))
    raws = [*conversation(), raw(250, "2024-03-01T08:00:00Z"), raw(70, "2024-03-01T12:00:00Z")]
    extra = events(raws)
    assert not extra[-2].known
    assert rebuild_request(T, extra) == known


def test_a_naive_event_time_is_a_local_time_of_the_zone():
    event = event_from_raw(raw(80, "2024-03-01 12:00:00"), "Europe/Moscow")
    assert event.at == utc("2024-03-01 09:00:00")


def test_nested_treatment_fields_are_found():
    event = event_from_raw(
        {
            "message_type": 84,
            "time": "2024-03-01T09:00:00Z",
            "treatment": {"id": T, "line_id": LINE, "current_specialist": SPEC},
        }
    )
    assert (event.treatment_id, event.line, event.specialist) == (T, LINE, SPEC)


def test_the_same_event_twice_has_the_same_key_and_different_events_differ():
    first, again, other = events([conversation()[0], conversation()[0], conversation()[1]])
    assert first.key == again.key
    assert first.key != other.key
    no_id = {k: v for k, v in conversation()[2].items() if k != "message_id"}
    assert event_from_raw(no_id).key == event_from_raw(dict(no_id)).key


@pytest.mark.parametrize(
    ("event", "code"),
    [
        ({"message_time": "2024-03-01T09:00:00Z", "treatment_id": T}, UNKNOWN_EVENT),
        ({"message_type": 80, "message_time": "2024-03-01T09:00:00Z"}, MISSING_VALUE),
        ({"message_type": 80, "treatment_id": T, "message_time": "вчера"}, BAD_DATE),
        ({"message_type": 80, "treatment_id": T}, BAD_DATE),
        ({"message_type": 17, "treatment_id": T, "message_time": "2024-03-01T09:00:00Z"}, BAD_RATING),
        (
            {"message_type": 17, "message_time": "2024-03-01T09:00:00Z",
             "treatment": {"treatment_id": T, "quality": 7}},
            BAD_RATING,
        ),
    ],
)  # fmt: skip
def test_an_unusable_event_is_refused_with_its_reason(event, code):
    with pytest.raises(EventError) as refused:
        event_from_raw(event)
    assert refused.value.code == code
