"""Notification events and who gets them by default (issue 10).

An event is a short code. Every user may choose the events that reach them by e-mail; until they
choose, their role's defaults apply (DEFAULT_EVENTS). A module adds its event by appending one
`EventSpec` line to EVENTS (and its Russian title to ui/texts/notify.py EVENT_TITLES).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.roles import Role

MISSED_REQUEST = "missed_request"
LOW_RATING = "low_rating"
CALLBACK_TASK = "callback_task"
IMPORT_REJECTS = "import_rejects"
DIGEST = "digest"  # the daily summary itself: never subscribed to, sent to digest users


@dataclass(frozen=True)
class EventSpec:
    """One notification event: its code and the roles that get it unless a user chose otherwise."""

    code: str
    default_roles: frozenset[str]


EVENTS: tuple[EventSpec, ...] = (
    EventSpec(MISSED_REQUEST, frozenset({Role.QC, Role.HEAD})),
    EventSpec(LOW_RATING, frozenset({Role.QC, Role.HEAD})),
    EventSpec(CALLBACK_TASK, frozenset()),
    EventSpec(IMPORT_REJECTS, frozenset({Role.HEAD, Role.ADMIN})),
    EventSpec("equipment_reminder", frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN})),
    EventSpec("deal_returned", frozenset({Role.MANAGER})),  # issue 12: QC returned your deal
    EventSpec("refusals_late", frozenset({Role.QC, Role.HEAD})),  # issue 12: queue past target
    # module issues: append one EventSpec line each here
    EventSpec("evaluation_new", frozenset({Role.MANAGER})),  # issue 11: your call was evaluated
    EventSpec("dispute_decided", frozenset({Role.MANAGER})),  # issue 11: your dispute was decided
    EventSpec("listening_behind", frozenset({Role.HEAD})),  # issue 11: who is behind on listening
)

EVENT_CODES: tuple[str, ...] = tuple(e.code for e in EVENTS)
DEFAULT_EVENTS: dict[str, frozenset[str]] = {
    role.value: frozenset(e.code for e in EVENTS if role in e.default_roles) for role in Role
}

# Outbox statuses: waiting to be sent, held for the user's daily digest, done.
PENDING, HELD, SENT, DIGESTED, FAILED = "pending", "held", "sent", "digested", "failed"
MAX_MAIL_DELAY_S = 3600.0


_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


class UnknownEvent(ValueError):
    """The event code is not in EVENTS."""


class BadEmail(ValueError):
    """Not an e-mail address one could send to."""


def is_valid_email(text: str) -> bool:
    """A plausible single address: local@domain.tld, no spaces, brackets or separators."""
    return bool(_EMAIL.match(text.strip()))


def subscribed(role: str, choices: Mapping[str, bool], event: str) -> bool:
    """Whether a user gets an event: their own choice, else their role's default."""
    if event in choices:
        return bool(choices[event])
    return event in DEFAULT_EVENTS.get(role, frozenset())


def chosen_events(role: str, choices: Mapping[str, bool]) -> list[str]:
    """Every event a user gets now, in EVENTS order."""
    return [code for code in EVENT_CODES if subscribed(role, choices, code)]


def mail_retry_delay(attempts: int, base_s: float) -> float:
    """Seconds until a message that failed `attempts` times is tried again (doubling, capped)."""
    return min(max(base_s, 1.0) * 2 ** max(attempts - 1, 0), max(base_s, MAX_MAIL_DELAY_S))
