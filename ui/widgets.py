"""Shared widgets: every table on screen (data_table / edit_table), Excel download of any table,
metric cards, and untrusted text shown as text."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from datetime import date, datetime
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from ui import texts
from ui.fmt import decimals_needed, fmt_number, is_id_header
from ui.xlsx import MIME, xlsx_bytes


def to_xlsx(frames: dict[str, pd.DataFrame], percent_columns: Collection[str] = ()) -> bytes:
    """Write one or more tables to an xlsx workbook, a sheet each (through ui.xlsx: no formulas,
    real dates and numbers; see its docstring for `percent_columns`)."""
    return xlsx_bytes(frames, percent_columns)


def download_xlsx(
    frame: pd.DataFrame | dict[str, pd.DataFrame],
    file_name: str,
    key: str,
    label: str | None = None,
    percent_columns: Collection[str] = (),
) -> None:
    """An Excel download button for a table (or several, as sheets); columns named in
    `percent_columns` hold shares 0..1 and come out as percentages. The workbook is built
    when the button is clicked (Streamlit runs `data` then, on its own thread), not on every
    run: the monitor runs every 2 s and built its queue's workbook each time. The click does
    not rerun the page."""
    frames = dict(frame) if isinstance(frame, dict) else {"Данные": frame}
    shares = tuple(percent_columns)
    st.download_button(
        label or texts.DOWNLOAD_XLSX,
        data=partial(to_xlsx, frames, shares),
        file_name=file_name,
        mime=MIME,
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


# What an empty cell shows. Streamlit draws a missing value as its own English «None» (a deal with
# no amount, a request with no rating); its `placeholder` parameter is the one switch for that.
EMPTY_CELL = "—"
PERCENT = "\u00a0%"


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _day_text(value: object) -> str | None:
    """A date (or a moment) as the rest of the app writes it: 22.11.2026, 22.11.2026 14:05."""
    if isinstance(value, datetime):  # pandas Timestamp too
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return None


def display_texts(
    frame: pd.DataFrame, ids: Collection[str] = (), percents: Collection[str] = ()
) -> dict[int, dict[int, str]]:
    """What a table shows in the cells where it differs from the value's own text, by column and
    row position: numbers Russian (45 900, 13,9; identifiers as plain digits, see ui.fmt; shares
    0..1 named in `percents` as 3,9 %), dates
    as 22.11.2026, empty cells as «—». The values themselves stay numbers and dates, so a column
    still sorts by value, and the toolbar's CSV and the Excel download keep real numbers."""
    shown: dict[int, dict[int, str]] = {}
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        cells: dict[int, str] = {}
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        if numeric:
            plain_digits = name in ids or is_id_header(name)
            share = name in percents
            values = (column.astype("float64") * (100 if share else 1)).tolist()
            digits = 0 if plain_digits else decimals_needed(values)
            digits, unit = (min(digits, 2), PERCENT) if share else (digits, "")
            for row, value in enumerate(values):
                if math.isnan(value):
                    cells[row] = EMPTY_CELL
                elif plain_digits and value.is_integer():
                    cells[row] = str(int(value))
                elif math.isfinite(value) and not plain_digits:
                    cells[row] = fmt_number(value, digits) + unit
        else:
            for row, value in enumerate(column.tolist()):
                if _is_missing(value):
                    cells[row] = EMPTY_CELL
                elif (day := _day_text(value)) is not None:
                    cells[row] = day
        if cells:
            shown[position] = cells
    return shown


def russian_table(data: Any, ids: Collection[str] = (), percents: Collection[str] = ()) -> Any:
    """A DataFrame as a pandas Styler that carries its Russian cell texts (display_texts); any
    other data as it is. Streamlit draws a Styler's display texts in place of its own English
    number format and sorts by the values. The Styler is handed its texts ready-made: its own
    rendering of every cell took 1.3 s for 5,000 rows of ten columns; this takes a tenth of it."""
    if not isinstance(data, pd.DataFrame) or data.empty:
        return data
    shown = display_texts(data, ids, percents)
    if not shown:
        return data
    body = [
        [
            {"id": f"row{row}_col{column}", "display_value": text}
            for column, cells in shown.items()
            for row, text in cells.items()
        ]
    ]
    styler = data.style
    # Streamlit reads a Styler through these two (pandas.Styler's own internals, pinned with
    # pandas and Streamlit in requirements.txt; tests/app/test_table_numbers.py reads the result).
    styler._compute = lambda: styler  # type: ignore[method-assign]
    styler._translate = lambda *_: {"body": body}  # type: ignore[method-assign]
    return styler


def _table_options(options: dict[str, Any]) -> dict[str, Any]:
    return {"hide_index": True, "width": "stretch", "placeholder": EMPTY_CELL} | options


