"""Deals pages (issue 12): a manager has no way to close a deal as lost; QC works the queue."""

from __future__ import annotations

import pytest

from core.deals import CLOSED_LOST, CONDITIONAL_REFUSAL, STAGE_NAMES, DealRuleError
from core.roles import PermissionDenied
from db.deals import (
    edit_client,
    get_deal,
    list_clients,
    list_contacts,
    list_deals,
    manager_logins,
    save_contact,
    saved_stage_map,
    verification_queue,
)
from ui.texts import deals as T
from ui.widgets import plain

MY = "app_pages/deals_my.py"
QUEUE = "app_pages/deals_queue.py"
OVERVIEW = "app_pages/overview.py"


def own_movable(db) -> list[str]:
    """The manager's deals the page offers to move (everything but refused and closed ones)."""
    return [
        d["id"]
        for d in list_deals(db, manager="manager")
        if d["stage"] in ("new", "in_work", "proposal")
    ]


def test_a_manager_is_never_offered_closed_lost_for_any_of_their_deals(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), MY)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == T.MY_TITLE
    deal_ids = own_movable(demo_db)
    assert len(at.selectbox(key="deals_my_deal").options) >= len(deal_ids) > 0
    for deal_id in deal_ids:
        at.selectbox(key="deals_my_deal").set_value(deal_id)
        at.run()
        offered = at.selectbox(key="deals_my_stage").options
        assert STAGE_NAMES[CLOSED_LOST] not in offered
        assert CLOSED_LOST not in offered


def test_a_manager_moves_an_own_deal_to_conditional_refusal_with_a_reason(
    open_app, actor_of, demo_db
):
    at = open_app(actor_of("manager"), MY)
    deal_id = own_movable(demo_db)[0]
    at.selectbox(key="deals_my_deal").set_value(deal_id).run()
    at.selectbox(key="deals_my_stage").set_value(CONDITIONAL_REFUSAL)
    at.selectbox(key="deals_my_reason").set_value("Дорого")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert get_deal(demo_db, deal_id)["stage"] == CONDITIONAL_REFUSAL
    assert [s.value for s in at.success] == [
        T.MOVE_DONE.format(id=deal_id, stage=STAGE_NAMES[CONDITIONAL_REFUSAL])
    ]


def test_a_refusal_without_a_reason_is_refused_in_russian_and_changes_nothing(
    open_app, actor_of, demo_db
):
    at = open_app(actor_of("manager"), MY)
    deal_id = own_movable(demo_db)[0]
    at.selectbox(key="deals_my_deal").set_value(deal_id).run()
    stage_before = get_deal(demo_db, deal_id)["stage"]
    at.selectbox(key="deals_my_stage").set_value(CONDITIONAL_REFUSAL)
    at.button[0].click().run()
    assert [e.value for e in at.error] == [T.RULES["reason_required"]]
    assert get_deal(demo_db, deal_id)["stage"] == stage_before


def test_a_manager_sees_only_own_deals(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), MY)
    own = {d["id"] for d in list_deals(demo_db, manager="manager")}
    shown = set(at.dataframe[0].value[T.COL_DEAL])
    assert shown and shown <= own


def test_qc_confirms_the_oldest_refusal_and_returns_the_next_to_another_manager(
    open_app, actor_of, demo_db
):
    queue = verification_queue(demo_db)
    assert len(queue) >= 2
    oldest, second = queue[0], queue[1]
    at = open_app(actor_of("qc"), QUEUE)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == T.QUEUE_TITLE
    table = at.dataframe[0].value
    assert list(table[T.COL_DEAL])[:2] == [oldest["deal_id"], second["deal_id"]]
    assert at.selectbox(key="deals_queue_pick").value == oldest["deal_id"]
    script = at.code[0].value
    assert oldest["reason"] in script and (oldest["manager_name"] or "") in script

    at.radio(key="deals_queue_outcome").set_value("confirmed")
    at.selectbox(key="deals_queue_client_reason").set_value(oldest["reason"])
    at.text_area(key="deals_queue_comment").input("Клиент подтвердил отказ")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert get_deal(demo_db, oldest["deal_id"])["stage"] == CLOSED_LOST

    assert at.selectbox(key="deals_queue_pick").value == second["deal_id"]
    other = next(login for login in manager_logins(demo_db) if login not in ("", second["manager"]))
    at.radio(key="deals_queue_outcome").set_value("returned")
    at.selectbox(key="deals_queue_to_manager").set_value(other)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    deal = get_deal(demo_db, second["deal_id"])
    assert deal["stage"] == "in_work"
    assert deal["manager"] == other
    assert len(verification_queue(demo_db)) == len(queue) - 2


def test_the_overview_shows_refusals_awaiting_verification(open_app, actor_of, demo_db):
    at = open_app(actor_of("qc"), OVERVIEW)
    labels = {m.label: m.value for m in at.metric}
    assert labels[T.OVERVIEW_AWAITING] == str(len(verification_queue(demo_db)))


