"""Two servers on one database: each job runs once per period, never twice at once (issue 10)."""

from __future__ import annotations

import time
from datetime import timedelta

from core.timeutil import from_stored, utcnow
from db.connection import connect, write_tx
from db.settings import put_setting
from tests.server.conftest import servers

PERIOD_S = 2
JOBS = ("alerts", "send_mail", "connect_sync", "purge_sessions")
WINDOW_S = 14.0


def test_two_servers_on_one_database_run_each_job_once_per_period(tmp_path):
    with servers(tmp_path, count=2) as (db_file, _urls):
        db = connect(db_file)
        with write_tx(db):
            for name in JOBS:
                put_setting(db, f"job_period_{name}", PERIOD_S)
        time.sleep(2 * PERIOD_S + 1)  # runs on the old periods have ended
        start = utcnow()
        time.sleep(WINDOW_S)
        end = utcnow()
        rows = db.execute(
            "SELECT name, owner, started_at, finished_at FROM job_runs WHERE started_at >= ? "
            "AND started_at < ? ORDER BY name, started_at",
            [start.strftime("%Y-%m-%d %H:%M:%S.%f"), end.strftime("%Y-%m-%d %H:%M:%S.%f")],
        ).fetchall()
        processes = db.execute("SELECT COUNT(DISTINCT owner) FROM job_runs").fetchone()[0]
        db.close()

    seconds = (end - start).total_seconds()
    counts = {}
    for name in JOBS:
        runs = [(from_stored(s), from_stored(f), owner) for n, owner, s, f in rows if n == name]
        counts[name] = len(runs)
        # at most one run per period (plus the one a window edge may cut), and none overlapping
        assert len(runs) <= seconds / PERIOD_S + 1, (name, len(runs))
        assert len(runs) >= seconds / PERIOD_S - 2, (name, len(runs))
        for (start_a, finish_a, _), (start_b, _, _) in zip(runs, runs[1:], strict=False):
            assert start_b >= finish_a
            assert start_b - start_a >= timedelta(seconds=PERIOD_S * 0.95)
    print(f"{seconds:.1f} s, period {PERIOD_S} s, runs {counts}, worker processes {processes}")
    assert processes == 2, "both servers' workers took part"
