"""`cli.py settings list | get KEY | set KEY VALUE`: configure a server headless (secrets masked)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlite_utils import Database

from commands import EXIT_REFUSED, CliError
from core.jobs import period_key
from core.roles import SYSTEM
from core.settings import SECRET_KEYS, SPECS, InvalidSetting, spec_of
from db.connection import connect
from db.jobs import job_period_setting
from db.settings import get_settings, update_settings
from ui import texts
from ui.texts import jobs as T
from worker import JOBS


def shown(key: str, value: Any) -> Any:
    """A value as the CLI may print it: a secret only as a mask (or empty when unset)."""
    if key in SECRET_KEYS:
        return T.SECRET_MASK if value else ""
    return value


def all_settings(db: Database) -> dict[str, Any]:
    """Every setting (job periods included, with their defaults), secrets masked."""
    values = {key: shown(key, value) for key, value in get_settings(db).items()}
    for spec in JOBS:
        values[period_key(spec.name)] = job_period_setting(db, spec.name) or spec.default_period_s
    return values


def _refuse(exc: InvalidSetting) -> CliError:
    label = texts.SETTING_LABELS.get(exc.key, exc.key)
    reason = texts.SETTING_ERRORS.get(exc.code, exc.code).format(key=exc.key, label=label)
    return CliError(EXIT_REFUSED, texts.CLI_REFUSED.format(reason=reason))


def _known(key: str) -> None:
    if spec_of(key) is None or (key not in SPECS and key not in all_job_keys()):
        raise CliError(
            EXIT_REFUSED, texts.CLI_REFUSED.format(reason=T.CLI_SETTINGS_UNKNOWN.format(key=key))
        )


def all_job_keys() -> set[str]:
    return {period_key(spec.name) for spec in JOBS}


def cmd_settings(args: argparse.Namespace) -> None:
    db = connect(args.db)
    if args.settings_command == "list":
        values = all_settings(db)
        if args.json:
            print(json.dumps(values, ensure_ascii=False))
            return
        for key, value in values.items():
            print(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        return
    _known(args.key)
    if args.settings_command == "get":
        value = all_settings(db)[args.key]
        print(json.dumps(value, ensure_ascii=False) if args.json else value)
        return
    try:
        update_settings(db, SYSTEM, {args.key: args.value})
    except InvalidSetting as exc:
        raise _refuse(exc) from exc
    value = all_settings(db)[args.key]
    print(T.CLI_SETTINGS_SET.format(key=args.key, value=json.dumps(value, ensure_ascii=False)))


def register(sub: argparse._SubParsersAction) -> None:
    """Add `settings list|get|set` to cli.py's parser."""
    p = sub.add_parser("settings", help=T.CLI_SETTINGS_HELP, description=T.CLI_SETTINGS_HELP)
    settings = p.add_subparsers(dest="settings_command", required=True)
    q = settings.add_parser("list")
    q.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    q = settings.add_parser("get")
    q.add_argument("key", metavar="KEY")
    q.add_argument("--json", action="store_true", help=texts.CLI_REPORT_JSON_HELP)
    q = settings.add_parser("set")
    q.add_argument("key", metavar="KEY")
    q.add_argument("value", metavar="VALUE")
    p.set_defaults(func=cmd_settings)
