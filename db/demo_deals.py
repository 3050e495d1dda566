"""Demo deals funnel (issue 12): six managers' deals with products, tasks and calls; conditional
refusals waiting for QC (a few past the target), confirmed ones, and false ones returned — seed
002's story among them: «Маленький бюджет» at 50 000 ₽ that the client's call showed to be
550 000 ₽, handed to another manager and won the same day."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from core.deals import (
    CONDITIONAL_REFUSAL,
    CONFIRMED,
    DEFAULT_REASONS,
    IN_WORK,
    NEW,
    OTHER_REASON,
    PROPOSAL,
    RETURNED,
    WON,
)
from core.demo import PRODUCTS, DemoWorld, person_name
from core.roles import Actor
from core.timeutil import to_stored
from db.deals import (
    Verification,
    clear_deals,
    move_deal,
    refresh_contact_flags,
    update_deal,
    verify_refusal,
)

SOURCES = ("Сайт", "Входящий звонок", "Рекомендация", "Выставка", "Рассылка", "Тендер")
INDUSTRIES = ("Розничная торговля", "Оптовая торговля", "Производство", "Строительство",
              "Общепит", "Медицина", "Логистика", "Образование", "Услуги")  # fmt: skip
ROLES = ("Главный бухгалтер", "Директор", "Бухгалтер", "Менеджер по закупкам", "ИТ-специалист")
TITLES = ("Переход на 1С:Бухгалтерию", "Продление ИТС", "Автоматизация склада",
          "Кассы для магазинов", "Зарплатный проект", "Внедрение 1С:УТ", "1С-Отчетность для группы",
          "Обновление оборудования", "Маркировка товаров")  # fmt: skip
STORY_ID = "2961"
# Per manager: how likely a deal ends in a refusal, and a reason they lean on (seed 002's
# «ложные отказы»): manager4 writes «Не выходит на связь» about four times the team's rate.
LEANING = {"manager4": "Не выходит на связь", "manager5": "Дорого"}


def _moment(day: date, rng: random.Random) -> datetime:
    """A working-hours moment (Moscow 09:30–17:30) of a day, as aware UTC."""
    minutes = rng.randint(9 * 60 + 30, 17 * 60 + 30)
    local = datetime.combine(day, time(minutes // 60, minutes % 60))
    return (local - timedelta(hours=3)).replace(tzinfo=UTC)


def _working_days_back(today: date, days: int) -> date:
    day = today
    while days > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def fill_demo_deals(db: Database, world: DemoWorld, seed: int, today: date) -> None:
    """Fill the funnel (inside the demo transaction); deterministic for a seed."""
    rng = random.Random(seed * 1009 + 12)
    clear_deals(db)
    managers = [p.login for p in world.staff if p.role == "manager" and p.login]
    qc = Actor(login="qc", role="qc", name="")
    clients = list(db.execute("SELECT id, name, segment FROM clients ORDER BY id").fetchall())
    if not managers or not clients:
        return
    now = datetime.combine(today, time(12)).replace(tzinfo=UTC)
    owner: dict[int, str] = {}
    for client_id, _name, _segment in clients:
        owner[client_id] = rng.choice(managers)
        _client_details(db, rng, client_id, owner[client_id], today)
    deal_no = 3000
    refusals: list[tuple[str, str, datetime]] = []
    for client_id, client_name, _segment in clients:
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            deal_no += rng.randint(1, 9)
            manager = owner[client_id]
            created_day = today - timedelta(days=rng.randint(2, 150))
            created = _moment(created_day, rng)
            deal_id = str(deal_no)
            amount = rng.choice((45, 60, 85, 120, 180, 240, 320, 450, 600, 880)) * 100_000
            amount += rng.randint(0, 99) * 1_000
            _insert_deal(db, rng, deal_id, client_id, client_name, manager, created, amount, now)
            fate = rng.random()
            refuse_rate = 0.30 if manager in LEANING else 0.18
            actor = Actor(login=manager, role="manager", name="")
            step = created + timedelta(days=rng.randint(1, 5))
            if fate < 0.12:
                continue  # still new
            move_deal(db, actor, deal_id, IN_WORK, now=min(step, now))
            if fate < 0.35:
                _plan(db, rng, deal_id, manager, client_id, step, now)
                continue
            step += timedelta(days=rng.randint(1, 10))
            if step >= now:
                continue
            if fate < 0.35 + refuse_rate:
                reason = LEANING.get(manager) if rng.random() < 0.55 else None
                reason = reason or rng.choice(DEFAULT_REASONS)
                comment = "Клиент не назвал причину прямо" if reason == OTHER_REASON else ""
                move_deal(db, actor, deal_id, CONDITIONAL_REFUSAL, reason, comment, now=step)
                refusals.append((deal_id, reason, step))
                continue
            move_deal(db, actor, deal_id, PROPOSAL, now=step)
            step += timedelta(days=rng.randint(1, 12))
            if fate < 0.75 or step >= now:
                _plan(db, rng, deal_id, manager, client_id, step, now)
                continue
            move_deal(db, actor, deal_id, WON, now=step)
    _verify(db, rng, qc, refusals, managers, today, now)
    _story(db, clients, managers, today, now)


def _insert_deal(
    db: Database,
    rng: random.Random,
    deal_id: str,
    client_id: int,
    client_name: str,
    manager: str,
    created: datetime,
    amount: int,
    now: datetime,
) -> None:
    stamp = to_stored(created)
    source = rng.choice(SOURCES) if rng.random() < 0.85 else ""
    db.execute(
        "INSERT INTO deals (id, title, client_id, manager, stage, source_system, source_stage, "
        "amount_kop, lead_source, created_at, stage_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, 'demo', '', ?, ?, ?, ?, ?)",
        [deal_id, rng.choice(TITLES), client_id, manager, NEW,
         amount if rng.random() < 0.93 else None, source, stamp, stamp, to_stored(now)],
    )  # fmt: skip
    db.execute(
        "INSERT INTO deal_history (deal_id, at, login, from_stage, to_stage, manager) "
        "VALUES (?, ?, NULL, NULL, ?, ?)",
        [deal_id, stamp, NEW, manager],
    )
    for line in range(1, rng.randint(1, 3) + 1):
        name, _kind, price, _w, _m = rng.choice(PRODUCTS)
        quantity = rng.choice((1, 1, 2, 3, 5))
        db.execute(
            "INSERT OR IGNORE INTO deal_items (deal_id, line, product, quantity, price_kop, "
            "amount_kop) VALUES (?, ?, ?, ?, ?, ?)",
            [deal_id, line, name, quantity, price, price * quantity],
        )
    talks = rng.randint(0, 3)
    for index in range(talks):
        at = created + timedelta(days=index * rng.randint(1, 6), hours=rng.randint(0, 5))
        if at < now:
            db.execute(
                "INSERT INTO deal_activities (client_id, deal_id, manager, kind, at, text) "
                "VALUES (?, ?, ?, 'call', ?, ?)",
                [client_id, deal_id, manager, to_stored(at),
                 f"Разговор с клиентом {client_name}: обсудили {rng.choice(TITLES).lower()}"],
            )  # fmt: skip
            db.execute(
                "UPDATE client_details SET last_contact_at = MAX(COALESCE(last_contact_at, ''), ?)"
                " WHERE client_id = ?",
                [to_stored(at), client_id],
            )


def _client_details(
    db: Database, rng: random.Random, client_id: int, manager: str, today: date
) -> None:
    phone = f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-" + str(
        rng.randint(10, 99)
    )
    email = f"office{client_id}@example.ru"
    last = _moment(today - timedelta(days=rng.choice((3, 12, 40, 75, 120, 200, 400))), rng)
    db.execute(
        "INSERT INTO client_details (client_id, manager, industry, phone, email, "
        "last_contact_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [client_id, manager, rng.choice(INDUSTRIES) if rng.random() < 0.8 else "",
         phone if rng.random() < 0.85 else "", email if rng.random() < 0.7 else "",
         to_stored(last), to_stored(last)],
    )  # fmt: skip
    if rng.random() < 0.9:
        db.execute(
            "INSERT INTO client_contacts (client_id, name, role, phone, email) "
            "VALUES (?, ?, ?, ?, ?)",
            [client_id, person_name(rng), rng.choice(ROLES) if rng.random() < 0.75 else "",
             phone if rng.random() < 0.6 else "", ""],
        )  # fmt: skip
        refresh_contact_flags(db, client_id)


def _plan(
    db: Database,
    rng: random.Random,
    deal_id: str,
    manager: str,
    client_id: int,
    step: datetime,
    now: datetime,
) -> None:
    """A next step for an open deal: mostly ahead, some overdue, some never planned."""
    roll = rng.random()
    if roll < 0.15:
        return
    due = (
        now + timedelta(days=rng.randint(1, 14))
        if roll < 0.8
        else now - timedelta(days=rng.randint(1, 20))
    )
    db.execute(
        "INSERT INTO deal_tasks (deal_id, client_id, manager, title, due_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [deal_id, client_id, manager, rng.choice(("Перезвонить", "Отправить КП", "Встреча",
                                                  "Уточнить бюджет")),
         to_stored(due), to_stored(min(step, now))],
    )  # fmt: skip
    db.execute(
        "UPDATE deals SET next_task_due = (SELECT MIN(due_at) FROM deal_tasks "
        "WHERE deal_id = ? AND done_at IS NULL) WHERE id = ?",
        [deal_id, deal_id],
    )


def _verify(
    db: Database,
    rng: random.Random,
    qc: Actor,
    refusals: list[tuple[str, str, datetime]],
    managers: list[str],
    today: date,
    now: datetime,
) -> None:
    """QC calls back the older refusals; the newest ones wait (a few past the 2-day target)."""
    fresh_from = _moment(_working_days_back(today, 4), rng)
    for deal_id, reason, refused_at in sorted(refusals, key=lambda r: r[2]):
        if refused_at >= fresh_from:
            continue  # waits for its callback
        at = min(refused_at + timedelta(hours=rng.randint(2, 40)), now)
        manager = db.execute("SELECT manager FROM deals WHERE id = ?", [deal_id]).fetchone()[0]
        false_chance = 0.55 if manager in LEANING else 0.2
        if rng.random() < false_chance:
            client_reason = rng.choice(("Отложили", "Нет ЛПР", OTHER_REASON, "Дорого"))
            other = [m for m in managers if m != manager]
            to = rng.choice(other) if rng.random() < 0.4 else ""
            verify_refusal(
                db, qc, deal_id,
                Verification(RETURNED, client_reason, "Клиент готов продолжить разговор", to),
                now=at,
            )  # fmt: skip
            new_manager = to or manager
            if rng.random() < 0.4 and at + timedelta(days=3) < now:
                move_deal(db, Actor(new_manager, "manager"), deal_id, WON,
                          now=at + timedelta(days=rng.randint(1, 3)))  # fmt: skip
        else:
            client_reason = reason if rng.random() < 0.8 else rng.choice(DEFAULT_REASONS[:-1])
            verify_refusal(db, qc, deal_id, Verification(CONFIRMED, client_reason), now=at)


def _story(
    db: Database, clients: list[Any], managers: list[str], today: date, now: datetime
) -> None:
    """Seed 002: a production company refused for «маленький бюджет» at 50 000 ₽; the QC call
    found 550 000 ₽; returned to another manager, who won it the same day."""
    production = [c for c in clients if c[2] == "Производство"] or clients
    client_id, client_name, _ = production[0]
    refuser = managers[2] if len(managers) > 2 else managers[0]
    winner = managers[0] if managers[0] != refuser else managers[-1]
    day = _working_days_back(today, 6)
    created = datetime.combine(day - timedelta(days=9), time(8)).replace(tzinfo=UTC)
    rng = random.Random(2)
    _insert_deal(db, rng, STORY_ID, client_id, client_name, refuser, created, 5_000_000, now)
    db.execute(
        "UPDATE deals SET title = ?, amount_kop = 5000000, lead_source = 'Входящий звонок' "
        "WHERE id = ?",
        ["Поставка 1С:ERP и оборудования для цеха", STORY_ID],
    )
    manager = Actor(refuser, "manager")
    move_deal(db, manager, STORY_ID, IN_WORK, now=created + timedelta(hours=3))
    refused = datetime.combine(day, time(7, 40)).replace(tzinfo=UTC)
    move_deal(db, manager, STORY_ID, CONDITIONAL_REFUSAL, "Маленький бюджет",
              "Бюджет 50 тыс. — меньше минимальной суммы сделки 70 тыс.", now=refused)  # fmt: skip
    called = refused + timedelta(hours=5)
    verify_refusal(
        db, Actor("qc", "qc"), STORY_ID,
        Verification(RETURNED, OTHER_REASON,
                     "Бюджет клиента не 50, а 550 тыс. руб.; менеджер бюджет не спрашивал", winner),
        now=called,
    )  # fmt: skip
    update_deal(db, Actor("head", "head"), STORY_ID, amount_kop=55_000_000)
    move_deal(db, Actor(winner, "manager"), STORY_ID, WON, now=called + timedelta(hours=3))
