"""Equipment and tenders in `make bench` (issue 13), rows named «[equipment] …»:

- a 100k-row tender CSV (cp1251, «;», decimal commas, NBSP thousands, four items a tender)
  read and stored (tenders, items, competitors, clients, competitors' pieces) against its bare
  parse (decode + csv split) plus a bare executemany of the finished tender, item and piece rows into
  the same schema; target 2×;
- the maintenance-due report for one month over 1M pieces (each with a warranty end and one
  or two maintenance kinds) against a bare SQL query selecting the same control dates from the
  same tables without joins; target 3×.

Each row's operation and baseline are timed in turns (a, b, a, b, …) and the medians compared:
on a shared machine the load drifts, and all of one before all of the other charged the drift to
one side (ratios of 1.7–2.2× for the same code). Each row also carries `cpu_ratio`, the same
ratio in this process's CPU time, which other users' load leaves alone (for information; the
target is judged on wall-clock time).
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import sqlite3
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from core.equipment import add_months
from core.imports import file_hash
from core.inn import make_inn
from core.roles import SYSTEM
from db.connection import connect

NBSP = "\u00a0"
HEADER = ("Реестровый номер;Дата контракта;Закон;Наименование Заказчика;ИНН заказчика;"
          "Победитель;ИНН победителя;НМЦК;Цена контракта;Наименование товара;ОКПД2;Кол-во;"
          "Ед. изм.;Цена за ед.;Сумма")  # fmt: skip
ITEMS = (("Контрольно-кассовая техника", "26.20.15.000"), ("Весы электронные", "28.29.31.110"),
         ("Сканер штрихкода", "26.20.16.120"), ("Бумага для ККТ", "17.23.13.199"),
         ("Услуги по ремонту", "33.12.19.000"))  # fmt: skip


def money(value: float) -> str:
    """12 345,67 with a non-breaking space, as exports write it."""
    whole, cents = divmod(round(value * 100), 100)
    return f"{whole:,}".replace(",", NBSP) + f",{cents:02d}"


def write_tender_csv(path: Path, rows: int, seed: int = 3) -> None:
    """A tender export of `rows` item rows, four items per tender."""
    rng = random.Random(seed)
    customers = [(f"ГБУ «Учреждение № {i}»", make_inn(rng, "77")) for i in range(300)]
    winners = [(f"ООО «Поставщик {i}»", make_inn(rng, "50")) for i in range(200)]
    lines = [HEADER]
    tender = 0
    day = date(2024, 1, 1)
    while len(lines) - 1 < rows:
        tender += 1
        customer, winner = rng.choice(customers), rng.choice(winners)
        items = [rng.choice(ITEMS) for _ in range(4)]
        sums = [rng.randint(1_000, 500_000) + rng.randint(0, 99) / 100 for _ in items]
        price = sum(sums)
        nmck = price * (1 + rng.randint(0, 30) / 100)
        when = (day + timedelta(days=tender % 700)).strftime("%d.%m.%Y")
        for (name, okpd2), amount in zip(items, sums, strict=True):
            qty = rng.randint(1, 5)
            lines.append(";".join((f"{tender:019d}", when, "44-ФЗ", customer[0], customer[1],
                                   winner[0], winner[1], money(nmck), money(price), name, okpd2,
                                   str(qty), "шт", money(amount / qty), money(amount))))  # fmt: skip
            if len(lines) - 1 >= rows:
                break
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))


def bare_parse(data: bytes) -> int:
    """The parse limit: decode and split every row, nothing more."""
    return len(list(csv.reader(io.StringIO(data.decode("cp1251"), newline=""), delimiter=";")))


def import_tenders(data: bytes, target: Path) -> dict[str, Any]:
    """Read and store the file into a fresh database; the CLI's summary."""
    from db.tenders import store_tenders
    from importers.tenders import read_tenders

    db = connect(target)
    try:
        result = read_tenders(data, "tenders.csv")
        return store_tenders(db, SYSTEM, "tenders", "tenders.csv", file_hash(data), result)
    finally:
        db.close()


