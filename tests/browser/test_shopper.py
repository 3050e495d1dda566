"""QC marks a call in a real browser and watches the verdict change, the recording plays from a
real HTTP server on loopback; a manager sees only their own evaluations, acknowledges, disputes."""

from __future__ import annotations

import math
import struct
import threading
import wave
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db.connection import connect
from tests.browser.conftest import (
    Server,
    exception_text,
    log_in,
    upload_file,
    wait_for_title,
    wait_idle,
)
from ui.texts import shopper as T

pytestmark = pytest.mark.browser


def tone(seconds: float = 2.0, rate: int = 8000) -> bytes:
    """A WAV file: a 440 Hz tone."""
    buffer = BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(int(seconds * rate))
        ))  # fmt: skip
    return buffer.getvalue()


@pytest.fixture
def recordings(tmp_path: Path) -> Iterator[str]:
    """A loopback HTTP server holding one call recording; yields its URL."""
    (tmp_path / "call-42.wav").write_bytes(tone())

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/call-42.wav"
    httpd.shutdown()
    httpd.server_close()


def verdict(page: Page):
    return page.locator('[data-testid="stMetric"]').first.locator('[data-testid="stMetricValue"]')


def mark(page: Page, code: str, word: str) -> None:
    group = page.locator('[data-testid="stRadio"]').filter(has_text=f"{code}. ")
    group.get_by_text(word, exact=True).click()
    wait_idle(page)


def test_qc_sees_the_verdict_while_marking_and_the_recording_plays(
    page: Page, server: Server, recordings: str
) -> None:
    log_in(page, server.url, "qc")
    page.goto(f"{server.url}/shopper_form")
    wait_for_title(page, T.PAGE_FORM)
    assert not exception_text(page)
    expect(verdict(page)).to_have_text(T.VERDICTS["pass"])

    mark(page, "E1", T.MARKS["missed"])
    expect(verdict(page)).to_have_text(T.VERDICTS["pass_with_improvements"])
    mark(page, "G6", T.MARKS["missed"])
    expect(verdict(page)).to_have_text(T.VERDICTS["fail"])
    mark(page, "G6", T.MARKS["na"])
    expect(verdict(page)).to_have_text(T.VERDICTS["pass_with_improvements"])

    page.get_by_label(T.FORM_RECORDING).fill(recordings)
    page.get_by_label(T.FORM_RECORDING).press("Enter")
    wait_idle(page)
    audio = page.locator("audio")
    expect(audio).to_have_attribute("src", recordings)
    page.locator('[data-testid="stMain"] h1').click()  # a user gesture
    audio.evaluate("a => { a.muted = true; return a.play(); }")
    page.wait_for_function(
        "() => { const a = document.querySelector('audio'); return a && a.currentTime > 0.2; }"
    )
    assert audio.evaluate("a => Math.round(a.duration)") == 2


