"""Completed tenders and contracts from a procurement export (`import tenders`): xlsx, xls, ods or
csv as the EIS, the contract search, a tender service or a person's own workbook gives them.

Columns are found over the spellings real exports use (`customer.name`, `customer.inn`,
`supplier.inn`, `sumRUR`, «Наименование Заказчика», «ИНН победителя», «Победитель», …). Rows of
one contract number — or, without one, one registry number and winner — are one tender with
several items; a row with no number, customer or winner under a tender continues it. `NA` and
blanks are missing values: a tender without a winner is kept and reported, an INN that fails its
check digits is kept as written and flagged, totals rows («Итого») are not tenders.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.equipment import MISSING_WINNER, restore_inn
from core.imports import BAD_INN, FLAG, MISSING_COLUMN, MISSING_VALUE, ImportResult, Limits, Problem
from core.tenders import TenderItem, TenderRecord, law_of
from importers.kinds import (
    DATE,
    INN,
    NUMBER,
    ImportKind,
    ReadOptions,
    Table,
    TableError,
    read_import,
    register_kind,
)
from importers.values import (
    BadValue,
    id_column,
    parse_datetime,
    parse_id,
    parse_number,
    text_column,
)
from importers.workbook import fields_of, raw_values

TENDER_ALIASES: dict[str, list[str]] = {
    "contract": ["Номер контракта", "Реестровый номер контракта", "Номер договора",
                 "Реестровый номер договора", "№ контракта", "№ договора", "ContractID",
                 "contract_id", "contractNumber", "contract.regNum", "regNum", "id",
                 "ID контракта", "Идентификатор контракта", "Номер реестровой записи"],
    "registry": ["Реестровый номер", "Реестровый номер закупки", "Номер извещения",
                 "Номер закупки", "Извещение", "№ извещения", "№ закупки", "Реестровый № закупки",
                 "Номер процедуры", "Номер торгов", "Номер тендера", "notificationNumber",
                 "purchaseNumber", "regNumber", "registry_number", "Идентификатор закупки"],
    "day": ["Дата контракта", "Дата заключения контракта", "Дата заключения", "Дата подписания",
            "Дата договора", "Дата", "Дата публикации", "Дата размещения", "Дата подведения итогов",
            "Дата итогов", "Дата проведения", "publishDate", "signDate", "PostedDate",
            "contract_date", "date"],
    "law": ["Закон", "ФЗ", "Law", "Федеральный закон", "Закон (ФЗ)", "law", "Тип закона"],
    "status": ["Статус", "Status", "Этап", "Стадия", "Статус контракта", "currentContractStage",
               "status"],
    "customer_name": ["customer.name", "Наименование Заказчика", "Заказчик", "NameCustomer",
                      "Организация заказчика", "Заказчик Наименование", "Наименование организации",
                      "Покупатель", "customer", "customer_name", "customerName"],
    "customer_inn": ["customer.inn", "ИНН заказчика", "Заказчик ИНН", "customer_inn",
                     "customerInn", "ИНН покупателя"],
    "customer_kpp": ["customer.kpp", "КПП заказчика", "Заказчик КПП", "customer_kpp",
                     "customerKpp"],
    "winner_name": ["supplier.name", "Победитель", "Поставщик", "Наименование победителя",
                    "Наименование поставщика", "Победитель Наименование",
                    "Поставщик Наименование", "Участник-победитель", "Исполнитель", "Подрядчик",
                    "Поставщик (исполнитель)", "winner", "winner_name", "supplier",
                    "supplier_name", "supplierName", "ParticipantName"],
    "winner_inn": ["supplier.inn", "ИНН победителя", "ИНН поставщика", "Победитель ИНН",
                   "Поставщик ИНН", "ИНН исполнителя", "ИНН участника", "winner_inn",
                   "supplier_inn", "supplierInn", "ParticipantINN"],
    "winner_kpp": ["supplier.kpp", "КПП победителя", "КПП поставщика", "Победитель КПП",
                   "Поставщик КПП", "winner_kpp", "supplier_kpp"],
    "is_winner": ["ParticipantIsWinner", "Победитель (да/нет)", "is_winner", "Признак победителя"],
    "nmck": ["НМЦК", "НМЦ", "НМЦД", "НМЦК, руб.", "НМЦК, руб", "Начальная (максимальная) цена",
             "Начальная (максимальная) цена контракта", "Начальная цена", "Начальная цена контракта",
             "Начальная максимальная цена", "StartPrice", "maxPrice", "initialSum", "ObjectNMZ",
             "nmck"],
    "price": ["Цена контракта", "Цена контракта, руб.", "Цена контракта, руб", "Сумма контракта",
              "Стоимость контракта", "Цена договора", "Сумма договора", "Итоговая цена",
              "Цена победителя", "Предложение победителя", "Финальная цена", "Конечная цена",
              "sumRUR", "FinalStoim", "contract_price", "contractPrice", "price_contract"],
    "item_name": ["Наименование товара", "Наименование позиции", "Объект закупки",
                  "Наименование объекта закупки", "Предмет контракта", "Предмет договора",
                  "Наименование товара, работы, услуги", "Товар", "Позиция", "Номенклатура",
                  "Наименование", "ObjectName", "item", "item_name", "product"],
    "okpd2": ["ОКПД2", "ОКПД 2", "Код ОКПД2", "Код ОКПД 2", "Код по ОКПД2", "ОКПД", "Код ОКПД",
              "OKPD2.code", "OKPD2", "ObjectCode", "okpd2", "okpd2_code"],
    "okpd2_name": ["OKPD2.name", "Наименование ОКПД2", "Наименование по ОКПД2", "okpd2_name"],
    "quantity": ["Количество", "Кол-во", "Кол.", "Количество товара", "quantity", "qty",
                 "ObjectAmount"],
    "unit": ["Ед. изм.", "Ед.изм.", "Единица измерения", "Ед. измерения", "Ед", "OKEI.name",
             "ObjectUnits", "unit"],
    "item_price": ["Цена за ед.", "Цена за ед., руб.", "Цена за единицу", "Цена единицы",
                   "Цена ед.", "ObjectUnitPrice", "unit_price", "Цена"],
    "item_sum": ["Сумма", "Сумма, руб.", "Сумма позиции", "Стоимость", "Стоимость, руб.",
                 "Стоимость позиции", "item_sum", "amount"],
}  # fmt: skip
TENDER_STEMS = [
    ("nmck", r"нмц|начальн.*цен|startprice"),
    ("customer_inn", r"иннзаказ|заказчикинн|customerinn"),
    ("winner_inn", r"иннпобед|иннпостав|иннисполн|supplierinn|winnerinn"),
    ("price", r"ценаконтр|суммаконтр|ценадогов|суммадогов|ценапобед"),
    ("okpd2", r"окпд"),
    ("customer_name", r"заказчик|customer"),
    ("winner_name", r"победител|поставщик|исполнител|supplier|winner"),
    ("registry", r"реестров|извещени|закупк"),
    ("contract", r"контракт|договор"),
    ("quantity", r"количеств|колво"),
    ("unit", r"едизм|единиц"),
    ("item_sum", r"сумм|стоимост"),
    ("day", r"^дата"),
    ("law", r"закон|фз$"),
]
_TENDER_FIELDS = ("contract", "registry", "day", "law", "status", "customer_name", "customer_inn",
                  "customer_kpp", "winner_name", "winner_inn", "winner_kpp", "nmck", "price")  # fmt: skip
_ITEM_FIELDS = ("item_name", "okpd2", "okpd2_name", "quantity", "unit", "item_price", "item_sum")
_LISTED = re.compile(r"(\d{2}\.\d{2}(?:\.[\d.]+)?(?:-\d+)?)\s*:\s*([^;$]+)")
_FALSE = frozenset({"false", "0", "нет", "no", "ложь"})


@dataclass
class TenderImport(ImportResult[TenderRecord]):
    """Tenders read from a file; its problems are the rejected rows and, with severity FLAG, the
    kept tenders a person should look at (a bad INN, no winner); `totals` counts the totals rows
    left out."""

    totals: int = 0


class _Numbers(dict[object, float | None]):
    """parse_number with a memory (prices and quantities repeat a lot in big exports) and a fast
    path for the common «12 345,67» and «12345.67» spellings."""

    def __missing__(self, raw: object) -> float | None:
        value: float | None = None
        if raw.__class__ is str:
            compact = raw.replace("\u00a0", "").replace(" ", "")  # type: ignore[attr-defined]
            if compact and compact.count(",") <= 1 and "." not in compact:
                try:
                    value = float(compact.replace(",", "."))
                except ValueError:
                    value = None
                else:
                    if value != value or value in (float("inf"), float("-inf")):
                        value = None
                    else:
                        self[raw] = value
                        return value
            elif compact and "," not in compact:
                try:
                    value = float(compact)
                except ValueError:
                    value = None
                else:
                    if value == value and value not in (float("inf"), float("-inf")):
                        self[raw] = value
                        return value
        value = self[raw] = parse_number(raw)
        return value


TENDER_FIELDS = fields_of(
    TENDER_ALIASES, TENDER_STEMS,
    types={"day": DATE, "customer_inn": INN, "winner_inn": INN, "nmck": NUMBER, "price": NUMBER,
           "quantity": NUMBER, "item_price": NUMBER, "item_sum": NUMBER},
    repeated={"customer_inn": ("ИНН", "customer_name"), "winner_inn": ("ИНН", "winner_name"),
              "customer_kpp": ("КПП", "customer_name"), "winner_kpp": ("КПП", "winner_name")},
)  # fmt: skip
_ANY_OF = ("contract", "registry", "customer_name", "customer_inn")


def read_tenders(
    data: bytes,
    file_name: str,
    mapping: Mapping[str, int | str | None] | None = None,
    sheet: str | int | None = None,
    limits: Limits | None = None,
) -> TenderImport:
    """Tenders with their items from a file (see the module docstring).

    Raises TableError(unreadable | no_header | missing_column) when the file cannot be used.
    """
    options = ReadOptions(file_name, sheet=sheet, mapping=mapping, limits=limits or Limits())
    return read_import(TENDERS, data, options)  # type: ignore[return-value]


def tenders_from_table(table: Table, columns: dict[str, int], options: ReadOptions) -> TenderImport:
    """The table's tenders; a table naming none of a tender's number and its customer cannot be
    read (TableError missing_column naming the registry number and the customer)."""
    if not any(f in columns for f in _ANY_OF):
        missing = [f for f in ("registry", "customer_name") if f not in columns]
        raise TableError(MISSING_COLUMN, ", ".join(missing), columns=missing,
                         header=table.header, sheet=table.sheet)  # fmt: skip
    result = tenders_from_rows(table.keys, table.rows, table.row_numbers, columns)
    result.totals = len(table.totals)
    return result


def _columns_of(rows: list[list[Any]], width: int) -> Any:
    """A function giving one column's cells by index ('' past a short row's end, all '' for no
    column); when every row has one width, a single C-level transpose serves every column."""
    n = len(rows)
    same = len({len(r) for r in rows}) <= 1
    transposed = list(map(list, zip(*rows, strict=True))) if same and rows else []

    def column(index: int | None) -> list[Any]:
        if index is None:
            return [""] * n
        if transposed:
            return transposed[index] if index < len(transposed) else [""] * n
        return [r[index] if index < len(r) else "" for r in rows]

    return column


def _plain_numbers(num: _Numbers) -> Any:
    """The fast conversion of a number column: raises (ValueError, BadValue) for anything but
    plain «12 345,67» / «12345.67» text and numbers, finite."""

    def convert(cells: list[Any]) -> list[float | None]:
        values: list[Any] | None = None
        if set(map(type, cells)) == {str}:
            # a text file's column: the same cleaning once over the joined column, in C
            joined = "\n".join(cells)
            if "." not in joined:
                cleaned = joined.replace("\u00a0", "").replace(" ", "").replace(",", ".")
                parts = cleaned.split("\n")
                if len(parts) == len(cells):
                    values = list(map(float, parts))
        if values is None:
            values = [
                float(c.replace("\u00a0", "").replace(" ", "").replace(",", "."))
                if c.__class__ is str and "." not in c
                else (float(c) if c.__class__ in (int, float) else num[c])
                for c in cells
            ]
        present = [v for v in values if v is not None] if None in values else values
        if not math.isfinite(sum(present)) and any(v != v or v in (_INF, -_INF) for v in present):
            raise ValueError("not finite")
        return values

    return convert


class _Inns(dict[str, tuple[str, bool]]):
    """Restored INN and its check by the cell's text: a column repeats a few hundred INNs."""

    def __missing__(self, raw: str) -> tuple[str, bool]:
        value = self[raw] = restore_inn(parse_id(raw)) if raw else ("", False)
        return value


