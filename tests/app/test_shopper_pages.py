"""Shopper pages as people use them: a manager sees only their own evaluations, acknowledges and
disputes; QC decides; reports, calibration, the call log and the checklist editor show real data."""

from __future__ import annotations

import json

from ui.texts import shopper as T

MINE = "app_pages/shopper_mine.py"


def frame(at, *columns: str, index: int = 0):
    """The index-th table on the page that has all these columns."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    return found[index]


def own_ids(db, login: str) -> set[int]:
    return {
        r[0]
        for r in db.execute(
            "SELECT e.id FROM evaluations e JOIN users u ON u.staff_id = e.staff_id "
            "WHERE u.login = ? AND e.calibration_id IS NULL",
            [login],
        )
    }


def test_a_manager_sees_only_their_own_evaluations(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), MINE)
    assert not at.exception, [e.value for e in at.exception]

    shown = set(frame(at, T.COL_ID, T.COL_ACK)[T.COL_ID])
    assert shown == own_ids(demo_db, "manager")
    assert shown and not shown & own_ids(demo_db, "manager2")
    assert set(at.selectbox(key="shopper_mine_pick").options) == {
        T.MINE_ITEM.split(" ·")[0].format(id=i) for i in shown
    } or len(at.selectbox(key="shopper_mine_pick").options) == len(shown)


def test_a_manager_acknowledges_and_disputes_a_missed_criterion(open_app, actor_of, demo_db):
    at = open_app(actor_of("manager"), MINE)
    latest = max(own_ids(demo_db, "manager"), key=lambda i: demo_db.execute(
        "SELECT call_day || printf('%09d', id) FROM evaluations WHERE id = ?", [i]).fetchone()[0])  # fmt: skip
    assert at.selectbox(key="shopper_mine_pick").value == latest
    at.button(key="shopper_mine_ack").click().run()
    assert T.MINE_ACKED in [s.value for s in at.success]
    assert demo_db.execute(
        "SELECT acknowledged_at FROM evaluations WHERE id = ?", [latest]
    ).fetchone()[0]

    # the demo's open dispute sits on this evaluation; dispute another missed criterion
    demo_db.execute("UPDATE evaluation_marks SET mark = 'missed' WHERE evaluation_id = ? "
                    "AND code = 'K2'", [latest])  # fmt: skip
    demo_db.conn.commit()
    at = open_app(actor_of("manager"), MINE)
    at.selectbox(key="shopper_mine_dispute_code").select("K2")
    at.text_area(key="shopper_mine_dispute_comment").input("Обратился по имени на второй минуте")
    at.button[[b.label for b in at.button].index(T.MINE_DISPUTE_SEND)].click().run()
    assert T.MINE_DISPUTE_SENT in [s.value for s in at.success], [e.value for e in at.error]
    row = demo_db.execute(
        "SELECT comment, opened_by FROM evaluation_disputes WHERE evaluation_id = ? AND code = 'K2'",
        [latest],
    ).fetchone()
    assert tuple(row) == ("Обратился по имени на второй минуте", "manager")


def test_qc_decides_a_dispute_and_the_verdict_is_recomputed(open_app, actor_of, demo_db):
    dispute, evaluation = demo_db.execute(
        "SELECT id, evaluation_id FROM evaluation_disputes WHERE decision IS NULL"
    ).fetchone()
    at = open_app(actor_of("qc"), "app_pages/shopper_disputes.py")
    assert not at.exception
    assert at.selectbox(key="shopper_disputes_pick").value == dispute
    at.radio(key="shopper_disputes_decision").set_value("accept")
    at.text_area(key="shopper_disputes_comment").input("Проверили запись")
    at.button[0].click().run()
    assert any(s.value.startswith(T.DISPUTES_DECIDED.split("{")[0]) for s in at.success)
    decided = demo_db.execute(
        "SELECT decision, decided_by FROM evaluation_disputes WHERE id = ?", [dispute]
    ).fetchone()
    assert tuple(decided) == ("accept", "qc")
    assert (
        demo_db.execute(
            "SELECT COUNT(*) FROM evaluation_marks WHERE evaluation_id = ? AND mark = 'missed' "
            "AND code = (SELECT code FROM evaluation_disputes WHERE id = ?)",
            [evaluation, dispute],
        ).fetchone()[0]
        == 0
    )


def test_the_reports_page_shows_the_seed_rounds_a_pareto_chart_and_exports(open_app, actor_of):
    at = open_app(actor_of("head"), "app_pages/shopper_reports.py")
    assert not at.exception
    at.selectbox(key="shopper_reports_campaign").select_index(1).run()
    figures = {m.label: m.value for m in at.metric}
    assert (figures[T.COL_TOTAL], figures[T.COL_PASS], figures[T.COL_PWI], figures[T.COL_FAIL]) == (
        "57", "6", "16", "35",
    )  # fmt: skip
    rounds = frame(at, T.COL_LABEL, T.COL_PWI, index=1)
    assert list(rounds[T.COL_FAIL]) == [26, 9] and list(rounds[T.COL_PASS]) == [1, 5]
    pareto = frame(at, T.COL_SHARE)
    severities = list(pareto[T.COL_SEVERITY])
    assert severities == sorted(severities, key=lambda s: s != T.SEVERITIES["gross"])
    assert at.get("vega_lite_chart")
    assert len(at.get("download_button")) >= 9


def test_calibration_calls_and_checklists_pages_show_their_figures(open_app, actor_of, demo_db):
    at = open_app(actor_of("qc"), "app_pages/shopper_calibration.py")
    assert not at.exception
    pairs = frame(at, T.COL_A, T.COL_ITEMS)
    assert len(pairs) == 3 and pairs[T.COL_KAPPA].notna().all()
    assert set(pairs[T.COL_ITEMS]) == {6}
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1, "the drift chart sits above the drift table"
    spec = json.loads(charts[0].proto.spec)
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["color"]["field"] == T.COL_EVALUATOR
    drift = frame(at, T.COL_EVALUATOR, T.COL_SESSION)
    assert drift[T.COL_EVALUATOR].nunique() > 1

    at = open_app(actor_of("qc"), "app_pages/shopper_calls.py")
    assert not at.exception
    figures = {m.label: m.value for m in at.metric}
    assert int(figures[T.CALLS_FIGURES].replace("\u00a0", "")) > 0
    plan = frame(at, T.COL_GOAL)
    assert len(plan) == 6 and (plan[T.COL_BEHIND] > 0).any() and (plan[T.COL_BEHIND] == 0).any()
    assert len(frame(at, T.FORM_CALL_REF)) > 0

    at = open_app(actor_of("qc"), "app_pages/shopper_templates.py")
    assert not at.exception
    assert at.selectbox(key="shopper_templates_pick").value == "mystery_shopper"
    at.number_input(key="shopper_templates_errors_mystery_shopper").set_value(4).run()
    at.button(key="shopper_templates_save").click().run()
    assert any("версия 2" in s.value for s in at.success), [e.value for e in at.error]
    versions = demo_db.execute(
        "SELECT version, current, fail_errors FROM shopper_templates WHERE family = 'mystery_shopper' "
        "ORDER BY version"
    ).fetchall()
    assert [tuple(v) for v in versions] == [(1, 0, 3), (2, 1, 4)]


def test_the_overview_card_shows_this_months_verdicts_the_top_miss_and_who_is_behind(
    open_app, actor_of, demo_db
):
    from core.timeutil import to_local, utcnow
    from db.calls import listening_plan
    from db.shopper import monthly_summary

    at = open_app(actor_of("head"))
    assert not at.exception
    assert T.OVERVIEW_TITLE in [s.value for s in at.subheader]
    today = to_local(utcnow(), "Europe/Moscow").date()  # the demo's zone
    summary = monthly_summary(demo_db, today.strftime("%Y-%m"))
    figures = {m.label: m.value for m in at.metric}
    assert figures[T.OVERVIEW_MONTH] == str(summary["total"])
    shown = [t.value for t in at.text]
    behind = listening_plan(demo_db, today)["behind"]
    assert T.OVERVIEW_BEHIND.format(names=", ".join(behind)) in shown
    top = summary["top_missed"]
    assert T.OVERVIEW_TOP.format(code=top["code"], name=top["name"], missed=top["missed"]) in shown

    at = open_app(actor_of("manager"))
    assert T.OVERVIEW_TITLE not in [s.value for s in at.subheader]


def test_both_verdict_trends_colour_fail_red_and_pass_green(open_app, actor_of):
    from ui.shopper import VERDICT_COLORS

    for role, page in (("head", "shopper_reports"), ("manager", "shopper_mine")):
        at = open_app(actor_of(role), f"app_pages/{page}.py")
        assert not at.exception, [e.value for e in at.exception]
        specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
        trends = [
            s for s in specs if s.get("encoding", {}).get("color", {}).get("field") == T.COL_VERDICT
        ]
        assert len(trends) == 1, page
        scale = trends[0]["encoding"]["color"]["scale"]
        assert dict(zip(scale["domain"], scale["range"], strict=True)) == VERDICT_COLORS
        assert VERDICT_COLORS[T.VERDICTS["fail"]] == "#d9363e"
