"""The import-kind registry: every kind of file `cli.py import KIND` and the page «Импорт данных» load.

HOW TO ADD A KIND (a module engineer writes a reader, a store function and texts; nothing else):

1. Reader, in your importers/<area>.py (bytes in, ImportResult out, never the DB):

   - A table (xlsx/xls/ods/csv): list its columns as `Field`s and write `from_table`; the framework
     does the rest (sheet choice, header, merged header cells, group rows as «Группа», totals,
     exact-then-loose matching, --sheet/--map/--mapping, the page's wizard, the row limit)::

         FIELDS = (
             Field("inn", ("ИНН", "ИНН заказчика", "customer.inn"), INN, required=True),
             Field("amount", ("Сумма", "Цена контракта", "sumRUR"), NUMBER, stem=r"сумм|цен"),
             Field("client", ("Заказчик", "customer.name"), TEXT, from_groups=True),
         )

         def tenders_from_table(table: Table, columns: dict[str, int], options: ReadOptions
                                ) -> ImportResult[Tender]:
             # columns: field -> index into table.header / each row of table.rows;
             # table.row_numbers[i] is the row number a person sees in Excel.
             # Read a column at a time with importers.values (parse_number, parse_inn,
             # datetime_column, text_column, ...); a bad row becomes
             # Problem(row_number, header_text, core.imports code, {header: raw value}).
             return ImportResult(records=..., problems=..., rows=len(table.rows))

   - Anything else (JSON, XML, own layout): write `read_bytes(data, options) -> ImportResult`
     and raise importers.tabular.TableError(core.imports code, detail) for a file that cannot be
     used at all (exit 2, logged as a failed import).

   Then, at the bottom of the same module::

         register_kind(ImportKind(
             code="tenders",                        # cli.py import tenders FILE
             texts="ui.texts.equipment:IMPORT_TENDERS",
             store="db.equipment:store_tender_import",
             fields=FIELDS, from_table=tenders_from_table,
             action=Action.IMPORT_ANY,               # or your own Action from core/roles.py
         ))

   The module is found by itself (every importers/*.py is imported by `all_kinds()`).

2. Texts, in your ui/texts/<area>.py: a dict named by `texts` above::

         IMPORT_TENDERS = {
             "title": "Тендеры",                      # the page's kind selector
             "help": "Выгрузка с zakupki.gov.ru: …",  # under the selector
             "cli": "тендеры (xlsx, csv)",            # cli.py import --help
             "fields": {"inn": "ИНН заказчика", "amount": "Сумма", ...},  # wizard labels
         }

3. Store, in your db/<area>.py, with exactly this signature (one transaction; db.import_log.
   store_import does the log, the rejects kept, the audit row and the CLI's summary for you)::

         def store_tender_import(db, actor, kind, file_name, file_hash, result, tz, progress=None):
             return store_import(db, actor, kind, file_name, file_hash, result,
                                 write=lambda db, records, import_id: write_tenders(db, records),
                                 action=Action.IMPORT_ANY)
             # write(...) returns (written, unchanged); natural keys make a repeat change nothing

   A kind with options of its own (evaluations: the campaign, calibration) describes each once
   as a `KindOption`; the CLI flag (--campaign) and the page's widget (a select box of the
   campaigns in the DB) are both made from it, and the value arrives in `options.extra`::

         options=(
             KindOption("campaign", OPTION_CHOICE, required=True, default="Тайный покупатель",
                        choices_from="db.shopper:campaign_names", new_allowed=True),
             KindOption("calibration", OPTION_BOOL),
         )

   Types: OPTION_TEXT, OPTION_CHOICE (a fixed `choices` list, or a DB list through
   `choices_from`, "module:NAME" (db) -> list[str]), OPTION_DATE (a date), OPTION_BOOL. Labels
   in the texts dict: "options": {"campaign": "Кампания"}, and for fixed choices
   "option_values": {"name": {"value": "подпись"}}. A CLI-only option the page cannot offer (a
   file) may still use `add_arguments=lambda parser: parser.add_argument(...)`.

4. Tests: build the file in its real shape in tests/importers/, run `cli.main(["import", "tenders",
   path, "--json"])` and assert the counts; `tests/importers/test_kinds.py` checks every
   registered kind has its texts and store.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from core.imports import MISSING_COLUMN, ImportResult, Limits, bulk
from core.roles import Action
from core.timeutil import DEFAULT_TZ
from importers.tabular import (
    DATE,
    DURATION,
    HOW_HAND,
    ID,
    INN,
    INT,
    MOMENT,
    NUMBER,
    RATING,
    TEXT,
    Detection,
    Field,
    Table,
    TableError,
    apply_mapping,
    detect_fields,
    header_signature,
    read_table,
)

__all__ = [
    "DATE", "DURATION", "ID", "INN", "INT", "MOMENT", "NUMBER", "RATING", "TEXT",
    "OPTION_BOOL", "OPTION_CHOICE", "OPTION_DATE", "OPTION_TEXT",
    "Field", "ImportKind", "KindOption", "Prepared", "ReadOptions", "Table", "TableError",
    "all_kinds", "get_kind", "prepare", "read_import", "register_kind",
]  # fmt: skip

TABLE_TYPES = ("xlsx", "xls", "xlsm", "ods", "csv", "txt", "tsv")
ColumnMapping = Mapping[str, int | str | None]  # field -> column index, header text, or None


@dataclass(frozen=True)
class ReadOptions:
    """What a reader is told besides the bytes: file name, zone of naive times, the sheet and hand
    mapping the person chose, the limits, and the kind's own CLI options (`extra`)."""

    file_name: str = ""
    tz: str = DEFAULT_TZ
    sheet: str | int | None = None
    mapping: ColumnMapping | None = None
    limits: Limits = field(default_factory=Limits)
    extra: Mapping[str, Any] = field(default_factory=dict)


