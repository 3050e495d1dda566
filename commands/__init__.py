"""The CLI's commands (DESIGN §7), one module per area; each module has register(sub).

Exit codes: 0 ok, 1 a refused action or an import in which no row landed, 2 an unreadable file.
Shared pieces live here: CliError, the KIND groups that several areas fill (import, report,
sync), the date parser and the --as user. cli.py only assembles the modules it finds here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlite_utils import Database

from core.roles import SYSTEM, Actor
from db.users import actor_for_login
from ui import texts

EXIT_OK, EXIT_REFUSED, EXIT_UNREADABLE = 0, 1, 2


class CliError(Exception):
    """Stops a command with an exit code and a one-line reason on stderr."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def speak_russian() -> None:
    """argparse's own words (usage, help, its error messages) in Russian like the rest of the CLI:
    argparse looks its messages up through the module's `_` at call time, so replacing it works."""
    argparse._ = lambda message: texts.ARGPARSE_TEXTS.get(message, message)  # type: ignore[attr-defined]


def command_modules() -> list[ModuleType]:
    """Every module of this package that has register(sub), foundation first (ORDER), then by name."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if callable(getattr(module, "register", None)):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


Register = Callable[[argparse._SubParsersAction], None]


def command_group(
    sub: argparse._SubParsersAction, name: str, help_text: str
) -> argparse._SubParsersAction:
    """The KIND subparsers of a shared command (import, report, sync), created once for all modules."""
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text)
        kinds = parser.add_subparsers(dest=f"{name}_kind", metavar="KIND", required=True)
        return kinds
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError(f"command {name!r} exists without KIND subcommands")


def parse_day(value: str) -> date:
    """A local date from ISO (2016-04-01) or Russian (01.04.2016) spelling."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(texts.CLI_REPORT_BAD_DATE.format(value=value))


def resolve_actor(db: Database, login: str | None) -> Actor:
    """The --as user (active), or the system administrator when none is named."""
    if not login:
        return SYSTEM
    actor = actor_for_login(db, login)
    if actor is None:
        raise CliError(
            EXIT_REFUSED,
            texts.CLI_REFUSED.format(reason=texts.CLI_UNKNOWN_ACTOR.format(login=login)),
        )
    return actor


# A sheet of a report workbook: (title, header, rows); a fourth item (old column widths) is
# ignored, ui.xlsx sizes columns from their content.
Sheet = tuple[Any, ...]


def save_workbook(
    path: Path, sheets: Sequence[Sheet], percent_columns: dict[str, int] | None = None
) -> None:
    """Write a report's sheets to one xlsx through ui.xlsx (no formulas, real numbers), so every
    `report … --xlsx` writes the same way; an unwritable path stops with exit 2.
    `percent_columns` names a sheet's 1-based column shown as a percentage."""
    import pandas as pd  # only the --xlsx path pays for pandas

    from ui.xlsx import write_xlsx

    frames: dict[str, Any] = {}
    shares: set[str] = set()
    for title, header, rows, *_widths in sheets:
        frames[title] = pd.DataFrame([list(row) for row in rows], columns=list(header))
        percent = (percent_columns or {}).get(title)
        if percent is not None:
            shares.add(str(header[percent - 1]))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(frames, path, percent_columns=shares)
    except OSError as exc:
        raise CliError(
            EXIT_UNREADABLE, texts.CLI_FILE_UNWRITABLE.format(path=path, reason=exc.strerror or exc)
        ) from exc


def emit_report(
    args: argparse.Namespace,
    payload: Any,
    print_text: Callable[[], None],
    save_xlsx: Callable[[Path], None] | None = None,
) -> None:
    """Give a report the one way DESIGN §7 asks of every command: `--json` prints the payload,
    `--xlsx FILE` writes the workbook and names it, otherwise the readable text."""
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, default=str), flush=True)
    elif save_xlsx is not None and getattr(args, "xlsx", None):
        save_xlsx(Path(args.xlsx))
        print(texts.CLI_REPORT_SAVED.format(path=args.xlsx))
    else:
        print_text()
