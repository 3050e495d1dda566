"""Seed 004's table «Распределение обращений клиентов партнеров 1С-Форус за II квартал 2016г.» as data.

The text extraction of the third wait block («60+ мин») is garbled: its columns 14/15 repeat the
second block's numbers. The real values of that block are the ones in columns 16–21 of the
extraction (reaction < 5 мин: 131/77/123, 5–60 мин: 63/71/57, 60+ мин: 0/75/175). Each cell is
(total, unhappy 1–3, happy 4–5); «без оценки» is the rest. `check_seed()` proves every block sums.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

# (wait, reaction, resolution) -> (requests, unhappy 1-3, happy 4-5)
SEED_BLOCKS: dict[tuple[str, str, str], tuple[int, int, int]] = {
    # wait < 5 мин — 16 620
    ("<5m", "<5m", "<1h"): (5668, 15, 1775),
    ("<5m", "<5m", "1-24h"): (3106, 9, 721),
    ("<5m", "<5m", "24h+"): (4881, 4, 548),
    ("<5m", "5-60m", "<1h"): (635, 7, 303),
    ("<5m", "5-60m", "1-24h"): (614, 4, 215),
    ("<5m", "5-60m", "24h+"): (506, 1, 93),
    ("<5m", "60m+", "<1h"): (0, 0, 0),
    ("<5m", "60m+", "1-24h"): (442, 5, 133),
    ("<5m", "60m+", "24h+"): (768, 7, 131),
    # wait 5–60 мин — 638
    ("5-60m", "<5m", "<1h"): (133, 0, 57),
    ("5-60m", "<5m", "1-24h"): (89, 1, 23),
    ("5-60m", "<5m", "24h+"): (103, 0, 20),
    ("5-60m", "5-60m", "<1h"): (76, 0, 32),
    ("5-60m", "5-60m", "1-24h"): (40, 0, 16),
    ("5-60m", "5-60m", "24h+"): (47, 0, 7),
    ("5-60m", "60m+", "<1h"): (0, 0, 0),
    ("5-60m", "60m+", "1-24h"): (49, 0, 14),
    ("5-60m", "60m+", "24h+"): (101, 1, 13),
    # wait 60+ мин — 772 (the block the extraction garbles)
    ("60m+", "<5m", "<1h"): (131, 1, 37),
    ("60m+", "<5m", "1-24h"): (77, 1, 22),
    ("60m+", "<5m", "24h+"): (123, 0, 10),
    ("60m+", "5-60m", "<1h"): (63, 0, 13),
    ("60m+", "5-60m", "1-24h"): (71, 1, 27),
    ("60m+", "5-60m", "24h+"): (57, 0, 10),
    ("60m+", "60m+", "<1h"): (0, 0, 0),
    ("60m+", "60m+", "1-24h"): (75, 1, 19),
    ("60m+", "60m+", "24h+"): (175, 3, 15),
}

WAIT_TOTALS = {"<5m": 16620, "5-60m": 638, "60m+": 772}
REACTION_TOTALS = {
    ("<5m", "<5m"): 13655,
    ("<5m", "5-60m"): 1755,
    ("<5m", "60m+"): 1210,
    ("5-60m", "<5m"): 325,
    ("5-60m", "5-60m"): 163,
    ("5-60m", "60m+"): 150,
    ("60m+", "<5m"): 331,
    ("60m+", "5-60m"): 191,
    ("60m+", "60m+"): 250,
}
# «Работа с обращениями»: resolution -> (count, share %, unhappy, no rating, no rating %, happy, happy %)
SUMMARY = {
    "<1h": (6706, 37, 23, 4466, 67, 2217, 33),
    "1-24h": (4563, 25, 22, 3351, 73, 1190, 26),
    "24h+": (6761, 37, 16, 5898, 87, 847, 13),
}
TOTAL = 18030
TOTAL_UNHAPPY = 61
TOTAL_NO_RATING = 13715
TOTAL_HAPPY = 4254
# «Средняя: 4,94», «Всего: 61 (1,4%)» of the rated works.
AVERAGE_RATING = 4.94
UNHAPPY_SHARE_PCT = 1.4

# Individual marks are not in the seed; these make the seed's average 4,94 (21 316 / 4 315).
UNHAPPY_MARKS = (1,) * 20 + (2,) * 15 + (3,) * 26
HAPPY_FIVES = 4172  # the other 82 happy marks are 4

PERIOD = ("2016-04-01", "2016-07-01")
TZ = "Europe/Moscow"


def seed_cells() -> list[dict]:
    """Every non-empty cell as the report's JSON gives it: wait, reaction, resolution, rating, count."""
    cells = []
    for (wait, reaction, resolution), (total, unhappy, happy) in SEED_BLOCKS.items():
        for rating, count in (("1-3", unhappy), ("none", total - unhappy - happy), ("4-5", happy)):
            if count:
                cells.append(
                    {
                        "wait": wait,
                        "reaction": reaction,
                        "resolution": resolution,
                        "rating": rating,
                        "count": count,
                    }
                )
    return cells


