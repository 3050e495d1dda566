"""«Импорт данных»: any registered kind the role may import — upload, sheet, preview with the
detected mapping (a select box a field), «Проверить» (nothing stored), «Загрузить»; the log."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.imports import ImportResult, Limits, file_hash
from core.roles import PermissionDenied, can
from db.connection import db_path
from db.import_log import (
    dry_run_summary,
    import_history,
    log_failed_import,
    previous_import,
    save_mapping,
    saved_mapping,
)
from importers.kinds import (
    OPTION_BOOL,
    OPTION_CHOICE,
    OPTION_DATE,
    ImportKind,
    Prepared,
    ReadOptions,
    all_kinds,
    prepare,
    read_import,
    result_from_prepared,
)
from importers.tabular import HOW_SAVED, TableError, apply_mapping
from importers.values import text as cell_text
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings, too_large_text
from ui.fmt import fmt_dt, fmt_int
from ui.kinds import (
    field_label,
    kind_store,
    kind_texts,
    kind_title,
    option_choices,
    option_label,
    option_value_label,
    preview_result,
    problem_text,
    table_error_text,
)
from ui.texts import imports as T
from ui.widgets import data_table, download_xlsx, metric_row, plain, table_with_download

PROGRESS_ROWS = 5000
PREVIEW_ROWS = 20
HISTORY_LIMIT = 200
LAST_RESULT = "imports_last_result"
CHECKED = "imports_checked"
COUNT_COLUMNS = (texts.IMPORTS_ROWS, texts.IMPORTS_IMPORTED, texts.IMPORTS_DUPLICATES,
                 texts.IMPORTS_REJECTED, T.FLAGGED)  # fmt: skip

actor = guard("imports")
current = settings()
tz = str(current["timezone"])
limit_mb = int(current["upload_limit_mb"])
limits = Limits(
    max_rows=int(current["import_max_rows"]),
    max_unpacked_bytes=int(current["import_max_unpacked_mb"]) * 2**20,
    rejects_kept=int(current["import_rejects_kept"]),
)
db_file = str(db_path())


@st.cache_data(ttl=10, max_entries=4, show_spinner=False)
def load_history(db_file: str) -> list[dict[str, Any]]:
    """The latest imports for the log table."""
    return import_history(get_db(), HISTORY_LIMIT)


def kind_name(code: str) -> str:
    """A kind's title for the log (the code when the kind is gone)."""
    kind = next((k for k in all_kinds() if k.code == code), None)
    return kind_title(kind) if kind else texts.IMPORTS_KINDS.get(code, code)


def values_text(values: Any) -> str:
    """A reject's raw values as 'column: value; …' (or the raw text)."""
    if isinstance(values, dict):
        return "; ".join(f"{k}: {v}" for k, v in values.items() if v not in ("", None))
    if isinstance(values, list):
        return "; ".join(str(v) for v in values)
    return "" if values is None else str(values)


def rejects_frame(rejects: list[dict[str, Any]]) -> pd.DataFrame:
    """Rejected and flagged rows with Russian reasons; «Строка» says whether the row landed."""
    return pd.DataFrame(
        [
            {texts.IMPORTS_COL_ROW: r.get("row"), texts.IMPORTS_COL_COLUMN: r.get("column") or "",
             T.COL_SEVERITY: T.SEVERITY.get(r.get("severity", "reject"), ""),
             texts.IMPORTS_COL_REASON: problem_text(r["reason"]),
             texts.IMPORTS_COL_VALUES: values_text(r.get("values"))}
            for r in rejects
        ],
        columns=[texts.IMPORTS_COL_ROW, texts.IMPORTS_COL_COLUMN, T.COL_SEVERITY,
                 texts.IMPORTS_COL_REASON, texts.IMPORTS_COL_VALUES],
    )  # fmt: skip