def test_a_manager_plans_a_next_step_and_records_a_call_on_the_deal_card(
    open_app, actor_of, demo_db
):
    at = open_app(actor_of("manager"), MY)
    deal_id = own_movable(demo_db)[0]
    at.selectbox(key="deals_my_deal").set_value(deal_id).run()
    before = demo_db.execute(
        "SELECT COUNT(*) FROM deal_tasks WHERE deal_id = ? AND done_at IS NULL", [deal_id]
    ).fetchone()[0]
    at.text_input(key="deals_my_card_task_title").input("Отправить КП")
    next(b for b in at.button if b.label == T.CARD_TASK_ADD).click().run()
    assert not at.exception, [e.value for e in at.exception]
    after = demo_db.execute(
        "SELECT COUNT(*) FROM deal_tasks WHERE deal_id = ? AND done_at IS NULL", [deal_id]
    ).fetchone()[0]
    assert after == before + 1
    assert get_deal(demo_db, deal_id)["next_task_due"] is not None

    at.text_area(key="deals_my_card_activity_text").input("Договорились о демо")
    next(b for b in at.button if b.label == T.CARD_ACTIVITY_ADD).click().run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [r[0] for r in demo_db.execute(
        "SELECT text FROM deal_activities WHERE deal_id = ?", [deal_id]).fetchall()]  # fmt: skip
    assert "Договорились о демо" in texts


def test_an_admin_edits_the_reasons_list_and_a_manager_is_then_offered_the_new_one(
    open_app, actor_of, demo_db
):
    from db.deals import list_reasons

    at = open_app(actor_of("admin"), "app_pages/deals_settings.py")
    assert not at.exception, [e.value for e in at.exception]
    reasons = [*list_reasons(demo_db), "Закрылись"]
    at.text_area(key="deals_settings_reasons_text").input("\n".join(reasons))
    next(b for b in at.button if b.label == T.SETTINGS_REASONS_SAVE).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert list_reasons(demo_db)[-1] == "Закрылись"

    manager = open_app(actor_of("manager"), MY)
    assert "Закрылись" in manager.selectbox(key="deals_my_reason").options


def test_qc_reads_the_reports_and_the_hygiene_page(open_app, actor_of):
    for page, title in (("app_pages/deals_reports.py", T.REPORTS_TITLE),
                        ("app_pages/deals_hygiene.py", T.HYGIENE_TITLE)):  # fmt: skip
        at = open_app(actor_of("qc"), page)
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == title
        assert len(at.dataframe) >= 2


IMPORT = "app_pages/deals_import.py"
BITRIX_CSV = (
    "ID;Название сделки;Стадия сделки;Сумма;Валюта;Ответственный;Компания;ID;Товар;Цена\n"
    "90101;Склад;В работе;150 000,00;RUB;manager;ООО «Ромашка» 7707083893;1;УТ 8;25 200\n"
    "90101;Склад;В работе;150 000,00;RUB;manager;ООО «Ромашка» 7707083893;2;Сканер;7 800\n"
    "90102;Кассы;Согласование у директора;80000;RUB;manager;ИП Козлов;3;Касса;18900\n"
).encode("utf-8-sig")


