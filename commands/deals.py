"""Deals commands of cli.py (DESIGN §7): deals move|verify|show, report refusals|crm-hygiene|
crm-decisions (`import deals|clients` come from the import framework: importers/deals.py)."""

from __future__ import annotations

import argparse
import csv
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
    emit_report,
    parse_day,
    resolve_actor,
    save_workbook,
)
from core.deals import (
    OUTCOMES,
    STAGE_NAMES,
    STAGES,
    DealRuleError,
    parse_stage,
)
from core.timeutil import period_utc
from db.connection import connect
from db.deals import (
    DealNotFound,
    UnknownManager,
    Verification,
    crm_decisions,
    deal_json,
    get_deal,
    hygiene_report,
    move_deal,
    reason_accuracy,
    reason_mix,
    refusal_report,
    strip_private,
    verify_refusal,
)
from db.settings import get_setting
from ui import texts
from ui.fmt import fmt_int, fmt_money, fmt_pct
from ui.texts import deals as T


def register(sub: argparse._SubParsersAction) -> None:
    """Add the deals commands to cli.py's parser."""
    deals = sub.add_parser("deals", help=T.CLI_DEALS_HELP, description=T.CLI_DEALS_HELP)
    actions = deals.add_subparsers(dest="deals_action", metavar="ACTION", required=True)
    p = actions.add_parser("move", help=T.CLI_MOVE_HELP, description=T.CLI_MOVE_HELP)
    p.add_argument("id")
    p.add_argument("stage", metavar="STAGE")
    p.add_argument("--as", dest="as_login", metavar="LOGIN", required=True, help=T.CLI_AS_HELP)
    p.add_argument("--reason", default="", help=T.CLI_REASON_HELP)
    p.add_argument("--comment", default="", help=T.CLI_COMMENT_HELP)
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_move)
    p = actions.add_parser("verify", help=T.CLI_VERIFY_HELP, description=T.CLI_VERIFY_HELP)
    p.add_argument("id")
    p.add_argument("--as", dest="as_login", metavar="LOGIN", required=True, help=T.CLI_AS_HELP)
    p.add_argument("--outcome", required=True, choices=OUTCOMES, help=T.CLI_OUTCOME_HELP)
    p.add_argument("--client-reason", default="", help=T.CLI_CLIENT_REASON_HELP)
    p.add_argument("--to-manager", default="", metavar="LOGIN", help=T.CLI_TO_MANAGER_HELP)
    p.add_argument("--comment", default="", help=T.CLI_COMMENT_HELP)
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_verify)
    p = actions.add_parser("show", help=T.CLI_SHOW_HELP, description=T.CLI_SHOW_HELP)
    p.add_argument("id")
    p.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    p.set_defaults(func=cmd_show)

    reports = command_group(sub, "report", texts.CLI_REPORT_HELP)
    for kind, help_text, func, period in (
        ("refusals", T.CLI_REFUSALS_HELP, cmd_refusals, True),
        ("crm-hygiene", T.CLI_HYGIENE_HELP, cmd_hygiene, False),
        ("crm-decisions", T.CLI_DECISIONS_HELP, cmd_decisions, True),
    ):
        p = reports.add_parser(kind, help=help_text, description=help_text)
        if period:
            p.add_argument(
                "--from", dest="start", metavar="D", type=parse_day, help=texts.CLI_REPORT_FROM_HELP
            )
            p.add_argument(
                "--to", dest="end", metavar="D", type=parse_day, help=texts.CLI_REPORT_TO_HELP
            )
        out = p.add_mutually_exclusive_group()
        out.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
        out.add_argument("--xlsx", metavar="PATH", help=texts.CLI_REPORT_XLSX_HELP)
        if kind == "crm-decisions":
            out.add_argument("--csv", metavar="PATH", help=T.CLI_CSV_HELP)
        p.set_defaults(func=func)


# ---- deals move | verify | show -------------------------------------------------------------