def check_seed() -> None:
    """Assert that the table is consistent with every total the seed prints."""
    for wait, total in WAIT_TOTALS.items():
        assert sum(v[0] for k, v in SEED_BLOCKS.items() if k[0] == wait) == total, wait
    for (wait, reaction), total in REACTION_TOTALS.items():
        got = sum(v[0] for k, v in SEED_BLOCKS.items() if k[:2] == (wait, reaction))
        assert got == total, (wait, reaction)
    for resolution, (count, _, unhappy, no_rating, _, happy, _) in SUMMARY.items():
        inside = [v for k, v in SEED_BLOCKS.items() if k[2] == resolution]
        assert sum(v[0] for v in inside) == count, resolution
        assert sum(v[1] for v in inside) == unhappy, resolution
        assert sum(v[2] for v in inside) == happy, resolution
        assert count - unhappy - happy == no_rating, resolution
    assert sum(WAIT_TOTALS.values()) == TOTAL
    assert sum(v[0] for v in SUMMARY.values()) == TOTAL
    assert sum(v[2] for v in SUMMARY.values()) == TOTAL_UNHAPPY
    assert sum(v[3] for v in SUMMARY.values()) == TOTAL_NO_RATING
    assert sum(v[5] for v in SUMMARY.values()) == TOTAL_HAPPY
    assert len(UNHAPPY_MARKS) == TOTAL_UNHAPPY


# ---- synthetic requests that reproduce the table -------------------------------------------

MIN, HOUR, DAY = 60, 3600, 86400
# Half-open second ranges [lo, hi) for each bucket; the open-ended ones get a finite top.
MINUTE_RANGES = {"<5m": (0, 5 * MIN), "5-60m": (5 * MIN, HOUR), "60m+": (HOUR, 6 * HOUR)}
RESOLUTION_RANGES = {"<1h": (0, HOUR), "1-24h": (HOUR, DAY), "24h+": (DAY, 9 * DAY)}
ORGS = ("ООО «Бухфон»", "ИП Карицкая Т.А.", "ООО «Аксиома»")
LINES = ("Линия консультаций", "Сопровождение 1С", "1С-Отчетность")
SPECIALISTS = (
    "Иванова Мария",
    "Петров Сергей",
    "Сидорова Анна",
    "Кузнецов Павел",
    "Смирнова Ольга",
    "Волков Денис",
)
Q2_START = datetime(2016, 4, 1)
Q2_SECONDS = int((datetime(2016, 7, 1) - Q2_START).total_seconds())


@dataclass
class SeedRequest:
    """One synthetic request in local (Moscow) wall-clock time; None = empty cell."""

    id: str
    created: datetime
    assigned: datetime | None
    first_reply: datetime | None
    closed: datetime | None
    rating: int | None
    org: str
    line: str
    specialist: str
    client: str


def _seconds(rng: random.Random, bounds: tuple[int, int], k: int, floor: int = 0) -> int:
    """A duration in [max(lo, floor), hi): the first few of a cell sit exactly on the edges."""
    lo, hi = max(bounds[0], floor), bounds[1]
    edges = (lo, hi - 1)
    if k < len(edges):
        return edges[k]
    return rng.randrange(lo, hi)


