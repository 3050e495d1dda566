"""Seed 000 as an agency workbook: 57 calls, round 1 26/1/16, round 2 9/5/0 (test data builder)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from core.shopper import MYSTERY_SHOPPER

GROSS_CODES = [c.code for c in MYSTERY_SHOPPER.criteria if c.severity == "gross"]
ERROR_CODES = [c.code for c in MYSTERY_SHOPPER.criteria if c.severity == "error"]
DONE_SPELLINGS = ["1", "+", "да", "Да", "ДА", 1]
MISSED_SPELLINGS = ["0", "-", "нет", "Нет", "НЕТ", 0]
NA_SPELLINGS = ["н/п", "Н/П", "", None]
CENTRES = [
    ("Камин", "Калуга"), ("1С:Первый Бит", "Воронеж"), ("1С:Первый Бит", "Новосибирск"),
    ("1С:Сервистренд", "Москва"), ("Глобал Софт", "Краснодар"), ("Сан-Сити", "Сочи"),
] + [(f"ЦС «Партнёр-{n}»", city) for n, city in enumerate(
    ["Тула", "Казань", "Самара", "Пермь", "Омск", "Томск", "Уфа", "Курск", "Орёл", "Тверь",
     "Иваново", "Вологда", "Чита", "Иркутск", "Барнаул", "Кемерово", "Липецк", "Белгород",
     "Рязань", "Смоленск", "Псков", "Брянск", "Пенза", "Саратов", "Ярославль", "Кострома",
     "Калининград", "Мурманск", "Архангельск", "Сыктывкар", "Киров", "Ижевск", "Чебоксары",
     "Йошкар-Ола", "Саранск", "Ульяновск", "Оренбург"], start=1)]  # fmt: skip
HEADER = ["Дата", "Этап", "Партнёр", "Город", "Менеджер", "Оценщик", "ID звонка",
          *[c.code for c in MYSTERY_SHOPPER.criteria], "Комментарий"]  # fmt: skip


def _marks(rng: random.Random, verdict: str) -> tuple[dict[str, object], dict[str, str]]:
    """Cells and the meaning of each (done/missed/na) for a call of the given verdict."""
    meaning = {code: "done" for code in GROSS_CODES + ERROR_CODES}
    for code in rng.sample(GROSS_CODES + ERROR_CODES, 2):
        meaning[code] = "na"  # some criteria not applicable (G7 when nobody promised to call…)
    errors = [c for c in ERROR_CODES if meaning[c] != "na"]
    gross = [c for c in GROSS_CODES if meaning[c] != "na"]
    if verdict == "fail":
        if rng.random() < 0.6:
            for code in rng.sample(gross, rng.randint(1, 3)):
                meaning[code] = "missed"
        else:
            for code in rng.sample(errors, rng.randint(3, 6)):
                meaning[code] = "missed"
    elif verdict == "pass_with_improvements":
        for code in rng.sample(errors, rng.randint(1, 2)):
            meaning[code] = "missed"
    cells: dict[str, object] = {}
    for code, value in meaning.items():
        spellings = {"done": DONE_SPELLINGS, "missed": MISSED_SPELLINGS, "na": NA_SPELLINGS}[value]
        cells[code] = rng.choice(spellings)
    return cells, meaning


def seed_calls(seed: int = 57) -> list[dict[str, object]]:
    """57 calls shaped like seed 000, each with its verdict and marks' meanings."""
    rng = random.Random(seed)
    plan = [(1, "fail")] * 26 + [(1, "pass")] + [(1, "pass_with_improvements")] * 16
    plan += [(2, "fail")] * 9 + [(2, "pass")] * 5
    calls = []
    round1 = [c for c in CENTRES if c[0] != "1С:Первый Бит"]
    for index, (rnd, verdict) in enumerate(plan):
        if rnd == 1 and verdict == "pass":
            org = CENTRES[0]
        elif rnd == 2 and verdict == "pass":
            org = CENTRES[1 + (index % 5)]
        elif rnd == 1:
            org = round1[1 + index % (len(round1) - 1)]
        else:
            org = CENTRES[6 + index % 20]
        day = date(2020, 7, 1) + timedelta(days=index if rnd == 1 else 60 + index)
        cells, meaning = _marks(rng, verdict)
        calls.append({"round": rnd, "verdict": verdict, "org": org, "day": day, "cells": cells,
                      "meaning": meaning, "manager": f"Менеджер {index % 23 + 1}",
                      "ref": f"TP-{index + 1:03d}"})  # fmt: skip
    return calls


def workbook(calls: list[dict[str, object]], path: Path, title: bool = True) -> Path:
    """The calls as an agency's xlsx: a title row, the header, one row a call."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Звонки"
    if title:
        sheet.append(["Тайный покупатель по сети ЦС, 2020"])
        sheet.append([])
    sheet.append(HEADER)
    for n, call in enumerate(calls):
        org, city = call["org"]  # type: ignore[misc]
        day = call["day"]
        shown = day if n % 3 else day.strftime("%d.%m.%Y")  # type: ignore[union-attr]
        rnd = call["round"] if n % 2 else f"{call['round']} этап"
        sheet.append([shown, rnd, org, city, call["manager"], "Агентство", call["ref"],
                      *[call["cells"][code] for code in HEADER[7:-1]], ""])  # type: ignore[index]  # fmt: skip
    buffer = BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path
