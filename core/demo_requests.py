"""Deterministic demo requests and storefront leads, shaped like seed 004's Q2-2016 1C-Connect table."""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from core.demo import ROLE_STAFF, DemoWorld
from core.leads import LEAD_STATUSES, Lead
from core.requests import RequestRecord
from core.timeutil import DEFAULT_TZ

T = TypeVar("T")

SOURCE = "demo"
YEAR_REQUESTS = 25_000
YEAR_LEADS = 296
SPECIALIST_POSITION = "Специалист линии консультаций"

# Seed 004, «Распределение обращений клиентов партнеров 1С-Форус за II квартал 2016г.»:
# (wait, reaction, resolution, requests, rated 1-3, rated 4-5). 18 030 requests, 61 unhappy, 4 254 happy.
SEED_CELLS: tuple[tuple[str, str, str, int, int, int], ...] = (
    ("<5m", "<5m", "<1h", 5668, 15, 1775),
    ("<5m", "<5m", "1-24h", 3106, 9, 721),
    ("<5m", "<5m", "24h+", 4881, 4, 548),
    ("<5m", "5-60m", "<1h", 635, 7, 303),
    ("<5m", "5-60m", "1-24h", 614, 4, 215),
    ("<5m", "5-60m", "24h+", 506, 1, 93),
    ("<5m", "60m+", "1-24h", 442, 5, 133),
    ("<5m", "60m+", "24h+", 768, 7, 131),
    ("5-60m", "<5m", "<1h", 133, 0, 57),
    ("5-60m", "<5m", "1-24h", 89, 1, 23),
    ("5-60m", "<5m", "24h+", 103, 0, 20),
    ("5-60m", "5-60m", "<1h", 76, 0, 32),
    ("5-60m", "5-60m", "1-24h", 40, 0, 16),
    ("5-60m", "5-60m", "24h+", 47, 0, 7),
    ("5-60m", "60m+", "1-24h", 49, 0, 14),
    ("5-60m", "60m+", "24h+", 101, 1, 13),
    ("60m+", "<5m", "<1h", 131, 1, 37),
    ("60m+", "<5m", "1-24h", 77, 1, 22),
    ("60m+", "<5m", "24h+", 123, 0, 10),
    ("60m+", "5-60m", "<1h", 63, 0, 13),
    ("60m+", "5-60m", "1-24h", 71, 1, 27),
    ("60m+", "5-60m", "24h+", 57, 0, 10),
    ("60m+", "60m+", "1-24h", 75, 1, 19),
    ("60m+", "60m+", "24h+", 175, 3, 15),
)

LINES = (
    ("Бухгалтерия", 40),
    ("Зарплата и кадры", 22),
    ("Торговля", 18),
    ("1С-Отчетность", 12),
    ("Общие вопросы 1С-Коннект", 8),
)
# Share of requests by organisation, in world.orgs order: the own company, then the 4 partners.
ORG_WEIGHTS = (44, 17, 15, 14, 10)

UNHAPPY_COMMENTS = (
    "Долго ждали ответа, пришлось звонить повторно.",
    "Вопрос так и не решили, перенаправили на другую линию.",
    "Специалист не разобрался с ошибкой обновления.",
    "Ответили шаблоном, по существу не помогли.",
    "Подключились только на следующий день, отчёт сдавали в последний момент.",
    "Обещали перезвонить и не перезвонили.",
)
HAPPY_COMMENTS = (
    "Спасибо, всё быстро и понятно!",
    "Отличная консультация, помогли с расчётом отпускных.",
    "Быстро подключились и настроили обмен с банком.",
    "Спасибо за терпение и подробные объяснения.",
    "Помогли сдать отчётность вовремя, благодарю.",
    "Всё решили за пять минут, очень довольны.",
    "Грамотный специалист, рекомендую.",
)

OFFERS = (
    ("1С-Отчетность", 22),
    ("1СПАРК Риски", 12),
    ("1С:ЭДО — подключение и настройка", 14),
    ("1С:Фреш — программы 1С в облаке", 8),
    ("Курс «Бухгалтерский учёт в 1С для начинающих»", 9),
    ("Настройка онлайн-кассы", 10),
    ("1С:Кабинет сотрудника", 6),
    ("Переход на ИТС ПРОФ", 11),
    ("Обновление нестандартной конфигурации", 8),
)


