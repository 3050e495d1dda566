"""Customers' equipment (DESIGN §5.4, seed 003): control dates, reminder points, share of wallet,
company matching by INN and by normalised name, tender discounts."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.inn import is_valid_inn

OWNER_OURS = "ours"
OWNER_COMPETITOR = "competitor"
OWNERS = (OWNER_OURS, OWNER_COMPETITOR)

EVENT_WARRANTY = "warranty_end"
EVENT_MAINTENANCE = "maintenance"
EVENTS = (EVENT_WARRANTY, EVENT_MAINTENANCE)

STATUS_WARRANTY = "under_warranty"
STATUS_OUT = "out_of_warranty"
STATUS_CONTRACT = "service_contract"
STATUSES = (STATUS_WARRANTY, STATUS_OUT, STATUS_CONTRACT)

TASK_OPEN = "open"
TASK_DONE = "done"
TASK_SNOOZED = "snoozed"

SOURCE_SALE = "sale"
SOURCE_MANUAL = "manual"
SOURCE_TENDER = "tender"
SOURCE_FILE = "file"

OUTCOME_OK = "ok"
OUTCOME_SERVICE = "service"
OUTCOME_CRITICAL = "critical"
OUTCOMES = (OUTCOME_OK, OUTCOME_SERVICE, OUTCOME_CRITICAL)

MATCH_INN = "inn"
MATCH_NAME = "name"
MATCH_NEW = "new"

DEFAULT_REMINDER_DAYS = (30, 7)

# Problem codes of this module (Russian texts in ui/texts/equipment.py)
MISSING_WINNER = "missing_winner"
CUSTOMER_BY_NAME = "customer_by_name"  # a tender's customer matched a client by name only
UNKNOWN_PRODUCT = "unknown_product"
BAD_OWNER = "bad_owner"


class EquipmentError(ValueError):
    """A refused equipment change; `code` names why (no Russian text in core)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# ---------------------------------------------------------------- dates


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def warranty_end(
    ship: date | None, months: int | None, explicit: date | None = None
) -> date | None:
    """The end of the warranty: the explicit date when set, else ship date + warranty months."""
    if explicit is not None:
        return explicit
    if ship is None or not months:
        return None
    return add_months(ship, months)


def next_maintenance(last: date | None, ship: date | None, interval: int | None) -> date | None:
    """The next maintenance of one kind: last maintenance (or the ship date) + its interval."""
    start = last or ship
    if start is None or not interval:
        return None
    return add_months(start, interval)


def equipment_status(end: date | None, today: date, contract_until: date | None = None) -> str:
    """Under a service contract while one runs, else under warranty until its end, else out."""
    if contract_until is not None and contract_until >= today:
        return STATUS_CONTRACT
    if end is not None and end >= today:
        return STATUS_WARRANTY
    return STATUS_OUT


def parse_reminder_days(value: object) -> tuple[int, ...]:
    """Reminder points from a setting ('30, 7' or a list): distinct days, largest first."""
    if isinstance(value, list | tuple):
        items: Iterable[object] = value
    else:
        items = re.split(r"[,;\s]+", str(value or ""))
    days = set()
    for item in items:
        text = str(item).strip()
        if text.isdigit():
            days.add(int(text))
    return tuple(sorted(days, reverse=True)) or DEFAULT_REMINDER_DAYS


def reminder_point(due: date, today: date, points: Iterable[int]) -> int | None:
    """The reminder point a control date has reached today: the days-before of the nearest point
    already passed (30, then 7, …), 0 on the day, -1 once overdue; None before the first point."""
    left = (due - today).days
    if left < 0:
        return -1
    reached = [p for p in points if p >= left]
    if not reached:
        return 0 if left == 0 else None
    return min(reached) if left > 0 else 0


def first_point_day(due: date, points: Iterable[int]) -> date:
    """The day the first (earliest) reminder for a control date is raised."""
    return due - timedelta(days=max(points, default=0))


# ---------------------------------------------------------------- money and shares


def share_of_wallet(ours: float, competitors: float) -> float | None:
    """Our sales / (our sales + competitors' contracts); None when neither sold anything."""
    total = ours + competitors
    return ours / total if total > 0 else None


def discount(nmck: float | None, price: float | None) -> float | None:
    """(НМЦК − contract price) / НМЦК; None without both figures or with a zero НМЦК."""
    if nmck is None or price is None or nmck <= 0:
        return None
    return (nmck - price) / nmck


def to_kop(rubles: float | None) -> int | None:
    """Rubles as integer kopecks (money is stored in kopecks throughout the schema)."""
    return None if rubles is None else round(rubles * 100)


# ---------------------------------------------------------------- companies


def restore_inn(raw: str) -> tuple[str, bool]:
    """An INN as text with a leading zero a number cell lost (9 -> 10, 11 -> 12 digits), and
    whether its check digits hold (10 digits a company, 12 a sole trader)."""
    digits = re.sub(r"[\s\u00a0'\"№]", "", raw or "")
    if digits.endswith(".0") and digits[:-2].isdigit():
        digits = digits[:-2]
    if digits.isdigit() and len(digits) in (9, 11):
        digits = "0" + digits
    return digits, is_valid_inn(digits)


