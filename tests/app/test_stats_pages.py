"""Statistics, ratings, calendar and import pages with data: what they show equals the report."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlite_utils import Database
from streamlit.testing.v1 import AppTest

from core.calendar import default_calendar, working_stats
from core.requests import RequestRecord, RequestStats
from core.roles import Actor
from db.calendar import request_times
from db.connection import connect
from db.ratings import rating_distribution, rating_summary
from db.requests import request_stats, upsert_requests
from db.settings import put_setting
from tests import seed004
from tests.app.conftest import DASHBOARD, RUN_TIMEOUT_S
from tests.conftest import copy_database
from ui import texts
from ui.drill import LIMIT
from ui.fmt import fmt_int, fmt_num, fmt_pct, fmt_share
from ui.texts import drill as D
from ui.texts import imports as imports_texts
from ui.texts import monitor as TM
from ui.widgets import plain

Q2 = (date(2016, 4, 1), date(2016, 7, 1))
HEAD = Actor("head", "head", "Руководитель")
ADMIN = Actor("admin", "admin", "Администратор")
QC = Actor("qc", "qc", "Контроль качества")


def seed_record(r: seed004.SeedRequest) -> RequestRecord:
    return RequestRecord(
        id=r.id, source="seed", created_at=r.created, org=r.org, line=r.line, client=r.client,
        specialist=r.specialist, assigned_at=r.assigned, first_reply_at=r.first_reply,
        closed_at=r.closed, rating=r.rating,
        rating_comment="Долго ждали" if r.rating and r.rating <= 3 else None,
    )  # fmt: skip


@pytest.fixture(scope="module")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with seed 004's quarter (18 030 closed requests plus noise) per module."""
    path = tmp_path_factory.mktemp("seed004") / "seed.sqlite"
    database = connect(path)
    counted, noise = seed004.generate_requests()
    with database.conn:
        upsert_requests(database, [seed_record(r) for r in counted + noise], tz=seed004.TZ)
    database.close()
    return path


