"""Shipments from an accounting export (`import sales`): a 1C «Продажи» / «Реализация товаров»
report as people save it — title and parameter rows, a merged group header over the real one
(«Контрагент» over «Наименование», «ИНН», «КПП»), repeated «ИНН»/«КПП» columns, dates and
numbers as text (NBSP thousands, decimal commas), group rows (a client or a document on a row of
its own) and an «Итого» row.

Each record is one shipment line; core.equipment.ShipmentRecord.pieces() gives one register item
per serial number, or per unit when there is none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from core.equipment import ShipmentRecord
from core.imports import BAD_DATE, MISSING_VALUE, ImportResult, Limits, Problem
from importers.kinds import (
    DATE,
    INN,
    NUMBER,
    ImportKind,
    ReadOptions,
    Table,
    read_import,
    register_kind,
)
from importers.values import (
    BadValue,
    parse_datetime,
    parse_id,
    parse_inn,
    parse_number,
    text,
)
from importers.workbook import cell, fields_of, parse_months, raw_values

SALES_ALIASES: dict[str, list[str]] = {
    "doc": ["Документ", "Регистратор", "Документ продажи", "Документ отгрузки", "Реализация",
            "Документ реализации", "Накладная", "Документ движения", "Заказ клиента", "document"],
    "doc_no": ["Номер", "Номер документа", "№ документа", "Номер накладной", "Номер реализации",
               "Документ Номер", "Документ №", "Номер УПД", "doc_no", "document_number"],
    "doc_date": ["Дата", "Дата документа", "Дата отгрузки", "Дата реализации", "Дата продажи",
                 "Документ Дата", "Период", "Дата накладной", "doc_date", "date"],
    "client_name": ["Контрагент", "Покупатель", "Клиент", "Грузополучатель", "Заказчик",
                    "Контрагент Наименование", "Покупатель Наименование", "Клиент Наименование",
                    "Контрагент Контрагент", "Наименование контрагента", "Наименование покупателя",
                    "Партнер", "Партнёр", "client", "customer"],
    "client_inn": ["ИНН контрагента", "ИНН покупателя", "ИНН клиента", "Контрагент ИНН",
                   "Покупатель ИНН", "Клиент ИНН", "Грузополучатель ИНН", "Партнер ИНН",
                   "client_inn", "customer_inn"],
    "client_kpp": ["КПП контрагента", "КПП покупателя", "КПП клиента", "Контрагент КПП",
                   "Покупатель КПП", "Клиент КПП", "Грузополучатель КПП", "client_kpp"],
    "own_name": ["Организация", "Продавец", "Организация Наименование"],
    "own_inn": ["Организация ИНН", "ИНН организации", "Продавец ИНН", "Поставщик ИНН"],
    "own_kpp": ["Организация КПП", "КПП организации", "Продавец КПП", "Поставщик КПП"],
    "product": ["Номенклатура", "Товар", "Наименование товара", "Номенклатура Наименование",
                "Товар Наименование", "Оборудование", "Продукция", "product", "item"],
    "serial": ["Серийный номер", "Серийные номера", "Серия", "Серия номенклатуры", "Серийный №",
               "Заводской номер", "Зав. номер", "S/N", "SN", "serial", "serial_number"],
    "quantity": ["Количество", "Кол-во", "Количество (в ед. хранения)", "Количество, шт.",
                 "Кол.", "qty", "quantity"],
    "amount": ["Сумма", "Сумма с НДС", "Сумма продажи", "Выручка", "Стоимость", "Сумма, руб.",
               "Сумма документа", "amount", "sum"],
    "manager": ["Менеджер", "Ответственный", "Менеджер по продажам", "Основной менеджер",
                "Ответственный менеджер", "Автор", "manager"],
    "warranty": ["Гарантия, мес.", "Гарантия", "Гарантийный срок", "Гарантийный срок, мес."],
}  # fmt: skip
SALES_STEMS = [
    ("serial", r"серийн|серия|заводск|serial"),
    ("quantity", r"количеств|колво|qty"),
    ("amount", r"сумм|выручк|стоимост"),
    ("manager", r"менеджер|ответствен"),
    ("product", r"номенклат|товар"),
    ("client_name", r"контрагент|покупател|клиент|грузополуч"),
    ("doc_date", r"^дата"),
]
_DOC = re.compile(
    r"(?:^|\s)(?:№\s*)?([\w\-/]*\d[\w\-/]*)\s+от\s+(\d{1,2}\.\d{1,2}\.\d{2,4})", re.IGNORECASE
)
_SERIALS = re.compile(r"[,;\n]+")


def parse_document(value: str) -> tuple[str, date | None]:
    """('0000-000123', 12.03.2025) from «Реализация товаров и услуг 0000-000123 от 12.03.2025 …»."""
    match = _DOC.search(value or "")
    if not match:
        return "", None
    try:
        moment = parse_datetime(match.group(2))
    except BadValue:
        return match.group(1), None
    return match.group(1), moment.date() if moment else None


def split_serials(value: object) -> list[str]:
    """Serial numbers from one cell: several may be listed with commas, semicolons or lines."""
    raw = text(value)
    return [s.strip() for s in _SERIALS.split(raw) if s.strip()] if raw else []


SALES_FIELDS = fields_of(
    SALES_ALIASES, SALES_STEMS, required=("product",),
    types={"doc_date": DATE, "client_inn": INN, "quantity": NUMBER, "amount": NUMBER},
    repeated={"client_inn": ("ИНН", "client_name"), "own_inn": ("ИНН", "own_name"),
              "client_kpp": ("КПП", "client_name"), "own_kpp": ("КПП", "own_name")},
)  # fmt: skip


def read_sales(
    data: bytes,
    file_name: str,
    mapping: Mapping[str, int | str | None] | None = None,
    sheet: str | int | None = None,
    limits: Limits | None = None,
) -> ImportResult[ShipmentRecord]:
    """Shipment lines from a .xlsx/.xls/.ods/.csv export (see the module docstring)."""
    options = ReadOptions(file_name, sheet=sheet, mapping=mapping, limits=limits or Limits())
    return read_import(SALES, data, options)


def sales_from_table(
    table: Table, columns: dict[str, int], options: ReadOptions
) -> ImportResult[ShipmentRecord]:
    """Shipment lines; a group row (a document or a client on a line of its own, or with only
    its subtotals) gives its document or client to the rows under it."""
    header = table.keys

    def name_of(field: str) -> str:
        index = columns.get(field)
        return header[index] if index is not None and index < len(header) else field

    group_at = table.group_column if table.group_column not in columns.values() else None
    last_group = ""
    records: list[ShipmentRecord] = []
    problems: list[Problem] = []
    group_doc: tuple[str, date | None] = ("", None)
    group_client = ""
    occurrences: dict[tuple[str, str, str], int] = {}
    data_rows = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if group_at is not None and row[group_at] != last_group:
            last_group = row[group_at]
            doc_no, doc_day = parse_document(last_group)
            if doc_no:
                group_doc = (doc_no, doc_day)
            else:
                group_client = last_group
        product = text(cell(row, columns["product"]))
        if not product:
            # a group row: a document or a client on a line of its own, offered to the rows below
            texts_in_row = [text(c) for i, c in enumerate(row)
                            if i != group_at and isinstance(c, str) and text(c)]  # fmt: skip
            if texts_in_row:
                doc_no, doc_day = parse_document(texts_in_row[0])
                if doc_no:
                    group_doc = (doc_no, doc_day)
                else:
                    group_client = texts_in_row[0]
                continue
            data_rows += 1
            problems.append(Problem(number, name_of("product"), MISSING_VALUE,
                                    raw_values(header, row)))  # fmt: skip
            continue
        data_rows += 1
        failed: tuple[str, str] | None = None
        doc_no = parse_id(cell(row, columns.get("doc_no")))
        doc_day: date | None = None
        if "doc_date" in columns:
            try:
                moment = parse_datetime(cell(row, columns["doc_date"]))
                doc_day = moment.date() if moment else None
            except BadValue:
                failed = ("doc_date", BAD_DATE)
        doc_text = text(cell(row, columns.get("doc")))
        if doc_text and (not doc_no or doc_day is None):
            parsed_no, parsed_day = parse_document(doc_text)
            doc_no = doc_no or parsed_no or doc_text
            doc_day = doc_day or parsed_day
        if not doc_no and group_doc[0]:
            doc_no = group_doc[0]
        if doc_day is None and group_doc[1] is not None and failed is None:
            doc_day = group_doc[1]
        client_name = text(cell(row, columns.get("client_name"))) or group_client
        client_inn: str | None = None
        try:
            client_inn = parse_inn(cell(row, columns.get("client_inn")))
        except BadValue as exc:
            failed = failed or ("client_inn", exc.code)
        try:
            quantity = parse_number(cell(row, columns.get("quantity")))
            amount = parse_number(cell(row, columns.get("amount")))
        except BadValue as exc:
            bad = "quantity" if _bad_number(cell(row, columns.get("quantity"))) else "amount"
            failed = failed or (bad, exc.code)
            quantity = amount = None
        try:
            warranty = parse_months(cell(row, columns.get("warranty")))
        except BadValue as exc:
            failed = failed or ("warranty", exc.code)
            warranty = None
        if failed is None:
            if doc_day is None:
                failed = ("doc_date", MISSING_VALUE)
            elif not doc_no:
                failed = ("doc_no" if "doc_no" in columns else "doc", MISSING_VALUE)
            elif not client_name and not client_inn:
                failed = ("client_name", MISSING_VALUE)
        if failed is not None:
            problems.append(Problem(number, name_of(failed[0]), failed[1], raw_values(header, row)))
            continue
        assert doc_day is not None
        key = (doc_no, doc_day.isoformat(), product)
        occurrences[key] = occurrences.get(key, 0) + 1
        records.append(
            ShipmentRecord(
                doc_no=doc_no,
                doc_date=doc_day,
                client_name=client_name,
                client_inn=client_inn,
                client_kpp=parse_id(cell(row, columns.get("client_kpp"))),
                product=product,
                quantity=quantity if quantity is not None else 1.0,
                amount=amount,
                manager=text(cell(row, columns.get("manager"))),
                serials=split_serials(cell(row, columns.get("serial"))),
                warranty_months=warranty,
                row=number,
                line=occurrences[key],
            )
        )
    return ImportResult(records=records, problems=problems, rows=data_rows)


def _bad_number(value: object) -> bool:
    try:
        parse_number(value)
    except BadValue:
        return True
    return False


SALES = register_kind(
    ImportKind(
        code="sales",
        texts="ui.texts.equipment:IMPORT_SALES",
        store="db.equipment:store_sales",
        fields=SALES_FIELDS,
        from_table=sales_from_table,
        order=201,
    )
)
