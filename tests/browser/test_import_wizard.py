"""A person uploads a help-desk register on «Импорт данных»: preview, check, load, in a browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db.connection import connect
from importers.kinds import get_kind
from tests.browser.conftest import (
    Server,
    exception_text,
    log_in,
    upload_file,
    wait_for_title,
    wait_idle,
)
from tests.importers import shapes
from ui import texts
from ui.kinds import kind_title
from ui.texts import imports as T

pytestmark = pytest.mark.browser


def test_a_register_is_previewed_checked_and_loaded_in_the_browser(
    page: Page, server: Server, tmp_path: Path
) -> None:
    register = shapes.helpdesk_register(tickets=40, groups=8, seed=17)
    upload = tmp_path / "реестр-обращений.xlsx"
    upload.write_bytes(register.data)
    log_in(page, server.url, "head")
    page.goto(f"{server.url}/imports")
    wait_for_title(page, texts.IMPORTS_TITLE)
    upload_file(page, "imports_file_requests", upload)
    expect(page.get_by_text(T.WIZARD_PREVIEW.format(count=20))).to_be_visible()
    wait_idle(page)
    assert not exception_text(page)
    page.get_by_role("button", name=T.WIZARD_CHECK, exact=True).click()
    checked = T.WIZARD_CHECKED.format(rows=40, imported=40, rejected=0)
    expect(page.get_by_text(checked)).to_be_visible()
    page.get_by_role("button", name=texts.IMPORTS_RUN, exact=True).click()
    expect(page.get_by_text(texts.IMPORTS_DONE.format(name=upload.name))).to_be_visible()
    assert not exception_text(page)
    db = connect(server.db_file)
    ids = [f"{1000 + i}" for i in range(1, 41)]
    marks = ",".join("?" for _ in ids)
    landed = db.execute(f"SELECT COUNT(*) FROM requests WHERE id IN ({marks})", ids).fetchone()[0]
    assert landed == 40


def test_an_agency_workbook_is_loaded_into_the_campaign_picked_on_the_page(
    page: Page, server: Server, tmp_path: Path
) -> None:
    upload = tmp_path / "оценки-агентства.csv"
    upload.write_bytes(
        "Дата проведения;Этап;Наименование партнера;Город;ФИО менеджера;G1;E2\n"
        "24.09.2020;II;Камин;Калуга;Орлова Мария;Да;нет\n".encode()
    )
    log_in(page, server.url, "admin")
    page.goto(f"{server.url}/imports")
    wait_for_title(page, texts.IMPORTS_TITLE)
    page.get_by_text(kind_title(get_kind("evaluations")), exact=True).click()
    wait_idle(page)
    upload_file(page, "imports_file_evaluations", upload)
    expect(page.get_by_text(T.WIZARD_OPTIONS, exact=True)).to_be_visible()
    wait_idle(page)
    campaign = page.get_by_label(T.WIZARD_OPTION_NEW.format(label="Кампания"))
    campaign.click()
    page.keyboard.type("Браузерная проверка")
    page.keyboard.press("Enter")
    wait_idle(page)
    page.screenshot(path=str(tmp_path / "options.png"), full_page=True)
    page.get_by_role("button", name=texts.IMPORTS_RUN, exact=True).click()
    expect(page.get_by_text(texts.IMPORTS_DONE.format(name=upload.name))).to_be_visible()
    assert not exception_text(page)
    landed = (
        connect(server.db_file)
        .execute(
            "SELECT COUNT(*) FROM evaluations e JOIN shopper_campaigns c ON c.id = e.campaign_id "
            "WHERE c.name = 'Браузерная проверка'"
        )
        .fetchone()[0]
    )
    assert landed == 1
