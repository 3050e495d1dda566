"""Background jobs: the scheduler loop that server.py starts, and `cli.py jobs run NAME` (issue 10).

How a module adds a job (one line here, nothing else to register):
    JOBS.append-style: add `JobSpec("equipment_reminders", T.JOB_REMINDERS, run_reminders, 3600)`
    to the JOBS list below, where `run_reminders(db: Database, now: datetime) -> str` lives in the
    module's own file (db/ or a module of its own), is idempotent (running it twice in a row
    changes nothing the second time), does its writes in write_tx and returns a short Russian
    summary for the «Фоновые задачи» page (its title goes to the module's ui/texts file).
    Raise on failure: the error is recorded, the job is retried with backoff, the others go on.
The period is the setting `job_period_<name>` (seconds; the page and `cli.py settings set` change
it), `default_period_s` until someone sets it. A job that should run once a day at a local hour
names an int setting in `daily_hour_setting` instead. To e-mail people from a job, call
db.notify.notify(db, EVENT, subject=..., body=..., link=...) inside the job's transaction (see the
docstring of db/notify.py for adding an event).

Every process that runs the worker claims a job through a lease row in SQLite (db/jobs.py), so two
servers on one database never run the same job at once and each job runs once per period.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from commands.equipment import run_reminder_job
from commands.shopper import run_listening_job
from core.imports import file_hash
from core.jobs import next_run
from core.roles import SYSTEM, Action, Actor
from core.settings import SECRET_KEYS
from core.timeutil import DEFAULT_TZ, from_stored, to_local, utcnow
from db.alerts import scan_alerts
from db.audit import enforce, write_audit
from db.backup import backup_to
from db.connection import connect, db_path, write_tx
from db.demo_monitor import shift_demo_to_now
from db.directory import store_directory
from db.imports import store_request_import
from db.jobs import (
    claim_job,
    ensure_jobs,
    finish_job,
    job_period_setting,
    job_state,
    job_states,
    purge_sessions,
)
from db.notify import (
    due_messages,
    held_by_login,
    mark_failed,
    mark_retry,
    mark_sent,
    outbox_counts,
    queue_digest,
)
from db.settings import get_settings
from importers.connect import read_connect_open
from importers.connect_sync import (
    ConnectSyncError,
    directory_paths,
    fetch_directory,
    fetch_open_requests,
)
from importers.tabular import TableError
from ui import texts
from ui.texts import deals as DT
from ui.texts import equipment as EQ
from ui.texts import jobs as T
from ui.texts import monitor as TM
from ui.texts import notify as N
from ui.texts import shopper as SHOP

logger = logging.getLogger("qc.worker")

POLL_S = float(os.environ.get("QC_WORKER_POLL", "1.0"))
DEFAULT_LEASE_S = 900.0
MAX_ERROR = 500
SMTP_TIMEOUT_S = 20.0
SYNC_LOOKBACK = timedelta(days=90)

JobRun = Callable[[Database, datetime], str]


@dataclass(frozen=True)
class JobSpec:
    """One background job: settings key suffix `name`, Russian `title`, `run(db, now) -> summary`."""

    name: str
    title: str
    run: JobRun
    default_period_s: int
    daily_hour_setting: str | None = None  # run once a day at this setting's local hour
    lease_s: float = DEFAULT_LEASE_S  # a crashed holder's lease frees itself after this


@dataclass(frozen=True)
class JobOutcome:
    """How one run ended: the summary, or the error (already recorded in the jobs table)."""

    name: str
    result: str | None
    error: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.error is None


class UnknownJob(LookupError):
    """No job has this name."""


class JobBusy(RuntimeError):
    """Another process holds the job's lease right now."""


class MailError(RuntimeError):
    """The SMTP server could not be reached or refused the login or the message."""


# ---- the jobs ----------------------------------------------------------------------------------


