"""«Обзвон ОКК» page: QC sees the open callbacks and closes one with the client's answer."""

from __future__ import annotations

from core.timeutil import utcnow
from db.alerts import callback_tasks, count_callback_tasks, scan_alerts
from db.settings import get_settings
from ui import texts

PAGE = "app_pages/callbacks.py"


def test_qc_sees_open_callbacks_and_closes_one(open_app, actor_of, demo_db) -> None:
    scan_alerts(demo_db, utcnow(), get_settings(demo_db))
    before = count_callback_tasks(demo_db)
    assert before > 0
    at = open_app(actor_of("qc"), PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == texts.CALLBACKS_TITLE
    shown = at.dataframe[0].value
    assert len(shown) == before
    first = callback_tasks(demo_db)[0]
    assert shown[texts.CALLBACKS_COL_TASK].tolist()[0] == first["id"]

    at.selectbox(key="callbacks_pick").set_value(first["id"])
    at.text_area(key="callbacks_outcome").input("Перезвонили, клиент доволен")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert count_callback_tasks(demo_db) == before - 1
    assert callback_tasks(demo_db, "done")[0]["note"] == "Перезвонили, клиент доволен"


def test_an_empty_outcome_is_refused_in_russian(open_app, actor_of, demo_db) -> None:
    scan_alerts(demo_db, utcnow(), get_settings(demo_db))
    before = count_callback_tasks(demo_db)
    at = open_app(actor_of("head"), PAGE)
    at.button[0].click().run()
    assert [e.value for e in at.error] == [texts.CALLBACKS_OUTCOME_REQUIRED]
    assert count_callback_tasks(demo_db) == before
