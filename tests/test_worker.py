"""The worker: leases, recorded runs, backoff, and two workers on one database (issue 10)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from core.timeutil import from_stored, utcnow
from db.connection import connect, write_tx
from db.jobs import claim_job, ensure_jobs, job_runs, job_state
from db.settings import put_setting
from worker import JobBusy, JobSpec, UnknownJob, run_due, run_job_once, run_worker


class Counter:
    """A job body that counts its runs and notices two runs at once."""

    def __init__(self, seconds: float = 0.0, fail: bool = False) -> None:
        self.runs = 0
        self.active = 0
        self.overlaps = 0
        self.seconds = seconds
        self.fail = fail
        self.lock = threading.Lock()

    def __call__(self, db, now) -> str:
        with self.lock:
            self.active += 1
            self.runs += 1
            if self.active > 1:
                self.overlaps += 1
        try:
            time.sleep(self.seconds)
            if self.fail:
                raise ValueError("boom")
            return f"run {self.runs}"
        finally:
            with self.lock:
                self.active -= 1


def test_run_job_once_records_the_result_duration_and_next_run(db):
    outcome = run_job_once(db, "alerts")

    state = job_state(db, "alerts")
    assert outcome.ok and outcome.result == state["last_result"]
    assert state["runs"] == 1 and state["failures"] == 0 and state["lease_owner"] is None
    assert state["last_duration_s"] >= 0 and state["last_finished"] >= state["last_started"]
    assert job_runs(db, "alerts")[0]["ok"] == 1


def test_an_unknown_job_is_refused(db):
    with pytest.raises(UnknownJob):
        run_job_once(db, "no_such_job")


def test_a_job_leased_by_another_process_is_not_run_until_the_lease_expires(db):
    now = utcnow()
    ensure_jobs(db, ["alerts"], now)
    assert claim_job(db, "alerts", "other-host:1", now, 600, None)

    with pytest.raises(JobBusy):
        run_job_once(db, "alerts")
    later = now + timedelta(seconds=601)
    assert claim_job(db, "alerts", "me", later, 600, job_state(db, "alerts")["last_started"])


def test_a_failing_job_records_its_error_backs_off_and_the_next_job_still_runs(db, monkeypatch):
    broken, fine = Counter(fail=True), Counter()
    specs = [JobSpec("broken", "сломанная", broken, 1), JobSpec("fine", "исправная", fine, 1)]
    monkeypatch.setattr("worker.JOBS", specs)

    for spec in specs:
        run_due(db, spec, "me")
    first = job_state(db, "broken")
    for spec in specs:  # at once again: the broken one waits for its backoff, the other too
        run_due(db, spec, "me")

    assert first["failures"] == 1 and first["last_error"] == "ValueError: boom"
    assert broken.runs == 1 and fine.runs == 1
    assert job_state(db, "fine")["last_result"] == "run 1"
    time.sleep(1.1)
    run_due(db, specs[0], "me")
    assert job_state(db, "broken")["failures"] == 2 and broken.runs == 2


def test_two_workers_on_one_database_run_each_job_once_per_period(db_file: Path, monkeypatch):
    slow, quick = Counter(seconds=0.4), Counter()
    specs = [JobSpec("slow", "медленная", slow, 1), JobSpec("quick", "быстрая", quick, 1)]
    monkeypatch.setattr("worker.JOBS", specs)
    db = connect(db_file)
    with write_tx(db):
        put_setting(db, "job_period_slow", 1)
        put_setting(db, "job_period_quick", 1)
    stop = threading.Event()
    workers = [
        threading.Thread(target=run_worker, args=(db_file, stop), kwargs={"poll_s": 0.05})
        for _ in range(2)
    ]
    started = time.monotonic()
    for thread in workers:
        thread.start()
    time.sleep(5.2)
    stop.set()
    for thread in workers:
        thread.join(timeout=30)
    elapsed = time.monotonic() - started

    for counter, name in ((slow, "slow"), (quick, "quick")):
        runs = job_runs(db, name, 1000)
        assert counter.overlaps == 0
        assert len(runs) == counter.runs
        # once per 1-second period: ~5 in 5.2 s, never one per worker and period
        assert 4 <= counter.runs <= int(elapsed) + 1, (name, counter.runs, elapsed)
        owners = {run["owner"] for run in runs}
        assert len(owners) <= 2
        starts = sorted(from_stored(run["started_at"]) for run in runs)
        gaps = [(b - a).total_seconds() for a, b in zip(starts, starts[1:], strict=False)]
        assert min(gaps) >= 0.95, gaps