STORED = ("tenders", "tender_items", "equipment")


def finished_rows(source: Path) -> dict[str, list[tuple]]:
    """The stored tender, item and piece rows, to insert again as the bare limit."""
    conn = sqlite3.connect(source)
    try:
        return {table: conn.execute(f"SELECT * FROM {table}").fetchall() for table in STORED}
    finally:
        conn.close()


def bare_insert(empty: Path, target: Path, tables: dict[str, list[tuple]]) -> None:
    """Finished rows into the same schema (keys and indexes) in one transaction and a commit."""
    shutil.copyfile(empty, target)
    conn = sqlite3.connect(target)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=OFF")  # clients and competitors are not copied
        with conn:
            for table, rows in tables.items():
                if rows:
                    marks = ",".join("?" * len(rows[0]))
                    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    finally:
        conn.close()


def alternate(actions: list[Any], repeat: int) -> tuple[list[float], list[float]]:
    """Each action's median wall and CPU seconds over runs taken in turns (a, b, a, b, …): on a
    shared machine the load drifts, and timing all of a before all of b would charge the drift
    to one of them. CPU time (this process's) is what the others' load leaves alone."""
    wall: list[list[float]] = [[] for _ in actions]
    cpu: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for action, walls, cpus in zip(actions, wall, cpu, strict=True):
            started, used = time.perf_counter(), time.process_time()
            action()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - used)
    return [statistics.median(t) for t in wall], [statistics.median(t) for t in cpu]


def with_cpu(row: dict, seconds: float, baseline: float) -> dict:
    """The row with its CPU-time ratio beside the wall-clock one (for information)."""
    row["cpu_ratio"] = round(seconds / baseline, 2) if baseline else None
    return row


def bench_tender_import(
    folder: Path, rows: int, repeat: int, timer: Any, result: Any
) -> list[dict]:
    """«[equipment] import a N-row tender CSV» against bare parse + bare insert (target 2×)."""
    path = folder / "tenders.csv"
    write_tender_csv(path, rows)
    data = path.read_bytes()
    empty = folder / "empty-tenders.sqlite"
    connect(empty).close()
    counter = iter(range(10_000))

    def fresh() -> Path:
        target = folder / f"tenders-{next(counter)}.sqlite"
        shutil.copyfile(empty, target)
        return target

    summary = import_tenders(data, fresh())
    if summary["rejected"] or not summary["tenders"]:
        raise SystemExit(f"tender bench file: {summary['rejected']} rejected")
    stored = folder / "tenders-0.sqlite"
    tables = finished_rows(stored)
    (whole, parse, insert), (whole_cpu, parse_cpu, insert_cpu) = alternate(
        [lambda: import_tenders(data, fresh()), lambda: bare_parse(data),
         lambda: bare_insert(empty, folder / "bare.sqlite", tables)], repeat,
    )  # fmt: skip
    name = f"[equipment] import a {rows:,}-row tender CSV ({summary['tenders']:,} tenders)"
    row = result(name, whole, "bare parse + bare insert", parse + insert, 2.0)
    return [with_cpu(row, whole_cpu, parse_cpu + insert_cpu)]


# ---------------------------------------------------------------- maintenance-due over 1M pieces


