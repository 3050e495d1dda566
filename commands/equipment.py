"""Equipment commands of cli.py (DESIGN §7, seed 003): import products|sales|tenders|equipment,
remind, report maintenance-due|share-of-wallet|competitors|telemarketing."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
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
from core.equipment import EquipmentError
from core.imports import ImportResult, file_hash
from core.timeutil import to_local, utcnow
from db.connection import connect
from db.equipment import (
    maintenance_due,
    run_reminders,
    store_equipment_file,
    store_products,
    store_sales,
)
from db.notify import notify
from db.settings import get_setting
from db.telemarketing import telemarketing_report
from db.tenders import competitor_report, share_of_wallet_report, store_tenders
from importers.equipment import read_equipment
from importers.products import read_products
from importers.sales import read_sales
from importers.tabular import TableError
from importers.tenders import read_tenders
from ui import texts
from ui.texts import equipment as T

REMINDER_EVENT = "equipment_reminder"
Reader = Callable[..., ImportResult[Any]]
Store = Callable[[Database, Any, str, str, Any], dict[str, Any]]
KINDS: dict[str, tuple[Reader, Store]] = {
    "products": (read_products, store_products),
    "sales": (read_sales, store_sales),
    "tenders": (read_tenders, store_tenders),
    "equipment": (read_equipment, store_equipment_file),
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the equipment commands to cli.py's parser."""
    kinds = command_group(sub, "import", texts.CLI_IMPORT_HELP)
    for kind, help_text in T.CLI_IMPORT_KINDS.items():
        if kind in kinds.choices:
            continue  # another module registered this kind already
        p = kinds.add_parser(kind, help=help_text, description=help_text)
        p.add_argument("file")
        p.add_argument("--sheet", help=T.CLI_SHEET_HELP)
        p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                       help=T.CLI_MAP_HELP)  # fmt: skip
        p.add_argument("--mapping", metavar="FILE", help=T.CLI_MAPPING_HELP)
        p.add_argument("--dry-run", action="store_true", help=T.CLI_DRY_RUN_HELP)
        p.add_argument("--json", action="store_true", help=texts.CLI_IMPORT_JSON_HELP)
        p.add_argument("--as", dest="as_login", metavar="LOGIN", help=texts.CLI_IMPORT_AS_HELP)
        p.set_defaults(func=cmd_import, kind=kind)

    p = sub.add_parser("remind", help=T.CLI_REMIND_HELP, description=T.CLI_REMIND_HELP)
    p.add_argument("--today", type=parse_day, metavar="D", help=T.CLI_REMIND_TODAY_HELP)
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_remind)

    reports = command_group(sub, "report", texts.CLI_REPORT_HELP)
    specs = (
        ("maintenance-due", T.CLI_DUE_HELP, cmd_maintenance_due),
        ("share-of-wallet", T.CLI_SOW_HELP, cmd_share_of_wallet),
        ("competitors", T.CLI_COMPETITORS_HELP, cmd_competitors),
        ("telemarketing", T.CLI_TM_HELP, cmd_telemarketing),
    )
    for name, help_text, func in specs:
        p = reports.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--from", dest="start", metavar="D", type=parse_day,
                       help=texts.CLI_REPORT_FROM_HELP)  # fmt: skip
        p.add_argument("--to", dest="end", metavar="D", type=parse_day,
                       help=texts.CLI_REPORT_TO_HELP)  # fmt: skip
        if name == "maintenance-due":
            p.add_argument("--owner", choices=("ours", "competitor"), help=T.CLI_DUE_OWNER_HELP)
        out = p.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
        out.add_argument("--xlsx", metavar="PATH", help=texts.CLI_REPORT_XLSX_HELP)
        p.set_defaults(func=func)


# ---- import --------------------------------------------------------------------------------


def parse_mapping(pairs: Sequence[str], mapping_file: str | None) -> dict[str, int | str]:
    """FIELD=COLUMN pairs and a JSON mapping file as one mapping (the pairs win)."""
    mapping: dict[str, int | str] = {}
    if mapping_file:
        try:
            loaded = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CliError(EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(
                path=mapping_file, reason=exc)) from exc  # fmt: skip
        mapping.update({str(k): v for k, v in dict(loaded).items() if v is not None})
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip():
            raise CliError(EXIT_REFUSED, T.CLI_BAD_MAP.format(value=pair))
        column = column.strip()
        mapping[field.strip()] = int(column) - 1 if column.isdigit() else column
    return mapping


def _problem(code: str) -> str:
    return T.PROBLEMS.get(code) or texts.IMPORT_PROBLEMS.get(code, code)


