"""The monitor page: big figures from the snapshot, waiting table, alerts with acknowledge by role."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from core.leads import Lead
from core.requests import RequestRecord
from core.timeutil import utcnow
from db.alerts import open_alerts, scan_alerts
from db.connection import write_tx
from db.leads import insert_leads
from db.monitor import monitor_snapshot
from db.requests import upsert_requests
from db.settings import get_settings, put_setting
from ui import texts
from ui.fmt import fmt_int, fmt_minutes

PAGE = "app_pages/monitor.py"


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def ack_buttons(at) -> list:
    return [b for b in at.button if str(b.key).startswith("monitor_ack_")]


def add_low_rating(db) -> None:
    now = utcnow()
    with write_tx(db):
        upsert_requests(
        db,
        [
            RequestRecord(
                id="LOW-1", source="test", created_at=now - timedelta(minutes=40),
                assigned_at=now - timedelta(minutes=39), closed_at=now - timedelta(minutes=5),
                client="ООО «Тестовый клиент»", specialist="Тестова Анна", rating=1,
                rating_comment="Так и не помогли",
            )
        ],
    )  # fmt: skip


def test_the_manager_sees_the_queue_figures_of_the_snapshot(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), PAGE)

    assert not at.exception, [e.value for e in at.exception]
    snap = monitor_snapshot(demo_db, utcnow(), get_settings(demo_db))
    assert snap["open"] > 0
    assert metric(at, texts.MONITOR_OPEN) == fmt_int(snap["open"])
    assert metric(at, texts.MONITOR_WAITING) == fmt_int(snap["waiting_unassigned"])
    assert [h.value for h in at.title] == [texts.MONITOR_TITLE]


def test_the_waiting_table_shows_waits_in_readable_minutes(open_app, actor_of, demo_db):
    now = utcnow()
    with write_tx(demo_db):
        upsert_requests(
        demo_db,
        [RequestRecord(id="WAIT-1", source="test", created_at=now - timedelta(minutes=300),
                       line="Бухгалтерия", client="ООО «Долгое ожидание»")],
    )  # fmt: skip

    at = open_app(actor_of("head"), PAGE)

    table = at.dataframe[0].value
    row = table[table[texts.MONITOR_COL_ID] == "WAIT-1"].iloc[0]
    assert row[texts.MONITOR_COL_CLIENT] == "ООО «Долгое ожидание»"
    assert row[texts.MONITOR_COL_WAIT] in {fmt_minutes(300), fmt_minutes(301)}
    assert row[texts.MONITOR_COL_STATE] == texts.MONITOR_STATES["missed"]


def test_a_low_rating_alert_shows_client_specialist_and_comment(open_app, actor_of, demo_db):
    add_low_rating(demo_db)
    scan_alerts(demo_db, utcnow(), get_settings(demo_db))  # the worker's alerts job

    at = open_app(actor_of("qc"), PAGE)

    captions = " ".join(c.value for c in at.caption)
    assert texts.MONITOR_ALERT_CLIENT.format(client="ООО «Тестовый клиент»") in captions
    assert texts.MONITOR_ALERT_SPECIALIST.format(specialist="Тестова Анна") in captions
    assert texts.MONITOR_ALERT_COMMENT.format(comment="Так и не помогли") in captions


def test_a_manager_acknowledges_an_alert_and_it_disappears(open_app, actor_of, demo_db):
    add_low_rating(demo_db)
    scan_alerts(demo_db, utcnow(), get_settings(demo_db))
    alert = next(a for a in open_alerts(demo_db, 500) if a["request_id"] == "LOW-1")
    at = open_app(actor_of("manager"), PAGE)

    at.button(key=f"monitor_ack_{alert['id']}").click().run()

    assert not at.exception
    assert texts.MONITOR_ACK_DONE in [s.value for s in at.success]
    assert alert["id"] not in [a["id"] for a in open_alerts(demo_db, 500)]
    assert f"monitor_ack_{alert['id']}" not in [b.key for b in ack_buttons(at)]
    audit = demo_db.execute(
        "SELECT login FROM audit_log WHERE action = 'alert.ack' AND target = ?", [str(alert["id"])]
    ).fetchall()
    assert audit == [("manager",)]


def test_a_viewer_sees_the_alerts_but_no_acknowledge_button(open_app, actor_of, demo_db):
    add_low_rating(demo_db)
    scan_alerts(demo_db, utcnow(), get_settings(demo_db))  # the worker's alerts job

    at = open_app(actor_of("viewer"), PAGE)

    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert texts.MONITOR_ALERT_COMMENT.format(comment="Так и не помогли") in captions
    assert ack_buttons(at) == []


def test_the_monitor_page_only_reads_and_raises_no_alert_itself(open_app, actor_of, demo_db):
    add_low_rating(demo_db)
    alerts_before = demo_db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]

    at = open_app(actor_of("qc"), PAGE)

    assert not at.exception
    assert demo_db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] == alerts_before
    assert "LOW-1" not in [a["request_id"] for a in open_alerts(demo_db, 500)]


def test_the_refresh_period_starts_from_the_setting(open_app, actor_of, demo_db):
    with write_tx(demo_db):
        put_setting(demo_db, "monitor_refresh_seconds", 7)

    at = open_app(actor_of("viewer"), PAGE)

    assert at.number_input(key="monitor_refresh").value == 7
    assert any("7" in c.value for c in at.caption if texts.MONITOR_CAPTION[:20] in c.value)


def test_the_queue_downloads_as_excel(open_app, actor_of):
    at = open_app(actor_of("manager"), PAGE)

    labels = [b.proto.label for b in at.get("download_button")]
    assert texts.MONITOR_EXPORT in labels


def test_the_monitor_builds_no_workbook_until_its_download_is_clicked(
    open_app, actor_of, monkeypatch
):
    """The monitor runs every few seconds: its queue's workbook is built on the click (the
    browser test tests/browser/test_security.py clicks it), not on each run."""
    import ui.widgets

    built: list[object] = []
    real = ui.widgets.xlsx_bytes
    monkeypatch.setattr(ui.widgets, "xlsx_bytes", lambda *a, **k: built.append(a) or real(*a, **k))
    at = open_app(actor_of("manager"), PAGE)
    for _ in range(3):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert texts.MONITOR_EXPORT in [b.proto.label for b in at.get("download_button")]
    assert built == []


def test_the_overview_shows_todays_queue_card(open_app, actor_of, demo_db):
    at = open_app(actor_of("viewer"))

    snap = monitor_snapshot(demo_db, utcnow(), get_settings(demo_db))
    assert texts.OVERVIEW_MONITOR in [s.value for s in at.subheader]
    assert metric(at, texts.MONITOR_OPEN) == fmt_int(snap["open"])


def test_the_overview_has_no_monitor_card_without_requests(open_app, actor_of, demo_db):
    with write_tx(demo_db):
        demo_db.execute("DELETE FROM requests")

    at = open_app(actor_of("viewer"))

    assert not at.exception
    assert texts.OVERVIEW_MONITOR not in [s.value for s in at.subheader]


def test_storefront_orders_waiting_for_a_call_are_flagged_on_the_wall_screen(
    open_app, actor_of, demo_db
):
    now = utcnow()
    with write_tx(demo_db):
        demo_db.execute("UPDATE leads SET status = 'in_work' WHERE status = 'new'")
    at = open_app(actor_of("manager"), PAGE)
    assert not [w for w in at.warning if "витрины" in w.value]

    st.cache_data.clear()  # what the app's after_write() does after a change
    with write_tx(demo_db):
        insert_leads(
            demo_db,
            [
                Lead("L-OLD", "1С:Бухгалтерия", now - timedelta(minutes=150), client="ИП Петров"),
                Lead("L-NEW", "1С:Бухгалтерия", now - timedelta(minutes=5), client="ИП Сидоров"),
            ],
        )
    at = open_app(actor_of("manager"), PAGE)
    snap = monitor_snapshot(demo_db, now, get_settings(demo_db))["leads_pending"]
    assert (snap["count"], round(snap["oldest_minutes"])) == (1, 150)
    expected = texts.MONITOR_LEADS_PENDING.format(
        count=fmt_int(1), minutes=fmt_int(60), oldest=fmt_minutes(snap["oldest_minutes"])
    )
    assert [w.value for w in at.warning if "витрины" in w.value] == [expected]


def drill_count(at, prefix: str | None = None) -> int:
    """The count the open drill-down list says (and the rows it holds)."""
    import re

    from ui.drill import LIMIT
    from ui.texts import monitor as TM

    prefix = prefix or TM.DRILL_SHOWN.split("{")[0]
    shown = [c.value for c in at.caption if c.value.startswith(prefix)]
    assert len(shown) == 1, shown
    count = int(re.sub(r"\D", "", shown[0].split("(")[0]))
    lists = [d.value for d in at.dataframe if TM.DRILL_COL["rating_comment"] in d.value.columns]
    assert len(lists) == 1 and len(lists[0]) == min(count, LIMIT)
    return count


def card_toggle(at, key: str):
    """A figure card's toggle (a checkbox under the card: each change of it is a click)."""
    found = [c for c in at.checkbox if str(c.key) == key]
    assert len(found) == 1, [c.key for c in at.checkbox]
    return found[0]


