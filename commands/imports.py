"""`cli.py import KIND FILE` for every registered import kind (DESIGN §7, importers/kinds.py).

One path for all kinds: --sheet, --map FIELD=COLUMN (repeatable), --mapping FILE.json, --dry-run,
--json, --as. Exit 2 for a file that cannot be used (logged as a failed import with why), 1 when
rows were read but none landed (or the action is refused), 0 otherwise; --json always prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from commands import (
    EXIT_REFUSED,
    EXIT_UNREADABLE,
    CliError,
    command_group,
    parse_day,
    resolve_actor,
)
from core.imports import BAD_MAPPING, FLAG, Limits, file_hash
from core.roles import Actor
from db.connection import connect
from db.import_log import dry_run_summary, log_failed_import, save_mapping, saved_mapping
from db.requests import Progress
from db.settings import get_settings
from importers.kinds import (
    OPTION_BOOL,
    OPTION_DATE,
    ImportKind,
    KindOption,
    ReadOptions,
    all_kinds,
    get_kind,
    parse_map_args,
    prepare,
    read_import,
    result_from_prepared,
    with_options,
)
from importers.tabular import TableError, column_keys, header_signature
from ui import texts
from ui.fmt import fmt_int
from ui.kinds import (
    cut,
    field_label,
    kind_store,
    kind_texts,
    masked,
    option_choices,
    option_label,
    preview_result,
    problem_text,
    table_error_text,
)
from ui.texts import imports as T

ORDER = 5  # after the foundation, before the areas: the import group exists when they register
SHOWN_REJECTS = 20
PROGRESS_ROWS = 20_000  # smaller files are stored before anyone would look at a counter


def register(sub: argparse._SubParsersAction) -> None:
    """Add `import KIND` for every registered kind."""
    group = command_group(sub, "import", texts.CLI_IMPORT_HELP)
    for kind in all_kinds():
        help_text = str(kind_texts(kind).get("cli", kind.code))
        p = group.add_parser(kind.code, help=help_text, description=help_text)
        p.add_argument("file")
        p.add_argument("--sheet", metavar="S", help=T.CLI_SHEET_HELP)
        p.add_argument(
            "--map", dest="map_items", action="append", default=[], metavar="FIELD=COLUMN",
            help=T.CLI_MAP_HELP,
        )  # fmt: skip
        p.add_argument("--mapping", metavar="FILE", help=T.CLI_MAPPING_HELP)
        p.add_argument("--dry-run", action="store_true", help=T.CLI_DRY_RUN_HELP)
        p.add_argument("--json", action="store_true", help=texts.CLI_IMPORT_JSON_HELP)
        p.add_argument("--as", dest="as_login", metavar="LOGIN", help=texts.CLI_IMPORT_AS_HELP)
        for option in kind.options:
            add_option_argument(p, kind, option)
        before = {a.dest for a in p._actions}
        if kind.add_arguments is not None:
            kind.add_arguments(p)
        extra = tuple(a.dest for a in p._actions if a.dest not in before)
        p.set_defaults(func=cmd_import, kind=kind.code, extra_dests=extra)


def add_option_argument(
    parser: argparse.ArgumentParser, kind: ImportKind, option: KindOption
) -> None:
    """The CLI flag of one of the kind's own options (the page makes its widget from the same)."""
    label = option_label(kind, option.name)
    if option.type == OPTION_BOOL:
        parser.add_argument(option.cli_flag, dest=option.name, action="store_true", help=label)
        return
    help_text = label
    if option.default not in (None, ""):
        help_text = T.CLI_OPTION_DEFAULT.format(label=label, default=option.default)
    parser.add_argument(
        option.cli_flag, dest=option.name, default=option.default,
        required=option.required and option.default in (None, ""),
        choices=option.choices or None, type=parse_day if option.type == OPTION_DATE else str,
        metavar=option.metavar or (None if option.choices else "VALUE"),
        help=help_text,
    )  # fmt: skip


