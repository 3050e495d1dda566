"""Deals funnel and the conditional-refusal gate (DESIGN §5.3, seed 002), and CRM hygiene (seed 001).

Pure rules: stage codes, who may move a deal where, reason and stage-map defaults, the
verification queue's age against its target and the hygiene score. db/deals.py enforces them
inside the write transaction; errors carry problem codes, the Russian texts live in ui/texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from core.roles import Role

# ---- stages ---------------------------------------------------------------------------------

NEW = "new"
IN_WORK = "in_work"
PROPOSAL = "proposal"
CONDITIONAL_REFUSAL = "conditional_refusal"
CLOSED_LOST = "closed_lost"
WON = "won"

STAGES: tuple[str, ...] = (NEW, IN_WORK, PROPOSAL, CONDITIONAL_REFUSAL, CLOSED_LOST, WON)
STAGE_NAMES: dict[str, str] = {
    NEW: "Новая",
    IN_WORK: "В работе",
    PROPOSAL: "КП отправлено",
    CONDITIONAL_REFUSAL: "Условный отказ",
    CLOSED_LOST: "Закрыто и не реализовано",
    WON: "Успешно реализовано",
}
OPEN_STAGES = frozenset({NEW, IN_WORK, PROPOSAL})
CLOSED_STAGES = frozenset({CLOSED_LOST, WON})
STAFF_ROLES = frozenset({Role.QC.value, Role.HEAD.value, Role.ADMIN.value})

CONFIRMED = "confirmed"
RETURNED = "returned"
OUTCOMES = (CONFIRMED, RETURNED)

OTHER_REASON = "Другое"
DEFAULT_REASONS: tuple[str, ...] = (
    "Маленький бюджет",
    "Дорого",
    "Выбрали конкурента",
    "Нет потребности",
    "Не выходит на связь",
    "Нет ЛПР",
    "Отложили",
    OTHER_REASON,
)
DEFAULT_TARGET_WORKING_DAYS = 2

# The CRM systems a deals file can come from; "table" is the plain DESIGN §7 table.
BITRIX24 = "bitrix24"
AMOCRM = "amocrm"
TABLE = "table"
SYSTEMS = (BITRIX24, AMOCRM, TABLE)

DEFAULT_STAGE_MAP: dict[str, dict[str, str]] = {
    BITRIX24: {
        "Новая": NEW,
        "Подготовка документов": IN_WORK,
        "В работе": IN_WORK,
        "Счёт на предоплату": PROPOSAL,
        "Счет на предоплату": PROPOSAL,
        "Финальный счёт": PROPOSAL,
        "Финальный счет": PROPOSAL,
        "Сделка успешна": WON,
        "Сделка провалена": CLOSED_LOST,
        "Анализ причины провала": CLOSED_LOST,
    },
    AMOCRM: {
        "Неразобранное": NEW,
        "Первичный контакт": NEW,
        "Переговоры": IN_WORK,
        "Принимают решение": PROPOSAL,
        "Согласование договора": PROPOSAL,
        "Успешно реализовано": WON,
        "Закрыто и не реализовано": CLOSED_LOST,
    },
    TABLE: {},
}


class DealRuleError(Exception):
    """A move or verification the rules refuse; `code` names the rule (see ui/texts/deals.py)."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def norm_key(text: str) -> str:
    """A name for matching: lower case, ё as е, inner spaces collapsed, ends trimmed."""
    return " ".join(str(text).replace("ё", "е").replace("Ё", "Е").lower().split())


_BY_NAME = {norm_key(name): code for code, name in STAGE_NAMES.items()} | {
    norm_key(code): code for code in STAGES
}


def parse_stage(text: str) -> str | None:
    """A funnel code from its code or Russian name (case- and ё-insensitive); None when unknown."""
    return _BY_NAME.get(norm_key(text))


def match_reason(text: str, reasons: Iterable[str]) -> str | None:
    """The list's own spelling of a reason typed loosely; None when it is not on the list."""
    wanted = norm_key(text)
    for reason in reasons:
        if norm_key(reason) == wanted:
            return reason
    return None


# ---- the rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One requested stage change of one deal, with what the rules need to judge it."""

    role: str
    login: str
    deal_manager: str
    from_stage: str
    to_stage: str
    reason: str = ""
    comment: str = ""


