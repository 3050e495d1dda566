"""Customers' equipment from a register file (`import equipment`): pieces already installed at
clients, ours or competitors' (seed 003's «ручной способ» done in a spreadsheet)."""

from __future__ import annotations

from collections.abc import Mapping

from core.equipment import BAD_OWNER, OWNER_COMPETITOR, OWNER_OURS, EquipmentRecord
from core.imports import MISSING_VALUE, ImportResult, Limits, Problem
from importers.kinds import (
    DATE,
    INN,
    INT,
    ImportKind,
    ReadOptions,
    Table,
    read_import,
    register_kind,
)
from importers.values import BadValue, parse_datetime, parse_id, parse_inn, parse_int, text
from importers.workbook import cell, fields_of, raw_values

EQUIPMENT_ALIASES: dict[str, list[str]] = {
    "client_name": ["Клиент", "Контрагент", "Заказчик", "Организация", "client"],
    "client_inn": ["ИНН", "ИНН клиента", "ИНН контрагента", "Клиент ИНН", "client_inn"],
    "product": ["Оборудование", "Номенклатура", "Модель", "Наименование", "product"],
    "owner": ["Владелец", "Чьё", "Чье", "Продавец", "owner"],
    "competitor": ["Конкурент", "Кто продал", "Поставщик", "competitor"],
    "kind": ["Тип оборудования", "Вид оборудования", "Тип", "kind"],
    "serial": ["Серийный номер", "Заводской номер", "S/N", "serial"],
    "ship_date": ["Дата продажи", "Дата отгрузки", "Дата установки", "Дата поставки", "ship_date"],
    "warranty_end": ["Окончание гарантии", "Гарантия до", "Срок гарантии до", "warranty_end"],
    "last_repair": ["Дата последнего ремонта", "Последний ремонт", "last_repair"],
    "year_made": ["Год производства", "Год выпуска", "year"],
    "components": ["Комплектующие", "Состав", "Состав комплектующих", "components"],
    "contacts": ["Контактные лица", "Ответственные лица заказчика", "Контакты", "contacts"],
    "responsible": ["Ответственный", "Ответственный за ремонт", "Инженер", "responsible"],
}  # fmt: skip
_COMPETITOR_WORDS = ("конкур", "чуж", "competitor", "их")
_DATE_FIELDS = ("ship_date", "warranty_end", "last_repair")


EQUIPMENT_FIELDS = fields_of(
    EQUIPMENT_ALIASES, required=("client_name", "product"),
    types={"client_inn": INN, "ship_date": DATE, "warranty_end": DATE, "last_repair": DATE,
           "year_made": INT},
)  # fmt: skip


def read_equipment(
    data: bytes,
    file_name: str,
    mapping: Mapping[str, int | str | None] | None = None,
    sheet: str | int | None = None,
    limits: Limits | None = None,
) -> ImportResult[EquipmentRecord]:
    """Pieces of equipment from a .xlsx/.xls/.ods/.csv file, one per row."""
    options = ReadOptions(file_name, sheet=sheet, mapping=mapping, limits=limits or Limits())
    return read_import(EQUIPMENT, data, options)


def equipment_from_table(
    table: Table, columns: dict[str, int], options: ReadOptions
) -> ImportResult[EquipmentRecord]:
    """One piece a row; a competitor's piece must name the competitor."""
    header = table.keys
    records, problems = [], []
    for row, number in zip(table.rows, table.row_numbers, strict=True):

        def name(field: str) -> str:
            index = columns.get(field)
            return header[index] if index is not None else field

        client = text(cell(row, columns.get("client_name")))
        product = text(cell(row, columns.get("product")))
        competitor = text(cell(row, columns.get("competitor")))
        owner_text = text(cell(row, columns.get("owner"))).lower()
        owner = OWNER_COMPETITOR if competitor or owner_text.startswith(_COMPETITOR_WORDS) else (
            OWNER_OURS)  # fmt: skip
        failed = None
        if not client or not product:
            failed = ("client_name" if not client else "product", MISSING_VALUE)
        elif owner == OWNER_COMPETITOR and not competitor:
            failed = ("competitor", BAD_OWNER)
        dates = {}
        try:
            inn = parse_inn(cell(row, columns.get("client_inn")))
        except BadValue as exc:
            inn, failed = None, failed or ("client_inn", exc.code)
        for field in _DATE_FIELDS:
            try:
                moment = parse_datetime(cell(row, columns.get(field)))
                dates[field] = moment.date() if moment else None
            except BadValue as exc:
                failed = failed or (field, exc.code)
        try:
            year = parse_int(cell(row, columns.get("year_made")))
        except BadValue as exc:
            year, failed = None, failed or ("year_made", exc.code)
        if failed:
            problems.append(Problem(number, name(failed[0]), failed[1], raw_values(header, row)))
            continue
        records.append(
            EquipmentRecord(
                client_name=client,
                client_inn=inn,
                product=product,
                owner=owner,
                competitor=competitor,
                kind=text(cell(row, columns.get("kind"))),
                serial=parse_id(cell(row, columns.get("serial"))),
                ship_date=dates["ship_date"],
                warranty_end=dates["warranty_end"],
                last_repair=dates["last_repair"],
                year_made=year,
                components=text(cell(row, columns.get("components"))),
                contacts=text(cell(row, columns.get("contacts"))),
                responsible=text(cell(row, columns.get("responsible"))),
                row=number,
            )
        )
    return ImportResult(records=records, problems=problems, rows=len(table.rows))


EQUIPMENT = register_kind(
    ImportKind(
        code="equipment",
        texts="ui.texts.equipment:IMPORT_EQUIPMENT",
        store="db.equipment:store_equipment_file",
        fields=EQUIPMENT_FIELDS,
        from_table=equipment_from_table,
        order=203,
    )
)
