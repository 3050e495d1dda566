"""«Импорт данных»: upload a file of a kind the role may import, see counts and rejects, the log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from core.imports import MISSING_COLUMN, ImportResult, file_hash
from core.roles import Action, PermissionDenied, can
from db.connection import db_path
from db.import_log import import_history, previous_import
from db.imports import store_request_import
from importers.connect import read_connect_events, read_connect_open
from importers.requests import REQUEST_ALIASES, detect_columns, read_requests
from importers.tabular import TableError, read_table
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings
from ui.fmt import fmt_dt, fmt_int, fmt_num
from ui.widgets import download_xlsx, metric_row, russian_uploader, table_with_download

PROGRESS_ROWS = 5000
HISTORY_LIMIT = 200
LAST_RESULT = "imports_last_result"
MAPPING_FOR = "imports_mapping_for"
COUNT_COLUMNS = (texts.IMPORTS_ROWS, texts.IMPORTS_IMPORTED, texts.IMPORTS_DUPLICATES,
                 texts.IMPORTS_REJECTED)  # fmt: skip


@dataclass(frozen=True)
class ImportKind:
    """One kind of file the page loads: who may, which types, how it is read and stored."""

    code: str
    action: Action
    types: tuple[str, ...]
    read: Callable[[bytes, str, str, dict[str, int] | None], ImportResult[Any]]
    store: Callable[..., dict[str, Any]]
    mappable: bool = False  # the reader takes a hand-made column mapping


KINDS = (
    ImportKind(
        "requests", Action.IMPORT_ANY, ("xlsx", "xls", "xlsm", "ods", "csv", "txt", "tsv"),
        lambda data, name, tz, mapping: read_requests(data, name, tz, mapping=mapping),
        store_request_import, mappable=True,
    ),
    ImportKind(
        "connect-open", Action.IMPORT_ANY, ("xml", "json", "txt"),
        lambda data, name, tz, mapping: read_connect_open(data, tz), store_request_import,
    ),
    ImportKind(
        "connect-events", Action.IMPORT_ANY, ("json", "jsonl", "ndjson", "txt"),
        lambda data, name, tz, mapping: read_connect_events(data, tz), store_request_import,
    ),
)  # fmt: skip

actor = guard("imports")
tz = str(settings()["timezone"])
limit_mb = int(settings()["upload_limit_mb"])
db_file = str(db_path())


@st.cache_data(ttl=10, max_entries=4, show_spinner=False)
def load_history(db_file: str) -> list[dict[str, Any]]:
    """The latest imports for the log table."""
    return import_history(get_db(), HISTORY_LIMIT)


def kind_name(code: str) -> str:
    return texts.IMPORTS_KINDS.get(code, code)


def values_text(values: Any) -> str:
    """A reject's raw values as 'column: value; …' (or the raw text)."""
    if isinstance(values, dict):
        return "; ".join(f"{k}: {v}" for k, v in values.items() if v not in ("", None))
    if isinstance(values, list):
        return "; ".join(str(v) for v in values)
    return "" if values is None else str(values)


def rejects_frame(rejects: list[dict[str, Any]]) -> pd.DataFrame:
    """Rejected rows with Russian reasons."""
    return pd.DataFrame(
        [
            {texts.IMPORTS_COL_ROW: r.get("row"), texts.IMPORTS_COL_COLUMN: r.get("column") or "",
             texts.IMPORTS_COL_REASON: texts.IMPORT_PROBLEMS.get(r["reason"], r["reason"]),
             texts.IMPORTS_COL_VALUES: values_text(r.get("values"))}
            for r in rejects
        ],
        columns=[texts.IMPORTS_COL_ROW, texts.IMPORTS_COL_COLUMN, texts.IMPORTS_COL_REASON,
                 texts.IMPORTS_COL_VALUES],
    )  # fmt: skip


def table_error_text(error: TableError) -> str:
    """A Russian sentence for a file that cannot be used at all."""
    if error.reason == MISSING_COLUMN and error.columns:
        names = ", ".join(f"«{texts.IMPORTS_FIELDS.get(c, c).rstrip(' *')}»" for c in error.columns)
        return texts.IMPORTS_MISSING_COLUMNS.format(columns=names)
    return texts.IMPORTS_FAILED.format(reason=texts.IMPORT_PROBLEMS.get(error.reason, error.reason))


def run_import(kind: ImportKind, name: str, data: bytes, mapping: dict[str, int] | None) -> None:
    """Read, store in one transaction, and keep the outcome for display across reruns."""
    digest = file_hash(data)
    earlier = previous_import(get_db(), kind.code, digest)
    try:
        with st.spinner(texts.IMPORTS_READING):
            result = kind.read(data, name, tz, mapping)
    except TableError as error:
        st.session_state.pop(LAST_RESULT, None)
        st.error(table_error_text(error))
        if error.reason == MISSING_COLUMN and kind.mappable:
            st.session_state[MAPPING_FOR] = (kind.code, digest)
        return
    bar = None
    if result.rows > PROGRESS_ROWS:
        bar = st.progress(0.0, text=texts.IMPORTS_SAVING.format(count=fmt_int(result.rows)))

    def show_progress(done: int, total: int) -> None:
        if bar is not None:
            text = texts.IMPORTS_PROGRESS.format(done=fmt_int(done), total=fmt_int(total))
            bar.progress(done / max(total, 1), text=text)

    try:
        outcome = kind.store(get_db(), actor, kind.code, name, digest, result, tz, show_progress)
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
        return
    after_write()
    st.session_state.pop(MAPPING_FOR, None)
    st.session_state[LAST_RESULT] = {
        "name": name,
        "kind": kind.code,
        "earlier": earlier["at"] if earlier else None,
        **outcome,
    }


