"""Support requests and their metrics (DESIGN §5.2): durations, half-open buckets, derived row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cached_property
from itertools import product
from operator import attrgetter
from typing import Any, overload

from core.timeutil import (
    DEFAULT_TZ,
    local_day_column,
    seconds_column,
    stored_column,
    utc_column,
)

WAIT_BUCKETS = ("<5m", "5-60m", "60m+")
REACTION_BUCKETS = WAIT_BUCKETS
RESOLUTION_BUCKETS = ("<1h", "1-24h", "24h+")
RATING_BUCKETS = ("1-3", "none", "4-5")
NO_BUCKET = ""  # a duration that cannot be measured (a missing or out-of-order time)
STATUSES = ("open", "closed")
TOTAL = "total"  # the resolution label of the summary's totals row


@dataclass
class RequestRecord:
    """One support request as an importer or the event rebuild produces it (times aware or naive local)."""

    id: str
    source: str
    created_at: datetime
    org: str = ""
    line: str = ""
    client: str = ""
    specialist: str = ""
    assigned_at: datetime | None = None
    first_reply_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = None
    status: str = field(default="")

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "closed" if self.closed_at is not None else "open"


def minute_bucket(seconds: float | None) -> str:
    """Wait and reaction buckets: [0, 5 min), [5, 60 min), 60 min and more."""
    if seconds is None:
        return NO_BUCKET
    if seconds < 5 * 60:
        return "<5m"
    if seconds < 60 * 60:
        return "5-60m"
    return "60m+"


def resolution_bucket(seconds: float | None) -> str:
    """Resolution buckets: [0, 1 h), [1, 24 h), 24 h and more."""
    if seconds is None:
        return NO_BUCKET
    if seconds < 3600:
        return "<1h"
    if seconds < 24 * 3600:
        return "1-24h"
    return "24h+"


def rating_bucket(rating: int | None) -> str:
    """Rating 1–3 is unhappy, 4–5 happy, no rating 'none'."""
    if rating is None:
        return "none"
    return "1-3" if rating <= 3 else "4-5"


ROW_COLUMNS = (
    "id", "source", "org", "line", "client", "specialist", "created_at", "assigned_at",
    "first_reply_at", "closed_at", "rating", "rating_comment", "status", "created_day", "wait_s",
    "reaction_s", "resolution_s", "wait_b", "reaction_b", "resolution_b", "rating_b",
)  # fmt: skip
ROLLUP_KEY = ("created_day", "org", "line", "specialist", "wait_b", "reaction_b", "resolution_b",
              "rating_b")  # fmt: skip


class RequestBatch(Sequence[RequestRecord]):
    """Requests as columns, one list per RequestRecord field: what a 100k-row import hands to
    storage without building 100k objects. Reads as a sequence of RequestRecord."""

    FIELDS = tuple(f.name for f in fields(RequestRecord))

    def __init__(self, columns: Mapping[str, list[Any]]) -> None:
        size = len(columns["id"])
        missing = [f for f in self.FIELDS if f not in columns]
        uneven = [f for f in self.FIELDS if f in columns and len(columns[f]) != size]
        if missing or uneven:
            raise ValueError(f"batch columns missing {missing} or of other length {uneven}")
        self.columns: dict[str, list[Any]] = {f: columns[f] for f in self.FIELDS}

    @classmethod
    def from_records(cls, records: Iterable[RequestRecord]) -> RequestBatch:
        """Records as a batch (their columns)."""
        getter = attrgetter(*cls.FIELDS)
        rows = [getter(r) for r in records]
        if not rows:
            return cls({f: [] for f in cls.FIELDS})
        return cls(dict(zip(cls.FIELDS, map(list, zip(*rows, strict=True)), strict=True)))

    def __len__(self) -> int:
        return len(self.columns["id"])

    def take(self, positions: Sequence[int]) -> RequestBatch:
        """The records at these positions, in this order."""
        return RequestBatch({f: [c[i] for i in positions] for f, c in self.columns.items()})

    @overload
    def __getitem__(self, index: int) -> RequestRecord: ...
    @overload
    def __getitem__(self, index: slice) -> RequestBatch: ...
    def __getitem__(self, index: int | slice) -> RequestRecord | RequestBatch:
        if isinstance(index, slice):
            return RequestBatch({f: c[index] for f, c in self.columns.items()})
        return RequestRecord(*(self.columns[f][index] for f in self.FIELDS))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RequestBatch):
            return self.columns == other.columns
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def stored_columns(batch: RequestBatch, tz: str = DEFAULT_TZ) -> list[list[Any]]:
    """The stored rows as columns in ROW_COLUMNS order: UTC texts, local day, durations, buckets.

    Computed once at write time, a column at a time, so reports never parse times and a 100k-row
    import spends its time in C (the hot path of every import). Durations are elapsed time
    between the UTC moments; a missing or out-of-order time gives no duration and no bucket.
    """
    c = batch.columns
    created, assigned, reply, closed = (
        utc_column(c[f], tz) for f in ("created_at", "assigned_at", "first_reply_at", "closed_at")
    )
    wait = seconds_column(created, assigned)
    reaction = seconds_column(assigned, reply)
    resolution = seconds_column(assigned, closed)
    return [
        c["id"],
        c["source"],
        *([v or "" for v in c[f]] for f in ("org", "line", "client", "specialist")),
        *(stored_column(m) for m in (created, assigned, reply, closed)),
        c["rating"],
        c["rating_comment"],
        c["status"],
        local_day_column(created, tz),  # type: ignore[arg-type]
        wait,
        reaction,
        resolution,
        list(map(minute_bucket, wait)),
        list(map(minute_bucket, reaction)),
        list(map(resolution_bucket, resolution)),
        list(map(rating_bucket, c["rating"])),
    ]


def to_values(record: RequestRecord, tz: str = DEFAULT_TZ) -> tuple:
    """One request's stored row as a tuple in ROW_COLUMNS order (see stored_columns)."""
    return next(zip(*stored_columns(RequestBatch.from_records([record]), tz), strict=True))


