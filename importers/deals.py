"""Deals from CRM exports (issue 12): Bitrix24 deals, amoCRM leads, or the plain DESIGN §7 table.

Real exports as they come: hundreds of columns, some names repeated (`ID` three times — the first
is the deal's —, «Комментарий» or «Примечание» twice, joined), HTML entities in headers
(`&quot;`), a header with a trailing space («Бюджет »), one row per product so a deal repeats
(one deal with its items; its amount is the deal's own, never the sum of product rows),
«Компания» as "NAME INN" in one cell, «Сумма» as a number or as text ("150 000 руб.",
"150000|RUB"), «не закрыта» in a date column, multi-line notes, a last row with an empty ID.
Stages map through the source system's stage map; a stage nobody mapped rejects the deal's rows
with `unmapped_stage` (and its name), never guessed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from core.deals import (
    AMOCRM,
    BITRIX24,
    SYSTEMS,
    TABLE,
    ClientRecord,
    DealRecord,
    ItemRecord,
    StageMapError,
    map_stage,
    merged_stage_map,
    norm_key,
    parse_stage_map,
)
from core.imports import BAD_DATE, BAD_NUMBER, MISSING_VALUE, ImportResult, Problem
from core.inn import is_valid_inn
from core.roles import Action
from importers.kinds import (
    OPTION_CHOICE,
    ImportKind,
    KindOption,
    ReadOptions,
    read_import,
    register_kind,
)
from importers.tabular import TEXT, Field, Table, match_columns, normalize, require_columns
from importers.values import (
    BadValue,
    parse_datetime,
    parse_id,
    parse_inn,
    parse_number,
    text,
    to_aware,
)

UNMAPPED_STAGE = "unmapped_stage"
CONFLICTING_ROWS = "conflicting_rows"

DEAL_ALIASES: dict[str, list[str]] = {
    "id": ["ID", "Номер сделки", "№ сделки", "ID сделки", "Id сделки", "Номер", "Сделка ID",
           "Deal ID", "Идентификатор"],
    "title": ["Название сделки", "Название", "Сделка", "Наименование сделки", "Deal name"],
    "stage": ["Стадия сделки", "Стадия", "Этап сделки", "Этап", "Статус сделки", "Статус",
              "Stage", "Status"],
    "amount": ["Сумма", "Бюджет", "Сумма сделки", "Сумма, руб", "Сумма, руб.", "Бюджет сделки",
               "Amount", "Budget"],
    "manager": ["Ответственный", "Менеджер", "Ответственный менеджер", "Ответственный за сделку",
                "Responsible", "Manager"],
    "company": ["Компания", "Клиент", "Название компании", "Контрагент", "Компания: Название",
                "Организация", "Company", "Client"],
    "inn": ["ИНН клиента", "ИНН", "ИНН компании", "Компания: ИНН", "INN"],
    "source": ["Источник", "Источник сделки", "Источник лида", "Канал", "Source"],
    "created": ["Дата создания", "Создана", "Создано", "Дата создания сделки", "Created"],
    "closed": ["Дата закрытия", "Дата завершения", "Закрыта", "Closed"],
    "product": ["Товар", "Товары", "Продукт", "Наименование товара", "Product"],
    "price": ["Цена", "Цена товара", "Цена за единицу", "Price"],
    "quantity": ["Количество", "Кол-во", "Количество товара", "Quantity"],
    "item_amount": ["Сумма товара", "Сумма по товару", "Стоимость"],
    "loss_reason": ["Причина отказа", "Причины отказа", "Причина провала", "Причина проигрыша",
                    "Причина закрытия", "Loss reason"],
    "loss_comment": ["Комментарий к отказу", "Комментарий к причине отказа",
                     "Комментарий к причине", "Комментарий к провалу"],
    "contact": ["Контакт", "Контактное лицо", "Основной контакт", "Контакт: Имя",
                "Полное имя контакта", "Имя контакта", "Contact"],
    "contact_role": ["Должность", "Должность контакта", "Контакт: Должность"],
    "phone": ["Рабочий телефон", "Телефон", "Телефон контакта", "Мобильный телефон",
              "Контакт: Рабочий телефон", "Phone"],
    "email": ["Рабочий email", "Рабочий e-mail", "E-mail", "Email", "Электронная почта",
              "Контакт: Рабочий email", "Почта"],
    "industry": ["Сфера деятельности", "Отрасль", "Индустрия", "Industry"],
    "pipeline": ["Воронка", "Направление", "Направление сделки", "Pipeline"],
}  # fmt: skip
# Columns joined into the deal's notes wherever they stand (names repeat in real exports).
DEAL_STEMS: list[tuple[str, str]] = [
    ("stage", r"^(стадия|этап)"),
    ("amount", r"^(сумма|бюджет)"),
    ("manager", r"ответствен"),
    ("loss_reason", r"причин\w*(отказ|провал|проигр|закрыт)"),
    ("loss_comment", r"коммент\w*(отказ|причин|провал)"),
    ("inn", r"^инн|инн$"),
    ("phone", r"телефон"),
    ("email", r"email|почта"),
    ("source", r"^источник"),
    ("created", r"^датасоздан"),
    ("closed", r"^датазакрыт|^датазаверш"),
    ("contact", r"имяконтакт|^контакт"),
]
NOTE_NAMES = frozenset(normalize(n) for n in ("Комментарий", "Примечание", "Примечания",
                                              "Комментарии", "Заметка", "Описание"))  # fmt: skip
NOT_CLOSED = frozenset({"не закрыта", "не закрыто", "не закрыт", "открыта", "нет"})
_CURRENCY = re.compile(r"(\|?\s*(rub|rur|руб\.?|р\.|₽|usd|eur)\s*)$", re.IGNORECASE)
_INN_TAIL = re.compile(r"^(.*?)[\s,;(]*(?:ИНН[:\s]*)?(\d{10}|\d{12})\)?\s*$", re.IGNORECASE)


def detect_system(header: Sequence[str]) -> str:
    """Which CRM wrote the file, from its header: amoCRM leads, Bitrix24 deals or the plain table."""
    names = {normalize(h) for h in header}
    if (
        names & {"бюджет", "этапсделки", "воронка", "кемсоздана", "кемсоздан"}
        and "стадиясделки" not in names
    ):
        return AMOCRM
    if names & {"стадиясделки", "направление", "стадия", "ответственный"} and (
        "номерсделки" not in names
    ):
        return BITRIX24
    return TABLE


def unanimous_stage_map(
    saved_maps: Mapping[str, Mapping[str, str]], exclude: str
) -> dict[str, str]:
    """Stage names the other systems' maps agree on (a fallback for a file whose system was not
    recognised); a name two maps send to different stages is left out, to be asked for."""
    found: dict[str, set[str]] = {}
    for other in SYSTEMS:
        if other == exclude:
            continue
        for key, code in merged_stage_map(other, saved_maps.get(other, {})).items():
            found.setdefault(key, set()).add(code)
    return {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1}


def clean_header(header: Sequence[Any]) -> list[str]:
    """Header cells with HTML entities decoded (`&quot;`), spaces trimmed."""
    return [html.unescape(str(c)).strip() if c is not None else "" for c in header]


def parse_company(value: object) -> tuple[str, str | None]:
    """«Компания» as written: "NAME", "NAME INN", "NAME (ИНН 7701234567)"; the INN only when its
    check digits are right."""
    raw = html.unescape(text(value))
    match = _INN_TAIL.match(raw)
    if match and is_valid_inn(match.group(2)):
        name = match.group(1).strip(" ,;(")
        return (name or raw), match.group(2)
    return raw, None


def parse_amount(value: object) -> int | None:
    """Money as kopecks from a number or text ("150 000,50", "150000 руб.", "150000|RUB")."""
    if isinstance(value, str):
        value = _CURRENCY.sub("", value.strip())
    number = parse_number(value)
    return None if number is None else round(number * 100)


def parse_closed(value: object) -> datetime | None:
    """A closing date; «не закрыта» and the like mean no date."""
    if isinstance(value, str) and norm_key(value) in NOT_CLOSED:
        return None
    return parse_datetime(value)


def _cell(row: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    return row[index]


def read_deals(
    data: bytes,
    file_name: str,
    tz: str,
    saved_maps: Mapping[str, Mapping[str, str]] | None = None,
    extra_map: Mapping[str, str] | None = None,
    system: str | None = None,
) -> ImportResult[DealRecord]:
    """Read a deals export into one DealRecord per deal (rows of one deal grouped by its ID),
    through the import framework (sheet choice, header, column detection)."""
    options = ReadOptions(
        file_name=file_name, tz=tz,
        extra={"stage_map": dict(extra_map or {}), "system": system,
               "saved_maps": saved_maps or {}},
    )  # fmt: skip
    return read_import(DEALS_KIND, data, options)


def deals_kind_reader(
    table: Table, columns: dict[str, int], options: ReadOptions
) -> ImportResult[DealRecord]:
    """The framework's entry: the stage map of --stage-map (and of the caller) in options.extra.
    Stages the defaults and these maps leave unknown stay as rejects here when no saved map may
    resolve them later (`saved_maps` given); otherwise db.deals resolves them with the saved map."""
    extra = options.extra or {}
    saved = extra.get("saved_maps")
    return deals_from_table(
        table, options.tz, saved or {}, extra.get("stage_map") or {}, extra.get("system"),
        columns, defer_unmapped=saved is None,
    )  # fmt: skip


def deals_from_table(
    table: Table,
    tz: str,
    saved_maps: Mapping[str, Mapping[str, str]],
    extra_map: Mapping[str, str],
    system: str | None = None,
    mapping: Mapping[str, int] | None = None,
    defer_unmapped: bool = False,
) -> ImportResult[DealRecord]:
    """Group the table's rows into deals and read their values (see module docstring). With
    `defer_unmapped`, a deal whose stage no map knows keeps stage "" for the store to resolve
    with the saved map (and reject when that fails too)."""
    header = clean_header(table.header)
    system = system or detect_system(header)
    columns = dict(mapping) if mapping else match_columns(header, DEAL_ALIASES, DEAL_STEMS)
    require_columns(columns, ("id", "stage"), header)
    reason_at = columns.get("loss_reason")
    if "loss_comment" not in columns and reason_at is not None:
        # the free-text comment that stands beside the reasons list explains the loss
        beside = reason_at + 1
        if beside < len(header) and normalize(header[beside]) in NOTE_NAMES:
            columns["loss_comment"] = beside
    notes = [
        i
        for i, h in enumerate(header)
        if normalize(h) in NOTE_NAMES and i != columns.get("loss_comment")
    ]
    stage_map = unanimous_stage_map(saved_maps, exclude=system)
    stage_map.update(merged_stage_map(system, saved_maps.get(system, {})))
    stage_map.update({norm_key(k): v for k, v in extra_map.items()})

    groups: dict[str, list[int]] = {}
    problems: list[Problem] = []
    for position, row in enumerate(table.rows):
        deal_id = parse_id(_cell(row, columns["id"]))
        if not deal_id:
            problems.append(
                Problem(table.row_numbers[position], header[columns["id"]], MISSING_VALUE,
                        _raw(header, row))
            )  # fmt: skip
            continue
        groups.setdefault(deal_id, []).append(position)

    records: list[DealRecord] = []
    for deal_id, positions in groups.items():
        try:
            records.append(
                _deal(deal_id, table, header, columns, notes, positions, stage_map, system, tz,
                      defer_unmapped)
            )  # fmt: skip
        except _RowProblem as exc:
            problems.append(exc.problem)
    problems.sort(key=lambda p: p.row or 0)
    return ImportResult(records=records, problems=problems, rows=len(table.rows))


class _RowProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def _raw(header: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """The row's non-empty cells by column name (for rejects), values cut to 200 characters."""
    values: dict[str, Any] = {}
    for name, cell in zip(header, row, strict=False):
        if cell not in ("", None):
            key = name or "?"
            while key in values:
                key += " "
            values[key] = str(cell)[:200]
        if len(values) >= 30:
            break
    return values