def fail(kind: ImportKind, name: str, digest: str, error: TableError, log: bool) -> None:
    """Say why the file cannot be used; a real import attempt also goes to the log with why."""
    reason = table_error_text(error, kind)
    if log:
        log_failed_import(get_db(), kind.code, name, digest, actor.login, error.reason, reason)
        after_write()
    st.error(texts.IMPORTS_FAILED.format(reason=plain(reason)))


def store(kind: ImportKind, name: str, digest: str, result: ImportResult[Any]) -> bool:
    """Store in one transaction with a progress bar for big files; keep the outcome for display."""
    earlier = previous_import(get_db(), kind.code, digest)
    bar = None
    if result.rows > PROGRESS_ROWS:
        bar = st.progress(0.0, text=texts.IMPORTS_SAVING.format(count=fmt_int(result.rows)))

    def show_progress(done: int, total: int) -> None:
        if bar is not None:
            text = texts.IMPORTS_PROGRESS.format(done=fmt_int(done), total=fmt_int(total))
            bar.progress(done / max(total, 1), text=text)

    try:
        outcome = kind_store(kind)(get_db(), actor, kind.code, name, digest, result, tz,
                                   show_progress)  # fmt: skip
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
        return False
    after_write()
    st.session_state[LAST_RESULT] = {
        "name": name,
        "kind": kind.code,
        "digest": digest,
        "earlier": earlier["at"] if earlier else None,
        **outcome,
    }
    return outcome["imported"] + outcome["duplicates"] > 0


def show_result(last: dict[str, Any], kind: ImportKind) -> None:
    """Counts, rejects and their Excel download for the last import of this session."""
    landed = last["imported"] + last["duplicates"]
    if landed:
        st.success(texts.IMPORTS_DONE.format(name=plain(last["name"])))
    else:
        st.error(T.WIZARD_NOTHING_LANDED)
    if last.get("earlier"):
        st.info(texts.IMPORTS_SAME_FILE.format(at=fmt_dt(last["earlier"], tz)))
    metric_row(
        [
            (texts.IMPORTS_ROWS, fmt_int(last["rows"])),
            (texts.IMPORTS_IMPORTED, fmt_int(last["imported"])),
            (texts.IMPORTS_DUPLICATES, fmt_int(last["duplicates"])),
            (texts.IMPORTS_REJECTED, fmt_int(last["rejected"])),
            *([(T.FLAGGED, fmt_int(last["flagged"]))] if last.get("flagged") else []),
        ]
    )
    if last["rejects"]:
        if last.get("flagged"):
            st.warning(T.FLAGGED_NOTE.format(flagged=fmt_int(last["flagged"])))
        st.subheader(T.PROBLEMS_TITLE if last.get("flagged") else texts.IMPORTS_REJECTS_TITLE)
        table_with_download(
            rejects_frame(last["rejects"]), texts.IMPORTS_REJECTS_FILE, "imports_rejects"
        )
    if (last["rejects"] or not landed) and kind.tabular:
        if st.button(T.WIZARD_REMAP, key="imports_remap"):
            st.session_state.pop(LAST_RESULT, None)
            st.rerun()


def preview_frame(ready: Prepared) -> pd.DataFrame:
    """The first rows under the header as text, each column named as in the file."""
    table = ready.table
    unique = table.keys  # st.dataframe needs distinct column names: «ИНН», «ИНН (2)»
    names = unique
    rows = [
        [("" if i >= len(row) else cell_text(row[i])) for i in range(len(names))]
        for row in table.rows[:PREVIEW_ROWS]
    ]
    frame = pd.DataFrame(rows, columns=unique)
    frame.insert(0, texts.IMPORTS_COL_ROW, table.row_numbers[:PREVIEW_ROWS])
    return frame


