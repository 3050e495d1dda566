"""Request commands of cli.py (DESIGN §7): report request-stats/queue, sync connect (the imports
of requests and 1C-Connect files go through commands/imports.py like every kind)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from commands import (
    EXIT_REFUSED,
    EXIT_UNREADABLE,
    CliError,
    command_group,
    emit_report,
    parse_day,
    save_workbook,
)
from core.calendar import working_stats
from core.imports import file_hash
from core.requests import (
    NO_BUCKET,
    RATING_BUCKETS,
    REACTION_BUCKETS,
    RESOLUTION_BUCKETS,
    WAIT_BUCKETS,
    RequestStats,
)
from core.roles import SYSTEM
from core.timeutil import to_local, utcnow
from db.calendar import load_calendar, request_times
from db.connection import connect
from db.directory import store_directory
from db.imports import store_request_import
from db.requests import FILTERS, queue_snapshot, request_stats
from db.settings import get_setting, get_settings
from importers.connect import read_connect_open
from importers.connect_sync import (
    ConnectSyncError,
    directory_paths,
    fetch_directory,
    fetch_open_requests,
)
from importers.tabular import TableError
from ui import texts
from ui.fmt import fmt_date, fmt_int, fmt_minutes, fmt_num, fmt_pct
from ui.kinds import table_error_text
from ui.texts import imports as T

# The report's columns, named as on the statistics page.
TREE_COLUMNS = (
    texts.STATS_COL_WAIT,
    texts.STATS_COL_REACTION,
    texts.STATS_COL_RESOLUTION,
    texts.STATS_COL_COUNT,
    *(texts.STATS_RATING_COLUMNS[r] for r in RATING_BUCKETS),
)
SUMMARY_COLUMNS = (
    texts.STATS_SUMMARY_TITLE,
    texts.STATS_COL_CLOSED,
    texts.STATS_COL_SHARE,
    texts.STATS_COL_UNHAPPY,
    texts.STATS_COL_NO_RATING,
    texts.STATS_COL_HAPPY,
)
SYNC_LOOKBACK = timedelta(days=90)


# ---- argparse plumbing ---------------------------------------------------------------------


def register(sub: argparse._SubParsersAction) -> None:
    """Add the request commands to cli.py's parser."""
    reports = command_group(sub, "report", texts.CLI_REPORT_HELP)
    p = reports.add_parser(
        "request-stats", help=texts.CLI_STATS_HELP, description=texts.CLI_STATS_HELP
    )
    p.add_argument(
        "--from", dest="start", metavar="D", type=parse_day, help=texts.CLI_REPORT_FROM_HELP
    )
    p.add_argument("--to", dest="end", metavar="D", type=parse_day, help=texts.CLI_REPORT_TO_HELP)
    for column in FILTERS:
        p.add_argument(f"--{column}", action="append", help=texts.CLI_STATS_FILTER_HELP[column])
    p.add_argument("--working-minutes", action="store_true", help=T.CLI_WORKING_MINUTES_HELP)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    out.add_argument("--xlsx", metavar="PATH", help=texts.CLI_REPORT_XLSX_HELP)
    p.set_defaults(func=cmd_request_stats)
    p = reports.add_parser("queue", help=texts.CLI_QUEUE_HELP, description=texts.CLI_QUEUE_HELP)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    out.add_argument("--xlsx", metavar="PATH", help=texts.CLI_REPORT_XLSX_HELP)
    p.set_defaults(func=cmd_queue)

    syncs = command_group(sub, "sync", texts.CLI_SYNC_HELP)
    p = syncs.add_parser(
        "connect", help=texts.CLI_SYNC_CONNECT_HELP, description=texts.CLI_SYNC_CONNECT_HELP
    )
    p.add_argument("--once", action="store_true", help=texts.CLI_SYNC_ONCE_HELP)
    p.add_argument("--interval", type=float, default=60.0, help=texts.CLI_SYNC_INTERVAL_HELP)
    p.set_defaults(func=cmd_sync_connect)


# ---- report request-stats ------------------------------------------------------------------


def last_full_quarter(today: date) -> tuple[date, date]:
    """[start, end) of the calendar quarter before the one containing today."""
    end = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    month = end.month - 3
    start = date(end.year, month, 1) if month >= 1 else date(end.year - 1, month + 12, 1)
    return start, end