def _first(table: Table, positions: Sequence[int], index: int | None) -> Any:
    """The first non-empty cell of a column over a deal's rows."""
    if index is None:
        return None
    for position in positions:
        cell = _cell(table.rows[position], index)
        if cell not in ("", None) and text(cell):
            return cell
    return None


def _deal(
    deal_id: str,
    table: Table,
    header: Sequence[str],
    columns: Mapping[str, int],
    notes: Sequence[int],
    positions: Sequence[int],
    stage_map: Mapping[str, str],
    system: str,
    tz: str,
    defer_unmapped: bool = False,
) -> DealRecord:
    first_row = table.row_numbers[positions[0]]
    raw = table.rows[positions[0]]

    def fail(field: str, reason: str, extra: dict[str, Any] | None = None) -> _RowProblem:
        column = header[columns[field]] if field in columns else field
        values = _raw(header, raw)
        if extra:
            values = {**extra, **values}
        return _RowProblem(Problem(first_row, column, reason, values))

    source_stage = " ".join(text(_first(table, positions, columns["stage"])).split())
    if not source_stage:
        raise fail("stage", MISSING_VALUE)
    stage = map_stage(source_stage, stage_map)
    if stage is None and not defer_unmapped:
        raise fail("stage", UNMAPPED_STAGE, {"stage": source_stage})
    amount_cell = _first(table, positions, columns.get("amount"))
    try:
        amount = parse_amount(amount_cell)
    except BadValue as exc:
        raise fail("amount", BAD_NUMBER) from exc
    items = _items(table, positions, columns)
    if amount is None and "amount" not in columns and items:
        # no deal amount in the file at all: the items are all there is
        amount = sum(i.amount_kop or 0 for i in items) or None
    try:
        created = to_aware(parse_datetime(_first(table, positions, columns.get("created"))), tz)
    except BadValue as exc:
        raise fail("created", BAD_DATE) from exc
    try:
        closed = to_aware(parse_closed(_first(table, positions, columns.get("closed"))), tz)
    except BadValue:
        closed = None  # a free-text closing note is not a reason to lose the deal
    company_name, company_inn = parse_company(_first(table, positions, columns.get("company")))
    inn_cell = _first(table, positions, columns.get("inn"))
    if inn_cell is not None:
        try:
            company_inn = parse_inn(inn_cell) or company_inn
        except BadValue:
            pass  # a wrong INN is dropped; the client is matched by name
    note_texts: list[str] = []
    for position in positions[:1]:
        for index in notes:
            value = text(_cell(table.rows[position], index))
            if value and value not in note_texts:
                note_texts.append(value)
    loss_comment = text(_first(table, positions, columns.get("loss_comment")))
    return DealRecord(
        id=deal_id,
        row=first_row,
        system=system,
        stage=stage or "",
        source_stage=source_stage,
        title=text(_first(table, positions, columns.get("title"))),
        client_name=company_name,
        client_inn=company_inn,
        manager=text(_first(table, positions, columns.get("manager"))),
        amount_kop=amount,
        lead_source=text(_first(table, positions, columns.get("source"))),
        created_at=created,
        closed_at=closed,
        loss_reason=_list_text(_first(table, positions, columns.get("loss_reason"))),
        loss_comment=loss_comment,
        contact_name=text(_first(table, positions, columns.get("contact"))),
        contact_role=text(_first(table, positions, columns.get("contact_role"))),
        phone=_list_text(_first(table, positions, columns.get("phone"))),
        email=_list_text(_first(table, positions, columns.get("email"))),
        industry=text(_first(table, positions, columns.get("industry"))),
        notes="\n\n".join(note_texts),
        items=tuple(items),
    )


