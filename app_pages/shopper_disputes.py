"""«Споры по оценкам»: QC or the head decides each disputed criterion (keep, accept, another
mark); the verdict is recomputed and the manager is told by e-mail."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.roles import PermissionDenied
from core.shopper import MARKS
from db.shopper import ShopperError, decide_dispute, list_disputes
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db
from ui.fmt import fmt_date
from ui.texts import shopper as T
from ui.widgets import plain, table_with_download

PREFIX = "shopper_disputes"

actor = guard("shopper_disputes")
db = get_db()
st.title(T.DISPUTES_TITLE)

open_disputes = list_disputes(db, actor)
if not open_disputes:
    st.info(T.DISPUTES_NONE)
else:
    by_id = {d["id"]: d for d in open_disputes}
    picked = st.selectbox(
        T.DISPUTES_PICK,
        list(by_id),
        format_func=lambda i: T.DISPUTES_ITEM.format(
            id=i, manager=by_id[i]["manager"], evaluation=by_id[i]["evaluation_id"],
            code=by_id[i]["code"], comment=by_id[i]["comment"],
        ),
        key=f"{PREFIX}_pick",
    )  # fmt: skip
    dispute = by_id[picked]
    st.caption(f"{plain(dispute['org'])} · {fmt_date(dispute['call_day'])} · "
               f"{T.VERDICTS[dispute['verdict']]} · {T.MARKS.get(dispute['mark'] or '', '')}")  # fmt: skip
    with st.form(f"{PREFIX}_form"):
        decision = st.radio(T.DISPUTES_DECISION, list(T.DECISIONS), format_func=T.DECISIONS.get,
                            horizontal=True, key=f"{PREFIX}_decision")  # fmt: skip
        mark = st.selectbox(T.DISPUTES_MARK, MARKS, format_func=T.MARKS.get, key=f"{PREFIX}_mark")
        comment = st.text_area(T.DISPUTES_COMMENT, key=f"{PREFIX}_comment")
        if st.form_submit_button(T.DISPUTES_DECIDE, type="primary"):
            try:
                outcome = decide_dispute(db, actor, int(picked), str(decision),
                                         str(mark) if decision == "other" else None, comment)  # fmt: skip
            except ShopperError as exc:
                st.error(T.ERRORS.get(exc.code, exc.code))
            except PermissionDenied:
                st.error(texts.PERMISSION_DENIED)
            else:
                after_write()
                st.success(T.DISPUTES_DECIDED.format(verdict=T.VERDICTS[outcome.verdict]))

st.subheader(T.DISPUTES_HISTORY)
decided = [d for d in list_disputes(db, actor, open_only=False) if d["decision"]]
table_with_download(
    pd.DataFrame(
        [{T.COL_ID: d["evaluation_id"], T.COL_MANAGER: d["manager"], T.COL_CODE: d["code"],
          T.COL_COMMENT: d["comment"], T.DISPUTES_DECISION: T.DECISIONS[d["decision"]],
          T.DISPUTES_COMMENT: d["decision_comment"]} for d in decided],
        columns=[T.COL_ID, T.COL_MANAGER, T.COL_CODE, T.COL_COMMENT, T.DISPUTES_DECISION,
                 T.DISPUTES_COMMENT],
    ),
    "disputes.xlsx",
    f"{PREFIX}_history",
)  # fmt: skip
