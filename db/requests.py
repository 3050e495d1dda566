"""Requests storage and the statistics report from the rollup (DESIGN §3, §5.2)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

from sqlite_utils import Database

from core.requests import (
    ROLLUP_KEY,
    ROW_COLUMNS,
    RequestBatch,
    RequestRecord,
    RequestStats,
    build_stats,
    stored_columns,
)
from core.timeutil import DEFAULT_TZ, from_stored, to_stored, utcnow

COLUMNS = ROW_COLUMNS
_INSERT = (
    f"INSERT INTO requests ({', '.join(COLUMNS)}, updated_at, import_id) "
    f"VALUES ({', '.join('?' for _ in COLUMNS)}, ?, ?)"
)
_UPDATE = (
    "UPDATE requests SET "
    + ", ".join(f"{c} = ?" for c in COLUMNS[1:])
    + ", updated_at = ?, import_id = ? WHERE id = ?"
)
_ROLLUP_ADD = (
    "INSERT INTO request_rollup VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
    "n = n + excluded.n, rating_sum = rating_sum + excluded.rating_sum"
)
_DAY_ADD = (
    "INSERT INTO request_rollup_day VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
    "n = n + excluded.n, rating_sum = rating_sum + excluded.rating_sum"
)
_DIM_AT = {"org": 1, "line": 2, "specialist": 3}  # positions in ROLLUP_KEY
_WIDTH = len(COLUMNS)
_CLOSED_AT = COLUMNS.index("closed_at")
_DAY_KEY_AT = tuple(ROLLUP_KEY.index(c) for c in ("created_day", "wait_b", "reaction_b",
                                                  "resolution_b", "rating_b"))  # fmt: skip
_KEY_AT = tuple(COLUMNS.index(c) for c in ROLLUP_KEY)
_STATUS_AT = COLUMNS.index("status")
_RATING_AT = COLUMNS.index("rating")
_LOOKUP_CHUNK = 500
CHUNK_ROWS = 20_000  # rows written between two progress reports
BULK_LOAD_ROWS = 20_000  # a batch this big into an empty table is loaded in bulk
Progress = Callable[[int, int], None]  # (rows written so far, rows to write)
FILTERS = ("org", "line", "specialist")


@dataclass(frozen=True)
class UpsertResult:
    written: int  # inserted or changed
    unchanged: int  # already stored exactly so (a repeated import)


def upsert_requests(
    db: Database,
    records: Iterable[RequestRecord],
    tz: str = DEFAULT_TZ,
    import_id: int | None = None,
    progress: Progress | None = None,
) -> UpsertResult:
    """Insert or update requests by id, keeping the rollup in step; identical rows are left alone.

    Rows are computed a column at a time (core.requests.stored_columns), CHUNK_ROWS at a time so
    a million-row file never holds a million finished rows, and `progress` hears after each chunk.
    The rollup is kept here rather than by triggers: one grouped write per batch instead of one
    per row. Every write to `requests` goes through this function (or `rebuild_rollup`). A later
    record with the same id wins. A first big load (BULK_LOAD_ROWS or more into an empty table,
    inside a transaction) builds the indexes and the rollup once, after the rows.
    """
    batch = records if isinstance(records, RequestBatch) else RequestBatch.from_records(records)
    batch = _last_of_each_id(batch)
    total = len(batch)
    if not total:
        return UpsertResult(0, 0)
    now = to_stored(utcnow())
    table_was_empty = db.conn.execute("SELECT 1 FROM requests LIMIT 1").fetchone() is None
    bulk_load = table_was_empty and total >= BULK_LOAD_ROWS and db.conn.in_transaction
    indexes = _drop_indexes(db) if bulk_load else []
    delta: dict[tuple, list[int]] = {}
    dims: dict[str, set[str]] = {dim: set() for dim in FILTERS}  # bulk load: filter values
    written = 0
    for start in range(0, total, CHUNK_ROWS):
        chunk = batch[start : start + CHUNK_ROWS]
        columns = stored_columns(chunk, tz)
        rows = list(zip(*columns, repeat(now), repeat(import_id)))
        if table_was_empty:  # nothing stored to compare with: every row is new
            inserts, changed, stored = rows, [], {}
        else:
            stored = _stored_rows(db, chunk.columns["id"])
            inserts = [row for row in rows if row[0] not in stored]
            changed = [row for row in rows if row[0] in stored and stored[row[0]] != row[:_WIDTH]]
        db.conn.executemany(_INSERT, inserts)
        if changed:
            db.conn.executemany(_UPDATE, [(*row[1:], row[0]) for row in changed])
        if bulk_load:
            _collect_dimensions(dims, columns)
        else:
            _count_into(delta, inserts, +1)
            _count_into(delta, changed, +1)
            _count_into(delta, [stored[row[0]] for row in changed], -1)
        written += len(inserts) + len(changed)
        if progress is not None:
            progress(min(start + CHUNK_ROWS, total), total)
    if bulk_load:
        for sql in indexes:
            db.conn.execute(sql)
        rebuild_rollup(db, dims)
    if delta:
        db.conn.executemany(_ROLLUP_ADD, [(*key, n, s) for key, (n, s) in delta.items() if n or s])
        by_day: dict[tuple, list[int]] = {}
        for key, (n, s) in delta.items():
            entry = by_day.setdefault(tuple(key[i] for i in _DAY_KEY_AT), [0, 0])
            entry[0] += n
            entry[1] += s
        db.conn.executemany(_DAY_ADD, [(*key, n, s) for key, (n, s) in by_day.items() if n or s])
        db.conn.executemany(
            "INSERT OR IGNORE INTO request_dims VALUES (?, ?)",
            {
                (dim, key[_DIM_AT[dim]])
                for key, (n, _) in delta.items()
                if n > 0
                for dim in FILTERS
                if key[_DIM_AT[dim]]
            },
        )
        if any(n < 0 for n, _ in delta.values()):
            db.execute("DELETE FROM request_rollup WHERE n <= 0")
            db.execute("DELETE FROM request_rollup_day WHERE n <= 0")
    return UpsertResult(written, total - written)


def _collect_dimensions(dims: dict[str, set[str]], columns: list[list[Any]]) -> None:
    """Add the organisations, lines and specialists of the counted (closed, with a close time)
    rows: what rebuild_dimensions would find in the rollup, without three scans of it."""
    counted = [
        s == "closed" and c is not None
        for s, c in zip(columns[_STATUS_AT], columns[_CLOSED_AT], strict=True)
    ]
    for dim in FILTERS:
        dims[dim].update(compress(columns[COLUMNS.index(dim)], counted))


def _drop_indexes(db: Database) -> list[str]:
    """Drop the requests indexes for a first big load and give their SQL to build them again.

    Building each index once over the loaded rows beats updating five of them row by row:
    0.87 s instead of 1.13 s for 100k rows (measured). Only inside the caller's transaction, so a
    failure takes the drop back too.
    """
    indexes = db.conn.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'requests' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        db.conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]


def _last_of_each_id(batch: RequestBatch) -> RequestBatch:
    """The batch with only the last record of every repeated id (a later event wins)."""
    ids = batch.columns["id"]
    if len(set(ids)) == len(ids):
        return batch
    last = {request_id: position for position, request_id in enumerate(ids)}
    return batch.take(sorted(last.values()))


def _stored_rows(db: Database, ids: list[str]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    select = f"SELECT {', '.join(COLUMNS)} FROM requests WHERE id IN "
    for start in range(0, len(ids), _LOOKUP_CHUNK):
        part = ids[start : start + _LOOKUP_CHUNK]
        for row in db.conn.execute(select + f"({', '.join('?' * len(part))})", part):
            found[row[0]] = tuple(row)
    return found


def _count_into(delta: dict[tuple, list[int]], rows: Iterable[tuple], sign: int) -> None:
    """Add the closed rows with a known close time to the rollup delta (key -> [count, rating
    sum]), times `sign`; a request closed as stale has none and stays out of the statistics."""
    key_of = itemgetter(*_KEY_AT)
    for row in rows:
        if row[_STATUS_AT] != "closed" or row[_CLOSED_AT] is None:
            continue
        entry = delta.get(key := key_of(row))
        if entry is None:
            entry = delta[key] = [0, 0]
        entry[0] += sign
        entry[1] += sign * (row[_RATING_AT] or 0)


def filter_sql(filters: dict[str, Sequence[str]] | None) -> tuple[str, list[Any]]:
    """' AND org IN (?, …)' clauses for the chosen organisations, lines and specialists."""
    where, params = "", []
    for column in FILTERS:
        values = (filters or {}).get(column)
        if values:
            where += f" AND {column} IN ({', '.join('?' for _ in values)})"
            params.extend(values)
    return where, params


def rollup_table(where: str) -> str:
    """The rollup a query reads: the per-day one unless it filters by organisation, line or
    specialist (only the fine one has those columns)."""
    return "request_rollup" if where else "request_rollup_day"


def request_stats(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> RequestStats:
    """The report for closed requests created on local days [start, end), from the rollup: the
    per-day one without filters (~55 rows a day), the fine one with them."""
    where, params = filter_sql(filters)
    table = rollup_table(where)
    rows = db.execute(
        "SELECT wait_b, reaction_b, resolution_b, rating_b, SUM(n), SUM(rating_sum) "
        f"FROM {table} WHERE day >= ? AND day < ?{where} "
        "GROUP BY wait_b, reaction_b, resolution_b, rating_b",
        [start.isoformat(), end.isoformat(), *params],
    ).fetchall()
    return build_stats(start.isoformat(), end.isoformat(), [tuple(r) for r in rows])


def request_stats_bare(
    db: Database, start: date, end: date, filters: dict[str, Sequence[str]] | None = None
) -> RequestStats:
    """The same report straight from the requests table: the check (and bench baseline) for the rollup."""
    where, params = filter_sql(filters)
    rows = db.execute(
        "SELECT wait_b, reaction_b, resolution_b, rating_b, COUNT(*), COALESCE(SUM(rating), 0) "
        "FROM requests WHERE status = 'closed' AND closed_at IS NOT NULL "
        f"AND created_day >= ? AND created_day < ?{where} "
        "GROUP BY wait_b, reaction_b, resolution_b, rating_b",
        [start.isoformat(), end.isoformat(), *params],
    ).fetchall()
    return build_stats(start.isoformat(), end.isoformat(), [tuple(r) for r in rows])


def dimension_values(db: Database, column: str) -> list[str]:
    """Distinct organisations, lines or specialists with closed requests, for the report filters
    (kept beside the rollup: a DISTINCT over it took 0.8 s with a year of 1M requests)."""
    if column not in FILTERS:
        raise ValueError(column)
    return [
        r[0]
        for r in db.execute(
            "SELECT value FROM request_dims WHERE dim = ? ORDER BY value", [column]
        ).fetchall()
    ]


def rebuild_dimensions(db: Database) -> None:
    """The filter values again from the fine rollup (after a rebuild or a deletion)."""
    db.execute("DELETE FROM request_dims")
    for column in FILTERS:
        db.execute(
            f"INSERT INTO request_dims SELECT DISTINCT ?, {column} FROM request_rollup "
            f"WHERE n > 0 AND {column} != ''",
            [column],
        )


def open_requests(db: Database) -> list[dict[str, Any]]:
    """Every open request (the live queue), oldest first; uses the partial index on open rows."""
    return list(
        db.query(
            "SELECT id, source, org, line, client, specialist, created_at, assigned_at, "
            "first_reply_at FROM requests WHERE status = 'open' ORDER BY created_at"
        )
    )


def queue_snapshot(db: Database, now: datetime | None = None) -> dict[str, Any]:
    """The live queue now (DESIGN §7 `report queue --json`): open, unassigned waiting, loads, oldest wait."""
    now = now or utcnow()
    rows = open_requests(db)
    by_line: dict[str, int] = {}
    by_specialist: dict[str, int] = {}
    waiting = []
    for row in rows:
        by_line[row["line"]] = by_line.get(row["line"], 0) + 1
        if row["assigned_at"] is None:
            created = from_stored(row["created_at"])
            if created is not None:
                waiting.append((now - created).total_seconds() / 60)
        elif row["specialist"]:
            by_specialist[row["specialist"]] = by_specialist.get(row["specialist"], 0) + 1
    return {
        "open": len(rows),
        "waiting_unassigned": len(waiting),
        "by_line": dict(sorted(by_line.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_specialist": dict(sorted(by_specialist.items(), key=lambda kv: (-kv[1], kv[0]))),
        "oldest_wait_minutes": round(max(waiting), 1) if waiting else 0,
    }


def rebuild_rollup(db: Database, dims: dict[str, set[str]] | None = None) -> None:
    """Recompute the rollup from the requests table (after a time-zone change, a repair or a first
    big load). NOT INDEXED: the planner would walk requests_day and read each row at random, 1.7×
    slower than a scan and one sort (measured on 100k rows). `dims`: the filter values when the
    caller already has them (a first big load), instead of three scans of the new rollup."""
    db.execute("DELETE FROM request_rollup")
    db.execute(
        "INSERT INTO request_rollup SELECT created_day, org, line, specialist, wait_b, reaction_b, "
        "resolution_b, rating_b, COUNT(*), COALESCE(SUM(rating), 0) FROM requests NOT INDEXED "
        "WHERE status = 'closed' AND closed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
    )
    db.execute("DELETE FROM request_rollup_day")
    db.execute(
        "INSERT INTO request_rollup_day SELECT day, wait_b, reaction_b, resolution_b, rating_b, "
        "SUM(n), SUM(rating_sum) FROM request_rollup GROUP BY 1, 2, 3, 4, 5"
    )
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'request_dims'").fetchone():
        return
    if dims is None:
        rebuild_dimensions(db)
        return
    db.execute("DELETE FROM request_dims")
    db.conn.executemany(
        "INSERT INTO request_dims VALUES (?, ?)",
        [(dim, value) for dim in FILTERS for value in sorted(dims.get(dim, ())) if value],
    )
