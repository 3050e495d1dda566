"""Import framework rows of `make bench` (issue 9), each against a bare baseline of the same run.

(i) a help-desk register (merged header, group rows, totals, dates as text) read through the
    framework vs calamine's bare load + to_python of the same workbook;
(i) a 1 GB zip-bomb xlsx refused from its zip directory vs opening a ten-row workbook.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from typing import Any

from core.imports import Limits


def _median(action: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _bare_parse(data: bytes) -> None:
    from python_calamine import CalamineWorkbook

    CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def bench_import_framework(tickets: int, repeat: int, result: Callable[..., dict]) -> list[dict]:
    """The two (i) rows; `result` is bench.__main__.result (one table row)."""
    from importers.requests import read_requests
    from importers.tabular import TableError, read_table
    from tests.importers import shapes

    register = shapes.helpdesk_register(tickets=tickets, groups=max(2, tickets // 5))
    read = read_requests(register.data, "register.xlsx")
    if len(read.records) != tickets or read.problems:
        raise SystemExit(f"register: {len(read.records)} of {tickets}, {len(read.problems)} bad")
    framework = _median(lambda: read_requests(register.data, "register.xlsx"), repeat)
    bare = _median(lambda: _bare_parse(register.data), repeat)
    rows = [
        result(
            f"(i) read a {tickets:,}-ticket help-desk register (groups, merges)",
            framework,
            "calamine load + to_python",
            bare,
            3.0,
        )  # fmt: skip
    ]

    bomb = shapes.zip_bomb_xlsx(2**30)
    small = shapes.save(_ten_rows())

    def refuse() -> None:
        try:
            read_table(bomb, "bomb.xlsx", limits=Limits())
        except TableError as error:
            assert error.reason == "too_large_unpacked"
        else:
            raise SystemExit("the zip bomb was not refused")

    refused = _median(refuse, repeat)
    opened = _median(lambda: read_table(small, "small.xlsx"), repeat)
    row = result(
        "(i) refuse a 1 GB zip-bomb xlsx (zip directory only)",
        refused, "read a ten-row workbook", opened, 2.0,
    )  # fmt: skip
    # both take well under a millisecond: keep microseconds so the row never reads 0
    row["seconds"], row["baseline_seconds"] = round(refused, 6), round(opened, 6)
    rows.append(row)
    return rows


def _ten_rows() -> Any:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Номер", "Создано"])
    for i in range(10):
        sheet.append([i, "01.03.2024 10:00"])
    return book