def option_values(db: Any, kind: ImportKind, args: argparse.Namespace) -> dict[str, Any]:
    """The kind's options from the command line; a DB-list choice that must exist is checked."""
    values = {}
    for option in kind.options:
        value = getattr(args, option.name)
        if option.choices_from and not option.new_allowed and value not in (None, ""):
            known = option_choices(db, option)
            if value not in known:
                raise CliError(
                    EXIT_REFUSED,
                    T.CLI_OPTION_UNKNOWN.format(
                        flag=option.cli_flag, value=value, known=", ".join(known) or "—"
                    ),
                )
        values[option.name] = value
    return values


def limits_from(settings: dict[str, Any]) -> Limits:
    """The import limits from the settings."""
    return Limits(
        max_rows=int(settings["import_max_rows"]),
        max_unpacked_bytes=int(settings["import_max_unpacked_mb"]) * 2**20,
        rejects_kept=int(settings["import_rejects_kept"]),
    )


def hand_mapping(args: argparse.Namespace) -> dict[str, str | None]:
    """--mapping FILE.json first, then every --map on top of it."""
    mapping: dict[str, str | None] = {}
    if args.mapping:
        try:
            loaded = json.loads(Path(args.mapping).read_text(encoding="utf-8-sig"))
            if not isinstance(loaded, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as exc:
            raise CliError(
                EXIT_UNREADABLE,
                T.CLI_BAD_MAPPING_FILE.format(path=args.mapping, reason=exc),
            ) from exc
        mapping.update(
            {str(k): (str(v) if v not in (None, "") else None) for k, v in loaded.items()}
        )
    try:
        mapping.update(parse_map_args(args.map_items))
    except ValueError as exc:
        raise CliError(EXIT_REFUSED, T.CLI_BAD_MAP_ARG.format(item=exc)) from exc
    return mapping


def cmd_import(args: argparse.Namespace) -> None:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc
        raise CliError(
            EXIT_UNREADABLE, texts.CLI_FILE_UNREADABLE.format(path=path, reason=reason)
        ) from exc
    db = connect(args.db)
    settings = get_settings(db)
    actor = resolve_actor(db, args.as_login)
    kind = get_kind(args.kind)
    mapping = hand_mapping(args)
    options = ReadOptions(
        file_name=path.name, tz=settings["timezone"], sheet=args.sheet, mapping=mapping or None,
        limits=limits_from(settings),
        extra={**option_values(db, kind, args), **{d: getattr(args, d) for d in args.extra_dests}},
    )  # fmt: skip
    digest = file_hash(data)
    used_saved = False
    try:
        if kind.tabular:
            ready = prepare(kind, data, options)
            if not mapping:
                saved = saved_mapping(db, kind.code, ready.signature)
                if saved:
                    options = with_options(options, mapping=saved)
                    ready = prepare(kind, data, options)
                    used_saved = True
            result = result_from_prepared(kind, ready, options)
        else:
            result = read_import(kind, data, options)
    except TableError as exc:
        reason = table_error_text(exc, kind)
        if not args.dry_run:
            log_failed_import(db, kind.code, path.name, digest, actor.login, exc.reason, reason)
        code = EXIT_REFUSED if exc.reason == BAD_MAPPING else EXIT_UNREADABLE
        raise CliError(code, texts.CLI_FILE_UNREADABLE.format(path=path, reason=reason)) from exc
    if args.dry_run:
        result = preview_result(kind, db, result)
        summary = dry_run_summary(result, options.limits.rejects_kept)
    else:
        store = kind_store(kind)
        summary = store(
            db, actor, kind.code, path.name, digest, result, options.tz,
            progress_printer(sys.stderr, result.rows),
        )  # fmt: skip
        if kind.tabular and mapping and summary["imported"] + summary["duplicates"] > 0:
            remember_mapping(db, actor, kind, ready.table.header, ready.columns)
    summary = {
        **summary,
        "rejects": [{**r, "values": cut(masked(r["values"]))} for r in summary["rejects"]],
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str), flush=True)
    else:
        print_import(kind, path.name, summary, used_saved)
    landed = summary["imported"] + summary["duplicates"]
    if landed == 0:
        why = (
            T.CLI_NOTHING_LANDED_REJECTS.format(rejected=fmt_int(summary["rejected"]))
            if summary["rejected"]
            else T.CLI_NOTHING_LANDED_EMPTY
        )
        raise CliError(EXIT_REFUSED, T.CLI_NOTHING_LANDED.format(file=path.name, reason=why))