@dataclass(frozen=True)
class LeadProfile:
    """How an organisation treats storefront orders (seed 004: ~20% conversion at leading ones)."""

    share: int
    done: float
    refused: float
    stuck_new: float
    stuck_in_work: float
    contact_min: float  # minutes to the first contact, log-uniform between these bounds
    contact_max: float


# In world.orgs order: own, «Альфа-Учёт», «Бухсервис Восток» (ignores its orders), «Карпова», «Аксиома».
LEAD_PROFILES = (
    LeadProfile(34, 0.21, 0.71, 0.00, 0.08, 5, 240),
    LeadProfile(20, 0.15, 0.75, 0.02, 0.08, 10, 600),
    LeadProfile(16, 0.06, 0.50, 0.30, 0.14, 60, 4320),
    LeadProfile(14, 0.24, 0.70, 0.00, 0.06, 5, 120),
    LeadProfile(16, 0.11, 0.76, 0.03, 0.10, 15, 1440),
)

# Load by local hour on a working day (Moscow): a morning peak, a lunch dip, quiet evenings.
_HOUR_WEIGHTS = (
    0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.6, 1.2, 1.5, 1.5,
    1.3, 1.0, 1.35, 1.35, 1.2, 0.9, 0.45, 0.25, 0.15, 0.08, 0.05, 0.03,
)  # fmt: skip
_WEEKDAY_FACTOR = (1.0, 1.0, 0.97, 0.95, 0.85, 0.12, 0.05)
_HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}
WORK_START = 9
WORK_END = 18


def is_working_time(local: datetime) -> bool:
    """Moscow office hours: weekdays 9–18 outside public holidays."""
    return (
        local.weekday() < 5
        and (local.month, local.day) not in _HOLIDAYS
        and WORK_START <= local.hour < WORK_END
    )


def next_working_start(local: datetime) -> datetime:
    """The next moment the office opens (or `local` itself when it is open)."""
    if is_working_time(local):
        return local
    day = local.date()
    if local.hour >= WORK_START:
        day += timedelta(days=1)
    while day.weekday() >= 5 or (day.month, day.day) in _HOLIDAYS:
        day += timedelta(days=1)
    return datetime.combine(day, time(WORK_START), tzinfo=local.tzinfo)


def _day_factor(day: date) -> float:
    if (day.month, day.day) in _HOLIDAYS:
        return 0.05
    factor = _WEEKDAY_FACTOR[day.weekday()]
    if day.month in (1, 4, 7, 10) and 14 <= day.day <= 28:
        factor *= 1.35  # quarterly reporting: accountants ask more
    elif day.month == 12 and day.day >= 20:
        factor *= 1.2  # year-end closing
    return factor


class _TimeGrid:
    """Hour slots of the demo year with their load weights, for drawing creation moments."""

    def __init__(self, today: date, now: datetime, tz: str, days: int = 365) -> None:
        zone = ZoneInfo(tz)
        self.zone = zone
        self.starts: list[datetime] = []
        weights: list[float] = []
        for offset in range(days, -1, -1):
            day = today - timedelta(days=offset)
            factor = _day_factor(day)
            for hour in range(24):
                start = datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)
                if start >= now:
                    break
                self.starts.append(start)
                weights.append(factor * _HOUR_WEIGHTS[hour])
        self.cumulative = list(accumulate(weights))
        self.now = now

    def draw(self, rng: random.Random) -> datetime:
        """A creation moment: an hour slot by its weight, then a uniform second in it (before now)."""
        index = bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        index = min(index, len(self.starts) - 1)
        start = self.starts[index]
        span = min(3600.0, (self.now - start).total_seconds())
        return start + timedelta(seconds=int(rng.random() * span))


def demo_now(today: date, tz: str = DEFAULT_TZ, current: datetime | None = None) -> datetime:
    """The demo's 'now': the real moment on the current local or UTC day, else 15:00 local of today."""
    current = current or datetime.now(UTC)
    zone = ZoneInfo(tz)
    if today in (current.astimezone(zone).date(), current.astimezone(UTC).date()):
        return current.astimezone(UTC).replace(microsecond=0)
    return datetime.combine(today, time(15), tzinfo=zone).astimezone(UTC)


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to weights, rounding by largest remainder so the sum is exact."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _minute_bucket_seconds(rng: random.Random, bucket: str) -> float:
    if bucket == "<5m":
        return 8 + 288 * rng.random() ** 1.8  # most assignments and replies within two minutes
    if bucket == "5-60m":
        return _log_uniform(rng, 300, 3599)
    return _log_uniform(rng, 3600, 4 * 3600)


