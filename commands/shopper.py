"""Shopper and call QC reports (DESIGN §7, issue 11): report shopper|calibration|listening|calls.

`import evaluations|calls` go through the shared import command (importers/kinds.py registry)."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from commands import (
    EXIT_REFUSED,
    CliError,
    command_group,
    emit_report,
    parse_day,
    save_workbook,
)
from core.timeutil import to_local
from db.calls import calls_report, listening_plan, remind_listening
from db.connection import connect
from db.settings import get_setting
from db.shopper import (
    calibration_json,
    calibration_report,
    shopper_report,
)
from ui import texts
from ui.fmt import fmt_int, fmt_num, fmt_pct
from ui.texts import shopper as T


def register(sub: argparse._SubParsersAction) -> None:
    """Add the shopper and call-log commands to cli.py's parser."""
    reports = command_group(sub, "report", texts.CLI_REPORT_HELP)
    p = reports.add_parser("shopper", help=T.CLI_REPORT_SHOPPER, description=T.CLI_REPORT_SHOPPER)
    _report_args(p, campaign=True)
    p.set_defaults(func=cmd_report_shopper)
    p = reports.add_parser(
        "calibration", help=T.CLI_REPORT_CALIBRATION, description=T.CLI_REPORT_CALIBRATION
    )
    p.add_argument("--campaign", help=T.CLI_CAMPAIGN_HELP.format(default="все"))
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_report_calibration)
    p = reports.add_parser("calls", help=T.CLI_REPORT_CALLS, description=T.CLI_REPORT_CALLS)
    _report_args(p)
    p.set_defaults(func=cmd_report_calls)
    p = reports.add_parser(
        "listening", help=T.CLI_REPORT_LISTENING, description=T.CLI_REPORT_LISTENING
    )
    p.add_argument("--week", type=parse_day, metavar="D", help=T.CLI_WEEK_HELP)
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_report_listening)


def _report_args(p: argparse.ArgumentParser, campaign: bool = False) -> None:
    p.add_argument(
        "--from", dest="start", metavar="D", type=parse_day, help=texts.CLI_REPORT_FROM_HELP
    )
    p.add_argument("--to", dest="end", metavar="D", type=parse_day, help=texts.CLI_REPORT_TO_HELP)
    if campaign:
        p.add_argument("--campaign", help=T.CLI_CAMPAIGN_HELP.format(default="все"))
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    out.add_argument("--xlsx", metavar="PATH", help=texts.CLI_REPORT_XLSX_HELP)


def _campaign_id(db: Database, name: str | None) -> int | None:
    if not name:
        return None
    row = db.execute("SELECT id FROM shopper_campaigns WHERE name = ?", [name]).fetchone()
    if row is None:
        raise CliError(
            EXIT_REFUSED, texts.CLI_REFUSED.format(reason=T.CLI_UNKNOWN_CAMPAIGN.format(name=name))
        )
    return int(row[0])


def cmd_report_shopper(args: argparse.Namespace) -> None:
    db = connect(args.db)
    report = shopper_report(db, _campaign_id(db, args.campaign), args.start, args.end)
    emit_report(
        args, report, lambda: print_shopper(report), lambda path: save_shopper_xlsx(report, path)
    )


def print_shopper(report: dict[str, Any]) -> None:
    """The shopper report as text: verdicts, rounds, missed criteria."""
    v = report["verdicts"]
    print(T.CLI_SHOPPER_TITLE.format(total=fmt_int(report["total"]), pass_=fmt_int(v["pass"]),
                                     pwi=fmt_int(v["pass_with_improvements"]), fail=fmt_int(v["fail"])))  # fmt: skip
    for rnd, counts in report["by_round"].items():
        print(T.CLI_SHOPPER_ROUND.format(round=rnd, total=fmt_int(counts["total"]),
                                         pass_=fmt_int(counts["pass"]),
                                         pwi=fmt_int(counts["pass_with_improvements"]),
                                         fail=fmt_int(counts["fail"])))  # fmt: skip
    for row in report["criteria"]:
        print(T.CLI_SHOPPER_CRITERION.format(code=row["code"], name=row["name"], missed=row["missed"],
                                             severity=T.SEVERITIES.get(row["severity"], "")))  # fmt: skip


