"""«Импорт сделок»: a Bitrix24 / amoCRM export or a plain deals table. The preview shows how many
deals the file holds; stage names nobody mapped are asked for here (never guessed), saved to the
stage map, and only then is the file stored — in one transaction."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.deals import STAGE_NAMES, STAGES, SYSTEMS
from core.imports import file_hash
from core.roles import PermissionDenied
from db.deals import save_stage_map, saved_stage_map, store_deal_import
from importers.deals import UNMAPPED_STAGE, read_deals
from importers.tabular import TableError
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings, too_large_text
from ui.fmt import fmt_int
from ui.texts import deals as T
from ui.widgets import plain, table_with_download

RESULT_KEY = "deals_import_result"

actor = guard("deals_import")
tz = str(settings()["timezone"])
limit_mb = int(settings()["upload_limit_mb"])


def problem_frame(problems: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                T.IMPORT_COL_ROW: p["row"],
                T.IMPORT_COL_COLUMN: p["column"] or "",
                T.IMPORT_COL_REASON: T.IMPORT_PROBLEMS.get(
                    p["reason"], texts.IMPORT_PROBLEMS.get(p["reason"], p["reason"])
                ),
                T.IMPORT_COL_VALUES: str(p["values"])[:200],
            }
            for p in problems
        ]
    )


st.title(T.IMPORT_TITLE)
st.caption(T.IMPORT_CAPTION)
upload = st.file_uploader(
    T.IMPORT_FILE, type=["xlsx", "xls", "ods", "csv", "txt"], key="deals_import_file",
    max_upload_size=min(1024, 2 * limit_mb), help=texts.IMPORTS_LIMIT.format(mb=limit_mb),
)  # fmt: skip
if upload is not None:
    data = upload.getvalue()
    if too_large := too_large_text(upload.name, len(data), limit_mb):
        st.error(too_large)
        st.stop()
    db = get_db()
    maps = {system: saved_stage_map(db, system) for system in SYSTEMS}
    try:
        preview = read_deals(data, upload.name, tz, maps)
    except TableError as exc:
        st.error(texts.IMPORT_PROBLEMS.get(exc.reason, exc.reason))
        st.stop()
    system = preview.records[0].system if preview.records else None
    unmapped = sorted(
        {p.values["stage"] for p in preview.problems
         if p.reason == UNMAPPED_STAGE and isinstance(p.values, dict)}
    )  # fmt: skip
    if system:
        st.caption(T.IMPORT_SYSTEM.format(system=plain(T.SYSTEMS.get(system, system))))
    st.info(
        T.IMPORT_PREVIEW.format(
            deals=fmt_int(len(preview.records)), rejected=fmt_int(len(preview.problems))
        )
    )
    with st.form("deals_import_form"):
        chosen: dict[str, str | None] = {}
        if unmapped:
            st.warning(T.IMPORT_UNMAPPED)
            for index, stage in enumerate(unmapped):
                chosen[stage] = st.selectbox(
                    T.IMPORT_MAP_STAGE.format(stage=plain(stage)), STAGES, index=None,
                    format_func=STAGE_NAMES.get, key=f"deals_import_map_{index}",
                )  # fmt: skip
        if st.form_submit_button(T.IMPORT_SUBMIT, type="primary"):
            extra = {stage: code for stage, code in chosen.items() if code}
            try:
                result = read_deals(data, upload.name, tz, maps, extra) if extra else preview
                target = result.records[0].system if result.records else system
                if extra and target:
                    save_stage_map(get_db(), actor, target, extra)
                summary = store_deal_import(
                    get_db(), actor, "deals", upload.name, file_hash(data), result, tz
                )
            except PermissionDenied:
                st.error(T.IMPORT_NOT_ALLOWED)
            else:
                after_write()
                st.session_state[RESULT_KEY] = summary
last = st.session_state.get(RESULT_KEY)
if last:
    st.success(
        T.IMPORT_DONE.format(
            imported=fmt_int(last["imported"]),
            duplicates=fmt_int(last["duplicates"]),
            rejected=fmt_int(last["rejected"]),
        )  # fmt: skip
    )
    if last["rejects"]:
        st.subheader(T.IMPORT_REJECTS)
        table_with_download(
            problem_frame(last["rejects"]), T.IMPORT_REJECTS_FILE, "deals_import_rejects"
        )
