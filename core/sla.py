"""SLA targets per line and the share of requests within them (issue 14, item 4).

First reply is counted from the request's creation to the first specialist reply (what the
client waits for), resolution from creation to the close; both in wall-clock minutes, or in
working minutes of the business calendar when the caller passes a clock. A target of 0 (or
none) means «no target». The monitor warns once an open request has used WARN_SHARE of its
first-reply target without a reply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

WARN_SHARE = 0.8
DEFAULT_LINE = ""  # the target of every line without its own


@dataclass(frozen=True)
class SlaTarget:
    """Minutes allowed for the first reply and for the resolution on one line (0: no target)."""

    line: str
    first_reply_minutes: int = 0
    resolution_minutes: int = 0


@dataclass(frozen=True)
class SlaTimes:
    """One closed request: its group keys and epoch seconds (None when missing)."""

    line: str
    specialist: str
    month: str
    created: float
    first_reply: float | None
    closed: float | None


@dataclass
class SlaRow:
    """Requests of one group with a target, and how many met it."""

    key: str
    reply_total: int = 0
    reply_within: int = 0
    resolution_total: int = 0
    resolution_within: int = 0

    @property
    def reply_share(self) -> float | None:
        return self.reply_within / self.reply_total if self.reply_total else None

    @property
    def resolution_share(self) -> float | None:
        return self.resolution_within / self.resolution_total if self.resolution_total else None


def target_for(targets: Mapping[str, SlaTarget], line: str) -> SlaTarget | None:
    """The line's own target, else the default one, else None."""
    return targets.get(line) or targets.get(DEFAULT_LINE)


Span = Callable[[float, float], float]  # seconds between two epoch moments


def _wall(a: float, b: float) -> float:
    return max(0.0, b - a)


def sla_table(
    rows: Iterable[SlaTimes],
    targets: Mapping[str, SlaTarget],
    by: str,
    span: Span | None = None,
) -> list[SlaRow]:
    """Share within target per `by` (line, specialist or month): biggest group first, months in
    calendar order. A request without a first reply misses the reply target; one without a
    close time is not counted."""
    span = span or _wall
    groups: dict[str, SlaRow] = {}
    for r in rows:
        target = target_for(targets, r.line)
        if target is None:
            continue
        key = getattr(r, by)
        row = groups.setdefault(key, SlaRow(key))
        if target.first_reply_minutes > 0:
            row.reply_total += 1
            if (
                r.first_reply is not None
                and span(r.created, r.first_reply) <= target.first_reply_minutes * 60
            ):
                row.reply_within += 1
        if target.resolution_minutes > 0 and r.closed is not None:
            row.resolution_total += 1
            if span(r.created, r.closed) <= target.resolution_minutes * 60:
                row.resolution_within += 1
    counted = [g for g in groups.values() if g.reply_total or g.resolution_total]
    if by == "month":
        return sorted(counted, key=lambda g: g.key)
    return sorted(counted, key=lambda g: (-(g.reply_total + g.resolution_total), g.key))


def near_breach(elapsed_minutes: float, target_minutes: int) -> bool:
    """An open request without a reply has used WARN_SHARE of its first-reply target."""
    return target_minutes > 0 and elapsed_minutes >= WARN_SHARE * target_minutes
