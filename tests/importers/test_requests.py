"""Importing support requests from spreadsheets and CSV exports: columns found, rows checked."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import fields, replace
from datetime import UTC, date, datetime, time, timedelta
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook

from core.imports import (
    BAD_DATE,
    BAD_RATING,
    DUPLICATE_IN_FILE,
    MISSING_COLUMN,
    MISSING_VALUE,
    TIME_ORDER,
)
from core.requests import RequestBatch, RequestRecord
from core.timeutil import to_utc
from importers.requests import detect_columns, read_requests, status_from_text
from importers.tabular import TableError

TZ = "Europe/Moscow"
TITLE = "Статистика работы с обращениями за март 2024"
HEADER = [
    "Номер обращения", "Дата обращения", "Назначен ответственный", "Реакция специалиста",
    "Дата закрытия", "Оценка", "Комментарий к оценке", "Специалист", "Линия", "Клиент",
    "Организация", "Статус",
]  # fmt: skip
ROWS = [
    ["1001", datetime(2024, 3, 1, 9, 0), datetime(2024, 3, 1, 9, 3), datetime(2024, 3, 1, 9, 4, 30),
     datetime(2024, 3, 1, 10, 30), 5, "Спасибо!", "Петров П.", "1С:Бухгалтерия", "Иванова А.",
     "ООО «Ромашка»", "Закрыто"],
    ["1002", datetime(2024, 3, 1, 23, 50), datetime(2024, 3, 2, 0, 55), None, None, None, None,
     "Сидорова Е.", "1С:ЗУП", "Кузнецов Б.", "ИП Кузнецов", "В работе"],
    ["1003", datetime(2024, 3, 2, 8, 0), datetime(2024, 3, 2, 8, 1), datetime(2024, 3, 2, 8, 20),
     datetime(2024, 3, 3, 8, 0), 2, None, "Петров П.", "1С:Бухгалтерия", "Смирнов В.",
     "ООО «Ромашка»", "Закрыто"],
]  # fmt: skip


def as_csv_cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(value, int):
        return f"{value},0"  # decimal comma, as some exports print every number
    return "" if value is None else str(value)


def make_csv(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    """cp1251, ';', two title rows, a blank row and a numbering row under the header."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerow(["Сформирован 04.03.2024 10:00"])
    writer.writerow([])
    writer.writerow(header)
    writer.writerow([str(i) for i in range(1, len(header) + 1)])
    for row in rows:
        writer.writerow([as_csv_cell(v) for v in row])
    return out.getvalue().encode("cp1251")


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def make_ods(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    """A minimal OpenDocument spreadsheet (as LibreOffice saves one): title row, header, typed cells."""

    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, datetime):
            kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
        elif isinstance(value, int | float):
            kind = f'office:value-type="float" office:value="{value}"'
        else:
            kind = 'office:value-type="string"'
        return f"<table:table-cell {kind}><text:p>{escape(str(value))}</text:p></table:table-cell>"

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
        for row in [[TITLE], header, *rows]
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Лист1">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def make_xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    """openpyxl-written, one title row, Russian headers, real datetime cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Обращения"
    sheet.append([TITLE])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_utc(moment: datetime | None, tz: str = TZ) -> datetime | None:
    """The moment in UTC; records keep the file's naive times as local times of the zone."""
    return to_utc(moment, tz) if moment is not None else None


def normalized(records: list[RequestRecord]) -> list[tuple]:
    return [
        (r.id, as_utc(r.created_at), as_utc(r.assigned_at), as_utc(r.first_reply_at),
         as_utc(r.closed_at), r.rating, r.rating_comment, r.specialist, r.line, r.client, r.org,
         r.status, r.source)
        for r in records
    ]  # fmt: skip


def test_a_cp1251_csv_and_an_xlsx_of_the_same_export_read_identically():
    from_csv = read_requests(make_csv(ROWS), "обращения.csv", TZ)
    from_xlsx = read_requests(make_xlsx(ROWS), "обращения.xlsx", TZ)
    assert from_csv.problems == [] and from_xlsx.problems == []
    assert normalized(from_csv.records) == normalized(from_xlsx.records)
    assert len(from_csv.records) == 3


