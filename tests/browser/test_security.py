"""Issue 8 as a person (and an attacker) meets it in a real browser against the running server:
an open monitor goes dark when its session is revoked or its user disabled, a write from a dead
session is refused, Streamlit's data endpoints want a session, outside text stays text, and the
downloaded workbook holds no formula."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Page, WebSocket, expect

from core.demo import DEMO_PASSWORD
from core.requests import RequestRecord
from core.roles import SYSTEM
from core.timeutil import utcnow
from db.alerts import scan_alerts
from db.connection import connect, write_tx
from db.requests import upsert_requests
from db.settings import get_settings, put_setting
from db.users import add_user, get_user, revoke_session, set_active
from tests.browser.conftest import (
    HEADING,
    STEP_TIMEOUT_MS,
    Server,
    log_in,
    wait_idle,
)
from tests.browser.conftest import open_monitor as open_live_monitor
from tests.test_webhook_robust import fuzz_bodies
from ui import texts
from ui.texts import security as ST
from ui.widgets import WORD_JOINER

pytestmark = pytest.mark.browser

SETTINGS_CACHE_S = 6  # server.py re-reads settings for its middleware every 5 s
EVIL_FORMULA = '=HYPERLINK("http://x.example","y")'
ACK_BUTTONS = '[class*="st-key-monitor_ack_"]'
HOOK_SECRET = "browser-hook-secret"  # the same as test_monitor_live's: the server is shared


def add_watcher(server: Server, login: str) -> None:
    """A QC user of this test's own, so revoking or disabling it disturbs no other test."""
    db = connect(server.db_file)
    if get_user(db, login) is None:
        add_user(db, SYSTEM, login, f"Проверка {login}", "qc", DEMO_PASSWORD)


def session_id(context: BrowserContext) -> str:
    """The sessions-table id of this browser's session cookie (the sha256 of its token)."""
    token = next(c["value"] for c in context.cookies() if c["name"] == "qc_session")
    return hashlib.sha256(token.encode()).hexdigest()


def open_monitor(page: Page, server: Server, login: str) -> None:
    open_live_monitor(page, server.url, login)
    page.evaluate("window.__monitorNotReloaded = true")


def expect_monitor_gone(page: Page) -> None:
    """The login prompt instead of the monitor, with nothing of the queue left on screen."""
    expect(page.get_by_text(ST.SESSION_ENDED)).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(page.locator(HEADING).filter(has_text=texts.MONITOR_TITLE)).to_have_count(0)
    expect(page.get_by_text(texts.MONITOR_WAITING_TITLE)).to_have_count(0)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    expect(page.locator(ACK_BUTTONS)).to_have_count(0)
    assert page.evaluate("window.__monitorNotReloaded === true")  # the refresh did it, no reload


def test_a_revoked_session_loses_the_open_monitor_at_its_next_refresh(
    page: Page, server: Server, refresh_every
) -> None:
    add_watcher(server, "sec-revoked")
    refresh_every(2)
    open_monitor(page, server, "sec-revoked")

    revoke_session(connect(server.db_file), SYSTEM, session_id(page.context))

    expect_monitor_gone(page)


def test_a_disabled_user_loses_the_open_monitor_at_its_next_refresh(
    page: Page, server: Server, refresh_every
) -> None:
    add_watcher(server, "sec-disabled")
    refresh_every(2)
    open_monitor(page, server, "sec-disabled")

    set_active(connect(server.db_file), SYSTEM, "sec-disabled", False)

    expect_monitor_gone(page)


def test_a_revoked_session_loses_the_open_wall_screen_at_its_next_refresh(
    page: Page, server: Server
) -> None:
    add_watcher(server, "sec-wall")
    log_in(page, server.url, "sec-wall")
    page.goto(f"{server.url}/wall?refresh=2")
    wall = page.locator(".wall")
    expect(wall).to_be_visible(timeout=STEP_TIMEOUT_MS)
    page.evaluate("window.__wallNotReloaded = true")

    revoke_session(connect(server.db_file), SYSTEM, session_id(page.context))

    expect(page.get_by_text(ST.SESSION_ENDED)).to_be_visible(timeout=STEP_TIMEOUT_MS)
    expect(wall).to_have_count(0)
    assert page.evaluate("window.__wallNotReloaded === true")  # the refresh did it, no reload


