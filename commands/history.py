"""Request histories and 1C-Connect sessions in the CLI (DESIGN §7, issue 14): `report requests`,
`report remote-sessions`, `requests close-stale`."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from commands import (
    EXIT_REFUSED,
    CliError,
    command_group,
    emit_report,
    parse_day,
    resolve_actor,
    save_workbook,
)
from core.requests import (
    NO_BUCKET,
    RATING_BUCKETS,
    REACTION_BUCKETS,
    RESOLUTION_BUCKETS,
    WAIT_BUCKETS,
)
from core.timeutil import from_stored, to_local
from db.connection import connect
from db.directory import with_names
from db.history import (
    STATUSES,
    close_stale,
    in_working_minutes,
    list_requests,
    requests_json,
    session_summary,
)
from db.requests import FILTERS
from db.settings import get_setting
from ui import texts
from ui.fmt import fmt_dt, fmt_int, fmt_num
from ui.texts import drill as D
from ui.texts import monitor as T
from ui.texts import requests_list as R

# the statistics' buckets as options of `report requests` (the codes the JSON report gives)
BUCKET_OPTIONS = {
    "wait_b": ("wait", (*WAIT_BUCKETS, NO_BUCKET)),
    "reaction_b": ("reaction", (*REACTION_BUCKETS, NO_BUCKET)),
    "resolution_b": ("resolution", (*RESOLUTION_BUCKETS, NO_BUCKET)),
    "rating_b": ("rating-group", RATING_BUCKETS),
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add `report requests`, `report remote-sessions` and `requests close-stale`."""
    reports = command_group(sub, "report", texts.CLI_REPORT_HELP)
    p = reports.add_parser("requests", help=T.CLI_REQUESTS_HELP, description=T.CLI_REQUESTS_HELP)
    _period(p)
    for column in FILTERS:
        p.add_argument(f"--{column}", action="append", help=texts.CLI_STATS_FILTER_HELP[column])
    p.add_argument("--status", choices=STATUSES, help=T.CLI_REQUESTS_STATUS_HELP)
    # issue 14, item 5: any figure of the statistics as a list, like the pages' drill-down
    for column, (option, choices) in BUCKET_OPTIONS.items():
        p.add_argument(f"--{option}", choices=choices, help=D.CLI_BUCKET_HELP[column])
    p.add_argument("--rating", type=int, action="append", choices=range(1, 6),
                   help=D.CLI_RATING_HELP)  # fmt: skip
    # the statistics' «в рабочих минутах»; --working-minutes as `report request-stats` says it
    p.add_argument("--working", "--working-minutes", dest="working", action="store_true",
                   help=R.CLI_WORKING_HELP)  # fmt: skip
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    out.add_argument("--xlsx", metavar="PATH", help=texts.CLI_REPORT_XLSX_HELP)
    p.set_defaults(func=cmd_requests)

    p = reports.add_parser("remote-sessions", help=T.CLI_REMOTE_HELP, description=T.CLI_REMOTE_HELP)
    _period(p)
    p.add_argument(
        "--kind", choices=("remote", "call"), default="remote", help=T.CLI_REMOTE_KIND_HELP
    )
    p.add_argument("--specialist", action="append", help=texts.CLI_STATS_FILTER_HELP["specialist"])
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_remote_sessions)

    group = command_group(sub, "requests", T.CLI_STALE_GROUP_HELP)
    p = group.add_parser("close-stale", help=T.CLI_STALE_HELP, description=T.CLI_STALE_HELP)
    p.add_argument("--days", type=int, help=T.CLI_STALE_DAYS_HELP)
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help=T.CLI_STALE_AS_HELP)
    p.add_argument("--dry-run", action="store_true", help=T.CLI_STALE_DRY_HELP)
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_close_stale)


def _period(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from", dest="start", metavar="D", type=parse_day, help=texts.CLI_REPORT_FROM_HELP
    )
    p.add_argument("--to", dest="end", metavar="D", type=parse_day, help=texts.CLI_REPORT_TO_HELP)


