"""The monitor ticks by itself: a webhook event shows up on an open page without a reload."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from core.timeutil import utcnow
from db.connection import connect, write_tx
from db.monitor import monitor_snapshot
from db.settings import get_settings, put_setting
from tests.browser.conftest import STEP_TIMEOUT_MS, Server, exception_text, log_in, wait_for_title
from ui import texts
from ui.fmt import fmt_int

pytestmark = pytest.mark.browser

SECRET = "browser-hook-secret"


def post_event(server: Server, treatment: str) -> dict:
    """Send one «new request» event (type 80) to the running server's webhook."""
    event = {
        "treatment_id": treatment,
        "message_id": f"{treatment}-80",
        "message_type": 80,
        "message_time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "line_id": "Бухгалтерия",
        "user_id": "browser-client",
    }
    request = urllib.request.Request(
        f"{server.url}/hooks/1c-connect",
        data=json.dumps(event).encode("utf-8"),
        headers={"Content-Type": "application/json", "X-QC-Secret": SECRET},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read())


def open_count(page: Page):
    metric = page.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(texts.MONITOR_OPEN, exact=True)
    )
    return metric.locator('[data-testid="stMetricValue"]')


def test_a_webhook_event_appears_on_the_open_monitor_without_a_reload(
    page: Page, server: Server
) -> None:
    db = connect(server.db_file)
    with write_tx(db):
        put_setting(db, "connect_webhook_secret", SECRET)
        put_setting(db, "monitor_refresh_seconds", 2)
    try:
        log_in(page, server.url, "manager")
        page.goto(f"{server.url}/monitor")
        wait_for_title(page, texts.MONITOR_TITLE)
        assert not exception_text(page)
        before = monitor_snapshot(db, utcnow(), get_settings(db))["open"]
        expect(open_count(page)).to_have_text(fmt_int(before), timeout=STEP_TIMEOUT_MS)
        page.evaluate("window.__monitorNotReloaded = true")

        answer = post_event(server, "browser-live-1")

        assert answer["stored"] == 1 and answer["requests"] == ["browser-live-1"]
        expect(open_count(page)).to_have_text(fmt_int(before + 1), timeout=STEP_TIMEOUT_MS)
        assert page.evaluate("window.__monitorNotReloaded === true")
        # st.dataframe draws on a canvas; its accessible grid cells carry the text.
        expect(page.get_by_text("browser-live-1").first).to_be_attached()
        assert not exception_text(page)
    finally:
        with write_tx(db):  # the server is shared: give the other tests the default period back
            put_setting(db, "monitor_refresh_seconds", 10)


def test_the_webhook_refuses_a_wrong_secret_on_the_running_server(server: Server) -> None:
    request = urllib.request.Request(
        f"{server.url}/hooks/1c-connect?secret=wrong",
        data=b'{"message_type": 80}',
        method="POST",
    )
    try:
        urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        assert error.code == 403
    else:
        pytest.fail("the webhook accepted a wrong secret")
