"""`cli.py feed --demo`: keep the demo monitor moving with a live stream of requests (DESIGN §7).

Each event goes through the same store function as imports (db.requests.upsert_requests, so the
durations, buckets and rollup stay right) and is followed by an alert scan, as a webhook call is.
The stream is deterministic for a seed and a database state; only the clock is real.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TextIO

from sqlite_utils import Database

from commands import EXIT_REFUSED, CliError
from core.demo_requests import HAPPY_COMMENTS, LINES, SPECIALIST_POSITION, UNHAPPY_COMMENTS
from core.requests import RequestRecord
from core.timeutil import DEFAULT_TZ, from_stored, local_day_start_utc, to_local, to_stored, utcnow
from db.alerts import scan_alerts
from db.connection import connect, write_tx
from db.requests import open_requests, upsert_requests
from db.settings import get_setting, get_settings
from ui import texts
from ui.fmt import fmt_dt

SOURCE = "feed"
RATED_ON_CLOSE = 0.35  # share of closed requests rated at once; more arrive later as 'rate'
LOW_SHARE = 0.15  # share of ratings that are 1–3 (seed 004 has 1.4%: raised so the demo shows some)
BUSY_QUEUE = 6  # with this many waiting, new requests slow down and closing speeds up


@dataclass(frozen=True)
class FeedEvent:
    """One thing that happened: its kind (new, assign, reply, close, rate) and the request."""

    kind: str
    request_id: str
    at: datetime
    line: str = ""
    client: str = ""
    specialist: str = ""
    rating: int | None = None


@dataclass
class FeedSummary:
    events: list[FeedEvent] = field(default_factory=list)
    alerts: int = 0

    def count(self, kind: str) -> int:
        return sum(1 for e in self.events if e.kind == kind)


def _record(row: dict[str, Any]) -> RequestRecord:
    """A stored request back as a record, to change one field and store it again."""
    return RequestRecord(
        id=row["id"],
        source=row["source"],
        created_at=from_stored(row["created_at"]) or utcnow(),
        org=row["org"],
        line=row["line"],
        client=row["client"],
        specialist=row["specialist"],
        assigned_at=from_stored(row["assigned_at"]),
        first_reply_at=from_stored(row["first_reply_at"]),
        closed_at=from_stored(row["closed_at"]),
        rating=row["rating"],
        rating_comment=row["rating_comment"],
        status=row["status"],
    )


class DemoFeed:
    """Chooses and stores the next event of the demo stream."""

    def __init__(self, db: Database, seed: int, tz: str = DEFAULT_TZ) -> None:
        self.db = db
        self.tz = tz
        self.rng = random.Random(f"feed:{seed}")
        self.prefix = f"feed-{seed}-"
        self.number = db.execute(
            "SELECT COUNT(*) FROM requests WHERE id >= ? AND id < ?",
            [self.prefix, self.prefix[:-1] + "."],
        ).fetchone()[0]
        self.lines = [name for name, _ in LINES]
        self.line_weights = [float(weight) for _, weight in LINES]
        self.orgs: dict[str, list[str]] = {}
        for org, person in db.execute(
            "SELECT o.name, s.name FROM staff s JOIN organisations o ON o.id = s.org_id "
            "WHERE s.position = ? ORDER BY o.id, s.id",
            [SPECIALIST_POSITION],
        ).fetchall():
            self.orgs.setdefault(org, []).append(person)
        self.clients = [r[0] for r in db.execute("SELECT name FROM clients ORDER BY id").fetchall()]

    def _full(self, request_id: str) -> dict[str, Any]:
        return dict(next(self.db.query("SELECT * FROM requests WHERE id = ?", [request_id])))

    def _recently_closed_unrated(self, now: datetime) -> list[str]:
        since = to_stored(local_day_start_utc(to_local(now, self.tz).date(), self.tz))
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM requests WHERE closed_at >= ? AND rating IS NULL AND source = ? "
                "ORDER BY closed_at DESC, id LIMIT 20",
                [since, SOURCE],
            ).fetchall()
        ]

    def _rating(self) -> tuple[int, str | None]:
        if self.rng.random() < LOW_SHARE:
            return self.rng.choice((1, 2, 3)), self.rng.choice(UNHAPPY_COMMENTS)
        comment = self.rng.choice(HAPPY_COMMENTS) if self.rng.random() < 0.2 else None
        return self.rng.choice((4, 5, 5, 5)), comment

    def _specialist(self, org: str) -> str:
        staff = self.orgs.get(org) or [p for people in self.orgs.values() for p in people] or [""]
        return self.rng.choice(staff)

    def step(self, now: datetime) -> FeedEvent:
        """Pick the next event from the current queue and store it."""
        queue = open_requests(self.db)
        waiting = [r for r in queue if r["assigned_at"] is None]
        silent = [r for r in queue if r["assigned_at"] is not None and not r["first_reply_at"]]
        working = [r for r in queue if r["assigned_at"] is not None and r["first_reply_at"]]
        unrated = self._recently_closed_unrated(now)
        busy = len(waiting) >= BUSY_QUEUE
        weights = {
            "new": 1.0 if busy else 4.0,
            "assign": 3.0 if waiting else 0.0,
            "reply": 2.0 if silent else 0.0,
            "close": (4.0 if len(queue) > 2 * BUSY_QUEUE else 2.5) if working else 0.0,
            "rate": 1.0 if unrated else 0.0,
        }
        kinds = [k for k, w in weights.items() if w > 0]
        kind = self.rng.choices(kinds, weights=[weights[k] for k in kinds])[0]
        with write_tx(self.db):
            event = getattr(self, f"_{kind}")(now, waiting, silent, working, unrated)
        return event

    def _store(self, record: RequestRecord) -> None:
        upsert_requests(self.db, [record], self.tz)

    def _new(self, now: datetime, *_: Any) -> FeedEvent:
        self.number += 1
        org = self.rng.choice(sorted(self.orgs)) if self.orgs else ""
        line = self.rng.choices(self.lines, weights=self.line_weights)[0]
        client = self.rng.choice(self.clients) if self.clients else ""
        record = RequestRecord(
            id=f"{self.prefix}{self.number:05d}", source=SOURCE, created_at=now, org=org,
            line=line, client=client,
        )  # fmt: skip
        self._store(record)
        return FeedEvent("new", record.id, now, line=line, client=client)

    def _assign(self, now: datetime, waiting: list[dict[str, Any]], *_: Any) -> FeedEvent:
        # Mostly the longest waiting first, as a dispatcher would; sometimes any.
        row = waiting[0] if self.rng.random() < 0.7 else self.rng.choice(waiting)
        record = _record(self._full(row["id"]))
        record = replace(record, assigned_at=now, specialist=self._specialist(record.org))
        self._store(record)
        return FeedEvent("assign", record.id, now, specialist=record.specialist)

    def _reply(self, now: datetime, _w: Any, silent: list[dict[str, Any]], *_: Any) -> FeedEvent:
        record = replace(_record(self._full(self.rng.choice(silent)["id"])), first_reply_at=now)
        self._store(record)
        return FeedEvent("reply", record.id, now, specialist=record.specialist)

    def _close(
        self, now: datetime, _w: Any, _s: Any, working: list[dict[str, Any]], *_: Any
    ) -> FeedEvent:
        record = _record(self._full(self.rng.choice(working)["id"]))
        rating, comment = self._rating() if self.rng.random() < RATED_ON_CLOSE else (None, None)
        record = replace(
            record, first_reply_at=record.first_reply_at or now, closed_at=now, status="closed",
            rating=rating, rating_comment=comment,
        )  # fmt: skip
        self._store(record)
        return FeedEvent("close", record.id, now, specialist=record.specialist, rating=rating)

    def _rate(self, now: datetime, _w: Any, _s: Any, _k: Any, unrated: list[str]) -> FeedEvent:
        rating, comment = self._rating()
        record = _record(self._full(self.rng.choice(unrated)))
        self._store(replace(record, rating=rating, rating_comment=comment))
        return FeedEvent("rate", record.id, now, specialist=record.specialist, rating=rating)


def describe(event: FeedEvent, tz: str) -> str:
    """One Russian line about an event, for the console."""
    line = texts.FEED_EVENTS[event.kind].format(
        at=fmt_dt(event.at, tz), request=event.request_id, line=event.line, client=event.client,
        specialist=event.specialist, rating=event.rating,
    )  # fmt: skip
    if event.kind == "close" and event.rating is not None:
        line += (
            "; " + texts.FEED_EVENTS["rate"].format(at="", request="", rating=event.rating).strip()
        )
    return line


def run_feed(
    db: Database,
    seed: int = 1,
    rate: float = 12.0,
    count: int | None = None,
    duration: float | None = None,
    out: TextIO | None = None,
    now: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> FeedSummary:
    """Emit events at `rate` a minute until `count` events or `duration` seconds (or Ctrl+C)."""
    settings = get_settings(db)
    tz = str(settings.get("timezone") or DEFAULT_TZ)
    feed = DemoFeed(db, seed, tz)
    summary = FeedSummary()
    interval = 60.0 / rate
    started = clock()
    try:
        while count is None or len(summary.events) < count:
            if duration is not None and clock() - started >= duration:
                break
            moment = now()
            event = feed.step(moment)
            summary.events.append(event)
            created = scan_alerts(db, moment, settings).created
            summary.alerts += len(created)
            if out is not None:
                print(describe(event, tz), file=out, flush=True)
                if created:
                    print(texts.FEED_ALERTS.format(at=fmt_dt(moment, tz), count=len(created)),
                          file=out, flush=True)  # fmt: skip
            if count is not None and len(summary.events) >= count:
                break
            pause = interval
            if duration is not None:
                pause = min(pause, max(0.0, duration - (clock() - started)))
            sleep(pause)
    except KeyboardInterrupt:
        pass
    return summary


def cmd_feed(args: argparse.Namespace) -> None:
    if not args.demo:
        raise CliError(EXIT_REFUSED, texts.FEED_ONLY_DEMO)
    if args.rate <= 0:
        raise CliError(EXIT_REFUSED, texts.FEED_BAD_RATE)
    db = connect(args.db)
    if not get_setting(db, "demo_mode"):
        raise CliError(EXIT_REFUSED, texts.FEED_NOT_DEMO_DB)
    out = None if args.quiet else sys.stdout
    if out is not None:
        print(texts.FEED_STARTED.format(rate=args.rate), file=out, flush=True)
    summary = run_feed(db, args.seed, args.rate, args.count, args.duration, out)
    print(
        texts.FEED_DONE.format(
            events=len(summary.events), created=summary.count("new"), closed=summary.count("close")
        )
    )


def register(sub: argparse._SubParsersAction) -> None:
    """Add `feed` to the CLI."""
    p = sub.add_parser("feed", help=texts.FEED_HELP)
    p.add_argument("--demo", action="store_true", help=texts.FEED_DEMO_HELP)
    p.add_argument("--rate", type=float, default=12.0, help=texts.FEED_RATE_HELP)
    p.add_argument("--duration", type=float, default=None, help=texts.FEED_DURATION_HELP)
    p.add_argument("--count", type=int, default=None, help=texts.FEED_COUNT_HELP)
    p.add_argument("--seed", type=int, default=1, help=texts.FEED_SEED_HELP)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_feed)
