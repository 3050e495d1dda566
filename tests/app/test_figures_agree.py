"""One definition per figure (issue 14, item 7): the overview's cards say what the pages say —
the same period, the same shares, the same counts."""

from __future__ import annotations

from ui import texts
from ui.fmt import fmt_int


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", ""))


def test_the_storefront_card_and_the_storefront_page_agree(open_app, actor_of) -> None:
    overview = metrics(open_app(actor_of("head"), "app_pages/overview.py"))
    page = metrics(open_app(actor_of("head"), "app_pages/leads.py"))
    statuses = [texts.LEADS_FIG_NEW, texts.LEADS_FIG_IN_WORK, texts.LEADS_FIG_DONE,
                texts.LEADS_FIG_REFUSED]  # fmt: skip
    total = sum(number(page[s]) for s in statuses)
    assert overview[texts.OVERVIEW_LEADS_TOTAL] == fmt_int(total)
    assert overview[texts.OVERVIEW_LEADS_CONVERSION] == page[texts.LEADS_FIG_CONVERSION_ALL]
    pending = number(page[texts.LEADS_FIG_NEW]) + number(page[texts.LEADS_FIG_IN_WORK])
    assert overview[texts.OVERVIEW_LEADS_PENDING] == fmt_int(pending)
    assert overview[texts.OVERVIEW_LEADS_WAITING] == page[texts.LEADS_FIG_WAITING]
    assert texts.OVERVIEW_LEADS_CONVERSION == texts.LEADS_FIG_CONVERSION_ALL  # one name too


def test_the_monitor_card_and_the_monitor_page_agree(open_app, actor_of) -> None:
    overview = metrics(open_app(actor_of("head"), "app_pages/overview.py"))
    page = metrics(open_app(actor_of("head"), "app_pages/monitor.py"))
    for label in (texts.MONITOR_OPEN, texts.MONITOR_WAITING, texts.MONITOR_MISSED_TODAY,
                  texts.MONITOR_LOW_TODAY):  # fmt: skip
        assert overview[label] == page[label], label


def test_the_statistics_and_ratings_pages_agree_and_say_what_each_share_is_of(
    open_app, actor_of
) -> None:
    stats = metrics(open_app(actor_of("head"), "app_pages/request_stats.py"))
    ratings = metrics(open_app(actor_of("head"), "app_pages/ratings.py"))
    assert stats[texts.STATS_AVERAGE] == ratings[texts.RATINGS_AVERAGE]
    assert stats[texts.STATS_RATED] == ratings[texts.RATINGS_RATED]
    assert "оценённых" in texts.STATS_UNHAPPY and "закрытых" in texts.STATS_COL_SHARE_OF
    assert "закрытых" in texts.RATINGS_NO_RATING and "оценённых" in texts.RATINGS_COL_SHARE


def test_the_statistics_page_shows_sla_shares_per_line_specialist_and_month(
    open_app, actor_of, demo_db
) -> None:
    from core.roles import SYSTEM
    from core.sla import SlaTarget
    from db.sla import set_sla_targets
    from ui.texts import monitor as TM

    set_sla_targets(demo_db, SYSTEM, [SlaTarget("", 15, 24 * 60)])
    at = open_app(actor_of("admin"), "app_pages/request_stats.py")
    assert not at.exception
    assert TM.SLA_TITLE not in [s.value for s in at.subheader]  # one section at a time
    at.segmented_control(key="request_stats_section").set_value("sla").run()
    assert TM.SLA_TITLE in [s.value for s in at.subheader]
    sla = [d.value for d in at.dataframe if TM.SLA_COL["reply_share"] in d.value.columns]
    assert len(sla) == 3 and all(len(t) for t in sla)
    # issue 14, item 5: every SLA number is a cell that opens its requests
    keys = [d.key for d in at.dataframe]
    assert all(any(k.startswith(f"sla_{by}_") for k in keys) for by in TM.SLA_BY), keys
    at.segmented_control(key="request_stats_section").set_value("remote").run()
    assert TM.REMOTE_TITLE in [s.value for s in at.subheader]
    assert TM.SLA_TITLE not in [s.value for s in at.subheader]


