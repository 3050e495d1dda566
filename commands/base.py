"""Foundation commands of cli.py: init, demo, users, backup."""

from __future__ import annotations

import argparse
import getpass
import json
import sqlite3
import sys
from pathlib import Path

from commands import EXIT_REFUSED, EXIT_UNREADABLE, CliError
from core.demo import DEMO_PASSWORD, ROLE_STAFF
from core.passwords import check_strength
from core.roles import SYSTEM
from db.backup import backup_to
from db.connection import connect
from db.demo import DemoRefused, demo_is_stale, fill_demo, is_empty
from db.settings import get_setting
from db.users import add_user, get_user, list_users, set_active, set_password, unlock_user
from ui import texts
from ui.texts import security as ST

ORDER = 0  # registered first: cli.py --help lists the foundation before the modules


def read_password(file: str | None) -> str:
    """A password from a file (first line) or from two matching prompts."""
    if file:
        try:
            return Path(file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError) as exc:
            raise CliError(
                EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(path=file, reason=exc)
            ) from exc
    first = getpass.getpass(texts.CLI_PASSWORD_PROMPT)
    if getpass.getpass(texts.CLI_PASSWORD_REPEAT) != first:
        raise CliError(EXIT_REFUSED, texts.CLI_PASSWORD_MISMATCH)
    return first


def cmd_init(args: argparse.Namespace) -> None:
    db = connect(args.db)
    if args.password_file is None and not sys.stdin.isatty() and get_user(db, "admin"):
        return
    password = read_password(args.password_file)
    check_strength(password)
    if get_user(db, "admin") is None:
        add_user(db, SYSTEM, "admin", "Администратор", "admin", password)
    else:
        set_password(db, SYSTEM, "admin", password)
    print(texts.CLI_ADMIN_PASSWORD_SET.format(login="admin"))


def print_demo_logins() -> None:
    print(texts.CLI_DEMO_LOGINS.format(password=DEMO_PASSWORD))
    for role in ROLE_STAFF:
        print(texts.CLI_DEMO_LOGIN_LINE.format(role=texts.ROLE_NAMES[role], login=role))


def cmd_demo(args: argparse.Namespace) -> None:
    db = connect(args.db)
    if args.if_empty and not is_empty(db):
        if not get_setting(db, "demo_mode"):
            return
        if not demo_is_stale(db):
            print_demo_logins()
            return
        print(texts.CLI_DEMO_STALE)
    try:
        fill_demo(db, seed=args.seed)
    except DemoRefused as exc:
        raise CliError(EXIT_REFUSED, texts.CLI_DEMO_REFUSED) from exc
    print(texts.CLI_DEMO_DONE.format(seed=args.seed))
    print_demo_logins()


def cmd_users(args: argparse.Namespace) -> None:
    db = connect(args.db)
    if args.users_command == "list":
        rows = list_users(db)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            state = "" if row["active"] else " (отключён)"
            print(f"{row['login']:<16} {row['role']:<8} {row['name']}{state}")
    elif args.users_command == "add":
        password = (
            read_password(args.password_file) if args.password_file or sys.stdin.isatty() else None
        )
        add_user(db, SYSTEM, args.login, args.name, args.role, password, email=args.email)
        print(texts.CLI_USER_ADDED.format(login=args.login))
    elif args.users_command == "passwd":
        set_password(db, SYSTEM, args.login, read_password(args.password_file))
        print(texts.CLI_PASSWORD_CHANGED.format(login=args.login))
    elif args.users_command == "disable":
        set_active(db, SYSTEM, args.login, False)
        print(texts.CLI_USER_DISABLED.format(login=args.login))
    elif args.users_command == "unlock":
        count = unlock_user(db, SYSTEM, args.login)
        print(ST.CLI_UNLOCKED.format(login=args.login, count=count))


def cmd_backup(args: argparse.Namespace) -> None:
    db = connect(args.db)
    target = Path(args.path)
    try:
        backup_to(db, SYSTEM, target)
    except (OSError, sqlite3.Error) as exc:
        raise CliError(
            EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(path=target, reason=exc)
        ) from exc
    print(texts.CLI_BACKUP_DONE.format(path=target))


def register(sub: argparse._SubParsersAction) -> None:
    """Add init, demo, users and backup to cli.py's parser."""

    p = sub.add_parser("init", help="создать/обновить базу и задать пароль администратора")
    p.add_argument("--password-file")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="заполнить демо-данными")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--if-empty",
        action="store_true",
        help="только если база пуста (устаревшие демо-данные обновляются)",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("users", help="пользователи")
    users = p.add_subparsers(dest="users_command", required=True)
    u = users.add_parser("list")
    u.add_argument("--json", action="store_true")
    u = users.add_parser("add")
    u.add_argument("login")
    u.add_argument("--role", required=True, choices=sorted(texts.ROLE_NAMES))
    u.add_argument("--name", required=True)
    u.add_argument("--email", help="адрес для почтовых уведомлений")
    u.add_argument("--password-file")
    u = users.add_parser("passwd")
    u.add_argument("login")
    u.add_argument("--password-file")
    u = users.add_parser("disable")
    u.add_argument("login")
    u = users.add_parser("unlock", help=ST.CLI_UNLOCK_HELP)
    u.add_argument("login")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("backup", help="резервная копия через SQLite backup API")
    p.add_argument("path")
    p.set_defaults(func=cmd_backup)