def run_alerts(db: Database, now: datetime) -> str:
    """Raise due monitor alerts and callback tasks (and queue their e-mails) — moved off the page."""
    scan = scan_alerts(db, now, get_settings(db))
    return T.RESULT_ALERTS.format(
        alerts=len(scan.created), tasks=scan.tasks, resolved=scan.resolved
    )


def public_url(url: str) -> str:
    """The address without any user:password part, for results and messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def run_connect_sync(db: Database, now: datetime) -> str:
    """Pull the open requests from the 1C-Connect API when its address is set (else nothing)."""
    settings = get_settings(db)
    url, token = str(settings["connect_url"]), str(settings["connect_token"])
    if not url:
        return T.RESULT_CONNECT_OFF
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    opened_from = to_local(now, tz).replace(tzinfo=None) - SYNC_LOOKBACK
    try:
        data = fetch_open_requests(url, token, opened_from)
        result = read_connect_open(data, tz)
    except ConnectSyncError as exc:
        raise RuntimeError(T.ERROR_CONNECT.format(url=public_url(url), reason=exc.detail)) from exc
    except TableError as exc:
        reason = texts.IMPORT_PROBLEMS.get(exc.reason, exc.reason)
        raise RuntimeError(T.ERROR_CONNECT.format(url=public_url(url), reason=reason)) from exc
    summary = store_request_import(
        db, SYSTEM, "connect-open", public_url(url), file_hash(data), result, tz
    )
    # issue 14: names of lines, specialists and clients
    store_directory(db, fetch_directory(url, token, directory_paths(settings)))
    return T.RESULT_CONNECT.format(
        rows=summary["rows"], imported=summary["imported"], rejected=summary["rejected"]
    )


def run_send_mail(db: Database, now: datetime) -> str:
    """Send the due outbox messages over SMTP; what cannot go now waits and is retried later."""
    settings = get_settings(db)
    if not settings["smtp_host"]:
        waiting = outbox_counts(db).get("pending", 0)
        return T.RESULT_MAIL_OFF.format(waiting=waiting)
    due = due_messages(db, now)
    if not due:
        return T.RESULT_MAIL_NONE
    base_s = period_of(db, job_by_name("send_mail"))
    try:
        connection = open_smtp(settings)
    except MailError as exc:
        with write_tx(db):
            mark_retry(db, [m["id"] for m in due], now, str(exc), base_s)
        raise
    sent = failed = 0
    retry: list[int] = []
    problem = ""
    try:
        for index, message in enumerate(due):
            subject, body = render_message(message, settings)
            try:
                connection.send_message(build_message(settings, message["email"], subject, body))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                code = getattr(exc, "smtp_code", 0) or _refused_code(exc)
                if 500 <= code < 600:
                    with write_tx(db):
                        mark_failed(db, message["id"], now, scrub(str(exc), settings))
                    failed += 1
                    continue
                retry.append(message["id"])
                problem = scrub(str(exc), settings)
            except (smtplib.SMTPException, OSError) as exc:
                # the connection is gone: this message and the rest wait for the next run
                retry.extend(m["id"] for m in due[index:])
                problem = scrub(str(exc), settings)
                break
            else:
                with write_tx(db):
                    mark_sent(db, message["id"], utcnow())
                sent += 1
    finally:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            pass
    if retry:
        with write_tx(db):
            mark_retry(db, retry, now, problem, base_s)
    summary = T.RESULT_MAIL.format(sent=sent, retry=len(retry), failed=failed)
    if retry and not sent:
        raise MailError(f"{summary}: {problem}")
    return summary


def _refused_code(exc: smtplib.SMTPException) -> int:
    recipients = getattr(exc, "recipients", None) or {}
    codes = [int(code) for code, _ in recipients.values()]
    return min(codes) if codes else 0


def run_digest(db: Database, now: datetime) -> str:
    """Gather each digest user's held notifications into one message a day."""
    settings = get_settings(db)
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    day = to_local(now, tz).strftime("%d.%m.%Y")
    digests = messages = 0
    with write_tx(db):
        for login, held in held_by_login(db).items():
            row = db.execute("SELECT email FROM users WHERE login = ?", [login]).fetchone()
            email = (row[0] if row and row[0] else None) or held[-1]["email"]
            lines = [N.DIGEST_INTRO.format(count=len(held)), ""]
            for message in held:
                subject, _ = render_message(message, settings)
                at = from_stored(message["created_at"])
                when = to_local(at, tz).strftime("%d.%m %H:%M") if at else ""
                lines.append(N.DIGEST_LINE.format(at=when, subject=subject))
            body = "\n".join(lines)
            subject = N.DIGEST_SUBJECT.format(day=day, count=len(held))
            queue_digest(db, login, email, subject, body, [m["id"] for m in held], now)
            digests += 1
            messages += len(held)
    return T.RESULT_DIGEST.format(digests=digests, messages=messages)


