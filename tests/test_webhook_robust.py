"""The webhook never answers 500: every malformed body is a 400/413/422 with a JSON reason and
stores nothing, a batch is all or nothing, an event of an unknown or malformed type is kept but
opens no request. Property tests (hypothesis) over the parser and a 10,000-input fuzz."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.connection import connect, write_tx
from db.settings import put_setting
from webhook import MAX_BODY, HookRejected, handle_connect_hook, parse_hook_body

SECRET = "robust-secret"
NOW = datetime.now(UTC).replace(microsecond=0)
ALLOWED = {200, 400, 413, 422}
TABLES = ("connect_events", "requests", "alerts", "connect_sessions")


def stamp(minutes_ago: float = 1) -> str:
    return (NOW - timedelta(minutes=minutes_ago)).isoformat().replace("+00:00", "Z")


def good(treatment: str = "R-1", message_type: int = 80, **extra: object) -> dict:
    return {
        "treatment_id": treatment,
        "message_id": f"{treatment}-{message_type}-{len(extra)}",
        "message_type": message_type,
        "message_time": stamp(),
        "line_id": "Бухгалтерия",
        "user_id": "client-1",
        **extra,
    }


def counts(db) -> tuple[int, ...]:
    result = []
    for table in TABLES:
        try:
            result.append(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        except sqlite3.OperationalError:  # a table another issue may not have added
            result.append(0)
    return tuple(result)


def make_hook_db(path: Path):
    db = connect(path)
    with write_tx(db):
        put_setting(db, "connect_webhook_secret", SECRET)
    return db


@pytest.fixture
def hook_db(tmp_path: Path) -> Iterator:
    db = make_hook_db(tmp_path / "hook.sqlite")
    yield db
    db.close()


def call(db, raw: bytes):
    """One webhook call; the answer must be one of the allowed ones, with a reason when refused,
    and a refusal must leave every table as it was."""
    before = counts(db)
    answer = handle_connect_hook(db, SECRET, raw, now=NOW)
    assert answer.status in ALLOWED, answer
    # as Starlette's JSONResponse renders it: no NaN, UTF-8 encodable
    json.dumps(answer.payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
    if answer.status != 200:
        assert answer.payload["error"] and answer.payload["message"]
        assert counts(db) == before
    return answer


# ---- what the probe found -------------------------------------------------------------------

FOUND = {
    "NaN": b'{"treatment_id":"R","message_type":80,"message_time":NaN}',
    "Infinity": b'{"treatment_id":"R","message_type":Infinity,"message_time":"2026-01-01T00:00:00Z"}',
    "-Infinity duration": b'{"treatment_id":"R","message_type":17,"quality":-Infinity}',
    "1e400": b'{"treatment_id":"R","message_type":80,"message_time":1e400}',
    "year 9999": b'{"treatment_id":"R","message_type":80,"message_time":"9999-12-31T23:59:59-05:00"}',
    "year 9999 epoch ms": b'{"treatment_id":"R","message_type":80,"message_time":253402300799999}',
    "deep nesting": b'{"treatment_id":"R","data":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "5000-digit number": b'{"treatment_id":"R","message_type":' + b"9" * 5000 + b"}",
    "lone surrogate": b'{"treatment_id":"\\ud800","message_type":80,"message_time":"2026-01-01T00:00:00Z"}',
    "not UTF-8": b'{"treatment_id":"\xff\xfe"}',
    "a bare number": b"42",
    "an array of junk": b"[1, true, null, []]",
    "huge duration": json.dumps(
        good(
            message_type=17,
            quality=2,
            treatment={"treatment_duration": "1e300", "initialized_at": stamp(30)},
        )  # fmt: skip
    ).encode(),
}


@pytest.mark.parametrize("raw", FOUND.values(), ids=FOUND.keys())
def test_what_the_probe_sent_gets_a_reason_not_a_500(hook_db, raw):
    call(hook_db, raw)


@pytest.mark.parametrize("kind", [True, False, "abc", 1.5, [], {}, None, "８０", 250, -7], ids=repr)
def test_an_event_of_an_unknown_or_malformed_type_is_kept_but_opens_no_request(hook_db, kind):
    event = good("KEEP-1")
    event["message_type"] = kind
    if kind is None:
        del event["message_type"]

    answer = call(hook_db, json.dumps(event).encode())

    assert answer.status == 200 and answer.payload["requests"] == []
    assert counts(hook_db)[:2] == (1, 0)


def test_one_bad_event_in_a_batch_stores_none_of_it(hook_db):
    batch = [good("B-1"), good("B-2"), good("B-3", message_time="9999-01-01T00:00:00Z")]

    answer = call(hook_db, json.dumps(batch).encode())

    assert answer.status == 422 and answer.payload["error"] == "bad_event"
    assert [r["row"] for r in answer.payload["rejects"]] == [3]
    assert counts(hook_db) == (0, 0, 0, 0)
    assert call(hook_db, json.dumps(batch[:2]).encode()).payload["requests"] == ["B-1", "B-2"]


def test_a_body_or_a_batch_too_big_is_413(hook_db):
    assert call(hook_db, b" " * (MAX_BODY + 1)).status == 413
    small = {"treatment_id": "M", "message_type": 80, "message_time": stamp()}
    many = "\n".join(json.dumps({**small, "message_id": n}) for n in range(5001)).encode()
    assert len(many) < MAX_BODY
    assert call(hook_db, many).status == 413


# ---- property tests over the parser -------------------------------------------------------

NASTY_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "80",
            "17",
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "2026-02-30T10:00:00",
            "2026-03-01 09:00:00",
            "1e400",
            "NaN",
            "-1",
            "\ud800",
            "00000000-0000-0000-0000-000000000000",
            "2026-03-01T09:00:00.123456789Z",
        ]
    ),  # fmt: skip
)
KEYS = st.sampled_from(
    ["treatment_id", "message_id", "message_type", "message_time", "line_id", "user_id",
     "author_id", "specialist_id", "quality", "rating", "comment", "treatment", "data", "time",
     "rda", "duration", "from_specialist", "to_line_id", "initialized_at", "id"]
)  # fmt: skip
JSON_VALUES = st.recursive(
    NASTY_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=20,
)
EVENTS = st.fixed_dictionaries(
    {"treatment_id": NASTY_SCALARS, "message_type": st.sampled_from([80, 84, 17, 82, 1, 20, 52, 250])
     | NASTY_SCALARS, "message_time": NASTY_SCALARS},
    optional={k: JSON_VALUES for k in ["message_id", "quality", "treatment", "data", "rda",
                                        "user_id", "specialist_id", "duration"]},
)  # fmt: skip


def dumps(value: object) -> bytes:
    """JSON as a sloppy sender writes it: NaN and Infinity included, surrogates kept."""
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def parse_only(raw: bytes) -> None:
    """The parser's contract: a list of events, or HookRejected — nothing else escapes."""
    try:
        events = parse_hook_body(raw, "Europe/Moscow", NOW)
    except HookRejected as rejected:
        assert rejected.status in {400, 413, 422}
    else:
        assert events and all(e.key and e.payload for e in events)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_are_refused_with_the_typed_error(raw):
    parse_only(raw)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_parses_or_is_refused_with_the_typed_error(value):
    parse_only(dumps(value))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, min_size=1, max_size=5), st.sampled_from(["array", "lines", "wrapped"]))
