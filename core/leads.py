"""Storefront leads («Витрина», seed 004): statuses, transitions, first contact, conversion, pending."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

LEAD_STATUSES = ("new", "in_work", "done", "refused")
OPEN_STATUSES = ("new", "in_work")
FINAL_STATUSES = ("done", "refused")

# new -> in_work -> done | refused; done and refused are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("in_work",),
    "in_work": ("done", "refused"),
    "done": (),
    "refused": (),
}


class LeadTransitionError(ValueError):
    """A status change the lead workflow does not allow; `code` names the problem."""

    def __init__(self, code: str, current: str, target: str) -> None:
        super().__init__(f"{code}: {current} -> {target}")
        self.code = code
        self.current = current
        self.target = target


@dataclass(frozen=True)
class Lead:
    """One storefront order: an offer a client asked for, handled by a partner's manager."""

    id: str
    offer: str
    created_at: datetime
    status: str = "new"
    client: str = ""
    org: str = ""
    manager: str = ""
    first_contact_at: datetime | None = None


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a lead in `status` may move to (the page shows one button each)."""
    return TRANSITIONS.get(status, ())


def check_transition(current: str, target: str) -> None:
    """Raise LeadTransitionError unless current -> target is an allowed step."""
    if target not in LEAD_STATUSES:
        raise LeadTransitionError("unknown_status", current, target)
    if current not in LEAD_STATUSES:
        raise LeadTransitionError("unknown_status", current, target)
    if target not in TRANSITIONS[current]:
        raise LeadTransitionError("bad_transition", current, target)


LEAD_PERIOD_DAYS = 90


def default_lead_period(today: date, days: int = LEAD_PERIOD_DAYS) -> tuple[date, date]:
    """[start, end) of the last `days` local days, today included: the one period the overview
    card and «Витрина» both mean by «за последние 90 дней» (issue 14)."""
    return today - timedelta(days=days - 1), today + timedelta(days=1)


def may_work_lead(role: str, actor_name: str, lead_manager: str) -> bool:
    """A manager works their own leads and unassigned ones (taking a colleague's is an explicit
    «Забрать себе»); QC, the head and the admin may move any lead (issue 14)."""
    if role != "manager":
        return True
    return not lead_manager or lead_manager == actor_name


def apply_transition(lead: Lead, target: str, at: datetime, manager: str = "") -> Lead:
    """The lead after moving to `target` at `at`; leaving 'new' records the first contact."""
    check_transition(lead.status, target)
    first_contact = lead.first_contact_at
    if lead.status == "new" and first_contact is None:
        first_contact = at
    return replace(
        lead,
        status=target,
        first_contact_at=first_contact,
        manager=lead.manager or manager,
    )


def minutes_to_first_contact(created: datetime, first_contact: datetime | None) -> float | None:
    """Minutes from the order to the manager's first contact; None when not contacted yet."""
    if first_contact is None:
        return None
    value = (first_contact - created).total_seconds() / 60
    return value if value >= 0 else None


@dataclass(frozen=True)
class Conversion:
    """Lead counts by status and the two conversion rates the storefront report shows."""

    new: int = 0
    in_work: int = 0
    done: int = 0
    refused: int = 0

    @property
    def total(self) -> int:
        return self.new + self.in_work + self.done + self.refused

    @property
    def pending(self) -> int:
        """Leads still under consideration («На рассмотрении»): new or in work."""
        return self.new + self.in_work

    @property
    def closed_rate(self) -> float | None:
        """done / (done + refused): how many decided leads ended in a sale."""
        decided = self.done + self.refused
        return self.done / decided if decided else None

    @property
    def overall_rate(self) -> float | None:
        """done / all leads: the seed's «конверсия заказов» (~20% at leading partners)."""
        return self.done / self.total if self.total else None

    @property
    def pending_share(self) -> float | None:
        """Share of leads still under consideration."""
        return self.pending / self.total if self.total else None


def conversion_from_counts(counts: dict[str, int]) -> Conversion:
    """Build a Conversion from a {status: count} mapping (unknown statuses are ignored)."""
    return Conversion(**{s: int(counts.get(s, 0)) for s in LEAD_STATUSES})


def is_pending(status: str, created: datetime, now: datetime, threshold_minutes: float) -> bool:
    """A lead still 'new' longer than the threshold: the manager has not called the client yet."""
    return status == "new" and (now - created).total_seconds() / 60 > threshold_minutes


def median(values: list[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2
