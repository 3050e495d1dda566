"""Demo filler for equipment and tenders (issue 13): two years of shipments with their service
history, competitors' equipment from completed tenders, reminders raised for today and a
telemarketing campaign in progress."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlite_utils import Database

from core.demo import DemoWorld, person_name
from core.equipment import (
    OUTCOME_CRITICAL,
    OUTCOME_OK,
    OUTCOME_SERVICE,
    EquipmentRecord,
    ShipmentRecord,
    add_months,
)
from core.inn import make_inn
from core.roles import SYSTEM, Actor
from core.tenders import TenderItem, TenderRecord
from db.equipment import _insert_piece, refresh_control_dates, run_reminders, write_sales
from db.settings import get_setting
from db.telemarketing import BY_MANAGER, SOURCE_REGISTER, CampaignCriteria, build_campaign
from db.tenders import write_tenders

# demo product name -> (type, OKPD2, maintenance kinds with intervals in months)
EQUIPMENT = {
    "Онлайн-касса АТОЛ 30Ф": ("ККТ", "26.20.15.000", {"Замена ФН": 15, "Плановое ТО": 6}),
    "Сканер штрихкодов Honeywell 1450g": ("Сканер штрихкодов", "26.20.16.120", {}),
    "Весы с печатью этикеток": ("Весы", "28.29.31.110", {"Поверка": 12, "Чистка": 3}),
    "POS-терминал": ("POS-терминал", "26.20.15.000", {"Плановое ТО": 12}),
}
COMPETITORS = ("ООО «Кассовый центр»", "ООО «ТехноСервис»", "АО «Торговое оборудование»",
               "ООО «Весовой двор»", "ООО «СканТорг»", "ООО «Штрих-Регион»")  # fmt: skip
TENDER_ITEMS = (("Контрольно-кассовая техника", "26.20.15.000", 45_000),
                ("Весы электронные с печатью этикеток", "28.29.31.110", 52_000),
                ("Сканер штрихкода", "26.20.16.120", 9_500),
                ("Принтер этикеток", "26.20.16.150", 21_000),
                ("Фискальный накопитель", "26.20.40.190", 11_000))  # fmt: skip
EQUIPMENT_TABLES = ("equipment_opportunities", "tm_calls", "tm_campaigns", "equipment_tasks",
                    "equipment_maintenance", "equipment", "tender_items", "tenders", "competitors",
                    "shipments", "product_maintenance")  # fmt: skip
SHIPMENTS = 360
TENDERS = 48


def fill_demo_equipment(db: Database, world: DemoWorld, seed: int, today: date) -> None:
    """Shipments, service history, tenders, reminders and a campaign (inside fill_demo's tx)."""
    rng = random.Random(seed * 1303 + 13)
    products = {name: pid for pid, name in db.execute("SELECT id, name FROM products")}
    for name, (_kind, okpd2, kinds) in EQUIPMENT.items():
        if name not in products:
            continue
        db.execute("UPDATE products SET okpd2 = ? WHERE id = ?", [okpd2, products[name]])
        for kind, months in kinds.items():
            db.execute(
                "INSERT OR IGNORE INTO product_maintenance (product_id, kind, interval_months) "
                "VALUES (?, ?, ?)",
                [products[name], kind, months],
            )
    managers = [r[0] for r in db.execute("SELECT login FROM users WHERE role = 'manager'")]
    clients = [
        (r[0], r[1], r[2])
        for r in db.execute("SELECT id, name, inn FROM clients WHERE inn IS NOT NULL ORDER BY id")
    ]
    buyers = rng.sample(clients, min(140, len(clients)))
    owner_of = {client[0]: rng.choice(managers) if managers else "" for client in buyers}
    records = _shipments(rng, buyers, owner_of, today)
    write_sales(db, SYSTEM, records)
    for piece, name in db.execute(
        "SELECT id, name FROM equipment WHERE source = 'sale'"
    ).fetchall():
        kind = EQUIPMENT.get(name, ("",))[0]
        if kind:
            db.execute("UPDATE equipment SET kind = ? WHERE id = ?", [kind, piece])
    _service_history(db, rng, today)
    _tenders(db, rng, world, clients, today)
    _competitor_pieces(db, rng, buyers, today)
    run_reminders(db, today)
    _close_some_tasks(db, rng, today)
    _campaign(db, rng, today)


def _shipments(
    rng: random.Random,
    buyers: list[tuple[int, str, str]],
    owner_of: dict[int, str],
    today: date,
) -> list[ShipmentRecord]:
    """Two years of equipment shipments, a few lines a week."""
    names = list(EQUIPMENT)
    prices = {"Онлайн-касса АТОЛ 30Ф": 18_900, "Сканер штрихкодов Honeywell 1450g": 7_800,
              "Весы с печатью этикеток": 46_500, "POS-терминал": 59_000}  # fmt: skip
    records = []
    for number in range(1, SHIPMENTS + 1):
        day = today - timedelta(days=rng.randint(1, 730))
        client_id, client, inn = rng.choice(buyers)
        product = rng.choices(names, weights=(5, 3, 2, 2))[0]
        quantity = rng.choice((1, 1, 1, 2, 3))
        serial = product != "Весы с печатью этикеток"
        serials = [f"{product[:3].upper()}-{day:%y%m}{number:04d}{i}" for i in range(quantity)]
        records.append(
            ShipmentRecord(
                doc_no=f"0000-{number:06d}",
                doc_date=day,
                client_name=client,
                client_inn=inn,
                client_kpp="",
                product=product,
                quantity=quantity,
                amount=prices[product] * quantity,
                manager=owner_of[client_id],
                serials=serials if serial else [],
            )
        )
    return records


def _service_history(db: Database, rng: random.Random, today: date) -> None:
    """Past maintenances done on time (mostly): the next dates then lie ahead or a little late."""
    rows = db.execute(
        "SELECT m.equipment_id, m.kind, m.interval_months, e.ship_date FROM equipment_maintenance m "
        "JOIN equipment e ON e.id = m.equipment_id"
    ).fetchall()
    for piece, kind, interval, ship in rows:
        day = date.fromisoformat(ship)
        last = None
        while True:
            due = add_months(last or day, interval)
            if due > today - timedelta(days=rng.randint(0, 25)) or rng.random() < 0.04:
                break
            last = due + timedelta(days=rng.randint(-5, 10))
        if last is not None:
            db.execute(
                "UPDATE equipment_maintenance SET last_done = ? WHERE equipment_id = ? AND kind = ?",
                [last.isoformat(), piece, kind],
            )
            db.execute("UPDATE equipment SET last_repair = ? WHERE id = ? AND "
                       "COALESCE(last_repair, '') < ?", [last.isoformat(), piece, last.isoformat()])  # fmt: skip
    refresh_control_dates(db)


def _tenders(
    db: Database,
    rng: random.Random,
    world: DemoWorld,
    clients: list[tuple[int, str, str]],
    today: date,
) -> None:
    """Completed tenders over two years: our clients and budget customers, competitors' wins and
    a few of ours."""
    own_inn = str(get_setting(db, "company_inn") or "")
    winners = [(name, make_inn(rng, rng.choice(("77", "50", "78")))) for name in COMPETITORS]
    customers = rng.sample(clients, min(25, len(clients)))
    customers += [(0, f"ГБУЗ «Городская поликлиника № {n}»", make_inn(rng, "77"))
                  for n in range(1, 9)]  # fmt: skip
    records = []
    for number in range(1, TENDERS + 1):
        _, customer, inn = rng.choice(customers)
        ours = rng.random() < 0.18 and own_inn
        winner = ("ООО «Демо-Софт»", own_inn) if ours else rng.choice(winners)
        day = today - timedelta(days=rng.randint(20, 720))
        items = []
        for name, okpd2, unit_price in rng.sample(TENDER_ITEMS, rng.randint(1, 3)):
            quantity = rng.randint(1, 6)
            price = round(unit_price * rng.uniform(0.85, 1.1), 2)
            items.append(TenderItem(name=name, okpd2=okpd2, quantity=quantity, unit="шт",
                                    price=price, amount=round(price * quantity, 2)))  # fmt: skip
        total = sum(i.amount or 0 for i in items)
        records.append(
            TenderRecord(
                key=f"c:demo-{number}",
                registry_number=f"03731000001{day:%y}{number:08d}",
                contract_number=f"2771{number:015d}",
                law=rng.choice(("44-ФЗ", "44-ФЗ", "223-ФЗ")),
                day=day,
                status="Исполнение завершено",
                customer_name=customer,
                customer_inn=inn,
                customer_inn_ok=True,
                winner_name=winner[0],
                winner_inn=winner[1],
                winner_inn_ok=True,
                nmck=round(total * rng.uniform(1.03, 1.3), 2),
                price=round(total, 2),
                items=items,
            )
        )
    write_tenders(db, SYSTEM, records, None)


def _competitor_pieces(
    db: Database, rng: random.Random, buyers: list[tuple[int, str, str]], today: date
) -> None:
    """What engineers saw at our clients on visits: competitors' equipment entered by hand."""
    for client_id, client, inn in rng.sample(buyers, min(12, len(buyers))):
        name, _, _ = rng.choice(TENDER_ITEMS)
        record = EquipmentRecord(
            client_name=client, client_inn=inn, product=name, owner="competitor",
            competitor=rng.choice(COMPETITORS), kind="Чужое оборудование",
            ship_date=today - timedelta(days=rng.randint(100, 900)),
            warranty_end=None, contacts=person_name(rng), responsible="",
        )  # fmt: skip
        _insert_piece(db, SYSTEM, record, client_id, "manual")


def _close_some_tasks(db: Database, rng: random.Random, today: date) -> None:
    """Reminders were worked: nearly all older than two weeks are done, some recent ones too, a
    few snoozed; what is left overdue is the last fortnight's backlog."""
    recent = (today - timedelta(days=14)).isoformat()
    for task_id, due in db.execute(
        "SELECT id, due FROM equipment_tasks WHERE status = 'open' ORDER BY id"
    ).fetchall():
        roll = rng.random()
        if roll < (0.93 if due < recent else 0.3):
            db.execute(
                "UPDATE equipment_tasks SET status = 'done', done_at = ?, done_by = 'system', "
                "note = 'Согласовали выезд' WHERE id = ?",
                [f"{due} 09:00:00", task_id],
            )
        elif roll < 0.52:
            snooze = (date.fromisoformat(due) + timedelta(days=14)).isoformat()
            db.execute(
                "UPDATE equipment_tasks SET status = 'snoozed', snoozed_until = ? WHERE id = ?",
                [snooze, task_id],
            )


def _campaign(db: Database, rng: random.Random, today: date) -> None:
    """A call campaign over the register (maintenance and warranty within 60 days, ours and
    competitors'), each call with the client's manager, about a third already made."""
    criteria = CampaignCriteria(source=SOURCE_REGISTER, within_days=60, today=today.isoformat())
    try:
        campaign = build_campaign(db, SYSTEM, "Обзвон: ТО и гарантия в ближайшие 60 дней",
                                  criteria, assignee=BY_MANAGER)  # fmt: skip
    except ValueError:
        return
    calls = db.execute(
        "SELECT id, assignee FROM tm_calls WHERE campaign_id = ? ORDER BY id", [campaign]
    ).fetchall()
    from db.telemarketing import record_call

    for call_id, assignee in calls:
        if rng.random() > 0.35 or not assignee:
            continue
        outcome = rng.choices((OUTCOME_OK, OUTCOME_SERVICE, OUTCOME_CRITICAL), (6, 3, 1))[0]
        comment = {"ok": "Работает исправно", "service": "Просят выезд инженера",
                   "critical": "Не включается, нужна замена"}[outcome]  # fmt: skip
        caller = Actor(login=assignee, role="manager")
        record_call(db, caller, call_id, outcome, comment,
                    today + timedelta(days=rng.randint(3, 30)) if outcome != "ok" else None)  # fmt: skip