def rule_text(code: str, **details: Any) -> str:
    """The Russian reason of a refused rule."""
    template = T.RULES.get(code, code)
    try:
        return template.format(**details)
    except (KeyError, IndexError):
        return template


def refused(code: str, **details: Any) -> CliError:
    return CliError(EXIT_REFUSED, texts.CLI_REFUSED.format(reason=rule_text(code, **details)))


def print_state(db: Database, deal_id: str, as_json: bool) -> None:
    """The deal as `deals show` prints it (JSON or text); nothing when it does not exist."""
    if get_deal(db, deal_id) is None:
        if as_json:
            print(json.dumps(None))
        return
    data = deal_json(db, deal_id)
    if as_json:
        print(json.dumps(data, ensure_ascii=False))


def cmd_move(args: argparse.Namespace) -> None:
    db = connect(args.db)
    try:
        actor = resolve_actor(db, args.as_login)
        stage = parse_stage(args.stage)
        if stage is None:
            raise CliError(
                EXIT_REFUSED,
                texts.CLI_REFUSED.format(
                    reason=T.UNKNOWN_STAGE.format(
                        stage=args.stage,
                        stages=", ".join(f"{c} ({STAGE_NAMES[c]})" for c in STAGES),
                    )
                ),
            )
        try:
            deal = move_deal(db, actor, args.id, stage, args.reason, args.comment)
        except DealRuleError as exc:
            raise refused(exc.code, **exc.details) from exc
        except DealNotFound as exc:
            raise refused("unknown_deal", deal=args.id) from exc
        if not args.json:
            print(T.MOVED.format(id=deal["id"], stage=STAGE_NAMES[deal["stage"]]))
    finally:
        print_state(db, args.id, args.json)


def cmd_verify(args: argparse.Namespace) -> None:
    db = connect(args.db)
    try:
        actor = resolve_actor(db, args.as_login)
        verification = Verification(
            outcome=args.outcome,
            client_reason=args.client_reason,
            comment=args.comment,
            to_manager=args.to_manager,
        )
        try:
            deal = verify_refusal(db, actor, args.id, verification)
        except DealRuleError as exc:
            raise refused(exc.code, **exc.details) from exc
        except DealNotFound as exc:
            raise refused("unknown_deal", deal=args.id) from exc
        except UnknownManager as exc:
            raise refused("unknown_manager", login=exc.login) from exc
        if not args.json:
            print(
                T.VERIFIED.format(
                    id=deal["id"], stage=STAGE_NAMES[deal["stage"]], manager=deal["manager"]
                )
            )
    finally:
        print_state(db, args.id, args.json)


def cmd_show(args: argparse.Namespace) -> None:
    db = connect(args.db)
    deal = get_deal(db, args.id)
    if deal is None:
        if args.json:
            print(json.dumps(None))
        raise refused("unknown_deal", deal=args.id)
    data = deal_json(db, args.id)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return
    print(
        T.CLI_SHOW_LINE.format(
            id=data["id"],
            title=deal["title"] or "—",
            client=data["client"] or "—",
            manager=data["manager"] or "—",
            stage=STAGE_NAMES[data["stage"]],
            amount=fmt_money(deal["amount_kop"]),
            reason=data["reason"] or "—",
        )
    )


# ---- reports ----------------------------------------------------------------------------------


def period(db: Database, args: argparse.Namespace) -> tuple[str | None, str | None]:
    """--from/--to (local dates, end excluded) as stored-UTC bounds; None where not given."""
    tz = get_setting(db, "timezone")
    start: date | None = args.start
    end: date | None = args.end
    if start and end and end <= start:
        raise CliError(EXIT_REFUSED, texts.CLI_REPORT_BAD_PERIOD.format(start=start, end=end))
    low = period_utc(start, start, tz)[0] if start else None
    high = period_utc(end, end, tz)[0] if end else None
    return low, high


