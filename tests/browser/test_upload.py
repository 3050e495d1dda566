"""A person uploads a spreadsheet on «Импорт данных» and sees what landed and what was rejected."""

from __future__ import annotations

import re
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
from ui import texts
from ui.fmt import fmt_int

pytestmark = pytest.mark.browser

# Two good requests and one without a creation time, in cp1251 with «;» like a 1C export.
REQUESTS_CSV = (
    "Номер;Создано;Назначен ответственный;Закрыто;Оценка;Специалист;Линия\n"
    "BRW-1;03.11.2026 10:00;03.11.2026 10:03;03.11.2026 11:00;5;Иванова Анна;Бухгалтерия\n"
    "BRW-2;03.11.2026 12:00;03.11.2026 12:20;;;Иванова Анна;Бухгалтерия\n"
    "BRW-3;;;;;Иванова Анна;Бухгалтерия\n"
)


def metric_value(page: Page, label: str):
    metric = page.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    return metric.locator('[data-testid="stMetricValue"]')


@pytest.mark.browser
def test_an_uploaded_csv_lands_and_its_bad_row_is_shown_as_a_reject(
    page: Page, server: Server, tmp_path: Path
) -> None:
    upload = tmp_path / "обращения.csv"
    upload.write_bytes(REQUESTS_CSV.encode("cp1251"))
    log_in(page, server.url, "head")
    page.goto(f"{server.url}/imports")
    wait_for_title(page, texts.IMPORTS_TITLE)
    assert not exception_text(page)
    page.get_by_text(texts.IMPORTS_KINDS["requests"], exact=True).click()
    wait_idle(page)
    # Streamlit's own "Upload" renamed by ui/russian.py
    expect(page.locator('[data-testid="stFileUploaderDropzone"] button p')).to_have_text(
        texts.UPLOAD_BUTTON
    )

    upload_file(page, "imports_file_requests", upload)
    chip = page.locator('[data-testid="stFileChip"]')
    expect(chip.get_by_text(upload.name)).to_be_visible()
    expect(chip.get_by_text(re.compile(r"\d(\.\d)?\s*[KM]?B$"))).to_be_hidden()  # "298.0B"
    page.get_by_role("button", name=texts.IMPORTS_RUN, exact=True).click()

    expect(page.get_by_text(texts.IMPORTS_DONE.format(name=upload.name))).to_be_visible()
    expect(metric_value(page, texts.IMPORTS_ROWS)).to_have_text(fmt_int(3))
    expect(metric_value(page, texts.IMPORTS_IMPORTED)).to_have_text(fmt_int(2))
    expect(metric_value(page, texts.IMPORTS_REJECTED)).to_have_text(fmt_int(1))
    expect(page.get_by_text(texts.IMPORTS_REJECTS_TITLE)).to_be_visible()
    assert not exception_text(page)
    db = connect(server.db_file)
    landed = {row[0] for row in db.execute("SELECT id FROM requests WHERE id LIKE 'BRW-%'")}
    assert landed == {"BRW-1", "BRW-2"}
