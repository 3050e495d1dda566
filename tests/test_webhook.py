"""POST /hooks/1c-connect: shared secret, body limits, bad JSON refused, repeats change nothing."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from db.alerts import callback_tasks, open_alerts
from db.connection import write_tx
from db.monitor import monitor_snapshot
from db.settings import get_settings, put_setting
from ui import texts
from webhook import MAX_BODY, handle_connect_hook

SECRET = "s3cret-hook"
NOW = datetime.now(UTC).replace(microsecond=0)


def event(message_type: int, minutes_ago: float, treatment: str = "T-1", **extra) -> dict:
    return {
        "treatment_id": treatment,
        "message_id": f"{treatment}-{message_type}-{minutes_ago}",
        "message_type": message_type,
        "message_time": (NOW - timedelta(minutes=minutes_ago)).isoformat().replace("+00:00", "Z"),
        "line_id": "Бухгалтерия",
        "user_id": "client-1",
        **extra,
    }


def body(*events: dict) -> bytes:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in events).encode("utf-8")


@pytest.fixture
def hook_db(db):
    with write_tx(db):
        put_setting(db, "connect_webhook_secret", SECRET)
    return db


def stored_counts(db) -> tuple[int, int, int]:
    return tuple(
        db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("connect_events", "requests", "alerts")
    )


def test_without_a_configured_secret_the_hook_is_off(db):
    answer = handle_connect_hook(db, "anything", body(event(80, 1)))

    assert answer.status == 403
    assert answer.payload["message"] == texts.HOOK_MESSAGES["disabled"]
    assert stored_counts(db) == (0, 0, 0)


@pytest.mark.parametrize("provided", [None, "", "wrong", SECRET + "x", SECRET.upper()])
def test_a_wrong_secret_is_refused_and_stores_nothing(hook_db, provided):
    answer = handle_connect_hook(hook_db, provided, body(event(80, 1)))

    assert answer.status == 403
    assert answer.payload["error"] == "bad_secret"
    assert stored_counts(hook_db) == (0, 0, 0)


@pytest.mark.parametrize(
    "raw", [b"not json", b'{"treatment_id": "T-1", ', b"", "{\u00ff".encode("latin-1")]
)
def test_a_body_that_is_not_json_events_is_a_400_and_stores_nothing(hook_db, raw):
    answer = handle_connect_hook(hook_db, SECRET, raw)

    assert answer.status == 400
    assert stored_counts(hook_db) == (0, 0, 0)


def test_one_bad_line_among_good_ones_stores_nothing(hook_db):
    raw = body(event(80, 3)) + b"\n{broken\n" + body(event(84, 1, specialist_id="Зайцев"))

    assert handle_connect_hook(hook_db, SECRET, raw).status == 400
    assert stored_counts(hook_db) == (0, 0, 0)


def test_json_without_a_usable_event_is_a_422_and_stores_nothing(hook_db):
    answer = handle_connect_hook(hook_db, SECRET, b'{"message_type": 80}')

    assert answer.status == 422
    assert answer.payload["rejects"][0]["reason"] == "missing_value"
    assert stored_counts(hook_db) == (0, 0, 0)


def test_a_body_over_one_megabyte_is_refused(hook_db):
    answer = handle_connect_hook(hook_db, SECRET, b" " * (MAX_BODY + 1))

    assert answer.status == 413
    assert stored_counts(hook_db) == (0, 0, 0)


def test_a_new_request_event_opens_a_request_on_the_monitor(hook_db):
    before = monitor_snapshot(hook_db, NOW, get_settings(hook_db))["open"]

    answer = handle_connect_hook(hook_db, SECRET, body(event(80, 1, treatment="NEW-1")))

    assert answer.status == 200
    assert answer.payload["stored"] == 1
    assert answer.payload["requests"] == ["NEW-1"]
    snap = monitor_snapshot(hook_db, NOW, get_settings(hook_db))
    assert snap["open"] == before + 1
    assert "NEW-1" in [r["id"] for r in snap["waiting"]]


def test_a_repeated_event_changes_nothing(hook_db):
    events = body(event(80, 20), event(84, 2, specialist_id="Зайцев Олег"))
    first = handle_connect_hook(hook_db, SECRET, events)
    row = dict(next(hook_db.query("SELECT * FROM requests WHERE id = 'T-1'")))
    counts = stored_counts(hook_db)

    again = handle_connect_hook(hook_db, SECRET, events)

    assert (first.status, first.payload["stored"]) == (200, 2)
    assert (again.status, again.payload["stored"]) == (200, 0)
    assert stored_counts(hook_db) == counts
    assert dict(next(hook_db.query("SELECT * FROM requests WHERE id = 'T-1'"))) == row


def test_events_in_any_order_give_the_same_request(hook_db, tmp_path):
    from db.connection import connect

    start, assign, close = event(80, 30), event(84, 25, specialist_id="Павлова Анна"), event(82, 5)
    other = connect(tmp_path / "other.sqlite")
    with write_tx(other):
        put_setting(other, "connect_webhook_secret", SECRET)

    handle_connect_hook(hook_db, SECRET, body(start, assign, close))
    for one in (close, start, assign):
        handle_connect_hook(other, SECRET, body(one))

    columns = "status, created_at, assigned_at, closed_at, specialist, wait_b, resolution_b"
    query = f"SELECT {columns} FROM requests WHERE id = 'T-1'"
    assert hook_db.execute(query).fetchall() == other.execute(query).fetchall()


def test_a_low_rating_event_raises_an_alert_and_a_callback_task(hook_db):
    events = body(
        event(80, 50),
        event(84, 48, specialist_id="Павлова Анна"),
        event(82, 10),
        event(17, 5, quality=2, quality_comment="Не помогли"),
    )

    answer = handle_connect_hook(hook_db, SECRET, events)

    assert answer.status == 200 and answer.payload["alerts"] >= 1
    low = [a for a in open_alerts(hook_db) if a["kind"] == "low_rating"]
    assert [(a["request_id"], a["rating"], a["comment"]) for a in low] == [("T-1", 2, "Не помогли")]
    assert [t["request_id"] for t in callback_tasks(hook_db)] == ["T-1"]


def test_an_event_without_a_treatment_rejects_the_whole_batch_and_stores_nothing(hook_db):
    bad = event(80, 2)
    del bad["treatment_id"]

    answer = handle_connect_hook(hook_db, SECRET, body(event(80, 1, treatment="OK-1"), bad))

    assert answer.status == 422 and answer.payload["error"] == "bad_event"
    assert [r["row"] for r in answer.payload["rejects"]] == [2]
    assert stored_counts(hook_db) == (0, 0, 0)


# ---- the Starlette route in server.py ------------------------------------------------------


def call_route(path_query: str, payload: bytes, headers: dict[str, str] | None = None):
    """Call server.connect_hook as the ASGI server would, without a network."""
    from starlette.requests import Request

    from server import connect_hook

    path, _, query = path_query.partition("?")
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    raw_headers.append((b"content-length", str(len(payload)).encode()))
    scope = {
        "type": "http", "method": "POST", "path": path, "query_string": query.encode(),
        "headers": raw_headers, "scheme": "http", "server": ("test", 80),
    }  # fmt: skip
    chunks = [payload[i : i + 65536] for i in range(0, len(payload), 65536)] or [b""]

    async def receive():
        chunk = chunks.pop(0) if chunks else b""
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    response = asyncio.run(connect_hook(Request(scope, receive)))
    return response.status_code, json.loads(response.body)


@pytest.fixture
def server_db(hook_db, db_file, monkeypatch):
    monkeypatch.setenv("QC_DB", str(db_file))
    return hook_db


def test_the_route_takes_the_secret_from_the_header(server_db):
    status, payload = call_route("/hooks/1c-connect", body(event(80, 1)), {"X-QC-Secret": SECRET})

    assert (status, payload["stored"]) == (200, 1)


def test_the_route_takes_the_secret_from_the_query(server_db):
    status, payload = call_route(f"/hooks/1c-connect?secret={SECRET}", body(event(80, 1)))

    assert (status, payload["stored"]) == (200, 1)


def test_the_route_refuses_a_wrong_secret_before_reading_the_body(server_db):
    status, payload = call_route("/hooks/1c-connect?secret=nope", b"x" * (MAX_BODY + 10))

    assert (status, payload["error"]) == (403, "bad_secret")


def test_the_route_refuses_a_body_over_the_limit(server_db):
    status, payload = call_route(
        "/hooks/1c-connect", b" " * (MAX_BODY + 10), {"X-QC-Secret": SECRET}
    )

    assert (status, payload["error"]) == (413, "too_large")
    assert stored_counts(server_db) == (0, 0, 0)