def refusal_sheets(db: Database, start: str | None, end: str | None) -> list[Any]:
    """The refusals report as workbook sheets: figures, reasons, managers, reasons by manager."""
    report = refusal_report(db, start, end)
    accuracy = reason_accuracy(db, start, end)
    figures = [
        (T.SUMMARY_AWAITING, report["awaiting"]),
        (T.SUMMARY_CONFIRMED, report["confirmed"]),
        (T.SUMMARY_RETURNED, report["returned"]),
        (T.SUMMARY_RETURNED_AMOUNT, report["returned_amount"]),
        (T.SUMMARY_WON_AMOUNT, report["won_after_return_amount"]),
        (T.SUMMARY_ACCURACY, accuracy["accuracy"]),
    ]
    reasons = [(r["reason"], r["by_manager"], r["by_client"]) for r in report["reasons"]]
    team_rate = (
        report["returned"] / (report["returned"] + report["confirmed"])
        if report["returned"] + report["confirmed"]
        else 0.0
    )
    managers = [
        (m["manager"], m["refusals"], m["returned"], m["false_rate"], round(team_rate, 4))
        for m in report["managers"]
    ]
    mix = [
        (r["manager"], r["reason"], r["count"], r["share"], r["team_share"], r["ratio"])
        for r in reason_mix(db, start, end)
    ]
    return [
        (T.SHEET_SUMMARY, (T.COL_FIGURE, T.COL_VALUE), figures, (36, 16)),
        (T.SHEET_REASONS, (T.COL_REASON, T.COL_BY_MANAGER, T.COL_BY_CLIENT), reasons, (30, 18, 18)),
        (T.SHEET_MANAGERS, (T.COL_MANAGER, T.COL_REFUSALS, T.COL_RETURNED, T.COL_FALSE_RATE,
                            T.COL_TEAM_FALSE_RATE), managers, (24, 10, 12, 14, 22)),
        (T.SHEET_MIX, (T.COL_MANAGER, T.COL_REASON, T.COL_COUNT, T.COL_SHARE, T.COL_TEAM_SHARE,
                       T.COL_RATIO), mix, (24, 28, 12, 16, 16, 20)),
    ]  # fmt: skip


def cmd_refusals(args: argparse.Namespace) -> None:
    db = connect(args.db)
    start, end = period(db, args)
    report = refusal_report(db, start, end)
    emit_report(
        args,
        report,
        lambda: print_refusals(report),
        lambda path: save_workbook(path, refusal_sheets(db, start, end)),
    )


def print_refusals(report: dict[str, Any]) -> None:
    """The refusals report as text: totals, then reasons and managers."""
    print(
        T.CLI_REFUSALS_TITLE.format(
            awaiting=fmt_int(report["awaiting"]),
            confirmed=fmt_int(report["confirmed"]),
            returned=fmt_int(report["returned"]),
            returned_amount=fmt_money(round(report["returned_amount"] * 100)),
            won=fmt_money(round(report["won_after_return_amount"] * 100)),
        )
    )
    for r in report["reasons"]:
        print(T.CLI_REFUSALS_REASON.format(**r))
    for m in report["managers"]:
        print(
            T.CLI_REFUSALS_MANAGER.format(
                manager=m["manager"],
                refusals=m["refusals"],
                returned=m["returned"],
                rate=fmt_pct(m["false_rate"]),
            )  # fmt: skip
        )


