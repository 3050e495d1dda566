"""(b) the worker's alert scan (issue 10): one `alerts` job run over 1M requests of history vs 10k.

The scan runs every job period whether or not anyone watches, so it must cost the same whatever
the history: it reads the open rows, the last 72 hours by day and closed_at, and the open alerts,
all through indexes. Timed in the steady state (the first run raises the alerts; the timed runs
find them raised, which is what the worker meets every period).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from db.alerts import scan_alerts
from db.connection import connect
from db.settings import get_settings

TARGET = 1.5  # "no longer than with 10k", with room for timing noise as in (b)


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
