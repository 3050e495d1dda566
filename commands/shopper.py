"""Shopper and call QC commands (DESIGN §7, issue 11): import evaluations|calls, report
shopper|calibration|listening|calls."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from commands import (
    EXIT_REFUSED,
    EXIT_UNREADABLE,
    CliError,
    command_group,
    parse_day,
    resolve_actor,
)
from core.imports import file_hash
from db.calls import calls_report, known_extensions, listening_plan, store_call_import
from db.connection import connect
from db.settings import get_setting
from db.shopper import (
    calibration_json,
    calibration_report,
    current_template_id,
    load_template,
    shopper_report,
    store_evaluation_import,
)
from importers.calls import read_calls
from importers.evaluations import read_evaluations
from importers.tabular import TableError
from ui import texts
from ui.fmt import fmt_int, fmt_num, fmt_pct
from ui.texts import shopper as T

SHOWN_REJECTS = 20


def register(sub: argparse._SubParsersAction) -> None:
    """Add the shopper and call-log commands to cli.py's parser."""
    kinds = command_group(sub, "import", texts.CLI_IMPORT_HELP)
    p = kinds.add_parser("evaluations", help=T.CLI_IMPORT_EVALUATIONS)
    _import_args(p)
    p.add_argument(
        "--campaign",
        default=T.CLI_DEFAULT_CAMPAIGN,
        help=T.CLI_CAMPAIGN_HELP.format(default=T.CLI_DEFAULT_CAMPAIGN),
    )
    p.add_argument("--calibration", action="store_true", help=T.CLI_CALIBRATION_HELP)
    p.set_defaults(func=cmd_import_evaluations)

    p = kinds.add_parser("calls", help=T.CLI_IMPORT_CALLS)
    _import_args(p)
    p.set_defaults(func=cmd_import_calls)

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


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--sheet", help="лист книги")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN")
    p.add_argument("--json", action="store_true", help=texts.CLI_IMPORT_JSON_HELP)
    p.add_argument("--as", dest="as_login", metavar="LOGIN", help=texts.CLI_IMPORT_AS_HELP)


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


def read_file(path: Path) -> bytes:
    """The file's bytes; an unreadable file stops with exit 2."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(
            EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(path=path, reason=exc.strerror or exc)
        ) from exc


def problem_text(code: str) -> str:
    """The Russian name of a problem code of this module or of the shared import framework."""
    return T.PROBLEMS.get(code) or texts.IMPORT_PROBLEMS.get(code, code)


def table_error(path: Path, exc: TableError) -> CliError:
    """Exit 2 with why the whole file could not be used."""
    reason = problem_text(exc.reason)
    if exc.columns and exc.reason != "no_criteria":
        reason += ": " + ", ".join(exc.columns)
    return CliError(EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(path=path, reason=reason))


def parse_map(pairs: list[str]) -> dict[str, str]:
    """--map FIELD=COLUMN pairs as a mapping."""
    result = {}
    for pair in pairs:
        field_name, _, column = pair.partition("=")
        if field_name.strip() and column.strip():
            result[field_name.strip()] = column.strip()
    return result


def finish_import(args: argparse.Namespace, file_name: str, summary: dict[str, Any]) -> None:
    """Print the summary (JSON or text); exit 1 when no row landed (new or already stored)."""
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        print(
            texts.CLI_IMPORT_DONE.format(
                file=file_name, rows=fmt_int(summary["rows"]), imported=fmt_int(summary["imported"]),
                duplicates=fmt_int(summary["duplicates"]), rejected=fmt_int(summary["rejected"]),
            )
        )  # fmt: skip
        for reject in summary["rejects"][:SHOWN_REJECTS]:
            print(
                texts.CLI_IMPORT_REJECT_LINE.format(
                    row=reject["row"] if reject["row"] is not None else "—",
                    column=reject["column"] or "—",
                    reason=problem_text(reject["reason"]),
                    values=json.dumps(reject["values"], ensure_ascii=False, default=str),
                )
            )
    if summary["rows"] and not summary["imported"] and not summary["duplicates"]:
        raise CliError(EXIT_REFUSED, texts.CLI_REFUSED.format(reason=problem_text("missing_value")))


def cmd_import_evaluations(args: argparse.Namespace) -> None:
    path = Path(args.file)
    data = read_file(path)
    db = connect(args.db)
    actor = resolve_actor(db, args.as_login)
    template = _campaign_template(db, args.campaign)
    try:
        result = read_evaluations(
            data, path.name, template.criteria, args.calibration, parse_map(args.map) or None
        )
    except TableError as exc:
        raise table_error(path, exc) from exc
    summary = store_evaluation_import(
        db, actor, path.name, file_hash(data), result, args.campaign, args.calibration,
        str(get_setting(db, "company_name")),
    )  # fmt: skip
    finish_import(args, path.name, summary)


def _campaign_template(db: Database, name: str) -> Any:
    """The template the campaign scores on (the mystery-shopper one for a new campaign)."""
    row = db.execute("SELECT family FROM shopper_campaigns WHERE name = ?", [name]).fetchone()
    family = row[0] if row else "mystery_shopper"
    return load_template(db, current_template_id(db, family))


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
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    if args.xlsx:
        save_shopper_xlsx(report, Path(args.xlsx))
        print(texts.CLI_REPORT_SAVED.format(path=args.xlsx))
        return
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
    from commands.requests import save_workbook

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


def cmd_import_calls(args: argparse.Namespace) -> None:
    path = Path(args.file)
    data = read_file(path)
    db = connect(args.db)
    actor = resolve_actor(db, args.as_login)
    tz = str(get_setting(db, "timezone"))
    try:
        result = read_calls(data, path.name, known_extensions(db))
    except TableError as exc:
        raise table_error(path, exc) from exc
    summary = store_call_import(db, actor, path.name, file_hash(data), result, tz)
    finish_import(args, path.name, summary)


def cmd_report_calls(args: argparse.Namespace) -> None:
    db = connect(args.db)
    report = calls_report(db, args.start, args.end)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    if args.xlsx:
        from commands.requests import save_workbook

        rows = [(name, m["calls"], m["answered"], m["missed"], m["pickup_avg_s"])
                for name, m in report["by_manager"].items()]  # fmt: skip
        save_workbook(Path(args.xlsx), [(T.CALLS_BY_MANAGER[:31], (T.COL_MANAGER, T.COL_CALLS,
                      T.COL_ANSWERED, T.COL_MISSED_CALLS, T.COL_PICKUP_AVG), rows,
                      (30, 10, 10, 10, 14))])  # fmt: skip
        print(texts.CLI_REPORT_SAVED.format(path=args.xlsx))
        return
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