def test_accepting_an_alert_after_the_session_ended_is_refused_and_audited(
    page: Page, server: Server, refresh_every
) -> None:
    add_watcher(server, "sec-ack")
    refresh_every(600)  # no refresh comes between the revocation and the click
    open_monitor(page, server, "sec-ack")
    card = page.locator(ACK_BUTTONS).first
    expect(card).to_be_visible()
    alert_id = int(
        next(c for c in card.get_attribute("class").split() if "monitor_ack_" in c).rsplit("_", 1)[
            1
        ]
    )
    db = connect(server.db_file)
    wait_idle(page)
    revoke_session(db, SYSTEM, session_id(page.context))

    card.get_by_role("button", name=texts.MONITOR_ACK).click()

    expect_monitor_gone(page)
    acked = db.execute("SELECT acked_at, acked_by FROM alerts WHERE id = ?", [alert_id]).fetchone()
    assert tuple(acked) == (None, None)
    refused = db.execute(
        "SELECT login, target FROM audit_log WHERE action = 'session.refused' ORDER BY id DESC"
    ).fetchone()
    assert tuple(refused) == ("sec-ack", f"alert.ack {alert_id}")


# ---- Streamlit's own endpoints ------------------------------------------------------------


def anonymous_status(url: str, method: str = "GET", data: bytes | None = None) -> int:
    """The status a request without any cookie gets."""
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def hostile_open_request(server: Server) -> None:
    """An open request whose client was typed as a formula by someone outside."""
    db = connect(server.db_file)
    with write_tx(db):
        upsert_requests(
            db,
            [
                RequestRecord(
                    id="sec-formula",
                    source="connect",
                    created_at=utcnow(),
                    line="Бухгалтерия",
                    client=EVIL_FORMULA,
                    status="open",
                )
            ],  # fmt: skip
            str(get_settings(db)["timezone"]),
        )


def test_a_real_download_and_the_other_data_endpoints_want_a_session(
    page: Page, server: Server
) -> None:
    hostile_open_request(server)
    # what the server sends over the websocket: the workbook's address must come after the click
    received: list[bytes] = []

    def watch(ws: WebSocket) -> None:
        ws.on("framereceived", lambda p: received.append(p if isinstance(p, bytes) else p.encode()))

    page.on("websocket", watch)
    open_monitor(page, server, "qc")
    wait_idle(page)
    before_click = len(received)
    with page.expect_download() as started:
        page.get_by_role("button", name=texts.MONITOR_EXPORT).click()
    download = started.value
    media_url = download.url
    assert "/media/" in media_url
    # built on the click (ui.widgets.download_xlsx hands Streamlit a callable): no run of the
    # page carried the file's address, the answer to the click did
    file_id = media_url.rsplit("/", 1)[1].split(".")[0].encode()
    assert before_click and not [f for f in received[:before_click] if file_id in f]
    assert [f for f in received[before_click:] if file_id in f]

    # the file itself: no formula anywhere, the hostile client as text, real dates and numbers
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    queue = book[texts.MONITOR_SHEET_QUEUE]
    header = [c.value for c in queue[1]]
    hostile = next(r for r in queue.iter_rows(min_row=2) if r[0].value == "sec-formula")
    assert hostile[header.index(texts.MONITOR_COL_CLIENT)].value == EVIL_FORMULA
    assert hostile[header.index(texts.MONITOR_COL_CREATED)].is_date
    assert hostile[header.index(texts.MONITOR_COL_WAIT_MIN)].data_type == "n"
    assert queue.freeze_panes == "A2" and queue.auto_filter.ref

    # with the browser's session the same address answers; without one it does not
    assert page.request.get(media_url).status == 200
    assert anonymous_status(media_url) == 401
    assert anonymous_status(f"{server.url}/_stcore/metrics") == 401
    upload = f"{server.url}/_stcore/upload_file/some-session/some-file"
    assert anonymous_status(upload, "PUT", b"x" * 1024) == 401


