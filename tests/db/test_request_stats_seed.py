"""Seed 004's Q2-2016 table rebuilt from 18 030 synthetic requests, through the rollup."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlite_utils import Database

from core.imports import ImportResult
from core.requests import RequestRecord
from core.roles import SYSTEM
from db.connection import connect
from db.imports import store_request_import
from db.requests import rebuild_rollup, request_stats, request_stats_bare
from tests import seed004
from tests.seed004 import SeedRequest

Q2 = (date(2016, 4, 1), date(2016, 7, 1))


def to_record(request: SeedRequest) -> RequestRecord:
    """The synthetic request as an importer would hand it over (naive local Moscow times)."""
    return RequestRecord(
        id=request.id,
        source="file",
        created_at=request.created,
        org=request.org,
        line=request.line,
        client=request.client,
        specialist=request.specialist,
        assigned_at=request.assigned,
        first_reply_at=request.first_reply,
        closed_at=request.closed,
        rating=request.rating,
    )


@pytest.fixture(scope="module")
def seed_requests() -> tuple[list[SeedRequest], list[SeedRequest]]:
    return seed004.generate_requests()


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory,
    seed_requests: tuple[list[SeedRequest], list[SeedRequest]],
) -> Iterator[Database]:
    """One database per module holding the seed's requests and the noise (read-only for tests)."""
    db = connect(tmp_path_factory.mktemp("seed004") / "qc.sqlite")
    counted, noise = seed_requests
    records = [to_record(r) for r in counted + noise]
    result = ImportResult(records=records, rows=len(records))
    store_request_import(db, SYSTEM, "requests", "seed.xlsx", "hash", result, seed004.TZ)
    yield db
    db.close()


def test_the_seed_table_adds_up_to_every_total_it_prints() -> None:
    seed004.check_seed()
    assert sum(c["count"] for c in seed004.seed_cells()) == seed004.TOTAL == 18030


def test_the_synthetic_requests_sit_exactly_on_the_bucket_edges_too(seed_requests) -> None:
    counted, _ = seed_requests
    waits = {(r.assigned - r.created).total_seconds() for r in counted}
    resolutions = {(r.closed - r.assigned).total_seconds() for r in counted}
    assert {299, 300, 3599, 3600} <= waits
    assert {3599, 3600, 86399, 86400} <= resolutions
    assert all(r.first_reply <= r.closed for r in counted)


def test_the_q2_report_equals_the_seed_table_in_every_cell(seeded: Database) -> None:
    stats = request_stats(seeded, *Q2).to_json()
    assert stats["total"] == 18030
    assert stats["cells"] == seed004.seed_cells()


def test_the_q2_summary_equals_the_seed_summary_rows(seeded: Database) -> None:
    summary = {row["resolution"]: row for row in request_stats(seeded, *Q2).to_json()["summary"]}
    assert set(summary) == set(seed004.SUMMARY)
    for resolution, (count, share_pct, unhappy, no_rating, _, happy, _) in seed004.SUMMARY.items():
        row = summary[resolution]
        assert (row["count"], row["unhappy"], row["no_rating"], row["happy"]) == (
            count,
            unhappy,
            no_rating,
            happy,
        )
        assert round(row["share"] * 100) == share_pct


def test_the_q2_ratings_match_the_seed_average_and_unhappy_share(seeded: Database) -> None:
    ratings = request_stats(seeded, *Q2).to_json()["ratings"]
    assert ratings["count"] == seed004.TOTAL_UNHAPPY + seed004.TOTAL_HAPPY == 4315
    assert round(ratings["average"], 2) == seed004.AVERAGE_RATING
    assert round(ratings["unhappy_share"] * 100, 1) == seed004.UNHAPPY_SHARE_PCT


def test_the_rollup_report_equals_the_bare_group_by(seeded: Database) -> None:
    assert request_stats(seeded, *Q2) == request_stats_bare(seeded, *Q2)
    org = seed004.ORGS[1]
    filters = {"org": [org], "specialist": list(seed004.SPECIALISTS[:2])}
    filtered = request_stats(seeded, *Q2, filters)
    assert 0 < filtered.total < 18030
    assert filtered == request_stats_bare(seeded, *Q2, filters)


def test_requests_outside_the_period_count_only_in_their_own_period(seeded: Database) -> None:
    march_last_day = request_stats(seeded, date(2016, 3, 31), date(2016, 4, 1))
    july_first_day = request_stats(seeded, date(2016, 7, 1), date(2016, 7, 2))
    assert march_last_day.total == 3  # created 2016-03-31 23:59 Moscow
    assert july_first_day.total == 3  # created 2016-07-01 00:00 Moscow
    assert request_stats(seeded, date(2016, 3, 1), date(2016, 8, 1)).total == 18036


def test_open_requests_never_reach_the_statistics(seeded: Database) -> None:
    open_rows = seeded.execute("SELECT COUNT(*) FROM requests WHERE status = 'open'").fetchone()[0]
    assert open_rows == 45
    stored = seeded.execute("SELECT COUNT(*) FROM requests").fetchone()[0]
    assert stored == 18030 + 6 + 45
    assert request_stats(seeded, date(2016, 1, 1), date(2017, 1, 1)).total == 18036


def test_a_rebuilt_rollup_gives_the_same_report(seeded: Database) -> None:
    before = request_stats(seeded, *Q2)
    rebuild_rollup(seeded)
    assert request_stats(seeded, *Q2) == before


def test_every_figure_of_the_q2_report_lists_as_many_requests_as_it_counts(
    seeded: Database,
) -> None:
    """Drill-down (issue 14, item 5): a cell, a summary row, a rating group and a filtered total
    list, through `report requests`' own query, exactly the requests the report counts."""
    from db.history import list_requests

    stats = request_stats(seeded, *Q2)

    def listed(filters=None, **buckets) -> int:
        return len(list_requests(seeded, *Q2, filters, "closed", buckets))

    for cell in stats.cells:
        wait, reaction, resolution, rating = cell.wait, cell.reaction, cell.resolution, cell.rating
        assert listed(wait_b=wait, reaction_b=reaction, resolution_b=resolution,
                      rating_b=rating) == cell.count  # fmt: skip
    for row in stats.summary:
        assert listed(resolution_b=row.resolution) == row.count
        assert listed(resolution_b=row.resolution, rating_b="1-3") == row.unhappy
    assert listed() == stats.total
    assert listed(rating_b=("1-3", "4-5")) == stats.rated
    org = {"org": [seed004.ORGS[1]]}
    assert listed(org) == request_stats(seeded, *Q2, org).total
