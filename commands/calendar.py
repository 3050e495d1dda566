"""Calendar commands of cli.py (DESIGN §7): report calendar — working days and hours of a year."""

from __future__ import annotations

import argparse
import json
from typing import Any

from commands import command_group
from core.calendar import BusinessCalendar, year_figures
from core.timeutil import to_local, utcnow
from db.calendar import load_calendar
from db.connection import connect
from db.settings import get_setting
from ui import texts
from ui.fmt import fmt_int, fmt_num
from ui.texts import imports as T


def register(sub: argparse._SubParsersAction) -> None:
    """Add `report calendar` to cli.py's parser."""
    reports = command_group(sub, "report", texts.CLI_REPORT_HELP)
    p = reports.add_parser("calendar", help=T.CLI_CALENDAR_HELP, description=T.CLI_CALENDAR_HELP)
    p.add_argument("--year", type=int, help=T.CLI_CALENDAR_YEAR_HELP)
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_calendar)


def hours(minutes: int) -> int | float:
    """Working hours as the production calendar writes them (whole when whole)."""
    value = minutes / 60
    return int(value) if value.is_integer() else round(value, 2)


def calendar_report(calendar: BusinessCalendar, year: int) -> dict[str, Any]:
    """`report calendar --json`: {"year", "working_days", "working_hours", "shortened_days",
    "months": [{"month", "working_days", "working_hours"}]}."""
    whole, months = year_figures(calendar, year)
    return {
        "year": year,
        "working_days": whole.working_days,
        "working_hours": hours(whole.working_minutes),
        "shortened_days": whole.shortened_days,
        "months": [
            {
                "month": number,
                "working_days": month.working_days,
                "working_hours": hours(month.working_minutes),
            }
            for number, month in enumerate(months, start=1)
        ],
    }


def cmd_calendar(args: argparse.Namespace) -> None:
    db = connect(args.db)
    year = args.year or to_local(utcnow(), get_setting(db, "timezone")).year
    report = calendar_report(load_calendar(db), year)
    if args.json:
        print(json.dumps(report, ensure_ascii=False), flush=True)
        return
    print(
        T.CLI_CALENDAR_TITLE.format(
            year=year,
            days=fmt_int(report["working_days"]),
            hours=fmt_num(
                report["working_hours"], 0 if isinstance(report["working_hours"], int) else 1
            ),
            short=fmt_int(report["shortened_days"]),
        )
    )
    for month in report["months"]:
        print(
            T.CLI_CALENDAR_MONTH.format(
                month=T.MONTHS[month["month"] - 1],
                days=fmt_int(month["working_days"]),
                hours=fmt_num(
                    month["working_hours"], 0 if isinstance(month["working_hours"], int) else 1
                ),
            )
        )