def test_head_uploads_a_bitrix24_file_maps_its_unknown_stage_and_the_deal_lands(
    open_app, actor_of, demo_db
):
    at = open_app(actor_of("head"), IMPORT)
    assert not at.exception, [e.value for e in at.exception]
    at.file_uploader(key="deals_import_file").set_value(("сделки.csv", BITRIX_CSV, "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == [T.IMPORT_PREVIEW.format(deals="1", rejected="1")]
    assert [w.value for w in at.warning] == [T.IMPORT_UNMAPPED]
    asked = at.selectbox(key="deals_import_map_0")
    assert asked.label == T.IMPORT_MAP_STAGE.format(stage="Согласование у директора")
    asked.set_value("proposal")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        T.IMPORT_DONE.format(imported="2", duplicates="0", rejected="0")
    ]
    assert get_deal(demo_db, "90102")["stage"] == "proposal"
    assert get_deal(demo_db, "90101")["stage"] == "in_work"
    assert saved_stage_map(demo_db, "bitrix24") == {"Согласование у директора": "proposal"}


CLIENTS = "app_pages/deals_clients.py"


def audit_rows(db, action: str, target: str) -> list[dict]:
    return list(
        db.query(
            "SELECT login, details FROM audit_log WHERE action = ? AND target = ?", [action, target]
        )
    )


def test_a_manager_edits_the_phone_of_their_own_client_and_adds_a_contact(
    open_app, actor_of, demo_db
):
    own = list_clients(demo_db, manager="manager")
    assert own
    client = own[-1]
    at = open_app(actor_of("manager"), CLIENTS)
    assert not at.exception, [e.value for e in at.exception]
    shown = set(at.dataframe[0].value[T.COL_CLIENT])
    assert shown == {c["name"] for c in own}
    at.selectbox(key="deals_clients_pick").set_value(client["id"]).run()
    at.text_input(key="deals_clients_phone").set_value("+7 900 111-22-33")
    next(b for b in at.button if b.label == T.CARD_SAVE).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [T.CLIENTS_SAVED]
    after = {c["id"]: c for c in list_clients(demo_db, manager="manager")}[client["id"]]
    assert after["phone"] == "+7 900 111-22-33"
    assert audit_rows(demo_db, "client.update", str(client["id"]))[-1]["login"] == "manager"

    before = len(list_contacts(demo_db, client["id"]))
    at.text_input(key="deals_clients_c_name").set_value("Орлова Мария")
    at.text_input(key="deals_clients_c_role").set_value("Главный бухгалтер")
    at.text_input(key="deals_clients_c_email").set_value("orlova@example.org")
    next(b for b in at.button if b.label == T.CLIENTS_CONTACT_SAVE).click().run()
    assert [s.value for s in at.success] == [T.CLIENTS_CONTACT_SAVED]
    contacts = list_contacts(demo_db, client["id"])
    assert len(contacts) == before + 1
    assert contacts[-1]["role"] == "Главный бухгалтер"


def test_a_manager_cannot_edit_another_managers_client_and_the_refusal_is_audited(
    actor_of, demo_db
):
    other = next(c for c in list_clients(demo_db) if c["manager"] not in ("", "manager"))
    with pytest.raises(DealRuleError) as refused:
        edit_client(demo_db, actor_of("manager"), other["id"], industry="x", segment="x",
                    phone="000", email="")  # fmt: skip
    assert refused.value.code == "not_own_client"
    with pytest.raises(DealRuleError):
        save_contact(demo_db, actor_of("manager"), other["id"], None, name="Чужой", role="",
                     phone="000", email="")  # fmt: skip
    after = {c["id"]: c for c in list_clients(demo_db)}[other["id"]]
    assert after["phone"] == other["phone"] and after["industry"] == other["industry"]
    refusals = audit_rows(demo_db, "deal.refused", f"client:{other['id']}")
    assert len(refusals) == 2 and all(r["login"] == "manager" for r in refusals)
    assert "not_own_client" in refusals[0]["details"]
    with pytest.raises(PermissionDenied):
        edit_client(demo_db, actor_of("viewer"), other["id"], industry="x", segment="x",
                    phone="000", email="")  # fmt: skip
    assert audit_rows(demo_db, "permission.denied", "edit_clients")
    edit_client(demo_db, actor_of("qc"), other["id"], industry="Опт", segment=other["segment"],
                phone=other["phone"], email=other["email"])  # fmt: skip
    assert {c["id"]: c for c in list_clients(demo_db)}[other["id"]]["industry"] == "Опт"


def test_a_client_to_fix_on_the_hygiene_page_opens_that_client_in_the_clients_page(
    open_app, actor_of, demo_db
):
    hygiene = open_app(actor_of("qc"), "app_pages/deals_hygiene.py")
    fix = next(d for d in hygiene.dataframe if T.HYGIENE_OPEN in d.value.columns).value
    links = [link for link in fix[T.HYGIENE_OPEN] if "client=" in link]
    assert links and all(link.startswith("/deals_clients?client=") for link in links)

    client_id = int(links[0].rsplit("=", 1)[1])
    (client,) = list_clients(demo_db, client_id=client_id)
    at = open_app(actor_of("qc"), CLIENTS)
    at.query_params["client"] = str(client_id)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [i.value for i in at.info] == [T.CLIENTS_FILTERED.format(client=plain(client["name"]))]
    assert list(at.dataframe[0].value[T.COL_CLIENT]) == [client["name"]]
    assert at.selectbox(key="deals_clients_pick").value == client_id


def test_the_head_narrows_deals_and_clients_to_one_manager_with_the_same_filter(
    open_app, actor_of, demo_db
):
    managers = manager_logins(demo_db)
    login = next(m for m in managers if list_deals(demo_db, manager=m))
    everyone = {d["id"] for d in list_deals(demo_db, limit=5000)}
    own = {d["id"] for d in list_deals(demo_db, manager=login)}
    assert own < everyone
    at = open_app(actor_of("head"), MY)
    assert at.selectbox(key="deals_my_manager").value is None
    offered_all = {o.split(" · ")[0] for o in at.selectbox(key="deals_my_deal").options}
    at.selectbox(key="deals_my_manager").set_value(login).run()
    offered_own = {o.split(" · ")[0] for o in at.selectbox(key="deals_my_deal").options}
    assert offered_own and offered_own <= own
    assert offered_all - own, "without a pick the head sees other managers' deals"

    clients = open_app(actor_of("head"), "app_pages/deals_clients.py")
    assert clients.selectbox(key="deals_clients_manager").value is None
    clients.selectbox(key="deals_clients_manager").set_value(login).run()
    assert not clients.exception, [e.value for e in clients.exception]
    shown = clients.dataframe[0].value
    assert len(shown) == len(list_clients(demo_db, manager=login))


def test_a_manager_gets_no_manager_filter_on_the_deals_pages(open_app, actor_of):
    for page in (MY, "app_pages/deals_clients.py"):
        at = open_app(actor_of("manager"), page)
        assert T.FILTER_MANAGER not in [s.label for s in at.selectbox]