def run_purge_sessions(db: Database, now: datetime) -> str:
    """Delete sessions that ended or were idle past the timeout (they can never be used again)."""
    idle = int(get_settings(db)["session_idle_minutes"])
    return T.RESULT_PURGE.format(sessions=purge_sessions(db, now, idle))


def database_file(db: Database) -> Path:
    """The file behind a connection (main database)."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    raise RuntimeError("in-memory database has no file to back up")


def backup_folder(db: Database, settings: Mapping[str, Any]) -> Path:
    """The backup_dir setting, or `backups` beside the database file."""
    folder = str(settings.get("backup_dir") or "").strip()
    return Path(folder) if folder else database_file(db).parent / "backups"


def run_backup(db: Database, now: datetime) -> str:
    """An online copy of the database, keeping the newest `backup_keep` copies in the folder."""
    settings = get_settings(db)
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    folder = backup_folder(db, settings)
    stem = database_file(db).stem
    name = f"{stem}-backup-{to_local(now, tz).strftime('%Y-%m-%d_%H%M%S')}.sqlite"
    target = backup_to(db, SYSTEM, folder / name)
    copies = sorted(folder.glob(f"{stem}-backup-*.sqlite"))
    keep = int(settings["backup_keep"])
    removed = 0
    for old in copies[: max(len(copies) - keep, 0)]:
        old.unlink(missing_ok=True)
        removed += 1
    size = f"{target.stat().st_size / 2**20:.1f}".replace(".", ",")
    return T.RESULT_BACKUP.format(file=target.name, size=size, removed=removed)


def run_demo_refresh(db: Database, now: datetime) -> str:
    """Issue 14: the monitor's demo moved to today (a no-op on real data)."""
    return TM.JOB_DEMO_RESULT.format(hours=round(shift_demo_to_now(db, now) / 3600, 1))


def run_refusal_queue(db: Database, now: datetime) -> str:
    """Tell QC and the head once when conditional refusals wait past the target (issue 12)."""
    from db.deals import check_late_refusals

    tz = str(get_settings(db).get("timezone") or DEFAULT_TZ)
    found = check_late_refusals(db, now, tz)
    return DT.JOB_RESULT.format(awaiting=found["awaiting"], overdue=found["overdue"],
                                new=found["new_overdue"], mails=found["mails"])  # fmt: skip


JOBS: list[JobSpec] = [
    JobSpec("alerts", T.JOB_ALERTS, run_alerts, 10),
    JobSpec("send_mail", T.JOB_SEND_MAIL, run_send_mail, 30),
    JobSpec("connect_sync", T.JOB_CONNECT, run_connect_sync, 300),
    JobSpec("digest", T.JOB_DIGEST, run_digest, 86400, daily_hour_setting="digest_hour"),
    JobSpec("purge_sessions", T.JOB_PURGE_SESSIONS, run_purge_sessions, 3600),
    JobSpec("backup", T.JOB_BACKUP, run_backup, 86400, "backup_hour", lease_s=3 * 3600),
    JobSpec("equipment_reminders", EQ.JOB_REMINDERS, run_reminder_job, 3600),
    JobSpec("refusal_queue", DT.JOB_QUEUE, run_refusal_queue, 3600),  # issue 12
    JobSpec("listening_plan", SHOP.JOB_LISTENING, run_listening_job, 86400, "digest_hour"),
    # module issues: append one JobSpec line each here
    JobSpec("demo_refresh", TM.JOB_DEMO, run_demo_refresh, 900),  # issue 14: demo moved to today
]


