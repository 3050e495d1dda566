"""Files in the shapes people really keep them (issue 9's table), built at test time.

Each builder returns bytes plus what a correct import must find, so tests (and `make bench`)
check counts and statistics against the truth the file was made from.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from openpyxl import Workbook

REGISTER_HEADER = (
    "Номер", "", "Дата создания", "Тема", "Исполнитель", "Назначено", "Статус", "Решение",
    "Дата и время решения", "Оценка",
)  # fmt: skip
ANSWERS = (
    "Переустановили платформу 8.3.24,\nпроверили обмен с банком. Клиент доволен.",
    "Обновили конфигурацию до 3.0.150; ошибка при проведении ушла.\nКонтакт: buh@example.ru",
    "Настроили права пользователя, показали, где смотреть отчёт.",
    "Решено удалённо: пересоздали базу, выгрузка-загрузка через DT.",
)


@dataclass
class Register:
    """A help-desk register and what it holds."""

    data: bytes
    tickets: int
    groups: int
    closed: int
    resolution: dict[str, int] = field(default_factory=dict)  # "<1h" / "1-24h" / "24h+" counts
    orgs: dict[str, int] = field(default_factory=dict)  # organisation -> tickets


def resolution_bucket(minutes: float) -> str:
    return "<1h" if minutes < 60 else "1-24h" if minutes < 24 * 60 else "24h+"


def register_rows(tickets: int, groups: int, seed: int = 9) -> tuple[list[list], Register]:
    """Rows of a help-desk register: ticket rows between organisation rows; times as text."""
    rng = random.Random(seed)
    truth = Register(b"", tickets, groups, 0)
    per_group = [tickets // groups + (1 if i < tickets % groups else 0) for i in range(groups)]
    start = datetime(2024, 3, 1, 9, 0)
    rows: list[list] = []
    number = 1000
    for g, count in enumerate(per_group):
        org = f"ООО «Клиент {g + 1:03d}»"
        rows.append([org] + [""] * (len(REGISTER_HEADER) - 1))
        truth.orgs[org] = count
        for _ in range(count):
            number += 1
            created = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 25))
            assigned = created + timedelta(minutes=rng.randrange(1, 40))
            closed_after = rng.choice((rng.randrange(5, 59), rng.randrange(61, 1400),
                                       rng.randrange(1500, 4000)))  # fmt: skip
            is_closed = rng.random() < 0.9
            closed = assigned + timedelta(minutes=closed_after)
            if is_closed:
                truth.closed += 1
                bucket = resolution_bucket(closed_after)
                truth.resolution[bucket] = truth.resolution.get(bucket, 0) + 1
            rows.append([
                "", number, created.strftime("%d.%m.%Y %H:%M"), f"Вопрос {number}",
                rng.choice(("Петрова Анна", "Сидоров Илья", "Ким Ольга")),
                assigned.strftime("%d.%m.%Y %H:%M"),
                "Закрыта" if is_closed else "В работе",
                rng.choice(ANSWERS) if is_closed else "",
                closed.strftime("%d.%m.%Y %H:%M") if is_closed else "",
                rng.choice((5, 5, 4, 3, "")) if is_closed else "",
            ])  # fmt: skip
    return rows, truth


def helpdesk_register(tickets: int = 570, groups: int = 122, seed: int = 9) -> Register:
    """The xlsx of the issue: a title row, the header in row 3 with «Номер» merged over A:B and
    the numbers in B, a numbering row under it, organisation rows merged across the table between
    the tickets, dates as text, a free-text «Решение» left of the real close time."""
    rows, truth = register_rows(tickets, groups, seed)
    book = Workbook()
    sheet = book.active
    sheet.title = "Реестр"
    width = len(REGISTER_HEADER)
    sheet.append(["Реестр обращений отдела сопровождения за март 2024"])
    sheet.append([])
    sheet.append(list(REGISTER_HEADER))
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=2)
    sheet.append([1, "", *range(2, width)])
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=2)
    for row in rows:
        sheet.append(row)
        if row[1] == "":  # an organisation: one text merged across the table
            r = sheet.max_row
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    sheet.append(["Итого обращений", "", tickets])
    truth.data = save(book)
    return truth


def with_pivots(register: Register) -> bytes:
    """The same register as the third sheet «Заявки», after two pivot sheets."""
    rows, _ = register_rows(register.tickets, register.groups)
    book = Workbook()
    first = book.active
    first.title = "Свод по организациям"
    first.append(["Организация", "Количество"])
    for org, count in register.orgs.items():
        first.append([org, count])
    first.append(["Итого", register.tickets])
    second = book.create_sheet("Свод по исполнителям")
    second.append(["Исполнитель", "Количество", "Средняя оценка"])
    for name in ("Петрова Анна", "Сидоров Илья", "Ким Ольга"):
        second.append([name, register.tickets // 3, 4.5])
    sheet = book.create_sheet("Заявки")
    sheet.append(list(REGISTER_HEADER))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    for row in rows:
        sheet.append(row)
    return save(book)


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def events_array_with_trailing_comma(count: int = 40) -> bytes:
    """A JSON array of webhook events with one trailing comma before the closing bracket."""
    events = [
        json.dumps(
            {"message_type": 1, "treatment_id": f"T-{i}", "timestamp": 1_700_000_000 + i},
            ensure_ascii=False,
        )  # fmt: skip
        for i in range(count)
    ]
    return ("[\n" + ",\n".join(events) + ",\n]\n").encode()


def utf16_odd(lines: int = 30) -> bytes:
    """A UTF-16 CSV (with BOM) cut one byte short: an odd byte count."""
    text = "Номер;Создано\r\n" + "".join(
        f"{i};01.03.2024 10:{i % 60:02d}\r\n" for i in range(lines)
    )
    data = text.encode("utf-16")
    return data[:-1]


def zip_bomb_xlsx(unpacked: int = 2**30, zip64: bool = True) -> bytes:
    """An xlsx whose sheet XML unpacks to `unpacked` bytes (spaces after a valid row); honest zip
    directory, about 1 MB packed (`zip64=False`: 32-bit sizes, under 2 GB)."""
    buffer = io.BytesIO()
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Номер</t>'
        "</is></c></row>"
    ).encode()
    tail = b"</sheetData></worksheet>"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as sheet:
            sheet.write(head)
            chunk = b" " * 2**20
            left = unpacked - len(head) - len(tail)
            while left > 0:
                sheet.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            sheet.write(tail)
    return buffer.getvalue()


def lying_zip_bomb_xlsx(unpacked: int, claimed: int = 1000) -> bytes:
    """A zip bomb whose directory lies: the sheet inflates to `unpacked` bytes (under 2 GB) while
    its local header and the central directory both say `claimed`, so the directory sum is
    small."""
    data = bytearray(zip_bomb_xlsx(unpacked, zip64=False))
    name = b"xl/worksheets/sheet1.xml"
    for signature, name_at, size_at in ((b"PK\x03\x04", 26, 22), (b"PK\x01\x02", 28, 24)):
        start = 30 if signature == b"PK\x03\x04" else 46
        at = data.find(signature)
        while at != -1:
            length = int.from_bytes(data[at + name_at : at + name_at + 2], "little")
            if bytes(data[at + start : at + start + length]) == name:
                data[at + size_at : at + size_at + 4] = claimed.to_bytes(4, "little")
            at = data.find(signature, at + 4)
    return bytes(data)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


# ---- production calendars of years not in ../shared/realdata (held out) ---------------------
# (year, the <day> entries of xmlcalendar.ru, official 40-hour-week working days and hours)
HELD_OUT_YEARS = {
    2019: (
        "01.01:1 01.02:1 01.03:1 01.04:1 01.05:1 01.06:1 01.07:1 01.08:1 02.22:2 02.23:1 "
        "03.07:2 03.08:1 04.30:2 05.01:1 05.02:1:01.05 05.03:1:01.06 05.08:2 05.09:1 "
        "05.10:1:02.23 06.11:2 06.12:1 11.04:1 12.31:2",
        247,
        1970,
    ),
    2021: (
        "01.01:1 01.02:1 01.03:1 01.04:1 01.05:1 01.06:1 01.07:1 01.08:1 02.20:2 "
        "02.22:1:02.20 02.23:1 03.08:1 04.30:2 05.01:1 05.03:1:05.01 05.09:1 05.10:1:05.09 "
        "06.11:2 06.12:1 06.14:1:06.12 11.03:2 11.04:1 11.05:1:01.02 12.31:1:01.03",
        247,
        1972,
    ),
    2023: (
        "01.01:1 01.02:1 01.03:1 01.04:1 01.05:1 01.06:1 01.07:1 01.08:1 02.22:2 02.23:1 "
        "02.24:1:01.01 03.07:2 03.08:1 05.01:1 05.08:1:01.08 05.09:1 06.12:1 11.03:2 11.04:1 "
        "11.06:1:11.04",
        247,
        1973,
    ),
}


def xmlcalendar(year: int, crlf: bool = False) -> bytes:
    """An xmlcalendar.ru XML of a held-out year (CRLF line ends and no country, as some years)."""
    entries = HELD_OUT_YEARS[year][0].split()
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<calendar year="{year}" lang="ru">',
             "    <holidays>", '        <holiday id="1" title="Новогодние каникулы"/>',
             "    </holidays>", "    <days>"]  # fmt: skip
    for entry in entries:
        day, kind, *moved = entry.split(":")
        extra = f' f="{moved[0]}"' if moved else ""
        lines.append(f'        <day d="{day}" t="{kind}"{extra}/>')
    lines += ["    </days>", "</calendar>"]
    return ("\r\n" if crlf else "\n").join(lines).encode()