def _styler_room(data: Any) -> Any:
    """Room for a big table: pandas caps a Styler at 262,144 cells by default."""
    size = data.size if isinstance(data, pd.DataFrame) else 0
    return pd.option_context("styler.render.max_elements", max(size, 262_144))


def data_table(
    data: Any, ids: Collection[str] = (), percents: Collection[str] = (), **options: Any
) -> Any:
    """st.dataframe for every table people read: numbers and dates in Russian (identifier columns
    as plain digits: `ids` names those whose header does not say so, see ui.fmt; `percents` the
    columns of shares 0..1), empty cells as «—», no index, full width (each option can be
    overridden); returns what st.dataframe returns (the selection with on_select)."""
    with _styler_room(data):
        shown = russian_table(data, ids, percents)
        return st.dataframe(shown, **_table_options(options))


# An editable number column's format: Streamlit draws an editable cell's own value, not a
# Styler's text, in its English default («45900», «0.5»). "localized" is the one preset that can
# read Russian: Intl.NumberFormat in the browser's language, which the app makes Russian
# (ui/russian.py), so «45 900», «0,5» — the very texts ui.fmt writes — and the cell stays a number.
EDITABLE_NUMBER_FORMAT = "localized"


def editable_number_columns(
    data: Any, ids: Collection[str] = (), column_config: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`column_config` with every editable number column (not an identifier, not given a format
    by the page) in EDITABLE_NUMBER_FORMAT; the page's own settings (min, step …) kept."""
    config = dict(column_config or {})
    if not isinstance(data, pd.DataFrame):
        return config
    for name in data.columns:
        column = data[name]
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        if not numeric or name in ids or is_id_header(str(name)):
            continue
        if name in config and config[name] is None:  # hidden
            continue
        given = config.get(name)
        if isinstance(given, str):  # a label only
            given = st.column_config.NumberColumn(given)
        if given is None:
            given = st.column_config.NumberColumn()
        type_config = dict(given.get("type_config") or {"type": "number"})
        if given.get("disabled") or type_config.get("type") != "number":
            continue  # read-only: its Styler text shows
        if type_config.get("format"):
            continue
        config[name] = {**given, "type_config": {**type_config, "format": EDITABLE_NUMBER_FORMAT}}
    return config


def edit_table(data: Any, ids: Collection[str] = (), **options: Any) -> Any:
    """st.data_editor with the same texts as data_table in its read-only columns (Streamlit
    shows an editable cell's own value, so editable number columns get a Russian number format,
    see EDITABLE_NUMBER_FORMAT); returns the edited table as a DataFrame."""
    disabled = options.get("disabled")
    if disabled is not True:
        editable = (
            data.drop(columns=list(disabled or ()), errors="ignore")
            if isinstance(data, pd.DataFrame)
            else data
        )
        options["column_config"] = editable_number_columns(
            editable, ids, options.get("column_config")
        )
    with _styler_room(data):
        return st.data_editor(russian_table(data, ids), **_table_options(options))


def table_with_download(
    frame: pd.DataFrame,
    file_name: str,
    key: str,
    percent_columns: Collection[str] = (),
    ids: Collection[str] = (),
) -> None:
    """A full-width table with its Excel download under it: every table people read gets one."""
    data_table(frame, ids=ids, percents=percent_columns, key=f"{key}_table")
    download_xlsx(frame, file_name, key=f"{key}_xlsx", percent_columns=percent_columns)


# Everything Markdown (with Streamlit's extensions: :color[…], :emoji:, $math$, autolinks) could
# read as syntax. A backslash makes any ASCII punctuation literal in CommonMark.
_MARKDOWN_SYNTAX = re.compile(r"""([\\`*_{}\[\]()#+\-.!|<>~$:&"'=^@/%?;,])""")
# GFM turns bare addresses into links after escapes are resolved; an invisible word joiner
# (U+2060) inside "://", "www." and after "@" keeps them plain text.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(:)(//)|(www)(\.)|(@)")


def plain(value: object) -> str:
    """Text from outside (client names, comments, file names, request ids, user agents) made
    literal for a Markdown template: st.markdown / st.caption / st.info / st.error / st.toast
    and widget labels all parse Markdown, so `![x](http://…)` would fetch an image and
    `[a](javascript:…)` would show a link. Wrap every such value:
    `st.caption(T.CLIENT.format(client=plain(row["client"])))`. Line breaks become spaces.
    Where no template is needed, show_plain() or st.dataframe are simpler still."""
    text = " ".join(str(value).splitlines())
    text = _AUTOLINK.sub(
        lambda m: (
            WORD_JOINER.join(g for g in m.groups() if g) + (WORD_JOINER if m.group(5) else "")
        ),
        text,
    )
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)


def show_plain(text: object) -> None:
    """Show outside text exactly as it is, never parsed as Markdown or HTML (st.text)."""
    st.text(str(text))


def metric_row(items: Sequence[tuple[str, str]]) -> None:
    """A row of big figures: (label, formatted value) pairs."""
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value)
