"""(b) the worker's alert scan (issue 10): one `alerts` job run over 1M requests of history vs 10k.

The scan runs every job period whether or not anyone watches, so it must cost the same whatever
the history: it reads the open rows, the last 72 hours by day and closed_at, and the open alerts,
all through indexes. Timed in the steady state (the first run raises the alerts; the timed runs
find them raised, which is what the worker meets every period).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from core.alerts import RECENT_WINDOW
from core.timeutil import DEFAULT_TZ, local_day, to_stored
from db.alerts import scan_alerts
from db.connection import connect
from db.requests import COLUMNS
from db.settings import get_settings

TARGET = 1.5  # "no longer than with 10k", with room for timing noise as in (b)


def with_recent_window(small: Path, big: Path, now: datetime) -> Path:
    """A copy of the small history plus every request of the big one that the scan's window sees
    (created or closed in the last 72 hours): the small copy keeps the last N by creation, so a
    long request closed today but created earlier would be missing and the two would differ."""
    target = small.with_name(small.stem + "-alerts.sqlite")
    shutil.copyfile(small, target)
    db = connect(target)
    db.execute("ATTACH DATABASE ? AS big", [str(big)])
    columns = ", ".join([*COLUMNS, "updated_at", "import_id"])
    with db.conn:
        db.conn.execute(
            f"INSERT OR IGNORE INTO requests ({columns}) SELECT {columns} FROM big.requests "
            "WHERE closed_at >= ? OR created_day >= ?",
            [to_stored(now - RECENT_WINDOW), local_day(now - RECENT_WINDOW, DEFAULT_TZ)],
        )
    db.execute("DETACH DATABASE big")
    db.execute("ANALYZE")
    db.close()
    return target


def bench_alert_scan(
    big: Path,
    small: Path,
    repeat: int,
    now: datetime,
    timer: Callable[[Callable[[], Any], int], float],
    row: Callable[..., dict],
) -> list[dict]:
    """Median seconds of scan_alerts on the big and the small history (same queue, same days)."""
    timings: dict[str, float] = {}
    raised: dict[str, int] = {}
    sizes: list[int] = []
    small = with_recent_window(small, big, now)
    for label, path in (("big", big), ("small", small)):
        db = connect(path)
        settings = get_settings(db)
        scan_alerts(db, now, settings)  # raise what is due once, as the worker's first run
        raised[label] = db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
        timings[label] = timer(lambda db=db, s=settings: scan_alerts(db, now, s), repeat)
        sizes.append(db.execute("SELECT COUNT(*) FROM requests").fetchone()[0])
        db.close()
    if raised["big"] != raised["small"]:
        raise SystemExit(f"the two histories raise different alerts: {raised}")
    return [
        row(
            f"(b) worker alert scan (scan_alerts), {sizes[0]:,} requests, {raised['big']:,} alerts",
            timings["big"],
            f"same with {sizes[1]:,} requests",
            timings["small"],
            TARGET,
        )
    ]