def save_shopper_xlsx(report: dict[str, Any], path: Path) -> None:
    """The report's three tables as sheets of one workbook."""
    v = report["verdicts"]
    verdicts = [(T.VERDICTS[k], n) for k, n in v.items()]
    rounds = [(r, c["total"], c["pass"], c["pass_with_improvements"], c["fail"])
              for r, c in report["by_round"].items()]  # fmt: skip
    criteria = [(r["code"], r["name"], T.SEVERITIES.get(r["severity"], ""), r["missed"])
                for r in report["criteria"]]  # fmt: skip
    save_workbook(
        path,
        [
            (T.SHEET_VERDICTS, (T.COL_VERDICT, T.COL_TOTAL), verdicts, (24, 10)),
            (T.SHEET_ROUNDS, (T.COL_ROUND, T.COL_TOTAL, T.COL_PASS, T.COL_PWI, T.COL_FAIL),
             rounds, (8, 10, 10, 20, 10)),
            (T.SHEET_CRITERIA, (T.COL_CODE, T.COL_CRITERION, T.COL_SEVERITY, T.COL_MISSED),
             criteria, (6, 70, 10, 10)),
        ],
    )  # fmt: skip


def cmd_report_calibration(args: argparse.Namespace) -> None:
    db = connect(args.db)
    result, _drift = calibration_report(db, _campaign_id(db, args.campaign))
    data = calibration_json(result)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return
    print(T.CLI_CALIBRATION_TITLE.format(calls=fmt_int(data["calls"])))
    for pair in data["pairs"]:
        print(T.CLI_CALIBRATION_PAIR.format(a=pair["a"], b=pair["b"], kappa=fmt_num(pair["kappa"], 3),
                                            agreement=fmt_pct(pair["agreement"])))  # fmt: skip


def today_local(db: Database) -> date:
    """Today in the configured zone."""
    from core.timeutil import to_local, utcnow

    return to_local(utcnow(), str(get_setting(db, "timezone"))).date()


def cmd_report_calls(args: argparse.Namespace) -> None:
    db = connect(args.db)
    report = calls_report(db, args.start, args.end)
    emit_report(
        args, report, lambda: print_calls(report), lambda path: save_calls_xlsx(report, path)
    )


def save_calls_xlsx(report: dict[str, Any], path: Path) -> None:
    """The calls per manager as one sheet."""
    rows = [(name, m["calls"], m["answered"], m["missed"], m["pickup_avg_s"])
            for name, m in report["by_manager"].items()]  # fmt: skip
    head = (T.COL_MANAGER, T.COL_CALLS, T.COL_ANSWERED, T.COL_MISSED_CALLS, T.COL_PICKUP_AVG)
    save_workbook(path, [(T.CALLS_BY_MANAGER[:31], head, rows)])


def print_calls(report: dict[str, Any]) -> None:
    """The calls report as text: totals, then a line per manager."""
    print(T.CLI_CALLS_TITLE.format(calls=fmt_int(report["calls"]), answered=fmt_int(report["answered"]),
                                   missed=fmt_int(report["missed"])))  # fmt: skip
    for name, m in report["by_manager"].items():
        print(T.CLI_CALLS_MANAGER.format(name=name, calls=fmt_int(m["calls"]),
                                         answered=fmt_int(m["answered"]), missed=fmt_int(m["missed"])))  # fmt: skip


def cmd_report_listening(args: argparse.Namespace) -> None:
    db = connect(args.db)
    plan = listening_plan(
        db, args.week or today_local(db), int(get_setting(db, "listening_per_week"))
    )
    if args.json:
        print(json.dumps(plan, ensure_ascii=False))
        return
    for row in plan["managers"]:
        print(T.CLI_LISTENING_LINE.format(name=row["name"], goal=row["goal"], done=row["done"],
                                          behind=row["behind"]))  # fmt: skip


def run_listening_job(db: Database, now: datetime) -> str:
    """The worker's «listening_plan» job: tell the head who is behind, once a day."""
    today = to_local(now, str(get_setting(db, "timezone"))).date()
    result = remind_listening(db, today, int(get_setting(db, "listening_per_week")))
    return T.JOB_LISTENING_RESULT.format(**result)
