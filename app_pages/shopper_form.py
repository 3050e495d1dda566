"""«Оценка звонка»: QC marks a call criterion by criterion and sees the verdict change as they
mark; the call's recording plays above the checklist."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.roles import PermissionDenied
from core.shopper import DONE, LIKED_TAGS, MARKS, MISSED, NA, EvaluationRecord, evaluate
from core.timeutil import to_local, utcnow
from db.connection import db_path
from db.shopper import (
    ShopperError,
    create_evaluation,
    current_template_id,
    delete_evaluation,
    get_evaluation,
    list_campaigns,
    list_evaluations,
    load_template,
    update_marks,
)
from importers.calls import recording_source
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_pct
from ui.texts import shopper as T
from ui.widgets import data_table, plain

PREFIX = "shopper_form"
VERDICT_ICONS = {"pass": ":material/check_circle:", "pass_with_improvements": ":material/build:",
                 "fail": ":material/cancel:"}  # fmt: skip

actor = guard("shopper_form")
db = get_db()
db_file = str(db_path())
st.title(T.PAGE_FORM)
today = to_local(utcnow(), str(settings()["timezone"])).date()


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_campaigns(db_file: str) -> list[dict]:
    """Campaigns for the select."""
    return list_campaigns(get_db())


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load_queue(db_file: str) -> list[dict]:
    """Calls drawn for listening and not evaluated yet."""
    from db.calls import listening_queue

    return listening_queue(get_db())


campaigns = load_campaigns(db_file)
if not campaigns:
    st.info(T.FORM_NO_CAMPAIGN)
    st.stop()

queue = load_queue(db_file)
picked_call = None
if queue:
    options = [None, *range(len(queue))]
    choice = st.selectbox(
        T.FORM_FROM_QUEUE,
        options,
        format_func=lambda i: T.FORM_QUEUE_NONE if i is None else queue[i]["label"],
        key=f"{PREFIX}_queue",
    )
    picked_call = None if choice is None else queue[choice]

names = [c["name"] for c in campaigns]
campaign_name = st.selectbox(T.FORM_CAMPAIGN, names, key=f"{PREFIX}_campaign")
campaign = next(c for c in campaigns if c["name"] == campaign_name)
template = load_template(db, current_template_id(db, campaign["family"]))
st.caption(T.FORM_TEMPLATE.format(name=plain(template.name), version=plain(template.version)))

verdict_box = st.container(border=True)

left, middle, right = st.columns(3)
round_no = left.number_input(
    T.FORM_ROUND, min_value=1, max_value=99, value=1, key=f"{PREFIX}_round"
)
day = middle.date_input(T.FORM_DAY, value=picked_call["day"] if picked_call else today,
                        format="DD.MM.YYYY", key=f"{PREFIX}_day")  # fmt: skip
evaluator = right.text_input(
    T.FORM_EVALUATOR, value=actor.name or actor.login, key=f"{PREFIX}_evaluator"
)
left, middle, right = st.columns(3)
org = left.text_input(
    T.FORM_ORG, value=picked_call["org"] if picked_call else "", key=f"{PREFIX}_org"
)
city = middle.text_input(T.FORM_CITY, key=f"{PREFIX}_city")
manager = right.text_input(
    T.FORM_MANAGER, value=picked_call["manager"] if picked_call else "", key=f"{PREFIX}_manager"
)
left, right = st.columns(2)
call_ref = left.text_input(
    T.FORM_CALL_REF, value=picked_call["key"] if picked_call else "", key=f"{PREFIX}_call_ref"
)
recording = right.text_input(
    T.FORM_RECORDING,
    value=picked_call["recording"] if picked_call else "",
    key=f"{PREFIX}_recording",
)

source = recording_source(recording, call_ref, str(settings().get("recordings_folder") or ""))
if source is not None:
    st.audio(source[0], format=source[1])
elif recording or call_ref:
    st.caption(T.FORM_RECORDING_NONE)

marks: dict[str, str] = {}
comments: dict[str, str] = {}
for group, criteria in template.groups():
    if group:
        st.subheader(group)
    for criterion in criteria:
        label = f"{criterion.code}. {criterion.name} · {T.SEVERITIES[criterion.severity]}"
        mark = st.radio(
            label,
            MARKS,
            format_func=T.MARKS.get,
            horizontal=True,
            key=f"{PREFIX}_mark_{criterion.code}",
        )
        marks[criterion.code] = mark or DONE
        if mark == MISSED:
            comments[criterion.code] = st.text_input(
                T.FORM_MISSED_COMMENT.format(code=plain(criterion.code)),
                key=f"{PREFIX}_comment_{criterion.code}",
            )

outcome = evaluate(template, marks)
with verdict_box:
    verdict_text = T.VERDICTS[outcome.verdict]
    left, right = st.columns([1, 2])
    left.metric(T.FORM_VERDICT.format(verdict=""), verdict_text)
    right.markdown(
        T.FORM_COUNTS.format(
            gross=plain(outcome.gross),
            errors=plain(outcome.errors),
            na=plain(sum(m == NA for m in marks.values())),
        )
    )
    right.caption(T.FORM_SCORE.format(score=fmt_pct(outcome.score)) + " · " + T.FORM_VERDICT_HINT)

st.divider()
left, middle, right = st.columns(3)
pickup = left.number_input(T.FORM_PICKUP, min_value=0, max_value=3600, value=None,
                           key=f"{PREFIX}_pickup")  # fmt: skip
kp_promised = middle.text_input(T.FORM_KP_PROMISED, key=f"{PREFIX}_kp_promised")
kp_sent = right.text_input(T.FORM_KP_SENT, key=f"{PREFIX}_kp_sent")
called_back = st.checkbox(T.FORM_CALLED_BACK, key=f"{PREFIX}_called_back")
liked = st.multiselect(T.FORM_LIKED, LIKED_TAGS, key=f"{PREFIX}_liked")
comment = st.text_area(T.FORM_COMMENT, key=f"{PREFIX}_comment")
calibration = st.checkbox(T.FORM_CALIBRATION, key=f"{PREFIX}_calibration",
                          help=T.FORM_CALIBRATION_HELP)  # fmt: skip

if st.button(T.FORM_SAVE, type="primary", key=f"{PREFIX}_save"):
    record = EvaluationRecord(
        row=None, day=day, org=org, marks=marks, round=int(round_no), city=city, manager=manager,
        evaluator=evaluator, call_ref=call_ref, comment=comment, comments=comments,
        liked=tuple(liked), pickup_s=None if pickup is None else int(pickup),
        kp_promised=kp_promised, kp_sent=kp_sent, called_back=called_back, recording=recording,
    )  # fmt: skip
    try:
        stored = create_evaluation(
            db, actor, record, int(campaign["id"]),
            call_id=picked_call["id"] if picked_call else None,
            own_name=str(settings().get("company_name") or ""), calibration=calibration,
        )  # fmt: skip
    except ShopperError as exc:
        st.error(T.ERRORS.get(exc.code, exc.code))
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
    else:
        after_write()
        st.success(T.FORM_SAVED.format(id=plain(stored.id), verdict=T.VERDICTS[stored.verdict]))

st.subheader(T.FORM_RECENT)
recent = list_evaluations(db, actor, limit=50)
if recent:
    frame = pd.DataFrame(
        [{T.COL_ID: r["id"], T.COL_DAY: r["call_day"], T.COL_CAMPAIGN: r["campaign"],
          T.COL_ROUND: r["round"], T.COL_ORG: r["org"], T.COL_MANAGER: r["manager"],
          T.COL_VERDICT: T.VERDICTS[r["verdict"]], T.COL_GROSS: r["gross"],
          T.COL_ERRORS: r["errors"]} for r in recent]
    )  # fmt: skip
    data_table(frame, key=f"{PREFIX}_recent")
    with st.expander(T.FORM_EDIT):
        editing = st.selectbox(
            T.FORM_EDIT_PICK, [r["id"] for r in recent], key=f"{PREFIX}_edit_pick"
        )
        current = get_evaluation(db, actor, int(editing))
        changed: dict[str, str] = {}
        for criterion in current["template"].criteria:
            old_mark = current["marks"].get(criterion.code, (NA, ""))[0]
            new_mark = st.radio(
                f"{criterion.code}. {criterion.name}", MARKS, index=MARKS.index(old_mark),
                format_func=T.MARKS.get, horizontal=True,
                key=f"{PREFIX}_edit_{editing}_{criterion.code}",
            )  # fmt: skip
            if new_mark != old_mark:
                changed[criterion.code] = str(new_mark)
        if st.button(T.FORM_EDIT_SAVE, key=f"{PREFIX}_edit_save", disabled=not changed):
            try:
                outcome = update_marks(db, actor, int(editing), changed)
            except (ShopperError, PermissionDenied):
                st.error(texts.PERMISSION_DENIED)
            else:
                after_write()
                st.success(
                    T.FORM_EDITED.format(id=plain(editing), verdict=T.VERDICTS[outcome.verdict])
                )
    with st.expander(T.FORM_DELETE):
        target = st.selectbox(
            T.FORM_DELETE_PICK, [r["id"] for r in recent], key=f"{PREFIX}_del_pick"
        )
        if st.button(T.FORM_DELETE, key=f"{PREFIX}_delete"):
            try:
                delete_evaluation(db, actor, int(target))
            except (ShopperError, PermissionDenied):
                st.error(texts.PERMISSION_DENIED)
            else:
                after_write()
                st.success(T.FORM_DELETED.format(id=plain(target)))