def check_move(move: Move, reasons: Iterable[str]) -> str:
    """Judge a stage change; returns the reason as the list spells it ('' when none is needed).

    Raises DealRuleError: forbidden_role, manager_cannot_close_lost, not_own_deal, same_stage,
    deal_closed, use_verification, reason_required, unknown_reason, comment_required,
    verification_required, not_in_refusal.
    """
    role, to = move.role, move.to_stage
    if role not in STAFF_ROLES and role != Role.MANAGER.value:
        raise DealRuleError("forbidden_role")
    if role == Role.MANAGER.value and to == CLOSED_LOST:
        raise DealRuleError("manager_cannot_close_lost")
    if role == Role.MANAGER.value and norm_key(move.deal_manager) != norm_key(move.login):
        raise DealRuleError("not_own_deal")
    if move.from_stage == to:
        raise DealRuleError("same_stage")
    if move.from_stage == CONDITIONAL_REFUSAL:
        # out of «Условный отказ» only through a recorded callback (verify), never by a move
        if to == CLOSED_LOST:
            raise DealRuleError("verification_required")
        raise DealRuleError("use_verification")
    if to == CLOSED_LOST:
        raise DealRuleError("not_in_refusal")
    if move.from_stage in CLOSED_STAGES and role not in STAFF_ROLES:
        raise DealRuleError("deal_closed")
    if to == CONDITIONAL_REFUSAL:
        return check_reason(move.reason, move.comment, reasons)
    return ""


def check_reason(reason: str, comment: str, reasons: Iterable[str]) -> str:
    """A refusal reason from the list («Другое» needs a comment); returns the list's spelling."""
    if not reason.strip():
        raise DealRuleError("reason_required")
    found = match_reason(reason, reasons)
    if found is None:
        raise DealRuleError("unknown_reason", reason=reason)
    if norm_key(found) == norm_key(OTHER_REASON) and not comment.strip():
        raise DealRuleError("comment_required")
    return found


def check_verify(role: str, stage: str, outcome: str) -> None:
    """Whether a QC callback's outcome may be recorded now: staff only, on a refused deal."""
    if role not in STAFF_ROLES:
        raise DealRuleError("verify_forbidden")
    if outcome not in OUTCOMES:
        raise DealRuleError("bad_outcome", outcome=outcome)
    if stage != CONDITIONAL_REFUSAL:
        raise DealRuleError("not_in_refusal")


def allowed_targets(role: str, login: str, deal_manager: str, stage: str) -> list[str]:
    """The stages a role may move a deal to from here (what pages offer): same rules as check_move."""
    targets = []
    for to in STAGES:
        try:
            check_move(
                Move(role, login, deal_manager, stage, to, reason=DEFAULT_REASONS[0]),
                DEFAULT_REASONS,
            )
        except DealRuleError:
            continue
        targets.append(to)
    return targets


# ---- stage maps -------------------------------------------------------------------------------


def merged_stage_map(system: str, saved: Mapping[str, str]) -> dict[str, str]:
    """The defaults of a system overlaid with the saved map, keys normalised for matching."""
    merged = {norm_key(k): v for k, v in DEFAULT_STAGE_MAP.get(system, {}).items()}
    merged.update({norm_key(k): v for k, v in saved.items()})
    return merged


def map_stage(source_stage: str, stage_map: Mapping[str, str]) -> str | None:
    """A source stage name as a funnel code: the map first, then the funnel's own codes and names."""
    key = norm_key(source_stage)
    if not key:
        return None
    return stage_map.get(key) or parse_stage(source_stage)


class StageMapError(ValueError):
    """A stage-map file that is not {"source stage": "funnel code"}; `code` names the problem."""

    def __init__(self, code: str, value: str = "") -> None:
        super().__init__(f"{code}: {value}")
        self.code = code
        self.value = value


def parse_stage_map(text: str) -> dict[str, str]:
    """A --stage-map file's JSON: source names to codes (Russian funnel names accepted too)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StageMapError("bad_json", str(exc)) from exc
    if not isinstance(raw, dict):
        raise StageMapError("not_an_object")
    result: dict[str, str] = {}
    for source, target in raw.items():
        code = parse_stage(str(target))
        if code is None:
            raise StageMapError("unknown_stage", str(target))
        result[str(source)] = code
    return result


def source_stage_name(code: str, system: str, saved: Mapping[str, str], original: str = "") -> str:
    """The source CRM's own name for a funnel code (for the file back to the CRM): the deal's
    original name when it still maps there, the saved map, the defaults, else the funnel's name."""
    merged = merged_stage_map(system, saved)
    if original and merged.get(norm_key(original)) == code:
        return original
    for source, target in saved.items():
        if target == code:
            return source
    for source, target in DEFAULT_STAGE_MAP.get(system, {}).items():
        if target == code:
            return source
    return STAGE_NAMES[code]


