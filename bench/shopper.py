"""Shopper and call QC in `make bench` (issue 11), each beside its bare limit in the same run:

(s1) `report shopper` over N evaluations (21 marks each, a tenth of them calibration) against the
     bare SQL aggregates of the same rows (verdicts by round, missed marks by criterion);
(s2) importing an N-leg Asterisk Master.csv (read, group legs by linkedid, store) against the
     bare parse (decode + csv.reader) plus a bare executemany of the finished call rows.
"""

from __future__ import annotations

import csv
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from core.imports import file_hash
from core.roles import SYSTEM
from core.shopper import MYSTERY_SHOPPER, evaluate
from db.calls import store_call_import
from db.connection import connect
from db.shopper import current_template_id, shopper_report
from importers.calls import decode_lines, read_call_file
from importers.kinds import ReadOptions

TZ = "Europe/Moscow"
CALL_COLUMNS = (
    "key, source, started_at, day, direction, caller, callee, extension, rung, answered, talk_s, "
    "pickup_s, legs, recording, import_id"
)


def _result(name: str, seconds: float, baseline: str, base: float, target: float | None) -> dict:
    ratio = seconds / base if base else float("inf")
    return {
        "operation": name,
        "seconds": round(seconds, 4),
        "baseline": baseline,
        "baseline_seconds": round(base, 4),
        "ratio": round(ratio, 2),
        "target": target,
        "pass": None if target is None else ratio <= target,
    }


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build_evaluations(path: Path, n: int, seed: int = 11) -> None:
    """n mystery-shopper evaluations with their marks, written straight into the schema."""
    rng = random.Random(seed)
    db = connect(path)
    template_id = current_template_id(db, "mystery_shopper")
    db.conn.execute("BEGIN")
    db.execute("INSERT INTO shopper_campaigns (name, family, created_at) "
               "VALUES ('Бенч', 'mystery_shopper', '2026-01-01 00:00:00')")  # fmt: skip
    db.execute("INSERT INTO calibration_sessions (name, created_at) VALUES ('Бенч', '2026-01-01')")
    orgs = []
    for i in range(200):
        cursor = db.execute("INSERT INTO organisations (name, kind, region) VALUES (?, 'partner', ?)",
                            [f"ЦС {i}", f"Город {i % 40}"])  # fmt: skip
        orgs.append(cursor.lastrowid)
    codes = [c.code for c in MYSTERY_SHOPPER.criteria]
    evaluations, marks = [], []
    for eid in range(1, n + 1):
        row_marks = {c: "missed" if rng.random() < 0.12 else "na" if rng.random() < 0.05 else "done"
                     for c in codes}  # fmt: skip
        outcome = evaluate(MYSTERY_SHOPPER, row_marks)
        day = (datetime(2025, 1, 1) + timedelta(days=eid % 365)).date().isoformat()
        evaluations.append((eid, 1, 1 + eid % 3, template_id, rng.choice(orgs), day,
                            1 if eid % 10 == 0 else None, outcome.gross, outcome.errors,
                            outcome.verdict, outcome.score, day))  # fmt: skip
        marks.extend((eid, code, mark) for code, mark in row_marks.items())
    db.conn.executemany(
        "INSERT INTO evaluations (id, campaign_id, round, template_id, org_id, call_day, "
        "calibration_id, gross, errors, verdict, score, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*e[:-1], e[-1], e[-1]) for e in evaluations],
    )
    db.conn.executemany(
        "INSERT INTO evaluation_marks (evaluation_id, code, mark) VALUES (?, ?, ?)", marks
    )
    db.conn.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()


def bare_report(db) -> tuple:
    """The same figures in the fewest SQL statements, no Python around them."""
    verdicts = db.execute(
        "SELECT round, verdict, COUNT(*) FROM evaluations WHERE calibration_id IS NULL "
        "GROUP BY round, verdict"
    ).fetchall()
    missed = db.execute(
        "SELECT m.code, COUNT(*) FROM evaluation_marks m JOIN evaluations e "
        "ON e.id = m.evaluation_id WHERE m.mark = 'missed' AND e.calibration_id IS NULL "
        "GROUP BY m.code"
    ).fetchall()
    return verdicts, missed