def cmd_request_stats(args: argparse.Namespace) -> None:
    db = connect(args.db)
    tz = get_setting(db, "timezone")
    default_start, default_end = last_full_quarter(to_local(utcnow(), tz).date())
    start, end = args.start or default_start, args.end or default_end
    if end <= start:
        raise CliError(EXIT_REFUSED, texts.CLI_REPORT_BAD_PERIOD.format(start=start, end=end))
    filters = {column: getattr(args, column) for column in FILTERS if getattr(args, column)}
    if args.working_minutes:
        times = request_times(db, start, end, filters)
        stats = working_stats(start, end, times, load_calendar(db), tz)
    else:
        stats = request_stats(db, start, end, filters)
    emit_report(
        args,
        stats.to_json(),
        lambda: print(render_stats(stats)),
        lambda path: save_stats_xlsx(stats, path),
    )


def stats_tree(stats: RequestStats) -> list[list[Any]]:
    """Rows of the seed's tree: wait, reaction, resolution (one level filled a row), total, 1–3, none, 4–5."""
    labels = texts.STATS_BUCKETS
    present = {(c.wait, c.reaction, c.resolution) for c in stats.cells}
    rows: list[list[Any]] = []

    def counts(**key: str) -> list[int]:
        by_rating = [stats.count(**key, rating=r) for r in RATING_BUCKETS]
        return [sum(by_rating), *by_rating]

    for wait in _ordered({k[0] for k in present}, WAIT_BUCKETS):
        rows.append([labels["wait"].get(wait, wait), "", "", *counts(wait=wait)])
        for reaction in _ordered({k[1] for k in present if k[0] == wait}, REACTION_BUCKETS):
            rows.append(
                [
                    "",
                    labels["reaction"].get(reaction, reaction),
                    "",
                    *counts(wait=wait, reaction=reaction),
                ]
            )
            for resolution in _ordered(
                {k[2] for k in present if k[:2] == (wait, reaction)}, RESOLUTION_BUCKETS
            ):
                rows.append(
                    [
                        "",
                        "",
                        labels["resolution"].get(resolution, resolution),
                        *counts(wait=wait, reaction=reaction, resolution=resolution),
                    ]
                )
    return rows


def _ordered(values: set[str], order: tuple[str, ...]) -> list[str]:
    return sorted(values, key=lambda v: order.index(v) if v in order else len(order))


def summary_rows(stats: RequestStats) -> list[list[Any]]:
    """«Работа с обращениями»: per resolution bucket and in total — count, share, 1–3, none, 4–5."""
    return [
        [texts.STATS_SUMMARY_ROWS.get(s.resolution, texts.STATS_SUMMARY_TOTAL), s.count, s.share,
         s.unhappy, s.no_rating, s.happy]
        for s in stats.summary_with_total()
        if s.count or s.resolution != NO_BUCKET
    ]  # fmt: skip


def render_stats(stats: RequestStats) -> str:
    """The report as a plain-text table: the tree, the summary with shares, the ratings line."""
    end_inclusive = date.fromisoformat(stats.end) - timedelta(days=1)
    lines = [
        texts.CLI_STATS_TITLE.format(
            start=fmt_date(stats.start), end=fmt_date(end_inclusive), total=fmt_int(stats.total)
        )
    ]
    if not stats.total:
        lines.append(texts.STATS_NO_DATA)
        return "\n".join(lines)
    head = TREE_COLUMNS
    lines += [
        "",
        f"{head[0]:<20}{head[1]:<21}{head[2]:<17}" + "".join(f"{h:>12}" for h in head[3:]),
    ]
    for row in stats_tree(stats):
        lines.append(
            f"{row[0]:<20}{row[1]:<21}{row[2]:<17}" + "".join(f"{fmt_int(n):>12}" for n in row[3:])
        )
    head = SUMMARY_COLUMNS
    lines += [
        "",
        f"{head[0]:<30}{head[1]:>10}{head[2]:>7}" + "".join(f"{h:>19}" for h in head[3:]),
    ]
    for label, count, share, *split in summary_rows(stats):
        parts = [f"{fmt_int(n):>10} {fmt_pct(n / count if count else 0):>8}" for n in split]
        lines.append(f"{label:<30}{fmt_int(count):>10}{fmt_pct(share):>7}" + "".join(parts))
    if stats.rated:
        lines += [
            "",
            texts.CLI_STATS_RATINGS.format(
                count=fmt_int(stats.rated),
                average=fmt_num(stats.average, 2),
                unhappy=fmt_int(stats.unhappy),
                share=fmt_pct(stats.unhappy_share, 1),
            ),
        ]
    return "\n".join(lines)


def save_stats_xlsx(stats: RequestStats, path: Path) -> None:
    """Write the tree and the summary as two sheets of one workbook."""
    save_workbook(
        path,
        [
            (texts.STATS_SHEET_TREE, TREE_COLUMNS, stats_tree(stats), (20, 22, 18, 10, 12, 12, 12)),
            (texts.STATS_SHEET_SUMMARY, SUMMARY_COLUMNS, summary_rows(stats),
             (32, 10, 8, 12, 12, 12)),
        ],
        percent_columns={texts.STATS_SHEET_SUMMARY: 3},
    )  # fmt: skip