def test_every_figure_card_of_the_monitor_opens_as_many_requests_as_it_says(
    open_app, actor_of, demo_db
):
    """Drill-down (issue 14, item 5): open, waiting, today's figures and the open alerts."""
    add_low_rating(demo_db)
    scan_alerts(demo_db, utcnow(), get_settings(demo_db))
    at = open_app(actor_of("manager"), PAGE)
    cards = {
        "monitor_queue_drillt_0": texts.MONITOR_OPEN,
        "monitor_queue_drillt_1": texts.MONITOR_WAITING,
        "monitor_queue_drillt_3": texts.MONITOR_MISSED_TODAY,
        "monitor_today_drillt_0": texts.MONITOR_LOW_TODAY,
        "monitor_today_drillt_1": texts.MONITOR_CREATED_TODAY,
        "monitor_today_drillt_2": texts.MONITOR_CLOSED_TODAY,
    }
    for key, label in cards.items():
        figure = int(metric(at, label).replace("\u00a0", "").replace(" ", ""))
        card_toggle(at, key).check().run()
        assert not at.exception, [e.value for e in at.exception]
        assert drill_count(at) == figure, label
    assert metric(at, texts.MONITOR_LOW_TODAY) != "0"


def test_the_alerts_card_lists_as_many_alerts_as_it_counts_each_with_its_request(
    open_app, actor_of, demo_db
):
    """The card counts alerts; a request that waited too long and was then rated low carries
    two, so the list has a row per alert (its kind and when it happened) — not one per request."""
    from ui.texts import monitor as TM

    now = utcnow()
    with write_tx(demo_db):
        upsert_requests(
            demo_db,
            [
                RequestRecord(
                    id="TWICE-1", source="test", created_at=now - timedelta(hours=3),
                    assigned_at=now - timedelta(hours=1), closed_at=now - timedelta(minutes=5),
                    client="ООО «Дважды»", rating=1, rating_comment="Долго и без толку",
                )
            ],
        )  # fmt: skip
    scan_alerts(demo_db, now, get_settings(demo_db))
    alerts = open_alerts(demo_db, 10_000)
    assert [a["kind"] for a in alerts if a["request_id"] == "TWICE-1"] == ["low_rating", "missed"]
    at = open_app(actor_of("head"), PAGE)
    card = int(metric(at, texts.MONITOR_OPEN_ALERTS).replace("\u00a0", "").replace(" ", ""))
    card_toggle(at, "monitor_today_drillt_4").check().run()
    assert not at.exception, [e.value for e in at.exception]
    count = drill_count(at, TM.DRILL_SHOWN_ALERTS.split("{")[0])
    assert count == card == len(alerts) > len({a["request_id"] for a in alerts})
    table = next(
        d.value for d in at.dataframe if TM.DRILL_ALERT_COL["alert_kind"] in d.value.columns
    )
    twice = table[table[TM.DRILL_COL["id"]] == "TWICE-1"]
    assert sorted(twice[TM.DRILL_ALERT_COL["alert_kind"]]) == sorted(
        [texts.MONITOR_ALERT_KINDS["low_rating"], texts.MONITOR_ALERT_KINDS["missed"]]
    )
    caption = next(
        c.value for c in at.caption if c.value.startswith(TM.DRILL_SHOWN_ALERTS.split("{")[0])
    )
    assert caption == TM.DRILL_SHOWN_ALERTS.format(
        count=fmt_int(card), requests=fmt_int(len({a["request_id"] for a in alerts}))
    )