def to_row(record: RequestRecord, tz: str = DEFAULT_TZ) -> dict:
    """The stored row as a dict keyed by column name."""
    return dict(zip(ROW_COLUMNS, to_values(record, tz), strict=True))


CELL_BUCKETS = ("wait", "reaction", "resolution", "rating")


@dataclass(frozen=True)
class Cell:
    wait: str
    reaction: str
    resolution: str
    rating: str
    count: int


@dataclass(frozen=True)
class SummaryRow:
    resolution: str
    count: int
    share: float
    unhappy: int
    no_rating: int
    happy: int


@dataclass(frozen=True)
class RequestStats:
    """The statistics report (DESIGN §7 request-stats JSON) for closed requests created in [from, to)."""

    start: str
    end: str
    total: int
    cells: list[Cell]
    summary: list[SummaryRow]
    rated: int
    rating_sum: int
    unhappy: int

    @property
    def average(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None

    def count(self, **where: str) -> int:
        """Requests in the cells whose buckets match, e.g. count(wait="<5m", rating="1-3")."""
        unknown = where.keys() - set(CELL_BUCKETS)
        if unknown:
            raise TypeError(f"no such bucket: {', '.join(sorted(unknown))}")
        return self._counts.get(tuple(where.get(k) for k in CELL_BUCKETS), 0)

    @cached_property
    def _counts(self) -> dict[tuple[str | None, ...], int]:
        """Every count() answer at once (None: any bucket), so the page's tree of ~120 figures
        reads each one instead of walking every cell for each (issue 14, item 11)."""
        counts: dict[tuple[str | None, ...], int] = {}
        for c in self.cells:
            buckets = tuple(getattr(c, k) for k in CELL_BUCKETS)
            for mask in product((False, True), repeat=len(CELL_BUCKETS)):
                key = tuple(None if wild else b for wild, b in zip(mask, buckets, strict=True))
                counts[key] = counts.get(key, 0) + c.count
        return counts

    def summary_with_total(self) -> list[SummaryRow]:
        """The summary rows followed by the totals row (resolution TOTAL), as the seed prints it."""
        total = SummaryRow(
            resolution=TOTAL,
            count=self.total,
            share=1.0 if self.total else 0.0,
            unhappy=sum(s.unhappy for s in self.summary),
            no_rating=sum(s.no_rating for s in self.summary),
            happy=sum(s.happy for s in self.summary),
        )
        return [*self.summary, total]

    @property
    def unhappy_share(self) -> float | None:
        return self.unhappy / self.rated if self.rated else None

    def to_json(self) -> dict:
        """The CLI contract's JSON shape."""
        return {
            "from": self.start,
            "to": self.end,
            "total": self.total,
            "cells": [c.__dict__ for c in self.cells if c.count],
            "summary": [s.__dict__ for s in self.summary],
            "ratings": {
                "count": self.rated,
                "average": round(self.average, 4) if self.average is not None else None,
                "unhappy_share": (
                    round(self.unhappy_share, 4) if self.unhappy_share is not None else None
                ),
            },
        }


def build_stats(
    start: str, end: str, groups: list[tuple[str, str, str, str, int, int]]
) -> RequestStats:
    """Assemble the report from (wait, reaction, resolution, rating, count, rating_sum) groups."""
    cells = [Cell(w, r, s, g, n) for w, r, s, g, n, _ in groups if n]
    cells.sort(key=_cell_order)
    total = sum(c.count for c in cells)
    summary = []
    for bucket in (*RESOLUTION_BUCKETS, *((NO_BUCKET,) if _has(cells, NO_BUCKET) else ())):
        inside = [c for c in cells if c.resolution == bucket]
        count = sum(c.count for c in inside)
        summary.append(
            SummaryRow(
                resolution=bucket,
                count=count,
                share=count / total if total else 0.0,
                unhappy=sum(c.count for c in inside if c.rating == "1-3"),
                no_rating=sum(c.count for c in inside if c.rating == "none"),
                happy=sum(c.count for c in inside if c.rating == "4-5"),
            )
        )
    rated = sum(n for _, _, _, g, n, _ in groups if g != "none")
    return RequestStats(
        start=start,
        end=end,
        total=total,
        cells=cells,
        summary=summary,
        rated=rated,
        rating_sum=sum(s for *_, s in groups),
        unhappy=sum(n for _, _, _, g, n, _ in groups if g == "1-3"),
    )


def _has(cells: list[Cell], resolution: str) -> bool:
    return any(c.resolution == resolution for c in cells)


def _order(value: str, order: tuple[str, ...]) -> int:
    return order.index(value) if value in order else len(order)


def _cell_order(cell: Cell) -> tuple[int, int, int, int]:
    return (
        _order(cell.wait, WAIT_BUCKETS),
        _order(cell.reaction, REACTION_BUCKETS),
        _order(cell.resolution, RESOLUTION_BUCKETS),
        _order(cell.rating, RATING_BUCKETS),
    )
