"""Ratings of seed 004's quarter: average 4,94, 61 unhappy marks, 73 % of works without a rating."""

from __future__ import annotations

from datetime import date

import pytest
from sqlite_utils import Database

from core.requests import RequestRecord
from db.connection import connect
from db.ratings import (
    low_ratings,
    rating_distribution,
    rating_summary,
    rating_trend,
    request_day_span,
)
from db.requests import request_stats, upsert_requests
from tests import seed004

START, END = date(2016, 4, 1), date(2016, 7, 1)


def seed_record(r: seed004.SeedRequest) -> RequestRecord:
    """A synthetic seed request as the importers hand it to the DB (local Moscow times)."""
    return RequestRecord(
        id=r.id, source="seed", created_at=r.created, org=r.org, line=r.line, client=r.client,
        specialist=r.specialist, assigned_at=r.assigned, first_reply_at=r.first_reply,
        closed_at=r.closed, rating=r.rating,
        rating_comment="Долго ждали ответа" if r.rating and r.rating <= 3 else None,
    )  # fmt: skip


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory):
    """A database holding the seed quarter's 18 030 requests and the noise around them."""
    path = tmp_path_factory.mktemp("ratings") / "seed.sqlite"
    database = connect(path)
    counted, noise = seed004.generate_requests()
    with database.conn:
        upsert_requests(database, [seed_record(r) for r in counted + noise], tz=seed004.TZ)
    yield database
    database.close()


def test_the_quarter_has_the_seeds_average_and_unhappy_count(seed_db: Database):
    summary = rating_summary(seed_db, START, END)
    assert summary.total == seed004.TOTAL
    assert summary.rated == seed004.TOTAL_UNHAPPY + seed004.TOTAL_HAPPY
    assert summary.unhappy == seed004.TOTAL_UNHAPPY
    assert round(summary.average, 2) == seed004.AVERAGE_RATING
    assert round(summary.unhappy_share * 100, 1) == seed004.UNHAPPY_SHARE_PCT
    assert round(summary.no_rating_share * 100) == 76  # «Без оценок 76 %» of all closed


def test_the_summary_agrees_with_the_statistics_report(seed_db: Database):
    stats = request_stats(seed_db, START, END, {"org": [seed004.ORGS[1]]})
    summary = rating_summary(seed_db, START, END, {"org": [seed004.ORGS[1]]})
    assert (summary.total, summary.rated, summary.rating_sum, summary.unhappy) == (
        stats.total, stats.rated, stats.rating_sum, stats.unhappy,
    )  # fmt: skip


def test_the_distribution_counts_each_mark_of_the_seed(seed_db: Database):
    counts = rating_distribution(seed_db, START, END)
    assert counts == {
        1: seed004.UNHAPPY_MARKS.count(1),
        2: seed004.UNHAPPY_MARKS.count(2),
        3: seed004.UNHAPPY_MARKS.count(3),
        4: seed004.TOTAL_HAPPY - seed004.HAPPY_FIVES,
        5: seed004.HAPPY_FIVES,
    }


def test_filters_narrow_the_distribution_to_the_chosen_line(seed_db: Database):
    line = seed004.LINES[2]
    counts = rating_distribution(seed_db, START, END, {"line": [line]})
    summary = rating_summary(seed_db, START, END, {"line": [line]})
    assert 0 < sum(counts.values()) == summary.rated < seed004.TOTAL_HAPPY


def test_the_low_ratings_list_holds_every_mark_up_to_the_threshold(seed_db: Database):
    rows = low_ratings(seed_db, START, END, 3)
    assert len(rows) == seed004.TOTAL_UNHAPPY
    assert all(r["rating"] <= 3 and r["rating_comment"] for r in rows)
    assert [r["created_at"] for r in rows] == sorted((r["created_at"] for r in rows), reverse=True)
    assert len(low_ratings(seed_db, START, END, 1)) == seed004.UNHAPPY_MARKS.count(1)
    assert len(low_ratings(seed_db, START, END, 4)) == seed004.TOTAL_UNHAPPY + (
        seed004.TOTAL_HAPPY - seed004.HAPPY_FIVES
    )


def test_the_weekly_trend_adds_up_to_the_quarter(seed_db: Database):
    weeks = rating_trend(seed_db, START, END)
    assert weeks[0]["week"] == "2016-03-28"  # 1 April 2016 was a Friday: its week's Monday
    assert all(date.fromisoformat(w["week"]).weekday() == 0 for w in weeks)
    assert sum(w["total"] for w in weeks) == seed004.TOTAL
    assert sum(w["rated"] for w in weeks) == seed004.TOTAL_UNHAPPY + seed004.TOTAL_HAPPY
    assert 4.5 < weeks[3]["average"] <= 5


def test_requests_outside_the_period_or_still_open_never_count(seed_db: Database):
    span = request_day_span(seed_db)
    assert span == (date(2016, 3, 31), date(2016, 7, 1))
    outside = rating_summary(seed_db, date(2016, 3, 31), START)
    assert outside.total == 3
    assert rating_summary(seed_db, START, END).total == seed004.TOTAL


def test_the_distribution_query_reads_only_the_rated_rows_index(seed_db: Database):
    plan = seed_db.execute(
        "EXPLAIN QUERY PLAN SELECT rating, COUNT(*) FROM requests WHERE status = 'closed' "
        "AND rating IS NOT NULL AND created_day >= ? AND created_day < ? GROUP BY rating",
        [START.isoformat(), END.isoformat()],
    ).fetchall()
    assert "COVERING INDEX requests_rated" in " ".join(str(step[3]) for step in plan)
