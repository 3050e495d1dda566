"""A person loads a messy 1C shipment report and a tender workbook on «Импорт данных» in a browser:
the two-row header reaches the preview qualified («Контрагент ИНН»), the dry run stores nothing,
the load lands, and tenders kept with a flag are shown as flagged, not rejected."""

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
from tests.equipment_files import messy_1c_sales, messy_tender_workbook
from ui import texts
from ui.kinds import kind_title
from ui.texts import imports as T

pytestmark = pytest.mark.browser


def open_kind(page: Page, server: Server, code: str) -> None:
    log_in(page, server.url, "head")
    page.goto(f"{server.url}/imports")
    wait_for_title(page, texts.IMPORTS_TITLE)
    page.get_by_text(kind_title(get_kind(code)), exact=True).click()
    wait_idle(page)


def test_a_messy_1c_report_is_previewed_with_qualified_columns_checked_and_loaded(
    page: Page, server: Server, tmp_path: Path
) -> None:
    upload = tmp_path / "Продажи за квартал.xlsx"
    upload.write_bytes(messy_1c_sales())
    before = connect(server.db_file).execute("SELECT COUNT(*) FROM shipments").fetchone()[0]
    open_kind(page, server, "sales")
    upload_file(page, "imports_file_sales", upload)
    expect(page.get_by_text(T.WIZARD_PREVIEW.format(count=20))).to_be_visible()
    wait_idle(page)
    assert not exception_text(page)
    # the buyer's INN, not our organisation's, is preselected for «ИНН покупателя»
    picked = page.get_by_role("combobox", name="ИНН покупателя", exact=True)
    expect(picked).to_match_aria_snapshot('- combobox "ИНН покупателя": Контрагент ИНН')
    page.screenshot(path=str(tmp_path / "sales-preview.png"), full_page=True)
    page.get_by_role("button", name=T.WIZARD_CHECK, exact=True).click()
    expect(
        page.get_by_text(T.WIZARD_CHECKED.format(rows=3, imported=3, rejected=0))
    ).to_be_visible()
    after_check = connect(server.db_file).execute("SELECT COUNT(*) FROM shipments").fetchone()[0]
    assert after_check == before
    page.get_by_role("button", name=texts.IMPORTS_RUN, exact=True).click()
    expect(page.get_by_text(texts.IMPORTS_DONE.format(name=upload.name))).to_be_visible()
    assert not exception_text(page)
    landed = connect(server.db_file).execute("SELECT COUNT(*) FROM shipments").fetchone()[0]
    assert landed == before + 3


def test_tenders_kept_with_a_flag_are_listed_as_flagged(
    page: Page, server: Server, tmp_path: Path
) -> None:
    upload = tmp_path / "Закупки.xlsx"
    upload.write_bytes(messy_tender_workbook())
    open_kind(page, server, "tenders")
    upload_file(page, "imports_file_tenders", upload)
    expect(page.get_by_text(T.WIZARD_PREVIEW.format(count=20))).to_be_visible()
    wait_idle(page)
    page.get_by_role("button", name=texts.IMPORTS_RUN, exact=True).click()
    expect(page.get_by_text(texts.IMPORTS_DONE.format(name=upload.name))).to_be_visible()
    expect(page.get_by_text(T.FLAGGED_NOTE.format(flagged=2))).to_be_visible()
    assert not exception_text(page)
    page.screenshot(path=str(tmp_path / "tenders-flagged.png"), full_page=True)