OPTION_TEXT, OPTION_CHOICE, OPTION_DATE, OPTION_BOOL = "text", "choice", "date", "bool"


@dataclass(frozen=True)
class KindOption:
    """One option of a kind, described once: the CLI flag and the wizard's widget come from it."""

    name: str  # the key in ReadOptions.extra (and the flag --name, underscores as dashes)
    type: str = OPTION_TEXT
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()  # OPTION_CHOICE: a fixed list
    choices_from: str = ""  # OPTION_CHOICE: "module:NAME" (db) -> list[str], a list from the DB
    new_allowed: bool = False  # OPTION_CHOICE from the DB: a new value may be given (created)
    flag: str = ""  # the CLI flag when it is not --name
    metavar: str = ""

    def __post_init__(self) -> None:
        if self.type not in (OPTION_TEXT, OPTION_CHOICE, OPTION_DATE, OPTION_BOOL):
            raise ValueError(f"{self.name}: unknown option type {self.type!r}")

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")


FromTable = Callable[[Table, dict[str, int], ReadOptions], ImportResult[Any]]
ReadBytes = Callable[[bytes, ReadOptions], ImportResult[Any]]


@dataclass(frozen=True)
class ImportKind:
    """One kind of import. `texts` and `store` are "module:NAME" references (importers may not
    import ui/ or db/): the texts dict (title, help, cli, fields) and the db store function."""

    code: str
    texts: str
    store: str
    fields: tuple[Field, ...] = ()
    from_table: FromTable | None = None
    read_bytes: ReadBytes | None = None
    action: Action = Action.IMPORT_ANY
    types: tuple[str, ...] = TABLE_TYPES
    order: int = 100
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    preview: str = ""  # "module:NAME" (db, result) -> result: what the store resolves, for dry runs
    options: tuple[KindOption, ...] = ()  # the kind's own options (CLI flags, wizard widgets)

    @property
    def tabular(self) -> bool:
        """Read through the table framework (sheets, header, mapping wizard)."""
        return self.from_table is not None

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        return {f.name: f.aliases for f in self.fields}


_REGISTRY: dict[str, ImportKind] = {}
_DISCOVERED = False


