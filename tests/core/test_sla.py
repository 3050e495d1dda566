"""SLA shares within target and the 80 % warning (issue 14, item 4)."""

from __future__ import annotations

from core.sla import SlaTarget, SlaTimes, near_breach, sla_table

TARGETS = {"": SlaTarget("", 15, 240), "vip": SlaTarget("vip", 5, 60)}


def times(
    line: str, reply_min: float | None, close_min: float | None, spec: str = "s1"
) -> SlaTimes:
    return SlaTimes(line, spec, "2026-11", 0.0,
                    None if reply_min is None else reply_min * 60,
                    None if close_min is None else close_min * 60)  # fmt: skip


def test_each_line_is_measured_against_its_own_target_or_the_default() -> None:
    rows = [times("vip", 4, 50), times("vip", 6, 70), times("a", 14, 300), times("a", None, 10)]
    by_line = {r.key: r for r in sla_table(rows, TARGETS, "line")}
    assert (by_line["vip"].reply_within, by_line["vip"].reply_total) == (1, 2)
    assert (by_line["vip"].resolution_within, by_line["vip"].resolution_total) == (1, 2)
    assert (by_line["a"].reply_within, by_line["a"].reply_total) == (1, 2)  # no reply = missed
    assert by_line["a"].resolution_share == 0.5


def test_a_line_without_any_target_is_left_out() -> None:
    assert sla_table([times("x", 1, 1)], {"vip": SlaTarget("vip", 5, 60)}, "line") == []


def test_working_minutes_come_from_the_clock_passed_in() -> None:
    half = lambda a, b: (b - a) / 2  # noqa: E731 — a clock where only half the time is working
    rows = [times("vip", 8, 100)]
    assert sla_table(rows, TARGETS, "line", half)[0].reply_within == 1
    assert sla_table(rows, TARGETS, "line")[0].reply_within == 0


def test_the_monitor_warns_at_80_percent_of_the_target() -> None:
    assert not near_breach(11.9, 15) and near_breach(12, 15) and not near_breach(100, 0)


def test_months_come_in_calendar_order_and_the_rest_biggest_first() -> None:
    rows = [
        SlaTimes("a", "s1", "2026-07", 0.0, 60.0, 60.0),
        *[SlaTimes("a", "s2", "2026-09", 0.0, 60.0, 60.0) for _ in range(3)],
        *[SlaTimes("a", "s3", "2026-08", 0.0, 60.0, 60.0) for _ in range(2)],
    ]
    assert [r.key for r in sla_table(rows, TARGETS, "month")] == ["2026-07", "2026-08", "2026-09"]
    assert [r.key for r in sla_table(rows, TARGETS, "specialist")] == ["s2", "s3", "s1"]