def test_any_batch_of_event_like_objects_parses_or_is_refused(batch, shape):
    if shape == "array":
        raw = dumps(batch)
    elif shape == "lines":
        raw = b"\n".join(dumps(e) for e in batch)
    else:
        raw = dumps({"events": batch})
    parse_only(raw)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, min_size=1, max_size=4))
def test_a_refused_batch_stores_nothing_and_an_accepted_one_stores_without_error(
    tmp_path_factory, batch
):
    db = make_hook_db(tmp_path_factory.mktemp("prop") / "p.sqlite")
    try:
        call(db, dumps(batch))
    finally:
        db.close()


# ---- the fuzz ------------------------------------------------------------------------------

FUZZ_INPUTS = 10_000


def nasty(rng: random.Random) -> object:
    pool = [None, True, False, 0, -1, 80, 17, 2**63, -(2**70), 1.5, 1e308, float("nan"),
            float("inf"), float("-inf"), "", "x" * rng.randint(1, 300), "\ud800", "\x00",
            "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00Z", "2026-13-45T99:99:99",
            stamp(rng.uniform(0, 600)), rng.randint(0, 2**42), [], {}, [[[]]],
            {"id": "T", "quality": "5", "treatment_duration": "1e999"}]  # fmt: skip
    return rng.choice(pool)


def fuzz_event(rng: random.Random) -> object:
    event: dict = good(f"F-{rng.randint(1, 40)}", rng.choice([80, 81, 84, 1, 17, 82, 89, 90, 20,
                       22, 50, 52, 250]), quality=rng.randint(0, 6))  # fmt: skip
    for _ in range(rng.randint(0, 4)):
        key = rng.choice(list(event) + ["treatment", "data", "rda", "duration", "comment"])
        if rng.random() < 0.2:
            event.pop(key, None)
        else:
            event[key] = nasty(rng)
    return event if rng.random() > 0.03 else nasty(rng)


def fuzz_body(rng: random.Random) -> bytes:
    events = [fuzz_event(rng) for _ in range(rng.randint(1, 4))]
    shape = rng.random()
    if shape < 0.4:
        raw = dumps(events)
    elif shape < 0.8:
        raw = b"\n".join(dumps(e) for e in events)
    else:
        raw = dumps(events[0])
    mutation = rng.random()
    if mutation < 0.08 and raw:  # truncated
        raw = raw[: rng.randint(0, len(raw) - 1)]
    elif mutation < 0.16 and raw:  # a flipped byte
        at = rng.randrange(len(raw))
        raw = raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1 :]
    elif mutation < 0.2:  # deep nesting
        depth = rng.randint(30, 5000)
        raw = b'{"treatment_id":"D","data":' + b"[" * depth + b"]" * depth + b"}"
    return raw


def fuzz_bodies(count: int, seed: int) -> Iterator[bytes]:
    """`count` generated webhook bodies, the same ones for the same seed."""
    rng = random.Random(seed)
    for _ in range(count):
        yield fuzz_body(rng)


def test_the_fuzz_finds_no_500_in_ten_thousand_generated_inputs(hook_db):
    statuses: dict[int, int] = {}
    for raw in fuzz_bodies(FUZZ_INPUTS, seed=8):
        answer = call(hook_db, raw)
        statuses[answer.status] = statuses.get(answer.status, 0) + 1

    assert sum(statuses.values()) == FUZZ_INPUTS
    assert set(statuses) <= ALLOWED
    # the mix exercises every answer, not just one kind of refusal
    assert {200, 400, 422} <= set(statuses), statuses