def test_an_upload_over_twice_the_limit_is_refused_before_it_is_read(
    page: Page, server: Server
) -> None:
    db = connect(server.db_file)
    with write_tx(db):
        put_setting(db, "upload_limit_mb", 1)
    try:
        log_in(page, server.url, "head")
        page.wait_for_timeout(SETTINGS_CACHE_S * 1000)
        answer = page.request.put(
            f"{server.url}/_stcore/upload_file/some-session/some-file",
            multipart={
                "file": {
                    "name": "big.csv",
                    "mimeType": "text/csv",
                    "buffer": b"x" * (3 * 1024 * 1024),
                }
            },  # fmt: skip
        )
        assert answer.status == 413
    finally:
        with write_tx(db):
            put_setting(db, "upload_limit_mb", 50)


def test_an_unknown_host_name_is_refused_and_answers_carry_the_security_headers(
    page: Page, server: Server
) -> None:
    rebound = urllib.request.Request(f"{server.url}/healthz", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(rebound, timeout=30)
    assert refused.value.code == 400

    headers = page.request.get(f"{server.url}/login").headers
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


# ---- outside text is shown as text --------------------------------------------------------


class _Pixel(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def pixel_host() -> Iterator[str]:
    """Another host on loopback that counts every fetch: an injected image would land here."""
    _Pixel.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pixel)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_markdown_and_html_in_a_client_name_and_comment_are_shown_as_typed(
    page: Page, server: Server, pixel_host: str
) -> None:
    client = f"![x]({pixel_host}/pixel.png) [link](javascript:alert(1)) <b>bold</b> client"
    comment = f"[смотри]({pixel_host}/phish) **громко** <img src={pixel_host}/raw.png>"
    db = connect(server.db_file)
    now = utcnow()
    with write_tx(db):
        upsert_requests(
            db,
            [
                RequestRecord(
                    id="sec-markdown",
                    source="connect",
                    created_at=now - timedelta(hours=1),
                    line="Бухгалтерия",
                    client=client,
                    specialist="<i>spec</i>",
                    closed_at=now,
                    rating=1,
                    rating_comment=comment,
                )
            ],  # fmt: skip
            str(get_settings(db)["timezone"]),
        )
        scan_alerts(db, now, get_settings(db))
    open_monitor(page, server, "head")

    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("sec-markdown").first).to_be_visible()
    shown = main.inner_text().replace(WORD_JOINER, "")  # invisible joiners keep addresses unlinked
    assert client in shown and comment in shown and "<i>spec</i>" in shown
    assert main.locator(f'img[src^="{pixel_host}"]').count() == 0
    assert main.locator('a[href^="javascript"]').count() == 0
    assert main.locator(f'a[href*="{pixel_host.split("//")[1]}"]').count() == 0
    assert main.locator("b", has_text="bold").count() == 0
    assert main.locator("strong", has_text="громко").count() == 0
    page.wait_for_timeout(1000)
    assert _Pixel.hits == []


# ---- the webhook over real HTTP -------------------------------------------------------------

HTTP_FUZZ_INPUTS = 300


def test_the_webhook_over_http_answers_generated_junk_without_a_500(server: Server) -> None:
    db = connect(server.db_file)
    with write_tx(db):
        put_setting(db, "connect_webhook_secret", HOOK_SECRET)
    statuses: dict[int, int] = {}
    for raw in fuzz_bodies(HTTP_FUZZ_INPUTS, seed=80):
        request = urllib.request.Request(
            f"{server.url}/hooks/1c-connect", data=raw, method="POST",
            headers={"Content-Type": "application/json", "X-QC-Secret": HOOK_SECRET},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, payload = response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            status, payload = exc.code, json.loads(exc.read())
        assert status in {200, 400, 413, 422}, (status, raw[:200])
        assert status == 200 or payload["error"]
        statuses[status] = statuses.get(status, 0) + 1

    assert sum(statuses.values()) == HTTP_FUZZ_INPUTS and 500 not in statuses
