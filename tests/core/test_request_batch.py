"""Requests as columns: a batch reads as its records and stores exactly what they would."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.requests import (
    ROW_COLUMNS,
    RequestBatch,
    RequestRecord,
    minute_bucket,
    rating_bucket,
    resolution_bucket,
    stored_columns,
    to_row,
)
from core.timeutil import local_day, seconds_column, to_stored, utc_column

MOSCOW_PLUS_3 = timezone(timedelta(hours=3))


def _records(rng: random.Random, n: int, kind: str) -> list[RequestRecord]:
    """Requests around Europe's October 2024 clock change, with naive, aware or mixed times."""
    records = []
    for i in range(n):
        zone = {"naive": None, "utc": UTC, "plus3": MOSCOW_PLUS_3}.get(
            kind, rng.choice([None, UTC, MOSCOW_PLUS_3])
        )
        created = datetime(2024, 10, 20) + timedelta(
            seconds=rng.randrange(14 * 86400), microseconds=rng.choice([0, 0, 250_000])
        )
        created = created.replace(tzinfo=zone)
        assigned = created + timedelta(seconds=rng.randrange(-60, 7200)) if i % 9 else None
        reply = assigned + timedelta(seconds=rng.randrange(4000)) if assigned and i % 4 else None
        closed = (
            assigned + timedelta(seconds=rng.randrange(200_000)) if assigned and i % 3 else None
        )
        records.append(
            RequestRecord(f"R{i}", "file", created, "Орг", "", "Клиент", "Спец", assigned, reply,
                          closed, rng.choice([None, 1, 3, 4, 5]), None)
        )  # fmt: skip
    return records


def test_a_batch_reads_as_the_records_it_was_made_from():
    records = _records(random.Random(1), 5, "mixed")
    batch = RequestBatch.from_records(records)
    assert len(batch) == 5
    assert list(batch) == records
    assert batch[2] == records[2]
    assert batch[1:3] == records[1:3]
    assert batch.take([3, 0]) == [records[3], records[0]]
    assert batch == records
    assert RequestBatch.from_records([]) == []


def test_a_batch_with_a_missing_or_short_column_is_refused():
    columns = RequestBatch.from_records(_records(random.Random(2), 3, "naive")).columns
    with pytest.raises(ValueError):
        RequestBatch({**columns, "rating": [None]})
    with pytest.raises(ValueError):
        RequestBatch({f: c for f, c in columns.items() if f != "status"})


@pytest.mark.parametrize("tz", ["Europe/Moscow", "Europe/Berlin", "Asia/Yekaterinburg", "UTC"])
@pytest.mark.parametrize("kind", ["naive", "utc", "plus3", "mixed"])
def test_stored_columns_agree_with_the_moment_by_moment_conversions(tz, kind):
    records = _records(random.Random(len(tz) + len(kind)), 400, kind)
    rows = [dict(zip(ROW_COLUMNS, row, strict=True))
            for row in zip(*stored_columns(RequestBatch.from_records(records), tz), strict=True)]  # fmt: skip
    for record, row in zip(records, rows, strict=True):
        times = ("created_at", "assigned_at", "first_reply_at", "closed_at")
        assert [row[f] for f in times] == [to_stored(getattr(record, f), tz) for f in times]
        assert row["created_day"] == local_day(record.created_at, tz)
        assert row["rating_b"] == rating_bucket(record.rating)
        assert row["status"] == record.status
        assert row["org"] == record.org and row["line"] == ""
        for seconds, bucket, start, end, bucket_of in (
            ("wait_s", "wait_b", "created_at", "assigned_at", minute_bucket),
            ("reaction_s", "reaction_b", "assigned_at", "first_reply_at", minute_bucket),
            ("resolution_s", "resolution_b", "assigned_at", "closed_at", resolution_bucket),
        ):
            a, b = getattr(record, start), getattr(record, end)
            expected = None
            if a is not None and b is not None:
                elapsed = (to_utc_text(b, tz) - to_utc_text(a, tz)).total_seconds()
                expected = elapsed if elapsed >= 0 else None
            assert row[seconds] == expected
            assert row[bucket] == bucket_of(expected)


def to_utc_text(moment: datetime, tz: str) -> datetime:
    """The moment as the stored text says it (naive UTC)."""
    return datetime.fromisoformat(to_stored(moment, tz) or "")


def test_a_duration_across_a_clock_change_is_the_time_that_really_passed():
    # Berlin put its clocks back from 03:00 to 02:00 on 27 October 2024
    record = RequestRecord(
        "1", "file", datetime(2024, 10, 27, 1, 30), assigned_at=datetime(2024, 10, 27, 1, 30),
        closed_at=datetime(2024, 10, 27, 3, 30),
    )  # fmt: skip
    row = to_row(record, "Europe/Berlin")
    assert row["resolution_s"] == 3 * 3600  # 01:30 CEST -> 03:30 CET: two hours on the wall clock
    assert row["resolution_b"] == "1-24h"
    assert (row["assigned_at"], row["closed_at"]) == ("2024-10-26 23:30:00", "2024-10-27 02:30:00")


def test_utc_column_keeps_gaps_and_treats_naive_moments_as_local():
    moments = [datetime(2024, 1, 1, 12), None, datetime(2024, 1, 1, 12, tzinfo=UTC)]
    assert utc_column(moments, "Europe/Moscow") == [
        datetime(2024, 1, 1, 9), None, datetime(2024, 1, 1, 12)
    ]  # fmt: skip
    assert utc_column([None, None], "Europe/Moscow") == [None, None]


def test_seconds_column_gives_nothing_for_a_missing_or_backward_span():
    a = datetime(2024, 1, 1, 12)
    ends = [a + timedelta(seconds=90), None, a - timedelta(seconds=1)]
    assert seconds_column([a, a, a], ends) == [90.0, None, None]