def _check_period(args: argparse.Namespace) -> None:
    if args.start and args.end and args.end <= args.start:
        raise CliError(
            EXIT_REFUSED, texts.CLI_REPORT_BAD_PERIOD.format(start=args.start, end=args.end)
        )


def cmd_requests(args: argparse.Namespace) -> None:
    _check_period(args)
    db = connect(args.db)
    tz = get_setting(db, "timezone")
    filters = {column: getattr(args, column) for column in FILTERS if getattr(args, column)}
    buckets: dict[str, Any] = {
        column: getattr(args, option.replace("-", "_"))
        for column, (option, _) in BUCKET_OPTIONS.items()
        if getattr(args, option.replace("-", "_")) is not None
    }
    ids = None
    if args.working:  # the time buckets as the working-time statistics count them
        start, end = args.start or date.min, args.end or date.max
        buckets, ids = in_working_minutes(db, start, end, filters, buckets, tz)
    rows = list_requests(db, args.start, args.end, filters, args.status, buckets,
                         ratings=args.rating, ids=ids)  # fmt: skip
    emit_report(
        args,
        requests_json(rows),
        lambda: print_requests(rows, tz),
        lambda path: save_requests_xlsx(with_names(db, rows), tz, path),
    )


def print_requests(rows: list[dict[str, Any]], tz: str) -> None:
    print(T.CLI_REQUESTS_TITLE.format(count=fmt_int(len(rows))))
    for r in rows:
        print(
            T.CLI_REQUESTS_LINE.format(
                id=r["id"],
                created=fmt_dt(r["created_at"], tz),
                status=T.STATUS_NAMES[r["status"]],
                line=r["line"] or "—",
                specialist=r["specialist"] or "—",
                client=r["client"] or "—",
                rating=r["rating"] if r["rating"] is not None else "—",
            )
        )


def _local(stored: str | None, tz: str) -> datetime | None:
    moment = from_stored(stored)
    return None if moment is None else to_local(moment, tz).replace(tzinfo=None)


def save_requests_xlsx(rows: list[dict[str, Any]], tz: str, path: Path) -> None:
    """The list as the pages' drill-down exports it (names shown, local times) plus its status."""
    times = ("created_at", "assigned_at", "first_reply_at", "closed_at")
    columns = [c for c in T.DRILL_COL if c != "history"]
    header = [T.DRILL_COL[c] for c in columns] + [R.COL_STATUS]
    table = [
        [_local(r[c], tz) if c in times else r[c] for c in columns] + [T.STATUS_NAMES[r["status"]]]
        for r in rows
    ]
    save_workbook(path, [(R.SHEET, header, table)])


def cmd_remote_sessions(args: argparse.Namespace) -> None:
    _check_period(args)
    db = connect(args.db)
    summary = session_summary(db, args.start, args.end, args.kind, args.specialist)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    print(
        T.CLI_REMOTE_TITLE.format(
            kind=T.SESSION_KINDS[args.kind],
            total=fmt_int(summary["total"]),
            succeeded=fmt_int(summary["succeeded"]),
            failed=fmt_int(summary["failed"]),
            minutes=fmt_num(summary["minutes"], 0),
        )
    )
    for row in summary["specialists"]:
        print(
            T.CLI_REMOTE_SPECIALIST.format(
                name=row["name"] or "—",
                total=fmt_int(row["total"]),
                failed=fmt_int(row["failed"]),
                minutes=fmt_num(row["minutes"], 0),
            )
        )


def cmd_close_stale(args: argparse.Namespace) -> None:
    from db.history import stale_candidates

    db = connect(args.db)
    days = args.days or int(get_setting(db, "stale_after_days"))
    actor = resolve_actor(db, args.as_login)
    if args.dry_run:
        ids = [r["id"] for r in stale_candidates(db, days)]
    else:
        ids = close_stale(db, actor, days)
    if args.json:
        print(json.dumps({"days": days, "closed": 0 if args.dry_run else len(ids), "ids": ids}))
        return
    template = T.CLI_STALE_FOUND if args.dry_run else T.CLI_STALE_DONE
    print(template.format(days=days, count=fmt_int(len(ids))))