def _list_text(value: object) -> str:
    """A list cell ("Дорого, Нет ЛПР" or one per line) as one comma-separated line."""
    raw = text(value)
    parts = [p.strip() for p in re.split(r"[\n;]+", raw) if p.strip()]
    return ", ".join(parts)


def _items(table: Table, positions: Sequence[int], columns: Mapping[str, int]) -> list[ItemRecord]:
    """The deal's product rows (one per file row that names a product)."""
    if "product" not in columns:
        return []
    items = []
    for position in positions:
        row = table.rows[position]
        product = text(_cell(row, columns["product"]))
        if not product:
            continue
        try:
            quantity = parse_number(_cell(row, columns.get("quantity")))
        except BadValue:
            quantity = None
        try:
            price = parse_amount(_cell(row, columns.get("price")))
        except BadValue:
            price = None
        try:
            line_amount = parse_amount(_cell(row, columns.get("item_amount")))
        except BadValue:
            line_amount = None
        if line_amount is None and price is not None:
            line_amount = round(price * (quantity if quantity is not None else 1))
        items.append(ItemRecord(product, quantity, price, line_amount))
    return items


# ---- clients --------------------------------------------------------------------------------

CLIENT_ALIASES: dict[str, list[str]] = {
    "name": ["Клиент", "Название", "Название компании", "Компания", "Контрагент", "Организация",
             "Наименование"],
    "inn": ["ИНН", "ИНН клиента", "ИНН компании"],
    "manager": ["Менеджер", "Ответственный", "Ответственный менеджер"],
    "contact": ["Контакт", "Контактное лицо", "ФИО контакта", "Имя контакта"],
    "role": ["Должность", "Роль", "Должность контакта"],
    "phone": ["Телефон", "Рабочий телефон", "Мобильный телефон"],
    "email": ["E-mail", "Email", "Рабочий email", "Электронная почта", "Почта"],
    "industry": ["Отрасль", "Сфера деятельности", "Индустрия"],
    "segment": ["Сегмент", "Категория клиента", "Тип клиента"],
    "region": ["Регион", "Город"],
    "last_contact": ["Последний контакт", "Дата последнего контакта", "Последняя активность"],
}  # fmt: skip