def _resolution_seconds(rng: random.Random, bucket: str, reaction: float) -> float:
    if bucket == "<1h":
        low = max(reaction + 20, 90.0)
        return rng.uniform(min(low, 3598.0), 3599.0)
    if bucket == "1-24h":
        return _log_uniform(rng, max(3600.0, reaction + 60), 86399.0)
    return _log_uniform(rng, max(86400.0, reaction + 60), 12 * 86400.0)


@dataclass(frozen=True)
class _Slot:
    wait: str
    reaction: str
    resolution: str
    rating: str  # 'unhappy' | 'happy' | 'none'


def _slots(rng: random.Random, total: int) -> list[_Slot]:
    """The seed table scaled to `total` requests (exact proportions), shuffled."""
    counts = allocate(total, [c[3] for c in SEED_CELLS])
    slots: list[_Slot] = []
    for (wait, reaction, resolution, seed_n, unhappy, happy), n in zip(
        SEED_CELLS, counts, strict=True
    ):
        n_unhappy = round(unhappy * n / seed_n)
        n_happy = round(happy * n / seed_n)
        for kind, k in (("unhappy", n_unhappy), ("happy", n_happy),
                        ("none", n - n_unhappy - n_happy)):  # fmt: skip
            slots.extend(_Slot(wait, reaction, resolution, kind) for _ in range(k))
    rng.shuffle(slots)
    return slots