def option_widgets(kind: ImportKind) -> tuple[dict[str, Any], list[str]]:
    """The kind's own options as widgets (made from the same KindOption as the CLI flags): their
    values for ReadOptions.extra, and the labels of required ones left empty."""
    values: dict[str, Any] = {}
    missing: list[str] = []
    if not kind.options:
        return values, missing
    st.markdown(f"**{T.WIZARD_OPTIONS}**")
    columns = st.columns(min(len(kind.options), 3))
    for position, option in enumerate(kind.options):
        place = columns[position % len(columns)]
        label = option_label(kind, option.name)
        key = f"imports_{kind.code}_option_{option.name}"
        if option.type == OPTION_BOOL:
            value: Any = place.checkbox(label, value=bool(option.default), key=key)
        elif option.type == OPTION_DATE:
            value = place.date_input(label, value=option.default, format="DD.MM.YYYY", key=key)
        elif option.type == OPTION_CHOICE:
            choices: list[Any] = option_choices(get_db(), option)
            if option.default not in (None, "") and option.default not in choices:
                choices.append(option.default)
            if not option.required:
                choices.insert(0, None)
            picked = choices.index(option.default) if option.default in choices else None
            value = place.selectbox(
                T.WIZARD_OPTION_NEW.format(label=label) if option.new_allowed else label,
                choices, index=picked, key=key, accept_new_options=option.new_allowed,
                format_func=lambda v, o=option: (
                    T.WIZARD_OPTION_NONE if v is None else option_value_label(kind, o.name, v)
                ),
            )  # fmt: skip
        else:
            value = place.text_input(label, value=option.default or "", key=key).strip()
        if option.required and value in (None, ""):
            missing.append(label)
        values[option.name] = value
    if missing:
        st.warning(T.WIZARD_OPTION_MISSING.format(options=", ".join(missing)))
    return values, missing


