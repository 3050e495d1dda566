"""«Рабочий календарь»: the week's working intervals, holidays and shortened days (admin only)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.calendar import (
    CalendarError,
    default_calendar,
    format_clock,
    format_intervals,
    parse_clock,
    year_figures,
)
from core.imports import file_hash
from core.roles import PermissionDenied
from db.calendar import (
    clear_days,
    days_table,
    is_configured,
    load_calendar,
    save_weekly,
    weekly_rows,
)
from db.connection import db_path
from db.import_log import log_failed_import
from db.imports import store_calendar_import
from importers.calendar import read_calendar
from importers.kinds import ReadOptions
from importers.tabular import TableError
from ui import texts
from ui.auth import guard
from ui.data import after_write, get_db, settings, too_large_text
from ui.fmt import fmt_date, fmt_int, fmt_num
from ui.kinds import problem_text, table_error_text
from ui.texts import imports as T
from ui.widgets import (
    data_table,
    download_xlsx,
    edit_table,
    plain,
    table_with_download,
)

CLOCK_PATTERN = r"^\s*([01]?\d|2[0-3])[:.][0-5]\d\s*$|^\s*24[:.]00\s*$"
FLASH = "admin_calendar_flash"
FIELD_NAMES = {
    "date": texts.CALENDAR_COL_DAY,
    "kind": texts.CALENDAR_COL_KIND,
    "intervals": texts.CALENDAR_COL_INTERVALS,
}
WEEKDAY_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")

actor = guard("admin_calendar")
db_file = str(db_path())
limit_mb = int(settings()["upload_limit_mb"])


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_year(db_file: str, year: int) -> pd.DataFrame:
    """Working days, hours and shortened days of each month of a year, and the year's total."""
    whole, months = year_figures(load_calendar(get_db()), year)
    rows = [
        (T.MONTHS[i].capitalize(), m.working_days, m.working_hours, m.shortened_days)
        for i, m in enumerate(months)
    ]
    rows.append((T.CALENDAR_TOTAL, whole.working_days, whole.working_hours, whole.shortened_days))
    frame = pd.DataFrame(
        rows, columns=[T.CALENDAR_COL_MONTH, T.CALENDAR_COL_DAYS, T.CALENDAR_COL_HOURS,
                       T.CALENDAR_COL_SHORT],
    )  # fmt: skip
    frame[T.CALENDAR_COL_HOURS] = frame[T.CALENDAR_COL_HOURS].map(
        lambda h: fmt_num(h, 0 if float(h).is_integer() else 1)
    )
    return frame


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_week(db_file: str) -> tuple[bool, list[tuple[int, int, int]]]:
    """Whether a week is saved, and its rows (the default week's when none is)."""
    db = get_db()
    if is_configured(db):
        return True, weekly_rows(db)
    week = default_calendar().weekly
    return False, [(d, a, b) for d, day in enumerate(week) for a, b in day]


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def load_days(db_file: str) -> list[dict[str, Any]]:
    """Special days with the working time they end up with."""
    db = get_db()
    calendar = load_calendar(db)
    rows = []
    for row in days_table(db):
        day = date.fromisoformat(row["day"])
        intervals = calendar.intervals_on(day)
        rows.append(
            {**row, "weekday": day.weekday(), "effective": format_intervals(intervals),
             "hours": sum(b - a for a, b in intervals) / 60}
        )  # fmt: skip
    return rows


def calendar_message(error: CalendarError) -> str:
    """A Russian sentence for a calendar problem code."""
    template = texts.CALENDAR_ERRORS.get(error.code, "{value}")
    return template.format(value=error.value)