def build_register(path: Path, pieces: int, seed: int = 5) -> None:
    """`pieces` pieces at 10k clients shipped over three years, each with a warranty end and one
    or two maintenance kinds, written straight into the schema (the report reads, not imports)."""
    rng = random.Random(seed)
    db = connect(path)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    with conn:
        inns: set[str] = set()
        while len(inns) < 10_000:
            inns.add(make_inn(rng, "77"))
        conn.executemany("INSERT INTO clients (id, name, inn) VALUES (?, ?, ?)",
                         [(i, f"Клиент {i}", inn) for i, inn in enumerate(sorted(inns), 1)])  # fmt: skip
        conn.executemany("INSERT INTO products (id, name, kind, warranty_months) VALUES (?, ?, ?, ?)",
                         [(1, "Касса", "ККТ", 12), (2, "Весы", "Весы", 24)])  # fmt: skip
        start = date(2023, 1, 1)
        ship_days = [start + timedelta(days=d) for d in range(3 * 365)]
        ends = {(d, m): add_months(d, m).isoformat() for d in ship_days for m in (6, 12, 24)}
        batch: list[tuple] = []
        kinds: list[tuple] = []
        for piece in range(1, pieces + 1):
            ship = ship_days[piece % len(ship_days)]
            product = 1 + piece % 2
            batch.append((piece, f"u{piece}", 1 + piece % 10_000, product,
                          "Касса" if product == 1 else "Весы", f"SN{piece:08d}", ship.isoformat(),
                          ends[ship, 12 if product == 1 else 24], "2024-01-01"))  # fmt: skip
            kinds.append((piece, "ТО", 6, ends[ship, 6]))
            if product == 2:
                kinds.append((piece, "Поверка", 12, ends[ship, 12]))
            if len(batch) >= 100_000:
                _flush(conn, batch, kinds)
        _flush(conn, batch, kinds)
    conn.execute("ANALYZE")
    conn.close()


def _flush(conn: sqlite3.Connection, batch: list[tuple], kinds: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO equipment (id, unit_key, client_id, owner, product_id, name, serial, "
        "ship_date, warranty_end, source, created_at) VALUES (?, ?, ?, 'ours', ?, ?, ?, ?, ?, "
        "'sale', ?)",
        batch,
    )
    conn.executemany(
        "INSERT INTO equipment_maintenance (equipment_id, kind, interval_months, next_due) "
        "VALUES (?, ?, ?, ?)",
        kinds,
    )
    batch.clear()
    kinds.clear()


BARE_DUE = """
SELECT serial, client_id, name, warranty_end FROM equipment
WHERE warranty_end >= ? AND warranty_end < ?
UNION ALL
SELECT equipment_id, kind, interval_months, next_due FROM equipment_maintenance
WHERE next_due >= ? AND next_due < ?
"""


def bench_maintenance_due(
    folder: Path, pieces: int, repeat: int, timer: Any, result: Any
) -> list[dict]:
    """«[equipment] maintenance-due for a month over N pieces» against a bare query (target 3×)."""
    from db.equipment import maintenance_due

    path = folder / "register.sqlite"
    build_register(path, pieces)
    db = connect(path)
    start, end = date(2025, 3, 1), date(2025, 4, 1)
    rows = maintenance_due(db, start, end)
    if not rows:
        raise SystemExit("maintenance-due bench: the month has no control dates")
    params = [start.isoformat(), end.isoformat()] * 2
    # a query of a few tenths of a second: more turns cost little and steady the medians
    (report, bare), (report_cpu, bare_cpu) = alternate(
        [lambda: maintenance_due(db, start, end),
         lambda: db.execute(BARE_DUE, params).fetchall()], max(repeat * 3, 9),
    )  # fmt: skip
    db.close()
    name = f"[equipment] maintenance-due, one month over {pieces:,} pieces ({len(rows):,} dates)"
    row = result(name, report, "bare SQL query of the same dates", bare, 3.0)
    return [with_cpu(row, report_cpu, bare_cpu)]


def run(
    folder: Path, pieces: int, tender_rows: int, repeat: int, timer: Any, result: Any
) -> list[dict]:
    """Both equipment rows for bench/__main__.py."""
    rows = bench_tender_import(folder, tender_rows, repeat, timer, result)
    rows += bench_maintenance_due(folder, pieces, repeat, timer, result)
    return rows