def read_clients(
    data: bytes, file_name: str, tz: str = "Europe/Moscow"
) -> ImportResult[ClientRecord]:
    """Clients with their contact person, through the import framework."""
    return read_import(CLIENTS_KIND, data, ReadOptions(file_name=file_name, tz=tz))


def clients_from_table(
    table: Table, columns: dict[str, int], options: ReadOptions
) -> ImportResult[ClientRecord]:
    """Clients with their contact person: name or INN required."""
    tz = options.tz
    header = clean_header(table.header)
    records: list[ClientRecord] = []
    problems: list[Problem] = []
    for position, row in enumerate(table.rows):
        number = table.row_numbers[position]
        name, inn_in_name = parse_company(_cell(row, columns["name"]))
        try:
            inn = parse_inn(_cell(row, columns.get("inn"))) or inn_in_name
        except BadValue:
            problems.append(Problem(number, header[columns["inn"]], "bad_inn", _raw(header, row)))
            continue
        if not name and not inn:
            problems.append(
                Problem(number, header[columns["name"]], MISSING_VALUE, _raw(header, row))
            )
            continue
        try:
            last = to_aware(parse_datetime(_cell(row, columns.get("last_contact"))), tz)
        except BadValue:
            problems.append(
                Problem(number, header[columns["last_contact"]], BAD_DATE, _raw(header, row))
            )
            continue
        records.append(
            ClientRecord(
                row=number,
                name=name,
                inn=inn,
                manager=text(_cell(row, columns.get("manager"))),
                contact_name=text(_cell(row, columns.get("contact"))),
                contact_role=text(_cell(row, columns.get("role"))),
                phone=_list_text(_cell(row, columns.get("phone"))),
                email=_list_text(_cell(row, columns.get("email"))),
                industry=text(_cell(row, columns.get("industry"))),
                segment=text(_cell(row, columns.get("segment"))),
                region=text(_cell(row, columns.get("region"))),
                last_contact_at=last,
            )  # fmt: skip
        )
    return ImportResult(records=records, problems=problems, rows=len(table.rows))