def test_imported_times_are_moscow_wall_clock_and_statuses_follow_the_close_time():
    first, second, third = read_requests(make_xlsx(ROWS), "x.xlsx", TZ).records
    assert as_utc(first.created_at) == datetime(2024, 3, 1, 6, 0, tzinfo=UTC)
    assert as_utc(first.closed_at) == datetime(2024, 3, 1, 7, 30, tzinfo=UTC)
    assert (first.status, first.rating, first.rating_comment) == ("closed", 5, "Спасибо!")
    assert (first.specialist, first.line, first.org) == (
        "Петров П.",
        "1С:Бухгалтерия",
        "ООО «Ромашка»",
    )
    assert (second.status, second.first_reply_at, second.rating) == ("open", None, None)
    assert third.status == "closed" and third.rating == 2


def test_another_time_zone_shifts_naive_times():
    record = read_requests(make_csv(ROWS[:1]), "x.csv", "Asia/Yekaterinburg").records[0]
    assert as_utc(record.created_at, "Asia/Yekaterinburg") == datetime(2024, 3, 1, 4, 0, tzinfo=UTC)


BAD_ROWS = [
    ROWS[0],
    ["", datetime(2024, 3, 1, 9, 0), None, None, None, None, None, "", "", "", "", ""],
    ["2002", None, None, None, None, None, None, "", "", "", "", ""],
    ["2003", "32.03.2024 10:00", None, None, None, None, None, "", "", "", "", ""],
    ["2004", datetime(2024, 3, 1, 9, 0), None, None, None, 7, None, "", "", "", "", ""],
    ["2005", datetime(2024, 3, 1, 9, 0), None, None, datetime(2024, 3, 1, 8, 0), None, None,
     "", "", "", "", ""],
    ["1001", datetime(2024, 3, 5, 9, 0), None, None, None, None, None, "", "", "", "", ""],
    ROWS[2],
]  # fmt: skip


@pytest.mark.parametrize("maker", [make_csv, make_xlsx], ids=["csv", "xlsx"])
def test_bad_rows_are_rejected_with_row_column_and_reason_and_good_rows_land(maker):
    name = "x.csv" if maker is make_csv else "x.xlsx"
    result = read_requests(maker(BAD_ROWS), name, TZ)
    assert [r.id for r in result.records] == ["1001", "1003"]
    assert result.rows == len(BAD_ROWS)
    first_data_row = 6 if maker is make_csv else 3
    rejected = [(p.row - first_data_row, p.column, p.reason) for p in result.problems]
    assert rejected == [
        (1, "Номер обращения", MISSING_VALUE),
        (2, "Дата обращения", MISSING_VALUE),
        (3, "Дата обращения", BAD_DATE),
        (4, "Оценка", BAD_RATING),
        (5, "Дата закрытия", TIME_ORDER),
        (6, "Номер обращения", DUPLICATE_IN_FILE),
    ]
    assert result.problems[2].values["Дата обращения"] == "32.03.2024 10:00"
    assert result.problems[2].values["Номер обращения"] == "2003"


UNSEEN_HEADERS = [
    "№ п/п", "Номер заявки", "Дата и время поступления", "Время назначения исполнителя",
    "Время первого ответа", "Дата/время решения вопроса", "Оценка клиента (1–5)",
    "Отзыв клиента", "Ответственный сотрудник", "Направление поддержки", "Заявитель",
    "Контрагент", "Состояние",
]  # fmt: skip


def test_russian_headers_nobody_listed_are_still_matched():
    columns = detect_columns(UNSEEN_HEADERS)
    assert columns == {
        "id": 1, "created": 2, "assigned": 3, "first_reply": 4, "closed": 5, "rating": 6,
        "rating_comment": 7, "specialist": 8, "line": 9, "client": 10, "org": 11, "status": 12,
    }  # fmt: skip


def test_a_file_with_unseen_headers_imports():
    rows = [
        ["1", "А-17", "01.03.2024 09:00", "01.03.2024 09:02", "01.03.2024 09:05",
         "01.03.2024 12:00", "4", "", "Петров", "Бухгалтерия", "Иванова", "ООО «Ромашка»",
         "Решено"],
    ]  # fmt: skip
    result = read_requests(make_csv(rows, UNSEEN_HEADERS), "выгрузка.csv", TZ)
    (record,) = result.records
    assert (record.id, record.rating, record.specialist, record.status) == (
        "А-17", 4, "Петров", "closed",
    )  # fmt: skip


def test_1c_connect_column_names_are_matched():
    header = ["ServiceTreatmentID", "ClientID", "ServiceID", "Initialized", "SpecAppointed",
              "CurrentSpecialist", "ReactionStarted", "Closed", "Rating"]  # fmt: skip
    assert detect_columns(header) == {
        "id": 0, "client": 1, "line": 2, "created": 3, "assigned": 4, "specialist": 5,
        "first_reply": 6, "closed": 7, "rating": 8,
    }  # fmt: skip