def test_without_sla_targets_only_the_admin_is_told_to_set_them_below(open_app, actor_of) -> None:
    from ui.texts import monitor as TM

    for role, text in (("admin", TM.SLA_NONE), ("head", TM.SLA_NONE_ASK), ("qc", TM.SLA_NONE_ASK)):
        at = open_app(actor_of(role), "app_pages/request_stats.py")
        at.segmented_control(key="request_stats_section").set_value("sla").run()
        assert not at.exception
        assert text in [c.value for c in at.caption], role
        other = TM.SLA_NONE_ASK if text == TM.SLA_NONE else TM.SLA_NONE
        assert other not in [c.value for c in at.caption], role


def sla_keys(at) -> dict[str, str]:
    """The SLA tables' widget keys by table (sla_line_<digest>, …)."""
    from ui.texts import monitor as TM

    keys = {by: [d.key for d in at.dataframe if d.key and d.key.startswith(f"sla_{by}_")]
            for by in TM.SLA_BY}  # fmt: skip
    assert all(len(k) == 1 for k in keys.values()), keys
    return {by: k[0] for by, k in keys.items()}


def test_the_sla_tables_are_new_widgets_when_their_figures_change(
    open_app, actor_of, demo_db
) -> None:
    """Like the summary, tree and comparison (ui.drill.drill_table `renew`): a selectable table
    whose figures changed in place swallowed the next click in Chromium, so other figures make
    each SLA table a new widget; a run that changes nothing keeps it (and a click in flight)."""
    from core.roles import SYSTEM
    from core.sla import SlaTarget
    from db.requests import dimension_values
    from db.sla import set_sla_targets

    set_sla_targets(demo_db, SYSTEM, [SlaTarget("", 15, 24 * 60)])
    at = open_app(actor_of("head"), "app_pages/request_stats.py")
    at.segmented_control(key="request_stats_section").set_value("sla").run()
    before = sla_keys(at)
    at.run()
    assert sla_keys(at) == before
    line = next(line for line in dimension_values(demo_db, "line") if line)
    at.multiselect(key="request_stats_line").set_value([line]).run()
    assert not at.exception, [e.value for e in at.exception]
    narrowed = sla_keys(at)
    assert all(narrowed[by] != before[by] for by in before), (before, narrowed)
    at.toggle(key="request_stats_working").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    working = sla_keys(at)
    assert any(working[by] != narrowed[by] for by in before), (narrowed, working)


def test_every_number_of_the_sla_tables_lists_the_requests_it_counts(demo_file, demo_db) -> None:
    """Drill-down of the SLA tables (issue 14, item 5): a line with its own target, one with
    none (so the default applies) and one whose reply target is off; per line, specialist and
    month, each total opens exactly the requests it counts."""
    from datetime import date, datetime

    from core.requests import RequestRecord
    from core.roles import SYSTEM
    from core.sla import SlaTarget, sla_table
    from db.connection import write_tx
    from db.history import count_requests
    from db.requests import dimension_values, upsert_requests
    from db.sla import set_sla_targets, sla_targets, sla_times
    from ui.drill import _arguments, period_drill
    from ui.sla import sla_mapper
    from ui.texts import monitor as TM

    lines = [line for line in dimension_values(demo_db, "line") if line]
    # requests without a line (a file import without one): the default target counts them
    with write_tx(demo_db):
        upsert_requests(demo_db, [
            RequestRecord(id=f"no-line-{i}", source="test", created_at=datetime(2024, 3, i, 10),
                          closed_at=datetime(2024, 3, i, 12))
            for i in range(1, 4)
        ], "Europe/Moscow")  # fmt: skip
    set_sla_targets(demo_db, SYSTEM, [SlaTarget("", 15, 24 * 60), SlaTarget(lines[0], 30, 0),
                                      SlaTarget(lines[1], 0, 8 * 60)])  # fmt: skip
    start, end = date(2000, 1, 1), date(2100, 1, 1)
    base = period_drill("", start, end, (), status="closed")
    targets = sla_targets(demo_db)
    times = sla_times(demo_db, start, end)
    checked = 0
    for by in TM.SLA_BY:
        rows = sla_table(times, targets, by)
        pick = sla_mapper(rows, by, {}, base, targets)
        for i, row in enumerate(rows):
            for column, total in ((TM.SLA_COL["reply_total"], row.reply_total),
                                  (TM.SLA_COL["resolution_total"], row.resolution_total)):  # fmt: skip
                args, more = _arguments(pick(i, column))
                assert count_requests(demo_db, *args, **more) == total, (by, row.key, column)
                checked += 1
        assert pick(0, TM.SLA_COL[by]) is None  # a name is not a number
    assert checked > 10
    assert "2024-03" in [r.key for r in sla_table(times, targets, "month")]