def wizard(kind: ImportKind, name: str, data: bytes, digest: str) -> None:
    """Sheet → preview with the mapping → «Проверить» / «Загрузить» for a table kind."""
    prefix = f"imports_{kind.code}_{digest[:10]}"
    sheet = st.session_state.get(f"{prefix}_sheet")
    try:
        ready = prepare(kind, data, ReadOptions(name, tz, sheet=sheet, limits=limits))
    except TableError as error:
        fail(kind, name, digest, error, log=False)
        return
    table = ready.table
    if len(table.sheets) > 1:
        st.selectbox(
            T.WIZARD_SHEET, table.sheets, index=table.sheets.index(table.sheet),
            key=f"{prefix}_sheet",
            help=T.WIZARD_SHEET_HELP.format(
                sheet=plain(table.sheet), reason=T.SHEET_REASONS.get(table.sheet_reason, "")
            ),
        )  # fmt: skip
    saved = saved_mapping(get_db(), kind.code, ready.signature)
    if saved:
        try:
            ready.detection = apply_mapping(
                ready.detection, table.header, saved, kind.field_names, HOW_SAVED
            )
        except TableError:
            saved = None
        else:
            st.info(T.WIZARD_SAVED_OFFERED)
    st.subheader(T.WIZARD_PREVIEW.format(count=PREVIEW_ROWS))
    caption = T.WIZARD_PREVIEW_CAPTION if table.sheet else T.WIZARD_PREVIEW_CAPTION_CSV
    st.caption(
        caption.format(
            sheet=plain(table.sheet),
            header_row=plain(table.header_row),
            rows=fmt_int(len(table.rows)),
        )
    )
    data_table(preview_frame(ready), key=f"{prefix}_preview")
    header = table.keys  # a repeated name numbered: what the saved mapping names
    options: list[int | None] = [None, *range(len(header))]
    # a sheet of its own widgets: another sheet's choices would not fit its columns
    map_prefix = f"{prefix}_{table.sheets.index(table.sheet) if table.sheet in table.sheets else 0}"
    chosen: dict[str, int] = {}
    columns = st.columns(3)
    for position, spec in enumerate(kind.fields):
        detected = ready.detection.columns.get(spec.name)
        label = field_label(kind, spec.name)
        how = ready.detection.how.get(spec.name)
        picked = columns[position % 3].selectbox(
            T.WIZARD_FIELD_REQUIRED.format(label=label) if spec.required else label,
            options, index=options.index(detected) if detected is not None else 0,
            format_func=lambda v: T.WIZARD_NONE if v is None else header[v],
            key=f"{map_prefix}_map_{spec.name}",
            help=T.WIZARD_FIELD_HOW.format(how=T.HOW[how]) if how else None,
        )  # fmt: skip
        if picked is not None:
            chosen[spec.name] = picked
    missing = [field_label(kind, f) for f in kind.required if f not in chosen]
    doubled = sorted({header[c] for c in chosen.values() if list(chosen.values()).count(c) > 1})
    if missing:
        st.warning(T.WIZARD_MISSING.format(fields=", ".join(missing)))
    if doubled:
        st.warning(T.WIZARD_DUPLICATE.format(column=plain(", ".join(doubled))))
    extra, unset = option_widgets(kind)
    blocked = bool(missing or doubled or unset)
    left, right = st.columns(2)
    check = left.button(T.WIZARD_CHECK, key="imports_check", disabled=blocked)
    load = right.button(texts.IMPORTS_RUN, type="primary", key="imports_run", disabled=blocked)
    if not (check or load):
        checked = st.session_state.get(CHECKED)
        if checked and checked.get("digest") == digest:
            show_check(checked)
        return
    mapping: dict[str, int | None] = dict(chosen)  # by position: exact even for repeated names
    mapping.update({f.name: None for f in kind.fields if f.name not in chosen})
    read_options = ReadOptions(
        name, tz, sheet=table.sheet or None, mapping=mapping, limits=limits, extra=extra
    )
    try:
        with st.spinner(texts.IMPORTS_READING):
            ready = prepare(kind, data, read_options)
            result = result_from_prepared(kind, ready, read_options)
    except TableError as error:
        fail(kind, name, digest, error, log=load)
        return
    if check:
        run_check(kind, result, digest, limits.rejects_kept)
        return
    st.session_state.pop(CHECKED, None)
    if store(kind, name, digest, result):
        by_name: dict[str, str | None] = {
            f: header[c] for f, c in chosen.items() if table.header[c]
        }
        by_name.update({f.name: None for f in kind.fields if f.name not in chosen})
        save_mapping(get_db(), actor, kind.code, ready.signature, by_name, table.header)
    st.rerun()


def run_check(kind: ImportKind, result: Any, digest: str, rejects_kept: int) -> None:
    """«Проверить»: what the load would do with this file, nothing stored; kept for the file."""
    st.session_state[CHECKED] = {
        "digest": digest,
        **dry_run_summary(preview_result(kind, get_db(), result), rejects_kept),
    }
    show_check(st.session_state[CHECKED])


def show_check(checked: dict[str, Any]) -> None:
    """The dry run's counts and its first rejects."""
    st.info(
        T.WIZARD_CHECKED.format(
            rows=fmt_int(checked["rows"]),
            imported=fmt_int(checked["imported"]),
            rejected=fmt_int(checked["rejected"]),
        )
    )
    if checked.get("flagged"):
        st.warning(T.WIZARD_CHECKED_FLAGGED.format(flagged=fmt_int(checked["flagged"])))
    if checked["rejects"]:
        data_table(
            rejects_frame(checked["rejects"][:PREVIEW_ROWS]),
            key="imports_check_rejects",
        )  # fmt: skip