def test_a_status_without_a_close_time_decides_open_or_closed():
    assert status_from_text("Закрыто") == "closed"
    assert status_from_text("Завершено") == "closed"
    assert status_from_text("в очереди") == "open"
    assert status_from_text("В работе") == "open"
    assert status_from_text("Открыто") == "open"
    assert status_from_text("Не закрыто") == "open"
    rows = [["7", datetime(2024, 3, 1, 9, 0), None, None, None, None, None, "", "", "", "",
             "Закрыто"]]  # fmt: skip
    assert read_requests(make_xlsx(rows), "x.xlsx", TZ).records[0].status == "closed"


def test_a_file_without_a_creation_column_is_refused_naming_it():
    header = ["Номер", "Специалист"]
    with pytest.raises(TableError) as refused:
        read_requests(make_csv([["1", "Петров"]], header), "x.csv", TZ)
    assert refused.value.reason == MISSING_COLUMN
    assert refused.value.columns == ["created"]
    assert refused.value.header == header


def test_a_hand_made_mapping_rescues_a_file_detection_cannot_read():
    header = ["Код", "Когда", "Кто"]
    rows = [["X1", "01.03.2024 09:00", "Петров"]]
    data = make_csv(rows, header)
    with pytest.raises(TableError):
        read_requests(data, "x.csv", TZ)
    result = read_requests(data, "x.csv", TZ, mapping={"created": "Когда", "specialist": 2})
    assert [(r.id, r.specialist) for r in result.records] == [("X1", "Петров")]


def test_the_importer_passes_record_fields_in_their_declared_order():
    # requests_from_table builds RequestRecord positionally for speed
    assert [f.name for f in fields(RequestRecord)] == [
        "id", "source", "created_at", "org", "line", "client", "specialist", "assigned_at",
        "first_reply_at", "closed_at", "rating", "rating_comment", "status",
    ]  # fmt: skip


def test_durations_instead_of_times_are_added_to_the_moment_they_start_from():
    header = ["Номер", "Дата обращения", "Время ожидания", "Время реакции", "Время решения"]
    rows = [
        ["1", datetime(2024, 3, 1, 9, 0), "00:03:00", "00:01:30", "01:20:00"],
        ["2", datetime(2024, 3, 1, 9, 0), "0:07:00", "1 мин", ""],
    ]
    for data, name in ((make_csv(rows, header), "x.csv"), (make_xlsx(rows, header), "x.xlsx")):
        first, second = read_requests(data, name, TZ).records
        assert as_utc(first.assigned_at) == datetime(2024, 3, 1, 6, 3, tzinfo=UTC)
        assert as_utc(first.first_reply_at) == datetime(2024, 3, 1, 6, 4, 30, tzinfo=UTC)
        assert as_utc(first.closed_at) == datetime(2024, 3, 1, 7, 23, tzinfo=UTC)
        assert first.status == "closed"
        assert as_utc(second.first_reply_at) == datetime(2024, 3, 1, 6, 8, tzinfo=UTC)
        assert (second.closed_at, second.status) == (None, "open")


def test_a_hand_mapping_moves_a_column_between_fields_and_can_leave_one_out():
    header = ["Номер", "Дата обращения", "Специалист", "Оценка"]
    rows = [["5", "01.03.2024 09:00", "01.03.2024 09:30", "4"]]
    data = make_csv(rows, header)
    # the person says the «Специалист» column really holds the close time, and drops the rating
    result = read_requests(data, "x.csv", TZ, mapping={"closed": 2, "rating": None})
    (record,) = result.records
    assert (record.specialist, record.rating, record.status) == ("", None, "closed")
    assert as_utc(record.closed_at) == datetime(2024, 3, 1, 6, 30, tzinfo=UTC)


def test_unseen_russian_headers_of_a_1c_connect_export_are_matched() -> None:
    from importers.requests import detect_columns

    header = ["Обращение", "Инициировано", "Специалист назначен", "Реакция начата", "Завершено",
              "Оценка качества", "Специалист", "Линия поддержки", "Статус"]  # fmt: skip
    found = {field: header[i] for field, i in detect_columns(header).items()}
    assert found["id"] == "Обращение"
    assert found["created"] == "Инициировано"
    assert found["assigned"] == "Специалист назначен"
    assert found["first_reply"] == "Реакция начата"
    assert found["closed"] == "Завершено"
    assert found["rating"] == "Оценка качества"