# ---- report queue --------------------------------------------------------------------------


def cmd_queue(args: argparse.Namespace) -> None:
    db = connect(args.db)
    snapshot = queue_snapshot(db)
    emit_report(
        args, snapshot, lambda: print_queue(snapshot), lambda path: save_queue_xlsx(snapshot, path)
    )


def print_queue(snapshot: dict[str, Any]) -> None:
    """The queue now as text: totals, then counts by line and by specialist."""
    print(
        texts.CLI_QUEUE_TITLE.format(
            open=fmt_int(snapshot["open"]),
            waiting=fmt_int(snapshot["waiting_unassigned"]),
            oldest=fmt_minutes(snapshot["oldest_wait_minutes"]),
        )
    )
    for title, key in (
        (texts.CLI_QUEUE_BY_LINE, "by_line"),
        (texts.CLI_QUEUE_BY_SPECIALIST, "by_specialist"),
    ):
        if snapshot[key]:
            print(title)
            for name, count in snapshot[key].items():
                print(
                    texts.CLI_QUEUE_LINE.format(
                        name=name or texts.CLI_QUEUE_NO_LINE, count=fmt_int(count)
                    )
                )


def save_queue_xlsx(snapshot: dict[str, Any], path: Path) -> None:
    """The queue's figures, its lines and its specialists as three sheets of one workbook."""
    figures = [
        (texts.QUEUE_XLSX_OPEN, snapshot["open"]),
        (texts.QUEUE_XLSX_WAITING, snapshot["waiting_unassigned"]),
        (texts.QUEUE_XLSX_OLDEST, snapshot["oldest_wait_minutes"]),
    ]
    by_line = [(name or texts.CLI_QUEUE_NO_LINE, n) for name, n in snapshot["by_line"].items()]
    save_workbook(
        path,
        [
            (texts.QUEUE_SHEET_NOW, texts.QUEUE_XLSX_FIGURES, figures, (36, 12)),
            (texts.QUEUE_SHEET_LINES, texts.QUEUE_XLSX_LINES, by_line, (40, 12)),
            (texts.QUEUE_SHEET_SPECIALISTS, texts.QUEUE_XLSX_SPECIALISTS,
             list(snapshot["by_specialist"].items()), (40, 12)),
        ],
    )  # fmt: skip


# ---- sync connect --------------------------------------------------------------------------


def public_url(url: str) -> str:
    """The address without any user:password part, for logs and messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def sync_once(db: Database, url: str, token: str, tz: str) -> dict[str, Any]:
    """One pull of the open requests, stored as a `connect-open` import by the system actor."""
    opened_from = to_local(utcnow(), tz).replace(tzinfo=None) - SYNC_LOOKBACK
    data = fetch_open_requests(url, token, opened_from)
    try:
        result = read_connect_open(data, tz)
    except TableError as exc:
        raise ConnectSyncError("answer", table_error_text(exc)) from exc
    summary = store_request_import(
        db, SYSTEM, "connect-open", public_url(url), file_hash(data), result, tz
    )
    # issue 14: names of lines, specialists and clients, from the lists the settings name
    store_directory(db, fetch_directory(url, token, directory_paths(get_settings(db))))
    return summary


def cmd_sync_connect(args: argparse.Namespace) -> None:
    db = connect(args.db)
    url, token = get_setting(db, "connect_url"), get_setting(db, "connect_token")
    if not url:
        raise CliError(EXIT_REFUSED, texts.CLI_REFUSED.format(reason=texts.CLI_SYNC_NO_URL))
    try:
        while True:
            tz = get_setting(db, "timezone")
            try:
                summary = sync_once(db, url, token, tz)
            except ConnectSyncError as exc:
                message = texts.CLI_SYNC_FAILED.format(url=public_url(url), reason=exc.detail)
                if args.once:
                    raise CliError(EXIT_UNREADABLE, message) from exc
                print(message, file=sys.stderr)
            else:
                at = to_local(utcnow(), tz).strftime("%d.%m.%Y %H:%M:%S")
                print(
                    texts.CLI_SYNC_DONE.format(
                        at=at,
                        rows=fmt_int(summary["rows"]),
                        imported=fmt_int(summary["imported"]),
                        rejected=fmt_int(summary["rejected"]),
                    ),
                    flush=True,
                )
            if args.once:
                return
            time.sleep(max(1.0, args.interval))
    except KeyboardInterrupt:
        print(texts.CLI_SYNC_STOPPED)
