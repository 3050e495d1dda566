"""The command line (DESIGN §7): builds the parser from commands/ and runs it."""

from __future__ import annotations

import argparse
import os
import sys

from commands import EXIT_OK, EXIT_REFUSED, CliError, command_modules, speak_russian
from core.passwords import WeakPassword
from core.roles import PermissionDenied
from db.connection import db_path
from db.users import UserError
from ui import texts

__all__ = ["EXIT_OK", "EXIT_REFUSED", "CliError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """One parser with every area's commands (each module of commands/ registers its own)."""
    speak_russian()
    parser = argparse.ArgumentParser(prog="cli.py", description=texts.APP_TITLE)
    parser.add_argument("--db", default=None, help=f"файл базы (по умолчанию {db_path()})")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in command_modules():
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (`report queue | head`): stop quietly, as DESIGN §7 asks
        quiet_stdout()
        return EXIT_OK
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except PermissionDenied as exc:
        print(texts.CLI_REFUSED.format(reason=exc), file=sys.stderr)
        return EXIT_REFUSED
    except UserError as exc:
        reason = texts.USER_ERRORS.get(exc.code, exc.code)
        print(texts.CLI_REFUSED.format(reason=reason), file=sys.stderr)
        return EXIT_REFUSED
    except WeakPassword:
        reason = texts.USER_ERRORS["weak_password"].format(min=8)
        print(texts.CLI_REFUSED.format(reason=reason), file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush into the closed pipe is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout replaced by something without a descriptor (tests)
        pass


if __name__ == "__main__":
    sys.exit(main())