class _Picker(Generic[T]):
    """Weighted choice with precomputed cumulative weights (fast for 25k draws)."""

    def __init__(self, items: list[T], weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        index = bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.items[min(index, len(self.items) - 1)]


@dataclass
class _People:
    orgs: _Picker[str]
    lines: _Picker[str]
    clients: dict[str, _Picker[str]]
    specialists: dict[str, _Picker[str]]


def _people(world: DemoWorld, rng: random.Random) -> _People:
    names = [o.name for o in world.orgs]
    weights = [float(w) for w in ORG_WEIGHTS[: len(names)]] + [5.0] * (len(names) - 5)
    orgs = _Picker(names, weights)
    by_org: dict[str, list[tuple[str, float]]] = {n: [] for n in names}
    for client in world.clients:
        by_org[orgs.pick(rng)].append((client.name, rng.paretovariate(1.6)))
    clients = {}
    for name in names:
        pairs = by_org[name] or [(c.name, 1.0) for c in world.clients] or [("", 1.0)]
        clients[name] = _Picker([p[0] for p in pairs], [p[1] for p in pairs])
    specialists = {}
    for name in names:
        staff = [p.name for p in world.staff if p.org == name and p.position == SPECIALIST_POSITION]
        staff = staff or [p.name for p in world.staff if p.org == name] or [""]
        specialists[name] = _Picker(staff, [rng.uniform(0.6, 1.4) for _ in staff])
    lines = _Picker([n for n, _ in LINES], [float(w) for _, w in LINES])
    return _People(orgs, lines, clients, specialists)


def _rating(rng: random.Random, kind: str) -> tuple[int | None, str | None]:
    if kind == "unhappy":
        value = rng.choices((1, 2, 3), weights=(3, 3, 4))[0]
        return value, rng.choice(UNHAPPY_COMMENTS) if rng.random() < 0.75 else None
    if kind == "happy":
        value = 5 if rng.random() < 0.98 else 4
        return value, rng.choice(HAPPY_COMMENTS) if rng.random() < 0.1 else None
    return None, None


def _wait_seconds(rng: random.Random, bucket: str, created: datetime, zone: ZoneInfo) -> float:
    """Wait in its bucket; a long wait for an off-hours request lasts until the office opens."""
    if bucket == "60m+":
        local = created.astimezone(zone)
        if not is_working_time(local):
            opens = next_working_start(local)
            return max(3600.0, (opens - local).total_seconds() + rng.uniform(60, 1800))
    return _minute_bucket_seconds(rng, bucket)


def _closed_request(
    rng: random.Random, slot: _Slot, grid: _TimeGrid
) -> tuple[datetime, float, float, float]:
    """(created, wait, reaction, resolution) for a slot, closed before now."""
    reaction = _minute_bucket_seconds(rng, slot.reaction)
    resolution = _resolution_seconds(rng, slot.resolution, reaction)
    for _ in range(40):
        created = grid.draw(rng)
        wait = _wait_seconds(rng, slot.wait, created, grid.zone)
        if slot.resolution == "24h+":
            closed_local = (created + timedelta(seconds=wait + resolution)).astimezone(grid.zone)
            if not is_working_time(closed_local):
                opens = next_working_start(closed_local) + timedelta(seconds=rng.uniform(0, 7200))
                resolution = (opens - created).total_seconds() - wait
        if created + timedelta(seconds=wait + resolution) < grid.now:
            return created, wait, reaction, resolution
    wait = _minute_bucket_seconds(rng, slot.wait)
    created = grid.now - timedelta(seconds=int(wait + resolution + rng.uniform(3600, 72 * 3600)))
    return created, wait, reaction, resolution


def build_requests(
    world: DemoWorld,
    seed: int,
    today: date,
    now: datetime,
    tz: str = DEFAULT_TZ,
    total: int = YEAR_REQUESTS,
) -> list[RequestRecord]:
    """A year of closed requests ending at `now`, in the seed table's proportions, oldest first."""
    rng = random.Random(f"demo-requests:{seed}")
    grid = _TimeGrid(today, now, tz)
    people = _people(world, rng)
    drafts = []
    for slot in _slots(rng, total):
        created, *spans = _closed_request(rng, slot, grid)
        wait, reaction, resolution = (int(x) for x in spans)  # whole seconds, as 1C-Connect has
        org = people.orgs.pick(rng)
        rating, comment = _rating(rng, slot.rating)
        assigned = created + timedelta(seconds=wait)
        drafts.append(
            (
                created,
                org,
                people.lines.pick(rng),
                people.clients[org].pick(rng),
                people.specialists[org].pick(rng),
                assigned,
                assigned + timedelta(seconds=reaction),
                assigned + timedelta(seconds=resolution),
                rating,
                comment,
            )
        )
    drafts.sort(key=lambda d: d[0])
    return [
        RequestRecord(
            id=f"demo-{index:06d}",
            source=SOURCE,
            created_at=created,
            org=org,
            line=line,
            client=client,
            specialist=specialist,
            assigned_at=assigned,
            first_reply_at=first_reply,
            closed_at=closed,
            rating=rating,
            rating_comment=comment,
        )
        for index, (
            created,
            org,
            line,
            client,
            specialist,
            assigned,
            first_reply,
            closed,
            rating,
            comment,
        ) in enumerate(drafts, start=1)  # fmt: skip
    ]


def build_open_queue(
    world: DemoWorld, seed: int, now: datetime, tz: str = DEFAULT_TZ
) -> list[RequestRecord]:
    """8–20 open requests of the last hours: some waiting unassigned (one past an hour: missed)."""
    rng = random.Random(f"demo-open:{seed}")
    people = _people(world, random.Random(f"demo-requests:{seed}"))
    count = rng.randint(8, 20)
    # Unassigned waits in minutes: a fresh one, one past the warning, one missed, maybe more.
    waits = [rng.uniform(1, 4.5), rng.uniform(6, 25), rng.uniform(62, 90)]
    waits += [rng.uniform(1, 40) for _ in range(rng.randint(0, 3))]
    records = []
    for index in range(count):
        org = people.orgs.pick(rng)
        line = people.lines.pick(rng)
        client = people.clients[org].pick(rng)
        if index < len(waits):
            created = now - timedelta(minutes=waits[index])
            records.append(
                RequestRecord(
                    id="", source=SOURCE, created_at=created, org=org, line=line, client=client
                )  # fmt: skip
            )
            continue
        created = now - timedelta(minutes=rng.uniform(8, 300))
        assigned = created + timedelta(minutes=rng.uniform(0.3, 4))
        reply = assigned + timedelta(minutes=rng.uniform(0.5, 12))
        records.append(
            RequestRecord(
                id="",
                source=SOURCE,
                created_at=created,
                org=org,
                line=line,
                client=client,
                specialist=people.specialists[org].pick(rng),
                assigned_at=assigned,
                first_reply_at=reply if reply < now and rng.random() < 0.75 else None,
            )
        )
    records.sort(key=lambda r: r.created_at)
    for index, record in enumerate(records, start=1):
        record.id = f"demo-open-{index:02d}"
    return records


def _lead_status(rng: random.Random, profile: LeadProfile, age_days: float) -> str:
    if age_days < 1:
        weights = (0.45, 0.45, 0.05, 0.05)
    elif age_days < 14:
        weights = (
            max(profile.stuck_new, 0.04),
            0.45,
            profile.done * 0.6,
            profile.refused * 0.5,
        )
    else:
        weights = (profile.stuck_new, profile.stuck_in_work, profile.done, profile.refused)
    return rng.choices(("new", "in_work", "done", "refused"), weights=weights)[0]


def _settled_statuses(
    rng: random.Random,
    moments: list[tuple[datetime, bool]],
    orgs: list[str],
    profiles: dict[str, LeadProfile],
    default_profile: LeadProfile,
    now: datetime,
) -> dict[int, str]:
    """Statuses of leads older than two weeks, in each organisation's exact proportions."""
    old: dict[str, list[int]] = {}
    for index, ((created, _), org) in enumerate(zip(moments, orgs, strict=True), start=1):
        if now - created >= timedelta(days=14):
            old.setdefault(org, []).append(index)
    result: dict[int, str] = {}
    for org, indexes in old.items():
        p = profiles.get(org, default_profile)
        weights = [round(w * 1000) for w in (p.stuck_new, p.stuck_in_work, p.done, p.refused)]
        pool = [
            status
            for status, n in zip(LEAD_STATUSES, allocate(len(indexes), weights), strict=True)
            for _ in range(n)
        ]
        rng.shuffle(pool)
        result.update(zip(indexes, pool, strict=True))
    return result


def _first_contact(
    rng: random.Random, profile: LeadProfile, created: datetime, now: datetime, zone: ZoneInfo
) -> datetime:
    """When the manager first called: after a delay typical of the organisation, in office hours."""
    moment = created + timedelta(
        minutes=_log_uniform(rng, profile.contact_min, profile.contact_max)
    )
    local = moment.astimezone(zone)
    if not is_working_time(local):
        moment = next_working_start(local) + timedelta(minutes=rng.uniform(5, 90))
    if moment >= now:
        moment = created + (now - created) * rng.uniform(0.2, 0.8)
    return moment.astimezone(UTC)


def build_leads(
    world: DemoWorld,
    seed: int,
    today: date,
    now: datetime,
    tz: str = DEFAULT_TZ,
    total: int = YEAR_LEADS,
) -> list[Lead]:
    """Storefront orders over the year with realistic statuses, plus a few fresh ones still 'new'."""
    rng = random.Random(f"demo-leads:{seed}")
    grid = _TimeGrid(today, now, tz)
    people = _people(world, random.Random(f"demo-requests:{seed}"))
    names = [o.name for o in world.orgs]
    profiles = dict(zip(names, LEAD_PROFILES, strict=False))
    default_profile = LEAD_PROFILES[1]
    org_picker = _Picker(names, [float(profiles.get(n, default_profile).share) for n in names])
    offers = _Picker([n for n, _ in OFFERS], [float(w) for _, w in OFFERS])
    own = names[0] if names else ""
    managers: dict[str, list[str]] = {}
    for name in names:
        position = ROLE_STAFF["manager"] if name == own else None
        managers[name] = [
            p.name
            for p in world.staff
            if p.org == name and (position is None or p.position == position)
        ] or [""]
    moments = [(grid.draw(rng), False) for _ in range(total)]
    # Fresh orders nobody has called about yet: one just in, two past the usual reminder threshold.
    for minutes in (rng.uniform(3, 20), rng.uniform(75, 180), rng.uniform(200, 600)):
        moments.append((now - timedelta(minutes=minutes), True))
    moments.sort()
    orgs = [org_picker.pick(rng) for _ in moments]
    statuses = _settled_statuses(rng, moments, orgs, profiles, default_profile, now)
    leads = []
    for index, ((created, fresh), org) in enumerate(zip(moments, orgs, strict=True), start=1):
        profile = profiles.get(org, default_profile)
        age_days = (now - created).total_seconds() / 86400
        status = "new" if fresh else statuses.get(index) or _lead_status(rng, profile, age_days)
        if status == "new" and not fresh and age_days > 0.5:
            status = "in_work"  # an order left alone for days is «на рассмотрении», not waiting
        contact = None if status == "new" else _first_contact(rng, profile, created, now, grid.zone)
        manager = rng.choice(managers[org])
        if status == "new" and rng.random() < 0.6:
            manager = ""  # the storefront order reached the organisation, not yet a person
        leads.append(
            Lead(
                id=f"V-{index:05d}",
                offer=offers.pick(rng),
                created_at=created,
                status=status,
                client=people.clients[org].pick(rng),
                org=org,
                manager=manager,
                first_contact_at=contact,
            )
        )
    return leads
