"""Equipment commands of cli.py (DESIGN §7, seed 003): import products|sales|tenders|equipment,
remind, report maintenance-due|share-of-wallet|competitors|telemarketing."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
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
from core.equipment import EquipmentError
from core.timeutil import to_local, utcnow
from db.connection import connect
from db.equipment import (
    maintenance_due,
    run_reminders,
)
from db.notify import notify
from db.settings import get_setting
from db.telemarketing import telemarketing_report
from db.tenders import competitor_report, share_of_wallet_report
from ui import texts
from ui.texts import equipment as T

REMINDER_EVENT = "equipment_reminder"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the equipment commands to cli.py's parser."""
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


def _emit(args: argparse.Namespace, payload: Any, sheets: Any, lines: list[str]) -> None:
    emit_report(
        args, payload, lambda: print("\n".join(lines)), lambda path: save_workbook(path, sheets)
    )


DUE_KEYS = ("serial", "client_inn", "product", "event", "kind", "due")


def cmd_maintenance_due(args: argparse.Namespace) -> None:
    db = connect(args.db)
    start, end = _period(args, db)
    rows = maintenance_due(db, start, end, args.owner or "", details=True)
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