def cmd_import(args: argparse.Namespace) -> None:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(
            path=path, reason=exc.strerror or exc)) from exc  # fmt: skip
    mapping = parse_mapping(args.map, args.mapping)
    reader, store = KINDS[args.kind]
    try:
        result = reader(data, path.name, mapping=mapping or None, sheet=args.sheet)
    except TableError as exc:
        reason = _problem(exc.reason) + (f": {', '.join(exc.columns)}" if exc.columns else "")
        raise CliError(EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(
            path=path, reason=reason)) from exc  # fmt: skip
    if args.dry_run:
        summary = {
            "rows": result.rows,
            "imported": 0,
            "duplicates": 0,
            "rejected": len(result.problems),
            "rejects": [p.to_json() for p in result.problems],
            "records": len(result.records),
            "dry_run": True,
        }
        if hasattr(result, "warnings"):
            summary["warnings"] = [w.to_json() for w in result.warnings]
    else:
        db = connect(args.db)
        actor = resolve_actor(db, args.as_login)
        summary = store(db, actor, path.name, file_hash(data), result)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        _print_import(path.name, summary)
    if not args.dry_run and summary["imported"] == 0 and summary["duplicates"] == 0:
        raise CliError(EXIT_REFUSED, texts.CLI_REFUSED.format(
            reason=T.CLI_NO_ROWS.format(count=summary["rows"])))  # fmt: skip


def _print_import(file_name: str, summary: dict[str, Any]) -> None:
    if summary.get("dry_run"):
        print(T.CLI_DRY_RUN_DONE.format(rows=summary["rows"], records=summary["records"],
                                        rejected=summary["rejected"]))  # fmt: skip
    else:
        print(texts.CLI_IMPORT_DONE.format(
            file=file_name, rows=summary["rows"], imported=summary["imported"],
            duplicates=summary["duplicates"], rejected=summary["rejected"]))  # fmt: skip
    for reject in summary["rejects"][:20]:
        print(texts.CLI_IMPORT_REJECT_LINE.format(
            row=reject["row"] if reject["row"] is not None else "—",
            column=reject["column"] or "—", reason=_problem(reject["reason"]),
            values=json.dumps(reject["values"], ensure_ascii=False, default=str)))  # fmt: skip
    warnings = summary.get("warnings") or []
    if warnings:
        print(T.CLI_WARNINGS.format(count=len(warnings)))
        for warning in warnings[:20]:
            print(texts.CLI_IMPORT_REJECT_LINE.format(
                row=warning["row"] if warning["row"] is not None else "—",
                column=warning["column"] or "—", reason=_problem(warning["reason"]),
                values=json.dumps(warning["values"], ensure_ascii=False, default=str)))  # fmt: skip


# ---- remind --------------------------------------------------------------------------------


def local_today(db: Database) -> date:
    """Today in the configured time zone."""
    return to_local(utcnow(), str(get_setting(db, "timezone"))).date()


def queue_reminder_mail(db: Database, notices: list[dict[str, Any]]) -> None:
    """E-mail each assignee one message about their new or raised reminders, queued in the
    reminder run's transaction (an assignee who is not a user gets none)."""
    by_person: dict[str, list[dict[str, Any]]] = {}
    for notice in notices:
        if notice["assignee"]:
            by_person.setdefault(notice["assignee"], []).append(notice)
    for login, items in by_person.items():
        lines = []
        for item in items:
            name, serial, client = db.execute(
                "SELECT e.name, COALESCE(e.serial, ''), c.name FROM equipment e "
                "JOIN clients c ON c.id = e.client_id WHERE e.id = ?",
                [item["equipment_id"]],
            ).fetchone()
            lines.append(T.REMIND_MAIL_LINE.format(
                due=item["due"], event=T.EVENTS.get(item["event"], item["event"]),
                kind=item["kind"], product=name, serial=serial, client=client))  # fmt: skip
        notify(db, REMINDER_EVENT, subject=T.REMIND_MAIL_SUBJECT.format(count=len(items)),
               body="\n".join(lines), link="/equipment_tasks", logins=[login])  # fmt: skip


def run_reminder_job(db: Database, now: datetime) -> str:
    """The worker's «equipment_reminders» job: today's reminder run in the configured zone."""
    today = to_local(now, str(get_setting(db, "timezone"))).date()
    return T.JOB_REMINDERS_RESULT.format(**remind(db, today))


def remind(db: Database, today: date) -> dict[str, Any]:
    """One reminder run with mail to the assignees; the worker job and the CLI share it."""
    result = run_reminders(db, today, mailer=queue_reminder_mail)
    return {"today": today.isoformat(), **result.to_json()}


def cmd_remind(args: argparse.Namespace) -> None:
    db = connect(args.db)
    today = args.today or local_today(db)
    summary = remind(db, today)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(T.CLI_REMIND_DONE.format(**summary))


# ---- reports -------------------------------------------------------------------------------