# ---- mail ------------------------------------------------------------------------------------


class _Blank(dict):
    """format_map helper: a placeholder without a value prints as empty, never raises."""

    def __missing__(self, key: str) -> str:
        return ""


def render_message(message: Mapping[str, Any], settings: Mapping[str, Any]) -> tuple[str, str]:
    """Subject and body of an outbox row: its own text, or its event's template with its params,
    plus the link (made absolute with the app_url setting) and the footer."""
    subject, body = message.get("subject"), message.get("body")
    if subject is None or body is None:
        params = _Blank(json.loads(message.get("params") or "{}"))
        if "reason" in params:
            params["reason"] = N.CALLBACK_REASONS.get(params["reason"], params["reason"])
        subject_t, body_t = N.EVENT_MAIL.get(
            message["event"], (N.EVENT_TITLES.get(message["event"], message["event"]), "")
        )
        subject, body = subject_t.format_map(params), body_t.format_map(params)
    link = str(message.get("link") or "")
    parts = [body]
    if link:
        base = str(settings.get("app_url") or "").rstrip("/")
        parts.append(N.MAIL_LINK.format(url=base + link if link.startswith("/") else link))
    parts.append(N.MAIL_FOOTER)
    return " ".join(subject.split()), "\n\n".join(p for p in parts if p)


def build_message(settings: Mapping[str, Any], to: str, subject: str, body: str) -> EmailMessage:
    """One plain-text UTF-8 e-mail."""
    sender = str(settings.get("smtp_from") or settings.get("smtp_user") or N.MAIL_DEFAULT_FROM)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    return message


