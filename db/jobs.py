"""Background-job state in SQLite: a lease row per job so two processes never run it at once.

The worker (worker.py) claims a job with `claim_job` — one UPDATE in BEGIN IMMEDIATE that succeeds
only when the lease is free (or expired) and nobody started the job since the caller looked —
runs it, then `finish_job` records result, error and duration and frees the lease.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from core.jobs import period_key
from core.roles import Action, Actor
from db.audit import enforce, write_audit
from db.connection import write_tx
from db.settings import put_setting

RUNS_KEPT = 500  # per job, in job_runs


def _utc_text(moment: datetime) -> str:
    """Stored UTC text with microseconds, so sub-second periods order correctly."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def ensure_jobs(db: Database, names: Iterable[str], now: datetime) -> None:
    """Create the state row of every known job (the moment it was first seen anchors a daily job)."""
    with write_tx(db):
        for name in names:
            db.execute(
                "INSERT INTO jobs (name, known_since) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                [name, _utc_text(now)],
            )


def job_state(db: Database, name: str) -> dict[str, Any] | None:
    """One job's state row."""
    rows = list(db.query("SELECT * FROM jobs WHERE name = ?", [name]))
    return rows[0] if rows else None


def job_states(db: Database) -> dict[str, dict[str, Any]]:
    """Every job's state row by name."""
    return {row["name"]: row for row in db.query("SELECT * FROM jobs")}


def claim_job(
    db: Database,
    name: str,
    owner: str,
    now: datetime,
    lease_s: float,
    seen_started: str | None,
    force: bool = False,
) -> bool:
    """Take the job's lease; refused while another holder's lease runs, or (unless forced) when
    the job was started since the caller read `seen_started`."""
    at = _utc_text(now)
    condition = "" if force else " AND last_started IS ?"
    params: list[Any] = [owner, _utc_text(now + timedelta(seconds=lease_s)), at, name, at]
    if not force:
        params.append(seen_started)
    with write_tx(db):
        cursor = db.execute(
            "UPDATE jobs SET lease_owner = ?, lease_until = ?, last_started = ? "
            f"WHERE name = ? AND (lease_until IS NULL OR lease_until <= ?){condition}",
            params,
        )
        return cursor.rowcount == 1


def finish_job(
    db: Database,
    name: str,
    owner: str,
    started: datetime,
    finished: datetime,
    result: str | None,
    error: str | None,
) -> None:
    """Free the lease and record how the run ended (result, or error and one more failure)."""
    ok = error is None
    with write_tx(db):
        if ok:
            db.execute(
                "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, last_finished = ?, "
                "last_duration_s = ?, last_result = ?, failures = 0, runs = runs + 1 "
                "WHERE name = ? AND lease_owner = ?",
                [_utc_text(finished), (finished - started).total_seconds(), result, name, owner],
            )
        else:
            db.execute(
                "UPDATE jobs SET lease_owner = NULL, lease_until = NULL, last_finished = ?, "
                "last_duration_s = ?, last_error = ?, last_error_at = ?, failures = failures + 1, "
                "runs = runs + 1 WHERE name = ? AND lease_owner = ?",
                [
                    _utc_text(finished),
                    (finished - started).total_seconds(),
                    error,
                    _utc_text(finished),
                    name,
                    owner,
                ],
            )
        db.execute(
            "INSERT INTO job_runs (name, owner, started_at, finished_at, ok, result) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [name, owner, _utc_text(started), _utc_text(finished), int(ok), result or error],
        )
        db.execute(
            "DELETE FROM job_runs WHERE name = ? AND id <= "
            "(SELECT id FROM job_runs WHERE name = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
            [name, name, RUNS_KEPT],
        )


def job_runs(db: Database, name: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Recent runs, newest first (all jobs, or one)."""
    where, params = ("WHERE name = ?", [name]) if name else ("", [])
    return list(
        db.query(
            f"SELECT name, owner, started_at, finished_at, ok, result FROM job_runs {where} "
            "ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
    )


def job_period_setting(db: Database, name: str) -> int | None:
    """The period set for a job (seconds), or None when it runs on its default."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [period_key(name)]).fetchone()
    return int(row[0]) if row else None


def set_job_period(db: Database, actor: Actor, name: str, seconds: int) -> None:
    """Change a job's period (admin only, audited); the next run moves with it."""
    enforce(db, actor, Action.MANAGE_SETTINGS)
    with write_tx(db):
        put_setting(db, period_key(name), seconds, actor.login)
        write_audit(db, actor.login, "job.period", name, seconds=seconds)


def purge_sessions(db: Database, now: datetime, idle_minutes: int) -> int:
    """Delete sessions that were ended or idle past the timeout; how many went."""
    cutoff = (now - timedelta(minutes=idle_minutes)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    with write_tx(db):
        cursor = db.execute(
            "DELETE FROM sessions WHERE revoked_at IS NOT NULL OR last_seen < ?", [cutoff]
        )
        return cursor.rowcount