# ---- registration in the import framework (importers/kinds.py) -------------------------------


def _stage_map_file(path: str) -> dict[str, str]:
    """--stage-map FILE.json read when the arguments are parsed (argparse exits 2 on a bad one)."""
    import argparse

    try:
        with open(path, encoding="utf-8-sig") as handle:
            return parse_stage_map(handle.read())
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{path}: {exc.strerror or exc}") from exc
    except StageMapError as exc:
        raise argparse.ArgumentTypeError(f"{path}: {exc.code} {exc.value}".strip()) from exc


def _deal_arguments(parser: Any) -> None:
    parser.add_argument("--stage-map", type=_stage_map_file, metavar="FILE.json",
                        help='{"этап в CRM": "код этапа воронки"}')  # fmt: skip


def _fields(aliases: Mapping[str, Sequence[str]], stems: Sequence[tuple[str, str]],
            required: Sequence[str]) -> tuple[Field, ...]:  # fmt: skip
    stem_of = dict(stems)
    return tuple(
        Field(name, tuple(names), TEXT, required=name in required, stem=stem_of.get(name, ""))
        for name, names in aliases.items()
    )


DEAL_FIELDS = _fields(DEAL_ALIASES, DEAL_STEMS, ("id", "stage"))
CLIENT_FIELDS = _fields(CLIENT_ALIASES, (), ("name",))
DEALS_KIND = register_kind(
    ImportKind(
        code="deals", texts="ui.texts.deals:IMPORT_DEALS", store="db.deals:store_deal_import",
        fields=DEAL_FIELDS, from_table=deals_kind_reader, action=Action.IMPORT_ANY,
        add_arguments=_deal_arguments, order=60, preview="db.deals:preview_deal_import",
        options=(KindOption("system", OPTION_CHOICE, choices=SYSTEMS),),
    )
)  # fmt: skip
CLIENTS_KIND = register_kind(
    ImportKind(
        code="clients", texts="ui.texts.deals:IMPORT_CLIENTS",
        store="db.deals:store_client_import", fields=CLIENT_FIELDS,
        from_table=clients_from_table, action=Action.IMPORT_ANY, order=61,
    )
)  # fmt: skip