class _Days(dict[object, object]):
    """The date of a cell, worked out once per distinct cell."""

    def __missing__(self, raw: object) -> object:
        try:
            moment = parse_datetime(raw)
        except BadValue as exc:
            value: object = exc
        else:
            value = moment.date() if moment is not None else None
        self[raw] = value
        return value


_INF = float("inf")
_NUMBER_FIELDS = ("nmck", "price", "quantity", "item_price", "item_sum")
_TEXT_FIELDS = ("law", "status", "customer_name", "winner_name", "item_name", "okpd2",
                "okpd2_name", "unit")  # fmt: skip
_ID_FIELDS = ("contract", "registry", "customer_kpp", "winner_kpp")


def tenders_from_rows(
    header: list[str],
    rows: list[list[Any]],
    numbers: list[int],
    columns: Mapping[str, int],
) -> TenderImport:
    """Group rows into tenders (one per contract, or registry number and winner) with items.

    Cells are converted a column at a time (distinct values once), then rows are grouped."""
    col = {f: columns.get(f) for f in TENDER_ALIASES}
    names = {f: header[i] if i is not None and i < len(header) else f for f, i in col.items()}
    n = len(rows)
    column = _columns_of(rows, len(header))
    data: dict[str, list[Any]] = {}
    errors: dict[int, str] = {}  # row position -> the first field that failed
    codes: dict[int, str] = {}
    for name in _TEXT_FIELDS:
        data[name] = text_column(column(col[name])) if col[name] is not None else [""] * n
    for name in _ID_FIELDS:
        data[name] = id_column(column(col[name])) if col[name] is not None else [""] * n
    inns = _Inns()
    for who in ("customer", "winner"):
        index = col[f"{who}_inn"]
        cells = text_column(column(index)) if index is not None else [""] * n
        pairs = [inns[c] for c in cells]
        data[f"{who}_inn"] = [p[0] for p in pairs]
        data[f"{who}_inn_ok"] = [p[1] for p in pairs]
    if col["is_winner"] is not None:
        for position, flag in enumerate(text_column(column(col["is_winner"]))):
            if flag.lower() in _FALSE:
                data["winner_name"][position] = data["winner_inn"][position] = ""
                data["winner_kpp"][position] = ""
    num = _Numbers()
    for name in _NUMBER_FIELDS:
        if col[name] is None:
            data[name] = [None] * n
            continue
        cells = column(col[name])
        try:
            # the common case in one pass: «12 345,67» / «12345.67» text or numbers, none missing
            data[name] = _plain_numbers(num)(cells)
            continue
        except (ValueError, BadValue, AttributeError):
            pass
        try:
            data[name] = [num[c] for c in cells]
        except BadValue:
            values: list[float | None] = []
            for position, cell_value in enumerate(cells):
                try:
                    values.append(num[cell_value])
                except BadValue as exc:
                    values.append(None)
                    errors.setdefault(position, name)
                    codes.setdefault(position, exc.code)
            data[name] = values
    days = _Days()
    day_cells = column(col["day"])
    parsed = [days[c] for c in day_cells] if col["day"] is not None else [None] * n
    for position, value in enumerate(parsed):
        if isinstance(value, BadValue):
            errors.setdefault(position, "day")
            codes.setdefault(position, value.code)
            parsed[position] = None
    data["day"] = parsed
    present = {f for f, i in col.items() if i is not None}
    present |= {f"{w}_inn_ok" for w in ("customer", "winner") if col[f"{w}_inn"] is not None}
    tender_attributes = [(a, f) for a, f in _TENDER_ATTRIBUTES if f in present]

    tenders: dict[str, TenderRecord] = {}
    by_registry: dict[str, list[str]] = {}
    prices: dict[str, list[float]] = {}
    problems: list[Problem] = []
    incomplete: dict[str, list[tuple[str, str]]] = {}
    current: TenderRecord | None = None
    has_item_sum = col["item_sum"] is not None
    contract_col, registry_col = data["contract"], data["registry"]
    customer_names, customer_inns = data["customer_name"], data["customer_inn"]
    winner_names, winner_inns = data["winner_name"], data["winner_inn"]
    price_col = data["price"]
    item_columns = tuple(data[f] for f in _ITEM_FIELDS)
    names_c, okpd2_c, okpd2_names_c, quantities_c, units_c, prices_c, amounts_c = item_columns

    def add_item(tender: TenderRecord, position: int, number: int) -> None:
        name, okpd2, okpd2_name = names_c[position], okpd2_c[position], okpd2_names_c[position]
        quantity, amount = quantities_c[position], amounts_c[position]
        unit, price = units_c[position], prices_c[position]
        if not (name or okpd2 or okpd2_name or quantity is not None or amount is not None):
            return
        if okpd2:  # one position (a cell listing several «код: название» has no OKPD2 column)
            tender.items.append(
                TenderItem(name or okpd2_name, okpd2, quantity, unit, price, amount, number)
            )
            return
        _add_item(tender, {"item_name": name, "okpd2": okpd2, "okpd2_name": okpd2_name,
                           "quantity": quantity, "unit": unit, "item_price": price,
                           "item_sum": amount}, number)  # fmt: skip

    last: tuple[str, str, str] = ("", "", "")  # registry, winner and key of the row above
    for position in range(n):
        number = numbers[position]
        if position in errors:
            failed = errors[position]
            problems.append(Problem(number, names[failed], codes[position],
                                    raw_values(header, rows[position])))  # fmt: skip
            continue
        contract, registry = contract_col[position], registry_col[position]
        winner = winner_inns[position] or winner_names[position]
        price = price_col[position]
        if (
            not contract
            and not registry
            and not (customer_names[position] or customer_inns[position] or winner)
        ):
            if current is not None and any(c[position] not in ("", None) for c in item_columns):
                add_item(current, position, number)
                current.rows.append(number)
                if price is not None:
                    prices[current.key].append(price)
                continue
            problems.append(Problem(number, names["registry"] if col["registry"] is not None
                                    else names["contract"], MISSING_VALUE,
                                    raw_values(header, rows[position])))  # fmt: skip
            continue
        if contract:
            key = f"c:{contract}"
        elif registry and registry == last[0] and (not winner or winner == last[1]):
            key = last[2]  # the next item of the tender on the row above
        elif registry:
            key = _registry_key(f"r:{registry}", {"winner_inn": winner_inns[position],
                                "winner_name": winner_names[position]}, tenders, by_registry)  # fmt: skip
        else:
            digest = hashlib.sha1(repr(rows[position]).encode("utf-8")).hexdigest()[:16]
            key = f"row:{digest}"
        tender = tenders.get(key)
        if tender is None:
            tender = tenders[key] = TenderRecord(key=key)
            prices[key] = []
            incomplete[key] = tender_attributes
            if key.startswith("r:"):
                by_registry.setdefault(key.split("|", 1)[0], []).append(key)
        blank = incomplete.get(key)
        if blank:
            incomplete[key] = _fill(tender, data, position, blank)
        tender.rows.append(number)
        if price is not None:
            prices[key].append(price)
        add_item(tender, position, number)
        current = tender
        last = (registry, winner or last[1] if registry == last[0] else winner, key)
    for key, tender in tenders.items():
        _settle_price(tender, prices[key], has_item_sum)
        first = tender.rows[0] if tender.rows else None
        tender.law = law_of(tender.law)
        if not tender.has_winner:
            problems.append(Problem(first, names["winner_name"], MISSING_WINNER,
                                    {"tender": tender.contract_number or tender.registry_number},
                                    FLAG))  # fmt: skip
        for who in ("customer", "winner"):
            inn = getattr(tender, f"{who}_inn")
            if inn and not getattr(tender, f"{who}_inn_ok"):
                problems.append(Problem(first, names[f"{who}_inn"], BAD_INN, {"inn": inn}, FLAG))
    problems.sort(key=lambda p: p.row or 0)  # rejects and flags in the file's order
    return TenderImport(records=list(tenders.values()), problems=problems, rows=len(rows))