def show_result(last: dict[str, Any]) -> None:
    """Counts, rejects and their Excel download for the last import of this session."""
    st.success(texts.IMPORTS_DONE.format(name=last["name"]))
    if last.get("earlier"):
        st.info(texts.IMPORTS_SAME_FILE.format(at=fmt_dt(last["earlier"], tz)))
    metric_row(
        [
            (texts.IMPORTS_ROWS, fmt_int(last["rows"])),
            (texts.IMPORTS_IMPORTED, fmt_int(last["imported"])),
            (texts.IMPORTS_DUPLICATES, fmt_int(last["duplicates"])),
            (texts.IMPORTS_REJECTED, fmt_int(last["rejected"])),
        ]
    )
    if last["rejects"]:
        st.subheader(texts.IMPORTS_REJECTS_TITLE)
        table_with_download(
            rejects_frame(last["rejects"]), texts.IMPORTS_REJECTS_FILE, "imports_rejects"
        )


def mapping_form(kind: ImportKind, name: str, data: bytes) -> dict[str, int] | None:
    """Selectboxes mapping the file's columns to fields; the mapping when the person submits it."""
    try:
        table = read_table(data, name, REQUEST_ALIASES)
    except TableError as error:
        st.error(table_error_text(error))
        return None
    header = [h or f"#{i + 1}" for i, h in enumerate(table.header)]
    detected = detect_columns(table.header)
    st.subheader(texts.IMPORTS_MAPPING)
    st.caption(texts.IMPORTS_MAPPING_HINT)
    options = [None, *range(len(header))]
    chosen: dict[str, int] = {}
    with st.form("imports_mapping_form", border=True):
        columns = st.columns(3)
        for i, field in enumerate(REQUEST_ALIASES):
            picked = columns[i % 3].selectbox(
                texts.IMPORTS_FIELDS.get(field, field), options,
                index=options.index(detected[field]) if field in detected else 0,
                format_func=lambda v: texts.IMPORTS_MAPPING_NONE if v is None else header[v],
                key=f"imports_map_{field}",
            )  # fmt: skip
            if picked is not None:
                chosen[field] = picked
        submitted = st.form_submit_button(
            texts.IMPORTS_MAPPING_RUN, type="primary", key="imports_map_run"
        )
    return chosen if submitted else None


st.title(texts.IMPORTS_TITLE)
# The uploader's own hint names its technical cap (twice the limit, so that a slightly larger
# file still reaches the Russian refusal below): the caption states the limit instead.
russian_uploader()
allowed = [kind for kind in KINDS if can(actor.role, kind.action)]
if not allowed:
    st.info(texts.IMPORTS_NONE_ALLOWED)
else:
    code = st.radio(
        texts.IMPORTS_KIND, [k.code for k in allowed], format_func=kind_name,
        horizontal=True, key="imports_kind",
    )  # fmt: skip
    kind = next(k for k in allowed if k.code == code)
    st.caption(texts.IMPORTS_KIND_HELP.get(kind.code, ""))
    upload = st.file_uploader(
        texts.IMPORTS_FILE, type=list(kind.types), key=f"imports_file_{kind.code}",
        max_upload_size=min(1024, 2 * limit_mb),
        help=texts.IMPORTS_LIMIT.format(mb=limit_mb),
    )  # fmt: skip
    st.caption(
        texts.IMPORTS_FILE_HINT.format(types=", ".join(t.upper() for t in kind.types), mb=limit_mb)
    )
    if upload is not None:
        data = upload.getvalue()
        if len(data) > limit_mb * 1024 * 1024:
            st.error(
                texts.IMPORTS_TOO_LARGE.format(
                    name=upload.name, size=fmt_num(len(data) / 1024 / 1024, 1), mb=limit_mb
                )
            )
        else:
            if st.button(texts.IMPORTS_RUN, type="primary", key="imports_run"):
                st.session_state.pop(MAPPING_FOR, None)
                run_import(kind, upload.name, data, None)
            if kind.mappable and st.session_state.get(MAPPING_FOR) == (kind.code, file_hash(data)):
                mapping = mapping_form(kind, upload.name, data)
                if mapping is not None:
                    run_import(kind, upload.name, data, mapping)
    last = st.session_state.get(LAST_RESULT)
    if last:
        show_result(last)

st.subheader(texts.IMPORTS_HISTORY)
history = load_history(db_file)
if not history:
    st.info(texts.IMPORTS_HISTORY_EMPTY)
else:
    log = pd.DataFrame(
        [
            {texts.IMPORTS_COL_AT: fmt_dt(r["at"], tz), texts.IMPORTS_COL_KIND: kind_name(r["kind"]),
             texts.IMPORTS_COL_FILE: r["file_name"] or "", texts.IMPORTS_COL_LOGIN: r["login"] or "",
             texts.IMPORTS_ROWS: r["rows"], texts.IMPORTS_IMPORTED: r["imported"],
             texts.IMPORTS_DUPLICATES: r["duplicates"], texts.IMPORTS_REJECTED: r["rejected"]}
            for r in history
        ]
    )  # fmt: skip
    shown = log.copy()
    for column in COUNT_COLUMNS:
        shown[column] = shown[column].map(fmt_int)
    st.dataframe(shown, hide_index=True, width="stretch", key="imports_history")
    download_xlsx(log, texts.IMPORTS_HISTORY_FILE, key="imports_history_xlsx")
