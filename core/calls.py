"""The PBX call log (issue 11, item 5; seed 001): legs of one call grouped into the call, who
answered, how long the talk was, and which calls are worth listening to.

A call is answered when some leg of it had at least one second of talk (billsec >= 1); missed is
an inbound call that no leg answered. Ring-group legs share Asterisk's linkedid. Talks of 60 s
or more are listening candidates (seed 001: «от минуты показывают, как менеджер общается»), talks
of 20–40 s hint at telephony trouble.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

IN, OUT, INTERNAL = "in", "out", "internal"
LISTEN_FROM_S = 60
TELEPHONY_FROM_S, TELEPHONY_TO_S = 20, 40
MAX_EXTENSION_DIGITS = 5  # longer numbers are outside lines (city, mobile, trunks)

_CHANNEL = re.compile(r"^[A-Za-z0-9]+/([^-@/;]+)")


@dataclass
class Leg:
    """One CDR row (one leg of a call)."""

    key: str  # linkedid: the call the leg belongs to
    start: datetime
    src: str = ""
    dst: str = ""
    channel: str = ""
    dstchannel: str = ""
    answer: datetime | None = None
    billsec: int = 0
    sequence: int = 0
    recording: str = ""


@dataclass
class Call:
    key: str
    started: datetime
    direction: str
    caller: str
    callee: str
    answered: bool
    talk_s: int
    pickup_s: int | None = None
    extension: str = ""  # who answered (inbound) or who called (outbound)
    rung: tuple[str, ...] = ()  # extensions the call rang
    legs: int = 1
    recording: str = ""
    source: str = "asterisk"
    extra: dict[str, str] = field(default_factory=dict)


def is_extension(number: str, known: frozenset[str] = frozenset()) -> bool:
    """An internal number: a known extension, or a short all-digit number."""
    return number in known or (number.isdigit() and 0 < len(number) <= MAX_EXTENSION_DIGITS)


def channel_extension(channel: str, known: frozenset[str] = frozenset()) -> str:
    """The extension in a channel name: SIP/101-0000001a, PJSIP/101-…, Local/101@from-queue-… ->
    101; '' for a trunk or anything else."""
    match = _CHANNEL.match(channel)
    if not match:
        return ""
    name = match.group(1)
    return name if is_extension(name, known) else ""


def group_legs(legs: Iterable[Leg], known: frozenset[str] = frozenset()) -> list[Call]:
    """Calls from CDR legs: one call a linkedid, in the order their first legs started."""
    by_key: dict[str, list[Leg]] = {}
    for leg in legs:
        by_key.setdefault(leg.key, []).append(leg)
    calls = [call_of(key, group, known) for key, group in by_key.items()]
    calls.sort(key=lambda c: c.started)
    return calls


def call_of(key: str, legs: Sequence[Leg], known: frozenset[str] = frozenset()) -> Call:
    """One call from its legs (see the module docstring for answered and missed)."""
    ordered = sorted(legs, key=lambda leg: (leg.start, leg.sequence))
    first = ordered[0]
    caller = first.src
    if is_extension(caller, known) or channel_extension(first.channel, known):
        outside = [leg.dst for leg in ordered if leg.dst and not is_extension(leg.dst, known)]
        direction = OUT if outside else INTERNAL
        callee = outside[0] if outside else first.dst
    else:
        direction, callee = IN, first.dst
    answering = max(ordered, key=lambda leg: leg.billsec)
    answered = answering.billsec >= 1
    rung = tuple(
        dict.fromkeys(
            ext
            for leg in ordered
            if (ext := channel_extension(leg.dstchannel, known)
                or (leg.dst if direction == IN and is_extension(leg.dst, known) else ""))
        )
    )  # fmt: skip
    if direction == IN:
        extension = channel_extension(answering.dstchannel, known) if answered else ""
        if answered and not extension and is_extension(answering.dst, known):
            extension = answering.dst
    else:
        extension = (
            caller if is_extension(caller, known) else channel_extension(first.channel, known)
        )
    pickup = None
    if answered and answering.answer is not None:
        pickup = max(0, round((answering.answer - first.start).total_seconds()))
    return Call(
        key=key,
        started=first.start,
        direction=direction,
        caller=caller,
        callee=callee,
        answered=answered,
        talk_s=answering.billsec,
        pickup_s=pickup,
        extension=extension,
        rung=rung,
        legs=len(ordered),
        recording=next((leg.recording for leg in ordered if leg.recording), ""),
    )


def is_missed(call: Call) -> bool:
    """An inbound call that no leg answered."""
    return call.direction == IN and not call.answered


def is_listening_candidate(talk_s: int) -> bool:
    """A talk of a minute or more shows how the manager talks to clients."""
    return talk_s >= LISTEN_FROM_S


def is_telephony_suspect(talk_s: int) -> bool:
    """A talk of 20–40 seconds shows how the telephony is doing."""
    return TELEPHONY_FROM_S <= talk_s <= TELEPHONY_TO_S


PHONE_DIGITS = 10  # a Russian number without its country prefix (8 / 7 / +7)
_PHONE_RUN = re.compile(r"\+?\d[\d\s().\-]{5,}\d")


def phone_key(number: str) -> str:
    """The number in one spelling (digits only, the last ten) so 8 916…, +7 916… and 7916… match."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[-PHONE_DIGITS:]


def phone_keys(text: str) -> set[str]:
    """Every number in a phone field, which may hold several («+7 495 …, 8 916 … доб. 12»)."""
    return {key for run in _PHONE_RUN.findall(text) if (key := phone_key(run))}