def generate_requests(seed: int = 4) -> tuple[list[SeedRequest], list[SeedRequest]]:
    """The 18 030 requests of the table (closed, created in Q2 2016) and the noise around them.

    Noise that must not count: open requests (no close time) created in Q2, and closed ones
    created 2016-03-31 23:59 and 2016-07-01 00:00 local. Created times include the quarter's
    first and last second. Every reply comes no later than the close.
    """
    rng = random.Random(seed)
    unhappy = list(UNHAPPY_MARKS)
    happy = [5] * HAPPY_FIVES + [4] * (TOTAL_HAPPY - HAPPY_FIVES)
    rng.shuffle(unhappy)
    rng.shuffle(happy)
    counted: list[SeedRequest] = []
    number = 0
    for (wait_b, reaction_b, resolution_b), (total, n_unhappy, n_happy) in SEED_BLOCKS.items():
        marks = [unhappy.pop() for _ in range(n_unhappy)] + [happy.pop() for _ in range(n_happy)]
        marks += [None] * (total - len(marks))
        rng.shuffle(marks)
        for k in range(total):
            number += 1
            wait = _seconds(rng, MINUTE_RANGES[wait_b], k)
            reaction = _seconds(rng, MINUTE_RANGES[reaction_b], k)
            # the close is never before the first reply
            resolution = _seconds(rng, RESOLUTION_RANGES[resolution_b], k, floor=reaction)
            if number == 1:
                created = Q2_START
            elif number == 2:
                created = datetime(2016, 6, 30, 23, 59, 59)
            else:
                created = Q2_START + timedelta(seconds=rng.randrange(Q2_SECONDS))
            assigned = created + timedelta(seconds=wait)
            counted.append(
                SeedRequest(
                    id=f"Q2-{number:06d}",
                    created=created,
                    assigned=assigned,
                    first_reply=assigned + timedelta(seconds=reaction),
                    closed=assigned + timedelta(seconds=resolution),
                    rating=marks[k],
                    org=rng.choice(ORGS),
                    line=rng.choice(LINES),
                    specialist=rng.choice(SPECIALISTS),
                    client=f"Клиент {rng.randrange(1, 900):03d}",
                )
            )
    rng.shuffle(counted)
    return counted, _noise(rng)


def _noise(rng: random.Random) -> list[SeedRequest]:
    noise = []
    outside = (datetime(2016, 3, 31, 23, 59), datetime(2016, 7, 1, 0, 0))
    for i, created in enumerate(outside * 3):
        assigned = created + timedelta(seconds=30 + i)
        noise.append(
            SeedRequest(
                id=f"OUT-{i:03d}",
                created=created,
                assigned=assigned,
                first_reply=assigned + timedelta(seconds=60),
                closed=assigned + timedelta(seconds=600),
                rating=5 if i % 2 else 1,
                org=ORGS[0],
                line=LINES[0],
                specialist=SPECIALISTS[0],
                client="Клиент вне периода",
            )
        )
    for i in range(45):
        created = Q2_START + timedelta(seconds=rng.randrange(Q2_SECONDS))
        assigned = created + timedelta(seconds=90) if i % 3 else None  # a third still waiting
        reply = assigned + timedelta(seconds=120) if assigned and i % 2 else None
        noise.append(
            SeedRequest(
                id=f"OPEN-{i:03d}",
                created=created,
                assigned=assigned,
                first_reply=reply,
                closed=None,
                rating=None,
                org=ORGS[i % 3],
                line=LINES[i % 3],
                specialist=SPECIALISTS[i % 6] if assigned else "",
                client=f"Клиент {i:03d}",
            )
        )
    return noise


# ---- the files a person would export: CSV (cp1251, ';') and XLSX -------------------------

TITLE = "Статистика работы с обращениями (выгрузка)"
SUBTITLE = "Период: 01.04.2016 – 30.06.2016, партнеры 1С-Форус"
HEADER = (
    "Номер обращения",
    "Организация",
    "Линия",
    "Специалист",
    "Клиент",
    "Создано",
    "Назначен ответственный",
    "Первый ответ специалиста",
    "Закрыто",
    "Оценка",
)


def _cells(request: SeedRequest) -> list:
    return [
        request.id,
        request.org,
        request.line,
        request.specialist,
        request.client,
        request.created,
        request.assigned,
        request.first_reply,
        request.closed,
        request.rating,
    ]


def write_csv(requests: list[SeedRequest], path) -> None:
    """A cp1251 ';' file with two title rows and a blank row above the header, dd.mm.yyyy HH:MM:SS."""

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.strftime("%d.%m.%Y %H:%M:%S")
        return str(value)

    lines = [TITLE, SUBTITLE, "", ";".join(HEADER)]
    lines += [";".join(cell(v) for v in _cells(r)) for r in requests]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))


def write_xlsx(requests: list[SeedRequest], path) -> None:
    """An .xlsx with a title row above the Russian header and real datetime cells."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Обращения")
    sheet.append([TITLE])
    sheet.append(list(HEADER))
    for request in requests:
        sheet.append(_cells(request))
    book.save(path)