def register_kind(kind: ImportKind) -> ImportKind:
    """Add a kind (called at import time of its importer module); the same code twice is a bug."""
    if (kind.from_table is None) == (kind.read_bytes is None):
        raise ValueError(f"{kind.code}: give exactly one of from_table and read_bytes")
    existing = _REGISTRY.get(kind.code)
    if existing is not None and existing != kind:
        raise ValueError(f"import kind {kind.code!r} registered twice")
    _REGISTRY[kind.code] = kind
    return kind


def _discover() -> None:
    """Import every module of the importers package once, so each registers its kinds."""
    global _DISCOVERED
    if _DISCOVERED:
        return
    import importers

    for info in pkgutil.iter_modules(importers.__path__):
        if not info.name.startswith("_") and info.name != "kinds":
            importlib.import_module(f"importers.{info.name}")
    _DISCOVERED = True


def all_kinds() -> list[ImportKind]:
    """Every registered kind, by `order` then code (the CLI's and the page's order)."""
    _discover()
    return sorted(_REGISTRY.values(), key=lambda k: (k.order, k.code))


def get_kind(code: str) -> ImportKind:
    """The kind by its code; KeyError for an unknown one."""
    _discover()
    return _REGISTRY[code]


def resolve(reference: str) -> Any:
    """The object a "module:NAME" reference names (a kind's texts dict or store function)."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)


# ---------------------------------------------------------------- reading


@dataclass
class Prepared:
    """A table read and matched, before any row is converted: what the wizard previews."""

    table: Table
    detection: Detection
    signature: str

    @property
    def columns(self) -> dict[str, int]:
        return self.detection.columns


def prepare(kind: ImportKind, data: bytes, options: ReadOptions) -> Prepared:
    """Read the table (the chosen or best sheet), detect the columns, apply the hand mapping."""
    if not kind.tabular:
        raise ValueError(f"{kind.code} is not a table kind")
    table = read_table(data, options.file_name, kind.aliases, options.sheet, options.limits)
    detection = detect_fields(table, kind.fields)
    detection = apply_mapping(detection, table.header, options.mapping, kind.field_names, HOW_HAND)
    return Prepared(table, detection, header_signature(table.header))


def read_import(kind: ImportKind, data: bytes, options: ReadOptions) -> ImportResult[Any]:
    """The one entry the CLI and the page use: bytes -> ImportResult, the sheet and columns named.

    Raises TableError for a file that cannot be used at all (missing_column names the sheet).
    """
    with bulk():
        if kind.read_bytes is not None:
            return kind.read_bytes(data, options)
        ready = prepare(kind, data, options)
        return result_from_prepared(kind, ready, options)


def result_from_prepared(
    kind: ImportKind, ready: Prepared, options: ReadOptions
) -> ImportResult[Any]:
    """Convert an already prepared table (the wizard reads once, previews, then loads)."""
    table, columns = ready.table, ready.columns
    missing = [f for f in kind.required if f not in columns]
    if missing:
        raise TableError(
            MISSING_COLUMN, ", ".join(missing), columns=missing, header=table.header,
            sheet=table.sheet,
        )  # fmt: skip
    assert kind.from_table is not None
    result = kind.from_table(table, dict(columns), options)
    return replace_meta(result, table, ready.detection)


def replace_meta(
    result: ImportResult[Any], table: Table, detection: Detection
) -> ImportResult[Any]:
    """The result with the sheet, its reason and the column of each field filled in."""
    result.sheet = table.sheet
    result.sheet_reason = table.sheet_reason
    result.columns = detection.names(table.header)
    return result


def parse_map_args(items: Sequence[str]) -> dict[str, str | None]:
    """`--map FIELD=COLUMN` values as a mapping; `FIELD=` leaves the field out. ValueError for an
    item without '='."""
    mapping: dict[str, str | None] = {}
    for item in items:
        name, sep, column = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(item)
        mapping[name.strip()] = column.strip() or None
    return mapping


def with_options(options: ReadOptions, **changes: Any) -> ReadOptions:
    """A copy of the options with some of them changed."""
    return replace(options, **changes)