def _registry_key(
    base: str,
    values: Mapping[str, Any],
    tenders: Mapping[str, TenderRecord],
    by_registry: Mapping[str, list[str]],
) -> str:
    """One registry number is one tender, unless its rows name different winners (lots won by
    different suppliers): then one tender per winner; a row naming no winner joins the last."""
    known = by_registry.get(base, [])
    if not known:
        return base
    winner = values["winner_inn"] or values["winner_name"]
    if not winner:
        return known[-1]
    for key in known:
        tender = tenders[key]
        if (tender.winner_inn or tender.winner_name) == winner or not tender.has_winner:
            return key
    return f"{base}|{winner}"


def _has_item(values: Mapping[str, Any]) -> bool:
    return bool(values["item_name"] or values["okpd2"] or values["okpd2_name"]
                or values["quantity"] is not None or values["item_sum"] is not None)  # fmt: skip


def _add_item(tender: TenderRecord, values: Mapping[str, Any], row: int) -> None:
    name = values["item_name"] or values["okpd2_name"]
    listed = _LISTED.findall(name) if not values["okpd2"] else []
    if len(listed) > 1:
        # «26.20.16.170: Мышь компьютерная; 26.20.16.110: Клавиатура; …» in one cell
        for code, title in listed:
            tender.items.append(TenderItem(name=title.strip(), okpd2=code, row=row))
        return
    tender.items.append(
        TenderItem(
            name=name,
            okpd2=values["okpd2"],
            quantity=values["quantity"],
            unit=values["unit"],
            price=values["item_price"],
            amount=values["item_sum"],
            row=row,
        )
    )


