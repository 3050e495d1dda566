"""The register from imports, control dates, reminders and tenders in a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest

from core.equipment import CUSTOMER_BY_NAME, EquipmentError, EquipmentRecord
from core.imports import FLAG, file_hash
from core.roles import SYSTEM, Actor, PermissionDenied
from db.equipment import (
    add_equipment,
    complete_task,
    list_equipment,
    list_tasks,
    maintenance_due,
    record_maintenance,
    run_reminders,
    snooze_task,
    store_products,
    store_sales,
    task_counts,
    update_equipment,
)
from db.import_log import import_rejects
from db.settings import put_setting
from db.tenders import (
    competitor_report,
    preview_tenders,
    share_of_wallet_report,
    store_tenders,
)
from importers.products import read_products
from importers.sales import read_sales
from importers.tenders import read_tenders
from tests.equipment_files import (
    CLIENT_A,
    CLIENT_B,
    OUR_ORG,
    WINNER_A,
    WINNER_B,
    messy_1c_sales,
    messy_tender_workbook,
    plain_tender_csv,
    products_file,
)

MANAGER = Actor(login="ivanov", role="manager", name="Иванов Пётр")


def load(db, products: bool = True):
    if products:
        data = products_file()
        store_products(
            db, SYSTEM, "products", "p.xlsx", file_hash(data), read_products(data, "p.xlsx")
        )
    data = messy_1c_sales()
    return store_sales(db, SYSTEM, "sales", "s.xlsx", file_hash(data), read_sales(data, "s.xlsx"))


def due_rows(db, start, end):
    return sorted(
        (r["serial"] or "", r["client_inn"], r["product"], r["event"], r["kind"], r["due"])
        for r in maintenance_due(db, start, end)
    )


def test_every_shipped_piece_enters_the_register_with_its_control_dates(db):
    summary = load(db)
    assert (summary["imported"], summary["equipment"], summary["rejected"]) == (3, 6, 0)
    rows = due_rows(db, date(2025, 1, 1), date(2030, 1, 1))
    kassa = [r for r in rows if r[2] == "Онлайн-касса АТОЛ 30Ф"]
    assert kassa == sorted(
        [
            (serial, CLIENT_A[1], "Онлайн-касса АТОЛ 30Ф", event, kind, due)
            for serial in ("SN-001", "SN-002")
            for event, kind, due in (
                ("warranty_end", "", "2026-01-15"),
                ("maintenance", "Замена ФН", "2026-02-15"),
                ("maintenance", "Плановое ТО", "2025-07-15"),
            )
        ]
    )
    scales = [r for r in rows if r[2] == "Весы с печатью этикеток"]
    assert len(scales) == 9  # three units without serial numbers, three control dates each
    assert {r[5] for r in scales if r[3] == "warranty_end"} == {"2027-01-31"}
    assert {r[5] for r in scales if r[4] == "Чистка"} == {"2025-04-30"}  # 31 Jan + 3 months


def test_importing_the_same_shipments_again_changes_nothing(db):
    load(db)
    before = due_rows(db, date(2025, 1, 1), date(2030, 1, 1))
    again = load(db, products=False)
    assert (again["imported"], again["duplicates"], again["equipment"]) == (0, 3, 0)
    assert due_rows(db, date(2025, 1, 1), date(2030, 1, 1)) == before
    assert db.execute("SELECT COUNT(*) FROM equipment").fetchone()[0] == 6


def test_products_imported_after_the_shipments_still_set_the_dates(db):
    load(db, products=False)
    assert due_rows(db, date(2025, 1, 1), date(2030, 1, 1)) == []
    data = products_file()
    store_products(db, SYSTEM, "products", "p.xlsx", file_hash(data), read_products(data, "p.xlsx"))
    assert len(due_rows(db, date(2025, 1, 1), date(2030, 1, 1))) == 6 + 9 + 1


def test_the_report_lists_only_the_control_dates_inside_the_period(db):
    load(db)
    rows = due_rows(db, date(2025, 7, 1), date(2025, 8, 1))
    assert rows == [
        (
            "SN-001",
            CLIENT_A[1],
            "Онлайн-касса АТОЛ 30Ф",
            "maintenance",
            "Плановое ТО",
            "2025-07-15",
        ),
        (
            "SN-002",
            CLIENT_A[1],
            "Онлайн-касса АТОЛ 30Ф",
            "maintenance",
            "Плановое ТО",
            "2025-07-15",
        ),
    ]


def test_reminders_run_twice_create_nothing_new(db):
    load(db)
    first = run_reminders(db, date(2025, 6, 20))
    assert first.created > 0
    second = run_reminders(db, date(2025, 6, 20))
    assert (second.created, second.raised) == (0, 0)
    count = db.execute("SELECT COUNT(*) FROM equipment_tasks").fetchone()[0]
    assert count == first.created
    keys = db.execute(
        "SELECT COUNT(DISTINCT equipment_id || event || kind || due) FROM equipment_tasks"
    ).fetchone()[0]
    assert keys == count


def test_a_reminder_is_raised_at_30_days_again_at_7_and_is_overdue_after_the_date(db):
    load(db)
    due = "2025-07-15"  # the planned maintenance of both cash registers

    def tasks():
        return db.execute(
            "SELECT status, point FROM equipment_tasks WHERE kind = 'Плановое ТО' AND due = ?",
            [due],
        ).fetchall()

    run_reminders(db, date(2025, 6, 14))  # 31 days before
    assert tasks() == []
    made = run_reminders(db, date(2025, 6, 15))
    assert tasks() == [("open", 30), ("open", 30)]
    assert {n["assignee"] for n in made.notified if n["due"] == due} == {"Иванов Пётр"}
    raised = run_reminders(db, date(2025, 7, 8))
    assert tasks() == [("open", 7), ("open", 7)] and raised.raised >= 2 and raised.created >= 0
    late = run_reminders(db, date(2025, 7, 16))
    assert tasks() == [("open", -1), ("open", -1)]
    overdue = [t for t in list_tasks(db, date(2025, 7, 16)) if t["overdue"]]
    assert {t["due"] for t in overdue} >= {due}
    assert late.overdue == len(overdue)


def test_done_and_snoozed_tasks_leave_the_overdue_count(db):
    load(db)
    run_reminders(db, date(2025, 7, 16))
    today = date(2025, 7, 16)
    tasks = [t for t in list_tasks(db, today) if t["overdue"]]
    first, second = tasks[0], tasks[1]
    before = sum(r["overdue"] for r in task_counts(db, today))
    assert complete_task(db, SYSTEM, first["id"], "выехали, провели ТО")
    assert not complete_task(db, SYSTEM, first["id"])
    snooze_task(db, SYSTEM, second["id"], date(2025, 8, 1))
    assert sum(r["overdue"] for r in task_counts(db, today)) == before - 2
    woken = run_reminders(db, date(2025, 8, 1))
    assert woken.woken == 1


def test_a_maintenance_done_moves_the_next_date_on(db):
    load(db)
    piece = db.execute("SELECT id FROM equipment WHERE serial = 'SN-001'").fetchone()[0]
    record_maintenance(db, SYSTEM, piece, "Плановое ТО", date(2025, 7, 20))
    rows = [r for r in maintenance_due(db, date(2025, 1, 1), date(2030, 1, 1))
            if r["equipment_id"] == piece and r["kind"] == "Плановое ТО"]  # fmt: skip
    assert [r["due"] for r in rows] == ["2026-01-20"]


def test_an_explicit_warranty_end_wins_over_the_computed_one(db):
    load(db)
    piece = db.execute("SELECT id FROM equipment WHERE serial = 'Z-77'").fetchone()[0]
    update_equipment(db, SYSTEM, piece, {"warranty_end_set": date(2026, 12, 31)})
    card = list_equipment(db, date(2025, 6, 1))
    assert {r["warranty_end"] for r in card if r["id"] == piece} == {"2026-12-31"}


def test_a_manager_adds_a_competitors_piece_naming_the_competitor(db):
    load(db)
    db.execute("INSERT INTO users (login, name, role, created_at) VALUES ('ivanov', "
               "'Иванов Пётр', 'manager', '2025-01-01')")  # fmt: skip
    db.execute("UPDATE equipment SET manager = 'ivanov' WHERE serial = 'SN-001'")
    record = EquipmentRecord(client_name=CLIENT_A[0], client_inn=CLIENT_A[1], product="Весы CAS",
                             owner="competitor", competitor="ООО «Весовой двор»")  # fmt: skip
    piece = add_equipment(db, MANAGER, record)
    row = list_equipment(db, date(2025, 6, 1))
    assert [(r["owner"], r["competitor"]) for r in row if r["id"] == piece] == [
        ("competitor", "ООО «Весовой двор»")
    ]
    with pytest.raises(EquipmentError) as refused:
        add_equipment(db, MANAGER, EquipmentRecord(CLIENT_A[0], CLIENT_A[1], "Весы",
                                                   owner="competitor"))  # fmt: skip
    assert refused.value.code == "competitor_required"
    with pytest.raises(EquipmentError):  # not a client of this manager
        add_equipment(db, MANAGER, EquipmentRecord(CLIENT_B[0], CLIENT_B[1], "Сканер"))
    viewer = Actor(login="v", role="viewer")
    with pytest.raises(PermissionDenied):
        add_equipment(db, viewer, record)


def store_tender_file(db, data: bytes, name: str):
    return store_tenders(db, SYSTEM, "tenders", name, file_hash(data), read_tenders(data, name))


def test_tenders_match_customers_by_inn_and_feed_the_competitor_base(db):
    load(db)
    put_setting(db, "company_inn", OUR_ORG[1])
    summary = store_tender_file(db, messy_tender_workbook(), "Закупки.xlsx")
    assert (summary["tenders"], summary["items"], summary["rejected"]) == (4, 5, 0)
    assert summary["matches"] == {"inn": 3, "name": 0, "new": 1}
    report = {r["inn"]: r for r in competitor_report(db)}
    assert set(report) == {WINNER_A[1], WINNER_B[1]}
    assert (report[WINNER_A[1]]["tenders"], report[WINNER_A[1]]["amount"]) == (2, 549000.0)
    assert report[WINNER_A[1]]["discount"] == pytest.approx((0.1 + 0.175) / 2)
    assert report[WINNER_A[1]]["against_us"] == 2  # both wins at a client we ship to
    assert report[WINNER_B[1]]["segments"] == ["26.20"]
    # items of equipment groups become competitors' pieces with an estimated warranty end
    pieces = db.execute(
        "SELECT name, owner, warranty_end FROM equipment WHERE source = 'tender' ORDER BY name"
    ).fetchall()
    assert pieces == [
        ("Весы электронные", "competitor", "2027-02-10"),
        ("Контрольно-кассовая техника", "competitor", "2026-02-10"),
        ("Принтер этикеток", "competitor", "2026-03-06"),
        ("Сканер штрихкода", "competitor", "2026-03-01"),
    ]
    again = store_tender_file(db, messy_tender_workbook(), "Закупки.xlsx")
    assert (again["imported"], again["duplicates"]) == (0, 4)


def test_a_customer_matched_by_name_only_lands_flagged_for_a_person_to_confirm(db):
    load(db)
    data = (
        "Номер закупки;Наименование Заказчика;ИНН заказчика;Победитель;Цена контракта\r\n"
        f"№ 9;ООО «ВЕКТОР»;;{WINNER_B[0]};100,00\r\n"
        f"№ 10;{CLIENT_B[0]};{CLIENT_B[1]};{WINNER_B[0]};200,00\r\n"
    ).encode("cp1251")
    dry = preview_tenders(db, read_tenders(data, "t.csv"))  # a dry run flags it too
    assert [(p.row, p.reason, p.severity) for p in dry.problems] == [(2, CUSTOMER_BY_NAME, FLAG)]
    summary = store_tender_file(db, data, "t.csv")
    assert (summary["imported"], summary["rejected"], summary["flagged"]) == (2, 0, 1)
    assert summary["matches"] == {"inn": 1, "name": 1, "new": 0}
    (flag,) = summary["rejects"]
    assert (flag["row"], flag["column"], flag["reason"], flag["severity"]) == (
        2, "Наименование Заказчика", CUSTOMER_BY_NAME, FLAG)  # fmt: skip
    logged = db.execute("SELECT id, rejected, flagged FROM imports ORDER BY id DESC").fetchone()
    assert logged[1:] == (0, 1)
    assert [(p.reason, p.severity) for p in import_rejects(db, logged[0])] == [
        (CUSTOMER_BY_NAME, FLAG)
    ]


def test_our_own_inn_as_the_winner_is_our_win_and_counts_in_our_share(db):
    put_setting(db, "company_inn", OUR_ORG[1])
    store_tender_file(db, plain_tender_csv(), "t.csv")
    assert [r["inn"] for r in competitor_report(db)] == [WINNER_B[1]]
    shares = share_of_wallet_report(db, date(2025, 1, 1), date(2026, 1, 1))
    ours = [r for r in shares if r["ours"]]
    assert [(r["segment"], r["ours"], r["share"]) for r in ours] == [("28.29", 450.0, 1.0)]


def test_share_of_wallet_sets_our_shipments_against_competitors_contracts(db):
    load(db)
    db.execute("UPDATE products SET okpd2 = '26.20.15.000' WHERE name = 'Онлайн-касса АТОЛ 30Ф'")
    store_tender_file(db, messy_tender_workbook(), "Закупки.xlsx")
    rows = share_of_wallet_report(db, date(2025, 1, 1), date(2026, 1, 1))
    vector = {r["segment"]: r for r in rows if r["client_inn"] == CLIENT_A[1]}
    # ours: 37 800 of cash registers; theirs: 300 000 + 99 000 in 26.20 at this client
    assert vector["26.20"]["ours"] == 37800.0 and vector["26.20"]["competitors"] == 399000.0
    assert vector["26.20"]["share"] == pytest.approx(37800 / (37800 + 399000))


def test_a_reminder_run_mails_the_responsible_person_once_per_run(db):
    from commands.equipment import remind

    load(db)
    db.execute("INSERT INTO users (login, name, role, email, created_at) VALUES ('ivanov', "
               "'Иванов Пётр', 'manager', 'ivanov@example.test', '2025-01-01')")  # fmt: skip
    db.execute("UPDATE equipment SET responsible = 'ivanov'")
    remind(db, date(2025, 6, 15))
    mails = db.execute("SELECT login, subject, body, link FROM outbox").fetchall()
    assert len(mails) == 1
    login, subject, body, link = mails[0]
    assert login == "ivanov" and link == "/equipment_tasks"
    assert "2025-07-15" in body and "SN-001" in body and CLIENT_A[0] in body
    remind(db, date(2025, 6, 15))
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1


def test_the_worker_runs_the_reminders_as_a_job(db):
    from worker import JOBS

    load(db)
    job = next(j for j in JOBS if j.name == "equipment_reminders")
    from datetime import UTC, datetime

    summary = job.run(db, datetime(2025, 7, 10, 9, 0, tzinfo=UTC))
    assert "новых задач" in summary
    assert db.execute("SELECT COUNT(*) FROM equipment_tasks").fetchone()[0] > 0
    assert job.run(db, datetime(2025, 7, 10, 9, 5, tzinfo=UTC)).startswith("новых задач 0")


def test_a_campaign_from_sales_history_calls_each_buyer_once_with_their_manager(db):
    from db.telemarketing import (
        BY_MANAGER,
        CampaignCriteria,
        build_campaign,
        list_calls,
        record_call,
        telemarketing_report,
    )

    load(db)
    criteria = CampaignCriteria(source="sales", kind="ККТ", sold_from="2025-01-01",
                                sold_to="2025-02-01")  # fmt: skip
    campaign = build_campaign(db, SYSTEM, "Кассы января", criteria, assignee=BY_MANAGER)
    calls = list_calls(db, campaign)
    assert [(c["client_inn"], c["assignee"]) for c in calls] == [(CLIENT_A[1], "Иванов Пётр")]
    opened = record_call(db, SYSTEM, calls[0]["id"], "critical", "ФН не читается")
    assert opened is not None
    (row,) = telemarketing_report(db, campaign)
    assert (row["calls"], row["done"], row["outcomes"]["critical"], row["opportunities"]) == (
        1, 1, 1, 1)  # fmt: skip
    with pytest.raises(EquipmentError):
        build_campaign(db, SYSTEM, "Пусто", CampaignCriteria(source="sales", kind="Нет такого"))
    with pytest.raises(PermissionDenied):
        build_campaign(db, MANAGER, "Не его дело", criteria)


def test_a_piece_of_a_catalogue_product_has_no_type_rather_than_its_category_code(demo_db):
    from datetime import date

    from db.equipment import equipment_kinds, list_equipment

    # the foundation's catalogue keeps a category code in products.kind, not a type
    product = demo_db.execute("SELECT id, name FROM products WHERE kind = 'equipment'").fetchone()
    client = demo_db.execute("SELECT id FROM clients LIMIT 1").fetchone()[0]
    demo_db.execute(
        "INSERT INTO equipment (unit_key, client_id, product_id, owner, name, quantity, "
        "warranty_estimated, source, created_at) VALUES ('test:catalogue', ?, ?, 'ours', ?, 1, 0, "
        "'manual', '2026-11-01 10:00:00')",
        [client, product[0], product[1]],
    )
    rows = [r for r in list_equipment(demo_db, date(2026, 11, 29)) if r["product"] == product[1]]
    assert rows and "equipment" not in {r["kind"] for r in rows}
    assert "equipment" not in equipment_kinds(demo_db)
