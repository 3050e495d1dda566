"""Demo requests and leads: deterministic, a year of ~25k requests shaped like seed 004, a live queue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from core.demo import build_world
from core.demo_requests import (
    SEED_CELLS,
    YEAR_REQUESTS,
    allocate,
    build_leads,
    build_open_queue,
    demo_now,
)
from core.timeutil import DEFAULT_TZ
from db.connection import connect
from db.demo import fill_demo
from db.leads import LeadFilter, count_pending, counts_by_org, status_counts
from db.requests import queue_snapshot, request_stats

TODAY = date(2026, 4, 20)  # a Monday
NOW = demo_now(TODAY, DEFAULT_TZ, current=datetime(2000, 1, 1, tzinfo=UTC))  # 15:00 Moscow
SEED_TOTAL = 18_030


def _filled(path: Path, seed: int) -> Database:
    db = connect(path)
    fill_demo(db, seed=seed, today=TODAY)
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo database of seed 7 for a fixed day (so 'now' is 15:00 Moscow on that day)."""
    db = _filled(tmp_path_factory.mktemp("demo_requests") / "a.sqlite", 7)
    yield db
    db.close()


@pytest.fixture(scope="module")
def year(demo: Database):
    """The statistics report over the whole demo year (what the request-stats page shows)."""
    return request_stats(demo, TODAY - timedelta(days=400), TODAY + timedelta(days=1))


def _first_rows(db: Database, table: str, order: str, n: int = 5) -> list[tuple]:
    columns = [c.name for c in db[table].columns if c.name != "updated_at"]
    sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order} LIMIT {n}"
    return db.execute(sql).fetchall()


def test_the_same_seed_and_day_give_the_same_demo_data(demo, tmp_path):
    again = _filled(tmp_path / "b.sqlite", 7)

    for table, order in (("requests", "id"), ("leads", "id")):
        count = f"SELECT COUNT(*) FROM {table}"
        assert again.execute(count).fetchone() == demo.execute(count).fetchone()
        assert _first_rows(again, table, order) == _first_rows(demo, table, order)
    last = "SELECT id, created_at, closed_at, rating FROM requests ORDER BY id DESC LIMIT 3"
    assert again.execute(last).fetchall() == demo.execute(last).fetchall()


def test_another_seed_gives_other_requests(demo, tmp_path):
    other = _filled(tmp_path / "c.sqlite", 8)

    assert _first_rows(other, "requests", "id") != _first_rows(demo, "requests", "id")


def test_a_year_holds_about_25_thousand_closed_requests_ending_today(demo, year):
    assert year.total == YEAR_REQUESTS
    first, last = demo.execute(
        "SELECT MIN(created_day), MAX(created_day) FROM requests WHERE status = 'closed'"
    ).fetchone()
    assert date.fromisoformat(first) >= TODAY - timedelta(days=366)
    assert last == TODAY.isoformat()
    latest_close = demo.execute("SELECT MAX(closed_at) FROM requests").fetchone()[0]
    assert latest_close < NOW.strftime("%Y-%m-%d %H:%M:%S")


def test_the_seed_table_sums_to_its_printed_totals():
    assert sum(c[3] for c in SEED_CELLS) == SEED_TOTAL
    assert sum(c[4] for c in SEED_CELLS) == 61
    assert sum(c[5] for c in SEED_CELLS) == 4254
    assert sum(c[3] for c in SEED_CELLS if c[0] == "<5m") == 16_620
    assert allocate(10, [1, 1, 1]) == [4, 3, 3]


def _share(year, **bucket) -> float:
    ((key, value),) = bucket.items()
    return sum(c.count for c in year.cells if getattr(c, key) == value) / year.total


@pytest.mark.parametrize(
    ("bucket", "seed_count"),
    [
        ({"wait": "<5m"}, 16_620),
        ({"wait": "5-60m"}, 638),
        ({"wait": "60m+"}, 772),
        ({"reaction": "<5m"}, 13_655 + 325 + 331),
        ({"resolution": "<1h"}, 6_706),
        ({"resolution": "1-24h"}, 4_563),
        ({"resolution": "24h+"}, 6_761),
    ],
)
def test_bucket_shares_match_the_seed_table(year, bucket, seed_count):
    assert _share(year, **bucket) == pytest.approx(seed_count / SEED_TOTAL, abs=0.01)


def test_ratings_match_the_seed_mix(year):
    assert year.rated / year.total == pytest.approx(4_315 / SEED_TOTAL, abs=0.01)  # ~24% rated
    assert year.average == pytest.approx(4.94, abs=0.03)
    assert year.unhappy_share == pytest.approx(61 / 4_315, abs=0.004)  # ~1.4% of rated are 1–3