def plain_import(kind: ImportKind, name: str, data: bytes, digest: str) -> None:
    """The kind's options, «Проверить» (nothing stored) and «Загрузить» for a kind read from its
    bytes by its own reader (JSON, XML, a calendar, an agency's workbook)."""
    extra, unset = option_widgets(kind)
    left, right = st.columns(2)
    check = left.button(T.WIZARD_CHECK, key="imports_check", disabled=bool(unset))
    load = right.button(texts.IMPORTS_RUN, type="primary", key="imports_run", disabled=bool(unset))
    if not (check or load):
        checked = st.session_state.get(CHECKED)
        if checked and checked.get("digest") == digest:
            show_check(checked)
        return
    try:
        with st.spinner(texts.IMPORTS_READING):
            result = read_import(kind, data, ReadOptions(name, tz, limits=limits, extra=extra))
    except TableError as error:
        st.session_state.pop(LAST_RESULT, None)
        fail(kind, name, digest, error, log=load)
        return
    if check:
        run_check(kind, result, digest, limits.rejects_kept)
        return
    st.session_state.pop(CHECKED, None)
    if store(kind, name, digest, result) or LAST_RESULT in st.session_state:
        st.rerun()


st.title(texts.IMPORTS_TITLE)
# The uploader's own hint names its technical cap (twice the limit, so that a slightly larger
# file still reaches the Russian refusal below): the caption states the limit instead.
allowed = [kind for kind in all_kinds() if can(actor.role, kind.action)]
if not allowed:
    st.info(texts.IMPORTS_NONE_ALLOWED)
else:
    code = st.radio(
        texts.IMPORTS_KIND, [k.code for k in allowed], format_func=kind_name,
        horizontal=True, key="imports_kind",
    )  # fmt: skip
    kind = next(k for k in allowed if k.code == code)
    st.caption(str(kind_texts(kind).get("help", "")))
    upload = st.file_uploader(
        texts.IMPORTS_FILE, type=list(kind.types), key=f"imports_file_{kind.code}",
        max_upload_size=min(1024, 2 * limit_mb),
        help=texts.IMPORTS_LIMIT.format(mb=limit_mb),
    )  # fmt: skip
    st.caption(
        texts.IMPORTS_FILE_HINT.format(
            types=plain(", ".join(t.upper() for t in kind.types)), mb=plain(limit_mb)
        )
    )
    last = st.session_state.get(LAST_RESULT)
    if upload is not None:
        data = upload.getvalue()
        digest = file_hash(data)
        if too_large := too_large_text(upload.name, len(data), limit_mb):
            st.error(too_large)
        elif last and last.get("digest") == digest and last.get("kind") == kind.code:
            show_result(last, kind)
        elif kind.tabular:
            wizard(kind, upload.name, data, digest)
        else:
            plain_import(kind, upload.name, data, digest)
    elif last:
        st.session_state.pop(LAST_RESULT, None)

st.subheader(texts.IMPORTS_HISTORY)
history = load_history(db_file)
if not history:
    st.info(texts.IMPORTS_HISTORY_EMPTY)
else:
    log = pd.DataFrame(
        [
            {texts.IMPORTS_COL_AT: fmt_dt(r["at"], tz), texts.IMPORTS_COL_KIND: kind_name(r["kind"]),
             texts.IMPORTS_COL_FILE: r["file_name"] or "", T.HISTORY_COL_SHEET: r["sheet"] or "",
             texts.IMPORTS_COL_LOGIN: r["login"] or "",
             texts.IMPORTS_ROWS: r["rows"], texts.IMPORTS_IMPORTED: r["imported"],
             texts.IMPORTS_DUPLICATES: r["duplicates"], texts.IMPORTS_REJECTED: r["rejected"],
             T.FLAGGED: r["flagged"],
             T.HISTORY_COL_ERROR: (r["error"] or "").partition(": ")[2] or r["error"] or ""}
            for r in history
        ]
    )  # fmt: skip
    shown = log.copy()
    for column in COUNT_COLUMNS:
        shown[column] = shown[column].map(fmt_int)
    data_table(shown, key="imports_history")
    download_xlsx(log, texts.IMPORTS_HISTORY_FILE, key="imports_history_xlsx")