def test_a_utc_creation_column_and_a_local_close_column_compare_as_moments() -> None:
    header = ["Номер", "Создано", "Закрыто"]
    rows = [
        ["1", "2024-03-01T06:00:00Z", "01.03.2024 09:30"],  # 09:00 Moscow, closed 30 min later
        ["2", "2024-03-01T06:00:00Z", "01.03.2024 08:59"],  # closed a minute before creation
    ]
    result = read_requests(make_csv(rows, header), "x.csv", TZ)
    assert [r.id for r in result.records] == ["1"]
    (record,) = result.records
    assert as_utc(record.closed_at) - as_utc(record.created_at) == timedelta(minutes=30)
    assert [(p.row, p.reason) for p in result.problems] == [(7, TIME_ORDER)]


def test_a_big_export_comes_back_as_columns_that_read_as_records() -> None:
    rows = [[str(n), *ROWS[0][1:]] for n in range(1, 2001)]
    records = read_requests(make_xlsx(rows), "x.xlsx", TZ).records
    assert isinstance(records, RequestBatch)
    assert len(records) == 2000
    assert records[1999] == replace(records[0], id="2000")


def test_an_opendocument_export_reads_like_the_xlsx() -> None:
    ods = read_requests(make_ods(ROWS), "обращения.ods", TZ)
    xlsx = read_requests(make_xlsx(ROWS), "обращения.xlsx", TZ)
    assert ods.problems == []
    assert normalized(list(ods.records)) == normalized(list(xlsx.records))
    assert len(ods.records) == 3


def test_rows_cut_short_after_their_last_filled_cell_read_like_full_ones() -> None:
    # some exporters end a row at its last filled cell: the missing cells are empty, not shifted
    full = "Номер;Создано;Закрыто;Оценка;Специалист\r\n1;01.03.2024 09:00;01.03.2024 10:00;5;Петров\r\n"
    short = full + "2;01.03.2024 11:00\r\n3;01.03.2024 12:00;01.03.2024 12:30\r\n"
    result = read_requests(short.encode("cp1251"), "x.csv", TZ)
    assert result.problems == []
    first, second, third = result.records
    assert (second.closed_at, second.rating, second.specialist, second.status) == (
        None, None, "", "open"
    )  # fmt: skip
    assert (third.status, third.rating) == ("closed", None)
    assert first == read_requests(full.encode("cp1251"), "x.csv", TZ).records[0]


def test_a_date_and_its_time_in_two_columns_make_one_moment() -> None:
    header = ["Номер", "Дата создания", "Время создания", "Время закрытия", "Дата закрытия",
              "Оценка"]  # fmt: skip
    rows: list[list[object]] = [
        ["1", date(2024, 3, 1), time(9, 0), time(10, 30, 15), date(2024, 3, 1), 5],
        ["2", date(2024, 3, 1), time(23, 50), None, None, None],
        ["3", date(2024, 3, 2), None, time(8, 0), date(2024, 3, 3), None],
        ["4", date(2024, 3, 2), "25:00", None, None, None],
    ]
    as_text = [
        [v.strftime("%d.%m.%Y") if isinstance(v, date) else f"{v.hour}:{v.minute:02}"
         if isinstance(v, time) else v for v in row]
        for row in rows
    ]  # fmt: skip
    for data, name in ((make_csv(as_text, header), "x.csv"), (make_xlsx(rows, header), "x.xlsx")):
        result = read_requests(data, name, TZ)
        first, second, third = result.records
        assert (first.created_at, first.closed_at) == (
            datetime(2024, 3, 1, 9, 0), datetime(2024, 3, 1, 10, 30, 15 if name == "x.xlsx" else 0)
        )  # fmt: skip
        assert (second.created_at, second.closed_at, second.status) == (
            datetime(2024, 3, 1, 23, 50), None, "open"
        )  # fmt: skip
        assert (third.created_at, third.closed_at) == (
            datetime(2024, 3, 2),
            datetime(2024, 3, 3, 8),
        )
        [problem] = result.problems
        assert (problem.row, problem.column, problem.reason) == (
            6 if name == "x.xlsx" else 9, "Время создания", BAD_DATE
        )  # fmt: skip


def test_a_time_column_beside_full_date_times_is_not_glued_onto_them() -> None:
    header = ["Номер", "Дата создания", "Дата решения", "Время решения"]
    rows = [["1", "01.03.2024 09:00", "01.03.2024 10:30", "01:30:00"]]
    [record] = read_requests(make_csv(rows, header), "x.csv", TZ).records
    assert record.closed_at == datetime(2024, 3, 1, 10, 30)  # «Время решения» is a duration here