# ---- the verification queue ---------------------------------------------------------------


@dataclass(frozen=True)
class QueueAge:
    """How long a refusal has waited for its callback, in working days, against the target."""

    working_days: float
    target_days: int

    @property
    def overdue(self) -> bool:
        return self.working_days > self.target_days


def working_days(seconds: float, day_seconds: float) -> float:
    """Working seconds as working days of the standard day's length."""
    return seconds / day_seconds if day_seconds > 0 else 0.0


# ---- script ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScriptData:
    """What the QC call script (seed 002) is filled with."""

    employee: str
    company: str
    talked: str
    reason: str
    product: str


# ---- hygiene (seed 001, «Качество ведения CRM») ------------------------------------------------

CLIENT_FIELDS = ("contact_name", "contact_role", "phone", "email", "industry", "segment")
DEAL_FIELDS = ("stage", "next_task", "amount", "source")
NO_CONTACT_MONTHS = (1, 3, 12)
OVERDUE_LIMIT = 10  # overdue tasks at which the overdue part of the score reaches zero


@dataclass(frozen=True)
class HygieneFigures:
    """One manager's raw hygiene counts, as SQL returns them."""

    manager: str
    clients: int
    client_fields_filled: int
    deals: int
    deal_fields_filled: int
    overdue_tasks: int
    no_contact_1m: int
    no_contact_3m: int
    no_contact_12m: int

    @property
    def client_completeness(self) -> float:
        slots = self.clients * len(CLIENT_FIELDS)
        return self.client_fields_filled / slots if slots else 1.0

    @property
    def deal_completeness(self) -> float:
        slots = self.deals * len(DEAL_FIELDS)
        return self.deal_fields_filled / slots if slots else 1.0

    @property
    def contacted_share(self) -> float:
        """Clients contacted within three months, of all the manager's clients."""
        return 1.0 - self.no_contact_3m / self.clients if self.clients else 1.0


def hygiene_score(f: HygieneFigures) -> float:
    """0–100: client data 30, deal data 30, overdue tasks 20 (the norm is zero), contact 20."""
    overdue_part = max(0.0, 1.0 - f.overdue_tasks / OVERDUE_LIMIT)
    score = (
        30 * f.client_completeness
        + 30 * f.deal_completeness
        + 20 * overdue_part
        + 20 * f.contacted_share
    )
    return round(score, 1)


def share(part: int, whole: int) -> float:
    """part / whole, 0.0 for an empty whole."""
    return part / whole if whole else 0.0


def months_before(moment: datetime, months: int) -> datetime:
    """The same day-of-month `months` earlier (clipped to the month's last day)."""
    month = moment.month - months
    year = moment.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError("unreachable")


_SPACES = re.compile(r"\s+")


def one_line(text: str, limit: int = 200) -> str:
    """Free text squeezed to one line (for tables and the CRM file)."""
    return _SPACES.sub(" ", text or "").strip()[:limit]


# ---- records read from files (importers/deals.py builds them, db/deals.py stores them) ----------


@dataclass(frozen=True)
class ItemRecord:
    """One product row of a deal."""

    product: str
    quantity: float | None = None
    price_kop: int | None = None
    amount_kop: int | None = None


@dataclass(frozen=True)
class DealRecord:
    """One deal read from a CRM export (the importer's output, ready to store)."""

    id: str
    row: int
    system: str
    stage: str
    source_stage: str
    title: str = ""
    client_name: str = ""
    client_inn: str | None = None
    manager: str = ""
    amount_kop: int | None = None
    lead_source: str = ""
    created_at: datetime | None = None
    closed_at: datetime | None = None
    loss_reason: str = ""
    loss_comment: str = ""
    contact_name: str = ""
    contact_role: str = ""
    phone: str = ""
    email: str = ""
    industry: str = ""
    notes: str = ""
    items: tuple[ItemRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ClientRecord:
    """One client with its contact person, read from a clients table."""

    row: int
    name: str
    inn: str | None = None
    manager: str = ""
    contact_name: str = ""
    contact_role: str = ""
    phone: str = ""
    email: str = ""
    industry: str = ""
    segment: str = ""
    region: str = ""
    last_contact_at: datetime | None = None