def week_frame(rows: list[tuple[int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {texts.CALENDAR_COL_WEEKDAY: texts.CALENDAR_WEEKDAYS[d],
             texts.CALENDAR_COL_START: format_clock(a), texts.CALENDAR_COL_END: format_clock(b)}
            for d, a, b in rows
        ],
        columns=[texts.CALENDAR_COL_WEEKDAY, texts.CALENDAR_COL_START, texts.CALENDAR_COL_END],
    )  # fmt: skip


def rows_from_editor(frame: pd.DataFrame) -> list[tuple[int, int, int]]:
    """Edited rows as (weekday, start, end); raises ValueError naming an incomplete row."""
    result = []
    for number, (_, row) in enumerate(frame.iterrows(), start=1):
        weekday, start, end = (row[texts.CALENDAR_COL_WEEKDAY], row[texts.CALENDAR_COL_START],
                               row[texts.CALENDAR_COL_END])  # fmt: skip
        values = [v if isinstance(v, str) else "" for v in (weekday, start, end)]
        if not any(v.strip() for v in values):
            continue  # an empty row the editor added
        if not all(v.strip() for v in values) or values[0] not in texts.CALENDAR_WEEKDAYS:
            raise ValueError(texts.CALENDAR_ROW_INCOMPLETE.format(row=number))
        result.append(
            (
                texts.CALENDAR_WEEKDAYS.index(values[0]),
                parse_clock(values[1]),
                parse_clock(values[2]),
            )
        )
    return result


st.title(texts.CALENDAR_TITLE)
st.caption(texts.CALENDAR_HINT)
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))
configured, week = load_week(db_file)
if not configured:
    st.info(texts.CALENDAR_DEFAULT_NOTE)

# ---- the week --------------------------------------------------------------------------------
st.subheader(texts.CALENDAR_WEEK)
minutes = sum(b - a for _, a, b in week)
st.caption(texts.CALENDAR_WEEK_TOTAL.format(hours=fmt_num(minutes / 60, 1)))
edited = edit_table(
    week_frame(week),
    num_rows="dynamic",
    hide_index=True,
    height=(len(week) + 2) * 35 + 3,
    width="stretch",
    key="admin_calendar_week",
    column_config={
        texts.CALENDAR_COL_WEEKDAY: st.column_config.SelectboxColumn(
            options=list(texts.CALENDAR_WEEKDAYS), required=True
        ),
        texts.CALENDAR_COL_START: st.column_config.TextColumn(
            validate=CLOCK_PATTERN, required=True
        ),
        texts.CALENDAR_COL_END: st.column_config.TextColumn(validate=CLOCK_PATTERN, required=True),
    },
)
if st.button(texts.CALENDAR_SAVE_WEEK, type="primary", key="admin_calendar_save_week"):
    try:
        count = save_weekly(get_db(), actor, rows_from_editor(edited))
    except CalendarError as error:
        st.error(calendar_message(error))
    except PermissionDenied:
        st.error(texts.PERMISSION_DENIED)
    except ValueError as error:
        st.error(str(error))
    else:
        after_write()
        # the editor's pending edits refer to the old rows: drop them and show the saved week
        st.session_state.pop("admin_calendar_week", None)
        st.session_state[FLASH] = texts.CALENDAR_WEEK_SAVED.format(count=fmt_int(count))
        st.rerun()

# ---- special days ----------------------------------------------------------------------------
st.subheader(texts.CALENDAR_DAYS)
with st.form("admin_calendar_upload_form", clear_on_submit=True, border=True):
    upload = st.file_uploader(
        texts.CALENDAR_UPLOAD, type=["xml", "json", "ics", "csv", "txt", "xlsx", "xls", "ods"],
        help=texts.CALENDAR_UPLOAD_HELP, key="admin_calendar_file",
        max_upload_size=min(1024, 2 * limit_mb),
    )  # fmt: skip
    st.caption(
        texts.IMPORTS_FILE_HINT.format(
            types="XML, JSON, ICS, CSV, XLSX, XLS, ODS", mb=plain(limit_mb)
        )
    )
    st.caption(T.KIND_CALENDAR["help"])
    replace = st.checkbox(texts.CALENDAR_REPLACE, key="admin_calendar_replace")
    submitted = st.form_submit_button(texts.CALENDAR_LOAD, key="admin_calendar_load")
