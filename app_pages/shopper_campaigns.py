"""«Кампании и партнёры»: campaigns with their checklist and rounds, results by round, and each
partner's seed-000 status (passed, failed, re-check requested with the letter's date,
re-checked); a failed partner is out of the recommended list until a re-check passes."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from core.imports import file_hash
from core.roles import Action, PermissionDenied, can
from db.shopper import (
    ShopperError,
    create_campaign,
    list_campaigns,
    list_templates,
    org_statuses,
    record_letter,
    store_evaluation_import,
    verdicts_by,
)
from importers.evaluations import read_evaluation_file
from importers.kinds import ReadOptions
from importers.tabular import TableError
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_date, fmt_int
from ui.kinds import problem_text, table_error_text
from ui.texts import shopper as T
from ui.widgets import metric_row, plain, table_with_download

PREFIX = "shopper_campaigns"

actor = guard("shopper_campaigns")
db = get_db()
st.title(T.CAMPAIGNS_TITLE)
may_edit = can(actor.role, Action.EDIT_EVALUATIONS)

campaigns = list_campaigns(db)


def upload_evaluations(upload, campaign: str, calibration: bool) -> dict | None:
    """Read and store an agency workbook; a file that cannot be used shows why."""
    if not campaign:
        st.error(T.ERRORS["no_name"])
        return None
    data = upload.getvalue()
    options = ReadOptions(upload.name, str(settings()["timezone"]),
                          extra={"campaign": campaign, "calibration": calibration})  # fmt: skip
    try:
        result = read_evaluation_file(data, options)
    except TableError as exc:
        st.error(table_error_text(exc))
        return None
    try:
        return store_evaluation_import(db, actor, "evaluations", upload.name, file_hash(data),
                                       result, options.tz)  # fmt: skip
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
        return None


st.subheader(T.CAMPAIGNS_TABLE)
table_with_download(
    pd.DataFrame(
        [{T.COL_CAMPAIGN: c["name"], T.COL_TEMPLATE: c["template"],
          T.COL_KIND: T.CAMPAIGN_KINDS.get(c["kind"], c["kind"]), T.COL_EVALUATIONS: c["evaluations"],
          T.COL_ROUNDS: c["rounds"], T.COL_FIRST: fmt_date(c["first_day"]),
          T.COL_LAST: fmt_date(c["last_day"])} for c in campaigns],
        columns=[T.COL_CAMPAIGN, T.COL_TEMPLATE, T.COL_KIND, T.COL_EVALUATIONS, T.COL_ROUNDS,
                 T.COL_FIRST, T.COL_LAST],
    ),
    "campaigns.xlsx",
    f"{PREFIX}_list",
)  # fmt: skip

if may_edit:
    with st.expander(T.CAMPAIGNS_NEW):
        templates = list_templates(db)
        with st.form(f"{PREFIX}_new"):
            name = st.text_input(T.CAMPAIGNS_NAME, key=f"{PREFIX}_name")
            family = st.selectbox(T.CAMPAIGNS_TEMPLATE, [t["family"] for t in templates],
                                  format_func=lambda f: next(t["name"] for t in templates
                                                             if t["family"] == f),
                                  key=f"{PREFIX}_family")  # fmt: skip
            kind = st.selectbox(T.CAMPAIGNS_KIND, list(T.CAMPAIGN_KINDS),
                                format_func=T.CAMPAIGN_KINDS.get, key=f"{PREFIX}_kind")  # fmt: skip
            if st.form_submit_button(T.CAMPAIGNS_CREATE):
                try:
                    create_campaign(db, actor, name, str(family), str(kind))
                except ShopperError as exc:
                    st.error(T.ERRORS.get(exc.code, exc.code))
                except PermissionDenied:
                    st.error(texts.PERMISSION_DENIED)
                else:
                    after_write()
                    st.success(T.CAMPAIGNS_CREATED.format(name=plain(name.strip())))

if can(actor.role, Action.IMPORT_EVALUATIONS):
    with st.expander(T.UPLOAD_TITLE):
        st.caption(T.UPLOAD_HELP)
        upload = st.file_uploader(T.UPLOAD_FILE, type=["xlsx", "xls", "ods", "csv"],
                                  key=f"{PREFIX}_upload")  # fmt: skip
        names = [c["name"] for c in campaigns]
        target = st.selectbox(T.UPLOAD_CAMPAIGN, [*names, None],
                              format_func=lambda n: T.UPLOAD_NEW_CAMPAIGN if n is None else n,
                              key=f"{PREFIX}_upload_campaign")  # fmt: skip
        new_name = (
            st.text_input(T.CAMPAIGNS_NAME, key=f"{PREFIX}_upload_new") if target is None else ""
        )
        calibration = st.checkbox(T.UPLOAD_CALIBRATION, key=f"{PREFIX}_upload_calibration")
        if st.button(
            T.UPLOAD_RUN, type="primary", key=f"{PREFIX}_upload_run", disabled=upload is None
        ):
            summary = upload_evaluations(upload, str(target or new_name).strip(), calibration)
            if summary is not None:
                after_write()
                metric_row([(T.UPLOAD_ROWS, fmt_int(summary["rows"])),
                            (T.UPLOAD_IMPORTED, fmt_int(summary["imported"])),
                            (T.UPLOAD_DUPLICATES, fmt_int(summary["duplicates"])),
                            (T.UPLOAD_REJECTED, fmt_int(summary["rejected"]))])  # fmt: skip
                if summary["rejects"]:
                    table_with_download(
                        pd.DataFrame([{T.UPLOAD_ROW: r["row"], T.UPLOAD_COLUMN: r["column"],
                                       T.UPLOAD_REASON: problem_text(r["reason"]),
                                       T.UPLOAD_VALUES: json.dumps(r["values"], ensure_ascii=False)}
                                      for r in summary["rejects"]]),
                        "rejects.xlsx", f"{PREFIX}_rejects",
                    )  # fmt: skip

if not campaigns:
    st.stop()
choice = st.selectbox(T.CAMPAIGNS_PICK, [c["id"] for c in campaigns],
                      format_func=lambda i: next(c["name"] for c in campaigns if c["id"] == i),
                      key=f"{PREFIX}_pick")  # fmt: skip

st.subheader(T.CAMPAIGNS_ROUNDS)
rounds = verdicts_by(db, "round", choice)
table_with_download(
    pd.DataFrame(
        [{T.COL_ROUND: r["label"], T.COL_TOTAL: r["total"], T.COL_PASS: r["pass"],
          T.COL_PWI: r["pass_with_improvements"], T.COL_FAIL: r["fail"]} for r in rounds],
        columns=[T.COL_ROUND, T.COL_TOTAL, T.COL_PASS, T.COL_PWI, T.COL_FAIL],
    ),
    "rounds.xlsx",
    f"{PREFIX}_rounds",
)  # fmt: skip

st.subheader(T.CAMPAIGNS_ORGS)
orgs = org_statuses(db, choice)
out = sum(o["out_of_recommended"] for o in orgs)
st.caption(T.CAMPAIGNS_OUT.format(count=fmt_int(out)))
table_with_download(
    pd.DataFrame(
        [{T.COL_ORG: o["name"], T.COL_CITY: o["city"], T.COL_CALLS: o["calls"],
          T.COL_FAILS: o["fails"], T.COL_LAST_VERDICT: T.VERDICTS[o["last_verdict"]],
          T.COL_STATUS: T.ORG_STATUSES.get(o["status"] or "", ""),
          T.COL_LETTER: fmt_date(o["letter_on"]) if o["letter_on"] else "",
          T.COL_OUT: texts.YES if o["out_of_recommended"] else ""} for o in orgs],
        columns=[T.COL_ORG, T.COL_CITY, T.COL_CALLS, T.COL_FAILS, T.COL_LAST_VERDICT,
                 T.COL_STATUS, T.COL_LETTER, T.COL_OUT],
    ),
    "partners.xlsx",
    f"{PREFIX}_orgs",
)  # fmt: skip

failed = [o for o in orgs if o["out_of_recommended"]]
if may_edit and failed:
    with st.form(f"{PREFIX}_letter"):
        st.subheader(T.CAMPAIGNS_LETTER)
        org = st.selectbox(T.CAMPAIGNS_LETTER_ORG, [o["org_id"] for o in failed],
                           format_func=lambda i: next(o["name"] for o in failed if o["org_id"] == i),
                           key=f"{PREFIX}_letter_org")  # fmt: skip
        day = st.date_input(T.CAMPAIGNS_LETTER_DAY, format="DD.MM.YYYY", key=f"{PREFIX}_letter_day")
        if st.form_submit_button(T.CAMPAIGNS_LETTER_SAVE):
            try:
                record_letter(db, actor, int(org), int(choice), day)
            except PermissionDenied:
                st.error(texts.PERMISSION_DENIED)
            else:
                after_write()
                st.rerun()