_TENDER_ATTRIBUTES = (
    ("contract_number", "contract"), ("registry_number", "registry"), ("law", "law"),
    ("status", "status"), ("customer_name", "customer_name"), ("customer_kpp", "customer_kpp"),
    ("winner_name", "winner_name"), ("winner_kpp", "winner_kpp"), ("customer_inn", "customer_inn"),
    ("winner_inn", "winner_inn"), ("day", "day"), ("nmck", "nmck"),
)  # fmt: skip


def _fill(
    tender: TenderRecord,
    data: Mapping[str, list[Any]],
    position: int,
    blank: Sequence[tuple[str, str]],
) -> list[tuple[str, str]]:
    """Take tender-level values the row at `position` gives where the tender has none yet (only
    the `blank` attributes are looked at); returns the attributes still blank."""
    left = []
    for attribute, name in blank:
        value = data[name][position]
        if value is None or value == "":
            left.append((attribute, name))
            continue
        setattr(tender, attribute, value)
        if attribute in ("customer_inn", "winner_inn"):
            setattr(tender, f"{attribute}_ok", data[f"{name}_ok"][position])
    return left


def _settle_price(tender: TenderRecord, prices: list[float], has_item_sum: bool) -> None:
    """One contract price: the figure every row repeats, or — when rows give different figures
    and the file has no item sums — the sum of them, each row's figure its item's amount."""
    if not prices:
        return
    if len(set(prices)) == 1 or has_item_sum:
        tender.price = prices[0]
        if len(tender.items) == 1 and tender.items[0].amount is None:
            tender.items[0].amount = prices[0]
        return
    tender.price = sum(prices)
    if len(tender.items) == len(prices):
        for item, amount in zip(tender.items, prices, strict=True):
            if item.amount is None:
                item.amount = amount


TENDERS = register_kind(
    ImportKind(
        code="tenders",
        texts="ui.texts.equipment:IMPORT_TENDERS",
        store="db.tenders:store_tenders",
        fields=TENDER_FIELDS,
        from_table=tenders_from_table,
        preview="db.tenders:preview_tenders",
        order=202,
    )
)