_LEGAL_FORMS = (
    "общество с ограниченной ответственностью",
    "закрытое акционерное общество",
    "открытое акционерное общество",
    "публичное акционерное общество",
    "непубличное акционерное общество",
    "акционерное общество",
    "индивидуальный предприниматель",
    "государственное бюджетное учреждение",
    "муниципальное бюджетное учреждение",
    "федеральное государственное бюджетное учреждение",
)
_SHORT_FORMS = re.compile(r"\b(ооо|зао|оао|пао|ао|ип|нао|гбу|мбу|фгбу|гку|мку|llc|ltd)\b")
_PUNCT = re.compile(r"[\"'«»“”„`.,()\-–—№]+")


def normalize_company(name: str) -> str:
    """A company name for loose matching: lower case, ё as е, legal form and quotes dropped."""
    text = (name or "").lower().replace("ё", "е")
    for form in _LEGAL_FORMS:
        text = text.replace(form, " ")
    text = _PUNCT.sub(" ", text)
    text = _SHORT_FORMS.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class CompanyMatch:
    """How a tender's customer met one of our clients: by INN, by name (to confirm) or not."""

    client_id: int | None
    how: str  # MATCH_INN | MATCH_NAME | MATCH_NEW


def match_company(
    inn: str | None,
    name: str,
    by_inn: Mapping[str, int],
    by_name: Mapping[str, int],
) -> CompanyMatch:
    """Match by INN first; only without an INN match, by normalised name (flagged to confirm).
    A valid INN that names no client is a new company even when a name looks alike."""
    if inn and inn in by_inn:
        return CompanyMatch(by_inn[inn], MATCH_INN)
    if inn and is_valid_inn(inn):
        return CompanyMatch(None, MATCH_NEW)
    key = normalize_company(name)
    if key and key in by_name:
        return CompanyMatch(by_name[key], MATCH_NAME)
    return CompanyMatch(None, MATCH_NEW)


# ---------------------------------------------------------------- OKPD2 warranty months


DEFAULT_OKPD2_WARRANTY = "26=12; 27=12; 28=24; 29=24; 32.50=12"


def parse_okpd2_months(value: str) -> dict[str, int]:
    """'26=12; 28.29=24' -> {'26': 12, '28.29': 24}: warranty months per OKPD2 group prefix."""
    result: dict[str, int] = {}
    for part in re.split(r"[;\n]+", value or ""):
        if "=" not in part:
            continue
        prefix, months = (p.strip() for p in part.split("=", 1))
        if prefix and months.isdigit():
            result[prefix] = int(months)
    return result


def okpd2_months(code: str, months: Mapping[str, int]) -> int | None:
    """Warranty months of the longest OKPD2 prefix that fits the code; None when none fits
    (the item is then not equipment: services, food, medicines)."""
    code = (code or "").strip()
    best, best_len = None, -1
    for prefix, value in months.items():
        if (code == prefix or code.startswith(prefix + ".")) and len(prefix) > best_len:
            best, best_len = value, len(prefix)
    return best


def okpd2_group(code: str) -> str:
    """The segment of an item: its OKPD2 class (the first two levels, '26.20')."""
    parts = (code or "").strip().split(".")
    return ".".join(parts[:2]) if parts and parts[0] else ""


# ---------------------------------------------------------------- records


@dataclass
class ProductRecord:
    """A product with its type, warranty months and maintenance kinds (kind -> interval months)."""

    name: str
    kind: str = ""
    warranty_months: int | None = None
    maintenance: dict[str, int] = field(default_factory=dict)
    okpd2: str = ""


@dataclass
class ShipmentRecord:
    """One shipment line of an accounting export; `serials` are its pieces' serial numbers."""

    doc_no: str
    doc_date: date
    client_name: str
    client_inn: str | None
    client_kpp: str
    product: str
    quantity: float
    amount: float | None
    manager: str
    serials: list[str] = field(default_factory=list)
    warranty_months: int | None = None
    row: int = 0
    line: int = 1  # the n-th line of this product in this document

    def line_key(self) -> str:
        """The shipment line's natural key: document, client, product and its occurrence."""
        who = self.client_inn or normalize_company(self.client_name)
        return f"{self.doc_no}|{self.doc_date.isoformat()}|{who}|{self.product}|{self.line}"

    def pieces(self) -> list[tuple[str, str]]:
        """(serial, unit key) for every shipped piece: one per serial number, and one per unit
        the serial numbers do not cover (a line of 3 with one serial gives 1 + 2 pieces)."""
        units = max(1, int(round(self.quantity or 1)))
        found = [(s, f"sn:{self.product}|{s}") for s in self.serials]
        rest = range(len(found) + 1, units + 1) if found else range(1, units + 1)
        return found + [("", f"doc:{self.line_key()}|{n}") for n in rest]


@dataclass
class EquipmentRecord:
    """A piece of equipment read from a register file (import equipment) or entered by hand."""

    client_name: str
    client_inn: str | None
    product: str
    owner: str = OWNER_OURS
    competitor: str = ""
    kind: str = ""
    serial: str = ""
    ship_date: date | None = None
    warranty_end: date | None = None
    last_repair: date | None = None
    year_made: int | None = None
    components: str = ""
    contacts: str = ""
    responsible: str = ""
    row: int = 0
