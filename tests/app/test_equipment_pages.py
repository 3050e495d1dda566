"""The equipment pages do what their buttons say (AppTest on a demo database)."""

from __future__ import annotations

from ui.texts import equipment as T


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_a_manager_records_a_critical_call_and_an_opportunity_opens(open_app, actor_of, demo_db):
    manager = actor_of("manager")
    at = open_app(manager, "app_pages/equipment_telemarketing.py")
    assert not at.exception
    call = at.selectbox(key="tm_pick").value
    owner = demo_db.execute("SELECT assignee FROM tm_calls WHERE id = ?", [call]).fetchone()[0]
    assert owner == manager.login  # a manager sees only their own calls
    at.radio(key="tm_outcome").set_value("critical")
    at.text_area(key="tm_comment").input("Не включается после грозы")
    button(at, T.TM_SAVE).click().run()
    assert not at.exception
    row = demo_db.execute(
        "SELECT k.outcome, k.called_by, o.manager FROM tm_calls k JOIN equipment_opportunities o "
        "ON o.call_id = k.id WHERE k.id = ?",
        [call],
    ).fetchone()
    assert row[0] == "critical" and row[1] == manager.login and row[2]


def test_the_head_marks_a_reminder_done_and_it_leaves_the_open_list(open_app, actor_of, demo_db):
    at = open_app(actor_of("head"), "app_pages/equipment_tasks.py")
    assert not at.exception
    task = at.selectbox(key="tasks_pick").value
    at.text_input(key="tasks_note").input("Выезд согласован")
    button(at, T.TASKS_DONE_BUTTON).click().run()
    assert not at.exception
    status, note = demo_db.execute(
        "SELECT status, note FROM equipment_tasks WHERE id = ?", [task]
    ).fetchone()
    assert (status, note) == ("done", "Выезд согласован")


def test_a_manager_enters_a_competitors_piece_by_hand(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), "app_pages/equipment_register.py")
    assert not at.exception
    at.text_input(key="register_add_client").input("ООО «Новый клиент»")
    at.text_input(key="register_add_product").input("Весы CAS ER Plus")
    at.text_input(key="register_add_competitor").input("ООО «Весовой двор»")
    button(at, T.ADD_SUBMIT).click().run()
    assert not at.exception
    row = demo_db.execute(
        "SELECT e.owner, k.name, c.name FROM equipment e JOIN competitors k ON k.id = "
        "e.competitor_id JOIN clients c ON c.id = e.client_id WHERE e.name = 'Весы CAS ER Plus'"
    ).fetchone()
    assert row == ("competitor", "ООО «Весовой двор»", "ООО «Новый клиент»")


def test_a_piece_without_its_competitor_is_refused_with_a_reason(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), "app_pages/equipment_register.py")
    at.text_input(key="register_add_client").input("ООО «Новый клиент»")
    at.text_input(key="register_add_product").input("Сканер")
    button(at, T.ADD_SUBMIT).click().run()
    assert T.ERRORS["competitor_required"] in [e.value for e in at.error]


def test_the_head_imports_the_real_eis_export_on_the_import_page(open_app, actor_of, demo_db):
    from tests.realdata.conftest import REALDATA

    path = REALDATA / "zakupki" / "contracts_44fz_jan2018_combined.csv"
    if not path.exists():
        import pytest

        pytest.skip("realdata not found")
    before = demo_db.execute("SELECT COUNT(*) FROM tenders").fetchone()[0]
    at = open_app(actor_of("head"), "app_pages/imports.py")
    at.radio(key="imports_kind").set_value("tenders").run()
    at.file_uploader(key="imports_file_tenders").set_value((path.name, path.read_bytes(),
                                                            "text/csv")).run()  # fmt: skip
    next(b for b in at.button if b.key == "imports_run").click().run()
    assert not at.exception
    after = demo_db.execute("SELECT COUNT(*) FROM tenders").fetchone()[0]
    assert after - before == 146


def test_calls_and_tasks_name_the_people_who_own_them_not_their_logins(open_app, actor_of, demo_db):
    names = dict(demo_db.execute("SELECT login, name FROM users").fetchall())
    for page in ("app_pages/equipment_telemarketing.py", "app_pages/equipment_tasks.py"):
        at = open_app(actor_of("head"), page)
        assert not at.exception, [e.value for e in at.exception]
        table = next(d.value for d in at.dataframe if T.COL_ASSIGNEE in d.value.columns
                     and len(d.value.columns) > 4)  # fmt: skip
        shown = {v for v in table[T.COL_ASSIGNEE] if v}
        assert shown, page
        assert not shown & set(names), (page, shown & set(names))
        assert shown <= set(names.values()) | {T.UNASSIGNED}, (page, shown)