def remember_mapping(
    db: Any, actor: Actor, kind: ImportKind, header: list[str], columns: dict[str, int]
) -> None:
    """Save the mapping that worked (field -> header text) for the next file with this header."""
    keys = column_keys(header)  # «ИНН (2)» for the second «ИНН»
    by_name = {f: keys[i] for f, i in columns.items() if i < len(header) and header[i]}
    save_mapping(db, actor, kind.code, header_signature(header), by_name, header)


def progress_printer(stream: Any, rows: int) -> Progress | None:
    """A one-line counter of stored rows for a person at a terminal (none for scripts and pipes,
    and none for files too small to wait for)."""
    if rows <= PROGRESS_ROWS or not getattr(stream, "isatty", lambda: False)():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        text = texts.CLI_IMPORT_PROGRESS.format(done=fmt_int(done), total=fmt_int(total))
        print(f"\r{text}", end=end, file=stream, flush=True)

    return show


def one_line(value: Any) -> str:
    """A reject's values on one line: JSON with whitespace runs (newlines in tickets) collapsed."""
    return " ".join(json.dumps(value, ensure_ascii=False, default=str).split())


def print_import(kind: ImportKind, file_name: str, summary: dict[str, Any], saved: bool) -> None:
    """The human-readable import result: the counts, the sheet, the columns, the first rejects."""
    template = T.CLI_DRY_RUN_DONE if summary.get("dry_run") else texts.CLI_IMPORT_DONE
    print(
        template.format(
            file=file_name,
            rows=fmt_int(summary["rows"]),
            imported=fmt_int(summary["imported"]),
            duplicates=fmt_int(summary["duplicates"]),
            rejected=fmt_int(summary["rejected"]),
        )
    )
    if summary.get("sheet"):
        reason = T.SHEET_REASONS.get(summary.get("sheet_reason", ""), "")
        print(T.CLI_SHEET_LINE.format(sheet=summary["sheet"], reason=reason))
    if summary.get("columns"):
        print(
            T.CLI_COLUMNS_LINE.format(
                columns="; ".join(
                    T.CLI_COLUMN_ITEM.format(field=field_label(kind, f), column=c)
                    for f, c in summary["columns"].items()
                )
            )
        )
    if saved:
        print(T.CLI_SAVED_MAPPING_USED)
    for reject in summary["rejects"][:SHOWN_REJECTS]:
        print(
            texts.CLI_IMPORT_REJECT_LINE.format(
                row=reject["row"] if reject["row"] is not None else "—",
                column=reject["column"] or "—",
                reason=problem_text(reject["reason"]),
                values=one_line(reject["values"]),
            )
            + (T.CLI_FLAG_MARK if reject.get("severity") == FLAG else "")
        )
    problems = summary["rejected"] + summary.get("flagged", 0)
    if problems > SHOWN_REJECTS:
        print(texts.CLI_IMPORT_MORE_REJECTS.format(count=problems - SHOWN_REJECTS))
    counts = summary.get("rejects_by_reason") or {}
    if len(counts) > 1 or summary["rejected"] > SHOWN_REJECTS:
        print(
            T.CLI_REJECTS_BY_REASON.format(
                reasons="; ".join(f"{problem_text(r)}: {fmt_int(n)}" for r, n in counts.items())
            )
        )
    if summary.get("flagged"):
        print(T.CLI_FLAGGED_LINE.format(flagged=fmt_int(summary["flagged"])))
        flags = summary.get("flagged_by_reason") or {}
        print(
            T.CLI_FLAGGED_BY_REASON.format(
                reasons="; ".join(f"{problem_text(r)}: {fmt_int(n)}" for r, n in flags.items())
            )
        )