def hygiene_sheets(report: dict[str, Any]) -> list[Any]:
    """The hygiene report as two sheets: managers (with the team) and the to-fix list."""
    head = (T.COL_MANAGER, T.COL_SCORE, T.COL_CLIENTS, T.COL_CLIENT_COMPLETENESS, T.COL_DEALS,
            T.COL_DEAL_COMPLETENESS, T.COL_OVERDUE, *(T.COL_NO_CONTACT.format(months=m)
                                                      for m in (1, 3, 12)))  # fmt: skip
    rows = [
        (r["manager"], r["score"], r["clients"], r["client_completeness"], r["deals"],
         r["deal_completeness"], r["overdue_tasks"], r["no_contact_1m"], r["no_contact_3m"],
         r["no_contact_12m"])
        for r in [*report["managers"], {**report["team"], "manager": T.HYGIENE_TEAM}]
    ]  # fmt: skip
    fix = [
        (T.FIX_KINDS.get(i["kind"], i["kind"]), i["id"], i.get("name", i.get("deal_id", "")),
         i["manager"], ", ".join(T.FIX_PROBLEMS.get(p, p) for p in i["problems"]))
        for i in report["to_fix"]
    ]  # fmt: skip
    return [
        (T.SHEET_HYGIENE, head, rows, (22, 8, 10, 14, 12, 14, 12, 12, 12, 12)),
        (T.SHEET_FIX, (T.COL_KIND, T.COL_ID, T.COL_NAME, T.COL_MANAGER, T.COL_PROBLEMS), fix,
         (10, 12, 36, 20, 60)),
    ]  # fmt: skip


def cmd_hygiene(args: argparse.Namespace) -> None:
    db = connect(args.db)
    report = strip_private(hygiene_report(db))
    emit_report(
        args,
        report,
        lambda: print_hygiene(report),
        lambda path: save_workbook(path, hygiene_sheets(report)),
    )


def print_hygiene(report: dict[str, Any]) -> None:
    """The hygiene report as text: a line per manager and the team, then the to-fix count."""
    print(T.CLI_HYGIENE_TITLE)
    for r in [*report["managers"], {**report["team"], "manager": T.HYGIENE_TEAM}]:
        print(
            T.CLI_HYGIENE_LINE.format(
                manager=r["manager"],
                score=r["score"],
                clients=r["clients"],
                cc=fmt_pct(r["client_completeness"]),
                deals=r["deals"],
                dc=fmt_pct(r["deal_completeness"]),
                overdue=r["overdue_tasks"],
                m1=r["no_contact_1m"],
                m3=r["no_contact_3m"],
                m12=r["no_contact_12m"],
            )  # fmt: skip
        )
    print(T.CLI_HYGIENE_FIX.format(count=fmt_int(report["to_fix_total"])))


DECISION_HEAD = (T.COL_DEAL, T.COL_STAGE, T.COL_MANAGER, T.COL_STAGE_CODE, T.COL_DECIDED,
                 T.COL_CLIENT_REASON)  # fmt: skip


def decision_rows(decisions: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (d["id"], d["stage"], d["manager"], d["stage_code"], d["decided_at"], d["client_reason"])
        for d in decisions
    ]


def cmd_decisions(args: argparse.Namespace) -> None:
    db = connect(args.db)
    start, end = period(db, args)
    decisions = crm_decisions(db, start, end)
    if args.csv and not (args.json or args.xlsx):
        save_decisions_csv(Path(args.csv), decisions)
        print(texts.CLI_REPORT_SAVED.format(path=args.csv))
        return
    emit_report(
        args,
        decisions,
        lambda: print_decisions(decisions),
        lambda path: save_workbook(
            path, [(T.SHEET_DECISIONS, DECISION_HEAD, decision_rows(decisions))]
        ),
    )


def save_decisions_csv(path: Path, decisions: list[dict[str, Any]]) -> None:
    """The decisions as a `;` CSV for a CRM's own import (text that looks like a formula quoted)."""
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(DECISION_HEAD)
            writer.writerows(
                ["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row]
                for row in decision_rows(decisions)
            )
    except OSError as exc:
        raise CliError(
            EXIT_UNREADABLE,
            texts.CLI_FILE_UNWRITABLE.format(path=path, reason=exc.strerror or exc),
        ) from exc


def print_decisions(decisions: list[dict[str, Any]]) -> None:
    """The decisions as text, a line each."""
    if not decisions:
        print(T.CLI_DECISIONS_NONE)
    for d in decisions:
        print(T.CLI_DECISIONS_LINE.format(**d))
