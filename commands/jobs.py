"""Background-job commands of cli.py (DESIGN §7): jobs list [--json], jobs run NAME, report alerts."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

from commands import EXIT_REFUSED, CliError, command_group, parse_day
from core.timeutil import DEFAULT_TZ, from_stored, period_utc, to_local, utcnow
from db.alerts import list_alerts
from db.connection import connect
from db.settings import get_settings
from ui import texts
from ui.texts import jobs as T
from worker import JOBS, JobBusy, UnknownJob, iso, job_overview, run_job_once


def local_text(stored: str | None, tz: str) -> str:
    """An ISO or stored UTC time as local «ДД.ММ.ГГГГ ЧЧ:ММ:СС», or a dash."""
    moment = from_stored(stored.rstrip("Z").replace("T", " ")) if stored else None
    return to_local(moment, tz).strftime("%d.%m.%Y %H:%M:%S") if moment else T.NEVER


def cmd_jobs_list(args: argparse.Namespace) -> None:
    db = connect(args.db)
    rows = job_overview(db)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    tz = str(get_settings(db).get("timezone") or DEFAULT_TZ)
    for row in rows:
        if row["running"]:
            state = T.JOBS_STATE_RUNNING
        elif row["failures"]:
            state = T.JOBS_STATE_FAILING.format(failures=row["failures"]) + f": {row['error']}"
        elif row["last_started"]:
            state = row["result"] or ""
        else:
            state = T.JOBS_STATE_NEW
        period = (
            f"{row['daily_hour']:02d}:00"
            if row["daily_hour"] is not None
            else f"{row['period_s']} с"
        )
        print(
            T.CLI_JOBS_LINE.format(
                name=row["name"],
                period=period,
                last=local_text(row["last_started"], tz),
                next=local_text(row["next_run"], tz),
                state=state,
            )
        )


def cmd_jobs_run(args: argparse.Namespace) -> None:
    db = connect(args.db)
    try:
        outcome = run_job_once(db, args.name)
    except UnknownJob as exc:
        names = ", ".join(spec.name for spec in JOBS)
        raise CliError(
            EXIT_REFUSED,
            texts.CLI_REFUSED.format(reason=T.CLI_JOBS_UNKNOWN.format(name=args.name, names=names)),
        ) from exc
    except JobBusy as exc:
        raise CliError(
            EXIT_REFUSED, texts.CLI_REFUSED.format(reason=T.CLI_JOBS_BUSY.format(name=args.name))
        ) from exc
    if args.json:
        print(
            json.dumps(
                {
                    "name": outcome.name,
                    "ok": outcome.ok,
                    "result": outcome.result,
                    "error": outcome.error,
                    "seconds": round(outcome.seconds, 3),
                },
                ensure_ascii=False,
            )
        )
    if not outcome.ok:
        raise CliError(EXIT_REFUSED, T.CLI_JOBS_FAILED.format(name=args.name, error=outcome.error))
    if not args.json:
        print(T.CLI_JOBS_DONE.format(name=outcome.name, result=outcome.result))


def cmd_report_alerts(args: argparse.Namespace) -> None:
    db = connect(args.db)
    tz = str(get_settings(db).get("timezone") or DEFAULT_TZ)
    start = end = None
    if args.start or args.end:
        first = args.start or (args.end - timedelta(days=36500))
        last = args.end or (to_local(utcnow(), tz).date() + timedelta(days=1))
        start, end = period_utc(first, last, tz)
        start = start if args.start else None
        end = end if args.end else None
    rows = [
        {
            "kind": row["kind"],
            "request_id": row["request_id"],
            "at": iso(row["at"]),
            "acknowledged": bool(row["acknowledged"]),
        }
        for row in list_alerts(db, start, end)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        mark = "✓" if row["acknowledged"] else " "
        kind = texts.MONITOR_ALERT_KINDS.get(row["kind"], row["kind"])
        print(f"{mark} {local_text(row['at'], tz)}  {row['request_id']:<20} {kind}")


def register(sub: argparse._SubParsersAction) -> None:
    """Add `jobs list|run` and `report alerts` to cli.py's parser."""
    p = sub.add_parser("jobs", help=T.CLI_JOBS_HELP, description=T.CLI_JOBS_HELP)
    jobs = p.add_subparsers(dest="jobs_command", required=True)
    q = jobs.add_parser("list", help=T.CLI_JOBS_LIST_HELP)
    q.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    q.set_defaults(func=cmd_jobs_list)
    q = jobs.add_parser("run", help=T.CLI_JOBS_RUN_HELP)
    q.add_argument("name", metavar="NAME")
    q.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    q.set_defaults(func=cmd_jobs_run)

    reports = command_group(sub, "report", texts.CLI_REPORT_HELP)
    q = reports.add_parser("alerts", help=T.CLI_ALERTS_HELP, description=T.CLI_ALERTS_HELP)
    q.add_argument(
        "--from", dest="start", metavar="D", type=parse_day, help=texts.CLI_REPORT_FROM_HELP
    )
    q.add_argument("--to", dest="end", metavar="D", type=parse_day, help=texts.CLI_REPORT_TO_HELP)
    q.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    q.set_defaults(func=cmd_report_alerts)