def open_smtp(settings: Mapping[str, Any], timeout: float = SMTP_TIMEOUT_S) -> smtplib.SMTP:
    """A logged-in SMTP connection per the smtp_* settings (none | starttls | ssl)."""
    host, port = str(settings["smtp_host"]), int(settings["smtp_port"])
    security = str(settings.get("smtp_security") or "starttls")
    context = ssl.create_default_context()
    try:
        if security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=context
            )
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
            if security == "starttls":
                connection.starttls(context=context)
        if settings.get("smtp_user"):
            connection.login(str(settings["smtp_user"]), str(settings.get("smtp_password") or ""))
    except (smtplib.SMTPException, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        text = T.ERROR_MAIL.format(host=host, port=port, reason=reason)
        raise MailError(scrub(text, settings)) from exc
    return connection


def send_test_mail(settings: Mapping[str, Any], to: str) -> None:
    """Send the «Проверить почту» message right away (not through the outbox); MailError if not."""
    connection = open_smtp(settings)
    try:
        connection.send_message(build_message(settings, to, N.TEST_SUBJECT, N.TEST_BODY))
    except (smtplib.SMTPException, OSError) as exc:
        reason = str(exc) or type(exc).__name__
        text = T.ERROR_MAIL.format(
            host=settings["smtp_host"], port=settings["smtp_port"], reason=reason
        )
        raise MailError(scrub(text, settings)) from exc
    finally:
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            pass


def scrub(text: str, settings: Mapping[str, Any]) -> str:
    """Hide every secret setting's value in a text bound for a page, the database or a log."""
    for key in SECRET_KEYS:
        value = str(settings.get(key) or "")
        if len(value) >= 3:
            text = text.replace(value, T.SECRET_MASK)
    return text[:MAX_ERROR]


# ---- scheduling --------------------------------------------------------------------------------


def job_by_name(name: str) -> JobSpec:
    """The spec of a job, or UnknownJob."""
    for spec in JOBS:
        if spec.name == name:
            return spec
    raise UnknownJob(name)


def period_of(db: Database, spec: JobSpec) -> int:
    """A job's period in seconds: its setting, else its default."""
    return job_period_setting(db, spec.name) or spec.default_period_s


def due_at(
    db: Database, spec: JobSpec, state: Mapping[str, Any], settings: Mapping[str, Any]
) -> datetime:
    """When the job should run next (a daily job at its local hour; failures back off)."""
    hour = int(settings[spec.daily_hour_setting]) if spec.daily_hour_setting else None
    known = from_stored(state["known_since"]) or utcnow()
    return next_run(
        from_stored(state["last_started"]),
        int(state["failures"]),
        period_of(db, spec),
        known,
        hour,
        str(settings.get("timezone") or DEFAULT_TZ),
    )


def iso(moment: str | datetime | None) -> str | None:
    """A stored UTC text or an aware moment as ISO 8601 UTC with Z, to the second (JSON)."""
    if isinstance(moment, str):
        moment = from_stored(moment)
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def job_overview(db: Database) -> list[dict[str, Any]]:
    """Every job with its period, last and next run, result and error (the page shows the same)."""
    now = utcnow()
    ensure_jobs(db, [spec.name for spec in JOBS], now)
    states = job_states(db)
    settings = get_settings(db)
    rows = []
    for spec in JOBS:
        state = states[spec.name]
        lease = from_stored(state["lease_until"])
        rows.append(
            {
                "name": spec.name,
                "title": spec.title,
                "period_s": period_of(db, spec),
                "daily_hour": (
                    int(settings[spec.daily_hour_setting]) if spec.daily_hour_setting else None
                ),
                "last_started": iso(state["last_started"]),
                "last_finished": iso(state["last_finished"]),
                "duration_s": state["last_duration_s"],
                "next_run": iso(due_at(db, spec, state, settings)),
                "result": state["last_result"],
                "error": state["last_error"],
                "error_at": iso(state["last_error_at"]),
                "failures": state["failures"],
                "runs": state["runs"],
                "running": lease is not None and lease > now,
            }
        )
    return rows


def run_job_as(db: Database, actor: Actor, name: str) -> JobOutcome:
    """«Запустить сейчас» on the page: admin only, audited, then run_job_once."""
    enforce(db, actor, Action.MANAGE_SETTINGS)
    job_by_name(name)
    write_audit(db, actor.login, "job.run", name)
    return run_job_once(db, name)


def new_owner() -> str:
    """A lease holder's name: host, process and a random tag (two workers in one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _execute(db: Database, spec: JobSpec, owner: str, started: datetime) -> JobOutcome:
    """Run a claimed job, record the outcome and free the lease; never raises the job's error."""
    clock = time.perf_counter()
    result: str | None = None
    error: str | None = None
    try:
        result = spec.run(db, started)
    except Exception as exc:  # a failing job must not stop the worker or the other jobs
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        try:
            settings: Mapping[str, Any] = get_settings(db)
        except Exception:
            settings = {}
        # our own errors carry a Russian reason; anything else keeps its class for the admin
        own = type(exc) in (MailError, RuntimeError)
        text = str(exc) if own and str(exc) else f"{type(exc).__name__}: {exc}".rstrip(": ")
        error = scrub(text, settings)
        logger.warning("job %s failed: %s", spec.name, error)
    seconds = time.perf_counter() - clock
    finish_job(db, spec.name, owner, started, started + timedelta(seconds=seconds), result, error)
    return JobOutcome(spec.name, result, error, seconds)


def run_job_once(db: Database, name: str, owner: str | None = None) -> JobOutcome:
    """Run one job now, whatever its schedule (`cli.py jobs run`, «Запустить сейчас»).

    Raises UnknownJob, or JobBusy while another process runs it. The outcome is recorded like a
    scheduled run; the next scheduled run counts its period from now.
    """
    spec = job_by_name(name)
    owner = owner or new_owner()
    now = utcnow()
    ensure_jobs(db, [spec.name], now)
    if not claim_job(db, spec.name, owner, now, spec.lease_s, None, force=True):
        raise JobBusy(name)
    return _execute(db, spec, owner, now)


def run_due(db: Database, spec: JobSpec, owner: str) -> float:
    """Run the job if it is due and this process wins its lease; seconds until it is due again."""
    now = utcnow()
    state = job_state(db, spec.name)
    if state is None:
        ensure_jobs(db, [spec.name], now)
        state = job_state(db, spec.name)
        assert state is not None
    settings = get_settings(db)
    due = due_at(db, spec, state, settings)
    if due > now:
        return (due - now).total_seconds()
    lease = from_stored(state["lease_until"])
    if lease is not None and lease > now:
        return POLL_S
    if not claim_job(db, spec.name, owner, now, spec.lease_s, state["last_started"]):
        return POLL_S
    _execute(db, spec, owner, now)
    return 0.0


def _job_loop(path: str, spec: JobSpec, owner: str, stop: threading.Event, poll_s: float) -> None:
    """One job's thread: its own connection, run when due, sleep until then (at most poll_s)."""
    db = connect(path)
    try:
        while not stop.is_set():
            try:
                wait = run_due(db, spec, owner)
            except Exception:  # a locked database or a bug in scheduling: log, keep going
                logger.exception("worker step of job %s failed", spec.name)
                wait = poll_s
            stop.wait(min(max(wait, 0.01), poll_s))
    finally:
        db.close()


def run_worker(
    path: str | os.PathLike[str] | None,
    stop_event: threading.Event,
    poll_s: float | None = None,
    jobs: list[JobSpec] | None = None,
) -> None:
    """Run every job when due until `stop_event` is set: one thread per job, so a slow job (a
    backup, an unreachable mail server) never delays the alerts. Blocks until stopped."""
    target = str(db_path(path))
    specs = list(JOBS if jobs is None else jobs)
    owner = new_owner()
    db = connect(target)
    ensure_jobs(db, [s.name for s in specs], utcnow())
    db.close()
    threads = [
        threading.Thread(
            target=_job_loop,
            args=(target, spec, owner, stop_event, poll_s or POLL_S),
            name=f"qc-job-{spec.name}",
            daemon=True,
        )
        for spec in specs
    ]
    for thread in threads:
        thread.start()
    logger.info("worker %s started: %s", owner, ", ".join(s.name for s in specs))
    stop_event.wait()
    for thread in threads:
        thread.join(timeout=30)


_started_lock = threading.Lock()
_started: dict[str, threading.Event] = {}


def start_worker(path: str | os.PathLike[str] | None = None) -> threading.Event:
    """Start the worker in a background thread (once per process and database); set the returned
    event to stop it. server.py calls this when the app starts."""
    target = str(db_path(path))
    with _started_lock:
        if target in _started:
            return _started[target]
        connect(target).close()  # migrate before the app's first request opens its own connection
        stop = threading.Event()
        threading.Thread(
            target=run_worker, args=(target, stop), name="qc-worker", daemon=True
        ).start()
        _started[target] = stop
        return stop


def stop_worker(path: str | os.PathLike[str] | None = None) -> None:
    """Stop the background worker of this process for a database, if it runs."""
    with _started_lock:
        stop = _started.pop(str(db_path(path)), None)
    if stop is not None:
        stop.set()


def main() -> None:
    """`python worker.py`: run only the worker (a second process beside the servers, or for cron
    use `cli.py jobs run NAME`); Ctrl+C stops it."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    try:
        run_worker(None, stop)
    except KeyboardInterrupt:
        stop.set()


if __name__ == "__main__":
    main()
