"""The import wizard on «Импорт данных»: sheet picker, preview with the detected mapping, a dry
run that stores nothing, the load, «Сопоставить заново», a saved mapping offered again."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.roles import Actor
from db.connection import connect
from tests.app.conftest import DASHBOARD, RUN_TIMEOUT_S
from tests.importers import shapes
from ui import texts
from ui.texts import imports as T

HEAD = Actor("head", "head", "Руководитель")
ADMIN = Actor("admin", "admin", "Администратор")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "qc.sqlite"
    connect(path).close()
    monkeypatch.setenv("QC_DB", str(path))
    return path


@pytest.fixture(scope="module")
def register() -> shapes.Register:
    return shapes.helpdesk_register(tickets=60, groups=12)


def open_imports(actor: Actor) -> AppTest:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=RUN_TIMEOUT_S)
    at.session_state["actor"] = actor
    at.run()
    at.switch_page("app_pages/imports.py").run()
    return at


def upload(at: AppTest, name: str, data: bytes, kind: str = "requests") -> None:
    if kind != "requests":
        at.radio(key="imports_kind").set_value(kind).run()
    at.file_uploader(key=f"imports_file_{kind}").set_value((name, data, XLSX))
    at.run()


def box(at: AppTest, field: str):
    return next(s for s in at.selectbox if s.key.endswith(f"_map_{field}"))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def count(db_path: Path, sql: str) -> int:
    return connect(db_path).execute(sql).fetchone()[0]


def test_a_register_is_previewed_with_its_detected_mapping_checked_and_loaded(db_path, register):
    at = open_imports(HEAD)
    upload(at, "реестр.xlsx", register.data)
    assert not at.exception
    preview = at.dataframe[0].value
    assert len(preview) == 20 and "Группа" in preview.columns
    assert box(at, "id").value == 1 and box(at, "org").value == len(shapes.REGISTER_HEADER)
    assert box(at, "closed").value == shapes.REGISTER_HEADER.index("Дата и время решения")

    at.button(key="imports_check").click().run()
    checked = T.WIZARD_CHECKED.format(rows=60, imported=60, rejected=0)
    assert checked in [i.value for i in at.info]
    assert count(db_path, "SELECT COUNT(*) FROM requests") == 0  # a dry run stores nothing

    at.button(key="imports_run").click().run()
    assert not at.exception
    assert metric(at, texts.IMPORTS_IMPORTED) == "60"
    assert count(db_path, "SELECT COUNT(*) FROM requests") == 60


def test_a_workbook_with_pivots_offers_its_sheets_and_preselects_the_requests_sheet(
    db_path, register
):
    at = open_imports(HEAD)
    upload(at, "заявки.xlsx", shapes.with_pivots(register))
    picker = next(s for s in at.selectbox if s.key.endswith("_sheet"))
    assert picker.options == ["Свод по организациям", "Свод по исполнителям", "Заявки"]
    assert picker.value == "Заявки"
    picker.set_value("Свод по исполнителям").run()
    assert box(at, "specialist").value == 0  # the pivot's «Исполнитель»
    assert [w.value for w in at.warning] == [
        T.WIZARD_MISSING.format(fields="Номер обращения, Создано")
    ]
    assert at.button(key="imports_run").disabled


def test_after_rejects_the_file_can_be_mapped_again_and_the_mapping_is_offered_next_time(db_path):
    data = (
        "Тикет;Когда;Ответ\nA-1;01.03.2024 10:00;переустановили\nA-2;не помню;обновили\n"
    ).encode()
    at = open_imports(HEAD)
    upload(at, "a.csv", data)
    assert box(at, "id").value is None and box(at, "created").value is None  # no name fits
    box(at, "id").set_value(0)
    box(at, "created").set_value(1)
    at.run()
    at.button(key="imports_run").click().run()
    assert metric(at, texts.IMPORTS_REJECTED) == "1"
    at.button(key="imports_remap").click().run()
    assert not at.exception
    assert box(at, "id").value == 0 and box(at, "created").value == 1

    again = open_imports(HEAD)
    upload(again, "b.csv", data.replace(b"A-1", b"B-1"))
    assert T.WIZARD_SAVED_OFFERED in [i.value for i in again.info]
    assert box(again, "id").value == 0 and box(again, "created").value == 1


def test_an_admin_loads_the_production_calendar_and_a_broken_one_is_logged(db_path):
    path = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "calendar"
    at = open_imports(ADMIN)
    upload(at, "xmlcalendar_ru_2025.xml", (path / "xmlcalendar_ru_2025.xml").read_bytes(),
           kind="calendar")  # fmt: skip
    at.button(key="imports_run").click().run()
    assert not at.exception
    assert metric(at, texts.IMPORTS_IMPORTED) == "23"

    again = open_imports(ADMIN)
    upload(again, "broken.json", b"[1, 2,", kind="calendar")
    again.button(key="imports_run").click().run()
    assert [e.value.split(":")[0] for e in again.error] == [texts.IMPORTS_FAILED.split(":")[0]]
    log = again.dataframe[-1].value
    assert log[T.HISTORY_COL_ERROR].iloc[0].startswith(T.PROBLEMS["bad_json_file"])


def test_the_calendar_page_shows_the_official_year_after_loading_xmlcalendar(db_path):
    path = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "calendar"
    at = AppTest.from_file(str(DASHBOARD), default_timeout=RUN_TIMEOUT_S)
    at.session_state["actor"] = ADMIN
    at.run()
    at.switch_page("app_pages/admin_calendar.py").run()
    data = (path / "xmlcalendar_ru_2025.xml").read_bytes()
    at.file_uploader(key="admin_calendar_file").set_value(("2025.xml", data, "text/xml"))
    at.button(key="admin_calendar_load").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        texts.CALENDAR_DAYS_LOADED.format(count=23, rejected=0)
    ]
    at.number_input(key="admin_calendar_year").set_value(2025).run()
    year = next(d.value for d in at.dataframe if T.CALENDAR_COL_MONTH in d.value.columns)
    total = year.iloc[-1].tolist()
    assert total == [T.CALENDAR_TOTAL, 247, "1\u00a0972", 4]
    assert year.iloc[0].tolist()[:2] == ["Январь", 17]


AGENCY_CSV = (
    "Дата проведения;Этап;Наименование партнера;Город;ФИО менеджера;G1;E2\n"
    "24.09.2020;II;Камин;Калуга;Орлова Мария;Да;нет\n"
    "25.09.2020;II;Камин;Калуга;Орлова Мария;Да;Да\n"
).encode()


def test_a_kinds_own_options_are_widgets_and_reach_the_dry_run_and_the_import(db_path):
    from db.connection import write_tx
    from db.shopper import campaign_id, campaign_names

    at = open_imports(ADMIN)
    at.radio(key="imports_kind").set_value("evaluations").run()
    at.file_uploader(key="imports_file_evaluations").set_value(
        ("оценки.csv", AGENCY_CSV, "text/csv")
    )
    at.run()
    assert not at.exception
    campaign = at.selectbox(key="imports_evaluations_option_campaign")
    assert campaign.value == "Тайный покупатель"  # the CLI's default, from the same description
    assert at.checkbox(key="imports_evaluations_option_calibration").value is False

    # the campaigns in the DB are the choices; a calibration without evaluators is refused row by
    # row, so the dry run shows the checkbox reached the reader
    db = connect(db_path)
    with write_tx(db):
        campaign_id(db, "Осень 2020")
    at.run()
    campaign = at.selectbox(key="imports_evaluations_option_campaign")
    assert "Осень 2020" in campaign.options
    at.checkbox(key="imports_evaluations_option_calibration").check().run()
    at.button(key="imports_check").click().run()
    assert T.WIZARD_CHECKED.format(rows=2, imported=0, rejected=2) in [i.value for i in at.info]
    assert count(db_path, "SELECT COUNT(*) FROM evaluations") == 0

    at.checkbox(key="imports_evaluations_option_calibration").uncheck().run()
    at.selectbox(key="imports_evaluations_option_campaign").set_value("Осень 2020").run()
    at.button(key="imports_run").click().run()
    assert not at.exception
    assert count(db_path, "SELECT COUNT(*) FROM evaluations") == 2
    assert count(
        db_path,
        "SELECT COUNT(*) FROM evaluations e JOIN shopper_campaigns c ON c.id = e.campaign_id "
        "WHERE c.name = 'Осень 2020'",
    ) == 2  # fmt: skip
    assert campaign_names(connect(db_path)) == ["Осень 2020"]
