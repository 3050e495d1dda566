"""Products with their type, warranty months and maintenance kinds (`import products`).

The file has «Номенклатура», «Вид оборудования», «Гарантия, мес.», «Вид обслуживания»,
«Периодичность, мес.», one row per maintenance kind: rows of one product are merged, and a row
with a blank product name under a named one continues it (a merged cell in the workbook).
"""

from __future__ import annotations

from collections.abc import Mapping

from core.equipment import ProductRecord
from core.imports import BAD_NUMBER, MISSING_VALUE, ImportResult, Limits, Problem
from importers.kinds import ImportKind, ReadOptions, Table, read_import, register_kind
from importers.values import BadValue, text
from importers.workbook import cell, fields_of, parse_months, raw_values

PRODUCT_ALIASES: dict[str, list[str]] = {
    "name": ["Номенклатура", "Товар", "Наименование", "Наименование товара", "Продукт",
             "Оборудование", "Модель", "product", "name", "item"],
    "kind": ["Вид оборудования", "Тип оборудования", "Вид номенклатуры", "Тип", "Вид",
             "Категория", "Группа", "kind", "type", "category"],
    "warranty": ["Гарантия, мес.", "Гарантия, мес", "Гарантия (мес.)", "Гарантия", "Срок гарантии",
                 "Гарантийный срок", "Гарантийный срок, мес.", "Гарантия мес", "warranty",
                 "warranty_months"],
    "maintenance_kind": ["Вид обслуживания", "Вид ТО", "Обслуживание", "Тип обслуживания",
                         "Вид работ", "maintenance", "maintenance_kind"],
    "okpd2": ["ОКПД2", "ОКПД 2", "Код ОКПД2", "Сегмент", "okpd2"],
    "interval": ["Периодичность, мес.", "Периодичность, мес", "Периодичность", "Интервал, мес.",
                 "Интервал", "Период, мес.", "Каждые, мес.", "interval", "interval_months"],
}  # fmt: skip
PRODUCT_STEMS = [
    ("warranty", r"гарант|warrant"),
    ("interval", r"периодичн|интервал|interval"),
    ("maintenance_kind", r"обслуживан|видто|^то$"),
    ("kind", r"видоборуд|типоборуд|вид|тип"),
    ("name", r"номенклат|наименов|товар"),
]


PRODUCT_FIELDS = fields_of(PRODUCT_ALIASES, PRODUCT_STEMS, required=("name",))


def read_products(
    data: bytes,
    file_name: str,
    mapping: Mapping[str, int | str | None] | None = None,
    sheet: str | int | None = None,
    limits: Limits | None = None,
) -> ImportResult[ProductRecord]:
    """Products from a .xlsx/.xls/.ods/.csv file, one record per product with all its kinds."""
    options = ReadOptions(file_name, sheet=sheet, mapping=mapping, limits=limits or Limits())
    return read_import(PRODUCTS, data, options)


def products_from_table(
    table: Table, columns: dict[str, int], options: ReadOptions
) -> ImportResult[ProductRecord]:
    """One record per product: rows of one name merged, a row with a blank name continuing the
    product above (a merged cell)."""
    keys = table.keys
    products: dict[str, ProductRecord] = {}
    problems: list[Problem] = []
    current: ProductRecord | None = None
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        name = text(cell(row, columns.get("name")))
        record = products.get(name) if name else current
        if record is None and not name:
            problems.append(Problem(number, keys[columns["name"]], MISSING_VALUE,
                                    raw_values(keys, row)))  # fmt: skip
            continue
        try:
            warranty = parse_months(cell(row, columns.get("warranty")))
            interval = parse_months(cell(row, columns.get("interval")))
        except BadValue as exc:
            column = "warranty" if _bad(row, columns.get("warranty")) else "interval"
            problems.append(Problem(number, keys[columns[column]], exc.code or BAD_NUMBER,
                                    raw_values(keys, row)))  # fmt: skip
            continue
        if record is None:
            record = products[name] = ProductRecord(name=name)
        current = record
        kind = text(cell(row, columns.get("kind")))
        if kind:
            record.kind = kind
        if warranty is not None:
            record.warranty_months = warranty
        okpd2 = text(cell(row, columns.get("okpd2")))
        if okpd2:
            record.okpd2 = okpd2
        maintenance = text(cell(row, columns.get("maintenance_kind")))
        if interval:
            record.maintenance[maintenance or "ТО"] = interval
    return ImportResult(records=list(products.values()), problems=problems, rows=len(table.rows))


def _bad(row: list[object], index: int | None) -> bool:
    try:
        parse_months(cell(row, index))
    except BadValue:
        return True
    return False


PRODUCTS = register_kind(
    ImportKind(
        code="products",
        texts="ui.texts.equipment:IMPORT_PRODUCTS",
        store="db.equipment:store_products",
        fields=PRODUCT_FIELDS,
        from_table=products_from_table,
        order=200,
    )
)