def test_requests_come_in_moscow_working_hours_mostly_on_weekdays(demo):
    total, weekend, office = demo.execute(
        "SELECT COUNT(*), "
        "SUM(strftime('%w', created_at, '+3 hours') IN ('0', '6')), "
        "SUM(CAST(strftime('%H', created_at, '+3 hours') AS INTEGER) BETWEEN 9 AND 17) "
        "FROM requests"
    ).fetchone()
    assert weekend / total < 0.06
    assert office / total > 0.8


def test_requests_belong_to_the_own_company_and_four_partners_with_their_staff(demo):
    world = build_world(7, TODAY)
    orgs = {r[0] for r in demo.execute("SELECT DISTINCT org FROM requests")}
    assert orgs == {o.name for o in world.orgs}
    staff = {(p.org, p.name) for p in world.staff}
    pairs = demo.execute("SELECT DISTINCT org, specialist FROM requests WHERE specialist != ''")
    assert {tuple(p) for p in pairs} <= staff
    clients = {c.name for c in world.clients}
    assert {r[0] for r in demo.execute("SELECT DISTINCT client FROM requests")} <= clients
    lines = {r[0] for r in demo.execute("SELECT DISTINCT line FROM requests")}
    assert {"Бухгалтерия", "Зарплата и кадры", "Торговля", "Общие вопросы 1С-Коннект"} <= lines


def test_some_ratings_carry_a_comment_and_unhappy_ones_more_often(demo):
    unhappy, unhappy_commented, happy, happy_commented = demo.execute(
        "SELECT SUM(rating <= 3), SUM(rating <= 3 AND rating_comment IS NOT NULL), "
        "SUM(rating >= 4), SUM(rating >= 4 AND rating_comment IS NOT NULL) FROM requests"
    ).fetchone()
    assert unhappy_commented / unhappy > 0.5
    assert 0 < happy_commented / happy < 0.25
    assert demo.execute(
        "SELECT COUNT(*) FROM requests WHERE rating IS NULL AND rating_comment IS NOT NULL"
    ).fetchone() == (0,)


def test_the_live_queue_has_fresh_waiting_warned_and_missed_requests(demo):
    queue = queue_snapshot(demo, NOW)

    assert 8 <= queue["open"] <= 20
    assert queue["waiting_unassigned"] >= 3
    assert 60 < queue["oldest_wait_minutes"] <= 90
    waits = [
        (NOW - datetime.fromisoformat(r[0]).replace(tzinfo=UTC)).total_seconds() / 60
        for r in demo.execute(
            "SELECT created_at FROM requests WHERE status = 'open' AND assigned_at IS NULL"
        )
    ]
    assert any(w < 5 for w in waits) and any(5 <= w < 60 for w in waits)
    assert queue["by_specialist"], "some open requests are already being worked on"


def test_open_queue_size_stays_between_8_and_20_for_many_seeds():
    world = build_world(1, TODAY)
    sizes = {len(build_open_queue(world, seed, NOW)) for seed in range(40)}
    assert min(sizes) >= 8 and max(sizes) <= 20 and len(sizes) > 3


def test_about_300_leads_with_every_status_and_some_waiting_for_a_call(demo):
    c = status_counts(demo)

    assert 280 <= c.total <= 320
    assert min(c.new, c.in_work, c.done, c.refused) > 0
    assert count_pending(demo, 60, now=NOW) >= 2
    assert count_pending(demo, 60, now=NOW) < c.new  # the freshest order is not overdue yet


def test_leading_organisations_convert_about_a_fifth_of_their_orders(demo):
    old = LeadFilter(end=TODAY - timedelta(days=14))
    rates = {org: c.overall_rate for org, c in counts_by_org(demo, old)}
    world = build_world(7, TODAY)
    own, *_, karpova, _ = [o.name for o in world.orgs]
    assert rates[own] == pytest.approx(0.21, abs=0.04)
    assert rates[karpova] == pytest.approx(0.24, abs=0.06)
    assert max(rates.values()) < 0.3 and min(rates.values()) < 0.1


def test_leads_are_deterministic_and_contacts_never_precede_the_order():
    world = build_world(2, TODAY)
    first = build_leads(world, 2, TODAY, NOW)
    assert first == build_leads(world, 2, TODAY, NOW)
    for lead in first:
        assert (lead.first_contact_at is None) == (lead.status == "new")
        if lead.first_contact_at is not None:
            assert lead.created_at <= lead.first_contact_at <= NOW


def test_the_demo_clock_is_the_real_moment_on_the_current_day_even_before_utc_midnight():
    late_evening_utc = datetime(2026, 4, 20, 22, 30, tzinfo=UTC)  # 01:30 on 21.04 in Moscow

    assert demo_now(date(2026, 4, 20), DEFAULT_TZ, late_evening_utc) == late_evening_utc
    assert demo_now(date(2026, 4, 21), DEFAULT_TZ, late_evening_utc) == late_evening_utc
    assert demo_now(date(2026, 4, 10), DEFAULT_TZ, late_evening_utc) == datetime(
        2026, 4, 10, 12, 0, tzinfo=UTC
    )
