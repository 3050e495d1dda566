"""`cli.py feed --demo`: a bounded, deterministic live stream that keeps the monitor moving."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cli import EXIT_OK, EXIT_REFUSED, main
from commands.feed import run_feed
from db.connection import connect, write_tx
from db.requests import request_stats, request_stats_bare
from db.settings import put_setting
from tests.conftest import copy_database
from ui import texts


def test_the_feed_adds_and_moves_requests_and_the_statistics_stay_exact(demo_file, capsys):
    db = connect(demo_file)
    before = db.execute("SELECT COUNT(*) FROM requests").fetchone()[0]

    code = main(["--db", str(demo_file), "feed", "--demo", "--rate", "60000", "--count", "40",
                 "--seed", "4"])  # fmt: skip

    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert out.strip().splitlines()[-1].startswith(texts.FEED_DONE.split(":")[0])
    created = db.execute("SELECT COUNT(*) FROM requests WHERE source = 'feed'").fetchone()[0]
    assert created > 0
    assert db.execute("SELECT COUNT(*) FROM requests").fetchone()[0] == before + created
    changed = db.execute(
        "SELECT COUNT(*) FROM requests WHERE source = 'demo' AND id LIKE 'demo-open-%' "
        "AND (status = 'closed' OR assigned_at IS NOT NULL)"
    ).fetchone()[0]
    assert changed > 0
    today = datetime.now(UTC).date()
    start, end = today - timedelta(days=2), today + timedelta(days=2)
    assert request_stats(db, start, end).to_json() == request_stats_bare(db, start, end).to_json()


def test_the_same_seed_on_the_same_data_gives_the_same_stream(demo_file, tmp_path: Path):
    twin = tmp_path / "twin.sqlite"
    copy_database(demo_file, twin)
    moment = datetime.now(UTC).replace(microsecond=0)

    def stream(path: Path) -> list[tuple]:
        ticks = iter(moment + timedelta(seconds=5 * i) for i in range(1000))
        summary = run_feed(connect(path), seed=9, rate=60000, count=60, now=lambda: next(ticks),
                           sleep=lambda _: None)  # fmt: skip
        return [(e.kind, e.request_id, e.specialist, e.rating) for e in summary.events]

    first, second = stream(demo_file), stream(twin)

    assert first == second
    assert {kind for kind, *_ in first} >= {"new", "assign", "reply", "close"}


def test_a_duration_stops_the_feed(demo_db):
    clock = iter(range(0, 1000, 4))  # every reading of the clock is 4 s later
    out = io.StringIO()

    summary = run_feed(demo_db, rate=12, duration=10, out=out, clock=lambda: next(clock),
                       sleep=lambda _: None)  # fmt: skip

    assert 1 <= len(summary.events) <= 3
    assert out.getvalue().count("\n") >= len(summary.events)


def test_the_feed_runs_an_alert_scan(demo_db):
    summary = run_feed(demo_db, rate=60000, count=3, sleep=lambda _: None)

    assert summary.alerts > 0  # the demo queue has a request waiting past the missed limit
    assert demo_db.execute("SELECT COUNT(*) FROM alerts WHERE kind = 'missed'").fetchone()[0] >= 1


def test_the_feed_refuses_a_database_with_real_data(db_file, capsys):
    db = connect(db_file)
    with write_tx(db):
        put_setting(db, "demo_mode", False)

    code = main(["--db", str(db_file), "feed", "--demo", "--count", "1"])

    assert code == EXIT_REFUSED
    assert texts.FEED_NOT_DEMO_DB in capsys.readouterr().err


def test_only_the_demo_stream_exists(demo_file, capsys):
    code = main(["--db", str(demo_file), "feed", "--count", "1"])

    assert code == EXIT_REFUSED
    assert texts.FEED_ONLY_DEMO in capsys.readouterr().err
