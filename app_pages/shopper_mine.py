"""«Мои оценки»: a manager's own evaluations (the db returns nothing else), their verdict trend,
the criteria they miss most; acknowledge, and dispute a criterion within the window."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import streamlit as st

from core.roles import PermissionDenied
from core.shopper import MISSED, dispute_deadline
from core.timeutil import to_local, utcnow
from db.shopper import (
    ShopperError,
    acknowledge,
    actor_staff_id,
    get_evaluation,
    list_evaluations,
    missed_by_staff,
    open_dispute,
    verdicts_by,
)
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_date, fmt_dt
from ui.shopper import show_verdict_trend
from ui.texts import shopper as T
from ui.widgets import data_table, table_with_download

PREFIX = "shopper_mine"

actor = guard("shopper_mine")
db = get_db()
tz = str(settings()["timezone"])
today = to_local(utcnow(), tz).date()
st.title(T.MINE_TITLE)

own_staff = actor_staff_id(db, actor)
if own_staff is None:
    st.info(T.MINE_NO_STAFF)
    st.stop()

# the manager's own rows: list_evaluations filters by their staff record for every role here
rows = [r for r in list_evaluations(db, actor) if r["staff_id"] == own_staff]
if not rows:
    st.info(T.MINE_NONE)
    st.stop()

frame = pd.DataFrame(
    [{T.COL_ID: r["id"], T.COL_DAY: fmt_date(r["call_day"]), T.COL_CAMPAIGN: r["campaign"],
      T.COL_EVALUATOR: r["evaluator"], T.COL_VERDICT: T.VERDICTS[r["verdict"]],
      T.COL_GROSS: r["gross"], T.COL_ERRORS: r["errors"],
      T.COL_ACK: fmt_dt(r["acknowledged_at"], tz) if r["acknowledged_at"] else "",
      T.COL_DISPUTES: r["open_disputes"]} for r in rows]
)  # fmt: skip
table_with_download(frame, "my_evaluations.xlsx", f"{PREFIX}_list")

left, right = st.columns(2)
with left:
    st.subheader(T.MINE_TREND)
    trend = Counter((r["call_day"][:7], T.VERDICTS[r["verdict"]]) for r in rows)
    data = pd.DataFrame(
        [{T.COL_LABEL: month, T.COL_VERDICT: verdict, T.COL_TOTAL: n}
         for (month, verdict), n in sorted(trend.items())]
    )  # fmt: skip
    show_verdict_trend(data)
with right:
    st.subheader(T.MINE_TOP)
    top = missed_by_staff(db, own_staff)
    names = {}
    latest = get_evaluation(db, actor, rows[0]["id"])
    for criterion in latest["template"].criteria:
        names[criterion.code] = criterion.name
    data_table(
        pd.DataFrame([{T.COL_CODE: c, T.COL_CRITERION: names.get(c, ""), T.COL_MISSED: n}
                      for c, n in top], columns=[T.COL_CODE, T.COL_CRITERION, T.COL_MISSED]),
        hide_index=True, width="stretch", key=f"{PREFIX}_top",
    )  # fmt: skip

st.divider()
picked = st.selectbox(
    T.MINE_PICK,
    [r["id"] for r in rows],
    format_func=lambda i: next(
        T.MINE_ITEM.format(id=r["id"], day=fmt_date(r["call_day"]), verdict=T.VERDICTS[r["verdict"]])
        for r in rows if r["id"] == i
    ),
    key=f"{PREFIX}_pick",
)  # fmt: skip
evaluation = get_evaluation(db, actor, int(picked))
template = evaluation["template"]
st.metric(T.COL_VERDICT, T.VERDICTS[evaluation["verdict"]])
marks_frame = pd.DataFrame(
    [{T.COL_CODE: c.code, T.COL_CRITERION: c.name, T.COL_SEVERITY: T.SEVERITIES[c.severity],
      T.COL_VERDICT: T.MARKS[evaluation["marks"].get(c.code, ("na", ""))[0]],
      T.COL_COMMENT: evaluation["marks"].get(c.code, ("", ""))[1]}
     for c in template.criteria]
)  # fmt: skip
data_table(marks_frame, key=f"{PREFIX}_marks")
if evaluation["comment"]:
    st.text(evaluation["comment"])

if not evaluation["acknowledged_at"]:
    if st.button(T.MINE_ACK, type="primary", key=f"{PREFIX}_ack"):
        try:
            acknowledge(db, actor, int(picked))
        except (ShopperError, PermissionDenied):
            st.error(texts.PERMISSION_DENIED)
        else:
            after_write()
            st.success(T.MINE_ACKED)
else:
    st.caption(f"{T.COL_ACK}: {fmt_dt(evaluation['acknowledged_at'], tz)}")

missed = [c for c in template.criteria if evaluation["marks"].get(c.code, ("", ""))[0] == MISSED]
disputed = {d["code"] for d in evaluation["disputes"]}
window = int(settings()["dispute_window_days"])
deadline = dispute_deadline(date.fromisoformat(evaluation["created_at"][:10]), window)
if [c for c in missed if c.code not in disputed] and today <= deadline:
    with st.form(f"{PREFIX}_dispute_form"):
        st.subheader(T.MINE_DISPUTE)
        st.caption(T.MINE_DISPUTE_UNTIL.format(day=fmt_date(deadline)))
        code = st.selectbox(
            T.MINE_DISPUTE_CODE,
            [c.code for c in missed if c.code not in disputed],
            format_func=lambda code: f"{code}. {template.criterion(code).name}",
            key=f"{PREFIX}_dispute_code",
        )
        comment = st.text_area(T.MINE_DISPUTE_COMMENT, key=f"{PREFIX}_dispute_comment")
        if st.form_submit_button(T.MINE_DISPUTE_SEND):
            try:
                open_dispute(db, actor, int(picked), str(code), comment, today, window)
            except ShopperError as exc:
                st.error(T.ERRORS.get(exc.code, exc.code))
            except PermissionDenied:
                st.error(texts.PERMISSION_DENIED)
            else:
                after_write()
                st.success(T.MINE_DISPUTE_SENT)
for dispute in evaluation["disputes"]:
    st.text(
        T.MINE_DISPUTE_LINE.format(
            code=dispute["code"], comment=dispute["comment"],
            decision=T.DECISIONS.get(dispute["decision"] or "", T.DISPUTE_PENDING),
            answer=dispute["decision_comment"],
        )
    )  # fmt: skip

if settings().get("shopper_public_ranking"):
    st.subheader(T.MINE_RANKING)
    ranking = verdicts_by(db, "manager")
    data_table(
        pd.DataFrame([{T.COL_MANAGER: r["label"], T.COL_TOTAL: r["total"], T.COL_FAIL: r["fail"],
                       T.COL_SCORE: None if r["score"] is None else round(r["score"] * 100, 1)}
                      for r in sorted(ranking, key=lambda r: -(r["score"] or 0))]),
        hide_index=True, width="stretch", key=f"{PREFIX}_ranking",
    )  # fmt: skip