def bench_report(folder: Path, n: int, repeat: int) -> list[dict]:
    path = folder / "shopper.sqlite"
    build_evaluations(path, n)
    db = connect(path)
    report = shopper_report(db)
    verdicts, _ = bare_report(db)
    if report["total"] != sum(c for _, _, c in verdicts):
        raise SystemExit("shopper report and bare aggregate disagree")
    whole = _median(lambda: shopper_report(db), repeat)
    bare = _median(lambda: bare_report(db), repeat)
    db.close()
    name = f"(s1) report shopper over {n:,} evaluations ({n * 21:,} marks)"
    return [_result(name, whole, "bare SQL aggregates of the same rows", bare, 3.0)]


def master_csv(n: int, seed: int = 5) -> bytes:
    """n CDR legs: ring groups of three legs, direct calls of one, about 40 % missed."""
    rng = random.Random(seed)
    moment = datetime(2026, 1, 12, 9, 0)
    lines, legs, call = [], 0, 0
    while legs < n:
        call += 1
        moment += timedelta(seconds=rng.randint(1, 40))
        linkedid = f"{1768200000 + call}.{call}"
        caller = f"79{rng.randint(100000000, 999999999)}"
        group = ("101", "102", "103") if rng.random() < 0.5 else (rng.choice(("104", "105")),)
        winner = rng.choice(group) if rng.random() < 0.6 else None
        for ext in group[: n - legs]:
            legs += 1
            talk = rng.randint(5, 600) if ext == winner else 0
            start = moment.isoformat(" ")
            answer = (moment + timedelta(seconds=8)).isoformat(" ") if talk else ""
            end = (moment + timedelta(seconds=8 + talk)).isoformat(" ")
            lines.append(
                f'"","{caller}","600","from-trunk","""Клиент"" <{caller}>","SIP/trunk-{call:08x}",'
                f'"SIP/{ext}-{legs:08x}","Dial","SIP/{ext},30","{start}","{answer}","{end}",'
                f'{8 + talk},{talk},"{"ANSWERED" if talk else "NO ANSWER"}","DOCUMENTATION",'
                f'"{linkedid}{legs}","","","{linkedid}",{legs}\n'
            )
    return "".join(lines).encode()


def bench_calls(folder: Path, n: int, repeat: int) -> list[dict]:
    data = master_csv(n)
    path = folder / "Master.csv"
    path.write_bytes(data)
    options = ReadOptions(file_name=path.name, tz=TZ)
    whole_times, rows = [], []
    for run in range(repeat):
        db = connect(folder / f"calls-{run}.sqlite")
        started = time.perf_counter()
        result = read_call_file(data, options)
        store_call_import(db, SYSTEM, "calls", path.name, file_hash(data), result, TZ)
        whole_times.append(time.perf_counter() - started)
        rows = db.execute(f"SELECT {CALL_COLUMNS} FROM calls ORDER BY id").fetchall()
        db.close()
    parse = _median(lambda: list(csv.reader(decode_lines(data))), repeat)
    insert_times = []
    for run in range(repeat):
        db = connect(folder / f"calls-bare-{run}.sqlite")
        started = time.perf_counter()
        db.conn.execute("BEGIN")
        db.conn.executemany(
            f"INSERT INTO calls ({CALL_COLUMNS}) VALUES ({', '.join('?' * 15)})", rows
        )
        db.conn.execute("COMMIT")
        insert_times.append(time.perf_counter() - started)
        db.close()
    floor = parse + statistics.median(insert_times)
    name = f"(s2) import {n:,}-leg Master.csv ({len(rows):,} calls: read, group, store)"
    return [_result(name, statistics.median(whole_times), "decode + csv.reader + bare insert",
                    floor, 2.0)]  # fmt: skip


def bench_shopper(folder: Path, n: int, repeat: int) -> list[dict]:
    """Both rows for bench/__main__.py."""
    print(f"shopper: {n:,} evaluations, {n:,}-leg call log …", flush=True)
    return bench_report(folder, n, repeat) + bench_calls(folder, n, repeat)