def test_a_card_clicked_again_after_another_list_opens_its_own_list_again(open_app, actor_of):
    """A card is a toggle kept in the session (a click survives a refresh): its second click —
    the toggle going off — opens its list as the first did, after another card's list and
    after «Закрыть список»."""
    from ui.texts import drill as D

    def title(at) -> list[str]:
        return [m.value for m in at.markdown if m.value in (f"**{D.OPEN}**", f"**{D.WAITING}**")]

    at = open_app(actor_of("head"), PAGE)
    card_toggle(at, "monitor_queue_drillt_0").check().run()
    assert title(at) == [f"**{D.OPEN}**"]
    card_toggle(at, "monitor_queue_drillt_1").check().run()
    assert title(at) == [f"**{D.WAITING}**"]
    card_toggle(at, "monitor_queue_drillt_0").uncheck().run()  # the second click on «Открыто»
    assert title(at) == [f"**{D.OPEN}**"]
    at.button(key="monitor_drill_close").click().run()
    assert title(at) == []
    card_toggle(at, "monitor_queue_drillt_0").check().run()
    assert title(at) == [f"**{D.OPEN}**"]
    assert not at.exception


def test_the_open_list_is_kept_in_the_address_and_a_reload_opens_it_again(
    open_app, actor_of, demo_file
):
    """`?drill=<title>`: the list survives a reload of the page (or travels as a link)."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import ROOT, RUN_TIMEOUT_S
    from ui.texts import drill as D
    from ui.texts import monitor as TM

    at = open_app(actor_of("head"), PAGE)
    card_toggle(at, "monitor_queue_drillt_1").check().run()
    assert at.query_params["drill"] == D.WAITING
    waiting = drill_count(at)

    reloaded = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=RUN_TIMEOUT_S)
    reloaded.session_state["actor"] = actor_of("head")  # a new session, as after a reload
    reloaded.query_params["drill"] = D.WAITING
    reloaded.run()
    reloaded.switch_page(PAGE).run()
    assert not reloaded.exception, [e.value for e in reloaded.exception]
    assert f"**{D.WAITING}**" in [m.value for m in reloaded.markdown]
    assert drill_count(reloaded) == waiting
    reloaded.button(key="monitor_drill_close").click().run()
    assert "drill" not in reloaded.query_params
    assert not [c for c in reloaded.caption if c.value.startswith(TM.DRILL_SHOWN.split("{")[0])]


def test_an_open_list_keeps_pace_with_its_card_when_a_request_arrives(open_app, actor_of, demo_db):
    """The monitor refreshes every 2 s: a list opened before a new request came must show it
    as soon as the card counts it, not up to half a minute later."""
    import time

    from ui.drill import LIVE_TTL_S

    at = open_app(actor_of("head"), PAGE)
    before = int(metric(at, texts.MONITOR_OPEN).replace("\u00a0", "").replace(" ", ""))
    card_toggle(at, "monitor_queue_drillt_0").check().run()
    assert drill_count(at) == before
    now = utcnow()
    with write_tx(demo_db):
        upsert_requests(
            demo_db,
            [RequestRecord(id="NEW-1", source="test", created_at=now - timedelta(minutes=1))],
        )
    time.sleep(LIVE_TTL_S + 0.5)
    at.run()
    after = int(metric(at, texts.MONITOR_OPEN).replace("\u00a0", "").replace(" ", ""))
    assert after == before + 1
    assert drill_count(at) == after