def _period(args: argparse.Namespace, db: Database, days_after: int = 30) -> tuple[date, date]:
    today = local_today(db)
    start = args.start or today.replace(day=1)
    end = args.end or (start + timedelta(days=days_after + 1)).replace(day=1)
    if end <= start:
        raise CliError(EXIT_REFUSED, texts.CLI_REPORT_BAD_PERIOD.format(start=start, end=end))
    return start, end


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]]
) -> None:
    """(title, header, rows) sheets into one workbook; text is always text (never a formula)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append([None if v is None else v for v in row])
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"  # a client named "=…" stays a name
        for index, name in enumerate(header):
            sheet.column_dimensions[chr(ord("A") + index)].width = max(12, min(48, len(name) + 4))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise CliError(EXIT_UNREADABLE, texts.CLI_FILE_UNWRITABLE.format(
            path=path, reason=exc.strerror or exc)) from exc  # fmt: skip


def _emit(args: argparse.Namespace, payload: Any, sheets: Any, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, default=str))
    elif args.xlsx:
        write_xlsx(Path(args.xlsx), sheets)
        print(texts.CLI_REPORT_SAVED.format(path=args.xlsx))
    else:
        print("\n".join(lines))


DUE_KEYS = ("serial", "client_inn", "product", "event", "kind", "due")


def cmd_maintenance_due(args: argparse.Namespace) -> None:
    db = connect(args.db)
    start, end = _period(args, db)
    rows = maintenance_due(db, start, end, args.owner or "")
    payload = [{k: (row[k] or "") if k in ("serial", "kind") else row[k] for k in DUE_KEYS}
               for row in rows]  # fmt: skip
    header = (T.COL_SERIAL, T.COL_CLIENT_INN, T.COL_CLIENT, T.COL_PRODUCT, T.COL_EVENT,
              T.COL_KIND, T.COL_DUE, T.COL_OWNER, T.COL_RESPONSIBLE)  # fmt: skip
    table = [(r["serial"] or "", r["client_inn"] or "", r["client"], r["product"],
              T.EVENTS.get(r["event"], r["event"]), r["kind"], r["due"],
              T.OWNERS.get(r["owner"], r["owner"]), r["responsible"] or "") for r in rows]  # fmt: skip
    lines = [f"{r[6]}  {r[4]:<20} {r[5]:<12} {r[3]}  {r[0]}  {r[2]} ({r[1]})" for r in table]
    _emit(args, payload, [(T.SHEET_DUE, header, table)], lines or ["—"])


def cmd_competitors(args: argparse.Namespace) -> None:
    db = connect(args.db)
    rows = competitor_report(db, args.start, args.end)
    payload = [{"inn": r["inn"] or "", "name": r["name"], "tenders": r["tenders"],
                "amount": r["amount"]} for r in rows]  # fmt: skip
    header = (T.COL_INN, T.COL_NAME, T.COL_TENDERS, T.COL_AMOUNT, T.COL_CUSTOMERS,
              T.COL_SEGMENTS, T.COL_DISCOUNT, T.COL_AGAINST_US)  # fmt: skip
    table = [(r["inn"] or "", r["name"], r["tenders"], r["amount"], r["customers"],
              ", ".join(r["segments"]), round(r["discount"], 4) if r["discount"] is not None
              else None, r["against_us"]) for r in rows]  # fmt: skip
    lines = [f"{r[0]:<12} {r[2]:>4} {r[3]:>16,.2f}  {r[1]}" for r in table]
    _emit(args, payload, [(T.SHEET_COMPETITORS, header, table)], lines or ["—"])


def cmd_share_of_wallet(args: argparse.Namespace) -> None:
    db = connect(args.db)
    start = args.start or date(1900, 1, 1)
    end = args.end or local_today(db) + timedelta(days=1)
    rows = share_of_wallet_report(db, start, end)
    payload = [{"client_inn": r["client_inn"] or "", "client": r["client"],
                "segment": r["segment"], "ours": r["ours"], "competitors": r["competitors"],
                "share": r["share"]} for r in rows]  # fmt: skip
    header = (T.COL_CLIENT_INN, T.COL_CLIENT, T.COL_SEGMENT, T.COL_OURS, T.COL_THEIRS,
              T.COL_SHARE)  # fmt: skip
    table = [(p["client_inn"], p["client"], p["segment"], p["ours"], p["competitors"],
              p["share"]) for p in payload]  # fmt: skip
    lines = [f"{r[0]:<12} {r[2]:<8} {r[3]:>14,.2f} {r[4]:>14,.2f} "
             f"{'' if r[5] is None else f'{r[5]:.0%}':>5}  {r[1]}" for r in table]  # fmt: skip
    _emit(args, payload, [(T.SHEET_SOW, header, table)], lines or ["—"])


def cmd_telemarketing(args: argparse.Namespace) -> None:
    db = connect(args.db)
    report = telemarketing_report(db)
    header = (T.COL_CAMPAIGN, T.COL_ASSIGNEE, T.COL_CALLS, T.COL_DONE,
              *T.OUTCOMES.values(), T.COL_OPPORTUNITIES)  # fmt: skip
    table = [(r["campaign"], r["assignee"], r["calls"], r["done"],
              *(r["outcomes"].get(o, 0) for o in T.OUTCOMES), r["opportunities"])
             for r in report]  # fmt: skip
    lines = [f"{r[0]:<30} {r[1]:<12} {r[3]:>4}/{r[2]:<4} {r[4]:>4} {r[5]:>4} {r[6]:>4} {r[7]:>4}"
             for r in table]  # fmt: skip
    _emit(args, report, [(T.SHEET_TM, header, table)], lines or ["—"])


def refusal_text(exc: EquipmentError) -> str:
    """The Russian reason of a refused equipment change."""
    return T.ERRORS.get(exc.code, exc.code)