def test_a_manager_sees_only_their_own_evaluations_acknowledges_and_disputes(
    page: Page, server: Server
) -> None:
    db = connect(server.db_file)
    own = db.execute(
        "SELECT COUNT(*) FROM evaluations e JOIN users u ON u.staff_id = e.staff_id "
        "WHERE u.login = 'manager' AND e.calibration_id IS NULL"
    ).fetchone()[0]
    total = db.execute("SELECT COUNT(*) FROM evaluations").fetchone()[0]
    assert 0 < own < total
    # the latest evaluation (shown first) gets a second missed criterion to dispute
    latest = db.execute(
        "SELECT e.id FROM evaluations e JOIN users u ON u.staff_id = e.staff_id "
        "WHERE u.login = 'manager' AND e.calibration_id IS NULL ORDER BY e.call_day DESC, e.id DESC"
    ).fetchone()[0]
    with db.conn:
        db.execute("UPDATE evaluation_marks SET mark = 'missed' WHERE evaluation_id = ? "
                   "AND code = 'K2'", [latest])  # fmt: skip
    log_in(page, server.url, "manager")
    page.goto(f"{server.url}/shopper_mine")
    wait_for_title(page, T.MINE_TITLE)
    assert not exception_text(page)
    expect(page.get_by_role("button", name=T.MINE_ACK, exact=True)).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"] [aria-rowcount]').first
    assert int(grid.get_attribute("aria-rowcount") or 0) == own + 1  # the header + own rows

    pending = db.execute(
        "SELECT COUNT(*) FROM evaluations e JOIN users u ON u.staff_id = e.staff_id "
        "WHERE u.login = 'manager' AND e.acknowledged_at IS NULL"
    ).fetchone()[0]
    page.get_by_role("button", name=T.MINE_ACK, exact=True).click()
    expect(page.get_by_text(T.MINE_ACKED)).to_be_visible()
    wait_idle(page)
    after = db.execute(
        "SELECT COUNT(*) FROM evaluations e JOIN users u ON u.staff_id = e.staff_id "
        "WHERE u.login = 'manager' AND e.acknowledged_at IS NULL"
    ).fetchone()[0]
    assert after == pending - 1

    disputed = db.execute("SELECT COUNT(*) FROM evaluation_disputes").fetchone()[0]
    form = page.locator('[data-testid="stForm"]')
    form.get_by_label(T.MINE_DISPUTE_COMMENT).fill("Прошу переслушать последнюю минуту")
    form.get_by_role("button", name=T.MINE_DISPUTE_SEND).click()
    expect(page.get_by_text(T.MINE_DISPUTE_SENT)).to_be_visible()
    wait_idle(page)
    assert db.execute("SELECT COUNT(*) FROM evaluation_disputes").fetchone()[0] == disputed + 1
    assert (
        db.execute(
            "SELECT opened_by FROM evaluation_disputes WHERE evaluation_id = ? AND code = 'K2'",
            [latest],
        ).fetchone()[0]
        == "manager"
    )
    db.close()


def test_qc_uploads_an_agency_workbook_into_a_new_campaign_and_sees_the_reject(
    page: Page, server: Server, tmp_path: Path
) -> None:
    book = tmp_path / "агентство.csv"
    book.write_bytes(
        "Дата;Этап;Партнёр;Город;Менеджер;G1;G2;E1\n"
        "01.10.2026;1;Камин;Калуга;Орлова Мария;да;+;0\n"
        "02.10.2026;1;Камин;Калуга;Орлова Мария;да;может;1\n".encode("cp1251")
    )
    log_in(page, server.url, "qc")
    page.goto(f"{server.url}/shopper_campaigns")
    wait_for_title(page, T.CAMPAIGNS_TITLE)
    page.get_by_text(T.UPLOAD_TITLE).click()
    upload_file(page, "shopper_campaigns_upload", book)
    wait_idle(page)
    page.locator('[data-testid="stSelectbox"]').filter(has_text=T.UPLOAD_CAMPAIGN).click()
    page.get_by_role("option", name=T.UPLOAD_NEW_CAMPAIGN).click()
    wait_idle(page)
    page.get_by_label(T.CAMPAIGNS_NAME).last.fill("Тайный покупатель 2026")
    page.get_by_label(T.CAMPAIGNS_NAME).last.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name=T.UPLOAD_RUN, exact=True).click()
    wait_idle(page)

    def figure(label: str):
        metric = page.locator('[data-testid="stMetric"]').filter(
            has=page.get_by_text(label, exact=True)
        )
        return metric.locator('[data-testid="stMetricValue"]')

    expect(figure(T.UPLOAD_IMPORTED)).to_have_text("1")
    expect(figure(T.UPLOAD_REJECTED)).to_have_text("1")
    assert not exception_text(page)
    db = connect(server.db_file)
    verdict = db.execute(
        "SELECT e.verdict FROM evaluations e JOIN shopper_campaigns c ON c.id = e.campaign_id "
        "WHERE c.name = 'Тайный покупатель 2026'"
    ).fetchall()
    db.close()
    assert [v[0] for v in verdict] == ["pass_with_improvements"]