@pytest.fixture
def seed_file(seed_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "seed.sqlite"
    copy_database(seed_template, path)
    monkeypatch.setenv("QC_DB", str(path))
    return path


@pytest.fixture
def seed_db(seed_file: Path) -> Iterator[Database]:
    database = connect(seed_file)
    yield database
    database.close()


@pytest.fixture
def empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "empty.sqlite"
    connect(path).close()
    monkeypatch.setenv("QC_DB", str(path))
    return path


def open_page(actor: Actor, page: str) -> AppTest:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=RUN_TIMEOUT_S)
    at.session_state["actor"] = actor
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def stats_page(seed_file: Path) -> Callable[..., AppTest]:
    """The statistics page on the seed quarter, optionally with filters and switches set."""

    def start(page: str = "app_pages/request_stats.py", prefix: str = "request_stats") -> AppTest:
        at = open_page(HEAD, page)
        at.date_input(key=f"{prefix}_from").set_value(Q2[0])
        at.date_input(key=f"{prefix}_to").set_value(Q2[1]).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def tables(at: AppTest, column: str) -> list[pd.DataFrame]:
    """The shown tables that have a column of this title, in page order."""
    return [d.value for d in at.dataframe if column in d.value.columns]


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The one shown table with a column of this title."""
    found = tables(at, column)
    assert len(found) == 1, [list(f.columns) for f in found]
    return found[0]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def summary_table(stats: RequestStats) -> list[list[str]]:
    """«Работа с обращениями» as the page must print it."""
    rows = [
        [texts.STATS_SUMMARY_ROWS[s.resolution], fmt_int(s.count), fmt_share(s.share),
         fmt_int(s.unhappy), fmt_int(s.no_rating), fmt_int(s.happy)]
        for s in stats.summary
    ]  # fmt: skip
    rows.append(
        [texts.STATS_SUMMARY_TOTAL, fmt_int(stats.total), fmt_share(1.0),
         fmt_int(stats.unhappy), fmt_int(stats.total - stats.rated),
         fmt_int(stats.rated - stats.unhappy)]
    )  # fmt: skip
    return rows


def shown_summary(at: AppTest) -> list[list[str]]:
    frame = table(at, texts.STATS_COL_SHARE)
    columns = [texts.STATS_SUMMARY_TITLE, texts.STATS_COL_CLOSED, texts.STATS_COL_SHARE,
               texts.STATS_COL_UNHAPPY, texts.STATS_COL_NO_RATING, texts.STATS_COL_HAPPY]  # fmt: skip
    return frame[columns].values.tolist()


def test_the_statistics_page_shows_the_seed_quarter_to_the_unit(stats_page, seed_db):
    at = stats_page()
    stats = request_stats(seed_db, *Q2)
    assert stats.total == seed004.TOTAL
    assert metrics(at)[texts.STATS_TOTAL] == fmt_int(seed004.TOTAL) == "18\u00a0030"
    assert metrics(at)[texts.STATS_AVERAGE] == fmt_num(seed004.AVERAGE_RATING, 2) == "4,94"
    assert metrics(at)[texts.STATS_RATED] == fmt_int(seed004.TOTAL_UNHAPPY + seed004.TOTAL_HAPPY)
    assert shown_summary(at) == summary_table(stats)
    assert [row[1] for row in shown_summary(at)[:3]] == [
        fmt_int(seed004.SUMMARY[code][0]) for code in ("<1h", "1-24h", "24h+")
    ]
    assert shown_summary(at)[3][3:] == [
        fmt_int(seed004.TOTAL_UNHAPPY), fmt_int(seed004.TOTAL_NO_RATING),
        fmt_int(seed004.TOTAL_HAPPY),
    ]  # fmt: skip


def test_the_tree_has_a_block_per_wait_with_the_seeds_reaction_and_rating_counts(stats_page):
    at = stats_page()
    # each wait header is a button that lists its requests (issue 14, item 5)
    headers = [b.label for b in at.button if (b.key or "").startswith("request_stats_wait_")]
    assert headers == [
        "**" + texts.STATS_WAIT_HEADER.format(
            bucket=texts.STATS_BUCKETS["wait"][w], count=fmt_int(seed004.WAIT_TOTALS[w])
        ) + "**"
        for w in ("<5m", "5-60m", "60m+")
    ]  # fmt: skip
    for index, wait in enumerate(("<5m", "5-60m", "60m+")):
        frame = tables(at, texts.STATS_COL_REACTION_TOTAL)[index]
        reaction_totals = [v for v in frame[texts.STATS_COL_REACTION_TOTAL] if v]
        assert reaction_totals == [
            fmt_int(seed004.REACTION_TOTALS[(wait, r)]) for r in ("<5m", "5-60m", "60m+")
        ]
        cells = frame[[texts.STATS_COL_RESOLUTION_TOTAL, texts.STATS_RATING_COLUMNS["1-3"],
                       texts.STATS_RATING_COLUMNS["4-5"]]].values.tolist()  # fmt: skip
        expected = [
            [fmt_int(v) for v in seed004.SEED_BLOCKS[(wait, r, s)]]
            for r in ("<5m", "5-60m", "60m+")
            for s in ("<1h", "1-24h", "24h+")
        ]
        assert cells == expected


def test_filters_narrow_the_figures_exactly_as_the_report_does(stats_page, seed_db):
    at = stats_page()
    org, line = seed004.ORGS[1], seed004.LINES[0]
    at.multiselect(key="request_stats_org").set_value([org])
    at.multiselect(key="request_stats_line").set_value([line]).run()
    assert not at.exception
    stats = request_stats(seed_db, *Q2, {"org": [org], "line": [line]})
    assert 0 < stats.total < seed004.TOTAL
    assert metrics(at)[texts.STATS_TOTAL] == fmt_int(stats.total)
    assert shown_summary(at) == summary_table(stats)


def test_comparing_organisations_shows_each_partners_own_totals(stats_page, seed_db):
    at = stats_page()
    at.segmented_control(key="request_stats_section").set_value("compare").run()
    assert not at.exception
    frame = table(at, texts.STATS_COL_ORG)
    assert frame[texts.STATS_COL_ORG].tolist() == sorted(seed004.ORGS)
    expected = [
        fmt_int(request_stats(seed_db, *Q2, {"org": [o]}).total) for o in sorted(seed004.ORGS)
    ]
    assert frame[texts.STATS_COL_CLOSED].tolist() == expected


def test_working_minutes_keep_the_requests_and_rebucket_their_durations(stats_page, seed_db):
    at = stats_page()
    at.toggle(key="request_stats_working").set_value(True).run()
    assert not at.exception
    wall = request_stats(seed_db, *Q2)
    working = working_stats(*Q2, request_times(seed_db, *Q2), default_calendar(), seed004.TZ)
    assert working.total == wall.total
    assert shown_summary(at) == summary_table(working) != summary_table(wall)
    assert texts.STATS_WORKING_ON.format(week=texts.STATS_WORKING_DEFAULT) in [
        c.value for c in at.caption
    ]


def test_without_data_in_the_last_quarter_the_page_opens_on_the_quarter_of_the_latest_data(
    seed_file,
):
    at = open_page(HEAD, "app_pages/request_stats.py")
    assert at.date_input(key="request_stats_from").value == date(2016, 7, 1)
    assert at.date_input(key="request_stats_to").value == date(2016, 10, 1)
    assert metrics(at)[texts.STATS_TOTAL] == fmt_int(3)  # the noise created on 1 July


def test_a_reversed_period_asks_for_a_proper_one(stats_page):
    at = stats_page()
    at.date_input(key="request_stats_to").set_value(date(2016, 3, 1)).run()
    assert [w.value for w in at.warning] == [texts.STATS_BAD_PERIOD]
    assert not at.metric


def test_an_empty_database_says_where_to_load_requests(empty_file):
    for page in ("app_pages/request_stats.py", "app_pages/ratings.py"):
        at = open_page(HEAD, page)
        assert [i.value for i in at.info] == [texts.STATS_NO_REQUESTS]


def test_the_ratings_page_shows_the_seeds_average_distribution_and_low_marks(stats_page, seed_db):
    at = stats_page("app_pages/ratings.py", "ratings")
    summary = rating_summary(seed_db, *Q2)
    counts = rating_distribution(seed_db, *Q2)
    shown = metrics(at)
    assert shown[texts.RATINGS_AVERAGE] == "4,94"
    assert shown[texts.RATINGS_RATED] == fmt_int(summary.rated) == fmt_int(4315)
    assert shown[texts.RATINGS_NO_RATING] == fmt_pct(summary.no_rating_share) == fmt_pct(0.76)
    assert shown[texts.RATINGS_LOW.format(max=3)] == fmt_int(seed004.TOTAL_UNHAPPY)
    distribution = table(at, texts.RATINGS_COL_SHARE)
    assert distribution[texts.RATINGS_COL_COUNT].tolist() == [
        fmt_int(counts[m]) for m in range(1, 6)
    ]
    assert counts[5] == seed004.HAPPY_FIVES
    low = table(at, texts.RATINGS_COL_COMMENT)
    assert len(low) == seed004.TOTAL_UNHAPPY
    assert set(low[texts.RATINGS_COL_RATING]) == {1, 2, 3}
    assert set(low[texts.RATINGS_COL_COMMENT]) == {"Долго ждали"}


def test_the_low_ratings_threshold_follows_the_setting(stats_page, seed_db):
    put_setting(seed_db, "low_rating_max", 1)
    seed_db.conn.commit()
    at = stats_page("app_pages/ratings.py", "ratings")
    low = table(at, texts.RATINGS_COL_COMMENT)
    assert len(low) == seed004.UNHAPPY_MARKS.count(1)
    assert metrics(at)[texts.RATINGS_LOW.format(max=1)] == fmt_int(len(low))


def test_an_admin_saves_a_week_and_loads_holidays_and_the_figures_follow(seed_file, seed_db):
    at = open_page(ADMIN, "app_pages/admin_calendar.py")
    assert texts.CALENDAR_DEFAULT_NOTE in [i.value for i in at.info]
    # Monday's afternoon ends at 17:00 instead of 18:00; Saturday gets a morning shift.
    at.session_state["admin_calendar_week"] = {
        "edited_rows": {1: {texts.CALENDAR_COL_END: "17:00"}},
        "added_rows": [{texts.CALENDAR_COL_WEEKDAY: texts.CALENDAR_WEEKDAYS[5],
                        texts.CALENDAR_COL_START: "10:00", texts.CALENDAR_COL_END: "14:00"}],
        "deleted_rows": [],
    }  # fmt: skip
    at.button(key="admin_calendar_save_week").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [texts.CALENDAR_WEEK_SAVED.format(count=11)]
    assert at.dataframe[0].value.values.tolist()[1] == [
        texts.CALENDAR_WEEKDAYS[0],
        "14:00",
        "17:00",
    ]
    days = "Дата;Тип;Интервалы\n12.06.2016;праздник\n11.06.2016;сокращённый\n13.06.2016;отгул\n"
    at.file_uploader(key="admin_calendar_file").set_value(("days.csv", days.encode(), "text/csv"))
    at.button(key="admin_calendar_load").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [texts.CALENDAR_DAYS_LOADED.format(count=2, rejected=1)]
    rejects = table(at, texts.IMPORTS_COL_REASON)
    assert rejects[texts.IMPORTS_COL_REASON].tolist() == [texts.IMPORT_PROBLEMS["bad_kind"]]
    shown_days = table(at, texts.CALENDAR_COL_KIND)
    assert shown_days[texts.CALENDAR_COL_DAY].tolist() == ["11.06.2016", "12.06.2016"]
    # Saturday 11 June 2016 is shortened: 10:00–14:00 becomes 10:00–13:00.
    assert shown_days[texts.CALENDAR_COL_INTERVALS].tolist() == ["10:00-13:00", "—"]

    stats = open_page(HEAD, "app_pages/request_stats.py")
    stats.date_input(key="request_stats_from").set_value(Q2[0])
    stats.date_input(key="request_stats_to").set_value(Q2[1])
    stats.toggle(key="request_stats_working").set_value(True).run()
    from db.calendar import load_calendar

    expected = working_stats(*Q2, request_times(seed_db, *Q2), load_calendar(seed_db), seed004.TZ)
    assert shown_summary(stats) == summary_table(expected)


CSV = (
    "Номер;Создано;Назначен ответственный;Первый ответ;Закрыто;Оценка;Специалист;Организация\n"
    "T-1;01.06.2016 10:00;01.06.2016 10:03;01.06.2016 10:05;01.06.2016 10:40;2;Иванов;ООО «Тест»\n"
    "T-2;01.06.2016 11:00;;;;;;\n"
    "T-3;не дата;;;;;;\n"
    "T-4;01.06.2016 12:00;01.06.2016 12:01;;01.06.2016 12:30;7;;\n"
)


def test_a_head_imports_requests_and_sees_counts_rejects_and_the_log(seed_file, seed_db):
    before = request_stats(seed_db, *Q2)
    at = open_page(HEAD, "app_pages/imports.py")
    assert at.radio(key="imports_kind").options[:3] == [
        texts.IMPORTS_KINDS[k] for k in ("requests", "connect-open", "connect-events")
    ]  # other modules' kinds follow
    at.file_uploader(key="imports_file_requests").set_value(("r.csv", CSV.encode(), "text/csv"))
    at.run()
    at.button(key="imports_run").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [texts.IMPORTS_DONE.format(name=plain("r.csv"))]
    assert metrics(at) == {
        texts.IMPORTS_ROWS: "4", texts.IMPORTS_IMPORTED: "2",
        texts.IMPORTS_DUPLICATES: "0", texts.IMPORTS_REJECTED: "2",
    }  # fmt: skip
    rejects = table(at, texts.IMPORTS_COL_REASON)
    assert rejects[texts.IMPORTS_COL_ROW].tolist() == [4, 5]
    assert rejects[texts.IMPORTS_COL_REASON].tolist() == [
        texts.IMPORT_PROBLEMS["bad_date"], texts.IMPORT_PROBLEMS["bad_rating"],
    ]  # fmt: skip
    log = table(at, texts.IMPORTS_COL_FILE)
    assert log[texts.IMPORTS_COL_FILE].tolist() == ["r.csv"]
    assert log[texts.IMPORTS_COL_LOGIN].tolist() == ["head"]
    after = request_stats(seed_db, *Q2)
    assert after.total == before.total + 1  # T-1 closed; T-2 is still open
    assert after.unhappy == before.unhappy + 1

    again = open_page(HEAD, "app_pages/imports.py")
    again.file_uploader(key="imports_file_requests").set_value(("r.csv", CSV.encode(), "text/csv"))
    again.run()
    again.button(key="imports_run").click().run()
    assert metrics(again)[texts.IMPORTS_DUPLICATES] == "2"
    assert metrics(again)[texts.IMPORTS_IMPORTED] == "0"
    assert any(i.value.startswith(texts.IMPORTS_SAME_FILE.split("{")[0]) for i in again.info)


def mapping_box(at, field):
    """The wizard's select box of one field (its key carries the file's hash)."""
    return next(s for s in at.selectbox if s.key.endswith(f"_map_{field}"))


def test_a_file_without_the_required_columns_can_be_mapped_by_hand(seed_file, seed_db):
    at = open_page(HEAD, "app_pages/imports.py")
    data = "Тикет;Когда;Закрыт в\nX-1;01.06.2016 10:00;01.06.2016 12:00\n".encode()
    at.file_uploader(key="imports_file_requests").set_value(("x.csv", data, "text/csv"))
    at.run()
    assert [w.value for w in at.warning] == [
        imports_texts.WIZARD_MISSING.format(fields="Номер обращения, Создано")
    ]
    assert at.button(key="imports_run").disabled
    mapping_box(at, "id").set_value(0)
    mapping_box(at, "created").set_value(1)
    mapping_box(at, "closed").set_value(2)
    at.run()
    at.button(key="imports_run").click().run()
    assert not at.exception and not at.error
    assert metrics(at)[texts.IMPORTS_IMPORTED] == "1"
    row = seed_db.execute("SELECT status, resolution_b FROM requests WHERE id = 'X-1'").fetchone()
    assert row == ("closed", "")  # closed, but never assigned: resolution not measurable


@pytest.mark.parametrize(
    ("actor", "page", "uploader", "button"),
    [
        (HEAD, "app_pages/imports.py", "imports_file_requests", None),
        (HEAD, "app_pages/deals_import.py", "deals_import_file", None),
        (ADMIN, "app_pages/admin_calendar.py", "admin_calendar_file", "admin_calendar_load"),
    ],
)
def test_a_file_over_the_upload_limit_is_refused_in_russian(
    seed_file, seed_db, actor, page, uploader, button
):
    put_setting(seed_db, "upload_limit_mb", 1)
    seed_db.conn.commit()
    at = open_page(actor, page)
    big = b"x" * (1024 * 1024 + 10)
    at.file_uploader(key=uploader).set_value(("big.csv", big, "text/csv"))
    if button:
        at.button(key=button).click()
    at.run()
    assert [e.value for e in at.error] == [
        texts.IMPORTS_TOO_LARGE.format(
            name=plain("big.csv"), size=fmt_num(big.__len__() / 1024 / 1024, 1), mb=1
        )
    ]
    assert "imports_run" not in [b.key for b in at.button]


def test_quality_control_may_not_import_requests(seed_file):
    at = AppTest.from_file(str(DASHBOARD), default_timeout=RUN_TIMEOUT_S)
    at.session_state["actor"] = QC
    at.run()
    at.switch_page("app_pages/imports.py").run()
    offered = at.radio(key="imports_kind").options if at.radio else []
    assert not {
        texts.IMPORTS_KINDS[k] for k in ("requests", "connect-open", "connect-events")
    } & set(offered)


# ---- drill-down (issue 14, item 5): a figure's card opens the list of its requests, as many as
# the figure says (the cell clicks of the tables are driven by Chromium: tests/browser/test_drill.py)


def listed(at: AppTest) -> int:
    """The count the open list says it holds (and holds)."""
    shown = [c.value for c in at.caption if c.value.startswith(TM.DRILL_SHOWN.split("{")[0])]
    assert len(shown) == 1, shown
    count = int(re.sub(r"\D", "", shown[0]))
    table = [d.value for d in at.dataframe if TM.DRILL_COL["rating_comment"] in d.value.columns]
    assert len(table) == 1 and len(table[0]) == min(count, LIMIT)
    return count


def number(text: str) -> int:
    """The leading whole number of a formatted figure («1 234 (5,6 %)» -> 1234)."""
    return int(re.sub(r"\D", "", text.split("(")[0]))


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_each_figure_card_of_the_statistics_opens_as_many_requests_as_it_says(stats_page):
    at = stats_page()
    shown = metrics(at)
    assert listed(click(at, "request_stats_drillb_0")) == number(shown[texts.STATS_TOTAL])
    assert listed(click(at, "request_stats_drillb_2")) == number(shown[texts.STATS_RATED])
    assert listed(click(at, "request_stats_drillb_3")) == number(shown[texts.STATS_UNHAPPY])
    lowest = {int(v) for v in [d.value for d in at.dataframe][-1][TM.DRILL_COL["rating"]]}
    assert lowest <= {1, 2, 3}


def test_a_wait_header_of_the_tree_lists_that_wait_block(stats_page):
    at = stats_page()
    header = at.button(key="request_stats_wait_2")
    count = number(header.label.rsplit(":", 1)[1])
    assert listed(click(at, "request_stats_wait_2")) == count


def test_each_figure_card_of_the_ratings_page_opens_its_requests(stats_page):
    at = stats_page("app_pages/ratings.py", "ratings")
    shown = metrics(at)
    assert listed(click(at, "ratings_drillb_1")) == number(shown[texts.RATINGS_RATED])
    low_label = texts.RATINGS_LOW.format(max=3)
    assert listed(click(at, "ratings_drillb_3")) == number(shown[low_label])


def test_with_working_minutes_a_wait_header_lists_the_requests_it_counts(stats_page, seed_db):
    at = stats_page()
    wall = number(at.button(key="request_stats_wait_1").label.rsplit(":", 1)[1])
    at.toggle(key="request_stats_working").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    header = at.button(key="request_stats_wait_1")  # a button in working minutes too
    count = number(header.label.rsplit(":", 1)[1])
    assert count != wall  # the block is bucketed in working minutes
    assert listed(click(at, "request_stats_wait_1")) == count
    assert D.WORKING_NOTE in [c.value for c in at.caption]