if submitted and upload is not None:
    data = upload.getvalue()
    if too_large := too_large_text(upload.name, len(data), limit_mb):
        st.error(too_large)
    else:
        digest = file_hash(data)
        try:
            result = read_calendar(data, ReadOptions(upload.name, str(settings()["timezone"])))
        except TableError as error:
            reason = table_error_text(error)
            log_failed_import(
                get_db(), "calendar", upload.name, digest, actor.login, error.reason, reason
            )
            result = None
            st.error(texts.IMPORTS_FAILED.format(reason=plain(reason)))
        if result is None:
            pass
        elif result.records:
            try:
                if replace:
                    clear_days(get_db(), actor)
                store_calendar_import(get_db(), actor, "calendar", upload.name, digest, result)
            except PermissionDenied:
                st.error(texts.PERMISSION_DENIED)
            else:
                after_write()
                st.success(
                    texts.CALENDAR_DAYS_LOADED.format(
                        count=fmt_int(len(result.records)), rejected=fmt_int(len(result.problems))
                    )
                )
        else:
            st.error(texts.CALENDAR_NOTHING_TO_LOAD)
        if result is not None and result.problems:
            rejects = pd.DataFrame(
                [
                    {texts.IMPORTS_COL_ROW: p.row,
                     texts.IMPORTS_COL_COLUMN: FIELD_NAMES.get(p.column or "", p.column or ""),
                     texts.IMPORTS_COL_REASON: problem_text(p.reason),
                     texts.IMPORTS_COL_VALUES: "; ".join(
                         f"{FIELD_NAMES.get(k, k)}: {v}" for k, v in (p.values or {}).items()
                     ) if isinstance(p.values, dict) else str(p.values or "")}
                    for p in result.problems
                ]
            )  # fmt: skip
            st.markdown(f"**{texts.IMPORTS_REJECTS_TITLE}**")
            table_with_download(rejects, texts.IMPORTS_REJECTS_FILE, "admin_calendar_rejects")

days = load_days(db_file)
if not days:
    st.info(texts.CALENDAR_NO_DAYS)
days_frame = pd.DataFrame(
    [
        {texts.CALENDAR_COL_DAY: fmt_date(d["day"]),
         texts.CALENDAR_COL_WEEKDAY_SHORT: WEEKDAY_SHORT[d["weekday"]],
         texts.CALENDAR_COL_KIND: texts.CALENDAR_KINDS.get(d["kind"], d["kind"]),
         texts.CALENDAR_COL_INTERVALS: d["effective"] or "—",
         texts.CALENDAR_COL_HOURS: fmt_num(d["hours"], 1)}
        for d in days
    ],
    columns=[texts.CALENDAR_COL_DAY, texts.CALENDAR_COL_WEEKDAY_SHORT, texts.CALENDAR_COL_KIND,
             texts.CALENDAR_COL_INTERVALS, texts.CALENDAR_COL_HOURS],
)  # fmt: skip
if days:
    data_table(days_frame, key="admin_calendar_days")
    if st.button(texts.CALENDAR_CLEAR, key="admin_calendar_clear"):
        try:
            removed = clear_days(get_db(), actor)
        except PermissionDenied:
            st.error(texts.PERMISSION_DENIED)
        else:
            after_write()
            st.success(texts.CALENDAR_CLEARED.format(count=fmt_int(removed)))
            st.rerun()

# ---- working time of a year (the production calendar's figures) ------------------------------
st.subheader(T.CALENDAR_YEAR_TITLE)
year = int(
    st.number_input(
        T.CALENDAR_YEAR,
        min_value=1990,
        max_value=2100,
        value=date.today().year,
        step=1,
        key="admin_calendar_year",
    )  # fmt: skip
)
year_frame = load_year(db_file, year)
data_table(year_frame, key="admin_calendar_year_table")

download_xlsx(
    {
        texts.CALENDAR_SHEET_WEEK: week_frame(week),
        texts.CALENDAR_SHEET_DAYS: days_frame,
        T.CALENDAR_YEAR_TITLE: year_frame,
    },
    texts.CALENDAR_DAYS_FILE,
    key="admin_calendar_xlsx",
)
